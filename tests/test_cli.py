"""The command line as users run it: a real subprocess for the entry point, ``main`` for the rest."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List, Tuple

import pytest

import fluxio_cst
from fluxio_cst.cli import main
from tests.conftest import FIXTURES, project_files

PROJECT_WITH_A_LOOP = """\
class A(Task):
    async def run(event, context):
        return


def main(data):
    for x in data:
        A()
"""


def run(argv: List[str]) -> Tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, out, err)
    return status, out.getvalue(), err.getvalue()


def test_module_entry_point_compiles_a_fixture() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "fluxio_cst", "compile", str(FIXTURES / "08_nested_state_machine.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    expected = json.loads((FIXTURES / "08_nested_state_machine.expected.json").read_text())
    assert json.loads(done.stdout) == {
        name: machine["asl"] for name, machine in expected["state_machines"].items()
    }
    assert done.stdout.startswith('{\n  "child": {\n    "StartAt"')  # 2-space indent


def test_compile_only_first_class_unless_all() -> None:
    path = str(FIXTURES / "06_parallel_wait_pass.py")
    status, out, _ = run(["compile", path])
    assert status == 0 and list(json.loads(out)) == ["main"]
    status, out, _ = run(["compile", path, "--all"])
    assert status == 0 and list(json.loads(out)) == ["branch1", "branch2", "main"]
    status, out, _ = run(["compile", path, "--state-machine", "branch2"])
    assert status == 0 and list(json.loads(out)) == ["branch2"]


def test_unknown_state_machine_is_a_usage_error() -> None:
    status, out, err = run(["compile", str(FIXTURES / "06_parallel_wait_pass.py"), "--state-machine", "nope"])
    assert (status, out) == (2, "")
    assert "no state machine `nope` (functions: branch1, branch2, main)" in err


def test_invalid_project_exits_1_with_located_error(tmp_path: Path) -> None:
    path = tmp_path / "project.py"
    path.write_text(PROJECT_WITH_A_LOOP)
    status, out, err = run(["compile", str(path)])
    assert (status, out) == (1, "")
    assert err.startswith(f"{path}:7:5: error[FX301]: `for` loops are not part of the DSL")
    assert "Traceback" not in err
    assert "\n        for x in data:\n        ^^^^^^^^^^^^^^\n" in err


def test_syntax_error_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "project.py"
    path.write_text("def main(data):\n    x = = 1\n")
    status, _, err = run(["compile", str(path)])
    assert status == 1
    assert err == (
        f"{path}:2:9: error[FX001]: invalid Python: invalid syntax\n        x = = 1\n            ^\n"
    )


def test_missing_file_exits_2(tmp_path: Path) -> None:
    status, _, err = run(["compile", str(tmp_path / "missing.py")])
    assert status == 2 and "cannot read" in err


def test_usage_error_exits_2() -> None:
    assert run(["compile"])[0] == 2
    assert run(["frobnicate", "x"])[0] == 2


def test_extract_writes_each_run_module_source(tmp_path: Path) -> None:
    status, out, _ = run(["extract", str(FIXTURES / "03_ecs_worker_map.py"), "--out", str(tmp_path / "pkg")])
    assert status == 0
    assert out.splitlines() == [
        f"wrote {tmp_path / 'pkg' / 'GenerateItems.py'}",
        "skipped Worker: no run method (ecs:worker)",
    ]
    written = (tmp_path / "pkg" / "GenerateItems.py").read_bytes().decode("utf-8")
    assert written == (
        "async def run(event, context):\n"
        "    return context.state_data_client.put_items(\n"
        '        "items", [{"name": "sue"}, {"name": "jae"}, {"name": "levi"}]\n'
        "    )\n"
    )
    assert sorted(p.name for p in (tmp_path / "pkg").iterdir()) == ["GenerateItems.py"]  # no temp files


def test_extract_to_an_unwritable_place_exits_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    status, _, err = run(["extract", str(FIXTURES / "01_single_task.py"), "--out", str(blocker / "sub")])
    assert status == 2 and "cannot write" in err


def test_graph_mermaid_of_a_fixture() -> None:
    status, out, _ = run(["graph", str(FIXTURES / "04_choice.py")])
    assert status == 0
    assert out.startswith("flowchart TD\n")
    assert "-->|\"$['foo'] #gt; 0 and $['foo'] #lt; 100\"|" in out
    assert out.endswith("\n")


@pytest.mark.outside_tools
def test_graph_dot_is_read_by_graphviz() -> None:
    status, out, _ = run(["graph", str(FIXTURES / "58_order_pipeline.py"), "--format", "dot"])
    assert status == 0 and out.startswith("digraph ")
    dot = shutil.which("dot")
    assert dot is not None, "Graphviz's dot is missing: apt-get install graphviz"
    done = subprocess.run([dot, "-Tsvg"], input=out, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.lstrip().startswith("<?xml")


def test_check_reports_every_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(PROJECT_WITH_A_LOOP)
    good = FIXTURES / "01_single_task.py"
    status, out, _ = run(["check", str(good), str(bad)])
    assert status == 1
    assert f"{bad}:7:5: error[FX301]" in out
    assert out.rstrip().endswith("1 error(s), 0 warning(s) in 2 file(s)")
    status, out, _ = run(["check", str(bad), "--format", "json"])
    assert status == 1
    [diagnostic] = json.loads(out)
    assert diagnostic["code"] == "FX301" and (diagnostic["line"], diagnostic["column"]) == (7, 5)


def test_internal_error_is_reported_never_emitted(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine the built-in validator rejects is our bug: an FX901 diagnostic, no ASL."""
    from fluxio_cst import graph
    from fluxio_cst.dsl import registry
    from fluxio_cst.dsl.wiring import Emitted

    broken = Emitted(({"Type": "Fail", "Next": "nowhere"},), terminal=True, shared=True)
    monkeypatch.setitem(registry.EMITTERS, graph.Fail, lambda state, wiring: broken)  # type: ignore[index]
    status, out, err = run(["compile", str(FIXTURES / "09_auto_keys.py")])
    assert (status, out) == (1, "")
    assert "error[FX901]: internal error: fluxio_cst compiled `main` to invalid ASL" in err
    assert "please report it" in err


def test_documented_diagram_is_current() -> None:
    """docs/diagrams.md shows the Mermaid diagram of fixture 10 as the command prints it today."""
    readme = (FIXTURES.parent / "docs" / "diagrams.md").read_text(encoding="utf-8")
    status, out, _ = run(["graph", str(FIXTURES / "10_choice_no_else.py")])
    assert status == 0
    assert f"```mermaid\n{out}```" in readme


@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
@pytest.mark.parametrize("path", project_files(), ids=lambda p: p.stem)
def test_graph_works_for_every_fixture(path: Path, fmt: str) -> None:
    """Every first-class machine of every fixture is drawn, in ONE document (a subgraph per
    machine when there are several; the texts' syntax is checked by Mermaid's parser and
    Graphviz in tests/test_diagram.py and tests/test_io.py)."""
    status, out, err = run(["graph", str(path), "--format", fmt])
    assert status == 0, err
    header = "flowchart TD\n" if fmt == "mermaid" else "digraph "
    machines = [m for m in fluxio_cst.parse_file(path).state_machines.values() if m.is_first_class]
    assert out.count(header) == 1 and out.startswith(header) and machines
    if len(machines) > 1:
        for machine in machines:
            label = f'["{machine.name}"]' if fmt == "mermaid" else f'label="{machine.name}";'
            assert label in out
