"""with retry(): ``with retry(on_exceptions=[…], interval=…, max_attempts=…, backoff_rate=…):``.

What it does: around exactly one Task call, ``map(...)`` or ``parallel(...)``, adds a Retry
entry to its state: a Task's after the service's own default Retry, a Map's or Parallel's
alone (they have no default); without ``on_exceptions`` it retries every error (fix D3).
Nested ``with retry()`` blocks add one entry each, innermost first. Each is
``{"ErrorEquals": […], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2.0}``, and
``Retry`` comes after the state's ``Catch`` (when in a ``try``), before its ``Next``/``End``.

Why: a Retry re-runs only its own state, so the body is one Task call, map or parallel; a
retry of every error must be alone and outermost, since Step Functions tries entries in order.
A retried Map or Parallel runs again as a whole: every item, every branch, the ones that had
succeeded too. The errors it sees are those of the Tasks inside, by their own names (see
try/except).

Example::

    with retry(on_exceptions=[Timeout], interval=2, max_attempts=5, backoff_rate=1.5):
        data["order"] = FetchOrder(data)

Use instead: ``with retry():`` inside the ``try`` body, for a ``with retry()`` around a ``try``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import List, Tuple

import libcst as cst

from .. import graph, values
from ..asl.vocabulary import CATCH_ALL, catch_all_problems
from ..codes import Code
from ..options import (
    ERRORS,
    MAX_DOUBLE,
    MAX_SECONDS,
    NON_NEGATIVE_INT,
    POSITIVE_INT,
    RATE,
    Option,
    read_options,
)
from ..options import positional as options_positional
from . import block, try_except
from .context import Context, Recognised
from .examples import Invalid, Valid
from .samples import BRANCHES, FETCH_ORDER, program
from .wiring import Json, Wiring

TITLE = "with retry(): Retry"

_RETRY_OPTIONS = {
    "on_exceptions": Option((ERRORS,)),
    "interval": Option((POSITIVE_INT,), 1, maximum=MAX_SECONDS),
    "max_attempts": Option((NON_NEGATIVE_INT,), 3, maximum=MAX_SECONDS),
    "backoff_rate": Option((RATE,), 2.0, maximum=MAX_DOUBLE),
}


def recognise(context: Context, node: cst.With) -> Recognised:
    item = node.items[0].item if len(node.items) == 1 else None
    if (
        not isinstance(item, cst.Call)
        or not isinstance(item.func, cst.Name)
        or values.identifier(item.func) != "retry"
        or node.items[0].asname is not None
        or node.asynchronous is not None
    ):
        context.reporter.error(
            Code.RETRY_SHAPE, node, f"the only `with` is `with retry(...):` around {try_except.GUARDABLE}"
        )
        return None, block.check_bodies(context, node)
    if options_positional(item):
        context.reporter.error(Code.RETRY_SHAPE, item, "`retry()` takes keyword arguments only")
        return None, block.check_bodies(context, node)
    options = read_options(item, _RETRY_OPTIONS, context.reporter, "`retry()`")
    task, found = try_except.guarded_state(context, node.body, "with retry()")
    if options is None or task is None:
        return None, found
    errors = options["on_exceptions"].value
    listed = options["on_exceptions"].node
    if isinstance(errors, tuple) and isinstance(listed, (cst.List, cst.Tuple)):
        try_except.warn_base_exceptions(context, [(n, e.value) for n, e in zip(errors, listed.elements)])
    if isinstance(errors, tuple) and "alone" in catch_all_problems(errors, is_last=True):
        context.reporter.error(
            Code.STATES_ALL, options["on_exceptions"].node or item, "`States.ALL` must stand alone"
        )
        return None, found
    if any(catch_all_problems(r.errors, is_last=False) for r in task.retriers):  # before this one
        context.reporter.error(
            Code.STATES_ALL,
            item,
            "the inner `with retry()` already retries every error; only the outermost one may",
        )
        return None, found
    retrier = graph.Retrier(
        errors if isinstance(errors, tuple) else (CATCH_ALL,),  # fix D3
        options["interval"].value,  # type: ignore[arg-type]
        options["max_attempts"].value,  # type: ignore[arg-type]
        options["backoff_rate"].value,  # type: ignore[arg-type]
        listed=isinstance(errors, tuple),
    )
    return replace(task, retriers=task.retriers + (retrier,)), found


def handler_fields(state: graph.Guarded, wiring: Wiring, defaults: Tuple[Json, ...] = ()) -> Json:
    """A Task's, Map's or Parallel's ``Catch`` (its handlers) then ``Retry`` (the service's
    ``defaults``, a Task's only, then each ``with retry()``), each only when not empty."""
    fields: Json = {}
    if state.catchers:
        fields["Catch"] = try_except.catch_field(state, wiring)
    retries = _retry_field(state, defaults)
    if retries:
        fields["Retry"] = retries
    return fields


def _retry_field(state: graph.Guarded, defaults: Tuple[Json, ...]) -> List[Json]:
    return [dict(r) for r in defaults] + [
        {
            "ErrorEquals": list(r.errors),
            "IntervalSeconds": r.interval,
            "MaxAttempts": r.max_attempts,
            "BackoffRate": r.backoff_rate,
        }
        for r in state.retriers
    ]


_BOTH = '    data["both"] = parallel(each_item, each_other_item)'

VALID = (
    Valid(
        program(
            FETCH_ORDER,
            "with retry(on_exceptions=[Timeout], interval=2, max_attempts=5, backoff_rate=1.5):",
            '    data["order"] = FetchOrder(data)',
        ),
    ),
    Valid(
        program(BRANCHES, "with retry(on_exceptions=[KeyError], max_attempts=2):", _BOTH),
        title="around a parallel: both branches run again",
    ),
)

INVALID = (
    Invalid(
        program(BRANCHES, "with retry(max_attempts=2):", _BOTH, '    data["count"] = 1'),
        Code.RETRY_SHAPE,
        16,
        title="a parallel and another statement",
        fix=program(BRANCHES, "with retry(max_attempts=2):", _BOTH, 'data["count"] = 1'),
    ),
    Invalid(
        program(FETCH_ORDER, "with retry(3):", '    data["order"] = FetchOrder(data)'),
        Code.RETRY_SHAPE,
        7,
        fix=program(FETCH_ORDER, "with retry(max_attempts=3):", '    data["order"] = FetchOrder(data)'),
    ),
    Invalid(
        program(
            FETCH_ORDER,
            "with retry(on_exceptions=[States.ALL, Timeout]):",
            '    data["order"] = FetchOrder(data)',
        ),
        Code.STATES_ALL,
        7,
        fix=program(
            FETCH_ORDER, "with retry(on_exceptions=[States.ALL]):", '    data["order"] = FetchOrder(data)'
        ),
    ),
    Invalid(
        program(
            FETCH_ORDER,
            "with retry():",
            "    try:",
            '        data["order"] = FetchOrder(data)',
            "    except Timeout:",
            '        data["order"] = {"status": "unknown"}',
        ),
        Code.RETRY_AROUND_TRY,
        8,
        fix=program(
            FETCH_ORDER,
            "try:",
            "    with retry():",
            '        data["order"] = FetchOrder(data)',
            "except Timeout:",
            '    data["order"] = {"status": "unknown"}',
        ),
    ),
)
