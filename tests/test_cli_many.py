"""``compile`` and ``extract`` over several paths: one JSON object keyed by path, one folder
of modules per project; a bad file is reported at its place and the others still done."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path
from typing import List, Tuple

from fluxio_cst.cli import main
from tests.conftest import FIXTURES

CHOICE, MAP, TYPO = (
    str(FIXTURES / "04_choice.py"),
    str(FIXTURES / "03_ecs_worker_map.py"),
    str(FIXTURES / "errors" / "FX303_task_typo.py"),
)


def run(argv: List[str]) -> Tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, out, err)
    return status, out.getvalue(), err.getvalue()


def one(path: str, *options: str) -> object:
    status, out, _ = run(["compile", path, *options])
    assert status == 0
    return json.loads(out)


def test_several_files_are_one_object_keyed_by_path_in_input_order() -> None:
    status, out, err = run(["compile", MAP, CHOICE, "--all"])
    assert (status, err) == (0, "")
    assert list(json.loads(out)) == [MAP, CHOICE]
    assert json.loads(out) == {MAP: one(MAP, "--all"), CHOICE: one(CHOICE, "--all")}
    assert out.startswith('{\n  "') and out.endswith("}\n")


def test_a_bad_file_is_reported_on_stderr_and_the_others_are_compiled(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.py")
    status, out, err = run(["compile", TYPO, CHOICE, missing])
    assert status == 2  # the worst of: invalid (1) and unreadable (2), as `check` says it
    assert json.loads(out) == {CHOICE: one(CHOICE)}
    assert err.startswith(f"{TYPO}:14:21: error[FX303]: `FetchOrdr` is not a Task class")
    assert err.endswith(f"{missing}:1:1: error[FX006]: cannot read: No such file or directory\n")
    status, out, _ = run(["compile", TYPO, CHOICE])
    assert status == 1 and list(json.loads(out)) == [CHOICE]


def test_a_state_machine_missing_from_one_file_is_a_usage_error_of_that_file() -> None:
    status, out, err = run(["compile", CHOICE, MAP, "--state-machine", "main"])
    assert status == 0 and list(json.loads(out)) == [CHOICE, MAP]
    nested = str(FIXTURES / "08_nested_state_machine.py")
    status, out, err = run(["compile", nested, CHOICE, "--state-machine", "child"])
    assert status == 2 and json.loads(out) == {nested: one(nested, "--state-machine", "child")}
    assert err == f"fluxio-cst: error: {CHOICE}: no state machine `child` (functions: main)\n"


def projects(tmp_path: Path) -> Path:
    """A repository of two projects, each a ``project.py`` in its own folder (and one skipped)."""
    for name, fixture in (("orders", CHOICE), ("workers", MAP), (".hidden", TYPO)):
        (tmp_path / "repo" / name).mkdir(parents=True)
        shutil.copy(fixture, tmp_path / "repo" / name / "project.py")
    return tmp_path / "repo"


def test_folders_are_walked_as_check_walks_them(tmp_path: Path) -> None:
    repo = projects(tmp_path)
    status, out, err = run(["compile", str(repo), CHOICE])
    found = [str(repo / "orders" / "project.py"), str(repo / "workers" / "project.py"), CHOICE]
    assert (status, err, list(json.loads(out))) == (0, "", found)


def test_a_folder_alone_is_walked_too(tmp_path: Path) -> None:
    repo = projects(tmp_path)
    status, out, err = run(["compile", str(repo)])
    found = [str(repo / "orders" / "project.py"), str(repo / "workers" / "project.py")]
    assert (status, err, list(json.loads(out))) == (0, "", found)
    status, printed, err = run(["extract", str(repo), "--out", str(tmp_path / "out")])
    assert (status, err) == (0, "") and printed.splitlines()[
        0
    ] == f"wrote {tmp_path / 'out' / 'orders' / 'Bar.py'}"


def listing(folder: Path) -> List[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_extract_writes_each_project_into_its_own_folder(tmp_path: Path) -> None:
    repo, out = projects(tmp_path), tmp_path / "out"
    status, printed, err = run(["extract", str(repo), CHOICE, MAP, "--out", str(out)])
    assert (status, err) == (0, "")
    assert printed.splitlines() == [
        f"wrote {out / 'orders' / 'Bar.py'}",
        f"wrote {out / 'orders' / 'Baz.py'}",
        f"wrote {out / 'workers' / 'GenerateItems.py'}",
        "skipped Worker: no run method (ecs:worker)",
        f"wrote {out / '04_choice' / 'Bar.py'}",
        f"wrote {out / '04_choice' / 'Baz.py'}",
        f"wrote {out / '03_ecs_worker_map' / 'GenerateItems.py'}",
        "skipped Worker: no run method (ecs:worker)",
    ]
    run(["extract", MAP, "--out", str(tmp_path / "alone")])
    alone = (tmp_path / "alone" / "GenerateItems.py").read_bytes()
    assert (out / "03_ecs_worker_map" / "GenerateItems.py").read_bytes() == alone
    assert (out / "workers" / "GenerateItems.py").read_bytes() == alone


def test_two_files_for_one_folder_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    fixed = str(FIXTURES / "errors" / "fixed" / "FX303_task_typo.py")
    status, printed, err = run(["extract", CHOICE, TYPO, fixed, "--out", str(tmp_path / "out")])
    assert (status, printed) == (2, "")
    folder = tmp_path / "out" / "FX303_task_typo"
    assert err == (
        f"fluxio-cst: error: {TYPO} and {fixed} would both be written to {folder}; "
        "nothing written (extract them one at a time)\n"
    )
    assert not (tmp_path / "out").exists()


def test_a_refused_project_does_not_stop_the_others(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "04_choice").mkdir(parents=True)
    os.symlink(tmp_path / "elsewhere.py", out / "04_choice" / "Baz.py")
    status, printed, err = run(["extract", CHOICE, TYPO, MAP, "--out", str(out)])
    assert status == 2
    assert err.startswith(
        f"fluxio-cst: error: {out / '04_choice' / 'Baz.py'}: is a symbolic link; nothing written"
    )
    assert f"{TYPO}:14:21: error[FX303]" in err
    assert printed.splitlines() == [
        f"wrote {out / '03_ecs_worker_map' / 'GenerateItems.py'}",
        "skipped Worker: no run method (ecs:worker)",
    ]
    written = ["03_ecs_worker_map", "03_ecs_worker_map/GenerateItems.py", "04_choice", "04_choice/Baz.py"]
    assert listing(out) == written  # nothing of 04_choice written, not even its Bar.py


def test_a_project_file_given_is_never_a_target(tmp_path: Path) -> None:
    """Another input is protected like the project itself (here: ``a``'s module is ``b``)."""
    (tmp_path / "a").mkdir()
    shutil.copy(MAP, tmp_path / "a.py")
    shutil.copy(CHOICE, tmp_path / "a" / "GenerateItems.py")
    data = (tmp_path / "a" / "GenerateItems.py").read_bytes()
    status, _, err = run(
        ["extract", str(tmp_path / "a.py"), str(tmp_path / "a" / "GenerateItems.py"), "--out", str(tmp_path)]
    )
    assert status == 2 and "itself; nothing written" in err
    assert (tmp_path / "a" / "GenerateItems.py").read_bytes() == data
