"""The Choice rules of a machine beside the tests they were compiled from, for the fixes that
changed how a rule is written (D9, D17): each undoes its fix on the parts of a rule it reads,
and this walk does the rest (``and``/``or``/``not`` around them, ``elif`` chains, notes)."""

from __future__ import annotations

from typing import Any, Callable, Iterator, List, Optional

import libcst as cst

from ... import graph
from ...dsl.choice import boolean
from ...dsl.if_choice import only_if
from ..old_machine import Json, OldMachine

# The old form of one part of a rule (its test and fluxio_cst's rule), or None to look inside.
Leaf = Callable[[cst.BaseExpression, Any], Optional[Any]]


def tests(node: cst.CSTNode) -> Iterator[cst.BaseExpression]:
    """The tests of an ``if`` and its ``elif`` s, in order."""
    current: Optional[cst.CSTNode] = node
    while isinstance(current, cst.If):
        yield current.test
        orelse = current.orelse
        current = only_if(orelse.body) if isinstance(orelse, cst.Else) else orelse


def undo(machine: OldMachine, fix: str, why: str, leaf: Leaf) -> None:
    """Rewrite every Choice rule of ``machine`` as ``leaf`` says the old parser wrote its parts;
    note ``fix`` on each Choice state that changed."""
    for name, state, choice in machine.of(graph.Choice):
        choices: List[Json] = state["Choices"]
        changed = False
        for index, test in zip(range(len(choices)), tests(choice.key.node)):
            entry = choices[index]
            rule = {k: v for k, v in entry.items() if k != "Next"}
            old = _old(test, rule, leaf)
            if old != rule:
                choices[index] = {"Next": entry["Next"], **old}
                changed = True
        if changed:
            machine.note(fix, name, why)


def _old(test: cst.BaseExpression, rule: Any, leaf: Leaf) -> Any:
    found = leaf(test, rule)
    if found is not None:
        return found
    if not boolean.claims(test):
        return rule
    ((operator, inner),) = rule.items()
    parts = boolean.parts(test)
    if isinstance(test, cst.UnaryOperation):
        return {operator: _old(parts[0], inner, leaf)}
    return {operator: [_old(part, sub, leaf) for part, sub in zip(parts, inner)]}
