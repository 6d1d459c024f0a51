"""``fluxio-cst extract``: each task's ``run`` method as a module, and never a file lost.

Every target is checked before any is written (never a project file given, never through a
symbolic link); each is written by :func:`~.writing.write_atomically`, so a target is the old
file or the new one, never half-written, and keeps its mode.

Several paths (folders walked like ``check`` walks them) write each project into its own
folder of ``--out``, named after the file (a ``project.py`` after its folder); two files that
would share one are refused before anything is read. Files are parsed in ``-j`` worker
processes, each returning its modules as text; this process writes them, in input order.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
from typing import Dict, Iterator, List, Optional, Sequence, TextIO, Tuple

from ..model import Project
from ..read.files import shown
from .commands import EXIT_OK, EXIT_USAGE, Usage, load, reason, usage_line
from .config import PROJECT_NAMES
from .many import Checked, Paths, each_file, jobs, parsed, project_paths, several, warned
from .writing import cleanup_on_signals, new_file_mode, remove_stale_temporaries, write_atomically

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
        remove_stale_temporaries(folder)
    mode = new_file_mode()
    with cleanup_on_signals():
        for name, text, service in plan:
            if text is None:
                print(f"skipped {name}: no run method ({service})", file=out)
                continue
            target = os.path.join(folder, f"{name}.py")
            with _writing(folder):
                write_atomically(target, text.encode("utf-8"), mode)
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
