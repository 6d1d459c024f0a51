"""The DSL, one module per construct: its option schema, recogniser, emitter and examples."""

from .function import recognise_function

__all__ = ["recognise_function"]
