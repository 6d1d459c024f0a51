"""The Choice rules the old parser lacked, executed: fixture 65 on moto's ASL interpreter.

Fixture 65 is a row of ``if``s without ``else``, one per rule form (timestamps, data on both
sides, presence, null, type tests, wildcards and a combination), each setting one flag. An
execution enters each Choice, then that ``if``'s Pass when its rule holds, and its output
holds exactly the flags of the rules that held: the hand-written set of what the Python reads
for that input. The inputs are chosen so that every rule holds for one input and fails for
another, boundaries included (equal timestamps, ``5 == 5.0``, ``*`` matching nothing, JSON
``null`` being present, ``true`` not being a number).

What moto cannot show, and how it is covered instead: moto reads timestamps only in the form
``YYYY-MM-DDTHH:MM:SSZ`` (so every input uses it; offsets and fractions are checked by the
compiler against RFC 3339 and pinned by the golden file), and its ``StringMatches`` applies
Python's ``fnmatch`` to the ASL pattern, ignoring ASL's ``\\*`` and ``\\\\`` escapes. The
``has_star_or_backslash`` rule is therefore only run on values with neither character, where
both readings agree (false); its escaping is pinned by the golden file and by
``tests/test_choice_rules.py``.
"""

from __future__ import annotations

from typing import Any, Dict, FrozenSet, List

import pytest

import fluxio_cst
from tests.goldens import FIXTURES
from tests.sfn_harness import iter_states, run_asl
from tests.test_execution import end_pass, key

ASL = fluxio_cst.parse_file(FIXTURES / "65_choice_rules_beyond.py").state_machines["main"].to_asl()
FLAGS = [
    *("ts_lt", "ts_ge", "ts_eq", "ts_ne", "ts_gt", "ts_le", "ts_path_gt"),
    *("num_path_lt", "num_path_eq", "str_path_eq", "str_path_ge", "bool_path_eq", "bool_path_ne"),
    *("present", "absent", "null", "not_null"),
    *("is_str", "is_num", "is_bool", "is_str_or_bool"),
    *("matches", "matches_upper", "has_star_or_backslash", "opt_set_not_str"),
]
CHOICES = [name for name, state in iter_states(ASL["States"]) if state["Type"] == "Choice"]

BASE: Dict[str, Any] = {
    "t": "2026-11-20T00:00:00Z",
    "u": "2026-11-19T00:00:00Z",
    "n": 3,
    "m": 5,
    "s": "b",
    "r": "a",
    "b": True,
    "c": True,
    "opt": 5,
    "obj": {},
    "z": None,
    "v": "x",
    "f": "report-1.csv",
}
HITS_A = frozenset(
    {"ts_lt", "ts_ge", "ts_ne", "ts_gt", "ts_path_gt", "num_path_lt", "str_path_ge", "bool_path_eq"}
    | {"present", "absent", "null", "is_str", "is_str_or_bool", "matches", "opt_set_not_str"}
)


def _path(hits: FrozenSet[str]) -> List[str]:
    """Each Choice in source order, then its Pass when its rule holds; the end Pass when the
    last rule fails."""
    path: List[str] = []
    for choice, flag in zip(CHOICES, FLAGS):
        path += [choice, key("Pass", f'data["{flag}"] = True', "main")] if flag in hits else [choice]
    return path if FLAGS[-1] in hits else [*path, end_pass()]


CASES = [
    pytest.param(BASE, HITS_A, id="a-november-numbers-strings-null-string-report"),
    pytest.param(
        {
            **{k: v for k, v in BASE.items() if k != "opt"},
            "t": "2026-11-15T12:00:00Z",
            "u": "2026-11-15T12:00:00Z",
            "n": 5,
            "m": 5.0,
            "s": "a",
            "r": "b",
            "b": False,
            "obj": {"k": 1},
            "z": 0,
            "v": 2.5,
            "f": "REPORT-9",
        },
        frozenset(
            {"ts_lt", "ts_ge", "ts_eq", "ts_le", "num_path_eq", "bool_path_ne", "not_null"}
            | {"is_num", "matches_upper"}
        ),
        id="b-equal-timestamps-5-eq-5.0-missing-key-zero-float-uppercase",
    ),
    pytest.param(
        {
            **BASE,
            "t": "2026-12-01T00:00:00Z",
            "u": "2027-01-01T00:00:00Z",
            "n": 7,
            "m": 6,
            "s": "same",
            "r": "same",
            "c": False,
            "opt": None,
            "z": "",
            "v": True,
            "f": "report-.csv",
        },
        frozenset(
            {"ts_ge", "ts_ne", "ts_gt", "str_path_eq", "str_path_ge", "bool_path_ne", "present"}
            | {"absent", "not_null", "is_bool", "is_str_or_bool", "matches"}
        ),
        id="c-boundary-december-null-present-true-is-not-a-number-star-matches-nothing",
    ),
    pytest.param(
        {**BASE, "t": "2026-10-01T00:00:00Z"},
        (HITS_A - {"ts_ge", "ts_gt", "ts_path_gt"}) | {"ts_le"},
        id="d-october-before-every-timestamp",
    ),
]


@pytest.mark.parametrize(("data", "hits"), CASES)
def test_each_rule_holds_as_the_python_reads(data: Dict[str, Any], hits: FrozenSet[str]) -> None:
    assert len(CHOICES) == len(FLAGS)
    execution = run_asl(ASL, data)
    assert execution.status == "SUCCEEDED", (execution.error, execution.cause)
    assert execution.entered == _path(hits)
    assert execution.output is not None
    assert {flag for flag in FLAGS if execution.output.get(flag) is True} == hits


def test_every_rule_holds_for_one_input_and_fails_for_another() -> None:
    """The inputs above exercise both verdicts of every rule (but the one moto cannot read)."""
    sets = [case.values[1] for case in CASES]
    for flag in FLAGS:
        if flag == "has_star_or_backslash":
            continue
        assert any(flag in hits for hits in sets), f"{flag} never holds"
        assert any(flag not in hits for hits in sets), f"{flag} always holds"
