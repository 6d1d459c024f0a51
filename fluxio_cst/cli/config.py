"""``[tool.fluxio-cst]`` in ``pyproject.toml``: a project's settings, found as ruff finds its own.

The settings of a file are those of the nearest ``pyproject.toml`` with the table, looking from
the file's folder up to the root (a folder given to walk: from the folder itself; standard
input: from ``--stdin-filename``'s folder, else the current one); a ``pyproject.toml`` without
the table is passed over, and the first with it ends the search. The keys::

    [tool.fluxio-cst]
    select = ["FX"]          # codes or prefixes check reports (default: every code)
    ignore = ["FX409"]       # codes or prefixes it does not
    strict = false           # warnings fail the run too
    include = ["project.py", "project.sfn", "flows/*.py"]   # the files a folder walk reads

``include`` patterns are matched (``fnmatch``) against a file's name and its path below the
folder walked, with ``/``. Command-line flags win over the file. A file that is not TOML, an
unknown key or a value of the wrong type is a usage error naming the file and the key. TOML is
read by ``tomllib`` (Python 3.11+) or, before it, by :mod:`.toml_table`, and only for a
``pyproject.toml`` whose text names ``fluxio-cst``.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

from .commands import Usage, reason
from .stdin import DEFAULT_NAME, STDIN, stdin_name

TABLE = "tool.fluxio-cst"
# Files a folder is searched for by default (``project.sfn``: Fluxio's production name).
PROJECT_NAMES = frozenset({"project.py", "project.sfn"})
DEFAULT_INCLUDE = tuple(sorted(PROJECT_NAMES))
_LISTS = ("select", "ignore", "include")


@dataclass(frozen=True)
class Config:
    """One table's settings (None: not set there), and the file it is in."""

    path: str
    select: Optional[Tuple[str, ...]] = None
    ignore: Optional[Tuple[str, ...]] = None
    strict: Optional[bool] = None
    include: Optional[Tuple[str, ...]] = None

    def where(self, key: str) -> str:
        """How messages name a key of this file."""
        return f"{self.path}: [{TABLE}] {key}"


class Configs:
    """The settings of the paths of one run: each folder's ``pyproject.toml`` read once."""

    def __init__(self) -> None:
        self._found: Dict[str, Optional[Config]] = {}

    def of(self, path: str, walked: bool = False) -> Optional[Config]:
        """The settings of a path given to a command (``walked``: a folder walked for files)."""
        if path == STDIN:
            named = stdin_name() != DEFAULT_NAME
            start = os.path.dirname(os.path.abspath(stdin_name())) if named else os.getcwd()
        else:
            start = os.path.abspath(path) if walked else os.path.dirname(os.path.abspath(path))
        return self._from(start)

    def include(self, folder: str) -> Tuple[str, ...]:
        """The file patterns a walk of ``folder`` reads."""
        config = self.of(folder, walked=True)
        return config.include if config is not None and config.include is not None else DEFAULT_INCLUDE

    def _from(self, folder: str) -> Optional[Config]:
        if folder not in self._found:
            candidate = os.path.join(folder, "pyproject.toml")
            table = _table(candidate) if os.path.isfile(candidate) else None
            parent = os.path.dirname(folder)
            if table is not None:
                self._found[folder] = _config(candidate, table)
            else:
                self._found[folder] = None if parent == folder else self._from(parent)
        return self._found[folder]


def _table(path: str) -> Optional[Dict[str, Any]]:
    """The ``[tool.fluxio-cst]`` table of a ``pyproject.toml``, or None when it has none."""
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError as exc:
        raise Usage(f"{path}: cannot read: {reason(exc)}") from None
    if b"fluxio-cst" not in data:  # no table for sure: TOML is not even parsed
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Usage(f"{path}: not valid TOML: {exc}") from None
    table = _read_table(text, path)
    if table is not None and not isinstance(table, dict):
        raise Usage(f"{path}: [{TABLE}] must be a table")
    return table


def _read_table(text: str, path: str) -> Any:
    """``tomllib`` where Python has it; elsewhere the reader of our table's subset of TOML
    (:mod:`.toml_table`), as the runtime depends on LibCST and typing-extensions only."""
    if sys.version_info >= (3, 11):
        import tomllib

        try:
            return tomllib.loads(text).get("tool", {}).get("fluxio-cst")
        except tomllib.TOMLDecodeError as exc:
            raise Usage(f"{path}: not valid TOML: {exc}") from None
    from .toml_table import TomlError, table

    try:
        return table(text, ("tool", "fluxio-cst"))
    except TomlError as exc:
        raise Usage(f"{path}: not valid TOML: {exc}") from None


def _config(path: str, table: Dict[str, Any]) -> Config:
    found: Dict[str, Any] = {}
    for key, value in table.items():
        where = Config(path).where(key)
        if key in _LISTS:
            if not (isinstance(value, list) and all(isinstance(item, str) for item in value)):
                raise Usage(f"{where}: must be a list of strings, not {value!r}")
            found[key] = tuple(value)
        elif key == "strict":
            if not isinstance(value, bool):
                raise Usage(f"{where}: must be true or false, not {value!r}")
            found[key] = value
        else:
            raise Usage(f"{where}: unknown key (the keys are include, select, ignore and strict)")
    return Config(path, **found)
