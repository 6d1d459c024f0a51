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
import io
import re
import tokenize
from typing import FrozenSet, Iterator, List, Optional, Sequence, Tuple, Union

import libcst as cst

from ..carving import Carving, Hole
from ..lines import character_column, line_starts, split_lines
from ..run_imports import dependencies_of
from ..source import SourceFile, render
from .chunks import Chunk, read_in_chunks
from .gate import compile_run_methods, refuse_deep
from .indentation import may_mix, mixed_indentation

# A line holding only a backslash: LibCST renders it otherwise than the file (the one
# round-trip difference known), so a file holding one is read whole, where it is reported.
_BACKSLASH_LINE = re.compile(r"^[ \t\f]*\\(\r\n|\r|\n)", re.MULTILINE)


def read_skeleton(source: Union[str, bytes], path: str) -> Optional[Tuple[cst.Module, SourceFile]]:
    """LibCST's reading of the file's skeleton, with every check CPython makes of the file (a
    located :class:`FluxioError`); None when the skeleton cannot stand for the file (then the
    whole file is read, and its reading says what is wrong where)."""
    text = _decoded(source)
    chunks = read_in_chunks(text) if text is not None and "\x00" not in text else None
    if text is None or chunks is None:
        return None
    lines = split_lines(text)
    for shift, tree in chunks:
        refuse_deep(text, path, tree, shift, lines)
        compile_run_methods(text, path, tree, shift)
    carving = carve(text, lines, chunks)
    del chunks  # CPython's trees: what was needed of them is in the carving
    if carving is None:
        return None
    try:
        module = cst.parse_module(carving.skeleton)
    except (cst.ParserSyntaxError, cst.CSTValidationError, RecursionError):
        return None
    if not isinstance(source, str):
        module = module.with_changes(encoding=_encoding(source))
    rendered, offsets = render(module)
    if rendered != carving.skeleton:
        return None
    return module, SourceFile(path, text, module, offsets, carving)


def _encoding(source: bytes) -> str:
    return tokenize.detect_encoding(io.BytesIO(source).readline)[0]


def _decoded(source: Union[str, bytes]) -> Optional[str]:
    """The file's text as Python decodes it; None where LibCST's reading should say why."""
    try:
        text = source if isinstance(source, str) else source.decode(_encoding(source))
    except (UnicodeError, LookupError, SyntaxError):
        return None
    return None if text.startswith("\ufeff") else text


def carve(text: str, lines: List[str], chunks: Sequence[Chunk]) -> Optional[Carving]:
    """The skeleton of ``text`` (CPython's reading of it: ``chunks``), or None when nothing is
    worth carving or the file holds a line LibCST would not reproduce."""
    spans = [span for span in _bodies(chunks, lines) if span is not None]
    if not spans or _BACKSLASH_LINE.search(text):
        return None
    if may_mix(text) and mixed_indentation(text) is not None:
        return None  # LibCST refuses the file (read/indentation.py): read whole, it says where
    starts = line_starts(text)
    pieces: List[str] = []
    holes: List[Hole] = []
    kept = 0  # file offset up to which the text is copied
    removed = 0  # file lines carved away so far
    length = 0  # the skeleton's length so far
    for dependencies, first, last, end_column in spans:
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
                start,
                end,
                first,
                last,
                end_column,
                length,
                first - removed,
                indent,
                len(placeholder),
                dependencies,
            )
        )
        length += len(placeholder)
        removed += last - first
        kept = end
    if not holes:
        return None
    pieces.append(text[kept:])
    return Carving(text, holes, "".join(pieces))


Span = Tuple[FrozenSet[str], int, int, int]


def _bodies(chunks: Sequence[Chunk], lines: List[str]) -> Iterator[Optional[Span]]:
    """Every ``run`` method of a top-level class (the only bodies the compiler does not read):
    its body's lines, or None for a body on the header's line."""
    for shift, tree in chunks:
        for statement in tree.body:
            if isinstance(statement, ast.ClassDef):
                for method in statement.body:
                    if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) and method.name == "run":
                        yield _body_lines(method, lines, shift)


def _body_lines(
    method: Union[ast.FunctionDef, ast.AsyncFunctionDef], lines: List[str], shift: int
) -> Optional[Span]:
    """What a carved body keeps: its imports' packages, its first statement's first line, its
    last statement's last line and end column (file lines); None for a body on the header's
    line (``def run(): ...``)."""
    first_statement, last_statement = method.body[0], method.body[-1]
    decorators = getattr(first_statement, "decorator_list", [])
    first = min([first_statement.lineno] + [d.lineno for d in decorators]) + shift
    line = lines[first - 1]
    stripped = line.lstrip(" \t\f")
    at_start = first_statement.col_offset == len(line) - len(stripped)
    starts_line = stripped.startswith("@") if decorators else at_start
    if not starts_line or last_statement.end_lineno is None or last_statement.end_col_offset is None:
        return None
    last = last_statement.end_lineno + shift
    if _continued(lines[first - 2]) or _continued(lines[last - 1]):
        return None  # a backslash joins the body's lines to the header's or the next ones'
    end_column = character_column(lines[last - 1], last_statement.end_col_offset)
    return dependencies_of(method), first, last, end_column


def _continued(line: str) -> bool:
    """Whether a line may end in a backslash continuation (a comment ending in ``\\`` counts:
    not carving is always right)."""
    return line.rstrip("\r\n").endswith("\\")
