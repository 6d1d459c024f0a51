"""The pipeline's promises: ``parse_module`` keeps the caller's tree, and every diagnostic comes
from ``parse`` (so ``to_asl`` never raises and returns a fresh copy each time)."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Callable, List

import libcst as cst
import pytest

import fluxio_cst
from fluxio_cst.syntax import child_nodes

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
            children = child_nodes(node)
            assert sorted(map(id, children)) == sorted(map(id, node.children)), (path.name, type(node))
            stack.extend(children)
        walked += 1
    assert walked >= len(FIXTURES + BAD_FILES) - 20  # only files with syntax or decoding errors are left


# --- A tree must be a tree, and read back as itself -------------------------------------------

RUN_BREAK = (
    "class Foo(Task):\n    async def run(event, context):\n        break\n\n\ndef main(data):\n    Foo()\n"
)


def _codes(compile_: Callable[[], fluxio_cst.Project]) -> List[str]:
    try:
        project = compile_()
    except fluxio_cst.FluxioError as exc:
        return [d.code for d in exc.diagnostics]
    return [d.code for d in project.warnings]


def _with_statement_first(source: str, statement: cst.BaseStatement) -> cst.Module:
    module = cst.parse_module(source)
    return module.with_changes(body=(statement, *module.body))


@pytest.mark.parametrize(
    "module",
    [
        # a NUL byte, in a string of run and in a comment: parse says FX001, so does the tree
        cst.parse_module(PROGRAM.replace("return event", 'return "a\x00b"')),
        cst.parse_module(PROGRAM.replace("return event", "return event  # \x00")),
        # code that is not Python: behind it, CPython's checks of `run` would not run
        _with_statement_first(RUN_BREAK, cst.SimpleStatementLine([cst.Expr(cst.Name("if"))])),
        cst.parse_module(PROGRAM).with_changes(default_newline="x"),
        _with_statement_first(PROGRAM, cst.Expr(cst.Name("x"))),  # type: ignore[arg-type]
    ],
    ids=["nul-in-run", "nul-in-comment", "break-behind-bad-code", "newline-x", "glued-statement"],
)
def test_a_tree_whose_code_is_not_valid_python_is_fx001(module: cst.Module) -> None:
    assert _codes(lambda: fluxio_cst.parse_module(module)) == ["FX001"]


class _Rename(cst.CSTTransformer):
    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return updated_node.with_changes(value="class") if original_node.value == "event" else updated_node


class _Unparenthesised(cst.CSTTransformer):
    """``(a or b) and c`` built without the parentheses: its code reads ``a or (b and c)``."""

    def leave_BooleanOperation(
        self, original_node: cst.BooleanOperation, updated_node: cst.BooleanOperation
    ) -> cst.BaseExpression:
        return (
            updated_node.with_changes(lpar=(), rpar=())
            if isinstance(updated_node.operator, cst.Or)
            else updated_node
        )


CONDITION = PROGRAM.replace(
    "    child(data)\n",
    '    if (data["a"] == 1 or data["b"] == 2) and data["c"] == 3:\n        child(data)\n',
)


@pytest.mark.parametrize(
    "transformer, source", [(_Rename(), PROGRAM), (_Unparenthesised(), CONDITION)], ids=["keyword", "parens"]
)
def test_a_transformed_tree_that_does_not_read_back_is_fx001(
    transformer: cst.CSTTransformer, source: str
) -> None:
    module = cst.parse_module(source).visit(transformer)
    with pytest.raises(fluxio_cst.FluxioError) as info:
        fluxio_cst.parse_module(module)
    assert [d.code for d in info.value.diagnostics] == ["FX001"]
    assert "does not read back as itself" in info.value.diagnostics[0].message or "invalid Python" in str(
        info.value
    )


def test_a_tree_holding_one_node_twice_is_fx001() -> None:
    module = cst.parse_module(PROGRAM)
    fetch, child, main = module.body
    twice = module.with_changes(body=(fetch, child, main, fetch.with_changes(name=cst.Name("Other"))))
    shared = twice.body[3]
    assert isinstance(shared, cst.ClassDef) and shared.body is fetch.body  # the same `run` node twice
    with pytest.raises(fluxio_cst.FluxioError) as info:
        fluxio_cst.parse_module(twice)
    [diagnostic] = info.value.diagnostics
    assert (diagnostic.code, diagnostic.line) == ("FX001", 12)  # the statement using it again
    assert "node object twice" in diagnostic.message


@pytest.mark.parametrize("depth", [150, 250])
def test_a_deep_built_tree_is_fx004(depth: int) -> None:
    """Built, not parsed: LibCST's parser never saw it, the gate measures it all the same."""
    value: cst.BaseExpression = cst.Integer("1")
    for _ in range(depth):
        value = cst.List([cst.Element(value)])
    other = cst.parse_module("def other(data):\n    data['y'] = 1\n").body[0].visit(_Replace(value))
    module = cst.parse_module(PROGRAM)
    module = module.with_changes(body=(*module.body, other))
    assert _codes(lambda: fluxio_cst.parse_module(module)) == ["FX004"]


class _Replace(cst.CSTTransformer):
    def __init__(self, value: cst.BaseExpression) -> None:
        super().__init__()
        self.value = value

    def leave_Integer(self, original_node: cst.Integer, updated_node: cst.Integer) -> cst.BaseExpression:
        return self.value


# --- Files CPython refuses and LibCST reads: CPython's checks run on LibCST's rendering -------

STRAY = "class T(Task):\n    async def run(event, context):\n        x = 1\n       \\\n return x\n\n\n"


def test_a_break_in_run_behind_a_stray_backslash_is_fx001() -> None:
    source = STRAY + RUN_BREAK.replace("Foo()", "T()\n    Foo()")
    assert _codes(lambda: fluxio_cst.parse(source)) == ["FX001"]


@pytest.mark.parametrize("depth", [188, 201, 240])
def test_deep_brackets_behind_a_stray_backslash_are_fx004(depth: int) -> None:
    source = STRAY + 'def main(data):\n    data["c"] = ' + "[" * depth + "1" + "]" * depth + "\n"
    assert _codes(lambda: fluxio_cst.parse(source)) == ["FX004"]


def test_a_path_holding_a_nul_is_only_a_name() -> None:
    project = fluxio_cst.parse(PROGRAM, path="x\x00.py")
    assert project.state_machines["main"].to_asl()["StartAt"]


def test_copies_of_the_model_are_the_model() -> None:
    project = fluxio_cst.parse(PROGRAM)
    task = project.tasks["Fetch"]
    assert copy.deepcopy(task) is task and copy.copy(task) is task
    assert copy.deepcopy(project) is project
    assert copy.deepcopy(task).span == task.span


def test_to_asl_does_not_depend_on_the_int_digit_limit() -> None:
    big = "1" * 1000
    project = fluxio_cst.parse(PROGRAM.replace("    child(data)\n", f'    data["n"] = {big}\n'))
    limit = getattr(sys, "get_int_max_str_digits", None)
    if limit is not None:
        saved = limit()
        sys.set_int_max_str_digits(640)
        try:
            assert project.state_machines["main"].to_asl()["States"]
        finally:
            sys.set_int_max_str_digits(saved)
    assert str(next(iter(project.state_machines["main"].to_asl()["States"].values()))["Result"]) == big
