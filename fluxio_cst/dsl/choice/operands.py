"""The operands of a Choice rule: data references, the casts they may wear, the literal.

Python is untyped, ASL comparisons are typed (``StringEquals``, ``NumericLessThan`` …). The
literal on the right picks the type; a ``str()``/``int()``/``float()``/``bool()`` cast around
the data reference must agree with it. Every family reads its operands through here, so a
data path or a number means the same in each rule it appears in.
"""

from __future__ import annotations

import math
import sys
from typing import Dict, Optional, Tuple

import libcst as cst

from ... import values
from ...asl.vocabulary import COMPARISONS
from ...codes import Code
from ...values import JSON
from .family import RuleError

# The ASL suffix of each Python comparison symbol (``"<="`` → ``LessThanEquals``).
SUFFIXES: Dict[str, str] = {symbol: suffix for suffix, symbol in COMPARISONS.items()}
EQUALS = SUFFIXES["=="]

# The cast a data reference may wear, and the literal types each goes with.
CASTS: Dict[str, Tuple[type, ...]] = {
    "str": (str,),
    "int": (int, float),
    "float": (int, float),
    "bool": (bool,),
}

_LITERAL = {"str": "a string literal", "int": "a number", "float": "a number", "bool": "True or False"}
_NOT_LITERAL = "the right side of a comparison is a str, number or True/False literal"


def cast(node: cst.BaseExpression) -> Optional[Tuple[str, cst.BaseExpression]]:
    """``(name, argument)`` of a cast call like ``int(data["n"])``, None for anything else."""
    if (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Name)
        and node.func.value in CASTS
        and len(node.args) == 1
        and node.args[0].keyword is None
        and not node.args[0].star
    ):
        return node.func.value, node.args[0].value
    return None


def path(node: cst.BaseExpression) -> str:
    """The reference path of a data reference (FX304 for a key it cannot be written with)."""
    try:
        return values.data_path(node)
    except values.NotStatic as exc:
        raise RuleError(Code.DATA_REFERENCE, exc.node, exc.why) from None


def check_cast(name: str, value: JSON, node: cst.CSTNode) -> None:
    """FX402 when the literal ``value`` is not of a type the cast ``name`` goes with."""
    if not _agrees(value, CASTS[name]):
        why = f"`{name}()` cannot be compared with {value!r}; compare it with {_LITERAL[name]}"
        raise RuleError(Code.CAST_MISMATCH, node, why)


def _agrees(value: object, types: Tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return bool in types
    return isinstance(value, types)


def right(node: cst.BaseExpression) -> JSON:
    """The literal on the right: a str, number or bool, possibly in a cast of its own type."""
    found = cast(node)
    inner = found[1] if found else node
    if values.is_data_reference(inner):
        raise RuleError(
            Code.CHOICE_OPERAND,
            node,
            "a data reference on the right is not supported; compare with a literal",
        )
    try:
        value = values.literal(inner)
    except values.NotStatic:
        raise RuleError(Code.CHOICE_OPERAND, node, _NOT_LITERAL) from None
    if value is None or not isinstance(value, (str, int, float)):
        raise RuleError(Code.CHOICE_OPERAND, node, _NOT_LITERAL)
    if found is not None and type(value).__name__ != found[0]:
        raise RuleError(
            Code.CAST_MISMATCH,
            node,
            f"`{found[0]}({value!r})` casts a literal to another type; write the literal",
        )
    _check_number(value, node)
    return value


def _check_number(value: JSON, node: cst.CSTNode) -> None:
    """FX404 for a number Step Functions cannot read as a finite double."""
    if isinstance(value, float) and not math.isfinite(value):
        raise RuleError(Code.CHOICE_OPERAND, node, "a number in a rule must be finite")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > sys.float_info.max:
        why = "a number in a rule is read by Step Functions as a double: this one is too large for it"
        raise RuleError(Code.CHOICE_OPERAND, node, why)
