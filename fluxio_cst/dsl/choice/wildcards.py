"""Wildcards: ``fnmatch(data["name"], "report-*.csv")`` as ``StringMatches``.

ASL's ``StringMatches`` knows one wildcard, ``*`` (any run of characters, none included), and
``\\`` to escape: a literal ``*`` is ``\\*`` and a literal backslash ``\\\\``. Python's ``fnmatch``
reads ``*`` the same; it writes a literal ``*`` as ``[*]`` (and a literal ``?`` or ``[`` as ``[?]``
or ``[[]``), which becomes ASL's ``\\*``; every backslash of the pattern is a literal one, and is
escaped. fnmatch's ``?`` (any one character) and other ``[…]`` sets have no ASL equivalent and
are refused (FX408) at the pattern rather than matched differently. The match is
case-sensitive, as ``fnmatchcase`` (and ``fnmatch`` on Linux and macOS); ``fnmatch.fnmatch``,
``fnmatchcase`` and ``fnmatch.fnmatchcase`` are read alike. The pattern is a string literal,
the value a data reference; a value that is not a string does not match.
"""

from __future__ import annotations

from typing import List, Optional

import libcst as cst

from ... import values
from ...asl.vocabulary import MATCHES
from ...codes import Code
from ..examples import Invalid
from . import operands
from .family import Condition, Dispatch, Rule, RuleError

_FUNCTIONS = ("fnmatch", "fnmatchcase")
_ESCAPED = "*\\"
_SHAPE = 'write `fnmatch(data["name"], "report-*.csv")`: a data reference and a pattern string literal'


def claims(node: cst.BaseExpression) -> bool:
    if not isinstance(node, cst.Call):
        return False
    func = node.func
    if isinstance(func, cst.Attribute):
        return (
            isinstance(func.value, cst.Name)
            and func.value.value == "fnmatch"
            and func.attr.value in _FUNCTIONS
        )
    return isinstance(func, cst.Name) and func.value in _FUNCTIONS


def build(node: cst.BaseExpression, rule: Dispatch) -> Rule:
    assert isinstance(node, cst.Call)
    subject, pattern = operands.two_arguments(node, Code.WILDCARD, _SHAPE)
    if not values.is_data_reference(subject):
        raise RuleError(Code.WILDCARD, subject, _SHAPE)
    try:
        text = values.literal(pattern)
    except values.NotStatic:
        text = None
    if not isinstance(text, str):
        raise RuleError(Code.WILDCARD, pattern, _SHAPE)
    return {"Variable": operands.path(subject), MATCHES: _asl_pattern(text, pattern)}


def _asl_pattern(pattern: str, node: cst.CSTNode) -> str:
    """An fnmatch pattern in ASL's wildcard syntax (FX408 for what ASL cannot match)."""
    out: List[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "?":
            why = "`?` (any one character) has no StringMatches equivalent, which knows only `*`"
            raise RuleError(Code.WILDCARD, node, f"{why}; write `[?]` for a literal `?`")
        literal = _set(pattern, index, node) if char == "[" else None
        if char == "[" and literal is not None:
            out.append(_escape(literal))
            index += len(literal) + 2
            continue
        out.append("*" if char == "*" else _escape(char))
        index += 1
    return "".join(out)


def _set(pattern: str, start: int, node: cst.CSTNode) -> Optional[str]:
    """The one character of a set ``[c]`` at ``start``; None for a ``[`` fnmatch reads as
    literal (no closing ``]``); FX408 for a set of several characters or a negation."""
    end = start + 1
    for opening in "!]":  # fnmatch's reading: a leading `!` negates, a `]` right after is a member
        end += pattern.startswith(opening, end)
    end = pattern.find("]", end)
    if end == -1:
        return None
    inner = pattern[start + 1 : end]
    if len(inner) != 1 or inner == "!":
        why = f"the set `[{inner}]` has no StringMatches equivalent; only `[*]`, `[?]` and `[[]` escape"
        raise RuleError(Code.WILDCARD, node, why)
    return inner


def _escape(char: str) -> str:
    return "\\" + char if char in _ESCAPED else char


TITLE = "Wildcards: fnmatch()"

VALID = (
    Condition(
        """
        from fnmatch import fnmatch


        def main(data):
            if fnmatch(data["file"], "report-*.csv"):
                data["kind"] = "report"
        """,
        title="`*` matches any run of characters: StringMatches",
        true={"file": "report-2026-12.csv"},
        false={"file": "invoice-2026-12.csv"},
    ),
    Condition(
        """
        from fnmatch import fnmatchcase


        def main(data):
            if fnmatchcase(data["key"], "logs/*.gz") and not fnmatchcase(data["key"], "*[*]*"):
                data["archive"] = True
        """,
        title="fnmatch's [*] is a literal `*`, written with ASL's escape",
        true={"key": "logs/web/2026.gz"},
        false={"key": "logs/web/2026.txt"},
    ),
)

INVALID = (
    Invalid(
        """
        from fnmatch import fnmatch


        def main(data):
            if fnmatch(data["code"], "A?-*"):
                data["series_a"] = True
        """,
        Code.WILDCARD,
        5,
        title="`?`, which StringMatches lacks",
        fix="""
        from fnmatch import fnmatch


        def main(data):
            if fnmatch(data["code"], "A*-*"):
                data["series_a"] = True
        """,
    ),
    Invalid(
        """
        from fnmatch import fnmatch


        def main(data):
            if fnmatch(data["code"], "[AB]-*"):
                data["series_ab"] = True
        """,
        Code.WILDCARD,
        5,
        title="a character set",
        fix="""
        from fnmatch import fnmatch


        def main(data):
            if fnmatch(data["code"], "A-*") or fnmatch(data["code"], "B-*"):
                data["series_ab"] = True
        """,
    ),
)
