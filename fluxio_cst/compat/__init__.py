"""A drop-in for fluxio-parser's public API, computed by fluxio_cst.

Code written against the old parser changes one line::

    from fluxio_cst.compat import parse_project_tree   # was: from fluxio_parser import …

and reads the same objects (``ScriptVisitor``, ``TaskVisitor``, ``StateMachineVisitor``, the old
``TaskState`` fields, ``EventProcessorVisitor``, the old exceptions). The values are fluxio_cst's,
so they differ from the old parser's exactly where the contract's deliberate fixes D1–D17 apply.
It is a package of small views (source, tasks, machines, script) over :mod:`fluxio_cst.model`,
never an import of the old parser.
"""

from __future__ import annotations

from .exceptions import SFNError, UnsupportedOperation, assert_supported_operation
from .machines import Catch, Retry, StateMachineVisitor, TaskState
from .script import ScriptVisitor, parse_project_tree
from .tasks import EventProcessorVisitor, RunVisitor, TaskVisitor

__all__ = [
    "Catch",
    "EventProcessorVisitor",
    "Retry",
    "RunVisitor",
    "SFNError",
    "ScriptVisitor",
    "StateMachineVisitor",
    "TaskState",
    "TaskVisitor",
    "UnsupportedOperation",
    "assert_supported_operation",
    "parse_project_tree",
]
