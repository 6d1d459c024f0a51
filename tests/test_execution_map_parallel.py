"""try/except and with retry() around map() and parallel(), executed on moto's ASL interpreter.

A Catch or Retry on a Map or Parallel state guards the whole fan-out: a Task failing in the
iterator or in a branch fails the Map or Parallel with the Task's own error name, which the
handlers then match (``KeyError`` by its name, and by ``States.TaskFailed`` and ``States.ALL``;
``States.BranchFailed`` matches none of them), and a retry runs the whole Map or Parallel
again. Each case says which handler runs (or that the execution fails with which error), and
how many times the guarded iterator's or branch's Task ran.

The helpers (expected paths, :class:`Par` groups, outcomes) are those of ``test_execution.py``.
moto 5.2.5 cannot pass a ``States.*`` error of its own out of an iterator (a ``timing_out``
Task in a Map fails the run with ``States.Runtime``), so timeouts are not run here. A branch
that fails runs beside a branch without a Task (see ``test_map_and_parallel``: moto may break
the history of a Lambda Task aborted while it is being scheduled).
"""

from __future__ import annotations

from typing import Any, Dict, List, Sequence

import pytest

from tests.test_execution import (
    CASE,
    NO_BUCKET,
    OK,
    Cut,
    Outcome,
    Par,
    Step,
    case,
    compile_source,
    compiled,
    execute,
    failed,
    key,
)


def items(*values: Any) -> Dict[str, Any]:
    """A stored item list, as a Map reads it (its table, partition key and key too)."""
    return {"items": list(values), "table_name": "t", "partition_key": "p", "key": "k"}


def runs(entered: Sequence[str], name: str) -> int:
    return sum(1 for state in entered if state == name)


# --- The golden fixture 64: every form in one machine ----------------------------------------------

ASL64 = compiled("64")
MAP64 = key("Map", 'data["packed"] = map(data["items"], pack_item, max_concurrency=2)')
PAR64 = key("Parallel", "parallel(label_branch, courier_branch)")
BRANCHES = Par(["Label parcel"], ["Book courier"])
AFTER_PACKING: List[Step] = [PAR64, BRANCHES, "Label and book", Par(["Label parcel-2"], ["Book courier-2"])]
REPACKED: List[Step] = ["Repack", Par(["Pack item-2"], ["Pack item-2"])]
PACKED = [MAP64, Par(["Pack item"], ["Pack item"])]
PACKING_FAILED = [MAP64, Par(["Pack item"], Cut("Pack item")), "Notify packing failed"]
REPACK_CAUGHT = key("Pass", 'data["repacked"] = []', "main")


@pytest.mark.parametrize(
    CASE,
    [
        case("no-failure", {"items": items(1, 2)}, [*PACKED, *AFTER_PACKING, *REPACKED, "Notify shipped"]),
        case(
            "map-keyerror-caught-by-name",
            {"items": items(1, 2)},
            [*PACKING_FAILED, *AFTER_PACKING, *REPACKED, "Notify shipped"],
            raising={"Pack item": "KeyError"},
        ),
        case(
            "map-task-failed-caught",
            {"items": items(1, 2)},
            [*PACKING_FAILED, *AFTER_PACKING, *REPACKED, "Notify shipped"],
            failing=["Pack item"],
        ),
        case(
            "map-other-error-caught-by-task-failed-wildcard",
            {"items": items(1, 2)},
            [*PACKING_FAILED, *AFTER_PACKING, *REPACKED, "Notify shipped"],
            raising={"Pack item": "ValueError"},
        ),
        case(
            "map-retried-once-then-caught",
            {"items": items(1)},
            [
                MAP64,
                "Pack item",
                *AFTER_PACKING,
                "Repack",
                "Pack item-2",
                "Pack item-2",
                REPACK_CAUGHT,
                "Notify shipped",
            ],
            failing=["Pack item-2"],
        ),
    ],
)
def test_64_catch_retry_map_parallel(
    data: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any]
) -> None:
    output = execute(ASL64, data, path, outcome, run).succeeded()
    broken = {**run.get("raising", {}), **dict.fromkeys(run.get("failing", []), NO_BUCKET)}
    if "Pack item" in broken:  # the first Map's handler: the Task's own error name at $.error
        assert output["error"]["Error"] == broken["Pack item"] and "packed" not in output
    if "Pack item-2" in broken:  # retried (States.TaskFailed), then caught by States.ALL
        assert output["repacked"] == [] and output["error"]["Error"] == NO_BUCKET
    if not broken:
        # Each iteration's output, in item order (a Lambda Task echoes its Parameters).
        assert [item["packed"]["data"]["context_value"] for item in output["packed"]] == [1, 2]


# --- Map: caught, retried, uncaught ----------------------------------------------------------------

MAP = """
class Work(Task):
    async def run(event, context):
        return event


def each(data):
    data["done"] = Work(data["context_value"], key="Work")


def main(data):
    try:
        with retry(on_exceptions=[Busy], interval=1, max_attempts=2):
            data["done"] = map(data["items"], each, max_concurrency=1, key="Each")
    except States.BranchFailed:
        data["branch_failed"] = True
    except KeyError:
        data["recovered"] = True
"""
ASL_MAP = compile_source(MAP)
RECOVERED = key("Pass", 'data["recovered"] = True', "main")
ONE_ITEM = {"items": items(1)}


@pytest.mark.parametrize(
    ("data", "path", "outcome", "run", "work_runs"),
    [
        pytest.param(ONE_ITEM, ["Each", "Work"], OK, {}, 1, id="no-failure"),
        pytest.param(
            ONE_ITEM,
            ["Each", "Work", RECOVERED],
            OK,
            {"raising": {"Work": "KeyError"}},
            1,
            id="keyerror-not-retried-caught-not-as-branch-failed",
        ),
        pytest.param(
            ONE_ITEM,
            ["Each", "Work", "Work", "Work"],
            failed("Busy"),
            {"raising": {"Work": "Busy"}},
            3,
            id="retried-twice-then-uncaught",
        ),
        pytest.param(
            ONE_ITEM,
            ["Each", "Work"],
            failed("ValueError"),
            {"raising": {"Work": "ValueError"}},
            1,
            id="uncaught",
        ),
        pytest.param(
            ONE_ITEM, ["Each", "Work"], failed(NO_BUCKET), {"failing": ["Work"]}, 1, id="task-failed-uncaught"
        ),
    ],
)
def test_map(
    data: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any], work_runs: int
) -> None:
    execution = execute(ASL_MAP, data, path, outcome, run)
    assert runs(execution.entered, "Work") == work_runs
    if execution.status == "SUCCEEDED":
        output = execution.succeeded()
        assert "branch_failed" not in output
        assert output.get("recovered") is (True if run else None)


MIXED = """
class Work(Task):
    async def run(event, context):
        return event


def each(data):
    if data["context_value"]["easy"] == True:
        data["done"] = True
    else:
        data["done"] = Work(data["context_value"], key="Work")


def main(data):
    with retry(on_exceptions=[Busy], interval=1, max_attempts=2):
        map(data["items"], each, max_concurrency=1, key="Each")
"""
ASL_MIXED = compile_source(MIXED)
(EASY,) = [
    name for name, state in ASL_MIXED["States"]["Each"]["Iterator"]["States"].items() if "Choices" in state
]
DONE = key("Pass", 'data["done"] = True', "each")


def test_map_retry_runs_every_item_again() -> None:
    """A retried Map runs as a whole again: the easy first item, which succeeded, runs again."""
    attempt = [EASY, DONE, EASY, "Work"]  # max_concurrency=1: one item after the other
    path = ["Each", *attempt, *attempt, *attempt]
    data = {"items": items({"easy": True}, {"easy": False})}
    execution = execute(ASL_MIXED, data, path, failed("Busy"), {"raising": {"Work": "Busy"}})
    assert (runs(execution.entered, DONE), runs(execution.entered, "Work")) == (3, 3)


# --- Parallel: caught, retried, uncaught -------------------------------------------------------------

PARALLEL = """
class Work(Task):
    async def run(event, context):
        return event


def left(data):
    data["left"] = "done"


def right(data):
    data["right"] = Work(data, key="Right work")


def main(data):
    try:
        with retry(on_exceptions=[Busy], interval=1, max_attempts=2):
            data["both"] = parallel(left, right, key="Both")
    except States.BranchFailed:
        data["branch_failed"] = True
    except KeyError:
        data["recovered"] = True
    data["after"] = True
"""
ASL_PARALLEL = compile_source(PARALLEL)
LEFT = key("Pass", 'data["left"] = "done"', "left")
AFTER = key("Pass", 'data["after"] = True', "main")
RUN = Par([LEFT], ["Right work"])
FAILED_RUN = Par(Cut(LEFT), ["Right work"])


@pytest.mark.parametrize(
    ("path", "outcome", "run", "right_runs"),
    [
        pytest.param(["Both", RUN, AFTER], OK, {}, 1, id="no-failure"),
        pytest.param(
            ["Both", FAILED_RUN, RECOVERED, AFTER],
            OK,
            {"raising": {"Right work": "KeyError"}},
            1,
            id="keyerror-caught-not-as-branch-failed",
        ),
        pytest.param(
            ["Both", FAILED_RUN, FAILED_RUN, FAILED_RUN],
            failed("Busy"),
            {"raising": {"Right work": "Busy"}},
            3,
            id="retried-twice-then-uncaught",
        ),
        pytest.param(
            ["Both", FAILED_RUN],
            failed("ValueError"),
            {"raising": {"Right work": "ValueError"}},
            1,
            id="uncaught",
        ),
        pytest.param(
            ["Both", FAILED_RUN], failed(NO_BUCKET), {"failing": ["Right work"]}, 1, id="task-failed"
        ),
    ],
)
def test_parallel(path: List[Step], outcome: Outcome, run: Dict[str, Any], right_runs: int) -> None:
    execution = execute(ASL_PARALLEL, {}, path, outcome, run)
    assert runs(execution.entered, "Right work") == right_runs
    if execution.status != "SUCCEEDED":
        return
    output = execution.succeeded()
    assert "branch_failed" not in output and output["after"] is True
    if run:
        assert output["recovered"] is True and output["error"]["Error"] == "KeyError" and "both" not in output
    else:
        left, right = output["both"]
        assert (left["left"], "right" in right) == ("done", True)
