"""Run compiled Amazon States Language on moto's ASL interpreter.

The golden-file tests only prove that the emitted JSON did not change; they
cannot tell whether a Choice rule routes where the Python source meant it to,
or whether a ``Catch`` really catches. moto (>= 5) ships LocalStack's ASL
interpreter, so this module runs a compiled state machine on it and reports
what actually happened: final status, the ordered names of the entered
states, the output and the error.

Design choices (and why):

* One ``mock_aws`` context per :func:`run_asl` call: every call gets a clean
  account, so tests cannot leak functions or executions into each other and
  need no fixture. Do not call :func:`run_asl` inside another active
  ``mock_aws``: moto applies and resets its configuration only on the
  outermost context.
* ``${LambdaFunction<X>}`` placeholders (CloudFormation substitutions in a
  real deployment) become ARNs of moto Lambda functions, one per distinct
  ``X``. With ``use_docker: False`` moto's Lambda returns the invocation
  payload unchanged, so every Lambda Task "returns" its own ``Parameters``:
  deterministic, and handy to check where ``ResultPath`` puts a result.
  ``results`` overrides that per function when a test needs a real value.
* Three ways to break a Task (found at any depth, Map and Parallel included),
  all keeping its name, transitions, ResultPath, Retry and Catch:

  - ``failing``: the Task calls ``aws-sdk:s3:getObject`` on a bucket that
    does not exist and fails with ``s3.NoSuchBucketException``, a
    ``States.TaskFailed`` (``States.TaskFailed`` and ``States.ALL`` match it).
  - ``raising``: the Task fails with a chosen error name (``KeyError``...), to
    test ``except SomeError`` routing. It becomes a Parallel whose one branch
    is a Fail state: a Fail state cannot be caught but a Parallel can, and it
    re-raises the branch's error name unchanged.
  - ``timing_out``: the Task waits for a task token nobody sends, with
    ``TimeoutSeconds: 1``, and fails with ``States.Timeout`` (which
    ``States.TaskFailed`` does not match). Costs one real second.

* moto's Retry really sleeps ``IntervalSeconds`` (``time.sleep`` in its
  ``retrier_decl`` module). ``retry_interval_scale`` shrinks those sleeps
  without editing the definition, so retry counts and Catch routing stay as
  compiled. Wait states are *not* scaled: keep waits short in test inputs.
* botocore parses its large JSON service models for every new session, and
  ``mock_aws`` hands out a fresh default session each time (~0.5 s per run).
  The harness lends moto one long-lived session instead. Likewise moto
  parses each definition twice per run with the (slow, pure-Python) ANTLR
  runtime, ~0.1 s per parse: the harness keeps the parse trees of the last
  definitions and only re-runs moto's cheap tree-to-program step. A typical
  run then takes 0.1-0.3 s after the first.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import json
import re
import threading
import time
import uuid
import zipfile
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Dict, List, Optional, Tuple
from unittest import mock

import boto3  # type: ignore[import-untyped,unused-ignore]
from moto import mock_aws
from moto.awslambda_simple.models import LambdaSimpleBackend
from moto.core.config import DefaultConfig
from moto.stepfunctions.parser.asl.component.common.path import result_path as _result_path_module
from moto.stepfunctions.parser.asl.component.common.retry import retrier_decl
from moto.stepfunctions.parser.asl.parse.asl_parser import AmazonStateLanguageParser
from moto.stepfunctions.parser.asl.parse.preprocessor import Preprocessor
from moto.stepfunctions.parser.asl.utils import json_path as _json_path_module

_cached_ext_parse = functools.lru_cache(maxsize=4096)(_json_path_module.parse)
_cached_parse = functools.lru_cache(maxsize=4096)(_result_path_module.parse)

__all__ = [
    "DEFAULT_TRACE",
    "FAILING_BUCKET",
    "FAILING_RESOURCE",
    "MOTO_CONFIG",
    "TIMING_OUT_RESOURCE",
    "Execution",
    "iter_states",
    "run_asl",
]

REGION = "us-east-1"

#: Run the interpreter instead of returning canned results, and run Lambda
#: functions in-process (no Docker in CI, and we only need an echo).
MOTO_CONFIG: DefaultConfig = {
    "stepfunctions": {"execute_state_machine": True},
    "lambda": {"use_docker": False},
}

#: Resource of ``failing`` tasks: an SDK call that always fails.
FAILING_RESOURCE = "arn:aws:states:::aws-sdk:s3:getObject"
#: Never created, so ``getObject`` raises ``s3.NoSuchBucketException``.
FAILING_BUCKET = "fluxio-cst-harness-no-such-bucket"
#: Resource of ``timing_out`` tasks: invokes a Lambda, then waits for a token.
TIMING_OUT_RESOURCE = "arn:aws:states:::lambda:invoke.waitForTaskToken"

_LAMBDA_PLACEHOLDER = re.compile(r"\$\{LambdaFunction(\w+)\}")
#: The function that ``timing_out`` tasks invoke (and that never calls back).
_TIMING_OUT_FUNCTION = "HarnessNeverCallsBack"
#: Prefix of the Fail states injected by ``raising``; they are left out of
#: ``Execution.entered``, which lists only states of the definition under test.
_RAISE_MARK = "sfn_harness raises "
#: Fields a Task has and a Parallel must not have.
_TASK_ONLY_FIELDS = (
    "Resource",
    "Parameters",
    "TimeoutSeconds",
    "TimeoutSecondsPath",
    "HeartbeatSeconds",
    "HeartbeatSecondsPath",
    "Credentials",
)
#: Added to the execution input when it has no ``__trace``.
DEFAULT_TRACE = {"id": "harness-trace-id", "source": "sfn_harness"}
#: Polling backoff: each describe_execution costs a few ms of moto CPU that
#: the interpreter thread (same GIL) would rather have.
_POLL_FIRST, _POLL_FACTOR, _POLL_MAX = 0.005, 1.5, 0.05

#: ``retry_interval_scale`` patches a module global: one such run at a time.
_RETRY_PATCH_LOCK = threading.Lock()
_SESSION: List[Any] = []
_PARSE_TREES: Dict[str, Any] = {}
_PARSE_TREES_MAX = 64
_original_parse = AmazonStateLanguageParser.parse


@dataclass(frozen=True)
class Execution:
    """What one execution of a state machine did.

    ``entered`` lists the names of all ``*StateEntered`` history events in
    history order, including states inside Map iterations and Parallel
    branches; their relative order is only deterministic when they run one at
    a time (e.g. Map with ``MaxConcurrency: 1``). ``output`` is the decoded
    execution output (None unless it succeeded); ``error`` and ``cause`` are
    those of a failed (or timed out, aborted) execution. ``history`` keeps
    the raw events for what the other fields cannot tell (retry counts, the
    input a state saw).
    """

    status: str
    entered: List[str]
    output: Optional[Any]
    error: Optional[str]
    cause: Optional[str]
    history: List[Dict[str, Any]] = field(default_factory=list, repr=False, compare=False)

    def succeeded(self) -> Any:
        """The output, after checking the execution succeeded.

        Fails with the error and cause otherwise, which says more than a
        ``None`` output would (and types as ``Any`` for mypy).
        """
        if self.status != "SUCCEEDED":
            raise AssertionError(f"execution {self.status}: {self.error}: {self.cause}")
        return self.output

    def events(self, event_type: str) -> List[Dict[str, Any]]:
        """History events of one type (e.g. ``"TaskFailed"``), in order."""
        return [e for e in self.history if e["type"] == event_type]

    def state_input(self, name: str) -> Any:
        """Decoded input of the first entry into state ``name``."""
        for event in self.history:
            details = event.get("stateEnteredEventDetails")
            if details and details["name"] == name:
                return json.loads(details["input"])
        raise KeyError(name)


def iter_states(states: Mapping[str, Any]) -> Iterator[Tuple[str, Dict[str, Any]]]:
    """Yield ``(name, state)`` for every state, recursing into Map and Parallel.

    Both Map spellings (legacy ``Iterator`` and ``ItemProcessor``) are
    followed, so a task is found however deeply it is nested.
    """
    for name, state in states.items():
        yield name, state
        nested: List[Mapping[str, Any]] = [
            state[key] for key in ("Iterator", "ItemProcessor") if key in state
        ]
        nested.extend(state.get("Branches", ()))
        for sub in nested:
            yield from iter_states(sub["States"])


def _placeholder(function: str) -> str:
    return "${LambdaFunction" + function + "}"


def _make_failing(state: Dict[str, Any]) -> None:
    state["Resource"] = FAILING_RESOURCE
    state["Parameters"] = {"Bucket": FAILING_BUCKET, "Key": "x"}


def _make_timing_out(state: Dict[str, Any]) -> None:
    state["Resource"] = TIMING_OUT_RESOURCE
    state["Parameters"] = {
        "FunctionName": _placeholder(_TIMING_OUT_FUNCTION),
        "Payload": {"TaskToken.$": "$$.Task.Token"},
    }
    state["TimeoutSeconds"] = 1
    for key in ("TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath"):
        state.pop(key, None)


def _make_raising(name: str, state: Dict[str, Any], error: str) -> None:
    if error.startswith("States."):
        # moto 5.2.5 cannot re-raise a States.* name out of a Parallel branch
        # (it fails with States.Runtime): refuse rather than mislead.
        raise ValueError(f"raising cannot emulate {error!r}; use failing or timing_out")
    for key in _TASK_ONLY_FIELDS:
        state.pop(key, None)
    state["Type"] = "Parallel"
    inner = f"{_RAISE_MARK}{error} in {name}"
    state["Branches"] = [
        {"StartAt": inner, "States": {inner: {"Type": "Fail", "Error": error, "Cause": inner}}}
    ]


def _prepare(
    asl: Mapping[str, Any],
    failing: Collection[str],
    raising: Mapping[str, str],
    timing_out: Collection[str],
) -> Tuple[Dict[str, Any], List[str]]:
    """Copy ``asl`` and break the requested tasks.

    Returns the definition and the distinct ``X`` of the
    ``${LambdaFunction<X>}`` placeholders it still references. A name that is
    not a Task, or not found, raises: a typo would otherwise silently test
    the success path.
    """
    timing_out_names = set(timing_out)
    wanted = set(failing) | set(raising) | timing_out_names
    if len(set(failing)) + len(set(raising)) + len(timing_out_names) != len(wanted):
        raise ValueError("a state can be in only one of failing, raising and timing_out")
    definition: Dict[str, Any] = copy.deepcopy(dict(asl))
    found: set[str] = set()
    for name, state in iter_states(definition["States"]):
        if name not in wanted:
            continue
        if state.get("Type") != "Task":
            raise ValueError(f"state {name!r} to break is not a Task")
        found.add(name)
        if name in raising:
            _make_raising(name, state, raising[name])
        elif name in timing_out_names:
            _make_timing_out(state)
        else:
            _make_failing(state)
    missing = wanted - found
    if missing:
        raise KeyError(f"no Task state named {sorted(missing)}")

    lambdas: List[str] = []
    for _, state in iter_states(definition["States"]):
        for text in (state.get("Resource"), state.get("Parameters", {}).get("FunctionName")):
            if isinstance(text, str):
                for match in _LAMBDA_PLACEHOLDER.finditer(text):
                    if match.group(1) not in lambdas:
                        lambdas.append(match.group(1))
    return definition, lambdas


def _substitute_lambdas(definition: Dict[str, Any], arns: Mapping[str, str]) -> None:
    """Replace ``${LambdaFunction<X>}`` in Resources and FunctionNames by ARNs."""

    def sub(text: str) -> str:
        return _LAMBDA_PLACEHOLDER.sub(lambda m: arns[m.group(1)], text)

    for _, state in iter_states(definition["States"]):
        if isinstance(state.get("Resource"), str):
            state["Resource"] = sub(state["Resource"])
        parameters = state.get("Parameters")
        if isinstance(parameters, dict) and isinstance(parameters.get("FunctionName"), str):
            parameters["FunctionName"] = sub(parameters["FunctionName"])


def _lambda_zip() -> bytes:
    """A minimal deployment package: moto stores it but never runs it."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return event\n")
    return buf.getvalue()


def _decode(text: Optional[str]) -> Optional[Any]:
    """Execution output is JSON text; keep anything else as it is."""
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _scaled_time(scale: float) -> ModuleType:
    """A stand-in for the ``time`` module whose ``sleep`` is scaled."""
    fake = ModuleType("time")
    fake.__dict__.update(time.__dict__)
    fake.sleep = lambda seconds: time.sleep(seconds * scale)  # type: ignore[attr-defined]
    return fake


def _canned_results(results: Mapping[str, Any]) -> contextlib.AbstractContextManager[Any]:
    """Patch moto's Docker-less Lambda so the named functions return ``results``.

    moto offers only one global FIFO of canned responses, which cannot say
    which function gets which answer once Map or Parallel run concurrently.
    """
    by_name = {f"LambdaFunction{x}"[:64]: json.dumps(value).encode() for x, value in results.items()}
    original = LambdaSimpleBackend.invoke

    def invoke(self: LambdaSimpleBackend, function_name: str, *args: Any, **kwargs: Any) -> Any:
        # function_name is a name or an ARN (...:function:NAME[:qualifier]).
        parts = function_name.split(":")
        name = parts[parts.index("function") + 1] if "function" in parts else function_name
        if name in by_name:
            return by_name[name]
        return original(self, function_name, *args, **kwargs)

    return mock.patch.object(LambdaSimpleBackend, "invoke", invoke)


def _parse(definition: str) -> Tuple[Any, Any]:
    """``AmazonStateLanguageParser.parse`` that reuses ANTLR parse trees.

    Only the parse tree is shared: moto's Preprocessor builds a fresh program
    (the objects that hold evaluation state) from it each time. Definitions
    that fail to parse are not cached, so errors surface as before.
    """
    tree = _PARSE_TREES.get(definition)
    if tree is None:
        program, tree = _original_parse(definition)
        if len(_PARSE_TREES) >= _PARSE_TREES_MAX:
            _PARSE_TREES.clear()
        _PARSE_TREES[definition] = tree
        return program, tree
    return Preprocessor().visit(tree), tree


def _session() -> Any:
    """One boto3 session per process, so botocore parses each model once.

    Dummy credentials keep it from looking for real ones; requests never
    leave the process while ``mock_aws`` is active.
    """
    if not _SESSION:
        _SESSION.append(
            boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)
        )
    return _SESSION[0]


def run_asl(
    asl: Mapping[str, Any],
    input: Mapping[str, Any],
    *,
    failing: Collection[str] = (),
    raising: Optional[Mapping[str, str]] = None,
    timing_out: Collection[str] = (),
    results: Optional[Mapping[str, Any]] = None,
    timeout: float = 60,
    retry_interval_scale: float = 1.0,
) -> Execution:
    """Execute ``asl`` on moto with ``input`` and return what happened.

    ``asl`` is not modified. ``input`` gets a ``__trace`` if it has none,
    because every compiled Task reads ``$.__trace.id`` and
    ``$.__trace.source``. ``failing``, ``raising`` (name to error name) and
    ``timing_out`` break Task states, see the module docstring. ``results``
    maps ``X`` of ``${LambdaFunction<X>}`` to the JSON value that function
    returns (instead of echoing its payload).
    ``retry_interval_scale`` multiplies the real sleeps between Retry
    attempts (0 removes them): use it when a compiled retry policy would
    make a test slow. Raises ``TimeoutError`` if the execution still runs
    after ``timeout`` seconds (it is stopped first).
    """
    definition, lambdas = _prepare(asl, failing, raising or {}, timing_out)
    unknown = set(results or {}) - set(lambdas)
    if unknown:
        raise KeyError(f"results for Lambda functions not referenced: {sorted(unknown)}")
    execution_input = dict(input)
    execution_input.setdefault("__trace", dict(DEFAULT_TRACE))

    with contextlib.ExitStack() as stack:
        stack.enter_context(mock_aws(config=MOTO_CONFIG))
        session = _session()
        # mock.patch restores moto's own (empty) default session on exit.
        stack.enter_context(mock.patch.object(boto3, "DEFAULT_SESSION", session))
        stack.enter_context(mock.patch.object(AmazonStateLanguageParser, "parse", staticmethod(_parse)))
        # jsonpath-ng 1.8 (the newest for Python 3.9) rebuilds its parser on every parse: the
        # same few paths are parsed thousands of times; caching them triples speed there.
        stack.enter_context(mock.patch.object(_json_path_module, "parse", _cached_ext_parse))
        stack.enter_context(mock.patch.object(_result_path_module, "parse", _cached_parse))
        if retry_interval_scale != 1.0:
            stack.enter_context(_RETRY_PATCH_LOCK)
            stack.enter_context(mock.patch.object(retrier_decl, "time", _scaled_time(retry_interval_scale)))
        if results:
            stack.enter_context(_canned_results(results))

        role = session.client("iam").create_role(RoleName="sfn-harness", AssumeRolePolicyDocument="{}")[
            "Role"
        ]["Arn"]
        lam = session.client("lambda")
        package = _lambda_zip()
        arns = {
            x: lam.create_function(
                FunctionName=f"LambdaFunction{x}"[:64],
                Runtime="python3.11",
                Role=role,
                Handler="index.handler",
                Code={"ZipFile": package},
            )["FunctionArn"]
            for x in lambdas
        }
        _substitute_lambdas(definition, arns)

        sfn = session.client("stepfunctions")
        machine = sfn.create_state_machine(
            name="harness", definition=json.dumps(definition, ensure_ascii=False), roleArn=role
        )["stateMachineArn"]
        description = _execute(sfn, machine, execution_input, timeout)
        history: List[Dict[str, Any]] = []
        for page in sfn.get_paginator("get_execution_history").paginate(
            executionArn=description["executionArn"]
        ):
            history.extend(page["events"])

    error = description.get("error")
    cause = description.get("cause")
    for event in history:
        for key in (
            "executionFailedEventDetails",
            "executionAbortedEventDetails",
            "executionTimedOutEventDetails",
        ):
            details = event.get(key)
            if details:
                error = error or details.get("error")
                cause = cause or details.get("cause")

    return Execution(
        status=description["status"],
        entered=[
            e["stateEnteredEventDetails"]["name"]
            for e in history
            if e["type"].endswith("StateEntered")
            and not e["stateEnteredEventDetails"]["name"].startswith(_RAISE_MARK)
        ],
        output=_decode(description.get("output")),
        error=error,
        cause=cause,
        history=history,
    )


def _execute(sfn: Any, machine: str, execution_input: Mapping[str, Any], timeout: float) -> Dict[str, Any]:
    """Start one execution and poll until it leaves RUNNING.

    The execution is named explicitly: without a name moto 5.2.5 names it
    ``None`` (visible in ``$$.Execution.Name``).
    """
    arn = sfn.start_execution(
        stateMachineArn=machine, name=f"run-{uuid.uuid4().hex}", input=json.dumps(execution_input)
    )["executionArn"]
    deadline = time.monotonic() + timeout
    interval = _POLL_FIRST
    while True:
        description: Dict[str, Any] = sfn.describe_execution(executionArn=arn)
        if description["status"] != "RUNNING":
            return description
        if time.monotonic() > deadline:
            sfn.stop_execution(executionArn=arn, error="Harness.Timeout")
            raise TimeoutError(f"execution still RUNNING after {timeout} s")
        time.sleep(interval)
        interval = min(interval * _POLL_FACTOR, _POLL_MAX)
