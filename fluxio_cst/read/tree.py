"""Adopting a tree the caller built: it must be a tree, and read back as itself.

A codemod hands :func:`fluxio_cst.parse_module` a module it parsed and maybe transformed.
fluxio_cst compiles the tree but extracts text (``run_source``) from its rendering, so both
must say the same: a transformed tree whose code parses to another tree (an ``or`` inside an
``and`` without its parentheses, a ``Name("class")``, a newline of ``"x"``) would compile to
one program and deploy another. Positions are keyed by node identity, so one node object used
twice in a tree has no single place either.
"""

from __future__ import annotations

from typing import List, Set

import libcst as cst

from ..codes import Code
from ..lines import split_lines
from ..report import single
from ..source import statement_line
from ..syntax import child_nodes


def refuse_a_changed_reading(module: cst.Module, fresh: cst.Module, path: str, text: str) -> None:
    """``fresh`` is ``text`` (the rendering of ``module``) parsed again: refuse, at the first
    statement that differs, a tree its own code does not reproduce."""
    if fresh.with_changes(encoding=module.encoding).deep_equals(module):  # text has no encoding
        return
    differing = next(
        (mine for mine, read in zip(module.body, fresh.body) if not mine.deep_equals(read)),
        module.body[len(fresh.body)] if len(module.body) > len(fresh.body) else None,
    )
    line = statement_line(module, differing) if differing is not None else len(split_lines(text))
    raise single(
        Code.SYNTAX_ERROR,
        "this tree does not read back as itself: its code (`module.code`) parses to another tree "
        "here (a node missing its parentheses, or a value that is not valid Python?); fluxio_cst "
        "compiles what the code says, so fix the tree or pass `module.code` to `parse`",
        path,
        max(1, line),
        0,
    )


def refuse_shared_nodes(module: cst.Module, path: str) -> None:
    """Refuse a tree that holds one node object twice (LibCST's own transformations never do;
    reusing a node by hand does): a node is located by its identity."""
    seen: Set[int] = set()
    for statement in module.body:
        stack: List[cst.CSTNode] = [statement]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                raise single(
                    Code.SYNTAX_ERROR,
                    f"this tree holds the same `{type(node).__name__}` node object twice (again in "
                    "this statement); give each place its own node (`node.deep_clone()`)",
                    path,
                    statement_line(module, statement),
                    0,
                )
            seen.add(id(node))
            stack.extend(child_nodes(node))
