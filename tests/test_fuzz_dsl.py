"""Property tests over DSL-shaped programs: generated ones and mutations of every fixture.

What every program must get (issue 8, "Done when"): ``parse_file`` returns a Project or raises
FluxioError; every diagnostic is located (line and column) and none is FX901 (our own bugs);
the file's bytes are unchanged; every machine of an accepted program renders to ASL that is
valid JSON, encodable as UTF-8 and clean for our own validator; and, in the ``outside_tools``
session, a sample of accepted machines passes the real npm ``asl-validator`` (one Node run per
test, as Node's start costs about a second).

Example counts: see ``examples()`` in conftest (all on 3.11, a quarter elsewhere); the
environment variable ``FLUXIO_FUZZ_EXAMPLES`` replaces them for hard local runs, e.g.
``FLUXIO_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz_dsl.py --hypothesis-seed=7 -n 2``.
CI runs are reproducible: with ``CI`` set, conftest loads the ``ci`` profile (derandomized,
no example database).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

import fluxio_cst
from fluxio_cst.asl import validate_asl
from tests.conftest import examples
from tests.dsl_strategies import projects
from tests.fuzz_mutations import fixture_files, mutate
from tests.test_asl_validator import run_asl_validator

pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")


def budget(count: int) -> int:
    """The example count of a test: ``FLUXIO_FUZZ_EXAMPLES`` when set, else ``examples()``."""
    override = os.environ.get("FLUXIO_FUZZ_EXAMPLES")
    return int(override) if override else examples(count)


FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

Machines = List[Tuple[str, Dict[str, Any]]]


def assert_located(diagnostics: Tuple[fluxio_cst.Diagnostic, ...], source: bytes) -> None:
    """Every diagnostic has a real place in the file, and none is an internal error."""
    for d in diagnostics:
        assert d.code != "FX901", f"FX901 (internal error) for a user's program:\n{d.headline()}\n{source!r}"
        assert d.line >= 1 and d.column >= 0, d.headline()
        assert (d.end_line, d.end_column) >= (d.line, d.column), d.headline()
        assert d.message.strip(), d.headline()


def compile_file(source: bytes) -> Optional[fluxio_cst.Project]:
    """``parse_file`` on a real file; the file's bytes must be untouched whatever happens."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "project.py"
        path.write_bytes(source)
        try:
            project: Optional[fluxio_cst.Project] = fluxio_cst.parse_file(path)
        except fluxio_cst.FluxioError as exc:
            assert exc.diagnostics, "a FluxioError always carries diagnostics"
            assert_located(exc.diagnostics, source)
            str(exc)  # rendering with carets must work on every file
            project = None
        assert path.read_bytes() == source, "parse_file changed the input file"
    return project


def render(project: fluxio_cst.Project, source: bytes) -> Machines:
    """Every machine's ASL (JSON-clean, UTF-8-encodable, valid for our validator) and the rest
    of the model a user can reach."""
    assert_located(project.warnings, source)
    machines: Machines = []
    for name, machine in project.state_machines.items():
        asl = machine.to_asl()
        text = json.dumps(asl, ensure_ascii=False, allow_nan=False)
        text.encode("utf-8")  # a lone surrogate in the ASL cannot be written anywhere
        assert validate_asl(asl) == [], (name, validate_asl(asl))
        machine.task_states  # noqa: B018 - computing them is the test
        machines.append((name, asl))
    for task in project.tasks.values():
        assert task.run_source is None or task.run_source in project.source.text
        task.run_module_source  # noqa: B018
    return machines


def check(source: bytes) -> Machines:
    """The whole property for one program; the machines of an accepted one."""
    project = compile_file(source)
    event("accepted" if project is not None else "rejected")
    return render(project, source) if project is not None else []


@settings(FUZZ, max_examples=budget(150))  # ~0.2 s an example: most of this file's CI time
@given(projects())
def test_generated_programs(source: bytes) -> None:
    check(source)


FIXTURE_FILES = fixture_files()


@settings(FUZZ, max_examples=budget(200))
@given(st.sampled_from(FIXTURE_FILES).flatmap(lambda p: mutate(p.read_bytes())))
def test_mutated_fixtures(source: bytes) -> None:
    check(source)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: str(p.relative_to(FIXTURE_FILES[0].parent)))
def test_every_fixture_mutated(path: Path) -> None:
    """Each fixture, unchanged and in a few mutations (the sampled test may miss some files)."""
    data = path.read_bytes()

    @settings(FUZZ, max_examples=max(1, budget(12) // 4))
    @given(mutate(data))
    @example(data)
    def mutations(source: bytes) -> None:
        check(source)

    mutations()


# -- the real asl-validator on a sample of accepted programs (outside_tools session) -----------


def validate_sample(strategy: st.SearchStrategy[bytes], count: int, folder: Path) -> None:
    """Compile ``count`` programs, then check every accepted machine in one asl-validator run."""
    sample: List[Tuple[str, Dict[str, Any], bytes]] = []

    @settings(FUZZ, max_examples=count)
    @given(strategy)
    def collect(source: bytes) -> None:
        for name, asl in check(source):
            sample.append((f"p{len(sample)}_{name.encode('ascii', 'replace').hex()[:16]}", asl, source))

    collect()
    assert sample, "no generated program was accepted: the generator is broken"
    code, output, paths = run_asl_validator([(ident, asl) for ident, asl, _ in sample], folder)
    rejected = [
        (path.name, source)
        for path, (_, _, source) in zip(paths, sample)
        if f'"{path}" is valid' not in output
    ]
    assert code == 0 and not rejected, (
        f"asl-validator rejected {len(rejected)} machine(s):\n{output[-4000:]}\n"
        + ("\n".join(f"{name}:\n{source.decode('utf-8', 'replace')}" for name, source in rejected[:3]))
    )


@pytest.mark.outside_tools
def test_asl_validator_accepts_generated_programs(tmp_path: Path) -> None:
    validate_sample(projects(), budget(200), tmp_path)


@pytest.mark.outside_tools
def test_asl_validator_accepts_mutated_fixtures(tmp_path: Path) -> None:
    validate_sample(
        st.sampled_from(FIXTURE_FILES).flatmap(lambda p: mutate(p.read_bytes())), budget(200), tmp_path
    )
