"""The bad-input catalogue ``fixtures/errors/``: every diagnostic, exactly where and as users see it.

Each ``fixtures/errors/<code>_<slug>.py`` is a realistic project file with one or more mistakes,
named after the code of its first diagnostic; ``<stem>.diagnostics.json`` lists the diagnostics
it must produce, exactly (columns 1-based, as ``Diagnostic.as_json()`` and ``check --format
json`` give them). A ``<stem>.diagnostics.py3.X.json`` replaces it on Python 3.X, for the few
syntax errors whose wording comes from CPython and differs there. ``fixtures/errors/fixed/`` holds,
for each code, a corrected version of one of its bad files; docs/diagnostics.md documents each code with
that pair (``tests/diagnostics_doc.py``).
"""

from __future__ import annotations

import io
import json
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Tuple, Union

import pytest

import fluxio_cst
from fluxio_cst.cli import main
from fluxio_cst.codes import Code
from fluxio_cst.diagnostics import Diagnostic
from fluxio_cst.meanings import MEANINGS
from tests import diagnostics_doc
from tests.conftest import FIXTURES

ERRORS = FIXTURES / "errors"
FIXED = ERRORS / "fixed"
BAD_FILES = sorted(ERRORS.glob("*.py"))
FIXED_FILES = sorted(FIXED.glob("*.py"))
FIELDS = ("code", "severity", "line", "column", "end_line", "end_column", "message")

# What compiling a file gives: its diagnostics (raised or warnings), or the exception that escaped.
Outcome = Union[Tuple[Diagnostic, ...], Exception]


def outcome(path: Path) -> Outcome:
    """``FluxioError.diagnostics`` for a file that raises, ``Project.warnings`` otherwise; any
    other exception is a crash, returned so that a test can say so."""
    try:
        return fluxio_cst.parse_file(path).warnings
    except fluxio_cst.FluxioError as exc:
        return exc.diagnostics
    except Exception as exc:  # a crash: the test reports it with its traceback
        return exc


def describe(crash: Exception) -> str:
    return "".join(traceback.format_exception(type(crash), crash, crash.__traceback__))


@dataclass(frozen=True)
class KnownBug:
    """A compiler bug a catalogue file exposes: its expected JSON says what *should* happen.

    While ``present`` holds, the test is an expected failure (listed by ``pytest -ra``); once
    the bug is fixed the file is held to its JSON, and the entry must go.
    """

    reason: str
    present: Callable[[Outcome], bool]


KNOWN_BUGS: Dict[str, KnownBug] = {}


def expected_path(path: Path) -> Path:
    """The expected diagnostics of a bad file on the running Python."""
    version = ERRORS / f"{path.stem}.diagnostics.py{sys.version_info[0]}.{sys.version_info[1]}.json"
    return version if version.exists() else ERRORS / f"{path.stem}.diagnostics.json"


def expected(path: Path) -> List[Dict[str, object]]:
    loaded: List[Dict[str, object]] = json.loads(expected_path(path).read_text(encoding="utf-8"))
    return loaded


def as_expected(diagnostic: Diagnostic) -> Dict[str, object]:
    """A diagnostic as the JSON files write it: ``as_json()`` without the path."""
    shown = diagnostic.as_json()
    return {name: shown[name] for name in FIELDS}


def code_of(path: Path) -> str:
    return path.stem.split("_", 1)[0]


def bug_or_crash(path: Path, crashes_only: bool = False) -> Tuple[Diagnostic, ...]:
    """The file's diagnostics; an expected failure while a known bug shows (or only a known crash),
    a failure on any other crash."""
    got = outcome(path)
    bug = KNOWN_BUGS.get(path.stem)
    if bug is not None and bug.present(got) and (isinstance(got, Exception) or not crashes_only):
        pytest.xfail(bug.reason)
    if isinstance(got, Exception):
        pytest.fail(f"{path.name} crashes the compiler:\n{describe(got)}")
    return got


@pytest.mark.parametrize("path", BAD_FILES, ids=[p.stem for p in BAD_FILES])
def test_diagnostics_are_exactly_the_expected_ones(path: Path) -> None:
    got = bug_or_crash(path)
    assert [as_expected(d) for d in got] == expected(path)
    assert path.stem not in KNOWN_BUGS, f"{path.stem} is fixed: remove it from KNOWN_BUGS"


@pytest.mark.parametrize("path", BAD_FILES, ids=[p.stem for p in BAD_FILES])
def test_messages_are_one_clear_line(path: Path) -> None:
    for diagnostic in bug_or_crash(path, crashes_only=True):
        assert diagnostic.message.strip(), f"{path.name}:{diagnostic.line}: empty message"
        assert "Traceback" not in diagnostic.message
        assert "\n" not in diagnostic.message, "a diagnostic is one line"
        assert diagnostic.path == str(path)
        assert 1 <= diagnostic.line <= diagnostic.end_line and diagnostic.column >= 0


@pytest.mark.parametrize("path", BAD_FILES, ids=[p.stem for p in BAD_FILES])
def test_file_is_named_after_its_first_code(path: Path) -> None:
    first = expected(path)[0]["code"]
    assert code_of(path) == first, f"rename {path.name}: its first diagnostic is {first}"
    assert first in {c.value for c in Code}


def test_expected_files_are_well_formed() -> None:
    stems = {p.stem for p in BAD_FILES}
    for path in sorted(ERRORS.glob("*.diagnostics*.json")):
        stem = path.name.split(".diagnostics", 1)[0]
        assert stem in stems, f"{path.name} belongs to no bad file"
        loaded = json.loads(path.read_text(encoding="utf-8"))
        assert loaded, f"{path.name}: a bad file has at least one diagnostic"
        for item in loaded:
            assert tuple(item) == FIELDS, f"{path.name}: fields are {FIELDS}"
            assert item["severity"] in ("error", "warning")
    for path in BAD_FILES:
        assert (ERRORS / f"{path.stem}.diagnostics.json").exists(), f"{path.name} has no expected JSON"


def test_every_code_has_a_bad_file() -> None:
    named = {code_of(p) for p in BAD_FILES}
    reported = {str(item["code"]) for p in BAD_FILES for item in expected(p)}
    for code in Code:
        # FX901 means a bug of ours, FX006 a path `check` cannot read: no file's text produces them
        if code in diagnostics_doc.WITHOUT_BAD_FILE:
            assert code.value not in named | reported
            continue
        assert code.value in named, f"no fixtures/errors/{code.value}_*.py"
        assert code.value in reported


def test_every_code_has_a_fixed_file() -> None:
    fixed = {code_of(p) for p in FIXED_FILES}
    missing = [c.value for c in Code if c not in diagnostics_doc.WITHOUT_BAD_FILE and c.value not in fixed]
    assert not missing, f"no fixtures/errors/fixed/ file for {missing}"


@pytest.mark.parametrize("path", FIXED_FILES, ids=[p.stem for p in FIXED_FILES])
def test_fixed_file_compiles_without_its_code(path: Path) -> None:
    assert (ERRORS / path.name).exists(), f"{path.name} fixes no bad file of the same name"
    try:
        project = fluxio_cst.parse_file(path)
    except fluxio_cst.FluxioError as exc:
        pytest.fail(f"the fixed file does not compile:\n{exc}")
    assert code_of(path) not in {d.code for d in project.warnings}
    assert project.warnings == (), "a fixed file is a clean example: no warnings either"
    for machine in project.state_machines.values():
        machine.to_asl()  # and it compiles all the way to (validated) ASL


def test_every_code_has_a_meaning() -> None:
    assert set(MEANINGS) == set(Code)
    for code, meaning in MEANINGS.items():
        assert meaning.strip() and (meaning[0].isupper() or meaning[0] == "`"), code
        assert meaning.endswith("."), code
        assert meaning.count(". ") == 0, f"{code.value}: one sentence"


def run(argv: List[str]) -> Tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, out, err)
    return status, out.getvalue(), err.getvalue()


def raised(path: Path) -> Tuple[Diagnostic, ...]:
    with pytest.raises(fluxio_cst.FluxioError) as info:
        fluxio_cst.parse_file(path)
    return info.value.diagnostics


def test_check_reports_every_error_of_every_file() -> None:
    first, second = ERRORS / "FX202_signup_pipeline.py", ERRORS / "FX305_fulfilment_flow.py"
    status, out, err = run(["check", str(first), str(second)])
    assert status == 1 and err == ""
    diagnostics = raised(first) + raised(second)
    assert len({d.path for d in diagnostics}) == 2 and len(diagnostics) > 10
    for diagnostic in diagnostics:
        assert diagnostic.headline() in out
    assert out.index(str(first)) < out.index(str(second))
    errors = sum(d.severity.value == "error" for d in diagnostics)
    summary = f"{errors} error(s), {len(diagnostics) - errors} warning(s) in 2 file(s)"
    assert out.rstrip("\n").endswith(summary)


def test_check_json_is_every_diagnostic() -> None:
    first, second = ERRORS / "FX209_worker_fleet.py", ERRORS / "FX403_routing_rules.py"
    status, out, _ = run(["check", str(first), str(second), "--format", "json"])
    assert status == 1
    listed = json.loads(out)
    assert listed == [d.as_json() for d in raised(first) + raised(second)]
    assert [{k: item[k] for k in FIELDS} for item in listed] == expected(first) + expected(second)


def test_check_of_warnings_only_exits_0() -> None:
    path = ERRORS / "FX101_legacy_project.py"
    status, out, _ = run(["check", str(path)])
    assert status == 0
    project = fluxio_cst.parse_file(path)
    warnings = project.warnings
    # Warnings are printed like errors: headline, source line, caret.
    assert (
        out
        == "\n".join(project.render_warnings()) + f"\n0 error(s), {len(warnings)} warning(s) in 1 file(s)\n"
    )
    assert all(w.headline() in out for w in warnings)


def test_the_catalogue_documents_every_code_as_generated() -> None:
    page = diagnostics_doc.DOC.read_text(encoding="utf-8")
    assert page == diagnostics_doc.document(), "docs/diagnostics.md is stale: python -m tests.diagnostics_doc"
    for code in Code:
        assert f"\n## {code.value}\n" in page


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\x0c"])
def test_a_syntax_error_shows_its_own_line_past_characters_that_are_no_line_break(separator: str) -> None:
    """Messages show the line the parser counted, not the one ``str.splitlines`` counts."""
    text = f"x = '{separator}'\ny = (\n"
    with pytest.raises(fluxio_cst.FluxioError) as raised:
        fluxio_cst.parse(text)
    assert raised.value.diagnostics[0].line == 2
    assert "y = (" in str(raised.value)
