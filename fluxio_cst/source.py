"""The source file: decoded text, its LibCST module, and positions computed only when asked.

LibCST computes positions by walking and rendering a module (``MetadataWrapper``), which by
default also deep-copies the tree. Most compilations of a good file never need a position, so
:class:`SourceFile` resolves them on first use, per top-level statement, without the copy
(``unsafe_skip_copy``: the nodes of the model stay the nodes that positions are keyed on).
"""

from __future__ import annotations

import bisect
import re
from contextlib import contextmanager
from typing import Dict, Iterator, List, Mapping, Optional, Tuple

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst.metadata import (
    CodeRange,
    MetadataWrapper,
    PositionProvider,
    WhitespaceInclusivePositionProvider,
)

from .syntax import child_nodes

# The line breaks LibCST's position provider counts (``libcst.metadata.position_provider``);
# offsets must agree with it, so form feeds or U+2028 inside strings do not start lines.
_NEWLINE = re.compile(r"\r\n?|\n")


def split_lines(text: str) -> List[str]:
    """The lines of a text as LibCST and CPython's tokenizer count them (``\\r\\n``, ``\\r``,
    ``\\n``; not the form feeds and U+2028 that ``str.splitlines`` also breaks on), without
    their line breaks; a text ending in a line break ends with an empty line."""
    return _NEWLINE.split(text)


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

    def __init__(self, path: str, text: str, module: cst.Module, offsets: Dict[int, int]) -> None:
        self.path = path
        self.text = text
        self.module = module
        self._offsets = offsets
        self._line_starts: Optional[List[int]] = None
        self._owners: Dict[int, cst.BaseStatement] = {}
        self._unwalked: Iterator[cst.BaseStatement] = iter(module.body)
        self._local: Dict[Tuple[int, bool], Mapping[cst.CSTNode, CodeRange]] = {}
        self._counted: Dict[int, _CountingState] = {}

    @property
    def lines(self) -> List[str]:
        """The text split into lines the way LibCST counts them (line breaks kept)."""
        starts = self._starts()
        return [self.text[a:b] for a, b in zip(starts, starts[1:] + [len(self.text)])]

    def _starts(self) -> List[int]:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in _NEWLINE.finditer(self.text)]
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
            statement = next(self._unwalked)  # a node of another tree is a caller's bug
            stack: List[cst.CSTNode] = [statement]
            while stack:
                current = stack.pop()
                self._owners[id(current)] = statement
                stack.extend(child_nodes(current))
        return self._owners[id(node)]

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
        shift = self.line_of(self._offsets[id(statement)]) - 1
        return CodeRange(
            (local.start.line + shift, local.start.column), (local.end.line + shift, local.end.column)
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
        if id(statement) not in self._counted:
            self._counted[id(statement)] = _count(self.module, statement)
        counted = self._counted[id(statement)]
        base = self._offsets[id(statement)]
        return self.text[base + counted.starts[id(start)] : base + counted.ends[id(end)]]

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


class _CountingState(CodegenState):
    """LibCST's code generator, counting characters instead of keeping text: where each node's
    syntactic span starts and its whitespace-inclusive span ends, as offsets in its statement.

    The same hooks LibCST's position providers use, without line and column bookkeeping,
    the separate tree walk ``MetadataWrapper`` makes, or a ``CodeRange`` per node: extracting
    the ``run`` method of a 1 MB class costs one render of it.
    """

    def __init__(self, module: cst.Module) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.length = 0
        self.starts: Dict[int, int] = {}
        self.ends: Dict[int, int] = {}

    def add_indent_tokens(self) -> None:
        self.length += sum(map(len, self.indent_tokens))

    def add_token(self, value: str) -> None:
        self.length += len(value)

    def after_codegen(self, node: cst.CSTNode) -> None:
        self.ends[id(node)] = self.length

    @contextmanager
    def record_syntactic_position(
        self,
        node: cst.CSTNode,
        *,
        start_node: Optional[cst.CSTNode] = None,
        end_node: Optional[cst.CSTNode] = None,
    ) -> Iterator[None]:
        start = self.length
        yield
        self.starts[id(node)] = self.starts[id(start_node)] if start_node is not None else start


def _count(module: cst.Module, statement: cst.BaseStatement) -> _CountingState:
    state = _CountingState(module)
    statement._codegen(state)
    return state
