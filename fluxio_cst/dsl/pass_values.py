"""Pass values: ``data["k"] = <literal>`` and ``data.update({...})`` store JSON literals.

What it does: ``data["k"] = {"level": "INFO"}`` is one Pass state storing the literal at
``$.k``; ``data.update({"a": 1, "b": 2})`` is one Pass state per key, chained, each keeping
every other key of the data (fix D16).

Why: a Pass state's Result is fixed when the machine is written, so only JSON literals are
stored: a name or an f-string cannot be known before the execution. ``__trace`` is Fluxio's
own tracing key and is never written.

Example::

    data["debug"] = {"level": "INFO"}
    data.update({"retries": 3, "mode": "fast"})

Use instead: a Task to compute a value at run time.
"""

from __future__ import annotations

from typing import List

import libcst as cst

from .. import graph, values
from ..codes import Code
from .context import REJECTED, Context, Recognised
from .examples import Invalid, Valid
from .naming import state_key
from .wiring import Emitted, Wiring

TITLE = "Pass values: data[...] = literal, data.update({...})"


def literal(context: Context, node: cst.Assign, result_path: str) -> Recognised:
    """``data[…] = <literal>``: the value read as JSON."""
    try:
        result = values.json_value(node.value)
    except values.NotStatic as exc:
        context.reporter.error(Code.PASS_VALUE, exc.node, f"a Pass state stores a JSON literal: {exc.why}")
        return REJECTED
    key, found = state_key(context, "pass", node)
    return graph.PassValue(key, result, result_path), found


def is_update(call: cst.Call) -> bool:
    func = call.func
    return (
        isinstance(func, cst.Attribute)
        and func.attr.value == "update"
        and isinstance(func.value, cst.Name)
        and values.identifier(func.value) == "data"
    )


def update(context: Context, call: cst.Call, statement: cst.CSTNode) -> Recognised:
    """``data.update({...})``: each key of the dict literal, in its order. Only a statement of
    its own: ``data["k"] = data.update(...)`` is an assignment of a value that is no literal."""
    dictionary = call.args[0].value if len(call.args) == 1 and call.args[0].keyword is None else None
    if not isinstance(dictionary, cst.Dict):
        context.reporter.error(Code.PASS_VALUE, call, "`data.update()` takes one dict literal")
        return REJECTED
    try:
        result = values.json_value(dictionary)
    except values.NotStatic as exc:
        context.reporter.error(Code.PASS_VALUE, exc.node, f"a Pass state stores a JSON literal: {exc.why}")
        return REJECTED
    reserved = _reserved_keys(dictionary)
    for node in reserved:
        why = "`__trace` is reserved for Fluxio's tracing; store the value elsewhere"
        context.reporter.error(Code.RESERVED_PATH, node, why)
    if reserved:
        return REJECTED
    assert isinstance(result, dict)  # a dict literal's JSON: keys are strings, last value wins
    try:
        for element in dictionary.elements:  # each key as a data key: the same writable rule
            if isinstance(element, cst.DictElement):
                values.path_segment(str(values.literal(element.key)), element.key)
    except values.UnwritableKey as exc:
        context.reporter.error(Code.DATA_REFERENCE, exc.node, exc.why)
        return REJECTED
    entries = tuple(("$" + values.path_segment(name, dictionary), value) for name, value in result.items())
    key, found = state_key(context, "pass", statement)
    return graph.Update(key, entries), found


def _reserved_keys(dictionary: cst.Dict) -> List[cst.BaseExpression]:
    """The keys of a ``data.update`` literal (already read as JSON) that would write under
    ``__trace``, the same rule as for ``data[...] = ...`` targets."""
    return [
        element.key
        for element in dictionary.elements
        if isinstance(element, cst.DictElement) and "__trace" in repr(values.literal(element.key))
    ]


def emit_value(state: graph.PassValue, wiring: Wiring) -> Emitted:
    return Emitted(({"Type": "Pass", "Result": state.result, "ResultPath": state.result_path},))


def emit_update(state: graph.Update, wiring: Wiring) -> Emitted:
    """One Pass per key, chained; ``data.update({})`` changes nothing: one Pass without a
    ``Result``, which passes its input through."""
    if not state.entries:
        return Emitted(({"Type": "Pass"},))
    return Emitted(
        tuple({"Type": "Pass", "Result": value, "ResultPath": path} for path, value in state.entries)
    )


VALID = (
    Valid(
        """
        def main(data):
            data["debug"] = {"level": "INFO", "tags": ["a", "b"]}
            data.update({"retries": 3, "mode": "fast"})
        """,
    ),
)

INVALID = (
    Invalid(
        """
        def main(data):
            data["when"] = data["now"]
        """,
        Code.PASS_VALUE,
        2,
        title="a Pass state stores a literal, not a reference",
    ),
    Invalid(
        """
        def main(data):
            data.update({"__trace": 1})
        """,
        Code.RESERVED_PATH,
        2,
        fix="""
        def main(data):
            data.update({"trace": 1})
        """,
    ),
    Invalid(
        """
        def main(data):
            data.update({"tab\\there": 1})
        """,
        Code.DATA_REFERENCE,
        2,
        title="a key no Step Functions path can spell",
    ),
)
