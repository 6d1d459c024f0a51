"""The ``fluxio-cst`` command line (also ``python -m fluxio_cst``).

Exit status: 0 success, 1 the project file is invalid (diagnostics on stderr, never a
traceback), 2 usage or I/O errors.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from typing import Any, Callable, Dict, List, Optional, Sequence, TextIO

from .diagnostics import Diagnostic, FluxioError
from .model import Project
from .project import parse_file

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class _Usage(Exception):
    """A usage or I/O problem: exit status 2."""


def _load(path: str, err: TextIO) -> Project:
    try:
        project = parse_file(path)
    except OSError as exc:
        raise _Usage(f"{path}: cannot read: {exc.strerror or exc}") from None
    for warning in project.render_warnings():
        print(warning, file=err)
    return project


def _select(project: Project, name: Optional[str], every: bool) -> List[str]:
    if name is not None:
        if name not in project.state_machines:
            known = ", ".join(project.state_machines) or "none"
            raise _Usage(f"{project.path}: no state machine `{name}` (functions: {known})")
        return [name]
    return [n for n, m in project.state_machines.items() if every or m.is_first_class]


def _compile(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    project = _load(args.file, err)
    names = _select(project, args.state_machine, args.all)
    result: Dict[str, Any] = {name: project.state_machines[name].to_asl() for name in names}
    out.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def _write_atomically(path: str, text: str) -> None:
    """Write through a temporary file in the same folder, then rename: never half-written."""
    folder = os.path.dirname(path) or "."
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".fluxio-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _extract(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    project = _load(args.file, err)
    try:
        os.makedirs(args.out, exist_ok=True)
        for name, task in project.tasks.items():
            text = task.run_module_source
            if text is None:
                print(f"skipped {name}: no run method ({task.service})", file=out)
                continue
            target = os.path.join(args.out, f"{name}.py")
            _write_atomically(target, text)
            print(f"wrote {target}", file=out)
    except OSError as exc:
        raise _Usage(f"{args.out}: cannot write: {exc.strerror or exc}") from None
    return EXIT_OK


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    found: List[Diagnostic] = []
    rendered: List[str] = []
    status = EXIT_OK
    for path in args.files:
        try:
            project = parse_file(path)
            for machine in project.state_machines.values():
                machine.to_asl()  # what `compile` would find too (internal errors included)
            found.extend(project.warnings)
            rendered.extend(project.render_warnings())
        except FluxioError as exc:
            found.extend(exc.diagnostics)
            rendered.append(exc.render())
            status = EXIT_INVALID
        except OSError as exc:
            raise _Usage(f"{path}: cannot read: {exc.strerror or exc}") from None
    if args.format == "json":
        out.write(json.dumps([d.as_json() for d in found], indent=2) + "\n")
    else:
        for text in rendered:
            print(text, file=out)
        errors = sum(d.severity.value == "error" for d in found)
        print(f"{errors} error(s), {len(found) - errors} warning(s) in {len(args.files)} file(s)", file=out)
    return status


def _graph(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .diagram import to_dot, to_mermaid

    project = _load(args.file, err)
    names = _select(project, args.state_machine, False)
    for name in names:
        asl = project.state_machines[name].to_asl()
        text = to_dot(asl, name) if args.format == "dot" else to_mermaid(asl)
        out.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fluxio-cst", description="Compile Fluxio project files to Amazon States Language."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    compile_ = commands.add_parser("compile", help="print the ASL of the state machines as JSON")
    compile_.add_argument("file")
    compile_.add_argument("--state-machine", metavar="NAME", help="only this function")
    compile_.add_argument("--all", action="store_true", help="every function, not only first-class ones")
    compile_.set_defaults(run=_compile)
    extract = commands.add_parser("extract", help="write each task's run method as a module")
    extract.add_argument("file")
    extract.add_argument("--out", required=True, metavar="DIR")
    extract.set_defaults(run=_extract)
    check = commands.add_parser("check", help="report every problem of the files")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(run=_check)
    graph = commands.add_parser("graph", help="draw a state machine (Mermaid or DOT)")
    graph.add_argument("file")
    graph.add_argument("--state-machine", metavar="NAME")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    graph.set_defaults(run=_graph)
    return parser


def main(argv: Optional[Sequence[str]] = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Run the command line; returns the exit status instead of exiting (for tests)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed usage
        return EXIT_USAGE if exc.code else EXIT_OK
    run: Callable[[argparse.Namespace, TextIO, TextIO], int] = args.run
    try:
        return run(args, out, err)
    except FluxioError as exc:
        print(exc.render(), file=err)
        return EXIT_INVALID
    except _Usage as exc:
        print(f"fluxio-cst: error: {exc}", file=err)
        return EXIT_USAGE


def entry_point() -> None:
    """Console script entry: exit with :func:`main`'s status."""
    sys.exit(main())
