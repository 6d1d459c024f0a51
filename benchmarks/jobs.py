"""The jobs ``bench_builder.py`` times, each a callable of one project's source text.

``builder`` is what the artifact builder asks of fluxio_cst for one file: ``parse``, every
machine's ``to_asl()``, and every task's ``run_source``, ``run_module_source`` and
``dependencies``. ``old_parser`` is the same job done by the old ``ast``-based parser
(``fluxio-parser==1.0.0``, when it is importable): ``ast.parse``, ``parse_project_tree``, every
machine's ``to_dict()``, and every task's ``run`` method and imports rendered by astor (which
is how its builder got the text to write) with its dependencies.

Each fluxio_cst job first empties the key cache (``keys.key_for_source``), so that every run is
a first compilation, as in a builder that compiles each file once.
"""

from __future__ import annotations

import ast
from typing import Callable, Dict, Optional

import libcst as cst

import fluxio_cst
from fluxio_cst import keys

Job = Callable[[str], object]


def _cold_parse(source: str) -> fluxio_cst.Project:
    keys.key_for_source.cache_clear()
    return fluxio_cst.parse(source)


def parse_and_asl(source: str) -> object:
    project = _cold_parse(source)
    return [machine.to_asl() for machine in project.state_machines.values()]


def builder(source: str) -> object:
    project = _cold_parse(source)
    machines = [machine.to_asl() for machine in project.state_machines.values()]
    texts = [(task.run_source, task.run_module_source, task.dependencies) for task in project.tasks.values()]
    return machines, texts


def old_parser_job() -> Optional[Job]:
    """The old parser's builder job, or None when ``fluxio_parser`` is not importable."""
    try:
        import astor  # type: ignore[import-untyped]
        from fluxio_parser import parse_project_tree  # type: ignore[import-not-found]
    except ImportError:
        return None

    def old_builder(source: str) -> object:
        visitor = parse_project_tree(ast.parse(source))
        machines = [machine.to_dict() for machine in visitor.state_machine_visitors.values()]
        texts = [
            (
                astor.to_source(task.run_method),
                [astor.to_source(node) for node in task.run_visitor.import_nodes],
                sorted(task.run_visitor.dependencies),
            )
            for task in visitor.task_visitors.values()
        ]
        return machines, texts

    return old_builder


def jobs() -> Dict[str, Job]:
    """Every measured job by its column name, ``libcst.parse_module`` (the reference) first."""
    measured: Dict[str, Job] = {
        "libcst.parse_module": cst.parse_module,
        "ast.parse": ast.parse,
        "fluxio_cst parse": _cold_parse,
        "parse + every to_asl": parse_and_asl,
        "builder's job": builder,
    }
    old = old_parser_job()
    if old is not None:
        measured["old parser, same job"] = old
    return measured
