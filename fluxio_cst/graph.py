"""The state graph: what a state machine function means, before it is written as ASL.

A function body becomes a :data:`Block`, a sequence of state nodes in source order. Control
flow stays structured (a Choice holds its branches' blocks; a Task, Map or Parallel its
handlers' blocks): :mod:`fluxio_cst.emit` decides every ``Next`` from that structure, so "the
last state of any block continues with whatever follows the enclosing statement" is written
once, not per construct. Recognisers build these nodes; emitters only read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Tuple, Union

import libcst as cst

from .values import JSON


@dataclass(frozen=True)
class KeySource:
    """How a state's key is made: explicit ``key="…"``, or hashed from a node (contract §C)."""

    prefix: str
    node: cst.CSTNode = field(compare=False)
    explicit: Optional[str] = None
    expression: bool = False
    namespace: str = ""
    rewrite: bool = True  # False inside an ``except`` body: the old parser never rewrote there
    # Where the name can be pinned (codemods): the function, the statement a pragma ends, the
    # call taking key=.
    function: str = field(default="", compare=False)
    statement: Optional[cst.CSTNode] = field(default=None, compare=False)
    call: Optional[cst.Call] = field(default=None, compare=False)


@dataclass(frozen=True)
class Retrier:
    """One ``with retry(…)`` entry."""

    errors: Tuple[str, ...]
    interval: int
    max_attempts: int
    backoff_rate: Union[int, float]
    listed: bool = True  # ``on_exceptions`` given (else ``errors`` is every error, fix D3)


@dataclass(frozen=True)
class Catcher:
    """One ``except …:`` handler: the errors it catches and the block it runs."""

    errors: Tuple[str, ...]
    body: Block


@dataclass(frozen=True)
class EnvEntry:
    """A codebuild ``env`` item: a static value, or a data reference (``Value.$``, fix D6)."""

    name: str
    value: JSON
    is_path: bool


@dataclass(frozen=True)
class TaskCall:
    """A Task state: a Task class (``target`` its name) or a nested state machine call."""

    key: KeySource
    target: str
    service: str  # a Task service, or "state-machine" for a nested call
    input_path: str
    result_path: Optional[str]
    timeout: int
    env: Tuple[EnvEntry, ...] = ()
    build_arg_vars: Optional[JSON] = None
    catchers: Tuple[Catcher, ...] = ()
    retriers: Tuple[Retrier, ...] = ()


@dataclass(frozen=True)
class PassValue:
    """``data["k"] = <literal>``."""

    key: KeySource
    result: JSON
    result_path: str


@dataclass(frozen=True)
class Update:
    """``data.update({...})``: one ``(result path, value)`` per key of the dict, in its order.

    A dict update keeps every other key of ``data`` (fix D16), so each key is its own Pass
    state; all of them carry the statement's key, numbered ``-2``, ``-3`` … (fix D1).
    """

    key: KeySource
    entries: Tuple[Tuple[str, JSON], ...]


@dataclass(frozen=True)
class Wait:
    """``wait(seconds=…)`` / ``wait(timestamp=…)``: ``field`` is the ASL field it sets."""

    key: KeySource
    field: str
    value: JSON


@dataclass(frozen=True)
class Succeed:
    """``return``."""

    key: KeySource


@dataclass(frozen=True)
class Fail:
    """``raise Error("cause")``."""

    key: KeySource
    error: str
    cause: str


@dataclass(frozen=True)
class MapState:
    """``map(data[…], iterator, max_concurrency=…)``."""

    key: KeySource
    input_path: str
    iterator: str
    result_path: Optional[str]
    max_concurrency: int
    catchers: Tuple[Catcher, ...] = ()
    retriers: Tuple[Retrier, ...] = ()


@dataclass(frozen=True)
class ParallelState:
    """``parallel(branch, …)``."""

    key: KeySource
    branches: Tuple[str, ...]
    result_path: Optional[str]
    catchers: Tuple[Catcher, ...] = ()
    retriers: Tuple[Retrier, ...] = ()


@dataclass(frozen=True)
class Choice:
    """``if``/``elif``/``else``: one rule per test, each with its block; ``default`` is the else."""

    key: KeySource
    branches: Tuple[Tuple[JSON, Block], ...]
    default: Optional[Block]


@dataclass(frozen=True)
class PassStatement:
    """Python's ``pass``: no state, unless nothing follows (then the shared end Pass)."""


State = Union[
    TaskCall, PassValue, Update, Wait, Succeed, Fail, MapState, ParallelState, Choice, PassStatement
]
Block = Tuple[State, ...]
# The states a ``try`` or ``with retry()`` may guard: those with Catch and Retry fields.
Guarded = Union[TaskCall, MapState, ParallelState]
GUARDED = (TaskCall, MapState, ParallelState)


@dataclass(frozen=True)
class Function:
    """A state machine function's graph: its body and the key of its shared end Pass."""

    name: str
    body: Block
    end_key: KeySource
    node: cst.FunctionDef = field(compare=False)


# Step Functions' largest state machine definition, and the fewest bytes each kind of state
# takes in it (its name, ``Type`` and transition; a Task also its Resource and Parameters).
MAX_DEFINITION_BYTES = 1024 * 1024
_FEWEST_BYTES = {TaskCall: 200, MapState: 60, ParallelState: 60}
_FEWEST_BYTES_OTHER = 24


def fewest_bytes(functions: Mapping[str, Function]) -> Dict[str, int]:
    """A lower bound of each function's ASL size, iterators and branches copied in (as they
    are emitted), computed without emitting: a branch reused at every level doubles the
    machine at each one, which must be refused before it is written out. Iterative (callees
    first), so a long chain of functions needs no deep stack; a cycle (reported elsewhere)
    counts its repeated function as empty."""
    sizes: Dict[str, int] = {}
    visiting: Dict[str, bool] = {}
    for root in functions:
        stack: List[Tuple[str, bool]] = [(root, False)]
        while stack:
            name, ready = stack.pop()
            if name in sizes or name not in functions:
                continue
            if ready:
                sizes[name] = _fewest(functions[name].body, sizes)
            elif name not in visiting:
                visiting[name] = True
                stack.append((name, True))
                stack.extend((callee, False) for callee in embedded(functions[name].body))
    return sizes


def states(block: Block) -> List[State]:
    """Every state of a block, those of Choice branches and handlers included."""
    found: List[State] = []
    pending: List[State] = list(block)
    while pending:
        state = pending.pop()
        found.append(state)
        if isinstance(state, Choice):
            pending.extend(s for _, body in state.branches for s in body)
            pending.extend(state.default or ())
        elif isinstance(state, GUARDED):
            pending.extend(s for catcher in state.catchers for s in catcher.body)
    return found


def embedded(block: Block) -> List[str]:
    """The functions a block copies in: map iterators and parallel branches."""
    found: List[str] = []
    for state in states(block):
        if isinstance(state, MapState):
            found.append(state.iterator)
        elif isinstance(state, ParallelState):
            found.extend(state.branches)
    return found


def _fewest(block: Block, sizes: Dict[str, int]) -> int:
    total = 0
    for state in states(block):
        total += _FEWEST_BYTES.get(type(state), _FEWEST_BYTES_OTHER)
        if isinstance(state, Update):
            total += _FEWEST_BYTES_OTHER * max(0, len(state.entries) - 1)
    return total + sum(sizes.get(callee, 0) for callee in embedded(block))
