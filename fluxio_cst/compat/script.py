"""``parse_project_tree`` and the ``ScriptVisitor`` it returns: the old entry point over
fluxio_cst.

Everything is built when the file is parsed, so errors surface at ``parse_project_tree`` time
as they did; afterwards the objects only hold values.
"""

from __future__ import annotations

from typing import Dict, Set

from .machines import StateMachineVisitor
from .source import TreeOrText, read_both
from .tasks import EventProcessorVisitor, TaskVisitor, module_classes


class ScriptVisitor:
    """The old module-level result: visitors by class or function name, in source order."""

    def __init__(
        self,
        task_visitors: Dict[str, TaskVisitor],
        state_machine_visitors: Dict[str, StateMachineVisitor],
        event_processor_visitors: Dict[str, EventProcessorVisitor],
    ) -> None:
        self.task_visitors = task_visitors
        self.state_machine_visitors = state_machine_visitors
        self.event_processor_visitors = event_processor_visitors

    @property
    def dependencies(self) -> Set[str]:
        """Every task's dependencies together."""
        return {name for visitor in self.task_visitors.values() for name in visitor.run_visitor.dependencies}


def parse_project_tree(tree_or_text: TreeOrText, replace_empty_except: bool = True) -> ScriptVisitor:
    """Parse a project file the way fluxio-parser's ``parse_project_tree`` did, with
    fluxio_cst's compiler and its deliberate fixes.

    ``tree_or_text``: an ``ast.Module`` (as ``astor.code_to_ast.parse_file`` returns; rendered
    back with ``ast.unparse``, so comments and exact positions are lost), or the file's text,
    bytes, or a path (``os.PathLike``), which keep them and accept syntax the running ``ast``
    may not. ``replace_empty_except`` is accepted for compatibility: fluxio_cst always reads a
    bare ``except:`` in a state machine as ``States.ALL`` (given ``False``, the old parser
    crashed on one with an ``AttributeError``; on a file without one the flag changed nothing).
    Raises :class:`UnsupportedOperation` (also a :class:`~fluxio_cst.FluxioError`) when the file
    cannot be compiled.
    """
    read = read_both(tree_or_text)
    project = read.project
    classes = module_classes(read.tree)
    tasks = {name: TaskVisitor(task, classes[name]) for name, task in project.tasks.items()}
    attributes = {name: visitor.attributes for name, visitor in tasks.items()}
    machines = {
        name: StateMachineVisitor(machine, attributes) for name, machine in project.state_machines.items()
    }
    processors = {
        name: EventProcessorVisitor(processor, classes[name])
        for name, processor in project.event_processors.items()
    }
    return ScriptVisitor(tasks, machines, processors)
