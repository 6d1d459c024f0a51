"""``fluxio-cst extract``: each task's ``run`` method as a module, and never a file lost.

Every target is checked before any is written (never the project file itself, never through a
symbolic link); each is written to a temporary beside it, synced and renamed, so a target is
the old file or the new one, never half-written, and keeps its mode. A signal while writing
removes the temporary; temporaries a killed run left behind are removed by the next one.
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
from typing import Iterator, List, Optional, Set, TextIO, Tuple

from ..read.files import shown
from .commands import EXIT_OK, Interrupted, Usage, load, reason

# Temporaries are ``.<target>.fluxio-tmp-<pid>-<random>`` beside their target: recognisable, so
# a later run removes those a killed process (SIGKILL, power loss) left behind.
_TEMPORARY = re.compile(r"\A\..+\.fluxio-tmp-(\d+)-[0-9a-f]+\Z")
_PENDING: Set[str] = set()  # temporaries of this process, removed when a signal interrupts it


def extract_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    project = load(args.file, err)
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
        raise Usage(f"{shown(folder)}: cannot write: {reason(exc)}") from None


def _refuse_unsafe_targets(project_file: str, folder: str, targets: List[str]) -> None:
    """Check every target before writing any: none may be the project file (the same inode:
    hard links and symbolic links included), a link, or anything but a regular file."""
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise Usage(f"{shown(folder)}: cannot write: not a directory")
    source = os.stat(project_file)
    for target in targets:
        try:
            found = os.lstat(target)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as exc:
            raise Usage(f"{shown(target)}: cannot write: {reason(exc)}") from None
        pointed = os.stat(target) if stat.S_ISLNK(found.st_mode) and os.path.exists(target) else found
        if any((s.st_dev, s.st_ino) == (source.st_dev, source.st_ino) for s in (found, pointed)):
            raise Usage(
                f"{shown(target)}: is the project file {shown(project_file)} itself; "
                "nothing written (choose another --out)"
            )
        if stat.S_ISLNK(found.st_mode):
            raise Usage(f"{shown(target)}: is a symbolic link; nothing written (extract replaces files only)")
        if not stat.S_ISREG(found.st_mode):
            raise Usage(f"{shown(target)}: is not a regular file; nothing written")


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
