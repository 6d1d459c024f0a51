"""Limits: deep nesting (below the limit every phase works, above it one located FX004) and
huge statements (hashing a key is linear, and still astor's text).

Each construct that nests in LibCST's tree (and so in every recursive phase after the parser:
LibCST's visitors and code generator, astor, our recognisers, positions) is generated at the
largest size the gate accepts and at the next one. Below the limit nothing may escape but a
``FluxioError`` (whatever the DSL thinks of the program), also when the caller already stands
deep in its own stack; above it, the file gets exactly one FX004 pointing into the construct.
"""

from __future__ import annotations

import ast
import io
import json
import sys
import warnings
from pathlib import Path
from typing import Callable, Dict, Optional, Tuple, TypeVar

import pytest

import fluxio_cst
from fluxio_cst import keys
from fluxio_cst.cli import main
from fluxio_cst.lines import split_lines
from fluxio_cst.read import gate

TASK = "class T(Task):\n    async def run(event, context):\n        return 1\n\n\n"
FIRST_LINE = 6  # every construct starts after TASK
MACHINE = "def main(data):\n"


def _elif_chain(n: int) -> str:
    branches = "".join(f"    elif data['x'] == {i}:\n        T()\n" for i in range(1, n))
    return TASK + MACHINE + "    if data['x'] == 0:\n        T()\n" + branches


def _in_if(condition: str) -> str:
    return TASK + MACHINE + f"    if {condition}:\n        T()\n"


def _in_pass(value: str) -> str:
    return TASK + MACHINE + f"    data['y'] = {value}\n"


def _error_beside_deep_run(n: int) -> str:
    deep = "class D(Task):\n    async def run(event, context):\n        return " + "not " * n + "1\n\n\n"
    return TASK + deep + MACHINE + "    T()\n    undefined_call()\n"


def _deep_run(n: int) -> str:
    deep = "class D(Task):\n    async def run(event, context):\n        return " + "- " * n + "1\n\n\n"
    return TASK + deep + MACHINE + "    D()\n"


CONSTRUCTS: Dict[str, Callable[[int], str]] = {
    "elif chain": _elif_chain,
    "not chain": lambda n: _in_if("not " * n + "data['x']"),
    "and chain": lambda n: _in_if(" and ".join(f"data['x{i}']" for i in range(n))),
    "nested or": lambda n: _in_if("(data['a'] or " * n + "data['b']" + ")" * n),
    "minus chain": lambda n: _in_pass("- " * n + "1"),
    "joined key literals": lambda n: TASK + MACHINE + "    T(key='k'" + " ''" * n + ")\n",
    "nested lists": lambda n: _in_pass("[" * n + "1" + "]" * n),
    "nested dicts": lambda n: _in_pass("{'a': " * n + "1" + "}" * n),
    "attribute chain": lambda n: _in_pass("data['x']" + ".a" * n),
    "subscript chain": lambda n: _in_pass("data" + "['a']" * n),
    "nested calls": lambda n: _in_pass("f(" * n + ")" * n),
    "binary chain": lambda n: _in_pass("1" + " + 1" * n),
    "deep run": _deep_run,
    "error beside a deep run": _error_beside_deep_run,
}


def _depth(source: str, limit: int = 0) -> int:
    """The gate's measure of a program (exact with ``limit`` 0, the gate's own pruned walk with
    the gate's limit); CPython's own refusals (200 brackets) count as deeper."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, MemoryError, RecursionError):
        return sys.maxsize
    return gate._deepest(tree, gate._Literals(split_lines(source)), limit)[0]


def _largest_accepted(make: Callable[[int], str], limit: int = 0) -> int:
    """The largest size whose measured depth the gate accepts (depth grows with size)."""
    low, high = 1, 1
    while _depth(make(high), limit) <= gate.depth_limit():
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if _depth(make(middle), limit) <= gate.depth_limit() else (low, middle)
    return low


@pytest.mark.parametrize("name", sorted(CONSTRUCTS))
def test_the_pruned_walk_accepts_exactly_what_the_whole_walk_accepts(name: str) -> None:
    """The gate skips nodes too short to reach its limit: the sizes it accepts are the sizes
    the exact measure accepts, for every construct that nests."""
    assert _largest_accepted(CONSTRUCTS[name], gate.depth_limit()) == _largest_accepted(CONSTRUCTS[name])


def _compile_everything(source: str) -> Optional[fluxio_cst.FluxioError]:
    """Every phase a user can reach: parse, each machine's ASL and task states, run sources."""
    try:
        compiled = fluxio_cst.parse(source)
        for machine in compiled.state_machines.values():
            assert machine.to_asl()["States"]
            assert machine.task_states is not None
        for task in compiled.tasks.values():
            assert task.run_source is not None
    except fluxio_cst.FluxioError as error:
        return error
    return None


def _cli(command: str, path: Path) -> Tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main([command, str(path)], out, err)
    return status, out.getvalue() + err.getvalue()


T = TypeVar("T")


def _from_deep_stack(frames: int, call: Callable[[], T]) -> T:
    """``call()`` made from ``frames`` frames deeper than here (a caller deep in its own work)."""
    return call() if frames == 0 else _from_deep_stack(frames - 1, call)


@pytest.mark.parametrize("name", sorted(CONSTRUCTS))
def test_below_the_limit_every_phase_works(name: str, tmp_path: Path) -> None:
    source = CONSTRUCTS[name](_largest_accepted(CONSTRUCTS[name]))
    error = _compile_everything(source)
    assert error is None or all(d.code not in ("FX004", "FX901") for d in error.diagnostics), error
    # A caller already deep in its stack (the reserve the limit keeps) gets the same outcome.
    frames = gate.CALLER_FRAMES - 50
    deep_error = _from_deep_stack(frames, lambda: _compile_everything(source))
    assert (deep_error is None) == (error is None)
    if error is not None and deep_error is not None:
        assert deep_error.diagnostics == error.diagnostics
    path = tmp_path / "project.py"
    path.write_text(source, encoding="utf-8")
    for command in ("check", "compile", "graph"):
        status, output = _cli(command, path)
        assert status == (0 if error is None else 1) and "Traceback" not in output, command


@pytest.mark.parametrize("name", sorted(CONSTRUCTS))
def test_above_the_limit_one_located_error(name: str, tmp_path: Path) -> None:
    source = CONSTRUCTS[name](_largest_accepted(CONSTRUCTS[name]) + 1)
    error = _compile_everything(source)
    assert error is not None
    [diagnostic] = error.diagnostics
    assert diagnostic.code == "FX004"
    assert diagnostic.message.startswith("expressions nest ")
    assert diagnostic.message.endswith(f"fluxio_cst reads up to {gate.depth_limit()}")
    assert FIRST_LINE <= diagnostic.line <= source.count("\n")
    path = tmp_path / "project.py"
    path.write_text(source, encoding="utf-8")
    status, output = _cli("check", path)
    assert status == 1 and output.count("FX004") == 1 and "Traceback" not in output


def test_the_limit_leaves_the_reserve_under_the_recursion_limit() -> None:
    assert gate.depth_limit() * gate.FRAMES_PER_LEVEL + gate.CALLER_FRAMES <= sys.getrecursionlimit()


def test_joined_literals_count_as_nested() -> None:
    # One constant for ast, a ConcatenatedString per literal for LibCST.
    assert _depth("x = 'a' 'b' 'c' 'd'") == _depth("x = 'abcd'") + 3
    assert _depth("x = (\n    'a'\n    'b'\n)") == _depth("x = 'abcd'") + 1
    # Quotes inside one literal are not literals.
    assert _depth('x = \'""""\'') == _depth("x = 'abcd'")


def _traced_events(call: Callable[[], object]) -> int:
    """How many trace events (calls, lines, loop iterations) ``call`` makes: a deterministic
    measure of Python-level work, unlike time."""
    count = 0

    def tracer(frame: object, event: str, arg: object) -> Callable[..., object]:
        nonlocal count
        count += 1
        return tracer

    sys.settrace(tracer)
    try:
        call()
    finally:
        sys.settrace(None)
    return count


def _dict_statement(entries: int) -> str:
    return "data['y'] = {" + ", ".join(f"'key number {i}': 'value {i}'" for i in range(entries)) + "}\n"


def test_hashing_a_key_is_linear_in_the_statement() -> None:
    """Twice the entries, twice the work (astor's own line wrapping did 3.2 times as much)."""

    def work(entries: int) -> int:
        keys.key_for_source.cache_clear()
        source = _dict_statement(entries)
        return _traced_events(lambda: keys.key_for_source("Pass", source, expression=False))

    assert work(1000) / work(500) < 2.1


def test_the_linear_rendering_is_astor_s_own_on_long_statements() -> None:
    """The key text equals astor's, spaces and newlines aside, where astor wraps lines and
    picks quotes by the line's length (long dicts, lists, calls, strings, f-strings)."""
    statements = [
        _dict_statement(300),
        "data['y'] = [" + ", ".join(f"'{'x' * (i % 120)}'" for i in range(200)) + "]\n",
        "data['y'] = f(" + ", ".join(f"a{i}=b{i}" for i in range(200)) + ")\n",
        "data['y'] = " + " + ".join(f"f'{{data[{i}]}} and {i}'" for i in range(100)) + "\n",
        "x = '''" + "a\\nb" * 40 + "''' + 'tail' * 3\n",
        "if " + " and ".join(f"data['k{i}'] == 'v{i}'" for i in range(100)) + ":\n    pass\n",
        "x = f(" + "a, " * 30 + "'line one\\nline two and more text', 'again\\nanother line')\n",
        "x = f(a, 'line one\\nline two and more text')\n",
    ]
    for statement in statements:
        node = ast.parse(statement).body[0]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            theirs = keys.astor.to_source(node).replace("\n", "").replace(" ", "")
        assert keys._normalized(node) == theirs


@pytest.mark.parametrize("entries", [1, 50, 400])
def test_a_statement_emitted_as_many_states_is_hashed_once(
    entries: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``data.update`` with N keys is N Pass states of one statement, an iterator embedded twice
    repeats its states: each statement's key is rendered and hashed once, not once per state
    (which made a 2,000-key update quadratic)."""
    hashed = []
    original = keys.key_for_source

    def counting(*args: object, **kwargs: object) -> str:
        hashed.append(args[0])
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(keys, "key_for_source", counting)  # emission calls it through the module
    literal = ", ".join(f'"k{i}": {i}' for i in range(entries))
    source = (
        f"def it(data):\n    data.update({{{literal}}})\n\n\n"
        "def main(data):\n    map(data['a'], it)\n    map(data['b'], it)\n"
    )
    asl = fluxio_cst.parse(source).state_machines["main"].to_asl()
    passes = [s for m in asl["States"].values() for s in m["Iterator"]["States"].values()]
    assert len(passes) == 2 * entries
    assert hashed.count("Pass") == 1


@pytest.mark.parametrize("embed", ["parallel(m{n}, m{n})", "map(data['a'], m{n})\n    map(data['b'], m{n})"])
def test_a_machine_doubling_at_every_level_is_refused_before_it_is_emitted(embed: str) -> None:
    """Each level copies the next one twice: 2**levels states. Refused as FX323 from a lower
    bound of the size, computed on the graph (the emitted ASL would take minutes and GBs)."""
    levels = 40
    source = "class A(Task):\n    async def run(event, context):\n        return 1\n\n\n"
    for n in range(levels):
        source += f"def m{n}(data):\n    " + embed.format(n=n + 1) + "\n\n\n"
    source += f"def m{levels}(data):\n    A()\n"
    with pytest.raises(fluxio_cst.FluxioError) as info:
        fluxio_cst.parse(source)
    (found,) = info.value.diagnostics
    assert found.code == "FX323" and "1 MB" in found.message


def test_a_machine_under_the_size_bound_compiles() -> None:
    levels = 6  # 64 copies of the leaf task: well under 1 MB
    source = "class A(Task):\n    async def run(event, context):\n        return 1\n\n\n"
    for n in range(levels):
        source += f"def m{n}(data):\n    parallel(m{n + 1}, m{n + 1})\n\n\n"
    source += f"def m{levels}(data):\n    A()\n"
    asl = fluxio_cst.parse(source).state_machines["m0"].to_asl()
    assert len(json.dumps(asl)) < 1024 * 1024
