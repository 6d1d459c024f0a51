"""The ``fluxio-cst`` command line (also ``python -m fluxio_cst``).

Exit status: 0 success, 1 the project file is invalid (diagnostics on stderr, never a
traceback), 2 usage or I/O errors (one line on stderr: a file that cannot be read, output that
cannot be written, a target ``extract`` refuses to replace).

``check``, ``compile``, ``extract``, ``codemod`` and ``migrate`` take files and folders, parsed in ``-j``
worker processes; ``graph`` draws one file. Each command's module is imported when the command runs,
so that a run imports only what it uses (start-up time is an editor's save-to-diagnostic time).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import signal
import sys
from typing import Dict, Optional, Sequence, TextIO

from ..diagnostics import FluxioError
from .commands import EXIT_INVALID, EXIT_OK, EXIT_USAGE, Interrupted, Usage, reason, usage_line
from .output import to_output
from .parser import Command, build
from .stdin import use_stdin_name


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .check import check_command

    return check_command(args, out, err)


def _compile(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .compile import compile_command

    return compile_command(args, out, err)


def _extract(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .extract import extract_command

    return extract_command(args, out, err)


def _codemod(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .codemod import codemod_command

    return codemod_command(args, out, err)


def _migrate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .migrate import migrate_command

    return migrate_command(args, out, err)


def _dump(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .dump import dump_command

    return dump_command(args, out, err)


def _graph(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .commands import graph_command

    return graph_command(args, out, err)


_COMMANDS: Dict[str, Command] = {
    "check": _check,
    "compile": _compile,
    "extract": _extract,
    "codemod": _codemod,
    "migrate": _migrate,
    "graph": _graph,
    "dump": _dump,
}


def parser(codemods: bool = True) -> argparse.ArgumentParser:
    """The command line's parser (with ``codemod``'s subcommands unless ``codemods`` is false,
    which spares a run their import): what the CLI reference is generated from."""
    return build(codemods, _COMMANDS.__getitem__)


def main(
    argv: Optional[Sequence[str]] = None, out: Optional[TextIO] = None, err: Optional[TextIO] = None
) -> int:
    """Run the command line; returns the exit status instead of exiting (for tests).

    ``out`` and ``err`` default to the process's streams at call time; a closed standard output
    (``>&-``), a full disk or a closed pipe is one line on ``err`` and status 2.
    """
    err = err if err is not None else (sys.stderr or io.StringIO())  # closed: messages are lost
    out = out if out is not None else sys.stdout
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parser(arguments[:1] == ["codemod"]).parse_args(arguments)
    except SystemExit as exc:  # argparse already printed usage
        return EXIT_USAGE if exc.code else EXIT_OK
    if out is None:
        print("fluxio-cst: error: standard output is closed", file=err)
        return EXIT_USAGE
    run: Command = args.run
    use_stdin_name(getattr(args, "stdin_filename", None))
    try:
        status = to_output(run, args, out, err)
        out.flush()
        return status
    except FluxioError as exc:
        print(exc.render(), file=err)
        return EXIT_INVALID
    except Usage as exc:
        print(usage_line(exc), file=err)
        return EXIT_USAGE
    except Interrupted as exc:
        print(f"fluxio-cst: interrupted by signal {exc.signum}; nothing half-written left", file=err)
        return 128 + exc.signum
    except KeyboardInterrupt:  # Ctrl-C while reading or compiling: nothing was being written
        print("fluxio-cst: interrupted", file=err)
        return 128 + signal.SIGINT
    except (OSError, UnicodeEncodeError) as exc:  # writing the output failed
        why = reason(exc) if isinstance(exc, OSError) else f"{exc.encoding} cannot encode the output"
        print(f"fluxio-cst: error: cannot write the output: {why}", file=err)
        _silence(out)
        return EXIT_USAGE


def _silence(stream: TextIO) -> None:
    """Point a stream that failed at ``/dev/null``, so that Python's own flush at exit does not
    fail again with a second message and status 120."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        stream.fileno()
        descriptor = os.open(os.devnull, os.O_WRONLY)
        os.dup2(descriptor, stream.fileno())
        os.close(descriptor)


def entry_point() -> None:
    """Console script entry: exit with :func:`main`'s status.

    Text a terminal's encoding cannot show (a `→` in a message under an ASCII or Latin-1
    locale) is written as backslash escapes rather than ending the run.
    """
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")
    sys.exit(main())
