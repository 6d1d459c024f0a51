"""The syntax of ASL paths and intrinsic functions, checked offline.

Why a scanner of our own: a JSONPath (``$.a[0]``), a *reference path* (the single-node kind
``ResultPath`` takes) and an intrinsic call (``States.Format('{}', $.x)``) are small grammars, and
the message must say where a string goes wrong. Both parsers share one cursor, so an intrinsic's
argument is read as a path that simply stops at the next ``,`` or ``)``.

:func:`path_error` and :func:`dynamic_value_error` are what the field checks call: a message, or
None when the string is well formed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NoReturn


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


def path_error(value: Any, *, reference: bool, allow_context: bool) -> str | None:
    """What is wrong with ``value`` as a path (a reference path when ``reference``; ``$$``
    context paths only when ``allow_context``), or None."""
    what = "reference path" if reference else "path"
    return _syntax_error(value, lambda sc: _parse_path(sc, reference, allow_context), what)


def dynamic_value_error(value: Any) -> str | None:
    """Check the value of a ``"key.$"`` payload-template field.

    Such a value is a path (``$`` or context ``$$``) or an intrinsic function.
    """
    if isinstance(value, str) and value.startswith("States."):
        return _syntax_error(value, _parse_intrinsic, "intrinsic function")
    return path_error(value, reference=False, allow_context=True)
