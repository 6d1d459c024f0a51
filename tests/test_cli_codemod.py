"""``fluxio-cst codemod`` and ``check --fix``/``--diff`` on the command line: summary, exit
status, diffs, atomic writes that keep the mode, folders, ``-j``, encodings; and
``python -m libcst.tool codemod`` running each command in a real subprocess.

``Suffix`` is a tiny codemod of this file (it adds a suffix to every ``key=`` string), so that
the runner is tested apart from what the real commands do."""

from __future__ import annotations

import argparse
import io
import os
import shutil
import stat
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

import libcst as cst
import pytest
from libcst.codemod import CodemodContext

from fluxio_cst.cli import main
from fluxio_cst.codemods import COMMANDS
from fluxio_cst.codemods.base import FluxioCodemod
from fluxio_cst.pipeline import Compilation
from tests.conftest import FIXTURES

KEYED = (
    "class FetchOrder(Task):\n    async def run(event, context):\n        return 1\n\n\n"
    'def main(data):\n    data["order"] = FetchOrder(key="Fetch")  # keep me\n'
)
SUFFIXED = KEYED.replace('key="Fetch"', 'key="Fetch!"')
UNKEYED = KEYED.replace('key="Fetch"', "")
TYPO = KEYED.replace("= FetchOrder(", "= FetchOrdr(")
TYPO_LINE = (
    "7:21: error[FX303]: `FetchOrdr` is not a Task class or state machine function of this file; "
    "did you mean `FetchOrder`?"
)


class Suffix(FluxioCodemod):
    NAME = "suffix-keys"
    DESCRIPTION = "Add a suffix to every key= string."

    def __init__(self, context: CodemodContext, suffix: str = "!") -> None:
        super().__init__(context)
        self.suffix = suffix

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        arg_parser.add_argument("--suffix", default="!")

    def plan(self, tree: cst.Module, before: Compilation) -> None:
        for arg in _key_args(tree):
            self.edit(arg, self._suffixed)

    def _suffixed(self, node: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(node, cst.Arg) and isinstance(node.value, cst.SimpleString)
        text = node.value.value
        return node.with_changes(value=cst.SimpleString(text[:-1] + self.suffix + text[-1]))


def _key_args(tree: cst.Module) -> List[cst.Arg]:
    found: List[cst.Arg] = []

    class Finder(cst.CSTVisitor):
        def visit_Arg(self, node: cst.Arg) -> None:
            if node.keyword is not None and node.keyword.value == "key":
                found.append(node)

    tree.visit(Finder())
    return found


@pytest.fixture(autouse=True)
def registered(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(COMMANDS, Suffix.NAME, Suffix)
    yield


def run(argv: List[str], err: Optional[io.StringIO] = None) -> Tuple[int, str, str]:
    out, err = io.StringIO(), err if err is not None else io.StringIO()
    status = main(argv, out, err)
    return status, out.getvalue(), err.getvalue()


def files(folder: Path, **texts: str) -> List[str]:
    paths = []
    for name, text in texts.items():
        (folder / f"{name}.py").write_bytes(text.encode("utf-8"))
        paths.append(str(folder / f"{name}.py"))
    return paths


def test_summary_counts_changed_unchanged_failed_and_a_failure_is_exit_1(tmp_path: Path) -> None:
    keyed, unkeyed, typo = files(tmp_path, a=KEYED, b=UNKEYED, c=TYPO)
    status, out, err = run(["codemod", "suffix-keys", keyed, unkeyed, typo])
    assert (status, out) == (1, "")
    assert err == f"{typo}:{TYPO_LINE}\n1 changed, 1 unchanged, 1 failed\n"
    assert Path(keyed).read_bytes() == SUFFIXED.encode()
    assert Path(unkeyed).read_bytes() == UNKEYED.encode()
    assert Path(typo).read_bytes() == TYPO.encode()  # a file that does not compile: not written


def test_the_command_s_own_arguments_reach_it_and_a_clean_run_is_exit_0(tmp_path: Path) -> None:
    (keyed,) = files(tmp_path, a=KEYED)
    assert run(["codemod", "suffix-keys", "--suffix", "?", keyed]) == (
        0,
        "",
        "1 changed, 0 unchanged, 0 failed\n",
    )
    assert Path(keyed).read_text(encoding="utf-8") == KEYED.replace('"Fetch"', '"Fetch?"')
    assert run(["codemod", "suffix-keys", "--suffix", "?", str(tmp_path / "a.py"), "--diff"])[0] == 0


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    keyed, unkeyed = files(tmp_path, a=KEYED, b=UNKEYED)
    status, out, err = run(["codemod", "suffix-keys", "--diff", keyed, unkeyed])
    name = keyed.lstrip("/")
    assert out == (
        f"--- a/{name}\n+++ b/{name}\n@@ -4,4 +4,4 @@\n \n \n def main(data):\n"
        '-    data["order"] = FetchOrder(key="Fetch")  # keep me\n'
        '+    data["order"] = FetchOrder(key="Fetch!")  # keep me\n'
    )
    assert (status, err) == (0, "1 would change, 1 unchanged, 0 failed\n")
    assert Path(keyed).read_bytes() == KEYED.encode()


def test_a_last_line_without_a_line_break_is_marked_in_the_diff(tmp_path: Path) -> None:
    (keyed,) = files(tmp_path, a=KEYED.rstrip("\n"))
    out = run(["codemod", "suffix-keys", "--diff", keyed])[1]
    assert out.endswith(
        '+    data["order"] = FetchOrder(key="Fetch!")  # keep me\n\\ No newline at end of file\n'
    )


def test_a_written_file_keeps_its_mode(tmp_path: Path) -> None:
    (keyed,) = files(tmp_path, a=KEYED)
    os.chmod(keyed, 0o640)
    assert run(["codemod", "suffix-keys", keyed])[0] == 0
    assert stat.S_IMODE(os.stat(keyed).st_mode) == 0o640
    assert Path(keyed).read_bytes() == SUFFIXED.encode()


def test_a_failure_while_writing_leaves_the_original_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyed, other = files(tmp_path, a=KEYED, b=KEYED)

    def fail(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    status, out, err = run(["codemod", "suffix-keys", keyed, other])
    assert (status, out) == (2, "")
    assert err == (
        f"fluxio-cst: error: {keyed}: cannot write: No space left on device\n"
        f"fluxio-cst: error: {other}: cannot write: No space left on device\n"
        "2 changed, 0 unchanged, 0 failed\n"
    )
    assert sorted(os.listdir(tmp_path)) == ["a.py", "b.py"]
    assert Path(keyed).read_bytes() == KEYED.encode()


def test_a_symbolic_link_stays_a_link_and_its_target_is_written(tmp_path: Path) -> None:
    (keyed,) = files(tmp_path, a=KEYED)
    link = tmp_path / "link.py"
    link.symlink_to("a.py")
    assert run(["codemod", "suffix-keys", str(link)])[0] == 0
    assert link.is_symlink() and Path(keyed).read_bytes() == SUFFIXED.encode()


def test_folders_are_walked_as_check_walks_them(tmp_path: Path) -> None:
    for folder in ("one", "two", ".hidden", "node_modules"):
        (tmp_path / folder).mkdir()
    (tmp_path / "one" / "project.py").write_text(KEYED, encoding="utf-8")
    (tmp_path / "two" / "project.sfn").write_text(KEYED, encoding="utf-8")
    for skipped in (".hidden/project.py", "node_modules/project.py", "other.py"):
        (tmp_path / skipped).write_text(KEYED, encoding="utf-8")
    assert run(["codemod", "suffix-keys", str(tmp_path)]) == (0, "", "2 changed, 0 unchanged, 0 failed\n")
    assert (tmp_path / "one" / "project.py").read_text(encoding="utf-8") == SUFFIXED
    assert (tmp_path / "two" / "project.sfn").read_text(encoding="utf-8") == SUFFIXED
    for skipped in (".hidden/project.py", "node_modules/project.py", "other.py"):
        assert (tmp_path / skipped).read_text(encoding="utf-8") == KEYED


def test_two_processes_give_what_one_gives(tmp_path: Path) -> None:
    texts = {f"f{n}": text for n, text in enumerate([KEYED, UNKEYED, TYPO, KEYED, KEYED.rstrip("\n")])}
    paths = files(tmp_path, **texts)
    one = run(["codemod", "suffix-keys", "--diff", "-j", "1", *paths])
    assert run(["codemod", "suffix-keys", "--diff", "-j", "2", *paths]) == one
    assert one[0] == 1 and one[2].endswith("3 would change, 1 unchanged, 1 failed\n")


def test_a_file_in_another_encoding_keeps_its_bytes(tmp_path: Path) -> None:
    source = ("# -*- coding: latin-1 -*-\n" + KEYED.replace('"Fetch"', '"Café"')).encode("latin-1")
    path = tmp_path / "latin.py"
    path.write_bytes(source)
    status, out, _ = run(["codemod", "suffix-keys", "--diff", str(path)])
    assert status == 0 and '+    data["order"] = FetchOrder(key="Café!")  # keep me\n' in out
    assert run(["codemod", "suffix-keys", str(path)])[0] == 0
    assert path.read_bytes() == source.replace('"Café"'.encode("latin-1"), '"Café!"'.encode("latin-1"))


def test_an_unreadable_path_is_a_located_failure_and_exit_2(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.py")
    status, _, err = run(["codemod", "suffix-keys", missing])
    assert status == 2
    problem = f"{missing}:1:1: error[FX006]: cannot read: No such file or directory"
    assert err == f"{problem}\n0 changed, 0 unchanged, 1 failed\n"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_line_on_a_terminal_only(tmp_path: Path) -> None:
    (keyed,) = files(tmp_path, a=KEYED)
    err = run(["codemod", "suffix-keys", "--diff", keyed], Terminal())[2]
    erase = "\r\033[2K"
    assert (
        err == f"{erase}0/1 files (0%){erase}1/1 files (100%){erase}1 would change, 0 unchanged, 0 failed\n"
    )
    assert "\r" not in run(["codemod", "suffix-keys", "--diff", keyed])[2]


@pytest.mark.parametrize(
    "argv", [["codemod"], ["codemod", "no-such-command", "x.py"], ["codemod", "suffix-keys"]]
)
def test_usage_errors_are_exit_2(argv: List[str]) -> None:
    assert run(argv)[0] == 2


def test_jobs_must_be_a_positive_number(tmp_path: Path) -> None:
    (keyed,) = files(tmp_path, a=KEYED)
    status, _, err = run(["codemod", "suffix-keys", "-j", "0", keyed])
    assert (status, err) == (
        2,
        "fluxio-cst: error: -j/--jobs takes a number of processes of at least 1, not '0'\n",
    )


@pytest.fixture
def fake_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Suffix`` as the ``fix`` codemod: ``check --fix``'s running, writing and reporting."""
    monkeypatch.setitem(COMMANDS, "fix", Suffix)


@pytest.mark.usefixtures("fake_fix")
def test_check_fix_writes_the_fixed_files_then_reports_what_remains(tmp_path: Path) -> None:
    keyed, typo = files(tmp_path, a=KEYED, b=TYPO)
    os.chmod(keyed, 0o640)
    status, out, err = run(["check", "--fix", keyed, typo])
    caret = '        data["order"] = FetchOrdr(key="Fetch")  # keep me\n                        ^^^^^^^^^'
    assert (status, err) == (1, "")
    assert out == f"{typo}:{TYPO_LINE}\n{caret}\n1 error(s), 0 warning(s) in 2 file(s)\nFixed 0 problem(s)\n"
    assert Path(keyed).read_bytes() == SUFFIXED.encode() and stat.S_IMODE(os.stat(keyed).st_mode) == 0o640
    assert Path(typo).read_bytes() == TYPO.encode()


@pytest.mark.usefixtures("fake_fix")
def test_check_diff_prints_the_fixes_writes_nothing_and_exits_1_when_there_is_one(tmp_path: Path) -> None:
    keyed, unkeyed = files(tmp_path, a=KEYED, b=UNKEYED)
    codemod = run(["codemod", "fix", "--diff", keyed])[1]
    assert run(["check", "--diff", keyed, unkeyed]) == (1, codemod, "Would fix 0 problem(s)\n")
    assert Path(keyed).read_bytes() == KEYED.encode()
    assert run(["check", "--diff", unkeyed]) == (0, "", "Would fix 0 problem(s)\n")


def test_a_plain_check_does_not_load_the_codemods() -> None:
    from tests.test_cli_startup import SMALL, imported_after

    names = ["fluxio_cst.codemods", "fluxio_cst.cli.codemod", "fluxio_cst.cli.fixing", "libcst.codemod"]
    assert imported_after(["check", SMALL], names) == "0"


def test_a_file_edited_while_the_codemod_ran_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fluxio_cst.cli import rewrite

    (keyed,) = files(tmp_path, a=KEYED)
    real = rewrite.rewritten_source

    def then_edited(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        Path(keyed).write_text(KEYED + "# edited\n", encoding="utf-8")
        return result

    monkeypatch.setattr(rewrite, "rewritten_source", then_edited)
    status, _, err = run(["codemod", "suffix-keys", keyed])
    assert status == 2
    assert err.startswith(f"fluxio-cst: error: {keyed}: cannot write: the file changed while the codemod ran")
    assert Path(keyed).read_text(encoding="utf-8") == KEYED + "# edited\n"


def test_a_signal_while_writing_leaves_the_original_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fluxio_cst.cli.commands import Interrupted

    (keyed,) = files(tmp_path, a=KEYED)

    def interrupted(descriptor: int) -> None:  # what the handler raises when SIGTERM arrives
        raise Interrupted(15)

    monkeypatch.setattr(os, "fsync", interrupted)
    status, _, err = run(["codemod", "suffix-keys", keyed])
    assert (status, err) == (143, "fluxio-cst: interrupted by signal 15; nothing half-written left\n")
    assert os.listdir(tmp_path) == ["a.py"] and Path(keyed).read_bytes() == KEYED.encode()


def test_arguments_the_command_refuses_are_one_usage_error(tmp_path: Path) -> None:
    (keyed,) = files(tmp_path, a=KEYED)
    status, out, err = run(["codemod", "rename-task", "FetchOrder", "9x", keyed])
    assert (status, out) == (2, "")
    assert err == "fluxio-cst: error: rename-task takes class names, and '9x' is not a Python identifier\n"
    assert Path(keyed).read_bytes() == KEYED.encode()


class Crash(FluxioCodemod):
    NAME = "crash"
    DESCRIPTION = "A codemod with a bug."

    def plan(self, tree: cst.Module, before: Compilation) -> None:
        raise RuntimeError("oops")


def test_a_command_that_crashes_fails_that_file_and_the_others_are_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(COMMANDS, Crash.NAME, Crash)
    keyed, typo = files(tmp_path, a=KEYED, b=TYPO)
    status, _, err = run(["codemod", "crash", keyed, typo])
    crash = (
        f"{keyed}:1:1: error[FX901]: internal error: the crash codemod failed (RuntimeError: oops). "
        "This is a bug in fluxio_cst: please report it with this file."
    )
    assert (status, err) == (1, f"{crash}\n{typo}:{TYPO_LINE}\n0 changed, 0 unchanged, 2 failed\n")
    assert Path(keyed).read_bytes() == KEYED.encode()


class Warns(Suffix):
    NAME = "warns"

    def plan(self, tree: cst.Module, before: Compilation) -> None:
        self.warn("line 7: left as it is")
        super().plan(tree, before)


def test_a_command_s_warnings_are_one_line_each_at_their_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(COMMANDS, Warns.NAME, Warns)
    (keyed,) = files(tmp_path, a=KEYED)
    status, _, err = run(["codemod", "warns", keyed])
    assert (status, err) == (
        0,
        f"{keyed}: warning: line 7: left as it is\n1 changed, 0 unchanged, 0 failed\n",
    )
    assert Path(keyed).read_bytes() == SUFFIXED.encode()


SYNC_RUN, EXPORT = (
    FIXTURES / "errors" / "FX206_sync_run.py",
    FIXTURES / "errors" / "FX106_export_without_parens.py",
)


def test_check_fix_applies_the_fix_codemod_and_reports_what_remains(tmp_path: Path) -> None:
    path = Path(shutil.copy(SYNC_RUN, tmp_path / "project.py"))
    os.chmod(path, 0o640)
    assert run(["check", "--fix", str(path)]) == (
        0,
        "0 error(s), 0 warning(s) in 1 file(s)\nFixed 1 problem(s)\n",
        "",
    )
    assert path.read_bytes() == SYNC_RUN.read_bytes().replace(b"    def run", b"    async def run")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert run(["check", "--fix", str(path)]) == (
        0,
        "0 error(s), 0 warning(s) in 1 file(s)\nFixed 0 problem(s)\n",
        "",
    )


def test_check_diff_shows_the_fix_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    path = Path(shutil.copy(EXPORT, tmp_path / "project.py"))
    name = str(path).lstrip("/")
    diff = (
        f"--- a/{name}\n+++ b/{name}\n@@ -5,7 +5,7 @@\n         return score(event)\n \n \n"
        "-@export\n+@export()\n def score_items(data):\n"
        '     data["scores"] = ScoreItem(data, key="Score item")\n \n'
    )
    assert run(["check", "--diff", str(path)]) == (1, diff, "Would fix 1 problem(s)\n")
    assert path.read_bytes() == EXPORT.read_bytes()


def test_check_fix_writes_the_fixes_of_a_file_that_keeps_an_error(tmp_path: Path) -> None:
    source = SYNC_RUN.read_text(encoding="utf-8").replace("= SlugifyTitle(", "= SlugifyTitl(")
    path = tmp_path / "project.py"
    path.write_text(source, encoding="utf-8")
    status, out, _ = run(["check", "--fix", str(path)])
    assert (
        status == 1
        and "error[FX303]" in out
        and out.endswith("1 error(s), 0 warning(s) in 1 file(s)\nFixed 1 problem(s)\n")
    )
    assert path.read_text(encoding="utf-8") == source.replace("    def run", "    async def run")
