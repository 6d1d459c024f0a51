"""``set-attribute TASK NAME VALUE``: set a Task class attribute.

Before::

    class Resize(Task):
        service = "ecs"  # big images
        async def run(event, context): ...

After ``set-attribute Resize memory 4096``::

    class Resize(Task):
        service = "ecs"  # big images
        memory = 4096
        async def run(event, context): ...

An existing ``memory = …`` keeps its line and comment, only its value changes. The value is
checked by the compiler's own rules: one the compiler refuses (``memory = "big"``), an
attribute it does not know (``memroy``), fails the file with the compiler's diagnostic, and
nothing is written; a warning the value brings (a Lambda ``memory`` of an unusual size) is the
codemod's warning, and the value is written.
"""

from __future__ import annotations

import argparse

import libcst as cst
from libcst.codemod import CodemodContext

from ...codes import Code
from ...diagnostics import FluxioError
from ...model import Project
from ...pipeline import Compilation
from ..attributes import checked_expression, set_value
from ..base import FluxioCodemod


class SetAttribute(FluxioCodemod):
    """Set a Task class attribute, checked by the compiler's rules."""

    NAME = "set-attribute"
    DESCRIPTION = "Set a Task class attribute (NAME = VALUE, a Python literal), checked by the compiler."

    def __init__(self, context: CodemodContext, task: str, name: str, value: str) -> None:
        super().__init__(context)
        self.task, self.name, self.value = task, name, checked_expression(value)

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        arg_parser.add_argument("task", metavar="TASK", help="the Task class")
        arg_parser.add_argument("name", metavar="NAME", help="the attribute (timeout, memory, ...)")
        arg_parser.add_argument(
            "value", metavar="VALUE", help='its value, a Python literal: 512, "ecs", None'
        )

    def plan(self, tree: cst.Module, before: Compilation) -> None:
        assert before.project is not None
        task = before.project.tasks.get(self.task)
        if task is not None:
            set_value(self, tree, task.node, self.name, self.value)

    def check(self, before: Compilation, after: Project) -> None:
        """An attribute the compiler ignores (a typo) is refused with its diagnostic."""
        ignored = [d for d in self.new_warnings if d.code == Code.UNKNOWN_ATTRIBUTE.value]
        if ignored:
            raise FluxioError(ignored, after.source.lines)
