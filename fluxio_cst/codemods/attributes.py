"""A Task class in the file, as codemods edit it: its attributes, statements of its body, and
the calls of it in the state machines.

An attribute is a line ``name = value`` of the class body (the compiler reads nothing else as
one). Setting one replaces the value of each such line and keeps the rest of the line (its
comment, its spacing); a new attribute is a new line after the last attribute (before ``run``
when there is none), at the body's indentation, written with the module's own newline.
"""

from __future__ import annotations

from typing import List

import libcst as cst

from ..model import Project
from ..syntax import assigned_name, assignments, class_attributes
from .base import FluxioCodemod


def calls_of(project: Project, task: str) -> List[cst.Call]:
    """Every ``task(…)`` call in the state machine functions, in source order."""
    found: List[cst.Call] = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            if isinstance(node.func, cst.Name) and node.func.value == task:
                found.append(node)

    for machine in project.state_machines.values():
        machine.node.visit(Calls())
    return found


def set_value(command: FluxioCodemod, tree: cst.Module, task: cst.ClassDef, name: str, value: str) -> None:
    """Plan ``name = value`` in ``task``: each assignment's value replaced, or a new line."""
    expression = cst.parse_expression(value, config=tree.config_for_parsing)
    found = assignments(task, name)
    for assign in found:
        command.edit(assign, lambda node: _assign(node).with_changes(value=expression))
    if found:
        return
    line = cst.parse_statement(f"{name} = {value}{tree.default_newline}", config=tree.config_for_parsing)
    body = task.body
    assert isinstance(body, cst.IndentedBlock)
    at = _insertion_point(task)
    command.edit(
        body,
        lambda node: _block(node).with_changes(body=[*_block(node).body[:at], line, *_block(node).body[at:]]),
    )


def remove(command: FluxioCodemod, task: cst.ClassDef, name: str) -> None:
    """Plan the removal of every ``name = …`` of ``task`` (a line alone goes whole)."""
    for assign, line in class_attributes(task):
        if assigned_name(assign) != name:
            continue
        target: cst.CSTNode = line if len(line.body) == 1 else assign
        command.edit(target, lambda _: cst.RemoveFromParent())


def checked_expression(value: str) -> str:
    """``value`` when it is one Python expression; ``ValueError`` otherwise (a usage error)."""
    try:
        cst.parse_expression(value)
    except cst.ParserSyntaxError:
        raise ValueError(f"{value!r} is not a Python expression") from None
    return value


def _insertion_point(task: cst.ClassDef) -> int:
    """After the last attribute line, else after a docstring, else first."""
    body = list(task.body.body)
    lines = [i for i, line in enumerate(body) if isinstance(line, cst.SimpleStatementLine)]
    return lines[-1] + 1 if lines else 0


def _assign(node: cst.CSTNode) -> cst.Assign:
    assert isinstance(node, cst.Assign)
    return node


def _block(node: cst.CSTNode) -> cst.IndentedBlock:
    assert isinstance(node, cst.IndentedBlock)
    return node
