"""CPython's reading of a file a few top-level statements at a time.

``ast.parse`` of a whole file holds, at its peak, three times the memory of LibCST's whole
tree; read a group of top-level statements at a time and the peak is that of the largest
group. A group starts at a line that begins, at column 0, with ``class``, ``def``, ``async def``
or ``@``: outside a string, brackets or a backslash continuation such a line starts a statement,
and a group cut anywhere else (inside a string or brackets, after a backslash, between a
decorator and its ``def``) does not parse alone, so it is joined to the next one. Every group
parses, or the file is read whole, where CPython's own error is reported: a cut group never
stands for the file.
"""

from __future__ import annotations

import ast
import re
import warnings
from typing import Iterator, List, Optional, Tuple

from ..lines import LINE_BREAK
from .gate import FILENAME

_GROUP_START = re.compile(r"^(?:@|class[ \t(]|def[ \t]|async[ \t]+def[ \t])", re.MULTILINE)
_JOINS = 4  # groups that fail in a row before the file is read whole instead

Chunk = Tuple[int, ast.Module]  # (lines before the group, CPython's tree of it)


def read_in_chunks(text: str) -> Optional[List[Chunk]]:
    """CPython's trees of the file's groups of top-level statements, each with the number of
    lines before it; None when a group does not parse (the whole file is read then)."""
    chunks: List[Chunk] = []
    begin, line, failures = 0, 0, 0
    for end in _ends(text):
        tree = _parsed(text[begin:end])
        if tree is None:
            failures += 1
            if failures > _JOINS:
                return None
            continue  # joined to the next group
        chunks.append((line, tree))
        line += len(LINE_BREAK.findall(text, begin, end))
        begin, failures = end, 0
    return chunks if begin == len(text) else None


def _ends(text: str) -> Iterator[int]:
    """Where groups may end: before each line that may start one, unless it follows a
    decorator's line; and at the end."""
    for match in _GROUP_START.finditer(text):
        start = match.start()
        if start > 0 and text[text.rfind("\n", 0, start - 1) + 1] != "@":
            yield start
    yield len(text)


def _parsed(text: str) -> Optional[ast.Module]:
    try:
        with warnings.catch_warnings():  # CPython's SyntaxWarnings are not our diagnostics
            warnings.simplefilter("ignore")
            return ast.parse(text, filename=FILENAME)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None
