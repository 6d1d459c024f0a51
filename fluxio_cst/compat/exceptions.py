"""The old parser's exception types, raised by :func:`fluxio_cst.compat.parse_project_tree`.

Code written against fluxio-parser catches ``SFNError`` or ``UnsupportedOperation``; code
written against fluxio_cst catches :class:`~fluxio_cst.FluxioError`. One exception is both, so
either ``except`` keeps working: raised by the compiler, it carries fluxio_cst's diagnostics
(code, message, position) and ``node`` is None, there being no ``ast`` node behind a LibCST
diagnostic. Code that raises it itself the old way, ``UnsupportedOperation(message, node)`` or
:func:`assert_supported_operation`, gets the old message (with the node's line, column and
source) and no diagnostics.
"""

from __future__ import annotations

import ast
from typing import Any, Iterable, Optional, Union

import astor

from ..diagnostics import Diagnostic, FluxioError


class SFNError(Exception):
    """The old parser's base exception."""


class UnsupportedOperation(SFNError, FluxioError, AssertionError):
    """A project file that cannot be compiled: a fluxio-parser error and a fluxio_cst one."""

    def __init__(self, message: Union[str, Iterable[Diagnostic]], node: Optional[Any] = None) -> None:
        self.node = node
        self._text = _old_text(message, node) if isinstance(message, str) else None
        FluxioError.__init__(self, () if isinstance(message, str) else message)

    def render(self) -> str:
        """The diagnostics as fluxio_cst renders them, or the old message."""
        return self._text if self._text is not None else super().render()

    @classmethod
    def from_error(cls, error: FluxioError) -> UnsupportedOperation:
        """The same diagnostics, rendered the same way, as the old exception type."""
        raised = cls(error.diagnostics)
        raised.args = error.args  # the message with the source lines and carets
        return raised


def assert_supported_operation(assertion: bool, message: str, node: Any) -> None:
    """Raise :class:`UnsupportedOperation` (the old way) unless ``assertion`` holds."""
    if not assertion:
        raise UnsupportedOperation(message, node)


def _old_text(message: str, node: Optional[Any]) -> str:
    """The old message: the text, then where (an ``ast`` node's line and column) and what."""
    if not isinstance(node, (ast.stmt, ast.expr, ast.excepthandler)):
        return message
    where = f"Provided (Line {node.lineno}, Column {node.col_offset}):"
    return f"{message.rstrip('.')}.\n\n{where}\n\n{astor.to_source(node).strip()}"
