"""The Choice rule families (timestamps, data on both sides, presence, type tests, wildcards)
held to what they mean, beyond the examples of their modules.

* Two property tests check the translations against independent readings written here: an
  fnmatch pattern compiled to ``StringMatches`` matches, under an ASL matcher written from the
  AWS spec (``*`` any run, ``\\*`` a literal star, ``\\\\`` a literal backslash), exactly the
  strings Python's ``fnmatch.fnmatchcase`` matches with the original; and a ``timestamp()``
  literal compiles exactly when ``datetime.strptime`` reads it as an RFC 3339 date-time with an
  uppercase ``T`` and ``Z`` (or a numeric offset), else FX158 at the literal.
* The exact rule (as JSON text) of representative forms of each family, odd spellings included
  (parentheses, concatenated strings, nested tuples, trailing commas), a few also run on moto.
* The exact diagnostics (code, line, column, message) of misuses found by trying to break the
  families: each says where, and what to write instead.
"""

from __future__ import annotations

import datetime
import fnmatch
import json
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import libcst as cst
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import fluxio_cst
from fluxio_cst.diagram import to_dot, to_mermaid
from fluxio_cst.dsl import choice
from fluxio_cst.dsl.choice import RuleError
from tests.diagnostics_doc import check_source
from tests.sfn_harness import run_asl

# --- fnmatch → StringMatches, against an ASL matcher of its own --------------------------------


def _asl_tokens(pattern: str) -> List[Tuple[str, str]]:
    """An ASL StringMatches pattern as ("any", "") and ("char", c) tokens, per the AWS spec."""
    tokens: List[Tuple[str, str]] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            assert index + 1 < len(pattern) and pattern[index + 1] in "*\\", f"bad escape in {pattern!r}"
            tokens.append(("char", pattern[index + 1]))
            index += 2
        else:
            tokens.append(("any", "") if char == "*" else ("char", char))
            index += 1
    return tokens


def asl_matches(pattern: str, text: str) -> bool:
    """Whether ``text`` matches the ASL ``pattern`` (dynamic programming, no regular expression)."""
    tokens = _asl_tokens(pattern)
    reach = [True] + [False] * len(text)  # reach[j]: the tokens so far match text[:j]
    for kind, char in tokens:
        if kind == "any":
            for j in range(1, len(text) + 1):
                reach[j] = reach[j] or reach[j - 1]
        else:
            reach = [False] + [reach[j - 1] and text[j - 1] == char for j in range(1, len(text) + 1)]
    return reach[-1]


def compiled_pattern(pattern: str) -> str:
    rule = choice.rule(cst.parse_expression(f'fnmatchcase(data["f"], {pattern!r})'))
    assert set(rule) == {"Variable", "StringMatches"}, rule
    value = rule["StringMatches"]
    assert isinstance(value, str)
    return value


_PIECES = st.sampled_from(["*", "[*]", "[?]", "[[]", "\\", "\\*", "]", "!", "-", "a", "b", ".", "é", " "])
_PATTERNS = st.lists(_PIECES, max_size=8).map("".join)
_TEXTS = st.text(alphabet="ab*?[]\\!-.é ", max_size=10)


@given(pattern=_PATTERNS, texts=st.lists(_TEXTS, max_size=6))
@example(pattern="a[*]b", texts=["a*b", "axb"])
@example(pattern="\\*", texts=["\\x", "\\", "*"])
@example(pattern="[[]*]", texts=["[x]", "[]", "x]"])
@example(pattern="", texts=["", "a"])
def test_fnmatch_translation_is_faithful(pattern: str, texts: List[str]) -> None:
    asl = compiled_pattern(pattern)
    for text in [*texts, pattern]:
        assert asl_matches(asl, text) == fnmatch.fnmatchcase(text, pattern), (pattern, asl, text)


def test_the_asl_matcher_reads_the_spec() -> None:
    assert asl_matches("a*b", "ab") and asl_matches("a*b", "axxb") and not asl_matches("a*b", "abx")
    assert asl_matches("a\\*", "a*") and not asl_matches("a\\*", "ab")
    assert asl_matches("a\\\\*", "a\\xyz") and not asl_matches("a\\\\*", "axyz")


@pytest.mark.parametrize("pattern", ["?", "a?b", "[ab]", "[!a]", "[a-z]", "[!]]", "[?", "[]-]"])
def test_patterns_stringmatches_cannot_express_are_refused(pattern: str) -> None:
    with pytest.raises(RuleError) as caught:
        compiled_pattern(pattern)
    assert caught.value.code.value == "FX408"


# --- timestamp() literals, against datetime.strptime -----------------------------------------

_DIGITS = "0123456789"


def _two(low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(lambda n: f"{n:02d}")


_ZONES = st.one_of(
    st.sampled_from(["Z", "z", "", "+00:00", "-00:00", "+0100", "+01", "UTC", "Z "]),
    st.builds(lambda sign, h, m: f"{sign}{h}:{m}", st.sampled_from("+-"), _two(0, 25), _two(0, 61)),
)
_STAMPS = st.builds(
    lambda y, mo, d, sep, h, mi, s, frac, zone: f"{y}-{mo}-{d}{sep}{h}:{mi}:{s}{frac}{zone}",
    st.sampled_from(["2026", "0000", "0001", "9999", "226", "２０２６"]),
    _two(0, 13),
    _two(0, 32),
    st.sampled_from(["T", "T", "t", " "]),
    _two(0, 25),
    _two(0, 61),
    _two(0, 61),
    st.sampled_from(["", "", ".5", ".123456789", ".", ".x"]),
    _ZONES,
)


def is_rfc3339(text: str) -> bool:
    """The independent reading: an exact shape, then ``strptime`` for the date, time and offset."""
    head, rest = text[:19], text[19:]
    shape = "dddd-dd-ddTdd:dd:dd"
    if len(head) != 19 or not all((c in _DIGITS) if s == "d" else c == s for c, s in zip(head, shape)):
        return False
    if rest.startswith("."):
        digits = len(rest) - len(rest[1:].lstrip(_DIGITS))
        if digits == 1:
            return False
        rest = rest[digits:]
    if rest != "Z" and not (len(rest) == 6 and rest[0] in "+-" and rest[3] == ":"):
        return False
    if rest != "Z" and not all(c in _DIGITS for c in rest[1:3] + rest[4:]):
        return False
    try:
        datetime.datetime.strptime(head + rest, "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return False
    return True


def _timestamp_rule(literal: str) -> Tuple[Optional[RuleError], cst.Comparison]:
    node = cst.parse_expression(f'timestamp(data["t"]) < {json.dumps(literal)}')
    assert isinstance(node, cst.Comparison)
    try:
        rule = choice.rule(node)
    except RuleError as exc:
        return exc, node
    assert rule == {"Variable": "$['t']", "TimestampLessThan": literal}
    return None, node


@given(st.one_of(_STAMPS, st.text(max_size=30)))
@example("2026-12-01T08:00:00Z")
@example("2026-02-29T00:00:00Z")
@example("2024-02-29T00:00:00.000001+23:59")
@example("2026-01-01T23:59:60Z")
@example("2026-01-01T00:00:00+24:00")
def test_a_timestamp_literal_compiles_iff_it_is_rfc3339(literal: str) -> None:
    error, node = _timestamp_rule(literal)
    if is_rfc3339(literal):
        assert error is None, (literal, error and error.message)
    else:
        assert error is not None, literal
        assert error.code.value == "FX158" and error.node is node.comparisons[0].comparator, error.message


# --- exact rules of representative forms ------------------------------------------------------

FORMS = [
    (
        'timestamp(data["t"]) <= "2026-01-01T00:00:00.5+01:00"',
        '{"Variable": "$[\'t\']", "TimestampLessThanEquals": "2026-01-01T00:00:00.5+01:00"}',
    ),
    (
        '(data["t"]) != timestamp("2026-01-01T00:00:00" "Z")',
        '{"Not": {"Variable": "$[\'t\']", "TimestampEquals": "2026-01-01T00:00:00Z"}}',
    ),
    (
        'int(data["a"]) >= float(data["b"])',
        '{"Variable": "$[\'a\']", "NumericGreaterThanEqualsPath": "$[\'b\']"}',
    ),
    (
        'data["a"][0] < str(data["b"]["c"])',
        '{"Variable": "$[\'a\'][0]", "StringLessThanPath": "$[\'b\'][\'c\']"}',
    ),
    ('bool(data["a"]) != data["b"]', '{"Not": {"Variable": "$[\'a\']", "BooleanEqualsPath": "$[\'b\']"}}'),
    (
        'timestamp(data["a"]) == timestamp(data["a"])',
        '{"Variable": "$[\'a\']", "TimestampEqualsPath": "$[\'a\']"}',
    ),
    ('not "k" in (data)', '{"Not": {"Variable": "$[\'k\']", "IsPresent": true}}'),
    ('"a" "b" not in data["o"][0]', '{"Variable": "$[\'o\'][0][\'ab\']", "IsPresent": false}'),
    ('"it\'s" in data', '{"Variable": "$[\\"it\'s\\"]", "IsPresent": true}'),
    ('data["x"] is not (None)', '{"Variable": "$[\'x\']", "IsNull": false}'),
    (
        'isinstance(data["x"], ((int, float), str))',
        '{"Or": [{"Variable": "$[\'x\']", "IsNumeric": true}, {"Variable": "$[\'x\']", "IsString": true}]}',
    ),
    ('isinstance(data["x"], (int, float,))', '{"Variable": "$[\'x\']", "IsNumeric": true}'),
    (
        'isinstance(data["x"], (str)|(bool))',
        '{"Or": [{"Variable": "$[\'x\']", "IsString": true}, {"Variable": "$[\'x\']", "IsBoolean": true}]}',
    ),
    (
        'fnmatch.fnmatch(data["f"], r"a\\*[*][?][[]",)',
        '{"Variable": "$[\'f\']", "StringMatches": "a\\\\\\\\*\\\\*?["}',
    ),
    ('fnmatchcase((data["f"]), ("[!]" "x"))', '{"Variable": "$[\'f\']", "StringMatches": "[!]x"}'),
]


def _program(condition: str) -> str:
    return f'def main(data):\n    if {condition}:\n        data["hit"] = True\n'


def _rule(condition: str) -> str:
    project = fluxio_cst.parse(_program(condition), path="x.py")
    assert project.warnings == ()
    asl = project.state_machines["main"].to_asl()
    (state,) = [s for s in asl["States"].values() if s["Type"] == "Choice"]
    rule = {k: v for k, v in state["Choices"][0].items() if k != "Next"}
    return json.dumps(rule)


@pytest.mark.parametrize(("condition", "expected"), FORMS, ids=[c for c, _ in FORMS])
def test_the_exact_rule_of_each_form(condition: str, expected: str) -> None:
    assert _rule(condition) == expected


RUNS = [
    ('isinstance(data["x"], ((int, float), str))', {"x": 5}, {"x": True}),
    ('not "k" in (data["o"])', {"o": {"j": 1}}, {"o": {"k": None}}),
    ('"a" "b" in data', {"ab": 0}, {"a": 0}),
    ('int(data["a"]) >= float(data["b"])', {"a": 5, "b": 5.0}, {"a": 4, "b": 4.5}),
]


@pytest.mark.parametrize(("condition", "true", "false"), RUNS, ids=[c for c, _, _ in RUNS])
def test_forms_route_on_moto_as_they_read(
    condition: str, true: Dict[str, Any], false: Dict[str, Any]
) -> None:
    asl = fluxio_cst.parse(_program(condition), path="x.py").state_machines["main"].to_asl()
    for data, hit in ((true, True), (false, False)):
        execution = run_asl(asl, data)
        assert execution.status == "SUCCEEDED", (execution.error, execution.cause)
        assert execution.output is not None and ("hit" in execution.output) is hit, (data, execution.output)


# --- exact diagnostics of misuses -------------------------------------------------------------

_FN = 'write `fnmatch(data["name"], "report-*.csv")`: a data reference and a pattern string literal'
_ISI = 'write `isinstance(data["x"], str)`: a data reference and a type (or a tuple of types)'
MISUSES = [
    (
        'isinstance(data["x"], ())',
        "FX407",
        "()",
        "`()` names no type, so nothing is an instance of it; name the types, like `(int, float)`",
    ),
    (
        'isinstance(data["x"], str | (int, float))',
        "FX407",
        "str |",
        "`|` joins types, not tuples; write `str | int | float` or `(str, int, float)`",
    ),
    (
        'timestamp(data["t"]) < str("2026-01-01T00:00:00Z")',
        "FX402",
        "str(",
        "`str()` cannot be compared with a timestamp; write `timestamp(…)` on the left",
    ),
    (
        'timestamp() < "2026-01-01T00:00:00Z"',
        "FX404",
        "timestamp()",
        '`timestamp()` takes one argument, a data reference or a literal, as in `timestamp(data["x"])`',
    ),
    (
        'timestamp(data["t"], data["u"]) < "2026-01-01T00:00:00Z"',
        "FX404",
        "timestamp(",
        '`timestamp()` takes one argument, a data reference or a literal, as in `timestamp(data["x"])`',
    ),
    (
        'int(str(data["a"])) == data["b"]',
        "FX404",
        "int(",
        '`int()` takes one argument, a data reference or a literal, as in `int(data["x"])`',
    ),
    (
        '5 <= data["a"]',
        "FX404",
        "5",
        'the left side of a comparison is a data reference like `data["x"]`; write `data["a"] >= 5`',
    ),
    (
        '"2026-01-01T00:00:00Z" > timestamp(data["t"])',
        "FX404",
        '"2026',
        'the left side of a comparison is a data reference like `data["x"]`; '
        'write `timestamp(data["t"]) < "2026-01-01T00:00:00Z"`',
    ),
    (
        '("k" in data) != True',
        "FX404",
        '"k"',
        'the left side of a comparison is a data reference like `data["x"]`; write `not ("k" in data)`',
    ),
    (
        'isinstance(data["x"], str) == False',
        "FX404",
        "isinstance",
        'the left side of a comparison is a data reference like `data["x"]`; '
        'write `not isinstance(data["x"], str)`',
    ),
    (
        'fnmatch(data["f"], "a*") == True',
        "FX404",
        "fnmatch",
        'the left side of a comparison is a data reference like `data["x"]`; '
        'write `fnmatch(data["f"], "a*")`',
    ),
    (
        'len(data["a"]) == True',
        "FX404",
        "len",
        'the left side of a comparison is a data reference like `data["x"]`',
    ),
    (
        'bool(isinstance(data["a"], str))',
        "FX404",
        "isinstance",
        '`bool()` of a condition is the condition itself; write `isinstance(data["a"], str)`',
    ),
    (
        'timestamp(data["t"])',
        "FX405",
        "timestamp",
        'a cast alone is not a condition; compare `timestamp(data["t"])` with an RFC 3339 timestamp '
        'string like "2026-12-01T08:00:00Z"',
    ),
    ('None is not data["x"]', "FX404", "None", '`None` goes on the right: write `data["x"] is not None`'),
    ('fnmatch(data["f"], "a*", "x")', "FX408", '"x"', f"an argument too many; {_FN}"),
    (
        'fnmatch(data["f"], pat="a*")',
        "FX408",
        "pat=",
        f"arguments go by position, without `*` or keywords; {_FN}",
    ),
    (
        'isinstance(*data["x"])',
        "FX407",
        "*data",
        f"arguments go by position, without `*` or keywords; {_ISI}",
    ),
    ('isinstance(data["x"])', "FX407", "isinstance(", f"two arguments are needed; {_ISI}"),
]


@pytest.mark.parametrize(("condition", "code", "at", "message"), MISUSES, ids=[m[0] for m in MISUSES])
def test_a_misuse_gets_a_located_diagnostic_saying_what_to_write(
    condition: str, code: str, at: str, message: str
) -> None:
    """``at`` is the text the diagnostic starts at (its first occurrence in the condition)."""
    source = f"from fnmatch import fnmatch\n\n\n{_program(condition)}"
    diagnostics = check_source(source, "x.py").diagnostics
    column = len("    if ") + condition.index(at)
    assert [(d.code, d.line, d.column, d.message) for d in diagnostics] == [(code, 5, column, message)]


# --- outside tools: asl-validator and Mermaid's parser on every form at once ----------------


def _all_forms() -> Dict[str, Any]:
    source = "import fnmatch\nfrom fnmatch import fnmatchcase\n\n\ndef main(data):\n"
    for index, (condition, _) in enumerate(FORMS):
        source += f'    if {condition}:\n        data["hit{index}"] = True\n'
    asl: Dict[str, Any] = fluxio_cst.parse(source, path="x.py").state_machines["main"].to_asl()
    return asl


@pytest.mark.outside_tools
def test_asl_validator_accepts_every_form(tmp_path: Path) -> None:
    from tests.test_asl_validator import run_asl_validator  # here: it is slow to import

    code, output, _ = run_asl_validator([("forms", _all_forms())], tmp_path)
    assert code == 0 and "is valid" in output, output


@pytest.mark.outside_tools
def test_the_diagram_of_every_form_reads_and_parses() -> None:
    from tests.test_diagram import run_mermaid_checker  # here: it compiles every fixture

    asl = _all_forms()
    dot = to_dot(asl)
    labels = ("$['a'] >= $['b']", "$['k'] is present", "$['x'] is not null", "is numeric", "$['f'] matches")
    for label in labels:
        assert label in dot, label
    proc = run_mermaid_checker([("forms", to_mermaid(asl))])
    assert proc.returncode == 0 and "ok forms" in proc.stdout, proc.stdout + proc.stderr
