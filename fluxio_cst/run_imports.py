"""The imports of a ``run`` method: its import statements and the packages they bring in.

The only reason a ``run`` body is walked at all: ``dependencies`` are the top-level packages
its imports name, wherever in the body they are. Expressions hold no imports, so the walk does
not descend into them. Two readings give the same packages: CPython's tree (what the compiler
has of a ``run`` whose body LibCST did not read, see :mod:`fluxio_cst.read.skeleton`) and
LibCST's (a caller's tree). Names are NFKC-normalised, as Python imports them.
"""

from __future__ import annotations

import ast
import unicodedata
from typing import FrozenSet, Iterable, Iterator, List, Optional, Tuple, Union

import libcst as cst

from . import values


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
    names: List[Optional[str]] = []
    for node in visitor.found:
        if isinstance(node, cst.Import):
            names.extend(values.dotted_name(alias.name) for alias in node.names)
        elif not node.relative and node.module is not None:
            names.append(values.dotted_name(node.module))
    return tuple(visitor.found), _packages(names)


def dependencies_of(run: ast.AST) -> FrozenSet[str]:
    """The top-level packages the imports of ``run`` (as CPython read it) bring in."""
    names: List[Optional[str]] = []
    for node in _statements(run):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module is not None:
            names.append(node.module)
    return _packages(names)


_SUITES = ("body", "orelse", "finalbody", "handlers", "cases")  # where statements hold statements


def _statements(node: ast.AST) -> Iterator[ast.AST]:
    """Every statement under ``node``, without walking expressions (they hold no imports)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        for suite in _SUITES:
            stack.extend(getattr(current, suite, ()))


def _packages(names: Iterable[Optional[str]]) -> FrozenSet[str]:
    tops = (unicodedata.normalize("NFKC", name.split(".")[0]) for name in names if name is not None)
    return frozenset(top for top in tops if top != "__future__")
