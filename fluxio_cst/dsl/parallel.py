"""parallel(): ``parallel(branch1, branch2)`` runs state machine functions side by side.

What it does: one Parallel state whose branches are the functions named, each copied in as a
branch; the result is the list of the branches' outputs. Alone in a ``try`` or ``with retry()``
body, the Parallel state gets their Catch and Retry (see try/except).

Why: each branch must be a machine of its own, so branches are named functions of the file,
not inline blocks or Task classes (wrap a Task in a function).

Example::

    data["both"] = parallel(fetch_prices, fetch_stock)

Use instead: ``def run_fetch(data): Fetch()`` and ``parallel(run_fetch)`` for a Task class.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from .. import graph
from ..codes import Code
from ..options import KEY, Option, read_options
from ..options import positional as options_positional
from . import retry
from .context import NOTHING, REJECTED, Context, Recognised, function_reference
from .examples import Invalid, Valid
from .naming import state_key
from .samples import BRANCHES, EACH_ITEM, program
from .wiring import Emitted, Wiring

TITLE = "parallel(): branches side by side"

_PARALLEL_OPTIONS = {"key": Option((KEY,))}


def recognise(
    context: Context, call: cst.Call, statement: cst.CSTNode, result_path: Optional[str]
) -> Recognised:
    positional = options_positional(call)
    options = read_options(call, _PARALLEL_OPTIONS, context.reporter, "`parallel()`")
    if not positional:
        context.reporter.error(
            Code.ARGUMENTS, call, "write `parallel(branch1, branch2)` with branch functions"
        )
        return REJECTED
    found = NOTHING
    branches = []
    for argument in positional:
        branch, use = function_reference(context, argument.value, "parallel")
        branches.append(branch)
        found += use
    if options is None or any(b is None for b in branches):
        return None, found
    key, named = state_key(context, "parallel", statement, call, option=options["key"])
    return graph.ParallelState(key, tuple(b for b in branches if b), result_path), found + named


def emit(state: graph.ParallelState, wiring: Wiring) -> Emitted:
    branches = [wiring.embed(b) for b in state.branches]
    body = {"Type": "Parallel", "Branches": branches, "ResultPath": state.result_path}
    return Emitted(({**body, **retry.handler_fields(state, wiring)},))


VALID = (Valid(program(BRANCHES, 'data["both"] = parallel(each_item, each_other_item, key="Both")')),)

INVALID = (
    Invalid(
        """
def main(data):
    parallel()
""",
        Code.ARGUMENTS,
        2,
    ),
    Invalid(
        program(EACH_ITEM, "parallel(Process)"),
        Code.UNKNOWN_NAME,
        11,
        title="a branch is a function, not a Task class",
        fix=program(EACH_ITEM, "parallel(each_item)"),
    ),
)
