"""wait(): ``wait(seconds=10)`` or ``wait(timestamp="2026-01-01T00:00:00Z")`` is a Wait state.

What it does: pauses the execution for a number of seconds or until a timestamp, either given
as a literal or read from the data (``wait(seconds=data["delay"])``).

Why: a Wait state sets exactly one of its four fields, so exactly one keyword is taken, and it
has no result to store.

Example::

    wait(seconds=data["delay"], key="cool down")

Use instead: ``wait(seconds=10)`` for ``wait(10)``.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from .. import graph
from ..codes import Code
from ..options import DATA, KEY, MAX_SECONDS, NON_NEGATIVE_INT, TIMESTAMP, Option, read_options
from ..options import positional as options_positional
from .context import REJECTED, Context, Recognised
from .examples import Invalid, Valid
from .naming import state_key
from .wiring import Emitted, Wiring

TITLE = "wait(): pause"

_WAIT_OPTIONS = {
    "key": Option((KEY,)),
    "seconds": Option((NON_NEGATIVE_INT, DATA), maximum=MAX_SECONDS),
    "timestamp": Option((TIMESTAMP, DATA)),
}


def recognise(
    context: Context, call: cst.Call, statement: cst.CSTNode, result_path: Optional[str]
) -> Recognised:
    if result_path is not None:
        context.reporter.error(Code.ASSIGN_TARGET, statement, "`wait()` has no result to store")
        return REJECTED
    options = read_options(call, _WAIT_OPTIONS, context.reporter, "`wait()`")
    if options_positional(call):
        context.reporter.error(Code.WAIT_FORM, call, "`wait()` takes `seconds=` or `timestamp=` as a keyword")
        return REJECTED
    if options is None:
        return REJECTED
    given = [name for name in ("seconds", "timestamp") if options[name].node is not None]
    if len(given) != 1:
        context.reporter.error(
            Code.WAIT_FORM, call, "`wait()` takes exactly one of `seconds=` or `timestamp=`"
        )
        return REJECTED
    option = options[given[0]]
    field = given[0].capitalize() + ("Path" if option.kind is DATA else "")
    key, found = state_key(context, "wait", statement, call, option=options["key"])
    return graph.Wait(key, field, option.value), found  # type: ignore[arg-type]


def emit(state: graph.Wait, wiring: Wiring) -> Emitted:
    return Emitted(({"Type": "Wait", state.field: state.value},))


VALID = (
    Valid(
        """
        def main(data):
            wait(seconds=10)
            wait(seconds=data["delay"], key="cool down")
            wait(timestamp="2026-01-01T00:00:00Z")
        """,
    ),
)

INVALID = (
    Invalid(
        """
        def main(data):
            wait(10)
        """,
        Code.WAIT_FORM,
        2,
        fix="""
        def main(data):
            wait(seconds=10)
        """,
    ),
    Invalid(
        """
        def main(data):
            data["waited"] = wait(seconds=10)
        """,
        Code.ASSIGN_TARGET,
        2,
        fix="""
        def main(data):
            wait(seconds=10)
        """,
    ),
    Invalid(
        """
        def main(data):
            wait(timestamp="tomorrow")
        """,
        Code.BAD_TIMESTAMP,
        2,
    ),
)
