"""How fluxio-parser 1.0.0 saw an expression: the Python ``ast`` class CPython gives it, and
whether ``ast.literal_eval`` (and ``json.dumps`` after it) accepts it.

The old parser tested its input with ``isinstance(node, ast.Str)``, ``ast.Num``, ``ast.Name``
and read values with ``literal_eval``; the simulation asks the same questions of LibCST nodes,
so this module answers them once, from the CST alone (nothing is evaluated). It also holds the
:class:`OldFailure` every part of the simulation raises where the old parser raised.
"""

from __future__ import annotations

from typing import Optional, Sequence

import libcst as cst


class OldFailure(Exception):
    """Where and why the old parser stopped: a fix of contract §D and a sentence for a user."""

    def __init__(self, fix: str, node: Optional[cst.CSTNode], message: str) -> None:
        super().__init__(message)
        self.fix = fix
        self.node = node
        self.message = message


def fail(fix: str, node: Optional[cst.CSTNode], message: str) -> OldFailure:
    """The failure to raise (``raise fail(…)`` reads as the old parser's own assertion)."""
    return OldFailure(fix, node, message)


def is_str(node: cst.BaseExpression) -> bool:
    """``ast.Str``: a (possibly concatenated) str literal, f-strings and bytes excluded."""
    if isinstance(node, cst.ConcatenatedString):
        return is_str(node.left) and is_str(node.right)
    return isinstance(node, cst.SimpleString) and "b" not in node.prefix.lower()


def is_bytes(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.ConcatenatedString):
        return is_bytes(node.left)
    return isinstance(node, cst.SimpleString) and "b" in node.prefix.lower()


def is_num(node: cst.BaseExpression) -> bool:
    """``ast.Num``: an int, float or imaginary literal (a sign makes it a UnaryOp)."""
    return isinstance(node, (cst.Integer, cst.Float, cst.Imaginary))


def is_name_constant(node: cst.BaseExpression) -> bool:
    """``ast.NameConstant``: True, False or None."""
    return isinstance(node, cst.Name) and node.value in ("True", "False", "None")


def is_name(node: cst.BaseExpression) -> bool:
    """``ast.Name``: a name that is not one of the constants."""
    return isinstance(node, cst.Name) and not is_name_constant(node)


def is_constant(node: cst.BaseExpression) -> bool:
    """``ast.Constant`` (which answers ``.s`` and ``.n`` for any value)."""
    return (
        is_str(node)
        or is_bytes(node)
        or is_num(node)
        or is_name_constant(node)
        or isinstance(node, cst.Ellipsis)
    )


def call_name(node: cst.BaseExpression) -> Optional[str]:
    """The called name of ``name(…)``; None when the callee is not a plain name."""
    if isinstance(node, cst.Call) and is_name(node.func):
        assert isinstance(node.func, cst.Name)
        return node.func.value
    return None


def positional(call: cst.Call) -> Sequence[cst.Arg]:
    """``ast.Call.args``: the arguments without a keyword (``*x`` included)."""
    return [arg for arg in call.args if arg.keyword is None and arg.star != "**"]


def keywords(call: cst.Call) -> Sequence[cst.Arg]:
    """``ast.Call.keywords``: ``name=value`` and ``**x`` (whose ``arg`` is None)."""
    return [arg for arg in call.args if arg.keyword is not None or arg.star == "**"]


def keyword_name(arg: cst.Arg) -> Optional[str]:
    return arg.keyword.value if arg.keyword is not None else None


def literal(node: cst.BaseExpression, subscripts: bool = False) -> bool:
    """``ast.literal_eval`` accepts the node (``subscripts``: ``data[…]`` already turned into
    strings, as the old parser's env transformer did)."""
    if is_constant(node) or (subscripts and isinstance(node, cst.Subscript)):
        return True
    if isinstance(node, cst.UnaryOperation):
        return isinstance(node.operator, (cst.Plus, cst.Minus)) and is_num(node.expression)
    if isinstance(node, cst.BinaryOperation):
        return (
            isinstance(node.operator, (cst.Add, cst.Subtract))
            and (is_num(node.left) or (literal(node.left) and isinstance(node.left, cst.UnaryOperation)))
            and isinstance(node.right, cst.Imaginary)
        )
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return all(isinstance(e, cst.Element) and literal(e.value, subscripts) for e in node.elements)
    if isinstance(node, cst.Dict):
        return all(
            isinstance(e, cst.DictElement) and literal(e.key, subscripts) and literal(e.value, subscripts)
            for e in node.elements
        )
    return isinstance(node, cst.Call) and call_name(node) == "set" and not node.args


def json_value(node: cst.BaseExpression) -> bool:
    """``json.dumps(ast.literal_eval(…))`` succeeds: a literal without sets, bytes, complex
    numbers, ``...`` or keys JSON cannot hold."""
    if not literal(node):
        return False
    if is_str(node) or is_name_constant(node) or isinstance(node, (cst.Integer, cst.Float)):
        return True
    if isinstance(node, cst.UnaryOperation):
        return not isinstance(node.expression, cst.Imaginary)
    if isinstance(node, (cst.List, cst.Tuple)):
        return all(isinstance(e, cst.Element) and json_value(e.value) for e in node.elements)
    if isinstance(node, cst.Dict):
        return all(
            isinstance(e, cst.DictElement) and _json_key(e.key) and json_value(e.value) for e in node.elements
        )
    return False


def _json_key(node: cst.BaseExpression) -> bool:
    return is_str(node) or is_name_constant(node) or (json_value(node) and not _container(node))


def _container(node: cst.BaseExpression) -> bool:
    return isinstance(node, (cst.List, cst.Tuple, cst.Dict, cst.Set))
