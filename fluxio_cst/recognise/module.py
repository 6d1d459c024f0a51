"""Stage two of the pipeline: a read module → its definitions and every function's state graph.

The module's definitions are classified first (:mod:`.definitions`), then each state machine
function's decorators and body are recognised (the body by :mod:`fluxio_cst.dsl`, one module
per construct), then the call graph is checked. Every problem goes to the one reporter, so a
file's problems are all reported in one run; nothing here writes ASL.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from typing import Dict, List, Mapping, Tuple

import libcst as cst

from .. import graph
from ..codes import Code
from ..dsl import recognise_function
from ..read.encoding import surrogate_strings
from ..report import Reporter
from ..source import SourceFile
from .call_graph import Use, check_cycles, check_sizes
from .decorators import Decorations, recognise_decorators
from .definitions import Definitions, classify


@dataclass(frozen=True)
class Recognised:
    """A module recognised: its definitions, and per state machine function its graph and
    decorators; ``uses`` is the call graph."""

    definitions: Definitions
    graphs: Mapping[str, graph.Function]
    decorations: Mapping[str, Decorations]
    uses: Tuple[Use, ...]


def recognise_module(module: cst.Module, source: SourceFile, reporter: Reporter) -> Recognised:
    """Recognise ``module`` (whose text and positions ``source`` holds)."""
    _report_surrogates(module, source, reporter)
    definitions = classify(module, source, reporter)
    if not definitions.functions and not reporter.has_errors:
        reporter.error(
            Code.NO_STATE_MACHINE,
            module,
            "no state machine: define a module-level function such as `def main(data):`",
        )
    graphs: Dict[str, graph.Function] = {}
    decorations: Dict[str, Decorations] = {}
    uses: List[Use] = []
    for name, function in definitions.functions.items():
        decorations[name] = recognise_decorators(function, reporter)
        graphs[name], calls = recognise_function(
            function, definitions.tasks, frozenset(definitions.functions), definitions.invalid, reporter
        )
        uses.extend((name, how, callee, node) for how, callee, node in calls)
    _check_processors(decorations, definitions, reporter)
    check_cycles(definitions.functions, uses, reporter)
    if not reporter.has_errors:
        check_sizes(graphs, reporter)
    return Recognised(
        definitions, types.MappingProxyType(graphs), types.MappingProxyType(decorations), tuple(uses)
    )


def _report_surrogates(module: cst.Module, source: SourceFile, reporter: Reporter) -> None:
    for node, surrogate in surrogate_strings(module, source.text):
        reporter.error(
            Code.LONE_SURROGATE,
            node,
            f"this string holds the lone surrogate U+{ord(surrogate):04X}, which UTF-8, and so "
            "Step Functions' JSON, cannot carry; write the character itself (`\\U0001F600`, "
            "not two `\\u` halves)",
        )


def _check_processors(
    decorations: Mapping[str, Decorations], definitions: Definitions, reporter: Reporter
) -> None:
    for found in decorations.values():
        processor = found.process_events.processor if found.process_events else None
        if processor is not None and processor not in definitions.processors:
            assert found.processor_node is not None
            reporter.error(
                Code.UNKNOWN_PROCESSOR,
                found.processor_node,
                f"`{processor}` is not an EventProcessor class of this file",
            )
