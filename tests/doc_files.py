"""Write a generated documentation page, or with ``--check`` only report whether it is current.

Every page that ``docs/`` generates from the code (the DSL reference, the diagnostics
catalogue, the CLI reference, the example diagrams) is written the same way: the generator
computes the page's whole text and hands it here, so the "current / stale / written" rule and
its messages are one function, and each page's staleness test compares the file with the
generator's text.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent


def write_or_check(page: Path, fresh: str, module: str, argv: Optional[Sequence[str]] = None) -> int:
    """Rewrite ``page`` with ``fresh`` (status 0), or with ``--check`` in ``argv`` report a
    stale page (status 1) without writing; ``module`` is the generator, named in the message."""
    args = list(sys.argv[1:] if argv is None else argv)
    name = page.relative_to(ROOT).as_posix()
    if page.exists() and page.read_text(encoding="utf-8") == fresh:
        print(f"{name}: current")
        return 0
    if "--check" in args:
        print(f"{name}: stale; run `python -m {module}`")
        return 1
    page.parent.mkdir(exist_ok=True)
    page.write_text(fresh, encoding="utf-8")
    print(f"{name}: written")
    return 0
