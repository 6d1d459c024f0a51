"""The pre-commit hooks of ``.pre-commit-hooks.yaml``, run by the real pre-commit.

``pre-commit try-repo`` installs this repository's working tree as a hook repository (its own
virtualenv, ``pip install`` of the package: what a user's ``.pre-commit-config.yaml`` gets) and
runs a hook on a sample git repository: ``fluxio-cst-check`` fails on a project file with an
error and passes on a clean one, and never looks at other Python files; ``fluxio-cst-fix``
rewrites a fixable file and fails (pre-commit fails a hook that changed files). One hook
environment is built per session (PRE_COMMIT_HOME in a temporary folder), ~30 s.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Dict

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.outside_tools

GOOD = (
    "class Fetch(Task):\n    async def run(event, context):\n        return {}\n\n\n"
    "def main(data):\n    Fetch()\n"
)
BAD = 'def main(data):\n    if data["x"]:\n        data["y"] = 1\n'
# An FX409 warning whose fix (str() around the left side) leaves nothing to report.
FIXABLE = 'def main(data):\n    if data["a"] == data["b"]:\n        data["same"] = True\n'
FIXED = 'def main(data):\n    if str(data["a"]) == data["b"]:\n        data["same"] = True\n'


def _run(args: list, cwd: Path, env: Dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, str]:
    assert shutil.which("pre-commit") and shutil.which("git"), "the outside_tools session installs pre-commit"
    home = tmp_path_factory.mktemp("pre-commit-home")
    return {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }


def _sample(tmp_path: Path, files: Dict[str, str], env: Dict[str, str]) -> Path:
    repo = tmp_path / "sample"
    repo.mkdir()
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    assert _run(["git", "init", "-q"], repo, env).returncode == 0
    assert _run(["git", "add", "-A"], repo, env).returncode == 0
    return repo


def _try(hook: str, repo: Path, env: Dict[str, str]) -> subprocess.CompletedProcess[str]:
    return _run(["pre-commit", "try-repo", str(ROOT), hook, "--all-files", "--verbose"], repo, env)


def test_check_hook_fails_on_an_error_and_names_it(tmp_path: Path, env: Dict[str, str]) -> None:
    repo = _sample(tmp_path, {"svc/project.py": BAD, "other/tool.py": BAD, "ok/project.sfn": GOOD}, env)
    done = _try("fluxio-cst-check", repo, env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "svc/project.py:2:8: error[FX405]" in done.stdout
    assert "other/tool.py" not in done.stdout  # not a project file


def test_check_hook_passes_on_clean_project_files(tmp_path: Path, env: Dict[str, str]) -> None:
    repo = _sample(tmp_path, {"project.py": GOOD, "tool.py": BAD}, env)
    done = _try("fluxio-cst-check", repo, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout


def test_fix_hook_rewrites_a_fixable_file(tmp_path: Path, env: Dict[str, str]) -> None:
    repo = _sample(tmp_path, {"project.py": FIXABLE}, env)
    done = _try("fluxio-cst-fix", repo, env)
    assert done.returncode == 1, done.stdout + done.stderr  # files were modified by the hook
    assert (repo / "project.py").read_text(encoding="utf-8") == FIXED
    again = _try("fluxio-cst-fix", repo, env)
    assert again.returncode == 0, again.stdout + again.stderr
