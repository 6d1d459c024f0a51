"""Task services: one module per service, one :class:`~.base.Service` subclass in each.

The registry is built from the classes: each declares the ``service = "…"`` names it serves,
and :data:`SERVICES`, :data:`TASK_SERVICES` (in the order the UNKNOWN_SERVICE message lists
them) and :data:`CALL_OPTIONS` follow. The rules that involve several services (which ones
take ``build_spec``, may omit ``run``, or read a call option) are written here once, from the
services' declarations, so that adding a service is adding its module and its class to
:data:`_CLASSES`.
"""

from __future__ import annotations

from typing import Dict, Mapping, Tuple, Type

from ..codes import Code
from ..options import Option, Value
from ..report import Reporter
from .aws_lambda import Lambda
from .base import CallSite, Service, TaskClass
from .codebuild import CodeBuild
from .ecs import Ecs
from .ecs_worker import EcsWorker
from .nested import NESTED, NestedStateMachine
from .pexpm_runner import PexpmRunner

__all__ = [
    "CALL_OPTIONS",
    "DEFAULT_SERVICE",
    "NESTED",
    "SERVICES",
    "TASK_SERVICES",
    "CallSite",
    "Service",
    "TaskClass",
    "check_attributes",
    "check_call",
]

_CLASSES: Tuple[Type[Service], ...] = (Lambda, PexpmRunner, Ecs, EcsWorker, CodeBuild, NestedStateMachine)

SERVICES: Dict[str, Service] = {
    name: service for service in (c() for c in _CLASSES) for name in service.names
}

# The services a user may name in ``service = "…"`` (the nested call is not one of them).
TASK_SERVICES: Tuple[str, ...] = tuple(name for name in SERVICES if name != NESTED)
DEFAULT_SERVICE = Lambda.names[0]

# Every service's call keywords, in registry order, and the services that read each one.
CALL_OPTIONS: Dict[str, Option] = {
    option: schema for name in TASK_SERVICES for option, schema in SERVICES[name].call_options.items()
}
_READERS: Dict[str, Tuple[str, ...]] = {
    option: tuple(name for name in TASK_SERVICES if option in SERVICES[name].call_options)
    for option in CALL_OPTIONS
}


class _Unknown(Service):
    """A ``service`` the registry does not have (UNKNOWN_SERVICE said so): its own rules are
    unknown, so it has none, and a missing ``run`` is not reported on top."""

    needs_run = False


def _for(name: str) -> Service:
    return SERVICES[name] if name in TASK_SERVICES else _Unknown()


def check_attributes(task: TaskClass, reporter: Reporter) -> None:
    """The rules of ``task``'s service, then the ones that say which services an attribute or
    ``run`` is for."""
    name = str(task.values["service"])
    service = _for(name)
    service.check_attributes(task, reporter)
    if task.values["build_spec"] is not None and not service.takes_build_spec:
        builders = ", ".join(n for n in TASK_SERVICES if SERVICES[n].takes_build_spec)
        reporter.error(
            Code.BUILD_SPEC_SERVICE, task.at("build_spec"), f"`build_spec` is for {builders} tasks only"
        )
    if service.needs_run and not task.has_run:
        runless = ", ".join(f"`{n}`" for n in TASK_SERVICES if not SERVICES[n].needs_run)
        reporter.error(
            Code.MISSING_RUN,
            task.name,
            f"a Task needs `async def run(event, context):` (only {runless} may omit it)",
        )


def check_call(site: CallSite, options: Mapping[str, Value], reporter: Reporter) -> Service:
    """Warn about what a Task call writes that its service ignores; the service, whose
    :meth:`~.base.Service.with_options` completes the call's state."""
    service = _for(site.task.service)
    service.check_call(site, reporter)
    for option, readers in _READERS.items():
        written = options[option].node
        if written is not None and option not in service.call_options:
            reporter.warning(
                Code.SERVICE_OPTION,
                written,
                f"`{option}=` is for {', '.join(readers)} tasks and is ignored for `{site.task.service}`",
            )
    return service
