"""Comparisons with a literal: ``data["x"] <op> literal`` as one typed ASL comparison.

``==``, ``!=``, ``<``, ``<=``, ``>`` and ``>=`` compare a data reference (on the left, possibly
in a ``str()``/``int()``/``float()``/``bool()`` cast) with a literal (on the right). ASL
comparisons are typed and Python is not, so the literal picks the operator: a string gives
``String…``, a number ``Numeric…``, ``True``/``False`` ``BooleanEquals`` (booleans have no
order). A cast states the type the data is expected to have and must agree with the literal.
``!=`` is ``Not`` of the equality, as ASL has no inequality operator. A chained comparison is
refused rather than guessed at: ``0 < x < 9`` is two rules, joined with ``and``. Comparisons
with data on the right, and with a ``timestamp()``, are families of their own.
"""

from __future__ import annotations

import libcst as cst

from ...codes import Code
from ..examples import Invalid
from . import operands
from .family import Condition, Dispatch, Rule, RuleError


def claims(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Comparison)


def build(node: cst.BaseExpression, rule: Dispatch) -> Rule:
    assert isinstance(node, cst.Comparison)
    if len(node.comparisons) != 1:
        raise RuleError(
            Code.CHAINED_COMPARISON, node, "chained comparisons are not supported; combine them with `and`"
        )
    target = node.comparisons[0]
    suffix, negated = operands.operator(target)
    side = operands.left(node, rule)
    value = operands.literal(operands.operand(target.comparator))
    if side.cast is not None:
        operands.check_cast(side.cast, value, node)
    kind = operands.kind_of(value)
    operands.check_order(kind, suffix, target)
    return operands.comparison(operands.path(side.inner), kind + suffix, value, negated)


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
            if data["beta"] > False:
                data["rollout"] = True
        """,
        Code.CHOICE_OPERATOR,
        2,
        title="an ordering of True/False",
        fix="""
        def main(data):
            if data["beta"] == True:
                data["rollout"] = True
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
            if data["owner"] == None:
                data["unassigned"] = True
        """,
        Code.CHOICE_OPERAND,
        2,
        title="None is not a value to compare with",
        fix="""
        def main(data):
            if data["owner"] is None:
                data["unassigned"] = True
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
