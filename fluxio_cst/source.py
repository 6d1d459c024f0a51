"""The source file: decoded text, its LibCST module, and positions computed only when asked.

LibCST computes positions by rendering the whole module with a tracking code generator
(``MetadataWrapper``), which by default also deep-copies the tree. Most compilations of a good
file never need a position, so :class:`SourceFile` resolves them on first use, once, without the
copy (``unsafe_skip_copy``: the nodes of the model stay the nodes that positions are keyed on).
"""

from __future__ import annotations

import bisect
import re
from typing import List, Mapping, Optional, Tuple

import libcst as cst
from libcst.metadata import (
    CodeRange,
    MetadataWrapper,
    PositionProvider,
    WhitespaceInclusivePositionProvider,
)

# The line breaks LibCST's position provider counts (``libcst.metadata.position_provider``);
# offsets must agree with it, so form feeds or U+2028 inside strings do not start lines.
_NEWLINE = re.compile(r"\r\n?|\n")


class SourceFile:
    """One project file: its path for messages, its text, and its LibCST module."""

    def __init__(self, path: str, text: str, module: cst.Module) -> None:
        self.path = path
        self.text = text
        self.module = module
        self._line_starts: Optional[List[int]] = None
        self._positions: Optional[Tuple[Mapping[cst.CSTNode, CodeRange], ...]] = None

    @property
    def lines(self) -> List[str]:
        """The text split into lines the way LibCST counts them (line breaks kept)."""
        starts = self._starts()
        return [self.text[a:b] for a, b in zip(starts, starts[1:] + [len(self.text)])]

    def _starts(self) -> List[int]:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in _NEWLINE.finditer(self.text)]
        return self._line_starts

    def _resolve(self) -> Tuple[Mapping[cst.CSTNode, CodeRange], ...]:
        if self._positions is None:
            wrapper = MetadataWrapper(self.module, unsafe_skip_copy=True)
            self._positions = (
                wrapper.resolve(PositionProvider),
                wrapper.resolve(WhitespaceInclusivePositionProvider),
            )
        return self._positions

    def span(self, node: cst.CSTNode) -> CodeRange:
        """The syntactic span of a node (no surrounding whitespace or comments)."""
        return self._resolve()[0][node]

    def inclusive_span(self, node: cst.CSTNode) -> CodeRange:
        """The span of a node with the whitespace and comment lines it owns."""
        return self._resolve()[1][node]

    def offset(self, line: int, column: int) -> int:
        """Character offset in :attr:`text` of a LibCST (1-based line, 0-based column).

        The end of a file without a final newline is reported on the line after the last one;
        it is the end of the text.
        """
        starts = self._starts()
        return len(self.text) if line > len(starts) else min(starts[line - 1] + column, len(self.text))

    def slice(self, node: cst.CSTNode) -> str:
        """The exact text of a node's syntactic span (for nodes that own no leading lines)."""
        span = self.span(node)
        return self.text[
            self.offset(span.start.line, span.start.column) : self.offset(span.end.line, span.end.column)
        ]

    def line_of(self, offset: int) -> int:
        """The 1-based line holding a character offset."""
        return bisect.bisect_right(self._starts(), offset)

    def code_for(self, node: cst.CSTNode) -> str:
        """LibCST's rendering of a node with this module's newline and indentation."""
        return self.module.code_for_node(node)
