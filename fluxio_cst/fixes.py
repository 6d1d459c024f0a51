"""The replacement nodes of mechanical fixes, built where a problem is reported.

A diagnostic that has one obvious correction carries it as a :class:`~fluxio_cst.report.Fix`:
the reported node and the node that replaces it. Each builder here takes a node of the file's
own tree and changes it with ``with_changes``, keeping every token and comment it does not
mean to change, so that applying a fix (``fluxio-cst check --fix``, the ``fix`` codemod) alters
only the bytes of that node. Building is cheap and happens only on a problem.
"""

from __future__ import annotations

import difflib
from typing import Callable, Collection, Optional

import libcst as cst

from .report import Fix

# How alike a misspelt name and a known one must be (difflib's ratio): ``memroy`` and
# ``memory`` are 0.83, ``timout`` and ``timeout`` 0.92; ``region`` and ``service`` 0.31.
CLOSE = 0.75


def called(decorator: cst.BaseExpression) -> Fix:
    """``@export`` → ``@export()``."""
    return Fix(decorator, cst.Call(func=decorator))


def close_match(name: str, known: Collection[str]) -> Optional[str]:
    """The one known name close to a misspelt ``name`` (``memroy``: ``memory``); None when no
    known name is close, or more than one is (a guess between two helps nobody)."""
    close = difflib.get_close_matches(name, list(known), n=2, cutoff=CLOSE)
    return close[0] if len(close) == 1 else None


def did_you_mean(name: str, known: Collection[str]) -> str:
    """The end of a message about an unknown name: ``; did you mean `memory`?`` when
    :func:`close_match` finds one, else nothing."""
    match = close_match(name, known)
    return f"; did you mean `{match}`?" if match is not None else ""


def respelt(name: cst.Name, known: Collection[str], taken: Callable[[], Collection[str]]) -> Optional[Fix]:
    """``memroy`` → ``memory`` when exactly one known name is close to it and not ``taken()``
    already (the fix would then assign it twice); no fix otherwise."""
    match = close_match(name.value, known)
    if match is None or match in taken():
        return None
    return Fix(name, name.with_changes(value=match))


def made_async(function: cst.FunctionDef) -> Fix:
    """``def run`` → ``async def run``."""
    return Fix(function, function.with_changes(asynchronous=cst.Asynchronous()))


def named_all(handler_type: cst.BaseExpression) -> Fix:
    """``except Exception:`` → ``except States.ALL:``: the error name Step Functions matches
    every error with."""
    replacement = cst.Attribute(cst.Name("States"), cst.Name("ALL"))
    return Fix(handler_type, replacement.with_changes(lpar=handler_type.lpar, rpar=handler_type.rpar))


def as_string(reference: cst.BaseExpression) -> Fix:
    """``data["a"]`` → ``str(data["a"])``: says that a comparison of data is one of strings, which
    is what it compiles to already."""
    return Fix(reference, cst.Call(func=cst.Name("str"), args=[cst.Arg(reference)]))


def unnamed(handler: cst.ExceptHandler) -> Fix:
    """``except Timeout as error:`` → ``except Timeout:`` (the error is at ``$.error``)."""
    return Fix(handler, handler.with_changes(name=None))


def bare(handler: cst.ExceptHandler) -> Fix:
    """``except ():`` → ``except:``, the handler of every error."""
    return Fix(handler, handler.with_changes(type=None, whitespace_after_except=cst.SimpleWhitespace("")))


def _numbered_literal(literal: str, number: int) -> str:
    """A string literal's text with ``-number`` appended inside its quotes."""
    quote = literal[-3:] if literal[-3:] in ('"""', "'''") else literal[-1]
    return f"{literal[: -len(quote)]}-{number}{quote}"


def numbered(node: cst.CSTNode, number: int) -> Optional[Fix]:
    """A duplicated ``key="Fetch"`` → ``key="Fetch-2"``, or the same in a ``# fluxio: key=``
    pragma; no fix for a key written otherwise (concatenated strings)."""
    if isinstance(node, cst.SimpleString) and "f" not in node.prefix.lower():
        return Fix(node, node.with_changes(value=_numbered_literal(node.value, number)))
    if isinstance(node, cst.Comment):
        literal = _pragma_literal(node.value)
        if literal is not None:
            at = node.value.index(literal)
            value = node.value[:at] + _numbered_literal(literal, number) + node.value[at + len(literal) :]
            return Fix(node, node.with_changes(value=value))
    return None


def _pragma_literal(comment: str) -> Optional[str]:
    """The string literal of a ``# fluxio: key="…"`` comment, as written."""
    rest = comment.partition("key")[2].lstrip(" \t")
    if not rest.startswith("="):
        return None
    rest = rest[1:].strip()
    try:
        node = cst.parse_expression(rest)  # a comment after the literal is allowed
    except cst.ParserSyntaxError:
        return None
    return node.value if isinstance(node, cst.SimpleString) and node.value in comment else None
