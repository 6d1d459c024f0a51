"""fluxio_cst: the LibCST-based parser of Fluxio's Python DSL.

It reads a project file without executing it and returns a :class:`Project`: every state
machine as Amazon States Language, every Task with its attributes and its ``run`` method byte
for byte.
"""

from __future__ import annotations

from .diagnostics import Diagnostic, FluxioError, Severity
from .model import (
    EventProcessor,
    Export,
    ProcessEvents,
    Project,
    Schedule,
    Span,
    StateMachine,
    Subscription,
    Task,
    TaskState,
)
from .pipeline import parse, parse_file, parse_module

# The release, as PEP 440 writes it; the package metadata reads it from here (pyproject.toml),
# and docs/changelog.md says what each one brought.
__version__ = "0.2.0"

__all__ = [
    "Diagnostic",
    "EventProcessor",
    "Export",
    "FluxioError",
    "ProcessEvents",
    "Project",
    "Schedule",
    "Severity",
    "Span",
    "StateMachine",
    "Subscription",
    "Task",
    "TaskState",
    "parse",
    "parse_file",
    "parse_module",
]
