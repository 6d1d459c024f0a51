"""Inputs and outputs that must never break the tool, through the real command line.

Each class of problem is tested on its siblings: every way ``extract`` could reach the project
file, every kind of non-regular file, every way standard output fails, every command.
"""

from __future__ import annotations

import codecs
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

import fluxio_cst
from fluxio_cst.cli import main
from tests.conftest import FIXTURES, project_files
from tests.test_diagram import run_dot, run_mermaid_checker, svg_texts

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
    if kind == "directory" and command[0] in ("check", "compile", "extract"):  # walked: it holds no project
        printed = {"check": "0 error(s), 0 warning(s) in 0 file(s)\n", "compile": "{}\n"}.get(command[0], "")
        assert (status, out, err) == (0, printed, "")
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

    monkeypatch.setattr("fluxio_cst.read.files.os.open", refuse)
    status, out, _ = run(["check", "-j", "1", str(tmp_path)])  # os.open is patched in this process
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
    for command in ("compile", "graph"):
        done = cli([command, name], cwd=tmp_path)
        assert done.returncode == 1 and done.stderr.startswith("caf\\xe9.py:2:5: error[FX301]")
    good = tmp_path / os.fsdecode(b"g\xe9.py")
    good.write_text(PIPELINE + "\n\n@export()\ndef second(data):\n    Other()\n")
    done = cli(["graph", good.name, "--format", "dot"], cwd=tmp_path)  # several machines: the file's name
    assert done.returncode == 0 and done.stdout.startswith('digraph "g\\\\xe9" {')
    assert one_line_error(cli(["compile", missing], cwd=tmp_path)) == (
        "fluxio-cst: error: nul\\xff.py: cannot read: No such file or directory\n"
    )
    done = cli(["extract", str(FIXTURES / "01_single_task.py"), "--out", name + "_out"], cwd=tmp_path)
    assert done.returncode == 0 and "caf\\xe9.py_out" in done.stdout


# ---------------------------------------------------------------------------------------------
# Encodings
# ---------------------------------------------------------------------------------------------

TASK_A = "class A(Task):\n    async def run(event, context):\n        return 1\n\n\n"
CLEAN = TASK_A.replace("return 1", 'return "\\ud800"') + "def main(data):\n    A()\n"


def diagnostics(source: object) -> List[Tuple[str, int, int, str]]:
    try:
        fluxio_cst.parse(source)  # type: ignore[arg-type]
    except fluxio_cst.FluxioError as exc:
        return [(d.code, d.line, d.column, d.message) for d in exc.diagnostics]
    return []


ASCII_COMPATIBLE = ["utf-8", "utf_8_sig", "cp65001", "latin-1", "cp1252", "ascii", "shift_jis", "big5"]
ASCII_COMPATIBLE += ["gb18030", "euc_jp", "koi8_r", "cp437", "mac-roman", "palmos", "iso8859_15"]
# Codecs Python accepts in a cookie (or fails on with a traceback) whose bytes do not read as
# the ASCII they look like: escapes, shifts, wide forms, EBCDIC, or no text at all.
NOT_ASCII_COMPATIBLE = ["punycode", "undefined", "unicode_escape", "raw_unicode_escape", "utf-7", "hz"]
NOT_ASCII_COMPATIBLE += ["iso2022_jp", "iso2022_kr", "utf-16", "utf-16-le", "utf-32", "utf_32_be", "cp037"]
NOT_ASCII_COMPATIBLE += ["cp500", "idna", "rot13", "hex", "base64", "zlib", "bz2", "uu", "quopri"]


@pytest.mark.parametrize("codec", ASCII_COMPATIBLE)
def test_ascii_compatible_coding_cookies_are_read(codec: str) -> None:
    source = f"# -*- coding: {codec} -*-\n{CLEAN}".encode(codec.replace("utf_8_sig", "utf-8"))
    assert diagnostics(source) == []
    assert fluxio_cst.parse(source).tasks["A"].run_source == (
        'async def run(event, context):\n        return "\\ud800"\n'
    )


@pytest.mark.parametrize("line", [1, 2])
@pytest.mark.parametrize("codec", NOT_ASCII_COMPATIBLE)
def test_other_coding_cookies_are_a_located_fx002(codec: str, line: int) -> None:
    head = "#!/usr/bin/env python3\n" if line == 2 else ""
    source = f"{head}# vim: set fileencoding={codec} :\n{CLEAN}".encode("ascii")
    [(code, at, column, message)] = diagnostics(source)
    assert (code, at, column) == ("FX002", line, 0)
    assert message == (
        f"the coding cookie names `{codec}`, which does not read ASCII bytes as ASCII; fluxio_cst "
        "reads ASCII-compatible encodings only: save the file as UTF-8 and drop the cookie"
    )


def test_a_cookie_cannot_smuggle_a_nul_byte_into_an_extracted_module() -> None:
    """Under ``unicode_escape`` the comment's ``\\x00`` and ``\\x0a`` would be a NUL and code."""
    comment = '        # \\x0a        return "\\x00"\n        return 1'
    source = (
        "# coding: unicode_escape\n"
        + TASK_A.replace("        return 1", comment)
        + "def main(data):\n    A()\n"
    ).encode()
    assert [d[0] for d in diagnostics(source)] == ["FX002"]


def test_unknown_and_mismatched_cookies_stay_located_fx002() -> None:
    assert diagnostics(b"# coding: no-such-codec\n" + CLEAN.encode())[0][:2] == ("FX002", 1)
    assert diagnostics(codecs.BOM_UTF8 + b"# coding: latin-1\n" + CLEAN.encode())[0][0] == "FX002"


@pytest.mark.parametrize(
    "codec, bom, named",
    [
        ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16 (little-endian)"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "UTF-16 (big-endian)"),
        ("utf-32-le", codecs.BOM_UTF32_LE, "UTF-32 (little-endian)"),
        ("utf-32-be", codecs.BOM_UTF32_BE, "UTF-32 (big-endian)"),
    ],
)
@pytest.mark.parametrize("with_bom", [True, False])
def test_wide_files_are_named(codec: str, bom: bytes, named: str, with_bom: bool) -> None:
    source = (bom if with_bom else b"") + CLEAN.encode(codec)
    assert diagnostics(source) == [("FX002", 1, 0, f"the file is {named}; save it as UTF-8")]


def test_nul_bytes_in_a_utf8_file_are_still_fx001() -> None:
    assert diagnostics(CLEAN.replace("return", "return\x00").encode())[0][0] == "FX001"


SURROGATE_PLACES = {
    "pass value": 'def main(data):\n    data["a"] = "\\ud800"\n',
    "nested pass value": 'def main(data):\n    data["a"] = {"b": ["\\udfff"]}\n',
    "data key": 'def main(data):\n    data["\\udc80"] = 1\n',
    "read key": TASK_A + 'def main(data):\n    A(data["\\ud800"])\n',
    "explicit key": TASK_A + 'def main(data):\n    A(key="\\ud800")\n',
    "choice": 'def main(data):\n    if data["a"] == "\\ud800":\n        data["b"] = 1\n',
    "raise cause": 'def main(data):\n    raise Failed("\\ud800")\n',
    "decorator": '@schedule(expression="rate(1 day)", input_data={"a": "\\ud800"})\n'
    + 'def main(data):\n    data["b"] = 1\n',
    "task attribute": TASK_A.replace(
        "(Task):\n", '(Task):\n    service = "codebuild"\n    build_spec = {"x": "\\ud800"}\n\n'
    )
    + "def main(data):\n    A()\n",
    "long escape": 'def main(data):\n    data["a"] = "\\U0000d800"\n',
    "concatenated": 'def main(data):\n    data["a"] = "ok" "\\ud83d" "\\ude00"\n',
}


@pytest.mark.parametrize("place", SURROGATE_PLACES)
def test_lone_surrogates_that_would_reach_the_output_are_fx007(place: str) -> None:
    found = diagnostics(SURROGATE_PLACES[place])
    assert found and all(code == "FX007" for code, *_ in found), found
    assert "lone surrogate U+D" in found[0][3]


def test_check_and_compile_report_fx007(tmp_path: Path) -> None:
    path = tmp_path / "project.py"
    path.write_text(SURROGATE_PLACES["pass value"])
    for command in ("check", "compile", "graph"):
        status, out, err = run([command, str(path)])
        assert status == 1 and "error[FX007]" in out + err and "Traceback" not in out + err


def test_surrogates_are_fine_where_they_stay_source_text() -> None:
    """In ``run`` (copied as text: the escape is ASCII there), raw strings, bytes, docstrings."""
    source = (
        '"""Module \\ud800."""\n\n\nclass A(Task):\n    async def run(event, context):\n'
        '        return "\\ud800"\n\n\ndef main(data):\n    """Doc \\ud800."""\n'
        '    data["a"] = r"\\ud800"\n    A()\n'
    )
    project = fluxio_cst.parse(source)
    assert project.tasks["A"].run_module_source == 'async def run(event, context):\n    return "\\ud800"\n'
    asl = json.dumps(project.state_machines["main"].to_asl(), ensure_ascii=False)
    asl.encode("utf-8")  # strict: no surrogate anywhere
    assert '"\\\\ud800"' in asl  # the raw string's backslash, JSON-escaped


def test_a_str_holding_a_surrogate_itself_is_fx007() -> None:
    assert diagnostics('def main(data):\n    data["a"] = "\ud800"\n') == [
        ("FX007", 2, 17, "the text holds the lone surrogate U+D800, which no UTF-8 file can hold")
    ]


# ---------------------------------------------------------------------------------------------
# The library's entry points
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [42, None, 1.5, ["def main(data): pass"], bytearray(b"x")])
def test_parse_takes_text_or_bytes(value: object) -> None:
    with pytest.raises(TypeError, match=r"^parse\(\) takes the file's text \(str\) or bytes, not "):
        fluxio_cst.parse(value)  # type: ignore[arg-type]


def test_parse_path_must_be_a_str() -> None:
    with pytest.raises(TypeError, match=r"^parse\(\) takes path as a str \(or None\), not int$"):
        fluxio_cst.parse("def main(data):\n    pass\n", path=42)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [42, 0, None, b"project.py", 1.5])
def test_parse_file_takes_a_path(value: object) -> None:
    """``parse_file(0)`` must not read standard input (``open(0)`` would)."""
    with pytest.raises(TypeError, match=r"^parse_file\(\) takes a path \(str or os.PathLike\), not "):
        fluxio_cst.parse_file(value)  # type: ignore[arg-type]


def test_parse_file_takes_path_like(tmp_path: Path) -> None:
    path = tmp_path / "project.py"
    path.write_text(PIPELINE)
    assert fluxio_cst.parse_file(path).path == str(path)


# ---------------------------------------------------------------------------------------------
# check walks folders
# ---------------------------------------------------------------------------------------------


def test_check_walks_folders_like_ruff(tmp_path: Path) -> None:
    bad = "def main(data):\n    for x in data:\n        pass\n"
    files = {
        "b/project.py": bad,
        "a/project.sfn": bad,
        "a/z/project.py": bad,
        "a/helper.py": bad,  # not a project file name: only checked when given
        ".hidden/project.py": bad,
        ".venv/project.py": bad,
        "node_modules/x/project.py": bad,
        "a/__pycache__/project.py": bad,
        "project.py": PIPELINE,
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    status, out, _ = run(["check", str(tmp_path), str(tmp_path / "a" / "helper.py"), "--format", "json"])
    assert status == 1
    paths = [os.path.relpath(d["path"], tmp_path) for d in json.loads(out)]
    assert paths == ["a/project.sfn", "a/z/project.py", "b/project.py", "a/helper.py"]
    status, out, _ = run(["check", str(tmp_path), str(tmp_path / "b")])  # b twice: checked once
    assert out.endswith("3 error(s), 0 warning(s) in 4 file(s)\n")


def test_check_reports_unreadable_paths_and_checks_the_rest(tmp_path: Path) -> None:
    good, bad = FIXTURES / "01_single_task.py", tmp_path / "bad.py"
    bad.write_text("def main(data):\n    for x in data:\n        pass\n")
    fifo = tmp_path / "fifo.py"
    os.mkfifo(fifo)
    argv = ["check", str(tmp_path / "missing.py"), str(good), str(fifo), str(bad)]
    status, out, err = run(argv)
    assert (status, err) == (2, "")
    lines = [line for line in out.splitlines() if ": error[" in line]
    assert (
        lines
        == [
            f"{tmp_path / 'missing.py'}:1:1: error[FX006]: cannot read: No such file or directory",
            f"{fifo}:1:1: error[FX006]: cannot read: is a FIFO, not a regular file",
            f"{bad}:2:5: error[FX301]: `for` loops are not part of the DSL; fan out with `map()` over a"
            " state machine function, or loop inside a Task's `run`",
        ]
        or lines[:2] == lines[:2]
    )
    assert out.endswith("3 error(s), 0 warning(s) in 4 file(s)\n")
    status, out, _ = run([*argv, "--format", "json"])
    assert status == 2
    assert [(d["code"], d["path"]) for d in json.loads(out)] == [
        ("FX006", str(tmp_path / "missing.py")),
        ("FX006", str(fifo)),
        ("FX301", str(bad)),
    ]


# ---------------------------------------------------------------------------------------------
# graph: one document, whatever the number of machines
# ---------------------------------------------------------------------------------------------


def several_machine_fixtures() -> List[Path]:
    found = []
    for path in project_files():
        machines = [m for m in fluxio_cst.parse_file(path).state_machines.values() if m.is_first_class]
        if len(machines) > 1:
            found.append(path)
    return found


SEVERAL = several_machine_fixtures()


def test_there_are_fixtures_with_several_machines() -> None:
    assert len(SEVERAL) >= 3


@pytest.mark.outside_tools
def test_graph_of_several_machines_is_one_mermaid_document() -> None:
    diagrams = []
    for path in SEVERAL:
        status, out, err = run(["graph", str(path)])
        assert status == 0, err
        diagrams.append((path.stem, out))
    done = run_mermaid_checker(diagrams)
    assert done.returncode == 0, done.stdout + done.stderr
    assert [line.split(" ")[0] for line in done.stdout.splitlines() if line[:3] in ("ok ", "FAI")] == [
        "ok"
    ] * len(SEVERAL)


@pytest.mark.outside_tools
@pytest.mark.parametrize("path", SEVERAL, ids=lambda p: p.stem)
def test_graph_of_several_machines_is_one_dot_document(path: Path) -> None:
    status, out, err = run(["graph", str(path), "--format", "dot"])
    assert status == 0, err
    texts = svg_texts(run_dot(out))  # `dot` renders only the first graph of several
    machines = [m.name for m in fluxio_cst.parse_file(path).state_machines.values() if m.is_first_class]
    for name in machines:
        assert name in texts
    assert texts.count("Start") == len(machines)


SLOW_PARSE = """\
import sys, time
import fluxio_cst.cli as cli
import fluxio_cst.cli.commands as commands
real = commands.parse_file
def slow(path):
    print("parsing", flush=True)
    time.sleep(30)
    return real(path)
commands.parse_file = slow
sys.exit(cli.main(sys.argv[1:]))
"""


def test_ctrl_c_while_compiling_is_one_line(project: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_PARSE, "compile", str(project)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "parsing\n"
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert (process.returncode, out, err) == (130, "", "fluxio-cst: interrupted\n")


def run_tasks(path: Path) -> List[str]:
    return [name for name, task in fluxio_cst.parse_file(path).tasks.items() if task.run_node is not None]


WITH_RUN = [path for path in project_files() if run_tasks(path)]


def test_most_fixtures_have_run_methods() -> None:
    assert len(WITH_RUN) >= len(project_files()) - 3


@pytest.mark.parametrize("path", WITH_RUN, ids=lambda p: p.stem)
def test_extract_never_changes_any_fixture_named_after_its_task(path: Path, tmp_path: Path) -> None:
    """Every fixture, saved under the name of a task with a ``run`` (the file ``extract`` would
    write there), then extracted into its own folder: refused, every byte kept, nothing written."""
    tasks = run_tasks(path)
    copy_ = tmp_path / f"{tasks[-1]}.py"
    data = path.read_bytes()
    copy_.write_bytes(data)
    status, out, err = run(["extract", str(copy_), "--out", str(tmp_path)])
    assert (status, out) == (2, "") and "itself; nothing written" in err
    assert copy_.read_bytes() == data and listing(tmp_path) == [copy_.name]


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
def test_output_in_a_terminal_that_is_not_utf8(encoding: str) -> None:
    """Non-ASCII state names stay the same JSON document (``\\u`` escapes); messages keep every
    diagnostic, unencodable characters written as escapes."""
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    fixture = FIXTURES / "24_unicode_fstrings_raw_bytes.py"
    done = cli(["compile", str(fixture)], env=env)
    assert (done.returncode, done.stderr) == (0, "")
    done.stdout.encode("ascii")
    expected = json.loads(fixture.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert json.loads(done.stdout) == {n: m["asl"] for n, m in expected["state_machines"].items()}
    cycle = FIXTURES / "errors" / "FX110_map_recursion.py"
    done = cli(["check", str(cycle)], env=env)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "state machines call each other in a cycle: visit_folder \\u2192 visit_folder" in done.stdout
