"""The operands of a comparison rule: the operator, data references, the casts they wear, literals.

Python is untyped, ASL comparisons are typed (``StringEquals``, ``NumericLessThan`` …). A
comparison's type comes from what it is written with: the literal on the right, or a
``str()``/``int()``/``float()``/``bool()``/``timestamp()`` cast on either side; casts and
literal must agree. The comparison families (literal, timestamp, data on both sides) read their
operator and operands through here, so a data path, a cast or a number means the same in each.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

import libcst as cst

from ... import values
from ...asl.vocabulary import BOOLEAN, NOT, NUMERIC, STRING, TIMESTAMP
from ...codes import Code
from ...values import JSON
from .family import Dispatch, RuleError

# The ASL suffix of each Python comparison operator, and whether the rule is ``Not`` of it
# (ASL has no inequality: ``!=`` is ``Not`` of the equality).
EQUALS = "Equals"
OPERATORS: Dict[type, Tuple[str, bool]] = {
    cst.Equal: (EQUALS, False),
    cst.NotEqual: (EQUALS, True),
    cst.LessThan: ("LessThan", False),
    cst.LessThanEqual: ("LessThanEquals", False),
    cst.GreaterThan: ("GreaterThan", False),
    cst.GreaterThanEqual: ("GreaterThanEquals", False),
}
COMPARED = tuple(OPERATORS)  # the operators the comparison families claim

# The operator that reads the same with its sides swapped (``5 < x`` is ``x > 5``).
_MIRRORED: Dict[type, cst.BaseCompOp] = {
    cst.LessThan: cst.GreaterThan(),
    cst.LessThanEqual: cst.GreaterThanEqual(),
    cst.GreaterThan: cst.LessThan(),
    cst.GreaterThanEqual: cst.LessThanEqual(),
}

# Each cast: the value kind it states, the Python type of the literal it wraps on the right,
# and how the message names the literals it goes with.
CASTS: Dict[str, Tuple[str, type, str]] = {
    "str": (STRING, str, "a string literal"),
    "int": (NUMERIC, int, "a number"),
    "float": (NUMERIC, float, "a number"),
    "bool": (BOOLEAN, bool, "True or False"),
    "timestamp": (TIMESTAMP, str, 'an RFC 3339 timestamp string like "2026-12-01T08:00:00Z"'),
}
_KIND_OF_VALUE = ((bool, BOOLEAN), (str, STRING), ((int, float), NUMERIC))

_NOT_LITERAL = "the right side of a comparison is a data reference, or a str, number or True/False literal"
_NONE = "`None` is not a value a comparison takes; test it with `data[...] is None`"


@dataclass(frozen=True)
class Operand:
    """One side of a comparison as written (``node``), its cast if any and what it wraps."""

    node: cst.BaseExpression
    cast: Optional[str]
    inner: cst.BaseExpression

    @property
    def is_data(self) -> bool:
        return values.is_data_reference(self.inner)

    @property
    def kind(self) -> Optional[str]:
        """The value kind the cast states (None without a cast)."""
        return None if self.cast is None else CASTS[self.cast][0]


def code(node: cst.CSTNode) -> str:
    """The source text of ``node``, for a message that shows what to write."""
    return cst.Module([]).code_for_node(node)


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


def operand(node: cst.BaseExpression) -> Operand:
    found = cast(node)
    return Operand(node, None, node) if found is None else Operand(node, found[0], found[1])


def two_arguments(node: cst.Call, code: Code, shape: str) -> Tuple[cst.BaseExpression, cst.BaseExpression]:
    """The two positional arguments of a test call like ``isinstance(a, b)``; ``code`` at the
    argument that is one too many, starred or named (or at the call, short of two), with
    ``shape``, what to write."""
    for argument in node.args:
        if argument.keyword is not None or argument.star:
            raise RuleError(code, argument, f"arguments go by position, without `*` or keywords; {shape}")
    if len(node.args) > 2:
        raise RuleError(code, node.args[2], f"an argument too many; {shape}")
    if len(node.args) < 2:
        raise RuleError(code, node, f"two arguments are needed; {shape}")
    return node.args[0].value, node.args[1].value


def single(node: cst.BaseExpression, operators: Tuple[type, ...]) -> Optional[cst.ComparisonTarget]:
    """The one comparison of ``node`` when it is a comparison by one of ``operators``, else None:
    how a family claims its comparisons (a chained one is left to the comparison family, which
    refuses it)."""
    if isinstance(node, cst.Comparison) and len(node.comparisons) == 1:
        target = node.comparisons[0]
        return target if isinstance(target.operator, operators) else None
    return None


def operator(target: cst.ComparisonTarget) -> Tuple[str, bool]:
    """``(ASL suffix, negated)`` of an ordering or (in)equality (the presence family claims the
    other operators)."""
    return OPERATORS[type(target.operator)]


def left(node: cst.Comparison, rule: Dispatch) -> Operand:
    """The left side: a data reference, possibly in a cast (FX404 for anything else; with the
    data on the right, the comparison written the other way round; for a condition compared with
    True/False, the condition alone, when ``rule`` (the dispatcher) reads it)."""
    side = operand(node.left)
    if not side.is_data:
        _check_cast_call(node.left)
        why = 'the left side of a comparison is a data reference like `data["x"]`'
        instead = _swapped(node, side) or _test_alone(node, rule)
        raise RuleError(
            Code.CHOICE_OPERAND, node.left, why if instead is None else f"{why}; write `{instead}`"
        )
    return side


def _test_alone(node: cst.Comparison, rule: Dispatch) -> Optional[str]:
    """A condition compared with True or False (``("k" in data) == True``) written alone, or
    under ``not``, when it is one ``rule`` reads; None for any other comparison."""
    target = node.comparisons[0]
    if not isinstance(target.operator, (cst.Equal, cst.NotEqual)):
        return None
    try:
        value = values.literal(target.comparator)
        rule(node.left)
    except (values.NotStatic, RuleError):
        return None
    if not isinstance(value, bool):
        return None
    alone = node.left.with_changes(lpar=[], rpar=[])
    if value == isinstance(target.operator, cst.Equal):
        return code(alone)
    if isinstance(alone, (cst.Comparison, cst.BooleanOperation)):
        alone = alone.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return code(cst.UnaryOperation(cst.Not(), alone))


def _swapped(node: cst.Comparison, side: Operand) -> Optional[str]:
    """``literal <op> data`` written the other way round, None for any other comparison."""
    target = node.comparisons[0]
    try:
        values.literal(side.inner)
    except values.NotStatic:
        return None
    if not operand(target.comparator).is_data:
        return None
    mirrored = _MIRRORED.get(type(target.operator), target.operator)
    turned = target.with_changes(operator=mirrored, comparator=node.left)
    written = node.with_changes(left=target.comparator, comparisons=[turned], lpar=[], rpar=[])
    return code(written)


def path(node: cst.BaseExpression) -> str:
    """The reference path of a data reference (FX304 for a key it cannot be written with)."""
    try:
        return values.data_path(node)
    except values.NotStatic as exc:
        raise RuleError(Code.DATA_REFERENCE, exc.node, exc.why) from None


def literal(side: Operand) -> JSON:
    """The literal of a right side: a str, number or bool, possibly in a cast of its own type."""
    try:
        value = values.literal(side.inner)
    except values.NotStatic:
        _check_cast_call(side.node)
        raise RuleError(Code.CHOICE_OPERAND, side.node, _NOT_LITERAL) from None
    if value is None:
        raise RuleError(Code.CHOICE_OPERAND, side.node, _NONE)
    if not isinstance(value, (str, int, float)):
        raise RuleError(Code.CHOICE_OPERAND, side.node, _NOT_LITERAL)
    if side.cast is not None and type(value) is not CASTS[side.cast][1]:
        why = f"`{side.cast}({value!r})` casts a literal to another type; write the literal"
        raise RuleError(Code.CAST_MISMATCH, side.node, why)
    _check_number(value, side.node)
    return value


def kind_of(value: JSON) -> str:
    """The value kind a literal picks: String, Numeric or Boolean."""
    return next(kind for types, kind in _KIND_OF_VALUE if isinstance(value, types))


def check_cast(name: str, value: JSON, node: cst.CSTNode) -> None:
    """FX402 when the literal ``value`` is not of a kind the cast ``name`` goes with."""
    stated = CASTS[name][0]
    if kind_of(value) != (STRING if stated == TIMESTAMP else stated):
        why = f"`{name}()` cannot be compared with {value!r}; compare it with {CASTS[name][2]}"
        raise RuleError(Code.CAST_MISMATCH, node, why)


def check_order(kind: str, suffix: str, target: cst.ComparisonTarget) -> None:
    """FX406 for an ordering of booleans, which have none."""
    if kind == BOOLEAN and suffix != EQUALS:
        raise RuleError(Code.CHOICE_OPERATOR, target.operator, "True/False compare only with == and !=")


def comparison(variable: str, operator: str, value: JSON, negated: bool) -> Dict[str, JSON]:
    """The rule ``{"Variable": …, operator: value}``, inside ``Not`` for ``!=``."""
    rule: Dict[str, JSON] = {"Variable": variable, operator: value}
    return {NOT: rule} if negated else rule


def _check_cast_call(node: cst.BaseExpression) -> None:
    """FX404 for a call of a cast name that is not a cast of one argument, or is a cast of a
    cast (``timestamp()``, ``int(data["a"], 10)``, ``str(str(data["a"]))``): the shape to write."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in CASTS:
        found = cast(node)
        if found is not None and cast(found[1]) is None:
            return
        name = node.func.value
        why = f'`{name}()` takes one argument, a data reference or a literal, as in `{name}(data["x"])`'
        raise RuleError(Code.CHOICE_OPERAND, node, why)


def _check_number(value: JSON, node: cst.CSTNode) -> None:
    """FX404 for a number Step Functions cannot read as a finite double."""
    if isinstance(value, float) and not math.isfinite(value):
        raise RuleError(Code.CHOICE_OPERAND, node, "a number in a rule must be finite")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > sys.float_info.max:
        why = "a number in a rule is read by Step Functions as a double: this one is too large for it"
        raise RuleError(Code.CHOICE_OPERAND, node, why)
