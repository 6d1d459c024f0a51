"""Small CST edits the codemods share, each in the style of the code it edits.

An edit never reformats: a keyword added to a call follows the call's own layout (on one line
``, key="…"``; one argument per line, a new line at the arguments' indentation), a comment
added to a line keeps what the line had, and new text is parsed with the module's own config
(its newline and indentation).
"""

from __future__ import annotations

from typing import Union

import libcst as cst

Whitespace = Union[cst.SimpleWhitespace, cst.ParenthesizedWhitespace]


def string_literal(text: str) -> str:
    """``text`` as a Python string literal, in double quotes unless it holds one and no single
    quote (what ``black`` writes)."""
    quoted = repr(text)
    if quoted.startswith("'") and '"' not in text:
        quoted = '"' + quoted[1:-1].replace("\\'", "'") + '"'
    return quoted


def keyword_argument(name: str, value: cst.BaseExpression) -> cst.Arg:
    """``name=value``, without spaces around ``=`` (PEP 8)."""
    no_space = cst.SimpleWhitespace("")
    return cst.Arg(value=value, keyword=cst.Name(name), equal=cst.AssignEqual(no_space, no_space))


def add_argument(call: cst.Call, argument: cst.Arg) -> cst.Call:
    """``call`` with ``argument`` last, laid out as the arguments before it are."""
    arguments = list(call.args)
    if not arguments:
        return call.with_changes(args=[argument])
    last = arguments[-1]
    new = argument.with_changes(comma=last.comma, whitespace_after_arg=last.whitespace_after_arg)
    separator = cst.Comma(whitespace_after=_separator(call))
    arguments[-1] = last.with_changes(comma=separator, whitespace_after_arg=cst.SimpleWhitespace(""))
    return call.with_changes(args=[*arguments, new])


def _separator(call: cst.Call) -> Whitespace:
    """The whitespace after a comma between ``call``'s arguments: as between its last two, or
    as before its first (a call broken after ``(``), without their comments."""
    if len(call.args) >= 2:
        comma = call.args[-2].comma
        if isinstance(comma, cst.Comma):
            return _bare(comma.whitespace_after)
    before = call.whitespace_before_args
    return _bare(before) if isinstance(before, cst.ParenthesizedWhitespace) else cst.SimpleWhitespace(" ")


def _bare(whitespace: cst.BaseParenthesizableWhitespace) -> Whitespace:
    """The same line break and indentation, without comments or blank lines."""
    if isinstance(whitespace, cst.ParenthesizedWhitespace):
        return whitespace.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=())
    assert isinstance(whitespace, cst.SimpleWhitespace)
    return whitespace if "\\" not in whitespace.value else cst.SimpleWhitespace(" ")


def set_keyword(call: cst.Call, name: str, value: cst.BaseExpression) -> cst.Call:
    """``call`` with its ``name=`` argument's value replaced, or the argument added last."""
    for index, argument in enumerate(call.args):
        if argument.keyword is not None and argument.keyword.value == name:
            arguments = list(call.args)
            arguments[index] = argument.with_changes(value=value)
            return call.with_changes(args=arguments)
    return add_argument(call, keyword_argument(name, value))


def with_comment(line_end: cst.TrailingWhitespace, comment: str) -> cst.TrailingWhitespace:
    """``line_end`` with ``comment`` first on it; a comment it had follows (``# new  # old``)."""
    if line_end.comment is None:
        return line_end.with_changes(whitespace=cst.SimpleWhitespace("  "), comment=cst.Comment(comment))
    return line_end.with_changes(comment=cst.Comment(f"{comment}  {line_end.comment.value}"))
