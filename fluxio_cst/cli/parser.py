"""The ``fluxio-cst`` argument parser: every command, argument and help text in one place.

The help texts are the CLI's documentation (the reference pages are generated from this
parser), so each says what the argument does and its default. Subcommand parsers are
:class:`Strict`: an argument a subcommand does not know is reported with that subcommand's
usage, not the top level's (argparse's default hands unknown arguments back up to the top).
Commands' modules are not imported here: ``run`` is a small function importing its module.
"""

from __future__ import annotations

import argparse
from typing import Any, Callable, List, Optional, Sequence, TextIO, Tuple

Command = Callable[[argparse.Namespace, TextIO, TextIO], int]

JOBS_HELP = "worker processes (default: one per core)"
_PATHS_HELP = (
    "project files to read, and folders walked for their project files (by default project.py "
    "and project.sfn, or the `include` patterns of [tool.fluxio-cst] in pyproject.toml); `-` "
    "reads standard input"
)
_STDIN_NAME_HELP = (
    "the file name standard input (`-`) stands for: shown in messages instead of <stdin> (and, "
    "for check, where the settings in pyproject.toml are looked up from)"
)
_OUTPUT_HELP = (
    "write the document to FILE instead of standard output, once the command has finished "
    "(atomically: FILE is the old file or the whole new one, never half-written)"
)
_VERSION_HELP = "print the version of fluxio-cst and exit"
_SELECT_HELP = (
    "report only these codes; a prefix selects a family (FX4: every FX4xx); repeatable; replaces "
    "the config's select"
)
_IGNORE_HELP = (
    "do not report these codes or prefixes (the most specific of --select and --ignore wins); "
    "repeatable; replaces the config's ignore"
)
_OUT_HELP = "the folder the modules are written to (made when missing)"
_QUIET_HELP = "print the problems only, no summary line"
_MACHINE_HELP = "only this state machine function; repeat for several (default: the first-class ones)"


class Strict(argparse.ArgumentParser):
    """A subcommand's parser: unknown arguments are this parser's usage error (exit 2)."""

    def parse_known_args(  # type: ignore[override]
        self, args: Optional[Sequence[str]] = None, namespace: Optional[argparse.Namespace] = None
    ) -> Tuple[argparse.Namespace, List[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed, extras


class _Version(argparse.Action):
    """``--version``: the installed distribution's version, looked up only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(
            option_strings, argparse.SUPPRESS, nargs=0, default=argparse.SUPPRESS, help=_VERSION_HELP
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        print(f"fluxio-cst {version()}")  # on standard output, as argparse's own ``version`` action
        parser.exit()


def version() -> str:
    """The package's version: ``fluxio_cst.__version__``, which the installed metadata is read
    from too, so a source tree that was never installed tells it as well."""
    from .. import __version__

    return __version__


def build(codemods: bool, commands: Callable[[str], Command]) -> argparse.ArgumentParser:
    """The whole command line; ``commands(name)`` is the function that runs command ``name``.
    ``codemod``'s subcommands only when it is the command run (they are built from the
    codemods, whose import costs the other commands half a second)."""
    parser = argparse.ArgumentParser(
        prog="fluxio-cst", description="Compile Fluxio project files to Amazon States Language."
    )
    parser.add_argument("--version", action=_Version)
    subparsers = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=Strict, help="the command to run"
    )
    for add in (_compile, _extract, _check, _codemod, _migrate, _graph, _dump):
        name, sub = add(subparsers, codemods)
        sub.set_defaults(run=commands(name))
    return parser


def _command(subparsers: Any, name: str, text: str) -> argparse.ArgumentParser:
    command: argparse.ArgumentParser = subparsers.add_parser(name, help=text, description=text)
    return command


def _paths(command: argparse.ArgumentParser) -> None:
    """The files and folders a command reads, ``-j`` and ``--stdin-filename``: alike for every
    command over many."""
    command.add_argument("files", nargs="+", metavar="PATH", help=_PATHS_HELP)
    command.add_argument("-j", "--jobs", metavar="N", help=JOBS_HELP)
    command.add_argument("--stdin-filename", metavar="NAME", help=_STDIN_NAME_HELP)


def _output(command: argparse.ArgumentParser) -> None:
    command.add_argument("-o", "--output", metavar="FILE", help=_OUTPUT_HELP)


def _compile(subparsers: Any, codemods: bool) -> Tuple[str, argparse.ArgumentParser]:
    command = _command(
        subparsers, "compile", "print the ASL of the state machines as JSON (several paths: keyed by path)"
    )
    _paths(command)
    command.add_argument("--state-machine", metavar="NAME", action="append", help=_MACHINE_HELP)
    command.add_argument("--all", action="store_true", help="every function, not only first-class ones")
    _output(command)
    return "compile", command


def _extract(subparsers: Any, codemods: bool) -> Tuple[str, argparse.ArgumentParser]:
    command = _command(
        subparsers, "extract", "write each task's run method as a module (several paths: a folder each)"
    )
    _paths(command)
    command.add_argument("--out", required=True, metavar="DIR", help=_OUT_HELP)
    return "extract", command


def _check(subparsers: Any, codemods: bool) -> Tuple[str, argparse.ArgumentParser]:
    command = _command(
        subparsers, "check", "report every problem of the files (folders: their project.py/project.sfn files)"
    )
    _paths(command)
    command.add_argument(
        "--format",
        choices=("text", "json", "github", "sarif"),
        default="text",
        help="text (each problem with its source line, then a count), json (a list of problems), "
        "github (GitHub Actions workflow annotations) or sarif (SARIF 2.1.0, for code scanning); "
        "default: text",
    )
    command.add_argument("-q", "--quiet", action="store_true", help=_QUIET_HELP)
    command.add_argument(
        "--strict",
        action="store_true",
        help="warnings fail the run too (exit status 1), not only errors (config: strict = true)",
    )
    for flag, what in (("--select", _SELECT_HELP), ("--ignore", _IGNORE_HELP)):
        command.add_argument(flag, action="append", metavar="CODE[,CODE...]", help=what)
    command.add_argument(
        "--fix",
        action="store_true",
        help="apply the problems' mechanical fixes, writing each file in place (`-`: the fixed text "
        "is printed on standard output, the problems left on standard error)",
    )
    command.add_argument(
        "--diff", action="store_true", help="print the fixes as a unified diff, write nothing"
    )
    _output(command)
    return "check", command


def _codemod(subparsers: Any, codemods: bool) -> Tuple[str, argparse.ArgumentParser]:
    command = _command(subparsers, "codemod", "refactor project files in place (codemod NAME --help)")
    if codemods:
        from .codemod import add_codemod_parsers

        add_codemod_parsers(command, JOBS_HELP)
    return "codemod", command


def _migrate(subparsers: Any, codemods: bool) -> Tuple[str, argparse.ArgumentParser]:
    command = _command(
        subparsers, "migrate", "list where the output differs from fluxio-parser 1.0.0's, and by which fix"
    )
    _paths(command)
    command.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (one line per difference, then a count) or json (every file's report); default: text",
    )
    command.add_argument("-q", "--quiet", action="store_true", help=_QUIET_HELP)
    _output(command)
    return "migrate", command


def _graph(subparsers: Any, codemods: bool) -> Tuple[str, argparse.ArgumentParser]:
    command = _command(
        subparsers, "graph", "draw the state machines of one file (Mermaid or DOT), one document"
    )
    command.add_argument("file", metavar="PATH", help="the project file to draw; `-` reads standard input")
    command.add_argument("--stdin-filename", metavar="NAME", help=_STDIN_NAME_HELP)
    command.add_argument("--state-machine", metavar="NAME", action="append", help=_MACHINE_HELP)
    command.add_argument(
        "--all",
        action="store_true",
        help="every function of the file, each its own subgraph, not only first-class ones",
    )
    command.add_argument(
        "--format",
        choices=("mermaid", "dot"),
        default="mermaid",
        help="mermaid (a flowchart) or dot (Graphviz); default: mermaid",
    )
    _output(command)
    return "graph", command


def _dump(subparsers: Any, codemods: bool) -> Tuple[str, argparse.ArgumentParser]:
    command = _command(
        subparsers, "dump", "print the whole model of one file as JSON: tasks, machines, decorators, spans"
    )
    command.add_argument(
        "file", nargs="?", metavar="PATH", help="the project file to dump; `-` reads standard input"
    )
    command.add_argument("--stdin-filename", metavar="NAME", help=_STDIN_NAME_HELP)
    command.add_argument(
        "--schema",
        action="store_true",
        help="print the JSON Schema the output follows (shipped in the package) instead of a dump",
    )
    _output(command)
    return "dump", command
