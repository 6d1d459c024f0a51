"""The migration report on control flow alone: programs of nested ``if``/``elif``/``else``,
``try``/``except`` and plain states, the shapes whose old links (fix D5) the report decides
by replaying the old parser's graph. Each program goes through :func:`.test_migrate.check`;
on top of it a machine the report names as a whole must be one the other rules alone do not
turn into the old output (the claim is needed, not only true).
"""

from __future__ import annotations

import json
from typing import List

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from fluxio_cst.migrate.report import old_machines, report, subject_of
from tests.conftest import examples
from tests.differential.test_differential import old_parse
from tests.differential.test_migrate import check

HEAD = "class A(Task):\n    async def run(event, context):\n        return\n\n\n"


@st.composite
def block(draw: st.DrawFn, depth: int, in_handler: bool = False) -> List[str]:
    """A block's lines, indented by one level per ``depth``."""
    lines: List[str] = []
    pad = "    " * depth
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["task", "pass", "if", "try"] if depth < 4 else ["task", "pass"]))
        number = draw(st.integers(0, 9))
        if kind == "task":
            lines.append(f"{pad}A()" if draw(st.booleans()) else f'{pad}data["t{number}"] = A()')
        elif kind == "pass":
            lines.append(f'{pad}data["p"] = {number}')
        elif kind == "if":
            lines.append(f'{pad}if data["a"] == {number}:')
            lines.extend(draw(block(depth + 1, in_handler)))
            for other in range(draw(st.integers(0, 2))):
                lines.append(f'{pad}elif data["b"] == {number + other}:')
                lines.extend(draw(block(depth + 1, in_handler)))
            if draw(st.booleans()):
                lines.append(f"{pad}else:")
                lines.extend(draw(block(depth + 1, in_handler)))
        else:
            lines.append(f"{pad}try:")
            lines.append(f"{pad}    A()")
            lines.append(f"{pad}except Oops:")
            lines.extend(draw(block(depth + 1, True)))
    if draw(st.integers(0, 3)) == 0:  # an end, last in its block (else what follows never runs)
        lines.append(pad + draw(st.sampled_from(["return", 'raise Stop("s")'])))
    return lines


@st.composite
def programs(draw: st.DrawFn) -> bytes:
    return (HEAD + "def main(data):\n" + "\n".join(draw(block(1))) + "\n").encode()


@settings(max_examples=examples(300), deadline=None, suppress_health_check=list(HealthCheck))
@given(programs())
def test_nested_control_flow_is_explained(source: bytes) -> None:
    if report(source, "<generated>").errors:  # a statement after branches that all end
        event("fluxio_cst rejects it")
        return
    found = check(source)
    if found.old_failures:
        event("the old parser fails")
        return
    subject = subject_of(source, "<generated>")
    assert not isinstance(subject, Exception)
    old = old_parse(source).state_machine_visitors
    for name, machine in old_machines(subject).items():
        if machine.unknown:
            event("named as a whole (D5)")
            emulated = json.loads(json.dumps(machine.asl))
            assert emulated != json.loads(json.dumps(old[name].to_dict())), f"{name}: claim not needed"
        else:
            event("explained state by state")
