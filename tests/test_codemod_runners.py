"""Every registered codemod runs the same three ways: ``python -m libcst.tool codemod`` (a real
subprocess, with the ``.libcst.codemod.yaml`` ``modules`` entry docs/codemods.md documents, and with
``-x`` and the full dotted path), ``fluxio-cst codemod`` (one process and two), and
:func:`~fluxio_cst.codemods.transform`; all three give the same bytes, and the command changes
its fixture. ``ARGUMENTS`` says which fixture and arguments each command runs on: a command
registered without an entry fails here until it has one."""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from fluxio_cst.cli import main
from fluxio_cst.codemods import COMMANDS, transform
from tests.conftest import FIXTURES

ARGUMENTS: Dict[str, Tuple[str, List[str]]] = {  # command → (fixture, its own arguments)
    "fix": ("errors/FX206_sync_run.py", []),
    "pin-keys": ("04_choice.py", []),
    "rename-task": ("01_single_task.py", ["FetchOrder", "GetOrder"]),
    "set-attribute": ("54_task_attributes.py", ["Extract", "memory", "2048"]),
    "remove-attribute": ("54_task_attributes.py", ["Extract", "memory"]),
    "set-timeout": ("54_task_attributes.py", ["Extract", "600"]),
}


def _copy(name: str, folder: Path) -> Path:
    """The command's fixture as ``project.py`` of ``folder``, with the LibCST configuration."""
    folder.mkdir(parents=True, exist_ok=True)
    config = "modules: ['fluxio_cst.codemods.commands']\n"
    (folder / ".libcst.codemod.yaml").write_text(config, encoding="utf-8")
    return Path(shutil.copy(FIXTURES / ARGUMENTS[name][0], folder / "project.py"))


def _expected(name: str, path: Path) -> bytes:
    """What :func:`transform` makes of the file, with the arguments parsed as the CLI parses them."""
    parser = argparse.ArgumentParser()
    COMMANDS[name].add_args(parser)
    arguments = vars(parser.parse_args(ARGUMENTS[name][1]))
    result = transform(COMMANDS[name], path.read_bytes(), str(path), **arguments)
    assert result != path.read_bytes(), (
        f"{name} changes nothing in {ARGUMENTS[name][0]}: pick another fixture"
    )
    return result


def _dotted(name: str) -> str:
    """The class's path below ``fluxio_cst.codemods.commands`` (``pin_keys.PinKeys``)."""
    command = COMMANDS[name]
    return f"{command.__module__.rpartition('fluxio_cst.codemods.commands.')[2]}.{command.__name__}"


def _libcst_tool(folder: Path, *argv: str) -> None:
    """LibCST's tool: its options after the command, a command's positionals after the paths."""
    done = subprocess.run(
        [sys.executable, "-m", "libcst.tool", "codemod", *argv], cwd=folder, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "Failed to codemod 0 files" in done.stderr


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_libcst_tool_runs_the_command(name: str, tmp_path: Path) -> None:
    path = _copy(name, tmp_path)
    expected = _expected(name, path)
    own = ARGUMENTS[name][1]
    _libcst_tool(tmp_path, _dotted(name), "--no-format", "-j", "1", "project.py", *own)
    assert path.read_bytes() == expected
    path = _copy(name, tmp_path / "external")
    full = f"fluxio_cst.codemods.commands.{_dotted(name)}"
    _libcst_tool(path.parent, "-x", full, "--no-format", "-j", "1", "project.py", *own)
    assert path.read_bytes() == expected


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_fluxio_cst_codemod_runs_the_command_in_one_process_and_in_two(name: str, tmp_path: Path) -> None:
    paths = [_copy(name, tmp_path / folder) for folder in ("one", "two", "three")]
    expected = _expected(name, paths[0])
    argv = ["codemod", name, *ARGUMENTS[name][1]]
    one, two = io.StringIO(), io.StringIO()
    assert main([*argv, "--diff", "-j", "1", str(tmp_path)], one, io.StringIO()) == 0
    assert main([*argv, "--diff", "-j", "2", str(tmp_path)], two, io.StringIO()) == 0
    assert one.getvalue() == two.getvalue() and one.getvalue().count("+++ b/") == 3
    err = io.StringIO()
    assert main([*argv, "-j", "2", str(tmp_path)], io.StringIO(), err) == 0
    assert err.getvalue() == "3 changed, 0 unchanged, 0 failed\n"
    assert [path.read_bytes() for path in paths] == [expected] * 3


def test_every_command_has_its_arguments_here() -> None:
    assert sorted(ARGUMENTS) == sorted(COMMANDS)
