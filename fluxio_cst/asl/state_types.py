"""What each state Type requires and allows: a table, one row per Type.

Why a table apart from the checks that read it: it is the part of the specification that
grows (a new field of a state is a new name in a row), while :mod:`fluxio_cst.asl.states`
applies it the same way to every Type.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StateRule:
    """What a state Type requires and allows.

    ``terminal`` types (Choice, Succeed, Fail) neither take ``Next`` nor
    ``End``; every other type needs exactly one of them.  ``exactly_one``
    lists groups of mutually exclusive fields of which one must be present,
    ``at_most_one`` groups of which at most one may be.
    """

    required: tuple[str, ...] = ()
    allowed: frozenset[str] = frozenset()
    terminal: bool = False
    exactly_one: tuple[tuple[str, ...], ...] = ()
    at_most_one: tuple[tuple[str, ...], ...] = ()


_IO = ("InputPath", "OutputPath")
_FLOW = ("Next", "End")
_RESULT = ("ResultPath", "Parameters", "ResultSelector")
_ERRORS = ("Retry", "Catch")


def _fields(*groups: tuple[str, ...]) -> frozenset[str]:
    return frozenset({"Type", "Comment"}.union(*groups))


STATE_RULES: dict[str, StateRule] = {
    "Task": StateRule(
        required=("Resource",),
        allowed=_fields(
            _IO,
            _FLOW,
            _RESULT,
            _ERRORS,
            (
                "Resource",
                "TimeoutSeconds",
                "TimeoutSecondsPath",
                "HeartbeatSeconds",
                "HeartbeatSecondsPath",
                "Credentials",
            ),
        ),
        at_most_one=(
            ("TimeoutSeconds", "TimeoutSecondsPath"),
            ("HeartbeatSeconds", "HeartbeatSecondsPath"),
        ),
    ),
    "Pass": StateRule(allowed=_fields(_IO, _FLOW, ("ResultPath", "Parameters", "Result"))),
    "Wait": StateRule(
        allowed=_fields(_IO, _FLOW, ("Seconds", "SecondsPath", "Timestamp", "TimestampPath")),
        exactly_one=(("Seconds", "SecondsPath", "Timestamp", "TimestampPath"),),
    ),
    "Choice": StateRule(
        required=("Choices",),
        allowed=_fields(_IO, ("Choices", "Default")),
        terminal=True,
    ),
    "Succeed": StateRule(allowed=_fields(_IO), terminal=True),
    "Fail": StateRule(
        allowed=_fields(("Error", "Cause", "ErrorPath", "CausePath")),
        terminal=True,
        at_most_one=(("Error", "ErrorPath"), ("Cause", "CausePath")),
    ),
    "Parallel": StateRule(
        required=("Branches",),
        allowed=_fields(_IO, _FLOW, _RESULT, _ERRORS, ("Branches",)),
    ),
    "Map": StateRule(
        allowed=_fields(
            _IO,
            _FLOW,
            _RESULT,
            _ERRORS,
            (
                "Iterator",
                "ItemProcessor",
                "ItemsPath",
                "ItemSelector",
                "ItemReader",
                "ItemBatcher",
                "ResultWriter",
                "MaxConcurrency",
                "MaxConcurrencyPath",
                "ToleratedFailurePercentage",
                "ToleratedFailurePercentagePath",
                "ToleratedFailureCount",
                "ToleratedFailureCountPath",
                "Label",
            ),
        ),
        exactly_one=(("Iterator", "ItemProcessor"),),
        at_most_one=(
            ("Parameters", "ItemSelector"),
            ("MaxConcurrency", "MaxConcurrencyPath"),
        ),
    ),
}
