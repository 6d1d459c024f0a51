"""Keyword options of DSL calls and decorators, described by declarative schemas.

:mod:`.kinds` says what values an option may take and reads them from the CST;
:mod:`.reader` checks a call's keywords against a schema. Constructs import both from here.
"""

from __future__ import annotations

from .kinds import (
    BOOL,
    DATA,
    DICT,
    ENV,
    ERRORS,
    KEY,
    MAX_KEY_LENGTH,
    NAME,
    NON_NEGATIVE_INT,
    POSITIVE_INT,
    RATE,
    STR,
    TIMESTAMP,
    Kind,
    OptionError,
    key_problem,
    one_of,
    timestamp_problem,
)
from .reader import MAX_DOUBLE, MAX_SECONDS, Option, Schema, Value, positional, read_options

__all__ = [
    "BOOL",
    "DATA",
    "DICT",
    "ENV",
    "ERRORS",
    "KEY",
    "MAX_DOUBLE",
    "MAX_KEY_LENGTH",
    "MAX_SECONDS",
    "NAME",
    "NON_NEGATIVE_INT",
    "POSITIVE_INT",
    "RATE",
    "STR",
    "TIMESTAMP",
    "Kind",
    "Option",
    "OptionError",
    "Schema",
    "Value",
    "key_problem",
    "one_of",
    "positional",
    "read_options",
    "timestamp_problem",
]
