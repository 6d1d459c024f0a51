"""Compiled Fluxio programs, executed: does the state machine go where the Python says?

The golden tests pin the emitted JSON down; they cannot tell whether a Choice rule, a Catch or
a Retry really routes an execution the way the Python program reads. Here the *compiled*
output of the fixtures (``fluxio_cst.parse_file(...).state_machines[name].to_asl()``, never the
golden JSON) and of a few small inline programs runs on moto's ASL interpreter
(``tests/sfn_harness.py``) with several inputs each, and the exact sequence of entered states
is compared with the path a Python reader expects, written by hand from the program.

How expected paths name states:

* explicit ``key="..."`` names are written as they are;
* generated keys of simple statements (``return``, ``raise``, Pass, ``pass``, ``wait``,
  ``map``, ``parallel``, tasks without ``key=``) are computed from the statement's source by
  :func:`key`, the contract's §C rule (md5 of astor's rendering without spaces/newlines);
  copies of an embedded iterator or branch add ``-2``, ``-3`` (fix D1);
* Choice states are found by :func:`choices`, which lists the Choice states in source order
  and checks the data reference each one tests first;
* concurrent Map iterations and Parallel branches are :class:`Par` groups: each branch's
  states in order, interleaved freely (moto runs them concurrently).

Inputs always hold every path a Choice or a Parameters field reads (moto treats a missing
Choice path as no match where AWS fails). Lambda tasks return their own Parameters unless
``results=`` says otherwise. Task services moto cannot run (ECS, ecs:worker, nested
executions) are only reached when made to fail (``failing=``). Retry sleeps are scaled to
0 s, and the few long Wait states of the fixtures are set to 0 s (:func:`zero_waits`).

Each execution costs 0.1-0.5 s on moto (more with more states), so the inputs are chosen to
take distinct paths: each one exercises a rule, a boundary or a handler no other one does.
"""

from __future__ import annotations

import ast
import copy
import functools
import hashlib
import json
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Tuple, Union

import pytest

import fluxio_cst
from tests.sfn_harness import Execution, iter_states, run_asl

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import astor

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NO_BUCKET = "s3.NoSuchBucketException"  # the error of a ``failing=`` task (a States.TaskFailed)


# --- Compiling and naming states -------------------------------------------------------------


@functools.cache
def _project(stem: str) -> fluxio_cst.Project:
    (path,) = FIXTURES.glob(f"{stem}_*.py")
    return fluxio_cst.parse_file(path)


def compiled(stem: str, machine: str = "main") -> Dict[str, Any]:
    """The compiler's ASL for one state machine of fixture ``stem`` (e.g. ``"30"``)."""
    return _project(stem).state_machines[machine].to_asl()


def compile_source(source: str, machine: str = "main") -> Dict[str, Any]:
    """The compiler's ASL for one state machine of an inline program."""
    return fluxio_cst.parse(source).state_machines[machine].to_asl()


def key(prefix: str, statement: str, namespace: str = "") -> str:
    """The generated key of a simple statement, by the contract's rule (§C).

    ``namespace`` is the function name for ``return``, Pass and ``pass`` statements. Only
    for statements without an ``if`` or ``try`` in them (no rewrite applies).
    """
    node = ast.parse(statement).body[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        text: str = astor.to_source(node)
    digest = hashlib.md5((namespace + text.replace("\n", "").replace(" ", "")).encode()).hexdigest()
    return f"{prefix}-{digest}"


def end_pass(function: str = "main") -> str:
    """The shared empty end Pass of a function whose path ends with nothing left to run."""
    return key("Pass", "pass", function)


SUCCEED = key("Succeed", "return", "main")


def _first_variable(rule: Dict[str, Any]) -> str:
    if "Variable" in rule:
        return str(rule["Variable"])
    if "Not" in rule:
        return _first_variable(rule["Not"])
    for combinator in ("And", "Or"):
        if combinator in rule:
            return _first_variable(rule[combinator][0])
    raise AssertionError(f"rule without a Variable: {rule}")


def choices(asl: Dict[str, Any], *variables: str) -> List[str]:
    """Names of every Choice state (pre-order: source order, embedded copies included).

    ``variables`` are the data references the first rule of each Choice tests, dotted:
    ``"flags.beta"`` is ``$['flags']['beta']``. They must match, so a test cannot silently
    mix two Choice states up.
    """
    found = [
        (name, _first_variable(state["Choices"][0]))
        for name, state in iter_states(asl["States"])
        if state["Type"] == "Choice"
    ]
    wanted = ["$" + "".join(f"[{part!r}]" for part in dotted.split(".")) for dotted in variables]
    assert [variable for _, variable in found] == wanted, found
    return [name for name, _ in found]


def zero_waits(asl: Dict[str, Any], seconds: Dict[str, int]) -> Dict[str, Any]:
    """A copy of ``asl`` whose named Wait states (with their compiled ``Seconds``) wait 0 s.

    moto really waits; this keeps the routing as compiled and the test fast.
    """
    result = copy.deepcopy(asl)
    waits = {name: state for name, state in iter_states(result["States"]) if state["Type"] == "Wait"}
    for name, compiled_seconds in seconds.items():
        assert waits[name]["Seconds"] == compiled_seconds, (name, waits[name])
        waits[name]["Seconds"] = 0
    return result


# --- Expected paths ------------------------------------------------------------------------------


class Cut:
    """A Par branch that may stop anywhere: a sibling failed and the run aborted it."""

    def __init__(self, *steps: Step) -> None:
        self.steps = steps

    def __repr__(self) -> str:
        return f"Cut{list(self.steps)!r}"


class Par:
    """Concurrent branches (Parallel branches or Map iterations), each a list of steps.

    The entered states of the branches may interleave in any order; each branch's own
    states appear in the order given. The group is over when every branch is.
    """

    def __init__(self, *branches: Union[Sequence[Step], Cut]) -> None:
        self.branches: Tuple[Tuple[Tuple[Step, ...], bool], ...] = tuple(
            (branch.steps, True) if isinstance(branch, Cut) else (tuple(branch), False) for branch in branches
        )

    def __repr__(self) -> str:
        shown = [(Cut(*steps) if cut else list(steps)) for steps, cut in self.branches]
        return f"Par{tuple(shown)!r}"


Step = Union[str, Par]
# A position in a list of steps: (index, positions in each branch when the step is a Par).
_Pos = Tuple[int, Optional[Tuple[Any, ...]]]


def _enter(steps: Sequence[Step], index: int) -> _Pos:
    step = steps[index] if index < len(steps) else None
    if isinstance(step, Par):
        return (index, tuple(_enter(branch, 0) for branch, _ in step.branches))
    return (index, None)


def _over(steps: Sequence[Step], cut: bool, pos: _Pos) -> bool:
    return cut or any(index == len(steps) for index, _ in _closure(steps, pos))


def _closure(steps: Sequence[Step], pos: _Pos) -> List[_Pos]:
    """``pos`` and the positions past every Par group that is over at ``pos``."""
    result = [pos]
    while True:
        index, inner = pos
        step = steps[index] if index < len(steps) else None
        if not isinstance(step, Par) or inner is None:
            return result
        if not all(_over(branch, cut, p) for (branch, cut), p in zip(step.branches, inner)):
            return result
        pos = _enter(steps, index + 1)
        result.append(pos)


def _advance(steps: Sequence[Step], pos: _Pos, name: str) -> List[_Pos]:
    result: List[_Pos] = []
    for index, inner in _closure(steps, pos):
        if index == len(steps):
            continue
        step = steps[index]
        if isinstance(step, str):
            if step == name:
                result.append(_enter(steps, index + 1))
            continue
        assert inner is not None
        for j, (branch, _) in enumerate(step.branches):
            for moved in _advance(branch, inner[j], name):
                result.append((index, inner[:j] + (moved,) + inner[j + 1 :]))
    return result


def assert_path(entered: List[str], expected: Sequence[Step], note: str = "") -> None:
    """``entered`` is exactly ``expected``, Par groups interleaved in any order."""
    if not any(isinstance(step, Par) for step in expected):
        assert entered == list(expected), note
        return
    positions: Set[_Pos] = {_enter(expected, 0)}
    for count, name in enumerate(entered):
        positions = {moved for pos in positions for moved in _advance(expected, pos, name)}
        assert positions, f"unexpected {name!r} after {entered[:count]}\nexpected {expected}\n{note}"
    assert any(_over(expected, False, pos) for pos in positions), (
        f"stopped early: {entered}\nexpected {expected}\n{note}"
    )


def test_path_matcher() -> None:
    """The Par matcher accepts the interleavings of its branches and nothing else."""
    pattern: List[Step] = ["a", Par(["b", "c"], ["d"]), "e"]
    for good in (["a", "b", "c", "d", "e"], ["a", "d", "b", "c", "e"], ["a", "b", "d", "c", "e"]):
        assert_path(good, pattern)
    for bad in (
        ["a", "c", "b", "d", "e"],
        ["a", "b", "c", "e"],
        ["a", "b", "c", "d"],
        ["a", "b", "c", "d", "e", "e"],
    ):
        with pytest.raises(AssertionError):
            assert_path(bad, pattern)
    nested: List[Step] = [Par(["a", Par(["b"], ["c"])], ["d"]), "e"]
    assert_path(["a", "d", "c", "b", "e"], nested)
    with pytest.raises(AssertionError):
        assert_path(["a", "b", "e", "c", "d"], nested)
    assert_path(["a", "b", "d"], ["a", Par(Cut("b", "c"), ["d"])])
    with pytest.raises(AssertionError):
        assert_path(["a", "b"], ["a", Par(Cut("b", "c"), ["d"])])


# --- Running -------------------------------------------------------------------------------------


class Outcome:
    """How the execution ends; ``cause`` is checked only when given."""

    def __init__(self, status: str, error: Optional[str] = None, cause: Optional[str] = None) -> None:
        self.status, self.error, self.cause = status, error, cause

    def __repr__(self) -> str:
        return f"Outcome({self.status}, {self.error}, {self.cause})"


OK = Outcome("SUCCEEDED")


def failed(error: str, cause: Optional[str] = None) -> Outcome:
    return Outcome("FAILED", error, cause)


def case(id: str, data: Dict[str, Any], path: Sequence[Step], outcome: Outcome = OK, /, **run: Any) -> Any:
    """One input: its data, the expected path and outcome, and ``run_asl`` keywords.

    ``attempts={task: n}`` in ``run`` also checks how many times a task ran (:func:`attempts`).
    """
    return pytest.param(data, list(path), outcome, run, id=id)


CASE = ("data", "path", "outcome", "run")


def _state_names(asl: Dict[str, Any]) -> Set[str]:
    return {name for name, _ in iter_states(asl["States"])}


def _entered(execution: Execution, names: Set[str]) -> List[str]:
    """The entered states, with moto's escaping of non-ASCII names undone.

    The harness sends the definition as ``json.dumps`` (ASCII) text, and moto 5.2.5 reports
    ``"Zürich"`` in the history as the 11 characters ``Z\\u00fcrich`` (while routing right).
    """
    result = []
    for name in execution.entered:
        if name not in names and "\\u" in name:
            decoded = json.loads(f'"{name}"')
            name = decoded if decoded in names else name
        result.append(name)
    return result


def attempts(execution: Execution, asl: Dict[str, Any], name: str) -> int:
    """How many times Task ``name`` ran (first try plus retries), from the history.

    Counts the ``LambdaFunctionScheduled`` or ``TaskScheduled`` events (``failing=``) after
    entering the state, or the ``ParallelStateStarted`` events of a task broken with
    ``raising=`` (the harness runs it as a Parallel). Only for states that do not run
    concurrently with others.
    """
    names = _state_names(asl)
    current, count = None, 0
    for event in execution.history:
        if event["type"].endswith("StateEntered"):
            entered = event["stateEnteredEventDetails"]["name"]
            if entered in names:  # not a state the harness added
                current = entered
        elif current == name and event["type"] in (
            "LambdaFunctionScheduled",
            "TaskScheduled",
            "ParallelStateStarted",
        ):
            count += 1
    return count


def execute(
    asl: Dict[str, Any], data: Dict[str, Any], path: Sequence[Step], outcome: Outcome, run: Dict[str, Any]
) -> Execution:
    """Run ``asl`` on ``data`` and check the entered states, the outcome and the attempts."""
    run = dict(run)
    expected_attempts: Dict[str, int] = run.pop("attempts", {})
    execution = run_asl(asl, data, retry_interval_scale=0, **run)
    note = f"execution {execution.status}: {execution.error}: {execution.cause}"
    assert_path(_entered(execution, _state_names(asl)), path, note)
    assert (execution.status, execution.error) == (outcome.status, outcome.error), note
    if outcome.cause is not None:
        assert execution.cause == outcome.cause
    assert {name: attempts(execution, asl, name) for name in expected_attempts} == expected_attempts
    return execution


# --- Every comparison rule, each on its own if (inline program) --------------------------------------

# One if (no else) per rule form, each with a Pass body: one execution checks the verdict of
# every rule (Choice, then its Pass when the condition holds), and the ifs in a row check that
# each Choice's Default is the next statement. Fixtures 30-33 test the same forms in elif
# chains, where the first rules that hold hide the later ones.
RULES = """
def main(data):
    if data["t"] > -5:
        data["t_gt_minus_5"] = True
    if data["t"] >= -2.5:
        data["t_ge_minus_2_5"] = True
    if data["t"] < 0:
        data["t_lt_0"] = True
    if data["t"] <= 99.5:
        data["t_le_99_5"] = True
    if data["t"] == 0:
        data["t_eq_0"] = True
    if data["t"] != 5.0:
        data["t_ne_5_0"] = True
    if int(data["count"]) >= 3:
        data["int_count_ge_3"] = True
    if float(data["ratio"]) < 0.75:
        data["float_ratio_lt_0_75"] = True
    if float(data["count"]) != -1:
        data["float_count_ne_minus_1"] = True
    if data["t"] == int(-7):
        data["t_eq_int_minus_7"] = True
    if data["t"] > float(7.5):
        data["t_gt_float_7_5"] = True
    if data["t"] < -0.001:
        data["t_lt_minus_0_001"] = True
    if data["s"] == "gold":
        data["s_eq_gold"] = True
    if data["s"] != "gold":
        data["s_ne_gold"] = True
    if data["s"] < "gold":
        data["s_lt_gold"] = True
    if data["s"] <= "gold":
        data["s_le_gold"] = True
    if data["s"] > "gold":
        data["s_gt_gold"] = True
    if data["s"] >= "gold":
        data["s_ge_gold"] = True
    if str(data["id"]) == "42":
        data["str_id_eq_42"] = True
    if data["u"] == str("Zürich"):
        data["u_eq_zurich"] = True
    if data["b"] == True:
        data["b_eq_true"] = True
    if data["b"] != True:
        data["b_ne_true"] = True
    if data["b"] == False:
        data["b_eq_false"] = True
    if bool(data["b"]):
        data["bool_b"] = True
    if not bool(data["b"]):
        data["not_bool_b"] = True
    if bool(data["b"]) == False:
        data["bool_b_eq_false"] = True
"""
ASL_RULES = compile_source(RULES)
RULE_HITS = [line.split('"')[1] for line in RULES.splitlines() if line.startswith('        data["')]
RULE_CHOICES = choices(
    ASL_RULES, *["t"] * 6, "count", "ratio", "count", *["t"] * 3, *["s"] * 6, "id", "u", *["b"] * 6
)


def rules_path(*hits: str) -> List[Step]:
    """Each if's Choice, then its Pass when the condition holds; the end Pass if the last fails."""
    assert set(hits) <= set(RULE_HITS), set(hits) - set(RULE_HITS)
    path: List[Step] = []
    for choice, hit in zip(RULE_CHOICES, RULE_HITS):
        path += [choice, key("Pass", f'data["{hit}"] = True', "main")] if hit in hits else [choice]
    return path if RULE_HITS[-1] in hits else [*path, end_pass()]


@pytest.mark.parametrize(
    CASE,
    [
        case(
            "t0-gold-true",
            {"t": 0, "count": 3, "ratio": 0.5, "s": "gold", "id": "42", "u": "Zurich", "b": True},
            rules_path(
                *("t_gt_minus_5", "t_ge_minus_2_5", "t_le_99_5", "t_eq_0", "t_ne_5_0", "int_count_ge_3"),
                *("float_ratio_lt_0_75", "float_count_ne_minus_1"),
                *("s_eq_gold", "s_le_gold", "s_ge_gold", "str_id_eq_42", "b_eq_true", "bool_b"),
            ),
        ),
        case(
            "t-minus7-bronze-false-boundaries",
            {"t": -7, "count": 2, "ratio": 0.75, "s": "bronze", "id": "7", "u": "Zurich", "b": False},
            rules_path(
                *("t_lt_0", "t_le_99_5", "t_ne_5_0", "float_count_ne_minus_1", "t_eq_int_minus_7"),
                *("t_lt_minus_0_001", "s_ne_gold", "s_lt_gold", "s_le_gold"),
                *("b_ne_true", "b_eq_false", "not_bool_b", "bool_b_eq_false"),
            ),
        ),
        case(
            "t99.5-boundary-silver-zurich",
            {"t": 99.5, "count": -1, "ratio": 1.5, "s": "silver", "id": "x", "u": "Zürich", "b": True},
            rules_path(
                *("t_gt_minus_5", "t_ge_minus_2_5", "t_le_99_5", "t_ne_5_0", "t_gt_float_7_5"),
                *("s_ne_gold", "s_gt_gold", "s_ge_gold", "u_eq_zurich", "b_eq_true", "bool_b"),
            ),
        ),
    ],
)
def test_every_rule(data: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any]) -> None:
    execute(ASL_RULES, data, path, outcome, run)


# --- 30, 31: string and numeric rules in elif chains ---------------------------------------------------

ASL30 = compiled("30")
(C30,) = choices(ASL30, "order.region")


def data30(region: str = "eu-west-1", **customer: str) -> Dict[str, Any]:
    """By default no rule holds: tier "silver" sorts after "platinum", name "A" before "a"."""
    base = {"tier": "silver", "name": "A", "id": "7", "country": "AU", "city": "Bern", "surname": "Adams"}
    return {"order": {"region": region}, "customer": {**base, **customer}}


@pytest.mark.parametrize(
    CASE,
    [
        case("eq-us-east-1-domestic", data30("us-east-1"), [C30, "Route domestic"]),
        case("ne-eu-west-1-international", data30("ap-south-1"), [C30, "Route international"]),
        case("lt-gold-returns", data30(tier="bronze"), [C30, SUCCEED]),
        case(
            "lt-gold-boundary-then-le-platinum-raises",
            data30(tier="gold"),
            [C30, key("Fail", 'raise TierError("tier too low")')],
            failed("TierError", "tier too low"),
        ),
        case(
            "or-right-ge-obrien-after-every-other-rule", data30(surname="O'Brien"), [C30, "Zürich or O'Brien"]
        ),
        case(
            "no-rule-else-raises",
            data30(),
            [C30, key("Fail", 'raise UnknownRegion("no route for region")')],
            failed("UnknownRegion", "no route for region"),
        ),
    ],
)
def test_30_string_rules(
    data: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any]
) -> None:
    execute(ASL30, data, path, outcome, run)


def test_31_numeric_chain_without_else_then_if() -> None:
    """The elif chain has no else: after it, the next if runs; it raises for this reading."""
    data = {"sensor": {"celsius": 1000000, "count": 0, "ratio": 1.0, "readings": [0, 0, 0]}}
    asl = compiled("31")
    chain, out_of_range = choices(asl, "sensor.celsius", "sensor.celsius")
    path = [
        chain,
        "Above minus five",
        out_of_range,
        key("Fail", 'raise SensorBroken("reading out of range")'),
    ]
    execute(asl, data, path, failed("SensorBroken", "reading out of range"), {})


# --- 32: boolean rules, bool() alone, not bool(), several ifs in a row ----------------------------

ASL32 = compiled("32")
BETA, BETA_FALSE, DARK, AUDIT, LEGACY, FINAL = choices(
    ASL32, "flags.beta", "flags.beta", "flags.dark_mode", "flags.audit", "flags.legacy", "flags.final"
)


def flags(value: bool) -> Dict[str, Any]:
    return {"flags": {"beta": value, "dark_mode": value, "audit": value, "legacy": value, "final": value}}


@pytest.mark.parametrize(
    CASE,
    [
        case(
            "all-true",
            flags(True),
            [BETA, "Enable beta", BETA_FALSE, DARK, "Dark mode on", AUDIT, "Audit on"]
            + [LEGACY, "Legacy on", "Flags evaluated", FINAL, "Final flag"],
        ),
        case(
            "all-false-last-if-ends",
            flags(False),
            [BETA, "Beta disabled", BETA_FALSE, "Flag false", DARK, "Dark mode off", AUDIT, "Audit off"]
            + [LEGACY, "Legacy off", "Flags evaluated", FINAL, end_pass()],
        ),
    ],
)
def test_32_boolean_rules(
    data: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any]
) -> None:
    execute(ASL32, data, path, outcome, run)


# --- 33: and/or/not grouping ----------------------------------------------------------------------

ASL33 = compiled("33")
(C33,) = choices(ASL33, "score")


def data33(
    a: int = 0, b: int = 0, c: int = 0, d: int = 0, e: str = "a", f: bool = True, **txn: Any
) -> Dict[str, Any]:
    """By default no rule holds (with a score of 0.5)."""
    base = {
        "amount": 100, "country": "US", "new_card": False, "retries": 0, "velocity": 0, "vip": False,
        "staff": False, "verified": True, "email": "a@b.c", "3ds": True, "cvv": "match", "flagged": False,
    }  # fmt: skip
    return {"txn": {**base, **txn}, "a": a, "b": b, "c": c, "d": d, "e": e, "f": f}


def score(value: float) -> Dict[str, Any]:
    return {"results": {"Score": value}}


def reviewed(*states: str) -> List[Step]:
    return ["Score transaction", C33, *states, "Rescore"]


@pytest.mark.parametrize(
    CASE,
    [
        case(
            "and-of-3-raises",
            data33(amount=1000, country="FR"),
            ["Score transaction", C33, "Block high risk", key("Fail", 'raise Fraud("blocked")')],
            failed("Fraud", "blocked"),
            **score(0.95),
        ),
        # a or (b and c): vip alone is enough (grouped as (a or b) and c it would not be).
        case("or-left-alone-returns", data33(vip=True), ["Score transaction", C33, SUCCEED], **score(0.5)),
        case(
            "or-and-fails-then-grouped-or-returns-staff",
            data33(amount=50, staff=True),
            ["Score transaction", C33, key("Succeed", 'return "staff"', "main")],
            **score(0.05),
        ),
        # not (a and b): email "" makes the And false (not ((not a) and b)).
        case("not-of-and", data33(email=""), reviewed("Review unverified"), **score(0.5)),
        case(
            "deep-and-not-or-bool-eq-false",
            data33(b=2, d=-3, f=False),
            reviewed("Review deep"),
            **score(0.5),
        ),
        case(
            "deep-int-le-minus4-boundary-default",
            data33(b=2, d=-4, f=False),
            reviewed("Review default", "Block default"),
            **score(0.5),
        ),
    ],
)
def test_33_boolean_grouping(
    data: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any]
) -> None:
    execute(ASL33, data, path, outcome, run)


# --- 34: ifs without else followed by statements, Fail in the middle ------------------------------

ASL34 = compiled("34")
COUNT, DISCOUNT, EXPIRED, DECLINED, EMAIL, SMS = choices(
    ASL34,
    "invoices.count",
    "customer.discount",
    "customer.card_expired",
    "charge.status",
    "customer.email",
    "customer.sms",
)
RESULTS34 = {"results": {"LoadInvoices": {"count": 2}, "ChargeCard": {"status": "approved"}}}


def data34(
    discount: float = 0, card_expired: bool = False, email: str = "", sms: bool = False
) -> Dict[str, Any]:
    customer = {"discount": discount, "card_expired": card_expired, "email": email, "sms": sms}
    return {"customer": customer, "invoice": {"id": "i-1"}}


@pytest.mark.parametrize(
    CASE,
    [
        case(
            "every-if-taken",
            data34(discount=10, email="x@y.z", sms=True),
            [
                "Load invoices",
                COUNT,
                DISCOUNT,
                "Apply discount",
                key("Pass", 'data["discounted"] = True', "main"),
            ]
            + [EXPIRED, "Charge card", DECLINED, EMAIL, "Send receipt", SMS, "Send SMS"],
            **RESULTS34,
        ),
        case(
            "no-if-taken-ends-at-last-if",
            data34(),
            ["Load invoices", COUNT, DISCOUNT, EXPIRED, "Charge card", DECLINED, EMAIL, SMS, end_pass()],
            **RESULTS34,
        ),
    ],
)
def test_34_if_without_else(
    data: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any]
) -> None:
    execute(ASL34, data, path, outcome, run)


# --- 35: ifs nested in if, elif and else branches --------------------------------------------------

ASL35 = compiled("35")
WEIGHT, HAZMAT, VALUE500, VALUE5000, COUNTRY = choices(
    ASL35, "parcel.weight", "parcel.hazmat", "parcel.value", "parcel.value", "parcel.country"
)
STANDARD = key("Pass", 'data["label_kind"] = "standard"', "main")
LETTER = key("Pass", 'data["label_kind"] = "letter"', "main")
DISPATCH = ["Dispatch", key("Pass", 'data["dispatched"] = True', "main")]


def parcel(weight: float, hazmat: bool = False, value: float = 0, country: str = "DE") -> Dict[str, Any]:
    return {"parcel": {"weight": weight, "hazmat": hazmat, "value": value, "country": country}}


@pytest.mark.parametrize(
    CASE,
    [
        case(
            "freight-hazmat",
            parcel(50, hazmat=True),
            [WEIGHT, "Freight label", HAZMAT, "Hazmat label", "Hazmat insurance", *DISPATCH],
        ),
        case(
            "standard-boundary-30-insured-500-not-5000",
            parcel(30, value=500),
            [WEIGHT, "Standard label", VALUE500, "Standard insurance", VALUE5000, STANDARD, *DISPATCH],
        ),
        case(
            "letter-else-raises",
            parcel(1, country="US"),
            [WEIGHT, COUNTRY, key("Fail", 'raise Unsupported("letter country")')],
            failed("Unsupported", "letter country"),
        ),
    ],
)
def test_35_nested_ifs(data: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any]) -> None:
    execute(ASL35, data, path, outcome, run)


# --- 36: else holding only an if (one Choice) -------------------------------------------------------

ASL36 = compiled("36")
ROLE, ACTIVE, CONTRACTOR, IDLE, REGION36 = choices(
    ASL36, "user.role", "user.active", "user.contractor", "user.days_idle", "user.region"
)


def user(role: str, active: bool, mfa: bool, contractor: bool, days_idle: int, region: str) -> Dict[str, Any]:
    return {
        "user": {
            "role": role, "active": active, "mfa": mfa, "contractor": contractor, "days_idle": days_idle,
            "region": region,
        }
    }  # fmt: skip


@pytest.mark.parametrize(
    CASE,
    [
        case(
            "admin-mfa-idle-eu",
            user("admin", True, True, False, 100, "eu"),
            [
                ROLE,
                "Grant admin",
                ACTIVE,
                "Grant mfa",
                CONTRACTOR,
                IDLE,
                "Revoke idle",
                "Grant after idle check",
            ]
            + [REGION36, "Grant eu"],
        ),
        case(
            "viewer-inactive-contractor-no-region-ends",
            user("viewer", False, True, True, 0, "mars"),
            [ROLE, ACTIVE, "Revoke inactive", CONTRACTOR, "Revoke contractor", REGION36, end_pass()],
        ),
        case(
            "editor-no-mfa-idle-boundary-apac",
            user("editor", True, False, False, 90, "apac"),
            [ROLE, "Grant editor", ACTIVE, "Revoke no mfa", CONTRACTOR, IDLE, "Grant after idle check"]
            + [REGION36, "Grant apac"],
        ),
    ],
)
def test_36_else_holding_only_if(
    data: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any]
) -> None:
    execute(ASL36, data, path, outcome, run)


# --- 37: elif chains with and without else -------------------------------------------------------------

ASL37 = compiled("37")
PRIORITY, PRODUCT, LANGUAGE = choices(ASL37, "ticket.priority", "ticket.product", "ticket.language")


def ticket(priority: str, product: str, language: str) -> Dict[str, Any]:
    return {"ticket": {"priority": priority, "product": product, "language": language, "queue": "q"}}


@pytest.mark.parametrize(
    CASE,
    [
        case(
            "p3-pass-api-ja",
            ticket("p3", "api", "ja"),
            [PRIORITY, key("Pass", 'data["sla_hours"] = 24', "main"), PRODUCT, "API queue", "Log assignment"]
            + [LANGUAGE, "Japanese desk", "Japanese lead"],
        ),
        case(
            "else-pass-no-product-no-language-ends",
            ticket("p4", "other", "fr"),
            [PRIORITY, key("Pass", 'data["sla_hours"] = 72', "main"), PRODUCT, "Log assignment", LANGUAGE]
            + [end_pass()],
        ),
    ],
)
def test_37_elif_chains(
    data: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any]
) -> None:
    execute(ASL37, data, path, outcome, run)


# --- 38 and 51: pass in branches, docstrings, machines that are only a pass ---------------------------

ASL38 = compiled("38")
HOT, SIZE, REGION38 = choices(ASL38, "cache.hot", "cache.size", "cache.region")


def cache(hot: bool, size: int, region: str) -> Dict[str, Any]:
    return {"cache": {"hot": hot, "size": size, "region": region}}


@pytest.mark.parametrize(
    CASE,
    [
        case(
            "if-pass-large-us",
            cache(True, 200, "us"),
            [HOT, "Warm index", "Warm thumbnails", SIZE, "Warm large", REGION38, "Warm us"],
        ),
        case(
            "cold-size-boundary-else-pass-elif-pass-ends",
            cache(False, 100, "eu"),
            [HOT, "Warm cold cache", "Warm index", "Warm thumbnails", SIZE, REGION38, end_pass()],
        ),
    ],
)
def test_38_pass_in_branches(
    data: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any]
) -> None:
    execute(ASL38, data, path, outcome, run)


ASL51 = compiled("51")
(WEEK,) = choices(ASL51, "week.number")


@pytest.mark.parametrize(
    ("stem", "machine", "data", "path"),
    [
        pytest.param(
            "38",
            "warm_all",
            {"regions": ["eu"]},
            ["Warm regions", end_pass("warm_all")],
            id="38-task-then-pass",
        ),
        pytest.param("51", "placeholder", {}, [end_pass("placeholder")], id="51-only-docstring"),
        pytest.param(
            "51",
            "main",
            {"week": {"number": 1}},
            ["Render report", WEEK, "Archive report", key("Succeed", 'return data["report"]', "main")],
            id="51-else-only-string-falls-through",
        ),
    ],
)
def test_passes_and_docstrings(stem: str, machine: str, data: Dict[str, Any], path: List[str]) -> None:
    execute(compiled(stem, machine), data, path, OK, {})


# --- 39: return and raise everywhere -----------------------------------------------------------------

ASL39_RECONCILE = compiled("39", "reconcile")
(DIFF,) = choices(ASL39_RECONCILE, "diff")


@pytest.mark.parametrize(
    CASE,
    [
        case(
            "below-minus100-raise-call-no-cause",
            {"diff": -101},
            ["Reconcile", DIFF, key("Fail", "raise Underpaid()")],
            failed("Underpaid", "Underpaid"),
        ),
        case(
            "minus100-boundary-falls-to-final-raise",
            {"diff": -100},
            ["Reconcile", DIFF, key("Fail", 'raise Mismatch("ledger does not balance")')],
            failed("Mismatch", "ledger does not balance"),
        ),
    ],
)
def test_39_reconcile(data: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any]) -> None:
    execute(ASL39_RECONCILE, data, path, outcome, run)


ASL39 = compiled("39")
(SETTLED,) = choices(ASL39, "settlement.settled")


def settlement(**flags: bool) -> Dict[str, Any]:
    result = {"settled": True, "partial": False, "empty": False, "duplicate": False, "test": False}
    return {"results": {"Settle": {**result, **flags}}}


@pytest.mark.parametrize(
    CASE,
    [
        case(
            "else-archives-returns",
            {"batch": 1},
            ["Settle batch", SETTLED, "Archive batch", key("Succeed", 'return data["settlement"]', "main")],
            **settlement(),
        ),
    ],
)
def test_39_settlement(data: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any]) -> None:
    execute(ASL39, data, path, outcome, run)


# --- 40: every except form ---------------------------------------------------------------------------

WAIT30 = key("Wait", "wait(seconds=30)")
ASL40 = zero_waits(compiled("40"), {WAIT30: 30})
DATA40 = {"source": {"url": "s"}, "mirror": {"url": "m"}}
FROM_MIRROR = ["Download file", WAIT30, "Download from mirror", "Parse file"]


# Each execution breaks a task of each try, so one definition (moto parses each one, slowly)
# tests two handlers.
@pytest.mark.parametrize(
    CASE,
    [
        case(
            "tuple-name-caught-then-handler-with-states",
            DATA40,
            [
                *FROM_MIRROR,
                "Quarantine raw",
                key("Pass", 'data["parsed"] = {"rows": []}', "main"),
                "Validate rows",
            ],
            raising={"Download file": "ConnectionError", "Parse file": "ValueError"},
        ),
        case(
            "tuple-states-timeout-caught-then-one-tuple-handler",
            DATA40,
            [*FROM_MIRROR, key("Pass", 'data["parsed"] = {"rows": [], "error": "missing key"}', "main")]
            + ["Validate rows"],
            timing_out={"Download file"},
            raising={"Parse file": "KeyError"},
        ),
        # ASL: States.TaskFailed matches every error but States.Timeout (AWS documents it as
        # such a wildcard), so the bare `except:` after it is never reached by a task error.
        case(
            "named-error-caught-by-states-task-failed-handler-raises",
            DATA40,
            ["Download file", key("Pass", 'data["status"] = "download failed"', "main")]
            + [key("Fail", 'raise DownloadFailed("both sources failed")')],
            failed("DownloadFailed", "both sources failed"),
            raising={"Download file": "KeyError"},
        ),
    ],
)
def test_40_try_handlers(
    data: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any]
) -> None:
    execute(ASL40, data, path, outcome, run)


# --- 41: Choice inside handlers, try inside Choice branches ---------------------------------------------

ASL41 = compiled("41")
CANARY, CRITICAL, REGION41, VERIFY, AUTO, STRICT = choices(
    ASL41,
    "release.canary",
    "release.critical",
    "release.region",
    "release.verify",
    "release.auto_rollback",
    "release.strict",
)
SMOKE_FAILED = key("Fail", 'raise SmokeTestFailed("smoke test failed")')
# Two sets of broken tasks; the data picks the path through the handlers' ifs.
OTHER_ERRORS = {"failing": {"Deploy release", "Unverified smoke"}}
NAMED_ERRORS = {"raising": {"Deploy release": "DeployError", "Smoke test": "SmokeFailed"}}


def release(**flags: Any) -> Dict[str, Any]:
    base = {
        "canary": False, "critical": False, "region": "eu-west-1", "verify": True, "auto_rollback": False,
        "strict": False, "version": "1.2", "smoke": {"suite": "quick"},
    }  # fmt: skip
    return {"release": {**base, **flags}}


@pytest.mark.parametrize(
    CASE,
    [
        case(
            "bare-handler-nested-ifs-then-verified",
            release(critical=True, region="us-east-1"),
            ["Deploy release", CRITICAL, "Page critical", REGION41, "Page us-east-1", "Rollback all", VERIFY]
            + ["Smoke test", "Announce release"],
            **OTHER_ERRORS,
        ),
        case(
            "unverified-handler-if-without-else-ends",
            release(verify=False),
            ["Deploy release", CRITICAL, "Rollback all", VERIFY, "Unverified smoke", STRICT, end_pass()],
            **OTHER_ERRORS,
        ),
        case(
            "named-handler-if-then-smoke-handler-if-then-raise",
            release(canary=True, auto_rollback=True),
            ["Deploy release", CANARY, "Rollback canary", VERIFY, "Smoke test", AUTO, "Auto rollback"]
            + [SMOKE_FAILED],
            failed("SmokeTestFailed", "smoke test failed"),
            **NAMED_ERRORS,
        ),
    ],
)
def test_41_if_inside_handler(
    data: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any]
) -> None:
    execute(ASL41, data, path, outcome, run)


# --- 42: except X: pass, and a map over an iterator ending in except: pass -------------------------

ASL42 = compiled("42")
DATA42 = {
    "owner": {"email": "o@x"},
    "channel": {"name": "#ops"},
    "recipients": {"items": ["ann", "bob"], "table_name": "t", "partition_key": "p", "key": "recipients"},
}
NOTIFY_ONE = ["Audit recipient", "Email recipient"]
NOTIFY_ONE_BOUNCED = [*NOTIFY_ONE, end_pass("notify_one")]


@pytest.mark.parametrize(
    CASE,
    [
        case(
            "every-pass-handler",
            DATA42,
            [
                *("Email owner", "Slack channel", "Notify recipients"),
                Par(NOTIFY_ONE_BOUNCED, NOTIFY_ONE_BOUNCED),
                *("Audit notifications", end_pass()),
            ],
            raising={
                "Email owner": "EmailBounced",
                "Slack channel": "RateLimited",
                "Email recipient": "Bounced",
            },
            failing={"Audit notifications"},
        ),
    ],
)
def test_42_except_pass(
    data: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any]
) -> None:
    execute(ASL42, data, path, outcome, run)


# --- 43 and an inline program: Retry -----------------------------------------------------------------


def test_43_retry_with_every_option() -> None:
    """``on_exceptions=[PartnerDown, ...], max_attempts=10``: 1 try + 10 retries, then the error.

    Only this first task: the third one of 43 is an ECS task moto cannot run.
    """
    execute(
        compiled("43"),
        {"request": {}},
        ["Call partner"],
        failed("PartnerDown"),
        {"raising": {"Call partner": "PartnerDown"}, "attempts": {"Call partner": 11}},
    )


RETRY = """
class Flaky(Task):
    async def run(event, context):
        return None


class Alert(Task):
    async def run(event, context):
        return None


def main(data):
    with retry():
        Flaky(key="Retry everything")
    with retry(on_exceptions=[PartnerDown], max_attempts=2):
        Flaky(key="Retry PartnerDown")
    try:
        with retry(on_exceptions=[PartnerDown], interval=5, max_attempts=4, backoff_rate=1.5):
            Flaky(key="Guarded call")
    except PartnerDown:
        Alert(key="Partner down")
    try:
        with retry(max_attempts=2):
            with retry(on_exceptions=[Throttled], max_attempts=1):
                Flaky(key="Nested retries")
    except:
        Alert(key="Nested failed")
    Alert(key="Done")
"""
ASL_RETRY = compile_source(RETRY)
FLAKY = ["Retry everything", "Retry PartnerDown", "Guarded call", "Nested retries"]


def tries(*counts: int) -> Dict[str, int]:
    """Expected runs of the four Flaky tasks, in source order."""
    return dict(zip(FLAKY, counts))


@pytest.mark.parametrize(
    CASE,
    [
        case(
            "retry-all-3-then-fails",
            {},
            ["Retry everything"],
            failed(NO_BUCKET),
            failing={"Retry everything"},
            attempts=tries(4, 0, 0, 0),
        ),
        case(
            "lambda-default-retry-6",
            {},
            FLAKY[:2],
            failed("Lambda.ServiceException"),
            raising={"Retry PartnerDown": "Lambda.ServiceException"},
            attempts=tries(1, 7, 0, 0),
        ),
        case(
            "retry-4-caught-then-outer-retrier-2-caught",
            {},
            [*FLAKY[:3], "Partner down", "Nested retries", "Nested failed", "Done"],
            raising={"Guarded call": "PartnerDown"},
            failing={"Nested retries"},
            attempts=tries(1, 1, 5, 3),
        ),
        # ASL uses the first retrier that matches (the inner one) and stops when it is spent.
        case(
            "inner-retrier-matches-first-1-then-caught",
            {},
            [*FLAKY, "Nested failed", "Done"],
            raising={"Nested retries": "Throttled"},
            attempts=tries(1, 1, 1, 2),
        ),
    ],
)
def test_retry(data: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any]) -> None:
    execute(ASL_RETRY, data, path, outcome, run)


# --- 44: Map over a rich iterator, embedded twice ----------------------------------------------------------

ASL44 = compiled("44")
KIND, PUBLISH, KIND2, PUBLISH2 = choices(
    ASL44, "context_value.kind", "context_value.publish", "context_value.kind", "context_value.publish"
)
MAP44 = key("Map", 'map(data["images"], thumbnail_one)')
SVG = {"kind": "svg", "bytes": 10, "publish": True}
PNG_PUBLISHED = {"kind": "png", "bytes": 100, "publish": True}
PNG_LARGEST = {"kind": "png", "bytes": 50000000, "publish": False}
HUGE = {"kind": "png", "bytes": 50000001, "publish": False}


def images(*items: Any) -> Dict[str, Any]:
    """What a ``put_items`` call returns: a Map's input."""
    return {"items": list(items), "table_name": "t", "partition_key": "p", "key": "images"}


def data44(*batch: Dict[str, Any]) -> Dict[str, Any]:
    return {"upload": {"batch": {"images": images(*batch)}}}


# "Make thumbnail" (first copy) always raises MemoryError: retried twice, then caught.
MEMORY_ERROR = {"raising": {"Make thumbnail": "MemoryError"}}
# The iterator read as Python, per item (the second embedded copy numbers every key -2).
THUMB_SVG = [KIND, key("Succeed", "return", "thumbnail_one")]
THUMB_SKIPPED_PUBLISHED = [KIND, "Make thumbnail", "Skip image", PUBLISH, "Publish thumbnail"]
THUMB_SKIPPED = [KIND, "Make thumbnail", "Skip image", PUBLISH, end_pass("thumbnail_one")]
BATCH = ["Thumbnail batch", KIND2, "Make thumbnail-2", PUBLISH2, "Publish thumbnail-2"]


@pytest.mark.parametrize(
    CASE,
    [
        case(
            "three-iterations-then-second-map",
            data44(PNG_PUBLISHED),
            ["List images", MAP44, Par(THUMB_SVG, THUMB_SKIPPED_PUBLISHED, THUMB_SKIPPED), *BATCH],
            results={"ListImages": images(SVG, PNG_PUBLISHED, PNG_LARGEST)},
            **MEMORY_ERROR,
        ),
        case(
            "one-iteration-retried-twice-then-raise-in-second-map",
            data44(HUGE),
            ["List images", MAP44, *THUMB_SKIPPED, "Thumbnail batch", KIND2]
            + [key("Fail", 'raise TooLarge("image too large")') + "-2"],
            failed("TooLarge", "image too large"),
            results={"ListImages": images(PNG_LARGEST)},
            attempts={"Make thumbnail": 3},  # retry(max_attempts=2)
            **MEMORY_ERROR,
        ),
    ],
)
def test_44_map(data: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any]) -> None:
    execute(ASL44, data, path, outcome, run)


# --- Map and Parallel together, to a successful end (Lambda tasks only) -----------------------------------

FAN_OUT = """
class ListItems(Task):
    async def run(event, context):
        return None


class Work(Task):
    async def run(event, context):
        return None


def per_item(data):
    if data["context_value"]["skip"] == True:
        return
    Work(data["context_value"], key="Process item")


def left(data):
    if data["mode"] == "fast":
        return
    data["left"] = "slow"


def right(data):
    try:
        Work(key="Right work")
    except RightError:
        data["right"] = "recovered"


def main(data):
    data["items"] = ListItems(key="List items")
    map(data["items"], per_item, max_concurrency=1, key="Each item")
    data["both"] = parallel(left, right, key="Both sides")
    Work(key="After both")
"""
ASL_FAN_OUT = compile_source(FAN_OUT)
SKIP, MODE = choices(ASL_FAN_OUT, "context_value.skip", "mode")
ITEMS = {"results": {"ListItems": images({"skip": True}, {"skip": False})}}
# max_concurrency=1: the iterations run one after the other.
EACH_ITEM = ["List items", "Each item", SKIP, key("Succeed", "return", "per_item"), SKIP, "Process item"]
LEFT_FAST = [MODE, key("Succeed", "return", "left")]
LEFT_SLOW = [MODE, key("Pass", 'data["left"] = "slow"', "left")]
RECOVERED = key("Pass", 'data["right"] = "recovered"', "right")


# The left branch holds no Task, on purpose: when a failing branch aborts a sibling that is
# just scheduling a Lambda Task, moto 5.2.5 may record that Task's LambdaFunctionScheduled
# event with the state input as ``timeoutInSeconds``, and get_execution_history then raises a
# TypeError (a flaky harness error, not a routing result). So no Task runs beside a failure.
@pytest.mark.parametrize(
    CASE,
    [
        case(
            "iterations-in-order-left-returns",
            {"mode": "fast"},
            [*EACH_ITEM, "Both sides", Par(LEFT_FAST, ["Right work"]), "After both"],
            **ITEMS,
        ),
        case(
            "left-falls-through-right-error-caught-in-branch",
            {"mode": "slow"},
            [*EACH_ITEM, "Both sides", Par(LEFT_SLOW, ["Right work", RECOVERED]), "After both"],
            raising={"Right work": "RightError"},
            **ITEMS,
        ),
        case(
            "uncaught-branch-error-fails-execution",
            {"mode": "fast"},
            [*EACH_ITEM, "Both sides", Par(Cut(*LEFT_FAST), ["Right work"])],
            failed("Boom"),
            raising={"Right work": "Boom"},
            **ITEMS,
        ),
    ],
)
def test_map_and_parallel(
    data: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any]
) -> None:
    execution = execute(ASL_FAN_OUT, data, path, outcome, run)
    if execution.status == "SUCCEEDED":
        left, right = execution.succeeded()["both"]  # parallel(...) assigned: the branch outputs
        assert (left.get("left"), right.get("right")) == (
            ("slow", "recovered") if data["mode"] == "slow" else (None, None)
        )


# --- 48: Parallel inside Map inside Parallel, numbered keys (waits set to 0 s) ----------------------------

PRICES = key("SyncPrices", 'SyncPrices(data["context_value"])')
STOCK = key("SyncStock", 'SyncStock(data["context_value"])')
WAIT1 = key("Wait", "wait(seconds=1)")
MAP48 = key("Map", 'map(data["stores"], per_store, max_concurrency=5)')
PAR_STORE = key("Parallel", "parallel(prices, stock)")
# One iteration of per_store in each of its two embeddings (keys numbered in pre-order, D1).
STORE_1: List[Step] = [f"{WAIT1}-2", PAR_STORE, Par([f"{PRICES}-2"], [STOCK, f"{WAIT1}-3"]), f"{PRICES}-3"]
STORE_2: List[Step] = [
    f"{WAIT1}-4",
    f"{PAR_STORE}-2",
    Par([f"{PRICES}-4"], [f"{STOCK}-2", f"{WAIT1}-5"]),
    f"{PRICES}-5",
]


def test_48_parallel_inside_map_inside_parallel() -> None:
    asl = zero_waits(compiled("48"), {WAIT1 + suffix: 1 for suffix in ("", "-2", "-3", "-4", "-5", "-6")})
    path: List[Step] = [PRICES, WAIT1, MAP48, Par(STORE_1, STORE_1)]
    path += [key("Parallel", "parallel(all_stores, stock)")]
    path += [Par([f"{MAP48}-2", Par(STORE_2, STORE_2)], [f"{STOCK}-3", f"{WAIT1}-6"])]
    execute(asl, {"context_value": "main", "stores": images("s1", "s2")}, path, OK, {})


# --- 58: the order pipeline up to shipping (ECS tasks moto cannot run, made to fail) ----------------------

ASL58 = zero_waits(compiled("58"), {"Wait for restock": 900})
VALID, TOTAL, LINES, PHONE, GIFT, GIFT_MESSAGE = choices(
    ASL58,
    "validation.valid",
    "order.total",
    "order.lines_count",
    "customer.phone",
    "order.gift",
    "order.gift_message",
)
ORDER58: Dict[str, Any] = {
    "order": {
        "total": 0, "method": "invoice", "lines_count": 1, "lines": [1], "card": {"n": 4},
        "invoice": {"n": 5}, "gift": False, "gift_message": "", "recipient": {},
    },
    "customer": {"phone": "", "email": "c@x"},
}  # fmt: skip
VALID_ORDER = {"ValidateOrder": {"valid": True}}
RESERVED = {"ReserveStock": images({"line": 1})}


@pytest.mark.parametrize(
    CASE,
    [
        case(
            "out-of-stock-twice-returns-from-inner-handler",
            ORDER58,
            ["Validate order", VALID, "Reserve stock", "Wait for restock", "Reserve stock again"]
            + ["Tell customer out of stock", SUCCEED],
            raising={"Reserve stock": "OutOfStock", "Reserve stock again": "OutOfStock"},
            results=VALID_ORDER,
        ),
        case(
            "invoice-retried-caught-then-map-iteration-raises",
            {**ORDER58, "order": {**ORDER58["order"], "total": 10, "lines_count": 2}},
            ["Validate order", VALID, "Reserve stock", TOTAL, "Charge invoice"]
            + [
                key("Pass", 'data["payment"] = {"status": "pending"}', "main"),
                LINES,
                "Ship lines",
                "Ship line",
            ]
            + [key("Fail", 'raise ShipFailed("line could not ship")')],
            failed("ShipFailed", "line could not ship"),
            failing={"Charge invoice", "Ship line"},
            results={**VALID_ORDER, **RESERVED},
            attempts={"Charge invoice": 4, "Ship line": 1},  # retry(): 3 retries; none matches
        ),
    ],
)
def test_58_order_pipeline(
    data: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any]
) -> None:
    execute(ASL58, data, path, outcome, run)


# --- 60: a try inside handlers, three deep; tasks that fail inside handlers --------------------------

ASL60 = compiled("60")
PAYMENT_FAILED = key("Fail", 'raise PaymentFailed("card, wallet and invoice all failed")')
DATA60 = {"card": {"n": 1}, "wallet": {"n": 2}, "invoice": {"n": 3}}
DECLINED = {"Charge card": "CardDeclined"}
TO_INVOICE = ["Charge card", "Charge wallet", "Send invoice"]


# Python reading: an inner handler catches what its own `try` raised; a failure inside a
# handler leaves the whole `try` statement (the sibling `except:` does not catch it), so with
# no `try` around it the execution fails with that error.
@pytest.mark.parametrize(
    CASE,
    [
        case("card-charged", DATA60, ["Charge card", "Receipt"]),
        case(
            "declined-then-wallet-charged",
            DATA60,
            ["Charge card", "Charge wallet", "Receipt"],
            raising=DECLINED,
        ),
        case(
            "wallet-fails-invoice-sent",
            DATA60,
            [*TO_INVOICE, "Invoice sent", "Receipt"],
            raising=DECLINED,
            failing={"Charge wallet"},
        ),
        case(
            "invoice-rejected-innermost-handler-raises",
            DATA60,
            [*TO_INVOICE, "Tell sales", PAYMENT_FAILED],
            failed("PaymentFailed", "card, wallet and invoice all failed"),
            raising={**DECLINED, "Send invoice": "InvoiceRejected"},
            failing={"Charge wallet"},
        ),
        case(
            "invoice-other-error-not-caught-by-sibling-bare-except",
            DATA60,
            TO_INVOICE,
            failed(NO_BUCKET),
            raising=DECLINED,
            failing={"Charge wallet", "Send invoice"},
        ),
        case(
            "task-failing-in-innermost-handler-fails-execution",
            DATA60,
            [*TO_INVOICE, "Tell sales"],
            failed(NO_BUCKET),
            raising={**DECLINED, "Send invoice": "InvoiceRejected"},
            failing={"Charge wallet", "Tell sales"},
        ),
        case(
            "other-card-error-bare-handler-then-receipt",
            DATA60,
            ["Charge card", "Report charge error", "Receipt"],
            failing={"Charge card"},
        ),
        case(
            "task-failing-in-bare-handler-fails-execution",
            DATA60,
            ["Charge card", "Report charge error"],
            failed("ReportDown"),
            failing={"Charge card"},
            raising={"Report charge error": "ReportDown"},
        ),
    ],
)
def test_60_try_in_handlers(
    data: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any]
) -> None:
    execute(ASL60, data, path, outcome, run)


# --- 61: terminal states whose keys collide: each reports its own Cause ------------------------------

ASL61 = compiled("61")
(KIND61, STOCK0, STOCK_NEG, AUDIT_SKIP, AUDIT_STOP, AUDIT_LATE, AUDIT_VERY_LATE, END61) = choices(
    ASL61,
    "kind",
    "context_value.stock",
    "context_value.stock",
    "audit",
    "audit",
    "audit",
    "audit",
    "kind",
)
OUT_OF_STOCK = key("Fail", 'raise Rejected("out of stock")')
NEWLINES = key("Fail", 'raise Rejected("""out of\nstock\ntoday\n""")')
NO_STOCK = key("Fail", 'raise Rejected("no stock")')
AUDIT_LATE_FAIL = key("Fail", 'raise Rejected("audit late")')
DONE = key("Succeed", 'return "all done"', "main")
NOT_NEEDED = key("Succeed", 'return "not needed"', "audit")


def data61(kind: str, audit: str = "ok", *stock: int) -> Dict[str, Any]:
    return {"kind": kind, "audit": audit, "items": images(*({"stock": s} for s in stock))}


def audited(*path: str) -> List[Step]:
    return ["Audit", Par([AUDIT_SKIP, *path])]


AUDIT_TO_END = [AUDIT_STOP, AUDIT_LATE, AUDIT_VERY_LATE, key("Pass", "pass", "audit")]


@pytest.mark.parametrize(
    CASE,
    [
        case("space", data61("space"), [KIND61, OUT_OF_STOCK], failed("Rejected", "out of stock")),
        case("no-space", data61("no space"), [KIND61, f"{OUT_OF_STOCK}-2"], failed("Rejected", "outofstock")),
        case(
            "newlines",
            data61("newlines"),
            [KIND61, NEWLINES],
            failed("Rejected", "out of\nstock\ntoday\n"),
        ),
        case(
            "one-newline",
            data61("one newline"),
            [KIND61, f"{NEWLINES}-2"],
            failed("Rejected", "out of stock\ntoday\n\n"),
        ),
        case(
            "identical-raise-shared",
            data61("same"),
            [KIND61, OUT_OF_STOCK],
            failed("Rejected", "out of stock"),
        ),
        case("return-values-shared-succeed", data61("done"), [KIND61, DONE]),
        case("other-return-same-succeed", data61("done2"), [KIND61, DONE]),
        case(
            "iterator-causes-differ-by-a-space",
            data61("end", "ok", 1, 0),
            [KIND61, "Check items", STOCK0, STOCK_NEG, "Check item", STOCK0, NO_STOCK],
            failed("Rejected", "no stock"),
        ),
        case(
            "iterator-second-cause",
            data61("end", "ok", -1),
            [KIND61, "Check items", STOCK0, STOCK_NEG, f"{NO_STOCK}-2"],
            failed("Rejected", "nostock"),
        ),
        case(
            "branch-returns-shared-then-end-pass",
            data61("end", "stop"),
            [KIND61, "Check items", *audited(AUDIT_STOP, NOT_NEEDED), END61, end_pass()],
        ),
        case(
            "branch-second-cause",
            data61("other", "very late"),
            [
                KIND61,
                "Check items",
                *audited(AUDIT_STOP, AUDIT_LATE, AUDIT_VERY_LATE, f"{AUDIT_LATE_FAIL}-2"),
            ],
            failed("Rejected", "auditlate"),
        ),
        case(
            "branch-to-its-end-then-main-end",
            data61("other"),
            [KIND61, "Check items", *audited(*AUDIT_TO_END), END61, end_pass()],
        ),
    ],
)
def test_61_distinct_terminal_states(
    data: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any]
) -> None:
    execute(ASL61, data, path, outcome, run)


# --- 62: data.update keeps every other key (fix D16) ---------------------------------------------------

ASL62 = compiled("62")
UPDATE62 = key(
    "Pass", 'data.update({"currency": "EUR", "limits": {"max": 5}, 3: "three", "currency": "USD"})', "main"
)
LINE_UPDATE = key("Pass", 'data.update({"currency": "EUR"})', "per_line")
PATH62 = [UPDATE62, f"{UPDATE62}-2", f"{UPDATE62}-3", "Price cart", key("Pass", "data.update({})", "main")]
PATH62 += ["Each line", LINE_UPDATE, "Price line", LINE_UPDATE, "Price line"]
PATH62 += [key("Pass", 'data.update({"status": "priced"})', "main"), "Confirm"]


@pytest.mark.parametrize(
    "given",
    [
        {"cart": {"id": 1}, "lines": images(1, 2)},
        # Keys the update sets are replaced as a whole (a dict update is shallow); others stay.
        {"cart": {"id": 2}, "lines": images(1, 2), "currency": "GBP", "limits": {"min": 1}, "note": "x"},
    ],
    ids=["fresh-keys", "existing-keys-replaced-others-kept"],
)
def test_62_update_merges(given: Dict[str, Any]) -> None:
    execution = execute(ASL62, given, PATH62, OK, {"results": {"Price": {"total": 10}}})
    expected = {
        **given,
        "__trace": execution.state_input(UPDATE62)["__trace"],
        "currency": "USD",
        "limits": {"max": 5},
        "3": "three",
        "quote": {"total": 10},
        "status": "priced",
    }
    assert execution.succeeded() == expected
    assert execution.state_input("Confirm")["__trace"]["id"] == "harness-trace-id"


# --- FX506's fix: the inner try in its own machine, called inside the outer try --------------------------

FX506_FIXED = fluxio_cst.parse_file(FIXTURES / "errors" / "fixed" / "FX506_try_in_try.py")
CHARGE_OR_REFUND = FX506_FIXED.state_machines["main"].to_asl()
CHARGE = FX506_FIXED.state_machines["charge"].to_asl()
ORDER506 = {"order": {"id": 7}}


# moto cannot run the nested execution: the call is made to fail, as a failed child would.
@pytest.mark.parametrize(
    ("asl", "path", "outcome", "run"),
    [
        pytest.param(CHARGE, ["Charge card"], OK, {}, id="child-charged"),
        pytest.param(
            CHARGE,
            ["Charge card", "Refund card"],
            OK,
            {"raising": {"Charge card": "CardDeclined"}},
            id="child-refunds",
        ),
        pytest.param(
            CHARGE,
            ["Charge card", "Refund card"],
            failed(NO_BUCKET),
            {"raising": {"Charge card": "CardDeclined"}, "failing": {"Refund card"}},
            id="child-handler-fails-child-fails",
        ),
        pytest.param(
            CHARGE_OR_REFUND,
            ["Charge or refund", "Notify finance"],
            OK,
            {"failing": {"Charge or refund"}},
            id="failed-child-caught-by-outer-handler",
        ),
    ],
)
def test_fx506_fix_nested_machine_call(
    asl: Dict[str, Any], path: List[Step], outcome: Outcome, run: Dict[str, Any]
) -> None:
    execute(asl, ORDER506, path, outcome, run)
