"""Diagnostics: what the parser says about a project file, and the error that carries them.

Every problem has a stable code (``FX…``) so that editors, CI annotations and people searching
for a message can rely on it; :mod:`fluxio_cst.codes` documents each code with a bad and a fixed
example. A diagnostic is one line, position first, like pyflakes or ruff::

    project.py:12:5: error[FX301]: `for` loops are not part of the DSL; ...
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence, Tuple


class Severity(str, enum.Enum):
    """How bad a diagnostic is: errors stop compilation, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One located problem in one file (lines 1-based, columns 0-based as in LibCST)."""

    code: str
    severity: Severity
    message: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    def headline(self) -> str:
        """The one-line form: ``path:line:col: severity[code]: message`` (column shown 1-based)."""
        return (
            f"{self.path}:{self.line}:{self.column + 1}: {self.severity.value}[{self.code}]: {self.message}"
        )

    def render(self, source_lines: Optional[Sequence[str]] = None) -> str:
        """The headline, then (when the source is known) the line and a caret under the span."""
        text = self.headline()
        if not source_lines or not 1 <= self.line <= len(source_lines):
            return text
        line = source_lines[self.line - 1].rstrip("\r\n")
        width = (
            self.end_column - self.column
            if self.end_line == self.line and self.end_column > self.column
            else max(1, len(line) - self.column)
        )
        prefix = "".join("\t" if ch == "\t" else " " for ch in line[: self.column])
        return f"{text}\n    {line}\n    {prefix}{'^' * max(1, width)}"

    def as_json(self) -> dict[str, object]:
        """A plain dict for ``--format json`` (editors, CI annotations)."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column + 1,
            "end_line": self.end_line,
            "end_column": self.end_column + 1,
        }


def sort_key(diagnostic: Diagnostic) -> Tuple[str, int, int, str]:
    """Diagnostics are reported in file order, then by code, so output is stable."""
    return (diagnostic.path, diagnostic.line, diagnostic.column, diagnostic.code)


class FluxioError(Exception):
    """Raised for a project file that cannot be compiled; carries every diagnostic found.

    It is the base of everything the library raises on bad input: callers need catch nothing
    else. ``str()`` renders all diagnostics like a compiler does.
    """

    def __init__(
        self, diagnostics: Iterable[Diagnostic], source_lines: Optional[Sequence[str]] = None
    ) -> None:
        self.diagnostics: Tuple[Diagnostic, ...] = tuple(sorted(diagnostics, key=sort_key))
        self._source_lines = tuple(source_lines) if source_lines is not None else None
        super().__init__(self.render())

    @property
    def errors(self) -> Tuple[Diagnostic, ...]:
        """Only the diagnostics of severity error."""
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)

    def render(self) -> str:
        """Every diagnostic with its source line and caret, one after the other."""
        return "\n".join(d.render(self._source_lines) for d in self.diagnostics)
