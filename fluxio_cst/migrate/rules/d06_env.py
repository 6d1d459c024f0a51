"""D6: a codebuild ``env`` value that is a data reference is a ``"Value.$"`` entry; the old
parser renamed the variable ``NAME.$`` and passed the path as a plain ``"Value"``, so the build
saw the path's text instead of the value. Renamed before the dict was built, ``NAME.$`` and a
static ``NAME`` were two variables there (one here, as Python reads the literal)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import libcst as cst

from ... import graph, values
from ..old_machine import Json, OldMachine

FIX = "D6"
WHY = "env values that are data references: the old parser passed the path's text, not the value"


def undo(machine: OldMachine) -> None:
    for name, state, call in machine.of(graph.TaskCall):
        overrides = state.get("Parameters", {}).get("EnvironmentVariablesOverride")
        env = _env_literal(call.key.call)
        if not isinstance(overrides, list) or env is None or not any(e.is_path for e in call.env):
            continue
        old = _old_entries(env) + overrides[len(call.env) :]  # then BUILD_ARG_VARS, as it was
        if old != overrides:
            state["Parameters"]["EnvironmentVariablesOverride"] = old
            machine.note(FIX, name, WHY)


def _env_literal(call: Optional[cst.Call]) -> Optional[cst.Dict]:
    found = (
        next((a.value for a in call.args if a.keyword and a.keyword.value == "env"), None) if call else None
    )
    return found if isinstance(found, cst.Dict) else None


def _old_entries(env: cst.Dict) -> List[Json]:
    """The old entries: a data reference's name suffixed ``.$`` first, then the dict built."""
    entries: Dict[str, Any] = {}
    for element in env.elements:
        assert isinstance(element, cst.DictElement)  # the compiler refused anything else
        name = values.literal(element.key)
        if values.is_data_reference(element.value):
            entries[f"{name}.$"] = values.data_path(element.value)
        else:
            entries[str(name)] = values.json_value(element.value)
    return [{"Name": key, "Value": value} for key, value in entries.items()]
