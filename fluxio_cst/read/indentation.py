"""Indentation LibCST reads otherwise than CPython: tabs and spaces mixed.

CPython measures a line's indentation in columns (tabs to multiples of 8, and again with tabs as
1, which must agree); LibCST's tokenizer matches it character by character: a block must start
with its parent's characters and return to them exactly. So ``\t`` then ``    \t\t`` is a block
to CPython and an error to LibCST ("no matching outer block for dedent", at 1:1). The skeleton
must not carve such a file (its ``run`` bodies would hide the error), and the error is located
at its line.
"""

from __future__ import annotations

import io
import re
import tokenize
from typing import Optional

_TAB_INDENTED = re.compile(r"^[ \f]*\t[ \t\f]*[^ \t\f\r\n]", re.MULTILINE)
_SPACE_INDENTED = re.compile(r"^[\t\f]* [ \t\f]*[^ \t\f\r\n]", re.MULTILINE)


def may_mix(text: str) -> bool:
    """Whether some line is indented with a tab and some with a space (a fast, loose test:
    continuation lines and strings count too)."""
    return _TAB_INDENTED.search(text) is not None and _SPACE_INDENTED.search(text) is not None


def mixed_indentation(text: str) -> Optional[int]:
    """The first line whose indentation is not, character for character, the enclosing
    block's or an extension of it (how LibCST's tokenizer matches indentation, where CPython
    measures columns: ``\t`` then ``    \t\t`` is a block to CPython and an error to LibCST)."""
    stack = [""]
    dedented = False
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.DEDENT:
                stack.pop()
                dedented = True
                continue
            if dedented and token.line[: token.start[1]] != stack[-1]:
                return token.start[0]  # back to a block's column, not to its characters
            dedented = False
            if token.type == tokenize.INDENT:
                if not token.string.startswith(stack[-1]):
                    return token.start[0]
                stack.append(token.string)
    except (tokenize.TokenError, SyntaxError):
        return None
    return None
