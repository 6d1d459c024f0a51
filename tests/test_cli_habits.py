"""The command-line habits people reach for without thinking, through a real subprocess:
``--version``, a subcommand's own usage for an unknown flag, ``-q``, repeated
``--state-machine``, ``graph --all``, ``-`` for standard input and ``-o FILE``."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import List, Optional, Tuple

import pytest

from tests.conftest import FIXTURES

PARALLEL = str(FIXTURES / "06_parallel_wait_pass.py")
SINGLE = str(FIXTURES / "01_single_task.py")


def cli(argv: List[str], stdin: Optional[str] = None, cwd: Optional[Path] = None) -> Tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "fluxio_cst", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )
    return done.returncode, done.stdout, done.stderr


def test_version_is_the_installed_distributions() -> None:
    assert cli(["--version"]) == (0, f"fluxio-cst {metadata.version('fluxio-cst')}\n", "")


def test_an_unknown_flag_after_a_subcommand_prints_that_subcommands_usage() -> None:
    status, out, err = cli(["check", SINGLE, "--bogus"])
    assert (status, out) == (2, "")
    assert err.startswith("usage: fluxio-cst check ")
    assert err.endswith("fluxio-cst check: error: unrecognized arguments: --bogus\n")


def test_an_unknown_flag_of_a_codemod_prints_the_codemods_usage() -> None:
    status, _, err = cli(["codemod", "fix", SINGLE, "--bogus"])
    assert status == 2 and err.startswith("usage: fluxio-cst codemod fix ")


def test_every_argument_and_command_has_help() -> None:
    from fluxio_cst.cli.parser import build

    parser = build(True, lambda name: lambda args, out, err: 0)
    pending = [parser]
    while pending:
        current = pending.pop()
        for action in current._actions:
            assert action.help, f"{current.prog}: {action.option_strings or action.dest} has no help"
            if isinstance(action, argparse._SubParsersAction):
                pending.extend(action.choices.values())
                helped = len(action._choices_actions)
                assert helped == len(action.choices), f"{current.prog}: a command without help"


def test_quiet_check_prints_the_problems_only(tmp_path: Path) -> None:
    assert cli(["check", "-q", SINGLE]) == (0, "", "")
    status, out, _ = cli(["check", SINGLE])
    assert (status, out) == (0, "0 error(s), 0 warning(s) in 1 file(s)\n")
    bad = tmp_path / "project.py"
    bad.write_text("def main(data):\n    for x in data:\n        pass\n")
    status, quiet, _ = cli(["check", "--quiet", str(bad)])
    status_loud, loud, _ = cli(["check", str(bad)])
    assert status == status_loud == 1
    assert loud == quiet + "1 error(s), 0 warning(s) in 1 file(s)\n"


def test_quiet_migrate_prints_the_findings_only() -> None:
    status, out, _ = cli(["migrate", "-q", SINGLE])
    _, loud, _ = cli(["migrate", SINGLE])
    assert status == 0 and loud.startswith(out) and loud[len(out) :].count("\n") == 1
    assert "difference(s) from fluxio-parser" in loud[len(out) :]


def test_state_machine_repeats_in_the_order_given() -> None:
    status, out, _ = cli(["compile", PARALLEL, "--state-machine", "branch2", "--state-machine", "branch1"])
    assert status == 0 and list(json.loads(out)) == ["branch2", "branch1"]
    status, out, _ = cli(["graph", PARALLEL, "--state-machine", "branch1", "--state-machine", "branch2"])
    assert status == 0 and out.startswith("flowchart TD\n")
    assert "branch1" in out and "branch2" in out and "main" not in out


def test_graph_all_draws_every_machine_each_a_subgraph() -> None:
    status, first_class, _ = cli(["graph", PARALLEL])
    assert status == 0 and "subgraph" not in first_class.splitlines()[1]
    status, out, _ = cli(["graph", PARALLEL, "--all"])
    assert status == 0 and out.startswith("flowchart TD\n")
    top = [line.split("[")[0].strip() for line in out.splitlines() if line.startswith("    subgraph ")]
    assert len(top) == 3 and len(set(top)) == 3
    status, dot, _ = cli(["graph", PARALLEL, "--all", "--format", "dot"])
    assert status == 0 and dot.count('subgraph "cluster_m_') == 3


def test_output_writes_the_document_to_a_file_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "asl.json"
    target.write_text("old")
    target.chmod(0o640)
    _, printed, _ = cli(["compile", SINGLE])
    assert cli(["compile", SINGLE, "-o", str(target)]) == (0, "", "")
    assert target.read_text() == printed and (target.stat().st_mode & 0o777) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["asl.json"]  # no temporary left


def test_output_of_each_document_command(tmp_path: Path) -> None:
    for argv in (
        ["graph", SINGLE],
        ["migrate", "--format", "json", SINGLE],
        ["check", "--format", "sarif", SINGLE],
    ):
        target = tmp_path / f"{argv[0]}.out"
        _, printed, _ = cli(argv)
        assert cli([*argv, "--output", str(target)]) == (0, "", "")
        assert target.read_text() == printed


def test_output_is_not_written_when_the_command_fails(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def main(data):\n    for x in data:\n        pass\n")
    target = tmp_path / "asl.json"
    target.write_text("old")
    status, out, err = cli(["compile", str(bad), "-o", str(target)])
    assert (status, out) == (1, "") and "error[FX301]" in err
    assert target.read_text() == "old"


def test_output_that_cannot_be_written_or_is_an_input_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing" / "asl.json"
    assert cli(["compile", SINGLE, "-o", str(missing)]) == (
        2,
        "",
        f"fluxio-cst: error: {missing}: cannot write: No such file or directory\n",
    )
    project = tmp_path / "project.py"
    project.write_text(Path(SINGLE).read_text())
    status, _, err = cli(["compile", str(project), "-o", str(project)])
    assert (
        status == 2
        and err == f"fluxio-cst: error: {project}: is the project file {project} itself; nothing written\n"
    )
    assert project.read_text() == Path(SINGLE).read_text()


SYNC_RUN = FIXTURES / "errors" / "FX206_sync_run.py"
WARNING = FIXTURES / "errors" / "FX409_compare_two_references.py"


def test_a_dash_reads_standard_input_shown_as_stdin() -> None:
    status, out, _ = cli(["check", "-"], stdin=WARNING.read_text())
    assert status == 0 and out.startswith("<stdin>:7:8: warning[FX409]: ")
    assert out.endswith("0 error(s), 1 warning(s) in 1 file(s)\n")
    status, out, _ = cli(["check", "-", "--stdin-filename", "src/project.py"], stdin=WARNING.read_text())
    assert status == 0 and out.startswith("src/project.py:7:8: warning[FX409]: ")


def test_a_dash_among_files_is_read_in_order_by_any_number_of_jobs() -> None:
    alone = cli(["check", str(WARNING), SINGLE])[1].replace(str(WARNING), "<stdin>")
    for jobs in ("1", "2"):
        assert cli(["check", "-j", jobs, "-", SINGLE], stdin=WARNING.read_text()) == (0, alone, "")


def test_compile_graph_and_migrate_read_standard_input() -> None:
    source = Path(SINGLE).read_text()
    for argv in (["compile"], ["graph"], ["migrate", "--format", "json"]):
        status, out, err = cli([*argv, SINGLE])
        assert cli([*argv, "-"], stdin=source) == (status, out.replace(SINGLE, "<stdin>"), err)
    status, out, _ = cli(["compile", "-", SINGLE], stdin=source)
    assert status == 0 and list(json.loads(out)) == ["<stdin>", SINGLE]


def test_extract_reads_standard_input(tmp_path: Path) -> None:
    status, out, _ = cli(["extract", "-", "--out", str(tmp_path)], stdin=Path(SINGLE).read_text())
    assert status == 0 and out.startswith("wrote ") and any(tmp_path.iterdir())


def test_an_invalid_standard_input_is_located_at_its_name() -> None:
    status, _, err = cli(
        ["compile", "-", "--stdin-filename", "p.py"],
        stdin="def main(data):\n    for x in data:\n        pass\n",
    )
    assert status == 1 and err.startswith("p.py:2:5: error[FX301]: ")


def test_check_fix_of_standard_input_prints_the_fixed_text_and_touches_no_file(tmp_path: Path) -> None:
    source = SYNC_RUN.read_text()
    status, out, err = cli(["check", "--fix", "-"], stdin=source, cwd=tmp_path)
    assert (status, out) == (0, source.replace("    def run", "    async def run"))
    assert err == "0 error(s), 0 warning(s) in 1 file(s)\nFixed 1 problem(s)\n"
    assert list(tmp_path.iterdir()) == []
    status, out, err = cli(["check", "--fix", "-q", "-"], stdin=out)
    assert (status, out, err) == (0, source.replace("    def run", "    async def run"), "")
    status, diff, _ = cli(["check", "--diff", "-"], stdin=source)
    assert status == 1 and diff.startswith("--- a/<stdin>\n+++ b/<stdin>\n")


def test_check_fix_of_standard_input_with_other_paths_is_a_usage_error() -> None:
    status, out, err = cli(["check", "--fix", "-", SINGLE], stdin="")
    assert (status, out) == (2, "")
    assert err == "fluxio-cst: error: `-` is fixed alone: its fixed text is what standard output prints\n"


TASK = "class FetchOrder(Task):\n{body}    async def run(event, context):\n        return\n\n\n"


@pytest.mark.parametrize(
    ("source", "ending"),
    [
        (TASK.format(body="    memroy = 512\n") + "def main(data):\n    FetchOrder()\n", "`memory`?"),
        (TASK.format(body="") + "def main(data):\n    FetchOrdr()\n", "`FetchOrder`?"),
        (TASK.format(body="") + "def main(data):\n    FetchOrder(timout=3)\n", "`timeout`?"),
        (TASK.format(body="") + "@schedul()\ndef main(data):\n    FetchOrder()\n", "`schedule`?"),
    ],
    ids=["attribute", "task", "keyword", "decorator"],
)
def test_a_misspelt_name_ends_with_did_you_mean(source: str, ending: str) -> None:
    _, out, _ = cli(["check", "-q", "--format", "json", "-"], stdin=source)
    (diagnostic,) = json.loads(out)
    assert diagnostic["message"].endswith(f"; did you mean {ending}")


def test_no_guess_when_no_name_is_close() -> None:
    source = TASK.format(body="") + "def main(data):\n    Unrelated()\n"
    _, out, _ = cli(["check", "-q", "--format", "json", "-"], stdin=source)
    (diagnostic,) = json.loads(out)
    assert diagnostic["message"] == "`Unrelated` is not a Task class or state machine function of this file"
