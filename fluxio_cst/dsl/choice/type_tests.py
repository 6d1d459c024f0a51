"""Type tests: ``isinstance(data["x"], str)`` as ``IsString``, ``bool`` → ``IsBoolean``,
``(int, float)`` → ``IsNumeric``.

ASL tests the JSON type of a value; ``isinstance`` is how Python asks the same. JSON has one
kind of number, so ``IsNumeric`` is ``isinstance(x, (int, float))`` (or ``int | float``): ``int``
or ``float`` alone would promise a distinction the data cannot carry (``5.0`` arrives as ``5``)
and is refused (FX407) with that spelling as the fix. Several types are an ``Or`` of their
tests, in the order written; tuples nest as ``isinstance`` reads them, and what Python refuses or
never matches (a tuple in a ``|`` union, the empty tuple) is refused. One difference from
Python, where ``bool`` is a kind of ``int``: ``true`` is not numeric in ASL, so
``isinstance(data["x"], (int, float))`` is false for it.
Objects and lists have no ASL test; ``None`` is tested with ``is None``.
"""

from __future__ import annotations

from typing import Dict, List, Sequence

import libcst as cst

from ... import values
from ...asl.vocabulary import OR
from ...codes import Code
from ..examples import Invalid
from . import operands
from .family import Condition, Dispatch, Rule, RuleError

_TESTS: Dict[str, str] = {"str": "IsString", "bool": "IsBoolean", "int": "IsNumeric", "float": "IsNumeric"}
_NUMBERS = {"int", "float"}
_SHAPE = 'write `isinstance(data["x"], str)`: a data reference and a type (or a tuple of types)'
_TYPES = "ASL tests the types str, bool and numbers, `(int, float)`"


def claims(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "isinstance"


def build(node: cst.BaseExpression, rule: Dispatch) -> Rule:
    assert isinstance(node, cst.Call)
    subject, types = operands.two_arguments(node, Code.TYPE_TEST, _SHAPE)
    if not values.is_data_reference(subject):
        raise RuleError(Code.TYPE_TEST, subject, _SHAPE)
    variable = operands.path(subject)
    tests: List[Rule] = [{"Variable": variable, test: True} for test in _tests(types, node.args[1])]
    return tests[0] if len(tests) == 1 else {OR: list(tests)}


def _tests(node: cst.BaseExpression, at: cst.CSTNode) -> List[str]:
    """The ASL tests of the types named, without repeats, in the order written."""
    names = [_name(n) for n in _type_nodes(node, at)]
    numbers = _NUMBERS & set(names)
    if len(numbers) == 1:
        (single,) = numbers
        why = (
            f"JSON numbers do not tell an int from a float (5.0 arrives as 5), so `{single}` alone "
            "cannot be tested; write `(int, float)` for a number"
        )
        raise RuleError(Code.TYPE_TEST, node, why)
    return list(dict.fromkeys(_TESTS[name] for name in names))


def _type_nodes(
    node: cst.BaseExpression, at: cst.CSTNode, in_union: bool = False
) -> Sequence[cst.BaseExpression]:
    """The types named, tuples nested in tuples flattened as ``isinstance`` reads them; a tuple
    in a ``|`` union (a TypeError in Python) and the empty tuple (nothing is an instance of it)
    are refused. ``at`` is where ``node`` is reported (the argument or tuple element holding it:
    LibCST places a tuple inside its parentheses, and an empty one nowhere)."""
    if isinstance(node, cst.Tuple):
        if in_union:
            why = "`|` joins types, not tuples; write `str | int | float` or `(str, int, float)`"
            raise RuleError(Code.TYPE_TEST, at, why)
        if not node.elements:
            why = "`()` names no type, so nothing is an instance of it; name the types, like `(int, float)`"
            raise RuleError(Code.TYPE_TEST, at, why)
        return [name for element in node.elements for name in _type_nodes(element.value, element)]
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        return [*_type_nodes(node.left, node, True), *_type_nodes(node.right, node, True)]
    return [node]


def _name(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name) and node.value in _TESTS:
        return node.value
    if (isinstance(node, cst.Name) and node.value == "None") or isinstance(node, cst.Call):
        raise RuleError(Code.TYPE_TEST, node, f'{_TYPES}; test null with `data["x"] is None`')
    raise RuleError(Code.TYPE_TEST, node, f"{_TYPES}, not `{operands.code(node)}`")


TITLE = "Type tests: isinstance()"

VALID = (
    Condition(
        """
        def main(data):
            if isinstance(data["id"], str):
                data["lookup"] = "by-name"
        """,
        title="str: IsString",
        true={"id": "ab-12"},
        false={"id": 12},
    ),
    Condition(
        """
        def main(data):
            if isinstance(data["amount"], (int, float)):
                data["valid"] = True
        """,
        title="(int, float): IsNumeric; JSON numbers are one kind",
        true={"amount": 12.5},
        false={"amount": "12.5"},
    ),
    Condition(
        """
        def main(data):
            if not isinstance(data["flag"], bool | str):
                data["flag"] = False
        """,
        title="several types are an Or of their tests; not is Not",
        true={"flag": 1},
        false={"flag": "yes"},
    ),
)

INVALID = (
    Invalid(
        """
        def main(data):
            if isinstance(data["count"], int):
                data["whole"] = True
        """,
        Code.TYPE_TEST,
        2,
        title="int alone: JSON cannot tell it from float",
        fix="""
        def main(data):
            if isinstance(data["count"], (int, float)):
                data["whole"] = True
        """,
    ),
    Invalid(
        """
        def main(data):
            if isinstance(data["note"], (str, type(None))):
                data["plain"] = True
        """,
        Code.TYPE_TEST,
        2,
        title="None among the types",
        fix="""
        def main(data):
            if isinstance(data["note"], str) or data["note"] is None:
                data["plain"] = True
        """,
    ),
)
