"""The codemod examples of docs/codemods.md are what the codemods do: each section's command line is run
on the example file, through the command's own arguments, and must give its "after" text."""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from fluxio_cst.codemods import COMMANDS, transform

PAGE = Path(__file__).resolve().parent.parent / "docs" / "codemods.md"


def sections() -> Dict[str, Tuple[str, List[str], str]]:
    """For each command: its input (the section's own, or the example file all start from),
    its arguments and its "after" text."""
    text = PAGE.read_text(encoding="utf-8")
    part = text.split("\n## Codemods on the command line\n", 1)[0]
    example = re.search(r"```python\n(.*?)```", part, re.S)
    assert example is not None
    found: Dict[str, Tuple[str, List[str], str]] = {}
    for match in re.finditer(r"\n## `([a-z-]+)`\n(.*?)(?=\n## |\Z)", part, re.S):
        line = re.search(r"```sh\n(fluxio-cst codemod .*)\n```", match.group(2))
        blocks = re.findall(r"```python\n(.*?)```", match.group(2), re.S)
        assert line is not None and blocks, match.group(1)
        words = shlex.split(line.group(1))
        assert words[2] == match.group(1) and words[-1] == "project.py"
        before = blocks[0] if len(blocks) == 2 else example.group(1)
        found[match.group(1)] = (before, words[3:-1], blocks[-1])
    return found


DOCUMENTED = sections()


def test_every_command_is_documented() -> None:
    assert set(DOCUMENTED) == set(COMMANDS)


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_the_documented_example(name: str) -> None:
    before, words, after = DOCUMENTED[name]
    command = COMMANDS[name]
    parser = argparse.ArgumentParser()
    command.add_args(parser)
    assert transform(command, before, **vars(parser.parse_args(words))) == after
