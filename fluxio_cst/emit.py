"""From the state graph to ASL: transitions, keys and the emitted dicts.

Two steps, so that one function's states can be embedded several times (as a Map iterator or
Parallel branch) under different names:

1. :meth:`Program.fragment` lays out one function once: its states in source order, each a
   :class:`_Slot` whose dict refers to other states by :class:`_Ref` (an identity, not a name)
   and to embedded functions by :class:`_Embed`. Transitions are decided here, from the block
   structure: the last state of a block continues with whatever follows the enclosing
   statement, and only when nothing follows in the whole function does the path end. A
   state's own fields are written by its construct's emitter, looked up by the state's type
   in :data:`fluxio_cst.dsl.registry.EMITTERS`: the layout only wires and chains them.
2. :func:`_finalize` names the states of one emitted machine in pre-order (an embedded
   function's states right after their Map/Parallel state), numbering repeated keys ``-2``,
   ``-3`` … (fix D1) and sharing identical Succeed, Fail and end-Pass states of one States map
   (same key and same ASL; a different state with the same key is numbered like any other).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, FrozenSet, List, Mapping, Optional, Set, Tuple, Union

import libcst as cst

from . import graph, keys
from .asl import AslViolation, validate_asl
from .codes import Code
from .dsl.registry import EMITTERS
from .dsl.wiring import Wiring
from .model import TaskState
from .report import Reporter
from .source import SourceFile

Json = Dict[str, Any]


class _Ref:
    """A state's identity inside one fragment; it becomes a name only when finalized."""

    __slots__ = ()


_END = None
Next = Optional[_Ref]


@dataclass(frozen=True, eq=False)
class _Embed:
    """A function embedded as a Map Iterator or a Parallel branch."""

    function: str


@dataclass
class _Slot:
    ref: _Ref
    key: str
    state: Json
    shared: bool = False  # Succeed, Fail and end Pass: one per States map and key
    task: Optional[graph.TaskCall] = None


@dataclass
class _Fragment:
    slots: List[_Slot] = field(default_factory=list)


class _Layout:
    """Lays out one function: source-order slots with transitions decided by block structure."""

    def __init__(self, program: Program, function: graph.Function) -> None:
        self.program = program
        self.function = function
        self.fragment = _Fragment()
        self.in_map_iterator = function.name in program.map_iterators

    # Blocks -----------------------------------------------------------------------------
    def block(self, block: graph.Block, cont: Next) -> Tuple[Next, Callable[[], None]]:
        """Plan ``block``: its entry, and a placer that appends its states.

        Planning runs right to left so that every statement knows its successor; placing runs
        left to right so that states appear in source order. A parent needs its children's
        entries before it is placed itself (a Choice rule's ``Next``), hence the split.
        """
        plan: List[Tuple[graph.State, _Ref, Next]] = []
        nxt = cont
        for state in reversed(block):
            if isinstance(state, graph.PassStatement) and nxt is not _END:
                continue  # ``pass`` makes no state when something follows it
            ref = _Ref()
            plan.append((state, ref, nxt))
            nxt = ref
        plan.reverse()

        def place() -> None:
            for state, ref, successor in plan:
                self.state(state, ref, successor)

        return nxt, place

    def target(self, block: graph.Block, cont: Next) -> Tuple[_Ref, Callable[[], None]]:
        """Plan a block that something jumps to (a rule, a default, a handler): it needs a state
        even when it is only ``pass`` at the end of the function (the shared end Pass)."""
        entry, place = self.block(block or (graph.PassStatement(),), cont)
        assert entry is not None  # a block reaching the end gets the end Pass, a state
        return entry, place

    def end_pass(self, ref: _Ref) -> None:
        key = self.program.key(self.function.end_key)
        self.fragment.slots.append(_Slot(ref, key, {"Type": "Pass", "End": True}, shared=True))

    # States ------------------------------------------------------------------------------
    def state(self, state: graph.State, ref: _Ref, nxt: Next) -> None:
        """Place ``state``: its emitter writes its fields, the layout chains and wires them."""
        if isinstance(state, graph.PassStatement):
            self.end_pass(ref)
            return
        wiring, placers = self.wiring(state, nxt)
        emitted = EMITTERS[type(state)](state, wiring)
        refs = [ref] + [_Ref() for _ in emitted.bodies[1:]]
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

        def plan(block: graph.Block) -> _Ref:
            entry, place = self.target(block, nxt)
            placers.append(place)
            return entry

        if isinstance(state, graph.Choice):
            rules = tuple(plan(body) for _, body in state.branches)
            default: Next = nxt
            if state.default is not None or nxt is _END:
                # No else at the end of the function: the implicit ``else: pass`` is the end Pass.
                default = plan(state.default or ())
            return Wiring(self.in_map_iterator, _Embed, rules, default), placers
        catchers = state.catchers if isinstance(state, graph.TaskCall) else ()
        catches = tuple(plan(catcher.body) for catcher in catchers)
        return Wiring(self.in_map_iterator, _Embed, catches=catches), placers

    def add(
        self,
        ref: _Ref,
        key: graph.KeySource,
        body: Json,
        nxt: Next,
        *,
        shared: bool = False,
        terminal: bool = False,
        task: Optional[graph.TaskCall] = None,
    ) -> None:
        if not terminal:
            body.update({"Next": nxt} if nxt is not _END else {"End": True})
        self.fragment.slots.append(_Slot(ref, self.program.key(key), body, shared, task))


class _Counter:
    """Numbers repeated keys across one emitted machine: ``k``, ``k-2``, ``k-3`` …"""

    def __init__(self) -> None:
        self.seen: Dict[str, int] = {}
        self.taken: Set[str] = set()

    def name(self, key: str) -> str:
        count = self.seen.get(key, 0) + 1
        name = key if count == 1 else f"{key}-{count}"
        while name in self.taken:  # an explicit key that looks like a numbered one
            count += 1
            name = f"{key}-{count}"
        self.seen[key] = count
        self.taken.add(name)
        return name


_VARIABLE = re.compile(r"\$\{([A-Za-z0-9_:.]+)\}")


class Program:
    """Every function's graph, laid out on demand and emitted as ASL."""

    def __init__(
        self, source: SourceFile, functions: Mapping[str, graph.Function], map_iterators: FrozenSet[str]
    ) -> None:
        self.source = source
        self.functions = functions
        self.map_iterators = map_iterators
        self._fragments: Dict[str, _Fragment] = {}
        self._key_nodes: Dict[str, Tuple[cst.CSTNode, bool]] = {}  # key: (where, explicit), for errors
        # Generated keys by their KeySource (kept alive beside its key): hashing renders the
        # statement, and a state emitted many times (each Pass of a data.update, each embedding
        # of an iterator) must not render it again each time.
        self._generated: Dict[int, Tuple[graph.KeySource, str]] = {}

    def key(self, key: graph.KeySource) -> str:
        """The key a state is named by before numbering (explicit, or hashed per contract §C)."""
        if key.explicit is not None:
            self._key_nodes.setdefault(key.explicit, (key.node, True))
            return key.explicit
        known = self._generated.get(id(key))
        if known is not None and known[0] is key:
            return known[1]
        generated = keys.key_for_source(
            key.prefix,
            self.source.code_for(key.node),
            expression=key.expression,
            namespace=key.namespace,
            rewrite=key.rewrite,
        )
        self._generated[id(key)] = (key, generated)
        self._key_nodes.setdefault(generated, (key.node, False))
        return generated

    def fragment(self, name: str) -> _Fragment:
        if name not in self._fragments:
            function = self.functions[name]
            layout = _Layout(self, function)
            layout.target(function.body, _END)[1]()
            self._fragments[name] = layout.fragment
        return self._fragments[name]

    def emit(self, name: str, reporter: Reporter) -> Tuple[Json, Tuple[TaskState, ...]]:
        """The ASL of one function as its own machine (its iterators and branches embedded),
        checked by the built-in validator, and its Task states in ASL pre-order: the order of
        ``States``, a Map's iterator or a Parallel's branches right after the Map or Parallel
        state (state names are unique across a whole machine), with the variables each one's
        output uses. Problems go to ``reporter``: ``parse`` raises them, never ``to_asl``."""
        node = self.functions[name].node.name
        found: List[Tuple[str, graph.TaskCall, Json]] = []
        try:
            asl = _finalize(self, name, _Counter(), found)
        except RecursionError:
            reporter.error(Code.TOO_DEEP, node, f"`{name}` nests too deeply to be compiled; flatten it")
            return {}, ()
        violations = self._numbered_too_long(validate_asl(asl), reporter)
        if violations:
            # Never emit a machine Step Functions would reject: it is our bug, say so loudly.
            details = "; ".join(f"{v.path}: {v.message}" for v in violations[:5])
            reporter.error(
                Code.INTERNAL,
                node,
                f"internal error: fluxio_cst compiled `{name}` to invalid ASL ({details}). "
                "This is a bug in fluxio_cst: please report it with this file.",
            )
        calls = {key: (call, state) for key, call, state in found}
        task_states = tuple(
            TaskState(
                key,
                calls[key][0].target,
                calls[key][0].service,
                frozenset(_VARIABLE.findall(repr(calls[key][1]))),
            )
            for key in _pre_order(asl)
            if key in calls
        )
        return asl, task_states

    def _numbered_too_long(self, violations: List[AslViolation], reporter: Reporter) -> List[AslViolation]:
        """Report, at its ``key=``, a state name that numbering (``-2``, ``-3``, fix D1) made
        longer than Step Functions takes: the key is the user's, and only they can shorten it.
        Returns the violations left, which are our bugs."""
        left: List[AslViolation] = []
        for violation in violations:
            name = violation.path.rsplit(".", 1)[-1]
            base = name.rsplit("-", 1)[0]
            found = self._key_nodes.get(base)
            if "longer than" not in violation.message or found is None or base == name:
                left.append(violation)
                continue
            node, explicit = found
            fix = "shorten its `key=`" if explicit else "pass a shorter `key=`"
            reporter.error(
                Code.BAD_KEY,
                node,
                f"this state's name is used more than once in a machine, so it is numbered `{name}`: "
                f"{len(name)} characters, over Step Functions' 80; {fix}",
            )
        return left


def _finalize(
    program: Program, name: str, counter: _Counter, tasks: List[Tuple[str, graph.TaskCall, Json]]
) -> Json:
    fragment = program.fragment(name)
    names: Dict[_Ref, str] = {}
    shared: Dict[Tuple[str, str], str] = {}
    kept: List[_Slot] = []
    embedded: Dict[int, Json] = {}
    for slot in fragment.slots:
        # A terminal state is shared only with an identical one: two raises whose causes differ
        # only by spaces or newlines hash to one key but are different states (fix D1).
        identity = (slot.key, json.dumps(slot.state, sort_keys=True)) if slot.shared else None
        if identity is not None and identity in shared:
            names[slot.ref] = shared[identity]
            continue
        names[slot.ref] = counter.name(slot.key)
        if identity is not None:
            shared[identity] = names[slot.ref]
        kept.append(slot)
        for embed in _embeds(slot.state):  # pre-order: right after their Map/Parallel state
            embedded[id(embed)] = _finalize(program, embed.function, counter, tasks)
    states: Json = {}
    for slot in kept:
        state = _resolve(slot.state, names, embedded)
        states[names[slot.ref]] = state
        if slot.task is not None:
            tasks.append((names[slot.ref], slot.task, state))
    return {"StartAt": names[fragment.slots[0].ref], "States": states}


def _pre_order(machine: Json) -> List[str]:
    """Every state name of a machine, nested ones right after their Map/Parallel state."""
    names: List[str] = []
    for key, state in machine.get("States", {}).items():
        names.append(key)
        nested = [state["Iterator"]] if "Iterator" in state else state.get("Branches", [])
        for branch in nested:
            names.extend(_pre_order(branch))
    return names


def _embeds(state: Json) -> List[_Embed]:
    found = state.get("Branches", [])
    iterator = state.get("Iterator")
    return [iterator] if isinstance(iterator, _Embed) else [b for b in found if isinstance(b, _Embed)]


Value = Union[Json, List[Any], _Ref, _Embed, Any]


def _resolve(value: Value, names: Mapping[_Ref, str], embedded: Mapping[int, Json]) -> Any:
    """A copy of a slot's dict with identities replaced by names and embeds by their ASL."""
    if isinstance(value, _Ref):
        return names[value]
    if isinstance(value, _Embed):
        return embedded[id(value)]
    if isinstance(value, dict):
        return {k: _resolve(v, names, embedded) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, names, embedded) for v in value]
    return value
