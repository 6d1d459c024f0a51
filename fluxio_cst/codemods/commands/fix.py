"""The ``fix`` codemod: apply the mechanical fix every diagnostic of a file carries.

The fixes are built where the problems are reported (:mod:`fluxio_cst.fixes`), so this command
only places them: each replaces its node, and nothing else of the file changes. A fix can
reveal another (``except Exception as error:`` without its name is read, and names a Python
base class), so the command runs again on its own result until nothing changes, a few passes
at most. Two fixes of one pass never overlap: a fix inside another's node waits for the next
pass, when it is found again on the new tree. The file need not compile before or after, but
the result must parse and have no more errors, nor problems, than the input
(:class:`~.base.FluxioCodemod` proves it).
"""

from __future__ import annotations

from typing import Set

import libcst as cst

from ...pipeline import Compilation
from ...syntax import descendants
from ..base import Change, FluxioCodemod

PASSES = 8  # more than any chain of fixes revealing fixes needs


class FixCommand(FluxioCodemod):
    """Apply every diagnostic's fix (``fluxio-cst check --fix``)."""

    NAME = "fix"
    DESCRIPTION = "Apply the fix of every diagnostic that has one (`@export` → `@export()`, …)."
    NEEDS_COMPILING = False

    def plan(self, tree: cst.Module, before: Compilation) -> None:
        claimed: Set[int] = set()
        for fix in before.fixes:
            inside = {id(node) for node in descendants(fix.node)}
            if inside & claimed:
                continue  # overlaps an earlier fix: found again in the next pass
            claimed |= inside
            self.edit(fix.node, _to(fix.replacement))

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        for _ in range(PASSES):
            result = super().transform_module_impl(tree)
            if result is tree:
                break
            tree = cst.parse_module(result.bytes)  # fresh nodes for the next pass; bytes keep the encoding
        return tree


def _to(replacement: cst.CSTNode) -> Change:
    """The change that replaces a node by ``replacement`` (built from the original node, which
    no other fix of the pass touches)."""
    return lambda _updated: replacement
