"""``check``'s --format github and sarif, --select/--ignore and --strict, through a real
subprocess; the SARIF log is validated against the published OASIS schema (tests/data)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import List, Tuple

import jsonschema
import pytest

from fluxio_cst.cli.problems import github_annotation
from fluxio_cst.diagnostics import Diagnostic, Severity
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent
WARNING = "fixtures/errors/FX409_compare_two_references.py"  # one FX409 warning
MIXED = "fixtures/errors/FX101_logger_call.py"  # an FX101 warning and an FX302 error
SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
FX409 = (
    "no cast says what these values are, so they compare as strings (two equal numbers are not equal "
    "strings); write `str(data[…])` if strings are meant, `int(…)` or `timestamp(…)` if not"
)


def check(*argv: str) -> Tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "fluxio_cst", "check", *argv], capture_output=True, text=True, cwd=ROOT
    )
    return done.returncode, done.stdout, done.stderr


def codes(argv: List[str]) -> List[str]:
    _, out, _ = check("--format", "json", *argv)
    return [d["code"] for d in json.loads(out)]


def test_github_annotations_one_per_problem() -> None:
    status, out, err = check("--format", "github", WARNING, MIXED)
    assert (status, err) == (1, "")
    assert out.splitlines() == [
        f"::warning file={WARNING},line=7,col=8,endLine=7,endColumn=65,title=FX409::{FX409}",
        f"::warning file={MIXED},line=3,col=1,endLine=3,endColumn=37,title=FX101::only Task/EventProcessor "
        "classes, state machine functions and imports are read at module level; this statement is ignored",
        f"::error file={MIXED},line=14,col=5,endLine=14,endColumn=41,title=FX302::a statement here is a Task "
        "call, a state machine call, map(), parallel(), wait(), data.update({...}) or a `data[...] = ...` "
        "assignment",
    ]


def test_github_escapes_as_the_toolkit_does() -> None:
    odd = Diagnostic("FX001", Severity.ERROR, "100% a\r\nb: c, d", "a,b:c%.py", 1, 0, 1, 2)
    assert github_annotation(odd) == (
        "::error file=a%2Cb%3Ac%25.py,line=1,col=1,endLine=1,endColumn=3,title=FX001::100%25 a%0D%0Ab: c, d"
    )


def test_sarif_is_valid_against_the_published_schema() -> None:
    status, out, err = check("--format", "sarif", WARNING, MIXED)
    assert (status, err) == (1, "")
    log = json.loads(out)
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))
    (run,) = log["runs"]
    assert log["version"] == "2.1.0" and run["tool"]["driver"]["name"] == "fluxio-cst"
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["FX101", "FX302", "FX409"]
    assert rules[2]["shortDescription"]["text"].startswith("Two data references are compared")
    first = run["results"][0]
    assert first == {
        "ruleId": "FX409",
        "ruleIndex": 2,
        "level": "warning",
        "message": {"text": FX409},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": WARNING},
                    "region": {"startLine": 7, "startColumn": 8, "endLine": 7, "endColumn": 65},
                }
            }
        ],
    }
    assert [r["level"] for r in run["results"]] == ["warning", "warning", "error"]


def test_sarif_of_a_clean_file_is_valid_with_no_results() -> None:
    status, out, _ = check("--format", "sarif", str(FIXTURES / "01_single_task.py"))
    log = json.loads(out)
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert status == 0 and log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []


def test_strict_makes_warnings_fail() -> None:
    assert check(WARNING)[0] == 0
    status, out, _ = check("--strict", WARNING)
    assert status == 1 and out.endswith("0 error(s), 1 warning(s) in 1 file(s)\n")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], ["FX409", "FX101", "FX302"]),
        (["--select", "FX4"], ["FX409"]),
        (["--select", "FX1,FX409"], ["FX409", "FX101"]),
        (["--select", "FX1", "--select", "FX3"], ["FX101", "FX302"]),
        (["--ignore", "FX1"], ["FX409", "FX302"]),
        (["--select", "FX", "--ignore", "FX30"], ["FX409", "FX101"]),
        (["--ignore", "FX", "--select", "FX302"], ["FX302"]),  # the more specific selector wins
        (["--select", "FX302", "--ignore", "FX302"], []),  # a tie: ignoring wins
    ],
)
def test_select_and_ignore_take_codes_and_prefixes(argv: List[str], expected: List[str]) -> None:
    assert codes([*argv, WARNING, MIXED]) == expected


def test_an_ignored_error_does_not_fail_the_run_and_its_lines_go() -> None:
    status, out, _ = check("--ignore", "FX302", MIXED)
    assert status == 0
    assert out.splitlines() == [
        f"{MIXED}:3:1: warning[FX101]: only Task/EventProcessor classes, state machine functions and "
        "imports are read at module level; this statement is ignored",
        "    logger = logging.getLogger(__name__)",
        "    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        "0 error(s), 1 warning(s) in 1 file(s)",
    ]


def test_an_unknown_code_is_a_usage_error() -> None:
    status, out, err = check("--select", "FX4,FX999", WARNING)
    assert (status, out) == (2, "")
    assert err == "fluxio-cst: error: --select: `FX999` is not a diagnostic code or a prefix of one\n"
    assert check("--ignore", "E501", WARNING)[0] == 2
