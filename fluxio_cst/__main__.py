"""``python -m fluxio_cst`` runs the command line."""

from .cli import entry_point

entry_point()
