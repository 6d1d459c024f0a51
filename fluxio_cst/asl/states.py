"""The states of a machine and the machines themselves (top level, Map iterators, Parallel
branches): :func:`validate_asl`, the entry point of the validator.

Why one module: a Map's ``Iterator`` and a Parallel's ``Branches`` are machines again, so the
state rules and the machine rules recurse into each other. The rules are tables
(:data:`.state_types.STATE_RULES`: what each Type requires and allows; :data:`_FIELD_CHECKS`: how each
field's value is checked) so that supporting a new field means adding a row, not a branch.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .choice_rules import check_choices
from .fields import (
    AslViolation,
    Collector,
    FieldCheck,
    check_fields,
    check_non_empty_string,
    check_payload_template,
    check_timestamp,
    check_unknown_fields,
    int_check,
    join,
    listed,
    path_check,
)
from .handlers import check_catch, check_retry
from .state_types import STATE_RULES


def validate_asl(asl: Mapping[str, Any]) -> list[AslViolation]:
    """Return every structural violation in ``asl``; an empty list means valid.

    All violations are collected (rather than raising on the first) so that a
    single run shows the whole picture of a broken compiler output.
    """
    out = Collector()
    _check_machine(asl, "", out, top_level=True)
    return list(out.violations)


def _check_nested_machine(value: Any, path: str, out: Collector) -> None:
    _check_machine(value, path, out, top_level=False)


def _check_branches(value: Any, path: str, out: Collector) -> None:
    for branch_path, branch in listed(value, path, out, "must be a non-empty list of branches"):
        _check_machine(branch, branch_path, out, top_level=False)


# Per-field value checks, applied to whichever of these fields a state has
# (the state_types table decides where a field may appear at all).
_FIELD_CHECKS: dict[str, FieldCheck] = {
    "InputPath": path_check(reference=False, nullable=True),
    "OutputPath": path_check(reference=False, nullable=True),
    "ResultPath": path_check(reference=True, nullable=True),
    "ItemsPath": path_check(reference=True),
    "SecondsPath": path_check(reference=True),
    "TimestampPath": path_check(reference=True),
    "TimeoutSecondsPath": path_check(reference=True),
    "HeartbeatSecondsPath": path_check(reference=True),
    "MaxConcurrencyPath": path_check(reference=True),
    "ErrorPath": path_check(reference=True),
    "CausePath": path_check(reference=True),
    "Parameters": check_payload_template,
    "ResultSelector": check_payload_template,
    "ItemSelector": check_payload_template,
    "TimeoutSeconds": int_check(1),
    "HeartbeatSeconds": int_check(1),
    "Seconds": int_check(0),
    "MaxConcurrency": int_check(0),
    "Timestamp": check_timestamp,
    "Resource": check_non_empty_string,
    "Choices": check_choices,
    "Retry": check_retry,
    "Catch": check_catch,
    "Iterator": _check_nested_machine,
    "ItemProcessor": _check_nested_machine,
    "Branches": _check_branches,
}

_MAX_NAME_LENGTH = 80


def _iter_targets(state: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """Yield (relative path, target) for every transition out of ``state``.

    Shared by the dangling-target check and the reachability walk so both
    agree on what a transition is.
    """
    if "Next" in state:
        yield "Next", state["Next"]
    if "Default" in state:
        yield "Default", state["Default"]
    for key in ("Choices", "Catch"):
        items = state.get(key)
        if isinstance(items, list):
            for index, item in enumerate(items):
                if isinstance(item, Mapping) and "Next" in item:
                    yield f"{key}[{index}].Next", item["Next"]


def _check_state(name: str, state: Any, path: str, names: Mapping[str, Any], out: Collector) -> None:
    out.register_name(name, path)
    if len(name) > _MAX_NAME_LENGTH:
        out.add(path, f"state name is longer than {_MAX_NAME_LENGTH} characters")
    if not isinstance(state, Mapping):
        out.add(path, "a state must be an object")
        return
    state_type = state.get("Type")
    rule = STATE_RULES.get(state_type) if isinstance(state_type, str) else None
    if rule is None:
        known = ", ".join(sorted(STATE_RULES))
        out.add(
            join(path, "Type"),
            f"unknown state Type {state_type!r} (expected one of {known})",
        )
        return
    what = f"a {state_type} state"
    for required in rule.required:
        if required not in state:
            out.add(join(path, required), f"is required in {what}")
    check_unknown_fields(state, rule.allowed, path, what, out)
    for group in rule.exactly_one:
        present = [key for key in group if key in state]
        if len(present) != 1:
            out.add(
                path,
                f"{what} needs exactly one of {', '.join(group)} (found: {', '.join(present) or 'none'})",
            )
    for group in rule.at_most_one:
        present = [key for key in group if key in state]
        if len(present) > 1:
            out.add(path, f"{what} allows at most one of {', '.join(group)}")
    if not rule.terminal:
        _check_next_or_end(state, path, out)
    for relative, target in _iter_targets(state):
        if not isinstance(target, str) or target not in names:
            out.add(
                join(path, relative),
                f"target {target!r} is not a state in this States map",
            )
    check_fields(state, _FIELD_CHECKS, path, out)


def _check_next_or_end(state: Mapping[str, Any], path: str, out: Collector) -> None:
    if "End" in state and state["End"] is not True:
        out.add(join(path, "End"), "End must be true when present")
    has_end = state.get("End") is True
    has_next = "Next" in state
    if has_next == has_end:
        found = "both" if has_next else "neither"
        out.add(path, f"must have exactly one of Next or End: true (found {found})")


def _check_reachability(start: Any, states: Mapping[str, Any], states_path: str, out: Collector) -> None:
    if not isinstance(start, str) or start not in states:
        return  # already reported as a bad StartAt; every state would be noise
    seen = {start}
    pending = [start]
    while pending:
        state = states[pending.pop()]
        if not isinstance(state, Mapping):
            continue
        for _, target in _iter_targets(state):
            if isinstance(target, str) and target in states and target not in seen:
                seen.add(target)
                pending.append(target)
    for name in states:
        if name not in seen:
            out.add(f"{states_path}.{name}", "state is unreachable from StartAt")


_TOP_LEVEL_FIELDS = frozenset({"StartAt", "States", "Comment", "TimeoutSeconds", "Version"})
_NESTED_FIELDS = frozenset({"StartAt", "States", "Comment", "ProcessorConfig"})


def _check_machine(machine: Any, prefix: str, out: Collector, top_level: bool) -> None:
    """Check one States map (the whole machine, a Map iterator or a branch)."""
    if not isinstance(machine, Mapping):
        out.add(prefix, "a state machine must be an object with StartAt and States")
        return
    allowed = _TOP_LEVEL_FIELDS if top_level else _NESTED_FIELDS
    what = "a state machine" if top_level else "a nested state machine"
    check_unknown_fields(machine, allowed, prefix, what, out)
    if top_level and "TimeoutSeconds" in machine:
        int_check(1)(machine["TimeoutSeconds"], join(prefix, "TimeoutSeconds"), out)
    states_path = join(prefix, "States")
    states = machine.get("States")
    if not isinstance(states, Mapping) or not states:
        out.add(states_path, "must be a non-empty object of states")
        states = {}
    start = machine.get("StartAt")
    if not isinstance(start, str):
        out.add(join(prefix, "StartAt"), "is required and must be a state name")
    elif start not in states:
        out.add(
            join(prefix, "StartAt"),
            f"target {start!r} is not a state in this States map",
        )
    for name, state in states.items():
        _check_state(str(name), state, f"{states_path}.{name}", states, out)
    _check_reachability(start, states, states_path, out)
