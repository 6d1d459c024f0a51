"""``rename-task OLD NEW``: rename a Task class and every call of it in every state machine.

Before::

    class FetchOrder(Task):
        async def run(event, context): ...

    def main(data):
        data["order"] = FetchOrder(data)
        if data["order"]["total"] > 100:
            Notify(data)

After ``rename-task FetchOrder LoadOrder``::

    class LoadOrder(Task):
        async def run(event, context): ...

    def main(data):
        data["order"] = LoadOrder(data, key="FetchOrder-0c9e…")
        if data["order"]["total"] > 100:
            Notify(data)

A generated key hashes the call (and a Choice's, its whole ``if``), so a rename would rename
those states too; by default they are pinned to the names they have now (:mod:`.pins`), and
only the Task's own names change in the ASL (its resources and variables, ``${…LoadOrder…}``):
proved by comparing the result's machines with the input's. ``--no-pin`` lets the names follow
the new text.
"""

from __future__ import annotations

import argparse
import keyword
from typing import Any

import libcst as cst
from libcst.codemod import CodemodContext

from ...emit.program import VARIABLE
from ...model import Project
from ...pipeline import Compilation
from .. import pins
from ..attributes import calls_of
from ..base import FluxioCodemod, unchanged_but_task


class RenameTask(FluxioCodemod):
    """Rename a Task class and its calls, keeping the states' names."""

    NAME = "rename-task"
    DESCRIPTION = "Rename a Task class and every call of it, pinning the state names the rename would change."

    def __init__(self, context: CodemodContext, old: str, new: str, pin: bool = True) -> None:
        super().__init__(context)
        for name in (old, new):
            if not name.isidentifier() or keyword.iskeyword(name):
                raise ValueError(f"rename-task takes class names, and {name!r} is not a Python identifier")
        self.old, self.new, self.pin = old, new, pin

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        arg_parser.add_argument("old", metavar="OLD", help="the Task class to rename")
        arg_parser.add_argument("new", metavar="NEW", help="its new name")
        arg_parser.add_argument(
            "--no-pin", dest="pin", action="store_false", help="let the state names follow the new text"
        )

    def plan(self, tree: cst.Module, before: Compilation) -> None:
        assert before.project is not None
        task = before.project.tasks.get(self.old)
        if task is None:
            return
        renamed = [task.node.name, *(call.func for call in calls_of(before.project, self.old))]
        for name in renamed:
            self.edit(name, self._renaming)
        if self.pin:
            touched = {id(name) for name in renamed}
            chosen = pins.choose(before.names, lambda s: pins.holds(s, touched), self.cautious)
            pins.write(self, before, *chosen)

    def reworded(self, message: str) -> str:
        return message.replace(f"`{self.old}`", f"`{self.new}`")

    def check(self, before: Compilation, after: Project) -> None:
        if self.pin:
            unchanged_but_task(
                self.path,
                before,
                after,
                self.old,
                lambda state: _renamed_variables(state, self.old, self.new),
            )

    def _renaming(self, node: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(node, cst.Name)
        return node.with_changes(value=self.new)


def _renamed(variable: str, old: str, new: str) -> str:
    """A Task's CloudFormation variable ends with its class name (``QueueUrl<Task>``)."""
    return variable[: -len(old)] + new if variable.endswith(old) else variable


def _renamed_variables(value: Any, old: str, new: str) -> Any:
    """``value`` with ``old`` read as ``new`` in every ``${…}`` variable and as an ECS
    container's ``Name``: a Task state's resources after the rename (its ``Next`` and ``Catch``
    targets are state names, which stay)."""
    if isinstance(value, str):
        return VARIABLE.sub(lambda m: "${" + _renamed(m.group(1), old, new) + "}", value)
    if isinstance(value, dict):
        return {
            k: new if k == "Name" and v == old else _renamed_variables(v, old, new) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_renamed_variables(v, old, new) for v in value]
    return value
