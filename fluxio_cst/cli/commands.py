"""What every ``fluxio-cst`` command shares (usage errors, loading one project, choosing its
machines, output the stream can encode), and ``graph``, the command that only draws one file."""

from __future__ import annotations

import argparse
import codecs
import os
from typing import List, Optional, Sequence, TextIO

from ..model import Project
from ..pipeline import parse, parse_file
from .stdin import STDIN, display, read_input

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class Usage(Exception):
    """A usage or I/O problem: exit status 2."""


class Interrupted(BaseException):
    """SIGINT/SIGTERM/SIGHUP arrived while ``extract`` was writing (cleaned up, then exit)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def usage_line(exc: Usage) -> str:
    return f"fluxio-cst: error: {exc}"


def load(path: str, err: TextIO) -> Project:
    try:
        project = parse_file(path) if path != STDIN else parse(read_input(path), display(path))
    except OSError as exc:
        raise Usage(f"{display(path)}: cannot read: {reason(exc)}") from None
    for warning in project.render_warnings():
        print(warning, file=err)
    return project


def select(project: Project, names: Optional[Sequence[str]], every: bool) -> List[str]:
    """The machines ``--state-machine`` names (each once, in the order given), or else the
    first-class ones (``every``: all of them)."""
    if names:
        for name in names:
            if name not in project.state_machines:
                known = ", ".join(project.state_machines) or "none"
                raise Usage(f"{project.path}: no state machine `{name}` (functions: {known})")
        return list(dict.fromkeys(names))
    return [n for n, m in project.state_machines.items() if every or m.is_first_class]


def writes_utf8(stream: TextIO) -> bool:
    """Whether a stream encodes UTF-8 (in-memory streams have no encoding: they hold text).
    JSON for any other encoding is written with ``\\u`` escapes, the same document in ASCII."""
    encoding = getattr(stream, "encoding", None)
    try:
        return encoding is None or codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def graph_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..diagram import machines_to_dot, machines_to_mermaid

    project = load(args.file, err)
    names = select(project, args.state_machine, args.all)
    machines = {name: project.state_machines[name].to_asl() for name in names}
    stem = os.path.splitext(os.path.basename(project.path))[0] or "state_machines"
    out.write(machines_to_dot(machines, stem) if args.format == "dot" else machines_to_mermaid(machines))
    return EXIT_OK
