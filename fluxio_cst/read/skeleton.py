"""The skeleton of a file: its text with every Task ``run`` body carved out, for LibCST to read.

Most of a project file is the bodies of ``run`` methods, and the compiler reads nothing of them
but their imports, which CPython's own parser (already run by the gate) lists far faster than
LibCST builds a tree. So LibCST reads a *skeleton*: the file with the lines of each ``run`` body,
from its first statement through its last, replaced by one line ``...`` at the same
indentation. Everything else keeps its bytes: headers, decorators, comments between the header
and the first statement (they stay the ``...``'s leading lines) and trailing comment lines of
the body (they stay footers, owned exactly as LibCST owns them in the whole file, since
ownership depends only on the lines kept).

:class:`~fluxio_cst.carving.Carving` maps offsets and lines of the skeleton back to the file,
so positions stay the file's.
"""

from __future__ import annotations

import ast
import re
from typing import List, Optional, Tuple

from ..carving import Carving, Hole
from ..source import split_lines

# A line holding only a backslash: LibCST renders it otherwise than the file (the one
# round-trip difference known), so a file holding one is read whole, where it is reported.
_BACKSLASH_LINE = re.compile(r"^[ \t\f]*\\(\r\n|\r|\n)", re.MULTILINE)
_LINE_BREAK = re.compile(r"\r\n?|\n")


def carve(text: str, tree: ast.Module) -> Optional[Carving]:
    """The skeleton of ``text`` (CPython's reading of it: ``tree``), or None when nothing is
    worth carving or the file holds a line LibCST would not reproduce."""
    lines = split_lines(text)
    spans = [span for span in (_body_lines(m, lines) for m in _run_methods(tree)) if span is not None]
    if not spans or _BACKSLASH_LINE.search(text):
        return None
    starts = [0] + [match.end() for match in _LINE_BREAK.finditer(text)]
    pieces: List[str] = []
    holes: List[Hole] = []
    kept = 0  # file offset up to which the text is copied
    removed = 0  # file lines carved away so far
    length = 0  # the skeleton's length so far
    for method, first, last, end_column in spans:
        if last >= len(starts):
            continue  # the file ends in this body without a line break: keep it
        start, end = starts[first - 1], starts[last]
        line = lines[first - 1]
        indent = line[: len(line) - len(line.lstrip(" \t\f"))]
        newline = "\r\n" if text.startswith("\r\n", end - 2) else text[end - 1]
        pieces.append(text[kept:start])
        length += start - kept
        placeholder = f"{indent}...{newline}"
        pieces.append(placeholder)
        holes.append(
            Hole(
                start, end, first, last, end_column, length, first - removed, indent, len(placeholder), method
            )
        )
        length += len(placeholder)
        removed += last - first
        kept = end
    if not holes:
        return None
    pieces.append(text[kept:])
    return Carving(text, holes, "".join(pieces))


def _run_methods(tree: ast.Module) -> List[ast.AST]:
    """Every ``run`` method of a top-level class: the only bodies the compiler does not read."""
    return [
        method
        for statement in tree.body
        if isinstance(statement, ast.ClassDef)
        for method in statement.body
        if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) and method.name == "run"
    ]


def _body_lines(method: ast.AST, lines: List[str]) -> Optional[Tuple[ast.AST, int, int, int]]:
    """The lines of a method's body (first statement's first line, last statement's last line,
    its end column), or None for a body on the header's line (``def run(): ...``)."""
    assert isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef))
    first_statement, last_statement = method.body[0], method.body[-1]
    decorators = getattr(first_statement, "decorator_list", [])
    first = min([first_statement.lineno] + [d.lineno for d in decorators])
    line = lines[first - 1]
    stripped = line.lstrip(" \t\f")
    starts_line = (
        stripped.startswith("@") if decorators else first_statement.col_offset == len(line) - len(stripped)
    )
    last = last_statement.end_lineno
    if not starts_line or last is None or last_statement.end_col_offset is None:
        return None
    end_column = len(
        lines[last - 1].encode("utf-8")[: last_statement.end_col_offset].decode("utf-8", "replace")
    )
    return method, first, last, end_column
