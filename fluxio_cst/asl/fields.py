"""What every ASL check shares: the violation, its collector, and the per-field checkers.

Why tables of checkers: a rule about one field's value (a path, a positive integer, a
timestamp) is a function ``(value, path, collector)``, so the state, Retry/Catch and machine
rules list which check applies to which field instead of branching on field names; supporting
a new field is a new row. Checks report every problem to the :class:`Collector` and never raise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..values import is_int
from .paths import dynamic_value_error, path_error


@dataclass(frozen=True)
class AslViolation:
    """One problem found in an ASL document.

    ``path`` locates the offending field (``States.foo.Next``) so that a
    compiler test can assert on *where* the problem is, not only that one
    exists; ``message`` says what is wrong in plain words.
    """

    path: str
    message: str


@dataclass
class Collector:
    """Accumulates violations and the machine-wide state-name registry.

    State names must be unique across the *whole* machine, nested Map
    iterators and Parallel branches included, so the registry has to outlive
    the recursion into nested state machines.
    """

    violations: list[AslViolation] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)

    def add(self, path: str, message: str) -> None:
        self.violations.append(AslViolation(path, message))

    def register_name(self, name: str, path: str) -> None:
        first = self.names.get(name)
        if first is None:
            self.names[name] = path
        else:
            self.add(path, f"duplicate state name {name!r} (first defined at {first})")


FieldCheck = Callable[[Any, str, Collector], None]


def join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# RFC 3339 date-time, as Wait ``Timestamp`` and Timestamp* comparisons require.
_TIMESTAMP_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


def is_timestamp(value: Any) -> bool:
    return isinstance(value, str) and _TIMESTAMP_RE.fullmatch(value) is not None


def check_fields(
    obj: Mapping[str, Any],
    table: Mapping[str, FieldCheck],
    path: str,
    out: Collector,
) -> None:
    """Run the per-field checker of ``table`` on every field present in ``obj``."""
    for key, value in obj.items():
        check = table.get(key)
        if check is not None:
            check(value, join(path, key), out)


def check_unknown_fields(
    obj: Mapping[str, Any],
    allowed: frozenset[str],
    path: str,
    what: str,
    out: Collector,
) -> None:
    for key in obj:
        if key not in allowed:
            out.add(join(path, str(key)), f"is not allowed in {what}")


def listed(value: Any, path: str, out: Collector, problem: str) -> list[tuple[str, Any]]:
    """The ``(path, item)`` of each item of a list that must not be empty; when ``value`` is
    not such a list, ``problem`` is reported at ``path`` and there are none."""
    if not isinstance(value, list) or not value:
        out.add(path, problem)
        return []
    return [(f"{path}[{index}]", item) for index, item in enumerate(value)]


def path_check(reference: bool, nullable: bool = False) -> FieldCheck:
    def check(value: Any, path: str, out: Collector) -> None:
        if value is None and nullable:
            return
        error = path_error(value, reference=reference, allow_context=False)
        if error:
            out.add(path, error)

    return check


def int_check(minimum: int) -> FieldCheck:
    def check(value: Any, path: str, out: Collector) -> None:
        if not is_int(value) or value < minimum:
            kind = "a positive" if minimum > 0 else "a non-negative"
            out.add(path, f"must be {kind} integer, got {value!r}")

    return check


def check_timestamp(value: Any, path: str, out: Collector) -> None:
    if not is_timestamp(value):
        out.add(path, f"must be an RFC 3339 timestamp string, got {value!r}")


def check_non_empty_string(value: Any, path: str, out: Collector) -> None:
    if not isinstance(value, str) or not value:
        out.add(path, "must be a non-empty string")


def check_payload_template(value: Any, path: str, out: Collector) -> None:
    """Check every ``"key.$"`` value in a Parameters-like template, recursively."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            item_path = join(path, str(key))
            if isinstance(key, str) and key.endswith(".$"):
                error = dynamic_value_error(item)
                if error:
                    out.add(item_path, error)
            else:
                check_payload_template(item, item_path, out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_payload_template(item, f"{path}[{index}]", out)
