"""Comparisons: ``data["x"] <op> literal`` as one typed ASL comparison.

``==``, ``!=``, ``<``, ``<=``, ``>`` and ``>=`` compare a data reference (on the left, possibly
in a ``str()``/``int()``/``float()``/``bool()`` cast) with a literal (on the right). ASL
comparisons are typed and Python is not, so the literal picks the operator: a string gives
``String…``, a number ``Numeric…``, ``True``/``False`` ``BooleanEquals`` (booleans have no
order). A cast states the type the data is expected to have and must agree with the literal.
``!=`` is ``Not`` of the equality, as ASL has no inequality operator. A chained comparison is
refused rather than guessed at: ``0 < x < 9`` is two rules, joined with ``and``.
"""

from __future__ import annotations

from typing import Dict, Tuple

import libcst as cst

from ... import values
from ...asl.vocabulary import BOOLEAN, NOT, NUMERIC, STRING
from ...codes import Code
from ...values import JSON
from ..examples import Invalid
from . import operands
from .family import Condition, Dispatch, Rule, RuleError

_SUFFIX, _EQUALS = operands.SUFFIXES, operands.EQUALS
_OPERATORS: Dict[type, Tuple[str, bool]] = {
    # CST operator: (ASL suffix, negated)
    cst.Equal: (_EQUALS, False),
    cst.NotEqual: (_EQUALS, True),
    cst.LessThan: (_SUFFIX["<"], False),
    cst.LessThanEqual: (_SUFFIX["<="], False),
    cst.GreaterThan: (_SUFFIX[">"], False),
    cst.GreaterThanEqual: (_SUFFIX[">="], False),
}


def claims(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Comparison)


def build(node: cst.BaseExpression, rule: Dispatch) -> Rule:
    assert isinstance(node, cst.Comparison)
    if len(node.comparisons) != 1:
        raise RuleError(
            Code.CHAINED_COMPARISON, node, "chained comparisons are not supported; combine them with `and`"
        )
    target = node.comparisons[0]
    if type(target.operator) not in _OPERATORS:
        raise RuleError(
            Code.CHOICE_OPERATOR, target.operator, "only ==, !=, <, <=, > and >= compare in a Choice"
        )
    suffix, negated = _OPERATORS[type(target.operator)]
    left_cast = operands.cast(node.left)
    reference = left_cast[1] if left_cast else node.left
    if not values.is_data_reference(reference):
        raise RuleError(
            Code.CHOICE_OPERAND,
            node.left,
            'the left side of a comparison is a data reference like `data["x"]`',
        )
    value = operands.right(target.comparator)
    if left_cast is not None:
        operands.check_cast(left_cast[0], value, node)
    kind = _kind(value, suffix, target.operator)
    comparison: Rule = {"Variable": operands.path(reference), f"{kind}{suffix}": value}
    return {NOT: comparison} if negated else comparison


def _kind(value: JSON, suffix: str, operator: cst.CSTNode) -> str:
    """The value kind the literal picks (FX406 for an ordering of booleans)."""
    if isinstance(value, bool):
        if suffix != _EQUALS:
            raise RuleError(Code.CHOICE_OPERATOR, operator, "True/False compare only with == and !=")
        return BOOLEAN
    return STRING if isinstance(value, str) else NUMERIC


TITLE = "Comparisons: ==, !=, <, <=, >, >="

VALID = (
    Condition(
        """
        def main(data):
            if data["region"] == "us-east-1":
                data["route"] = "domestic"
            else:
                data["route"] = "international"
        """,
        title="a string literal makes a StringEquals",
        true={"region": "us-east-1"},
        false={"region": "eu-west-1"},
    ),
    Condition(
        """
        def main(data):
            if data["celsius"] > -5:
                data["state"] = "thawing"
        """,
        title="a number makes a Numeric comparison; negative literals included",
        true={"celsius": 0},
        false={"celsius": -7},
    ),
    Condition(
        """
        def main(data):
            if int(data["count"]) >= 3:
                data["bulk"] = True
        """,
        title="a cast states the type of the data; it agrees with the literal",
        true={"count": 3},
        false={"count": 2},
    ),
    Condition(
        """
        def main(data):
            if data["tier"] != "gold":
                data["discount"] = 0
        """,
        title="!= is Not of the equality",
        true={"tier": "silver"},
        false={"tier": "gold"},
    ),
    Condition(
        """
        def main(data):
            if data["beta"] == False:
                data["channel"] = "stable"
        """,
        title="True and False make a BooleanEquals",
        true={"beta": False},
        false={"beta": True},
    ),
)

INVALID = (
    Invalid(
        """
        def main(data):
            if 0 < data["x"] < 9:
                data["digit"] = True
        """,
        Code.CHAINED_COMPARISON,
        2,
        title="a chained comparison",
        fix="""
        def main(data):
            if data["x"] > 0 and data["x"] < 9:
                data["digit"] = True
        """,
    ),
    Invalid(
        """
        def main(data):
            if data["tag"] in "abc":
                data["known"] = True
        """,
        Code.CHOICE_OPERATOR,
        2,
        title="an operator ASL has no comparison for",
        fix="""
        def main(data):
            if data["tag"] == "a" or data["tag"] == "b" or data["tag"] == "c":
                data["known"] = True
        """,
    ),
    Invalid(
        """
        def main(data):
            if "refund" == data["type"]:
                data["refund"] = True
        """,
        Code.CHOICE_OPERAND,
        2,
        title="the literal on the left",
        fix="""
        def main(data):
            if data["type"] == "refund":
                data["refund"] = True
        """,
    ),
    Invalid(
        """
        def main(data):
            if int(data["id"]) == "42":
                data["answer"] = True
        """,
        Code.CAST_MISMATCH,
        2,
        title="a cast that contradicts the literal",
        fix="""
        def main(data):
            if str(data["id"]) == "42":
                data["answer"] = True
        """,
    ),
    Invalid(
        """
        def main(data):
            if data["name"][0:2] == "ab":
                data["ab"] = True
        """,
        Code.DATA_REFERENCE,
        2,
        title="a data reference with a slice",
        fix="""
        def main(data):
            if data["prefix"] == "ab":
                data["ab"] = True
        """,
    ),
)
