"""Key pragmas ``# fluxio: key="…"``: every state statement, where the comment must stand, and
every way to write one wrong (a located diagnostic, never a traceback).

The property at the end holds the promise that made pragmas possible: keys hash CPython's
tree, which has no comments, so removing every trailing comment of every fixture changes no
generated key; only the states a pragma pinned get their generated name back.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any, Dict, List, Mapping

import libcst as cst
import pytest

import fluxio_cst
from tests.conftest import FIXTURES

TASKS = """
class Score(Task):
    async def run(event, context):
        return {"score": 1}


def each(data):
    Score(data)

"""


def program(*lines: str) -> str:
    return TASKS + "def main(data):\n" + textwrap.indent(textwrap.dedent("\n".join(lines)), "    ") + "\n"


def states(source: str) -> Dict[str, Any]:
    states: Dict[str, Any] = fluxio_cst.parse(source).state_machines["main"].to_asl()["States"]
    return states


def codes(source: str) -> List[str]:
    with pytest.raises(fluxio_cst.FluxioError) as raised:
        fluxio_cst.parse(source)
    return [d.code for d in raised.value.diagnostics]


PINNED = {
    "if": ('if data["a"] == 1:  # fluxio: key="K"\n    return', "Choice"),
    "pass literal": ('data["a"] = {"b": 1}  # fluxio: key="K"', "Pass"),
    "update": ('data.update({"b": 1})  # fluxio: key="K"', "Pass"),
    "return": ('return  # fluxio: key="K"', "Succeed"),
    "raise": ('raise Stop("now")  # fluxio: key="K"', "Fail"),
    "wait": ("wait(seconds=3)  # fluxio: key='K'", "Wait"),
    "map": ('map(data["items"], each)  # fluxio: key="K"', "Map"),
    "parallel": ('parallel(each)  # fluxio: key="K"', "Parallel"),
    "task": ('data["s"] = Score(data)  # fluxio: key="K"', "Task"),
    "nested": ("each(data)  # fluxio: key='K'", "Task"),
    "try body": ('try:\n    Score(data)  # fluxio: key="K"\nexcept Oops:\n    pass', "Task"),
    "retry body": ('with retry():\n    Score(data)  # fluxio: key="K"', "Task"),
    "one-line if": ('if data["a"] == 1: return  # fluxio: key="K"', "Choice"),
    "multi-line if test": (
        'if (data["a"] == 1 or\n        data["b"] == 2):  # fluxio: key="K"\n    return',
        "Choice",
    ),
    "multi-line literal": ('data["a"] = {  # fluxio: key="K"\n    "b": 1,\n}', "Pass"),
    "multi-line call": ('data["s"] = Score(  # fluxio: key="K"\n    data,\n)', "Task"),
    "no space": ('return  #fluxio:key="K"', "Succeed"),
    "comment after": ('return  # fluxio: key="K"  # why', "Succeed"),
    "prefixed literal": ("return  # fluxio: key = r'K'", "Succeed"),
    "escape": ('return  # fluxio: key="\\x4b"', "Succeed"),
}


@pytest.mark.parametrize("statement", list(PINNED.values()), ids=list(PINNED))
def test_a_pragma_pins_the_key(statement: Any) -> None:
    text, kind = statement
    assert states(program(text))["K"]["Type"] == kind


@pytest.mark.parametrize(
    "text",
    [
        'data["a"] = {\n    "b": 1,  # fluxio: key="K"\n}',  # a later line
        'data["a"] = \\\n    {"b": 1}  # fluxio: key="K"',  # the first line ends with a backslash
        'data["a"] = {"b": """x\ny"""}  # fluxio: key="K"',  # ... inside a string
        'if data["a"] == 1:\n    return\nelse:  # fluxio: key="K"\n    return',  # `else:` names nothing
        'return  # Fluxio: key="K"',  # another comment
        'return  # fluxio : key="K"',
    ],
)
def test_a_comment_elsewhere_is_just_a_comment(text: str) -> None:
    assert "K" not in states(program(text))


def test_elif_takes_no_pragma() -> None:
    elif_ = 'if data["a"] == 1:\n    return\nelif data["a"] == 2:  # fluxio: key="K"\n    return'
    merged = 'if data["a"] == 1:\n    return\nelse:\n    if data["a"] == 2:  # fluxio: key="K"\n'
    merged += "        return"
    assert codes(program(elif_)) == ["FX315"]
    assert codes(program(merged)) == ["FX315"]


def test_key_and_pragma_at_once_is_an_error_at_the_pragma() -> None:
    with pytest.raises(fluxio_cst.FluxioError) as raised:
        fluxio_cst.parse(program('wait(seconds=3, key="A")  # fluxio: key="A"'))
    (diagnostic,) = raised.value.diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("FX314", 11, 30)


@pytest.mark.parametrize(
    ("pragma", "code"),
    [
        ("# fluxio: key=", "FX313"),
        ("# fluxio: key", "FX313"),
        ("# fluxio: key=K", "FX313"),
        ('# fluxio: key=f"K"', "FX313"),
        ('# fluxio: key=b"K"', "FX313"),
        ('# fluxio: key=("K")', "FX313"),
        ('# fluxio: key="K" "L"', "FX313"),
        ('# fluxio: key="K" L', "FX313"),
        ('# fluxio: key="K', "FX313"),
        ('# fluxio: name="K"', "FX313"),
        ("# fluxio:", "FX313"),
        ('# fluxio: key=""', "FX157"),
        (f'# fluxio: key="{"x" * 81}"', "FX157"),
        ('# fluxio: key="a\\nb"', "FX157"),
    ],
)
def test_a_malformed_pragma_is_located(pragma: str, code: str) -> None:
    with pytest.raises(fluxio_cst.FluxioError) as raised:
        fluxio_cst.parse(program(f"return  {pragma}"))
    (diagnostic,) = raised.value.diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == (code, 11, 12)
    assert diagnostic.end_column == 12 + len(pragma)


def test_pragma_keys_follow_the_rules_of_key() -> None:
    duplicate = program('Score(data, key="K")', 'data["a"] = 1  # fluxio: key="K"')
    assert codes(duplicate) == ["FX307"]
    longest = "x" * 80
    assert states(program(f'return  # fluxio: key="{longest}"'))[longest]["Type"] == "Succeed"
    shared = program('data["a"] = 1; return  # fluxio: key="K"')  # both end on that line
    assert codes(shared) == ["FX307"]


def test_a_pragma_spares_a_generated_key_that_is_too_long() -> None:
    long_name = "S" + "x" * 60
    source = f"class {long_name}(Task):\n    async def run(event, context):\n        return\n\n\n"
    source += f'def main(data):\n    {long_name}()  # fluxio: key="Short"\n'
    assert "Short" in fluxio_cst.parse(source).state_machines["main"].to_asl()["States"]


# --- the property over every fixture -------------------------------------------------------------


class _TrailingComments(cst.CSTTransformer):
    def leave_TrailingWhitespace(
        self, original: cst.TrailingWhitespace, updated: cst.TrailingWhitespace
    ) -> cst.TrailingWhitespace:
        return updated.with_changes(comment=None, whitespace=cst.SimpleWhitespace(""))


def _without_trailing_comments(path: Path) -> bytes:
    module = cst.parse_module(path.read_bytes())
    return module.with_changes(body=[s.visit(_TrailingComments()) for s in module.body]).bytes


_PRAGMA_KEY = re.compile(r"# fluxio: key=[\"']([^\"']+)")


def _renaming(before: Any, after: Any, names: Dict[str, str]) -> None:
    """Check ``after`` is ``before`` with states renamed consistently, collecting the names."""
    if isinstance(before, Mapping):
        assert isinstance(after, Mapping) and len(before) == len(after)
        if "States" in before:
            for old, new in zip(before["States"], after["States"]):
                assert names.setdefault(old, new) == new
        for (key, value), (other_key, other) in zip(before.items(), after.items()):
            assert key == other_key or names.get(key) == other_key
            _renaming(value, other, names)
    elif isinstance(before, str) and before in names:
        assert names[before] == after
    elif isinstance(before, list):
        assert isinstance(after, list) and len(before) == len(after)
        for value, other in zip(before, after):
            _renaming(value, other, names)
    else:
        assert before == after


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("[0-9]*.py")), ids=lambda p: p.stem)
def test_removing_comments_changes_only_pinned_keys(path: Path) -> None:
    pinned = fluxio_cst.parse_file(path).state_machines
    plain = fluxio_cst.parse(_without_trailing_comments(path), str(path)).state_machines
    assert list(pinned) == list(plain)
    names: Dict[str, str] = {}
    for name in pinned:
        _renaming(pinned[name].to_asl(), plain[name].to_asl(), names)
    renamed = {old for old, new in names.items() if old != new}
    pragmas = set(_PRAGMA_KEY.findall(path.read_text(encoding="utf-8", errors="replace")))
    assert all(any(old == key or old.startswith(f"{key}-") for key in pragmas) for old in renamed)
    assert bool(renamed) == bool(pragmas), "a fixture's pragmas pin some key"
