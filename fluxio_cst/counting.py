"""Where each node of a statement starts and ends in its code, by one render that counts.

LibCST's position providers walk a tree and render it with line and column bookkeeping, a
``CodeRange`` per node; extracting text (``run_source``) needs only character offsets, which
LibCST's own code generator gives when its hooks count instead of keeping text.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Dict, Iterator, Optional

import libcst as cst
from libcst._nodes.internal import CodegenState


class CountingState(CodegenState):
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


def count(module: cst.Module, statement: cst.BaseStatement) -> CountingState:
    """One counting render of a statement, with the module's indentation and newline."""
    state = CountingState(module)
    statement._codegen(state)
    return state
