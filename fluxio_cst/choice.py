"""Choice rules: a Python condition as an ASL rule dict (contract §B, "Choice").

Python is untyped, ASL comparisons are typed (``StringEquals``, ``NumericLessThan`` …). The
literal on the right picks the type; a ``str()``/``int()``/``float()``/``bool()`` cast around
the data reference must agree with it.

Examples::

    data["n"] > 0 and data["n"] < 100   # VALID: And of two NumericGreaterThan/LessThan
    not bool(data["empty"])             # VALID: Not BooleanEquals true (fix D9)
    str(data["name"]) != "x"            # VALID: Not StringEquals
    data["t"] > -5                      # VALID: negative literal (fix D13)
    data["x"]                           # INVALID: FX405, compare it with something
    int(data["x"]) == "3"               # INVALID: FX402, the cast contradicts the literal
    0 < data["x"] < 9                   # INVALID: FX403, split it with `and`
"""

from __future__ import annotations

import math
import sys
from typing import Dict, Optional, Tuple

import libcst as cst

from . import values
from .codes import Code
from .values import JSON

_OPERATORS: Dict[type, Tuple[str, bool]] = {
    # CST operator: (ASL suffix, negated)
    cst.Equal: ("Equals", False),
    cst.NotEqual: ("Equals", True),
    cst.LessThan: ("LessThan", False),
    cst.LessThanEqual: ("LessThanEquals", False),
    cst.GreaterThan: ("GreaterThan", False),
    cst.GreaterThanEqual: ("GreaterThanEquals", False),
}

# The cast a data reference may wear, and the literal types each goes with.
_CASTS: Dict[str, Tuple[type, ...]] = {
    "str": (str,),
    "int": (int, float),
    "float": (int, float),
    "bool": (bool,),
}


_LITERAL = {"str": "a string literal", "int": "a number", "float": "a number", "bool": "True or False"}


class RuleError(Exception):
    """A condition the DSL cannot express; carries its code, node and message."""

    def __init__(self, code: Code, node: cst.CSTNode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.node = node
        self.message = message


def rule(node: cst.BaseExpression) -> Dict[str, JSON]:
    """The ASL rule (without ``Next``) for a condition."""
    if isinstance(node, cst.BooleanOperation):
        operator = "And" if isinstance(node.operator, cst.And) else "Or"
        return {operator: [rule(part) for part in _flatten(node, type(node.operator))]}
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not):
        return {"Not": rule(node.expression)}
    if isinstance(node, cst.Comparison):
        return _comparison(node)
    cast = _cast(node)
    if cast is not None and cast[0] == "bool":
        return {"Variable": _path(cast[1]), "BooleanEquals": True}
    if values.is_data_reference(node) or cast is not None:
        raise RuleError(
            Code.BARE_REFERENCE,
            node,
            'a data reference alone is not a condition; compare it (`data["x"] == "y"`) '
            "or wrap it in `bool()`",
        )
    raise RuleError(
        Code.CHOICE_CONDITION,
        node,
        "a condition compares a data reference with a literal, combined with and/or/not",
    )


def _flatten(node: cst.BaseExpression, operator: type) -> Tuple[cst.BaseExpression, ...]:
    """``a and b and c`` is one And of three, as Python's ``ast`` reads it; a parenthesised
    ``(a and b)`` stays a nested rule."""
    if isinstance(node, cst.BooleanOperation) and isinstance(node.operator, operator):
        left = node.left
        if isinstance(left, cst.BooleanOperation) and not left.lpar and isinstance(left.operator, operator):
            return _flatten(left, operator) + (node.right,)
        return (left, node.right)
    return (node,)


def _cast(node: cst.BaseExpression) -> Optional[Tuple[str, cst.BaseExpression]]:
    if (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Name)
        and node.func.value in _CASTS
        and len(node.args) == 1
        and node.args[0].keyword is None
        and not node.args[0].star
    ):
        return node.func.value, node.args[0].value
    return None


def _path(node: cst.BaseExpression) -> str:
    try:
        return values.data_path(node)
    except values.NotStatic as exc:
        raise RuleError(Code.DATA_REFERENCE, exc.node, exc.why) from None


def _comparison(node: cst.Comparison) -> Dict[str, JSON]:
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
    left_cast = _cast(node.left)
    reference = left_cast[1] if left_cast else node.left
    if not values.is_data_reference(reference):
        raise RuleError(
            Code.CHOICE_OPERAND,
            node.left,
            'the left side of a comparison is a data reference like `data["x"]`',
        )
    value = _right(target.comparator)
    if left_cast is not None and not _agrees(value, _CASTS[left_cast[0]]):
        raise RuleError(
            Code.CAST_MISMATCH,
            node,
            f"`{left_cast[0]}()` cannot be compared with {value!r}; compare it with {_LITERAL[left_cast[0]]}",
        )
    if isinstance(value, bool):
        if suffix != "Equals":
            raise RuleError(Code.CHOICE_OPERATOR, target.operator, "True/False compare only with == and !=")
        kind = "Boolean"
    elif isinstance(value, str):
        kind = "String"
    else:
        kind = "Numeric"
    comparison: Dict[str, JSON] = {"Variable": _path(reference), f"{kind}{suffix}": value}
    return {"Not": comparison} if negated else comparison


def _agrees(value: object, types: Tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return bool in types
    return isinstance(value, types)


def _right(node: cst.BaseExpression) -> JSON:
    """The literal on the right: a str, number or bool, possibly in a cast of its own type."""
    cast = _cast(node)
    inner = cast[1] if cast else node
    if values.is_data_reference(inner):
        raise RuleError(
            Code.CHOICE_OPERAND,
            node,
            "a data reference on the right is not supported; compare with a literal",
        )
    try:
        value = values.literal(inner)
    except values.NotStatic:
        raise RuleError(
            Code.CHOICE_OPERAND, node, "the right side of a comparison is a str, number or True/False literal"
        ) from None
    if value is None or not isinstance(value, (str, int, float)):
        raise RuleError(
            Code.CHOICE_OPERAND, node, "the right side of a comparison is a str, number or True/False literal"
        )
    if cast is not None and type(value).__name__ != cast[0]:
        raise RuleError(
            Code.CAST_MISMATCH,
            node,
            f"`{cast[0]}({value!r})` casts a literal to another type; write the literal",
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise RuleError(Code.CHOICE_OPERAND, node, "a number in a rule must be finite")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > sys.float_info.max:
        why = "a number in a rule is read by Step Functions as a double: this one is too large for it"
        raise RuleError(Code.CHOICE_OPERAND, node, why)
    return value
