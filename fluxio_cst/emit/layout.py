"""Laying out one function's states: source order, transitions from the block structure.

A function is laid out once, as a :class:`Fragment` of :class:`Slot` s whose dicts refer to
other states by :class:`Ref` (an identity, not a name yet) and to embedded functions by
:class:`Embed`, so that one layout serves every machine that embeds the function under other
names. The last state of a block continues with whatever follows the enclosing statement, and
only when nothing follows in the whole function does the path end. A state's own fields are
written by its construct's emitter, looked up by the state's type in
:data:`fluxio_cst.dsl.registry.EMITTERS`: the layout only wires and chains them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

from .. import graph
from ..dsl.registry import EMITTERS
from ..dsl.wiring import Wiring

Json = Dict[str, Any]
Namer = Callable[[graph.KeySource], str]  # a state's key before numbering


def lay_out(function: graph.Function, in_map_iterator: bool, key: Namer) -> Fragment:
    """The fragment of one function (inside a map iterator, some services write other fields)."""
    layout = _Layout(function, in_map_iterator, key)
    layout.target(function.body, END)[1]()
    return layout.fragment


class Ref:
    """A state's identity inside one fragment; it becomes a name only when finalized."""

    __slots__ = ()


END = None
Next = Optional[Ref]


@dataclass(frozen=True, eq=False)
class Embed:
    """A function embedded as a Map Iterator or a Parallel branch."""

    function: str


@dataclass
class Slot:
    ref: Ref
    key: str
    state: Json
    source: graph.KeySource  # how ``key`` was made
    shared: bool = False  # Succeed, Fail and end Pass: one per States map and key
    task: Optional[graph.TaskCall] = None


@dataclass
class Fragment:
    slots: List[Slot] = field(default_factory=list)


class _Layout:
    """Lays out one function: source-order slots with transitions decided by block structure."""

    def __init__(self, function: graph.Function, in_map_iterator: bool, key: Namer) -> None:
        self.key = key
        self.function = function
        self.fragment = Fragment()
        self.in_map_iterator = in_map_iterator

    # Blocks -----------------------------------------------------------------------------
    def block(self, block: graph.Block, cont: Next) -> Tuple[Next, Callable[[], None]]:
        """Plan ``block``: its entry, and a placer that appends its states.

        Planning runs right to left so that every statement knows its successor; placing runs
        left to right so that states appear in source order. A parent needs its children's
        entries before it is placed itself (a Choice rule's ``Next``), hence the split.
        """
        plan: List[Tuple[graph.State, Ref, Next]] = []
        nxt = cont
        for state in reversed(block):
            if isinstance(state, graph.PassStatement) and nxt is not END:
                continue  # ``pass`` makes no state when something follows it
            ref = Ref()
            plan.append((state, ref, nxt))
            nxt = ref
        plan.reverse()

        def place() -> None:
            for state, ref, successor in plan:
                self.state(state, ref, successor)

        return nxt, place

    def target(self, block: graph.Block, cont: Next) -> Tuple[Ref, Callable[[], None]]:
        """Plan a block that something jumps to (a rule, a default, a handler): it needs a state
        even when it is only ``pass`` at the end of the function (the shared end Pass)."""
        entry, place = self.block(block or (graph.PassStatement(),), cont)
        assert entry is not None  # a block reaching the end gets the end Pass, a state
        return entry, place

    def end_pass(self, ref: Ref) -> None:
        source = self.function.end_key
        state = {"Type": "Pass", "End": True}
        self.fragment.slots.append(Slot(ref, self.key(source), state, source, shared=True))

    # States ------------------------------------------------------------------------------
    def state(self, state: graph.State, ref: Ref, nxt: Next) -> None:
        """Place ``state``: its emitter writes its fields, the layout chains and wires them."""
        if isinstance(state, graph.PassStatement):
            self.end_pass(ref)
            return
        wiring, placers = self.wiring(state, nxt)
        emitted = EMITTERS[type(state)](state, wiring)
        refs = [ref] + [Ref() for _ in emitted.bodies[1:]]
        task = state if isinstance(state, graph.TaskCall) else None
        for index, body in enumerate(emitted.bodies):
            successor = refs[index + 1] if index + 1 < len(refs) else nxt
            self.add(
                refs[index],
                state.key,
                body,
                successor,
                shared=emitted.shared,
                terminal=emitted.terminal,
                task=task,
            )
        for place in placers:
            place()

    def wiring(self, state: graph.State, nxt: Next) -> Tuple[Wiring, List[Callable[[], None]]]:
        """Plan the blocks ``state`` jumps to (Choice branches and default, Catch handlers):
        their entries for its emitter, and their placers, run once it is placed."""
        placers: List[Callable[[], None]] = []

        def plan(block: graph.Block) -> Ref:
            entry, place = self.target(block, nxt)
            placers.append(place)
            return entry

        if isinstance(state, graph.Choice):
            rules = tuple(plan(body) for _, body in state.branches)
            default: Next = nxt
            if state.default is not None or nxt is END:
                # No else at the end of the function: the implicit ``else: pass`` is the end Pass.
                default = plan(state.default or ())
            return Wiring(self.in_map_iterator, Embed, rules, default), placers
        catchers = state.catchers if isinstance(state, graph.GUARDED) else ()
        catches = tuple(plan(catcher.body) for catcher in catchers)
        return Wiring(self.in_map_iterator, Embed, catches=catches), placers

    def add(
        self,
        ref: Ref,
        key: graph.KeySource,
        body: Json,
        nxt: Next,
        *,
        shared: bool = False,
        terminal: bool = False,
        task: Optional[graph.TaskCall] = None,
    ) -> None:
        if not terminal:
            body.update({"Next": nxt} if nxt is not END else {"End": True})
        self.fragment.slots.append(Slot(ref, self.key(key), body, key, shared, task))
