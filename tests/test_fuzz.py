"""Robustness: whatever the input, ``parse`` returns a project or raises ``FluxioError``.

Two sources of input: arbitrary Python modules (hypothesmith, from Python's grammar and from
LibCST's node types) and valid DSL files mutated the way people break them (lines deleted,
duplicated, re-indented or truncated, names swapped for other DSL names, stray characters).
A project that parses must also render: every machine's ASL, task states, run sources.
The file on disk is never changed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import List

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fluxio_cst
from tests.conftest import examples, project_files

# hypothesmith checks its programs with compile(), which warns about odd code like `1()`.
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")

FUZZ = settings(
    max_examples=examples(120),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)

SOURCES = [p.read_text(encoding="utf-8") for p in project_files() if p.read_bytes().isascii()]

# Words that move a program between valid and invalid DSL in interesting ways.
WORDS = [
    "data",
    "map",
    "parallel",
    "wait",
    "retry",
    "Task",
    "EventProcessor",
    "States.ALL",
    "key=",
    "timeout=",
    "return",
    "raise",
    "pass",
    "if",
    "elif",
    "else:",
    "try:",
    "except:",
    "with",
    "async",
    "def",
    "class",
    "(",
    ")",
    "[",
    "]",
    ":",
    ",",
    "=",
    "==",
    "not",
    "and",
    "or",
    "1",
    "-1",
    "1.5",
    "'x'",
    '"y"',
    "True",
    "None",
    "{",
    "}",
    "\\",
    "#",
    '"""',
    "\t",
    "\r\n",
]


def exercise(source: str) -> None:
    """Parse, then touch everything a user of the model can reach."""
    try:
        project = fluxio_cst.parse(source, "fuzz.py")
    except fluxio_cst.FluxioError as exc:
        assert exc.diagnostics, "a FluxioError always carries diagnostics"
        assert str(exc)
        return
    for machine in project.state_machines.values():
        try:
            machine.to_asl()
            machine.task_states  # noqa: B018 - computing them is the test
        except fluxio_cst.FluxioError as exc:
            assert exc.diagnostics
    for task in project.tasks.values():
        assert task.run_source is None or task.run_source in project.module.code
        task.run_module_source  # noqa: B018
        task.imports  # noqa: B018


ACTIONS = ["delete", "duplicate", "indent", "dedent", "word", "truncate", "swap"]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines: List[str] = draw(st.sampled_from(SOURCES)).splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(
            st.sampled_from(["delete", "duplicate", "indent", "dedent", "word", "truncate", "swap"])
        )
        line = lines[index]
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, line)
        elif action == "indent":
            lines[index] = "    " + line
        elif action == "dedent":
            lines[index] = line[4:] if line.startswith("    ") else line.lstrip()
        elif action == "word":
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(st.sampled_from(WORDS)) + line[at:]
        elif action == "truncate":
            lines[index] = line[: draw(st.integers(0, len(line)))]
        else:
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
    return "".join(lines)


@settings(FUZZ, max_examples=examples(500))
@given(mutated())
def test_mutated_dsl_files(source: str) -> None:
    exercise(source)


@FUZZ
@given(hypothesmith.from_grammar())
def test_arbitrary_python_from_the_grammar(source: str) -> None:
    exercise(source)


@settings(FUZZ, max_examples=examples(25))  # generating from LibCST's nodes is slow: ~1 s an example
@given(hypothesmith.from_node())
def test_arbitrary_python_from_libcst_nodes(source: str) -> None:
    exercise(source)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes(data: bytes) -> None:
    try:
        project = fluxio_cst.parse(data, "bytes.py")
    except fluxio_cst.FluxioError as exc:
        assert exc.diagnostics
    else:
        for machine in project.state_machines.values():
            machine.to_asl()


@pytest.mark.parametrize("path", project_files()[:5] + project_files()[-5:], ids=lambda p: p.stem)
def test_parse_file_never_changes_the_file(path: Path, tmp_path: Path) -> None:
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    project = fluxio_cst.parse_file(copy)
    for machine in project.state_machines.values():
        machine.to_asl()
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before


MAIN = "def main(data):\n"
TASK_A = "class A(Task):\n    async def run(event, context):\n        return\n"
DEEP_IFS = "".join("    " * (i + 1) + "if data['a'] == 1:\n" for i in range(120)) + "    " * 121 + "return\n"
PATHOLOGICAL = {
    "empty": b"",
    "blank": b"\n\n",
    "comment": b"# only a comment\n",
    "bom-garbage": b"\xff\xfe\x00",
    "bad-utf8": b"def main(data):\n    x = '\xe9'\n",  # a latin-1 byte without a coding cookie
    "nul": b"\x00",
    "brackets": MAIN + "    data['x'] = " + "[" * 5000 + "]" * 5000 + "\n",
    "nots": MAIN + "    data['x'] = " + "not " * 30000 + "1\n",
    "ands": MAIN + "    data['x'] = " + " and ".join(["a"] * 30000) + "\n",
    "deep-ifs": MAIN + DEEP_IFS,
    "huge": MAIN + "    A()\n" * 5000 + TASK_A,
}


@pytest.mark.parametrize("source", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_inputs(source: object) -> None:
    assert isinstance(source, (str, bytes))
    try:
        project = fluxio_cst.parse(source, "odd.py")
    except fluxio_cst.FluxioError as exc:
        assert exc.diagnostics and all(d.line >= 1 for d in exc.diagnostics)
    else:
        for machine in project.state_machines.values():
            machine.to_asl()
