"""Every example of every DSL construct module, run: the examples are the construct's tests.

A construct module (one under :mod:`fluxio_cst.dsl` defining ``TITLE``; see
:mod:`fluxio_cst.dsl.examples`) lists programs that compile (``VALID``) and programs that get
exactly one diagnostic code (``INVALID``, each with its fix). Each example is one test here,
found by walking the package, so a new construct module is tested without touching this file.
The examples of Choice rule families also run on moto's ASL interpreter: the ``if`` takes its
first branch for the ``true`` input and none for ``false``, as the program reads.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from types import ModuleType
from typing import Any, Dict, List, Mapping, Set, Tuple

import pytest

import fluxio_cst
import fluxio_cst.dsl
from fluxio_cst.dsl import choice
from fluxio_cst.dsl.choice.family import Condition
from fluxio_cst.dsl.examples import Invalid, Valid
from tests import dsl_doc
from tests.diagnostics_doc import check_source
from tests.sfn_harness import run_asl

MODULES = dsl_doc.construct_modules()
CHOICE = "fluxio_cst.dsl.choice"
# Modules held to "every code the module names has an INVALID example, with a fix".
COVERED = (CHOICE,)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9=!<>]+", "_", text).strip("_")


def _params(kind: str, covered: Tuple[str, ...] = ("",)) -> List[Any]:
    """One ``pytest.param(module, example)`` per example of ``kind`` (``VALID``/``INVALID``)."""
    params = []
    for module in MODULES:
        if not module.__name__.startswith(covered):
            continue
        for index, example in enumerate(getattr(module, kind), 1):
            name = f"{dsl_doc.short_name(module)}-{kind.lower()}{index}-{_slug(example.title)}"
            params.append(pytest.param(module, example, id=name.rstrip("-")))
    return params


def _module_ids(module: ModuleType) -> str:
    return dsl_doc.short_name(module)


def test_discovery_finds_the_choice_families() -> None:
    names = {module.__name__ for module in MODULES}
    families = {
        f"{CHOICE}.{name}"
        for name in (
            "boolean",
            "comparisons",
            "paths",
            "presence",
            "timestamps",
            "truthiness",
            "type_tests",
            "wildcards",
        )
    }
    assert {CHOICE, *families} <= names, names


def test_every_choice_family_module_is_dispatched() -> None:
    families = [module for module in MODULES if module.__name__.startswith(f"{CHOICE}.")]
    assert set(choice.FAMILIES) == set(families)
    assert all(callable(family.claims) and callable(family.build) for family in families)


@pytest.mark.parametrize("module", MODULES, ids=_module_ids)
def test_construct_module_follows_the_protocol(module: ModuleType) -> None:
    assert isinstance(module.TITLE, str) and module.TITLE
    assert (module.__doc__ or "").strip(), "a construct module says what it does and why"
    assert module.VALID and all(isinstance(example, Valid) for example in module.VALID)
    assert module.INVALID and all(isinstance(example, Invalid) for example in module.INVALID)


def test_every_code_the_dsl_raises_has_an_invalid_example() -> None:
    """Across the constructs (a helper may raise a code for another construct's module)."""
    named: Set[str] = set()
    for info in pkgutil.walk_packages(fluxio_cst.dsl.__path__, f"{fluxio_cst.dsl.__name__}."):
        with open(importlib.import_module(info.name).__file__ or "", encoding="utf-8") as handle:
            named |= set(re.findall(r"\bCode\.([A-Z_]+)", handle.read()))
    shown = {example.code.name for module in MODULES for example in module.INVALID}
    assert len(named) > 20 and named <= shown, sorted(named - shown)


@pytest.mark.parametrize("module", [m for m in MODULES if m.__name__.startswith(COVERED)], ids=_module_ids)
def test_every_code_a_module_raises_has_an_invalid_example(module: ModuleType) -> None:
    with open(module.__file__ or "", encoding="utf-8") as handle:
        named = set(re.findall(r"\bCode\.([A-Z_]+)", handle.read()))
    assert named <= {example.code.name for example in module.INVALID}
    assert all(example.fix is not None for example in module.INVALID)


def _compiles_cleanly(text: str) -> Dict[str, Dict[str, Any]]:
    """Parse a program that must have no diagnostic; the ASL of each of its state machines."""
    project = fluxio_cst.parse(text)
    assert project.warnings == (), [d.headline() for d in project.warnings]
    return {name: machine.to_asl() for name, machine in project.state_machines.items()}


@pytest.mark.parametrize(("module", "example"), _params("VALID"))
def test_valid_example_compiles(module: ModuleType, example: Valid) -> None:
    _compiles_cleanly(example.text)


@pytest.mark.parametrize(("module", "example"), _params("INVALID"))
def test_invalid_example_gets_its_one_code(module: ModuleType, example: Invalid) -> None:
    diagnostics = check_source(example.text, dsl_doc.EXAMPLE_PATH).diagnostics
    assert {d.code for d in diagnostics} == {example.code.value}, [d.headline() for d in diagnostics]
    assert diagnostics[0].line == example.line, diagnostics[0].headline()
    if example.fixed_text is not None:
        _compiles_cleanly(example.fixed_text)


# --- Choice examples, executed --------------------------------------------------------------------


def _follow(states: Mapping[str, Any], name: str) -> List[str]:
    """The states entered from ``name`` on, following ``Next`` (no further Choice on the way)."""
    path = [name]
    while "Next" in states[path[-1]]:
        assert states[path[-1]]["Type"] != "Choice", "an example has one if"
        path.append(states[path[-1]]["Next"])
    return path


@pytest.mark.parametrize(("module", "example"), _params("VALID", (CHOICE,)))
def test_choice_example_routes_as_it_reads(module: ModuleType, example: Valid) -> None:
    assert isinstance(example, Condition), "a Choice example gives a true and a false input"
    (asl,) = _compiles_cleanly(example.text).values()
    name, state = dsl_doc.only_choice(asl)
    taken, default = state["Choices"][0]["Next"], state["Default"]
    assert taken != default
    for data, target in ((example.true, taken), (example.false, default)):
        execution = run_asl(asl, data)
        assert execution.status == "SUCCEEDED", (execution.error, execution.cause)
        assert execution.entered == [name, *_follow(asl["States"], target)], data


def test_the_reference_is_current() -> None:
    assert dsl_doc.DOC.read_text(encoding="utf-8") == dsl_doc.document(), "run python -m tests.dsl_doc"
