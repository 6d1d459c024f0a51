"""The keyword arguments and class attributes the old parser accepted, with the types it
checked (``ast.Str``, ``ast.Num``, ``ast.Dict`` …) and the values it read.

fluxio-parser 1.0.0 read every option through one table-driven function: an unknown keyword,
a value of another ``ast`` class, or a value ``literal_eval`` refuses made it raise. Each
function here answers for one call site (a Task, ``map``, ``retry``, ``wait``, a decorator, a
class attribute): it raises :class:`~.kinds.OldFailure` at parse time, or returns the failure
the old ``to_dict`` would raise later (None when there is none).
"""

from __future__ import annotations

from typing import Callable, Dict, Optional

import libcst as cst

from .kinds import (
    OldFailure,
    fail,
    is_constant,
    is_name,
    is_num,
    is_str,
    json_value,
    keyword_name,
    keywords,
    literal,
    positional,
)
from .rules import error_name, pass_value

Check = Callable[[cst.BaseExpression], bool]

_TASK: Dict[str, Check] = {
    "key": is_str,
    "timeout": is_num,
    "env": lambda v: isinstance(v, cst.Dict) and _env(v),
    "build_arg_vars": lambda v: isinstance(v, cst.Dict) and literal(v),
}
_RETRY: Dict[str, Check] = {
    "on_exceptions": lambda v: isinstance(v, cst.List),
    "interval": is_num,
    "max_attempts": is_num,
    "backoff_rate": is_num,
}
_DECORATORS: Dict[str, Dict[str, Check]] = {
    "export": {"enabled": lambda v: False},  # ast.Name, then `.value`: never both
    "schedule": {"expression": is_str, "input_data": lambda v: isinstance(v, cst.Dict) and literal(v)},
    "subscribe": {
        "topic_arn_import_value": is_str,
        "project": is_str,
        "state_machine": is_str,
        "status": lambda v: is_str(v) and _text(v) in ("success", "failure"),
    },
    "process_events": {"processor": lambda v: True},  # checked against the processors
}
ONCE = {"export", "schedule", "process_events"}


def _text(node: cst.BaseExpression) -> object:
    assert isinstance(node, (cst.SimpleString, cst.ConcatenatedString))
    return node.evaluated_value


def _env(node: cst.Dict) -> bool:
    """The old env transformer (``data[…]`` values become strings) then ``literal_eval``."""
    for element in node.elements:
        if not isinstance(element, cst.DictElement):
            return False
        if isinstance(element.value, cst.Subscript) and not is_constant(element.key):
            return False
        if not (literal(element.key, True) and literal(element.value, True)):
            return False
    return True


def parse(call: cst.Call, allowed: Dict[str, Check], place: cst.CSTNode, what: str) -> None:
    """The old ``parse_options``: every keyword known and of the checked type."""
    for arg in keywords(call):
        name = keyword_name(arg)
        if name is None or name not in allowed:
            fix = "D10" if name == "key" and what == "map()" else "D7"
            raise fail(fix, place, f"the old parser rejected `{name}=` on {what}")
        if not allowed[name](arg.value):
            raise fail(
                _fix_of_value(what, name, arg.value),
                place,
                f"the old parser rejected this `{name}=` value on {what}",
            )


def _fix_of_value(what: str, name: str, value: cst.BaseExpression) -> str:
    if what == "export()" and name == "enabled":
        return "D12"
    if name == "on_exceptions" and isinstance(value, cst.Tuple):
        return "D15"
    return "D7"


def task(call: cst.Call, place: cst.CSTNode, service: str) -> Optional[OldFailure]:
    parse(call, _TASK, place, "a Task")
    if service != "codebuild":
        return None
    values = [arg.value for arg in keywords(call) if keyword_name(arg) == "build_arg_vars"]
    if values and not json_value(values[-1]):
        return fail("D7", place, "the old parser could not write these build_arg_vars as JSON")
    return None


def map_(call: cst.Call, place: cst.CSTNode) -> None:
    parse(call, {"max_concurrency": is_num}, place, "map()")


def retry(call: cst.Call) -> None:
    parse(call, _RETRY, call, "retry()")
    for arg in keywords(call):
        if keyword_name(arg) == "on_exceptions" and isinstance(arg.value, cst.List):
            for element in arg.value.elements:
                if not isinstance(element, cst.Element):
                    raise fail("D7", element, "the old parser accepted only error names here")
                error_name(element.value)


def wait(call: cst.Call, place: cst.CSTNode) -> Optional[OldFailure]:
    for arg in keywords(call):
        name = keyword_name(arg)
        if name not in ("seconds", "timestamp"):
            fix = "D10" if name == "key" else "D7"
            return fail(fix, place, f"the old parser rejected `{name}=` on wait()")
    return None


def update(call: cst.Call, place: cst.CSTNode) -> Optional[OldFailure]:
    """``data.update(…)``: a Pass of its first argument; any other method call failed."""
    func = call.func
    assert isinstance(func, cst.Attribute)
    if not is_name(func.value):
        raise fail("D7", place, "the old parser crashed on a method call on something not named")
    assert isinstance(func.value, cst.Name)
    if (func.value.value, func.attr.value) != ("data", "update"):
        raise fail("D7", place, "the old parser accepted only `data.update(…)` as a method call")
    args = positional(call)
    if not args:
        return fail("D7", place, "the old parser crashed on `data.update()` without a value")
    return pass_value(args[0].value, place, "D7")


def decorator(node: cst.Decorator, processors: set[str], missing: Callable[[str], str]) -> str:
    """A decorator the old parser accepted; its name."""
    call = node.decorator
    name = call.func.value if isinstance(call, cst.Call) and isinstance(call.func, cst.Name) else None
    if name not in _DECORATORS:
        raise fail(
            "D7", node, "the old parser accepted only export, schedule, subscribe and process_events calls"
        )
    assert isinstance(call, cst.Call) and name is not None
    parse(call, _DECORATORS[name], node, f"{name}()")
    for arg in keywords(call):
        if name == "process_events" and not (is_name(arg.value) and _named(arg.value) in processors):
            fix = missing(_named(arg.value)) if is_name(arg.value) else "D7"
            raise fail(fix, arg.value, "the old parser accepted only event processors defined above")
    return name


def _named(node: cst.BaseExpression) -> str:
    return node.value if isinstance(node, cst.Name) else ""
