"""The documentation is complete and self-contained.

Complete: every DSL construct module, every diagnostic code, every CLI subcommand and flag
(found by walking the program's own argparse parser) and every public name of the public
modules is in the pages; the generated pages are current. Self-contained: a page or the
README links only to files of this repository that exist (and, from ``docs/``, to pages of the
site) or to public ``https`` sites, never to a path outside the repository.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path
from types import ModuleType
from typing import Iterator, List, Tuple

import pytest

import fluxio_cst
from fluxio_cst.codes import Code
from tests import cli_doc, dsl_doc, examples_doc
from tests.doc_files import ROOT

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
# The modules whose names are the package's public API, each rendered by ``::: module``.
PUBLIC_MODULES = (
    "fluxio_cst",
    "fluxio_cst.compat",
    "fluxio_cst.migrate.report",
    "fluxio_cst.codemods",
    "fluxio_cst.dump",
)


def page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("generator", [cli_doc, examples_doc], ids=lambda m: m.__name__)
def test_generated_pages_are_current(generator: ModuleType) -> None:
    name = generator.DOC.relative_to(ROOT).as_posix()
    assert generator.DOC.read_text(encoding="utf-8") == generator.document(), (
        f"{name} is stale: python -m {generator.__name__}"
    )


def test_every_construct_module_is_in_the_dsl_reference() -> None:
    text = page("dsl.md")
    modules = dsl_doc.construct_modules()
    assert len(modules) > 10
    for module in modules:
        source = Path(inspect.getfile(module)).relative_to(ROOT).as_posix()
        assert f"\n## {module.TITLE}\n" in text and f"`{source}`" in text, module.__name__


def test_every_diagnostic_code_is_in_the_catalogue() -> None:
    text = page("diagnostics.md")
    for code in Code:
        assert f"\n## {code.value}\n" in text, code.value


def _commands() -> List[Tuple[str, List[str]]]:
    """Each command line of the program and the option strings it takes."""
    found = []
    for words, _, command in cli_doc.walk(cli_doc.parser()):
        options = [o for action in cli_doc.arguments(command) for o in action.option_strings]
        found.append((" ".join(words), options))
    return found


def test_every_cli_subcommand_and_flag_is_in_the_reference() -> None:
    text = page("cli-reference.md")
    commands = _commands()
    assert {"fluxio-cst check", "fluxio-cst codemod pin-keys"} <= {words for words, _ in commands}
    for words, options in commands:
        assert f"`{words}`\n" in text, f"{words} is not in the reference"
        start = text.index(f"`{words}`\n")  # the command's heading
        section = text[start : text.find("\n#", start)]
        for option in options:
            assert f"`{option}" in section, f"{words} {option}"


def _public_names() -> Iterator[Tuple[str, str, object]]:
    """(module, name, object) for every public name: a module's ``__all__``, or without one
    the functions and classes it defines."""
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        names = getattr(module, "__all__", None)
        if names is None:
            names = [
                n
                for n, o in vars(module).items()
                if not n.startswith("_")
                and (inspect.isfunction(o) or inspect.isclass(o))
                and o.__module__ == module_name
            ]
        for name in names:
            yield module_name, name, getattr(module, name)


def test_every_public_name_is_in_the_api_reference() -> None:
    """mkdocstrings renders each public module whole, and shows a member only when it has a
    docstring: so each module has its ``:::`` line and each name a docstring of its own (a value
    without one must be named on a page)."""
    text = page("api.md")
    every = "\n".join(p.read_text(encoding="utf-8") for p in PAGES)
    found = list(_public_names())
    assert {name for _, name, _ in found} >= set(fluxio_cst.__all__)
    for module_name in PUBLIC_MODULES:
        assert f"\n::: {module_name}\n" in text, module_name
    for module_name, name, value in found:
        if inspect.isclass(value) or inspect.isroutine(value):
            assert (value.__doc__ or "").strip(), f"{module_name}.{name} has no docstring"
        else:
            assert f"`{name}`" in every, f"{module_name}.{name} is named on no page"


_LINK = re.compile(r"\]\(([^)\s]+)\)")
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,}).*?^\1\2\s*$", re.M | re.S)
_CODE = re.compile(r"`[^`\n]*`")


def links(path: Path) -> List[str]:
    """The Markdown link targets of a file, code blocks and code spans left out."""
    text = _CODE.sub("", _FENCE.sub("", path.read_text(encoding="utf-8")))
    return _LINK.findall(text)


DOCUMENTS = [ROOT / "README.md", *PAGES]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_links_stay_in_the_repository_or_go_to_public_sites(path: Path) -> None:
    for target in links(path):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):
            assert target.startswith("https://"), f"{target}: only https links leave the repository"
            continue
        file = target.split("#", 1)[0]
        if not file:
            continue  # an anchor of the same page (mkdocs --strict checks anchors)
        resolved = (path.parent / file).resolve()
        assert resolved.exists(), f"{target}: no such file"
        home = DOCS if path.parent == DOCS else ROOT
        assert resolved.is_relative_to(home), f"{target}: outside {home}"


def test_the_pages_are_the_sites() -> None:
    """Every page is in the site's navigation, and the README links to each."""
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in PAGES:
        assert f" {path.name}\n" in nav, f"{path.name} is not in mkdocs.yml's nav"
        assert f"(docs/{path.name})" in readme, f"README.md does not link to {path.name}"


@pytest.mark.parametrize("path", [ROOT / "README.md", DOCS / "index.md"], ids=lambda p: p.name)
def test_the_tour_compiles(path: Path) -> None:
    """The short tour's project file compiles without a diagnostic and has what it uses."""
    tour = path.read_text(encoding="utf-8").split("\n## A short tour\n", 1)[1]
    program = re.search(r"```python\n(.*?)```", tour, re.S)
    assert program is not None
    project = fluxio_cst.parse(program.group(1), path="project.py")
    assert not project.warnings and project.state_machines["main"].is_first_class
    assert project.tasks["FetchOrder"].run_source.startswith("async def run")


def test_every_test_module_is_in_the_tests_page() -> None:
    """The tests page says what each suite proves: a new test module is added to it."""
    text = page("tests.md")
    missing = [p.name for p in sorted((ROOT / "tests").glob("test_*.py")) if f"`{p.name}`" not in text]
    assert not missing, missing
