"""The source file: decoded text, its LibCST module, and positions computed only when asked.

LibCST computes positions by walking and rendering a module (``MetadataWrapper``), which by
default also deep-copies the tree. Most compilations of a good file never need a position, so
:class:`SourceFile` resolves them on first use, per top-level statement, without the copy
(``unsafe_skip_copy``: the nodes of the model stay the nodes that positions are keyed on).
"""

from __future__ import annotations

import bisect
from typing import Dict, FrozenSet, Iterator, List, Mapping, Optional, Set, Tuple

import libcst as cst
from libcst.metadata import (
    CodeRange,
    MetadataWrapper,
    PositionProvider,
    WhitespaceInclusivePositionProvider,
)

from .carving import Carving, full_statement
from .counting import CountingState, count
from .lines import line_starts, split_lines
from .syntax import child_nodes


def render(module: cst.Module) -> Tuple[str, Dict[int, int]]:
    """``module.code``, and the offset in it of each top-level statement (by ``id``).

    Rendered piece by piece as LibCST's own ``Module`` does (header, statements, footer, the
    last newline dropped when the file has none), so one rendering serves both the round-trip
    check and the positions of top-level statements.
    """
    pieces: List[str] = [module.code_for_node(line) for line in module.header]
    offsets: Dict[int, int] = {}
    length = sum(map(len, pieces))
    for statement in module.body:
        offsets[id(statement)] = length
        pieces.append(module.code_for_node(statement))
        length += len(pieces[-1])
    pieces.extend(module.code_for_node(line) for line in module.footer)
    text = "".join(pieces)
    if not module.has_trailing_newline:
        for newline in ("\r\n", "\n", "\r"):
            if text.endswith(newline):
                return text[: -len(newline)], offsets
    elif module.has_trailing_newline and not text:
        text = module.default_newline
    return text, offsets


def statement_line(module: cst.Module, statement: cst.BaseStatement) -> int:
    """The line a top-level statement's code (its leading blank and comment lines included)
    starts on, by rendering what precedes it: for diagnostics raised before a
    :class:`SourceFile` exists, never on the happy path."""
    line = 1
    for before in (*module.header, *module.body):
        if before is statement:
            return line
        line += len(split_lines(module.code_for_node(before))) - 1
    return line


class SourceFile:
    """One project file: its path for messages, its text, and its LibCST module."""

    def __init__(
        self,
        path: str,
        text: str,
        module: cst.Module,
        offsets: Dict[int, int],
        carving: Optional[Carving] = None,
    ) -> None:
        self.path = path
        self.text = text
        self.module = module  # the skeleton, when LibCST read one (``carving``)
        self._offsets = offsets  # where each top-level statement starts, in the module's code
        self._carving = carving
        self._whole: Dict[int, cst.BaseStatement] = {}  # skeleton statement: as in the whole file
        self._in_file: Set[int] = set()  # whole statements: offsets and lines are the file's
        self._whole_module: Optional[cst.Module] = None
        self._line_starts: Optional[List[int]] = None
        self._owners: Dict[int, cst.BaseStatement] = {}
        self._unwalked: Iterator[cst.BaseStatement] = iter(module.body)
        self._local: Dict[Tuple[int, bool], Mapping[cst.CSTNode, CodeRange]] = {}
        self._counted: Dict[int, CountingState] = {}

    @property
    def lines(self) -> List[str]:
        """The text split into lines the way LibCST counts them (line breaks kept)."""
        starts = self._starts()
        return [self.text[a:b] for a, b in zip(starts, starts[1:] + [len(self.text)])]

    def _starts(self) -> List[int]:
        if self._line_starts is None:
            self._line_starts = line_starts(self.text)
        return self._line_starts

    def span(self, node: cst.CSTNode) -> CodeRange:
        """The syntactic span of any node (no surrounding whitespace or comments).

        Computed on the node's top-level statement alone (see :meth:`_within`): a problem in
        one statement never walks another one, however large or deep that one is.
        """
        if node is self.module:
            lines = split_lines(self.text)
            return CodeRange((1, 0), (len(lines), len(lines[-1])))
        return self._within(self._statement_of(node), node, inclusive=False)

    def _statement_of(self, node: cst.CSTNode) -> cst.BaseStatement:
        """The top-level statement holding a node. Statements are walked in order, without
        recursion, until the node is found; what was walked is remembered for the next one."""
        while id(node) not in self._owners:
            self._own(next(self._unwalked))  # a node of another tree is a caller's bug
        return self._owners[id(node)]

    def _own(self, statement: cst.BaseStatement) -> None:
        """Remember ``statement`` as the top-level statement of each of its nodes."""
        stack: List[cst.CSTNode] = [statement]
        while stack:
            current = stack.pop()
            self._owners[id(current)] = statement
            stack.extend(child_nodes(current))

    def _within(self, statement: cst.BaseStatement, node: cst.CSTNode, inclusive: bool) -> CodeRange:
        """A node's span computed on its top-level statement alone, moved to file lines.

        LibCST computes positions by walking and rendering; doing it for one statement instead
        of the whole module keeps ``run_source`` and diagnostics cheap on large files, and keeps
        a deep statement elsewhere in the file out of the walk. A top-level statement starts a
        line, so its lines shift by its first line and its columns stay as they are.
        """
        cache = (id(statement), inclusive)
        if cache not in self._local:
            alone = self.module.with_changes(
                header=(), body=(statement,), footer=(), has_trailing_newline=True
            )
            provider = WhitespaceInclusivePositionProvider if inclusive else PositionProvider
            self._local[cache] = MetadataWrapper(alone, unsafe_skip_copy=True).resolve(provider)
        local = self._local[cache][node]
        if self._carving is None or id(statement) in self._in_file:  # the file's coordinates
            shift = self.line_of(self._offsets[id(statement)]) - 1
            return CodeRange(
                (local.start.line + shift, local.start.column), (local.end.line + shift, local.end.column)
            )
        shift = self._carving.skeleton_line(self._offsets[id(statement)]) - 1
        return CodeRange(
            self._carving.position(local.start.line + shift, local.start.column),
            self._carving.position(local.end.line + shift, local.end.column),
        )

    def span_in(self, statement: cst.BaseStatement, node: cst.CSTNode) -> CodeRange:
        """The syntactic span of ``node``, a node inside the top-level ``statement``."""
        return self._within(statement, node, inclusive=False)

    def inclusive_span_in(self, statement: cst.BaseStatement, node: cst.CSTNode) -> CodeRange:
        """The whitespace-inclusive span of ``node``, a node inside the top-level ``statement``."""
        return self._within(statement, node, inclusive=True)

    def text_from_to(self, statement: cst.BaseStatement, start: cst.CSTNode, end: cst.CSTNode) -> str:
        """The file's text from the syntactic start of ``start`` to the whitespace-inclusive end
        of ``end``, both inside the top-level ``statement``: one counting render of it."""
        counted = self._counts(statement)
        base = self._offsets[id(statement)]
        return self.text[
            self._in_text(statement, base + counted.starts[id(start)]) : self._in_text(
                statement, base + counted.ends[id(end)]
            )
        ]

    def indentation_at(self, statement: cst.BaseStatement, node: cst.CSTNode) -> str:
        """The text before ``node`` on its first line (``node`` inside the top-level ``statement``)."""
        start = self._in_text(
            statement, self._offsets[id(statement)] + self._counts(statement).starts[id(node)]
        )
        return self.text[self._starts()[self.line_of(start) - 1] : start]

    def _in_text(self, statement: cst.BaseStatement, offset: int) -> int:
        """A statement's offset in the module's code, as an offset in the file's text."""
        if self._carving is None or id(statement) in self._in_file:
            return offset
        return self._carving.offset(offset)

    def whole(self, statement: cst.BaseStatement) -> cst.BaseStatement:
        """A top-level statement as LibCST reads it in the whole file: the statement itself,
        or, for one of a skeleton, the statement read again from the file's own text (once;
        its nodes are then located like any other)."""
        carving = self._carving
        if carving is None or not carving.holds(self._offsets[id(statement)], self._end(statement)):
            return statement
        if id(statement) not in self._whole:
            start = self._offsets[id(statement)]
            whole = full_statement(carving, statement, start, self._end(statement), self.module)
            self._whole[id(statement)] = whole
            self._offsets[id(whole)] = carving.offset(start)
            self._in_file.add(id(whole))
            self._own(whole)
        return self._whole[id(statement)]

    def is_carved(self, statement: cst.BaseStatement) -> bool:
        """Whether a top-level statement of the module has a ``run`` body carved out."""
        return self._carving is not None and self._carving.holds(
            self._offsets[id(statement)], self._end(statement)
        )

    def carved_dependencies(self, statement: cst.BaseStatement) -> Optional[FrozenSet[str]]:
        """What the first ``run`` body carved out of a top-level statement imports (None when
        nothing was carved out of it)."""
        if self._carving is None:
            return None
        hole = self._carving.hole_between(self._offsets[id(statement)], self._end(statement))
        return hole.dependencies if hole is not None else None

    def whole_module(self) -> cst.Module:
        """The module as LibCST reads the whole file (the module itself without a skeleton)."""
        if self._whole_module is None:
            body = [self.whole(statement) for statement in self.module.body]
            self._whole_module = self.module if self._carving is None else self.module.with_changes(body=body)
        return self._whole_module

    def _end(self, statement: cst.BaseStatement) -> int:
        return self._offsets[id(statement)] + self._counts(statement).length

    def _counts(self, statement: cst.BaseStatement) -> CountingState:
        """Where each node of a top-level statement starts and ends in its code: one counting
        render of the statement, kept."""
        if id(statement) not in self._counted:
            self._counted[id(statement)] = count(self.module, statement)
        return self._counted[id(statement)]

    def offset(self, line: int, column: int) -> int:
        """Character offset in :attr:`text` of a LibCST (1-based line, 0-based column).

        The end of a file without a final newline is reported on the line after the last one;
        it is the end of the text.
        """
        starts = self._starts()
        return len(self.text) if line > len(starts) else min(starts[line - 1] + column, len(self.text))

    def line_of(self, offset: int) -> int:
        """The 1-based line holding a character offset."""
        return bisect.bisect_right(self._starts(), offset)

    def slice_in(self, statement: cst.BaseStatement, node: cst.CSTNode) -> str:
        """The exact text of a node's syntactic span inside a top-level statement."""
        span = self.span_in(statement, node)
        return self.text[
            self.offset(span.start.line, span.start.column) : self.offset(span.end.line, span.end.column)
        ]

    def code_for(self, node: cst.CSTNode) -> str:
        """LibCST's rendering of a node with this module's newline and indentation."""
        return self.module.code_for_node(node)
