"""``check``/``compile``/``extract -j N``: the parallel run prints (and writes) exactly what the
serial run does, in input order, on every fixture at once; a worker that dies is one FX901
line; Ctrl-C ends the run cleanly."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytest

import fluxio_cst.cli.check as check
from fluxio_cst.cli import main
from fluxio_cst.cli.parallel import in_order
from tests.conftest import FIXTURES, REFERENCE

# Every fixture: the goldens, the diagnostics fixtures (each an error or a warning) and their
# fixed versions, and a folder that is walked; listed in an order that is not sorted.
EVERY_FIXTURE = [
    *sorted(str(p) for p in (FIXTURES / "errors").glob("*.py")),
    *sorted(str(p) for p in FIXTURES.glob("*.py")),
    *sorted(str(p) for p in (FIXTURES / "errors" / "fixed").glob("*.py")),
    str(FIXTURES),
][::-1]


# ``extract`` writes a folder per file stem: the fixed versions share the stems of their
# errors, so they are extracted in a run of their own.
FIXED = [path for path in EVERY_FIXTURE if "fixed" in Path(path).parts]
EXTRACT_RUNS = [[path for path in EVERY_FIXTURE if path not in FIXED], FIXED]


def run(argv: List[str]) -> Tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, out, err)
    return status, out.getvalue(), err.getvalue()


# Process pools behave alike on every Python: the other interpreters try one pool size.
POOLS = ("2", "4", None) if REFERENCE else ("2",)  # None: the default, one per core


@pytest.mark.parametrize("command", ["check", "migrate"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_parallel_runs_print_the_serial_output_on_every_fixture(command: str, fmt: str) -> None:
    serial = run([command, "-j", "1", "--format", fmt, *EVERY_FIXTURE])
    assert serial[0] == 1 and serial[1]
    for jobs in POOLS:
        pool = ["--jobs", jobs] if jobs is not None else []
        assert run([command, *pool, "--format", fmt, *EVERY_FIXTURE]) == serial


def test_parallel_compile_prints_the_serial_output_on_every_fixture() -> None:
    serial = run(["compile", "-j", "1", "--all", *EVERY_FIXTURE])
    assert serial[0] == 1 and serial[1].startswith("{") and serial[2]
    assert run(["compile", "-j", "2", "--all", *EVERY_FIXTURE]) == serial


def tree(folder: Path) -> Dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def extracted(argv: List[str], out: Path) -> Tuple[int, str, str, Dict[str, bytes]]:
    """The run's output and the tree it wrote, from an empty ``out``."""
    shutil.rmtree(out, ignore_errors=True)
    status, stdout, stderr = run([*argv, "--out", str(out)])
    return status, stdout, stderr, tree(out)


@pytest.mark.parametrize("paths", EXTRACT_RUNS, ids=["fixtures", "fixed"])
def test_parallel_extract_writes_the_serial_tree_on_every_fixture(paths: List[str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    serial = extracted(["extract", "-j", "1", *paths], out)
    assert serial[1] and serial[3]
    assert serial[0] == (1 if paths is not FIXED else 0)
    assert extracted(["extract", "-j", "2", *paths], out) == serial


def test_output_follows_the_input_order() -> None:
    """Each file's diagnostics appear in the order the files were given, forward or backward."""
    files = sorted(str(p) for p in (FIXTURES / "errors").glob("FX3*.py"))
    for given in (files, files[::-1]):
        _, out, _ = run(["check", "-j", "2", *given])
        headlines = [line for line in out.splitlines() if line.startswith(str(FIXTURES))]
        shown = [line.split(".py:")[0] + ".py" for line in headlines]
        assert list(dict.fromkeys(shown)) == given


def cli(argv: List[str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "fluxio_cst", *argv]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)


def real_runs(command: str, paths: List[str], out: Optional[Path] = None) -> List[Tuple[object, ...]]:
    """(status, stdout, stderr, tree written to ``out``) of a real process, ``-j 1`` then ``-j 2``."""
    runs: List[Tuple[object, ...]] = []
    for jobs in ("1", "2"):
        extra = []
        if out is not None:
            shutil.rmtree(out, ignore_errors=True)
            extra = ["--out", str(out)]
        done = cli([command, "-j", jobs, *paths, *extra])
        runs.append((done.returncode, done.stdout, done.stderr, tree(out) if out else None))
    return runs


def test_a_real_process_prints_the_serial_output() -> None:
    serial, parallel = real_runs("check", EVERY_FIXTURE)
    assert parallel == serial and serial[:3:2] == (1, "")


def test_compile_and_extract_follow_the_input_order(tmp_path: Path) -> None:
    files = sorted(str(p) for p in FIXTURES.glob("0*.py"))
    for given in (files, files[::-1]):
        _, out, _ = run(["compile", "-j", "2", *given])
        assert list(json.loads(out)) == given
        _, out, _ = run(["extract", "-j", "2", *given, "--out", str(tmp_path / "out")])
        wrote = [line.split(" ", 1)[1] for line in out.splitlines() if line.startswith("wrote ")]
        stems = [str(tmp_path / "out" / Path(path).stem) for path in given]
        assert list(dict.fromkeys(os.path.dirname(path) for path in wrote)) == stems


def test_a_real_process_compiles_and_extracts_as_the_serial_run(tmp_path: Path) -> None:
    serial, parallel = real_runs("compile", EXTRACT_RUNS[0])
    assert parallel == serial and serial[0] == 1 and json.loads(str(serial[1]))
    serial, parallel = real_runs("extract", EXTRACT_RUNS[0], tmp_path / "out")
    assert parallel == serial and serial[0] == 1 and serial[3]


@pytest.mark.parametrize("command", ["check", "compile", "extract"])
@pytest.mark.parametrize("jobs", ["0", "-1", "x", "1.5"])
def test_jobs_below_one_or_not_a_number_is_a_usage_error(command: str, jobs: str, tmp_path: Path) -> None:
    extra = ["--out", str(tmp_path / "out")] if command == "extract" else []
    status, out, err = run([command, "-j", jobs, str(FIXTURES / "01_single_task.py"), *extra])
    assert (status, out) == (2, "")
    assert err == f"fluxio-cst: error: -j/--jobs takes a number of processes of at least 1, not {jobs!r}\n"


def _dies_on_two(number: int) -> int:
    if number == 2:
        os._exit(3)
    return number * 10


def test_a_dead_worker_loses_only_its_own_input() -> None:
    assert in_order(_dies_on_two, [1, 2, 3, 4, 5], 2, lambda n: -n) == [10, -2, 30, 40, 50]


_CHECK_FILE = check.check_file


def _crashing_check(path: str) -> check.Checked:
    if path.endswith("04_choice.py"):
        os._exit(3)
    return _CHECK_FILE(path)


def test_a_dead_worker_is_an_internal_error_of_its_file(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [str(FIXTURES / name) for name in ("01_single_task.py", "04_choice.py", "05_try_retry.py")]
    monkeypatch.setattr(check, "check_file", _crashing_check)
    status, out, _ = run(["check", "-j", "2", *paths])
    assert status == 1
    assert out == (
        f"{paths[1]}:1:1: error[FX901]: internal error: the process checking this file stopped "
        "unexpectedly. This is a bug in fluxio_cst: please report it with this file.\n"
        "1 error(s), 0 warning(s) in 3 file(s)\n"
    )


def _children(pid: int) -> str:
    return Path(f"/proc/{pid}/task/{pid}/children").read_text()


@pytest.mark.skipif(not Path(f"/proc/{os.getpid()}/task").is_dir(), reason="Linux /proc")
def test_ctrl_c_terminates_the_workers_and_exits_130(tmp_path: Path) -> None:
    """SIGINT once the workers run: one line, status 130, no traceback, no worker left."""
    for number in range(1500):
        folder = tmp_path / f"p{number}"
        folder.mkdir()
        shutil.copy(FIXTURES / "13_process_events.py", folder / "project.py")
    process = subprocess.Popen(
        [sys.executable, "-m", "fluxio_cst", "check", "-j", "2", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not _children(process.pid).split() and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = _children(process.pid).split()
    assert workers
    time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert (process.returncode, err) == (130, "fluxio-cst: interrupted\n")
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]
