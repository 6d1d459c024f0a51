"""``fluxio-cst dump``: the model as JSON, held to the JSON Schema the package ships.

Every fixture that compiles is dumped and validated against ``fluxio_cst/dump/project.schema.json``
with the ``jsonschema`` package (a strict schema: an unknown or missing field fails), so a
builder in another language can rely on the file; one fixture's dump is compared value for
value with the Python model, and the command runs as a user runs it, in a subprocess.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any, List

import jsonschema
import pytest

import fluxio_cst
from fluxio_cst.dump import SCHEMA_PATH, dump, schema
from tests.goldens import FIXTURES

COMPILING = sorted(FIXTURES.glob("*.py"))
VALIDATOR = jsonschema.Draft202012Validator(schema())


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fluxio_cst", *args], capture_output=True, text=True, input=stdin, check=False
    )


def test_the_schema_is_a_valid_draft_2020_12_schema_shipped_in_the_package() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())
    shipped = resources.files("fluxio_cst.dump").joinpath("project.schema.json")
    assert json.loads(shipped.read_text(encoding="utf-8")) == schema()


@pytest.mark.parametrize("path", COMPILING, ids=[p.stem for p in COMPILING])
def test_every_fixture_dump_validates(path: Path) -> None:
    document = json.loads(json.dumps(dump(fluxio_cst.parse_file(path))))  # every fixture compiles
    errors = sorted(VALIDATOR.iter_errors(document), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["tasks"]["A"].update(extra=1),
        lambda d: d["tasks"]["A"].pop("memory"),
        lambda d: d["state_machines"]["main"].update(is_first_class="yes"),
        lambda d: d.update(format_version=2),
        lambda d: d["tasks"]["A"]["span"].update(column=0),
    ],
    ids=["unknown-field", "missing-field", "wrong-type", "other-version", "0-based-column"],
)
def test_the_schema_refuses_drift(change: Any) -> None:
    document = dump(fluxio_cst.parse_file(FIXTURES / "13_process_events.py"))
    assert VALIDATOR.is_valid(document)
    change(document)
    assert not VALIDATOR.is_valid(document)


def test_the_dump_is_the_model() -> None:
    path = FIXTURES / "07_decorators.py"
    project = fluxio_cst.parse_file(path)
    document = dump(project)
    task = project.tasks["MyTask"]
    assert document["tasks"]["MyTask"] == {
        "service": "lambda",
        "timeout": 300,
        "cpu": 1024,
        "memory": 2048,
        "spec": "",
        "concurrency": 1,
        "heartbeat_interval": None,
        "autoscaling_min": 1,
        "autoscaling_max": 1,
        "build_spec": None,
        "dependencies": [],
        "third_party_dependencies": [],
        "stdlib_dependencies": [],
        "imports": [],
        "run_source": task.run_source,
        "run_module_source": task.run_module_source,
        "span": {"line": 1, "column": 1, "end_line": 3, "end_column": 15},
        "run_span": {"line": 2, "column": 5, "end_line": 3, "end_column": 15},
    }
    for name, machine in project.state_machines.items():
        shown = document["state_machines"][name]
        assert shown["asl"] == machine.to_asl()
        assert [s["key"] for s in shown["task_states"]] == [s.key for s in machine.task_states]
        assert shown["is_first_class"] == machine.is_first_class
    assert document["state_machines"]["main"]["schedule"] == {
        "expression": "rate(1 hour)",
        "input_data": None,
    }
    assert document["state_machines"]["main"]["span"] == {
        "line": 7,
        "column": 1,
        "end_line": 8,
        "end_column": 28,
    }


def test_dependencies_and_warnings_are_dumped() -> None:
    source = (
        "class Fetch(Task):\n"
        "    memroy = 5\n"
        "    async def run(event, context):\n"
        "        import os, requests\n"
        "        return {}\n\n\n"
        "def main(data):\n"
        "    Fetch()\n"
    )
    document = dump(fluxio_cst.parse(source, "project.py"))
    task = document["tasks"]["Fetch"]
    assert (task["dependencies"], task["third_party_dependencies"], task["stdlib_dependencies"]) == (
        ["os", "requests"],
        ["requests"],
        ["os"],
    )
    assert task["imports"] == ["import os, requests"]
    assert [(w["code"], w["line"], w["column"]) for w in document["warnings"]] == [("FX201", 2, 5)]
    assert VALIDATOR.is_valid(document)


def test_the_command_prints_the_dump(tmp_path: Path) -> None:
    path = FIXTURES / "13_process_events.py"
    done = _cli("dump", str(path))
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout) == dump(fluxio_cst.parse_file(str(path)))


def test_the_command_prints_the_schema() -> None:
    done = _cli("dump", "--schema")
    assert done.returncode == 0
    assert json.loads(done.stdout) == json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def test_a_file_that_does_not_compile_prints_its_diagnostics_only(tmp_path: Path) -> None:
    bad = tmp_path / "project.py"
    bad.write_text("def main(data):\n    if data:\n        pass\n", encoding="utf-8")
    done = _cli("dump", str(bad))
    assert done.returncode == 1 and done.stdout == ""
    assert "error[FX405]" in done.stderr


def test_no_file_is_a_usage_error() -> None:
    done = _cli("dump")
    lines: List[str] = done.stderr.splitlines()
    assert done.returncode == 2 and done.stdout == "" and lines, done
    assert "dump: give FILE (or --schema)" in lines[-1]
