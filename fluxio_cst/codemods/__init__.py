"""Codemods: refactor Fluxio project files in place, changing only the bytes that must change.

Each command is a LibCST codemod (:class:`~.base.FluxioCodemod`), one per module of
:mod:`.commands`, run three ways: ``fluxio-cst codemod NAME PATH…``, ``python -m libcst.tool
codemod pin_keys.PinKeys PATH…`` (with :mod:`.commands` listed in ``.libcst.codemod.yaml``),
and from Python with :func:`transform` or the function named after the command
(``pin_keys(source)``), for the artifact builder. :mod:`.base` is what they share,
:mod:`.pins` how state names are pinned, :mod:`.edits` the small edits in the file's style.
"""

from __future__ import annotations

from typing import Dict, Optional, Type, TypeVar

from libcst.codemod import CodemodContext

from ..read import read_module
from ..read.files import shown
from .base import FluxioCodemod, faithful
from .commands.pin_keys import PinKeys
from .commands.rename_task import RenameTask

Source = TypeVar("Source", str, bytes)

COMMANDS: Dict[str, Type[FluxioCodemod]] = {c.NAME: c for c in (PinKeys, RenameTask)}  # by name on the CLI


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


def rename_task(source: Source, old: str, new: str, pin: bool = True, path: Optional[str] = None) -> Source:
    """``source`` with the Task class ``old`` and its calls renamed ``new`` (:mod:`.rename_task`)."""
    return transform(RenameTask, source, path, old=old, new=new, pin=pin)
