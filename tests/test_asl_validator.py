"""Cross-check every golden machine with the independent ``asl-validator`` (npm).

Why a second validator: :mod:`fluxio_cst.asl` is ours, so it shares our
blind spots; ``asl-validator`` (JSON-schema based, widely used) is an outside
opinion on the same golden ASL.  All machines go through ONE invocation
(``--json-path`` repeated) because each Node start costs about a second.

A missing ``tests/node/node_modules`` makes these tests FAIL, never skip.

Note: in asl-validator 4.0.0 the CLI flags ``--no-arn-check`` and
``--no-path-check`` are parsed but ignored (the CLI reads ``noArnCheck``,
commander stores ``arnCheck``), so ARNs are always checked.  It does not
matter here: the schema also accepts ``${Variable}`` placeholders as a
Task ``Resource``.  The flag is still passed, as asked, for when it works.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

from tests.conftest import FIXTURES, INSTALL_HINT, NODE_DIR, fixture_machines

pytestmark = pytest.mark.outside_tools

VALIDATOR = NODE_DIR / "node_modules" / ".bin" / "asl-validator"


def run_asl_validator(
    definitions: List[Tuple[str, Dict[str, Any]]], folder: Path
) -> Tuple[int, str, List[Path]]:
    """Write each definition to ``folder`` and validate them all in one run."""
    if shutil.which("node") is None:
        pytest.fail("Node.js (`node`) was not found on PATH; it is needed for asl-validator", pytrace=False)
    if not VALIDATOR.exists():
        pytest.fail(f"{VALIDATOR} is missing: {INSTALL_HINT}", pytrace=False)
    paths = []
    args = [str(VALIDATOR), "--no-arn-check"]
    for ident, asl in definitions:
        path = folder / f"{ident}.json"
        path.write_text(json.dumps(asl, indent=2), encoding="utf-8")
        paths.append(path)
        args += ["--json-path", str(path)]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=600, check=False)
    return proc.returncode, proc.stdout + proc.stderr, paths


def test_asl_validator_accepts_every_fixture_machine(tmp_path: Path) -> None:
    machines = fixture_machines("__")
    assert len(machines) >= 17, f"expected the golden machines under {FIXTURES}"
    code, output, paths = run_asl_validator(machines, tmp_path)
    assert code == 0, f"asl-validator rejected fixture machine(s):\n{output}"
    not_reported = [p.name for p in paths if f'"{p}" is valid' not in output]
    assert not not_reported, f"asl-validator did not report these as valid: {not_reported}\n{output}"


def test_asl_validator_rejects_a_broken_machine(tmp_path: Path) -> None:
    """Guards the test above against a validator that accepts everything."""
    broken = {"StartAt": "a", "States": {"a": {"Type": "Pass", "Next": "missing"}}}
    code, output, _ = run_asl_validator([("broken", broken)], tmp_path)
    assert code == 1, output
    assert "is invalid" in output and "missing" in output, output
