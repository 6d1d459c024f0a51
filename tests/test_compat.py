"""fluxio_cst.compat on its own (no old parser needed): the consumer's snippet from issue 12
runs with only its import line changed, errors surface at parse time as the old types, the
caller's tree is left as it was, and the package never imports fluxio_parser. The value-by-value
comparison with the real old parser is tests/differential (nox session ``differential``)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict

import astor
import pytest

import fluxio_cst
from fluxio_cst import compat
from tests.conftest import FIXTURES

# The builder's code as the issue quotes it, for the old parser.
CONSUMER = """\
import astor
from fluxio_parser import parse_project_tree
tree = astor.code_to_ast.parse_file(project_sfn_file)
script_visitor = parse_project_tree(tree)
for task_visitor in script_visitor.task_visitors.values():
    if task_visitor.attributes["service"] == "ecs:worker":
        module, _ = task_visitor.attributes["spec"].split(":")
"""
SWITCHED = CONSUMER.replace("from fluxio_parser import", "from fluxio_cst.compat import")


def test_the_consumer_runs_with_only_its_import_line_changed() -> None:
    changed = [pair for pair in zip(CONSUMER.splitlines(), SWITCHED.splitlines()) if pair[0] != pair[1]]
    assert len(changed) == 1
    names: Dict[str, Any] = {"project_sfn_file": str(FIXTURES / "03_ecs_worker_map.py")}
    exec(compile(SWITCHED, "<consumer>", "exec"), names)  # the builder's snippet, not a project file
    assert names["module"] == "ns_worker_test.worker"


def test_errors_surface_at_parse_time_as_both_exception_types() -> None:
    with pytest.raises(compat.UnsupportedOperation) as raised:
        compat.parse_project_tree("class Foo(Task):\n    service = 'nope'\n")
    assert isinstance(raised.value, compat.SFNError)
    assert isinstance(raised.value, fluxio_cst.FluxioError)
    assert isinstance(raised.value, AssertionError)
    assert raised.value.errors and "nope" in str(raised.value)


def test_the_callers_tree_is_not_changed() -> None:
    tree = ast.parse((FIXTURES / "25_imports_anywhere_run_last.py").read_bytes())
    before = ast.dump(tree)
    script = compat.parse_project_tree(tree)
    assert ast.dump(tree) == before
    run = script.task_visitors["BuildReport"].run_method
    assert run is not None and "import" not in astor.to_source(run)
    assert script.task_visitors["BuildReport"].run_visitor.import_nodes


def test_a_path_keeps_positions_and_text_is_accepted() -> None:
    path = FIXTURES / "01_single_task.py"
    from_path = compat.parse_project_tree(path)
    from_text = compat.parse_project_tree(path.read_text(encoding="utf-8"), replace_empty_except=False)
    (task,) = from_path.task_visitors.values()
    assert task.run_method is not None
    assert task.run_method.lineno == fluxio_cst.parse_file(str(path)).tasks["FetchOrder"].run_span.line
    assert list(from_text.task_visitors) == list(from_path.task_visitors)


def test_other_inputs_are_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"ast\.Module"):
        compat.parse_project_tree(42)  # type: ignore[arg-type]


def test_the_old_attribute_keys_and_task_state_fields() -> None:
    script = compat.parse_project_tree(FIXTURES / "55_codebuild_env.py")
    task = script.task_visitors["BuildImage"]
    assert list(task.attributes) == list(compat.tasks.ATTRIBUTE_ORDER)
    machine = script.state_machine_visitors["main"]
    assert machine.cf_logical_id == "MainStateMachineStack"
    assert machine.attributes == {"service": "state-machine"}
    state = next(s for s in machine.task_states if s.key == "Build unicode args")
    assert state.task_definition_name == "BuildImage"
    assert state.variable_names == {"CodeBuildProjectNameBuildImage"}
    assert state.options["env"] == {"STAGE": "prod", "TAG": "latest"} and state.options["timeout"] == 1200
    assert state.options["build_arg_vars"]["CITY"] == "東京"
    assert state.to_dict() == machine.to_dict()["States"]["Build unicode args"]
    retried = next(s for s in machine.task_states if s.key == "Build with args")
    retries = [(r.on_exceptions, r.interval, r.max_attempts) for r in retried.retries]
    assert retries == [(["States.TaskFailed"], 60, 2)]
    assert [c.to_dict()["Next"] for c in retried.catches] == ["Build failed"]


def test_the_package_never_imports_the_old_parser() -> None:
    package = Path(compat.__file__).parent
    for module in package.glob("*.py"):
        assert not re.search(r"^\s*(from|import)\s+fluxio_parser", module.read_text(encoding="utf-8"), re.M)
    fixture = str(FIXTURES / "01_single_task.py")
    probe = "import pathlib, sys; from fluxio_cst.compat import parse_project_tree as p;"
    probe += f" p(pathlib.Path({fixture!r})); print('fluxio_parser' in sys.modules)"
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "False"


def test_the_old_exception_can_be_raised_the_old_way() -> None:
    node = ast.parse("data['x'] = parallel()").body[0]
    with pytest.raises(compat.UnsupportedOperation) as raised:
        compat.assert_supported_operation(False, "Not here.", node)
    assert raised.value.node is node and raised.value.diagnostics == ()
    assert (
        str(raised.value)
        == raised.value.render()
        == ("Not here.\n\nProvided (Line 1, Column 0):\n\ndata['x'] = parallel()")
    )
    assert isinstance(raised.value, fluxio_cst.FluxioError)
    assert str(compat.UnsupportedOperation("No node", None)) == "No node"
    compat.assert_supported_operation(True, "never raised", node)
