"""A griffe extension for the API page: the package's Sphinx roles read as code in Markdown.

The docstrings of fluxio_cst are written for ``help()`` and editors, in reStructuredText's
habits (``:class:`~fluxio_cst.Project```, ``:func:`parse```); mkdocstrings renders Markdown,
where a role would show as ``:class:`` before the name. Loaded by ``mkdocs.yml``
(``extensions: [tests/griffe_roles.py:SphinxRoles]``) when the site is built, it rewrites each
role as a code span of its target (a leading ``~`` or ``.`` dropped), as ``tests/dsl_doc.py``
does for the DSL reference. It imports griffe, so only the ``docs`` environment loads it.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":[a-z]+:`[~.]*([^`]+)`")


class SphinxRoles(griffe.Extension):
    """Rewrite ``:role:`target``` as `` `target` `` in every docstring griffe reads."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = ROLE.sub(r"`\1`", obj.docstring.value)
