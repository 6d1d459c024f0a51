"""The migration report on small programs, one deliberate fix each: which fix, at which place
(as the builder reads it) and source position. That the report agrees with the real old parser
on these and every fixture and generated program is the differential session's test
(tests/differential/test_migrate.py); these pin the report's own output, and run everywhere.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from fluxio_cst.cli import main
from fluxio_cst.migrate.report import report

# Each program compiles in fluxio-parser 1.0.0 too (the differential session checks these cases
# against it). Every task leaving autoscaling unset differs by D11: only its own case shows it.
CASES: Dict[str, str] = {
    "d1": """class Fetch(Task):
    async def run(event, context):
        return event


def main(data):
    wait(seconds=5)
    Fetch(key="fetch")
    wait(seconds=5)
""",
    "d2": """class Fetch(Task):
    async def run(event, context):
        return event


def main(data):
    if data["n"] > 1:
        Fetch(key="big")
    Fetch(key="after")
""",
    "d2else": """class Fetch(Task):
    async def run(event, context):
        return event


def main(data):
    if data["n"] > 1:
        Fetch(key="big")
    else:
        Fetch(key="small")
    Fetch(key="after")
""",
    "d3": """class Fetch(Task):
    async def run(event, context):
        return event


def main(data):
    with retry(interval=5):
        Fetch(key="retried")
""",
    "d4": """class Fetch(Task):
    timeout = 60

    async def run(event, context):
        return event


def main(data):
    Fetch(key="class timeout")
    Fetch(key="call timeout", timeout=30)
""",
    "d6": """class Build(Task):
    service = "codebuild"
    build_spec = {"version": 0.2, "phases": {}}

    async def run(event, context):
        return event


def main(data):
    Build(key="build", env={"STAGE": "prod", "SHA": data["git"]["sha"]})
""",
    "d7": '''def main(data):
    """Nothing yet."""
''',
    "d7u": """class Fetch(Task):
    async def run(event, context):
        return event


def main(data):
    data[u"out"] = Fetch(data[u"in"], key="fetch")
""",
    "d8": """class Fetch(Task):
    async def run(event, context):
        return event


def branch(data):
    Fetch(key="in branch")


def main(data):
    parallel(branch)
""",
    "d9": """class Fetch(Task):
    async def run(event, context):
        return event


def main(data):
    if not bool(data["empty"]):
        Fetch(key="full")
    else:
        Fetch(key="empty")
""",
    "d17": """class Fetch(Task):
    async def run(event, context):
        return event


def main(data):
    if data["shipped_to"] == str(data["billed_to"]):
        Fetch(key="same")
    elif not bool(data["paid"]) != bool(data["due"]):
        Fetch(key="settled")
""",
    "d10": """class Fetch(Task):
    async def run(event, context):
        return event


def branch(data):
    Fetch(key="in branch")


def main(data):
    Fetch(key="first")
    parallel(branch, key="fan out")
""",
    "d11": """class Fetch(Task):
    autoscaling_max = 3

    async def run(event, context):
        return event


def main(data):
    Fetch(key="fetch")
""",
    "d12": """class Fetch(Task):
    async def run(event, context):
        return event


@export()
def branch(data):
    Fetch(key="in branch")


def main(data):
    map(data["items"], branch)
""",
    "d15": """class Fetch(Task):
    async def run(event, context):
        import os, json
        from .helpers import tidy
        return event


def main(data):
    Fetch(key="fetch")
""",
    "d16": """def main(data):
    data.update({"a": 1, "b": 2})
""",
}

# (fix, place, line, column 0-based) of every finding, in the report's order (source order).
EXPECTED: Dict[str, List[Tuple[str, str, int, int]]] = {
    "d1": [
        ("D1", "machine main state Wait-e5c56e31dc75e3ab40a0bde48a809a45", 7, 4),
        ("D1", "machine main state fetch", 8, 4),
        ("D1", "machine main state Wait-e5c56e31dc75e3ab40a0bde48a809a45-2", 9, 4),
    ],
    "d2": [
        ("D2", "machine main state Pass-648ce2d5e0aec04ae8e97615f8a9efc8", 7, 4),
        ("D2", "machine main state Choice-7dab774afb58405e597d0c3d55cae68e", 7, 4),
    ],
    "d2else": [("D2", "machine main state small", 10, 8)],
    "d3": [("D3", "machine main state retried", 8, 8)],
    "d4": [("D4", "machine main state class timeout", 9, 4)],
    "d6": [("D6", "machine main state build", 10, 4)],
    "d7": [("D7", "machine main state Pass-648ce2d5e0aec04ae8e97615f8a9efc8", 1, 0)],
    "d7u": [("D7", "machine main state fetch", 7, 4)],
    "d8": [("D8", "machine main state Parallel-eb647c8e10e0fbc9fa26d3f5bfa942af", 11, 4)],
    "d9": [("D9", "machine main state Choice-cc352f4ad5daaba82a0612b684f5af8a", 7, 4)],
    "d17": [
        ("D17", "machine main state Choice-0971b6c7be8213a8c4e3b392dbb8e2dc", 7, 4),
        ("D9", "machine main state Choice-0971b6c7be8213a8c4e3b392dbb8e2dc", 7, 4),
    ],
    "d10": [
        ("D10", "machine main state first", 11, 4),
        ("D8", "machine main state fan out", 12, 4),
        ("D10", "machine main state fan out", 12, 4),
        ("D10", "machine main state Parallel-809c34d31dbe1c1402cc62668e35ed47", 12, 4),
    ],
    "d11": [("D11", "task Fetch attribute autoscaling_min", 1, 6)],
    "d12": [("D12", "machine branch is_first_class", 7, 4)],
    "d15": [("D15", "task Fetch dependencies", 3, 8), ("D15", "dependencies", 3, 8)],
    "d16": [
        ("D16", "machine main state Pass-1a97f4719a2aebf28c1f6aa1c6f25fbc-2", 2, 4),
        ("D16", "machine main state Pass-1a97f4719a2aebf28c1f6aa1c6f25fbc", 2, 4),
    ],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_fix_is_found_at_its_place(case: str) -> None:
    found = report(CASES[case], "project.py")
    assert not found.errors and not found.old_failures
    got = [(f.fix, f.place, f.line, f.column) for f in found.differences if f.fix != "D11" or case == "d11"]
    assert got == EXPECTED[case]


SAME = """class Fetch(Task):
    autoscaling_min = 0
    autoscaling_max = 10

    async def run(event, context):
        return event


def main(data):
    Fetch(key="fetch")
"""

OLD_FAILS = """class Fetch(Task):
    autoscaling_min = 0
    autoscaling_max = 10

    async def run(event, context):
        return event


def each(data):
    Fetch(key="fetch")


def main(data):
    map(data["items"], each, key="fan out")
"""


def test_a_program_deployed_alike_has_no_finding() -> None:
    assert report(SAME, "project.py").differences == ()


def test_a_file_the_old_parser_rejected_says_why_and_lists_no_difference() -> None:
    found = report(OLD_FAILS, "project.py")
    assert [(f.fix, f.place, f.line, f.column) for f in found.old_failures] == [("D10", "file", 14, 4)]
    assert "key=" in found.old_failures[0].message and found.differences == ()


def test_a_file_fluxio_cst_rejects_has_its_diagnostics_only() -> None:
    found = report("def main(data):\n    print(data)\n", "project.py")
    assert found.errors and not found.differences and not found.old_failures
    assert found.to_json()["compiles"] is False


def run(*arguments: str) -> Tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["migrate", *arguments], out, err)
    return status, out.getvalue(), err.getvalue()


def test_the_command_prints_one_line_per_finding_position_first(tmp_path: Path) -> None:
    (tmp_path / "project.py").write_text(CASES["d4"], encoding="utf-8")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "project.py").write_text(OLD_FAILS, encoding="utf-8")
    status, out, _ = run(str(tmp_path))
    project, old = tmp_path / "project.py", tmp_path / "old" / "project.py"
    assert status == 0
    assert out.splitlines() == [
        f"{project}:1:7: D11 task Fetch attribute autoscaling_min: "
        "`autoscaling_min` defaults to 1; the old parser's default was 0",
        f"{project}:1:7: D11 task Fetch attribute autoscaling_max: "
        "`autoscaling_max` defaults to 1; the old parser's default was 10",
        f"{project}:9:5: D4 machine main state class timeout: "
        "TimeoutSeconds is the class timeout 60; the old parser wrote 300",
        f"{old}: the old parser could not compile this file; nothing of it was deployed",
        f"{old}:14:5: D10 {report(OLD_FAILS, 'x').old_failures[0].message}",
        "3 difference(s) from fluxio-parser 1.0.0 in 2 file(s); "
        "1 file(s) the old parser could not compile, 0 with errors",
    ]


def test_the_json_report_has_every_file(tmp_path: Path) -> None:
    path = tmp_path / "project.py"
    path.write_text(CASES["d8"], encoding="utf-8")
    status, out, _ = run("--format", "json", str(path))
    assert status == 0
    (document,) = json.loads(out)
    assert document["path"] == str(path) and document["compiles"] and document["old_parser_compiles"]
    d8 = [f for f in document["differences"] if f["fix"] == "D8"]
    assert d8 == [
        {
            "fix": "D8",
            "place": "machine main state Parallel-eb647c8e10e0fbc9fa26d3f5bfa942af",
            "line": 11,
            "column": 5,
            "message": "the old parser left out ResultPath: the branches' outputs replaced the data",
        }
    ]


def test_an_invalid_file_is_status_1_and_a_missing_one_status_2(tmp_path: Path) -> None:
    bad = tmp_path / "project.py"
    bad.write_text("def main(data):\n    print(data)\n", encoding="utf-8")
    status, out, _ = run(str(bad))
    assert status == 1 and f"{bad}:2:5: error[FX" in out
    status, out, _ = run(str(tmp_path / "missing.py"))
    assert status == 2 and "cannot read" in out and out.endswith(", 1 with errors\n")


def test_the_migration_page_shows_the_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(__file__).parent.parent
    monkeypatch.chdir(root)  # the page's paths are the repository's
    readme = (root / "docs" / "migrating.md").read_text(encoding="utf-8")
    block = readme.split("```console\n$ fluxio-cst migrate ", 1)[1].split("```", 1)[0]
    command, shown = block.split("\n", 1)
    status, out, _ = run(*command.split())
    assert status == 0 and out == shown
