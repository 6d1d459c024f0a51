"""Which construct reads which statement, and which writes which state: the one table of each.

A new construct is one new module under :mod:`fluxio_cst.dsl` and a line here: recognition
(:mod:`.block`) looks a statement up in :data:`REGISTRY` by its type and a DSL call by its
name, and the layout in :mod:`fluxio_cst.emit` looks a state's emitter up in
:data:`EMITTERS` by its graph type. Task and state machine calls are not listed by name: they
are the Task classes and functions of the file (see :mod:`.statements`).
"""

from __future__ import annotations

from typing import Mapping

import libcst as cst

from .. import graph
from . import (
    if_choice,
    map,
    parallel,
    pass_values,
    retry,
    return_raise,
    statements,
    task_call,
    try_except,
    unsupported,
    wait,
)
from .context import Registry
from .wiring import Emitter

REGISTRY = Registry(
    statements={
        cst.Expr: statements.expression,  # type: ignore[dict-item]
        cst.Assign: statements.assignment,  # type: ignore[dict-item]
        cst.Pass: statements.pass_,  # type: ignore[dict-item]
        cst.Return: return_raise.return_,  # type: ignore[dict-item]
        cst.Raise: return_raise.raise_,  # type: ignore[dict-item]
        cst.If: if_choice.recognise,  # type: ignore[dict-item]
        cst.Try: try_except.recognise,  # type: ignore[dict-item]
        cst.With: retry.recognise,  # type: ignore[dict-item]
    },
    calls={"map": map.recognise, "parallel": parallel.recognise, "wait": wait.recognise},
    unsupported=unsupported.recognise,
)

EMITTERS: Mapping[type, Emitter] = {
    graph.TaskCall: task_call.emit,
    graph.PassValue: pass_values.emit_value,
    graph.Update: pass_values.emit_update,
    graph.Wait: wait.emit,
    graph.MapState: map.emit,
    graph.ParallelState: parallel.emit,
    graph.Succeed: return_raise.emit_succeed,
    graph.Fail: return_raise.emit_fail,
    graph.Choice: if_choice.emit,
}
