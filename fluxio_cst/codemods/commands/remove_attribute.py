"""``remove-attribute TASK NAME``: remove a Task class attribute (its default applies again).

Before::

    class Resize(Task):
        service = "ecs"
        memory = 4096  # too much
        async def run(event, context): ...

After ``remove-attribute Resize memory``::

    class Resize(Task):
        service = "ecs"
        async def run(event, context): ...

A line holding only the attribute goes whole (its comment with it); ``a = 1; memory = 2``
keeps ``a = 1``. Removing an attribute the Task needs (an ``ecs:worker``'s ``spec``) fails the
file with the compiler's diagnostic, and nothing is written.
"""

from __future__ import annotations

import argparse

import libcst as cst
from libcst.codemod import CodemodContext

from ...pipeline import Compilation
from ..attributes import remove
from ..base import FluxioCodemod


class RemoveAttribute(FluxioCodemod):
    """Remove a Task class attribute."""

    NAME = "remove-attribute"
    DESCRIPTION = "Remove a Task class attribute, so that its default applies."

    def __init__(self, context: CodemodContext, task: str, name: str) -> None:
        super().__init__(context)
        self.task, self.name = task, name

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        arg_parser.add_argument("task", metavar="TASK", help="the Task class")
        arg_parser.add_argument("name", metavar="NAME", help="the attribute to remove")

    def plan(self, tree: cst.Module, before: Compilation) -> None:
        assert before.project is not None
        task = before.project.tasks.get(self.task)
        if task is not None:
            remove(self, task.node, self.name)
