"""Lines as LibCST and CPython's tokenizer count them, and columns as diagnostics count them.

Both parsers break lines at ``\\r\\n``, ``\\r`` and ``\\n`` only; ``str.splitlines`` also breaks
at form feeds, U+0085, U+2028 and more, so a line number taken from it drifts from the parser's
after the first such character. Every line count of the package goes through this module.
"""

from __future__ import annotations

import re
from typing import List

# The line breaks LibCST's position provider counts (``libcst.metadata.position_provider``);
# offsets must agree with it, so form feeds or U+2028 inside strings do not start lines.
LINE_BREAK = re.compile(r"\r\n?|\n")


def split_lines(text: str) -> List[str]:
    """The lines of a text, without their line breaks; a text ending in a line break ends
    with an empty line."""
    return LINE_BREAK.split(text)


def line_starts(text: str) -> List[int]:
    """The offset each line of a text starts at (a text ending in a line break has an empty
    last line, which starts at its end)."""
    return [0] + [match.end() for match in LINE_BREAK.finditer(text)]


def lines_of(text: str) -> List[str]:
    """The lines of a text, line breaks kept (no empty line after a last line break)."""
    starts = line_starts(text)
    lines = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]
    return lines[:-1] if lines and not lines[-1] else lines


def character_column(line: str, byte_offset: int) -> int:
    """``ast`` counts columns in UTF-8 bytes of the line; diagnostics count characters."""
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", "replace"))
