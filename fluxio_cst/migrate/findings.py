"""What a migration report says: one :class:`Finding` per place where fluxio_cst's output
differs from what fluxio-parser 1.0.0 deployed, or per reason the old parser could not compile
the file at all, each tied to the deliberate fix (contract §D, ``D1``–``D17``) that explains it.

A finding names its place the way the artifact builder reads it (``machine main state
Task-…``, ``task Fetch attribute autoscaling_min``, ``dependencies``), so that a reader can find
it in the deployed output and the differential tests can check it against the real old parser.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Dict, Mapping, Optional, Tuple

import libcst as cst

from .. import graph
from ..model import Project
from ..pipeline import Names

# A place of the whole file: the old parser could not compile it.
FILE = "file"


@dataclass(frozen=True)
class Finding:
    """One difference (or old failure) at one place, explained by one fix."""

    fix: str  # "D1" … "D17", or "§A" (a task or function used before it is defined)
    place: str  # e.g. "machine main state Choice-…", "task T attribute timeout", FILE
    line: int  # 1-based
    column: int  # 0-based, as in LibCST and fluxio_cst's diagnostics
    message: str

    def to_json(self) -> Dict[str, Any]:
        """The JSON form (column 1-based, as printed)."""
        return {
            "fix": self.fix,
            "place": self.place,
            "line": self.line,
            "column": self.column + 1,
            "message": self.message,
        }


@dataclass(frozen=True)
class Subject:
    """A file fluxio_cst compiled, as the report's rules read it: the project, each machine's
    state names with the key sources they were named from, and each function's state graph."""

    project: Project
    names: Names
    graphs: Mapping[str, graph.Function]

    @cached_property
    def _functions(self) -> Dict[int, Tuple[graph.State, graph.Function]]:
        """Every graph state (branches and handlers included) by identity, with its function:
        walked once for the file, however many machines and rules ask."""
        return {
            id(state): (state, function)
            for function in self.graphs.values()
            for state in graph.states(function.body)
        }

    @cached_property
    def _by_key(self) -> Dict[int, graph.State]:
        states = (state for state, _ in self._functions.values())
        return {id(state.key): state for state in states if not isinstance(state, graph.PassStatement)}

    @cached_property
    def _ends(self) -> Dict[int, cst.FunctionDef]:
        return {id(function.end_key): function.node for function in self.graphs.values()}

    def made_by(self, key: graph.KeySource) -> Optional[graph.State]:
        """The graph state named by ``key`` (None for a function's shared end Pass)."""
        return self._by_key.get(id(key))

    def function_of(self, state: graph.State) -> graph.Function:
        """The function whose graph holds ``state``."""
        return self._functions[id(state)][1]

    def end_of(self, key: graph.KeySource) -> Optional[cst.FunctionDef]:
        """The function ``key`` names the shared end Pass of, if it is such a key."""
        return self._ends.get(id(key))

    def at(self, node: cst.CSTNode) -> Tuple[int, int]:
        """``node``'s start (line 1-based, column 0-based), computed for that node alone."""
        start = self.project.source.span(node).start
        return start.line, start.column

    def finding(self, fix: str, place: str, node: cst.CSTNode, message: str) -> Finding:
        line, column = self.at(node)
        return Finding(fix, place, line, column, message)
