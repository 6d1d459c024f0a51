"""Proves ``tests/sfn_harness.py`` on ASL already known to be right.

Each test runs a golden definition (``fixtures/*.expected.json``,
``state_machines.main.asl``) or a small hand-made one on moto's ASL
interpreter and asserts what really happened: the exact states entered,
status, error and output. Where moto departs from AWS, a test named
``test_moto_quirk_*`` pins the departure down, so that compiler tests do not
rely on it unknowingly and so that a moto upgrade that changes it is noticed.
"""

from __future__ import annotations

import copy
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

from tests.sfn_harness import DEFAULT_TRACE, FAILING_RESOURCE, Execution, iter_states, run_asl

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

NO_BUCKET = "s3.NoSuchBucketException"


def main_asl(stem: str) -> Dict[str, Any]:
    """The compiled ``main`` state machine of one golden fixture."""
    (path,) = FIXTURES.glob(f"{stem}_*.expected.json")
    asl: Dict[str, Any] = json.loads(path.read_text())["state_machines"]["main"]["asl"]
    return asl


def entered_inputs(run: Execution, name: str) -> List[Any]:
    """Inputs of every entry into state ``name`` (e.g. each Map iteration)."""
    return [
        json.loads(e["stateEnteredEventDetails"]["input"])
        for e in run.history
        if e["type"].endswith("StateEntered") and e["stateEnteredEventDetails"]["name"] == name
    ]


# --- 04_choice: every rule of one Choice, and its Default -------------------

C04 = "Choice-313e64aa8f8ad86ca9da11b08bfcf167"
FAIL_BAD = "Fail-b96ed86a16a6d26727706644aaddb54e"
SUCCEED_04 = "Succeed-d1d0f861f06db686c59bfded9f95b5c4"
FAIL_WRONG = "Fail-fbfebbb04fab34c90ef58b0a2ffda3e5"
# Reaches the rules after ``Not($['empty'] == true)``; see test_moto_quirk_choice_missing_path.
PAST_RULE_2 = {"foo": 0, "empty": True, "array": [0, 0, 0, 0, 0, 0]}


@pytest.mark.parametrize(
    ("data", "entered", "status", "error", "cause"),
    [
        pytest.param({"foo": 5}, [C04, FAIL_BAD], "FAILED", "Bad", "nope", id="rule1-and-raises"),
        pytest.param(
            {"foo": 100, "empty": False}, [C04, SUCCEED_04], "SUCCEEDED", None, None, id="rule2-not"
        ),
        pytest.param(
            {**PAST_RULE_2, "array": [0, 0, 0, 0, 0, 5]},
            [C04, "bar"],
            "SUCCEEDED",
            None,
            None,
            id="rule4-bar",
        ),
        pytest.param(
            {**PAST_RULE_2, "count": 3, "name": "x"},
            [C04, "baz"],
            "SUCCEEDED",
            None,
            None,
            id="rule5-or-left",
        ),
        pytest.param(
            {**PAST_RULE_2, "count": 0, "name": "y"}, [C04, "baz"], "SUCCEEDED", None, None, id="rule5-or-not"
        ),
        pytest.param(
            {**PAST_RULE_2, "count": 2, "name": "x"},
            [C04, FAIL_WRONG],
            "FAILED",
            "Wrong",
            "mmk",
            id="default",
        ),
    ],
)
def test_04_choice_rules(
    data: Dict[str, Any], entered: List[str], status: str, error: Optional[str], cause: Optional[str]
) -> None:
    run = run_asl(main_asl("04"), data)
    assert (run.entered, run.status, run.error, run.cause) == (entered, status, error, cause)
    if status == "SUCCEEDED":
        # The tasks have ResultPath null: the output is the input (plus the __trace the harness adds).
        assert run.output == {**data, "__trace": DEFAULT_TRACE}
    else:
        assert run.output is None


def test_moto_quirk_choice_missing_path() -> None:
    """moto treats a Choice ``Variable`` that is not in the input as a non-match.

    AWS fails the execution with States.Runtime ("Invalid path ... The choice
    state's condition path references an invalid value") instead. So on AWS,
    04's rules 3-5 and its Default are unreachable (rule 3 reads
    ``$['empty']['inner']`` exactly when rule 2 proved ``empty`` is ``true``),
    and the cases above only pass on moto.
    """
    run = run_asl(main_asl("04"), {})  # no 'foo', no 'empty': rule 2's Not() matches
    assert (run.status, run.entered) == ("SUCCEEDED", [C04, SUCCEED_04])


def test_moto_quirk_choice_without_default() -> None:
    """No rule matches, no Default: moto fails with States.Runtime (AWS: States.NoChoiceMatched)."""
    asl = {
        "StartAt": "c",
        "States": {
            "c": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "s"}]},
            "s": {"Type": "Succeed"},
        },
    }
    run = run_asl(asl, {"x": 2})
    assert (run.status, run.entered, run.error) == ("FAILED", ["c"], "States.Runtime")


# --- 10_choice_no_else: a Choice whose Default is the next statement --------

C10 = "Choice-90a0b05a0d03a63ba9c727b43d519c82"


@pytest.mark.parametrize(
    ("n", "entered"),
    [(2, ["first", C10, "big", "last"]), (1, ["first", C10, "last"])],
)
def test_10_choice_no_else(n: int, entered: List[str]) -> None:
    run = run_asl(main_asl("10"), {"n": n})
    assert (run.status, run.entered) == ("SUCCEEDED", entered)


# --- 05_try_retry: Retry then Catch --------------------------------------


def test_05_no_error() -> None:
    run = run_asl(main_asl("05"), {})
    assert (run.status, run.entered) == ("SUCCEEDED", ["foo"])


def test_05_task_failed_is_retried_then_caught_by_bare_except() -> None:
    """A States.TaskFailed: retried 5 times, then the ``States.ALL`` handler runs.

    The compiled retrier waits 10 s between attempts; moto really sleeps, so
    the sleeps are scaled to 0 (the definition itself is run unchanged).
    """
    started = time.monotonic()
    run = run_asl(main_asl("05"), {}, failing={"foo"}, retry_interval_scale=0)
    assert time.monotonic() - started < 10  # 50 s unscaled
    assert (run.status, run.entered) == ("SUCCEEDED", ["foo", "generic"])
    assert len(run.events("TaskFailed")) == 1 + 5
    assert {e["taskFailedEventDetails"]["error"] for e in run.events("TaskFailed")} == {NO_BUCKET}
    assert run.succeeded()["error"]["Error"] == NO_BUCKET
    assert run.succeeded()["error"]["Cause"].startswith("The specified bucket does not exist")


def test_05_named_error_is_retried_then_caught_by_its_handler() -> None:
    """``except KeyError``: States.TaskFailed in the retrier matches it too (5 retries)."""
    run = run_asl(main_asl("05"), {}, raising={"foo": "KeyError"}, retry_interval_scale=0)
    assert (run.status, run.entered) == ("SUCCEEDED", ["foo", "foo failed"])
    assert run.succeeded()["error"] == {"Error": "KeyError", "Cause": "sfn_harness raises KeyError in foo"}
    assert len(run.events("ParallelStateStarted")) == 1 + 5


def test_05_custom_error_of_the_retrier_goes_to_bare_except() -> None:
    run = run_asl(main_asl("05"), {}, raising={"foo": "CustomError"}, retry_interval_scale=0)
    assert (run.status, run.entered) == ("SUCCEEDED", ["foo", "generic"])


def test_05_timeout_is_not_retried_and_caught_by_its_handler() -> None:
    """States.Timeout: not matched by the States.TaskFailed retrier (1 s: a real timeout)."""
    run = run_asl(main_asl("05"), {}, timing_out={"foo"})
    assert (run.status, run.entered) == ("SUCCEEDED", ["foo", "foo failed"])
    assert len(run.events("TaskTimedOut")) == 1
    assert run.succeeded()["error"]["Error"] == "States.Timeout"


# --- 11_catch_continue: the handler rejoins the main path --------------------


def test_11_no_error() -> None:
    run = run_asl(main_asl("11"), {})
    assert (run.status, run.entered) == ("SUCCEEDED", ["risky", "after"])


def test_11_caught_error_continues_after_cleanup() -> None:
    run = run_asl(main_asl("11"), {}, raising={"risky": "SomeError"})
    assert (run.status, run.entered) == ("SUCCEEDED", ["risky", "cleanup", "after"])
    assert run.succeeded()["error"]["Error"] == "SomeError"


def test_11_uncaught_error_fails_the_execution() -> None:
    run = run_asl(main_asl("11"), {}, failing={"risky"})
    assert (run.status, run.entered, run.error) == ("FAILED", ["risky"], NO_BUCKET)
    assert run.cause is not None and run.cause.startswith("The specified bucket does not exist")
    assert run.output is None


# --- 15_keys_quotes_and_calls: Pass, Lambda results, Map, Parallel, Wait, Fail

P15 = [
    "Pass-c110c47e319b0f135c825c773b29eeea",
    "Pass-0b5ab456bdbfc80c915e465faa90c2ff",
    "Work-5ecee2956ee49aab80fd0ae5666d4f95",
    "Work-127c28bc2cf1754c2781122678a724c7",
    "Map-103c123ebf8e691f8131f4bfad5d37d7",
]
MAP15_TASK = "Work-b6ed7d00b46c71a1dce4ce09209a3b2c"
PAR15 = "Parallel-845e0389012a6e30be48db61f8fbe19e"
PAR15_BRANCHES = ["Succeed-8d2ed36f822b91a496f3e9a88725b914", "Work-4c795061f952e42a24deb5b5bb242465"]
WAIT15 = "Wait-f94b1942d6000010d52c2dbdd09d2be3"
FAIL15 = "Fail-b5b83e648e6aaf397bb930dbe7d11ad0"
INPUT15 = {
    "it's": 1,
    "its": 1,
    "list": [{"x": 7}],
    "items": {"items": ["a", "b", "c"], "table_name": "t", "partition_key": "p", "key": "k"},
    "final": {"f": 1},
    "delay": 1,
}


def asl15() -> Dict[str, Any]:
    """Fixture 15 minus the one path moto cannot evaluate (test_moto_quirk_quoted_key)."""
    asl = main_asl("15")
    parameters = asl["States"][P15[2]]["Parameters"]
    assert parameters["data.$"] == '$["it\'s"]'
    parameters["data.$"] = "$['its']"
    return asl


def test_15_runs_to_its_fail_state() -> None:
    run = run_asl(asl15(), INPUT15)
    assert (run.status, run.error, run.cause) == ("FAILED", "Custom", "done: it's over")
    assert run.entered[:5] == P15
    assert run.entered[5:8] == [MAP15_TASK] * 3  # one per item
    assert run.entered[8] == PAR15
    assert sorted(run.entered[9:11]) == sorted(PAR15_BRANCHES)  # branches run concurrently
    assert run.entered[11:] == [WAIT15, FAIL15]

    # Pass results landed where ResultPath says; the Lambda echoed its Parameters into $['r'].
    (map_input,) = entered_inputs(run, P15[4])
    assert map_input["msg"] == 'it\'s "quoted"'
    assert map_input["single"] == {"k": [1, 2.5, None, True]}
    assert map_input["r"]["data"] == [7]  # 7 on AWS: test_moto_quirk_path_through_array_index
    assert map_input["r"]["meta"]["sfn_state_name"] == P15[3]
    assert map_input["r"]["meta"]["trace_id"] == DEFAULT_TRACE["id"]

    # ItemsPath "$['items'].items" on an object, $$.Map.Item.Index/Value in Parameters.
    iterations = sorted(entered_inputs(run, MAP15_TASK), key=lambda i: i["context_index"])
    assert [(i["context_index"], i["context_value"]) for i in iterations] == [(0, "a"), (1, "b"), (2, "c")]
    assert iterations[0]["items_result_table_name"] == "t"
    assert iterations[0]["__trace"] == DEFAULT_TRACE


def test_15_failure_inside_map_iteration_fails_the_execution() -> None:
    run = run_asl(asl15(), {**INPUT15, "delay": 0}, failing={MAP15_TASK})
    assert (run.status, run.error) == ("FAILED", NO_BUCKET)
    assert run.entered[:5] == P15
    assert set(run.entered[5:]) == {MAP15_TASK}


def test_15_failure_inside_parallel_branch_fails_the_execution() -> None:
    run = run_asl(asl15(), {**INPUT15, "delay": 0}, failing={PAR15_BRANCHES[1]})
    assert (run.status, run.error) == ("FAILED", NO_BUCKET)
    assert run.entered[:9] == [*P15, MAP15_TASK, MAP15_TASK, MAP15_TASK, PAR15]
    assert PAR15_BRANCHES[1] in run.entered[9:]
    assert WAIT15 not in run.entered


def test_15_map_parameters_need_their_paths() -> None:
    """A Map Parameters path missing from the input fails with States.Runtime (as on AWS)."""
    run = run_asl(asl15(), {**INPUT15, "items": {"items": [1]}, "delay": 0})
    assert (run.status, run.entered, run.error) == ("FAILED", P15, "States.Runtime")
    assert run.cause is not None and "$['items'].table_name" in run.cause


def test_moto_quirk_quoted_key() -> None:
    """moto cannot evaluate the JSONPath ``$["it's"]`` in Parameters.

    The Task fails with error ``Exception`` (a jsonpath-ng lexer message), not
    a States.* error. (Whether AWS accepts this double-quoted bracket form
    was not checked here.)
    """
    run = run_asl(main_asl("15"), {**INPUT15, "delay": 0})
    assert (run.status, run.entered, run.error) == ("FAILED", P15[:3], "Exception")
    assert run.cause == "Unexpected EOF in string literal or identifier"


def test_moto_quirk_path_through_array_index() -> None:
    """moto wraps the value of a path that goes on after an array index in a list.

    AWS gives ``7`` for ``$.list[0].x``; moto (its fix for moto issue 7825)
    gives ``[7]``. A path that ends at the index is unwrapped as on AWS.
    """
    asl = {
        "StartAt": "p",
        "States": {
            "p": {
                "Type": "Pass",
                "Parameters": {"a.$": "$['list'][0]['x']", "b.$": "$.list[0].x", "c.$": "$.list[1]"},
                "End": True,
            }
        },
    }
    run = run_asl(asl, {"list": [{"x": 7}, {"x": 8}]})
    assert run.output == {"a": [7], "b": [7], "c": {"x": 8}}


# --- 03_ecs_worker_map: the worker Map (its SQS task-token task cannot succeed)

MAP03 = "Map-45e7280d9d0e82a1f9bf9a8a59dae04d"
ITEMS03 = {"items": [10, 20, 30], "table_name": "t", "partition_key": "pk", "key": "k"}


def test_03_worker_map_iterations() -> None:
    """The Map feeds each item to the worker task; a failing worker fails the execution.

    ``generate`` returns the items (``results``); ``work on item`` is made to
    fail because nothing would send its task token back.
    """
    run = run_asl(main_asl("03"), {}, results={"GenerateItems": ITEMS03}, failing={"work on item"})
    assert (run.status, run.error) == ("FAILED", NO_BUCKET)
    assert run.entered[:2] == ["generate", MAP03]
    assert set(run.entered[2:]) == {"work on item"}
    for iteration in entered_inputs(run, "work on item"):
        assert iteration["context_value"] == ITEMS03["items"][iteration["context_index"]]
        assert iteration["items_result_table_name"] == "t"
        assert iteration["items_result_partition_key"] == "pk"
        assert iteration["items_result_key"] == "k"


def test_moto_quirk_states_error_out_of_map() -> None:
    """A States.Timeout inside a Map iteration surfaces as States.Runtime on moto.

    moto refuses to re-raise a ``States.*`` name from an iteration (AWS fails
    the Map with States.Timeout); Parallel branches behave the same, which is
    why ``raising`` rejects States.* names. Compiler tests should not assert
    States.* errors coming out of Map or Parallel.
    """
    run = run_asl(main_asl("03"), {}, results={"GenerateItems": ITEMS03}, timing_out={"work on item"})
    assert (run.status, run.error) == ("FAILED", "States.Runtime")
    assert run.cause is not None and "MUST NOT begin with the prefix 'States.'" in run.cause
    assert {e["taskTimedOutEventDetails"]["error"] for e in run.events("TaskTimedOut")} == {"States.Timeout"}


# --- 06_parallel_wait_pass ------------------------------------------------


def test_06_update_merges_into_the_input() -> None:
    """``data.update({...})`` sets its keys and keeps every other key (fix D16).

    The old output (``ResultPath: "$"``) replaced the whole input by ``{"more": 123}``: the
    next ``SecondsPath`` found nothing and the branches' Lambda tasks lost ``__trace``. Now the
    waits read their paths and both branches run. The 10 s wait is shortened to 0 s.
    """
    asl = main_asl("06")
    first_wait = asl["States"]["Wait-bc72701b67a1cc80337d24b7e67284d8"]
    assert first_wait["Seconds"] == 10
    first_wait["Seconds"] = 0
    given = {"wait_in_seconds": 0, "timestamp": "2020-01-01T00:00:00Z"}
    run = run_asl(asl, given)
    assert run.entered[:7] == [
        "Pass-450d98f43e15203bde04acbd1f5e2394",
        "Pass-8b644d8cfd2131af75c8f6a666f44cb4",
        "Wait-bc72701b67a1cc80337d24b7e67284d8",
        "Wait-bd41508ed37d17062c388d8dd452de77",
        "Wait-e13ebcd60255409754e0b75d234073e6",
        "Wait-118555a992bbdaebe6c4555346d2b59a",
        "Parallel-4fef7ccb7b6bca333d68c27261eea63f",
    ]
    assert sorted(run.entered[7:]) == ["baz", "foo"]
    merged = {**given, "__trace": DEFAULT_TRACE, "debug": {"level": "INFO"}, "more": 123}
    assert entered_inputs(run, "Wait-bc72701b67a1cc80337d24b7e67284d8") == [merged]
    assert run.succeeded() == merged


# --- Hand-made Map and Parallel, shaped like the compiler's -------------------

WORK = {
    "Type": "Task",
    "Resource": "${LambdaFunctionWork}",
    "Parameters": {"trace_id.$": "$.__trace.id", "value.$": "$.context_value"},
    "ResultPath": "$.r",
    "End": True,
}
MAP = {
    "StartAt": "each",
    "States": {
        "each": {
            "Type": "Map",
            "ItemsPath": "$['items'].items",
            "MaxConcurrency": 1,
            "Parameters": {
                "__trace.$": "$.__trace",
                "context_index.$": "$$.Map.Item.Index",
                "context_value.$": "$$.Map.Item.Value",
            },
            "Iterator": {
                "StartAt": "big?",
                "States": {
                    "big?": {
                        "Type": "Choice",
                        "Choices": [{"Variable": "$.context_value", "NumericGreaterThan": 1, "Next": "work"}],
                        "Default": "skip",
                    },
                    "work": WORK,
                    "skip": {"Type": "Pass", "Result": "skipped", "ResultPath": "$.r", "End": True},
                },
            },
            "ResultPath": "$['results']",
            "Next": "done",
        },
        "done": {"Type": "Succeed"},
    },
}
PARALLEL = {
    "StartAt": "both",
    "States": {
        "both": {
            "Type": "Parallel",
            "Branches": [
                {
                    "StartAt": "a1",
                    "States": {
                        "a1": {"Type": "Pass", "Result": "a", "ResultPath": "$.v", "Next": "a2"},
                        "a2": {"Type": "Wait", "Seconds": 1, "End": True},
                    },
                },
                {"StartAt": "work", "States": {"work": WORK}},
            ],
            "ResultPath": "$.par",
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "handler"}],
            "Next": "done",
        },
        "handler": {"Type": "Pass", "End": True},
        "done": {"Type": "Succeed"},
    },
}
TRACE = DEFAULT_TRACE


def test_map_runs_iterations_in_order_with_max_concurrency_1() -> None:
    run = run_asl(MAP, {"items": {"items": [1, 2, 3, 0]}})
    assert run.status == "SUCCEEDED"
    assert run.entered == ["each", "big?", "skip", "big?", "work", "big?", "work", "big?", "skip", "done"]
    assert run.succeeded()["results"] == [
        {"__trace": TRACE, "context_index": 0, "context_value": 1, "r": "skipped"},
        {
            "__trace": TRACE,
            "context_index": 1,
            "context_value": 2,
            "r": {"trace_id": TRACE["id"], "value": 2},
        },
        {
            "__trace": TRACE,
            "context_index": 2,
            "context_value": 3,
            "r": {"trace_id": TRACE["id"], "value": 3},
        },
        {"__trace": TRACE, "context_index": 3, "context_value": 0, "r": "skipped"},
    ]


def test_map_over_no_items() -> None:
    run = run_asl(MAP, {"items": {"items": []}})
    assert (run.status, run.entered, run.succeeded()["results"]) == ("SUCCEEDED", ["each", "done"], [])


def test_parallel_output_is_the_list_of_branch_outputs() -> None:
    started = time.monotonic()
    run = run_asl(PARALLEL, {"context_value": 7})
    assert time.monotonic() - started >= 1  # the Wait really waits
    assert run.status == "SUCCEEDED"
    assert (run.entered[0], run.entered[-1]) == ("both", "done")
    assert Counter(run.entered[1:-1]) == Counter(["a1", "a2", "work"])
    assert run.entered.index("a1") < run.entered.index("a2")
    branch_input = {"context_value": 7, "__trace": TRACE}
    assert run.output == {
        **branch_input,
        "par": [{**branch_input, "v": "a"}, {**branch_input, "r": {"trace_id": TRACE["id"], "value": 7}}],
    }


def test_parallel_branch_failure_is_caught_on_the_parallel() -> None:
    run = run_asl(PARALLEL, {"context_value": 7}, failing={"work"})
    assert run.status == "SUCCEEDED"
    assert (run.entered[0], run.entered[-1]) == ("both", "handler")
    assert "work" in run.entered
    assert run.succeeded()["error"]["Error"] == NO_BUCKET


def test_catch_states_task_failed_matches_sdk_errors() -> None:
    asl = {
        "StartAt": "t",
        "States": {
            "t": {
                **{key: value for key, value in WORK.items() if key != "End"},
                "Next": "ok",
                "Catch": [{"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.error", "Next": "caught"}],
            },
            "ok": {"Type": "Succeed"},
            "caught": {"Type": "Pass", "End": True},
        },
    }
    run = run_asl(asl, {"context_value": 1}, failing={"t"})
    assert (run.status, run.entered) == ("SUCCEEDED", ["t", "caught"])


# --- The harness itself -------------------------------------------------------


def test_harness_leaves_its_arguments_alone() -> None:
    asl = main_asl("11")
    before = copy.deepcopy(asl)
    data = {"k": 1}
    run_asl(asl, data, failing={"risky"})
    assert asl == before
    assert data == {"k": 1}


def test_harness_keeps_a_given_trace() -> None:
    trace = {"id": "abc", "source": "test"}
    run = run_asl(main_asl("10"), {"n": 0, "__trace": trace})
    assert run.output == {"n": 0, "__trace": trace}


def test_harness_finds_tasks_at_any_depth() -> None:
    names = {name for name, _ in iter_states(main_asl("15")["States"])}
    assert {MAP15_TASK, *PAR15_BRANCHES} <= names


@pytest.mark.parametrize(
    ("kwargs", "exception"),
    [
        ({"failing": {"nope"}}, KeyError),
        ({"failing": {"after"}, "raising": {"after": "E"}}, ValueError),
        ({"raising": {"risky": "States.Timeout"}}, ValueError),
        ({"results": {"Nope": 1}}, KeyError),
    ],
)
def test_harness_rejects_mistakes(kwargs: Dict[str, Any], exception: type) -> None:
    with pytest.raises(exception):
        run_asl(main_asl("11"), {}, **kwargs)


def test_harness_stops_an_execution_that_runs_too_long() -> None:
    asl = {"StartAt": "w", "States": {"w": {"Type": "Wait", "Seconds": 30, "End": True}}}
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        run_asl(asl, {}, timeout=0.3)
    assert time.monotonic() - started < 10


def test_harness_rejects_breaking_a_non_task() -> None:
    with pytest.raises(ValueError, match="not a Task"):
        run_asl(main_asl("04"), {}, failing={C04})


def test_failing_task_calls_the_failing_sdk_action() -> None:
    run = run_asl(main_asl("11"), {}, failing={"risky"})
    (scheduled,) = run.events("TaskScheduled")
    details = scheduled["taskScheduledEventDetails"]
    assert f"arn:aws:states:::{details['resourceType']}:{details['resource']}" == FAILING_RESOURCE
