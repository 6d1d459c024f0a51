"""The settings reader for Pythons without ``tomllib`` (``fluxio_cst/cli/toml_table.py``) reads
``[tool.fluxio-cst]`` as a real TOML library does.

The reference is ``tomllib`` (Python 3.11+) or its backport ``tomli`` (a test dependency on
3.9/3.10 only; the package does not depend on it). Generated documents hold the table among
other tables, with comments, quoted keys and headers, escapes, arrays over several lines and
trailing commas, values of other types (read as :class:`Other`), and header-like lines inside other
tables' multi-line strings. Everything the reader refuses must be refused by the reference too,
or be a form the reader documents it does not read (multi-line strings in the table).
"""

from __future__ import annotations

import sys
from typing import Any, Dict, List, Optional

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fluxio_cst.cli.toml_table import TomlError, table
from tests.conftest import examples

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the older Pythons' reference
    import tomli as tomllib

NAME = ("tool", "fluxio-cst")
_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=8)


def _basic(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


@st.composite
def _string(draw: st.DrawFn) -> str:
    text = draw(_TEXT)
    if "'" not in text and draw(st.booleans()):
        return f"'{text}'"
    if draw(st.booleans()) and text:
        return (
            '"'
            + "".join(f"\\u{ord(c):04x}" if ord(c) < 0x10000 else c for c in text)
            .replace("\\u005c", "\\\\")
            .replace("\\u0022", '\\"')
            + '"'
        )
    return _basic(text)


@st.composite
def _value(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["string", "bool", "array", "other"]))
    if kind == "string":
        return draw(_string())
    if kind == "bool":
        return draw(st.sampled_from(["true", "false"]))
    if kind == "other":
        return draw(st.sampled_from(["5", "-1.5", "1979-05-27", "{ a = 1 }", "0x1f", "inf"]))
    items = draw(st.lists(st.one_of(_string(), st.sampled_from(["true", "false", "3"])), max_size=4))
    gaps = [draw(st.sampled_from([" ", "", "\n  ", "  # note\n  "])) for _ in range(len(items) + 1)]
    body = "".join(gap + item + "," for gap, item in zip(gaps, items))
    if items and draw(st.booleans()):
        body = body[:-1]
    return f"[{body}{gaps[-1]}]"


@st.composite
def documents(draw: st.DrawFn) -> str:
    keys = draw(
        st.lists(
            st.sampled_from(["select", "ignore", "strict", "include", "other-key", '"quoted key"']),
            unique=True,
            max_size=5,
        )
    )
    header = draw(
        st.sampled_from(["[tool.fluxio-cst]", '[tool."fluxio-cst"]', "[ tool . 'fluxio-cst' ]  # ours"])
    )
    ours = [header] + [f"{key} = {draw(_value())}{draw(st.sampled_from(['', '  # why']))}" for key in keys]
    before = draw(
        st.sampled_from(
            ["", '[project]\nname = "x"\n', '[tool.other]\ntext = """\n[tool.fluxio-cst]\nselect = 1\n"""\n']
        )
    )
    after = draw(st.sampled_from(["", "[tool.other2]\nx = 1\n", "[[tool.list]]\ny = 'z'\n"]))
    return before + "\n".join(ours) + "\n" + after


def _kinds(value: Any) -> Any:
    """A value with every one of another type (the reference's number, the reader's
    :class:`Other`) as the one word "other": what the settings tell apart."""
    if isinstance(value, list):
        return [_kinds(v) for v in value]
    return value if isinstance(value, (str, bool)) else "other"


@settings(max_examples=examples(300), deadline=None)
@given(documents())
def test_the_table_is_read_as_tomllib_reads_it(document: str) -> None:
    reference = tomllib.loads(document)["tool"]["fluxio-cst"]
    read = table(document, NAME)
    assert read is not None
    assert {k: _kinds(v) for k, v in read.items()} == {k: _kinds(v) for k, v in reference.items()}


@pytest.mark.parametrize(
    "document",
    [
        '[tool.fluxio-cst]\nselect = """\nFX4\n"""\n',
        '[tool.fluxio-cst]\nselect = ["a"\n',
        '[tool.fluxio-cst]\nselect = "a" "b"\n',
        '[tool.fluxio-cst]\nselect = "\\q"\n',
        "[tool.fluxio-cst]\nselect\n",
        "[tool.fluxio-cst]\nstrict = true\nstrict = false\n",
    ],
    ids=["multi-line-string", "unclosed-array", "text-after-value", "bad-escape", "no-equals", "key-twice"],
)
def test_what_the_reader_refuses_is_an_error_with_its_line(document: str) -> None:
    with pytest.raises(TomlError, match=r"^line \d+: "):
        table(document, NAME)


def test_a_value_of_another_type_shows_as_written() -> None:
    read = table('[tool.fluxio-cst]\nstrict = 1\nselect = ["a", 2.5]  # mixed\n', NAME)
    assert read is not None
    assert (repr(read["strict"]), repr(read["select"])) == ("1", "['a', 2.5]")  # as tomllib's values


def test_no_table_is_none_and_an_empty_table_is_empty() -> None:
    assert table('[tool.other]\nx = "[tool.fluxio-cst]"\n', NAME) is None
    assert table("[tool.fluxio-cst]\n\n# nothing yet\n", NAME) == {}


def _settings_of(text: str) -> Optional[Dict[str, List[str]]]:
    found = table(text, NAME)
    return None if found is None else {k: v for k, v in found.items() if isinstance(v, list)}


def test_a_typical_pyproject() -> None:
    text = (
        '[project]\nname = "orders"\ndescription = """A "project"\n[not a header]\n"""\n\n'
        "[tool.ruff]\nline-length = 110\n\n"
        '[tool.fluxio-cst]\nselect = ["FX"]  # everything\n'
        'ignore = [\n  "FX409",  # strings are meant\n]\nstrict = true\n'
    )
    assert table(text, NAME) == {"select": ["FX"], "ignore": ["FX409"], "strict": True}
    assert _settings_of(text) == {"select": ["FX"], "ignore": ["FX409"]}
