"""Pinning state names: which statements get which explicit key, and writing it.

A generated key hashes its statement, so editing the statement renames the deployed state;
an explicit key does not. Pinning writes, for a state named by a generated key, the name it
has *now*: ``key="…"`` on a call (Task, nested machine, ``map``, ``parallel``, ``wait``), the
pragma ``# fluxio: key="…"`` on any other statement.

Which key, read from the emitted machines (:func:`choose`):

- the first statement of a function with a given generated key is pinned to that key itself:
  every machine then numbers the same key strings in the same order (``-2``, ``-3``, fix D1),
  so every name comes back as it was, however often the function is embedded;
- a later statement of the function with the same key, not sharing a state with the first, is
  pinned to its numbered name (``key="Choice-…-2"``) when it has that one name in every
  machine; the compiled result must prove it, else the plan is made again without such pins
  and the statement keeps its generated name, with a warning;
- a statement whose names all belong to a pinned state (identical ``return`` or ``raise``
  statements of a function share one state) is left as it is: pinning both would write one
  key twice, and the shared state keeps its name.

A statement whose first line ends in a backslash or inside a string has no place for a
comment; it is left generated and said in a warning, as is one sharing its line with another.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, List, Set, Tuple

import libcst as cst

from ..dsl import pragma
from ..graph import KeySource
from ..pipeline import Compilation, Names
from ..syntax import descendants
from .base import Change, FluxioCodemod
from .edits import add_argument, keyword_argument, string_literal, with_comment


@dataclass(frozen=True)
class Pin:
    """One statement's state(s) and the key to write for them."""

    source: KeySource
    key: str


def choose(names: Names, wanted: Callable[[KeySource], bool], cautious: bool) -> Tuple[List[Pin], List[Pin]]:
    """The pins of every generated key ``wanted`` says to pin, in reading order, and the states
    left generated (see the module docstring). ``cautious``: only the pins that keep every key
    as it is."""
    # (function, key) pinned, by the file or now: the names its states have
    pinned: Dict[Tuple[str, str], Set[str]] = {}
    for named in names.values():
        for name, key, source in named:
            if source.explicit is not None:
                pinned.setdefault((source.function, key), set()).add(name)
    groups: Dict[int, Tuple[KeySource, str, List[str]]] = {}
    for named in names.values():
        for name, key, source in named:
            if source.explicit is None and source.statement is not None and wanted(source):
                groups.setdefault(id(source.statement), (source, key, []))[2].append(name)
    pins: List[Pin] = []
    unpinnable: List[Pin] = []
    for source, key, found in groups.values():
        distinct = list(dict.fromkeys(found))
        taken = pinned.get((source.function, key))
        if taken is None:
            pins.append(Pin(source, key))  # the key as it is: numbering is unchanged
            pinned[(source.function, key)] = set(found)
        elif set(found) <= taken:
            continue  # an identical terminal statement sharing the state of a pinned one
        elif len(distinct) == 1 and not cautious:
            pins.append(Pin(source, distinct[0]))  # numbered: proved by compiling the result
        else:
            unpinnable.append(Pin(source, distinct[0]))
    return pins, unpinnable


def holds(source: KeySource, nodes: Set[int]) -> bool:
    """Whether the node a generated key hashes holds one of ``nodes`` (by ``id``): editing
    them renames the state."""
    return any(id(node) in nodes for node in descendants(source.node))


def write(command: FluxioCodemod, before: Compilation, pins: List[Pin], unpinnable: List[Pin]) -> None:
    """Plan each pin's edit on ``command``: ``key=`` on a call, the pragma elsewhere; warn of
    the states that keep their generated names (at their line: LibCST's runner prints a
    codemod's warnings under the file's name)."""
    assert before.project is not None
    source = before.project.source

    def keeps(pin: Pin, why: str) -> None:
        assert pin.source.statement is not None
        line = source.span(pin.source.statement).start.line
        command.warn(f"line {line}: the state `{pin.key}` keeps its generated name: {why}")

    for pin in unpinnable:
        keeps(pin, "its key is used again in its function, and no key written there names it as now")
    line_ends = _line_ends(before.project.module)
    taken: Set[int] = set()
    for pin in pins:
        literal = cst.SimpleString(string_literal(pin.key))
        call = pin.source.call
        if call is not None:
            command.edit(call, _adding(keyword_argument("key", literal)))
            continue
        statement = pin.source.statement
        assert statement is not None
        end = pragma.line_end_of(statement, line_ends.get(id(statement)))
        if end is None or id(end) in taken:
            where = "its first line ends in a backslash or a string" if end is None else "it shares its line"
            keeps(pin, f"{where}, where no pragma can go")
            continue
        taken.add(id(end))
        command.edit(end, _commenting(f"# fluxio: key={literal.value}"))


def _line_ends(tree: cst.Module) -> Dict[int, cst.TrailingWhitespace]:
    """The line end of each simple statement on a line of its own (``x = 1; y = 2`` share
    one); the statements of ``if …: return`` have none but the ``if``'s."""
    found: Dict[int, cst.TrailingWhitespace] = {}

    class Lines(cst.CSTVisitor):
        def visit_ClassDef(self, node: cst.ClassDef) -> bool:
            return False  # Task classes hold no state statements

        def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
            for small in node.body:
                found[id(small)] = node.trailing_whitespace
            return False

    tree.visit(Lines())
    return found


def _adding(argument: cst.Arg) -> Change:
    def change(node: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(node, cst.Call)
        return add_argument(node, argument)

    return change


def _commenting(comment: str) -> Change:
    def change(node: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(node, cst.TrailingWhitespace)
        return with_comment(node, comment)

    return change
