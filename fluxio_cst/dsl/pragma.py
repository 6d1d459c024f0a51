"""Key pragmas: ``# fluxio: key="…"`` on a statement's first line pins its state's name.

What it does: a trailing comment ``# fluxio: key="Is it big?"`` names the state of the
statement it ends, on every state statement: ``if`` (a Choice), ``data[...] = literal`` and
``data.update(...)`` (Pass), ``return``, ``raise``, and the calls (``wait``, ``map``,
``parallel``, Task and state machine calls), where it means what ``key=`` means (both at once
is an error). The key follows the rules of ``key=``: not empty, at most 80 characters, unique
in its function. The value is one Python string literal, in double or single quotes; a
further ``# comment`` may follow it.

Why: only a call can carry ``key=``; any other state is named by a hash of its statement, so
editing the statement (for an ``if``, any line of it) renames the deployed state. A comment is
the one place every statement has that the hash never sees (it is computed from CPython's
tree, which has no comments), so a file without pragmas compiles exactly as before. This
module finds the comment that belongs to a statement and reads it; :mod:`.naming` decides.

Which comment belongs to a statement, "the comment ending its first line":

- an ``if``: the comment after its header's colon (for ``if x: return`` on one line, the
  comment ending that line); an ``elif`` is a rule of its ``if``'s Choice and takes none;
- a simple statement: its first line break in source order; when that break ends a line with
  a comment (inside an open bracket), that comment; when it is a backslash or a string
  spanning lines, none; without any line break, the comment ending its line (statements
  sharing a line, ``a; b``, share it).

Example::

    if data["size"] > 100:  # fluxio: key="Is it big?"
        data["mode"] = {  # fluxio: key='Big mode'
            "fast": False,
        }

Use instead: ``key="…"`` on a call, where either works; a comment that does not begin with
``# fluxio:`` is just a comment.
"""

from __future__ import annotations

import re
import weakref
from typing import Iterator, List, Optional, Tuple

import libcst as cst

from ..codes import Code
from ..options import key_problem
from ..source import SourceFile
from ..syntax import descendants
from .examples import Invalid, Valid
from .samples import FETCH_ORDER, program

TITLE = "Key pragmas: # fluxio: key=..."

_PRAGMA = re.compile(r"#[ \t]*fluxio:[ \t]*")
_STRING_START = re.compile(r"[rRuU]?[\"']")
_DIRECTIVE = re.compile(r"([A-Za-z_]\w*)[ \t]*=?")
_USAGE = 'write `# fluxio: key="State name"`'


# Whether a file's text holds "fluxio:" at all, found once per file: without it no statement has
# a pragma, and looking for one (a walk of every state statement) is skipped. A cache of a pure
# function of the file, kept no longer than the file.
_MAY_HOLD: weakref.WeakKeyDictionary[SourceFile, bool] = weakref.WeakKeyDictionary()


def may_hold_pragmas(source: SourceFile) -> bool:
    """False when no statement of the file can have a pragma."""
    if source not in _MAY_HOLD:
        _MAY_HOLD[source] = "fluxio:" in source.text
    return _MAY_HOLD[source]


class PragmaError(Exception):
    """A ``# fluxio:`` comment that cannot be read, with the code to report it under."""

    def __init__(self, code: Code, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def is_pragma(comment: Optional[cst.Comment]) -> bool:
    """Whether a comment is a ``# fluxio:`` pragma (any other comment is just a comment)."""
    return comment is not None and _PRAGMA.match(comment.value) is not None


def key_of(comment: cst.Comment) -> str:
    """The key a pragma pins, or :class:`PragmaError` for a malformed one."""
    match = _PRAGMA.match(comment.value)
    assert match is not None
    rest = comment.value[match.end() :].rstrip()
    directive = _DIRECTIVE.match(rest)
    if directive is None or directive.group(1) != "key":
        name = directive.group(1) if directive is not None else rest
        written = f"the unknown directive `{name}`" if rest else "no directive"
        raise PragmaError(Code.BAD_PRAGMA, f"this `# fluxio:` pragma has {written}: {_USAGE}")
    literal = _string(rest[directive.end() :].strip()) if directive.group(0).endswith("=") else None
    if literal is None:
        raise PragmaError(Code.BAD_PRAGMA, f"`key=` in a `# fluxio:` pragma takes a string literal: {_USAGE}")
    problem = key_problem(literal)
    if problem is not None:
        raise PragmaError(Code.BAD_KEY, problem)
    return literal


def _string(text: str) -> Optional[str]:
    """``text`` read as one plain Python string literal (no f-, b- or implicit concatenation)."""
    if _STRING_START.match(text) is None:
        return None
    try:
        node = cst.parse_expression(text)
    except cst.ParserSyntaxError:
        return None
    if not isinstance(node, cst.SimpleString) or node.lpar or "b" in node.prefix.lower():
        return None
    value = node.evaluated_value
    return value if isinstance(value, str) else None


def comment_of(statement: cst.CSTNode, line_comment: Optional[cst.Comment]) -> Optional[cst.Comment]:
    """The comment ending ``statement``'s first line (see the module docstring);
    ``line_comment`` ends the line holding a simple statement."""
    if isinstance(statement, cst.If):
        return header_comment(statement)
    broken, first = _first_break(statement)
    if not broken:
        return line_comment
    return first.comment if first is not None else None


def line_end_of(
    statement: cst.CSTNode, line_end: Optional[cst.TrailingWhitespace]
) -> Optional[cst.TrailingWhitespace]:
    """Where a pragma of ``statement`` is written (the codemods pin keys there): the line end
    :func:`comment_of` reads; ``line_end`` ends the line holding a simple statement. None when
    the first line ends in a backslash or inside a string, where no comment can go."""
    if isinstance(statement, cst.If):
        return _header(statement)
    broken, first = _first_break(statement)
    return first if broken else line_end


def header_comment(node: cst.If) -> Optional[cst.Comment]:
    """The comment after an ``if``'s colon."""
    return _header(node).comment


def _header(node: cst.If) -> cst.TrailingWhitespace:
    """The line end after an ``if``'s colon."""
    body = node.body
    if isinstance(body, cst.IndentedBlock):
        return body.header
    assert isinstance(body, cst.SimpleStatementSuite)
    return body.trailing_whitespace


def _first_break(statement: cst.CSTNode) -> Tuple[bool, Optional[cst.TrailingWhitespace]]:
    """Whether a simple statement spans lines, and the line end of its first line when that
    line ends in one (not in a backslash or a string)."""
    breaks = _line_breaks(statement)
    if not breaks:
        return False, None
    first = breaks[0] if len(breaks) == 1 else next(_breaks_in_order(statement))
    return True, first if isinstance(first, cst.TrailingWhitespace) else None


def _is_break(node: cst.CSTNode) -> bool:
    """Whether a node ends a line inside a statement: a line end (with or without a comment),
    a backslash continuation, or a string spanning lines."""
    if isinstance(node, cst.TrailingWhitespace):
        return True
    if isinstance(node, cst.SimpleWhitespace):
        return "\\" in node.value
    if isinstance(node, (cst.SimpleString, cst.FormattedStringText)):
        return "\n" in node.value or "\r" in node.value
    return False


def _line_breaks(statement: cst.CSTNode) -> List[cst.CSTNode]:
    """The line breaks inside a statement, in no particular order: one fast walk, enough for
    the usual statement on one line (none) or with one break."""
    return [node for node in descendants(statement) if _is_break(node)]


def _breaks_in_order(statement: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """The line breaks inside ``statement`` in source order (LibCST's ``children`` order)."""
    stack = [statement]
    while stack:
        node = stack.pop()
        if _is_break(node):
            yield node
        stack.extend(reversed(node.children))


VALID = (
    Valid(
        """
        def main(data):
            if data["size"] > 100:  # fluxio: key="Is it big?"
                data["mode"] = {"fast": False}  # fluxio: key='Big mode'
            else:
                data.update({  # fluxio: key="Small mode"
                    "fast": True,
                })
        """,
        title="the Choice is named `Is it big?`, the Pass states `Big mode` and `Small mode`",
    ),
)

INVALID = (
    Invalid(
        """
        def main(data):
            data["mode"] = {"fast": True}  # fluxio: key=fast
        """,
        Code.BAD_PRAGMA,
        2,
        title="the key is a string literal",
        fix="""
        def main(data):
            data["mode"] = {"fast": True}  # fluxio: key="fast"
        """,
    ),
    Invalid(
        program(FETCH_ORDER, 'data["order"] = FetchOrder(key="Fetch")  # fluxio: key="Fetch"'),
        Code.KEY_AND_PRAGMA,
        7,
        title="a call takes `key=` or the pragma, not both",
        fix=program(FETCH_ORDER, 'data["order"] = FetchOrder(key="Fetch")'),
    ),
    Invalid(
        """
        def main(data):
            if data["size"] > 100:
                return
            elif data["size"] > 10:  # fluxio: key="Is it medium?"
                return
        """,
        Code.MISPLACED_PRAGMA,
        4,
        fix="""
        def main(data):
            if data["size"] > 100:  # fluxio: key="Is it big or medium?"
                return
            elif data["size"] > 10:
                return
        """,
    ),
    Invalid(
        """
        def main(data):
            return  # fluxio: key=""
        """,
        Code.BAD_KEY,
        2,
        title="the rules of `key=`: not empty, at most 80 characters",
        fix="""
        def main(data):
            return  # fluxio: key="Done"
        """,
    ),
)
