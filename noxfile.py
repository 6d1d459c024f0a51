"""Test automation: the whole suite on every supported Python, lint, types, outside tools, docs.

``nox`` runs every session. Interpreters come from pyenv: when ``PYENV_VERSION`` is unset it
is set here so that ``python3.9`` … ``python3.13`` resolve. A missing interpreter fails the
run (it is not a pass).
"""

from __future__ import annotations

import os
import shutil

import nox

PYTHONS = ["3.9", "3.10", "3.11", "3.12", "3.13"]
PYENV = "3.11.7:3.9.18:3.10.13:3.12.1:3.13.0"

if shutil.which("pyenv") and not os.environ.get("PYENV_VERSION"):
    os.environ["PYENV_VERSION"] = PYENV

nox.options.error_on_missing_interpreters = True
# uv creates and fills the environments in seconds where pip takes most of a minute each.
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["tests", "lint", "types", "outside_tools", "differential", "docs"]
nox.options.reuse_existing_virtualenvs = True


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The test suite (goldens, keys, bytes, execution on moto, fuzzing) on one Python."""
    session.install("-e", ".[test]")
    session.run("pytest", "-q", "-n", "auto", "-m", "not outside_tools", *session.posargs)


@nox.session(python="3.11")
def outside_tools(session: nox.Session) -> None:
    """Checks by real outside tools: asl-validator and Mermaid (npm), Graphviz's dot, and
    pre-commit running this repository's hooks (``pre-commit try-repo``)."""
    if not shutil.which("dot") and shutil.which("apt-get") and os.geteuid() == 0:
        session.run("apt-get", "update", "-qq", external=True)
        session.run("apt-get", "install", "-y", "-qq", "graphviz", external=True)
    session.run("npm", "ci", "--prefix", "tests/node", "--no-audit", "--no-fund", external=True)
    session.install("-e", ".[test]", "pre-commit==4.7.0")
    session.run("pytest", "-q", "-m", "outside_tools", *session.posargs)


@nox.session(python="3.11")
def differential(session: nox.Session) -> None:
    """fluxio_cst.compat against the real old parser (tests/differential): fluxio-parser 1.0.0
    goes into this session's own environment only, never into the product's."""
    session.install("-e", ".[test]", "fluxio-parser==1.0.0")
    session.run(
        "pytest", "-q", "-n", "auto", "tests/differential", *session.posargs, env={"FLUXIO_DIFFERENTIAL": "1"}
    )


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff: lint and formatting."""
    session.install("ruff==0.17.6")
    session.run("ruff", "check", "fluxio_cst", "tests", "benchmarks", "noxfile.py")
    session.run("ruff", "format", "--check", "fluxio_cst", "tests", "benchmarks", "noxfile.py")


@nox.session(python="3.11")
def types(session: nox.Session) -> None:
    """mypy --strict on the package."""
    session.install("mypy==2.4.1", "-e", ".")
    session.run("mypy", "--strict", "fluxio_cst")


@nox.session(python="3.11")
def docs(session: nox.Session) -> None:
    """The documentation site (mkdocs.yml, docs/): built with warnings as errors into site/.
    Material's notice about its successor is not a warning of ours and is silenced."""
    session.install("-e", ".[docs]")
    session.run("mkdocs", "build", "--strict", "--site-dir", "site", env={"NO_MKDOCS_2_WARNING": "1"})


@nox.session(python="3.11")
def benchmark(session: nox.Session) -> None:
    """The builder's job against LibCST's parse at N = 10 … 3,000 tasks (benchmarks/BENCHMARKS.md;
    arguments go to bench_builder.py, e.g. ``-- --sizes 100,1000``), then per-phase figures and how
    a statement's size scales. Not run by default: figures, not pass/fail. The old parser
    (fluxio-parser 1.0.0) goes into this session's own environment only, for its column."""
    session.install("-e", ".", "fluxio-parser==1.0.0")
    session.run("python", "-W", "ignore::DeprecationWarning", "benchmarks/bench_builder.py", *session.posargs)
    session.run("python", "benchmarks/bench_parse.py")
    session.run("python", "benchmarks/bench_scaling.py")
