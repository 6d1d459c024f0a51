"""State keys generated exactly as Fluxio's old ``ast``-based parser made them (contract §C).

Deployed templates name their states ``<Prefix>-<md5>``; the digest is taken over the
statement as ``astor`` 0.8.1 renders the *old parser's rewritten* ``ast`` with every newline and
space removed. Changing one byte of that text renames a state in production, so this module
reproduces the old pipeline literally: render the LibCST node, parse it with :mod:`ast`, apply
the two rewrites (``if`` without ``else`` gets ``else: pass``; bare ``except:`` becomes
``except States.ALL:``; neither inside an ``except`` handler's body), then hash astor's text.
"""

from __future__ import annotations

import ast
import hashlib
import warnings
from functools import lru_cache

# astor is used for this hash and for nothing else: it is the old parser's renderer, and
# ``ast.unparse`` differs from it on about a fifth of real statements (quotes, line wrapping).
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import astor


class _OldParserRewrites(ast.NodeTransformer):
    """The two rewrites the old parser applied to the module before hashing statements."""

    def visit_If(self, node: ast.If) -> ast.If:
        self.generic_visit(node)
        if not node.orelse:
            node.orelse = [ast.Pass()]
        return node

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> ast.ExceptHandler:
        # Deliberately no generic_visit: the old parser never looked inside a handler's body.
        if node.type is None:
            node.type = ast.Attribute(value=ast.Name(id="States", ctx=ast.Load()), attr="ALL", ctx=ast.Load())
        return node


def _normalized(node: ast.AST) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            text: str = astor.to_source(node)
        except Exception:
            text = ast.unparse(node)
    return text.replace("\n", "").replace(" ", "")


def key_for_ast(prefix: str, node: ast.AST, namespace: str = "", rewrite: bool = True) -> str:
    """The generated key of an ``ast`` node (the old parser's own input), e.g. ``Pass-ab12…``."""
    if rewrite:
        node = _OldParserRewrites().visit(node)
    digest = hashlib.md5((namespace + _normalized(node)).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest}"


@lru_cache(maxsize=4096)
def key_for_source(
    prefix: str, source: str, *, expression: bool, namespace: str = "", rewrite: bool = True
) -> str:
    """The generated key of a statement (or a call expression) given as source text.

    ``source`` is LibCST's rendering of the node at column 0; comments and formatting in it do
    not matter, since the hash is taken over astor's normalised rendering.
    """
    node: ast.AST = ast.parse(source.strip(), mode="eval").body if expression else ast.parse(source).body[0]
    return key_for_ast(prefix, node, namespace, rewrite)
