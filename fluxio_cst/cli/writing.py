"""Writing a file so that it is never lost: the one writer of ``extract``, ``codemod`` and
``check --fix``.

A file is written to a temporary beside it (same folder, so the rename stays on one file
system), synced and renamed over the target: the target is the old file or the new one, never
half-written, and an existing file keeps its permission bits. A signal while writing (inside
:func:`cleanup_on_signals`) raises :class:`~.commands.Interrupted` after the temporary is
removed; temporaries a killed run (SIGKILL, power loss) left behind are recognisable by name
and removed by the next run that writes into their folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import stat
import threading
from typing import Iterator, Optional, Set

from .commands import Interrupted

# Temporaries are ``.<target>.fluxio-tmp-<pid>-<random>`` beside their target.
_TEMPORARY = re.compile(r"\A\..+\.fluxio-tmp-(\d+)-[0-9a-f]+\Z")
_PENDING: Set[str] = set()  # temporaries of this process, removed when a signal interrupts it
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


def new_file_mode() -> int:
    """The mode ``open()`` would give a new file (``0o666`` less the umask)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomically(path: str, data: bytes, new_mode: Optional[int] = None) -> None:
    """Write ``data`` through a synced temporary in the same folder, then rename it over
    ``path``. An existing file keeps its mode; a new one gets ``new_mode`` (default: as
    ``open()`` would). On any error or signal the temporary is removed and ``path`` is as it was."""
    folder = os.path.dirname(path) or "."
    name = f".{os.path.basename(path)}.fluxio-tmp-{os.getpid()}-{secrets.token_hex(4)}"
    temporary = os.path.join(folder, name)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = new_file_mode() if new_mode is None else new_mode
    _PENDING.add(temporary)
    try:
        descriptor = os.open(temporary, _NEW_FILE, 0o600)
        with open(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.chmod(temporary, mode)
            os.fsync(stream.fileno())
        os.replace(temporary, path)
        _PENDING.discard(temporary)
    except BaseException:
        _remove_pending()
        raise
    _sync_folder(folder)


def remove_stale_temporaries(folder: str) -> None:
    """Remove the temporaries of runs that were killed (their process is gone)."""
    for entry in os.listdir(folder):
        match = _TEMPORARY.match(entry)
        if match and not _alive(int(match.group(1))):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(folder, entry))


@contextlib.contextmanager
def cleanup_on_signals() -> Iterator[None]:
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
