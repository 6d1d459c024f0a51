"""``fluxio-cst extract``: each task's ``run`` method as a module, and never a file lost.

Every target is checked before any is written (never a project file given, never through a
symbolic link); each is written to a temporary beside it, synced and renamed, so a target is
the old file or the new one, never half-written, and keeps its mode. A signal while writing
removes the temporary; temporaries a killed run left behind are removed by the next one.

Several paths (folders walked like ``check`` walks them) write each project into its own
folder of ``--out``, named after the file (a ``project.py`` after its folder); two files that
would share one are refused before anything is read. Files are parsed in ``-j`` worker
processes, each returning its modules as text; this process writes them, in input order.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import signal
import stat
import threading
from typing import Dict, Iterator, List, Optional, Sequence, Set, TextIO, Tuple

from ..model import Project
from ..read.files import shown
from .commands import EXIT_OK, EXIT_USAGE, Interrupted, Usage, load, reason, usage_line
from .many import PROJECT_NAMES, Checked, Paths, each_file, jobs, parsed, project_paths, several, warned

# Temporaries are ``.<target>.fluxio-tmp-<pid>-<random>`` beside their target: recognisable, so
# a later run removes those a killed process (SIGKILL, power loss) left behind.
_TEMPORARY = re.compile(r"\A\..+\.fluxio-tmp-(\d+)-[0-9a-f]+\Z")
_PENDING: Set[str] = set()  # temporaries of this process, removed when a signal interrupts it

Plan = Tuple[Tuple[str, Optional[str], str], ...]  # (task, run_module_source or None, service)


def extract_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    processes = jobs(args)  # -j is checked whether or not there are several files
    if several(args.files):
        return _extract_many(args, processes, out, err)
    _write_project(_plan(load(args.files[0], err)), args.out, args.files, out)
    return EXIT_OK


def extract_file(path: str) -> Checked[Plan]:
    """One file's modules (run in a worker process by ``-j``)."""
    return parsed(path, lambda project: warned(project, _plan(project)))


def _plan(project: Project) -> Plan:
    return tuple((name, task.run_module_source, task.service) for name, task in project.tasks.items())


def _extract_many(args: argparse.Namespace, processes: int, out: TextIO, err: TextIO) -> int:
    paths = project_paths(args.files)
    folders = _folders(paths, args.out)
    status = EXIT_OK
    for path, result in each_file(paths, extract_file, processes):
        for text in result.rendered:
            print(text, file=err)
        status = max(status, result.status)
        if result.value is not None:
            try:
                _write_project(result.value, folders[path], [p for p, _ in paths], out)
            except Usage as exc:
                print(usage_line(exc), file=err)
                status = max(status, EXIT_USAGE)
    return status


def _folders(paths: Paths, out: str) -> Dict[str, str]:
    """The folder of ``out`` each file is written to; refused when two files share one."""
    folders: Dict[str, str] = {}
    owners: Dict[str, str] = {}
    for path, _ in paths:
        name = os.path.basename(path)
        if name in PROJECT_NAMES:
            name = os.path.basename(os.path.dirname(os.path.abspath(path))) or name
        folder = os.path.join(out, os.path.splitext(name)[0])
        key = os.path.normcase(folder)  # Windows: names that differ in case are one folder
        if key in owners:
            raise Usage(
                f"{shown(owners[key])} and {shown(path)} would both be written to {shown(folder)}; "
                "nothing written (extract them one at a time)"
            )
        owners[key], folders[path] = path, folder
    return folders


def _write_project(plan: Plan, folder: str, sources: Sequence[str], out: TextIO) -> None:
    targets = [os.path.join(folder, f"{name}.py") for name, text, _ in plan if text is not None]
    _refuse_unsafe_targets(sources, folder, targets)
    with _writing(folder):
        os.makedirs(folder, exist_ok=True)
        _remove_stale_temporaries(folder)
    mode = 0o666 & ~_umask()
    with _cleanup_on_signals():
        for name, text, service in plan:
            if text is None:
                print(f"skipped {name}: no run method ({service})", file=out)
                continue
            target = os.path.join(folder, f"{name}.py")
            with _writing(folder):
                _write_atomically(target, text, mode)
            print(f"wrote {shown(target)}", file=out)


@contextlib.contextmanager
def _writing(folder: str) -> Iterator[None]:
    """A failure to write into the output folder is a usage error naming the folder (output
    to stdout failing is reported by :func:`main`)."""
    try:
        yield
    except OSError as exc:
        raise Usage(f"{shown(folder)}: cannot write: {reason(exc)}") from None


def _refuse_unsafe_targets(sources: Sequence[str], folder: str, targets: List[str]) -> None:
    """Check every target before writing any: none may be a project file given (the same
    inode: hard links and symbolic links included), a link, or anything but a regular file."""
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise Usage(f"{shown(folder)}: cannot write: not a directory")
    identities = _identities(sources)
    for target in targets:
        try:
            found = os.lstat(target)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as exc:
            raise Usage(f"{shown(target)}: cannot write: {reason(exc)}") from None
        pointed = os.stat(target) if stat.S_ISLNK(found.st_mode) and os.path.exists(target) else found
        for s in (found, pointed):
            if (s.st_dev, s.st_ino) in identities:
                raise Usage(
                    f"{shown(target)}: is the project file {shown(identities[s.st_dev, s.st_ino])} itself; "
                    "nothing written (choose another --out)"
                )
        if stat.S_ISLNK(found.st_mode):
            raise Usage(f"{shown(target)}: is a symbolic link; nothing written (extract replaces files only)")
        if not stat.S_ISREG(found.st_mode):
            raise Usage(f"{shown(target)}: is not a regular file; nothing written")


def _identities(sources: Sequence[str]) -> Dict[Tuple[int, int], str]:
    """The project files given, by (device, inode): those that exist."""
    found: Dict[Tuple[int, int], str] = {}
    for source in sources:
        with contextlib.suppress(OSError):
            status = os.stat(source)
            found.setdefault((status.st_dev, status.st_ino), source)
    return found


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
    """While writing, a signal raises :class:`Interrupted`, so the temporary is removed on the
    way out (the default SIGTERM action would kill the process with the file still there)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise Interrupted(signum)

    previous = {number: signal.signal(number, interrupt) for number in _SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
