"""``fluxio-cst migrate``: where switching from fluxio-parser 1.0.0 changes what is deployed.

One line per finding, position first (``path:line:col: D4 machine main state Fetch: …``), the
fix's number right after the position so that a reader can look it up in the README; the files
the old parser could not compile at all are said first, since nothing of them was deployed.
``--format json`` writes every file's report as one JSON list. A file fluxio_cst itself cannot
compile has its diagnostics and makes the exit status 1; differences are what the command
reports, not failures, so they leave it 0.
"""

from __future__ import annotations

import argparse
import json
from typing import List, TextIO

from ..migrate.findings import FILE, Finding
from ..migrate.report import FileReport, report
from .commands import EXIT_INVALID, EXIT_OK
from .many import Checked, each_file, jobs, project_paths, unreadable
from .stdin import display, read_input

NEVER_DEPLOYED = "the old parser could not compile this file; nothing of it was deployed"


def migrate_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    results = each_file(project_paths(args.files), migrate_file, jobs(args))
    reports = [result.value for _, result in results if result.value is not None]
    if args.format == "json":
        out.write(json.dumps([r.to_json() for r in reports], indent=2, ensure_ascii=False) + "\n")
        for _, result in results:
            if result.value is None:  # unreadable: not a report
                print(*result.rendered, sep="\n", file=err)
    else:
        for _, result in results:
            for line in result.rendered:
                print(line, file=out)
        if not args.quiet:
            unreadable_files = sum(result.value is None for _, result in results)
            print(_summary(reports, len(results), unreadable_files), file=out)
    return max((result.status for _, result in results), default=EXIT_OK)


def migrate_file(path: str) -> Checked[FileReport]:
    """One file's report (run in a worker process by ``-j``)."""
    try:
        source = read_input(path)
    except OSError as exc:
        return unreadable(path, exc)
    found = report(source, display(path))
    if found.errors:
        lines = tuple(d.render() for d in found.errors)
        return Checked(found.errors, lines, EXIT_INVALID, found)
    return Checked((), tuple(_lines(found)), EXIT_OK, found)


def _lines(found: FileReport) -> List[str]:
    lines = [_line(found.path, f) for f in found.old_failures]
    if lines:
        lines.insert(
            0, f"{found.path}: the old parser could not compile this file; nothing of it was deployed"
        )
    lines += [_line(found.path, f) for f in found.differences]
    return lines


def _line(path: str, finding: Finding) -> str:
    place = "" if finding.place == FILE else f"{finding.place}: "
    return f"{path}:{finding.line}:{finding.column + 1}: {finding.fix} {place}{finding.message}"


def _summary(reports: List[FileReport], files: int, unreadable_files: int) -> str:
    differences = sum(len(r.differences) for r in reports)
    old_failed = sum(bool(r.old_failures) for r in reports)
    errors = sum(bool(r.errors) for r in reports) + unreadable_files
    return (
        f"{differences} difference(s) from fluxio-parser 1.0.0 in {files} file(s); "
        f"{old_failed} file(s) the old parser could not compile, {errors} with errors"
    )
