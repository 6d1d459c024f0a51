"""Static values read from the CST: literals, data references and error names.

Nothing here evaluates user code. Literal tokens are decoded the way Python's tokenizer would
(LibCST's ``evaluated_value``, which uses :func:`ast.literal_eval` on a single token), and only
the literal shapes the DSL allows are accepted; everything else is reported as not static.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from typing import TYPE_CHECKING, Dict, List, Optional, Union

import libcst as cst

if TYPE_CHECKING:  # an annotation only: typing_extensions costs start-up time at run time
    from typing_extensions import TypeGuard

JSON = Union[None, bool, int, float, str, List["JSON"], Dict[str, "JSON"]]


def identifier(name: Union[str, cst.Name]) -> str:
    """A name as Python knows it: identifiers are NFKC-normalised (PEP 3131), so ``ﬁle`` and
    ``file`` are one name."""
    text = name.value if isinstance(name, cst.Name) else name
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


class NotStatic(Exception):
    """A value is not a literal of the accepted shape; ``node`` is where, ``why`` says what."""

    def __init__(self, node: cst.CSTNode, why: str) -> None:
        super().__init__(why)
        self.node = node
        self.why = why


class UnwritableKey(NotStatic):
    """A data reference whose key no Step Functions path can spell: whatever kind of value was
    expected, this is what the user must change."""


_CONSTANTS: Dict[str, JSON] = {"True": True, "False": False, "None": None}


def evaluate(
    node: Union[cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.ConcatenatedString],
) -> object:
    """A literal token's value, as Python's tokenizer reads it; what Python itself would refuse
    (a 5,000-digit integer over the conversion limit) is not a static value."""
    try:
        return node.evaluated_value
    except (ValueError, SyntaxError, MemoryError) as exc:
        raise NotStatic(node, f"Python cannot read this literal ({exc})") from None


def literal(node: cst.BaseExpression) -> object:
    """The Python value of a literal expression (numbers, strings, containers, True/False/None).

    Sets, bytes and complex numbers are returned as such; :func:`json_value` rejects them.
    """
    if isinstance(node, (cst.Integer, cst.Float, cst.Imaginary)):
        return evaluate(node)
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = evaluate(node)
        if value is None:
            raise NotStatic(node, "an f-string is not a static value")
        return value
    if isinstance(node, cst.FormattedString):
        raise NotStatic(node, "an f-string is not a static value")
    if isinstance(node, cst.Name) and node.value in _CONSTANTS:
        return _CONSTANTS[node.value]
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        operand = literal(node.expression)
        if isinstance(operand, (int, float, complex)) and not isinstance(operand, bool):
            return -operand if isinstance(node.operator, cst.Minus) else operand
        raise NotStatic(node, "a sign only applies to a number literal")
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        items = [literal(_element(e)) for e in node.elements]
        if isinstance(node, cst.Set):
            return set(map(_hashable, items, node.elements))
        return items if isinstance(node, cst.List) else tuple(items)
    if isinstance(node, cst.Dict):
        result: Dict[object, object] = {}
        for element in node.elements:
            if not isinstance(element, cst.DictElement):
                raise NotStatic(element, "`**` unpacking is not a static value")
            result[_hashable(literal(element.key), element.key)] = literal(element.value)
        return result
    raise NotStatic(node, f"`{_code(node)}` is not a literal value")


def _element(element: cst.BaseElement) -> cst.BaseExpression:
    if isinstance(element, (cst.StarredElement,)):
        raise NotStatic(element, "`*` unpacking is not a static value")
    return element.value


def _hashable(value: object, node: cst.CSTNode) -> object:
    try:
        hash(value)
    except TypeError:
        raise NotStatic(node, "a list or dict cannot be a dict key or set item") from None
    return value


def json_value(node: cst.BaseExpression) -> JSON:
    """A literal as JSON holds it, exactly as ``json.dumps`` would write it back.

    Tuples become lists and int/float/bool/None dict keys become strings (``json.dumps``'s own
    rules); sets, bytes, complex numbers, NaN and infinities cannot be JSON and are rejected.
    """
    value = literal(node)
    try:
        loaded: JSON = json.loads(json.dumps(value, allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise NotStatic(node, f"`{_code(node)}` cannot be written as JSON ({exc})") from None
    return loaded


def is_int(value: object) -> TypeGuard[int]:
    """An int literal's value: an int and not a bool (Python counts True as 1; JSON and the DSL
    do not)."""
    return type(value) is int


def number(value: object) -> bool:
    """True for int and finite float values (not bool, which Python counts as an int). An int
    is never converted: a 400-digit one is a number too large for a float, not an error."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def data_path(node: cst.BaseExpression, data_name: str = "data") -> str:
    """The ASL reference path of ``data`` or a chain of literal subscripts on it.

    ``data`` → ``$``; ``data["a"][0]`` → ``$['a'][0]``, each key written as Python's ``repr``
    writes it, as the old parser did.
    """
    keys: List[str] = []
    current = node
    while isinstance(current, cst.Subscript):
        if len(current.slice) != 1 or not isinstance(current.slice[0].slice, cst.Index):
            raise NotStatic(current, "a data reference takes one key per subscript, no slices")
        key_node = current.slice[0].slice.value
        if isinstance(key_node, cst.Integer):
            key: object = evaluate(key_node)
        elif isinstance(key_node, (cst.SimpleString, cst.ConcatenatedString)):
            key = evaluate(key_node)
            if not isinstance(key, str):
                raise NotStatic(key_node, "a data key must be a str or int literal")
        else:
            raise NotStatic(key_node, "a data key must be a str or non-negative int literal")
        keys.append(path_segment(key, key_node))
        current = current.value
    if not (isinstance(current, cst.Name) and identifier(current) == data_name):
        raise NotStatic(node, f'expected `{data_name}` or a subscript of it like `{data_name}["key"]`')
    return "$" + "".join(reversed(keys))


# ``repr`` writes these keys with an escape (a backslash, a control or other unprintable
# character, or both kinds of quote), which a JSONPath reader does not decode as Python does.
_UNWRITABLE_KEY = (
    "a data key holding a backslash, a control character, an unprintable character or both kinds "
    "of quotes cannot be written as a Step Functions path; rename the key"
)


def path_segment(key: object, node: cst.CSTNode) -> str:
    """One key of a reference path, ``['a']`` or ``[0]``, written as Python's ``repr`` writes
    it (the old parser's form); :class:`UnwritableKey` for a str key ``repr`` would escape."""
    if isinstance(key, str) and "\\" in repr(key) and first_surrogate(key) is None:  # FX007's
        raise UnwritableKey(node, _UNWRITABLE_KEY)
    return f"[{key!r}]"


_SURROGATE = re.compile("[\ud800-\udfff]")


def first_surrogate(text: str) -> Optional[int]:
    """The index of the first lone surrogate of a text, or None: UTF-8, and so every output of
    ours, cannot carry one (reported once, as FX007, wherever it would reach the output)."""
    match = _SURROGATE.search(text)
    return None if match is None else match.start()


def is_data_reference(node: cst.BaseExpression, data_name: str = "data") -> bool:
    """Whether a node is ``data`` or a subscript chain on it (its keys may still be invalid)."""
    current = node
    while isinstance(current, cst.Subscript):
        current = current.value
    return isinstance(current, cst.Name) and identifier(current) == data_name


def error_name(node: cst.BaseExpression) -> str:
    """An error name for Catch/Retry: a plain name, or ``States.X``."""
    if isinstance(node, cst.Name):
        return identifier(node)
    if (
        isinstance(node, cst.Attribute)
        and isinstance(node.value, cst.Name)
        and identifier(node.value) == "States"
    ):
        return f"States.{identifier(node.attr)}"
    raise NotStatic(node, "an error must be a name like `KeyError` or `States.Timeout`")


# Python's built-in exception classes people write to catch a family of errors. Step Functions
# compares error names exactly (a Lambda raising KeyError fails with "KeyError"), so naming one
# of these catches only an error of exactly that name.
BASE_EXCEPTIONS = frozenset(
    {
        "BaseException",
        "Exception",
        "ArithmeticError",
        "LookupError",
        "OSError",
        "EnvironmentError",
        "IOError",
        "ConnectionError",
        "Warning",
    }
)


def base_exception_problem(name: str) -> Optional[str]:
    """Why an error name reads otherwise in Python than in Step Functions, or None."""
    if name in ("BaseException", "Exception"):
        return (
            f"`{name}` catches every error in Python, but Step Functions matches error names exactly: "
            f"only an error named `{name}` would match; write `States.ALL` (or a bare `except:`)"
        )
    if name in BASE_EXCEPTIONS:
        return (
            f"`{name}` catches its subclasses in Python, but Step Functions matches error names exactly: "
            f"only an error named `{name}` would match; name the errors (`KeyError`, `IndexError`, …)"
        )
    return None


def dotted_name(node: cst.BaseExpression) -> Optional[str]:
    """``a.b.c`` as a string, or None when the node is not a plain dotted name."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = dotted_name(node.value)
        return None if head is None else f"{head}.{node.attr.value}"
    return None


_EMPTY_MODULE = cst.Module(body=[])


def _code(node: cst.CSTNode) -> str:
    text = _EMPTY_MODULE.code_for_node(node)
    return text if len(text) <= 40 else text[:37] + "..."
