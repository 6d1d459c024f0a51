"""A command imports only what it uses: checked in a fresh interpreter after each command.

``check`` of one clean file in one process needs no worker pool (``concurrent.futures``,
``multiprocessing``, ``pickle``, ``socket``, ``logging``), no diagram, no ``extract`` (its
``secrets``), no other command's module and no ``typing_extensions`` (an annotation only).
``libcst.metadata.scope_provider`` is not in the list: ``import libcst`` itself imports it
(``libcst.metadata`` through ``libcst.metadata.base_provider``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import List

import pytest

from tests.conftest import FIXTURES

POOL = ["concurrent.futures", "multiprocessing", "pickle", "socket", "logging"]
NOT_FOR_CHECK = [*POOL, "typing_extensions", "secrets", "fluxio_cst.diagram", "fluxio_cst.cli.extract"]

PROGRAM = """\
import io, sys
from fluxio_cst.cli import main
status = main(sys.argv[1:], io.StringIO(), io.StringIO())
print(status, *sorted(name for name in {names!r} if name in sys.modules))
"""


def imported_after(argv: List[str], names: List[str]) -> str:
    """The status of the command run in a fresh interpreter, and which of ``names`` it imported."""
    program = PROGRAM.format(names=names)
    done = subprocess.run([sys.executable, "-c", program, *argv], capture_output=True, text=True, check=True)
    return done.stdout.strip()


SMALL = str(FIXTURES / "01_single_task.py")


def test_check_of_one_file_imports_no_pool_no_diagram_no_extract() -> None:
    names = [*NOT_FOR_CHECK, "fluxio_cst.cli.compile"]
    assert imported_after(["check", SMALL], names) == "0"
    assert imported_after(["check", "-j", "1", SMALL, str(FIXTURES / "04_choice.py")], names) == "0"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["compile", SMALL], "0"),
        (["graph", SMALL], "0 fluxio_cst.diagram"),  # the check sees what a command imports
        (["extract", SMALL, "--out", "{out}"], "0 fluxio_cst.cli.extract secrets"),
    ],
    ids=["compile", "graph", "extract"],
)
def test_each_command_imports_its_own_module_only(argv: List[str], expected: str, tmp_path: Path) -> None:
    names = [*POOL, "typing_extensions", "secrets", "fluxio_cst.diagram", "fluxio_cst.cli.extract"]
    assert imported_after([a.format(out=tmp_path) for a in argv], names) == expected


def test_several_files_in_parallel_make_a_pool() -> None:
    """The positive control of the pool's names: two files and two processes import it."""
    status, *found = imported_after(["check", "-j", "2", SMALL, str(FIXTURES / "04_choice.py")], POOL).split()
    assert status == "0" and "concurrent.futures" in found and "multiprocessing" in found
