"""The way back from a skeleton to its file: offsets, lines, and whole statements.

:mod:`fluxio_cst.read.skeleton` makes the skeleton LibCST reads (the file with its ``run``
bodies carved out, each replaced by one ``...`` line); a :class:`Carving` is what positions
need to stay the file's, and :func:`full_statement` gives back a statement as LibCST reads it
in the whole file, for the rare caller that wants the tree of a ``run`` body.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import FrozenSet, List, Optional, Sequence, Tuple

import libcst as cst

from .lines import line_starts


@dataclass(frozen=True)
class Hole:
    """One carved ``run`` body: where its lines are in the file and in the skeleton."""

    start: int  # file offset of its first line
    end: int  # file offset after its last line's line break
    first_line: int  # file line of its first statement
    last_line: int  # file line its last statement ends on
    end_column: int  # character column where its last statement ends
    skeleton_start: int  # skeleton offset of the placeholder line
    skeleton_line: int  # skeleton line of the placeholder
    indent: str
    placeholder: int  # its length in the skeleton
    dependencies: FrozenSet[str]  # the packages its imports bring in, read by CPython


class Carving:
    """The skeleton's text and the way back from its offsets and lines to the file's."""

    def __init__(self, text: str, holes: List[Hole], skeleton: str) -> None:
        self.text = text
        self.holes = holes
        self.skeleton = skeleton
        self._starts = [hole.skeleton_start for hole in holes]
        self._lines = [hole.skeleton_line for hole in holes]
        self._line_starts: Optional[List[int]] = None

    def offset(self, skeleton_offset: int) -> int:
        """The file offset of a skeleton offset; inside a placeholder, the end of its hole."""
        index = bisect.bisect_right(self._starts, skeleton_offset) - 1
        if index < 0:
            return skeleton_offset
        hole = self.holes[index]
        if skeleton_offset == hole.skeleton_start:
            return hole.start
        if skeleton_offset < hole.skeleton_start + hole.placeholder:
            return hole.end
        return hole.end + skeleton_offset - hole.skeleton_start - hole.placeholder

    def position(self, line: int, column: int) -> Tuple[int, int]:
        """The file's (line, column) of a skeleton position; on a placeholder, its statements'
        start (at the indentation) or end (after the ``...``)."""
        index = bisect.bisect_right(self._lines, line) - 1
        if index < 0:
            return line, column
        hole = self.holes[index]
        if line == hole.skeleton_line:
            if column <= len(hole.indent):
                return hole.first_line, column
            return hole.last_line, hole.end_column
        return line + hole.last_line - hole.skeleton_line, column

    def holds(self, start: int, end: int) -> bool:
        """Whether a hole lies between two skeleton offsets."""
        return self.hole_between(start, end) is not None

    def hole_between(self, start: int, end: int) -> Optional[Hole]:
        """The first hole between two skeleton offsets, if any."""
        index = bisect.bisect_left(self._starts, start)
        return (
            self.holes[index] if index < len(self.holes) and self.holes[index].skeleton_start < end else None
        )

    def skeleton_line(self, skeleton_offset: int) -> int:
        """The skeleton's 1-based line holding a skeleton offset."""
        if self._line_starts is None:
            self._line_starts = line_starts(self.skeleton)
        return bisect.bisect_right(self._line_starts, skeleton_offset)


def full_statement(
    carving: Carving, statement: cst.BaseStatement, start: int, end: int, module: cst.Module
) -> cst.BaseStatement:
    """The statement LibCST reads in the whole file, from the file's text of its skeleton
    (between skeleton offsets ``start`` and ``end``, its leading lines included).

    Parsed alone, after one block that gives it the file's indentation and newline (LibCST
    takes both from the first it meets, whatever the parser config says); its leading lines are
    the skeleton's own."""
    leading: Sequence[cst.EmptyLine] = getattr(statement, "leading_lines", ())
    own = start + sum(len(module.code_for_node(line)) for line in leading)
    newline, indent = module.default_newline, module.default_indent
    text = f"if 1:{newline}{indent}pass{newline}" + carving.text[carving.offset(own) : carving.offset(end)]
    return cst.parse_module(text).body[1].with_changes(leading_lines=leading)
