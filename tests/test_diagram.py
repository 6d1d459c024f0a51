"""Tests of :mod:`fluxio_cst.diagram`.

The outputs are checked by the real consumers, not by regexes: Graphviz's
``dot`` must accept every DOT text, and Mermaid's own parser (run headlessly
in Node by ``tests/node/check_mermaid.mjs``) must accept every Mermaid text.
Missing tools make these tests FAIL with instructions rather than skip,
so that a CI without them cannot pass silently.
"""

from __future__ import annotations

import copy
import json
import random
import shutil
import subprocess
import xml.etree.ElementTree as ET
from typing import Any, Dict, List, Tuple

import pytest

from fluxio_cst.diagram import to_dot, to_mermaid
from tests.conftest import FIXTURES, INSTALL_HINT, NODE_DIR, fixture_machines

MACHINES = fixture_machines()
MACHINE_IDS = [ident for ident, _ in MACHINES]
BY_ID = dict(MACHINES)


def test_fixtures_are_found() -> None:
    assert len(MACHINES) >= 17, f"expected the golden machines under {FIXTURES}"


# --------------------------------------------------------------------------
# Hostile state names: every character class that needs escaping somewhere
# --------------------------------------------------------------------------

WEIRD = 'it\'s "quoted" [x] {y} (z) #1 <b>bold</b> & | ; % %% `tick` $.a\\b \\n \\l'

ENTITIES = "a &lt; b &#35; c &amp; d #quot; e"


def hostile_machine() -> Dict[str, Any]:
    """A valid-shaped machine whose names and rules stress both escapers."""
    return {
        "StartAt": "end",
        "States": {
            "end": {"Type": "Pass", "Next": WEIRD},
            WEIRD: {
                "Type": "Choice",
                "Choices": [
                    {"Variable": "$['a|b']", "StringEquals": 'x"y<z>#quot;', "Next": "héllo wörld ✓ 日本"},
                    {
                        "Not": {
                            "Or": [
                                {"Variable": "$.x", "IsNull": True},
                                {"Variable": "$.y", "NumericLessThanPath": "$.z"},
                            ]
                        },
                        "Next": "subgraph",
                    },
                ],
                "Default": "o",
            },
            "héllo wörld ✓ 日本": {"Type": "Succeed"},
            "subgraph": {
                "Type": "Parallel",
                "Branches": [{"StartAt": "style", "States": {"style": {"Type": "Pass", "End": True}}}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "o"}],
                "End": True,
            },
            "o": {
                "Type": "Map",
                "Iterator": {"StartAt": "x", "States": {"x": {"Type": "Fail"}}},
                "Next": "class",
            },
            "class": {"Type": "Task", "Resource": "r", "Next": "graph"},
            "graph": {"Type": "Pass", "Next": ENTITIES},
            ENTITIES: {"Type": "Pass", "Next": "nowhere (a dangling target)"},
        },
    }


def random_name_machine(seed: int, size: int = 12) -> Dict[str, Any]:
    """A chain of Pass states with random names drawn from awkward characters."""
    pool = "aZ09 _-.$'\"[](){}<>#&|;:%`\\/=+*?!@^~,é✓日🙂\u00a0"
    rng = random.Random(seed)
    names: List[str] = []
    while len(names) < size:
        name = "".join(rng.choice(pool) for _ in range(rng.randint(1, 12))).strip()
        if name and name not in names:
            names.append(name)
    states: Dict[str, Any] = {}
    for index, name in enumerate(names):
        nxt = names[index + 1] if index + 1 < len(names) else None
        states[name] = {"Type": "Pass", **({"Next": nxt} if nxt else {"End": True})}
    return {"StartAt": names[0], "States": states}


EXTRA = [("hostile", hostile_machine())] + [(f"random-{s}", random_name_machine(s)) for s in range(5)]


# --------------------------------------------------------------------------
# Graphviz
# --------------------------------------------------------------------------


def run_dot(dot_text: str) -> str:
    """Render with ``dot -Tsvg``; fail (never skip) if Graphviz is missing."""
    dot = shutil.which("dot")
    if dot is None:
        pytest.fail(
            "Graphviz `dot` was not found on PATH; install it (`apt-get install -y graphviz`, "
            "as CI does) to run the diagram tests",
            pytrace=False,
        )
    proc = subprocess.run(
        [dot, "-Tsvg"], input=dot_text, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0 and not proc.stderr.strip(), (
        f"dot rejected the diagram (exit {proc.returncode}):\n{proc.stderr}\n--- input ---\n{dot_text}"
    )
    return proc.stdout


def svg_texts(svg: str) -> List[str]:
    return [el.text or "" for el in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]


@pytest.mark.outside_tools
@pytest.mark.parametrize("asl", [asl for _, asl in MACHINES], ids=MACHINE_IDS)
def test_dot_is_accepted_by_graphviz(asl: Dict[str, Any]) -> None:
    run_dot(to_dot(asl))


@pytest.mark.outside_tools
@pytest.mark.parametrize("asl", [asl for _, asl in EXTRA], ids=[i for i, _ in EXTRA])
def test_dot_escaping_round_trips_through_graphviz(asl: Dict[str, Any]) -> None:
    """Every state name comes out of Graphviz exactly as it went in."""
    texts = svg_texts(run_dot(to_dot(asl, name='a "weird" \\ name')))
    names = [n for n in asl["States"] if isinstance(asl["States"][n], dict)]
    for name in names:
        assert name.replace("\u00a0", " ") in [t.replace("\u00a0", " ") for t in texts], name


# --------------------------------------------------------------------------
# Mermaid (real parser, in Node)
# --------------------------------------------------------------------------


def run_mermaid_checker(diagrams: List[Tuple[str, str]]) -> subprocess.CompletedProcess[str]:
    """Run check_mermaid.mjs on (name, text) pairs; fail (never skip) without Node tools."""
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "Node.js (`node`) was not found on PATH; it is needed for the Mermaid parser", pytrace=False
        )
    for package in ("mermaid", "jsdom"):
        if not (NODE_DIR / "node_modules" / package).is_dir():
            pytest.fail(f"{NODE_DIR / 'node_modules' / package} is missing: {INSTALL_HINT}", pytrace=False)
    payload = json.dumps([{"name": name, "text": text} for name, text in diagrams])
    return subprocess.run(
        [node, str(NODE_DIR / "check_mermaid.mjs")],
        input=payload,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def mermaid_report() -> Dict[str, str]:
    """One Node run for all diagrams (Mermaid's import costs seconds): name -> ok/FAIL."""
    diagrams = [(ident, to_mermaid(asl)) for ident, asl in MACHINES + EXTRA]
    proc = run_mermaid_checker(diagrams)
    status: Dict[str, str] = {}
    for line in proc.stdout.splitlines():
        word, _, rest = line.partition(" ")
        if word in ("ok", "FAIL"):
            status[rest.split(" (")[0]] = word
    status["__stderr__"] = proc.stderr
    return status


@pytest.mark.outside_tools
@pytest.mark.parametrize("ident", MACHINE_IDS + [i for i, _ in EXTRA])
def test_mermaid_is_accepted_by_mermaid_parser(ident: str, mermaid_report: Dict[str, str]) -> None:
    assert mermaid_report.get(ident) == "ok", (
        f"Mermaid rejected (or never saw) {ident}:\n{mermaid_report['__stderr__']}"
    )


@pytest.mark.outside_tools
def test_mermaid_checker_rejects_invalid_text() -> None:
    """The checker must really parse: `end` as a node id is a Mermaid syntax error."""
    proc = run_mermaid_checker(
        [("good", "flowchart TD\n  a --> b\n"), ("bad", "flowchart TD\n  a --> end\n")]
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "ok good" in proc.stdout
    assert "FAIL bad" in proc.stderr and "Parse error" in proc.stderr


# --------------------------------------------------------------------------
# Content of specific diagrams
# --------------------------------------------------------------------------

CHOICE = "n_Choice_313e64aa8f8ad86ca9da11b08bfcf167"
FAIL_BAD = "n_Fail_b96ed86a16a6d26727706644aaddb54e"
FAIL_WRONG = "n_Fail_fbfebbb04fab34c90ef58b0a2ffda3e5"
SUCCEED = "n_Succeed_d1d0f861f06db686c59bfded9f95b5c4"


def test_choice_mermaid_edges() -> None:
    text = to_mermaid(BY_ID["04_choice:main"])
    assert text.startswith("flowchart TD\n")
    for expected in [
        f"n_start --> {CHOICE}",
        f'{CHOICE}{{"Choice-313e64aa8f8ad86ca9da11b08bfcf167 (Choice)"}}',
        f"{CHOICE} -->|\"$['foo'] #gt; 0 and $['foo'] #lt; 100\"| {FAIL_BAD}",
        f"{CHOICE} -->|\"not $['empty'] == true\"| {SUCCEED}",
        f"{CHOICE} -->|\"$['empty']['inner'] == #quot;something#quot;\"| {SUCCEED}",
        f"{CHOICE} -->|\"$['array'][5] == 5\"| n_bar",
        f"{CHOICE} -->|\"$['count'] #gt;= 3 or not $['name'] == #quot;x#quot;\"| n_baz",
        f'{CHOICE} -->|"default"| {FAIL_WRONG}',
        "n_bar --> n_end",
        f"{FAIL_BAD} --> n_end",
        f"{SUCCEED} --> n_end",
    ]:
        assert expected in text, expected


def test_choice_dot_edges() -> None:
    text = to_dot(BY_ID["04_choice:main"])
    assert text.startswith('digraph "state_machine" {\n')
    for expected in [
        f'"n_start" -> "{CHOICE}";',
        f'"{CHOICE}" [label="Choice-313e64aa8f8ad86ca9da11b08bfcf167\\n(Choice)", shape=diamond];',
        f'"{CHOICE}" -> "{FAIL_BAD}" [label="$[\'foo\'] > 0 and $[\'foo\'] < 100"];',
        f'"{CHOICE}" -> "{SUCCEED}" [label="not $[\'empty\'] == true"];',
        f'"{CHOICE}" -> "{SUCCEED}" [label="$[\'empty\'][\'inner\'] == \\"something\\""];',
        f'"{CHOICE}" -> "n_baz" [label="$[\'count\'] >= 3 or not $[\'name\'] == \\"x\\""];',
        f'"{CHOICE}" -> "{FAIL_WRONG}" [label="default"];',
        '"n_bar" -> "n_end";',
    ]:
        assert expected in text, expected


def test_try_retry_catch_edges() -> None:
    asl = BY_ID["05_try_retry:main"]
    mermaid = to_mermaid(asl)
    for expected in [
        'n_foo_failed["foo failed (Task)"]',
        'n_foo -.->|"KeyError, States.Timeout"| n_foo_failed',
        'n_foo -.->|"States.ALL"| n_generic',
        "n_foo --> n_end",
        "n_foo_failed --> n_end",
    ]:
        assert expected in mermaid, expected
    dot = to_dot(asl)
    for expected in [
        '"n_foo_failed" [label="foo failed\\n(Task)"];',
        '"n_foo" -> "n_foo_failed" [label="KeyError, States.Timeout", style=dashed];',
        '"n_foo" -> "n_generic" [label="States.ALL", style=dashed];',
        '"n_foo" -> "n_end";',
    ]:
        assert expected in dot, expected


PARALLEL = "Parallel_4fef7ccb7b6bca333d68c27261eea63f"


def test_parallel_wait_pass_clusters_and_edges() -> None:
    asl = BY_ID["06_parallel_wait_pass:main"]
    mermaid = to_mermaid(asl)
    for expected in [
        f'subgraph c_{PARALLEL}["Parallel-4fef7ccb7b6bca333d68c27261eea63f (Parallel)"]',
        f'        subgraph c_{PARALLEL}_branch_1["Branch 1"]\n'
        "            direction TB\n"
        '            n_baz["baz (Task)"]\n'
        "        end\n",
        f'        subgraph c_{PARALLEL}_branch_2["Branch 2"]\n'
        "            direction TB\n"
        '            n_foo["foo (Task)"]\n'
        "        end\n",
        f'n_{PARALLEL} -->|"branch 1"| n_baz',
        f'n_{PARALLEL} -->|"branch 2"| n_foo',
        f"n_baz --> n_{PARALLEL}_done",
        f"n_foo --> n_{PARALLEL}_done",
        f"n_{PARALLEL}_done --> n_end",
        "n_start --> n_Pass_450d98f43e15203bde04acbd1f5e2394",
        "n_Pass_450d98f43e15203bde04acbd1f5e2394 --> n_Pass_8b644d8cfd2131af75c8f6a666f44cb4",
        "n_Wait_118555a992bbdaebe6c4555346d2b59a --> n_" + PARALLEL,
        'n_Wait_bc72701b67a1cc80337d24b7e67284d8["Wait-bc72701b67a1cc80337d24b7e67284d8 (Wait)"]',
    ]:
        assert expected in mermaid, expected
    dot = to_dot(asl)
    for expected in [
        f'subgraph "cluster_c_{PARALLEL}" {{\n'
        '        label="Parallel-4fef7ccb7b6bca333d68c27261eea63f (Parallel)";',
        f'subgraph "cluster_c_{PARALLEL}_branch_1" {{\n            label="Branch 1";',
        '"n_baz" [label="baz\\n(Task)"];',
        f'"n_{PARALLEL}" -> "n_baz" [label="branch 1"];',
        f'"n_{PARALLEL}" -> "n_foo" [label="branch 2"];',
        f'"n_{PARALLEL}_done" -> "n_end";',
        '"n_Wait_bc72701b67a1cc80337d24b7e67284d8" -> "n_Wait_bd41508ed37d17062c388d8dd452de77";',
    ]:
        assert expected in dot, expected


def test_map_iterator_is_a_cluster() -> None:
    asl = BY_ID["03_ecs_worker_map:main"]
    mermaid = to_mermaid(asl)
    assert (
        'subgraph c_Map_45e7280d9d0e82a1f9bf9a8a59dae04d["Map-45e7280d9d0e82a1f9bf9a8a59dae04d (Map)"]'
        in mermaid
    )
    assert 'n_Map_45e7280d9d0e82a1f9bf9a8a59dae04d -->|"each item"| n_work_on_item' in mermaid
    assert "n_work_on_item --> n_Map_45e7280d9d0e82a1f9bf9a8a59dae04d_done" in mermaid


def test_map_and_parallel_catch_edges_leave_their_complete_node() -> None:
    """A Catch of a Map or Parallel is drawn like its Next: from the "complete" node."""
    mermaid = to_mermaid(BY_ID["64_catch_retry_map_parallel:main"])
    done = "n_Map_e91e545f8fa8e43c17eb0063d27a44d0_done"
    for expected in [
        f'{done} -.->|"KeyError, States.TaskFailed"| n_Notify_packing_failed',
        f'{done} -.->|"States.ALL"| n_Fail_72af060bb3ec5e50f6931b9d4797b62b',
        f"{done} --> n_Parallel_c2aebd2ba3ab8ff56f825f30f725a5c7",
        'n_Repack_done -.->|"States.ALL"| n_Pass_99b113b69d0805cdde7cbbca1d5752b2',
    ]:
        assert expected in mermaid, expected
    assert (
        '"n_Repack_done" -> "n_Pass_99b113b69d0805cdde7cbbca1d5752b2" [label="States.ALL", style=dashed];'
        in (to_dot(BY_ID["64_catch_retry_map_parallel:main"]))
    )


# --------------------------------------------------------------------------
# Escaping, rule rendering and determinism
# --------------------------------------------------------------------------


def test_mermaid_escapes_every_special_character() -> None:
    text = to_mermaid(hostile_machine())
    assert (
        "it's #quot;quoted#quot; [x] {y} (z) #35;1 #lt;b#gt;bold#lt;/b#gt; #amp; #124; ; #37; #37;#37; "
        "#96;tick#96; $.a#92;b #92;n #92;l (Choice)"
    ) in text
    assert "-->|\"$['a#124;b'] == #quot;x#92;#quot;y#lt;z#gt;#35;quot;#quot;\"|" in text
    # Mermaid keywords never appear as ids: every id is prefixed.
    assert '"a #amp;lt; b #amp;#35;35; c #amp;amp; d #35;quot; e (Pass)"' in text
    assert 'n_end_2["end (Pass)"]' in text
    assert 'subgraph c_subgraph["subgraph (Parallel)"]' in text


def test_dot_escapes_quotes_backslashes_and_entities() -> None:
    text = to_dot(hostile_machine(), name='my "machine" & \\ co')
    assert text.startswith('digraph "my \\"machine\\" & \\\\ co" {')
    expected = (
        'label="it\'s \\"quoted\\" [x] {y} (z) #1 <b>bold</b> &amp; | ; % %% `tick` '
        '$.a\\\\b \\\\n \\\\l\\n(Choice)"'
    )
    assert expected in text
    assert 'label="a &amp;lt; b &amp;#35; c &amp;amp; d #quot; e\\n(Pass)"' in text


def test_choice_rule_rendering() -> None:
    asl = {
        "StartAt": "c",
        "States": {
            "c": {
                "Type": "Choice",
                "Choices": [
                    {
                        "Or": [
                            {
                                "And": [
                                    {"Variable": "$.a", "IsPresent": True},
                                    {"Variable": "$.a", "IsNull": False},
                                ]
                            },
                            {"Variable": "$.t", "TimestampLessThanEquals": "2020-01-01T00:00:00Z"},
                        ],
                        "Next": "d",
                    },
                    {"Variable": "$.s", "StringMatches": "log-*.txt", "Next": "d"},
                    {"Not": {"And": [{"Variable": "$.n", "NumericLessThanPath": "$.m"}]}, "Next": "d"},
                    {"Variable": "$.b", "BooleanEquals": False, "Next": "d"},
                    {"Variable": "$.f", "NumericGreaterThan": 2.5, "Next": "d"},
                ],
            },
            "d": {"Type": "Succeed"},
        },
    }
    dot = to_dot(asl)
    for label in [
        '($.a is present and $.a is not null) or $.t <= \\"2020-01-01T00:00:00Z\\"',
        '$.s matches \\"log-*.txt\\"',
        "not ($.n < $.m)",
        "$.b == false",
        "$.f > 2.5",
    ]:
        assert f'[label="{label}"]' in dot, label


def test_dangling_target_is_drawn_as_missing() -> None:
    text = to_dot(hostile_machine())
    assert '"n_nowhere_a_dangling_target" [label="nowhere (a dangling target)\\n(missing)"' in text


@pytest.mark.parametrize("render", [to_mermaid, to_dot])
def test_output_is_deterministic_and_input_untouched(render: Any) -> None:
    asl = BY_ID["15_keys_quotes_and_calls:main"]
    before = copy.deepcopy(asl)
    assert render(asl) == render(copy.deepcopy(asl))
    assert asl == before
