"""D9: ``not bool(data["x"])`` and ``bool(data["x"]) == False`` are valid ``BooleanEquals``
rules; the old parser nested the rule ``bool()`` makes inside ``Variable``, which Step Functions
rejects."""

from __future__ import annotations

from typing import Any, Iterator, List, Optional

import libcst as cst

from ... import graph
from ...dsl.choice.boolean import flatten
from ...dsl.if_choice import only_if
from ..old_machine import Json, OldMachine

FIX = "D9"
WHY = "the old parser nested bool()'s rule inside Variable, which Step Functions rejects"


def undo(machine: OldMachine) -> None:
    for name, state, choice in machine.of(graph.Choice):
        choices: List[Json] = state["Choices"]
        changed = False
        for index, test in zip(range(len(choices)), tests(choice.key.node)):
            entry = choices[index]
            rule = {k: v for k, v in entry.items() if k != "Next"}
            old = _old(test, rule)
            if old != rule:
                choices[index] = {"Next": entry["Next"], **old}
                changed = True
        if changed:
            machine.note(FIX, name, WHY)


def tests(node: cst.CSTNode) -> Iterator[cst.BaseExpression]:
    """The tests of an ``if`` and its ``elif`` s, in order."""
    current: Optional[cst.CSTNode] = node
    while isinstance(current, cst.If):
        yield current.test
        orelse = current.orelse
        current = only_if(orelse.body) if isinstance(orelse, cst.Else) else orelse


def _old(test: cst.BaseExpression, rule: Any) -> Any:
    """The rule the old parser wrote for ``test``, given fluxio_cst's ``rule``."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        if _is_bool(test.expression):
            return {"Not": {"Variable": rule["Not"], "BooleanEquals": True}}
        return {"Not": _old(test.expression, rule["Not"])}
    if isinstance(test, cst.BooleanOperation):
        ((operator, parts),) = rule.items()
        return {operator: [_old(p, r) for p, r in zip(flatten(test, type(test.operator)), parts)]}
    if isinstance(test, cst.Comparison) and _is_bool(test.left):
        return _nested(rule)
    return rule


def _nested(rule: Json) -> Json:
    if set(rule) == {"Not"}:
        return {"Not": _nested(rule["Not"])}
    return {**rule, "Variable": {"Variable": rule["Variable"], "BooleanEquals": True}}


def _is_bool(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "bool"
