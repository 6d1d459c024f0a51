"""The Retry and Catch handlers of a Task, Map or Parallel state.

Why apart: retriers and catchers are lists of the same shape (``ErrorEquals`` and a few fields
of their own), so one parametrised check serves both; the ``States.ALL`` rule comes from
:mod:`fluxio_cst.asl.vocabulary`, the one place the compiler's own handlers also obey.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .fields import (
    Collector,
    FieldCheck,
    check_fields,
    check_unknown_fields,
    int_check,
    is_number,
    path_check,
)
from .vocabulary import CATCH_ALL, catch_all_problems


def _check_backoff_rate(value: Any, path: str, out: Collector) -> None:
    if not is_number(value) or value < 1:
        out.add(path, f"must be a number >= 1.0, got {value!r}")


_RETRIER_CHECKS: dict[str, FieldCheck] = {
    "IntervalSeconds": int_check(1),
    "MaxAttempts": int_check(0),
    "MaxDelaySeconds": int_check(1),
    "BackoffRate": _check_backoff_rate,
}
_RETRIER_FIELDS = frozenset({"ErrorEquals", "Comment", "JitterStrategy", *_RETRIER_CHECKS})
_CATCHER_CHECKS: dict[str, FieldCheck] = {
    "ResultPath": path_check(reference=True, nullable=True),
}
_CATCHER_FIELDS = frozenset({"ErrorEquals", "Next", "Comment", *_CATCHER_CHECKS})
# How each way of breaking the catch-all rule (vocabulary.catch_all_problems) is worded.
_CATCH_ALL_MESSAGES = {
    "alone": f"{CATCH_ALL} must appear alone in ErrorEquals",
    "last": f"{CATCH_ALL} must only appear in the last retrier/catcher",
}


def _check_error_equals(value: Any, path: str, is_last: bool, out: Collector) -> None:
    """``States.ALL`` is a catch-all: it must stand alone, in the last handler.

    Anything listed after it (or beside it) could never match, which AWS
    rejects as a definition error.
    """
    if not isinstance(value, list) or not value:
        out.add(path, "must be a non-empty list of error names")
        return
    if not all(isinstance(item, str) and item for item in value):
        out.add(path, "must contain only non-empty error-name strings")
        return
    for problem in catch_all_problems(value, is_last):
        out.add(path, _CATCH_ALL_MESSAGES[problem])


def _handlers_check(kind: str, allowed: frozenset[str], checks: Mapping[str, FieldCheck]) -> FieldCheck:
    needs_next = kind == "catcher"

    def check(value: Any, path: str, out: Collector) -> None:
        if not isinstance(value, list):
            out.add(path, f"must be a list of {kind}s")
            return
        for index, handler in enumerate(value):
            handler_path = f"{path}[{index}]"
            if not isinstance(handler, Mapping):
                out.add(handler_path, f"a {kind} must be an object")
                continue
            check_unknown_fields(handler, allowed, handler_path, f"a {kind}", out)
            _check_error_equals(
                handler.get("ErrorEquals"),
                f"{handler_path}.ErrorEquals",
                index == len(value) - 1,
                out,
            )
            if needs_next and "Next" not in handler:
                out.add(f"{handler_path}.Next", f"is required in a {kind}")
            check_fields(handler, checks, handler_path, out)

    return check


check_retry = _handlers_check("retrier", _RETRIER_FIELDS, _RETRIER_CHECKS)
check_catch = _handlers_check("catcher", _CATCHER_FIELDS, _CATCHER_CHECKS)
