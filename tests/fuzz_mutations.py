"""Mutations of every fixture file, the way people (and adversaries) break programs.

Statement level (from CPython's ``ast``, parsing only): delete, duplicate or swap sibling
statements, and nest one inside an ``if``, ``try`` or ``with retry()``. Token level (from
``tokenize``): change a literal, a name, a keyword or an operator. Text level: insert odd
strings and characters, delete or duplicate lines (the only moves for files CPython cannot
read). Used by ``tests/test_fuzz_dsl.py``.
"""

from __future__ import annotations

import ast
import io
import keyword
import tokenize
import warnings
from pathlib import Path
from typing import List, Optional, Tuple

from hypothesis import strategies as st

from tests.conftest import FIXTURES
from tests.dsl_strategies import ODD_STRINGS, SURROGATE_STRINGS, number_literal, string_literal


def fixture_files() -> List[Path]:
    """Every program of ``fixtures/``: goldens, the bad-input catalogue and its fixed files."""
    return sorted(
        list(FIXTURES.glob("*.py"))
        + list((FIXTURES / "errors").glob("*.py"))
        + list((FIXTURES / "errors" / "fixed").glob("*.py"))
    )


Range = Tuple[int, int]  # 0-based first line, exclusive end line


def _sibling_groups(text: str) -> List[List[Range]]:
    """Line ranges of sibling statements (one list per body) that own their lines alone."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return []
    groups: List[List[Range]] = []
    for node in ast.walk(tree):
        for name in ("body", "orelse", "finalbody", "handlers"):
            body = getattr(node, name, None)
            if (
                not isinstance(body, list)
                or not body
                or not isinstance(body[0], (ast.stmt, ast.excepthandler))
            ):
                continue
            ranges = []
            for stmt in body:
                first = min([stmt.lineno] + [d.lineno for d in getattr(stmt, "decorator_list", [])])
                ranges.append((first - 1, stmt.end_lineno or stmt.lineno))
            if all(a[1] <= b[0] for a, b in zip(ranges, ranges[1:])):
                groups.append(ranges)
    return groups


def _indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


NEST_HEADERS = ['if data["m"] == 1:', "try:", "with retry():", 'if not data["f"] == True:']
NAMES = [
    "data",
    "map",
    "parallel",
    "wait",
    "retry",
    "Task",
    "EventProcessor",
    "States.ALL",
    "main",
    "export",
    "schedule",
    "subscribe",
    "process_events",
    "str",
    "int",
    "bool",
    "float",
    "self",
    "ﬁle",
    "Ünïcode",
    "L" * 90,
    "key",
    "timeout",
    "env",
    "build_arg_vars",
    "max_concurrency",
    "seconds",
    "timestamp",
    "on_exceptions",
    "interval",
    "max_attempts",
    "backoff_rate",
    "service",
]
KEYWORDS = [
    "if",
    "elif",
    "else",
    "try",
    "except",
    "with",
    "return",
    "raise",
    "pass",
    "not",
    "and",
    "or",
    "async",
    "def",
    "class",
    "True",
    "False",
    "None",
    "in",
    "is",
    "lambda",
    "await",
]
OPERATORS = ["==", "!=", "<", "<=", ">", ">=", "+", "-", "*", ".", ",", "=", ":", "(", ")", "[", "]"]
ODD_CHARS = ["\u2028", "\x00", "\\", "\t", "\r", '"""', "\ufeff", "\x0c", "é", "\\\n", "#", ";", "'"]


@st.composite
def _statement_move(draw: st.DrawFn, text: str) -> Optional[str]:
    groups = _sibling_groups(text)
    if not groups:
        return None
    group = draw(st.sampled_from(groups))
    lines = text.splitlines(keepends=True)
    index = draw(st.integers(0, len(group) - 1))
    start, end = group[index]
    chunk = lines[start:end]
    move = draw(st.sampled_from(["delete", "duplicate", "swap", "nest"]))
    if move == "delete":
        del lines[start:end]
    elif move == "duplicate":
        lines[end:end] = chunk
    elif move == "swap":
        other_start, other_end = group[draw(st.integers(0, len(group) - 1))]
        if (other_start, other_end) == (start, end):
            return None
        (a, b), (c, d) = sorted([(start, end), (other_start, other_end)])
        lines[a:d] = lines[c:d] + lines[b:c] + lines[a:b]
    else:
        indent = _indent_of(chunk[0])
        unit = "\t" if indent.startswith("\t") else "    "
        header = draw(st.sampled_from(NEST_HEADERS))
        nl = _newline(text)
        body = [unit + line if line.strip() else line for line in chunk]
        tail = [indent + "except:" + nl, indent + unit + "pass" + nl] if header == "try:" else []
        lines[start:end] = [indent + header + nl, *body, *tail]
    return "".join(lines)


@st.composite
def _token_change(draw: st.DrawFn, text: str) -> Optional[str]:
    try:
        tokens = [
            t
            for t in tokenize.generate_tokens(io.StringIO(text).readline)
            if t.type in (tokenize.NAME, tokenize.NUMBER, tokenize.STRING, tokenize.OP)
        ]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None
    if not tokens:
        return None
    token = draw(st.sampled_from(tokens))
    if token.type == tokenize.NUMBER:
        replacement = draw(number_literal())
    elif token.type == tokenize.STRING:
        replacement = draw(string_literal())
    elif token.type == tokenize.NAME and keyword.iskeyword(token.string):
        replacement = draw(st.sampled_from(KEYWORDS))
    elif token.type == tokenize.NAME:
        replacement = draw(st.sampled_from(NAMES))
    else:
        replacement = draw(st.sampled_from(OPERATORS))
    lines = text.splitlines(keepends=True)
    (row, col), (end_row, end_col) = token.start, token.end
    before = "".join(lines[: row - 1]) + lines[row - 1][:col]
    after = lines[end_row - 1][end_col:] + "".join(lines[end_row:])
    return before + replacement + after


@st.composite
def _text_change(draw: st.DrawFn, text: str) -> str:
    lines = text.splitlines(keepends=True) or [""]
    index = draw(st.integers(0, len(lines) - 1))
    move = draw(st.sampled_from(["odd_statement", "odd_char", "delete_line", "duplicate_line", "truncate"]))
    if move == "odd_statement":
        value = draw(st.one_of(st.sampled_from(ODD_STRINGS + SURROGATE_STRINGS).map(repr), string_literal()))
        statement = draw(
            st.sampled_from([f"data[{value}] = {value}", f"raise Odd({value})", f"wait(timestamp={value})"])
        )
        lines.insert(index, _indent_of(lines[index]) + statement + _newline(text))
    elif move == "odd_char":
        line = lines[index]
        at = draw(st.integers(0, len(line)))
        lines[index] = line[:at] + draw(st.sampled_from(ODD_CHARS)) + line[at:]
    elif move == "delete_line":
        del lines[index]
    elif move == "duplicate_line":
        lines.insert(index, lines[index])
    else:
        lines[index] = lines[index][: draw(st.integers(0, len(lines[index])))]
    return "".join(lines)


@st.composite
def _byte_change(draw: st.DrawFn, data: bytes) -> bytes:
    """For files that are not UTF-8 (cookies, bad bytes): line moves on the bytes."""
    lines = data.split(b"\n")
    index = draw(st.integers(0, len(lines) - 1))
    if draw(st.booleans()):
        del lines[index]
    else:
        lines.insert(index, lines[index])
    return b"\n".join(lines)


@st.composite
def mutate(draw: st.DrawFn, data: bytes) -> bytes:
    """One to three mutations of a fixture's bytes, statement-level ones first when possible."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return draw(_byte_change(data))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["statement", "statement", "token", "token", "text"]))
        changed: Optional[str] = None
        if kind == "statement":
            changed = draw(_statement_move(text))
        elif kind == "token":
            changed = draw(_token_change(text))
        text = changed if changed is not None else draw(_text_change(text))
    return text.encode("utf-8", "surrogatepass")
