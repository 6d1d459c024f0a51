"""The ``fix`` codemod: each diagnostic's mechanical fix, applied byte for byte where it belongs.

Before/after pairs per fix (LibCST's ``CodemodTest``, comments and odd spacing kept), then
properties over every file of ``fixtures/errors/``, every golden and every DSL example: the
result re-parses, a second run changes nothing, only the lines of fixed nodes change. The
documented fixes are held to the autofix too (Fixit's ``expected_replacement``): a DSL example
``Invalid(..., fix=...)`` whose autofix changes it must be fixed into exactly its ``fix``, and
every code the autofix handles needs such a documented example, so a new fix is covered by
adding its example.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter as count_of
from pathlib import Path
from typing import Counter, Dict, Set, Tuple, Union

import libcst as cst
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from libcst.codemod import CodemodTest
from libcst.metadata import MetadataWrapper, PositionProvider

import fluxio_cst
from fluxio_cst.codemods import COMMANDS, fix
from fluxio_cst.codemods.base import faithful
from fluxio_cst.codemods.commands.fix import FixCommand
from fluxio_cst.dsl.examples import Invalid
from fluxio_cst.pipeline import compile_tree
from fluxio_cst.read import read_module
from tests import dsl_doc, dsl_strategies
from tests.conftest import FIXTURES, examples

ERRORS = FIXTURES / "errors"
FILES = sorted(ERRORS.glob("*.py")) + sorted(FIXTURES.glob("*.py"))


def _readable(path: Path) -> bool:
    """Whether a codemod may edit the file: it reads as a tree (not a syntax, encoding or depth
    error) that LibCST writes back byte for byte."""
    source = path.read_bytes()
    try:
        faithful(read_module(source, str(path)), source, str(path))
    except fluxio_cst.FluxioError:
        return False
    return True


READABLE = [p for p in FILES if _readable(p)]
# Every DSL example of a diagnostic, by its test id.
EXAMPLES: Dict[str, Invalid] = {
    f"{dsl_doc.short_name(module)}-{index}": example
    for module in dsl_doc.construct_modules()
    for index, example in enumerate(module.INVALID, 1)
}

TASK = """\
class FetchOrder(Task):
    async def run(event, context):
        return {"id": event["id"]}


"""
MAIN = "def main(data):\n    FetchOrder()\n"
GUARDED = TASK + "def main(data):\n    try:\n        FetchOrder()\n"


def _task(*attributes: str) -> str:
    """``FetchOrder`` with these attribute lines first, and ``main`` calling it."""
    lines = "".join(f"    {line}\n" for line in attributes)
    return TASK.replace("(Task):\n", "(Task):\n" + lines) + MAIN


class TestFixes(CodemodTest):
    TRANSFORM = FixCommand

    def test_a_decorator_is_called(self) -> None:
        before = TASK + '@export  # public\n@schedule(expression="rate(1 day)")\n' + MAIN
        self.assertCodemod(before, before.replace("@export", "@export()"))

    def test_a_process_events_decorator_with_odd_spacing(self) -> None:
        before = "class P(EventProcessor):\n    pass\n\n\n@  process_events\ndef main(data):\n    pass\n"
        self.assertCodemod(before, before.replace("process_events", "process_events()"))

    def test_an_attribute_typo_with_one_close_match(self) -> None:
        before = _task("memroy   =   512  # MB", "timout: int = 60")
        self.assertCodemod(before, _task("memory   =   512  # MB", "timeout: int = 60"))

    def test_no_fix_without_one_close_match(self) -> None:
        # nothing is close to `region`; `autoscaling_mid` is as close to `_min` as to `_max`
        source = _task('region = "eu"', "autoscaling_mid = 2")
        self.assertCodemod(source, source)

    def test_no_fix_that_would_set_an_attribute_twice(self) -> None:
        source = _task("memroy = 1024", "memory = 512")
        self.assertCodemod(source, source)

    def test_run_becomes_async(self) -> None:
        before = "class FetchOrder(Task):\n    def  run (event,context) :  # entry\n        return 1\n\n\n"
        self.assertCodemod(before + MAIN, before.replace("def", "async def") + MAIN)

    def test_duplicate_keys_are_numbered_past_the_keys_taken(self) -> None:
        before = TASK + (
            "def main(data):\n"
            '    FetchOrder(key="Fetch")\n'
            "    FetchOrder(key='Fetch')  # again\n"
            '    FetchOrder(key="Fetch-2")\n'
            '    FetchOrder(\n        key="Fetch",\n    )\n'
            '    wait(seconds=1)  # fluxio: key="Fetch"  # a note\n'
        )
        after = TASK + (
            "def main(data):\n"
            '    FetchOrder(key="Fetch")\n'
            "    FetchOrder(key='Fetch-3')  # again\n"
            '    FetchOrder(key="Fetch-2")\n'
            '    FetchOrder(\n        key="Fetch-4",\n    )\n'
            '    wait(seconds=1)  # fluxio: key="Fetch-5"  # a note\n'
        )
        self.assertCodemod(before, after)

    def test_the_same_key_in_two_functions_is_no_duplicate(self) -> None:
        other = 'def other(data):\n    FetchOrder(key="Fetch")\n\n\n'
        source = TASK + other + 'def main(data):\n    FetchOrder(key="Fetch")\n    other(data)\n'
        self.assertCodemod(source, source)

    def test_a_python_base_exception_in_the_last_handler(self) -> None:
        before = (
            GUARDED + "    except KeyError:\n        pass\n    except (Exception):  # all\n        pass\n"
        )
        self.assertCodemod(before, before.replace("Exception", "States.ALL"))

    def test_no_catch_all_where_it_could_not_stand(self) -> None:
        mixed = GUARDED + "    except (Exception, KeyError):\n        pass\n"
        self.assertCodemod(mixed, mixed)
        early = GUARDED + "    except Exception:\n        pass\n    except Timeout:\n        pass\n"
        self.assertCodemod(early, early)

    def test_a_handler_loses_its_name_then_names_every_error(self) -> None:
        before = GUARDED + "    except  Exception  as  error :  # all\n        pass\n"
        self.assertCodemod(before, GUARDED + "    except  States.ALL:  # all\n        pass\n")

    def test_an_empty_error_list_becomes_a_bare_except_when_last(self) -> None:
        before = GUARDED + "    except ():  # none\n        pass\n"
        self.assertCodemod(before, GUARDED + "    except:  # none\n        pass\n")
        early = GUARDED + "    except ():\n        pass\n    except Timeout:\n        pass\n"
        self.assertCodemod(early, early)

    def test_fixes_of_several_codes_at_once(self) -> None:
        before = (
            "class T(Task):\n    memroy = 512\n    def run(event, context):\n        pass\n\n\n"
            "@export\ndef main(data):\n    T()\n"
        )
        after = (
            "class T(Task):\n    memory = 512\n    async def run(event, context):\n        pass\n\n\n"
            "@export()\ndef main(data):\n    T()\n"
        )
        self.assertCodemod(before, after)

    def test_a_fix_and_an_unfixable_error(self) -> None:
        before = TASK + "@export\ndef main(data):\n    FetchOrdr()\n"
        after = before.replace("@export", "@export()")
        self.assertCodemod(before, after)
        with pytest.raises(fluxio_cst.FluxioError) as raised:
            fluxio_cst.parse(after)
        assert [d.code for d in raised.value.diagnostics] == ["FX303"]


def test_a_fix_that_would_break_a_compiling_file_is_refused() -> None:
    # `memory = 0` is an error: the file compiles with the typo (a warning), and would not without
    source = _task("memroy = 0")
    with pytest.raises(fluxio_cst.FluxioError, match="more problems"):
        fix(source)


def test_the_command_is_registered_and_fix_keeps_the_type() -> None:
    assert COMMANDS["fix"] is FixCommand
    source = TASK + "@export\n" + MAIN
    assert fix(source) == source.replace("@export", "@export()")
    assert fix(source.encode("utf-8")) == source.replace("@export", "@export()").encode("utf-8")


def test_libcst_tool_runs_the_command(tmp_path: Path) -> None:
    """``python -m libcst.tool codemod fix.FixCommand`` with the commands package configured."""
    (tmp_path / ".libcst.codemod.yaml").write_text(
        "generated_code_marker: '@generated'\nformatter: []\nblacklist_patterns: []\n"
        "modules: ['fluxio_cst.codemods.commands']\nrepo_root: '.'\n",
        encoding="utf-8",
    )
    project = tmp_path / "project.py"
    project.write_text(TASK + "@export  # public\n" + MAIN, encoding="utf-8")
    command = [sys.executable, "-m", "libcst.tool", "codemod", "--no-format", "fix.FixCommand", project.name]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Transformed 1 files successfully" in done.stderr
    assert project.read_text(encoding="utf-8") == TASK + "@export()  # public\n" + MAIN


def test_bytes_keep_their_encoding() -> None:
    source = "# -*- coding: latin-1 -*-\n" + TASK.replace(
        "(Task):\n", '(Task):\n    """Café."""\n    memroy = 512\n'
    )
    source += "def main(data):\n    FetchOrder()\n"
    fixed = fix(source.encode("latin-1"))
    assert fixed == source.replace("memroy", "memory").encode("latin-1")


def _fixed_lines(text: Union[str, bytes]) -> Set[int]:
    """The lines (1-based) of the nodes the first pass of ``fix`` replaces."""
    module = read_module(text, "<test>")
    compilation = compile_tree(module, "<test>")
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    lines: Set[int] = set()
    for found in compilation.fixes:
        span = positions[found.node]
        lines.update(range(span.start.line, span.end.line + 1))
    return lines


def _outcome(path: Path) -> Tuple[Union[str, bytes], Union[str, bytes]]:
    source = path.read_bytes()
    return source, fix(source, str(path))


@pytest.mark.parametrize("path", READABLE, ids=[p.stem for p in READABLE])
def test_fixed_files_reparse_change_only_fixed_lines_and_are_stable(path: Path) -> None:
    source, fixed = _outcome(path)
    assert isinstance(source, bytes) and isinstance(fixed, bytes)
    cst.parse_module(fixed)
    before, after = source.splitlines(keepends=True), fixed.splitlines(keepends=True)
    assert len(before) == len(after), "a fix changes no line count"
    changed = {n for n, (a, b) in enumerate(zip(before, after), 1) if a != b}
    assert changed <= _fixed_lines(source) | _fixed_lines(fixed)
    assert fix(fixed, str(path)) == fixed, "a second run changes nothing"


# Mistakes the autofix undoes, as text: each the reverse of one fix.
# Each mistake where the compiler reads it as one: a Task's own method and attribute (at the
# class body's indentation, never inside ``run``), a decorator of a function.
MISTAKES = (
    (rb"^    async def run\b", b"    def run"),
    (rb"^@export\(\)", b"@export"),
    (rb"^    memory = ", b"    memroy = "),
)


@settings(max_examples=examples(40), deadline=None, suppress_health_check=list(HealthCheck))
@given(dsl_strategies.projects(), st.sets(st.sampled_from(MISTAKES), min_size=1))
def test_generated_programs_are_fixed_back(source: bytes, mistakes: Set[Tuple[bytes, bytes]]) -> None:
    """A generated program with mistakes made in it: the fix parses, keeps every line, is
    stable, and gives back the program itself when the program had nothing to fix."""
    mistaken = source
    for right, wrong in mistakes:
        mistaken = re.sub(right, wrong, mistaken, flags=re.MULTILINE)
    try:
        fixed = fix(mistaken)
    except fluxio_cst.FluxioError:
        return  # not a tree LibCST writes back byte for byte, or more problems: nothing written
    cst.parse_module(fixed)
    assert len(fixed.splitlines()) == len(mistaken.splitlines())
    assert fix(fixed) == fixed
    try:
        fluxio_cst.parse(source)
    except fluxio_cst.FluxioError:
        return  # in a program that does not compile, a class may not be a Task (`class X(task)`)
    assert fixed == source  # every mistake stood where the compiler reads it, and was fixed


@pytest.mark.parametrize("path", [p for p in FILES if p not in READABLE], ids=lambda p: p.stem)
def test_files_libcst_cannot_read_are_refused_unchanged(path: Path) -> None:
    with pytest.raises(fluxio_cst.FluxioError):
        fix(path.read_bytes(), str(path))


@pytest.mark.parametrize("example", list(EXAMPLES.values()), ids=list(EXAMPLES))
def test_an_example_is_fixed_into_its_documented_fix(example: Invalid) -> None:
    try:
        fixed = fix(example.text)
    except fluxio_cst.FluxioError:
        return  # LibCST cannot read it as a tree (a bare `except:` before another handler)
    if fixed != example.text:
        assert example.fixed_text is not None, "the autofix changes this example: document it as fix="
        assert fixed == example.fixed_text
        assert fix(fixed) == fixed


def _codes(text: Union[str, bytes]) -> Counter[str]:
    """How many diagnostics of each code a file has."""
    try:
        return count_of(d.code for d in fluxio_cst.parse(text).warnings)
    except fluxio_cst.FluxioError as exc:
        return count_of(d.code for d in exc.diagnostics)


def _codes_fixed(text: bytes) -> Set[str]:
    """The codes of which the autofix leaves fewer diagnostics than the file had."""
    try:
        fixed = fix(text)
    except fluxio_cst.FluxioError:
        return set()
    before, after = _codes(text), _codes(fixed)
    return {code for code, count in before.items() if after[code] < count}


def _shows(fixed: str, bad: str) -> bool:
    """Whether a documented fixed file shows the autofix of ``bad``: the autofix changes it,
    and each line it changes reads as in ``fixed`` (whose other lines may differ: a docstring
    says it is fixed)."""
    autofixed = fix(bad).splitlines()
    fixed_lines, bad_lines = fixed.splitlines(), bad.splitlines()
    if len(fixed_lines) != len(bad_lines) or autofixed == bad_lines:
        return False
    return all(a == f for a, b, f in zip(autofixed, bad_lines, fixed_lines) if a != b)


def _documented(code: str) -> bool:
    """Whether a DSL example or a fixed file of ``fixtures/errors/fixed/`` shows the autofix
    of ``code``."""
    for example in EXAMPLES.values():
        documented = example.fixed_text
        if (
            example.code.value == code
            and documented not in (None, example.text)
            and fix(example.text) == documented
        ):
            return True
    return any(
        _shows(path.read_text(encoding="utf-8"), (ERRORS / path.name).read_text(encoding="utf-8"))
        for path in sorted((ERRORS / "fixed").glob(f"{code}_*.py"))
    )


def test_every_fix_is_documented() -> None:
    fixable: Set[str] = set()
    for path in sorted(ERRORS.glob("*.py")):
        if path in READABLE:
            fixable |= _codes_fixed(path.read_bytes())
    for example in EXAMPLES.values():
        fixable |= _codes_fixed(example.text.encode("utf-8"))
    assert fixable >= {"FX106", "FX156", "FX201", "FX206", "FX307", "FX503", "FX508"}
    undocumented = sorted(code for code in fixable if not _documented(code))
    assert not undocumented, f"show the autofix in an Invalid(fix=...) or a fixed file: {undocumented}"
