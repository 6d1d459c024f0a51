"""``check --format sarif``: the problems as a SARIF 2.1.0 log, for code scanning.

One run of one tool (``fluxio-cst`` and its version); its rules are the codes the run reported,
each with its meaning (:data:`~fluxio_cst.meanings.MEANINGS`) as the short description, and
each problem is a result naming its rule, its level (``error``/``warning``) and its region,
columns 1-based as SARIF counts them. Files are named by their path relative to the current
folder, with forward slashes, as code scanning matches them to the repository's files.
Checked against the published OASIS schema in ``tests/test_cli_formats.py``.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Sequence

from ..codes import Code
from ..diagnostics import Diagnostic
from ..meanings import MEANINGS
from .parser import version

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def sarif_log(found: Sequence[Diagnostic]) -> Dict[str, Any]:
    """The SARIF log of ``found``, as plain JSON data."""
    codes = sorted({d.code for d in found})
    driver = {"name": "fluxio-cst", "version": version(), "rules": [_rule(code) for code in codes]}
    results = [_result(d, codes.index(d.code)) for d in found]
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [{"tool": {"driver": driver}, "results": results}]}


def _rule(code: str) -> Dict[str, Any]:
    return {"id": code, "shortDescription": {"text": MEANINGS[Code(code)]}}


def _result(diagnostic: Diagnostic, rule: int) -> Dict[str, Any]:
    region = {
        "startLine": diagnostic.line,
        "startColumn": diagnostic.column + 1,
        "endLine": diagnostic.end_line,
        "endColumn": diagnostic.end_column + 1,
    }
    location = {"physicalLocation": {"artifactLocation": {"uri": _uri(diagnostic.path)}, "region": region}}
    return {
        "ruleId": diagnostic.code,
        "ruleIndex": rule,
        "level": diagnostic.severity.value,
        "message": {"text": diagnostic.message},
        "locations": [location],
    }


def _uri(path: str) -> str:
    """A relative reference for a path under the current folder, else the absolute path's."""
    relative = os.path.relpath(os.path.abspath(path)) if not path.startswith("<") else path
    if relative.startswith(".."):
        absolute = os.path.abspath(path).replace(os.sep, "/")
        return "file://" + _quoted(absolute if absolute.startswith("/") else f"/{absolute}")
    return _quoted(relative.replace(os.sep, "/"))


def _quoted(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/:")
