"""The package's shape: small modules and imports flowing one way (no cycles).

A module over the limit is one that does several jobs; a cycle is two layers that know each
other. Both make a feature touch many files, which this layout exists to prevent.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, List, Set

PACKAGE = Path(__file__).resolve().parent.parent / "fluxio_cst"
MAX_LINES = 300
# Data tables, not code: the committed list of standard-library module names.
DATA_MODULES = {"stdlib.py"}


def _modules() -> Dict[str, Path]:
    """Every module of the package by dotted name (``fluxio_cst.dsl.map``)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(name: str, path: Path, modules: Dict[str, Path]) -> Set[str]:
    """The package modules ``name`` imports at run time (``TYPE_CHECKING`` blocks excluded)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: Set[str] = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in modules else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {module for module in found if module in modules and module != name}


def _runtime_nodes(tree: ast.Module) -> List[ast.stmt]:
    nodes: List[ast.stmt] = []
    pending: List[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        nodes.append(node)
        for field in ("body", "orelse", "handlers", "finalbody"):
            pending.extend(getattr(node, field, []))
    return nodes


def test_no_module_grows_over_the_limit() -> None:
    too_long = {
        str(path.relative_to(PACKAGE)): len(path.read_text(encoding="utf-8").splitlines())
        for path in _modules().values()
        if path.name not in DATA_MODULES
    }
    over = {name: lines for name, lines in too_long.items() if lines > MAX_LINES}
    assert not over, f"modules over {MAX_LINES} lines (split them by job): {over}"


def test_imports_have_no_cycle() -> None:
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    cycles = []
    state: Dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name: str, path: List[str]) -> None:
        state[name] = 1
        for imported in sorted(graph[name]):
            if state.get(imported) == 1:
                cycles.append(
                    path[path.index(imported) :] + [imported] if imported in path else [name, imported]
                )
            elif imported not in state:
                visit(imported, path + [imported])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles, "import cycles: " + "; ".join(" → ".join(c) for c in cycles)


def test_the_checks_see_the_package() -> None:
    """The walkers find the modules and their imports (else the tests above pass vacuously)."""
    modules = _modules()
    assert {"fluxio_cst", "fluxio_cst.cli", "fluxio_cst.codes"} <= set(modules)
    assert "fluxio_cst.codes" in _imports("fluxio_cst.cli.many", modules["fluxio_cst.cli.many"], modules)
