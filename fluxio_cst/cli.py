"""The ``fluxio-cst`` command line (also ``python -m fluxio_cst``).

Exit status: 0 success, 1 the project file is invalid (diagnostics on stderr, never a
traceback), 2 usage or I/O errors (one line on stderr: a file that cannot be read, output that
cannot be written, a target ``extract`` refuses to replace).

``compile``, ``extract`` and ``graph`` read one file: their output (one JSON document, one
folder of modules, one diagram) belongs to one project. ``check`` takes files and folders.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import io
import json
import os
import re
import secrets
import signal
import stat
import sys
import threading
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Set, TextIO, Tuple

from .codes import Code
from .diagnostics import Diagnostic, FluxioError, Severity
from .model import Project
from .pipeline import parse_file
from .read.files import shown

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class _Usage(Exception):
    """A usage or I/O problem: exit status 2."""


class _Interrupted(BaseException):
    """SIGINT/SIGTERM/SIGHUP arrived while ``extract`` was writing (cleaned up, then exit)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _load(path: str, err: TextIO) -> Project:
    try:
        project = parse_file(path)
    except OSError as exc:
        raise _Usage(f"{shown(path)}: cannot read: {_reason(exc)}") from None
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
    out.write(json.dumps(result, indent=2, ensure_ascii=not _writes_utf8(out)) + "\n")
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# extract: never lose a file
# ---------------------------------------------------------------------------------------------

# Temporaries are ``.<target>.fluxio-tmp-<pid>-<random>`` beside their target: recognisable, so
# a later run removes those a killed process (SIGKILL, power loss) left behind.
_TEMPORARY = re.compile(r"\A\..+\.fluxio-tmp-(\d+)-[0-9a-f]+\Z")
_PENDING: Set[str] = set()  # temporaries of this process, removed when a signal interrupts it


def _extract(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    project = _load(args.file, err)
    plan: List[Tuple[str, Optional[str], Optional[str]]] = []  # (task, target, text)
    for name, task in project.tasks.items():
        text = task.run_module_source
        plan.append((name, None if text is None else os.path.join(args.out, f"{name}.py"), text))
    _refuse_unsafe_targets(args.file, args.out, [target for _, target, _ in plan if target])
    with _writing(args.out):
        os.makedirs(args.out, exist_ok=True)
        _remove_stale_temporaries(args.out)
    mode = 0o666 & ~_umask()
    with _cleanup_on_signals():
        for name, target, text in plan:
            if target is None or text is None:
                print(f"skipped {name}: no run method ({project.tasks[name].service})", file=out)
                continue
            with _writing(args.out):
                _write_atomically(target, text, mode)
            print(f"wrote {shown(target)}", file=out)
    return EXIT_OK


@contextlib.contextmanager
def _writing(folder: str) -> Iterator[None]:
    """A failure to write into the output folder is a usage error naming the folder (output
    to stdout failing is reported by :func:`main`)."""
    try:
        yield
    except OSError as exc:
        raise _Usage(f"{shown(folder)}: cannot write: {_reason(exc)}") from None


def _writes_utf8(stream: TextIO) -> bool:
    """Whether a stream encodes UTF-8 (in-memory streams have no encoding: they hold text).
    JSON for any other encoding is written with ``\\u`` escapes, the same document in ASCII."""
    encoding = getattr(stream, "encoding", None)
    try:
        return encoding is None or codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def _refuse_unsafe_targets(project_file: str, folder: str, targets: List[str]) -> None:
    """Check every target before writing any: none may be the project file (the same inode:
    hard links and symbolic links included), a link, or anything but a regular file."""
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise _Usage(f"{shown(folder)}: cannot write: not a directory")
    source = os.stat(project_file)
    for target in targets:
        try:
            found = os.lstat(target)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as exc:
            raise _Usage(f"{shown(target)}: cannot write: {_reason(exc)}") from None
        pointed = os.stat(target) if stat.S_ISLNK(found.st_mode) and os.path.exists(target) else found
        if any((s.st_dev, s.st_ino) == (source.st_dev, source.st_ino) for s in (found, pointed)):
            raise _Usage(
                f"{shown(target)}: is the project file {shown(project_file)} itself; "
                "nothing written (choose another --out)"
            )
        if stat.S_ISLNK(found.st_mode):
            raise _Usage(
                f"{shown(target)}: is a symbolic link; nothing written (extract replaces files only)"
            )
        if not stat.S_ISREG(found.st_mode):
            raise _Usage(f"{shown(target)}: is not a regular file; nothing written")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _remove_stale_temporaries(folder: str) -> None:
    """Remove the temporaries of extract runs that were killed (their process is gone)."""
    for entry in os.listdir(folder):
        match = _TEMPORARY.match(entry)
        if match and not _alive(int(match.group(1))):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(folder, entry))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or no way to know: leave its file alone
    return True


def _write_atomically(path: str, text: str, new_mode: int) -> None:
    """Write through a temporary file in the same folder, synced, then rename: the target is
    the old file or the new one, never half-written. An existing file keeps its mode."""
    folder = os.path.dirname(path) or "."
    temporary = os.path.join(
        folder, f".{os.path.basename(path)}.fluxio-tmp-{os.getpid()}-{secrets.token_hex(4)}"
    )
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = new_mode
    _PENDING.add(temporary)
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
        descriptor = os.open(temporary, flags, 0o600)
        with open(descriptor, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.chmod(temporary, mode)
            os.fsync(stream.fileno())
        os.replace(temporary, path)
        _PENDING.discard(temporary)
    except BaseException:
        _remove_pending()
        raise
    _sync_folder(folder)


def _remove_pending() -> None:
    for temporary in sorted(_PENDING):
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    _PENDING.clear()


def _sync_folder(folder: str) -> None:
    """Make the rename durable (POSIX: sync the folder); not possible everywhere."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def _cleanup_on_signals() -> Iterator[None]:
    """While writing, a signal raises :class:`_Interrupted`, so the temporary is removed on the
    way out (the default SIGTERM action would kill the process with the file still there)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise _Interrupted(signum)

    previous = {number: signal.signal(number, interrupt) for number in _SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


# ---------------------------------------------------------------------------------------------
# check: files and folders
# ---------------------------------------------------------------------------------------------

# Files ``check`` finds in a folder (``project.sfn``: Fluxio's production name), and folders it
# does not enter (besides hidden ones), as ruff skips them.
_PROJECT_NAMES = frozenset({"project.py", "project.sfn"})
_SKIPPED_FOLDERS = frozenset({"__pycache__", "node_modules", "venv", "site-packages"})


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    found: List[Diagnostic] = []
    rendered: List[str] = []
    status = EXIT_OK
    paths = _checked_paths(args.files)
    for path, problem in paths:
        try:
            if problem is not None:
                raise problem
            project = parse_file(path)
            for machine in project.state_machines.values():
                machine.to_asl()  # what `compile` would find too (internal errors included)
            found.extend(project.warnings)
            rendered.extend(project.render_warnings())
        except FluxioError as exc:
            found.extend(exc.diagnostics)
            rendered.append(exc.render())
            status = max(status, EXIT_INVALID)
        except OSError as exc:
            unreadable = _unreadable(path, exc)
            found.append(unreadable)
            rendered.append(unreadable.render())
            status = EXIT_USAGE
    if args.format == "json":
        out.write(json.dumps([d.as_json() for d in found], indent=2) + "\n")
    else:
        for text in rendered:
            print(text, file=out)
        errors = sum(d.severity.value == "error" for d in found)
        print(f"{errors} error(s), {len(found) - errors} warning(s) in {len(paths)} file(s)", file=out)
    return status


def _unreadable(path: str, exc: OSError) -> Diagnostic:
    """A path ``check`` cannot read, as a diagnostic located at the path itself."""
    return Diagnostic(
        Code.UNREADABLE.value, Severity.ERROR, f"cannot read: {_reason(exc)}", shown(path), 1, 0, 1, 0
    )


def _checked_paths(arguments: Sequence[str]) -> List[Tuple[str, Optional[OSError]]]:
    """The files to check, in a deterministic order: each file given, and the project files of
    each folder given (sorted, walked top-down); a folder that cannot be listed is reported."""
    paths: List[Tuple[str, Optional[OSError]]] = []
    seen: Set[str] = set()

    def add(path: str, problem: Optional[OSError] = None) -> None:
        if os.path.normpath(path) not in seen:
            seen.add(os.path.normpath(path))
            paths.append((path, problem))

    def unlistable(exc: OSError) -> None:
        add(exc.filename, exc)

    for argument in arguments:
        if not os.path.isdir(argument):
            add(argument)
            continue
        for folder, folders, files in os.walk(argument, onerror=unlistable):
            folders[:] = sorted(f for f in folders if not f.startswith(".") and f not in _SKIPPED_FOLDERS)
            for name in sorted(files):
                if name in _PROJECT_NAMES:
                    add(os.path.join(folder, name))
    return paths


def _graph(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .diagram import machines_to_dot, machines_to_mermaid

    project = _load(args.file, err)
    names = _select(project, args.state_machine, False)
    machines = {name: project.state_machines[name].to_asl() for name in names}
    stem = os.path.splitext(os.path.basename(project.path))[0] or "state_machines"
    out.write(machines_to_dot(machines, stem) if args.format == "dot" else machines_to_mermaid(machines))
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
    check = commands.add_parser(
        "check", help="report every problem of the files (folders: their project.py/project.sfn files)"
    )
    check.add_argument("files", nargs="+", metavar="PATH")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(run=_check)
    graph = commands.add_parser("graph", help="draw the state machines (Mermaid or DOT), one document")
    graph.add_argument("file")
    graph.add_argument("--state-machine", metavar="NAME")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    graph.set_defaults(run=_graph)
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
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed usage
        return EXIT_USAGE if exc.code else EXIT_OK
    if out is None:
        print("fluxio-cst: error: standard output is closed", file=err)
        return EXIT_USAGE
    run: Callable[[argparse.Namespace, TextIO, TextIO], int] = args.run
    try:
        status = run(args, out, err)
        out.flush()
        return status
    except FluxioError as exc:
        print(exc.render(), file=err)
        return EXIT_INVALID
    except _Usage as exc:
        print(f"fluxio-cst: error: {exc}", file=err)
        return EXIT_USAGE
    except _Interrupted as exc:
        print(f"fluxio-cst: interrupted by signal {exc.signum}; nothing half-written left", file=err)
        return 128 + exc.signum
    except KeyboardInterrupt:  # Ctrl-C while reading or compiling: nothing was being written
        print("fluxio-cst: interrupted", file=err)
        return 128 + signal.SIGINT
    except (OSError, UnicodeEncodeError) as exc:  # writing the output failed
        reason = _reason(exc) if isinstance(exc, OSError) else f"{exc.encoding} cannot encode the output"
        print(f"fluxio-cst: error: cannot write the output: {reason}", file=err)
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
