"""Unsupported statements: Python statements with no Step Functions meaning.

What it does: reports a statement of a kind the DSL does not read (``for``, ``while``,
``import``, ``del``…) with what to write instead, then recognises its blocks anyway, so that
their own problems are reported in the same run.

Why: a state machine function is not run as Python; a loop or an import in it would silently
mean nothing, so every statement kind the DSL has no state for is refused by name.

Example::

    for item in data["items"]:    # INVALID: FX301
        Process(item)

Use instead: ``map(data["items"], process_item)`` for a ``for`` loop.
"""

from __future__ import annotations

from typing import Dict

import libcst as cst

from ..codes import Code
from . import block
from .context import Context, Recognised, Statement
from .examples import Invalid, Valid
from .samples import EACH_ITEM, program

TITLE = "Unsupported statements"

_NAMES: Dict[type, str] = {
    cst.For: '`for` loops are not part of the DSL; fan out with `map(data["items"], iterator)`',
    cst.While: "`while` loops are not part of the DSL",
    cst.Import: "imports belong in a Task's `run` method, not in a state machine",
    cst.ImportFrom: "imports belong in a Task's `run` method, not in a state machine",
    cst.AugAssign: "augmented assignment is not part of the DSL; a Pass state stores a literal",
    cst.AnnAssign: 'annotated assignment is not part of the DSL; write `data["key"] = value`',
    cst.Del: "`del` is not part of the DSL",
    cst.Assert: "`assert` is not part of the DSL; use `if` and `raise`",
    cst.FunctionDef: "nested functions are not part of the DSL; define state machines at module level",
    cst.ClassDef: "classes are defined at module level",
    cst.TryStar: "`except*` is not part of the DSL; use `try`/`except`",
    cst.Match: "`match` is not part of the DSL; use `if`/`elif`/`else`",
    cst.Global: "`global` is not part of the DSL",
    cst.Nonlocal: "`nonlocal` is not part of the DSL",
    cst.Continue: "`continue` is not part of the DSL",
    cst.Break: "`break` is not part of the DSL",
}


def recognise(context: Context, node: Statement) -> Recognised:
    why = _NAMES.get(type(node), f"`{type(node).__name__}` statements are not part of the DSL")
    context.reporter.error(Code.UNSUPPORTED_STATEMENT, node, why)
    return None, block.check_bodies(context, node)


VALID = (
    Valid(
        """
def main(data):
    pass
""",
        title="`pass` is a placeholder",
    ),
)

INVALID = (
    Invalid(
        program(EACH_ITEM, 'for item in data["items"]:', "    Process(item)"),
        Code.UNSUPPORTED_STATEMENT,
        11,
        fix=program(EACH_ITEM, 'map(data["items"], each_item)'),
    ),
)
