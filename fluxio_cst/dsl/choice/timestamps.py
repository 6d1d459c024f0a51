"""Timestamps: ``timestamp(data["t"]) <op> "2026-12-01T08:00:00Z"`` as a ``Timestamp…`` rule.

A JSON timestamp is a string, and comparing strings is not comparing times: ``"…T09:00:00+01:00"``
and ``"…T08:00:00Z"`` are the same instant and different strings. ``timestamp()`` states that
the data holds a time, as ``int()`` states it holds a number, and makes the comparison one of
``TimestampEquals``, ``TimestampLessThan``, ``TimestampGreaterThan`` and their ``…Equals``
variants (``!=`` is ``Not`` of ``TimestampEquals``). The cast may stand on either side (on the
right it wraps the literal: ``data["t"] < timestamp("…")``). The literal is checked as Step
Functions reads it: RFC 3339 with an uppercase ``T`` and ``Z`` (or a numeric offset), a date
and time that exist; anything else is FX158 at the literal. A timestamp in the data that is not
one makes the rule false at run time, as a string compared with a number does. ``timestamp()``
is a word of the DSL, like ``map()``: nothing to import.
"""

from __future__ import annotations

import libcst as cst

from ...asl.vocabulary import TIMESTAMP
from ...codes import Code
from ...options import timestamp_problem
from ..examples import Invalid
from . import operands
from .family import Condition, Dispatch, Rule, RuleError

_CAST = "timestamp"


def claims(node: cst.BaseExpression) -> bool:
    target = operands.single(node, operands.COMPARED)
    if target is None:
        return False
    assert isinstance(node, cst.Comparison)
    sides = (operands.operand(node.left), operands.operand(target.comparator))
    return any(side.cast == _CAST for side in sides) and not sides[1].is_data


def build(node: cst.BaseExpression, rule: Dispatch) -> Rule:
    assert isinstance(node, cst.Comparison)
    target = node.comparisons[0]
    suffix, negated = operands.operator(target)
    side, other = operands.left(node, rule), operands.operand(target.comparator)
    for each in (side, other):
        if each.cast not in (None, _CAST):
            why = f"`{each.cast}()` cannot be compared with a timestamp; write `timestamp(…)` on the left"
            raise RuleError(Code.CAST_MISMATCH, each.node, why)
    value = operands.literal(other)
    operands.check_cast(_CAST, value, node)
    assert isinstance(value, str)
    problem = timestamp_problem(value, "the timestamp")
    if problem is not None:
        raise RuleError(Code.BAD_TIMESTAMP, target.comparator, problem)
    return operands.comparison(operands.path(side.inner), TIMESTAMP + suffix, value, negated)


TITLE = "Timestamps: timestamp()"

VALID = (
    Condition(
        """
        def main(data):
            if timestamp(data["expires"]) < "2026-12-01T00:00:00Z":
                data["expired"] = True
        """,
        title="timestamp() around the data makes a Timestamp comparison",
        true={"expires": "2026-11-30T23:59:59Z"},
        false={"expires": "2026-12-01T00:00:00Z"},
    ),
    Condition(
        """
        def main(data):
            if data["sent"] != timestamp("2026-06-01T00:00:00Z"):
                data["resend"] = True
        """,
        title="on the right, timestamp() wraps the literal; != is Not of TimestampEquals",
        true={"sent": "2026-03-01T12:00:00Z"},
        false={"sent": "2026-06-01T00:00:00Z"},
    ),
)

INVALID = (
    Invalid(
        """
        def main(data):
            if timestamp(data["due"]) > "2026-02-30T00:00:00Z":
                data["late"] = True
        """,
        Code.BAD_TIMESTAMP,
        2,
        title="a date that does not exist",
        fix="""
        def main(data):
            if timestamp(data["due"]) > "2026-02-28T00:00:00Z":
                data["late"] = True
        """,
    ),
    Invalid(
        """
        def main(data):
            if str(data["due"]) > timestamp("2026-02-28T00:00:00Z"):
                data["late"] = True
        """,
        Code.CAST_MISMATCH,
        2,
        title="a cast of another type on the other side",
        fix="""
        def main(data):
            if timestamp(data["due"]) > "2026-02-28T00:00:00Z":
                data["late"] = True
        """,
    ),
)
