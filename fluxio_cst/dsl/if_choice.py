"""if/elif/else: an ``if`` statement is one Choice state, one rule per test.

What it does: each ``if``/``elif`` test becomes a Choice rule whose ``Next`` is its block; the
``else`` block is the Default. An ``if`` without ``else`` continues with the statement after
it (fix D2); ``else:`` holding only an ``if`` is read as an ``elif``.

Why: a Choice rule compares the data with literals, so a test is read by the Choice rule
families (:mod:`fluxio_cst.choice`), which say what they cannot express; the blocks are
recognised anyway, for their own diagnostics.

Example::

    if data["amount"] > 100:
        data["approval"] = Approve(data)
    else:
        data["approval"] = {"auto": True}

Use instead: a Task computing a flag, then ``if data["flag"] == True:``, for tests a rule
cannot express.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import libcst as cst

from .. import graph, values
from ..codes import Code
from . import block, choice
from .context import NOTHING, Context, Recognised
from .examples import Invalid, Valid
from .naming import refuse_pragma, state_key
from .wiring import Emitted, Wiring

TITLE = "if/elif/else: Choice"


def recognise(context: Context, node: cst.If) -> Recognised:
    branches: List[Tuple[values.JSON, graph.Block]] = []
    current: Optional[cst.If] = node
    default: Optional[graph.Block] = None
    found = NOTHING
    ok = True
    while current is not None:
        if current is not node:
            refuse_pragma(context, current)
        try:
            rule: Optional[Dict[str, values.JSON]] = choice.rule(current.test)
        except choice.RuleError as exc:
            context.reporter.error(exc.code, exc.node, exc.message)
            rule, ok = None, False
        else:
            for warning in choice.warnings(current.test):
                context.reporter.warning(warning.code, warning.node, warning.message, fix=warning.fix)
        body, learned = block.suite(context, current.body)
        found += learned
        if rule is not None:
            branches.append((rule, body))
        orelse = current.orelse
        current = None
        if isinstance(orelse, cst.If):
            current = orelse
        elif isinstance(orelse, cst.Else):
            inner = only_if(orelse.body)
            if inner is not None:  # `else:` holding only an `if` is an `elif`
                current = inner
            else:
                default, learned = block.suite(context, orelse.body)
                found += learned
    if not ok:
        return None, found
    key, named = state_key(context, "choice", node)
    return graph.Choice(key, tuple(branches), default), found + named


def only_if(suite: cst.BaseSuite) -> Optional[cst.If]:
    if isinstance(suite, cst.IndentedBlock) and len(suite.body) == 1 and isinstance(suite.body[0], cst.If):
        return suite.body[0]
    return None


def emit(state: graph.Choice, wiring: Wiring) -> Emitted:
    rules = [{"Next": entry, **rule} for entry, (rule, _) in zip(wiring.rules, state.branches)]  # type: ignore[dict-item]
    return Emitted(({"Type": "Choice", "Choices": rules, "Default": wiring.default},), terminal=True)


VALID = (
    Valid(
        """
        class Approve(Task):
            async def run(event, context):
                return {"approved": True}


        def main(data):
            if data["amount"] > 100:
                data["approval"] = Approve(data)
            elif data["amount"] > 0:
                data["approval"] = {"auto": True}
            else:
                raise Rejected("nothing to approve")
        """,
    ),
)

INVALID = (
    Invalid(
        """
        def main(data):
            if data["amount"]:
                data["approval"] = {"auto": True}
        """,
        Code.BARE_REFERENCE,
        2,
        title="a test compares the data with a literal",
        fix="""
        def main(data):
            if data["amount"] == True:
                data["approval"] = {"auto": True}
        """,
    ),
)
