"""The report's rules, one module per deliberate fix.

``MACHINE_RULES`` undo a fix on one machine's ASL (:class:`~..old_machine.OldMachine`), in an
order where each rule still finds the states by the names fluxio_cst gave them: numbering (D1)
is undone last. ``PROJECT_RULES`` compare values the builder reads outside the ASL.
"""

from __future__ import annotations

from typing import Callable, Iterator, Tuple

from ..findings import Finding, Subject
from ..old_machine import OldMachine
from . import (
    d01_numbering,
    d02_fall_through,
    d03_retry_errors,
    d04_timeout,
    d05_nesting,
    d06_env,
    d07_empty_function,
    d07_u_prefix,
    d08_parallel,
    d09_bool,
    d10_parallel_key,
    d11_autoscaling,
    d12_first_class,
    d15_imports,
    d16_update,
    d17_path_rules,
)

MACHINE_RULES: Tuple[Callable[[OldMachine], None], ...] = (
    d05_nesting.undo,
    d07_u_prefix.undo,
    d16_update.undo,
    d08_parallel.undo,
    d03_retry_errors.undo,
    d04_timeout.undo,
    d06_env.undo,
    d17_path_rules.undo,
    d09_bool.undo,
    d02_fall_through.undo,
    d07_empty_function.undo,
    d10_parallel_key.undo,
    d01_numbering.undo,
)
PROJECT_RULES: Tuple[Callable[[Subject], Iterator[Finding]], ...] = (
    d11_autoscaling.findings,
    d12_first_class.findings,
    d15_imports.findings,
)
