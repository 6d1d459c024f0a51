"""Truthiness: ``bool(data["x"])`` as ``BooleanEquals: true``.

Python's ``if data["x"]:`` tests truthiness, which ASL cannot: a string, a number, a list and
``null`` each have their own idea of "empty". ``bool()`` says the value is a boolean, which
ASL can test; the bare reference is refused (FX405, by :mod:`fluxio_cst.dsl.choice`) with
this spelling as its fix. ``not bool(...)`` is the boolean family's ``Not`` around it.
``bool()`` around a condition (``bool("k" in data)``) is refused with the condition alone as
the fix, rather than read as a data reference it is not.
"""

from __future__ import annotations

import libcst as cst

from ... import values
from ...asl.vocabulary import BOOLEAN
from ...codes import Code
from ..examples import Invalid
from . import operands
from .family import Condition, Dispatch, Rule, RuleError


def claims(node: cst.BaseExpression) -> bool:
    found = operands.cast(node)
    return found is not None and found[0] == "bool"


def build(node: cst.BaseExpression, rule: Dispatch) -> Rule:
    found = operands.cast(node)
    assert found is not None
    _check_not_a_condition(found[1], rule)
    return {"Variable": operands.path(found[1]), BOOLEAN + operands.EQUALS: True}


def _check_not_a_condition(inner: cst.BaseExpression, rule: Dispatch) -> None:
    """FX404 for ``bool()`` around a condition (``bool("k" in data)``), which is the condition."""
    if values.is_data_reference(inner):
        return
    try:
        rule(inner)
    except RuleError:
        return
    why = f"`bool()` of a condition is the condition itself; write `{operands.code(inner)}`"
    raise RuleError(Code.CHOICE_OPERAND, inner, why)


TITLE = "Truthiness: bool()"

VALID = (
    Condition(
        """
        def main(data):
            if bool(data["subscribed"]):
                data["send"] = True
        """,
        title="bool() around a data reference",
        true={"subscribed": True},
        false={"subscribed": False},
    ),
)

INVALID = (
    Invalid(
        """
        def main(data):
            if bool(data[data["field"]]):
                data["set"] = True
        """,
        Code.DATA_REFERENCE,
        2,
        title="a data key that is not a literal",
        fix="""
        def main(data):
            if bool(data["field"]):
                data["set"] = True
        """,
    ),
    Invalid(
        """
        def main(data):
            if bool("coupon" in data):
                data["discounted"] = True
        """,
        Code.CHOICE_OPERAND,
        2,
        title="bool() around a condition",
        fix="""
        def main(data):
            if "coupon" in data:
                data["discounted"] = True
        """,
    ),
)
