"""Codemods over every golden fixture: what each promises, checked on real project files.

For every fixture that compiles: the result parses again and compiles; a second run changes
nothing; ``pin-keys`` leaves every machine's ASL as it was, and ``rename-task`` too but for the
renamed Task's resources; and every line an edit touches differs from the original only by the
edit (a pragma added, ``key=``/``timeout=`` added, the name replaced), so no byte outside the
edited statements moves.
"""

from __future__ import annotations

import difflib
import itertools
import re
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

import fluxio_cst
from fluxio_cst.codemods import pin_keys, rename_task, set_attribute, set_timeout
from tests.conftest import FIXTURES

PROGRAMS = sorted(FIXTURES.glob("[0-9]*.py"))
WITH_TASKS = [p for p in PROGRAMS if re.search(rb"^class \w+\(Task\):", p.read_bytes(), re.M)]
_ADDED = re.compile(r'  # fluxio: key="[^"\n]*"|(, ?|(?<=\())(key|timeout)=("[^"\n]*"|\d+)|,(?=\s*$)')
_ALONE = re.compile(r'^\s*(key|timeout)=("[^"\n]*"|\d+),?\s*$')


def asl(source: bytes) -> Dict[str, Any]:
    return {name: m.to_asl() for name, m in fluxio_cst.parse(source).state_machines.items()}


def changed_lines(before: bytes, after: bytes) -> List[Tuple[str, str]]:
    """(old, new) for each line that differs; an added line is ("", new)."""
    old = before.decode("latin-1").splitlines(keepends=True)  # byte for byte, whatever the encoding
    new = after.decode("latin-1").splitlines(keepends=True)
    pairs: List[Tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        assert tag != "delete", f"an edit removed lines {old[i1:i2]!r}"
        if tag == "equal":
            continue
        added = [line for line in new[j1:j2] if _ALONE.match(line)]
        kept = [line for line in new[j1:j2] if not _ALONE.match(line)]
        assert len(kept) == i2 - i1, f"lines {old[i1:i2]!r} became {new[j1:j2]!r}"
        pairs.extend(zip(old[i1:i2], kept))
        pairs.extend(("", line) for line in added)
    return pairs


def _same_but_edit(old: str, new: str) -> bool:
    """Whether ``new`` is ``old`` with some of the pieces an edit adds inserted: a pragma,
    ``, key="…"`` or ``, timeout=N``, a trailing comma."""
    pieces = list(_ADDED.finditer(new))
    for chosen in itertools.product((False, True), repeat=len(pieces)):
        kept, at = [], 0
        for piece, drop in zip(pieces, chosen):
            if drop:
                kept.append(new[at : piece.start()])
                at = piece.end()
        if "".join(kept) + new[at:] == old:
            return True
    return False


def only_edits(before: bytes, after: bytes, *renames: Tuple[str, str]) -> None:
    for old, new in changed_lines(before, after):
        if not old:
            assert _ALONE.match(new), f"an added line that is not a keyword: {new!r}"
            continue
        for a, b in renames:
            new = re.sub(rf"\b{b}\b", a, new)
        assert _same_but_edit(old, new), f"{old!r} became {new!r}"


@pytest.mark.parametrize("path", PROGRAMS, ids=lambda p: p.name)
def test_pin_keys(path: Path) -> None:
    source = path.read_bytes()
    pinned = pin_keys(source, str(path))
    assert asl(pinned) == asl(source)
    assert pin_keys(pinned, str(path)) == pinned
    only_edits(source, pinned)


@pytest.mark.parametrize("path", WITH_TASKS, ids=lambda p: p.name)
def test_rename_task(path: Path) -> None:
    source = path.read_bytes()
    tasks = list(fluxio_cst.parse(source).tasks)
    old, new = tasks[0], tasks[0] + "Renamed"
    renamed = rename_task(source, old, new, path=str(path))
    before, after = asl(source), asl(renamed)
    assert _names(before) == _names(after)
    assert _masked(before, old) == _masked(after, new)
    assert rename_task(renamed, old, new, path=str(path)) == renamed
    only_edits(source, renamed, (old, new))


@pytest.mark.parametrize("path", WITH_TASKS, ids=lambda p: p.name)
def test_set_timeout_and_attribute(path: Path) -> None:
    source = path.read_bytes()
    for task in fluxio_cst.parse(source).tasks:
        timed = set_timeout(source, task, 900, path=str(path))
        assert set_timeout(timed, task, 900, path=str(path)) == timed
        assert _names(asl(timed)) == _names(asl(source))
        project = fluxio_cst.parse(timed)
        assert project.tasks[task].timeout == 900
        cpu = project.tasks[task].cpu  # written out as it is: a valid value for every service
        sized = set_attribute(source, task, "cpu", str(cpu), path=str(path))
        assert asl(sized) == asl(source) and fluxio_cst.parse(sized).tasks[task].cpu == cpu


def _names(machines: Dict[str, Any]) -> Dict[str, List[str]]:
    found: Dict[str, List[str]] = {}

    def walk(name: str, machine: Dict[str, Any]) -> None:
        for key, state in machine["States"].items():
            found.setdefault(name, []).append(key)
            for nested in [state["Iterator"]] if "Iterator" in state else state.get("Branches", []):
                walk(name, nested)

    for name, machine in machines.items():
        walk(name, machine)
    return found


def _masked(machines: Dict[str, Any], task: str) -> str:
    """The ASL with the Task's own names masked: its variables and an ECS container's name."""
    text = repr(machines)
    text = re.sub(r"\$\{([A-Za-z0-9_:.]*?)" + task + r"\}", r"${\1TASK}", text)
    return text.replace(f"'Name': '{task}'", "'Name': 'TASK'")
