"""The pipeline's promises: ``parse_module`` keeps the caller's tree, and every diagnostic comes
from ``parse`` (so ``to_asl`` never raises and returns a fresh copy each time)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List

import libcst as cst
import pytest

import fluxio_cst
from fluxio_cst.source import _child_nodes

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "fixtures").glob("*.py"))
BAD_FILES = sorted((ROOT / "fixtures" / "errors").glob("*.py"))

PROGRAM = """\
class Fetch(Task):
    async def run(event, context):
        return event


def child(data):
    data["x"] = Fetch(data["in"], key="Fetch")


def main(data):
    child(data)
"""


def _tree(path: Path) -> cst.Module:
    return cst.parse_module(path.read_bytes())


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_parse_module_compiles_every_fixture_as_parse_does(path: Path) -> None:
    module = _tree(path)
    from_tree = fluxio_cst.parse_module(module, str(path))
    from_file = fluxio_cst.parse_file(path)
    assert from_tree.module is module
    assert set(from_tree.state_machines) == set(from_file.state_machines)
    for name, machine in from_tree.state_machines.items():
        assert machine.to_asl() == from_file.state_machines[name].to_asl()
        assert machine.task_states == from_file.state_machines[name].task_states
    for name, task in from_tree.tasks.items():
        assert task.run_source == from_file.tasks[name].run_source
    assert from_tree.warnings == from_file.warnings


def test_the_models_nodes_are_the_callers() -> None:
    module = cst.parse_module(PROGRAM)
    project = fluxio_cst.parse_module(module)
    fetch, child, main = module.body
    assert project.tasks["Fetch"].node is fetch
    assert project.tasks["Fetch"].run_node is fetch.body.body[0]
    assert project.state_machines["child"].node is child
    assert project.state_machines["main"].node is main
    assert project.path == "<string>"


class _RenameTask(cst.CSTTransformer):
    """A codemod written against the model: it finds the class by the model's node identity."""

    def __init__(self, project: fluxio_cst.Project) -> None:
        super().__init__()
        self.target = project.tasks["Fetch"].node

    def leave_ClassDef(self, original_node: cst.ClassDef, updated_node: cst.ClassDef) -> cst.ClassDef:
        if original_node is self.target:
            return updated_node.with_changes(name=cst.Name("Load"))
        return updated_node


def test_a_transformer_finds_the_models_nodes_in_its_own_tree() -> None:
    module = cst.parse_module(PROGRAM)
    renamed = module.visit(_RenameTask(fluxio_cst.parse_module(module)))
    assert renamed.code == PROGRAM.replace("class Fetch(Task)", "class Load(Task)", 1)


def test_parse_module_reports_like_parse() -> None:
    source = PROGRAM.replace("child(data)\n", "undefined_thing(data)\n")
    with pytest.raises(fluxio_cst.FluxioError) as from_text:
        fluxio_cst.parse(source, "project.py")
    with pytest.raises(fluxio_cst.FluxioError) as from_tree:
        fluxio_cst.parse_module(cst.parse_module(source), "project.py")
    assert from_tree.value.diagnostics == from_text.value.diagnostics


@pytest.mark.parametrize("bad", [PROGRAM, b"x", None, cst.parse_expression("x")])
def test_parse_module_takes_a_module(bad: object) -> None:
    with pytest.raises(TypeError, match=r"parse_module\(\) takes a libcst\.Module"):
        fluxio_cst.parse_module(bad)  # type: ignore[arg-type]


def test_parse_module_refuses_what_the_cpython_gate_refuses() -> None:
    """A tree built by a program (not parsed) gets the checks LibCST's parser does not make."""
    deep = "x" + " + x" * 5
    for _ in range(250):
        deep = f"[{deep}]"
    module = cst.parse_module(PROGRAM + f"\n\ndef other(data):\n    data['y'] = {deep}\n")
    with pytest.raises(fluxio_cst.FluxioError) as info:
        fluxio_cst.parse_module(module)
    assert [d.code for d in info.value.diagnostics] == ["FX004"]


def _outcomes(path: Path) -> List[str]:
    try:
        project = fluxio_cst.parse_file(path)
    except fluxio_cst.FluxioError as exc:
        return [d.code for d in exc.diagnostics]
    for machine in project.state_machines.values():
        machine.to_asl()  # never raises: everything was said by parse
        machine.task_states  # noqa: B018 - computed by parse, a plain field
    return [d.code for d in project.warnings]


@pytest.mark.parametrize("path", BAD_FILES, ids=[p.stem for p in BAD_FILES])
def test_every_bad_file_is_rejected_or_warned_by_parse_itself(path: Path) -> None:
    expected = json.loads(path.with_name(path.stem + ".diagnostics.json").read_text(encoding="utf-8"))
    assert _outcomes(path) == [d["code"] for d in expected]


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_to_asl_is_a_fresh_copy_every_time(path: Path) -> None:
    for machine in fluxio_cst.parse_file(path).state_machines.values():
        first = machine.to_asl()
        first["States"].clear()
        first["StartAt"] = "changed"
        assert machine.to_asl() != first
        assert machine.to_asl() == machine.to_asl()


def test_the_fast_walk_finds_libcsts_own_children() -> None:
    """Positions find a node's statement by walking dataclass fields, not ``node.children``:
    the same nodes, on every fixture LibCST reads (the bad files with syntax errors it cannot)."""
    walked = 0
    for path in FIXTURES + BAD_FILES:
        try:
            module = _tree(path)
        except (cst.ParserSyntaxError, UnicodeDecodeError, LookupError, SyntaxError, RecursionError):
            continue
        stack: List[cst.CSTNode] = [module]
        while stack:
            node = stack.pop()
            children = _child_nodes(node)
            assert sorted(map(id, children)) == sorted(map(id, node.children)), (path.name, type(node))
            stack.extend(children)
        walked += 1
    assert walked >= len(FIXTURES + BAD_FILES) - 20  # only files with syntax or decoding errors are left
