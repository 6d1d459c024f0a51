"""LibCST reads a skeleton of the file (``run`` bodies carved out): nothing of the model shows it.

The skeleton is an optimisation (fluxio_cst/read/skeleton.py), so every test here compares with
LibCST's own reading of the whole file: the module and every node the model gives out deep-equal
it, ``run_source`` is the file's text at the method, ``run_module_source`` is LibCST's rendering
(tests/test_run_source.py checks the rest). Fixtures, generated benchmark projects, and methods
hypothesis writes with every shape of comment, bracket, string and backslash line.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import List

import libcst as cst
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from libcst.metadata import MetadataWrapper, PositionProvider, WhitespaceInclusivePositionProvider

import fluxio_cst
from fluxio_cst.lines import split_lines
from fluxio_cst.module_level import module_level

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import generate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
COMPILING = sorted(FIXTURES.glob("*.py"))


def _whole_reading_agrees(text: str) -> int:
    """Assert the model of ``text`` agrees with LibCST's reading of the whole text; the number
    of tasks whose ``run`` body was carved out."""
    project = fluxio_cst.parse(text)
    whole = cst.parse_module(text)
    assert project.module.deep_equals(whole)
    assert project.module.code == whole.code
    positions = MetadataWrapper(whole, unsafe_skip_copy=True)
    starts, ends = positions.resolve(PositionProvider), positions.resolve(WhitespaceInclusivePositionProvider)
    carved = 0
    for task in project.tasks.values():
        assert task.node in project.module.body  # the model's node is the module's, by identity
        expected = next(s for s in whole.body if isinstance(s, cst.ClassDef) and s.name.value == task.name)
        assert task.node.deep_equals(expected)
        run = task.run_node
        if run is None:
            continue
        assert any(run is s for s in task.node.body.body)
        same = next(s for s in expected.body.body if isinstance(s, cst.FunctionDef) and s.name.value == "run")
        first = same.decorators[0] if same.decorators else same
        start, end = starts[first].start, ends[same.body].end
        sliced = _slice(text, start.line, start.column, end.line, end.column)
        assert task.run_source == sliced
        assert task.run_module_source == whole.code_for_node(run.with_changes(leading_lines=()))
        carved += project.source.is_carved(task.read_node)
    return carved


def _slice(text: str, line: int, column: int, end_line: int, end_column: int) -> str:
    """The text between two LibCST positions (lines broken as LibCST breaks them)."""
    starts = [0] + [match.end() for match in re.finditer(r"\r\n?|\n", text)]

    def offset(line: int, column: int) -> int:
        return len(text) if line > len(starts) else starts[line - 1] + column

    return text[offset(line, column) : offset(end_line, end_column)]


@pytest.mark.parametrize("path", COMPILING, ids=lambda p: p.name)
def test_every_fixture_reads_as_the_whole_file(path: Path) -> None:
    raw = path.read_bytes()
    _whole_reading_agrees(raw.decode(cst.parse_module(raw).encoding))


@pytest.mark.parametrize("size", [1, 7, 40])
def test_generated_projects_are_carved_and_read_as_the_whole_file(size: int) -> None:
    assert _whole_reading_agrees(generate.project(size)) == size  # every run body carved


# --- methods hypothesis writes --------------------------------------------------------------

_INDENTS = st.sampled_from(["    ", "  ", "\t", "   "])


@st.composite
def _comment_lines(draw: st.DrawFn, block: str) -> List[str]:
    """Blank, whitespace-only and comment lines at any indentation around ``block``."""
    spots = [block, block + "  ", block + "\t", block[:-1], "", " ", block + block]
    return [
        draw(st.sampled_from(spots)) + draw(st.sampled_from(["", "# c", "#"]))
        for _ in range(draw(st.integers(0, 3)))
    ]


@st.composite
def _statement(draw: st.DrawFn, block: str, unit: str, depth: int) -> List[str]:
    lines = draw(_comment_lines(block))
    kinds = ["simple", "brackets", "backslash", "bracketed backslash", "string", "one-liner"]
    kind = draw(st.sampled_from(kinds + ["block"] * (depth < 3)))
    anywhere = draw(st.sampled_from(["", " ", block, block + unit, block[:-1], block + unit + unit]))
    if kind == "simple":
        lines.append(f"{block}x = 1{draw(st.sampled_from(['', '  # t', ';  y = 2']))}")
    elif kind == "brackets":
        inner = draw(_comment_lines(block + unit))
        lines += [f"{block}x = call(1,", *inner, f"{anywhere}2,", f"{anywhere})"]
    elif kind == "backslash":
        lines += [f"{block}x = 1 + \\", f"{anywhere}2"]
    elif kind == "bracketed backslash":
        lines += [f"{block}x = [1, \\", f"{anywhere}2,  # a comment \\", f"{anywhere}3]"]
    elif kind == "string":
        lines += [f'{block}s = """a', f"{anywhere}b", f'{anywhere}"""']
    elif kind == "one-liner":
        lines.append(f"{block}if x: y = 1")
    else:
        header = draw(
            st.sampled_from(["if x:", "for i in y:", "while x:", "with x as y:", "try:", "def f():"])
        )
        lines.append(f"{block}{header}")
        lines += draw(_body(block + unit, unit, depth + 1))
        clause = {"if x:": "else:", "try:": "except E:", "for i in y:": "else:"}.get(header)
        if clause is not None:
            lines += (
                draw(_comment_lines(block))
                + [f"{block}{clause}"]
                + draw(_body(block + unit, unit, depth + 1))
            )
    return lines


@st.composite
def _body(draw: st.DrawFn, block: str, unit: str, depth: int) -> List[str]:
    statements = draw(st.lists(_statement(block, unit, depth), min_size=1, max_size=3))
    return [line for statement in statements for line in statement]


@st.composite
def _project(draw: st.DrawFn) -> str:
    unit = draw(_INDENTS)
    decorator = draw(
        st.sampled_from([[], [f"{unit}@staticmethod"], [f"{unit}@a", f"{unit}# between", f"{unit}@b"]])
    )
    run = [*decorator, f"{unit}async def run(event, context):  # header"]
    run += draw(_body(unit + unit, unit, 1))
    after = draw(_comment_lines(unit + unit))
    lines = ["class T(Task):", f"{unit}timeout = 30", *run, *after, *draw(_comment_lines(unit))]
    lines += ["", "", "def main(data):", f'{unit}data["x"] = T(data["y"], key="k")', ""]
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_project())
def test_generated_methods_read_as_the_whole_file(text: str) -> None:
    """Whatever the comments, brackets, strings and backslashes, the model agrees with LibCST's
    reading of the whole file, and the method's module-level form is computed from its text
    (never by LibCST) wherever it holds no f-string across lines or form feed."""
    try:
        cst.parse_module(text)
        compile(text, "<generated>", "exec")
    except (cst.ParserSyntaxError, SyntaxError):
        return  # a generated shape Python does not accept (an indentation that closes a block)
    assert _whole_reading_agrees(text) == 1
    project = fluxio_cst.parse(text)
    task = project.tasks["T"]
    run_source, span = task.run_source, task.run_span
    assert run_source is not None and span is not None
    indent = split_lines(text)[span.line - 1][: span.column]
    assert module_level(run_source, indent) == task.run_module_source


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\x0b", "\x1c"])
def test_characters_python_does_not_break_lines_at_stay_inside_their_line(separator: str) -> None:
    """``str.splitlines`` breaks at these; LibCST and CPython's tokenizer do not."""
    text = (
        "class T(Task):\n    async def run(event, context):\n"
        f"        x = '{separator}'  # {separator}\n        if x:\n            return (1,\n      2)\n\n\n"
        'def main(data):\n    data["x"] = T(data["y"], key="k")\n'
    )
    assert _whole_reading_agrees(text) == 1
    task = fluxio_cst.parse(text).tasks["T"]
    assert task.run_source is not None
    assert module_level(task.run_source, "    ") == task.run_module_source


@pytest.mark.parametrize(
    "run",
    [
        '    async def run(event, context):\n        return {"built": True}\\\n\n',  # found by the fuzzer
        "    async def run(event, context): \\\n        return 1\n",
        "    async def run(event, context):\n        x = 1  # a comment \\\n        return x\n",
    ],
)
def test_a_backslash_at_a_body_edge_reads_as_the_whole_file(run: str) -> None:
    """A body whose first or last line a backslash joins to another line is read whole."""
    text = f'class T(Task):\n{run}\n\ndef main(data):\n    data["x"] = T(data["y"], key="k")\n'
    _whole_reading_agrees(text)


# Tabs and spaces: CPython measures indentation in columns, LibCST's tokenizer matches it
# character by character, so some mixtures only CPython reads. Carved or not, the file must
# then be LibCST's error at the line (the carving once hid it in a ``run`` body, and the
# model's ``module`` raised later), and a mixture LibCST reads is read as the whole file.
_MIXED = [
    ("\t\t", "    \t\t\t", "LibCST"),  # a block opened with other characters than its parent's
    ("\t\t", "\t\t    ", "both"),  # an extension of the parent's characters
    ("\t\t", "        \t", "neither"),  # CPython's own TabError
]


@pytest.mark.parametrize(("outer", "inner", "reader"), _MIXED)
def test_mixed_tabs_and_spaces_in_a_run_body(outer: str, inner: str, reader: str) -> None:
    text = (
        f"class A(Task):\n\tasync def run(event, context):\n{outer}if event:\n{inner}return 1\n"
        f"{outer}return 2\n\n\ndef main(data):\n\tA()\n"
    )
    if reader == "both":
        _whole_reading_agrees(text)
        return
    with pytest.raises(cst.ParserSyntaxError):
        cst.parse_module(text)
    with pytest.raises(fluxio_cst.FluxioError) as caught:
        fluxio_cst.parse(text)
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("FX001", 4, 0)
    expected = "indented with tabs and spaces" if reader == "LibCST" else "inconsistent use of tabs"
    assert expected in diagnostic.message


def test_a_mixture_only_cpython_reads_is_located() -> None:
    text = "def main(data):\n\tif data['a'] == 1:\n          return\n\treturn\n"  # back to a column
    with pytest.raises(fluxio_cst.FluxioError) as caught:
        fluxio_cst.parse(text)
    assert [(d.code, d.line) for d in caught.value.diagnostics] == [("FX001", 3)]
