"""fluxio_cst.compat against the real fluxio-parser 1.0.0, value by value.

Both parsers read every fixture and generated programs; every value the artifact builder reads
(:mod:`.snapshots`) must be equal, except where a deliberate fix of contract §D applies, and
those places are listed in :mod:`.table` and asserted both ways (an unlisted difference fails,
a listed one that disappeared fails). ``fluxio_parser`` is imported at module level on purpose:
in the ``differential`` nox session a missing old parser is an error, never a skip.
"""

from __future__ import annotations

import ast
import fnmatch
import re
import warnings
from typing import Any, Callable, Dict, Set

import astor
import pytest
from fluxio_parser import parse_project_tree as old_parse_project_tree
from hypothesis import HealthCheck, event, given, settings

from fluxio_cst import compat
from tests.conftest import FIXTURES, examples
from tests.differential.snapshots import snapshot
from tests.differential.table import ASTOR_CANNOT_RENDER, DIFFERS, OLD_FAILS, TREE_LOSES_COMMENTS
from tests.dsl_strategies import projects

FIXTURE_FILES = {path.stem: path for path in sorted(FIXTURES.glob("*.py"))}
COMPARED = sorted(set(FIXTURE_FILES) - set(OLD_FAILS))
# The old attribute defaults and fluxio_cst's (fix D11).
AUTOSCALING = {"autoscaling_min": (0, 1), "autoscaling_max": (10, 1)}


def renderer(stem: str) -> Callable[[Any], str]:
    return ast.unparse if stem in ASTOR_CANNOT_RENDER else astor.to_source


def old_parse(source: bytes) -> Any:
    """The old parser's result for the tree the builder passes it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the old parser's ast.Str and co.
        return old_parse_project_tree(ast.parse(source))


def old_snapshot(source: bytes, render: Callable[[Any], str] = astor.to_source) -> Dict[str, Any]:
    """What the builder reads from the old parser, given the tree it passes it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return snapshot(old_parse(source), render)


def new_snapshot(source: Any, render: Callable[[Any], str] = astor.to_source) -> Dict[str, Any]:
    return snapshot(compat.parse_project_tree(source), render)


def d11(name: str, old: Any, new: Any) -> Any:
    """``old`` with the autoscaling defaults changed as fix D11 changes them."""
    if isinstance(old, dict) and isinstance(new, dict):
        return {key: d11(f"{name} {key}", value, new.get(key)) for key, value in old.items()}
    attribute = name.rsplit(" ", 1)[-1]
    if attribute in AUTOSCALING and (old, new) == AUTOSCALING[attribute]:
        return new
    return old


def differing(old: Dict[str, Any], new: Dict[str, Any]) -> Set[str]:
    """The names whose values differ once D11 is accounted for."""
    missing = object()
    return {
        name
        for name in set(old) | set(new)
        if d11(name, old.get(name, missing), new.get(name, missing)) != new.get(name, missing)
    }


def test_the_tables_name_fixtures() -> None:
    assert set(DIFFERS) <= set(FIXTURE_FILES) and set(OLD_FAILS) <= set(FIXTURE_FILES)
    assert not set(DIFFERS) & set(OLD_FAILS)
    assert all(fix == "§A" or re.fullmatch(r"D([1-9]|1[0-7])", fix) for fix, _ in OLD_FAILS.values())


@pytest.mark.parametrize("stem", COMPARED)
def test_equal_except_where_a_fix_is_listed(stem: str) -> None:
    source = FIXTURE_FILES[stem].read_bytes()
    old = old_snapshot(source, renderer(stem))
    new = new_snapshot(ast.parse(source), renderer(stem))
    listed = DIFFERS.get(stem, {})
    found = differing(old, new)
    unexplained = sorted(n for n in found if not any(fnmatch.fnmatchcase(n, p) for p in listed))
    assert not unexplained, {name: (old.get(name), new.get(name)) for name in unexplained}
    stale = sorted(p for p in listed if not any(fnmatch.fnmatchcase(n, p) for n in found))
    assert not stale, f"listed in DIFFERS but equal now: {stale}"


@pytest.mark.parametrize("stem", sorted(OLD_FAILS))
def test_the_old_parser_fails_where_listed(stem: str) -> None:
    source = FIXTURE_FILES[stem].read_bytes()
    with pytest.raises(Exception, match=re.escape(OLD_FAILS[stem][1])):
        old_snapshot(source)
    assert new_snapshot(ast.parse(source), renderer(stem))


@pytest.mark.parametrize("stem", sorted(ASTOR_CANNOT_RENDER))
def test_astor_cannot_render_either_run_method(stem: str) -> None:
    source = FIXTURE_FILES[stem].read_bytes()
    for read in (old_snapshot, new_snapshot):
        with pytest.raises(AttributeError, match="No defined handler"):
            read(ast.parse(source) if read is new_snapshot else source)


@pytest.mark.parametrize("stem", sorted(FIXTURE_FILES))
def test_text_bytes_and_path_read_as_the_tree_does(stem: str) -> None:
    """The positions-keeping inputs give the builder the same values as the ``ast`` one."""
    path = FIXTURE_FILES[stem]
    render = renderer(stem)
    from_tree = new_snapshot(ast.parse(path.read_bytes()), render)
    from_path = new_snapshot(path, render)
    assert new_snapshot(path.read_bytes(), render) == from_path
    assert (from_path != from_tree) == (stem in TREE_LOSES_COMMENTS)


# What a generated program's fixes cannot touch: task attributes (D11 aside), run methods and
# their imports (D15 aside), event processor classes, decorator dicts and names. Keys, ASL,
# flags and dependencies are compared on the fixtures, where each difference is listed by fix.
GENERATED_COMPARED = (
    "task * attribute *",
    "task * run_method",
    "task * import_nodes",
    "processor * node",
    *(f"machine * {field}" for field in ("name", "normalized_name", "cf_logical_id", "attributes")),
    *(f"machine * {field}" for field in ("schedule", "export", "subscribes", "event_processor")),
)


def _old_or_none(source: bytes) -> Any:
    try:
        return old_snapshot(source)
    except Exception:  # the old parser fails on much of the DSL (the OLD_FAILS fixes)
        return None


@settings(max_examples=examples(150), deadline=None, suppress_health_check=list(HealthCheck))
@given(projects())
def test_generated_programs_agree(source: bytes) -> None:
    old = _old_or_none(source)
    if old is None:
        return
    try:
        new = new_snapshot(source)
    except compat.UnsupportedOperation:
        # Bad input the old parser let through (fixes D7, D15): a diagnostic now.
        event("fluxio_cst rejects what the old parser let through (D7/D15)")
        return
    event("both parsers compile it")
    names = {n for n in set(old) | set(new) if any(fnmatch.fnmatchcase(n, p) for p in GENERATED_COMPARED)}
    expected = {n: d15_imports(n, new.get(n)) for n in names}
    assert sorted(differing({n: old.get(n) for n in names}, expected)) == []


def d15_imports(name: str, value: Any) -> Any:
    """The old ``import_nodes``: without ``from . import x``, which the old parser dropped from
    the imports and from ``run`` alike (so the built code lost it); fluxio_cst keeps it (D15)."""
    if not name.endswith(" import_nodes") or value is None:
        return value
    return [text for text in value if not re.match(r"from \.+ import ", text)]


def test_the_old_exception_raised_the_old_way_reads_the_same() -> None:
    from fluxio_parser.exceptions import UnsupportedOperation as OldUnsupportedOperation

    for source in ("data['x'] = parallel()", "if data['a'] > -5:\n    pass", "map(data['i'], f)"):
        node = ast.parse(source).body[0]
        old = OldUnsupportedOperation("Only this is allowed.", node)
        assert str(compat.UnsupportedOperation("Only this is allowed.", node)) == str(old)


@pytest.mark.parametrize("stem", COMPARED)
def test_replace_empty_except_false_changes_nothing_the_old_parser_compiled(stem: str) -> None:
    source = FIXTURE_FILES[stem].read_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            old = snapshot(
                old_parse_project_tree(ast.parse(source), replace_empty_except=False), renderer(stem)
            )
        except AttributeError:  # a bare except: the old parser crashed given False
            old = None
    new = snapshot(compat.parse_project_tree(ast.parse(source), replace_empty_except=False), renderer(stem))
    assert new == new_snapshot(ast.parse(source), renderer(stem))
    if old is not None:
        assert old == old_snapshot(source, renderer(stem))
