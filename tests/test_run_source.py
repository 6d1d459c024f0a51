"""The ``run`` method comes out byte for byte (contract §A).

For every fixture and task: ``run_source`` is the file's own text starting exactly at the
method (its first decorator's ``@`` or ``async``), ``run_module_source`` reads back as the
same Python tree as the method, and where ``fixtures/run_sources/`` holds independently written
expected texts, both match them exactly.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import List, Tuple

import pytest

import fluxio_cst
from tests.conftest import FIXTURES, needs_python, project_files

EXPECTED = FIXTURES / "run_sources"


def _tasks() -> List[Tuple[Path, str]]:
    found = []
    for path in project_files():
        for name, task in fluxio_cst.parse_file(path).tasks.items():
            if task.run_node is not None:
                found.append(pytest.param(path, name, id=f"{path.stem}.{name}", marks=needs_python(path)))
    return found  # type: ignore[return-value]


def _method(tree: ast.Module, task: str) -> ast.AST:
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == task:
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name == "run":
                    return item
    raise AssertionError(f"no {task}.run in the file")


@pytest.mark.parametrize(("path", "name"), _tasks())
def test_run_source_is_the_file_text_at_the_method(path: Path, name: str) -> None:
    project = fluxio_cst.parse_file(path)
    task = project.tasks[name]
    text = project.module.code
    method = _method(ast.parse(text), name)
    assert isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef))
    first_line = method.decorator_list[0].lineno if method.decorator_list else method.lineno
    line_start = [0] + [m.end() for m in re.finditer(r"\r\n?|\n", text)]
    start = line_start[first_line - 1]
    while text[start] in " \t\x0c":
        start += 1
    assert task.run_source is not None
    assert text[start : start + len(task.run_source)] == task.run_source
    assert task.run_source.startswith(
        "@" if method.decorator_list else ("async" if isinstance(method, ast.AsyncFunctionDef) else "def")
    )
    # It ends with the method's last line (its line break included, unless the file ends there).
    end = start + len(task.run_source)
    last_line = method.end_lineno
    assert last_line is not None
    assert end == len(text) or end >= line_start[last_line]


@pytest.mark.parametrize(("path", "name"), _tasks())
def test_run_module_source_reads_as_the_method(path: Path, name: str) -> None:
    project = fluxio_cst.parse_file(path)
    task = project.tasks[name]
    assert task.run_module_source is not None
    method = _method(ast.parse(project.module.code), name)
    extracted = ast.parse(task.run_module_source).body
    assert len(extracted) == 1
    assert ast.dump(extracted[0]) == ast.dump(method)


@pytest.mark.parametrize(("path", "name"), _tasks())
def test_matches_independently_written_text(path: Path, name: str) -> None:
    task = fluxio_cst.parse_file(path).tasks[name]
    for attribute in ("run_source", "run_module_source"):
        expected = EXPECTED / f"{path.stem}.{name}.{attribute}.txt"
        if expected.exists():
            assert getattr(task, attribute) == expected.read_bytes().decode("utf-8"), attribute


def test_run_source_slice_of_a_decorated_method_with_comments() -> None:
    source = (
        "class A(Task):\n"
        "    x = 1\n"
        "    # before run: not part of it\n"
        "    @dec  # c\n"
        "    # between\n"
        "    @dec2\n"
        "    async def run(event, context):\n"
        '        s = """multi\n'
        '  line"""\n'
        "        # trailing in block\n"
        "            # deeper\n"
        "    # at class level: not part of it\n"
        "def main(data):\n"
        "    A()\n"
    )
    task = fluxio_cst.parse(source).tasks["A"]
    assert task.run_source == (
        "@dec  # c\n"
        "    # between\n"
        "    @dec2\n"
        "    async def run(event, context):\n"
        '        s = """multi\n'
        '  line"""\n'
        "        # trailing in block\n"
        "            # deeper\n"
    )
    assert task.run_module_source == (
        "@dec  # c\n"
        "# between\n"
        "@dec2\n"
        "async def run(event, context):\n"
        '    s = """multi\n'
        '  line"""\n'
        "    # trailing in block\n"
        "        # deeper\n"
    )
    # run_span starts where run_source does (the first decorator) and ends with the body
    assert task.run_span == fluxio_cst.Span(4, 4, 9, 9)
    lines = source.splitlines(True)
    assert lines[3][task.run_span.column :] == task.run_source.splitlines(True)[0]
    assert task.span.line == 1
