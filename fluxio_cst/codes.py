"""The stable diagnostic codes. A code, once released, keeps its meaning forever.

Families: ``FX0xx`` the file itself, ``FX1xx`` module level and decorators, ``FX15x`` call
options, ``FX2xx`` Task and EventProcessor classes, ``FX3xx`` state machine statements,
``FX4xx`` Choice rules, ``FX5xx`` try/except and retry, ``FX9xx`` internal errors (our bugs).
Each code is documented with a bad and a fixed example in the README's "Diagnostics" section,
generated from ``fixtures/errors/`` (``python -m tests.diagnostics_doc``) and tested against it;
what each means in a sentence is :data:`fluxio_cst.meanings.MEANINGS`.
"""

from __future__ import annotations

import enum


class Code(str, enum.Enum):
    """Every diagnostic code the parser emits."""

    # The file itself
    SYNTAX_ERROR = "FX001"
    DECODE_ERROR = "FX002"
    NO_STATE_MACHINE = "FX003"
    TOO_DEEP = "FX004"
    ROUND_TRIP = "FX005"
    UNREADABLE = "FX006"
    LONE_SURROGATE = "FX007"
    # Module level and decorators
    MODULE_STATEMENT = "FX101"
    CLASS_BASE = "FX102"
    DUPLICATE_NAME = "FX103"
    ASYNC_STATE_MACHINE = "FX104"
    UNKNOWN_DECORATOR = "FX105"
    DECORATOR_NOT_CALL = "FX106"
    REPEATED_DECORATOR = "FX107"
    SUBSCRIBE_SOURCE = "FX108"
    UNKNOWN_PROCESSOR = "FX109"
    CYCLE = "FX110"
    SHADOWED_DSL_NAME = "FX111"
    SCHEDULE_EXPRESSION = "FX112"
    # Call and decorator options
    UNKNOWN_KEYWORD = "FX150"
    REPEATED_KEYWORD = "FX151"
    MISSING_KEYWORD = "FX152"
    BAD_OPTION_VALUE = "FX153"
    ARGUMENTS = "FX154"
    OPTION_LIMIT = "FX155"
    NO_ERRORS = "FX156"
    BAD_KEY = "FX157"
    BAD_TIMESTAMP = "FX158"
    # Task and EventProcessor classes
    UNKNOWN_ATTRIBUTE = "FX201"
    BAD_ATTRIBUTE_VALUE = "FX202"
    UNKNOWN_SERVICE = "FX203"
    TASK_METHOD = "FX204"
    MISSING_RUN = "FX205"
    SYNC_RUN = "FX206"
    CONCURRENCY_RANGE = "FX207"
    HEARTBEAT_TIMEOUT = "FX208"
    ECS_CPU = "FX209"
    ECS_MEMORY = "FX210"
    LAMBDA_MEMORY = "FX211"
    WORKER_SPEC = "FX212"
    BUILD_SPEC_SERVICE = "FX213"
    CLASS_STATEMENT = "FX214"
    PROCESSOR_METHOD = "FX215"
    MODULE_NAME_IN_RUN = "FX216"
    RUN_SIGNATURE = "FX217"
    ATTRIBUTE_LIMIT = "FX218"
    # State machine statements
    UNSUPPORTED_STATEMENT = "FX301"
    UNSUPPORTED_CALL = "FX302"
    UNKNOWN_NAME = "FX303"
    DATA_REFERENCE = "FX304"
    ASSIGN_TARGET = "FX305"
    RESERVED_PATH = "FX306"
    DUPLICATE_KEY = "FX307"
    PASS_VALUE = "FX308"
    RAISE_FORM = "FX309"
    WAIT_FORM = "FX310"
    UNREACHABLE = "FX311"
    SERVICE_OPTION = "FX312"
    BAD_PRAGMA = "FX313"
    KEY_AND_PRAGMA = "FX314"
    MISPLACED_PRAGMA = "FX315"
    GENERATED_KEY_TOO_LONG = "FX320"
    NO_RESULT = "FX321"
    IGNORED_INPUT = "FX322"
    MACHINE_TOO_LARGE = "FX323"
    # Choice rules
    CHOICE_CONDITION = "FX401"
    CAST_MISMATCH = "FX402"
    CHAINED_COMPARISON = "FX403"
    CHOICE_OPERAND = "FX404"
    BARE_REFERENCE = "FX405"
    CHOICE_OPERATOR = "FX406"
    TYPE_TEST = "FX407"
    WILDCARD = "FX408"
    UNTYPED_COMPARISON = "FX409"
    # try/except and retry
    TRY_SHAPE = "FX501"
    TRY_BODY = "FX502"
    HANDLER_TYPE = "FX503"
    RETRY_SHAPE = "FX504"
    STATES_ALL = "FX505"
    NESTED_TRY = "FX506"
    RETRY_AROUND_TRY = "FX507"
    BASE_EXCEPTION_NAME = "FX508"
    # Internal
    INTERNAL = "FX901"
