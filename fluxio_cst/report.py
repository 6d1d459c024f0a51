"""Collecting diagnostics while recognising, and locating them only at the end.

Recognisers report against CST nodes; positions are resolved once, after the whole file was
read, so a file without problems never pays for LibCST's position computation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Tuple

import libcst as cst

from .codes import Code
from .diagnostics import Diagnostic, FluxioError, Severity
from .source import SourceFile


@dataclass(frozen=True)
class Fix:
    """A problem's mechanical fix: ``node`` (of the file's own tree) replaced by ``replacement``.
    ``fluxio-cst check --fix`` and the ``fix`` codemod apply it; nothing else reads it."""

    node: cst.CSTNode
    replacement: cst.CSTNode


@dataclass(frozen=True)
class _Pending:
    code: Code
    severity: Severity
    node: cst.CSTNode
    message: str
    fix: Optional[Fix] = None


class Reporter:
    """Collects the problems of one file; :meth:`finish` locates them and raises on errors."""

    def __init__(self, source: SourceFile, located: Tuple[Diagnostic, ...] = ()) -> None:
        self.source = source
        self._pending: List[_Pending] = []
        self._located = located  # diagnostics found before recognition, already positioned

    def error(self, code: Code, node: cst.CSTNode, message: str, fix: Optional[Fix] = None) -> None:
        """Report an error at ``node``: the file will not compile."""
        self._pending.append(_Pending(code, Severity.ERROR, node, message, fix))

    def warning(self, code: Code, node: cst.CSTNode, message: str, fix: Optional[Fix] = None) -> None:
        """Report a warning at ``node``: the file still compiles."""
        self._pending.append(_Pending(code, Severity.WARNING, node, message, fix))

    @property
    def fixes(self) -> Tuple[Fix, ...]:
        """The fixes of the problems reported, in the order they were reported."""
        return tuple(p.fix for p in self._pending if p.fix is not None)

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self._pending)

    def diagnostics(self) -> Tuple[Diagnostic, ...]:
        """Every reported problem with its position, in file order."""
        result = []
        for pending in self._pending:
            span = self.source.span(pending.node)
            result.append(
                Diagnostic(
                    code=pending.code.value,
                    severity=pending.severity,
                    message=pending.message,
                    path=self.source.path,
                    line=span.start.line,
                    column=span.start.column,
                    end_line=span.end.line,
                    end_column=span.end.column,
                )
            )
        return tuple(result)

    def finish(self) -> Tuple[Diagnostic, ...]:
        """The warnings, or a :class:`FluxioError` with everything when any error was reported."""
        diagnostics = self._located + (self.diagnostics() if self._pending else ())
        if self.has_errors:
            raise FluxioError(diagnostics, self.source.lines)
        return diagnostics


def single(
    code: Code, message: str, path: str, line: int, column: int, lines: Optional[List[str]] = None
) -> FluxioError:
    """A :class:`FluxioError` for a problem found before there was a tree (syntax, encoding)."""
    diagnostic = Diagnostic(code.value, Severity.ERROR, message, path, line, column, line, column + 1)
    return FluxioError([diagnostic], lines)
