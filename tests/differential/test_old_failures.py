"""fluxio_cst.migrate.old_failures against the real fluxio-parser 1.0.0: the report claims the
old parser failed on a file exactly when it did.

On the fixtures the claimed fix is the one :data:`.table.OLD_FAILS` names; on generated
programs the claim and the old snapshot's exception must agree both ways (a predicate that
over- or under-claims fails); small sources pin positions and fixes.
"""

from __future__ import annotations

import textwrap
from typing import Optional, Tuple

import pytest
from hypothesis import HealthCheck, event, given, settings

from fluxio_cst.migrate.findings import FILE, Finding, Subject
from fluxio_cst.migrate.old_failures import old_failures
from fluxio_cst.pipeline import compile_tree
from fluxio_cst.read import read_module
from tests.conftest import FIXTURES, examples
from tests.differential.table import OLD_FAILS
from tests.differential.test_differential import old_snapshot
from tests.dsl_strategies import projects

FIXTURE_FILES = {path.stem: path for path in sorted(FIXTURES.glob("*.py"))}


def subject_of(source: bytes, path: str = "project.py") -> Optional[Subject]:
    """The subject of a file fluxio_cst compiles; None when it does not."""
    try:
        compiled = compile_tree(read_module(source, path), path, from_its_text=True)
    except Exception:  # refused before compiling (a gate, a syntax error)
        return None
    return None if compiled.project is None else Subject(compiled.project, compiled.names, compiled.graphs)


def old_fails(source: bytes) -> bool:
    try:
        old_snapshot(source)
    except Exception:
        return True
    return False


@pytest.mark.parametrize("stem", sorted(FIXTURE_FILES))
def test_fixture_fixes(stem: str) -> None:
    subject = subject_of(FIXTURE_FILES[stem].read_bytes(), str(FIXTURE_FILES[stem]))
    if subject is None:
        pytest.skip("fluxio_cst does not compile it")
    found = old_failures(subject)
    # The old parser stops at its first error: one finding, the cause OLD_FAILS names.
    expected = {OLD_FAILS[stem][0]} if stem in OLD_FAILS else set()
    assert {finding.fix for finding in found} == expected
    assert all(finding.place == FILE for finding in found)


@settings(max_examples=examples(200), deadline=None, suppress_health_check=list(HealthCheck))
@given(projects())
def test_generated_programs_claim_exactly_the_old_failures(source: bytes) -> None:
    subject = subject_of(source)
    if subject is None:
        return
    claimed = old_failures(subject)
    event(f"old parser fails: {bool(claimed)}")
    assert bool(claimed) == old_fails(source), claimed


HEAD = """\
class Fetch(Task):
    async def run(event, context):
        return event
"""


def findings(body: str) -> Tuple[Finding, ...]:
    source = (HEAD + textwrap.dedent(body)).encode()
    subject = subject_of(source)
    assert subject is not None
    found = old_failures(subject)
    assert bool(found) == old_fails(source)
    return found


def where(body: str) -> Tuple[str, int, int]:
    (finding,) = findings(body)
    return finding.fix, finding.line, finding.column


def test_compiles_in_both() -> None:
    assert findings("def main(data):\n    Fetch()\n") == ()


def test_two_ifs_in_a_row_then_a_third() -> None:
    body = """\
    def main(data):
        if data["a"] == 1:
            Fetch(key="a")
        if data["b"] == 1:
            Fetch(key="b")
        if data["c"] == 1:
            Fetch(key="c")
    """
    assert where(body) == ("D5", 9, 4)  # pop from an empty deque, at the third `if`


def test_two_states_after_a_merged_if() -> None:
    body = """\
    def main(data):
        if data["a"] == 1:
            Fetch(key="a")
        Fetch(key="b")
        if data["b"] == 1:
            Fetch(key="c")
        Fetch(key="d")
    """
    assert where(body) == ("D5", 5, 4)  # several states downstream of the first Choice


def test_nested_target() -> None:
    assert where('def main(data):\n    data["a"]["b"] = 1\n') == ("D7", 5, 4)


def test_key_on_map_and_wait() -> None:
    body = """\
    def each(data):
        Fetch()
    def main(data):
        map(data["items"], each, key="Each")
    """
    assert where(body) == ("D10", 7, 4)
    assert where('def main(data):\n    wait(seconds=1, key="W")\n') == ("D10", 5, 4)


def test_negative_literal_in_a_rule() -> None:
    assert where('def main(data):\n    if data["t"] > -5:\n        Fetch()\n') == ("D13", 5, 19)


def test_task_defined_after_use() -> None:
    source = "def main(data):\n    Later()\n" + HEAD.replace("Fetch", "Later")
    subject = subject_of(source.encode())
    assert subject is not None
    ((fix, line, column),) = [(f.fix, f.line, f.column) for f in old_failures(subject)]
    assert (fix, line, column) == ("§A", 2, 4) and old_fails(source.encode())


def test_worker_without_run() -> None:
    source = b"class W(Task):\n    service = 'ecs:worker'\n    spec = 'a.b:C'\ndef main(data):\n    W()\n"
    subject = subject_of(source)
    assert subject is not None
    assert [(f.fix, f.line, f.column) for f in old_failures(subject)] == [("D14", 1, 0)]
    assert old_fails(source)


def test_if_opening_a_handler_taken_for_an_elif() -> None:
    body = """\
    def main(data):
        if data["a"] == 1:
            Fetch(key="a")
        try:
            Fetch(key="t")
        except KeyError:
            if data["b"] == 1:
                Fetch(key="b")
    """
    assert where(body) == ("D5", 9, 4)  # the handler lost its states to the first Choice


def test_try_or_retry_around_map_or_parallel() -> None:
    """The old parser refused handlers after a Map or Parallel ("Only task states can have
    exception handlers") and crashed applying retry() to one (no ``add_retries``); fluxio_cst
    compiles both to the state's Catch and Retry."""
    each = "def each(data):\n    Fetch()\n"
    mapped = '        data["r"] = map(data["items"], each)\n'
    caught = each + "def main(data):\n    try:\n" + mapped + "    except KeyError:\n        Fetch()\n"
    assert where(caught) == ("D7", 9, 4)  # the handler
    retried = each + "def main(data):\n    with retry():\n        parallel(each, each)\n"
    assert where(retried) == ("D7", 7, 4)  # the with statement
