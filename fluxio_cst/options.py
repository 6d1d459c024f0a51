"""Keyword options of DSL calls and decorators, described by declarative schemas.

Each call the DSL knows (``Foo(key=…, timeout=…)``, ``wait(seconds=…)``, ``@schedule(…)``)
declares its keywords once as a :class:`Schema`; :func:`read_options` checks a call against it
and returns typed values, reporting unknown keywords, repeated keywords, missing required ones
and values of the wrong kind with the codes of :mod:`fluxio_cst.codes`.
"""

from __future__ import annotations

import datetime
import re
import sys
import unicodedata
from dataclasses import dataclass
from typing import Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import libcst as cst

from . import values
from .codes import Code
from .report import Reporter

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
    """codebuild ``env``: a dict literal whose values are literals or data references (D6)."""
    if not isinstance(node, cst.Dict):
        raise values.NotStatic(node, "expected a dict literal")
    entries: List[Tuple[str, values.JSON, bool]] = []
    for element in node.elements:
        if not isinstance(element, cst.DictElement):
            raise values.NotStatic(element, "`**` unpacking is not a static value")
        name = values.literal(element.key)
        if not isinstance(name, str):
            raise values.NotStatic(element.key, "an environment variable name is a string literal")
        if values.is_data_reference(element.value):
            entries.append((name, values.data_path(element.value), True))
        else:
            entries.append((name, values.json_value(element.value), False))
    return tuple(entries)


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


def timestamp_problem(text: str) -> Optional[str]:
    """Why ``text`` is not a timestamp Step Functions' Wait state accepts, or None."""
    match = _TIMESTAMP.fullmatch(text)
    example = '"2026-12-01T08:00:00Z"'
    if match is None:
        return f"`timestamp=` {text!r} is not an RFC 3339 timestamp like {example}"
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    try:
        datetime.datetime(year, month, day, hour, minute, second)
    except ValueError as exc:
        return f"`timestamp=` {text!r} is not a date and time that exists ({exc})"
    offset_hours, offset_minutes = match.group(9), match.group(10)
    if offset_hours is not None and (int(offset_hours) > 23 or int(offset_minutes) > 59):
        return f"`timestamp=` {text!r} has an offset that does not exist"
    return None


def _name(node: cst.BaseExpression) -> object:
    if not isinstance(node, cst.Name) or node.value in ("True", "False", "None"):
        raise values.NotStatic(node, "expected a name")
    return values.identifier(node)


STR = Kind("a string literal", _literal_of(lambda v: isinstance(v, str), "a string literal"))
BOOL = Kind("True or False", _literal_of(lambda v: isinstance(v, bool), "True or False"))
POSITIVE_INT = Kind(
    "a positive integer",
    _literal_of(lambda v: type(v) is int and v > 0, "a positive integer"),
)
NON_NEGATIVE_INT = Kind(
    "a non-negative integer",
    _literal_of(lambda v: type(v) is int and v >= 0, "a non-negative integer"),
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


@dataclass(frozen=True)
class Option:
    """One keyword: the kinds of value it takes (tried in order) and its default."""

    kinds: Tuple[Kind, ...]
    default: object = None
    required: bool = False
    maximum: Optional[float] = None  # Step Functions' largest value of a number option

    def describe(self) -> str:
        return " or ".join(k.name for k in self.kinds)


@dataclass(frozen=True)
class Value:
    """A read option: its value, the kind that read it, and the node it came from."""

    value: object
    kind: Optional[Kind]
    node: Optional[cst.CSTNode]


Schema = Mapping[str, Option]


def positional(call: cst.Call) -> List[cst.Arg]:
    """The plain positional arguments of a call (``*``/``**`` unpacking is reported by
    :func:`read_options`)."""
    return [a for a in call.args if a.keyword is None and not a.star]


def read_options(
    call: cst.Call,
    schema: Schema,
    reporter: Reporter,
    what: str,
    keywords: Optional[Sequence[cst.Arg]] = None,
) -> Optional[Dict[str, Value]]:
    """Read the keyword arguments of ``call`` (or the given ``keywords``) against ``schema``.

    Returns every option of the schema (defaults filled in), or None when anything was
    reported, so that callers do not build states from half-read options.
    """
    args = [a for a in call.args if a.keyword is not None] if keywords is None else list(keywords)
    found: Dict[str, Value] = {}
    ok = True
    for arg in call.args:
        if arg.star:
            reporter.error(
                Code.ARGUMENTS,
                arg,
                f"`{arg.star}` unpacking is not read in {what}: write each argument out "
                "(the file is read, never run)",
            )
            ok = False
    for arg in args:
        assert arg.keyword is not None
        name = values.identifier(arg.keyword)
        option = schema.get(name)
        if option is None:
            known = ", ".join(f"`{k}`" for k in schema) or "none"
            reporter.error(
                Code.UNKNOWN_KEYWORD, arg.keyword, f"{what} takes no keyword `{name}` (it takes: {known})"
            )
            ok = False
        elif name in found:
            reporter.error(Code.REPEATED_KEYWORD, arg.keyword, f"keyword `{name}` is given twice")
            ok = False
        else:
            value = _read(arg.value, option, name, what, reporter)
            if value is None:
                ok = False
            else:
                found[name] = value
    for name, option in schema.items():
        if name not in found:
            if option.required:
                reporter.error(Code.MISSING_KEYWORD, call, f"{what} needs `{name}=` ({option.describe()})")
                ok = False
            found[name] = Value(option.default, None, None)
    return found if ok else None


# Step Functions' largest TimeoutSeconds, HeartbeatSeconds, IntervalSeconds, MaxAttempts and
# Wait Seconds; a BackoffRate is a JSON number, read as a double: it must stay finite.
MAX_SECONDS = 99999999
MAX_DOUBLE = sys.float_info.max


def _above(value: object, maximum: float) -> bool:
    """Whether a number option is over ``maximum`` (or NaN); other values are not numbers."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    return value != value or value > maximum


def _limit(maximum: Union[int, float]) -> str:
    if maximum == MAX_DOUBLE:
        return "is too large: Step Functions reads it as a double, which must stay finite"
    return f"is above Step Functions' limit of {int(maximum)}"


def _read(
    node: cst.BaseExpression, option: Option, name: str, what: str, reporter: Reporter
) -> Optional[Value]:
    last: Optional[values.NotStatic] = None
    for kind in option.kinds:
        try:
            value = kind.read(node)
        except OptionError as exc:
            reporter.error(exc.code, exc.node, exc.why)
            return None
        except values.UnwritableKey as exc:
            reporter.error(Code.DATA_REFERENCE, exc.node, exc.why)
            return None
        except values.NotStatic as exc:
            last = exc
            continue
        if option.maximum is not None and _above(value, option.maximum):
            reporter.error(Code.OPTION_LIMIT, node, f"`{name}=` of {what} {_limit(option.maximum)}")
            return None
        return Value(value, kind, node)
    assert last is not None
    detail = f" ({last.why})" if len(option.kinds) == 1 and last.node is not node else ""
    if isinstance(node, (cst.Name, cst.Attribute)) and node is last.node and not detail:
        detail = " (names are not looked up: the file is read, never run; write the value itself)"
    reporter.error(
        Code.BAD_OPTION_VALUE,
        node,
        f"`{name}=` of {what} must be {option.describe()}{detail}",
    )
    return None
