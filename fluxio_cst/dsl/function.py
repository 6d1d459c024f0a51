"""A state machine function's body as a block of states: the DSL's one entry point.

Builds the function's :class:`~.context.Context`, walks its body through the registry, then
checks what the walk returned: explicit keys written twice (in source order, so the second
one is reported). The uses returned are the call graph's edges: which functions this one
calls, maps over or runs in parallel, rejected statements' included.
"""

from __future__ import annotations

from typing import FrozenSet, Mapping, Tuple

import libcst as cst

from .. import graph, values
from ..model import Task
from ..report import Reporter
from . import block
from .context import Context, Use
from .naming import end_pass_key, report_duplicate_keys
from .registry import REGISTRY


def recognise_function(
    function: cst.FunctionDef,
    tasks: Mapping[str, Task],
    functions: FrozenSet[str],
    invalid: FrozenSet[str],
    reporter: Reporter,
) -> Tuple[graph.Function, Tuple[Use, ...]]:
    """A state machine function's graph, and the functions it uses (for the call graph).
    ``invalid`` names definitions already rejected: no second error for them."""
    name = values.identifier(function.name)
    context = Context(name, tasks, functions, invalid, reporter, REGISTRY)
    body, found = block.suite(context, function.body)
    report_duplicate_keys(context, found)
    return graph.Function(name, body, end_pass_key(name), function), found.uses
