"""D9: ``not bool(data["x"])`` and ``bool(data["x"]) == False`` are valid ``BooleanEquals``
rules; the old parser nested the rule ``bool()`` makes inside ``Variable``, which Step Functions
rejects."""

from __future__ import annotations

from typing import Any, Optional

import libcst as cst

from ..old_machine import Json, OldMachine
from . import choice_tests

FIX = "D9"
WHY = "the old parser nested bool()'s rule inside Variable, which Step Functions rejects"


def undo(machine: OldMachine) -> None:
    choice_tests.undo(machine, FIX, WHY, _leaf)


def _leaf(test: cst.BaseExpression, rule: Any) -> Optional[Any]:
    if (
        isinstance(test, cst.UnaryOperation)
        and isinstance(test.operator, cst.Not)
        and _is_bool(test.expression)
    ):
        return {"Not": {"Variable": rule["Not"], "BooleanEquals": True}}
    if isinstance(test, cst.Comparison) and _is_bool(test.left):
        return _nested(rule)
    return None


def _nested(rule: Json) -> Json:
    if set(rule) == {"Not"}:
        return {"Not": _nested(rule["Not"])}
    return {**rule, "Variable": {"Variable": rule["Variable"], "BooleanEquals": True}}


def _is_bool(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "bool"
