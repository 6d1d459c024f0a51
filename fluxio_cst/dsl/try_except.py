"""try/except: handlers around one Task call, map or parallel become that state's Catch.

What it does: ``try:`` holds exactly one Task call, ``map(...)`` or ``parallel(...)`` (or one
``with retry()`` around one); each ``except Errors:`` handler is a Catch of that Task, Map or
Parallel state whose block runs with the error at ``$.error``. A bare ``except:`` (or
``States.ALL``) catches every error: alone and last. Each handler is one entry, written after
the state's own fields and before its ``Next``/``End``:
``{"ResultPath": "$.error", "Next": "<its block's first state>", "ErrorEquals": ["Timeout"]}``.

Why: a Catch guards only its own state, so a ``try`` body of several states, or a ``try``
inside a ``try``, would promise a protection Step Functions cannot give.

Errors from inside a map or parallel: a Task that fails in the iterator or in a branch fails
the whole Map or Parallel state with the Task's own error name (as moto's ASL interpreter runs
it): ``except KeyError:`` around the ``map`` catches a ``KeyError`` of the iterator's Task, and
so do ``States.TaskFailed`` (which matches every error but ``States.Timeout``) and
``States.ALL``; ``States.BranchFailed`` catches none of them. ``$.error`` holds that Task's
``Error`` and ``Cause``. (A ``States.Timeout`` inside an iterator is not checked: moto fails
the whole run with ``States.Runtime`` instead.)

Example::

    try:
        data["order"] = FetchOrder(data)
    except (Timeout, Unavailable):
        data["order"] = {"status": "unknown"}

Use instead: ``except Timeout:`` for ``except Timeout as error:`` (the error is at ``$.error``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import List, Optional, Tuple

import libcst as cst

from .. import graph, values
from ..asl.vocabulary import CATCH_ALL, CATCH_ALL_RULE, catch_all_problems
from ..codes import Code
from ..fixes import bare, named_all, unnamed
from ..syntax import is_docstring, statements_of
from . import block
from .context import NOTHING, Context, Found, Recognised
from .examples import Invalid, Valid
from .samples import EACH_ITEM, FETCH_ORDER, program
from .wiring import Json, Wiring

TITLE = "try/except: Catch"
Guarded = Tuple[Optional[graph.Guarded], Found]


def recognise(context: Context, node: cst.Try) -> Recognised:
    extra = node.orelse or node.finalbody
    if extra is not None:
        context.reporter.error(
            Code.TRY_SHAPE, extra, "`try` takes `except` handlers only (no `else`/`finally`)"
        )
        return None, block.check_bodies(context, node)
    task, found = guarded_state(context, node.body, "try")
    catchers: List[Optional[graph.Catcher]] = []
    in_handler = replace(context, in_handler=True)
    for handler in node.handlers:
        errors = handler_errors(context, handler, handler is node.handlers[-1])
        body, learned = block.suite(in_handler, handler.body)
        found += learned
        catchers.append(None if errors is None else graph.Catcher(errors, body))
    for index, (handler, catcher) in enumerate(zip(node.handlers, catchers)):
        last = index == len(node.handlers) - 1
        if catcher is not None and catch_all_problems(catcher.errors, last):
            context.reporter.error(Code.STATES_ALL, handler.type or handler, CATCH_ALL_RULE)
            return None, found
    if task is None or None in catchers:
        return None, found
    return replace(task, catchers=task.catchers + tuple(c for c in catchers if c is not None)), found


def handler_errors(context: Context, handler: cst.ExceptHandler, last: bool) -> Optional[Tuple[str, ...]]:
    if handler.name is not None:
        why = "`except … as name` has no meaning here; drop `as …`"
        context.reporter.error(Code.HANDLER_TYPE, handler.name, why, fix=unnamed(handler))
        return None
    if handler.type is None:
        return (CATCH_ALL,)
    elements = handler.type.elements if isinstance(handler.type, cst.Tuple) else None
    nodes = [e.value for e in elements] if elements is not None else [handler.type]
    if not nodes:
        why = "`except ():` catches no error: name the errors, or write `except:`"
        context.reporter.error(Code.NO_ERRORS, handler.type, why, fix=bare(handler) if last else None)
        return None
    try:
        names = tuple(values.error_name(n) for n in nodes)
    except values.NotStatic as exc:
        context.reporter.error(Code.HANDLER_TYPE, exc.node, exc.why)
        return None
    warn_base_exceptions(context, list(zip(names, nodes)), fixable=last and elements is None)
    return names


def warn_base_exceptions(
    context: Context, named: List[Tuple[str, cst.BaseExpression]], fixable: bool = False
) -> None:
    """Warn of each Python base exception named; ``fixable``: it is the one error of the last
    handler, where ``States.ALL`` may replace it."""
    for name, node in named:
        problem = values.base_exception_problem(name)
        if problem is not None:
            fix = named_all(node) if fixable else None
            context.reporter.warning(Code.BASE_EXCEPTION_NAME, node, problem, fix=fix)


# What a ``try`` or ``with retry()`` body may be, as its diagnostics say it.
GUARDABLE = "one Task call, `map(...)` or `parallel(...)`"


def guarded_state(context: Context, suite: cst.BaseSuite, what: str) -> Guarded:
    """The one state a ``try`` or ``with retry()`` body is: a Task call, a map or a parallel
    (each has Catch and Retry fields), possibly already inside a ``with retry()``."""
    statements = [s for s in statements_of(suite) if not is_docstring(s)]
    smalls = [x for s in statements for x in (s.body if isinstance(s, cst.SimpleStatementLine) else [s])]
    found = NOTHING
    if len(smalls) == 1 and isinstance(smalls[0], cst.Try):
        found = block.statement(context, smalls[0])[1]  # its own problems are reported too
        _nested_try(context, smalls[0], what)
        return None, found
    if len(smalls) == 1:
        state, found = block.statement(block.on_line(context, statements[0]), smalls[0])
        if isinstance(state, graph.GUARDED):
            return state, found
        if state is None:
            return None, found
    code = Code.TRY_BODY if what == "try" else Code.RETRY_SHAPE
    context.reporter.error(
        code,
        suite if len(smalls) != 1 else smalls[0],
        f"the body of `{what}` is exactly {GUARDABLE} (or one `with retry()` around one)",
    )
    return None, found


def _nested_try(context: Context, inner: cst.Try, what: str) -> None:
    """Reject a ``try`` as the body of a ``try`` or a ``with retry()``.

    Python sends a failure inside the inner handlers to the outer ones, and a retry re-runs
    the whole inner ``try`` (handlers included). A Catch or Retry only guards its own Task
    state: the handlers' states, and a Fail state there, would escape both.
    """
    if what == "try":
        context.reporter.error(
            Code.NESTED_TRY,
            inner,
            "a `try` inside a `try` body cannot be compiled: a failure in the inner handlers "
            "would never reach the outer ones. Move the inner `try` into its own state machine "
            "function and call that function here: the call is one Task, so these handlers "
            "catch its failure",
        )
        return
    context.reporter.error(
        Code.RETRY_AROUND_TRY,
        inner,
        "`with retry()` around a `try` would retry the whole `try`, handlers included, which "
        "a Step Functions Retry cannot do. Put the `with retry()` inside the `try` body "
        "(the call is retried first, the handlers run once the retries are spent), or move "
        "the `try` into its own state machine function and retry the call to it",
    )


def catch_field(state: graph.Guarded, wiring: Wiring) -> List[Json]:
    """The state's ``Catch``: each handler's errors, and the entry of its block."""
    return [
        {"ResultPath": "$.error", "Next": entry, "ErrorEquals": list(catcher.errors)}
        for entry, catcher in zip(wiring.catches, state.catchers)
    ]


def _guarded(handlers: str) -> str:
    """An example program: ``FetchOrder`` in a ``try`` with these ``handlers``."""
    return program(FETCH_ORDER, "try:", '    data["order"] = FetchOrder(data)') + handlers


_UNKNOWN = '        data["order"] = {"status": "unknown"}\n'
_MAPPED = ("try:", '    data["results"] = map(data["items"], each_item)')
_NO_RESULTS = ("except KeyError:", '    data["results"] = []')
_FAILED = '        raise Failed("no order")\n'
_ALL = "    except:\n"

VALID = (
    Valid(
        _guarded(
            "    except (Timeout, Unavailable):\n"
            + _UNKNOWN
            + "    except:\n"
            + '        raise Failed("no order")\n'
        )
    ),
    Valid(
        program(EACH_ITEM, *_MAPPED, *_NO_RESULTS),
        title="around a map: a KeyError of any item's Task is caught",
    ),
)

INVALID = (
    Invalid(
        _guarded("    except Timeout:\n" + _UNKNOWN + "    finally:\n" + '        data["done"] = True\n'),
        Code.TRY_SHAPE,
        11,
    ),
    Invalid(
        program(
            FETCH_ORDER,
            "try:",
            '    data["order"] = FetchOrder(data)',
            '    data["again"] = FetchOrder(data)',
            "except Timeout:",
            '    data["order"] = {"status": "unknown"}',
        ),
        Code.TRY_BODY,
        8,
    ),
    Invalid(
        program(EACH_ITEM, *_MAPPED, '    data["count"] = 1', *_NO_RESULTS),
        Code.TRY_BODY,
        12,
        title="a map and another statement",
        fix=program(EACH_ITEM, *_MAPPED, *_NO_RESULTS, 'data["count"] = 1'),
    ),
    Invalid(
        _guarded("    except Timeout as error:\n" + _UNKNOWN),
        Code.HANDLER_TYPE,
        9,
        fix=_guarded("    except Timeout:\n" + _UNKNOWN),
    ),
    Invalid(_guarded("    except ():\n" + _UNKNOWN), Code.NO_ERRORS, 9, fix=_guarded(_ALL + _UNKNOWN)),
    Invalid(
        _guarded(
            "    except:\n" + _UNKNOWN + "    except Timeout:\n" + '        raise Failed("timed out")\n'
        ),
        Code.STATES_ALL,
        9,
    ),
    Invalid(
        program(
            FETCH_ORDER,
            "try:",
            "    try:",
            '        data["order"] = FetchOrder(data)',
            "    except Timeout:",
            '        data["order"] = {"status": "unknown"}',
            "except:",
            '    raise OrderFailed("the order could not be fetched")',
        ),
        Code.NESTED_TRY,
        8,
    ),
    Invalid(
        _guarded("    except Exception:\n" + _UNKNOWN),
        Code.BASE_EXCEPTION_NAME,
        9,
        title="Step Functions matches error names exactly",
        fix=_guarded("    except States.ALL:\n" + _UNKNOWN),
    ),
)
