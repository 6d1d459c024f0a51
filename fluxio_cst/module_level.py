"""A method's module-level form, as LibCST renders it, computed from the method's text.

``run_module_source`` is what LibCST's ``code_for_node`` writes for the ``run`` method at module
level (contract §A). LibCST keeps every byte of a method but its indentation: each block stores
its indentation relative to its parent, so at module level the class body's indentation ``C``
falls off the lines it renders through an indentation: statement lines, and comment or blank
lines (and lines inside brackets) that start with the indentation of the block that owns them.
Other lines keep their bytes: those inside strings, after a backslash, and comment or blank
lines that do not start with their owner's indentation.

Which block owns a comment line follows LibCST's rule: after the last statement of blocks that
end together, the innermost block takes the lines up to the last one indented at least as it
is, then the next block out from what is left, and the next statement takes the rest.
:func:`module_level` applies it to the method's tokens, so that the builder's job needs no
LibCST tree of ``run`` at all; it answers None for what it does not model (f-strings across
lines, form feeds, a file ending inside the method), and the caller renders with LibCST.
Tested equal to LibCST's rendering on every fixture and on generated methods.
"""

from __future__ import annotations

import io
import re
import tokenize
from typing import Dict, List, Optional, Set

_LINE = re.compile(r"[^\n]*\n")  # lines end at "\n" (or "\r\n"), never at U+0085, U+2028
_LONE_CR = re.compile(r"\r(?!\n)")  # a line break only LibCST counts: LibCST renders it
_FSTRING_START = getattr(tokenize, "FSTRING_START", None)  # Python 3.12+
_FSTRING_END = getattr(tokenize, "FSTRING_END", None)


def module_level(method: str, indent: str) -> Optional[str]:
    """LibCST's module-level rendering of a method whose text (from its first decorator or
    ``def``) is ``method``, its first line indented by ``indent`` in the file; None when the
    method holds something this does not model."""
    if not method.endswith("\n") or "\f" in method or _LONE_CR.search(method):
        return None
    lines = _LINE.findall(indent + method)  # as LibCST and the tokenizer break lines
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO("if 1:\n" + "".join(lines)).readline))
    except (tokenize.TokenError, SyntaxError):
        return None
    walk = _Walk(lines, indent)
    if not all(walk.take(token) for token in tokens if token.start[0] > 1):
        return None
    strip = walk.stripped()
    if strip is None:
        return None
    return "".join(line[len(indent) :] if number in strip else line for number, line in enumerate(lines, 1))


class _Walk:
    """One pass over the method's tokens: which lines LibCST renders through an indentation.

    Line numbers are the method's, 1-based (the tokens' less the ``if 1:`` line put before it
    so that the method's indentation reads as a block)."""

    def __init__(self, lines: List[str], indent: str) -> None:
        self.lines = lines
        self.indent = indent
        self.stack: List[str] = [""]  # the indentation of each open block
        self.closing: List[str] = []  # blocks closed since the last statement, innermost first
        self.pending: List[int] = []  # comment and blank lines awaiting their owner
        self.strip: Set[int] = set()
        self.kept: Set[int] = set()  # lines starting inside a string or after a backslash
        self.brackets: Dict[int, str] = {}  # lines starting inside brackets: their statement's indent
        self.comments: Set[int] = set()
        self.fstrings: List[int] = []  # the lines open f-strings (Python 3.12+) start on
        self.depth = 0
        self.open = False  # inside a logical line
        self.statement = indent
        self.previous = 0  # the line the previous token ended on

    def take(self, token: tokenize.TokenInfo) -> bool:
        kind, line, end = token.type, token.start[0] - 1, token.end[0] - 1
        if kind == tokenize.INDENT:
            self.stack.append(token.string)
            return token.string.startswith(self.stack[-2])
        if kind == tokenize.DEDENT:
            self.closing.append(self.stack.pop())
            return True
        if kind == tokenize.ENDMARKER:
            self.closing = self.closing[:-1]  # the class body's block: the method ends before it
            self._own("\x00")
            return not self.pending
        if not self._plain_string(token):
            return False
        if kind == tokenize.COMMENT:
            self.comments.add(line)
        if not self.open and kind in (tokenize.NL, tokenize.COMMENT):
            if line not in self.pending:
                self.pending.append(line)
        elif not self.open:
            self._own(self.stack[-1])
            self.strip.add(line)
            self.statement = self.stack[-1]
            self.open = True
        elif line > self.previous:
            self._continued(line)
        self.kept.update(range(line + 1, end + 1))  # a string across lines
        self._count_brackets(token)
        if kind == tokenize.NEWLINE:
            self.open = False
        self.previous = end
        return True

    def _plain_string(self, token: tokenize.TokenInfo) -> bool:
        """False for an f-string across lines: LibCST reads its expressions, with whitespace
        this does not model."""
        if token.type == tokenize.STRING:
            prefix = token.string[: len(token.string) - len(token.string.lstrip("rRbBuUfF"))]
            return "f" not in prefix.lower() or token.end[0] == token.start[0]
        if token.type == _FSTRING_START:
            self.fstrings.append(token.start[0])
        elif token.type == _FSTRING_END:
            return self.fstrings.pop() == token.end[0]
        return True

    def _continued(self, line: int) -> None:
        """The first token of a line inside a logical line: in brackets (an indentation LibCST
        may render) or after a backslash (bytes kept)."""
        for number in range(self.previous + 1, line + 1):
            if number in self.kept:
                continue
            if self.depth > 0 and not self._after_backslash(number):
                self.brackets[number] = self.statement
            else:
                self.kept.add(number)

    def _after_backslash(self, number: int) -> bool:
        before = number - 1
        return before not in self.comments and self.lines[before - 1].rstrip("\r\n").endswith("\\")

    def _count_brackets(self, token: tokenize.TokenInfo) -> None:
        if token.type == tokenize.OP and token.string in ("(", "[", "{"):
            self.depth += 1
        elif token.type == tokenize.OP and token.string in (")", "]", "}"):
            self.depth -= 1

    def _own(self, next_indent: str) -> None:
        """Give the pending comment lines to the blocks just closed, innermost first (each up
        to its last line indented as it is), and the rest to the next statement."""
        for block in self.closing:
            owned = [i for i, n in enumerate(self.pending) if self.lines[n - 1].startswith(block)]
            if owned:
                self._strip_if(self.pending[: owned[-1] + 1], block)
                self.pending = self.pending[owned[-1] + 1 :]
        if next_indent != "\x00":
            self._strip_if(self.pending, next_indent)
            self.pending = []
        self.closing = []

    def _strip_if(self, numbers: List[int], owner: str) -> None:
        self.strip.update(n for n in numbers if self.lines[n - 1].startswith(owner))

    def stripped(self) -> Optional[Set[int]]:
        self.strip.update(n for n, owner in self.brackets.items() if self.lines[n - 1].startswith(owner))
        if any(not self.lines[n - 1].startswith(self.indent) for n in self.strip):
            return None
        return self.strip - self.kept
