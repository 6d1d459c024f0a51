"""The ASL words fluxio_cst writes, checks and draws, each defined once.

The Choice recognisers pick operators from here, the validator accepts exactly these, and the
diagrams render them: a new operator family is added here and nowhere else in this vocabulary.
"""

from __future__ import annotations

from typing import Dict, Mapping, Optional, Sequence, Tuple

# The comparisons of a Choice rule, by operator suffix, with the symbol a diagram shows.
COMPARISONS: Mapping[str, str] = {
    "Equals": "==",
    "LessThan": "<",
    "GreaterThan": ">",
    "LessThanEquals": "<=",
    "GreaterThanEquals": ">=",
}

# Value kinds: an operator is a kind's prefix and a comparison suffix (``NumericLessThan``).
# Booleans only compare for equality.
ORDERED_KINDS: Tuple[str, ...] = ("String", "Numeric", "Timestamp")
VALUE_KINDS: Tuple[str, ...] = ("String", "Numeric", "Boolean", "Timestamp")
STRING, NUMERIC, BOOLEAN, TIMESTAMP = VALUE_KINDS  # by name, for the recognisers that pick one

# Type tests (``"IsNull": true``), with how a diagram words them.
TYPE_TESTS: Mapping[str, str] = {
    "IsNull": "null",
    "IsPresent": "present",
    "IsNumeric": "numeric",
    "IsString": "a string",
    "IsBoolean": "a boolean",
    "IsTimestamp": "a timestamp",
}

COMBINATORS: Tuple[str, ...] = ("And", "Or", "Not")
AND, OR, NOT = COMBINATORS
MATCHES = "StringMatches"
PATH_SUFFIX = "Path"  # ``StringEqualsPath``: the value is a path to compare with


def _operators() -> Dict[str, str]:
    """Every comparison operator of ASL and the kind of value it takes: ``string``,
    ``number``, ``boolean``, ``timestamp`` or ``path``."""
    kinds = {"String": "string", "Numeric": "number", "Timestamp": "timestamp"}
    table: Dict[str, str] = {"BooleanEquals": "boolean", "BooleanEqualsPath": "path", MATCHES: "string"}
    for suffix in COMPARISONS:
        for prefix in ORDERED_KINDS:
            table[prefix + suffix] = kinds[prefix]
            table[prefix + suffix + PATH_SUFFIX] = "path"
    table.update(dict.fromkeys(TYPE_TESTS, "boolean"))
    return table


OPERATORS: Mapping[str, str] = _operators()


def comparison_parts(operator: str) -> Optional[Tuple[str, str, bool]]:
    """``(kind, suffix, is_path)`` of a comparison operator (``NumericLessThanPath`` →
    ``("Numeric", "LessThan", True)``), None for type tests, matches and unknown words."""
    is_path = operator.endswith(PATH_SUFFIX)
    base = operator[: -len(PATH_SUFFIX)] if is_path else operator
    for kind in VALUE_KINDS:
        if base.startswith(kind) and base[len(kind) :] in COMPARISONS:
            return kind, base[len(kind) :], is_path
    return None


# Error names ------------------------------------------------------------------------------
CATCH_ALL = "States.ALL"  # matches every error; a bare ``except:`` and a plain ``retry()``
CATCH_ALL_RULE = "a handler of every error (bare `except:` or `States.ALL`) must stand alone and last"


def catch_all_problems(errors: Sequence[str], is_last: bool) -> Tuple[str, ...]:
    """How one Retry or Catch handler's ``ErrorEquals`` breaks the catch-all rule:
    ``States.ALL`` stands ``"alone"``, in the ``"last"`` handler (anything after it could never
    match, and Step Functions rejects the definition). Empty when it keeps the rule."""
    if CATCH_ALL not in errors:
        return ()
    return tuple(p for p, broken in (("alone", len(errors) != 1), ("last", not is_last)) if broken)
