"""Amazon States Language: the vocabulary fluxio_cst writes, and the checks every emitted
machine passes before :func:`fluxio_cst.parse` returns it.

The validator (:func:`validate_asl`) catches offline, with a precise path to the offending
field, the structural mistakes a compiler is likely to make -- dangling ``Next`` targets,
unreachable states, malformed Choice rules, bad JSONPath syntax -- that AWS would only reject at
deploy time. It checks *structure*, not what needs AWS (ARNs, IAM, service integrations). A
violation in an emitted machine is our bug (FX901). Violation paths use dotted state names and
``[i]`` list indexes, e.g. ``States.m.Iterator.States.x.Catch[0].ErrorEquals``.

Its modules, by job: :mod:`.paths` (JSONPath and intrinsic-function syntax), :mod:`.fields`
(the collector and per-field checks), :mod:`.choice_rules`, :mod:`.handlers` (Retry/Catch),
:mod:`.state_types` and :mod:`.states` (states, machines and the entry point);
:mod:`.vocabulary` holds the operator words and the ``States.ALL`` rule.
"""

from __future__ import annotations

from .fields import AslViolation
from .states import validate_asl

__all__ = ["AslViolation", "validate_asl"]
