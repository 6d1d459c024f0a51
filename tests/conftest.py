"""Shared fixtures: the golden project files of ``fixtures/``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest
from hypothesis import settings

# CI must be reproducible: with ``CI`` set (GitHub Actions, GitLab and most others set it) every
# Hypothesis test draws the same examples each run (derandomized from the test's name, no
# example database). Locally the default profile explores new examples each run; a failure
# prints the seed or the ``@reproduce_failure`` blob to replay it. ``--hypothesis-profile``
# on the command line wins over both.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

# The slowest suites (all 2,005 key vectors, the fuzzers' example counts) run in full on the
# reference interpreter, CI's own 3.11, and in part on the others, to keep CI within budget.
REFERENCE = sys.version_info[:2] == (3, 11)


def examples(count: int) -> int:
    """A fuzzer's example count: all on the reference interpreter, a quarter elsewhere."""
    return count if REFERENCE else max(10, count // 4)


# Fixtures written in syntax newer than some supported interpreters: ``ast`` of an older Python
# cannot read them (LibCST can, on every version).
NEEDS = {"_py310": (3, 10), "_py311": (3, 11)}


NODE_DIR = Path(__file__).resolve().parent / "node"
INSTALL_HINT = "run `npm ci --prefix tests/node`"


def fixture_machines(separator: str = ":") -> List[Tuple[str, Dict[str, Any]]]:
    """(id, asl) of every state machine of every golden file (each equals the compiler's
    output: tests/test_golden.py), for the checks that judge ASL itself."""
    machines = []
    for path in sorted(FIXTURES.glob("*.expected.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for name, machine in data["state_machines"].items():
            machines.append((f"{path.name.split('.')[0]}{separator}{name}", machine["asl"]))
    return machines


def project_files() -> List[Path]:
    """Every golden project file (``fixtures/*.py``, bad-input catalogue excluded)."""
    return sorted(FIXTURES.glob("*.py"))


def needs_python(path: Path) -> List[pytest.MarkDecorator]:
    """Marks for a fixture that only a newer ``ast`` can read, naming why."""
    return [
        pytest.mark.skipif(
            sys.version_info < version,
            reason=f"the ast of Python {sys.version_info[0]}.{sys.version_info[1]} cannot read "
            f"{path.name} (it needs {version[0]}.{version[1]} syntax; LibCST reads it everywhere)",
        )
        for suffix, version in NEEDS.items()
        if suffix in path.stem
    ]
