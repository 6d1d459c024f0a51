"""``check -j N``: the parallel run prints exactly what the serial run prints, in input order,
on every fixture at once; a worker that dies is one FX901 line; Ctrl-C ends the run cleanly."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import List, Tuple

import pytest

import fluxio_cst.cli.check as check
from fluxio_cst.cli import main
from fluxio_cst.cli.parallel import in_order
from tests.conftest import FIXTURES

# Every fixture: the goldens, the diagnostics fixtures (each an error or a warning) and their
# fixed versions, and a folder that is walked; listed in an order that is not sorted.
EVERY_FIXTURE = [
    *sorted(str(p) for p in (FIXTURES / "errors").glob("*.py")),
    *sorted(str(p) for p in FIXTURES.glob("*.py")),
    *sorted(str(p) for p in (FIXTURES / "errors" / "fixed").glob("*.py")),
    str(FIXTURES),
][::-1]


def run(argv: List[str]) -> Tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, out, err)
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_parallel_check_prints_the_serial_output_on_every_fixture(fmt: str) -> None:
    serial = run(["check", "-j", "1", "--format", fmt, *EVERY_FIXTURE])
    assert serial[0] == 1 and serial[1]
    for jobs in ("2", "4"):
        assert run(["check", "--jobs", jobs, "--format", fmt, *EVERY_FIXTURE]) == serial
    assert run(["check", "--format", fmt, *EVERY_FIXTURE]) == serial  # default: one per core


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


def test_a_real_process_prints_the_serial_output() -> None:
    serial = cli(["check", "-j", "1", *EVERY_FIXTURE])
    parallel = cli(["check", "-j", "2", *EVERY_FIXTURE])
    assert (parallel.returncode, parallel.stdout, parallel.stderr) == (
        serial.returncode,
        serial.stdout,
        serial.stderr,
    )
    assert serial.returncode == 1 and serial.stderr == ""


@pytest.mark.parametrize("jobs", ["0", "-1", "x", "1.5"])
def test_jobs_below_one_or_not_a_number_is_a_usage_error(jobs: str) -> None:
    status, out, err = run(["check", "-j", jobs, str(FIXTURES / "01_single_task.py")])
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
