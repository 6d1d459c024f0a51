"""``check``'s report in each ``--format``: text, json, github and sarif.

Every format reports the same problems (those :class:`~.rules.Rules` keep), so the exit status
does not depend on the format. ``text`` is each problem as the compiler renders it (source line
and caret), then a count (none with ``-q``); ``json`` a list of
:meth:`~fluxio_cst.diagnostics.Diagnostic.as_json`; ``github`` one workflow command per problem,
which GitHub Actions shows as an annotation on the line; ``sarif`` a SARIF 2.1.0 log
(:mod:`.sarif`) for code scanning.
"""

from __future__ import annotations

import json
from typing import List, Mapping, Sequence, TextIO, Tuple, TypeVar

from ..diagnostics import Diagnostic, Severity
from .commands import EXIT_OK
from .many import Checked
from .rules import Rules

T = TypeVar("T")


def report_problems(
    results: List[Tuple[str, Checked[T]]],
    form: str,
    out: TextIO,
    rules: Mapping[str, Rules],
    quiet: bool = False,
) -> int:
    """Print the reported problems of every result in ``form`` (each path's by its ``rules``:
    a path without is reported whole); the worst status."""
    kept = [rules.get(path, Rules()).applied(result) for path, result in results]
    found = [d for result in kept for d in result.diagnostics]
    if form == "json":
        out.write(json.dumps([d.as_json() for d in found], indent=2) + "\n")
    elif form == "github":
        out.write("".join(f"{github_annotation(d)}\n" for d in found))
    elif form == "sarif":
        from .sarif import sarif_log

        out.write(json.dumps(sarif_log(found), indent=2) + "\n")
    else:
        for result in kept:
            for text in result.rendered:
                print(text, file=out)
        if not quiet:
            print(_count(found, len(results)), file=out)
    return max((result.status for result in kept), default=EXIT_OK)


def _count(found: Sequence[Diagnostic], files: int) -> str:
    errors = sum(d.severity is Severity.ERROR for d in found)
    return f"{errors} error(s), {len(found) - errors} warning(s) in {files} file(s)"


def github_annotation(diagnostic: Diagnostic) -> str:
    """``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=FX404::message``, escaped as
    GitHub's toolkit escapes workflow commands (columns 1-based)."""
    properties = {
        "file": diagnostic.path,
        "line": diagnostic.line,
        "col": diagnostic.column + 1,
        "endLine": diagnostic.end_line,
        "endColumn": diagnostic.end_column + 1,
        "title": diagnostic.code,
    }
    listed = ",".join(f"{key}={_escaped_property(str(value))}" for key, value in properties.items())
    return f"::{diagnostic.severity.value} {listed}::{_escaped_data(diagnostic.message)}"


def _escaped_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escaped_property(text: str) -> str:
    return _escaped_data(text).replace(":", "%3A").replace(",", "%2C")
