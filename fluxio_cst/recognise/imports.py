"""The imports of a ``run`` method: its import statements and the packages they bring in.

The only reason a ``run`` body is walked at all: ``dependencies`` are the top-level packages
its imports name, wherever in the body they are. Expressions hold no imports, so the walk does
not descend into them.
"""

from __future__ import annotations

from typing import FrozenSet, List, Tuple, Union

import libcst as cst

from .. import values


class _Imports(cst.CSTVisitor):
    """Import statements anywhere in a ``run`` body: the only reason to walk it."""

    def __init__(self) -> None:
        self.found: List[Union[cst.Import, cst.ImportFrom]] = []

    def visit_Import(self, node: cst.Import) -> bool:
        self.found.append(node)
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        self.found.append(node)
        return False

    # Expressions hold no imports: do not descend into them.
    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
        return any(isinstance(s, (cst.Import, cst.ImportFrom)) for s in node.body)


def imports_of(
    run: cst.FunctionDef,
) -> Tuple[Tuple[Union[cst.Import, cst.ImportFrom], ...], FrozenSet[str]]:
    """The import statements of ``run`` and the top-level packages they bring in (relative and
    ``__future__`` imports are not dependencies)."""
    visitor = _Imports()
    run.body.visit(visitor)
    packages = set()
    for node in visitor.found:
        if isinstance(node, cst.Import):
            names = [values.dotted_name(alias.name) for alias in node.names]
        elif node.relative or node.module is None:
            continue
        else:
            names = [values.dotted_name(node.module)]
        for name in names:
            if name is not None and name.split(".")[0] != "__future__":
                packages.add(name.split(".")[0])
    return tuple(visitor.found), frozenset(packages)
