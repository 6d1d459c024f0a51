"""The module-level recogniser and the public entry points :func:`parse` and :func:`parse_file`.

The pipeline, one way::

    source bytes ─► LibCST Module ─► classes and functions ─► model + state graph ─► ASL

Nothing in the file is executed or imported: it is only parsed.
"""

from __future__ import annotations

import ast
import io
import os
import sys
import tokenize
import types
import warnings
from typing import Dict, Iterator, List, Optional, Set, Tuple, Union

import libcst as cst

from . import graph, values
from .codes import Code
from .decorators import Decorations, recognise_decorators
from .diagnostics import Diagnostic, FluxioError, Severity
from .dsl import recognise_function
from .emit import Program
from .model import EventProcessor, Project, StateMachine, Task
from .report import Reporter, single
from .source import (
    SourceFile,
    coding_problem,
    read_regular_file,
    render,
    shown,
    split_lines,
    surrogate_strings,
    wide_encoding,
)
from .syntax import compound_blocks, is_string
from .tasks import recognise_event_processor, recognise_task
from .values import identifier

# Module-level statements people write for their editor's sake: allowed and ignored.
_IGNORED = (cst.Import, cst.ImportFrom)


def parse(source: Union[str, bytes], path: Optional[str] = None) -> Project:
    """Parse a project file's text (or bytes, decoded as Python does) into a :class:`Project`.

    Raises :class:`FluxioError` with every diagnostic of the file when it cannot compile.
    """
    if not isinstance(source, (str, bytes)):
        raise TypeError(f"parse() takes the file's text (str) or bytes, not {type(source).__name__}")
    if path is not None and not isinstance(path, str):
        raise TypeError(f"parse() takes path as a str (or None), not {type(path).__name__}")
    display = shown(path) if path is not None else "<string>"
    try:
        module = _parse_module(source, display)
        text, offsets, lossy = _text(source, module, display)
        return _Recognition(SourceFile(display, text, module, offsets), module, lossy).project()
    except RecursionError:
        raise single(
            Code.TOO_DEEP, "the file nests too deeply to be compiled; flatten it", display, 1, 0
        ) from None


def _text(
    source: Union[str, bytes], module: cst.Module, path: str
) -> Tuple[str, Dict[int, int], Tuple[Diagnostic, ...]]:
    """The decoded file, as LibCST's positions count them (a byte-order mark is not text).

    LibCST reproduces almost every file exactly; where it does not (a line holding only a
    backslash, for one), its positions describe its own rendering, so text is sliced from that
    rendering, and a warning says where the file and the extracted text part.
    """
    text = source if isinstance(source, str) else source.decode(module.encoding)
    text = text[1:] if text.startswith("\ufeff") else text
    rendered, offsets = render(module)
    if rendered == text:
        return text, offsets, ()
    line = next(
        (n for n, (a, b) in enumerate(zip(text.splitlines(True), rendered.splitlines(True)), 1) if a != b),
        min(len(text.splitlines()), len(rendered.splitlines())) + 1,
    )
    warning = Diagnostic(
        Code.ROUND_TRIP.value,
        Severity.WARNING,
        "LibCST does not reproduce this line byte for byte (a line holding only `\\`?); "
        "text extracted from here on (run_source, imports) follows LibCST's rendering",
        path,
        line,
        0,
        line,
        1,
    )
    return rendered, offsets, (warning,)


def parse_file(path: Union[str, os.PathLike[str]]) -> Project:
    """Read and parse a project file. I/O problems raise :class:`OSError` as usual; a path that
    is not a regular file (a FIFO, a device, a directory) raises
    :class:`~fluxio_cst.source.NotARegularFile`, an ``OSError``."""
    if not isinstance(path, (str, os.PathLike)) or isinstance(path, bytes):
        raise TypeError(f"parse_file() takes a path (str or os.PathLike), not {type(path).__name__}")
    name = os.fspath(path)
    if not isinstance(name, str):
        raise TypeError(f"parse_file() takes a str path, not {type(name).__name__}")
    return parse(read_regular_file(name), name)


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


def _read_with_cpython(source: Union[str, bytes], path: str) -> Union[ast.Module, SyntaxError, None]:
    """CPython's reading of the file: its tree, its syntax error, or None where it gave up
    (too complex, null bytes). Parsing only: nothing is compiled or run."""
    try:
        with warnings.catch_warnings():  # CPython's SyntaxWarnings are not our diagnostics
            warnings.simplefilter("ignore")
            return ast.parse(source, filename=path)
    except SyntaxError as exc:
        return exc
    except (ValueError, MemoryError, RecursionError):
        return None


def _gate(source: Union[str, bytes], path: str, python: Union[ast.Module, SyntaxError, None]) -> None:
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
    depth, node = _deepest(python, _Literals(source))
    limit = depth_limit()
    if depth > limit:
        line = getattr(node, "lineno", 1)
        raise single(
            Code.TOO_DEEP,
            f"expressions nest {depth} levels deep here; fluxio_cst reads up to {limit}",
            path,
            line,
            _ast_column(source, line, getattr(node, "col_offset", 0)),
        )


def _compile_run_methods(source: Union[str, bytes], path: str, tree: ast.Module) -> None:
    """Refuse a ``run`` method that CPython's compiler rejects once it stands alone.

    ``ast.parse`` only parses: ``break`` outside a loop, ``nonlocal`` without an enclosing
    function, a repeated argument or ``yield`` beside ``return value`` in an ``async def``
    are compile errors, which the extracted module would raise on import. Each ``run`` is
    compiled (never run) by itself, at module level, as it is deployed.
    """
    for statement in tree.body:
        if not isinstance(statement, ast.ClassDef):
            continue
        for method in statement.body:
            if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) and method.name == "run":
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        compile(ast.Module(body=[method], type_ignores=[]), path, "exec", dont_inherit=True)
                except SyntaxError as exc:
                    line = exc.lineno or method.lineno
                    column = _ast_column(source, line, max(0, (exc.offset or 1) - 1))
                    why = f"invalid Python in `run` once extracted: {exc.msg}"
                    raise single(Code.SYNTAX_ERROR, why, path, line, column) from None


def _ast_column(source: Union[str, bytes], line: int, col_offset: int) -> int:
    """``ast`` counts columns in UTF-8 bytes; diagnostics count characters."""
    text = source if isinstance(source, str) else source.decode("utf-8", "replace")
    lines = split_lines(text)
    encoded = lines[line - 1].encode("utf-8") if 0 < line <= len(lines) else b""
    return len(encoded[:col_offset].decode("utf-8", "replace"))


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


def _deepest(tree: ast.AST, literals: _Literals) -> Tuple[int, ast.AST]:
    """The deepest nesting of the tree as LibCST will build it, without recursion: an ``a and
    b and c`` chain and implicitly joined strings ``'a' 'b' 'c'`` are nested there, and some
    children are wrapped (``_WRAPPED``)."""
    deepest: Tuple[int, ast.AST] = (0, tree)
    stack: List[Tuple[ast.AST, int, ast.AST]] = [(tree, 1, tree)]
    while stack:
        node, depth, located = stack.pop()
        located = node if hasattr(node, "lineno") else located  # operators have no position
        if isinstance(node, (ast.Constant, ast.JoinedStr)):
            depth += literals.count(node) - 1
        if depth > deepest[0]:
            deepest = (depth, located)
        width = _width(node)
        stack.extend((child, depth + width + extra, located) for child, extra in _children(node))
    return deepest


class _Literals:
    """How many string literals a constant joins (``'a' 'b'``): ``ast`` shows one constant where
    LibCST nests a ``ConcatenatedString`` per literal. Read from the constant's own text, so the
    whole file is tokenised never, and a constant at most once."""

    def __init__(self, source: Union[str, bytes]) -> None:
        text = source if isinstance(source, str) else source.decode("utf-8", "replace")
        self._lines = split_lines(text)
        self._encoded: Dict[int, bytes] = {}

    def _line(self, number: int) -> bytes:
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


def _located(source: Union[str, bytes], index: int) -> Tuple[int, int]:
    """(line, column) of a character (str) or byte (bytes) index, for errors found before a tree."""
    before = source[:index]
    lines = split_lines(before if isinstance(before, str) else before.decode("utf-8", "replace"))
    return len(lines), len(lines[-1])


def _check_encoding(source: Union[str, bytes], path: str) -> None:
    """Refuse text no UTF-8 file can hold and encodings in which the bytes do not say what
    they read as (see :func:`~fluxio_cst.source.coding_problem`)."""
    if isinstance(source, str):
        index = values.first_surrogate(source)
        if index is not None:
            line, column = _located(source, index)
            raise single(
                Code.LONE_SURROGATE,
                f"the text holds the lone surrogate U+{ord(source[index]):04X}, which no UTF-8 file can hold",
                path,
                line,
                column,
            )
        return
    wide = wide_encoding(source)
    if wide is not None:
        raise single(Code.DECODE_ERROR, f"the file is {wide}; save it as UTF-8", path, 1, 0)
    problem = coding_problem(source)
    if problem is not None:
        raise single(Code.DECODE_ERROR, problem[0], path, problem[1], 0)


def _parse_module(source: Union[str, bytes], path: str) -> cst.Module:
    _check_encoding(source, path)
    nul = source.find("\x00") if isinstance(source, str) else source.find(b"\x00")
    if nul >= 0:
        line, column = _located(source, nul)
        raise single(
            Code.SYNTAX_ERROR, "invalid Python: source code cannot contain null bytes", path, line, column
        )
    python = _read_with_cpython(source, path)
    _gate(source, path, python)
    if isinstance(python, ast.Module):
        _compile_run_methods(source, path, python)
    try:
        return cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        raise _syntax_error(source, path, exc, python) from None
    except cst.CSTValidationError as exc:
        raise _validation_error(source, path, exc, python) from None
    except UnicodeDecodeError as exc:
        line, column = _located(exc.object[: exc.start], exc.start)
        raise single(
            Code.DECODE_ERROR,
            f"byte {exc.object[exc.start : exc.start + 1]!r} is not valid {exc.encoding}; "
            "save the file as UTF-8 or declare its encoding (`# -*- coding: latin-1 -*-`)",
            path,
            line,
            column,
        ) from None
    except UnicodeError as exc:  # a codec that fails otherwise than on a byte
        raise single(
            Code.DECODE_ERROR, f"the file cannot be decoded: {exc}", path, _cookie_line(source), 0
        ) from None
    except (LookupError, SyntaxError) as exc:  # an unknown coding cookie
        raise single(
            Code.DECODE_ERROR, f"the file cannot be decoded: {exc}", path, _cookie_line(source), 0
        ) from None
    except RecursionError:
        raise single(
            Code.TOO_DEEP, "the file nests too deeply to be parsed; flatten it", path, 1, 0
        ) from None


def _cookie_line(source: Union[str, bytes]) -> int:
    """The line of the coding cookie (1 or 2, as PEP 263 allows)."""
    head = source[:400] if isinstance(source, str) else source[:400].decode("latin-1")
    lines = head.splitlines()
    return 2 if len(lines) > 1 and "coding" in lines[1] and "coding" not in lines[0] else 1


def _validation_error(
    source: Union[str, bytes],
    path: str,
    exc: cst.CSTValidationError,
    python: Union[ast.Module, SyntaxError, None],
) -> FluxioError:
    """LibCST refuses a few trees that CPython's parser accepts and its compiler refuses; the
    one people write is a bare ``except:`` before another handler, located here with ``ast``."""
    if "bare except" not in str(exc):
        return single(Code.SYNTAX_ERROR, f"invalid Python: {exc}", path, 1, 0)
    line, column = 1, 0
    tree = python if isinstance(python, ast.Module) else ast.Module(body=[], type_ignores=[])
    for node in ast.walk(tree):
        handlers = getattr(node, "handlers", [])
        early = [h for h in handlers[:-1] if h.type is None]
        if early:
            line = early[0].lineno
            column = _ast_column(source, line, early[0].col_offset)
            break
    return single(
        Code.STATES_ALL,
        "a handler of every error (bare `except:` or `States.ALL`) must stand alone and last",
        path,
        line,
        column,
    )


def _syntax_error(
    source: Union[str, bytes],
    path: str,
    exc: cst.ParserSyntaxError,
    python: Union[ast.Module, SyntaxError, None],
) -> FluxioError:
    """The syntax error as CPython's parser words it when it can (its messages say what is
    wrong, "'(' was never closed"); LibCST's own ("expected one of …") otherwise."""
    line, column, message = exc.raw_line, exc.raw_column, exc.message
    if isinstance(python, SyntaxError) and python.lineno is not None:
        line, column = python.lineno, max(0, (python.offset or 1) - 1)
        message = python.msg
    text = source if isinstance(source, str) else source.decode("utf-8", "replace")
    return single(Code.SYNTAX_ERROR, f"invalid Python: {message}", path, line, column, text.splitlines(True))


# The names the DSL gives a meaning to: its calls, its decorators and its base classes.
DSL_NAMES = frozenset(
    ("map", "parallel", "wait", "retry", "schedule", "subscribe", "export", "process_events")
    + ("Task", "EventProcessor", "States", "data")
)


def module_bindings(module: cst.Module) -> Dict[str, str]:
    """Every name the module binds at its top level, and how: "imported" or "defined".

    Statements nested in module-level ``if``/``try``/``with``/``for``/``while`` blocks bind
    module names too (``try: import ujson as json``); function and class bodies do not.
    """
    found: Dict[str, str] = {}
    pending: List[cst.CSTNode] = list(module.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            found.setdefault(identifier(node.name), "defined")
        elif isinstance(node, cst.SimpleStatementLine):
            pending.extend(node.body)
        elif isinstance(node, (cst.Import, cst.ImportFrom)):
            _imported_names(node, found)
        elif isinstance(node, (cst.Assign, cst.AnnAssign, cst.AugAssign)):
            targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            for target in targets:
                _assigned_names(target, found)
        elif isinstance(node, cst.BaseCompoundStatement):
            if isinstance(node, cst.For):
                _assigned_names(node.target, found)
            if isinstance(node, cst.With):
                for item in node.items:
                    if item.asname is not None:
                        _assigned_names(item.asname.name, found)
            pending.extend(s for suite in compound_blocks(node) for s in _statements(suite))
    return found


def _imported_names(node: Union[cst.Import, cst.ImportFrom], found: Dict[str, str]) -> None:
    if isinstance(node.names, cst.ImportStar):
        return
    for alias in node.names:
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            found[identifier(alias.asname.name)] = "imported"
        else:
            head: cst.BaseExpression = alias.name
            while isinstance(head, cst.Attribute):
                head = head.value
            if isinstance(head, cst.Name):
                found[identifier(head)] = "imported"


def _assigned_names(target: cst.BaseExpression, found: Dict[str, str]) -> None:
    if isinstance(target, cst.Name):
        found.setdefault(identifier(target), "defined")
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            _assigned_names(element.value, found)
    elif isinstance(target, cst.StarredElement):
        _assigned_names(target.value, found)


def _statements(suite: cst.BaseSuite) -> List[cst.CSTNode]:
    if isinstance(suite, cst.SimpleStatementSuite):
        return list(suite.body)
    assert isinstance(suite, cst.IndentedBlock)
    return list(suite.body)


class _Recognition:
    """One run over a module: classifies its statements, then builds every state machine."""

    def __init__(self, source: SourceFile, module: cst.Module, located: Tuple[Diagnostic, ...]) -> None:
        self.source = source
        self.module = module
        self.reporter = Reporter(source, located)
        self.tasks: Dict[str, Task] = {}
        self.processors: Dict[str, EventProcessor] = {}
        self.functions: Dict[str, cst.FunctionDef] = {}
        self.names: Dict[str, cst.CSTNode] = {}
        self.invalid: Set[str] = set()
        self.module_names = module_bindings(module)

    def project(self) -> Project:
        for node, surrogate in surrogate_strings(self.module, self.source.text):
            self.reporter.error(
                Code.LONE_SURROGATE,
                node,
                f"this string holds the lone surrogate U+{ord(surrogate):04X}, which UTF-8, and so "
                "Step Functions' JSON, cannot carry; write the character itself (`\\U0001F600`, "
                "not two `\\u` halves)",
            )
        for statement in self.module.body:
            self.module_statement(statement)
        if not self.functions and not self.reporter.has_errors:
            self.reporter.error(
                Code.NO_STATE_MACHINE,
                self.module,
                "no state machine: define a module-level function such as `def main(data):`",
            )
        graphs: Dict[str, graph.Function] = {}
        decorations: Dict[str, Decorations] = {}
        uses: List[Tuple[str, str, str, cst.CSTNode]] = []
        for name, function in self.functions.items():
            decorations[name] = recognise_decorators(function, self.reporter)
            block, calls = recognise_function(
                function, self.tasks, frozenset(self.functions), frozenset(self.invalid), self.reporter
            )
            end_key = graph.KeySource("Pass", cst.Pass(), namespace=name)
            graphs[name] = graph.Function(name, block, end_key, function)
            uses.extend((name, how, callee, node) for how, callee, node in calls)
        self.check_processors(decorations)
        self.check_cycles(uses)
        if not self.reporter.has_errors:
            self.check_sizes(graphs)
        warnings = self.reporter.finish()
        iterators = frozenset(callee for _, how, callee, _ in uses if how == "map")
        branches = frozenset(callee for _, how, callee, _ in uses if how in ("map", "parallel"))
        program = Program(self.source, graphs, iterators)
        machines = {
            name: self.state_machine(
                name, function, decorations[name], program, name in iterators, name in branches
            )
            for name, function in self.functions.items()
        }
        dependencies = tuple(sorted(set().union(*(t.dependencies for t in self.tasks.values()))))
        return Project(
            path=self.source.path,
            tasks=types.MappingProxyType(self.tasks),
            state_machines=types.MappingProxyType(machines),
            event_processors=types.MappingProxyType(self.processors),
            dependencies=dependencies,
            warnings=warnings,
            module=self.module,
            source=self.source,
        )

    def module_statement(self, statement: cst.BaseStatement) -> None:
        if isinstance(statement, cst.ClassDef):
            self.class_def(statement)
        elif isinstance(statement, cst.FunctionDef):
            if statement.asynchronous is not None:
                self.invalid.add(identifier(statement.name))
                self.reporter.error(
                    Code.ASYNC_STATE_MACHINE,
                    statement.asynchronous,
                    "a state machine function is a plain `def`",
                )
            elif self.declare(statement.name):
                self.functions[identifier(statement.name)] = statement
                self.check_shadowing(statement.name)
        elif isinstance(statement, cst.SimpleStatementLine) and all(
            isinstance(s, _IGNORED) or is_string(s) for s in statement.body
        ):
            return
        else:
            self.reporter.warning(
                Code.MODULE_STATEMENT,
                statement,
                "only Task/EventProcessor classes, state machine functions and imports are read "
                "at module level; this statement is ignored",
            )

    def declare(self, name: cst.Name) -> bool:
        """Register a module-level name; Python reads names NFKC-normalised, so ``ﬁle`` and
        ``file`` are one name defined twice."""
        python_name = identifier(name)
        if python_name in self.names:
            same = "" if python_name == name.value else f" (Python reads `{name.value}` as `{python_name}`)"
            self.reporter.error(
                Code.DUPLICATE_NAME, name, f"`{python_name}` is defined twice in this file{same}"
            )
            return False
        self.names[python_name] = name
        return True

    def check_shadowing(self, name: cst.Name) -> None:
        """A state machine or Task named like a DSL function or decorator: Python would call it
        where Fluxio reads the DSL's own, or the other way round."""
        python_name = identifier(name)
        if python_name in DSL_NAMES:
            self.reporter.warning(
                Code.SHADOWED_DSL_NAME,
                name,
                f"`{python_name}` is a name of the DSL; with this definition, `{python_name}(...)` in "
                "the file means something else to Python than to Fluxio: rename it",
            )

    def class_def(self, node: cst.ClassDef) -> None:
        bases = [a.value for a in node.bases]
        base = (
            identifier(bases[0])
            if len(bases) == 1 and isinstance(bases[0], cst.Name) and not node.keywords
            else None
        )
        if base not in ("Task", "EventProcessor") or node.decorators:
            self.invalid.add(identifier(node.name))
            self.reporter.error(
                Code.CLASS_BASE,
                node.bases[0] if node.bases else node.name,
                "a module-level class is `class Name(Task)` or `class Name(EventProcessor)`",
            )
            return
        if not self.declare(node.name):
            return
        self.check_shadowing(node.name)
        if base == "Task":
            self.tasks[identifier(node.name)] = recognise_task(
                node, self.source, self.reporter, self.module_names
            )
        else:
            self.processors[identifier(node.name)] = recognise_event_processor(node, self.reporter)

    def check_processors(self, decorations: Dict[str, Decorations]) -> None:
        for found in decorations.values():
            processor = found.process_events.processor if found.process_events else None
            if processor is not None and processor not in self.processors:
                assert found.processor_node is not None
                self.reporter.error(
                    Code.UNKNOWN_PROCESSOR,
                    found.processor_node,
                    f"`{processor}` is not an EventProcessor class of this file",
                )

    def check_sizes(self, graphs: Dict[str, graph.Function]) -> None:
        """Refuse a machine too large for Step Functions before it is emitted, at the statement
        where its copied iterators and branches first grow past the limit."""
        sizes = graph.fewest_bytes(graphs)
        limit = graph.MAX_DEFINITION_BYTES
        for name, function in graphs.items():
            if sizes[name] <= limit or any(sizes.get(c, 0) > limit for c in graph.embedded(function.body)):
                continue
            largest = max(
                (
                    s
                    for s in graph.states(function.body)
                    if isinstance(s, (graph.MapState, graph.ParallelState))
                ),
                key=lambda s: sum(sizes.get(c, 0) for c in graph.embedded((s,))),
                default=None,
            )
            self.reporter.error(
                Code.MACHINE_TOO_LARGE,
                largest.key.node if largest is not None else function.node.name,
                f"`{name}` copies its iterators and branches into itself and would take more than "
                f"{sizes[name] // 1024} kB of ASL; Step Functions takes at most 1 MB: call the reused "
                "function as a nested state machine (`child(data)`) instead of copying it",
            )

    def check_cycles(self, uses: List[Tuple[str, str, str, cst.CSTNode]]) -> None:
        """A function may not reach itself through map, parallel or nested calls."""
        edges: Dict[str, List[Tuple[str, cst.CSTNode]]] = {}
        for caller, _, callee, node in uses:
            edges.setdefault(caller, []).append((callee, node))
        reported: Set[str] = set()
        for start in self.functions:
            path = self.find_cycle(start, edges)
            if path is not None and start not in reported:
                reported.update(name for name, _ in path)
                names = " → ".join([start] + [name for name, _ in path])
                self.reporter.error(
                    Code.CYCLE, path[0][1], f"state machines call each other in a cycle: {names}"
                )

    @staticmethod
    def find_cycle(
        start: str, edges: Dict[str, List[Tuple[str, cst.CSTNode]]]
    ) -> Optional[List[Tuple[str, cst.CSTNode]]]:
        stack: List[Tuple[str, List[Tuple[str, cst.CSTNode]]]] = [(start, [])]
        seen: Set[str] = set()
        while stack:
            name, path = stack.pop()
            for callee, node in edges.get(name, []):
                if callee == start:
                    return path + [(callee, node)]
                if callee not in seen:
                    seen.add(callee)
                    stack.append((callee, path + [(callee, node)]))
        return None

    def state_machine(
        self,
        name: str,
        node: cst.FunctionDef,
        found: Decorations,
        program: Program,
        is_iterator: bool,
        is_branch: bool,
    ) -> StateMachine:
        exported = (
            found.export is not None or found.schedule is not None or bool(found.subscriptions)
        ) and not (found.export is not None and not found.export.enabled)
        return StateMachine(
            name=name,
            is_first_class=not is_branch or exported,  # fix D12
            is_map_iterator=is_iterator,
            schedule=found.schedule,
            subscriptions=tuple(found.subscriptions),
            export=found.export,
            event_processor=found.process_events,
            node=node,
            program=program,
        )


__all__ = ["FluxioError", "parse", "parse_file"]
