"""CPython reads a file a group of top-level statements at a time: the groups say what the whole
file says, or the file is read whole (fluxio_cst/read/chunks.py)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import List

import pytest

import fluxio_cst
from fluxio_cst.read.chunks import read_in_chunks

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import generate

FIXTURES = sorted(Path(__file__).resolve().parents[1].glob("fixtures/**/*.py"))


def _joined(text: str) -> ast.Module:
    chunks = read_in_chunks(text)
    assert chunks is not None
    body: List[ast.stmt] = []
    for shift, tree in chunks:
        body.extend(ast.increment_lineno(statement, shift) for statement in tree.body)
    return ast.Module(body=body, type_ignores=[])


def _same(text: str) -> None:
    whole = ast.parse(text)
    assert ast.dump(_joined(text), include_attributes=True) == ast.dump(whole, include_attributes=True)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_groups_read_as_the_whole_file(path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8")
        ast.parse(text)
    except (UnicodeDecodeError, SyntaxError, ValueError, RecursionError, MemoryError):
        return  # not a file CPython reads as UTF-8 text: read whole, by the gate
    _same(text)


def test_generated_projects_read_in_many_groups() -> None:
    text = generate.project(30)
    chunks = read_in_chunks(text)
    assert chunks is not None and len(chunks) > 30
    _same(text)


CUTS = {
    "class in a string": 'x = """\nclass A:\n    pass\n"""\ndef main(data):\n    pass\n',
    "def in brackets": "x = [\n1,\n]\ny = (1,\ndef_ := 2)\ndef f():\n    pass\n",
    "def after a backslash": "x = 1 + \\\n2\ndef f():\n    pass\n",
    "decorated class": "@a\n@b(\n    1,\n)\nclass A:\n    pass\n@c\ndef f():\n    pass\n",
    "async def": "async def f():\n    pass\nclass A: pass\n",
    "crlf": "class A:\r\n    pass\r\ndef f():\r\n    pass\r\n",
}


@pytest.mark.parametrize("name", sorted(CUTS))
def test_a_cut_that_is_no_statement_start_is_joined(name: str) -> None:
    _same(CUTS[name])


def test_a_group_that_does_not_parse_means_the_whole_file_is_read() -> None:
    text = "class A:\n    pass\n\ndef main(data):\n    x = (\n"
    assert read_in_chunks(text) is None
    with pytest.raises(fluxio_cst.FluxioError) as raised:
        fluxio_cst.parse(text)
    assert raised.value.diagnostics[0].line == 5  # CPython's own error, where the whole file says


def test_errors_of_a_later_group_are_located_in_the_file() -> None:
    """Deep nesting and compile errors found in a group are placed at the file's lines."""
    task = "class T(Task):\n    async def run(event, context):\n        return 1\n\n"
    machine = 'def main(data):\n    data["a"] = T(data["b"])\n'
    broken = "class U(Task):\n    async def run(event, context):\n        break\n"
    with pytest.raises(fluxio_cst.FluxioError) as raised:
        fluxio_cst.parse(task * 3 + machine + broken)
    assert (raised.value.diagnostics[0].line, raised.value.diagnostics[0].column) == (17, 8)
