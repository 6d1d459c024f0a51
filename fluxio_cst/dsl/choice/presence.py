"""Presence and null: ``"k" in data[…]`` as ``IsPresent``, ``data["x"] is None`` as ``IsNull``.

``"k" in data["order"]`` asks whether the object has the key, which is what ASL's ``IsPresent``
asks of the path ``$['order']['k']``; ``"k" not in …`` is ``IsPresent: false``. ``data`` alone
is the whole input (``"k" in data``). ``data["x"] is None`` asks whether the value is JSON
``null``: ``IsNull`` (``is not None`` → ``IsNull: false``). As ``data["x"]`` in Python needs the
key, test presence first where it may be missing: ``"x" in data and data["x"] is None`` (an
``And`` stops at its first false rule, as Python's ``and`` does).

``in`` with a value on the left (``data["c"] in ["DE", "AT"]``) is membership, which ASL cannot
test in one rule: compare with each (``data["c"] == "DE" or data["c"] == "AT"``). ``is`` tests
``None`` only; values compare with ``==``.
"""

from __future__ import annotations

from typing import Dict, Tuple

import libcst as cst

from ... import values
from ...codes import Code
from ..examples import Invalid
from . import operands
from .family import Condition, Dispatch, Rule, RuleError

_KEYS = (cst.In, cst.NotIn)
_NULLS = (cst.Is, cst.IsNot)
_POSITIVE: Dict[type, bool] = {cst.In: True, cst.NotIn: False, cst.Is: True, cst.IsNot: False}
_MEMBERSHIP = (
    '`in` tests whether a key is present, as in `"key" in data["obj"]`; to test a value against '
    'several, compare with each: `data["x"] == "a" or data["x"] == "b"`'
)


def claims(node: cst.BaseExpression) -> bool:
    return operands.single(node, _KEYS + _NULLS) is not None


def build(node: cst.BaseExpression, rule: Dispatch) -> Rule:
    assert isinstance(node, cst.Comparison)
    target = node.comparisons[0]
    positive = _POSITIVE[type(target.operator)]
    if isinstance(target.operator, _KEYS):
        variable, test = _key_path(node.left, target.comparator), "IsPresent"
    else:
        variable, test = _null_path(node.left, target), "IsNull"
    return {"Variable": variable, test: positive}


def _key_path(key: cst.BaseExpression, container: cst.BaseExpression) -> str:
    """The path of ``container[key]`` for ``key in container``."""
    if values.is_data_reference(key) or operands.cast(key) is not None:
        raise RuleError(Code.CHOICE_OPERATOR, key, _MEMBERSHIP)
    found = _string(key)
    if not values.is_data_reference(container):
        why = 'the right side of `in` is `data` or a data reference like `data["obj"]`'
        raise RuleError(Code.CHOICE_OPERAND, container, why)
    try:
        segment = values.path_segment(found[0], found[1])
    except values.NotStatic as exc:
        raise RuleError(Code.DATA_REFERENCE, exc.node, exc.why) from None
    return operands.path(container) + segment


def _string(node: cst.BaseExpression) -> Tuple[str, cst.BaseExpression]:
    try:
        value = values.literal(node)
    except values.NotStatic:
        value = None
    if not isinstance(value, str):
        why = 'the left side of `in` is the key to look for, a string literal like `"email"`'
        raise RuleError(Code.CHOICE_OPERAND, node, why)
    return value, node


def _null_path(node: cst.BaseExpression, target: cst.ComparisonTarget) -> str:
    """The path tested by ``node is None``."""
    if _is_none(node) and values.is_data_reference(target.comparator):
        written = cst.Comparison(
            target.comparator.with_changes(lpar=[], rpar=[]), [target.with_changes(comparator=node)]
        )
        raise RuleError(
            Code.CHOICE_OPERAND, node, f"`None` goes on the right: write `{operands.code(written)}`"
        )
    if not _is_none(target.comparator):
        raise RuleError(
            Code.CHOICE_OPERATOR, target.operator, "`is` tests for `None` only; compare values with `==`"
        )
    if not values.is_data_reference(node):
        why = 'the left side of `is None` is a data reference like `data["x"]`'
        raise RuleError(Code.CHOICE_OPERAND, node, why)
    return operands.path(node)


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


TITLE = "Presence and null: in, is None"

VALID = (
    Condition(
        """
        def main(data):
            if "coupon" in data["order"]:
                data["discounted"] = True
        """,
        title="a key in a data reference: IsPresent",
        true={"order": {"coupon": "WINTER"}},
        false={"order": {"total": 5}},
    ),
    Condition(
        """
        def main(data):
            if "email" not in data:
                data["contact"] = "post"
        """,
        title="not in: IsPresent false, here of the whole input",
        true={"phone": "123"},
        false={"email": "a@example.com"},
    ),
    Condition(
        """
        def main(data):
            if data["owner"] is None:
                data["owner"] = "ops"
        """,
        title="is None: IsNull",
        true={"owner": None},
        false={"owner": "kim"},
    ),
    Condition(
        """
        def main(data):
            if "manager" in data and data["manager"] is not None:
                data["escalate"] = True
        """,
        title="presence first, then is not None: a key that may be missing",
        true={"manager": "kim"},
        false={"manager": None},
    ),
)

INVALID = (
    Invalid(
        """
        def main(data):
            if data["country"] in ["DE", "AT"]:
                data["region"] = "DACH"
        """,
        Code.CHOICE_OPERATOR,
        2,
        title="in with a value on the left: membership",
        fix="""
        def main(data):
            if data["country"] == "DE" or data["country"] == "AT":
                data["region"] = "DACH"
        """,
    ),
    Invalid(
        """
        def main(data):
            if "vip" in data["tags"][0:3]:
                data["vip"] = True
        """,
        Code.DATA_REFERENCE,
        2,
        title="a container that is not a data reference path",
        fix="""
        def main(data):
            if "vip" in data["tags"]:
                data["vip"] = True
        """,
    ),
    Invalid(
        """
        def main(data):
            if 3 in data["slots"]:
                data["third"] = True
        """,
        Code.CHOICE_OPERAND,
        2,
        title="a key that is not a string",
        fix="""
        def main(data):
            if "3" in data["slots"]:
                data["third"] = True
        """,
    ),
)
