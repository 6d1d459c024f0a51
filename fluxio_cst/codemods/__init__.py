"""Codemods: refactor Fluxio project files in place, changing only the bytes that must change.

Each command is a LibCST codemod (:class:`~.base.FluxioCodemod`), one per module of
:mod:`.commands`, run three ways: ``fluxio-cst codemod NAME PATH…``, ``python -m libcst.tool
codemod pin_keys.PinKeys PATH…`` (with :mod:`.commands` listed in ``.libcst.codemod.yaml``),
and from Python with :func:`transform` or the function named after the command
(``pin_keys(source)``), for the artifact builder. :mod:`.base` is what they share,
:mod:`.pins` how state names are pinned, :mod:`.edits` the small edits in the file's style.
"""

from __future__ import annotations

from typing import Dict, Optional, Tuple, Type, TypeVar

from libcst.codemod import CodemodContext

from ..read import read_module
from ..read.files import shown
from .base import FROM_ITS_TEXT, FluxioCodemod, faithful
from .commands.fix import FixCommand
from .commands.pin_keys import PinKeys
from .commands.remove_attribute import RemoveAttribute
from .commands.rename_task import RenameTask
from .commands.set_attribute import SetAttribute
from .commands.set_timeout import SetTimeout

Source = TypeVar("Source", str, bytes)

_ALL = (PinKeys, RenameTask, SetAttribute, RemoveAttribute, SetTimeout, FixCommand)
COMMANDS: Dict[str, Type[FluxioCodemod]] = {c.NAME: c for c in _ALL}  # by name on the CLI


def transform(
    command: Type[FluxioCodemod], source: Source, path: Optional[str] = None, **args: object
) -> Source:
    """``source`` (text, or bytes decoded as Python does) rewritten by ``command``; the same
    type comes back (bytes keep the file's encoding). Raises :class:`~fluxio_cst.FluxioError`
    when the file cannot be read or the result would not compile, and nothing is changed."""
    return run(command, source, path, **args)[0]


def run(
    command: Type[FluxioCodemod], source: Source, path: Optional[str] = None, **args: object
) -> Tuple[Source, Tuple[str, ...]]:
    """:func:`transform`, and the warnings of the command (what it left as it was, and why)."""
    display = shown(path) if path is not None else "<string>"
    module = faithful(read_module(source, display), source, display)
    context = CodemodContext(filename=path, scratch={FROM_ITS_TEXT: True})
    result = command(context, **args).transform_module(module)
    written = result.code if isinstance(source, str) else result.bytes
    return written, tuple(context.warnings)


def pin_keys(source: Source, path: Optional[str] = None) -> Source:
    """``source`` with every generated state name pinned (:mod:`.commands.pin_keys`)."""
    return transform(PinKeys, source, path)


def rename_task(source: Source, old: str, new: str, pin: bool = True, path: Optional[str] = None) -> Source:
    """``source`` with the Task class ``old`` and its calls renamed ``new`` (:mod:`.commands.rename_task`)."""
    return transform(RenameTask, source, path, old=old, new=new, pin=pin)


def set_attribute(source: Source, task: str, name: str, value: str, path: Optional[str] = None) -> Source:
    """``source`` with ``name = value`` in the Task class ``task`` (:mod:`.commands.set_attribute`)."""
    return transform(SetAttribute, source, path, task=task, name=name, value=value)


def remove_attribute(source: Source, task: str, name: str, path: Optional[str] = None) -> Source:
    """``source`` without the attribute ``name`` of ``task`` (:mod:`.commands.remove_attribute`)."""
    return transform(RemoveAttribute, source, path, task=task, name=name)


def set_timeout(
    source: Source, task: str, seconds: int, pin: bool = True, path: Optional[str] = None
) -> Source:
    """``source`` with ``task``'s timeout ``seconds`` in the class and at every call."""
    return transform(SetTimeout, source, path, task=task, seconds=str(seconds), pin=pin)


def fix(source: Source, path: Optional[str] = None) -> Source:
    """``source`` with the fix of every diagnostic that has one applied (:mod:`.commands.fix`)."""
    return transform(FixCommand, source, path)
