"""Reading a call's keyword options against a declarative schema.

Each call the DSL knows (``Foo(key=…, timeout=…)``, ``wait(seconds=…)``, ``@schedule(…)``)
declares its keywords once as a :data:`Schema`; :func:`read_options` checks a call against it
and returns typed values, reporting unknown keywords, repeated keywords, missing required ones
and values of the wrong kind or beyond Step Functions' limits.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional, Sequence, Tuple, Union

import libcst as cst

from .. import values
from ..codes import Code
from ..fixes import did_you_mean
from ..report import Reporter
from .kinds import Kind, OptionError


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
                Code.UNKNOWN_KEYWORD,
                arg.keyword,
                f"{what} takes no keyword `{name}` (it takes: {known})" + did_you_mean(name, schema),
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
