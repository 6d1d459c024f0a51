"""The Task services' own API, asked directly: the registry, the call rules, the variables.

Each service answers for its Resource, Parameters, variables and rules; these tests check the
answers against what a whole compile produces today (the goldens and the diagnostics catalogue
check the compile itself), so that callers can ask the services instead of naming them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import libcst as cst
import pytest

import fluxio_cst
from fluxio_cst import graph, values
from fluxio_cst.codes import Code
from fluxio_cst.options import KEY, MAX_SECONDS, POSITIVE_INT, Option, read_options
from fluxio_cst.report import Reporter
from fluxio_cst.services import (
    CALL_OPTIONS,
    NESTED,
    SERVICES,
    TASK_SERVICES,
    CallSite,
    TaskClass,
    check_attributes,
    check_call,
)
from tests.conftest import FIXTURES

_VARIABLE = re.compile(r"\$\{([A-Za-z0-9_:.]+)\}")  # emit/program.py's: what a state's text uses
_SCHEMA = {"key": Option((KEY,)), "timeout": Option((POSITIVE_INT,), maximum=MAX_SECONDS), **CALL_OPTIONS}
_CALL_CODES = {Code.NO_RESULT.value, Code.IGNORED_INPUT.value, Code.SERVICE_OPTION.value}

_CALLS = """
from fluxio import Task


class Fn(Task):
    async def run(event, context):
        return event


class Box(Task):
    service = "ecs"
    memory = 2048

    async def run(event, context):
        return event


class Worker(Task):
    service = "ecs:worker"
    spec = "pkg.mod:Worker"
    memory = 2048


class Build(Task):
    service = "codebuild"

    async def run(event, context):
        return event


def main(data):
    data["a"] = Fn(data["in"], env={"X": "1"}, build_arg_vars={"k": 1})
    data["b"] = Box(data["a"], key="box")
    Box(build_arg_vars={})
    data["c"] = Worker(data["b"])
    data["d"] = Build(data["c"], env={"STAGE": "prod", "REF": data["ref"]}, build_arg_vars={"v": [1]})
    Build(timeout=60)
"""


def test_the_registry_serves_every_name_a_user_may_write_in_order() -> None:
    assert TASK_SERVICES == (
        "lambda",
        "lambda:container",
        "lambda:pexpm-runner",
        "ecs",
        "ecs:worker",
        "codebuild",
    )
    assert set(SERVICES) == {*TASK_SERVICES, NESTED}
    for name, service in SERVICES.items():
        assert name in service.names
    assert list(CALL_OPTIONS) == ["env", "build_arg_vars"]


def _task_calls(module: cst.Module) -> List[Tuple[cst.Call, Optional[str]]]:
    """Each call statement of ``main`` and the path its result is stored at."""
    main = next(s for s in module.body if isinstance(s, cst.FunctionDef))
    found = []
    for line in main.body.body:
        assert isinstance(line, cst.SimpleStatementLine)
        small = line.body[0]
        if isinstance(small, cst.Assign):
            assert isinstance(small.value, cst.Call)
            found.append((small.value, values.data_path(small.targets[0].target)))
        else:
            assert isinstance(small, cst.Expr) and isinstance(small.value, cst.Call)
            found.append((small.value, None))
    return found


def _callee(call: cst.Call) -> str:
    assert isinstance(call.func, cst.Name)
    return call.func.value


def test_the_call_rules_warn_as_a_compile_does() -> None:
    project = fluxio_cst.parse(_CALLS)
    reporter = Reporter(project.source)
    for call, result_path in _task_calls(project.module):
        options = read_options(call, _SCHEMA, reporter, "call")
        assert options is not None
        check_call(CallSite(project.tasks[_callee(call)], call, result_path), options, reporter)
    compiled = [w for w in project.warnings if w.code in _CALL_CODES]
    assert [d.code for d in compiled] == ["FX312", "FX312", "FX321", "FX312", "FX321", "FX322"]
    assert reporter.diagnostics() == tuple(compiled)


def test_each_service_completes_its_call_as_the_emitted_state_has_it() -> None:
    project = fluxio_cst.parse(_CALLS)
    machine = project.state_machines["main"]
    emitted = {str(state["Key"]): state for state in _states(machine.to_asl())}
    reporter = Reporter(project.source)
    for (call, result_path), task_state in zip(_task_calls(project.module), machine.task_states):
        options = read_options(call, _SCHEMA, reporter, "call")
        assert options is not None
        task = project.tasks[_callee(call)]
        service = check_call(CallSite(task, call, result_path), options, reporter)
        state = service.with_options(_bare(task.name, call), options)
        assert service.parameters(state, False) == emitted[task_state.key]["Parameters"]


def _bare(target: str, call: cst.Call) -> graph.TaskCall:
    """The state of ``call`` before its service's options are filled in."""
    written = [a for a in call.args if a.keyword is None]
    input_path = values.data_path(written[0].value) if written else "$"
    return graph.TaskCall(graph.KeySource(target, call), target, "", input_path, None, 300)


def _states(asl: Dict[str, object]) -> List[Dict[str, object]]:
    """Every Task state of a machine (iterators and branches included), with its name as "Key"."""
    found: List[Dict[str, object]] = []
    pending = [asl]
    while pending:
        machine = pending.pop()
        for name, state in machine["States"].items():  # type: ignore[attr-defined]
            if state["Type"] == "Task":
                found.append({**state, "Key": name})
            pending.extend(state.get("Branches", []))
            if "Iterator" in state:
                pending.append(state["Iterator"])
    return found


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.py")), ids=lambda p: p.stem)
def test_each_service_declares_the_variables_its_states_use(path: Path) -> None:
    """``task_states`` reads the variables off the emitted text; each service declares them."""
    project = fluxio_cst.parse_file(path)
    for machine in project.state_machines.values():
        for task_state in machine.task_states:
            call = graph.TaskCall(
                graph.KeySource(task_state.key, cst.Pass()),
                task_state.target,
                task_state.service,
                "$",
                None,
                1,
            )
            assert SERVICES[task_state.service].variables(call) == task_state.variable_names


def test_the_attribute_rules_of_each_service() -> None:
    project = fluxio_cst.parse(_CALLS)
    worker = project.tasks["Worker"].node
    reporter = Reporter(project.source)
    attributes = {"service": "ecs:worker", "cpu": 300, "memory": 2048, "spec": "", "build_spec": {}}
    check_attributes(TaskClass(attributes, {}, worker.name, has_run=False), reporter)
    assert [(d.code, d.message) for d in reporter.diagnostics()] == [
        ("FX209", "ECS `cpu` must be one of 256, 512, 1024, 2048, 4096"),
        ("FX212", 'an `ecs:worker` task needs `spec = "package.module:Class"`'),
        ("FX213", "`build_spec` is for codebuild tasks only"),
    ]
    reporter = Reporter(project.source)
    attributes = {"service": "lambda", "memory": 100, "build_spec": None}
    check_attributes(TaskClass(attributes, {}, worker.name, has_run=False), reporter)
    assert [d.code for d in reporter.diagnostics()] == ["FX211", "FX205"]
    reporter = Reporter(project.source)
    check_attributes(TaskClass({"service": "sqs", "build_spec": None}, {}, worker.name, False), reporter)
    assert reporter.diagnostics() == ()  # an unknown service: UNKNOWN_SERVICE said it all


def test_a_codebuild_env_name_written_twice_is_one_variable_as_python_reads_the_dict() -> None:
    source = """class Build(Task):
    service = "codebuild"
    build_spec = {"version": 0.2, "phases": {}}

    async def run(event, context):
        return event


def main(data):
    Build(key="b", env={"A": "1", "B": data["b"], "A": data["a"], "B": "2"})
"""
    state = fluxio_cst.parse(source).state_machines["main"].to_asl()["States"]["b"]
    assert state["Parameters"]["EnvironmentVariablesOverride"] == [
        {"Name": "A", "Value.$": "$['a']"},
        {"Name": "B", "Value": "2"},
        {"Name": "BUILD_ARG_VARS", "Value": "{}"},
    ]
