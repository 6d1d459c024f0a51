"""Data on both sides: ``data["a"] <op> data["b"]`` as a ``…Path`` rule.

ASL compares a variable with another part of the input through the ``Path`` variants of its
comparisons (``StringEqualsPath``, ``NumericLessThanPath``, ``TimestampGreaterThanEqualsPath``,
``BooleanEqualsPath`` …), whose value is the other reference path. Nothing here is a literal to
tell the type, so a cast does, on either side: ``int()``/``float()`` → ``Numeric…``, ``str()`` →
``String…``, ``bool()`` → ``BooleanEquals…``, ``timestamp()`` → ``Timestamp…``. Casts on both
sides must agree (``int`` and ``float`` do: JSON has one kind of number). Without any cast both
sides are compared as strings, and FX409 warns: ``data["a"] == data["b"]`` on two equal numbers
is false at run time. Its fix, ``str(data["a"])``, says strings are meant and changes nothing
compiled; write ``int(data["a"])`` to compare numbers. ``!=`` is ``Not`` of the equality.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from ...asl.vocabulary import PATH_SUFFIX, STRING
from ...codes import Code
from ...fixes import as_string
from ..examples import Invalid
from . import operands
from .family import Condition, Dispatch, Rule, RuleError, RuleWarning

_UNTYPED = (
    "no cast says what these values are, so they compare as strings (two equal numbers are not "
    "equal strings); write `str(data[…])` if strings are meant, `int(…)` or `timestamp(…)` if not"
)


def claims(node: cst.BaseExpression) -> bool:
    target = operands.single(node, operands.COMPARED)
    return target is not None and operands.operand(target.comparator).is_data


def build(node: cst.BaseExpression, rule: Dispatch) -> Rule:
    assert isinstance(node, cst.Comparison)
    target = node.comparisons[0]
    suffix, negated = operands.operator(target)
    side, other = operands.left(node, rule), operands.operand(target.comparator)
    kind = _kind(side, other, node)
    operands.check_order(kind, suffix, target)
    operator = kind + suffix + PATH_SUFFIX
    return operands.comparison(operands.path(side.inner), operator, operands.path(other.inner), negated)


def untyped(node: cst.BaseExpression) -> Optional[RuleWarning]:
    """FX409 for a comparison of data with data that no cast types (it compiles to ``String…``)."""
    if not claims(node):
        return None
    assert isinstance(node, cst.Comparison)
    sides = operands.operand(node.left), operands.operand(node.comparisons[0].comparator)
    if any(side.cast is not None for side in sides):
        return None
    return RuleWarning(Code.UNTYPED_COMPARISON, node, _UNTYPED, as_string(node.left))


def _kind(side: operands.Operand, other: operands.Operand, node: cst.Comparison) -> str:
    """The kind the casts state (String without any); FX402 when they state two."""
    if side.kind is not None and other.kind is not None and side.kind != other.kind:
        why = f"`{side.cast}()` and `{other.cast}()` state different types; cast both sides alike"
        raise RuleError(Code.CAST_MISMATCH, node, why)
    return side.kind or other.kind or STRING


TITLE = "Data on both sides: …Path rules"

VALID = (
    Condition(
        """
        def main(data):
            if int(data["stock"]) < data["reorder_level"]:
                data["reorder"] = True
        """,
        title="a cast on either side picks the type: NumericLessThanPath",
        true={"stock": 3, "reorder_level": 10},
        false={"stock": 10, "reorder_level": 10},
    ),
    Condition(
        """
        def main(data):
            if str(data["shipping"]["country"]) != data["billing"]["country"]:
                data["review"] = True
        """,
        title="str(): Not of StringEqualsPath",
        true={"shipping": {"country": "CH"}, "billing": {"country": "DE"}},
        false={"shipping": {"country": "CH"}, "billing": {"country": "CH"}},
    ),
    Condition(
        """
        def main(data):
            if timestamp(data["delivered"]) > timestamp(data["promised"]):
                data["late"] = True
        """,
        title="timestamp() on both sides: TimestampGreaterThanPath",
        true={"delivered": "2026-12-02T10:00:00Z", "promised": "2026-12-01T18:00:00Z"},
        false={"delivered": "2026-12-01T10:00:00Z", "promised": "2026-12-01T18:00:00Z"},
    ),
    Condition(
        """
        def main(data):
            if bool(data["paid"]) == data["shipped"]:
                data["consistent"] = True
        """,
        title="bool(): BooleanEqualsPath",
        true={"paid": True, "shipped": True},
        false={"paid": True, "shipped": False},
    ),
)

INVALID = (
    Invalid(
        """
        def main(data):
            if data["email"] == data["confirmation"]:
                data["confirmed"] = True
        """,
        Code.UNTYPED_COMPARISON,
        2,
        title="no cast: compared as strings, with a warning",
        fix="""
        def main(data):
            if str(data["email"]) == data["confirmation"]:
                data["confirmed"] = True
        """,
    ),
    Invalid(
        """
        def main(data):
            if int(data["count"]) == str(data["label"]):
                data["same"] = True
        """,
        Code.CAST_MISMATCH,
        2,
        title="casts that state two types",
        fix="""
        def main(data):
            if int(data["count"]) == int(data["label"]):
                data["same"] = True
        """,
    ),
    Invalid(
        """
        def main(data):
            if bool(data["a"]) < data["b"]:
                data["ordered"] = True
        """,
        Code.CHOICE_OPERATOR,
        2,
        title="an ordering of booleans",
        fix="""
        def main(data):
            if bool(data["a"]) != data["b"]:
                data["ordered"] = True
        """,
    ),
    Invalid(
        """
        def main(data):
            if str(data[0:1]) == data["b"]:
                data["same"] = True
        """,
        Code.DATA_REFERENCE,
        2,
        title="a data reference with a slice",
        fix="""
        def main(data):
            if str(data["a"]) == data["b"]:
                data["same"] = True
        """,
    ),
    Invalid(
        """
        def main(data):
            if "limit" > data["b"]:
                data["over"] = True
        """,
        Code.CHOICE_OPERAND,
        2,
        title="a literal on the left",
        fix="""
        def main(data):
            if data["b"] < "limit":
                data["over"] = True
        """,
    ),
)
