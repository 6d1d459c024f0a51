"""Recognising the decorators of state machine functions (contract §A).

Decorators are always calls (``@export()``, never ``@export``), each described by a schema.
``schedule``, ``export`` and ``process_events`` may appear once; ``subscribe`` any number of
times, kept in source order (top first).

Examples::

    @schedule(expression="rate(1 hour)")                      # VALID
    @subscribe(project="other", status="failure")             # VALID
    @subscribe(topic_arn_import_value="${Environment}-topic")  # VALID
    @subscribe(project="a", topic_arn_import_value="b")       # INVALID: FX108, one source only
    @export                                                   # INVALID: FX106, call it
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Mapping, Optional, Tuple

import libcst as cst

from ..codes import Code
from ..fixes import called, did_you_mean
from ..model import Export, ProcessEvents, Schedule, Subscription
from ..options import BOOL, DICT, NAME, STR, Option, Value, one_of, read_options
from ..options import positional as options_positional
from ..report import Reporter
from ..values import identifier


@dataclass
class Decorations:
    """What the decorators of one function say."""

    schedule: Optional[Schedule] = None
    subscriptions: List[Subscription] = field(default_factory=list)
    export: Optional[Export] = None
    process_events: Optional[ProcessEvents] = None
    processor_node: Optional[cst.CSTNode] = None


def _schedule(options: Mapping[str, Value], found: Decorations, call: cst.Call, reporter: Reporter) -> None:
    expression = options["expression"]
    problem = schedule_problem(str(expression.value))
    if problem is not None and expression.node is not None:
        reporter.warning(Code.SCHEDULE_EXPRESSION, expression.node, problem)
    found.schedule = Schedule(options["expression"].value, options["input_data"].value)  # type: ignore[arg-type]


# EventBridge schedule expressions: ``rate(<n> <unit>)`` (singular unit for 1, plural otherwise)
# and ``cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)``.
_RATE = re.compile(r"rate\((\d+) (minute|minutes|hour|hours|day|days)\)", re.ASCII)
_CRON = re.compile(r"cron\((.*)\)", re.ASCII | re.DOTALL)
_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
_DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
# name, lowest, highest, names (numbered from lowest), extra single-item forms
_CRON_FIELDS: Tuple[Tuple[str, int, int, Tuple[str, ...], str], ...] = (
    ("minutes", 0, 59, (), ""),
    ("hours", 0, 23, (), ""),
    ("day-of-month", 1, 31, (), r"\?|L|LW|\d{1,2}W"),
    ("month", 1, 12, tuple(_MONTHS), ""),
    ("day-of-week", 1, 7, tuple(_DAYS), r"\?|L|[1-7]L|[1-7]#[1-5]|(SUN|MON|TUE|WED|THU|FRI|SAT)(L|#[1-5])"),
    ("year", 1970, 2199, (), ""),
)


def schedule_problem(expression: str) -> Optional[str]:
    """Why EventBridge would refuse a schedule expression, or None when it is valid."""
    rate = _RATE.fullmatch(expression)
    if rate is not None:
        value, unit = int(rate.group(1)), rate.group(2)
        if value == 0:
            return "a `rate(...)` needs a positive value, as in `rate(5 minutes)`"
        if (value == 1) != (not unit.endswith("s")):
            right = unit.rstrip("s") if value == 1 else unit + "s"
            return f"EventBridge wants `rate({value} {right})`: a singular unit for 1, plural otherwise"
        return None
    cron = _CRON.fullmatch(expression)
    if cron is None and expression.startswith("rate("):
        return (
            f"{expression!r} is not `rate(<value> <unit>)` with one space and a unit of minute(s), "
            "hour(s) or day(s)"
        )
    if cron is None:
        return (
            f"{expression!r} is neither a `rate(...)` nor a `cron(...)` expression; write e.g. "
            "`rate(1 hour)`, `rate(5 minutes)` or `cron(0 12 * * ? *)`"
        )
    fields = cron.group(1).split(" ")
    if len(fields) != 6:
        return (
            f"a `cron(...)` expression has 6 fields (minutes hours day-of-month month day-of-week "
            f"year), not {len(fields)}: e.g. `cron(0 12 * * ? *)`"
        )
    for text, (name, low, high, names, extra) in zip(fields, _CRON_FIELDS):
        if not _cron_field(text, low, high, names, extra):
            return f"the {name} field {text!r} of the `cron(...)` expression is not valid"
    if (fields[2] == "?") == (fields[4] == "?"):
        return "a `cron(...)` expression gives `?` in exactly one of day-of-month and day-of-week"
    return None


def _cron_field(text: str, low: int, high: int, names: Tuple[str, ...], extra: str) -> bool:
    """One field: ``*``, or a comma list of values, ranges and ``/`` steps, or a special form."""
    if extra and re.fullmatch(extra, text):
        digits = re.match(r"\d+", text)
        return digits is None or low <= int(digits.group()) <= high
    for item in text.split(","):
        base, _, step = item.partition("/")
        if step and not (step.isdigit() and int(step) > 0):
            return False
        if base == "*":
            continue
        start, _, end = base.partition("-")
        if not all(_cron_value(v, low, high, names) for v in ([start, end] if end else [start])):
            return False
    return True


def _cron_value(text: str, low: int, high: int, names: Tuple[str, ...]) -> bool:
    if text.isdigit():
        return low <= int(text) <= high
    return text.upper() in names


def _subscribe(options: Mapping[str, Value], found: Decorations, call: cst.Call, reporter: Reporter) -> None:
    project, topic = options["project"].value, options["topic_arn_import_value"].value
    if (project is None) == (topic is None):
        reporter.error(
            Code.SUBSCRIBE_SOURCE,
            call,
            '`subscribe` needs exactly one source: `project="…"` or `topic_arn_import_value="…"`',
        )
        return
    found.subscriptions.append(
        Subscription(topic, project, options["state_machine"].value, options["status"].value)  # type: ignore[arg-type]
    )


def _export(options: Mapping[str, Value], found: Decorations, call: cst.Call, reporter: Reporter) -> None:
    found.export = Export(options["enabled"].value)  # type: ignore[arg-type]


def _process_events(
    options: Mapping[str, Value], found: Decorations, call: cst.Call, reporter: Reporter
) -> None:
    found.process_events = ProcessEvents(options["processor"].value)  # type: ignore[arg-type]
    found.processor_node = options["processor"].node


Apply = Callable[[Mapping[str, Value], Decorations, cst.Call, Reporter], None]

# name: (schema, repeatable, apply)
DECORATORS: Dict[str, Tuple[Mapping[str, Option], bool, Apply]] = {
    "schedule": (
        {"expression": Option((STR,), required=True), "input_data": Option((DICT,))},
        False,
        _schedule,
    ),
    "subscribe": (
        {
            "project": Option((STR,)),
            "topic_arn_import_value": Option((STR,)),
            "state_machine": Option((STR,), "main"),
            "status": Option((one_of("success", "failure"),), "success"),
        },
        True,
        _subscribe,
    ),
    "export": ({"enabled": Option((BOOL,), True)}, False, _export),
    "process_events": ({"processor": Option((NAME,))}, False, _process_events),
}


def recognise_decorators(function: cst.FunctionDef, reporter: Reporter) -> Decorations:
    """The decorations of a state machine function; problems go to ``reporter``."""
    found = Decorations()
    seen: Dict[str, int] = {}
    for decorator in function.decorators:
        expression = decorator.decorator
        name_node = expression.func if isinstance(expression, cst.Call) else expression
        name = identifier(name_node) if isinstance(name_node, cst.Name) else None
        if name not in DECORATORS:
            written = f"`@{name}`" if name is not None else "this decorator"
            reporter.error(
                Code.UNKNOWN_DECORATOR,
                expression,
                f"{written} is not a Fluxio decorator; use {', '.join('@' + n + '()' for n in DECORATORS)}"
                + (did_you_mean(name, DECORATORS) if name is not None else ""),
            )
            continue
        assert name is not None
        if not isinstance(expression, cst.Call):
            why = f"write `@{name}()`: decorators are calls"
            reporter.error(Code.DECORATOR_NOT_CALL, expression, why, fix=called(expression))
            continue
        schema, repeatable, apply = DECORATORS[name]
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1 and not repeatable:
            reporter.error(
                Code.REPEATED_DECORATOR, expression, f"`@{name}` may be used only once per function"
            )
            continue
        positional = options_positional(expression)
        if positional:
            reporter.error(Code.ARGUMENTS, positional[0], f"`@{name}` takes keyword arguments only")
            continue
        options = read_options(expression, schema, reporter, f"`@{name}`")
        if options is not None:
            apply(options, found, expression, reporter)
    return found
