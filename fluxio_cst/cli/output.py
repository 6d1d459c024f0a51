"""``-o/--output FILE``: a command's document written to a file instead of standard output.

The command writes into memory; only when it has finished (whatever its status: a ``check``
report of a failing run is still the report) is the text written, through
:func:`~.writing.write_atomically`, so the file is the old one or the whole new one, never
half-written, and an existing file keeps its mode (a symbolic link is written through and stays
a link). A command that stops with an error writes nothing. The writer is imported only when
``-o`` is given (it imports ``secrets``, which a plain run does not pay for). The output may not be one of the
files read: ``compile project.py -o project.py`` would lose the project.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
from typing import Sequence, TextIO

from ..read.files import shown
from .commands import Usage, reason
from .parser import Command


def to_output(run: Command, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``run`` with its standard output sent to ``args.output`` when the command has one."""
    target = getattr(args, "output", None)
    if target is None:
        return run(args, out, err)
    from .writing import cleanup_on_signals, remove_stale_temporaries, write_atomically  # ``secrets``

    read = getattr(args, "files", None) or [args.file]
    _refuse_an_input(target, [path for path in read if path is not None])  # dump --schema: none
    document = io.StringIO()
    status = run(args, document, err)
    try:
        path = os.path.realpath(target)
        remove_stale_temporaries(os.path.dirname(path))
        with cleanup_on_signals():
            write_atomically(path, document.getvalue().encode("utf-8"))
    except OSError as exc:
        raise Usage(f"{shown(target)}: cannot write: {reason(exc)}") from None
    return status


def _refuse_an_input(target: str, sources: Sequence[str]) -> None:
    for source in sources:
        with contextlib.suppress(OSError):
            if os.path.samefile(source, target):
                raise Usage(f"{shown(target)}: is the project file {shown(source)} itself; nothing written")
