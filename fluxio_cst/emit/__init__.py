"""Stage three of the pipeline: state graphs → ASL.

:mod:`.layout` lays out each function once (states in source order, transitions from the
block structure); :mod:`.program` names, embeds and validates each machine.
"""

from .program import Program

__all__ = ["Program"]
