"""D5 (nesting): any nesting of statements compiles as Python reads it. The old parser linked
an ``if`` or ``try`` inside an ``if``'s branch or an ``except`` handler wrongly in some cases
(branches that end the execution, a ``Default`` that skips the rest, a handler's ``if`` joined
to an earlier Choice), in ways no rule undoes: the report names such a machine as a whole.

Which machines: the old parser's graph of each function is replayed (:mod:`..old_failures`)
and its links compared with those of fluxio_cst's ASL once the rules that relink states
(D16's folded Passes, D2's ends) are undone on a copy; a machine differs when its function or
one it embeds (a map iterator, a parallel branch) does. Only a machine with a nested ``if``
or ``try`` is replayed: without one, the old parser linked as those rules say.
"""

from __future__ import annotations

from typing import Dict, Iterator, Optional, Set, Union

import libcst as cst

from ... import graph
from ..old_failures import old_graphs
from ..old_failures.graph import Graph
from ..old_failures.links import asl_links, old_links
from ..old_machine import OldMachine
from . import d02_fall_through, d16_update

FIX = "D5"
WHY = "an `if` or `try` inside an `if` or a handler: the old parser linked this machine's states wrongly"


def undo(machine: OldMachine) -> None:
    inner = _nested(machine)
    if inner is None:
        return
    graphs = old_graphs(machine.subject)
    if graphs is not None and _misses(machine, graphs, machine.name, set()):
        machine.unknown = True
        machine.note_machine(FIX, WHY, inner.key.node)


def _misses(machine: OldMachine, graphs: Dict[str, Graph], name: str, seen: Set[str]) -> bool:
    """Whether the old parser linked function ``name``, or one it embeds, unlike fluxio_cst."""
    if name in seen or name not in graphs:
        return False
    seen.add(name)
    if _own_links_differ(machine, graphs[name], name):
        return True
    inside = graph.embedded(machine.subject.graphs[name].body)
    return any(_misses(machine, graphs, other, seen) for other in inside)


def _own_links_differ(machine: OldMachine, old: Graph, name: str) -> bool:
    copy = OldMachine(machine.subject, name)
    d16_update.undo(copy)
    d02_fall_through.undo(copy)
    names = {
        id(node): copy.keys.get(state, state)
        for state, sources in copy.sources.items()
        for source in sources
        for node in (source.node, source.statement)
    }

    def name_of(node: cst.CSTNode) -> Optional[str]:
        return names.get(id(node))

    found = old_links(old, name_of)  # the old graph's states named as D1 names them
    named = {label[1] for label, _ in found if label[1] is not None}
    return found != asl_links(copy.asl["States"], copy.asl.get("StartAt"), named, copy.keys)


def _nested(machine: OldMachine) -> Optional[Union[graph.Choice, graph.Guarded]]:
    """The first ``if`` or ``try`` inside an ``if``'s branch or an ``except`` handler."""
    for _, _, outer in machine.of((graph.Choice, *graph.GUARDED)):
        for block in _blocks(outer):
            found = next((s for s in map(_branching, graph.states(block)) if s is not None), None)
            if found is not None:
                return found
    return None


def _branching(state: graph.State) -> Optional[Union[graph.Choice, graph.Guarded]]:
    """``state`` if it holds blocks: an ``if``, or a Task, map or parallel with handlers."""
    if isinstance(state, graph.Choice) or (isinstance(state, graph.GUARDED) and state.catchers):
        return state
    return None


def _blocks(state: Union[graph.Choice, graph.Guarded]) -> Iterator[graph.Block]:
    if not isinstance(state, graph.Choice):
        yield from (catcher.body for catcher in state.catchers)
        return
    yield from (body for _, body in state.branches)
    if state.default is not None:
        yield state.default
