"""The public model's guarantees: ordering, read-only literals, dependency lists."""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

import fluxio_cst
from fluxio_cst import stdlib
from tests.conftest import FIXTURES, project_files

CODEBUILD = """\
class Build(Task):
    service = "codebuild"
    build_spec = {"version": 0.2, "phases": {"build": {"commands": ["make", "make test"]}}}

    async def run(event, context):
        import json
        import os.path
        import requests
        from boto3.session import Session
        from . import sibling

        return 1


class Other(Task):
    async def run(event, context):
        import yaml, collections.abc

        return 2


@schedule(expression="rate(1 day)", input_data={"days": [1, 2], "nested": {"k": "v"}})
def main(data):
    Build()
    Other()
"""


def pre_order_tasks(machine: Dict[str, Any]) -> List[str]:
    """The Task state names of an ASL machine in document (pre-)order."""
    found: List[str] = []
    for name, state in machine["States"].items():
        if state["Type"] == "Task":
            found.append(name)
        for nested in [state["Iterator"]] if "Iterator" in state else state.get("Branches", []):
            found.extend(pre_order_tasks(nested))
    return found


@pytest.mark.parametrize("path", project_files(), ids=lambda p: p.stem)
def test_task_states_are_in_asl_pre_order(path: Path) -> None:
    for machine in fluxio_cst.parse_file(path).state_machines.values():
        assert [s.key for s in machine.task_states] == pre_order_tasks(machine.to_asl())


def test_task_states_of_a_map_in_a_parallel() -> None:
    machine = fluxio_cst.parse_file(FIXTURES / "48_parallel_inside_map.py").state_machines["main"]
    keys = [s.key for s in machine.task_states]
    asl = json.dumps(machine.to_asl())
    assert keys == sorted(keys, key=lambda key: asl.index(json.dumps(key) + ": {"))


def test_dependencies_are_sorted_tuples_split_by_the_standard_library() -> None:
    project = fluxio_cst.parse(CODEBUILD)
    build, other = project.tasks["Build"], project.tasks["Other"]
    assert build.dependencies == ("boto3", "json", "os", "requests")
    assert (build.third_party_dependencies, build.stdlib_dependencies) == (
        ("boto3", "requests"),
        ("json", "os"),
    )
    assert other.dependencies == ("collections", "yaml")
    assert project.dependencies == ("boto3", "collections", "json", "os", "requests", "yaml")
    assert project.third_party_dependencies == ("boto3", "requests", "yaml")
    assert project.stdlib_dependencies == ("collections", "json", "os")


def test_python_3_9_uses_the_committed_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "stdlib_module_names", raising=False)
    assert stdlib.stdlib_names() is stdlib.PYTHON_3_10_NAMES
    assert stdlib.is_stdlib("asyncio") and stdlib.is_stdlib("distutils") and not stdlib.is_stdlib("requests")
    project = fluxio_cst.parse(CODEBUILD)
    assert project.third_party_dependencies == ("boto3", "requests", "yaml")


@pytest.mark.skipif(sys.version_info[:2] != (3, 10), reason="the list is 3.10's names; 3.13 removed modules")
def test_the_committed_list_is_python_3_10s() -> None:
    assert len(stdlib.PYTHON_3_10_NAMES) == 303
    if sys.version_info[:2] == (3, 10):
        assert sys.stdlib_module_names == stdlib.PYTHON_3_10_NAMES
    if sys.version_info >= (3, 10):
        common = stdlib.PYTHON_3_10_NAMES & sys.stdlib_module_names  # later versions drop a few
        assert len(common) > 280


MUTATIONS = [
    lambda d: d.__setitem__("x", 1),
    lambda d: d.__delitem__("version"),
    lambda d: d.update(x=1),
    lambda d: d.setdefault("x", 1),
    lambda d: d.pop("version"),
    lambda d: d.popitem(),
    lambda d: d.clear(),
    lambda d: d.__ior__({"x": 1}),
    lambda d: d["phases"]["build"].__setitem__("x", 1),
    lambda d: d["phases"]["build"]["commands"].append("rm -rf /"),
    lambda d: d["phases"]["build"]["commands"].__setitem__(0, "x"),
    lambda d: d["phases"]["build"]["commands"].sort(),
    lambda d: d["phases"]["build"]["commands"].__iadd__(["x"]),
]


@pytest.mark.parametrize("mutate", MUTATIONS)
def test_build_spec_is_read_only(mutate: Any) -> None:
    spec = fluxio_cst.parse(CODEBUILD).tasks["Build"].build_spec
    with pytest.raises(TypeError, match="is read-only"):
        mutate(spec)
    assert spec == {"version": 0.2, "phases": {"build": {"commands": ["make", "make test"]}}}


def test_schedule_input_data_is_read_only() -> None:
    schedule = fluxio_cst.parse(CODEBUILD).state_machines["main"].schedule
    assert schedule is not None and schedule.input_data == {"days": [1, 2], "nested": {"k": "v"}}
    with pytest.raises(TypeError):
        schedule.input_data["days"].append(3)  # type: ignore[index, union-attr]
    with pytest.raises(TypeError):
        schedule.input_data["nested"]["k"] = "w"  # type: ignore[index, call-overload]


def test_read_only_literals_serialise_and_copy() -> None:
    project = fluxio_cst.parse(CODEBUILD)
    spec = project.tasks["Build"].build_spec
    schedule = project.state_machines["main"].schedule
    assert json.dumps(spec) == '{"version": 0.2, "phases": {"build": {"commands": ["make", "make test"]}}}'
    assert dataclasses.asdict(schedule) == {  # type: ignore[arg-type]
        "expression": "rate(1 day)",
        "input_data": {"days": [1, 2], "nested": {"k": "v"}},
    }
    for copied in (copy.copy(spec), copy.deepcopy(spec), pickle.loads(pickle.dumps(spec))):
        assert copied == spec and type(copied) is type(spec)
        with pytest.raises(TypeError):
            copied["x"] = 1  # type: ignore[index]


@pytest.mark.parametrize("name", ["Fetch", "Ünïcode", "Größe", "Données_2"])
def test_a_task_states_variables_are_found_whatever_the_script_of_its_class_name(name: str) -> None:
    source = (
        f"class {name}(Task):\n    async def run(event, context):\n        return event\n\n\n"
        f'def main(data):\n    {name}(key="k")\n'
    )
    (state,) = fluxio_cst.parse(source).state_machines["main"].task_states
    assert state.variable_names == frozenset({f"LambdaFunction{name}"})
