"""Structural validation of compiled Amazon States Language (ASL) documents.

Why this exists: the compiler emits ASL as plain Python dicts, and AWS only
rejects a broken definition at deploy time (CloudFormation / ``CreateStateMachine``),
which is a slow and remote feedback loop.  :func:`validate_asl` catches the
structural mistakes a compiler is likely to make -- dangling ``Next`` targets,
unreachable states, malformed Choice rules, bad JSONPath syntax -- offline, in
pure Python, with a precise path to the offending field.

It deliberately checks *structure*, not semantics that need AWS (ARNs, IAM,
service integrations).  The rules are kept in tables (:data:`_STATE_RULES`,
:data:`_FIELD_CHECKS`, :data:`_OPERATORS`) so that supporting a new field means
adding a row, not a branch.

Violation paths use dotted state names and ``[i]`` list indexes, e.g.
``States.m.Iterator.States.x.Catch[0].ErrorEquals``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn

__all__ = ["AslViolation", "validate_asl"]


@dataclass(frozen=True)
class AslViolation:
    """One problem found in an ASL document.

    ``path`` locates the offending field (``States.foo.Next``) so that a
    compiler test can assert on *where* the problem is, not only that one
    exists; ``message`` says what is wrong in plain words.
    """

    path: str
    message: str


def validate_asl(asl: Mapping[str, Any]) -> list[AslViolation]:
    """Return every structural violation in ``asl``; an empty list means valid.

    All violations are collected (rather than raising on the first) so that a
    single run shows the whole picture of a broken compiler output.
    """
    out = _Collector()
    _check_machine(asl, "", out, top_level=True)
    return list(out.violations)


# --------------------------------------------------------------------------
# Collector and small helpers
# --------------------------------------------------------------------------


@dataclass
class _Collector:
    """Accumulates violations and the machine-wide state-name registry.

    State names must be unique across the *whole* machine, nested Map
    iterators and Parallel branches included, so the registry has to outlive
    the recursion into nested state machines.
    """

    violations: list[AslViolation] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)

    def add(self, path: str, message: str) -> None:
        self.violations.append(AslViolation(path, message))

    def register_name(self, name: str, path: str) -> None:
        first = self.names.get(name)
        if first is None:
            self.names[name] = path
        else:
            self.add(path, f"duplicate state name {name!r} (first defined at {first})")


_FieldCheck = Callable[[Any, str, _Collector], None]


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _is_int(value: Any) -> bool:
    # bool is an int subclass in Python but never a valid ASL integer.
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# RFC 3339 date-time, as Wait ``Timestamp`` and Timestamp* comparisons require.
_TIMESTAMP_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


def _is_timestamp(value: Any) -> bool:
    return isinstance(value, str) and _TIMESTAMP_RE.fullmatch(value) is not None


def _check_fields(
    obj: Mapping[str, Any],
    table: Mapping[str, _FieldCheck],
    path: str,
    out: _Collector,
) -> None:
    """Run the per-field checker of ``table`` on every field present in ``obj``."""
    for key, value in obj.items():
        check = table.get(key)
        if check is not None:
            check(value, _join(path, key), out)


def _check_unknown_fields(
    obj: Mapping[str, Any],
    allowed: frozenset[str],
    path: str,
    what: str,
    out: _Collector,
) -> None:
    for key in obj:
        if key not in allowed:
            out.add(_join(path, str(key)), f"is not allowed in {what}")


# --------------------------------------------------------------------------
# JSONPath / intrinsic function syntax
# --------------------------------------------------------------------------


class _SyntaxProblem(Exception):
    """Raised by the tiny recursive-descent parsers below; caught at the edge."""


class _Scanner:
    """A cursor over a path / intrinsic string, shared by both parsers.

    Sharing one cursor lets an intrinsic function argument be parsed as a
    path that simply stops at the next ``,`` or ``)``.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def peek(self, n: int = 1) -> str:
        return self.text[self.pos : self.pos + n]

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def skip_spaces(self) -> None:
        while not self.at_end() and self.text[self.pos].isspace():
            self.pos += 1

    def expect(self, literal: str) -> None:
        if not self.text.startswith(literal, self.pos):
            self.fail(f"expected {literal!r}")
        self.pos += len(literal)

    def match(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        found = pattern.match(self.text, self.pos)
        if found is not None:
            self.pos = found.end()
        return found

    def fail(self, message: str) -> NoReturn:
        where = repr(self.peek()) if not self.at_end() else "end of text"
        raise _SyntaxProblem(f"{message} at offset {self.pos} ({where})")


# A dot-notation member name: anything but JSONPath punctuation and spaces.
_NAME_RE = re.compile(r"[^\s.\[\]'\"(),*?\\]+")
_INDEX_RE = re.compile(r"\d+")
# Path-only subscripts: slices ``[1:3]``, ``[::2]`` and unions ``[0,2]``.
_SLICE_OR_UNION_RE = re.compile(r"-?\d*:-?\d*(?::-?\d*)?|-?\d+(?:\s*,\s*-?\d+)*")


def _parse_quoted(sc: _Scanner) -> None:
    quote = sc.peek()
    sc.pos += 1
    while not sc.at_end():
        char = sc.peek()
        if char == "\\":
            sc.pos += 2
        elif char == quote:
            sc.pos += 1
            return
        else:
            sc.pos += 1
    sc.fail("unterminated string")


def _parse_filter(sc: _Scanner) -> None:
    """Skip a ``?( ... )`` filter expression, balancing parentheses and quotes."""
    sc.expect("?(")
    depth = 1
    while depth and not sc.at_end():
        char = sc.peek()
        if char in "'\"":
            _parse_quoted(sc)
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        sc.pos += 1
    if depth:
        sc.fail("unbalanced parentheses in filter")


def _parse_bracket(sc: _Scanner, reference: bool) -> None:
    sc.expect("[")
    sc.skip_spaces()
    char = sc.peek()
    if char in ("'", '"'):
        _parse_quoted(sc)
        sc.skip_spaces()
        while not reference and sc.peek() == ",":
            sc.pos += 1
            sc.skip_spaces()
            if sc.peek() not in ("'", '"'):
                sc.fail("expected a quoted name in union")
            _parse_quoted(sc)
            sc.skip_spaces()
    elif reference:
        if sc.match(_INDEX_RE) is None:
            sc.fail("a reference path subscript must be a quoted name or an index")
    elif char == "*":
        sc.pos += 1
    elif char == "?":
        _parse_filter(sc)
    else:
        found = sc.match(_SLICE_OR_UNION_RE)
        if found is None or not found.group(0):
            sc.fail("expected a quoted name, index, slice, union, '*' or filter")
    sc.skip_spaces()
    sc.expect("]")


def _parse_member(sc: _Scanner, reference: bool) -> None:
    """Parse what follows ``.`` or ``..``: a name, or ``*`` in a plain path."""
    if sc.peek() == "*":
        if reference:
            sc.fail("wildcards are not allowed in a reference path")
        sc.pos += 1
    elif sc.match(_NAME_RE) is None:
        sc.fail("expected a member name")


def _parse_path(sc: _Scanner, reference: bool, allow_context: bool) -> None:
    """Parse one JSONPath at the cursor, stopping at the first foreign character.

    ``reference`` restricts the syntax to ASL *reference paths* (a single
    node: names and indexes only), as required by ``ResultPath`` and friends.
    """
    if sc.peek(2) == "$$":
        if not allow_context:
            sc.fail("context object paths ($$) are not allowed here")
        sc.pos += 2
    elif sc.peek() == "$":
        sc.pos += 1
    else:
        sc.fail("a path must start with '$'")
    while not sc.at_end():
        if sc.peek(2) == "..":
            if reference:
                sc.fail("deep scan '..' is not allowed in a reference path")
            sc.pos += 2
            if sc.peek() == "[":
                _parse_bracket(sc, reference)
            else:
                _parse_member(sc, reference)
        elif sc.peek() == ".":
            sc.pos += 1
            _parse_member(sc, reference)
        elif sc.peek() == "[":
            _parse_bracket(sc, reference)
        else:
            return


# Intrinsic functions documented for JSONPath states.
_INTRINSICS = frozenset(
    {
        "Format",
        "StringToJson",
        "JsonToString",
        "Array",
        "ArrayPartition",
        "ArrayContains",
        "ArrayRange",
        "ArrayGetItem",
        "ArrayLength",
        "ArrayUnique",
        "Base64Encode",
        "Base64Decode",
        "Hash",
        "JsonMerge",
        "MathRandom",
        "MathAdd",
        "StringSplit",
        "UUID",
    }
)
_INTRINSIC_HEAD_RE = re.compile(r"States\.([A-Za-z0-9]+)\(")
_LITERAL_RE = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|null\b|true\b|false\b")


def _parse_intrinsic(sc: _Scanner) -> None:
    head = sc.match(_INTRINSIC_HEAD_RE)
    if head is None:
        sc.fail("expected an intrinsic function call States.<Name>(...)")
    if head.group(1) not in _INTRINSICS:
        sc.fail(f"unknown intrinsic function States.{head.group(1)}")
    sc.skip_spaces()
    if sc.peek() == ")":
        sc.pos += 1
        return
    while True:
        _parse_intrinsic_argument(sc)
        sc.skip_spaces()
        if sc.peek() == ",":
            sc.pos += 1
            sc.skip_spaces()
        elif sc.peek() == ")":
            sc.pos += 1
            return
        else:
            sc.fail("expected ',' or ')' in intrinsic function arguments")


def _parse_intrinsic_argument(sc: _Scanner) -> None:
    if sc.peek() == "'":
        _parse_quoted(sc)
    elif sc.peek() == "$":
        _parse_path(sc, reference=False, allow_context=True)
    elif sc.text.startswith("States.", sc.pos):
        _parse_intrinsic(sc)
    elif sc.match(_LITERAL_RE) is None:
        sc.fail("expected a string, number, path or intrinsic function")


def _syntax_error(value: Any, parser: Callable[[_Scanner], None], what: str) -> str | None:
    """Run ``parser`` over the whole of ``value``; return a message or None."""
    if not isinstance(value, str):
        return f"must be a {what} string, got {type(value).__name__}"
    sc = _Scanner(value)
    try:
        parser(sc)
        if not sc.at_end():
            sc.fail("unexpected character")
    except _SyntaxProblem as problem:
        return f"invalid {what} {value!r}: {problem}"
    return None


def _path_error(value: Any, *, reference: bool, allow_context: bool) -> str | None:
    what = "reference path" if reference else "path"
    return _syntax_error(value, lambda sc: _parse_path(sc, reference, allow_context), what)


def _dynamic_value_error(value: Any) -> str | None:
    """Check the value of a ``"key.$"`` payload-template field.

    Such a value is a path (``$`` or context ``$$``) or an intrinsic function.
    """
    if isinstance(value, str) and value.startswith("States."):
        return _syntax_error(value, _parse_intrinsic, "intrinsic function")
    return _path_error(value, reference=False, allow_context=True)


# --------------------------------------------------------------------------
# Field checkers (signature: value, path, collector)
# --------------------------------------------------------------------------


def _path_check(reference: bool, nullable: bool = False) -> _FieldCheck:
    def check(value: Any, path: str, out: _Collector) -> None:
        if value is None and nullable:
            return
        error = _path_error(value, reference=reference, allow_context=False)
        if error:
            out.add(path, error)

    return check


def _int_check(minimum: int) -> _FieldCheck:
    def check(value: Any, path: str, out: _Collector) -> None:
        if not _is_int(value) or value < minimum:
            kind = "a positive" if minimum > 0 else "a non-negative"
            out.add(path, f"must be {kind} integer, got {value!r}")

    return check


def _check_backoff_rate(value: Any, path: str, out: _Collector) -> None:
    if not _is_number(value) or value < 1:
        out.add(path, f"must be a number >= 1.0, got {value!r}")


def _check_timestamp(value: Any, path: str, out: _Collector) -> None:
    if not _is_timestamp(value):
        out.add(path, f"must be an RFC 3339 timestamp string, got {value!r}")


def _check_non_empty_string(value: Any, path: str, out: _Collector) -> None:
    if not isinstance(value, str) or not value:
        out.add(path, "must be a non-empty string")


def _check_payload_template(value: Any, path: str, out: _Collector) -> None:
    """Check every ``"key.$"`` value in a Parameters-like template, recursively."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            item_path = _join(path, str(key))
            if isinstance(key, str) and key.endswith(".$"):
                error = _dynamic_value_error(item)
                if error:
                    out.add(item_path, error)
            else:
                _check_payload_template(item, item_path, out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_payload_template(item, f"{path}[{index}]", out)


def _check_nested_machine(value: Any, path: str, out: _Collector) -> None:
    _check_machine(value, path, out, top_level=False)


def _check_branches(value: Any, path: str, out: _Collector) -> None:
    if not isinstance(value, list) or not value:
        out.add(path, "must be a non-empty list of branches")
        return
    for index, branch in enumerate(value):
        _check_machine(branch, f"{path}[{index}]", out, top_level=False)


# --------------------------------------------------------------------------
# Retry / Catch
# --------------------------------------------------------------------------

_RETRIER_CHECKS: dict[str, _FieldCheck] = {
    "IntervalSeconds": _int_check(1),
    "MaxAttempts": _int_check(0),
    "MaxDelaySeconds": _int_check(1),
    "BackoffRate": _check_backoff_rate,
}
_RETRIER_FIELDS = frozenset({"ErrorEquals", "Comment", "JitterStrategy", *_RETRIER_CHECKS})
_CATCHER_CHECKS: dict[str, _FieldCheck] = {
    "ResultPath": _path_check(reference=True, nullable=True),
}
_CATCHER_FIELDS = frozenset({"ErrorEquals", "Next", "Comment", *_CATCHER_CHECKS})


def _check_error_equals(value: Any, path: str, is_last: bool, out: _Collector) -> None:
    """``States.ALL`` is a catch-all: it must stand alone, in the last handler.

    Anything listed after it (or beside it) could never match, which AWS
    rejects as a definition error.
    """
    if not isinstance(value, list) or not value:
        out.add(path, "must be a non-empty list of error names")
        return
    if not all(isinstance(item, str) and item for item in value):
        out.add(path, "must contain only non-empty error-name strings")
        return
    if "States.ALL" in value:
        if len(value) != 1:
            out.add(path, "States.ALL must appear alone in ErrorEquals")
        if not is_last:
            out.add(path, "States.ALL must only appear in the last retrier/catcher")


def _handlers_check(kind: str, allowed: frozenset[str], checks: Mapping[str, _FieldCheck]) -> _FieldCheck:
    needs_next = kind == "catcher"

    def check(value: Any, path: str, out: _Collector) -> None:
        if not isinstance(value, list):
            out.add(path, f"must be a list of {kind}s")
            return
        for index, handler in enumerate(value):
            handler_path = f"{path}[{index}]"
            if not isinstance(handler, Mapping):
                out.add(handler_path, f"a {kind} must be an object")
                continue
            _check_unknown_fields(handler, allowed, handler_path, f"a {kind}", out)
            _check_error_equals(
                handler.get("ErrorEquals"),
                f"{handler_path}.ErrorEquals",
                index == len(value) - 1,
                out,
            )
            if needs_next and "Next" not in handler:
                out.add(f"{handler_path}.Next", f"is required in a {kind}")
            _check_fields(handler, checks, handler_path, out)

    return check


# --------------------------------------------------------------------------
# Choice rules
# --------------------------------------------------------------------------


def _operator_table() -> dict[str, tuple[str, Callable[[Any], str | None]]]:
    """Map every ASL comparison operator to (expected-type text, value checker).

    A checker returns an error message or None.  ``...Path`` variants compare
    against another path, so their value is checked as a path.
    """

    def expect(what: str, predicate: Callable[[Any], bool]) -> Callable[[Any], str | None]:
        return lambda value: None if predicate(value) else f"expects {what}, got {value!r}"

    def path_value(value: Any) -> str | None:
        return _path_error(value, reference=False, allow_context=True)

    string = ("a string", expect("a string", lambda v: isinstance(v, str)))
    number = ("a number", expect("a number", _is_number))
    boolean = ("a boolean", expect("a boolean", lambda v: isinstance(v, bool)))
    timestamp = ("a timestamp", expect("an RFC 3339 timestamp string", _is_timestamp))
    path = ("a path", path_value)

    table: dict[str, tuple[str, Callable[[Any], str | None]]] = {
        "BooleanEquals": boolean,
        "BooleanEqualsPath": path,
        "StringMatches": string,
    }
    for suffix in (
        "Equals",
        "LessThan",
        "GreaterThan",
        "LessThanEquals",
        "GreaterThanEquals",
    ):
        for prefix, kind in (
            ("String", string),
            ("Numeric", number),
            ("Timestamp", timestamp),
        ):
            table[prefix + suffix] = kind
            table[prefix + suffix + "Path"] = path
    for test in (
        "IsNull",
        "IsPresent",
        "IsNumeric",
        "IsString",
        "IsBoolean",
        "IsTimestamp",
    ):
        table[test] = boolean
    return table


_OPERATORS = _operator_table()
_COMBINATORS = frozenset({"And", "Or", "Not"})
_CHOICE_RULE_FIELDS = frozenset({"Next", "Comment", "Variable", *_COMBINATORS, *_OPERATORS})


def _check_choices(value: Any, path: str, out: _Collector) -> None:
    if not isinstance(value, list) or not value:
        out.add(path, "must be a non-empty list of choice rules")
        return
    for index, rule in enumerate(value):
        _check_choice_rule(rule, f"{path}[{index}]", out, top_level=True)


def _check_choice_rule(rule: Any, path: str, out: _Collector, top_level: bool) -> None:
    """Check one rule: Next only at top level, exactly one operator or combinator."""
    if not isinstance(rule, Mapping):
        out.add(path, "a choice rule must be an object")
        return
    _check_unknown_fields(rule, _CHOICE_RULE_FIELDS, path, "a choice rule", out)
    if top_level and "Next" not in rule:
        out.add(_join(path, "Next"), "is required in a top-level choice rule")
    if not top_level and "Next" in rule:
        out.add(_join(path, "Next"), "is not allowed in a nested choice rule")
    kinds = [key for key in rule if key in _OPERATORS or key in _COMBINATORS]
    if len(kinds) != 1:
        found = ", ".join(kinds) or "none"
        out.add(
            path,
            f"must have exactly one comparison operator or one of And/Or/Not (found: {found})",
        )
        return
    kind = kinds[0]
    if kind in _COMBINATORS:
        _check_combinator(rule, kind, path, out)
        return
    if "Variable" not in rule:
        out.add(_join(path, "Variable"), f"is required with operator {kind}")
    else:
        error = _path_error(rule["Variable"], reference=False, allow_context=True)
        if error:
            out.add(_join(path, "Variable"), error)
    error = _OPERATORS[kind][1](rule[kind])
    if error:
        out.add(_join(path, kind), f"{kind} {error}")


def _check_combinator(rule: Mapping[str, Any], kind: str, path: str, out: _Collector) -> None:
    if "Variable" in rule:
        out.add(_join(path, "Variable"), f"is not allowed beside {kind}")
    operand = rule[kind]
    kind_path = _join(path, kind)
    if kind == "Not":
        _check_choice_rule(operand, kind_path, out, top_level=False)
    elif not isinstance(operand, list) or not operand:
        out.add(kind_path, f"{kind} must be a non-empty list of choice rules")
    else:
        for index, child in enumerate(operand):
            _check_choice_rule(child, f"{kind_path}[{index}]", out, top_level=False)


# --------------------------------------------------------------------------
# States
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _StateRule:
    """What a state Type requires and allows.

    ``terminal`` types (Choice, Succeed, Fail) neither take ``Next`` nor
    ``End``; every other type needs exactly one of them.  ``exactly_one``
    lists groups of mutually exclusive fields of which one must be present,
    ``at_most_one`` groups of which at most one may be.
    """

    required: tuple[str, ...] = ()
    allowed: frozenset[str] = frozenset()
    terminal: bool = False
    exactly_one: tuple[tuple[str, ...], ...] = ()
    at_most_one: tuple[tuple[str, ...], ...] = ()


_IO = ("InputPath", "OutputPath")
_FLOW = ("Next", "End")
_RESULT = ("ResultPath", "Parameters", "ResultSelector")
_ERRORS = ("Retry", "Catch")


def _fields(*groups: tuple[str, ...]) -> frozenset[str]:
    return frozenset({"Type", "Comment"}.union(*groups))


_STATE_RULES: dict[str, _StateRule] = {
    "Task": _StateRule(
        required=("Resource",),
        allowed=_fields(
            _IO,
            _FLOW,
            _RESULT,
            _ERRORS,
            (
                "Resource",
                "TimeoutSeconds",
                "TimeoutSecondsPath",
                "HeartbeatSeconds",
                "HeartbeatSecondsPath",
                "Credentials",
            ),
        ),
        at_most_one=(
            ("TimeoutSeconds", "TimeoutSecondsPath"),
            ("HeartbeatSeconds", "HeartbeatSecondsPath"),
        ),
    ),
    "Pass": _StateRule(allowed=_fields(_IO, _FLOW, ("ResultPath", "Parameters", "Result"))),
    "Wait": _StateRule(
        allowed=_fields(_IO, _FLOW, ("Seconds", "SecondsPath", "Timestamp", "TimestampPath")),
        exactly_one=(("Seconds", "SecondsPath", "Timestamp", "TimestampPath"),),
    ),
    "Choice": _StateRule(
        required=("Choices",),
        allowed=_fields(_IO, ("Choices", "Default")),
        terminal=True,
    ),
    "Succeed": _StateRule(allowed=_fields(_IO), terminal=True),
    "Fail": _StateRule(
        allowed=_fields(("Error", "Cause", "ErrorPath", "CausePath")),
        terminal=True,
        at_most_one=(("Error", "ErrorPath"), ("Cause", "CausePath")),
    ),
    "Parallel": _StateRule(
        required=("Branches",),
        allowed=_fields(_IO, _FLOW, _RESULT, _ERRORS, ("Branches",)),
    ),
    "Map": _StateRule(
        allowed=_fields(
            _IO,
            _FLOW,
            _RESULT,
            _ERRORS,
            (
                "Iterator",
                "ItemProcessor",
                "ItemsPath",
                "ItemSelector",
                "ItemReader",
                "ItemBatcher",
                "ResultWriter",
                "MaxConcurrency",
                "MaxConcurrencyPath",
                "ToleratedFailurePercentage",
                "ToleratedFailurePercentagePath",
                "ToleratedFailureCount",
                "ToleratedFailureCountPath",
                "Label",
            ),
        ),
        exactly_one=(("Iterator", "ItemProcessor"),),
        at_most_one=(
            ("Parameters", "ItemSelector"),
            ("MaxConcurrency", "MaxConcurrencyPath"),
        ),
    ),
}

# Per-field value checks, applied to whichever of these fields a state has
# (the allowed-field table above decides where a field may appear at all).
_FIELD_CHECKS: dict[str, _FieldCheck] = {
    "InputPath": _path_check(reference=False, nullable=True),
    "OutputPath": _path_check(reference=False, nullable=True),
    "ResultPath": _path_check(reference=True, nullable=True),
    "ItemsPath": _path_check(reference=True),
    "SecondsPath": _path_check(reference=True),
    "TimestampPath": _path_check(reference=True),
    "TimeoutSecondsPath": _path_check(reference=True),
    "HeartbeatSecondsPath": _path_check(reference=True),
    "MaxConcurrencyPath": _path_check(reference=True),
    "ErrorPath": _path_check(reference=True),
    "CausePath": _path_check(reference=True),
    "Parameters": _check_payload_template,
    "ResultSelector": _check_payload_template,
    "ItemSelector": _check_payload_template,
    "TimeoutSeconds": _int_check(1),
    "HeartbeatSeconds": _int_check(1),
    "Seconds": _int_check(0),
    "MaxConcurrency": _int_check(0),
    "Timestamp": _check_timestamp,
    "Resource": _check_non_empty_string,
    "Choices": _check_choices,
    "Retry": _handlers_check("retrier", _RETRIER_FIELDS, _RETRIER_CHECKS),
    "Catch": _handlers_check("catcher", _CATCHER_FIELDS, _CATCHER_CHECKS),
    "Iterator": _check_nested_machine,
    "ItemProcessor": _check_nested_machine,
    "Branches": _check_branches,
}

_MAX_NAME_LENGTH = 80


def _iter_targets(state: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """Yield (relative path, target) for every transition out of ``state``.

    Shared by the dangling-target check and the reachability walk so both
    agree on what a transition is.
    """
    if "Next" in state:
        yield "Next", state["Next"]
    if "Default" in state:
        yield "Default", state["Default"]
    for key in ("Choices", "Catch"):
        items = state.get(key)
        if isinstance(items, list):
            for index, item in enumerate(items):
                if isinstance(item, Mapping) and "Next" in item:
                    yield f"{key}[{index}].Next", item["Next"]


def _check_state(name: str, state: Any, path: str, names: Mapping[str, Any], out: _Collector) -> None:
    out.register_name(name, path)
    if len(name) > _MAX_NAME_LENGTH:
        out.add(path, f"state name is longer than {_MAX_NAME_LENGTH} characters")
    if not isinstance(state, Mapping):
        out.add(path, "a state must be an object")
        return
    state_type = state.get("Type")
    rule = _STATE_RULES.get(state_type) if isinstance(state_type, str) else None
    if rule is None:
        known = ", ".join(sorted(_STATE_RULES))
        out.add(
            _join(path, "Type"),
            f"unknown state Type {state_type!r} (expected one of {known})",
        )
        return
    what = f"a {state_type} state"
    for required in rule.required:
        if required not in state:
            out.add(_join(path, required), f"is required in {what}")
    _check_unknown_fields(state, rule.allowed, path, what, out)
    for group in rule.exactly_one:
        present = [key for key in group if key in state]
        if len(present) != 1:
            out.add(
                path,
                f"{what} needs exactly one of {', '.join(group)} (found: {', '.join(present) or 'none'})",
            )
    for group in rule.at_most_one:
        present = [key for key in group if key in state]
        if len(present) > 1:
            out.add(path, f"{what} allows at most one of {', '.join(group)}")
    if not rule.terminal:
        _check_next_or_end(state, path, out)
    for relative, target in _iter_targets(state):
        if not isinstance(target, str) or target not in names:
            out.add(
                _join(path, relative),
                f"target {target!r} is not a state in this States map",
            )
    _check_fields(state, _FIELD_CHECKS, path, out)


def _check_next_or_end(state: Mapping[str, Any], path: str, out: _Collector) -> None:
    if "End" in state and state["End"] is not True:
        out.add(_join(path, "End"), "End must be true when present")
    has_end = state.get("End") is True
    has_next = "Next" in state
    if has_next == has_end:
        found = "both" if has_next else "neither"
        out.add(path, f"must have exactly one of Next or End: true (found {found})")


def _check_reachability(start: Any, states: Mapping[str, Any], states_path: str, out: _Collector) -> None:
    if not isinstance(start, str) or start not in states:
        return  # already reported as a bad StartAt; every state would be noise
    seen = {start}
    pending = [start]
    while pending:
        state = states[pending.pop()]
        if not isinstance(state, Mapping):
            continue
        for _, target in _iter_targets(state):
            if isinstance(target, str) and target in states and target not in seen:
                seen.add(target)
                pending.append(target)
    for name in states:
        if name not in seen:
            out.add(f"{states_path}.{name}", "state is unreachable from StartAt")


_TOP_LEVEL_FIELDS = frozenset({"StartAt", "States", "Comment", "TimeoutSeconds", "Version"})
_NESTED_FIELDS = frozenset({"StartAt", "States", "Comment", "ProcessorConfig"})


def _check_machine(machine: Any, prefix: str, out: _Collector, top_level: bool) -> None:
    """Check one States map (the whole machine, a Map iterator or a branch)."""
    if not isinstance(machine, Mapping):
        out.add(prefix, "a state machine must be an object with StartAt and States")
        return
    allowed = _TOP_LEVEL_FIELDS if top_level else _NESTED_FIELDS
    what = "a state machine" if top_level else "a nested state machine"
    _check_unknown_fields(machine, allowed, prefix, what, out)
    if top_level and "TimeoutSeconds" in machine:
        _int_check(1)(machine["TimeoutSeconds"], _join(prefix, "TimeoutSeconds"), out)
    states_path = _join(prefix, "States")
    states = machine.get("States")
    if not isinstance(states, Mapping) or not states:
        out.add(states_path, "must be a non-empty object of states")
        states = {}
    start = machine.get("StartAt")
    if not isinstance(start, str):
        out.add(_join(prefix, "StartAt"), "is required and must be a state name")
    elif start not in states:
        out.add(
            _join(prefix, "StartAt"),
            f"target {start!r} is not a state in this States map",
        )
    for name, state in states.items():
        _check_state(str(name), state, f"{states_path}.{name}", states, out)
    _check_reachability(start, states, states_path, out)
