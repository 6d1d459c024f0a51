"""What :func:`~fluxio_cst.compat.parse_project_tree` was given, read both ways.

The old API took an ``ast.Module``; the compat layer also takes the file's text, its bytes or a
path. Either way it needs two trees: fluxio_cst's :class:`~fluxio_cst.Project` (the compiler's
answer: tasks, machines, ASL) and an ``ast`` tree (the old API hands out ``ast`` nodes:
``run_method``, ``import_nodes``, ``EventProcessorVisitor.node``). An ``ast.Module`` is rendered
back to text with ``ast.unparse`` for the compiler, which loses its comments and exact
positions (and, on Python 3.8 and older ``ast``, would not exist): pass the text or a path to
keep them. Text and paths are read by ``ast`` as well, so their ``ast`` nodes keep the file's
positions; a syntax newer than the running Python's ``ast`` then raises ``SyntaxError``.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from typing import Callable, Union

from ..diagnostics import FluxioError
from ..model import Project
from ..pipeline import parse, parse_file
from .exceptions import UnsupportedOperation

TreeOrText = Union[ast.Module, str, bytes, "os.PathLike[str]"]


@dataclass(frozen=True)
class Read:
    """The compiler's project and the ``ast`` tree of the same program."""

    project: Project
    tree: ast.Module


def read_both(tree_or_text: TreeOrText) -> Read:
    """Compile the input with fluxio_cst (its errors raised as :class:`UnsupportedOperation`)
    and pair it with an ``ast`` tree of the same program."""
    if isinstance(tree_or_text, ast.Module):
        text = ast.unparse(tree_or_text)
        return Read(_compiled(lambda: parse(text)), tree_or_text)
    if isinstance(tree_or_text, (str, bytes)):
        source = tree_or_text
        return Read(_compiled(lambda: parse(source)), ast.parse(source))
    if isinstance(tree_or_text, os.PathLike):
        path = os.fspath(tree_or_text)
        project = _compiled(lambda: parse_file(path))
        with open(path, "rb") as handle:
            return Read(project, ast.parse(handle.read(), path))
    raise TypeError(
        "parse_project_tree() takes an ast.Module, the file's text or bytes, or a path (os.PathLike),"
        f" not {type(tree_or_text).__name__}"
    )


def _compiled(compile_it: Callable[[], Project]) -> Project:
    try:
        return compile_it()
    except FluxioError as error:
        raise UnsupportedOperation.from_error(error) from None
