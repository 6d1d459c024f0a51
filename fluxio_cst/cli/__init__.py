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
from typing import Callable, Optional, Sequence, TextIO

from ..diagnostics import FluxioError
from .commands import EXIT_INVALID, EXIT_OK, EXIT_USAGE, Interrupted, Usage, reason, usage_line

Command = Callable[[argparse.Namespace, TextIO, TextIO], int]


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


_JOBS_HELP = "worker processes (default: one per core)"


def _paths(command: argparse.ArgumentParser) -> None:
    """The files and folders a command reads, and ``-j``: alike for every command over many."""
    command.add_argument("files", nargs="+", metavar="PATH")
    command.add_argument("-j", "--jobs", metavar="N", help=_JOBS_HELP)


def _parser(codemods: bool) -> argparse.ArgumentParser:
    """The whole command line; ``codemod``'s subcommands only when it is the command run
    (they are built from the codemods, whose import costs the other commands half a second)."""
    parser = argparse.ArgumentParser(
        prog="fluxio-cst", description="Compile Fluxio project files to Amazon States Language."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    compile_ = commands.add_parser(
        "compile", help="print the ASL of the state machines as JSON (several paths: keyed by path)"
    )
    _paths(compile_)
    compile_.add_argument("--state-machine", metavar="NAME", help="only this function")
    compile_.add_argument("--all", action="store_true", help="every function, not only first-class ones")
    compile_.set_defaults(run=_compile)
    extract = commands.add_parser(
        "extract", help="write each task's run method as a module (several paths: a folder each)"
    )
    _paths(extract)
    extract.add_argument("--out", required=True, metavar="DIR")
    extract.set_defaults(run=_extract)
    check = commands.add_parser(
        "check", help="report every problem of the files (folders: their project.py/project.sfn files)"
    )
    _paths(check)
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--fix", action="store_true", help="apply the problems' mechanical fixes")
    check.add_argument("--diff", action="store_true", help="print the fixes as a unified diff, write nothing")
    check.set_defaults(run=_check)
    codemod = commands.add_parser("codemod", help="refactor project files in place (codemod NAME --help)")
    if codemods:
        from .codemod import add_codemod_parsers

        add_codemod_parsers(codemod, _JOBS_HELP)
    codemod.set_defaults(run=_codemod)
    migrate = commands.add_parser(
        "migrate", help="list where the output differs from fluxio-parser 1.0.0's, and by which fix"
    )
    _paths(migrate)
    migrate.add_argument("--format", choices=("text", "json"), default="text")
    migrate.set_defaults(run=_migrate)
    graph = commands.add_parser("graph", help="draw the state machines (Mermaid or DOT), one document")
    graph.add_argument("file")
    graph.add_argument("--state-machine", metavar="NAME")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    graph.set_defaults(run=_graph)
    dump = commands.add_parser(
        "dump", help="print the whole model of a file as JSON: tasks, machines, decorators, spans"
    )
    dump.add_argument("file", nargs="?", metavar="FILE", help="the project file")
    dump.add_argument("--schema", action="store_true", help="print the JSON Schema of the output instead")
    dump.set_defaults(run=_dump)
    return parser


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
    parser = _parser(arguments[:1] == ["codemod"])
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exc:  # argparse already printed usage
        return EXIT_USAGE if exc.code else EXIT_OK
    if out is None:
        print("fluxio-cst: error: standard output is closed", file=err)
        return EXIT_USAGE
    run: Command = args.run
    try:
        status = run(args, out, err)
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
