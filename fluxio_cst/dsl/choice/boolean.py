"""Boolean combinators: ``and``, ``or`` and ``not`` as ASL ``And``, ``Or`` and ``Not``.

Each part is a condition of its own, read by whichever family claims it. ``a and b and c`` is
one ``And`` of three rules, as Python's ``ast`` reads it (the old parser's output); a
parenthesised ``(a and b)`` inside another ``and`` stays a nested rule, as written.
"""

from __future__ import annotations

from typing import Tuple

import libcst as cst

from ...asl.vocabulary import AND, NOT, OR
from ...codes import Code
from ..examples import Invalid
from .family import Condition, Dispatch, Rule


def claims(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.BooleanOperation) or (
        isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not)
    )


def build(node: cst.BaseExpression, rule: Dispatch) -> Rule:
    if isinstance(node, cst.UnaryOperation):
        return {NOT: rule(node.expression)}
    assert isinstance(node, cst.BooleanOperation)
    operator = AND if isinstance(node.operator, cst.And) else OR
    return {operator: [rule(part) for part in parts(node)]}


def parts(node: cst.BaseExpression) -> Tuple[cst.BaseExpression, ...]:
    """The conditions a combinator this family claims combines."""
    if isinstance(node, cst.UnaryOperation):
        return (node.expression,)
    assert isinstance(node, cst.BooleanOperation)
    return flatten(node, type(node.operator))


def flatten(node: cst.BaseExpression, operator: type) -> Tuple[cst.BaseExpression, ...]:
    """The parts of a run of one operator, left-nested and unparenthesised."""
    if isinstance(node, cst.BooleanOperation) and isinstance(node.operator, operator):
        left = node.left
        if isinstance(left, cst.BooleanOperation) and not left.lpar and isinstance(left.operator, operator):
            return flatten(left, operator) + (node.right,)
        return (left, node.right)
    return (node,)


TITLE = "Boolean combinators: and, or, not"

VALID = (
    Condition(
        """
        def main(data):
            if data["n"] > 0 and data["n"] < 100:
                data["percent"] = True
        """,
        title="and of two comparisons",
        true={"n": 5},
        false={"n": 100},
    ),
    Condition(
        """
        def main(data):
            if data["role"] == "admin" or data["role"] == "owner" or data["role"] == "staff":
                data["staff"] = True
        """,
        title="a run of or is one Or of every part",
        true={"role": "owner"},
        false={"role": "guest"},
    ),
    Condition(
        """
        def main(data):
            if (data["vip"] == True and data["amount"] > 1000) or data["country"] != "US":
                data["review"] = True
        """,
        title="parentheses nest the rules as written",
        true={"vip": True, "amount": 5000, "country": "US"},
        false={"vip": False, "amount": 5000, "country": "US"},
    ),
    Condition(
        """
        def main(data):
            if not bool(data["empty"]):
                data["process"] = True
        """,
        title="not is a Not around its condition",
        true={"empty": False},
        false={"empty": True},
    ),
)

INVALID = (
    Invalid(
        """
        def main(data):
            if data["n"] > 0 and data["ready"]:
                data["go"] = True
        """,
        Code.BARE_REFERENCE,
        2,
        title="each part is a condition by itself",
        fix="""
        def main(data):
            if data["n"] > 0 and bool(data["ready"]):
                data["go"] = True
        """,
    ),
)
