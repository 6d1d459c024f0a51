"""The CPython gate: what CPython's own parser says of a file before LibCST reads it.

LibCST's native parser overflows its stack on some shapes long before CPython gives up on them,
and CPython's compiler rejects some ``run`` bodies its parser accepts. Asking CPython first
(parsing and compiling only: nothing is run) turns both into located diagnostics.
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
import warnings
from typing import Dict, Iterator, List, Optional, Tuple, Union

import libcst as cst

from ..codes import Code
from ..lines import character_column, split_lines
from ..report import single
from ..source import statement_line
from ..syntax import child_nodes

# How deeply a file may nest, measured by ``_deepest`` in (about) LibCST nodes. LibCST's native
# parser overflows its stack on some shapes well before CPython gives up on them (a chain of
# 30,000 `not`s crashes the process), and slows down quadratically on long chains: never more
# than MAX_DEPTH. Below that, what every later phase recurses on decides: LibCST's visitors
# (positions) and code generator (keys, run_source), astor, our recognisers. The deepest of
# them takes up to about 3.5 Python frames a level; a level is granted 4, and a caller may
# already stand CALLER_FRAMES deep when it calls parse, to_asl or run_source.
MAX_DEPTH = 400
FRAMES_PER_LEVEL = 4
CALLER_FRAMES = 250


def depth_limit() -> int:
    """How deeply a file may nest under this interpreter's recursion limit (187 by default)."""
    return max(1, min(MAX_DEPTH, (sys.getrecursionlimit() - CALLER_FRAMES) // FRAMES_PER_LEVEL))


# CPython is given a fixed file name: messages come with our own path, and a path CPython
# refuses (one holding a NUL) must not read as a file it cannot parse.
FILENAME = "<project file>"


def read_with_cpython(source: Union[str, bytes], path: str) -> Union[ast.Module, SyntaxError, None]:
    """CPython's reading of the file: its tree, its syntax error, or None where it gave up
    (too complex, null bytes). Parsing only: nothing is compiled or run."""
    try:
        with warnings.catch_warnings():  # CPython's SyntaxWarnings are not our diagnostics
            warnings.simplefilter("ignore")
            return ast.parse(source, filename=FILENAME)
    except SyntaxError as exc:
        return exc
    except (ValueError, MemoryError, RecursionError):
        return None


def refuse_pathological(
    source: Union[str, bytes], path: str, python: Union[ast.Module, SyntaxError, None]
) -> None:
    """Refuse, with a diagnostic, what would crash or stall LibCST's parser.

    CPython's parser reads the file first because it fails cleanly on pathological nesting. A
    syntax error it reports is left for LibCST to judge: the file may use syntax newer than this
    interpreter.
    """
    if python is None:
        raise single(Code.TOO_DEEP, "the file is too complex to parse (nesting too deep)", path, 1, 0)
    if isinstance(python, SyntaxError):
        if python.msg in ("too many nested parentheses", "too many levels of indentation"):
            column = max(0, (python.offset or 1) - 1)
            raise single(Code.TOO_DEEP, python.msg, path, python.lineno or 1, column)
        return
    refuse_deep(source, path, python)


def refuse_deep(
    source: Union[str, bytes], path: str, tree: ast.Module, shift: int = 0, lines: Optional[List[str]] = None
) -> None:
    """Refuse nesting deeper than LibCST and the later phases take (:func:`depth_limit`);
    ``tree`` is CPython's reading of the file, or of its part from line ``shift + 1`` on
    (``lines``: the file's, when the caller has them)."""
    if lines is None:
        lines = split_lines(source if isinstance(source, str) else source.decode("utf-8", "replace"))
    depth, node = _deepest(tree, _Literals(lines, shift))
    limit = depth_limit()
    if depth > limit:
        line = getattr(node, "lineno", 1) + shift
        raise single(
            Code.TOO_DEEP,
            f"expressions nest {depth} levels deep here; fluxio_cst reads up to {limit}",
            path,
            line,
            ast_column(source, line, getattr(node, "col_offset", 0)),
        )


def compile_run_methods(source: Union[str, bytes], path: str, tree: ast.Module, shift: int = 0) -> None:
    """Refuse a ``run`` method that CPython's compiler rejects once it stands alone.

    ``ast.parse`` only parses: ``break`` outside a loop, ``nonlocal`` without an enclosing
    function, a repeated argument or ``yield`` beside ``return value`` in an ``async def``
    are compile errors, which the extracted module would raise on import. Each ``run`` is
    compiled (never run) by itself, at module level, as it is deployed. ``tree`` is CPython's
    reading of the file, or of its part from line ``shift + 1`` on.
    """
    for statement in tree.body:
        if not isinstance(statement, ast.ClassDef):
            continue
        for method in statement.body:
            if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) and method.name == "run":
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        alone = ast.Module(body=[method], type_ignores=[])
                        compile(alone, FILENAME, "exec", dont_inherit=True)
                except SyntaxError as exc:
                    line = (exc.lineno or method.lineno) + shift
                    column = ast_column(source, line, max(0, (exc.offset or 1) - 1))
                    why = f"invalid Python in `run` once extracted: {exc.msg}"
                    raise single(Code.SYNTAX_ERROR, why, path, line, column) from None


def ast_column(source: Union[str, bytes], line: int, col_offset: int) -> int:
    """``ast`` counts columns in UTF-8 bytes; diagnostics count characters."""
    text = source if isinstance(source, str) else source.decode("utf-8", "replace")
    lines = split_lines(text)
    return character_column(lines[line - 1], col_offset) if 0 < line <= len(lines) else 0


# Fields whose children LibCST wraps in nodes of its own (``Arg``, ``Element``,
# ``DictElement``, ``SubscriptElement`` and ``Index``, a body's ``IndentedBlock``): extra levels.
_WRAPPED: Dict[str, int] = {
    "args": 1,
    "keywords": 1,
    "elts": 1,
    "keys": 1,
    "values": 1,
    "slice": 2,
    "body": 1,
    "orelse": 1,
    "finalbody": 1,
    "handlers": 1,
}


def _children(node: ast.AST) -> Iterator[Tuple[ast.AST, int]]:
    """Each child of a node with the levels LibCST adds above it (an ``elif`` adds none)."""
    for field, value in ast.iter_fields(node):
        extra = _WRAPPED.get(field, 0) if not isinstance(node, (ast.BoolOp, ast.JoinedStr)) else 0
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, ast.AST) and not isinstance(child, ast.expr_context):
                elif_ = isinstance(child, ast.If) and child.col_offset == getattr(node, "col_offset", -1)
                yield child, 0 if field == "orelse" and elif_ else extra


def _width(node: ast.AST) -> int:
    """The levels between a node and its children in LibCST: a chain ``a and b and c`` is one
    ``BoolOp`` there but nests one operation per operator; comparisons and f-strings wrap
    their parts (``ComparisonTarget``, ``FormattedStringExpression``)."""
    if isinstance(node, ast.BoolOp):
        return max(1, len(node.values) - 1)
    return 2 if isinstance(node, (ast.Compare, ast.JoinedStr)) else 1


# A level of LibCST's tree takes a character of its line at least, and nothing takes more than
# 3 levels for 2 (``a[b[c]]``: a ``Subscript``, its ``SubscriptElement`` and ``Index`` per
# ``[``): a node on one line this many levels per character below the limit cannot reach it.
_LEVELS_PER_CHARACTER = 2
_WRAPPERS = 4  # levels a statement may add above its first expression


def _deepest(tree: ast.AST, literals: _Literals, limit: Optional[int] = None) -> Tuple[int, ast.AST]:
    """The deepest nesting of the tree as LibCST will build it, without recursion: an ``a and
    b and c`` chain and implicitly joined strings ``'a' 'b' 'c'`` are nested there, and some
    children are wrapped (``_WRAPPED``). Below ``limit`` the figure is a lower bound: a short
    node on one line, too short to reach it, is not walked into (most of a file)."""
    limit = depth_limit() if limit is None else limit
    deepest: Tuple[int, ast.AST] = (0, tree)
    stack: List[Tuple[ast.AST, int, ast.AST]] = [(tree, 1, tree)]
    while stack:
        node, depth, located = stack.pop()
        located = node if hasattr(node, "lineno") else located  # operators have no position
        if isinstance(node, (ast.Constant, ast.JoinedStr)):
            depth += literals.count(node) - 1
        if depth > deepest[0]:
            deepest = (depth, located)
        if _too_short_to_reach(node, limit - depth):
            continue
        width = _width(node)
        stack.extend((child, depth + width + extra, located) for child, extra in _children(node))
    return deepest


def _too_short_to_reach(node: ast.AST, levels: int) -> bool:
    """Whether nothing under ``node`` can be ``levels`` deeper than it."""
    if (
        not isinstance(node, (ast.expr, ast.stmt))
        or node.lineno != node.end_lineno
        or node.end_col_offset is None
    ):
        return False
    width = node.end_col_offset - node.col_offset  # bytes: characters at most
    return width * _LEVELS_PER_CHARACTER + _WRAPPERS < levels


class _Literals:
    """How many string literals a constant joins (``'a' 'b'``): ``ast`` shows one constant where
    LibCST nests a ``ConcatenatedString`` per literal. Read from the constant's own text, so the
    whole file is tokenised never, and a constant at most once."""

    def __init__(self, lines: List[str], shift: int = 0) -> None:
        self._lines = lines
        self._shift = shift
        self._encoded: Dict[int, bytes] = {}

    def _line(self, number: int) -> bytes:
        number += self._shift
        if number not in self._encoded:
            line = self._lines[number - 1] if number <= len(self._lines) else ""
            self._encoded[number] = line.encode("utf-8")
        return self._encoded[number]

    def count(self, node: Union[ast.Constant, ast.JoinedStr]) -> int:
        if isinstance(node, ast.Constant) and not isinstance(node.value, (str, bytes)):
            return 1
        first, last = node.lineno, node.end_lineno or node.lineno
        if first == last:
            segment = self._line(first)[node.col_offset : node.end_col_offset]
        else:
            middle = [self._line(n) for n in range(first + 1, last)]
            end = self._line(last)[: node.end_col_offset]
            segment = b"\n".join([self._line(first)[node.col_offset :], *middle, end])
        quotes = segment.count(b"'") + segment.count(b'"')
        if quotes < 4:  # one literal has two quotes at least
            return 1
        return _tokens_of_strings(segment.decode("utf-8", "replace")) or quotes // 2


def _tokens_of_strings(segment: str) -> int:
    """The string literals in an expression's text (0 when it does not tokenise alone)."""
    starts = {tokenize.STRING, getattr(tokenize, "FSTRING_START", tokenize.STRING)}
    try:
        tokens = tokenize.generate_tokens(io.StringIO(f"({segment})").readline)
        return sum(1 for token in tokens if token.type in starts)
    except (tokenize.TokenError, SyntaxError):
        return 0


def refuse_deep_tree(module: cst.Module, path: str) -> None:
    """The nesting limit measured on LibCST's own tree, where CPython cannot read the file (a
    syntax newer than this interpreter), statement by statement and without recursion."""
    limit = depth_limit()
    for statement in module.body:
        if _deeper_than(statement, limit):
            raise single(
                Code.TOO_DEEP,
                f"this statement nests more than {limit} levels deep; fluxio_cst reads up to {limit}",
                path,
                statement_line(module, statement),
                0,
            )


def _deeper_than(statement: cst.CSTNode, limit: int) -> bool:
    stack: List[Tuple[cst.CSTNode, int]] = [(statement, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in child_nodes(node))
    return False
