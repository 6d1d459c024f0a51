"""One emitted machine turned, fix by fix, back into what fluxio-parser 1.0.0 deployed.

The report does not re-implement the old parser: it starts from fluxio_cst's own ASL and undoes
each deliberate fix where the model shows it applied (a rule per fix, :mod:`.rules`). Every
state a rule changes, adds or removes is a place where the deployed output differs, and the
rule's note says which fix and where in the source. Working on the ASL keeps the report honest
by construction: whatever fluxio_cst emits and no rule explains is equal to the old output,
which the differential tests check against the real old parser.
"""

from __future__ import annotations

import copy
from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

import libcst as cst

from .. import graph
from ..frozen import thawed
from .findings import Finding, Subject

Json = Dict[str, Any]


class OldMachine:
    """A working copy of one machine's ASL (its iterators and branches embedded) and the
    findings of the rules that changed it."""

    def __init__(self, subject: Subject, name: str) -> None:
        self.subject = subject
        self.name = name
        self.asl: Json = copy.deepcopy(thawed(subject.project.state_machines[name].definition))
        self.findings: List[Finding] = []
        # True when a rule could not say what the old parser made of this machine (fix D5):
        # the report then names the machine, not its states.
        self.unknown = False
        named = subject.names.get(name, ())
        self.keys: Dict[str, str] = {state: key for state, key, _ in named}
        self.sources: Dict[str, List[graph.KeySource]] = {}
        for state, _, source in named:
            self.sources.setdefault(state, []).append(source)
        made = ((state, subject.made_by(found[0])) for state, found in self.sources.items())
        self._graph: Dict[str, graph.State] = {state: node for state, node in made if node is not None}

    def scopes(self) -> Iterator[Json]:
        """Every ASL object holding ``StartAt`` and ``States``, this machine's first, then its
        iterators and branches in pre-order."""
        pending = [self.asl]
        while pending:
            scope = pending.pop(0)
            yield scope
            nested: List[Json] = []
            for state in scope.get("States", {}).values():
                nested.extend([state["Iterator"]] if "Iterator" in state else state.get("Branches", []))
            pending[0:0] = nested

    def states(self) -> Iterator[Tuple[str, Json, Json]]:
        """Every ``(name, state, the States dict holding it)``, in pre-order."""
        for scope in self.scopes():
            states = scope.get("States", {})
            for name, state in list(states.items()):
                yield name, state, states

    def graph_of(self, name: str) -> Optional[graph.State]:
        """The graph node a state was made from (None for a state no node made)."""
        return self._graph.get(name)

    def of(self, kind: Union[type, Tuple[type, ...]]) -> Iterator[Tuple[str, Json, Any]]:
        """Every state made from a graph node of ``kind``, with that node."""
        for name, state, _ in self.states():
            found = self.graph_of(name)
            if found is not None and isinstance(found, kind):
                yield name, state, found

    def node_of(self, name: str) -> cst.CSTNode:
        """The statement a state was made from (the function, for a state no statement made)."""
        sources = self.sources.get(name)
        if not sources:
            return self.subject.project.state_machines[self.name].node
        function = self.subject.end_of(sources[0])  # the shared end Pass: made by no statement
        return function or sources[0].statement or sources[0].node

    def place(self, state: str) -> str:
        return f"machine {self.name} state {state}"

    def note(self, fix: str, state: str, message: str, node: Optional[cst.CSTNode] = None) -> None:
        """Record that ``state`` differs from the old output because of ``fix``."""
        where = node if node is not None else self.node_of(state)
        self.findings.append(self.subject.finding(fix, self.place(state), where, message))

    def note_machine(self, fix: str, message: str, node: cst.CSTNode) -> None:
        """Record that the machine as a whole differs from the old output because of ``fix``."""
        self.findings.append(self.subject.finding(fix, f"machine {self.name}", node, message))
