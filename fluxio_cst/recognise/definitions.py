"""Classifying a module's top-level statements: Task and EventProcessor classes, state
machine functions, and what is ignored.

Done for the whole module before any function body is read, so that a function may call a
Task or a function defined below it, and a name defined twice is reported once, at its second
definition. The result is an immutable :class:`Definitions`.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from typing import Dict, FrozenSet, Mapping, Set

import libcst as cst

from ..codes import Code
from ..model import EventProcessor, Task
from ..report import Reporter
from ..source import SourceFile
from ..syntax import is_string
from ..values import identifier
from .bindings import DSL_NAMES, module_bindings, shadowing_imports
from .event_processor import recognise_event_processor
from .task import recognise_task

# Module-level statements people write for their editor's sake: allowed and ignored.
_IGNORED = (cst.Import, cst.ImportFrom)


@dataclass(frozen=True)
class Definitions:
    """What a module defines, by Python name (NFKC-normalised, as Python reads names)."""

    tasks: Mapping[str, Task]
    processors: Mapping[str, EventProcessor]
    functions: Mapping[str, cst.FunctionDef]
    invalid: FrozenSet[str]  # rejected definitions: no second error where they are used


def classify(module: cst.Module, source: SourceFile, reporter: Reporter) -> Definitions:
    """Every top-level statement of ``module`` classified; problems go to ``reporter``."""
    classifier = _Classifier(source, reporter, module_bindings(module))
    for statement in module.body:
        classifier.module_statement(statement)
    return Definitions(
        types.MappingProxyType(classifier.tasks),
        types.MappingProxyType(classifier.processors),
        types.MappingProxyType(classifier.functions),
        frozenset(classifier.invalid),
    )


class _Classifier:
    """One pass over the top-level statements; its tables become :class:`Definitions`."""

    def __init__(self, source: SourceFile, reporter: Reporter, bindings: Mapping[str, str]) -> None:
        self.source = source
        self.reporter = reporter
        self.bindings = bindings
        self.tasks: Dict[str, Task] = {}
        self.processors: Dict[str, EventProcessor] = {}
        self.functions: Dict[str, cst.FunctionDef] = {}
        self.names: Dict[str, cst.CSTNode] = {}
        self.invalid: Set[str] = set()

    def module_statement(self, statement: cst.BaseStatement) -> None:
        if isinstance(statement, cst.ClassDef):
            self.class_def(statement)
        elif isinstance(statement, cst.FunctionDef):
            if statement.asynchronous is not None:
                self.invalid.add(identifier(statement.name))
                self.reporter.error(
                    Code.ASYNC_STATE_MACHINE,
                    statement.asynchronous,
                    "a state machine function is a plain `def`",
                )
            elif self.declare(statement.name):
                self.functions[identifier(statement.name)] = statement
                self.check_shadowing(statement.name)
        elif isinstance(statement, cst.SimpleStatementLine) and all(
            isinstance(s, _IGNORED) or is_string(s) for s in statement.body
        ):
            for small in statement.body:
                if isinstance(small, (cst.Import, cst.ImportFrom)):
                    for alias, name in shadowing_imports(small):
                        self.shadowed(alias, name, "as this import binds it to something else")
        else:
            self.reporter.warning(
                Code.MODULE_STATEMENT,
                statement,
                "only Task/EventProcessor classes, state machine functions and imports are read "
                "at module level; this statement is ignored",
            )

    def declare(self, name: cst.Name) -> bool:
        """Register a module-level name; Python reads names NFKC-normalised, so ``ﬁle`` and
        ``file`` are one name defined twice."""
        python_name = identifier(name)
        if python_name in self.names:
            same = "" if python_name == name.value else f" (Python reads `{name.value}` as `{python_name}`)"
            self.reporter.error(
                Code.DUPLICATE_NAME, name, f"`{python_name}` is defined twice in this file{same}"
            )
            return False
        self.names[python_name] = name
        return True

    def check_shadowing(self, name: cst.Name) -> None:
        """A state machine or Task named like a DSL function or decorator: Python would call it
        where Fluxio reads the DSL's own, or the other way round."""
        if identifier(name) in DSL_NAMES:
            self.shadowed(name, identifier(name), "with this definition")

    def shadowed(self, node: cst.CSTNode, name: str, how: str) -> None:
        """FX111 at a definition or import that gives the DSL name ``name`` another meaning."""
        self.reporter.warning(
            Code.SHADOWED_DSL_NAME,
            node,
            f"`{name}` is a name of the DSL; {how}, `{name}(...)` in the file means something else "
            "to Python than to Fluxio: rename it",
        )

    def class_def(self, node: cst.ClassDef) -> None:
        bases = [a.value for a in node.bases]
        base = (
            identifier(bases[0])
            if len(bases) == 1 and isinstance(bases[0], cst.Name) and not node.keywords
            else None
        )
        if base not in ("Task", "EventProcessor") or node.decorators:
            self.invalid.add(identifier(node.name))
            self.reporter.error(
                Code.CLASS_BASE,
                node.bases[0] if node.bases else node.name,
                "a module-level class is `class Name(Task)` or `class Name(EventProcessor)`",
            )
            return
        if not self.declare(node.name):
            return
        self.check_shadowing(node.name)
        if base == "Task":
            self.tasks[identifier(node.name)] = recognise_task(
                node, self.source, self.reporter, self.bindings
            )
        else:
            self.processors[identifier(node.name)] = recognise_event_processor(node, self.reporter)
