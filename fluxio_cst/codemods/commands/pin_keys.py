"""``pin-keys``: give every state with a generated name an explicit key equal to that name.

Before::

    def main(data):
        data["order"] = FetchOrder(data)
        if data["order"]["total"] > 100:
            data["tier"] = "gold"

After (the hashes are the states' names as deployed)::

    def main(data):
        data["order"] = FetchOrder(data, key="FetchOrder-0c9e…")
        if data["order"]["total"] > 100:  # fluxio: key="Choice-5d41…"
            data["tier"] = "gold"  # fluxio: key="Pass-7b52…"

The ASL is the same before and after (proved: the result is compiled and compared, machine by
machine), a second run changes nothing, and from then on editing a condition or a call's
input renames no state. See :mod:`.pins` for which name each statement gets.
"""

from __future__ import annotations

import libcst as cst

from ...model import Project
from ...pipeline import Compilation
from .. import pins
from ..base import FluxioCodemod, unchanged_machines


class PinKeys(FluxioCodemod):
    """Pin every generated state name as an explicit key."""

    NAME = "pin-keys"
    DESCRIPTION = (
        "Give every state with a generated name an explicit key equal to its name now "
        "(key= on calls, # fluxio: key= elsewhere), so that editing a statement renames no state."
    )

    def plan(self, tree: cst.Module, before: Compilation) -> None:
        pins.write(self, before, *pins.choose(before.names, lambda source: True, self.cautious))

    def check(self, before: Compilation, after: Project) -> None:
        unchanged_machines(self.path, before, after)
