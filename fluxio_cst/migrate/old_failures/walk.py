"""The old parser's walk of one state machine function, replayed on the LibCST tree.

fluxio-parser 1.0.0 visited a function's statements with global flags that nested blocks
overwrite (``_in_choice_body``, ``_in_else``), a stack of Choice states that a finished ``if``
leaves behind (so a later ``if`` became an ``elif`` of it), and an ``else: pass`` its
transformer added to every ``if`` outside an except handler. Its D5 failures (``pop from an
empty deque``, several states after one Choice, two ``else`` states) follow from exactly that
bookkeeping, so :class:`Walk` keeps the same bookkeeping; the failures that read one statement
only are raised (or deferred to ``to_dict`` time) where the old parser raised them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set, Union

import libcst as cst

from ...syntax import compound_blocks
from . import options
from .graph import (
    BRANCH,
    CATCH,
    CHOICE,
    FAIL,
    MAP,
    MARKER,
    PARALLEL,
    PASS,
    START,
    SUCCEED,
    TASK,
    WAIT,
    Graph,
    Node,
)
from .kinds import OldFailure, call_name, fail, is_name, is_str, positional
from .rules import fail_cause, pass_value

Statement = Union[cst.BaseCompoundStatement, cst.BaseSmallStatement]


@dataclass
class Known:
    """The module-level names the old parser had read when it reached a function."""

    tasks: Dict[str, str] = field(default_factory=dict)  # task class → service
    machines: Set[str] = field(default_factory=set)
    processors: Set[str] = field(default_factory=set)
    later: Set[str] = field(default_factory=set)  # every class and function of the file

    def missing(self, name: str) -> str:
        """The fix that explains a name the old parser did not know yet."""
        return "§A" if name in self.later else "D7"


def statements(suite: cst.BaseSuite) -> List[Statement]:
    """A block's statements as ``ast`` lists them (``a; b`` is two)."""
    if isinstance(suite, cst.SimpleStatementSuite):
        return list(suite.body)
    found: List[Statement] = []
    for statement in suite.body:
        if isinstance(statement, cst.SimpleStatementLine):
            found.extend(statement.body)
        else:
            assert isinstance(statement, cst.BaseCompoundStatement)
            found.append(statement)
    return found


class Walk:
    """One function's graph as the old parser built it, and its ``to_dict`` failures-to-be."""

    def __init__(self, known: Known) -> None:
        self.known = known
        self.graph = Graph()
        self.current = Node(START, None)
        self.stack: List[Optional[Node]] = [None]
        self.in_body = False
        self.in_else = False
        self.deferred: Dict[Node, OldFailure] = {}

    def block(self, items: List[Statement], in_handler: bool) -> None:
        for item in items:
            self.statement(item, in_handler)

    def add(self, kind: str, node: Optional[cst.CSTNode], later: Optional[OldFailure] = None) -> Node:
        state = Node(kind, node)
        self.graph.add_edge(self.current, state, self.in_else)
        self.current = state
        if later is not None:
            self.deferred[state] = later
        return state

    def statement(self, item: Statement, in_handler: bool) -> None:
        if isinstance(item, cst.If):
            self.if_(item, in_handler)
        elif isinstance(item, cst.Try):
            self.try_(item, in_handler)
        elif isinstance(item, cst.With):
            self.with_(item, in_handler)
        elif isinstance(item, cst.Expr):
            self.expr(item)
        elif isinstance(item, cst.Assign):
            self.assign(item)
        elif isinstance(item, cst.Raise):
            self.add(FAIL, item, fail_cause(item))
        elif isinstance(item, cst.Return):
            self.add(SUCCEED, item)
        elif isinstance(item, cst.Pass):
            self.add(MARKER, item)
        elif isinstance(item, cst.TryStar):
            self.block(statements(item.body), in_handler)
            for handler in item.handlers:
                self.handler(handler, in_handler)
        elif isinstance(item, cst.BaseCompoundStatement):  # for, while, def …: walked through
            for suite in compound_blocks(item):
                self.block(statements(suite), in_handler)

    def if_(self, node: cst.If, in_handler: bool) -> None:
        if not self.stack:
            raise fail(
                "D5",
                node,
                "the old parser crashed on this `if` after earlier ones (pop from an empty deque)",
            )
        choice = self.stack.pop()
        if choice is not None and choice.kind == CHOICE and not self.in_body:
            choice.parts.append(Node(BRANCH, node))  # an elif, or an `if` taken for one
            self.current = choice.parts[-1]
        else:
            choice = self.add(CHOICE, node)
            choice.parts.append(Node(BRANCH, node))
            self.current = choice.parts[0]
            self.stack.append(choice)
        self.in_body = True
        self.block(statements(node.body), in_handler)
        self.in_body = False
        orelse = self.orelse(node)
        placeholder = not orelse and not in_handler  # the old transformer's `else: pass`
        if not (orelse or placeholder) or (orelse and isinstance(orelse[0], cst.If)):
            self.stack.append(choice)
        else:
            self.current = choice
        self.in_else = True
        if len(orelse) > 1:
            raise fail(
                "D5",
                node,
                "the old parser accepted one statement in an `else` block (a maximum of 1 state"
                " can be included in an `else` clause)",
            )
        self.block(orelse, in_handler)
        if placeholder:
            self.add(MARKER, node)
        self.in_else = False
        self.current = choice

    @staticmethod
    def orelse(node: cst.If) -> List[Statement]:
        if isinstance(node.orelse, cst.If):
            return [node.orelse]
        if isinstance(node.orelse, cst.Else):
            return statements(node.orelse.body)
        return []

    def try_(self, node: cst.Try, in_handler: bool) -> None:
        body = statements(node.body)
        if len(body) != 1 or node.orelse is not None or node.finalbody is not None:
            raise fail("D7", node, "the old parser accepted one statement in `try` and no `else`/`finally`")
        self.statement(body[0], in_handler)
        for handler in node.handlers:
            self.handler(handler, in_handler)

    def handler(self, node: Union[cst.ExceptHandler, cst.ExceptStarHandler], in_handler: bool) -> None:
        task = self.current
        if task.kind != TASK:
            raise fail("D7", node, "the old parser accepted except handlers only after a Task state")
        catch = Node(CATCH, node, handler=node, bare=in_handler and node.type is None)
        task.parts.append(catch)
        self.current = catch
        self.block(statements(node.body), True)
        self.current = task

    def with_(self, node: cst.With, in_handler: bool) -> None:
        manager = node.items[0].item
        if not isinstance(manager, cst.Call) or call_name(manager) != "retry":
            raise fail("D7", node, "the old parser accepted only `with retry(…):` here")
        body = statements(node.body)
        if len(body) != 1:
            raise fail("D7", node, "the old parser's retry() could wrap a single statement only")
        self.statement(body[0], in_handler)
        if self.current.kind != TASK:
            raise fail("D7", node, "the old parser crashed applying retry() to a state that is not a Task")
        options.retry(manager)

    def expr(self, node: cst.Expr) -> None:
        value = node.value
        if is_str(value):
            return
        if not isinstance(value, cst.Call):
            raise fail("D7", node, "the old parser crashed on an expression that is not a call")
        if isinstance(value.func, cst.Attribute):
            self.add(PASS, node, options.update(value, node))
            return
        name = call_name(value)
        if name is None:
            raise fail("D7", node, "the old parser crashed on a call of something not named")
        if name == "parallel":
            self.add(PARALLEL, node)
            self.branches(value)
        elif name == "wait":
            self.add(WAIT, node, options.wait(value, node))
        elif name == "map":
            self.map_(value, node)
        elif name in self.known.tasks or name in self.known.machines:
            self.task(value, node, name)
        else:
            raise fail(
                self.known.missing(name),
                node,
                f"the old parser did not know `{name}` here (it read only what the file defined above)",
            )

    def assign(self, node: cst.Assign) -> None:
        target = node.targets[0].target
        if len(node.targets) != 1 or not isinstance(target, cst.Subscript):
            raise fail("D7", node, "the old parser required one `data[…]` target")
        if not is_name(target.value):
            raise fail(
                "D7",
                node,
                "the old parser crashed on this nested target: it read only `data[…] = …`"
                " ('Subscript' object has no attribute 'id')",
            )
        value = node.value
        name = call_name(value)
        if isinstance(value, cst.Call) and name is None:
            raise fail("D7", node, "the old parser crashed on a call of something not named")
        if name is not None and (name in self.known.tasks or name in self.known.machines):
            self.task(value, node, name)  # type: ignore[arg-type]
        elif name == "map":
            self.map_(value, node)  # type: ignore[arg-type]
        else:
            fix = "D8" if name == "parallel" else self.known.missing(name) if name else "D7"
            self.add(PASS, node, pass_value(value, node, fix))

    def branches(self, call: cst.Call) -> None:
        args = positional(call)
        if not args:
            raise fail("D7", call, "the old parser required at least one branch")
        for arg in args:
            self.function(arg.value, "parallel")

    def function(self, node: cst.BaseExpression, use: str) -> None:
        if is_name(node) and isinstance(node, cst.Name) and node.value in self.known.machines:
            return
        fix = self.known.missing(node.value) if isinstance(node, cst.Name) else "D7"
        raise fail(fix, node, f"the old parser accepted only functions defined above as {use} arguments")

    def map_(self, call: cst.Call, node: cst.CSTNode) -> None:
        args = positional(call)
        if len(args) != 2:
            raise fail("D7", node, "the old parser required two arguments to map()")
        self.function(args[1].value, "map")
        options.map_(call, node)
        self.add(MAP, node)

    def task(self, call: cst.Call, node: cst.CSTNode, name: str) -> None:
        service = self.known.tasks.get(name, "state-machine")
        self.add(TASK, node, options.task(call, node, service))
