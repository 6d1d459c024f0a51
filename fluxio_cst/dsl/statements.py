"""Expression and assignment statements: which construct a call or an assignment is.

A call statement is a Task call, a state machine call, a DSL call (``map``, ``parallel``,
``wait``: looked up in ``context.registry.calls``) or ``data.update``; an assignment stores a
call's result or a literal at a ``data[…]`` key. Deciding that, and reading the target, is
shared by every construct that can be assigned, so it is written once here.

Example::

    data["order"] = FetchOrder(data["in"])    # Task, result at $.order
    data["debug"] = {"level": "INFO"}         # Pass value
    print(data)                               # INVALID: FX303, not a Task or function

Use instead: a Task class for anything else to run (``data["log"] = Log(data)``).
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from .. import graph, values
from ..codes import Code
from ..fixes import did_you_mean
from . import nested_call, pass_values, task_call
from .context import NOTHING, REJECTED, Context, Recognised, data_path
from .examples import Invalid, Valid
from .samples import FETCH_ORDER

TITLE = "Statements: calls and assignments"


def expression(context: Context, node: cst.Expr) -> Recognised:
    if isinstance(node.value, cst.Ellipsis):
        return graph.PassStatement(), NOTHING  # `...` is a placeholder, like `pass`
    return call(context, node.value, node, None)


def pass_(context: Context, node: cst.Pass) -> Recognised:
    return graph.PassStatement(), NOTHING


def assignment(context: Context, node: cst.Assign) -> Recognised:
    if len(node.targets) != 1:
        context.reporter.error(
            Code.ASSIGN_TARGET, node.targets[1].target, "assign to one `data[...]` key at a time"
        )
        return REJECTED
    result_path = _result_path(context, node.targets[0].target)
    if result_path is None:
        return REJECTED
    if isinstance(node.value, cst.Call) and _callee(node.value) is not None:
        return call(context, node.value, node, result_path)
    return pass_values.literal(context, node, result_path)


def _result_path(context: Context, target: cst.BaseExpression) -> Optional[str]:
    if not isinstance(target, cst.Subscript) or not values.is_data_reference(target):
        context.reporter.error(
            Code.ASSIGN_TARGET, target, 'results are stored on the input data: assign to `data["key"]`'
        )
        return None
    path = data_path(context, target)
    if path is not None and "__trace" in path:
        context.reporter.error(
            Code.RESERVED_PATH,
            target,
            "`__trace` is reserved for Fluxio's tracing; store the result elsewhere",
        )
        return None
    return path


def call(
    context: Context, value: cst.BaseExpression, statement: cst.CSTNode, result_path: Optional[str]
) -> Recognised:
    name = _callee(value) if isinstance(value, cst.Call) else None
    if name is None or not isinstance(value, cst.Call):
        if isinstance(value, cst.Call) and pass_values.is_update(value):
            return pass_values.update(context, value, statement)
        context.reporter.error(
            Code.UNSUPPORTED_CALL,
            value,
            "a statement here is a Task call, a state machine call, map(), parallel(), wait(), "
            "data.update({...}) or a `data[...] = ...` assignment",
        )
        return REJECTED
    if name in context.tasks:
        return task_call.recognise(context, value, statement, result_path)
    if name in context.functions:
        return nested_call.recognise(context, value, statement, result_path)
    recogniser = context.registry.calls.get(name)
    if recogniser is not None:
        return recogniser(context, value, statement, result_path)
    if name in context.invalid:
        return REJECTED  # its own definition was reported already
    known = [*context.tasks, *context.functions]
    context.reporter.error(
        Code.UNKNOWN_NAME,
        value.func,
        f"`{name}` is not a Task class or state machine function of this file" + did_you_mean(name, known),
    )
    return REJECTED


def _callee(call: cst.Call) -> Optional[str]:
    return values.identifier(call.func) if isinstance(call.func, cst.Name) else None


VALID = (
    Valid(
        FETCH_ORDER
        + '''
def main(data):
    """Fetch the order, then note it."""
    data["order"] = FetchOrder(data["in"])
    data["noted"] = True
    ...
''',
    ),
)

INVALID = (
    Invalid(
        """
def main(data):
    print(data)
""",
        Code.UNKNOWN_NAME,
        2,
    ),
    Invalid(
        """
def main(data):
    data.items()
""",
        Code.UNSUPPORTED_CALL,
        2,
    ),
    Invalid(
        """
def main(data):
    result = {"level": "INFO"}
""",
        Code.ASSIGN_TARGET,
        2,
        fix="""
def main(data):
    data["result"] = {"level": "INFO"}
""",
    ),
    Invalid(
        """
def main(data):
    data["__trace"] = {"level": "INFO"}
""",
        Code.RESERVED_PATH,
        2,
    ),
)
