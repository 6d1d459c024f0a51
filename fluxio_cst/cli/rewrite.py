"""What ``codemod`` and ``check --fix`` share: one codemod over one file in a worker, the
result written atomically or shown as a diff by this process.

The worker (:func:`rewritten`) reads the file's bytes, runs
:func:`~fluxio_cst.codemods.transform` on them and returns plain data: the new bytes (those
``transform`` returned, so every byte outside the edit is the file's own; no formatter), and
the unified diff when one is asked for, or the diagnostics of a file that failed. It is a
module-level function given the command by name, so that ``functools.partial`` of it pickles
under every start method. This process writes (:func:`save`) through the shared atomic writer,
so a file is the old one or the new one, and keeps its mode.
"""

from __future__ import annotations

import difflib
import errno
import hashlib
import io
import os
import tokenize
from dataclasses import dataclass
from typing import Dict, List, TextIO, Tuple

from ..codes import Code
from ..diagnostics import FluxioError
from ..lines import lines_of
from ..read.files import read_regular_file, shown
from .commands import EXIT_INVALID, EXIT_OK, EXIT_USAGE, reason
from .many import Checked, located, unreadable
from .writing import cleanup_on_signals, remove_stale_temporaries, write_atomically


@dataclass(frozen=True)
class Rewrite:
    """A file the command changed: its new bytes, the diff when asked (else empty), and the
    digest of the bytes it was made from (a file edited since is not replaced)."""

    data: bytes
    diff: str
    digest: bytes


def rewritten(path: str, command: str, args: Dict[str, object], diff: bool) -> Checked[Rewrite]:
    """``COMMANDS[command]`` over one file (run in a worker process by ``-j``): no value when
    nothing changes, status 1 and the diagnostics (one line each) when it fails; the lines are
    the command's warnings otherwise (what it left as it was, and why)."""
    try:
        before = read_regular_file(path)
    except OSError as exc:
        return unreadable(path, exc)
    return rewritten_source(path, before, command, args, diff)


def rewritten_source(
    path: str, before: bytes, command: str, args: Dict[str, object], diff: bool
) -> Checked[Rewrite]:
    """:func:`rewritten` of the file's bytes, already read."""
    from ..codemods import COMMANDS, run

    try:
        after, warnings = run(COMMANDS[command], before, path, **args)
    except FluxioError as exc:
        return Checked(exc.diagnostics, tuple(d.headline() for d in exc.diagnostics), EXIT_INVALID)
    except Exception as exc:  # one file's crash must not end the run
        message = (
            f"internal error: the {command} codemod failed ({type(exc).__name__}: {exc}). "
            "This is a bug in fluxio_cst: please report it with this file."
        )
        return located(path, Code.INTERNAL, message, EXIT_INVALID)
    said = tuple(_located_warning(path, warning) for warning in warnings)
    if after == before:
        return Checked((), said, EXIT_OK)
    shown_diff = unified_diff(path, before, after) if diff else ""
    return Checked((), said, EXIT_OK, Rewrite(after, shown_diff, hashlib.sha256(before).digest()))


def _located_warning(path: str, warning: str) -> str:
    """A command's warning as one line that starts with the file (LibCST's are free text)."""
    return warning if warning.startswith(f"{shown(path)}:") else f"{shown(path)}: warning: {warning}"


def unified_diff(path: str, before: bytes, after: bytes) -> str:
    """``git diff``-style: ``a/`` and ``b/`` paths, the file's own text and line breaks."""
    encoding = tokenize.detect_encoding(io.BytesIO(before).readline)[0]
    name = shown(path).lstrip("/")
    lines = difflib.unified_diff(
        lines_of(before.decode(encoding)), lines_of(after.decode(encoding)), f"a/{name}", f"b/{name}"
    )
    return "".join(_ended(line) for line in lines)


def _ended(line: str) -> str:
    """A last line without a line break, marked as ``diff`` marks it."""
    return line if line.endswith(("\n", "\r")) else f"{line}\n\\ No newline at end of file\n"


def save(path: str, rewrite: Rewrite) -> None:
    """Write the new bytes over the file (through a symbolic link: the link stays a link),
    unless it changed since the worker read it."""
    target = os.path.realpath(path)
    if hashlib.sha256(read_regular_file(target)).digest() != rewrite.digest:
        raise OSError(errno.EAGAIN, "the file changed while the codemod ran; left as it is")
    remove_stale_temporaries(os.path.dirname(target))
    with cleanup_on_signals():
        write_atomically(target, rewrite.data)


def apply(results: List[Tuple[str, Checked[Rewrite]]], diff: bool, out: TextIO, err: TextIO) -> int:
    """Print the diffs, or write the changed files; a file that cannot be written is one line on
    ``err`` and status 2, and the others are still written."""
    status = EXIT_OK
    for path, rewrite in changes(results):
        if diff:
            out.write(rewrite.diff)
            continue
        try:
            save(path, rewrite)
        except OSError as exc:
            print(f"fluxio-cst: error: {shown(path)}: cannot write: {reason(exc)}", file=err)
            status = EXIT_USAGE
    return status


def changes(results: List[Tuple[str, Checked[Rewrite]]]) -> List[Tuple[str, Rewrite]]:
    """The files that change, in input order."""
    return [(path, result.value) for path, result in results if result.value is not None]
