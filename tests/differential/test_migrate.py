"""The migration report against the real old parser: every difference between what
fluxio-parser 1.0.0 and fluxio_cst give the builder is explained by the report, at that place
and by the fix the tables name, and the report claims no difference that is not there.

States are compared by name through every States map (iterators and branches included), so a
claim names the very state that differs; the other values the builder reads (attributes,
dependencies, imports, flags) by their snapshot names, which are the report's places.
"""

from __future__ import annotations

import ast
import fnmatch
import json
from typing import Any, Callable, Dict, List, Set

import astor
import pytest
from hypothesis import HealthCheck, event, given, settings

from fluxio_cst import compat
from fluxio_cst.migrate.report import FileReport, old_machines, report, subject_of
from tests.conftest import examples
from tests.differential.snapshots import snapshot
from tests.differential.table import DIFFERS, OLD_FAILS
from tests.differential.test_differential import FIXTURE_FILES, old_parse, renderer
from tests.dsl_strategies import projects
from tests.test_migrate import CASES as UNIT_CASES

STATE_VIEWS = ("state *", "StartAt", "task_states", "task_state *")


def occurrences(definition: Dict[str, Any]) -> Dict[str, List[Any]]:
    """Every state by name, through every States map, in pre-order (a name can repeat); a Map's
    iterator and a Parallel's branches are left out of it, their states being compared apart."""
    found: Dict[str, List[Any]] = {}
    for name, state in definition.get("States", {}).items():
        own = {k: v for k, v in state.items() if k not in ("Iterator", "Branches")}
        found.setdefault(name, []).append(own)
        nested = [state["Iterator"]] if "Iterator" in state else state.get("Branches", [])
        for branch in nested:
            for inner, states in occurrences(branch).items():
                found.setdefault(inner, []).extend(states)
    return found


def deployed(definition: Dict[str, Any]) -> Any:
    """A definition as Step Functions receives it: JSON (a literal's int keys become strings)."""
    return json.loads(json.dumps(definition))


def differing_states(old: Dict[str, Any], new: Dict[str, Any]) -> Set[str]:
    before, after = occurrences(deployed(old)), occurrences(deployed(new))
    return {name for name in set(before) | set(after) if before.get(name) != after.get(name)}


def as_read(name: str, value: Any) -> Any:
    """A value as it matters: the ASL views as the JSON that is deployed (``{True: 1}`` from the
    old parser and ``{"true": 1}`` from fluxio_cst are one Result), the rest as it is."""
    if any(fnmatch.fnmatchcase(name, f"machine * {view}") for view in STATE_VIEWS):
        return json.loads(json.dumps(value))
    return value


def check(source: bytes, render: Callable[[Any], str] = astor.to_source) -> FileReport:
    """Assert the report of ``source`` against both parsers; return it."""
    found = report(source, "<generated>")
    assert not found.errors, found.errors
    try:
        old_script = old_parse(source)
        old = snapshot(old_script, render)
    except Exception:
        assert found.old_failures, "the old parser fails here and the report does not say so"
        assert not found.differences, "differences from a file the old parser never deployed"
        return found
    assert not found.old_failures, found.old_failures
    new_script = compat.parse_project_tree(source)
    new = snapshot(new_script, render)
    claims = {f.place for f in found.differences}
    subject = subject_of(source, "<generated>")
    assert not isinstance(subject, Exception)
    emulated = old_machines(subject)
    for name, machine in new_script.state_machine_visitors.items():
        old_definition = old_script.state_machine_visitors[name].to_dict()
        differing = differing_states(old_definition, machine.to_dict())
        if f"machine {name}" in claims:  # the report says it cannot tell the old states (D5)
            assert differing, f"{name}: claimed to differ as a whole, but equal"
            continue
        assert deployed(emulated[name].asl) == deployed(old_definition), name
        claimed = {p.split(" state ", 1)[1] for p in claims if p.startswith(f"machine {name} state ")}
        assert claimed == differing, name
    changed = {n for n in set(old) | set(new) if as_read(n, old.get(n)) != as_read(n, new.get(n))}
    others = {n for n in changed if not any(fnmatch.fnmatchcase(n, f"machine * {v}") for v in STATE_VIEWS)}
    task_claims = {p for p in claims if not p.startswith("machine ") or p.endswith(" is_first_class")}
    options = {n for n in changed if n.endswith(" options") and " task_state " in n}
    assert others - options == task_claims, (sorted(others - options), sorted(task_claims))
    for name in changed - others - options:  # a state's own views: explained by its claim
        machine, rest = name[len("machine ") :].split(" ", 1)
        state = rest.split(" ", 1)[1].rsplit(" ", 1)[0] if rest.startswith("task_state ") else None
        mine = {p for p in claims if p == f"machine {machine}" or p.startswith(f"machine {machine} state ")}
        whole = f"machine {machine}" in claims
        assert (whole or f"machine {machine} state {state}" in claims) if state else mine, name
    for name in options:  # a Task state's options: the state's own fields and its class's
        machine, key = name[len("machine ") : -len(" options")].split(" task_state ", 1)
        task = new[f"machine {machine} task_state {key} task_definition_name"]
        explained = {f"machine {machine}", f"machine {machine} state {key}"} & claims
        assert explained or any(p.startswith(f"task {task} attribute ") for p in claims), name
    return found


@pytest.mark.parametrize("stem", sorted(FIXTURE_FILES))
def test_each_fixture_is_explained_by_the_fixes_the_table_names(stem: str) -> None:
    found = check(FIXTURE_FILES[stem].read_bytes(), renderer(stem))
    if stem in OLD_FAILS:
        assert OLD_FAILS[stem][0] in {f.fix for f in found.old_failures}
        return
    listed = {fix for fixes in DIFFERS.get(stem, {}).values() for fix in fixes}
    assert {f.fix for f in found.differences} - {"D11"} == listed


@settings(max_examples=examples(200), deadline=None, suppress_health_check=list(HealthCheck))
@given(projects())
def test_generated_programs_are_explained(source: bytes) -> None:
    try:
        ast.parse(source)
    except SyntaxError:
        return
    if report(source, "<generated>").errors:
        event("fluxio_cst rejects it")
        return
    found = check(source)
    event("the old parser fails" if found.old_failures else "both compile")


@pytest.mark.parametrize("case", sorted(UNIT_CASES))
def test_the_unit_cases_are_what_the_old_parser_deployed(case: str) -> None:
    """tests/test_migrate.py pins the report's output on these; here it meets the old parser."""
    found = check(UNIT_CASES[case].encode())
    assert not found.old_failures
