"""Examples each construct carries beside its code, Fixit-style.

Every construct module under :mod:`fluxio_cst.dsl` (one per DSL construct or Choice rule family)
defines, at module level:

- ``TITLE``: the construct's name as the documentation heads it (``"map(): fan out"``);
- ``VALID``: a tuple of :class:`Valid`, programs that compile without any diagnostic;
- ``INVALID``: a tuple of :class:`Invalid`, programs ``parse`` reports with exactly one code;

and its module docstring says what the construct does and why it is read the way it is. The
test suite runs every example of every such module, and the DSL reference in ``docs/`` is
generated from them, so the documentation cannot drift from what the compiler does.

An example is a whole project file, written indented in a triple-quoted string: :attr:`text`
dedents it and drops the first newline, and lines count from there.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Optional, Tuple

from ..codes import Code


def _text(source: str) -> str:
    return textwrap.dedent(source).lstrip("\n")


@dataclass(frozen=True)
class Valid:
    """A program (a whole project file) that compiles without any diagnostic."""

    source: str
    title: str = ""

    @property
    def text(self) -> str:
        return _text(self.source)


@dataclass(frozen=True)
class Invalid:
    """A program ``parse`` reports with ``code`` (its only diagnostic code: an error, or a
    warning for a warning code), first at ``line`` of :attr:`text`.

    ``fix`` is the program written as the diagnostic suggests: it compiles cleanly.
    """

    source: str
    code: Code
    line: int
    title: str = ""
    fix: Optional[str] = None

    @property
    def text(self) -> str:
        return _text(self.source)

    @property
    def fixed_text(self) -> Optional[str]:
        return None if self.fix is None else _text(self.fix)


Examples = Tuple[Valid, ...]
Counterexamples = Tuple[Invalid, ...]
