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
from ..options import KEY, MAX_SECONDS, POSITIVE_INT, Option, read_options
from ..services import CALL_OPTIONS, SERVICES, CallSite, check_call
from . import retry
from .context import REJECTED, Context, Recognised, input_path
from .examples import Invalid, Valid
from .naming import state_key
from .samples import BUILD, FETCH_ORDER, program
from .wiring import Emitted, Json, Wiring

TITLE = "Task call"

# The options every Task call takes, and those its services read (codebuild's ``env=``…):
# written for another service they warn, so they are read for every call.
_TASK_OPTIONS = {
    "key": Option((KEY,)),
    "timeout": Option((POSITIVE_INT,), maximum=MAX_SECONDS),
    **CALL_OPTIONS,
}


def recognise(
    context: Context, call: cst.Call, statement: cst.CSTNode, result_path: Optional[str]
) -> Recognised:
    name = values.identifier(call.func)  # type: ignore[arg-type]
    task = context.tasks[name]
    input_ = input_path(context, call, f"`{name}()`")
    options = read_options(call, _TASK_OPTIONS, context.reporter, f"`{name}()`")
    if input_ is None or options is None:
        return REJECTED
    service = check_call(CallSite(task, call, result_path), options, context.reporter)
    timeout = options["timeout"].value
    key, found = state_key(context, "task", statement, call, options["key"])
    state = graph.TaskCall(
        key=key,
        target=name,
        service=task.service,
        input_path=input_,
        result_path=result_path,
        timeout=timeout if isinstance(timeout, int) else task.timeout,  # fix D4
    )
    return service.with_options(state, options), found


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
    body.update(retry.handler_fields(call, wiring, service.default_retry))
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
        fix=program(
            FETCH_ORDER,
            'data["first"] = FetchOrder(key="fetch")',
            'data["second"] = FetchOrder(key="fetch-2")',
        ),
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
