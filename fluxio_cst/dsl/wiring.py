"""What a construct's emitter is given and gives back: a state's own ASL fields.

The layout in :mod:`fluxio_cst.emit` owns everything between states (``Next``, ``End``,
naming, embedding): it plans the blocks a state jumps to, hands the emitter their entries as
opaque references in a :class:`Wiring`, and chains the bodies of the :class:`Emitted` it gets
back. So an emitter writes only its construct's fields and never decides a transition.

Example: the Choice emitter gets one entry per branch in ``rules`` and writes
``{"Type": "Choice", "Choices": [{"Next": rules[0], …}], "Default": default}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, Tuple

Json = Dict[str, Any]


@dataclass(frozen=True)
class Wiring:
    """What the layout decided before a state is written."""

    in_map_iterator: bool  # the function is emitted as a Map iterator
    embed: Callable[[str], object]  # a function copied in as a Map Iterator or Parallel branch
    rules: Tuple[object, ...] = ()  # the entry of each Choice branch
    default: object = None  # the entry of the Choice default (or what follows the ``if``)
    catches: Tuple[object, ...] = ()  # the entry of each ``except`` handler's block


@dataclass(frozen=True)
class Emitted:
    """One state's ASL, or several Pass states chained in order (``data.update``)."""

    bodies: Tuple[Json, ...]
    terminal: bool = False  # no ``Next``/``End`` is added: Succeed, Fail, Choice
    shared: bool = False  # Succeed and Fail: one state per States map, key and ASL


Emitter = Callable[[Any, Wiring], Emitted]
