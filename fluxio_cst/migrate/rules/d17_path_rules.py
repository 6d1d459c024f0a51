"""D17: data in a cast on the right of a comparison (``data["a"] == str(data["b"])``) is compared
with the value at that path, a ``…Path`` rule. The old parser wrote the path itself as the
literal to compare with (``"StringEquals": "$['b']"``), so the rule tested the data against the
text ``$['b']``, and ``bool()`` on the right nested a rule in the value, which Step Functions
rejects. (Data on the right without a cast, and every other rule fluxio_cst added, made the old
parser fail: old failures, not differences.)"""

from __future__ import annotations

from typing import Any, Optional

import libcst as cst

from ... import values
from ...asl.vocabulary import PATH_SUFFIX
from ...dsl.choice import operands
from ..old_machine import Json, OldMachine
from . import choice_tests

FIX = "D17"
WHY = "the old parser compared the data with the text of the other path, not with its value"
_OLD_CASTS = ("str", "int", "float", "bool")


def undo(machine: OldMachine) -> None:
    choice_tests.undo(machine, FIX, WHY, _leaf)


def _leaf(test: cst.BaseExpression, rule: Any) -> Optional[Any]:
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1):
        return None
    right = operands.cast(test.comparisons[0].comparator)
    if right is None or right[0] not in _OLD_CASTS or not values.is_data_reference(right[1]):
        return None
    return _literal(rule, right[0])


def _literal(rule: Json, cast: str) -> Json:
    """The rule with its ``…Path`` operator as the old literal comparison with the path text."""
    if set(rule) == {"Not"}:
        return {"Not": _literal(rule["Not"], cast)}
    ((operator, path),) = [(k, v) for k, v in rule.items() if k != "Variable"]
    value = {"Variable": path, "BooleanEquals": True} if cast == "bool" else path
    return {"Variable": rule["Variable"], operator[: -len(PATH_SUFFIX)]: value}
