"""What every Task service is asked, and the defaults most services answer with.

A service is one class (contract §B, "Task"): the names it serves (``service = "…"``), the
rules it adds to a Task class's attributes and to a call of that Task, the Resource, the
Parameters and the default Retry of its state, and the CloudFormation variables that state
uses. The recognisers and the emitter ask these questions and never name a service, so a new
service is a new module holding one subclass of :class:`Service`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Dict, FrozenSet, Mapping, Optional, Tuple

import libcst as cst

from ..codes import Code
from ..graph import TaskCall
from ..model import Task
from ..options import Option, Value
from ..report import Reporter

Json = Dict[str, Any]

# The execution metadata every runtime receives, by its environment variable name.
META: Tuple[Tuple[str, str], ...] = (
    ("SFN_EXECUTION_NAME", "$$.Execution.Name"),
    ("SFN_STATE_NAME", "$$.State.Name"),
    ("SFN_STATE_MACHINE_NAME", "$$.StateMachine.Name"),
    ("TRACE_ID", "$.__trace.id"),
    ("TRACE_SOURCE", "$.__trace.source"),
)


def ref(variable: str) -> str:
    """A CloudFormation substitution variable as a state writes it: ``${name}``."""
    return f"${{{variable}}}"


@dataclass(frozen=True)
class TaskClass:
    """A Task class as its service's rules see it: every attribute's value (defaults filled
    in), the value node of each attribute it writes, its name node, and whether it has ``run``."""

    values: Mapping[str, object]
    written: Mapping[str, cst.CSTNode]
    name: cst.Name
    has_run: bool

    def at(self, attribute: str) -> cst.CSTNode:
        """Where to report a problem of ``attribute``: its value, or the class name if unwritten."""
        return self.written.get(attribute, self.name)


@dataclass(frozen=True)
class CallSite:
    """A call of a Task in a state machine function: the Task, the call, where its result goes."""

    task: Task
    call: cst.Call
    result_path: Optional[str]


class Service:
    """The defaults: returns a result, needs ``run``, takes no call options, no default retry.

    Subclasses set :attr:`names` and give Resource, Parameters and variables; they add rules
    by overriding :meth:`check_attributes` and :meth:`check_call`, and call options by setting
    :attr:`call_options` and overriding :meth:`with_options`.
    """

    names: ClassVar[Tuple[str, ...]] = ()  # the ``service = "…"`` names this class serves
    default_retry: Tuple[Json, ...] = ()
    returns_result = True  # False: the state's output is the service's response, not `run`'s
    needs_run = True  # False: the Task class may omit `run`
    takes_build_spec = False  # True: the Task class may set `build_spec`
    call_options: ClassVar[Mapping[str, Option]] = {}  # the call keywords this service reads

    def check_attributes(self, task: TaskClass, reporter: Reporter) -> None:
        """Report what is wrong with the attributes for this service (beyond their types)."""

    def check_call(self, site: CallSite, reporter: Reporter) -> None:
        """Warn where a call reads as if a value flowed that never does."""
        if site.result_path is not None and not self.returns_result:
            service = site.task.service
            article = "an" if service[0] in "aeiou" else "a"
            reporter.warning(
                Code.NO_RESULT,
                site.call,
                f"`{site.task.name}` is {article} `{service}` task: only Lambda tasks return what "
                "`run` returns, so this stores the service's own response; call it without assigning",
            )

    def with_options(self, call: TaskCall, options: Mapping[str, Value]) -> TaskCall:
        """``call`` with the values of this service's :attr:`call_options` filled in."""
        return call

    def resource(self, call: TaskCall) -> str:
        raise NotImplementedError

    def parameters(self, call: TaskCall, in_map_iterator: bool) -> Json:
        raise NotImplementedError

    def variables(self, call: TaskCall) -> FrozenSet[str]:
        """The CloudFormation variables that :meth:`resource` and :meth:`parameters` write."""
        raise NotImplementedError
