"""What the package says of itself: its version (one source), its changelog, its classifiers,
its typing marker and its data files."""

from __future__ import annotations

import ast
import re
from importlib import metadata, resources
from pathlib import Path

import fluxio_cst

ROOT = Path(__file__).resolve().parent.parent


def test_the_version_has_one_source() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", fluxio_cst.__version__)
    assert metadata.version("fluxio-cst") == fluxio_cst.__version__


def test_the_changelog_starts_with_this_version() -> None:
    text = (ROOT / "docs" / "changelog.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## (\S+)$", text, flags=re.MULTILINE)
    assert releases[0] == fluxio_cst.__version__, releases
    assert len(set(releases)) == len(releases)


def test_classifiers_name_every_python_the_suite_runs_on() -> None:
    noxfile = ast.parse((ROOT / "noxfile.py").read_text(encoding="utf-8"))
    pythons = next(
        ast.literal_eval(node.value)
        for node in noxfile.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "PYTHONS"
    )
    classifiers = metadata.metadata("fluxio-cst").get_all("Classifier") or []
    listed = {
        c.rsplit(" :: ", 1)[1]
        for c in classifiers
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    }
    assert listed == set(pythons)
    assert "Typing :: Typed" in classifiers
    assert metadata.metadata("fluxio-cst")["Requires-Python"] == f">={pythons[0]}"


def test_the_package_ships_its_typing_marker_and_schema() -> None:
    files = resources.files("fluxio_cst")
    assert files.joinpath("py.typed").is_file()
    assert files.joinpath("dump", "project.schema.json").is_file()
