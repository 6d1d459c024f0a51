"""Stage one of the pipeline: bytes (or text, or a caller's tree) → text + LibCST module.

Every check of the input happens here, before anything is recognised: encodings the bytes do
not say, null bytes, nesting CPython or LibCST cannot take, ``run`` bodies CPython's compiler
rejects, syntax errors worded for people. What comes out is a :class:`Reading`: the module, the
:class:`~fluxio_cst.source.SourceFile` positions are computed on, and the warnings of reading.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Dict, Tuple, Union

import libcst as cst

from ..codes import Code
from ..diagnostics import Diagnostic, Severity
from ..lines import lines_of
from ..report import single
from ..source import SourceFile, render
from .encoding import check_encoding, cookie_line, located
from .errors import syntax_error, validation_error
from .gate import compile_run_methods, read_with_cpython, refuse_deep_tree, refuse_pathological
from .skeleton import read_skeleton
from .tree import refuse_a_changed_reading, refuse_shared_nodes

Source = Union[str, bytes]


@dataclass(frozen=True)
class Reading:
    """A read file: its LibCST module, its text with lazy positions, and reading's warnings."""

    module: cst.Module
    source: SourceFile
    warnings: Tuple[Diagnostic, ...]


def read(source: Source, path: str) -> Reading:
    """Read a project file's text or bytes (decoded as Python does); :class:`FluxioError`
    with a located diagnostic when it cannot be read.

    LibCST reads only the file's skeleton (:mod:`.skeleton`: ``run`` bodies carved out) where
    the skeleton can stand for the file; otherwise (CPython or LibCST refuse the file, or
    LibCST would not reproduce it) the whole file, and its reading says what is wrong where.
    """
    check_encoding(source, path)
    skeleton = read_skeleton(source, path)
    if skeleton is not None:
        return Reading(*skeleton, ())
    python = _check_text(source, path)
    module = _parse_text(source, path, python)
    text, offsets, warnings = _text(source, module, path)
    return Reading(module, SourceFile(path, text, module, offsets), warnings)


def read_tree(module: cst.Module, path: str, from_its_text: bool = False) -> Reading:
    """Adopt a tree the caller parsed (a codemod's). Its rendering is the file's text, read
    with every check :func:`read` makes; the tree must be what that text reads as, and a tree
    (no node twice). The nodes stay the caller's. ``from_its_text``: the tree was just parsed
    from its own text (or is a copy of one that was), so it reads as itself by construction."""
    text, offsets = render(module)
    check_encoding(text, path)
    python = _check_text(text, path)
    if not from_its_text:
        refuse_a_changed_reading(module, _parse_text(text, path, python), path, text)
        refuse_shared_nodes(module, path)
    return Reading(module, SourceFile(path, text, module, offsets), ())


def _check_text(source: Source, path: str) -> Union[ast.Module, SyntaxError]:
    """Every check made before LibCST reads the whole file (after :func:`check_encoding`);
    CPython's reading of it."""
    nul = source.find("\x00") if isinstance(source, str) else source.find(b"\x00")
    if nul >= 0:
        line, column = located(source, nul)
        raise single(
            Code.SYNTAX_ERROR, "invalid Python: source code cannot contain null bytes", path, line, column
        )
    python = read_with_cpython(source, path)
    refuse_pathological(source, path, python)
    assert python is not None  # refused above
    if isinstance(python, ast.Module):
        compile_run_methods(source, path, python)
    return python


def read_module(source: Source, path: str) -> cst.Module:
    """The whole file as one LibCST module (a codemod's tree), with every check :func:`read`
    makes; :class:`FluxioError` with a located diagnostic when it cannot be read."""
    check_encoding(source, path)
    return _parse_text(source, path, _check_text(source, path))


def _parse_text(source: Source, path: str, python: Union[ast.Module, SyntaxError]) -> cst.Module:
    """LibCST's reading of the whole file, its errors worded for people."""
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        raise syntax_error(source, path, exc, python) from None
    except cst.CSTValidationError as exc:
        raise validation_error(source, path, exc, python) from None
    except UnicodeDecodeError as exc:
        line, column = located(exc.object[: exc.start], exc.start)
        raise single(
            Code.DECODE_ERROR,
            f"byte {exc.object[exc.start : exc.start + 1]!r} is not valid {exc.encoding}; "
            "save the file as UTF-8 or declare its encoding (`# -*- coding: latin-1 -*-`)",
            path,
            line,
            column,
        ) from None
    except UnicodeError as exc:  # a codec that fails otherwise than on a byte
        raise single(
            Code.DECODE_ERROR, f"the file cannot be decoded: {exc}", path, cookie_line(source), 0
        ) from None
    except (LookupError, SyntaxError) as exc:  # an unknown coding cookie
        raise single(
            Code.DECODE_ERROR, f"the file cannot be decoded: {exc}", path, cookie_line(source), 0
        ) from None
    except RecursionError:
        raise single(
            Code.TOO_DEEP, "the file nests too deeply to be parsed; flatten it", path, 1, 0
        ) from None
    if isinstance(python, SyntaxError):
        _check_rendering(module, path)
    return module


def _check_rendering(module: cst.Module, path: str) -> None:
    """CPython refused the file and LibCST read it: a syntax newer than this interpreter, or a
    line LibCST renders otherwise (a line holding only ``\\``). What is compiled and extracted
    is LibCST's rendering, so CPython's checks run on that; where it still cannot read it, the
    nesting is measured on LibCST's tree."""
    text = module.code
    python = read_with_cpython(text, path)
    if isinstance(python, ast.Module):
        refuse_pathological(text, path, python)
        compile_run_methods(text, path, python)
    else:
        refuse_deep_tree(module, path)


def _text(
    source: Union[str, bytes], module: cst.Module, path: str
) -> Tuple[str, Dict[int, int], Tuple[Diagnostic, ...]]:
    """The decoded file, as LibCST's positions count them (a byte-order mark is not text).

    LibCST reproduces almost every file exactly; where it does not (a line holding only a
    backslash, for one), its positions describe its own rendering, so text is sliced from that
    rendering, and a warning says where the file and the extracted text part.
    """
    text = source if isinstance(source, str) else source.decode(module.encoding)
    text = text[1:] if text.startswith("\ufeff") else text
    rendered, offsets = render(module)
    if rendered == text:
        return text, offsets, ()
    line = next(
        (n for n, (a, b) in enumerate(zip(lines_of(text), lines_of(rendered)), 1) if a != b),
        min(len(lines_of(text)), len(lines_of(rendered))) + 1,
    )
    warning = Diagnostic(
        Code.ROUND_TRIP.value,
        Severity.WARNING,
        "LibCST does not reproduce this line byte for byte (a line holding only `\\`?); "
        "text extracted from here on (run_source, imports) follows LibCST's rendering",
        path,
        line,
        0,
        line,
        1,
    )
    return rendered, offsets, (warning,)
