"""What a Choice rule family is: the interface :mod:`fluxio_cst.dsl.choice` dispatches over.

A family is a module that answers two questions about a condition node: ``claims(node)``, "is
this node mine?", and ``build(node, rule)``, "its ASL rule (without ``Next``)". ``rule`` is the
dispatcher itself, passed in so that a family made of sub-conditions (``and``/``or``/``not``)
can read them without importing the package that imports it. A family raises
:class:`RuleError` for a node it claims but the DSL cannot express.

:class:`Condition` is the example type of a family's valid programs: besides compiling, its
``if`` takes its first branch for the input ``true`` and none for ``false``, as the test suite
checks on an ASL interpreter, so an example cannot route differently from the way it reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, Mapping, Optional, Protocol

import libcst as cst

from ...codes import Code
from ...report import Fix
from ...values import JSON
from ..examples import Valid

Rule = Dict[str, JSON]
Dispatch = Callable[[cst.BaseExpression], Rule]


class RuleError(Exception):
    """A condition the DSL cannot express; carries its code, node and message."""

    def __init__(self, code: Code, node: cst.CSTNode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.node = node
        self.message = message


@dataclass(frozen=True)
class RuleWarning:
    """A rule that compiles but may not do what it reads as: its code, node, message and fix."""

    code: Code
    node: cst.CSTNode
    message: str
    fix: Optional[Fix] = None


class Family(Protocol):
    """A rule family module: the first of ``FAMILIES`` that claims a node builds its rule."""

    def claims(self, node: cst.BaseExpression) -> bool: ...

    def build(self, node: cst.BaseExpression, rule: Dispatch) -> Rule: ...


@dataclass(frozen=True)
class Condition(Valid):
    """A valid program with one ``if`` (one Choice state): its first condition holds for the
    input ``true``, and no condition of the ``if``/``elif`` chain holds for ``false``."""

    true: Mapping[str, JSON] = field(default_factory=dict)
    false: Mapping[str, JSON] = field(default_factory=dict)
