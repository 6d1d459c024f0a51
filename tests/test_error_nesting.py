"""One error-handling construct inside another: compiled only where the ASL means what Python does.

A Catch or Retry guards its own Task state only. Python's meaning reaches further when the
guarded body is itself a ``try``: an outer handler catches what the inner handlers raise, and
a ``with retry()`` re-runs the whole inner ``try``, handlers included. Those forms are located
errors (FX506, FX507), at any depth and under any enclosing statement; a ``try`` inside a
*handler* means the same in both (the handler is not guarded by its own ``try``) and compiles.
Execution on moto of the accepted forms: ``test_execution.py`` (fixture 60).
"""

from __future__ import annotations

from typing import Dict, List, Tuple

import pytest

import fluxio_cst
from fluxio_cst.codes import Code

TASKS = """
class A(Task):
    async def run(event, context):
        return None


def other(data):
    A(key="other")

"""

# (id, body of main, the code and line of the one error; lines count from `def main`)
REJECTED: List[Tuple[str, str, Code, int]] = [
    (
        "try-in-try-body",
        """
    try:
        try:
            A(key="a")
        except X:
            A(key="b")
    except Y:
        A(key="c")
""",
        Code.NESTED_TRY,
        3,
    ),
    (
        "bare-excepts-both",  # was FX901: the inner States.ALL Catch landed before the outer one
        """
    try:
        try:
            A(key="a")
        except:
            A(key="b")
    except:
        A(key="c")
""",
        Code.NESTED_TRY,
        3,
    ),
    (
        "inner-handler-raises",
        """
    try:
        try:
            A(key="a")
        except X:
            raise Y("inner")
    except Y:
        A(key="c")
""",
        Code.NESTED_TRY,
        3,
    ),
    (
        "retry-around-try",
        """
    with retry():
        try:
            A(key="a")
        except X:
            A(key="b")
""",
        Code.RETRY_AROUND_TRY,
        3,
    ),
    (
        "retry-around-retry-around-try",
        """
    with retry(max_attempts=2):
        with retry(on_exceptions=[X]):
            try:
                A(key="a")
            except:
                A(key="b")
""",
        Code.RETRY_AROUND_TRY,
        4,
    ),
    (
        "try-around-retry-around-try",
        """
    try:
        with retry():
            try:
                A(key="a")
            except X:
                A(key="b")
    except:
        A(key="c")
""",
        Code.RETRY_AROUND_TRY,
        4,
    ),
    (
        "try-in-try-in-a-handler",
        """
    try:
        A(key="a")
    except:
        try:
            try:
                A(key="b")
            except X:
                A(key="c")
        except Y:
            A(key="d")
""",
        Code.NESTED_TRY,
        6,
    ),
    (
        "try-in-try-in-an-if-branch",
        """
    if data["x"] == 1:
        try:
            try:
                A(key="a")
            except X:
                A(key="b")
        except Y:
            A(key="c")
""",
        Code.NESTED_TRY,
        4,
    ),
    (
        "try-in-try-with-docstring",
        """
    try:
        "a docstring"
        try:
            A(key="a")
        except X:
            A(key="b")
    except Y:
        A(key="c")
""",
        Code.NESTED_TRY,
        4,
    ),
]


def _errors(source: str) -> List[Dict[str, object]]:
    with pytest.raises(fluxio_cst.FluxioError) as raised:
        fluxio_cst.parse(source)
    return [d.as_json() for d in raised.value.diagnostics if d.severity == "error"]


@pytest.mark.parametrize(("body", "code", "line"), [r[1:] for r in REJECTED], ids=[r[0] for r in REJECTED])
def test_nested_error_handling_is_one_located_error(body: str, code: Code, line: int) -> None:
    source = TASKS + "def main(data):" + body
    first = TASKS.count("\n") + 1  # the line of `def main`
    errors = _errors(source)
    assert [(e["code"], e["line"]) for e in errors] == [(code.value, first + line - 1)]
    assert "state machine function" in str(errors[0]["message"])  # says what to write instead


def test_errors_inside_the_inner_try_are_reported_too() -> None:
    source = TASKS + "def main(data):" + REJECTED[0][1].replace('A(key="b")', "B()")
    assert [e["code"] for e in _errors(source)] == [Code.NESTED_TRY.value, Code.UNKNOWN_NAME.value]


# (body of main, every state's Catch as (errors, Next), states without Catch left out)
ACCEPTED: Dict[str, Tuple[str, Dict[str, List[Tuple[List[str], str]]]]] = {
    "try-in-handler-three-deep": (
        """
    try:
        A(key="a")
    except X:
        try:
            A(key="b")
        except:
            try:
                A(key="c")
            except:
                A(key="e")
    except:
        A(key="d")
""",
        {
            "a": [(["X"], "b"), (["States.ALL"], "d")],
            "b": [(["States.ALL"], "c")],
            "c": [(["States.ALL"], "e")],
        },
    ),
    "retry-inside-try-inside-handler": (
        """
    try:
        A(key="a")
    except:
        try:
            with retry():
                A(key="b")
        except:
            A(key="c")
""",
        {"a": [(["States.ALL"], "b")], "b": [(["States.ALL"], "c")]},
    ),
    "nested-call-in-try-instead": (
        """
    try:
        other(data, key="call other")
    except:
        A(key="c")
""",
        {"call other": [(["States.ALL"], "c")]},
    ),
}


@pytest.mark.parametrize(("body", "catches"), ACCEPTED.values(), ids=ACCEPTED.keys())
def test_try_inside_a_handler_compiles(body: str, catches: Dict[str, List[Tuple[List[str], str]]]) -> None:
    """Each Catch guards exactly the Task its own ``try`` guards, as Python reads it."""
    asl = fluxio_cst.parse(TASKS + "def main(data):" + body).state_machines["main"].to_asl()
    found = {
        name: [(c["ErrorEquals"], c["Next"]) for c in state["Catch"]]
        for name, state in asl["States"].items()
        if "Catch" in state
    }
    assert found == catches
