"""The old parser's exception types, raised by :func:`fluxio_cst.compat.parse_project_tree`.

Code written against fluxio-parser catches ``SFNError`` or ``UnsupportedOperation``; code
written against fluxio_cst catches :class:`~fluxio_cst.FluxioError`. One exception is both, so
either ``except`` keeps working: it carries fluxio_cst's diagnostics (code, message, position),
and ``node`` is None because there is no ``ast`` node behind a LibCST diagnostic.
"""

from __future__ import annotations

from typing import Any, Optional

from ..diagnostics import FluxioError


class SFNError(Exception):
    """The old parser's base exception."""


class UnsupportedOperation(SFNError, FluxioError, AssertionError):
    """A project file that cannot be compiled: a fluxio-parser error and a fluxio_cst one."""

    node: Optional[Any] = None

    @classmethod
    def from_error(cls, error: FluxioError) -> UnsupportedOperation:
        """The same diagnostics, rendered the same way, as the old exception type."""
        raised = cls(error.diagnostics)
        raised.args = error.args  # the message with the source lines and carets
        return raised
