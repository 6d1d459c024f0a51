"""Examples each construct carries beside its code, Fixit-style.

A construct module defines ``VALID`` (programs that compile) and ``INVALID`` (programs that
``parse`` rejects or warns about with exactly one code, at a given line). The test suite runs
every example of every module under :mod:`fluxio_cst.dsl`, and the DSL reference in ``docs/``
is generated from them, so the documentation cannot drift from what the compiler does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

from ..codes import Code


@dataclass(frozen=True)
class Valid:
    """A program (a whole project file) that compiles without any diagnostic."""

    source: str
    title: str = ""


@dataclass(frozen=True)
class Invalid:
    """A program ``parse`` reports with ``code`` (its only diagnostic code), first at ``line``.

    ``fix`` is the program written as the diagnostic suggests: it must compile cleanly.
    """

    source: str
    code: Code
    line: int
    title: str = ""
    fix: Optional[str] = None


Examples = Tuple[Valid, ...]
Counterexamples = Tuple[Invalid, ...]
