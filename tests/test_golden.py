"""Golden files: every fixture compiles to exactly its ``*.expected.json``.

The seventeen ``NN_*`` fixtures up to 17 are the contract's own examples; the rest are ours.
ASL is compared as dicts (key order included, via the JSON text of both sides).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import fluxio_cst
from tests.conftest import project_files
from tests.goldens import dump


@pytest.mark.parametrize("path", project_files(), ids=lambda p: p.stem)
def test_fixture_matches_golden(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    actual = dump(fluxio_cst.parse_file(path))
    assert actual == expected
    # Dict equality ignores key order; the contract fixes it ("in the order the examples show").
    for name, machine in expected["state_machines"].items():
        assert json.dumps(actual["state_machines"][name]["asl"]) == json.dumps(machine["asl"]), name


def test_every_fixture_has_a_golden() -> None:
    missing = [p.name for p in project_files() if not p.with_suffix(".expected.json").exists()]
    assert missing == []
