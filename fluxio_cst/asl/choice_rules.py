"""The rules of a Choice state: comparisons, type tests and And/Or/Not, nested.

Why the operators come from :mod:`fluxio_cst.asl.vocabulary`: the Choice recognisers write,
this module accepts and the diagrams draw the same operator words, so each is defined there
once; this module only knows how each *kind* of operand (string, number, path, ...) is checked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Optional

from .fields import Collector, check_unknown_fields, is_number, is_timestamp, join, listed
from .paths import path_error
from .vocabulary import COMBINATORS, OPERATORS

_ValueCheck = Callable[[Any], Optional[str]]


def _expect(what: str, predicate: Callable[[Any], bool]) -> _ValueCheck:
    return lambda value: None if predicate(value) else f"expects {what}, got {value!r}"


def _path_value(value: Any) -> str | None:
    """A rule's ``Variable``, and the value of a ``...Path`` operator (it compares against
    another path), is a path that may read the context object."""
    return path_error(value, reference=False, allow_context=True)


# How an operator's value is checked, by the value kind vocabulary.OPERATORS gives it; a
# checker returns an error message or None.
_VALUE_CHECKS: dict[str, _ValueCheck] = {
    "string": _expect("a string", lambda v: isinstance(v, str)),
    "number": _expect("a number", is_number),
    "boolean": _expect("a boolean", lambda v: isinstance(v, bool)),
    "timestamp": _expect("an RFC 3339 timestamp string", is_timestamp),
    "path": _path_value,
}
_CHOICE_RULE_FIELDS = frozenset({"Next", "Comment", "Variable", *COMBINATORS, *OPERATORS})


def check_choices(value: Any, path: str, out: Collector) -> None:
    for rule_path, rule in listed(value, path, out, "must be a non-empty list of choice rules"):
        _check_choice_rule(rule, rule_path, out, top_level=True)


def _check_choice_rule(rule: Any, path: str, out: Collector, top_level: bool) -> None:
    """Check one rule: Next only at top level, exactly one operator or combinator."""
    if not isinstance(rule, Mapping):
        out.add(path, "a choice rule must be an object")
        return
    check_unknown_fields(rule, _CHOICE_RULE_FIELDS, path, "a choice rule", out)
    if top_level and "Next" not in rule:
        out.add(join(path, "Next"), "is required in a top-level choice rule")
    if not top_level and "Next" in rule:
        out.add(join(path, "Next"), "is not allowed in a nested choice rule")
    kinds = [key for key in rule if key in OPERATORS or key in COMBINATORS]
    if len(kinds) != 1:
        found = ", ".join(kinds) or "none"
        out.add(
            path,
            f"must have exactly one comparison operator or one of And/Or/Not (found: {found})",
        )
        return
    kind = kinds[0]
    if kind in COMBINATORS:
        _check_combinator(rule, kind, path, out)
        return
    if "Variable" not in rule:
        out.add(join(path, "Variable"), f"is required with operator {kind}")
    else:
        error = _path_value(rule["Variable"])
        if error:
            out.add(join(path, "Variable"), error)
    error = _VALUE_CHECKS[OPERATORS[kind]](rule[kind])
    if error:
        out.add(join(path, kind), f"{kind} {error}")


def _check_combinator(rule: Mapping[str, Any], kind: str, path: str, out: Collector) -> None:
    if "Variable" in rule:
        out.add(join(path, "Variable"), f"is not allowed beside {kind}")
    operand = rule[kind]
    kind_path = join(path, kind)
    if kind == "Not":
        _check_choice_rule(operand, kind_path, out, top_level=False)
    else:
        problem = f"{kind} must be a non-empty list of choice rules"
        for child_path, child in listed(operand, kind_path, out, problem):
            _check_choice_rule(child, child_path, out, top_level=False)
