"""D1: state names never collide; the n-th state of one key in an emitted machine is named
``key-n``. The old parser named each of them ``key``: its States dict kept the first one's
place and the last one's content, and every transition to any of them went to that one state."""

from __future__ import annotations

from typing import Any, Callable, Dict

from ..old_machine import Json, OldMachine

FIX = "D1"


def undo(machine: OldMachine) -> None:
    rename(machine, lambda name: machine.keys.get(name, name), FIX, _why)


def rename(
    machine: OldMachine, old_name: Callable[[str], str], fix: str, why: Callable[[str, Dict[str, str]], str]
) -> None:
    """Give every state its old name, scope by scope (a States map keeps a key where it was first
    written and the content written last), retarget the transitions, and note each state whose
    content or presence changed."""
    for scope in list(machine.scopes()):
        before: Json = dict(scope["States"])
        renamed = {name: old_name(name) for name in before}
        after: Json = {}
        for name, state in before.items():
            after.setdefault(renamed[name], None)
            after[renamed[name]] = _retarget(state, renamed)
        scope["States"] = after
        scope["StartAt"] = renamed.get(scope["StartAt"], scope["StartAt"])
        for name in {**before, **after}:
            if before.get(name) != after.get(name):
                machine.note(fix, name, why(name, renamed), machine.node_of(_source_name(name, renamed)))


def _retarget(state: Json, renamed: Dict[str, str]) -> Json:
    """``state`` with its transitions (``Next``, ``Default``, each Choice's and Catch's ``Next``)
    going to the old names; embedded iterators and branches are their own scopes."""
    out: Json = dict(state)
    for field in ("Next", "Default"):
        if field in out:
            out[field] = renamed.get(out[field], out[field])
    for field in ("Choices", "Catch"):
        if field in out:
            out[field] = [_next(entry, renamed) for entry in out[field]]
    return out


def _next(entry: Any, renamed: Dict[str, str]) -> Any:
    return {**entry, "Next": renamed.get(entry["Next"], entry["Next"])}


def _source_name(name: str, renamed: Dict[str, str]) -> str:
    return next((new for new, old in renamed.items() if old == name), name)


def _why(name: str, renamed: Dict[str, str]) -> str:
    if renamed.get(name, name) != name:
        return f"the old parser named this state `{renamed[name]}` too: one state for several statements"
    merged = [new for new, old in renamed.items() if old == name and new != name]
    if merged:
        return f"the old parser deployed one `{name}` for this and {', '.join(f'`{m}`' for m in merged)}"
    return "a state it goes to was merged with another of the same key by the old parser"
