"""State keys: all 2,005 vectors of ``shared/spec/key-vectors.json`` (contract §C).

The vectors test the key function alone (many are not valid programs), on the path the
compiler takes: LibCST's rendering of the node, re-read by ``ast``, rewritten as the old parser
did and rendered by astor.
"""

from __future__ import annotations

import ast
import json
import textwrap
from pathlib import Path
from typing import Any, Dict, List

import libcst as cst
import pytest

from fluxio_cst.keys import key_for_ast, key_for_source
from tests.conftest import REFERENCE

VECTORS = Path(__file__).resolve().parent / "data" / "key-vectors.json"
_WHOLE_STATEMENT = {"Choice", "Fail", "Map", "Parallel", "Wait", "Succeed", "Pass"}
_NAMESPACED = {"Succeed", "Pass"}


# The vectors are 4 MB of long statements and LibCST reads them at ~75 kB/s: every vector is
# checked on the reference interpreter (3.11, CI's own); the other versions check every fifth
# one plus every vector where astor fails (the only version-dependent path, ``ast.unparse``).


def _vectors(full: bool = True) -> List[Dict[str, Any]]:
    vectors: List[Dict[str, Any]] = json.loads(VECTORS.read_text(encoding="utf-8"))
    return vectors if full else [v for i, v in enumerate(vectors) if i % 5 == 0 or v["astor_fails"]]


def _program(vector: Dict[str, Any]) -> str:
    return f"def {vector['function']}(data):\n" + textwrap.indent(vector["statement"], "    ")


def test_there_are_all_vectors() -> None:
    vectors = _vectors()
    assert len(vectors) == 2005
    assert sum(v["astor_fails"] for v in vectors) > 0  # the ast.unparse fallback is exercised


def test_key_of_libcst_rendering() -> None:
    wrong = []
    for vector in _vectors(REFERENCE):
        module = cst.parse_module(_program(vector))
        function = module.body[0]
        assert isinstance(function, cst.FunctionDef)
        first = function.body.body[0]
        kind = vector["kind"]
        if isinstance(first, cst.SimpleStatementLine):
            small = first.body[0]
            node: cst.CSTNode = small if kind in _WHOLE_STATEMENT else small.value  # type: ignore[attr-defined]
        else:
            node = first
        key = key_for_source(
            kind,
            module.code_for_node(node),
            expression=kind not in _WHOLE_STATEMENT,
            namespace=vector["function"] if kind in _NAMESPACED else "",
        )
        if key != vector["key"]:
            wrong.append((vector, key))
    assert wrong == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("if data['a'] == 1:\n    A()\n", "if data['a'] == 1:\n    A()\nelse:\n    pass\n"),
        ("try:\n    A()\nexcept:\n    pass\n", "try:\n    A()\nexcept States.ALL:\n    pass\n"),
        (  # no rewrite inside a handler's body
            "try:\n    A()\nexcept:\n    if data['x'] == 1:\n        B()\n",
            "try:\n    A()\nexcept States.ALL:\n    if data['x'] == 1:\n        B()\n",
        ),
    ],
)
def test_old_parser_rewrites(source: str, expected: str) -> None:
    assert key_for_source("K", source, expression=False) == key_for_ast(
        "K", ast.parse(expected).body[0], rewrite=False
    )


def test_astor_never_evaluates_the_users_strings() -> None:
    """astor's quote choice checks its triple-quoted candidate with ``eval``: ours uses
    ``ast.literal_eval``, which evaluates nothing, and still picks triple quotes."""
    import ast

    from astor import string_repr

    from fluxio_cst import keys

    assert string_repr.eval is ast.literal_eval
    statement = ast.parse('data["doc"] = "line one\\nline two with a long enough text to be triple-quoted"\n')
    assert keys._normalized(statement.body[0]) == (
        'data[\'doc\']="""lineonelinetwowithalongenoughtexttobetriple-quoted"""'
    )
