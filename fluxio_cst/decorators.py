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

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Mapping, Optional, Tuple

import libcst as cst

from .codes import Code
from .model import Export, ProcessEvents, Schedule, Subscription
from .options import BOOL, DICT, NAME, STR, Option, Value, one_of, read_options
from .options import positional as options_positional
from .report import Reporter
from .values import identifier


@dataclass
class Decorations:
    """What the decorators of one function say."""

    schedule: Optional[Schedule] = None
    subscriptions: List[Subscription] = field(default_factory=list)
    export: Optional[Export] = None
    process_events: Optional[ProcessEvents] = None
    processor_node: Optional[cst.CSTNode] = None


def _schedule(options: Mapping[str, Value], found: Decorations, call: cst.Call, reporter: Reporter) -> None:
    found.schedule = Schedule(options["expression"].value, options["input_data"].value)  # type: ignore[arg-type]


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
                f"{written} is not a Fluxio decorator; use {', '.join('@' + n + '()' for n in DECORATORS)}",
            )
            continue
        assert name is not None
        if not isinstance(expression, cst.Call):
            reporter.error(Code.DECORATOR_NOT_CALL, expression, f"write `@{name}()`: decorators are calls")
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
