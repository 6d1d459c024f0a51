"""Translating the parsers' errors into diagnostics people can act on.

CPython words syntax errors for humans ("'(' was never closed"), LibCST for its grammar
("expected one of …"): the CPython message wins where it has one. LibCST also refuses a few
files CPython's parser accepts: a bare ``except:`` before another handler, and indentation
mixing tabs and spaces in a way CPython's columns allow and LibCST's characters do not; both
are located here (LibCST says "1:1").
"""

from __future__ import annotations

import ast
from typing import Union

import libcst as cst

from ..asl.vocabulary import CATCH_ALL_RULE
from ..codes import Code
from ..diagnostics import FluxioError
from ..lines import lines_of
from ..report import single
from .gate import ast_column
from .indentation import mixed_indentation


def validation_error(
    source: Union[str, bytes],
    path: str,
    exc: cst.CSTValidationError,
    python: Union[ast.Module, SyntaxError, None],
) -> FluxioError:
    """LibCST refuses a few trees that CPython's parser accepts and its compiler refuses; the
    one people write is a bare ``except:`` before another handler, located here with ``ast``."""
    if "bare except" not in str(exc):
        return single(Code.SYNTAX_ERROR, f"invalid Python: {exc}", path, 1, 0)
    line, column = 1, 0
    tree = python if isinstance(python, ast.Module) else ast.Module(body=[], type_ignores=[])
    for node in ast.walk(tree):
        handlers = getattr(node, "handlers", [])
        early = [h for h in handlers[:-1] if h.type is None]
        if early:
            line = early[0].lineno
            column = ast_column(source, line, early[0].col_offset)
            break
    return single(Code.STATES_ALL, CATCH_ALL_RULE, path, line, column)


def syntax_error(
    source: Union[str, bytes],
    path: str,
    exc: cst.ParserSyntaxError,
    python: Union[ast.Module, SyntaxError, None],
) -> FluxioError:
    """The syntax error as CPython's parser words it when it can (its messages say what is
    wrong, "'(' was never closed"); LibCST's own ("expected one of …") otherwise."""
    line, column, message = exc.raw_line, exc.raw_column, exc.message
    text = source if isinstance(source, str) else source.decode("utf-8", "replace")
    if isinstance(python, SyntaxError) and python.lineno is not None:
        line, column = python.lineno, max(0, (python.offset or 1) - 1)
        message = python.msg
    elif "dedent" in message or "mixing of tabs" in message:
        mixed = mixed_indentation(text)
        if mixed is not None:
            line, column = mixed, 0
            message = (
                "this line is indented with tabs and spaces otherwise than the lines around it; "
                "CPython reads that, LibCST does not: indent with tabs only or spaces only"
            )
    return single(Code.SYNTAX_ERROR, f"invalid Python: {message}", path, line, column, lines_of(text))
