"""D10 (parallel): ``key=`` names a Parallel state; the old parser ignored it and named the
state by the statement's hash. (On ``map`` and ``wait`` it rejected ``key=``: the file did not
compile, see :mod:`..old_failures`.)"""

from __future__ import annotations

from typing import Dict

from ... import graph
from ...emit.program import generated_key
from ..old_machine import OldMachine
from .d01_numbering import rename

FIX = "D10"


def undo(machine: OldMachine) -> None:
    source = machine.subject.project.source
    old = {
        name: generated_key(source, parallel.key)
        for name, _, parallel in machine.of(graph.ParallelState)
        if parallel.key.explicit is not None
    }
    if old:
        rename(machine, lambda name: old.get(name, name), FIX, _why)


def _why(name: str, renamed: Dict[str, str]) -> str:
    if renamed.get(name, name) != name:
        return f"the old parser ignored this parallel's key= and named it `{renamed[name]}`"
    if name in renamed.values():
        return "the old parser's name for this parallel, which ignored its key="
    return "a parallel it goes to was named by its hash in the old parser, not by its key="
