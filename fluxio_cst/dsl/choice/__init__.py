"""Choice rules: the condition of an ``if`` as an ASL rule (contract §B, "Choice").

A condition is read by the first rule family of :data:`FAMILIES` that claims it (see
:mod:`.family` for the interface): ``and``/``or``/``not`` of conditions, key presence and
``None`` tests, comparisons with data on both sides, with a ``timestamp()``, with a literal,
``isinstance()`` type tests, ``fnmatch()`` wildcards and ``bool()`` of a data reference. A new
kind of rule is one new module and one line in :data:`FAMILIES`; families that read the same
node shape more narrowly than another (a comparison with a timestamp, say) come before it. A
condition no family claims is refused: a bare data reference or cast (FX405) because Python's
truthiness is not an ASL test, anything else (FX401) because an ASL rule only tests the
execution's data.
"""

from __future__ import annotations

from typing import Tuple

import libcst as cst

from ... import values
from ...codes import Code
from ..examples import Invalid
from . import boolean, comparisons, operands, paths, presence, timestamps, truthiness, type_tests, wildcards
from .family import Condition, Family, Rule, RuleError, RuleWarning

__all__ = ["FAMILIES", "RuleError", "RuleWarning", "rule", "warnings"]

FAMILIES: Tuple[Family, ...] = (
    boolean,
    presence,
    paths,
    timestamps,
    comparisons,
    type_tests,
    wildcards,
    truthiness,
)


def rule(node: cst.BaseExpression) -> Rule:
    """The ASL rule (without ``Next``) for a condition; :class:`RuleError` when the DSL
    cannot express it."""
    for family in FAMILIES:
        if family.claims(node):
            return family.build(node, rule)
    found = operands.cast(node)
    if found is not None:
        value = operands.CASTS[found[0]][2]
        why = f"a cast alone is not a condition; compare `{operands.code(node)}` with {value}"
        raise RuleError(Code.BARE_REFERENCE, node, why)
    if values.is_data_reference(node):
        raise RuleError(
            Code.BARE_REFERENCE,
            node,
            'a data reference alone is not a condition; compare it (`data["x"] == "y"`) '
            "or wrap it in `bool()`",
        )
    raise RuleError(
        Code.CHOICE_CONDITION,
        node,
        "a condition compares data (`==`, `<` …, `in`, `is None`) or tests it with `isinstance()` or "
        "`fnmatch()`, combined with and/or/not",
    )


def warnings(node: cst.BaseExpression) -> Tuple[RuleWarning, ...]:
    """What in a condition :func:`rule` compiled may not read as the ASL does, part by part."""
    if boolean.claims(node):
        return tuple(w for part in boolean.parts(node) for w in warnings(part))
    found = paths.untyped(node)
    return () if found is None else (found,)


TITLE = "if: Choice rules"

VALID = (
    Condition(
        """
        def main(data):
            if data["kind"] == "refund":
                data["queue"] = "refunds"
            elif data["amount"] >= 1000 and not bool(data["verified"]):
                data["queue"] = "review"
            else:
                data["queue"] = "orders"
        """,
        title="an if/elif/else chain is one Choice state with a rule per branch",
        true={"kind": "refund", "amount": 5000, "verified": False},
        false={"kind": "order", "amount": 5000, "verified": True},
    ),
)

INVALID = (
    Invalid(
        """
        def main(data):
            if data["subscribed"]:
                data["send"] = True
        """,
        Code.BARE_REFERENCE,
        2,
        title="a bare data reference",
        fix="""
        def main(data):
            if bool(data["subscribed"]):
                data["send"] = True
        """,
    ),
    Invalid(
        """
        def main(data):
            if len(data["items"]):
                data["any"] = True
        """,
        Code.CHOICE_CONDITION,
        2,
        title="a call is not a rule",
        fix="""
        def main(data):
            if bool(data["has_items"]):
                data["any"] = True
        """,
    ),
)
