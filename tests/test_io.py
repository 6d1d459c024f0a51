"""Inputs and outputs that must never break the tool, through the real command line.

Each class of problem is tested on its siblings: every way ``extract`` could reach the project
file, every kind of non-regular file, every way standard output fails, every command.
"""

from __future__ import annotations

import io
import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path
from typing import List, Optional, Tuple

import pytest

from fluxio_cst.cli import main
from tests.conftest import FIXTURES

PIPELINE = """\
class Pipeline(Task):
    async def run(event, context):
        return {"ok": True}


class Other(Task):
    async def run(event, context):
        return 2


def main(data):
    data["result"] = Pipeline()
    Other()
"""

COMMANDS = [
    ["compile", "{file}"],
    ["check", "{file}"],
    ["graph", "{file}"],
    ["graph", "{file}", "--format", "dot"],
    ["extract", "{file}", "--out", "{out}"],
]


def cli(argv: List[str], cwd: Optional[Path] = None, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """``python -m fluxio_cst`` as a user runs it (a real process: real streams and signals)."""
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "fluxio_cst", *argv],
        capture_output=kwargs.pop("capture_output", True),
        text=True,
        check=False,
        cwd=cwd,
        timeout=60,
        **kwargs,
    )


def run(argv: List[str]) -> Tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, out, err)
    return status, out.getvalue(), err.getvalue()


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("fluxio-cst: error: "), done.stderr
    return done.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "Pipeline.py"
    path.write_text(PIPELINE)
    return path


def listing(folder: Path) -> List[str]:
    return sorted(p.name for p in folder.iterdir())


# ---------------------------------------------------------------------------------------------
# extract never loses a file
# ---------------------------------------------------------------------------------------------


def test_extract_into_the_project_folder_refuses_to_replace_the_project(project: Path) -> None:
    before = project.read_bytes()
    done = cli(["extract", project.name, "--out", "."], cwd=project.parent)
    assert "is the project file Pipeline.py itself; nothing written" in one_line_error(done)
    assert project.read_bytes() == before
    assert listing(project.parent) == ["Pipeline.py"]  # Other.py not written either


@pytest.mark.parametrize("how", ["hard link", "symbolic link", "link to the folder"])
def test_extract_refuses_every_other_way_to_the_project_file(project: Path, how: str) -> None:
    out = project.parent / "out"
    if how == "link to the folder":
        out.symlink_to(project.parent)
    else:
        out.mkdir()
        target = out / "Pipeline.py"
        os.link(project, target) if how == "hard link" else target.symlink_to(project)
    before = project.read_bytes()
    status, printed, err = run(["extract", str(project), "--out", str(out)])
    assert (status, printed) == (2, "")
    assert "itself; nothing written" in err
    assert project.read_bytes() == before
    assert not (out / "Other.py").exists()


def test_extract_refuses_a_project_file_that_links_to_a_target(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    real = out / "Pipeline.py"
    project.rename(real)
    link = tmp_path / "link.py"
    link.symlink_to(real)
    status, _, err = run(["extract", str(link), "--out", str(out)])
    assert status == 2 and "itself" in err
    assert real.read_text() == PIPELINE


@pytest.mark.parametrize("kind", ["directory", "symlink elsewhere", "fifo"])
def test_extract_writes_nothing_when_a_target_is_not_a_plain_file(project: Path, kind: str) -> None:
    out = project.parent / "out"
    out.mkdir()
    target = out / "Other.py"  # the second target: the first must not be written either
    if kind == "directory":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        elsewhere = project.parent / "elsewhere.py"
        elsewhere.write_text("kept\n")
        target.symlink_to(elsewhere)
    status, _, err = run(["extract", str(project), "--out", str(out)])
    assert status == 2 and "nothing written" in err
    assert listing(out) == ["Other.py"]
    if kind == "symlink elsewhere":
        assert (project.parent / "elsewhere.py").read_text() == "kept\n"


def test_extract_out_is_a_file(project: Path) -> None:
    status, _, err = run(["extract", str(project), "--out", str(project)])
    assert status == 2 and err.endswith(": cannot write: not a directory\n")
    assert project.read_text() == PIPELINE


def test_extract_creates_missing_folders(project: Path) -> None:
    out = project.parent / "a" / "b"
    status, printed, _ = run(["extract", str(project), "--out", str(out)])
    assert status == 0 and printed == f"wrote {out / 'Pipeline.py'}\nwrote {out / 'Other.py'}\n"
    assert (out / "Other.py").read_text() == "async def run(event, context):\n    return 2\n"


def test_extracted_files_get_the_usual_mode_and_existing_ones_keep_theirs(project: Path) -> None:
    out = project.parent / "out"
    out.mkdir()
    (out / "Other.py").write_text("old\n")
    os.chmod(out / "Other.py", 0o640)
    for umask, expected in ((0o022, 0o644), (0o077, 0o600), (0o002, 0o664)):
        (out / "Pipeline.py").unlink(missing_ok=True)
        done = cli(["extract", str(project), "--out", str(out)], preexec_fn=lambda m=umask: os.umask(m))  # type: ignore[misc]
        assert done.returncode == 0, done.stderr
        assert stat.S_IMODE((out / "Pipeline.py").stat().st_mode) == expected
        assert stat.S_IMODE((out / "Other.py").stat().st_mode) == 0o640
        assert (out / "Other.py").read_text() == "async def run(event, context):\n    return 2\n"
    assert listing(out) == ["Other.py", "Pipeline.py"]


SLOW_EXTRACT = """\
import os, sys, time
import fluxio_cst.cli as cli
real = os.fsync
def slow(fd):
    print("writing", flush=True)
    time.sleep(30)
    real(fd)
cli.os.fsync = slow
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_signal_during_extract_leaves_no_temporary(project: Path, signum: int) -> None:
    """A real process interrupted between writing its temporary and renaming it."""
    out = project.parent / "out"
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_EXTRACT, "extract", str(project), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "writing\n"
    [temporary] = listing(out)
    assert temporary.startswith(".Pipeline.py.fluxio-tmp-")
    process.send_signal(signum)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 128 + signum
    assert err == f"fluxio-cst: interrupted by signal {signum}; nothing half-written left\n"
    assert listing(out) == []


def test_a_later_run_removes_temporaries_of_killed_runs(project: Path) -> None:
    out = project.parent / "out"
    out.mkdir()
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = int(gone.stdout)
    stale = out / f".Pipeline.py.fluxio-tmp-{dead}-0a1b2c3d"
    live = out / f".Other.py.fluxio-tmp-{os.getpid()}-0a1b2c3d"  # a running process's: kept
    unrelated = out / ".Pipeline.py.tmp"
    for path in (stale, live, unrelated):
        path.write_text("half")
    status, _, _ = run(["extract", str(project), "--out", str(out)])
    assert status == 0
    assert listing(out) == sorted([live.name, unrelated.name, "Other.py", "Pipeline.py"])


# ---------------------------------------------------------------------------------------------
# Only regular files are read
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:1] + c[2:3]))
@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "/dev/null", "directory", "missing"])
def test_only_regular_files_are_read(tmp_path: Path, command: List[str], kind: str) -> None:
    path = tmp_path / "project.py"
    if kind == "fifo":
        os.mkfifo(path)  # opening it for reading would wait for a writer forever
    elif kind == "directory":
        path.mkdir()
    elif kind != "missing":
        path = Path(kind)  # reading /dev/zero never ends
    argv = [a.format(file=path, out=tmp_path / "out") for a in command]
    status, out, err = run(argv)
    reason = {
        "fifo": "is a FIFO, not a regular file",
        "/dev/zero": "is a character device, not a regular file",
        "/dev/null": "is a character device, not a regular file",
        "directory": "Is a directory",
        "missing": "No such file or directory",
    }[kind]
    if command[0] == "check" and kind == "directory":  # a folder is walked: it holds no project
        assert (status, out, err) == (0, "0 error(s), 0 warning(s) in 0 file(s)\n", "")
    elif command[0] == "check":
        assert (status, err) == (2, "")
        assert (
            out == f"{path}:1:1: error[FX006]: cannot read: {reason}\n1 error(s), 0 warning(s) in 1 file(s)\n"
        )
    else:
        assert (status, out, err) == (2, "", f"fluxio-cst: error: {path}: cannot read: {reason}\n")
        assert not (tmp_path / "out").exists()


def test_a_fifo_does_not_hang_the_real_command(tmp_path: Path) -> None:
    fifo = tmp_path / "project.py"
    os.mkfifo(fifo)
    done = cli(["compile", str(fifo)])  # timeout=60: a hang fails the test
    assert one_line_error(done) == f"fluxio-cst: error: {fifo}: cannot read: is a FIFO, not a regular file\n"


def test_permission_denied_is_reported_and_check_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tests run as root, whom modes do not stop: the refusal is the operating system's."""
    locked, other = tmp_path / "locked" / "project.py", tmp_path / "other" / "project.py"
    for path in (locked, other):
        path.parent.mkdir()
        path.write_text(PIPELINE)
    real_open = os.open

    def refuse(path: str, flags: int, *args: int) -> int:
        if path == str(locked):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, *args)

    monkeypatch.setattr("fluxio_cst.source.os.open", refuse)
    status, out, _ = run(["check", str(tmp_path)])
    assert status == 2
    summary = "1 error(s), 0 warning(s) in 2 file(s)"
    assert out == f"{locked}:1:1: error[FX006]: cannot read: Permission denied\n{summary}\n"
    assert (
        run(["compile", str(locked)])[2] == f"fluxio-cst: error: {locked}: cannot read: Permission denied\n"
    )


# ---------------------------------------------------------------------------------------------
# Output that cannot be written
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:1] + c[2:3]))
@pytest.mark.parametrize("failure", ["/dev/full", "closed", "broken pipe"])
def test_output_errors_are_one_line(project: Path, command: List[str], failure: str) -> None:
    argv = [a.format(file=project, out=project.parent / "out") for a in command]
    if failure == "/dev/full":
        with open("/dev/full", "w") as full:
            done = cli(argv, capture_output=False, stdout=full, stderr=subprocess.PIPE)
        assert one_line_error(done) == "fluxio-cst: error: cannot write the output: No space left on device\n"
    elif failure == "closed":
        done = cli(
            argv,
            capture_output=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            close_fds=True,
            preexec_fn=lambda: os.close(1),
        )
        assert one_line_error(done) == "fluxio-cst: error: standard output is closed\n"
    else:
        reader, writer = os.pipe()
        os.close(reader)
        try:
            done = cli(argv, capture_output=False, stdout=writer, stderr=subprocess.PIPE)
        finally:
            os.close(writer)
        assert one_line_error(done) == "fluxio-cst: error: cannot write the output: Broken pipe\n"


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    """Python hands such names over as surrogate escapes; messages show the bytes as ``\\xNN``."""
    name = os.fsdecode(b"caf\xe9.py")
    (tmp_path / name).write_text("def main(data):\n    for x in data:\n        pass\n")
    missing = os.fsdecode(b"nul\xff.py")
    done = cli(["check", name, missing], cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, "")
    assert done.stdout.startswith("caf\\xe9.py:2:5: error[FX301]")
    assert "\nnul\\xff.py:1:1: error[FX006]: cannot read: No such file or directory\n" in done.stdout
    done = cli(["check", name, missing, "--format", "json"], cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, "")
    assert [d["path"] for d in json.loads(done.stdout)] == ["caf\\xe9.py", "nul\\xff.py"]
    done = cli(["compile", name], cwd=tmp_path)
    assert done.returncode == 1 and done.stderr.startswith("caf\\xe9.py:2:5: error[FX301]")
    assert one_line_error(cli(["compile", missing], cwd=tmp_path)) == (
        "fluxio-cst: error: nul\\xff.py: cannot read: No such file or directory\n"
    )
    done = cli(["extract", str(FIXTURES / "01_single_task.py"), "--out", name + "_out"], cwd=tmp_path)
    assert done.returncode == 0 and "caf\\xe9.py_out" in done.stdout
