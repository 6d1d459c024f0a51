"""``fluxio-cst dump FILE``: the whole model of one project file as JSON (see :mod:`..dump`).

``--schema`` prints the JSON Schema the output follows instead, so a builder in another
language can generate its types from, or validate against, the very file this version ships.
A file that does not compile prints its diagnostics on stderr and nothing on stdout (status 1),
as ``compile`` does.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from ..dump import dump, schema
from .commands import EXIT_OK, Usage, load, writes_utf8


def dump_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.schema:
        _print_json(schema(), out)
        return EXIT_OK
    if args.file is None:
        raise Usage("dump: give FILE (or --schema)")
    _print_json(dump(load(args.file, err)), out)
    return EXIT_OK


def _print_json(document: Any, out: TextIO) -> None:
    out.write(json.dumps(document, indent=2, ensure_ascii=not writes_utf8(out)) + "\n")
