"""map(): fan out, ``map(data["items"], iterator, max_concurrency=3)`` is one Map state.

What it does: runs the state machine function ``iterator`` once per item of a stored item list
(``data["items"]`` holds its table, partition key and key), at most ``max_concurrency`` at a
time (0: no limit); the iterator is copied into the Map state as its Iterator. Alone in a
``try`` or ``with retry()`` body, the Map state gets their Catch and Retry (see try/except).

Why: a ``for`` loop has no Step Functions meaning; a Map state is the one way to fan out, and
its iterator must be a function so that it is a machine of its own.

Example::

    data["results"] = map(data["items"], each_item, max_concurrency=3)

Use instead: ``map(data["items"], each_item)`` for ``for item in data["items"]: …``.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from .. import graph
from ..codes import Code
from ..options import KEY, MAX_SECONDS, NON_NEGATIVE_INT, Option, read_options
from ..options import positional as options_positional
from . import retry
from .context import REJECTED, Context, Recognised, data_path, function_reference
from .examples import Invalid, Valid
from .naming import state_key
from .samples import EACH_ITEM, program
from .wiring import Emitted, Wiring

TITLE = "map(): fan out"

_MAP_OPTIONS = {
    "key": Option((KEY,)),
    "max_concurrency": Option((NON_NEGATIVE_INT,), 0, maximum=MAX_SECONDS),
}


def recognise(
    context: Context, call: cst.Call, statement: cst.CSTNode, result_path: Optional[str]
) -> Recognised:
    positional = options_positional(call)
    options = read_options(call, _MAP_OPTIONS, context.reporter, "`map()`")
    if len(positional) != 2:
        context.reporter.error(
            Code.ARGUMENTS,
            call,
            'write `map(data["items"], iterator_function)`: two positional arguments',
        )
        return REJECTED
    input_path = data_path(context, positional[0].value)
    iterator, found = function_reference(context, positional[1].value, "map")
    if input_path is None or iterator is None or options is None:
        return None, found
    key, named = state_key(context, "map", statement, call, option=options["key"])
    max_concurrency = options["max_concurrency"].value
    return graph.MapState(key, input_path, iterator, result_path, max_concurrency), found + named  # type: ignore[arg-type]


def emit(state: graph.MapState, wiring: Wiring) -> Emitted:
    path = state.input_path
    parameters = {
        "__trace.$": "$.__trace",
        "items_result_table_name.$": f"{path}.table_name",
        "items_result_partition_key.$": f"{path}.partition_key",
        "items_result_key.$": f"{path}.key",
        "context_index.$": "$$.Map.Item.Index",
        "context_value.$": "$$.Map.Item.Value",
    }
    body = {
        "Type": "Map",
        "Parameters": parameters,
        "Iterator": wiring.embed(state.iterator),
        "ItemsPath": f"{path}.items",
        "ResultPath": state.result_path,
        "MaxConcurrency": state.max_concurrency,
        **retry.handler_fields(state, wiring),
    }
    return Emitted((body,))


_MAPPED = program(EACH_ITEM, 'map(data["items"], each_item)')

VALID = (Valid(program(EACH_ITEM, 'data["results"] = map(data["items"], each_item, max_concurrency=3)')),)

INVALID = (
    Invalid(
        program(EACH_ITEM, "map(each_item)"),
        Code.ARGUMENTS,
        11,
        fix=_MAPPED,
    ),
    Invalid(
        program(EACH_ITEM, 'map(data["items"], Process)'),
        Code.UNKNOWN_NAME,
        11,
        title="the iterator is a function, not a Task class",
        fix=_MAPPED,
    ),
    Invalid(
        program(EACH_ITEM, 'map(data[data["which"]], each_item)'),
        Code.DATA_REFERENCE,
        11,
    ),
    Invalid(
        program(EACH_ITEM, 'map(data["items"], each_item, max_concurrency=-1)'),
        Code.BAD_OPTION_VALUE,
        11,
    ),
)
