"""The old API's views of Task and EventProcessor classes: ``TaskVisitor``, its
``run_visitor``, and ``EventProcessorVisitor``.

Values come from fluxio_cst's :class:`~fluxio_cst.Task` (attributes, dependencies, with the
deliberate fixes of the contract); the ``ast`` nodes the builder splices into generated code
come from the ``ast`` tree of the same program, deep-copied so the caller's tree is never
changed (the old parser removed the imports from the caller's own ``run`` node).
"""

from __future__ import annotations

import ast
import copy
from typing import Any, Dict, List, Optional, Set, Union

from ..frozen import thawed
from ..model import EventProcessor, Task

# The old TaskVisitor.attributes keys, in its order.
ATTRIBUTE_ORDER = (
    "service",
    "timeout",
    "cpu",
    "memory",
    "build_spec",
    "autoscaling_min",
    "autoscaling_max",
    "spec",
    "concurrency",
    "heartbeat_interval",
)

ImportNode = Union[ast.Import, ast.ImportFrom]
RunNode = Union[ast.AsyncFunctionDef, ast.FunctionDef]


class RunVisitor:
    """The old ``ModuleImportVisitor``: the imports of ``run`` and the packages they name."""

    def __init__(self, import_nodes: List[ImportNode], dependencies: Set[str]) -> None:
        self.import_nodes = import_nodes
        self.dependencies = dependencies


class TaskVisitor:
    """A ``class X(Task)``: ``attributes`` (old keys and order), ``run_method`` (an ``ast``
    function without its imports; None for a task without ``run``), ``run_visitor``."""

    def __init__(self, task: Task, class_node: ast.ClassDef) -> None:
        self.task = task
        self.attributes: Dict[str, Any] = {name: thawed(getattr(task, name)) for name in ATTRIBUTE_ORDER}
        run = _run_of(class_node) if task.read_run_node is not None else None
        self.run_visitor = RunVisitor(_imports_in(run) if run else [], set(task.dependencies))
        self.run_method: Optional[RunNode] = _ImportRemover().visit(run) if run else None


class EventProcessorVisitor:
    """A ``class X(EventProcessor)``: ``node`` is the class as an ``ast`` node (a copy)."""

    def __init__(self, processor: EventProcessor, class_node: ast.ClassDef) -> None:
        self.processor = processor
        self.node = copy.deepcopy(class_node)


def module_classes(tree: ast.Module) -> Dict[str, ast.ClassDef]:
    """The module-level classes of an ``ast`` tree by name."""
    return {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}


def _run_of(class_node: ast.ClassDef) -> Optional[RunNode]:
    """A copy of the class's ``run`` method."""
    for node in class_node.body:
        if isinstance(node, (ast.AsyncFunctionDef, ast.FunctionDef)) and node.name == "run":
            return copy.deepcopy(node)
    return None


def _imports_in(node: ast.AST) -> List[ImportNode]:
    """Every import statement under ``node``, in source order (depth first, as the old visitor)."""
    found: List[ImportNode] = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.Import, ast.ImportFrom)):
            found.append(child)
        else:
            found.extend(_imports_in(child))
    return found


class _ImportRemover(ast.NodeTransformer):
    """Drops every import statement, as the old ``RunMethodTransformer`` did."""

    def visit_Import(self, node: ast.Import) -> None:
        return None

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        return None
