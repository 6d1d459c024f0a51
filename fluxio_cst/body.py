"""Recognising a state machine function's body: statements → :mod:`fluxio_cst.graph` states.

One recogniser per statement shape, dispatched by :meth:`BodyRecogniser.statement`. Each
reports what it cannot accept and returns None, so recognition continues with the next
statement and every problem of a file is reported in one run.

Examples (inside ``def main(data):``)::

    data["order"] = FetchOrder(data["in"], key="Fetch", timeout=60)   # Task
    child(data["x"], key="run child")                                  # nested state machine
    data["debug"] = {"level": "INFO"}                                  # Pass
    data.update({"more": 123})                                         # one Pass per key
    wait(seconds=10)                                                   # Wait
    map(data["items"], each_item, max_concurrency=3)                   # Map
    parallel(branch1, branch2)                                         # Parallel
    return                                                             # Succeed
    raise Wrong("mmk")                                                 # Fail
    for x in data["items"]: ...      # INVALID: FX301, use map(...)
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Dict, FrozenSet, List, Mapping, Optional, Sequence, Set, Tuple, Union

import libcst as cst

from . import graph, values
from .codes import Code
from .dsl import choice
from .model import Task
from .options import (
    DATA,
    DICT,
    ENV,
    ERRORS,
    KEY,
    MAX_DOUBLE,
    MAX_KEY_LENGTH,
    MAX_SECONDS,
    NON_NEGATIVE_INT,
    POSITIVE_INT,
    RATE,
    TIMESTAMP,
    Option,
    Value,
    read_options,
)
from .options import positional as options_positional
from .report import Reporter
from .services import NESTED
from .syntax import compound_blocks, is_docstring, is_string, statements_of

_TASK_OPTIONS = {
    "key": Option((KEY,)),
    "timeout": Option((POSITIVE_INT,), maximum=MAX_SECONDS),
    "env": Option((ENV,)),
    "build_arg_vars": Option((DICT,)),
}
_NESTED_OPTIONS = {
    "key": Option((KEY,)),
    "timeout": Option((POSITIVE_INT,), 300, maximum=MAX_SECONDS),
}
_MAP_OPTIONS = {
    "key": Option((KEY,)),
    "max_concurrency": Option((NON_NEGATIVE_INT,), 0, maximum=MAX_SECONDS),
}
_PARALLEL_OPTIONS = {"key": Option((KEY,))}
_WAIT_OPTIONS = {
    "key": Option((KEY,)),
    "seconds": Option((NON_NEGATIVE_INT, DATA), maximum=MAX_SECONDS),
    "timestamp": Option((TIMESTAMP, DATA)),
}
_RETRY_OPTIONS = {
    "on_exceptions": Option((ERRORS,)),
    "interval": Option((POSITIVE_INT,), 1, maximum=MAX_SECONDS),
    "max_attempts": Option((NON_NEGATIVE_INT,), 3, maximum=MAX_SECONDS),
    "backoff_rate": Option((RATE,), 2.0, maximum=MAX_DOUBLE),
}

_DSL_FUNCTIONS = ("map", "parallel", "wait")
_NO_RESULT_SERVICES = ("ecs", "codebuild")  # ecs:worker returns its result with the task token
_ARTICLE = {"ecs": "an", "codebuild": "a"}
_DIGEST_LENGTH = 33  # "-" and an md5 hex digest after the prefix of a generated key

Statement = Union[cst.BaseStatement, cst.BaseSmallStatement]
# How a function uses another (``"call"``, ``"map"`` or ``"parallel"``), the callee, and where.
Use = Tuple[str, str, cst.CSTNode]


def recognise_function(
    function: cst.FunctionDef,
    tasks: Mapping[str, Task],
    functions: FrozenSet[str],
    invalid: FrozenSet[str],
    reporter: Reporter,
) -> Tuple[graph.Block, Tuple[Use, ...]]:
    """A state machine function's body as a block of states, and the functions it uses (for the
    call graph). ``invalid`` names definitions already rejected: no second error for them."""
    name = values.identifier(function.name)
    body = BodyRecogniser(name, tasks, set(functions), reporter, set(invalid))
    block = body.suite(function.body)
    return block, tuple(body.calls)


class BodyRecogniser:
    """Turns the statements of one state machine function into a :data:`graph.Block`."""

    def __init__(
        self,
        function: str,
        tasks: Mapping[str, Task],
        functions: Set[str],
        reporter: Reporter,
        invalid: Set[str],
    ) -> None:
        self.function = function
        self.tasks = tasks
        self.functions = functions
        self.invalid = invalid  # names whose definitions were rejected: no second error for them
        self.reporter = reporter
        self.explicit_keys: Dict[str, cst.CSTNode] = {}
        self.calls: List[Tuple[str, str, cst.CSTNode]] = []  # (how, function, node) for the call graph
        self.in_handler = False

    # Blocks -----------------------------------------------------------------------------
    def block(self, statements: Sequence[cst.BaseStatement]) -> graph.Block:
        states: List[graph.State] = []
        terminated: Optional[cst.CSTNode] = None
        for statement in statements:
            smalls: Sequence[Statement] = (
                statement.body if isinstance(statement, cst.SimpleStatementLine) else (statement,)
            )
            for small in smalls:
                if is_string(small):
                    continue  # docstrings and other string statements are skipped
                if terminated is not None:
                    self.reporter.error(
                        Code.UNREACHABLE,
                        small,
                        "this statement can never run: every path above it ends with `return` or `raise`",
                    )
                    return tuple(states)
                state = self.statement(small)
                if state is not None:
                    states.append(state)
                    if _ends_execution(state):
                        terminated = small
        return tuple(states)

    def suite(self, suite: cst.BaseSuite) -> graph.Block:
        return self.block(statements_of(suite))

    # Dispatch ---------------------------------------------------------------------------
    def statement(self, node: Statement) -> Optional[graph.State]:
        handler = _STATEMENTS.get(type(node))
        if handler is None:
            self.reporter.error(Code.UNSUPPORTED_STATEMENT, node, _unsupported(node))
            self.check_bodies(node)
            return None
        return handler(self, node)

    def check_bodies(self, node: cst.CSTNode) -> None:
        """Recognise the blocks of a rejected statement anyway, for their own diagnostics: every
        problem of a file is reported in one run."""
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.For, cst.While)):
            # A separate scope, or a loop whose body becomes a map iterator once rewritten:
            # its loop variable would only cause misleading second errors.
            return
        for suite in compound_blocks(node):
            self.suite(suite)

    # Keys -------------------------------------------------------------------------------
    def key(
        self,
        prefix: str,
        node: cst.CSTNode,
        option: Optional[Value],
        *,
        expression: bool = False,
        namespace: str = "",
    ) -> graph.KeySource:
        explicit = option.value if option is not None and option.value is not None else None
        if explicit is None and len(prefix) + _DIGEST_LENGTH > MAX_KEY_LENGTH:
            self.reporter.error(
                Code.GENERATED_KEY_TOO_LONG,
                node,
                f"the generated state name `{prefix}-<md5>` would be {len(prefix) + _DIGEST_LENGTH} "
                f"characters long (Step Functions takes {MAX_KEY_LENGTH}): pass `key=`",
            )
        if isinstance(explicit, str):
            assert option is not None and option.node is not None
            if explicit in self.explicit_keys:
                self.reporter.error(
                    Code.DUPLICATE_KEY, option.node, f"key {explicit!r} is already used in `{self.function}`"
                )
            self.explicit_keys[explicit] = option.node
        return graph.KeySource(
            prefix,
            node,
            explicit if isinstance(explicit, str) else None,
            expression,
            namespace,
            not self.in_handler,
        )

    # Statements -------------------------------------------------------------------------
    def expr(self, node: cst.Expr) -> Optional[graph.State]:
        if isinstance(node.value, cst.Ellipsis):
            return graph.PassStatement()  # `...` is a placeholder, like `pass`
        return self.call(node.value, node, None)

    def assign(self, node: cst.Assign) -> Optional[graph.State]:
        if len(node.targets) != 1:
            self.reporter.error(
                Code.ASSIGN_TARGET, node.targets[1].target, "assign to one `data[...]` key at a time"
            )
            return None
        result_path = self.result_path(node.targets[0].target)
        if result_path is None:
            return None
        if isinstance(node.value, cst.Call) and _callee(node.value) is not None:
            return self.call(node.value, node, result_path)
        try:
            result = values.json_value(node.value)
        except values.NotStatic as exc:
            self.reporter.error(Code.PASS_VALUE, exc.node, f"a Pass state stores a JSON literal: {exc.why}")
            return None
        return graph.PassValue(self.key("Pass", node, None, namespace=self.function), result, result_path)

    def result_path(self, target: cst.BaseExpression) -> Optional[str]:
        if not isinstance(target, cst.Subscript) or not values.is_data_reference(target):
            self.reporter.error(
                Code.ASSIGN_TARGET, target, 'results are stored on the input data: assign to `data["key"]`'
            )
            return None
        path = self.path(target)
        if path is not None and "__trace" in path:
            self.reporter.error(
                Code.RESERVED_PATH,
                target,
                "`__trace` is reserved for Fluxio's tracing; store the result elsewhere",
            )
            return None
        return path

    def path(self, node: cst.BaseExpression) -> Optional[str]:
        try:
            return values.data_path(node)
        except values.NotStatic as exc:
            self.reporter.error(Code.DATA_REFERENCE, exc.node, exc.why)
            return None

    def call(
        self, value: cst.BaseExpression, statement: cst.CSTNode, result_path: Optional[str]
    ) -> Optional[graph.State]:
        name = _callee(value) if isinstance(value, cst.Call) else None
        if name is None or not isinstance(value, cst.Call):
            if isinstance(value, cst.Call) and _is_update(value):
                return self.update(value, statement, result_path)
            self.reporter.error(
                Code.UNSUPPORTED_CALL,
                value,
                "a statement here is a Task call, a state machine call, map(), parallel(), wait(), "
                "data.update({...}) or a `data[...] = ...` assignment",
            )
            return None
        if name in self.tasks:
            return self.task(value, name, result_path)
        if name in self.functions:
            return self.nested(value, name, result_path)
        if name in _DSL_FUNCTIONS:
            if name == "wait" and result_path is not None:
                self.reporter.error(Code.ASSIGN_TARGET, statement, "`wait()` has no result to store")
                return None
            return _DSL_CALLS[name](self, value, statement, result_path)
        if name in self.invalid:
            return None  # its own definition was reported already
        self.reporter.error(
            Code.UNKNOWN_NAME,
            value.func,
            f"`{name}` is not a Task class or state machine function of this file",
        )
        return None

    def input_path(self, call: cst.Call, what: str) -> Optional[str]:
        positional = options_positional(call)
        if len(positional) > 1:
            self.reporter.error(
                Code.ARGUMENTS,
                positional[-1],
                f"{what} takes at most one positional argument, the input data",
            )
            return None
        return "$" if not positional else self.path(positional[0].value)

    def task(self, call: cst.Call, name: str, result_path: Optional[str]) -> Optional[graph.State]:
        task = self.tasks[name]
        input_path = self.input_path(call, f"`{name}()`")
        options = read_options(call, _TASK_OPTIONS, self.reporter, f"`{name}()`")
        if input_path is None or options is None:
            return None
        codebuild = task.service == "codebuild"
        self.check_result(task, call, result_path, codebuild)
        for option in ("env", "build_arg_vars"):
            written = options[option].node
            if written is not None and not codebuild:
                self.reporter.warning(
                    Code.SERVICE_OPTION,
                    written,
                    f"`{option}=` is for codebuild tasks and is ignored for `{task.service}`",
                )
        entries = options["env"].value if codebuild else None
        env = tuple(graph.EnvEntry(*entry) for entry in entries) if isinstance(entries, tuple) else ()
        timeout = options["timeout"].value
        return graph.TaskCall(
            key=self.key(name, call, options["key"], expression=True),
            target=name,
            service=task.service,
            input_path=input_path,
            result_path=result_path,
            timeout=timeout if isinstance(timeout, int) else task.timeout,  # fix D4
            env=env,
            build_arg_vars=options["build_arg_vars"].value if codebuild else None,  # type: ignore[arg-type]
        )

    def check_result(self, task: Task, call: cst.Call, result_path: Optional[str], codebuild: bool) -> None:
        """Warn where the program reads as if a value flowed that never does: the result of a
        service that returns none (the DSL doc: only Lambda tasks return results), or an input a
        codebuild build never receives."""
        if result_path is not None and task.service in _NO_RESULT_SERVICES:
            self.reporter.warning(
                Code.NO_RESULT,
                call,
                f"`{task.name}` is {_ARTICLE[task.service]} `{task.service}` task: only Lambda "
                "tasks return what `run` returns, so this stores the service's own response; call "
                "it without assigning",
            )
        positional = options_positional(call)
        if codebuild and positional:
            self.reporter.warning(
                Code.IGNORED_INPUT,
                positional[0],
                f"`{task.name}` is a codebuild task, which does not receive this input; pass "
                'values with `env={"NAME": data["key"]}`',
            )

    def nested(self, call: cst.Call, name: str, result_path: Optional[str]) -> Optional[graph.State]:
        input_path = self.input_path(call, f"`{name}()`")
        options = read_options(call, _NESTED_OPTIONS, self.reporter, f"`{name}()`")
        if input_path is None or options is None:
            return None
        self.calls.append(("call", name, call))
        return graph.TaskCall(
            key=self.key(name, call, options["key"], expression=True),
            target=name,
            service=NESTED,
            input_path=input_path,
            result_path=result_path,
            timeout=options["timeout"].value,  # type: ignore[arg-type]
        )

    def map(
        self, call: cst.Call, statement: cst.CSTNode, result_path: Optional[str]
    ) -> Optional[graph.State]:
        positional = options_positional(call)
        options = read_options(call, _MAP_OPTIONS, self.reporter, "`map()`")
        if len(positional) != 2:
            self.reporter.error(
                Code.ARGUMENTS,
                call,
                'write `map(data["items"], iterator_function)`: two positional arguments',
            )
            return None
        input_path = self.path(positional[0].value)
        iterator = self.function_ref(positional[1].value, "map")
        if input_path is None or iterator is None or options is None:
            return None
        return graph.MapState(
            self.key("Map", statement, options["key"]),
            input_path,
            iterator,
            result_path,
            options["max_concurrency"].value,  # type: ignore[arg-type]
        )

    def parallel(
        self, call: cst.Call, statement: cst.CSTNode, result_path: Optional[str]
    ) -> Optional[graph.State]:
        positional = options_positional(call)
        options = read_options(call, _PARALLEL_OPTIONS, self.reporter, "`parallel()`")
        if not positional:
            self.reporter.error(
                Code.ARGUMENTS, call, "write `parallel(branch1, branch2)` with branch functions"
            )
            return None
        branches = [self.function_ref(a.value, "parallel") for a in positional]
        if options is None or any(b is None for b in branches):
            return None
        return graph.ParallelState(
            self.key("Parallel", statement, options["key"]), tuple(b for b in branches if b), result_path
        )

    def wait(
        self, call: cst.Call, statement: cst.CSTNode, result_path: Optional[str]
    ) -> Optional[graph.State]:
        options = read_options(call, _WAIT_OPTIONS, self.reporter, "`wait()`")
        if options_positional(call):
            self.reporter.error(
                Code.WAIT_FORM, call, "`wait()` takes `seconds=` or `timestamp=` as a keyword"
            )
            return None
        if options is None:
            return None
        given = [name for name in ("seconds", "timestamp") if options[name].node is not None]
        if len(given) != 1:
            self.reporter.error(
                Code.WAIT_FORM, call, "`wait()` takes exactly one of `seconds=` or `timestamp=`"
            )
            return None
        option = options[given[0]]
        field = given[0].capitalize() + ("Path" if option.kind is DATA else "")
        return graph.Wait(self.key("Wait", statement, options["key"]), field, option.value)  # type: ignore[arg-type]

    def function_ref(self, node: cst.BaseExpression, how: str) -> Optional[str]:
        name = values.identifier(node) if isinstance(node, cst.Name) else None
        if name is not None and name in self.functions:
            self.calls.append((how, name, node))
            return name
        if name is not None and name in self.invalid:
            return None  # its own definition was reported already
        if name is not None and name in self.tasks:
            wrapper = f"def run_{name.lower()}(data): {name}()"
            why = f"`{name}` is a Task class; wrap it in a function: `{wrapper}`"
        elif name is not None:
            why = f"`{name}` is not a state machine function of this file"
        else:
            why = "pass a module-level state machine function by name"
        self.reporter.error(Code.UNKNOWN_NAME, node, f"`{how}()` takes state machine functions: {why}")
        return None

    def update(
        self, call: cst.Call, statement: cst.CSTNode, result_path: Optional[str]
    ) -> Optional[graph.State]:
        if result_path is not None:
            self.reporter.error(Code.ASSIGN_TARGET, statement, "`data.update()` has no result to store")
            return None
        literal = call.args[0].value if len(call.args) == 1 and call.args[0].keyword is None else None
        if not isinstance(literal, cst.Dict):
            self.reporter.error(Code.PASS_VALUE, call, "`data.update()` takes one dict literal")
            return None
        try:
            result = values.json_value(literal)
        except values.NotStatic as exc:
            self.reporter.error(Code.PASS_VALUE, exc.node, f"a Pass state stores a JSON literal: {exc.why}")
            return None
        reserved = _reserved_keys(literal)
        for node in reserved:
            why = "`__trace` is reserved for Fluxio's tracing; store the value elsewhere"
            self.reporter.error(Code.RESERVED_PATH, node, why)
        if reserved:
            return None
        assert isinstance(result, dict)  # a dict literal's JSON: keys are strings, last value wins
        try:
            for element in literal.elements:  # each key as a data key: the same writable rule
                if isinstance(element, cst.DictElement):
                    values.path_segment(str(values.literal(element.key)), element.key)
        except values.UnwritableKey as exc:
            self.reporter.error(Code.DATA_REFERENCE, exc.node, exc.why)
            return None
        entries = tuple(("$" + values.path_segment(name, literal), value) for name, value in result.items())
        return graph.Update(self.key("Pass", statement, None, namespace=self.function), entries)

    def return_(self, node: cst.Return) -> graph.State:
        return graph.Succeed(self.key("Succeed", node, None, namespace=self.function))

    def raise_(self, node: cst.Raise) -> Optional[graph.State]:
        exc = node.exc
        error: Optional[str] = None
        cause: Optional[str] = None
        if node.cause is None and isinstance(exc, cst.Name):
            error = cause = values.identifier(exc)
        elif node.cause is None and isinstance(exc, cst.Call) and isinstance(exc.func, cst.Name):
            error = values.identifier(exc.func)
            if not exc.args:
                cause = error
            elif len(exc.args) == 1 and exc.args[0].keyword is None and not exc.args[0].star:
                literal = exc.args[0].value
                if isinstance(literal, (cst.SimpleString, cst.ConcatenatedString)):
                    try:
                        evaluated = values.evaluate(literal)
                    except values.NotStatic:
                        evaluated = None
                    cause = evaluated if isinstance(evaluated, str) else None
        if error is None or cause is None:
            self.reporter.error(
                Code.RAISE_FORM,
                node,
                'write `raise ErrorName("cause")`: a plain error name and at most one plain string '
                "literal (an f-string or a variable cannot be known before the execution)",
            )
            return None
        return graph.Fail(self.key("Fail", node, None), error, cause)

    def pass_(self, node: cst.Pass) -> graph.State:
        return graph.PassStatement()

    def if_(self, node: cst.If) -> Optional[graph.State]:
        branches: List[Tuple[values.JSON, graph.Block]] = []
        current: Optional[cst.If] = node
        default: Optional[graph.Block] = None
        ok = True
        while current is not None:
            try:
                rule: Optional[Dict[str, values.JSON]] = choice.rule(current.test)
            except choice.RuleError as exc:
                self.reporter.error(exc.code, exc.node, exc.message)
                rule, ok = None, False
            body = self.suite(current.body)
            if rule is not None:
                branches.append((rule, body))
            orelse = current.orelse
            current = None
            if isinstance(orelse, cst.If):
                current = orelse
            elif isinstance(orelse, cst.Else):
                inner = _only_if(orelse.body)
                if inner is not None:  # `else:` holding only an `if` is an `elif`
                    current = inner
                else:
                    default = self.suite(orelse.body)
        if not ok:
            return None
        return graph.Choice(self.key("Choice", node, None), tuple(branches), default)

    def try_(self, node: cst.Try) -> Optional[graph.State]:
        extra = node.orelse or node.finalbody
        if extra is not None:
            self.reporter.error(
                Code.TRY_SHAPE, extra, "`try` takes `except` handlers only (no `else`/`finally`)"
            )
            self.check_bodies(node)
            return None
        task = self.single_task(node.body, "try")
        catchers: List[Optional[graph.Catcher]] = []
        for handler in node.handlers:
            errors = self.handler_errors(handler)
            saved, self.in_handler = self.in_handler, True
            body = self.suite(handler.body)
            self.in_handler = saved
            catchers.append(None if errors is None else graph.Catcher(errors, body))
        for index, (handler, catcher) in enumerate(zip(node.handlers, catchers)):
            last = index == len(node.handlers) - 1
            if (
                catcher is not None
                and "States.ALL" in catcher.errors
                and (len(catcher.errors) > 1 or not last)
            ):
                self.reporter.error(
                    Code.STATES_ALL,
                    handler.type or handler,
                    "a handler of every error (bare `except:` or `States.ALL`) must stand alone and last",
                )
                return None
        if task is None or None in catchers:
            return None
        return replace(task, catchers=task.catchers + tuple(c for c in catchers if c is not None))

    def handler_errors(self, handler: cst.ExceptHandler) -> Optional[Tuple[str, ...]]:
        if handler.name is not None:
            self.reporter.error(
                Code.HANDLER_TYPE, handler.name, "`except … as name` has no meaning here; drop `as …`"
            )
            return None
        if handler.type is None:
            return ("States.ALL",)
        elements = handler.type.elements if isinstance(handler.type, cst.Tuple) else None
        nodes = [e.value for e in elements] if elements is not None else [handler.type]
        if not nodes:
            self.reporter.error(
                Code.NO_ERRORS,
                handler.type,
                "`except ():` catches no error: name the errors, or write `except:`",
            )
            return None
        try:
            names = tuple(values.error_name(n) for n in nodes)
        except values.NotStatic as exc:
            self.reporter.error(Code.HANDLER_TYPE, exc.node, exc.why)
            return None
        self.warn_base_exceptions(list(zip(names, nodes)))
        return names

    def warn_base_exceptions(self, named: List[Tuple[str, cst.CSTNode]]) -> None:
        for name, node in named:
            problem = values.base_exception_problem(name)
            if problem is not None:
                self.reporter.warning(Code.BASE_EXCEPTION_NAME, node, problem)

    def single_task(self, suite: cst.BaseSuite, what: str) -> Optional[graph.TaskCall]:
        statements = [s for s in statements_of(suite) if not is_docstring(s)]
        smalls = [x for s in statements for x in (s.body if isinstance(s, cst.SimpleStatementLine) else [s])]
        if len(smalls) == 1 and isinstance(smalls[0], cst.Try):
            self.statement(smalls[0])  # its own problems are reported too
            self.nested_try(smalls[0], what)
            return None
        if len(smalls) == 1:
            state = self.statement(smalls[0])
            if isinstance(state, graph.TaskCall):
                return state
            if state is None:
                return None
        code = Code.TRY_BODY if what == "try" else Code.RETRY_SHAPE
        self.reporter.error(
            code,
            suite if len(smalls) != 1 else smalls[0],
            f"the body of `{what}` is exactly one Task call (or one `with retry()` around one)",
        )
        return None

    def nested_try(self, inner: cst.Try, what: str) -> None:
        """Reject a ``try`` as the body of a ``try`` or a ``with retry()``.

        Python sends a failure inside the inner handlers to the outer ones, and a retry re-runs
        the whole inner ``try`` (handlers included). A Catch or Retry only guards its own Task
        state: the handlers' states, and a Fail state there, would escape both.
        """
        if what == "try":
            self.reporter.error(
                Code.NESTED_TRY,
                inner,
                "a `try` inside a `try` body cannot be compiled: a failure in the inner handlers "
                "would never reach the outer ones. Move the inner `try` into its own state machine "
                "function and call that function here: the call is one Task, so these handlers "
                "catch its failure",
            )
            return
        self.reporter.error(
            Code.RETRY_AROUND_TRY,
            inner,
            "`with retry()` around a `try` would retry the whole `try`, handlers included, which "
            "a Step Functions Retry cannot do. Put the `with retry()` inside the `try` body "
            "(the task is retried first, the handlers run once the retries are spent), or move "
            "the `try` into its own state machine function and retry the call to it",
        )

    def with_(self, node: cst.With) -> Optional[graph.State]:
        item = node.items[0].item if len(node.items) == 1 else None
        if (
            not isinstance(item, cst.Call)
            or not isinstance(item.func, cst.Name)
            or values.identifier(item.func) != "retry"
            or node.items[0].asname is not None
            or node.asynchronous is not None
        ):
            self.reporter.error(
                Code.RETRY_SHAPE, node, "the only `with` is `with retry(...):` around one Task call"
            )
            self.check_bodies(node)
            return None
        if options_positional(item):
            self.reporter.error(Code.RETRY_SHAPE, item, "`retry()` takes keyword arguments only")
            self.check_bodies(node)
            return None
        options = read_options(item, _RETRY_OPTIONS, self.reporter, "`retry()`")
        task = self.single_task(node.body, "with retry()")
        if options is None or task is None:
            return None
        errors = options["on_exceptions"].value
        listed = options["on_exceptions"].node
        if isinstance(errors, tuple) and isinstance(listed, (cst.List, cst.Tuple)):
            self.warn_base_exceptions([(n, e.value) for n, e in zip(errors, listed.elements)])
        if isinstance(errors, tuple) and "States.ALL" in errors and len(errors) > 1:
            self.reporter.error(
                Code.STATES_ALL, options["on_exceptions"].node or item, "`States.ALL` must stand alone"
            )
            return None
        if any("States.ALL" in r.errors for r in task.retriers):
            self.reporter.error(
                Code.STATES_ALL,
                item,
                "the inner `with retry()` already retries every error; only the outermost one may",
            )
            return None
        retrier = graph.Retrier(
            errors if isinstance(errors, tuple) else ("States.ALL",),  # fix D3
            options["interval"].value,  # type: ignore[arg-type]
            options["max_attempts"].value,  # type: ignore[arg-type]
            options["backoff_rate"].value,  # type: ignore[arg-type]
        )
        return replace(task, retriers=task.retriers + (retrier,))


def _ends_execution(state: graph.State) -> bool:
    """Whether no path through ``state`` continues after it (every branch returns or raises)."""
    if isinstance(state, (graph.Succeed, graph.Fail)):
        return True
    if isinstance(state, graph.Choice) and state.default is not None:
        blocks = [body for _, body in state.branches] + [state.default]
        return all(any(_ends_execution(s) for s in block) for block in blocks)
    return False


def _reserved_keys(literal: cst.Dict) -> List[cst.BaseExpression]:
    """The keys of a ``data.update`` literal (already read as JSON) that would write under
    ``__trace``, the same rule as for ``data[...] = ...`` targets."""
    return [
        element.key
        for element in literal.elements
        if isinstance(element, cst.DictElement) and "__trace" in repr(values.literal(element.key))
    ]


def _callee(call: cst.Call) -> Optional[str]:
    return values.identifier(call.func) if isinstance(call.func, cst.Name) else None


def _is_update(call: cst.Call) -> bool:
    func = call.func
    return (
        isinstance(func, cst.Attribute)
        and func.attr.value == "update"
        and isinstance(func.value, cst.Name)
        and values.identifier(func.value) == "data"
    )


def _only_if(suite: cst.BaseSuite) -> Optional[cst.If]:
    if isinstance(suite, cst.IndentedBlock) and len(suite.body) == 1 and isinstance(suite.body[0], cst.If):
        return suite.body[0]
    return None


_NAMES: Dict[type, str] = {
    cst.For: '`for` loops are not part of the DSL; fan out with `map(data["items"], iterator)`',
    cst.While: "`while` loops are not part of the DSL",
    cst.Import: "imports belong in a Task's `run` method, not in a state machine",
    cst.ImportFrom: "imports belong in a Task's `run` method, not in a state machine",
    cst.AugAssign: "augmented assignment is not part of the DSL; a Pass state stores a literal",
    cst.AnnAssign: 'annotated assignment is not part of the DSL; write `data["key"] = value`',
    cst.Del: "`del` is not part of the DSL",
    cst.Assert: "`assert` is not part of the DSL; use `if` and `raise`",
    cst.FunctionDef: "nested functions are not part of the DSL; define state machines at module level",
    cst.ClassDef: "classes are defined at module level",
    cst.TryStar: "`except*` is not part of the DSL; use `try`/`except`",
    cst.Match: "`match` is not part of the DSL; use `if`/`elif`/`else`",
    cst.Global: "`global` is not part of the DSL",
    cst.Nonlocal: "`nonlocal` is not part of the DSL",
    cst.Continue: "`continue` is not part of the DSL",
    cst.Break: "`break` is not part of the DSL",
}


def _unsupported(node: cst.CSTNode) -> str:
    return _NAMES.get(
        type(node),
        f"`{type(node).__name__}` statements are not part of the DSL",
    )


_STATEMENTS: Dict[type, Callable[[BodyRecogniser, Statement], Optional[graph.State]]] = {
    cst.Expr: BodyRecogniser.expr,  # type: ignore[dict-item]
    cst.Assign: BodyRecogniser.assign,  # type: ignore[dict-item]
    cst.Return: BodyRecogniser.return_,  # type: ignore[dict-item]
    cst.Raise: BodyRecogniser.raise_,  # type: ignore[dict-item]
    cst.Pass: BodyRecogniser.pass_,  # type: ignore[dict-item]
    cst.If: BodyRecogniser.if_,  # type: ignore[dict-item]
    cst.Try: BodyRecogniser.try_,  # type: ignore[dict-item]
    cst.With: BodyRecogniser.with_,  # type: ignore[dict-item]
}

_DSL_CALLS = {"map": BodyRecogniser.map, "parallel": BodyRecogniser.parallel, "wait": BodyRecogniser.wait}
