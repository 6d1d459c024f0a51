"""What every construct's recogniser is given, and what it gives back.

A recogniser is a pure function of an immutable :class:`Context` and a statement: it reports
through ``context.reporter`` and returns a :data:`Recognised`, the state it built (None when it
rejected the statement) and a :class:`Found`, what recognition learned on the way: the explicit
``key=`` written and the functions used, in source order. A rejected statement still returns
what its parts found, so the duplicate-key check and the call graph see exactly what was
written, and the caller combines them; nothing accumulates in shared state.

Example: inside an ``except`` handler, constructs see ``replace(context, in_handler=True)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, FrozenSet, Mapping, Optional, Tuple, Union

import libcst as cst

from .. import graph, values
from ..codes import Code
from ..model import Task
from ..options import positional
from ..report import Reporter

Statement = Union[cst.BaseStatement, cst.BaseSmallStatement]
# How a function uses another (``"call"``, ``"map"`` or ``"parallel"``), the callee, and where.
Use = Tuple[str, str, cst.CSTNode]


@dataclass(frozen=True)
class Named:
    """An explicit ``key="…"`` and the node it was written at."""

    key: str
    node: cst.CSTNode


@dataclass(frozen=True)
class Found:
    """What recognising some statements learned, in source order."""

    keys: Tuple[Named, ...] = ()
    uses: Tuple[Use, ...] = ()

    def __add__(self, other: Found) -> Found:
        return Found(self.keys + other.keys, self.uses + other.uses)


NOTHING = Found()
Recognised = Tuple[Optional[graph.State], Found]
REJECTED: Recognised = (None, NOTHING)
StatementRecogniser = Callable[["Context", Statement], Recognised]
# A DSL call (``map(…)``), the statement holding it, and the ``data[…]`` it is assigned to.
CallRecogniser = Callable[["Context", cst.Call, cst.CSTNode, Optional[str]], Recognised]


@dataclass(frozen=True)
class Registry:
    """Which recogniser reads which statement or DSL call (filled in :mod:`.registry`)."""

    statements: Mapping[type, StatementRecogniser]
    calls: Mapping[str, CallRecogniser]
    unsupported: StatementRecogniser


@dataclass(frozen=True)
class Context:
    """One state machine function being recognised, as every construct sees it."""

    function: str
    tasks: Mapping[str, Task]
    functions: FrozenSet[str]
    invalid: FrozenSet[str]  # names whose definitions were rejected: no second error for them
    reporter: Reporter
    registry: Registry
    in_handler: bool = False  # inside an ``except`` body: keys hash the unrewritten statement
    line_comment: Optional[cst.Comment] = None  # ends the line of the simple statement read


def data_path(context: Context, node: cst.BaseExpression) -> Optional[str]:
    """The JSONPath of a ``data[…]`` reference, or None once reported."""
    try:
        return values.data_path(node)
    except values.NotStatic as exc:
        context.reporter.error(Code.DATA_REFERENCE, exc.node, exc.why)
        return None


def input_path(context: Context, call: cst.Call, what: str) -> Optional[str]:
    """The input of a Task or state machine call: its one positional argument, or all data."""
    arguments = positional(call)
    if len(arguments) > 1:
        context.reporter.error(
            Code.ARGUMENTS,
            arguments[-1],
            f"{what} takes at most one positional argument, the input data",
        )
        return None
    return "$" if not arguments else data_path(context, arguments[0].value)


def function_reference(context: Context, node: cst.BaseExpression, how: str) -> Tuple[Optional[str], Found]:
    """A state machine function passed by name to ``map()`` or ``parallel()``, and its use."""
    name = values.identifier(node) if isinstance(node, cst.Name) else None
    if name is not None and name in context.functions:
        return name, Found(uses=((how, name, node),))
    if name is not None and name in context.invalid:
        return None, NOTHING  # its own definition was reported already
    if name is not None and name in context.tasks:
        wrapper = f"def run_{name.lower()}(data): {name}()"
        why = f"`{name}` is a Task class; wrap it in a function: `{wrapper}`"
    elif name is not None:
        why = f"`{name}` is not a state machine function of this file"
    else:
        why = "pass a module-level state machine function by name"
    context.reporter.error(Code.UNKNOWN_NAME, node, f"`{how}()` takes state machine functions: {why}")
    return None, NOTHING
