"""A file's migration report: compile it, undo each deliberate fix where it applied, and say
where the result differs from fluxio_cst's and why.

A file fluxio_cst cannot compile has its diagnostics instead (fix what they say first); a file
the old parser could not compile lists why (:mod:`.old_failures`) and no differences: nothing of
it was deployed to differ from. Findings come in source order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Tuple, Union

from ..diagnostics import Diagnostic, FluxioError
from ..pipeline import compile_tree
from ..read import read_module
from .findings import Finding, Subject
from .old_failures import old_failures
from .old_machine import OldMachine
from .rules import MACHINE_RULES, PROJECT_RULES


@dataclass(frozen=True)
class FileReport:
    """One file's report: its differences, the old parser's failures, or fluxio_cst's errors."""

    path: str
    differences: Tuple[Finding, ...] = ()
    old_failures: Tuple[Finding, ...] = ()
    errors: Tuple[Diagnostic, ...] = ()

    def to_json(self) -> Dict[str, Any]:
        return {
            "path": self.path,
            "compiles": not self.errors,
            "old_parser_compiles": not self.errors and not self.old_failures,
            "differences": [finding.to_json() for finding in self.differences],
            "old_failures": [finding.to_json() for finding in self.old_failures],
            "errors": [diagnostic.as_json() for diagnostic in self.errors],
        }


def subject_of(source: Union[str, bytes], path: str) -> Union[Subject, FluxioError]:
    """The compiled file the rules read, or why fluxio_cst cannot compile it."""
    try:
        compiled = compile_tree(read_module(source, path), path, from_its_text=True)
    except FluxioError as exc:
        return exc
    if compiled.project is None:
        assert compiled.error is not None
        return compiled.error
    return Subject(compiled.project, compiled.names, compiled.graphs)


def report(source: Union[str, bytes], path: str) -> FileReport:
    """The migration report of one file's text or bytes."""
    subject = subject_of(source, path)
    if isinstance(subject, FluxioError):
        return FileReport(path, errors=tuple(subject.diagnostics))
    failures = old_failures(subject)
    if failures:  # nothing was deployed to differ from
        return FileReport(path, old_failures=failures)
    differences: List[Finding] = [f for machine in old_machines(subject).values() for f in machine.findings]
    for rule in PROJECT_RULES:
        differences.extend(rule(subject))
    ordered = sorted(_unique(differences), key=lambda f: (f.line, f.column))
    return FileReport(path, tuple(ordered))


def old_machines(subject: Subject) -> Dict[str, OldMachine]:
    """Every machine with each fix undone: its ``asl`` is what the old parser deployed."""
    machines = {}
    for name in subject.project.state_machines:
        machine = OldMachine(subject, name)
        for rule in MACHINE_RULES:
            rule(machine)
        machines[name] = machine
    return machines


def _unique(findings: List[Finding]) -> List[Finding]:
    """One finding per place and fix (the first), in the order found."""
    seen: Dict[Tuple[str, str], Finding] = {}
    for finding in findings:
        seen.setdefault((finding.place, finding.fix), finding)
    return list(seen.values())


__all__ = ["FileReport", "old_machines", "report", "subject_of"]
