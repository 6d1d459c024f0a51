"""The names a project file binds at module level, and the names the DSL reserves.

A Task's ``run`` is deployed alone, so it may use no module-level name; a state machine or
Task named like a DSL function means something else to Python than to Fluxio. Both checks ask
what the module binds, answered here without recursion.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple, Union

import libcst as cst

from ..syntax import compound_blocks, statements_of
from ..values import dotted_name, identifier

# The names the DSL gives a meaning to: its calls, its decorators, its base classes, and the
# functions its Choice rules read (``timestamp()``, and ``fnmatch()`` as the fnmatch module's).
DSL_NAMES = frozenset(
    ("map", "parallel", "wait", "retry", "schedule", "subscribe", "export", "process_events")
    + ("Task", "EventProcessor", "States", "data", "timestamp", "fnmatch", "fnmatchcase")
)
# The imports that bind a DSL name to what the DSL reads it as: (module of a ``from`` import or
# None for ``import``, the name imported, the name bound).
_FAITHFUL_IMPORTS = frozenset(
    (
        ("fnmatch", "fnmatch", "fnmatch"),
        ("fnmatch", "fnmatchcase", "fnmatchcase"),
        (None, "fnmatch", "fnmatch"),
    )
)


def shadowing_imports(node: Union[cst.Import, cst.ImportFrom]) -> List[Tuple[cst.ImportAlias, str]]:
    """The names of an import statement that bind a DSL name to something else than the DSL
    reads it as (``from re import match as fnmatch``, ``from mylib import timestamp``), each
    with the name it binds."""
    if isinstance(node.names, cst.ImportStar):
        return []
    module = _dotted(node.module) if isinstance(node, cst.ImportFrom) and node.module is not None else None
    found = []
    for alias in node.names:
        imported = _dotted(alias.name)
        renamed = alias.asname.name if alias.asname is not None else None
        bound = identifier(renamed) if isinstance(renamed, cst.Name) else imported.split(".")[0]
        if bound in DSL_NAMES and not _faithful(module, imported, bound):
            found.append((alias, bound))
    return found


def _faithful(module: Optional[str], imported: str, bound: str) -> bool:
    """Whether an import binds ``bound`` to what the DSL reads it as: the fnmatch module's own,
    or any DSL name under its own name from the ``fluxio`` package (``from fluxio import Task``,
    for editors' sake)."""
    from_fluxio = module is not None and (module == "fluxio" or module.startswith("fluxio."))
    return (module, imported, bound) in _FAITHFUL_IMPORTS or (from_fluxio and imported == bound)


def _dotted(node: cst.BaseExpression) -> str:
    """``a.b.c`` as Python reads the name (relative dots left out: ``from . import x`` has no
    module name)."""
    return identifier(dotted_name(node) or "")


def module_bindings(module: cst.Module) -> Dict[str, str]:
    """Every name the module binds at its top level, and how: "imported" or "defined".

    Statements nested in module-level ``if``/``try``/``with``/``for``/``while`` blocks bind
    module names too (``try: import ujson as json``); function and class bodies do not.
    """
    found: Dict[str, str] = {}
    pending: List[cst.CSTNode] = list(module.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            found.setdefault(identifier(node.name), "defined")
        elif isinstance(node, cst.SimpleStatementLine):
            pending.extend(node.body)
        elif isinstance(node, (cst.Import, cst.ImportFrom)):
            _imported_names(node, found)
        elif isinstance(node, (cst.Assign, cst.AnnAssign, cst.AugAssign)):
            targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            for target in targets:
                _assigned_names(target, found)
        elif isinstance(node, cst.BaseCompoundStatement):
            if isinstance(node, cst.For):
                _assigned_names(node.target, found)
            if isinstance(node, cst.With):
                for item in node.items:
                    if item.asname is not None:
                        _assigned_names(item.asname.name, found)
            pending.extend(s for suite in compound_blocks(node) for s in statements_of(suite))
    return found


def _imported_names(node: Union[cst.Import, cst.ImportFrom], found: Dict[str, str]) -> None:
    if isinstance(node.names, cst.ImportStar):
        return
    for alias in node.names:
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            found[identifier(alias.asname.name)] = "imported"
        else:
            head: cst.BaseExpression = alias.name
            while isinstance(head, cst.Attribute):
                head = head.value
            if isinstance(head, cst.Name):
                found[identifier(head)] = "imported"


def _assigned_names(target: cst.BaseExpression, found: Dict[str, str]) -> None:
    if isinstance(target, cst.Name):
        found.setdefault(identifier(target), "defined")
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            _assigned_names(element.value, found)
    elif isinstance(target, cst.StarredElement):
        _assigned_names(target.value, found)
