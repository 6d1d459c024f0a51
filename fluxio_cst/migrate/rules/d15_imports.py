"""D15 (imports): ``import a, b`` brings in both packages, and relative and ``__future__``
imports are no dependencies; the old parser kept the first package of an ``import`` and counted
``from .x import`` as ``x`` and ``__future__`` as a package. It also dropped ``from . import x``
from ``import_nodes``, so the built task lost that import."""

from __future__ import annotations

from typing import Iterator, Optional, Set, Union

import libcst as cst

from ... import values
from ...run_imports import imports_of
from ..findings import Finding, Subject

FIX = "D15"


def findings(subject: Subject) -> Iterator[Finding]:
    old_all: Set[str] = set()
    for name, task in subject.project.tasks.items():
        if task.run_node is None:
            continue
        nodes, _ = imports_of(task.run_node)
        old = {_old_package(node) for node in nodes} - {None}
        old_all |= old  # type: ignore[arg-type]
        if old != set(task.dependencies):
            message = f"dependencies {sorted(task.dependencies)}; the old parser found {sorted(old)}"  # type: ignore[type-var]
            yield subject.finding(FIX, f"task {name} dependencies", task.run_node.name, message)
        dropped = [node for node in nodes if isinstance(node, cst.ImportFrom) and node.module is None]
        if dropped:
            message = "`from . import …` is kept; the old parser dropped it from the task's imports"
            yield subject.finding(FIX, f"task {name} import_nodes", dropped[0], message)
    if old_all != set(subject.project.dependencies):
        found = list(subject.project.dependencies)
        message = f"the project's dependencies are {found}; the old parser found {sorted(old_all)}"
        yield subject.finding(FIX, "dependencies", subject.project.source.module, message)


def _old_package(node: Union[cst.Import, cst.ImportFrom]) -> Optional[str]:
    """The one package the old parser took from an import statement."""
    if isinstance(node, cst.Import):
        first = values.dotted_name(node.names[0].name)
    elif node.module is not None:
        first = values.dotted_name(node.module)
    else:
        return None
    return first.split(".")[0] if first else None
