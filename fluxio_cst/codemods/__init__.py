"""Codemods: refactor Fluxio project files in place, changing only the bytes that must change.

Each command is a LibCST codemod (:class:`~.base.FluxioCodemod`), one per module, run three
ways: ``fluxio-cst codemod NAME PATH…``, ``python -m libcst.tool codemod
fluxio_cst.codemods.<module>.<Command> PATH…``, and from Python with :func:`transform` or the
function named after the command (``pin_keys(source)``), for the artifact builder.
"""

from __future__ import annotations

from typing import Dict, Optional, Type, TypeVar

from libcst.codemod import CodemodContext

from ..read import read_module
from ..read.files import shown
from .base import FluxioCodemod, faithful
from .pin_keys import PinKeys

Source = TypeVar("Source", str, bytes)

COMMANDS: Dict[str, Type[FluxioCodemod]] = {c.NAME: c for c in (PinKeys,)}  # by name on the CLI


def transform(
    command: Type[FluxioCodemod], source: Source, path: Optional[str] = None, **args: object
) -> Source:
    """``source`` (text, or bytes decoded as Python does) rewritten by ``command``; the same
    type comes back (bytes keep the file's encoding). Raises :class:`~fluxio_cst.FluxioError`
    when the file cannot be read or the result would not compile, and nothing is changed."""
    display = shown(path) if path is not None else "<string>"
    module = faithful(read_module(source, display), source, display)
    result = command(CodemodContext(filename=path), **args).transform_module(module)
    return result.code if isinstance(source, str) else result.bytes


def pin_keys(source: Source, path: Optional[str] = None) -> Source:
    """``source`` with every generated state name pinned (:mod:`.pin_keys`)."""
    return transform(PinKeys, source, path)
