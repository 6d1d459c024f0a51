"""State keys generated exactly as Fluxio's old ``ast``-based parser made them (contract §C).

Deployed templates name their states ``<Prefix>-<md5>``; the digest is taken over the
statement as ``astor`` 0.8.1 renders the *old parser's rewritten* ``ast`` with every newline and
space removed. Changing one byte of that text renames a state in production, so this module
reproduces the old pipeline literally: render the LibCST node, parse it with :mod:`ast`, apply
the two rewrites (``if`` without ``else`` gets ``else: pass``; bare ``except:`` becomes
``except States.ALL:``; neither inside an ``except`` handler's body), then hash astor's text.

astor itself is quadratic in the length of a line in two places (each string literal re-joins
the line written so far; line wrapping re-counts the rest of the line after every break), so a
10,000-entry dict took seconds. :class:`_LinearGenerator` and :func:`_pretty_source` produce
the same text up to spaces and newlines, which the hash drops, in linear time.
"""

from __future__ import annotations

import ast
import hashlib
import re
import warnings
from functools import lru_cache
from typing import Any, List, Tuple

# astor is used for this hash and for nothing else: it is the old parser's renderer, and
# ``ast.unparse`` differs from it on about a fifth of real statements (quotes, line wrapping).
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import astor
    from astor import source_repr, string_repr
    from astor.code_gen import Precedence, SourceGenerator, set_precedence

# astor's ``pretty_string`` checks a triple-quoted candidate for a string of the user's file by
# calling ``eval`` on it. Nothing of the user's file may be evaluated: ``ast.literal_eval``
# gives the same value for every literal and raises (astor then keeps ``repr``) for the rest.
string_repr.eval = ast.literal_eval

# astor's ``pretty_string`` compares the current line's length with this (its ``max_line``):
# beyond it, the exact length no longer changes its choice of quotes.
_STRING_LINE = 100
# astor's ``split_lines`` wraps lines longer than this (its ``maxline``).
_WRAP_LINE = 79
_NOT_SPACE = re.compile(r"\S")  # ``str.strip``'s notion of whitespace (``str.isspace``)


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


class _LinearGenerator(SourceGenerator):  # type: ignore[misc]
    """astor 0.8.1's ``SourceGenerator`` (BSD licence), with the current line measured in
    constant time per string literal.

    astor passes each string literal the text of the line written so far, re-joined every
    time: quadratic on a long line of literals. Its ``pretty_string`` only looks at that
    text's length (and only below ``_STRING_LINE``), whether it is blank, and its
    indentation, so a stand-in with the same three properties gives the same choice.
    """

    colinfo: Tuple[int, int]  # astor's: (index in ``result``, offset) where the line starts

    def _line_so_far(self) -> str:
        """A stand-in for the current line: same indentation, blankness, and length (capped)."""
        result: List[str] = self.result
        res_index, str_index = self.colinfo
        length = indent = 0
        found = False
        for position in range(res_index, len(result)):
            item = result[position]
            start = str_index if position == res_index else 0
            if not found:
                match = _NOT_SPACE.search(item, start)
                found = match is not None
                indent += (match.start() if match else len(item)) - start
            length += len(item) - start
            if found and length >= _STRING_LINE:
                break
        if not found:
            return " " * length
        return " " * indent + "x" * (max(min(length, _STRING_LINE), indent + 1) - indent)

    def _handle_string_constant(self, node: ast.AST, value: Any, is_joined: bool = False) -> None:
        # astor 0.8.1's method, only ``current_line`` computed by ``_line_so_far``.
        precedence = self.get__pp(node)
        embedded = (precedence > Precedence.Expr) + (precedence >= Precedence.Assign)
        self.write("")
        result = self.result
        res_index, str_index = self.colinfo
        current_line = self._line_so_far()
        if is_joined:

            def recurse(node: Any) -> None:
                for value in node.values:
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        self.write(value.value.replace("{", "{{").replace("}", "}}"))
                    elif isinstance(value, ast.FormattedValue):
                        with self.delimit("{}"):
                            expr_text = getattr(value, "expr_text", None)
                            if expr_text:
                                self.write(expr_text)
                            else:
                                set_precedence(value, value.value)
                                self.visit(value.value)
                            if value.conversion != -1:
                                self.write(f"!{chr(value.conversion)}")
                            if value.format_spec is not None:
                                self.write(":")
                                recurse(value.format_spec)
                    elif isinstance(value, ast.Constant):
                        self.write(value.value)
                    else:
                        raise AssertionError(f"Invalid node {type(value).__name__} inside JoinedStr")

            index = len(result)
            recurse(node)
            self.write("")
            mystr = "".join(result[index:])
            del result[index:]
            self.colinfo = res_index, str_index
            uni_lit = False
        else:
            assert value is not None, "Node value cannot be None"
            mystr = value
            uni_lit = self.using_unicode_literals
        mystr = self.pretty_string(mystr, embedded, current_line, uni_lit)
        if is_joined:
            mystr = "f" + mystr
        elif getattr(node, "kind", False):
            mystr = node.kind + mystr  # type: ignore[attr-defined]
        self.write(mystr)
        lf = mystr.rfind("\n") + 1
        if lf:
            self.colinfo = len(result) - 1, lf


def _pretty_source(source: List[str]) -> str:
    """astor's ``pretty_source`` up to spaces and newlines, in linear time.

    astor's line wrapping changes a long line's text in one way that survives removing
    whitespace: ``add_parens`` may wrap a statement or an assignment's sides in parentheses.
    Its other work (breaking lines, dropping a trailing space) is whitespace only, and is what
    made it quadratic. Its failures (its assertions) are kept: the caller then falls back to
    ``ast.unparse`` exactly as it did with astor's own function.
    """
    result: List[str] = []
    line: List[str] = []
    multiline = False
    count = 0
    for item in source:
        index = item.find("\n")
        if index:
            line.append(item)
            multiline = index > 0
            count += len(item)
        else:
            if line:
                result.extend(line if count <= _WRAP_LINE or multiline else _wrapped(line))
                count = 0
                multiline = False
                line = []
            result.append(item)
    return "".join(result)  # astor drops a last line without a newline item: so does this


def _wrapped(line: List[str]) -> List[str]:
    """The items of a line astor wraps, as ``wrap_line`` leaves them (less whitespace)."""
    indentation = line[0]
    lenfirst = len(indentation)
    indent = lenfirst - len(indentation.lstrip())
    assert indent in (0, lenfirst)
    if indent:
        line = line[1:]
    unsplittable = list(source_repr.delimiter_groups(line))[::2]
    if max(sum(map(len, group)) for group in unsplittable) > _WRAP_LINE - indent:
        line = source_repr.add_parens(line, _WRAP_LINE, indent)
        list(source_repr.delimiter_groups(line))  # astor re-splits it: its assertion may fail
    return line


def _normalized(node: ast.AST) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            text: str = astor.to_source(
                node, pretty_source=_pretty_source, source_generator_class=_LinearGenerator
            )
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
