"""``codebuild``: a build of the task's project, configured by the call's ``env=`` and
``build_arg_vars=``.

A build receives environment variables, not the positional input, and the state's output is
CodeBuild's response: both read as if a value flowed that never does, so both are warned about.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import ClassVar, FrozenSet, List, Mapping

from .. import graph
from ..codes import Code
from ..options import DICT, ENV, Option, Value, positional
from ..report import Reporter
from .base import CallSite, Json, Service, ref


def _project(call: graph.TaskCall) -> str:
    return f"CodeBuildProjectName{call.target}"


class CodeBuild(Service):
    """``startBuild.sync`` of the task's project; the source version comes from the data."""

    names = ("codebuild",)
    returns_result = False
    takes_build_spec = True
    call_options: ClassVar[Mapping[str, Option]] = {"env": Option((ENV,)), "build_arg_vars": Option((DICT,))}

    def check_call(self, site: CallSite, reporter: Reporter) -> None:
        super().check_call(site, reporter)
        written = positional(site.call)
        if written:
            reporter.warning(
                Code.IGNORED_INPUT,
                written[0],
                f"`{site.task.name}` is a codebuild task, which does not receive this input; pass "
                'values with `env={"NAME": data["key"]}`',
            )

    def with_options(self, call: graph.TaskCall, options: Mapping[str, Value]) -> graph.TaskCall:
        entries = options["env"].value
        env = tuple(graph.EnvEntry(*entry) for entry in entries) if isinstance(entries, tuple) else ()
        return replace(call, env=env, build_arg_vars=options["build_arg_vars"].value)  # type: ignore[arg-type]

    def resource(self, call: graph.TaskCall) -> str:
        return "arn:aws:states:::codebuild:startBuild.sync"

    def parameters(self, call: graph.TaskCall, in_map_iterator: bool) -> Json:
        overrides: List[Json] = [
            {"Name": e.name, "Value.$" if e.is_path else "Value": e.value} for e in call.env
        ]
        build_args = call.build_arg_vars if call.build_arg_vars is not None else {}
        overrides.append({"Name": "BUILD_ARG_VARS", "Value": json.dumps(build_args)})
        return {
            "ProjectName": ref(_project(call)),
            "SourceVersion.$": "$.source_version",
            "EnvironmentVariablesOverride": overrides,
        }

    def variables(self, call: graph.TaskCall) -> FrozenSet[str]:
        return frozenset({_project(call)})
