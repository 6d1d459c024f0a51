"""Encodings: which bytes a project file may be written in, and text UTF-8 cannot carry.

Every string of a project file may reach the ASL, a state name or the model, all UTF-8 JSON;
a file whose bytes do not say what they read as (UTF-16 without a cookie, ``unicode_escape``)
would compile to something other than what its author reads. These checks run before LibCST
sees the file, and report at the line that causes them.
"""

from __future__ import annotations

import codecs
import re
from typing import List, Optional, Tuple, Union

import libcst as cst

from .. import values
from ..codes import Code
from ..lines import lines_of, split_lines
from ..report import single

_BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "UTF-32 (little-endian)"),
    (codecs.BOM_UTF32_BE, "UTF-32 (big-endian)"),
    (codecs.BOM_UTF16_LE, "UTF-16 (little-endian)"),
    (codecs.BOM_UTF16_BE, "UTF-16 (big-endian)"),
)
# Bytes that an ASCII-compatible codec reads as the same ASCII text: every ASCII byte, and the
# escapes that unicode_escape, raw_unicode_escape, UTF-7, HZ and ISO-2022 give a meaning to.
_ASCII_SAMPLE = bytes(range(128)) + b"\\u0041\\x41\\N{DASH}+AEE- +- ~~ ~{!!~} \x1b$B!!\x1b(B \x0e!\x0f"
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


def wide_encoding(data: bytes) -> Optional[str]:
    """The name of the UTF-16/UTF-32 form a file is saved in (with or without a byte-order
    mark), found by its byte-order mark or by ASCII text's zero bytes; None for other files."""
    for mark, name in _BOMS:
        if data.startswith(mark):
            return name
    head = data[: min(len(data), 64) // 4 * 4]
    if len(head) < 4:
        return None
    patterns = (
        (4, (1, 2, 3), "UTF-32 (little-endian)"),
        (4, (0, 1, 2), "UTF-32 (big-endian)"),
        (2, (1,), "UTF-16 (little-endian)"),
        (2, (0,), "UTF-16 (big-endian)"),
    )
    for width, zeros, name in patterns:
        if all((head[i] == 0) == (i % width in zeros) for i in range(len(head))):
            return name
    return None


def coding_problem(data: bytes) -> Optional[Tuple[str, int]]:
    """Why the file's coding cookie cannot be used (message and cookie line), or None.

    Only codecs that read ASCII bytes as the same ASCII text are accepted (UTF-8, Latin-1,
    cp1252, Shift JIS, …): with ``unicode_escape``, ``raw_unicode_escape``, ``utf-7`` or
    ``punycode`` the text Python compiles is not the text people read (an escape in a comment
    becomes a newline or a NUL byte of an extracted module), ``utf-16`` cannot hold a cookie
    line at all, and ``undefined`` or ``rot13`` decode nothing. Unknown names are left to the
    parser, which reports them.
    """
    lines = data.split(b"\n", 2)[:2]
    for number, line in enumerate(lines, 1):
        match = _COOKIE.match(line)
        if match is None:
            if line.strip() and not line.lstrip().startswith(b"#"):
                return None  # PEP 263: the cookie is on line 1, or on line 2 after a comment
            continue
        name = match.group(1).decode("ascii", "replace")
        try:
            info = codecs.lookup(name)
        except LookupError:
            return None
        if _ascii_compatible(info):
            return None
        return (
            f"the coding cookie names `{name}`, which does not read ASCII bytes as ASCII; fluxio_cst "
            "reads ASCII-compatible encodings only: save the file as UTF-8 and drop the cookie",
            number,
        )
    return None


def _ascii_compatible(info: codecs.CodecInfo) -> bool:
    if not getattr(info, "_is_text_encoding", True):
        return False
    text = _ASCII_SAMPLE.decode("ascii")
    try:
        decoded, encoded = info.decode(_ASCII_SAMPLE)[0], info.encode(text)[0]
    except Exception:  # a codec that fails on ASCII (``undefined``) is not compatible
        return False
    return decoded == text and encoded in (_ASCII_SAMPLE, codecs.BOM_UTF8 + _ASCII_SAMPLE)  # utf-8-sig


# Escapes that can produce a surrogate; a file without them needs no walk.
_SURROGATE_ESCAPE = re.compile(r"\\(?:u[dD][89a-fA-F]|U0000[dD][89a-fA-F])")


def surrogate_strings(module: cst.Module, text: str) -> List[Tuple[cst.CSTNode, str]]:
    """String literals whose value holds a lone surrogate, with the first one, outside methods.

    Methods (``run``) are copied as source text, where an escape such as ``\\ud800`` is plain
    ASCII and means at run time what Python says; every other string may reach the ASL, a key
    or the model, all UTF-8. Docstrings reach nothing and are left alone.
    """
    if _SURROGATE_ESCAPE.search(text) is None:
        return []
    finder = _SurrogateFinder()
    module.visit(finder)
    return finder.found


class _SurrogateFinder(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: List[Tuple[cst.CSTNode, str]] = []
        self.classes = 0

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes += 1

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.classes -= 1

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return self.classes == 0

    def visit_Expr(self, node: cst.Expr) -> bool:
        return not isinstance(node.value, (cst.SimpleString, cst.ConcatenatedString))

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        value = node.evaluated_value
        index = values.first_surrogate(value) if isinstance(value, str) else None
        if isinstance(value, str) and index is not None:
            self.found.append((node, value[index]))


def located(source: Union[str, bytes], index: int) -> Tuple[int, int]:
    """(line, column) of a character (str) or byte (bytes) index, for errors found before a tree."""
    before = source[:index]
    lines = split_lines(before if isinstance(before, str) else before.decode("utf-8", "replace"))
    return len(lines), len(lines[-1])


def check_encoding(source: Union[str, bytes], path: str) -> None:
    """Refuse text no UTF-8 file can hold and encodings in which the bytes do not say what
    they read as (see :func:`~fluxio_cst.source.coding_problem`)."""
    if isinstance(source, str):
        index = values.first_surrogate(source)
        if index is not None:
            line, column = located(source, index)
            raise single(
                Code.LONE_SURROGATE,
                f"the text holds the lone surrogate U+{ord(source[index]):04X}, which no UTF-8 file can hold",
                path,
                line,
                column,
            )
        return
    wide = wide_encoding(source)
    if wide is not None:
        raise single(Code.DECODE_ERROR, f"the file is {wide}; save it as UTF-8", path, 1, 0)
    problem = coding_problem(source)
    if problem is not None:
        raise single(Code.DECODE_ERROR, problem[0], path, problem[1], 0)


def cookie_line(source: Union[str, bytes]) -> int:
    """The line of the coding cookie (1 or 2, as PEP 263 allows)."""
    head = source[:400] if isinstance(source, str) else source[:400].decode("latin-1")
    lines = lines_of(head)
    return 2 if len(lines) > 1 and "coding" in lines[1] and "coding" not in lines[0] else 1
