"""``set-timeout TASK SECONDS``: a Task's ``timeout`` attribute and every call's ``timeout=``.

The DSL asks for both (the class attribute sizes the task's own timeout, the call's keyword the
state's ``TimeoutSeconds``), and editing one without the other is the usual mistake. Before::

    class Report(Task):
        timeout = 300
        async def run(event, context): ...

    def main(data):
        Report(data, timeout=300)
        Report(data["again"])

After ``set-timeout Report 900``::

    class Report(Task):
        timeout = 900
        async def run(event, context): ...

    def main(data):
        Report(data, timeout=900)
        Report(data["again"], timeout=900)

A call's generated key hashes the call, so a changed ``timeout=`` renames its state: the calls
that have no ``key=`` are pinned to their names now (``--no-pin`` lets them follow).
"""

from __future__ import annotations

import argparse

import libcst as cst
from libcst.codemod import CodemodContext

from ...model import Project
from ...pipeline import Compilation
from .. import pins
from ..attributes import calls_of, set_value
from ..base import FluxioCodemod, unchanged_but_task
from ..edits import set_keyword


class SetTimeout(FluxioCodemod):
    """Set a Task's timeout in the class and at every call."""

    NAME = "set-timeout"
    DESCRIPTION = "Set a Task's timeout: the class attribute and every call's timeout= together."

    def __init__(self, context: CodemodContext, task: str, seconds: str, pin: bool = True) -> None:
        super().__init__(context)
        if not str(seconds).isdigit() or int(seconds) < 1:
            raise ValueError(f"set-timeout takes a whole number of seconds of at least 1, not {seconds!r}")
        self.task, self.seconds, self.pin = task, int(seconds), pin

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        arg_parser.add_argument("task", metavar="TASK", help="the Task class")
        arg_parser.add_argument("seconds", metavar="SECONDS", help="the timeout in seconds")
        arg_parser.add_argument(
            "--no-pin",
            dest="pin",
            action="store_false",
            help="let the calls' states be renamed",
        )

    def plan(self, tree: cst.Module, before: Compilation) -> None:
        assert before.project is not None
        task = before.project.tasks.get(self.task)
        if task is None:
            return
        set_value(self, tree, task.node, "timeout", str(self.seconds))
        calls = calls_of(before.project, self.task)
        value = cst.Integer(str(self.seconds))
        for call in calls:
            self.edit(call, lambda node: set_keyword(_as_call(node), "timeout", value))
        if self.pin:
            touched = {id(call) for call in calls}
            chosen = pins.choose(before.names, lambda s: pins.holds(s, touched), self.cautious)
            pins.write(self, before, *chosen)

    def check(self, before: Compilation, after: Project) -> None:
        """The machines as they were, but for the Task's states' ``TimeoutSeconds``."""
        if self.pin:
            unchanged_but_task(
                self.path, before, after, self.task, lambda s: {**s, "TimeoutSeconds": self.seconds}
            )


def _as_call(node: cst.CSTNode) -> cst.Call:
    assert isinstance(node, cst.Call)
    return node
