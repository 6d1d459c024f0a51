"""``-`` as a path: the project read from standard input, as ruff and black read it.

Standard input is read once, when a command first reads ``-``, and shown in messages as
``<stdin>``, or as the name ``--stdin-filename`` gives (which is also where the configuration
is looked up from). Every command reads its paths through :func:`read_input` and names them by
:func:`display`, so ``-`` is a path like any other for them; only this process has standard
input, so :func:`~.many.each_file` never hands ``-`` to a worker process.
"""

from __future__ import annotations

import errno
import sys
from typing import Dict, Optional

from ..read.files import read_regular_file, shown

STDIN = "-"
DEFAULT_NAME = "<stdin>"
_STATE: Dict[str, object] = {"name": DEFAULT_NAME}  # "data": the bytes once read


def use_stdin_name(name: Optional[str]) -> None:
    """Start a run: ``-`` is shown as ``name`` (``<stdin>`` when None) and read afresh."""
    _STATE.clear()
    _STATE["name"] = shown(name) if name else DEFAULT_NAME


def stdin_name() -> str:
    """What ``-`` is shown as in this run."""
    name = _STATE["name"]
    assert isinstance(name, str)
    return name


def read_input(path: str) -> bytes:
    """The bytes of a path given to a command: a regular file, or standard input for ``-``."""
    if path != STDIN:
        return read_regular_file(path)
    if "data" not in _STATE:
        if sys.stdin is None:
            raise OSError(errno.EBADF, "standard input is closed")
        _STATE["data"] = sys.stdin.buffer.read()
    data = _STATE["data"]
    assert isinstance(data, bytes)
    return data


def display(path: str) -> str:
    """A path as messages name it (``-`` as :func:`stdin_name`)."""
    return stdin_name() if path == STDIN else shown(path)
