"""Nested state machine call: ``child(data["x"], key="run child", timeout=300)``.

What it does: a call of another state machine function of the file is one Task state that
starts that machine and waits for it (``states:startExecution.sync``).

Why: the callee is its own machine, so only its input, result, key and timeout belong to the
call; the call is also a use of the callee, which the call graph checks for cycles.

Example::

    data["child result"] = child(data["x"], key="run child")

Use instead: ``map(data["items"], child)`` to run a function once per item.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from .. import graph, values
from ..codes import Code
from ..options import KEY, MAX_SECONDS, POSITIVE_INT, Option, read_options
from ..services import NESTED
from .context import REJECTED, Context, Found, Recognised, input_path
from .examples import Invalid, Valid
from .naming import state_key
from .samples import program

TITLE = "Nested state machine call"

_NESTED_OPTIONS = {
    "key": Option((KEY,)),
    "timeout": Option((POSITIVE_INT,), 300, maximum=MAX_SECONDS),
}


def recognise(
    context: Context, call: cst.Call, statement: cst.CSTNode, result_path: Optional[str]
) -> Recognised:
    name = values.identifier(call.func)  # type: ignore[arg-type]
    input_ = input_path(context, call, f"`{name}()`")
    options = read_options(call, _NESTED_OPTIONS, context.reporter, f"`{name}()`")
    if input_ is None or options is None:
        return REJECTED
    key, found = state_key(context, "nested", statement, call, options["key"])
    state = graph.TaskCall(
        key=key,
        target=name,
        service=NESTED,
        input_path=input_,
        result_path=result_path,
        timeout=options["timeout"].value,  # type: ignore[arg-type]
    )
    return state, Found(uses=(("call", name, call),)) + found


_PAYMENT = """
class Charge(Task):
    async def run(event, context):
        return {"charged": True}


def payment(data):
    data["charge"] = Charge(data["order"])

"""

VALID = (
    Valid(
        program(_PAYMENT, 'data["payment"] = payment(data["order"], key="Pay", timeout=600)'),
        title="the child machine runs to its end before the parent continues",
    ),
)

INVALID = (
    Invalid(
        program(_PAYMENT, 'data["payment"] = payment(data["order"], retries=3)'),
        Code.UNKNOWN_KEYWORD,
        11,
        title="a state machine call takes key= and timeout= only",
        fix=program(_PAYMENT, "with retry(max_attempts=3):", '    data["payment"] = payment(data["order"])'),
    ),
)
