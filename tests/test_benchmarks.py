"""The benchmarks work: generated projects compile cleanly and the builder benchmark runs.

Not a timed test: ``bench_builder.main(["--quick"])`` runs once at N=10 only to prove that the
script, its table and its ratios work (the figures themselves live in benchmarks/BENCHMARKS.md).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

import fluxio_cst

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import bench_builder
import generate
import jobs


@pytest.mark.parametrize("tasks", [10, 30])
def test_generated_project_compiles_without_diagnostics(tasks: int) -> None:
    project = fluxio_cst.parse(generate.project(tasks))
    assert project.warnings == ()
    assert len(project.tasks) == tasks
    assert len(project.state_machines) == 4 * (tasks // generate.GROUP) + 1
    for task in project.tasks.values():
        assert task.run_source is not None and 10 <= task.run_source.count("\n") <= 21
        assert task.dependencies


def test_generated_project_has_every_state_kind_and_decorator() -> None:
    project = fluxio_cst.parse(generate.project(30))
    kinds = {
        state["Type"]
        for machine in project.state_machines.values()
        for state in machine.to_asl()["States"].values()
    }
    assert kinds >= {"Task", "Pass", "Wait", "Choice", "Map", "Parallel", "Succeed", "Fail"}
    machines = project.state_machines.values()
    assert any(m.schedule for m in machines) and any(m.subscriptions for m in machines)
    assert any(m.export for m in machines)
    assert {task.service for task in project.tasks.values()} == set(generate.SERVICES)


def test_same_size_same_text() -> None:
    assert generate.project(12) == generate.project(12)


def test_quick_run_prints_every_column_with_finite_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_builder.main(["--quick"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header, row = lines[0], lines[2]
    for name in [*jobs.jobs(), "builder per task", "peak memory"]:
        assert name in header
    assert row.startswith("| 10 |") and row.count("|") == header.count("|")
    assert "×)" in row and "inf" not in row and "nan" not in row


def test_quick_json_has_finite_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_builder.main(["--quick", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert set(row["jobs"]) == set(jobs.jobs())
    assert all(math.isfinite(job["ratio"]) and job["ratio"] > 0 for job in row["jobs"].values())
    assert math.isfinite(row["peak_ratio"]) and row["builder_ms_per_task"] > 0
