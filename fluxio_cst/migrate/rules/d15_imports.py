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
    first: Optional[cst.CSTNode] = None  # the first import read otherwise: the project's line
    for name, task in subject.project.tasks.items():
        if task.run_node is None:
            continue
        nodes, _ = imports_of(task.run_node)
        old = {package for package in map(_old_package, nodes) if package is not None}
        old_all |= old
        if old != set(task.dependencies):
            where = next((node for node in nodes if _read_otherwise(node)), task.run_node.name)
            first = first or where
            message = f"dependencies {sorted(task.dependencies)}; the old parser found {sorted(old)}"
            yield subject.finding(FIX, f"task {name} dependencies", where, message)
        dropped = [node for node in nodes if isinstance(node, cst.ImportFrom) and node.module is None]
        if dropped:
            message = "`from . import …` is kept; the old parser dropped it from the task's imports"
            yield subject.finding(FIX, f"task {name} import_nodes", dropped[0], message)
    if old_all != set(subject.project.dependencies):
        found = list(subject.project.dependencies)
        message = f"the project's dependencies are {found}; the old parser found {sorted(old_all)}"
        yield subject.finding(FIX, "dependencies", first or subject.project.source.module, message)


def _read_otherwise(node: Union[cst.Import, cst.ImportFrom]) -> bool:
    """Whether the old parser took other packages from this import than fluxio_cst does."""
    if isinstance(node, cst.Import):
        return len(node.names) > 1
    module = values.dotted_name(node.module) if node.module is not None else None
    return (bool(node.relative) and module is not None) or module == "__future__"


def _old_package(node: Union[cst.Import, cst.ImportFrom]) -> Optional[str]:
    """The one package the old parser took from an import statement."""
    if isinstance(node, cst.Import):
        first = values.dotted_name(node.names[0].name)
    elif node.module is not None:
        first = values.dotted_name(node.module)
    else:
        return None
    return first.split(".")[0] if first else None
