"""D11: ``autoscaling_min``/``autoscaling_max`` default to 1/1 as the DSL documents; the old
parser's defaults were 0/10."""

from __future__ import annotations

from typing import Iterator

from ...syntax import assignments
from ..findings import Finding, Subject

FIX = "D11"
OLD_DEFAULTS = {"autoscaling_min": 0, "autoscaling_max": 10}


def findings(subject: Subject) -> Iterator[Finding]:
    for name, task in subject.project.tasks.items():
        for attribute, old in OLD_DEFAULTS.items():
            new = getattr(task, attribute)
            if new != old and not assignments(task.node, attribute):
                message = f"`{attribute}` defaults to {new}; the old parser's default was {old}"
                yield subject.finding(FIX, f"task {name} attribute {attribute}", task.node.name, message)
