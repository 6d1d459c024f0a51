"""One table of a TOML file, read without a TOML library: for Pythons without ``tomllib``.

fluxio_cst's runtime dependencies are LibCST and typing-extensions only, and Python 3.9 and
3.10 have no TOML reader, so :func:`table` reads the one table settings live in,
``[tool.fluxio-cst]``, in the subset of TOML its values need: one-line basic and literal
strings (with TOML's escapes), ``true``/``false``, and arrays of those (over several lines,
with comments and a trailing comma). Anything else in the table (a number, a date, a
inline table) is returned as an :class:`Other`, which the settings reject as a value of the wrong
type, and a multi-line string is an error; the rest of the file is skipped line by line, table
headers aside (so a header-like line inside another table's multi-line string, or the table
written as dotted keys of ``[tool]``, is not read as ``tomllib`` reads it).
On Python 3.11 and later ``tomllib`` reads the file instead; the test suite checks that both
read every table it generates alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple


@dataclass(frozen=True)
class Other:
    """A value of a type the settings do not take (a number, a date, an inline table), as
    written: messages show it as ``tomllib``'s ``repr`` of a number would."""

    text: str

    def __repr__(self) -> str:
        return self.text


class TomlError(ValueError):
    """The table is not TOML the reader understands; the message says where."""


_HEADER = re.compile(r"\s*\[(?!\[)(?P<name>[^\]]*)\]\s*(#.*)?")
_TABLES_HEADER = re.compile(r"\s*\[\[[^\]]*\]\]\s*(#.*)?")
_KEY_PART = re.compile(
    r"\s*(?:(?P<bare>[A-Za-z0-9_-]+)|\"(?P<basic>(?:[^\"\\]|\\.)*)\"|'(?P<literal>[^']*)')\s*"
)
_ONE_LINE_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'')
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def table(text: str, name: Tuple[str, ...]) -> Optional[Dict[str, Any]]:
    """The table ``name`` (``("tool", "fluxio-cst")``) of a TOML text, None when it has none."""
    lines = text.splitlines()
    for index in _header_lines(lines):
        header = _HEADER.fullmatch(lines[index])  # not ``[[…]]``, an array of tables
        if header is None and not _TABLES_HEADER.fullmatch(lines[index]):
            raise TomlError(f"line {index + 1}: a table header is `[name]` on a line of its own")
        if header is not None and _dotted(header.group("name")) == name:
            found: Dict[str, Any] = {}
            _read_table(lines, index + 1, found)
            return found
    return None


def _header_lines(lines: List[str]) -> List[int]:
    """The lines that start outside a multi-line string with ``[``: where a header may be."""
    starts, open_string = [], None
    for index, line in enumerate(lines):
        if open_string is None and line.lstrip().startswith("["):
            starts.append(index)
        open_string = _string_left_open(line, open_string)
    return starts


def _string_left_open(line: str, open_string: Optional[str]) -> Optional[str]:
    """The multi-line string delimiter still open at the end of ``line`` (None: none), given
    the one open at its start; one-line strings and comments are skipped."""
    at = 0
    while at < len(line):
        if open_string is not None:
            end = line.find(open_string, at)
            if end == -1:
                return open_string
            open_string, at = None, end + 3
            continue
        char = line[at]
        if char == "#":
            return None
        if line.startswith(('"""', "'''"), at):
            open_string, at = line[at : at + 3], at + 3
        elif char in "\"'":
            match = _ONE_LINE_STRING.match(line, at)
            at = match.end() if match else len(line)
        else:
            at += 1
    return open_string


def _read_table(lines: List[str], index: int, into: Dict[str, Any]) -> None:
    """Read ``key = value`` lines into ``into`` up to the next header."""
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if stripped.startswith("["):
            return
        if not stripped or stripped.startswith("#"):
            index += 1
            continue
        key, rest = _key(line, index)
        if key in into:
            raise TomlError(f"line {index + 1}: `{key}` is set twice")
        into[key], index = _value(lines, index, rest)


def _key(line: str, index: int) -> Tuple[str, str]:
    parts, position = [], 0
    while True:
        match = _KEY_PART.match(line, position)
        if match is None or not match.group(0).strip():
            raise TomlError(f"line {index + 1}: expected `key = value`")
        parts.append(_key_text(match))
        position = match.end()
        if not line.startswith(".", position):
            break
        position += 1
    if not line.startswith("=", position):
        raise TomlError(f"line {index + 1}: expected `=` after the key")
    return ".".join(parts), line[position + 1 :]


def _key_text(match: re.Match[str]) -> str:
    if match.group("bare") is not None:
        return match.group("bare")
    if match.group("basic") is not None:
        return _unescape(match.group("basic"), 0)
    return match.group("literal")


def _dotted(name: str) -> Tuple[str, ...]:
    parts, position = [], 0
    while position < len(name):
        match = _KEY_PART.match(name, position)
        if match is None or not match.group(0).strip():
            return ()
        parts.append(_key_text(match))
        position = match.end()
        if position < len(name) and name[position] != ".":
            return ()
        position += 1
    return tuple(parts)


def _value(lines: List[str], index: int, rest: str) -> Tuple[Any, int]:
    """The value starting in ``rest`` (the text after ``=`` on line ``index``), and the index
    of the line after it."""
    reader = _Reader(lines, index, rest)
    value = reader.value()
    reader.end_of_line()
    return value, reader.index + 1


class _Reader:
    """A cursor over the value's lines (an array may span several)."""

    def __init__(self, lines: List[str], index: int, rest: str) -> None:
        self.lines, self.index, self.text, self.at = lines, index, rest, 0

    def skip(self, newlines: bool) -> None:
        while True:
            while self.at < len(self.text) and self.text[self.at] in " \t":
                self.at += 1
            if self.at < len(self.text) and self.text[self.at] == "#":
                self.at = len(self.text)
            if self.at < len(self.text) or not newlines or self.index + 1 >= len(self.lines):
                return
            self.index, self.text, self.at = self.index + 1, self.lines[self.index + 1], 0

    def value(self) -> Any:
        self.skip(newlines=False)
        rest = self.text[self.at :]
        if rest.startswith(('"""', "'''")):
            raise TomlError(
                f"line {self.index + 1}: a multi-line string is not read here; write it on one line"
            )
        if rest.startswith('"'):
            match = re.match(r'"((?:[^"\\]|\\.)*)"', rest)
            return self._take(match, lambda m: _unescape(m.group(1), self.index))
        if rest.startswith("'"):
            return self._take(re.match(r"'([^']*)'", rest), lambda m: m.group(1))
        for word, meaning in (("true", True), ("false", False)):
            if re.match(rf"{word}(?![A-Za-z0-9_-])", rest):
                self.at += len(word)
                return meaning
        if rest.startswith("["):
            return self._array()
        return self._other()

    def _take(self, match: Optional[re.Match[str]], convert: Any) -> Any:
        if match is None:
            raise TomlError(f"line {self.index + 1}: a string is not closed on its line")
        self.at += match.end()
        return convert(match)

    def _array(self) -> Any:
        self.at += 1
        items: List[Any] = []
        while True:
            self.skip(newlines=True)
            if self.text.startswith("]", self.at):
                self.at += 1
                return items
            items.append(self.value())
            self.skip(newlines=True)
            if self.text.startswith(",", self.at):
                self.at += 1
            elif not self.text.startswith("]", self.at):
                raise TomlError(f"line {self.index + 1}: expected `,` or `]` in an array")

    def _other(self) -> Any:
        """A value of another type (a number, a date, an inline table): skipped to where it ends,
        the ``,`` or ``]`` after it in an array, a comment or the end of the line."""
        start = self.at
        if self.text.startswith("{", self.at):
            end = self.text.find("}", self.at)  # an inline table is on one line
            self.at = len(self.text) if end == -1 else end + 1
        else:
            match = re.compile(r"[^,\]#]*").match(self.text, self.at)
            assert match is not None  # the pattern matches the empty string
            self.at = match.end()
        return Other(self.text[start : self.at].strip())

    def end_of_line(self) -> None:
        self.skip(newlines=False)
        if self.at < len(self.text):
            raise TomlError(f"line {self.index + 1}: unexpected text after the value")


def _unescape(text: str, index: int) -> str:
    def replace(match: re.Match[str]) -> str:
        escape = match.group(1)
        if escape[0] in "uU":
            return chr(int(escape[1:], 16))
        if escape in _ESCAPES:
            return _ESCAPES[escape]
        raise TomlError(f"line {index + 1}: `\\{escape}` is not a TOML escape")

    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", replace, text)
