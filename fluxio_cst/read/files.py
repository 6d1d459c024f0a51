"""Reading a project file from disk: regular files only, paths as messages print them.

Kept apart from decoding and parsing so that the CLI and the library refuse the same paths
(a FIFO, a device, a directory) the same way, before anything is read.
"""

from __future__ import annotations

import errno
import os
import stat


class NotARegularFile(OSError):
    """The path names a FIFO, a device, a socket or a directory: reading it could hang (a FIFO
    without a writer), never end (``/dev/zero``) or mean nothing (a directory)."""


_KINDS = (
    (stat.S_ISDIR, errno.EISDIR, "is a directory"),
    (stat.S_ISFIFO, errno.EINVAL, "is a FIFO, not a regular file"),
    (stat.S_ISCHR, errno.EINVAL, "is a character device, not a regular file"),
    (stat.S_ISBLK, errno.EINVAL, "is a block device, not a regular file"),
    (stat.S_ISSOCK, errno.EINVAL, "is a socket, not a regular file"),
)


def read_regular_file(path: str) -> bytes:
    """The bytes of a regular file; :class:`NotARegularFile` for anything else.

    Opened without blocking (opening a FIFO for reading waits for a writer) and checked on the
    open descriptor, so what is read is what was checked.
    """
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(path, flags)
    with open(descriptor, "rb", closefd=True) as handle:
        mode = os.fstat(descriptor).st_mode
        for test, number, what in _KINDS:
            if test(mode):
                raise NotARegularFile(number, what, path)
        if not stat.S_ISREG(mode):
            raise NotARegularFile(errno.EINVAL, "is not a regular file", path)
        return handle.read()


def shown(path: str) -> str:
    """A path as messages print it: bytes of a file name that are not UTF-8 (kept by Python as
    surrogate escapes, and unprintable as such) are written ``\\xNN``."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no file name decodes to: escaped as itself
        return path.encode("utf-8", "backslashreplace").decode("utf-8")
