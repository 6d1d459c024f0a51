"""Small questions about LibCST statements that every recogniser asks.

Which statements a suite holds, which are only documentation or placeholders, and which blocks
a compound statement contains: answered once here, so that the module, class and function
recognisers agree on them.
"""

from __future__ import annotations

import dataclasses
from typing import Dict, Iterator, List, Optional, Tuple, Union

import libcst as cst


def statements_of(suite: cst.BaseSuite) -> List[cst.BaseStatement]:
    """The statements of a suite; ``class A(Task): x = 1`` on one line is one simple line."""
    if isinstance(suite, cst.SimpleStatementSuite):
        return [cst.SimpleStatementLine(body=suite.body)]
    assert isinstance(suite, cst.IndentedBlock)
    return list(suite.body)


def is_string(statement: Union[cst.BaseStatement, cst.BaseSmallStatement]) -> bool:
    """A string as a statement: documentation, never a state, an attribute or a module-level
    statement to warn about."""
    return isinstance(statement, cst.Expr) and isinstance(
        statement.value, (cst.SimpleString, cst.ConcatenatedString)
    )


def is_docstring(statement: cst.BaseStatement) -> bool:
    """A line that is only a string."""
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and is_string(statement.body[0])
    )


def is_pass(statement: cst.BaseStatement) -> bool:
    """A line of only ``pass`` or ``...``: a placeholder, no attribute and no state."""
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(s, (cst.Pass, cst.Expr)) and (isinstance(s, cst.Pass) or isinstance(s.value, cst.Ellipsis))
        for s in statement.body
    )


def compound_blocks(node: cst.CSTNode) -> List[cst.BaseSuite]:
    """The blocks a compound statement holds, its elif/else/except/finally/case clauses
    included, in source order."""
    found: List[cst.BaseSuite] = []
    for child in node.children:
        if isinstance(child, cst.BaseSuite):
            found.append(child)
        elif isinstance(
            child, (cst.Else, cst.Finally, cst.ExceptHandler, cst.ExceptStarHandler, cst.If, cst.MatchCase)
        ):
            found.extend(compound_blocks(child))
    return found


_FIELDS: Dict[type, Tuple[str, ...]] = {}


def child_nodes(node: cst.CSTNode) -> List[cst.CSTNode]:
    """A node's children read off its dataclass fields: what ``node.children`` gives (in
    another order), without the visitor LibCST runs to collect them, 10× faster."""
    kind = type(node)
    if kind not in _FIELDS:
        _FIELDS[kind] = tuple(field.name for field in dataclasses.fields(node))
    found: List[cst.CSTNode] = []
    for name in _FIELDS[kind]:
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            found.append(value)
        elif isinstance(value, (tuple, list)):
            found.extend(item for item in value if isinstance(item, cst.CSTNode))
    return found


def descendants(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """``node`` and every node under it, in no particular order (:func:`child_nodes`)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(child_nodes(current))


def class_attributes(task: cst.ClassDef) -> List[Tuple[cst.Assign, cst.SimpleStatementLine]]:
    """Every ``name = value`` of a class body (what the compiler reads as an attribute), with
    its line."""
    found: List[Tuple[cst.Assign, cst.SimpleStatementLine]] = []
    for line in task.body.body:
        if isinstance(line, cst.SimpleStatementLine):
            found.extend((small, line) for small in line.body if isinstance(small, cst.Assign))
    return found


def assigned_name(assign: cst.Assign) -> Optional[str]:
    """The one name an assignment sets, if it sets one plain name."""
    target = assign.targets[0].target if len(assign.targets) == 1 else None
    return target.value if isinstance(target, cst.Name) else None


def assignments(task: cst.ClassDef, name: str) -> List[cst.Assign]:
    """Every ``name = …`` of the class body."""
    return [assign for assign, _ in class_attributes(task) if assigned_name(assign) == name]
