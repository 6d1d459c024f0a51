"""``[tool.fluxio-cst]`` in pyproject.toml, through a real subprocess: found by walking up from
the checked file (or the current folder for standard input), the first table ends the search,
flags win, and a bad value is a usage error naming the file and the key."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from tests.conftest import FIXTURES

MIXED = (FIXTURES / "errors" / "FX101_logger_call.py").read_text()  # an FX101 warning, an FX302 error
WARNING = (FIXTURES / "errors" / "FX409_compare_two_references.py").read_text()  # one FX409 warning


def cli(argv: List[str], cwd: Path, stdin: Optional[str] = None) -> Tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "fluxio_cst", *argv], capture_output=True, text=True, cwd=cwd, input=stdin
    )
    return done.returncode, done.stdout, done.stderr


def codes(argv: List[str], cwd: Path, stdin: Optional[str] = None) -> List[str]:
    _, out, _ = cli(["check", "--format", "json", *argv], cwd, stdin)
    return [d["code"] for d in json.loads(out)]


def tree(root: Path, files: Dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_the_nearest_table_up_from_the_file_is_used(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "pyproject.toml": '[tool.fluxio-cst]\nignore = ["FX1"]\n',
            "a/pyproject.toml": "[project]\nname = 'a'\n",  # no table: passed over
            "a/b/project.py": MIXED,
            "c/pyproject.toml": '[tool.fluxio-cst]\nselect = ["FX1"]\n',  # the first table ends it
            "c/project.py": MIXED,
        },
    )
    assert codes(["a/b/project.py"], tmp_path) == ["FX302"]
    assert codes(["c/project.py"], tmp_path) == ["FX101"]
    assert codes(["a", "c"], tmp_path) == ["FX302", "FX101"]  # each file its own settings


def test_flags_win_over_the_config(tmp_path: Path) -> None:
    tree(tmp_path, {"pyproject.toml": '[tool.fluxio-cst]\nignore = ["FX1"]\n', "project.py": MIXED})
    assert codes(["project.py"], tmp_path) == ["FX302"]
    assert codes(["--ignore", "FX3", "project.py"], tmp_path) == ["FX101"]


def test_strict_from_the_config(tmp_path: Path) -> None:
    tree(tmp_path, {"project.py": WARNING})
    assert cli(["check", "-q", "project.py"], tmp_path)[0] == 0
    (tmp_path / "pyproject.toml").write_text("[tool.fluxio-cst]\nstrict = true\n")
    assert cli(["check", "-q", "project.py"], tmp_path)[0] == 1


def test_standard_input_looks_from_the_current_folder_or_its_file_name(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "pyproject.toml": '[tool.fluxio-cst]\nignore = ["FX1"]\n',
            "sub/pyproject.toml": "[tool.fluxio-cst]\n",
        },
    )
    assert codes(["-"], tmp_path, MIXED) == ["FX302"]
    assert codes(["-", "--stdin-filename", "sub/project.py"], tmp_path, MIXED) == ["FX101", "FX302"]


def test_include_names_the_files_a_folder_walk_reads(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "pyproject.toml": '[tool.fluxio-cst]\ninclude = ["*.flow.py", "legacy/*.py"]\n',
            "project.py": MIXED,
            "orders.flow.py": WARNING,
            "legacy/old.py": WARNING,
            "other/old.py": WARNING,
        },
    )
    _, out, _ = cli(["check", "-q", "--format", "github", "."], tmp_path)
    files = [line.split("file=")[1].split(",")[0] for line in out.splitlines()]
    assert files == ["./orders.flow.py", "./legacy/old.py"]
    _, out, _ = cli(["compile", "."], tmp_path)
    assert list(json.loads(out)) == ["./orders.flow.py", "./legacy/old.py"]


def test_without_a_config_the_walk_reads_project_files(tmp_path: Path) -> None:
    tree(tmp_path, {"a/project.py": WARNING, "a/project.sfn": WARNING, "a/other.py": WARNING})
    status, out, _ = cli(["compile", "."], tmp_path)
    assert status == 0 and list(json.loads(out)) == ["./a/project.py", "./a/project.sfn"]


def test_a_bad_value_is_a_usage_error_naming_the_file_and_key(tmp_path: Path) -> None:
    tree(tmp_path, {"project.py": WARNING})
    config = tmp_path / "pyproject.toml"
    cases = {
        '[tool.fluxio-cst]\nselect = "FX4"\n': (
            "[tool.fluxio-cst] select: must be a list of strings, not 'FX4'"
        ),
        "[tool.fluxio-cst]\nstrict = 1\n": "[tool.fluxio-cst] strict: must be true or false, not 1",
        '[tool.fluxio-cst]\nexclude = ["x"]\n': (
            "[tool.fluxio-cst] exclude: unknown key (the keys are include, select, ignore and strict)"
        ),
        '[tool.fluxio-cst]\nignore = ["FX999"]\n': (
            "[tool.fluxio-cst] ignore: `FX999` is not a diagnostic code or a prefix of one"
        ),
    }
    for text, message in cases.items():
        config.write_text(text)
        assert cli(["check", "project.py"], tmp_path) == (2, "", f"fluxio-cst: error: {config}: {message}\n")
    config.write_text("[tool.fluxio-cst\n")
    status, out, err = cli(["check", "project.py"], tmp_path)
    assert (status, out) == (2, "") and err.startswith(f"fluxio-cst: error: {config}: not valid TOML: ")
