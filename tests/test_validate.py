"""Tests of :mod:`fluxio_cst.asl`.

Every golden machine must validate cleanly (the validator must not reject
what the compiler legitimately emits), and each check gets a small broken
machine that must yield exactly one violation at an exact path -- exactly
one, so that a check cannot hide behind noise from cascading errors.
"""

from __future__ import annotations

import copy
from typing import Any, Dict, List, Tuple

import pytest

from fluxio_cst.asl import AslViolation, validate_asl
from tests.conftest import FIXTURES, fixture_machines

MACHINES = fixture_machines()


def test_fixtures_are_found() -> None:
    assert len(MACHINES) >= 17, f"expected the golden machines under {FIXTURES}"


@pytest.mark.parametrize("asl", [asl for _, asl in MACHINES], ids=[i for i, _ in MACHINES])
def test_every_fixture_machine_is_valid(asl: Dict[str, Any]) -> None:
    assert validate_asl(asl) == []


# --------------------------------------------------------------------------
# Builders for small machines
# --------------------------------------------------------------------------

DROP = object()  # a field value meaning "remove this field"


def _state(base: Dict[str, Any], fields: Dict[str, Any]) -> Dict[str, Any]:
    merged = {**base, **fields}
    return {key: value for key, value in merged.items() if value is not DROP}


def task(**fields: Any) -> Dict[str, Any]:
    return _state({"Type": "Task", "Resource": "${LambdaFunctionA}", "End": True}, fields)


def pass_(**fields: Any) -> Dict[str, Any]:
    return _state({"Type": "Pass", "End": True}, fields)


def choice(*rules: Dict[str, Any], **fields: Any) -> Dict[str, Any]:
    return _state({"Type": "Choice", "Choices": list(rules)}, fields)


def machine(states: Dict[str, Any], start: str = "") -> Dict[str, Any]:
    return {"StartAt": start or next(iter(states)), "States": states}


def rule(**fields: Any) -> Dict[str, Any]:
    """A top-level Choice rule going to ``done``."""
    return _state({"Variable": "$.x", "NumericEquals": 1, "Next": "done"}, fields)


def with_choice(*rules: Dict[str, Any], **fields: Any) -> Dict[str, Any]:
    """A machine whose StartAt is a Choice ``c`` leading to ``done``."""
    return machine({"c": choice(*rules, Default="done", **fields), "done": pass_()})


def map_of(inner: Dict[str, Any], **fields: Any) -> Dict[str, Any]:
    return _state({"Type": "Map", "Iterator": inner, "End": True}, fields)


def parallel(*branches: Dict[str, Any], **fields: Any) -> Dict[str, Any]:
    return _state({"Type": "Parallel", "Branches": list(branches), "End": True}, fields)


def handlers(*error_lists: List[str], next_: str = "") -> List[Dict[str, Any]]:
    return [{"ErrorEquals": errors, **({"Next": next_} if next_ else {})} for errors in error_lists]


def with_task(**fields: Any) -> Dict[str, Any]:
    """A one-Task machine (plus a ``fallback`` state reachable through Catch if any)."""
    states: Dict[str, Any] = {"a": task(**fields)}
    if "Catch" in fields:
        states["fallback"] = pass_()
    return machine(states)


def with_wait(**fields: Any) -> Dict[str, Any]:
    return machine({"w": _state({"Type": "Wait", "End": True}, fields)})


# --------------------------------------------------------------------------
# One broken machine per check
# --------------------------------------------------------------------------

BAD: List[Tuple[str, Dict[str, Any], str, str]] = [
    # unique state names across the whole machine
    (
        "duplicate-name-in-iterator",
        machine({"a": map_of(machine({"a": pass_()}))}),
        "States.a.Iterator.States.a",
        "duplicate state name 'a'",
    ),
    (
        "duplicate-name-across-branches",
        machine({"p": parallel(machine({"x": pass_()}), machine({"x": pass_()}))}),
        "States.p.Branches[1].States.x",
        "first defined at States.p.Branches[0].States.x",
    ),
    # transition targets exist in the same States map
    ("next-target-missing", with_task(End=DROP, Next="nope"), "States.a.Next", "'nope' is not a state"),
    ("start-at-missing", machine({"a": pass_()}, start="zz"), "StartAt", "'zz' is not a state"),
    (
        "default-target-missing",
        machine({"c": choice(rule(), Default="nope"), "done": pass_()}),
        "States.c.Default",
        "'nope' is not a state",
    ),
    (
        "choice-rule-target-missing",
        with_choice(rule(Next="nope")),
        "States.c.Choices[0].Next",
        "'nope' is not a state",
    ),
    (
        "catch-target-missing",
        machine({"a": task(Catch=handlers(["E"], next_="nope"))}),
        "States.a.Catch[0].Next",
        "'nope' is not a state",
    ),
    (
        "iterator-target-in-outer-map",
        machine({"m": map_of(machine({"x": pass_(End=DROP, Next="b")}), End=DROP, Next="b"), "b": pass_()}),
        "States.m.Iterator.States.x.Next",
        "'b' is not a state in this States map",
    ),
    # reachability
    ("unreachable-state", machine({"a": pass_(), "b": pass_()}), "States.b", "unreachable"),
    (
        "unreachable-in-branch",
        machine({"p": parallel(machine({"x": pass_(), "y": pass_()}))}),
        "States.p.Branches[0].States.y",
        "unreachable",
    ),
    # Next / End
    ("next-and-end", machine({"a": pass_(Next="b"), "b": pass_()}), "States.a", "found both"),
    ("neither-next-nor-end", machine({"a": pass_(End=DROP)}), "States.a", "found neither"),
    ("end-false", machine({"a": pass_(End=False, Next="b"), "b": pass_()}), "States.a.End", "must be true"),
    ("choice-with-next", with_choice(rule(), Next="done"), "States.c.Next", "not allowed in a Choice"),
    ("succeed-with-end", machine({"s": {"Type": "Succeed", "End": True}}), "States.s.End", "not allowed"),
    ("fail-with-next", machine({"f": {"Type": "Fail", "Next": "f"}}), "States.f.Next", "not allowed"),
    # Choice rules
    ("choices-empty", with_choice(), "States.c.Choices", "non-empty list"),
    (
        "top-level-rule-without-next",
        with_choice(rule(Next=DROP), rule()),
        "States.c.Choices[0].Next",
        "required in a top-level choice rule",
    ),
    (
        "two-operators",
        with_choice(rule(StringEquals="x")),
        "States.c.Choices[0]",
        "found: NumericEquals, StringEquals",
    ),
    ("no-operator", with_choice(rule(NumericEquals=DROP)), "States.c.Choices[0]", "found: none"),
    (
        "operator-without-variable",
        with_choice(rule(Variable=DROP)),
        "States.c.Choices[0].Variable",
        "required with operator NumericEquals",
    ),
    (
        "and-empty",
        with_choice({"And": [], "Next": "done"}),
        "States.c.Choices[0].And",
        "non-empty list",
    ),
    (
        "not-with-list",
        with_choice({"Not": [{"Variable": "$.x", "IsNull": True}], "Next": "done"}),
        "States.c.Choices[0].Not",
        "must be an object",
    ),
    (
        "nested-rule-with-next",
        with_choice({"Or": [rule(), rule(Next=DROP)], "Next": "done"}),
        "States.c.Choices[0].Or[0].Next",
        "not allowed in a nested choice rule",
    ),
    (
        "variable-beside-combinator",
        with_choice({"Not": rule(Next=DROP), "Variable": "$.x", "Next": "done"}),
        "States.c.Choices[0].Variable",
        "not allowed beside Not",
    ),
    (
        "string-operator-with-number",
        with_choice(rule(NumericEquals=DROP, StringEquals=3)),
        "States.c.Choices[0].StringEquals",
        "expects a string",
    ),
    (
        "numeric-operator-with-bool",
        with_choice(rule(NumericEquals=True)),
        "States.c.Choices[0].NumericEquals",
        "expects a number",
    ),
    (
        "numeric-operator-with-string",
        with_choice(rule(NumericEquals=DROP, NumericGreaterThan="3")),
        "States.c.Choices[0].NumericGreaterThan",
        "expects a number",
    ),
    (
        "boolean-operator-with-string",
        with_choice({"Not": {"Variable": "$.x", "BooleanEquals": "true"}, "Next": "done"}),
        "States.c.Choices[0].Not.BooleanEquals",
        "expects a boolean",
    ),
    (
        "timestamp-operator-with-garbage",
        with_choice(rule(NumericEquals=DROP, TimestampEquals="yesterday")),
        "States.c.Choices[0].TimestampEquals",
        "RFC 3339",
    ),
    (
        "path-operator-with-literal",
        with_choice(rule(NumericEquals=DROP, StringEqualsPath="x")),
        "States.c.Choices[0].StringEqualsPath",
        "must start with '$'",
    ),
    (
        "variable-bad-path",
        with_choice(rule(Variable="$['a")),
        "States.c.Choices[0].Variable",
        "unterminated string",
    ),
    (
        "unknown-choice-field",
        with_choice(rule(Varaible="$.x")),
        "States.c.Choices[0].Varaible",
        "not allowed in a choice rule",
    ),
    # States.ALL alone and last
    (
        "states-all-not-alone",
        with_task(Catch=handlers(["States.ALL", "E"], next_="fallback")),
        "States.a.Catch[0].ErrorEquals",
        "must appear alone",
    ),
    (
        "states-all-not-last-retrier",
        with_task(Retry=handlers(["States.ALL"], ["E"])),
        "States.a.Retry[0].ErrorEquals",
        "last retrier/catcher",
    ),
    (
        "states-all-not-last-in-iterator",
        machine(
            {
                "m": map_of(
                    machine(
                        {
                            "x": task(Catch=handlers(["States.ALL"], ["E"], next_="y")),
                            "y": pass_(),
                        }
                    )
                )
            }
        ),
        "States.m.Iterator.States.x.Catch[0].ErrorEquals",
        "last retrier/catcher",
    ),
    ("error-equals-empty", with_task(Retry=handlers([])), "States.a.Retry[0].ErrorEquals", "non-empty"),
    (
        "catcher-without-next",
        with_task(Catch=[{"ErrorEquals": ["E"]}], Next="fallback", End=DROP),
        "States.a.Catch[0].Next",
        "required in a catcher",
    ),
    # path syntax
    ("input-path-no-dollar", with_task(InputPath="foo"), "States.a.InputPath", "must start with '$'"),
    ("input-path-trailing-dot", with_task(InputPath="$.a."), "States.a.InputPath", "member name"),
    (
        "result-path-wildcard",
        with_task(ResultPath="$.a[*]"),
        "States.a.ResultPath",
        "reference path subscript",
    ),
    ("result-path-context", with_task(ResultPath="$$.Execution"), "States.a.ResultPath", "context object"),
    (
        "items-path-deep-scan",
        machine({"m": map_of(machine({"x": pass_()}), ItemsPath="$..items")}),
        "States.m.ItemsPath",
        "deep scan",
    ),
    (
        "seconds-path-context",
        with_wait(SecondsPath="$$.Execution.Input"),
        "States.w.SecondsPath",
        "context object",
    ),
    (
        "timestamp-path-space",
        with_wait(TimestampPath="$.a b"),
        "States.w.TimestampPath",
        "unexpected character",
    ),
    (
        "parameters-dynamic-not-a-path",
        with_task(Parameters={"meta": {"trace_id.$": "__trace.id"}, "static": "not checked"}),
        "States.a.Parameters.meta.trace_id.$",
        "must start with '$'",
    ),
    (
        "parameters-dynamic-in-list",
        with_task(Parameters={"items": [{"k.$": "$["}]}),
        "States.a.Parameters.items[0].k.$",
        "invalid path",
    ),
    (
        "parameters-unknown-intrinsic",
        with_task(Parameters={"x.$": "States.Nope('a')"}),
        "States.a.Parameters.x.$",
        "unknown intrinsic function States.Nope",
    ),
    (
        "parameters-unclosed-intrinsic",
        with_task(Parameters={"x.$": "States.Format('{}', $.a"}),
        "States.a.Parameters.x.$",
        "expected ',' or ')'",
    ),
    (
        "parameters-dynamic-not-string",
        with_task(Parameters={"x.$": 3}),
        "States.a.Parameters.x.$",
        "must be a path string",
    ),
    # TimeoutSeconds
    ("timeout-zero", with_task(TimeoutSeconds=0), "States.a.TimeoutSeconds", "positive integer"),
    ("timeout-string", with_task(TimeoutSeconds="300"), "States.a.TimeoutSeconds", "positive integer"),
    ("timeout-bool", with_task(TimeoutSeconds=True), "States.a.TimeoutSeconds", "positive integer"),
    ("timeout-float", with_task(TimeoutSeconds=1.5), "States.a.TimeoutSeconds", "positive integer"),
    # Wait
    ("wait-none", with_wait(), "States.w", "exactly one of Seconds, SecondsPath, Timestamp, TimestampPath"),
    ("wait-two", with_wait(Seconds=1, SecondsPath="$.s"), "States.w", "found: Seconds, SecondsPath"),
    ("wait-bad-timestamp", with_wait(Timestamp="tomorrow"), "States.w.Timestamp", "RFC 3339"),
    # required fields per Type
    ("task-without-resource", with_task(Resource=DROP), "States.a.Resource", "is required in a Task"),
    (
        "map-without-iterator",
        machine({"m": {"Type": "Map", "End": True}}),
        "States.m",
        "exactly one of Iterator, ItemProcessor",
    ),
    (
        "parallel-without-branches",
        machine({"p": parallel(Branches=DROP)}),
        "States.p.Branches",
        "is required",
    ),
    ("parallel-empty-branches", machine({"p": parallel()}), "States.p.Branches", "non-empty list"),
    ("unknown-type", machine({"a": {"Type": "Tsak", "End": True}}), "States.a.Type", "unknown state Type"),
    ("unknown-field", with_task(Nxt="b"), "States.a.Nxt", "not allowed in a Task"),
]


@pytest.mark.parametrize(
    ("asl", "path", "fragment"),
    [case[1:] for case in BAD],
    ids=[case[0] for case in BAD],
)
def test_each_check_reports_one_violation(asl: Dict[str, Any], path: str, fragment: str) -> None:
    violations = validate_asl(asl)
    assert [v.path for v in violations] == [path], violations
    assert fragment in violations[0].message


def test_states_empty_also_reports_bad_start() -> None:
    """An empty States map reports both the map and the dangling StartAt."""
    assert validate_asl({"StartAt": "a", "States": {}}) == [
        AslViolation("States", "must be a non-empty object of states"),
        AslViolation("StartAt", "target 'a' is not a state in this States map"),
    ]


VALID_DYNAMIC_VALUES = [
    "$",
    "$.a.b",
    "$['a'][0]",
    '$["it\'s"]',
    "$['items'].table_name",
    "$.__trace.id",
    "$$.Execution.Name",
    "$$.Map.Item.Value",
    "$['list'][0]['x']",
    "$['a\\'b']",
    "$.items[*].id",
    "$..name",
    "$.items[?(@.price < 10 && @.tag == ')')]",
    "$.items[0:2]",
    "$.items[0,2]",
    "$['a','b']",
    "States.Format('{}_{}_{}', $$.Execution.Name, $$.State.EnteredTime, $.context_index)",
    "States.Array(1, -2.5, 'x', null, true, $.b)",
    "States.JsonToString(States.StringToJson($.a))",
    "States.UUID()",
    "States.Format('it\\'s {}', $['a'])",
]


@pytest.mark.parametrize("value", VALID_DYNAMIC_VALUES)
def test_valid_dynamic_values(value: str) -> None:
    assert validate_asl(with_task(Parameters={"x.$": value})) == []


VALID_REFERENCE_PATHS = ["$", "$.a.b", "$['a'][0]", '$["it\'s"]', "$['items'].table_name", "$[ 'a' ]"]


@pytest.mark.parametrize("value", VALID_REFERENCE_PATHS)
def test_valid_reference_paths(value: str) -> None:
    asl = machine(
        {
            "a": task(ResultPath=value, InputPath=value, End=DROP, Next="w"),
            "w": {"Type": "Wait", "SecondsPath": value, "End": True},
        }
    )
    assert validate_asl(asl) == []


def test_null_result_path_and_input_path_are_allowed() -> None:
    assert validate_asl(with_task(ResultPath=None, InputPath=None, OutputPath=None)) == []


def test_all_violations_are_collected_in_document_order() -> None:
    asl = machine({"a": task(Next="b", End=DROP, TimeoutSeconds=-1, InputPath="x"), "b": pass_(Next="zz")})
    assert [v.path for v in validate_asl(asl)] == [
        "States.a.TimeoutSeconds",
        "States.a.InputPath",
        "States.b",
        "States.b.Next",
    ]


def test_validator_does_not_mutate_input() -> None:
    _, asl = MACHINES[0]
    before = copy.deepcopy(asl)
    validate_asl(asl)
    assert asl == before


def test_non_mapping_input_is_reported_not_raised() -> None:
    assert validate_asl([]) == [  # type: ignore[arg-type]
        AslViolation("", "a state machine must be an object with StartAt and States")
    ]
