"""``lambda:pexpm-runner``: a runner Lambda that executes the task's PEX package in a subprocess.

A Lambda for everything but its Parameters: the runner is told which package and version to
run, and passes the input and the execution metadata as environment variables.
"""

from __future__ import annotations

from typing import FrozenSet

from ..graph import TaskCall
from .aws_lambda import Lambda, function
from .base import META, Json, ref


def _package(call: TaskCall) -> str:
    return f"PackageName{call.target}"


def _version(call: TaskCall) -> str:
    return f"PackageVersion{call.target}"


class PexpmRunner(Lambda):
    """The runner's Parameters: package, version, command and environment."""

    names = ("lambda:pexpm-runner",)

    def parameters(self, call: TaskCall, in_map_iterator: bool) -> Json:
        package = ref(_package(call))
        environment = {f"{name}.$": path for name, path in META}
        environment["SFN_INPUT_VALUE.$"] = call.input_path
        return {
            "package_name": package,
            "package_version": ref(_version(call)),
            "command": [package, "run"],
            "include_parent_environment": True,
            "return_stdout": True,
            "environment": environment,
        }

    def variables(self, call: TaskCall) -> FrozenSet[str]:
        return frozenset({function(call), _package(call), _version(call)})
