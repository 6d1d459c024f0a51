"""Which problems ``check`` reports and which fail the run: ``--select``, ``--ignore`` and
``--strict`` (and the same keys of ``[tool.fluxio-cst]``).

Selectors are codes or prefixes of codes, as ruff's are (``FX4`` is every ``FX4xx``), and the
most specific one wins: ``--select FX4 --ignore FX409`` reports every Choice problem but
FX409, ``--ignore FX4 --select FX409`` only FX409 of them; on a tie, ignoring wins. A selector
that is not a prefix of any code is a usage error, so a typo is never a silent "report nothing".
Rules are applied to the results the workers return: each diagnostic's rendered text is kept
beside it (:class:`~.many.Checked`), so a filtered report is the unfiltered one minus lines.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, replace
from typing import Dict, Iterable, List, Optional, Sequence, Tuple, TypeVar

from ..codes import Code
from ..diagnostics import Diagnostic, Severity
from .commands import EXIT_INVALID, EXIT_OK, Usage
from .config import Config, Configs
from .many import Checked

T = TypeVar("T")
_CODES = tuple(sorted(code.value for code in Code))


@dataclass(frozen=True)
class Rules:
    """The selectors (no ``select``: every code) and whether warnings fail the run."""

    select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    strict: bool = False

    def reports(self, code: str) -> bool:
        """Whether a diagnostic of ``code`` is reported: its most specific selector selects it."""
        chosen = _specificity(code, self.select) if self.select else 0
        return chosen >= 0 and chosen > _specificity(code, self.ignore)

    def fails(self, diagnostic: Diagnostic) -> bool:
        return diagnostic.severity is Severity.ERROR or self.strict

    def applied(self, result: Checked[T]) -> Checked[T]:
        """``result`` with only the reported diagnostics, and the status they make (a usage or
        I/O status is kept as it is)."""
        count = len(result.diagnostics)
        kept = [(d, text) for d, text in zip(result.diagnostics, result.rendered) if self.reports(d.code)]
        status = result.status
        if status in (EXIT_OK, EXIT_INVALID):
            status = EXIT_INVALID if any(self.fails(d) for d, _ in kept) else EXIT_OK
        rendered = (*(text for _, text in kept), *result.rendered[count:])
        return replace(result, diagnostics=tuple(d for d, _ in kept), rendered=rendered, status=status)


def rules_of(args: argparse.Namespace, paths: Sequence[str]) -> Dict[str, Rules]:
    """Each path's rules: the command line's flags, and for what they do not say, the
    settings of the path's ``[tool.fluxio-cst]`` (:mod:`.config`)."""
    select = selectors(args.select, "--select") if args.select else None
    ignore = selectors(args.ignore, "--ignore") if args.ignore else None
    configs = Configs()
    return {path: _rules(select, ignore, args.strict, configs.of(path)) for path in paths}


def _rules(
    select: Optional[Tuple[str, ...]],
    ignore: Optional[Tuple[str, ...]],
    strict: bool,
    config: Optional[Config],
) -> Rules:
    """The flags given (None: not given) over the config's settings."""
    if config is None:
        return Rules(select or (), ignore or (), strict)
    if select is None and config.select is not None:
        select = selectors(config.select, config.where("select"))
    if ignore is None and config.ignore is not None:
        ignore = selectors(config.ignore, config.where("ignore"))
    return Rules(select or (), ignore or (), strict or bool(config.strict))


def selectors(values: Iterable[str], option: str) -> Tuple[str, ...]:
    """The selectors of ``--select``/``--ignore`` values (each may list several, comma-separated),
    each checked to be a code or a prefix of one."""
    found: List[str] = []
    for value in values:
        for selector in (part.strip() for part in value.split(",")):
            if not selector:
                continue
            if not any(code.startswith(selector) for code in _CODES):
                raise Usage(f"{option}: `{selector}` is not a diagnostic code or a prefix of one")
            found.append(selector)
    return tuple(found)


def _specificity(code: str, chosen: Sequence[str]) -> int:
    """The length of the longest selector that ``code`` starts with; -1 when none does."""
    return max((len(selector) for selector in chosen if code.startswith(selector)), default=-1)
