"""return and raise: ``return`` is a Succeed state, ``raise Wrong("cause")`` a Fail state.

What it does: ``return`` ends the execution successfully; ``raise ErrorName("cause")`` ends it
with that error name and cause (``raise ErrorName`` uses the name as the cause too).

Why: a Fail state's Error and Cause are fixed when the machine is written, so the error is a
plain name and the cause at most one plain string literal. Nothing after either can run.

Example::

    if data["status"] == "rejected":
        raise OrderRejected("the order was rejected")
    return

Use instead: ``raise OrderRejected("the order was rejected")`` for ``raise OrderRejected(f"…{x}")``.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from .. import graph, values
from ..codes import Code
from .context import REJECTED, Context, Recognised
from .examples import Invalid, Valid
from .naming import state_key
from .wiring import Emitted, Wiring

TITLE = "return and raise: Succeed and Fail"


def return_(context: Context, node: cst.Return) -> Recognised:
    key, found = state_key(context, "succeed", node)
    return graph.Succeed(key), found


def raise_(context: Context, node: cst.Raise) -> Recognised:
    exc = node.exc
    error: Optional[str] = None
    cause: Optional[str] = None
    if node.cause is None and isinstance(exc, cst.Name):
        error = cause = values.identifier(exc)
    elif node.cause is None and isinstance(exc, cst.Call) and isinstance(exc.func, cst.Name):
        error = values.identifier(exc.func)
        cause = _cause(exc, error)
    if error is None or cause is None:
        context.reporter.error(
            Code.RAISE_FORM,
            node,
            'write `raise ErrorName("cause")`: a plain error name and at most one plain string '
            "literal (an f-string or a variable cannot be known before the execution)",
        )
        return REJECTED
    key, found = state_key(context, "fail", node)
    return graph.Fail(key, error, cause), found


def _cause(exc: cst.Call, error: str) -> Optional[str]:
    """The cause of ``raise Error(…)``: the error's name, or its one plain string literal."""
    if not exc.args:
        return error
    if len(exc.args) == 1 and exc.args[0].keyword is None and not exc.args[0].star:
        literal = exc.args[0].value
        if isinstance(literal, (cst.SimpleString, cst.ConcatenatedString)):
            try:
                evaluated = values.evaluate(literal)
            except values.NotStatic:
                evaluated = None
            return evaluated if isinstance(evaluated, str) else None
    return None


def emit_succeed(state: graph.Succeed, wiring: Wiring) -> Emitted:
    return Emitted(({"Type": "Succeed"},), terminal=True, shared=True)


def emit_fail(state: graph.Fail, wiring: Wiring) -> Emitted:
    return Emitted(
        ({"Type": "Fail", "Error": state.error, "Cause": state.cause},), terminal=True, shared=True
    )


VALID = (
    Valid(
        """
        def main(data):
            if data["status"] == "rejected":
                raise OrderRejected("the order was rejected")
            return
        """,
    ),
)

INVALID = (
    Invalid(
        """
        def main(data):
            raise OrderRejected(f"rejected: {data['id']}")
        """,
        Code.RAISE_FORM,
        2,
        fix="""
        def main(data):
            raise OrderRejected("the order was rejected")
        """,
    ),
    Invalid(
        """
        def main(data):
            return
            data["after"] = 1
        """,
        Code.UNREACHABLE,
        3,
        title="nothing runs after return or raise",
        fix="""
        def main(data):
            data["after"] = 1
            return
        """,
    ),
)
