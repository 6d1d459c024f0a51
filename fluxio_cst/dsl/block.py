"""Walking a block of statements: dispatch to each construct, and what follows a ``return``.

Every construct that holds blocks (``if``, ``try``, ``with retry()``) walks them here, so that
skipping docstrings, rejecting unreachable statements and choosing a statement's recogniser
(through ``context.registry``: a new construct is a registry line, not an edit here) are
written once. A rejected statement's own blocks are still walked for their diagnostics
(:func:`check_bodies`): every problem of a file is reported in one run.

Example::

    return
    data["x"] = 1    # INVALID: FX311, this statement can never run
"""

from __future__ import annotations

from dataclasses import replace
from typing import List, Optional, Sequence, Tuple

import libcst as cst

from .. import graph
from ..codes import Code
from ..syntax import compound_blocks, is_string, statements_of
from .context import NOTHING, Context, Found, Recognised, Statement

Walked = Tuple[graph.Block, Found]


def block(context: Context, statements: Sequence[cst.BaseStatement]) -> Walked:
    """The states of ``statements`` in source order, up to the first unreachable one."""
    states: List[graph.State] = []
    found = NOTHING
    terminated: Optional[cst.CSTNode] = None
    for line in statements:
        smalls: Sequence[Statement] = line.body if isinstance(line, cst.SimpleStatementLine) else (line,)
        inner = on_line(context, line)
        for small in smalls:
            if is_string(small):
                continue  # docstrings and other string statements are skipped
            if terminated is not None:
                context.reporter.error(
                    Code.UNREACHABLE,
                    small,
                    "this statement can never run: every path above it ends with `return` or `raise`",
                )
                return tuple(states), found
            state, learned = statement(inner, small)
            found += learned
            if state is not None:
                states.append(state)
                if _ends_execution(state):
                    terminated = small
    return tuple(states), found


def on_line(context: Context, line: cst.BaseStatement) -> Context:
    """The context of the statements of ``line``: the comment ending it, for key pragmas."""
    comment = line.trailing_whitespace.comment if isinstance(line, cst.SimpleStatementLine) else None
    return context if comment is context.line_comment else replace(context, line_comment=comment)


def suite(context: Context, body: cst.BaseSuite) -> Walked:
    return block(context, statements_of(body))


def statement(context: Context, node: Statement) -> Recognised:
    """One statement, read by the recogniser its type is registered with."""
    registry = context.registry
    return registry.statements.get(type(node), registry.unsupported)(context, node)


def check_bodies(context: Context, node: cst.CSTNode) -> Found:
    """Recognise the blocks of a rejected statement anyway, for their own diagnostics: every
    problem of a file is reported in one run."""
    found = NOTHING
    if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.For, cst.While)):
        # A separate scope, or a loop whose body becomes a map iterator once rewritten:
        # its loop variable would only cause misleading second errors.
        return found
    for body in compound_blocks(node):
        found += suite(context, body)[1]
    return found


def _ends_execution(state: graph.State) -> bool:
    """Whether no path through ``state`` continues after it (every branch returns or raises)."""
    if isinstance(state, (graph.Succeed, graph.Fail)):
        return True
    if isinstance(state, graph.Choice) and state.default is not None:
        blocks = [body for _, body in state.branches] + [state.default]
        return all(any(_ends_execution(s) for s in block) for block in blocks)
    return False
