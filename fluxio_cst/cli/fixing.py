"""``fluxio-cst check --fix`` and ``check --diff``: the problems' mechanical fixes, ruff-style.

Each file is one job (``-j``): the ``fix`` codemod (:data:`~fluxio_cst.codemods.COMMANDS`
``["fix"]``) runs on the file's bytes, and the problems that remain are those of the fixed
bytes, found as ``check`` finds them. ``--fix`` writes each fixed file atomically (mode kept,
no formatter), then reports what remains as ``check`` does and how many problems were fixed;
``--diff`` prints the fixes as unified diffs, writes nothing, and exits 1 when there is
something to fix. A file the codemod cannot fix is reported as it is, unchanged. Standard
input (``-``, alone) is fixed as ruff fixes it: the whole fixed text on standard output.
"""

from __future__ import annotations

import argparse
import functools
import io
import tokenize
from dataclasses import dataclass
from typing import Mapping, Optional, TextIO

from ..diagnostics import FluxioError
from ..pipeline import compile_tree
from ..read import read_module
from .commands import EXIT_INVALID, EXIT_OK, EXIT_USAGE, Usage
from .many import Checked, each_file, jobs, parsed, project_paths, unreadable, warned
from .problems import report_problems
from .rewrite import Rewrite, apply, changes, rewritten_source
from .rules import Rules
from .stdin import STDIN, display, read_input


@dataclass(frozen=True)
class Fixing:
    """What fixing one file gave: the new bytes (none: nothing to fix), how many problems."""

    rewrite: Optional[Rewrite]
    fixed: int


def fix_command(args: argparse.Namespace, out: TextIO, err: TextIO, rules: Mapping[str, Rules]) -> int:
    if STDIN in args.files:
        return _fix_stdin(args, out, err, rules)
    work = functools.partial(fixed_file, diff=args.diff)
    results = each_file(project_paths(args.files), work, jobs(args))
    fixed = sum(result.value.fixed for _, result in results if result.value is not None)
    rewrites = [(path, _as_rewrite(result)) for path, result in results]
    written = apply(rewrites, args.diff, out, err)
    if args.diff:
        if not args.quiet:
            print(f"Would fix {fixed} problem(s)", file=err)
        unread = max((result.status for _, result in results if result.status == EXIT_USAGE), default=EXIT_OK)
        return max(written, unread, EXIT_INVALID if changes(rewrites) else EXIT_OK)
    status = report_problems(results, args.format, out, rules, args.quiet)
    if not args.quiet:
        print(f"Fixed {fixed} problem(s)", file=out if args.format == "text" else err)
    return max(status, written)


def _fix_stdin(args: argparse.Namespace, out: TextIO, err: TextIO, rules: Mapping[str, Rules]) -> int:
    """``check --fix -`` (ruff's way): the fixed text on standard output, whole, and what
    remains on standard error; ``--diff -``: the diff, and status 1 when there is a fix."""
    if len(args.files) > 1:
        raise Usage("`-` is fixed alone: its fixed text is what standard output prints")
    result = fixed_file(STDIN, args.diff)
    rewrite = result.value.rewrite if result.value is not None else None
    if args.diff:
        out.write(rewrite.diff if rewrite is not None else "")
        return EXIT_USAGE if result.status == EXIT_USAGE else EXIT_INVALID if rewrite else EXIT_OK
    if result.status != EXIT_USAGE:
        _write_bytes(rewrite.data if rewrite is not None else read_input(STDIN), out)
    status = report_problems([(STDIN, result)], args.format, err, rules, args.quiet)
    if not args.quiet:
        print(f"Fixed {result.value.fixed if result.value else 0} problem(s)", file=err)
    return status


def _write_bytes(data: bytes, out: TextIO) -> None:
    """The file's own bytes on a binary stream; decoded as Python reads it on a text one."""
    binary = getattr(out, "buffer", None)
    if binary is None:
        out.write(data.decode(tokenize.detect_encoding(io.BytesIO(data).readline)[0]))
        return
    out.flush()
    binary.write(data)
    binary.flush()


def fixed_file(path: str, diff: bool) -> Checked[Fixing]:
    """One file fixed (run in a worker process by ``-j``): the problems that remain after the
    fixes, and the fixed bytes."""
    try:
        before = read_input(path)
    except OSError as exc:
        return unreadable(path, exc)
    name = display(path)
    outcome = rewritten_source(name, before, "fix", {}, diff)
    rewrite = outcome.value if outcome.status == EXIT_OK else None
    after = rewrite.data if rewrite is not None else before
    fixing = Fixing(rewrite, _fixable(before, name) - _fixable(after, name)) if rewrite is not None else None
    remaining: Checked[None] = parsed(path, lambda project: warned(project, None), after)
    return Checked(remaining.diagnostics, remaining.rendered, remaining.status, fixing)  # errors left too


def _fixable(source: bytes, name: str) -> int:
    """How many of the file's problems carry a fix."""
    try:
        return len(compile_tree(read_module(source, name), name).fixes)
    except FluxioError:
        return 0


def _as_rewrite(result: Checked[Fixing]) -> Checked[Rewrite]:
    rewrite = result.value.rewrite if result.value is not None else None
    return Checked(result.diagnostics, result.rendered, result.status, rewrite)
