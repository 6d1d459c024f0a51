"""Emitting machines: naming a function's laid-out states, embedding, and validating.

:func:`_finalize` names the states of one emitted machine in pre-order (an embedded function's
states right after their Map/Parallel state), numbering repeated keys ``-2``, ``-3`` … (fix D1)
and sharing identical Succeed, Fail and end-Pass states of one States map (same key and same
ASL; a different state with the same key is numbered like any other). Every machine passes the
built-in validator before :func:`fluxio_cst.parse` returns it.
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, FrozenSet, List, Mapping, Set, Tuple, Union

import libcst as cst

from .. import graph, keys
from ..asl import AslViolation, validate_asl
from ..codes import Code
from ..model import TaskState
from ..report import Reporter
from ..source import SourceFile
from .layout import Embed, Fragment, Ref, Slot, lay_out

Json = Dict[str, Any]


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


class _Emission:
    """What naming one machine gathers: the numbering, its Task states, and each state's name
    with the key source it was named from (a shared terminal state once per statement)."""

    def __init__(self) -> None:
        self.counter = _Counter()
        self.tasks: List[Tuple[str, graph.TaskCall, Json]] = []
        self.named: List[Tuple[str, str, graph.KeySource]] = []  # name, key, key source


# A template variable of a Task state (``${LambdaFunctionFetch}``): its name is made of the Task's
# class name, so it has the characters of a Python identifier (any script's letters).
VARIABLE = re.compile(r"\$\{([\w:.]+)\}")


class Program:
    """Every function's graph, laid out on demand and emitted as ASL."""

    def __init__(
        self, source: SourceFile, functions: Mapping[str, graph.Function], map_iterators: FrozenSet[str]
    ) -> None:
        self.source = source
        self.functions = functions
        self.map_iterators = map_iterators
        self._fragments: Dict[str, Fragment] = {}
        self._key_nodes: Dict[str, Tuple[cst.CSTNode, bool]] = {}  # key: (where, explicit), for errors
        # Generated keys by their KeySource (kept alive beside its key): hashing renders the
        # statement, and a state emitted many times (each Pass of a data.update, each embedding
        # of an iterator) must not render it again each time.
        self._generated: Dict[int, Tuple[graph.KeySource, str]] = {}
        # Per emitted machine, each state's name, its key before numbering and the key source
        # it was named from, in pre-order: what a codemod pins a state's name from.
        self.names: Dict[str, Tuple[Tuple[str, str, graph.KeySource], ...]] = {}

    def key(self, key: graph.KeySource) -> str:
        """The key a state is named by before numbering (explicit, or hashed per contract §C)."""
        if key.explicit is not None:
            self._key_nodes.setdefault(key.explicit, (key.node, True))
            return key.explicit
        known = self._generated.get(id(key))
        if known is not None and known[0] is key:
            return known[1]
        generated = generated_key(self.source, key)
        self._generated[id(key)] = (key, generated)
        self._key_nodes.setdefault(generated, (key.node, False))
        return generated

    def fragment(self, name: str) -> Fragment:
        if name not in self._fragments:
            function = self.functions[name]
            self._fragments[name] = lay_out(function, name in self.map_iterators, self.key)
        return self._fragments[name]

    def emit(self, name: str, reporter: Reporter) -> Tuple[Json, Tuple[TaskState, ...]]:
        """The ASL of one function as its own machine (its iterators and branches embedded),
        checked by the built-in validator, and its Task states in ASL pre-order: the order of
        ``States``, a Map's iterator or a Parallel's branches right after the Map or Parallel
        state (state names are unique across a whole machine), with the variables each one's
        output uses. Problems go to ``reporter``: ``parse`` raises them, never ``to_asl``."""
        node = self.functions[name].node.name
        emission = _Emission()
        try:
            asl = _finalize(self, name, emission)
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
        self.names[name] = tuple(emission.named)
        calls = {key: (call, state) for key, call, state in emission.tasks}
        task_states = tuple(
            TaskState(
                key,
                calls[key][0].target,
                calls[key][0].service,
                frozenset(VARIABLE.findall(repr(calls[key][1]))),
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


def generated_key(source: SourceFile, key: graph.KeySource) -> str:
    """The key contract §C hashes from ``key``'s node (its ``key=`` aside)."""
    return keys.key_for_source(
        key.prefix,
        source.code_for(key.node),
        expression=key.expression,
        namespace=key.namespace,
        rewrite=key.rewrite,
    )


def _finalize(program: Program, name: str, emission: _Emission) -> Json:
    fragment = program.fragment(name)
    names: Dict[Ref, str] = {}
    shared: Dict[Tuple[str, str], str] = {}
    kept: List[Slot] = []
    embedded: Dict[int, Json] = {}
    for slot in fragment.slots:
        # A terminal state is shared only with an identical one: two raises whose causes differ
        # only by spaces or newlines hash to one key but are different states (fix D1).
        identity = (slot.key, json.dumps(slot.state, sort_keys=True)) if slot.shared else None
        if identity is not None and identity in shared:
            names[slot.ref] = shared[identity]
            emission.named.append((names[slot.ref], slot.key, slot.source))
            continue
        names[slot.ref] = emission.counter.name(slot.key)
        emission.named.append((names[slot.ref], slot.key, slot.source))
        if identity is not None:
            shared[identity] = names[slot.ref]
        kept.append(slot)
        for embed in _embeds(slot.state):  # pre-order: right after their Map/Parallel state
            embedded[id(embed)] = _finalize(program, embed.function, emission)
    states: Json = {}
    for slot in kept:
        state = _resolve(slot.state, names, embedded)
        states[names[slot.ref]] = state
        if slot.task is not None:
            emission.tasks.append((names[slot.ref], slot.task, state))
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


def _embeds(state: Json) -> List[Embed]:
    found = state.get("Branches", [])
    iterator = state.get("Iterator")
    return [iterator] if isinstance(iterator, Embed) else [b for b in found if isinstance(b, Embed)]


Value = Union[Json, List[Any], Ref, Embed, Any]


def _resolve(value: Value, names: Mapping[Ref, str], embedded: Mapping[int, Json]) -> Any:
    """A copy of a slot's dict with identities replaced by names and embeds by their ASL."""
    if isinstance(value, Ref):
        return names[value]
    if isinstance(value, Embed):
        return embedded[id(value)]
    if isinstance(value, dict):
        return {k: _resolve(v, names, embedded) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, names, embedded) for v in value]
    return value
