"""Task call: ``data["k"] = Task(data["in"], key=…, timeout=…)`` runs a Task class as a Task state.

What it does: a call of a Task class of the file is one Task state; its one positional argument
(default: all of ``data``) is the input, the assignment target receives the result.

Why: the Task's service (Lambda, ECS, CodeBuild…) decides the Resource and Parameters, so the
call only carries what the program says: input, result, timeout, and codebuild's ``env=`` and
``build_arg_vars=``. A service returning no result (ecs, codebuild) warns when assigned, and a
codebuild build, which receives no input, warns when given one.

Example::

    data["order"] = FetchOrder(data["in"], key="Fetch", timeout=60)

Use instead: ``Build(env={"NAME": data["key"]})`` for a codebuild input, not ``Build(data)``.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from .. import graph, values
from ..codes import Code
from ..model import Task
from ..options import DICT, ENV, KEY, MAX_SECONDS, POSITIVE_INT, Option, read_options
from ..options import positional as options_positional
from ..services import SERVICES
from . import retry, try_except
from .context import REJECTED, Context, Recognised, input_path
from .examples import Invalid, Valid
from .naming import state_key
from .samples import BUILD, FETCH_ORDER, program
from .wiring import Emitted, Json, Wiring

TITLE = "Task call"

_TASK_OPTIONS = {
    "key": Option((KEY,)),
    "timeout": Option((POSITIVE_INT,), maximum=MAX_SECONDS),
    "env": Option((ENV,)),
    "build_arg_vars": Option((DICT,)),
}
_NO_RESULT_SERVICES = ("ecs", "codebuild")  # ecs:worker returns its result with the task token
_ARTICLE = {"ecs": "an", "codebuild": "a"}


def recognise(
    context: Context, call: cst.Call, statement: cst.CSTNode, result_path: Optional[str]
) -> Recognised:
    name = values.identifier(call.func)  # type: ignore[arg-type]
    task = context.tasks[name]
    input_ = input_path(context, call, f"`{name}()`")
    options = read_options(call, _TASK_OPTIONS, context.reporter, f"`{name}()`")
    if input_ is None or options is None:
        return REJECTED
    codebuild = task.service == "codebuild"
    check_result(context, task, call, result_path, codebuild)
    for option in ("env", "build_arg_vars"):
        written = options[option].node
        if written is not None and not codebuild:
            context.reporter.warning(
                Code.SERVICE_OPTION,
                written,
                f"`{option}=` is for codebuild tasks and is ignored for `{task.service}`",
            )
    entries = options["env"].value if codebuild else None
    env = tuple(graph.EnvEntry(*entry) for entry in entries) if isinstance(entries, tuple) else ()
    timeout = options["timeout"].value
    key, found = state_key(context, "task", statement, call, options["key"])
    state = graph.TaskCall(
        key=key,
        target=name,
        service=task.service,
        input_path=input_,
        result_path=result_path,
        timeout=timeout if isinstance(timeout, int) else task.timeout,  # fix D4
        env=env,
        build_arg_vars=options["build_arg_vars"].value if codebuild else None,  # type: ignore[arg-type]
    )
    return state, found


def check_result(
    context: Context, task: Task, call: cst.Call, result_path: Optional[str], codebuild: bool
) -> None:
    """Warn where the program reads as if a value flowed that never does: the result of a
    service that returns none (the DSL doc: only Lambda tasks return results), or an input a
    codebuild build never receives."""
    if result_path is not None and task.service in _NO_RESULT_SERVICES:
        context.reporter.warning(
            Code.NO_RESULT,
            call,
            f"`{task.name}` is {_ARTICLE[task.service]} `{task.service}` task: only Lambda "
            "tasks return what `run` returns, so this stores the service's own response; call "
            "it without assigning",
        )
    positional = options_positional(call)
    if codebuild and positional:
        context.reporter.warning(
            Code.IGNORED_INPUT,
            positional[0],
            f"`{task.name}` is a codebuild task, which does not receive this input; pass "
            'values with `env={"NAME": data["key"]}`',
        )


def emit(call: graph.TaskCall, wiring: Wiring) -> Emitted:
    """A Task state of a Task class or a nested state machine call: its service writes the
    Resource and Parameters; handlers add Catch, ``with retry()`` the Retry."""
    service = SERVICES[call.service]
    body: Json = {
        "Type": "Task",
        "Resource": service.resource(call),
        "Parameters": service.parameters(call, wiring.in_map_iterator),
        "InputPath": "$",
        "ResultPath": call.result_path,
        "TimeoutSeconds": call.timeout,
    }
    if call.catchers:
        body["Catch"] = try_except.catch_field(call, wiring)
    retries = retry.retry_field(call, service.default_retry)
    if retries:
        body["Retry"] = retries
    return Emitted((body,))


_LONG_NAME = """
class FetchTheOrderOfTheCustomerFromTheWarehouseSystem(Task):
    async def run(event, context):
        return {"id": event["id"]}

"""

VALID = (
    Valid(
        program(FETCH_ORDER, 'data["order"] = FetchOrder(data["in"], key="Fetch the order", timeout=60)'),
        title="a Lambda task: its result is stored at $.order",
    ),
    Valid(
        program(BUILD, 'Build(env={"ORDER": data["order"]}, build_arg_vars={"PYTHON": "3.11"})'),
        title="a codebuild task takes its input as environment variables",
    ),
)

INVALID = (
    Invalid(
        program(FETCH_ORDER, 'data["order"] = FetchOrder(data["in"], data["more"])'),
        Code.ARGUMENTS,
        7,
        title="one input only",
        fix=program(FETCH_ORDER, 'data["order"] = FetchOrder(data["in"])'),
    ),
    Invalid(
        program(
            FETCH_ORDER, 'data["first"] = FetchOrder(key="fetch")', 'data["second"] = FetchOrder(key="fetch")'
        ),
        Code.DUPLICATE_KEY,
        8,
        title="two states of one function with one explicit key",
    ),
    Invalid(
        program(FETCH_ORDER, 'data["order"] = FetchOrder(timeout="60")'),
        Code.BAD_OPTION_VALUE,
        7,
    ),
    Invalid(
        program(_LONG_NAME, 'data["order"] = FetchTheOrderOfTheCustomerFromTheWarehouseSystem()'),
        Code.GENERATED_KEY_TOO_LONG,
        7,
        fix=program(
            _LONG_NAME, 'data["order"] = FetchTheOrderOfTheCustomerFromTheWarehouseSystem(key="Fetch")'
        ),
    ),
    Invalid(
        program(FETCH_ORDER, 'data["order"] = FetchOrder(env={"ORDER": data["id"]})'),
        Code.SERVICE_OPTION,
        7,
        title="env= is for codebuild tasks",
    ),
    Invalid(
        program(BUILD, 'data["build"] = Build()'),
        Code.NO_RESULT,
        9,
        fix=program(BUILD, "Build()"),
    ),
    Invalid(
        program(BUILD, 'Build(data["order"])'),
        Code.IGNORED_INPUT,
        9,
        fix=program(BUILD, 'Build(env={"ORDER": data["order"]})'),
    ),
)
