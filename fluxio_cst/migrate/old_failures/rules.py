"""What made the old parser's ``to_dict()`` raise, state by state: Choice rules it could not
write, error names of a catch, Pass values that are not JSON, Wait keywords, Fail causes.

These checks read only the statement a state was made from, so the walk runs the ones that do
not depend on the graph when it makes the state (:func:`deferred`) and this module's
:func:`serialise` raises them, and the graph-dependent ones, in the old parser's order: node by
node, and within a Task its parameters before its catches.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from .graph import CHOICE, TASK, Graph, Node
from .kinds import OldFailure, call_name, fail, is_constant, is_name, is_name_constant, is_num, is_str

_CASTS = {"str", "int", "float", "bool"}
_ORDERED = (cst.LessThan, cst.GreaterThan, cst.LessThanEqual, cst.GreaterThanEqual)


def serialise(graph: Graph, deferred: dict[Node, OldFailure]) -> None:
    """The old ``to_dict()`` of one machine: raise where it raised."""
    for node in list(graph.succ):
        if node in deferred:
            raise deferred[node]
        if node.kind == CHOICE:
            _choice(graph, node)
        elif node.kind == TASK:
            for catch in node.parts:
                _linked(graph, catch, "handler")
                _error_names(catch)


def _choice(graph: Graph, choice: Node) -> None:
    for branch in choice.parts:
        assert isinstance(branch.node, cst.If)
        _linked(graph, branch, "branch")
        if not isinstance(rule(branch.node.test), dict):
            raise fail("D7", branch.node.test, "the old parser needs a comparison or `bool(…)` here")
    if sum(1 for in_else in graph.succ[choice].values() if in_else) > 1:
        raise fail(
            "D5",
            choice.node,
            "the old parser merged this `if` with a later one and found two `else` states"
            " (a maximum of 1 state can be included in an `else` clause)",
        )


def _linked(graph: Graph, part: Node, what: str) -> None:
    """A branch or handler leads somewhere: the old parser lost those whose first `if` it took
    for an `elif` of an earlier one (or that hold no state) and crashed on them."""
    if part not in graph.succ:
        raise fail("D5", part.node, f"the old parser lost the states of this {what} and crashed")


def rule(node: cst.BaseExpression) -> object:
    """The old serialisation of a Choice test: a dict for a rule, a value for a leaf."""
    if isinstance(node, cst.BooleanOperation):
        rule(node.left)
        rule(node.right)
        return {}
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not):
        operand = node.expression
        if isinstance(operand, cst.Call) and not isinstance(operand.func, cst.Name):
            raise fail("D7", operand, "the old parser crashed on a call of something not named")
        rule(operand)
        return {}
    if isinstance(node, cst.Comparison):
        return _comparison(node)
    if isinstance(node, cst.Subscript) or is_str(node) or is_num(node):
        return "leaf"
    if isinstance(node, cst.Call):
        return _cast(node)
    if is_name_constant(node) and isinstance(node, cst.Name) and node.value != "None":
        return "leaf"
    raise fail(_negative(node), node, "the old parser could not write this Choice rule")


def _negative(node: cst.BaseExpression) -> str:
    """D13 for a negative number literal (a UnaryOp to the old parser), else D7."""
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        return "D13" if is_num(node.expression) else "D7"
    return "D7"


def _cast(node: cst.Call) -> object:
    name = call_name(node)
    if name is None:
        raise fail("D7", node, "the old parser crashed on a call of something not named")
    args = [arg for arg in node.args if arg.keyword is None]
    if name not in _CASTS:
        raise fail(
            "D7", node, f"the old parser had no `{name}()` rule, only str(), int(), float() and bool() casts"
        )
    if len(args) != 1:
        raise fail("D7", node, f"the old parser accepted only one-argument casts, not `{name}(…)`")
    rule(args[0].value)
    return {} if name == "bool" else "leaf"


def _comparison(node: cst.Comparison) -> object:
    if len(node.comparisons) != 1:
        raise fail("D7", node, "the old parser accepted one comparison operator at a time")
    operator = node.comparisons[0].operator
    right = node.comparisons[0].comparator
    kind = _kind(node.left, right)
    if kind not in _CASTS:
        raise fail("D7", node.left, f"the old parser crashed on the type `{kind}` of this rule")
    if not isinstance(operator, (cst.Equal, cst.NotEqual)) and not (
        isinstance(operator, _ORDERED) and kind != "bool"
    ):
        raise fail("D7", node, "the old parser crashed on this comparison operator")
    rule(node.left)
    rule(right)
    return {}


def _kind(left: cst.BaseExpression, right: cst.BaseExpression) -> str:
    """The old parser's data type of a comparison (the right side's literal decides)."""
    kind = None
    if isinstance(left, cst.Call):
        kind = call_name(left)
        if kind is None:
            raise fail("D7", left, "the old parser crashed on a call of something not named")
    if isinstance(right, cst.Call):
        name = call_name(right)
        if name is None:
            raise fail("D7", right, "the old parser crashed on a call of something not named")
        if kind is not None and name != kind:
            raise fail("D7", right, f"the old parser required equal casts, not `{kind}` and `{name}`")
        return name
    if is_str(right):
        return "str"
    if is_num(right):
        return "float"
    if is_name_constant(right) and isinstance(right, cst.Name) and right.value != "None":
        return "bool"
    if isinstance(right, cst.Subscript):
        raise fail("D7", right, "the old parser did not accept data on the right of a comparison")
    raise fail(_negative(right), right, "the old parser could not determine the data type of this value")


def _error_names(catch: Node) -> None:
    handler = catch.handler
    assert isinstance(handler, (cst.ExceptHandler, cst.ExceptStarHandler))
    if catch.bare:
        raise fail(
            "D5",
            handler,
            "the old parser left a bare `except:` inside a handler as it was and crashed on it",
        )
    types = handler.type
    if types is None:  # `except:`, which the old transformer made `except States.ALL:`
        return
    names = [e.value for e in types.elements] if isinstance(types, cst.Tuple) else [types]
    for name in names:
        error_name(name)


def error_name(node: cst.BaseExpression) -> None:
    """An error name the old parser could write: ``Name`` or ``States.Name``."""
    if is_name(node):
        return
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "States":
        return
    raise fail("D7", node, "the old parser accepted only error classes or `States.…` names here")


def pass_value(node: cst.BaseExpression, place: cst.CSTNode, fix: str) -> Optional[OldFailure]:
    from .kinds import json_value

    if json_value(node):
        return None
    return fail(fix, place, "the old parser turned this into a Pass state whose value is not JSON")


def fail_cause(raise_: cst.Raise) -> Optional[OldFailure]:
    exc = raise_.exc
    if not isinstance(exc, cst.Call):
        return fail("D7", raise_, "the old parser required `raise Error(…)`, a call")
    args = [arg for arg in exc.args if arg.keyword is None]
    if (args and not is_constant(args[0].value)) or call_name(exc) is None:
        return fail("D7", raise_, "the old parser crashed on this `raise`")
    return None
