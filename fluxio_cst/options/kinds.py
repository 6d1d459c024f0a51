"""The kinds of value a DSL option takes, and how each is read from the CST.

A kind reads a literal without running anything and names itself in messages ("a string
literal", "a data reference"); a value of the right kind that Step Functions would refuse (an
80-character key, a timestamp with no such date) raises :class:`OptionError` with its own code.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Dict, Optional, Tuple

import libcst as cst

from .. import values
from ..codes import Code

Reader = Callable[[cst.BaseExpression], object]


class OptionError(values.NotStatic):
    """A literal of the right kind whose value Step Functions would refuse: reported with its own
    code and message, and no other kind of the option is tried."""

    def __init__(self, node: cst.CSTNode, code: Code, message: str) -> None:
        super().__init__(node, message)
        self.code = code


@dataclass(frozen=True)
class Kind:
    """A kind of option value: how to read it from the CST, and how to name it in messages."""

    name: str
    read: Reader


def _literal_of(check: Callable[[object], bool], what: str) -> Reader:
    def read(node: cst.BaseExpression) -> object:
        value = values.literal(node)
        if not check(value):
            raise values.NotStatic(node, f"expected {what}")
        return value

    return read


def _json_dict(node: cst.BaseExpression) -> object:
    if not isinstance(node, cst.Dict):
        raise values.NotStatic(node, "expected a dict literal")
    return values.json_value(node)


def _env(node: cst.BaseExpression) -> object:
    """codebuild ``env``: a dict literal whose values are literals or data references (D6).
    A name written twice is one variable, as in the dict Python reads: the first place, the
    last value."""
    if not isinstance(node, cst.Dict):
        raise values.NotStatic(node, "expected a dict literal")
    entries: Dict[str, Tuple[values.JSON, bool]] = {}
    for element in node.elements:
        if not isinstance(element, cst.DictElement):
            raise values.NotStatic(element, "`**` unpacking is not a static value")
        name = values.literal(element.key)
        if not isinstance(name, str):
            raise values.NotStatic(element.key, "an environment variable name is a string literal")
        if values.is_data_reference(element.value):
            entries[name] = (values.data_path(element.value), True)
        else:
            entries[name] = (values.json_value(element.value), False)
    return tuple((name, value, is_path) for name, (value, is_path) in entries.items())


def _error_list(node: cst.BaseExpression) -> object:
    if not isinstance(node, (cst.List, cst.Tuple)):
        raise values.NotStatic(node, "expected a list of error names like `[KeyError, States.Timeout]`")
    if not node.elements:
        raise OptionError(
            node,
            Code.NO_ERRORS,
            "an empty list retries no error: name the errors (`[KeyError]`), or leave "
            "`on_exceptions=` out to retry every error",
        )
    return tuple(values.error_name(e.value) for e in node.elements)


# Step Functions' longest state name, and the characters a state name cannot hold: control
# characters (U+0000–U+001F, U+007F–U+009F), U+FFFE/U+FFFF and the line and paragraph
# separators (U+2028, U+2029): every character whose category is Cc, Zl or Zp. Surrogates
# cannot be state names either: FX007 reports them, for keys as for every other string.
MAX_KEY_LENGTH = 80
_FORBIDDEN_CATEGORIES = ("Cc", "Zl", "Zp")


def key_problem(key: str) -> Optional[str]:
    """Why ``key`` cannot be a state name, or None."""
    if not key:
        return "an empty `key=` names no state: write a name, or leave `key=` out for a generated one"
    if len(key) > MAX_KEY_LENGTH:
        return (
            f"`key=` is {len(key)} characters long; Step Functions takes state names of up to "
            f"{MAX_KEY_LENGTH}"
        )
    for index, char in enumerate(key):
        if unicodedata.category(char) in _FORBIDDEN_CATEGORIES or char in "\ufffe\uffff":
            return (
                f"`key=` holds {_describe(char)} at index {index}; a state name holds no control "
                "characters or line separators: write it on one line"
            )
    return None


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def _checked_string(
    code: Code, problem_of: Callable[[str], Optional[str]]
) -> Callable[[cst.BaseExpression], object]:
    """A reader of a string literal that ``problem_of`` must accept: its complaint is ``code``."""

    def read(node: cst.BaseExpression) -> object:
        value = values.literal(node)
        if not isinstance(value, str):
            raise values.NotStatic(node, "expected a string literal")
        problem = problem_of(value)
        if problem is not None:
            raise OptionError(node, code, problem)
        return value

    return read


# RFC 3339 as Step Functions' Wait state takes it: an uppercase `T` between date and time, an
# uppercase `Z` or a numeric offset.
_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))", re.ASCII
)


def timestamp_problem(text: str, what: str = "`timestamp=`") -> Optional[str]:
    """Why ``text`` is not a timestamp Step Functions accepts (in a Wait state or a Timestamp
    comparison alike), or None; ``what`` names the value in the message."""
    match = _TIMESTAMP.fullmatch(text)
    example = '"2026-12-01T08:00:00Z"'
    if match is None:
        return f"{what} {text!r} is not an RFC 3339 timestamp like {example}"
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    try:
        datetime.datetime(year, month, day, hour, minute, second)
    except ValueError as exc:
        return f"{what} {text!r} is not a date and time that exists ({exc})"
    offset_hours, offset_minutes = match.group(9), match.group(10)
    if offset_hours is not None and (int(offset_hours) > 23 or int(offset_minutes) > 59):
        return f"{what} {text!r} has an offset that does not exist"
    return None


def _name(node: cst.BaseExpression) -> object:
    if not isinstance(node, cst.Name) or node.value in ("True", "False", "None"):
        raise values.NotStatic(node, "expected a name")
    return values.identifier(node)


STR = Kind("a string literal", _literal_of(lambda v: isinstance(v, str), "a string literal"))
BOOL = Kind("True or False", _literal_of(lambda v: isinstance(v, bool), "True or False"))
POSITIVE_INT = Kind(
    "a positive integer",
    _literal_of(lambda v: values.is_int(v) and v > 0, "a positive integer"),
)
NON_NEGATIVE_INT = Kind(
    "a non-negative integer",
    _literal_of(lambda v: values.is_int(v) and v >= 0, "a non-negative integer"),
)
RATE = Kind(
    "a number of at least 1",
    _literal_of(
        lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 1, "a number of at least 1"
    ),
)
KEY = Kind("a string literal", _checked_string(Code.BAD_KEY, key_problem))
TIMESTAMP = Kind("a string literal", _checked_string(Code.BAD_TIMESTAMP, timestamp_problem))
DICT = Kind("a dict literal", _json_dict)
ENV = Kind("a dict literal of literals and data references", _env)
ERRORS = Kind("a list of error names", _error_list)
NAME = Kind("a name", _name)
DATA = Kind("a data reference", lambda node: values.data_path(node))


def one_of(*choices: str) -> Kind:
    """A string literal that must be one of ``choices``."""
    described = " or ".join(repr(c) for c in choices)
    return Kind(described, _literal_of(lambda v: v in choices, described))
