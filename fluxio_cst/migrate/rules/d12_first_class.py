"""D12: ``is_first_class`` honours ``@export``, ``@schedule`` and ``@subscribe`` on a function
that is also a map iterator or a parallel branch; the old parser never deployed such a function
on its own."""

from __future__ import annotations

from typing import Iterator

from ... import graph
from ..findings import Finding, Subject

FIX = "D12"


def findings(subject: Subject) -> Iterator[Finding]:
    embedded = {name for function in subject.graphs.values() for name in graph.embedded(function.body)}
    for name, machine in subject.project.state_machines.items():
        if name in embedded and machine.is_first_class:
            message = "deployed on its own as its decorators ask; the old parser only embedded it"
            yield subject.finding(FIX, f"machine {name} is_first_class", machine.node.name, message)
