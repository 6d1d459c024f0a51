"""Truthiness: ``bool(data["x"])`` as ``BooleanEquals: true``.

Python's ``if data["x"]:`` tests truthiness, which ASL cannot: a string, a number, a list and
``null`` each have their own idea of "empty". ``bool()`` says the value is a boolean, which
ASL can test; the bare reference is refused (FX405, by :mod:`fluxio_cst.dsl.choice`) with
this spelling as its fix. ``not bool(...)`` is the boolean family's ``Not`` around it.
"""

from __future__ import annotations

import libcst as cst

from ...asl.vocabulary import BOOLEAN
from ...codes import Code
from ..examples import Invalid
from . import operands
from .family import Condition, Dispatch, Rule


def claims(node: cst.BaseExpression) -> bool:
    found = operands.cast(node)
    return found is not None and found[0] == "bool"


def build(node: cst.BaseExpression, rule: Dispatch) -> Rule:
    found = operands.cast(node)
    assert found is not None
    return {"Variable": operands.path(found[1]), BOOLEAN + operands.EQUALS: True}


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
)
