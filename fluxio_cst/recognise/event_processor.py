"""Recognising ``class X(EventProcessor)``: only ``async def get_custom_tags_<name>(message,
input_data, state_data_client)`` methods.

Examples::

    class Tags(EventProcessor):            # VALID
        async def get_custom_tags_order(message, input_data, state_data_client): ...

    class Tags(EventProcessor):            # INVALID: FX215, not a get_custom_tags_ method
        def helper(self): ...
"""

from __future__ import annotations

from typing import List, Optional

import libcst as cst

from .. import values
from ..codes import Code
from ..model import EventProcessor
from ..report import Reporter
from ..syntax import is_docstring, is_pass, statements_of

_PROCESSOR_PARAMETERS = ["message", "input_data", "state_data_client"]


def _processor_problem(statement: cst.BaseStatement) -> Optional[str]:
    """What is wrong with a statement of an EventProcessor class, or None."""
    if not isinstance(statement, cst.FunctionDef):
        return "an EventProcessor holds only `async def get_custom_tags_<name>(...)` methods"
    name = statement.name.value
    if not name.startswith("get_custom_tags_"):
        return f"`{name}` is not an EventProcessor method; name it `get_custom_tags_<name>`"
    if statement.asynchronous is None:
        return f"`{name}` must be `async def`"
    parameters = [p.name.value for p in statement.params.params]
    extra = isinstance(statement.params.star_arg, cst.Param) or statement.params.star_kwarg is not None
    if parameters != _PROCESSOR_PARAMETERS or extra or statement.params.kwonly_params:
        written = ", ".join(parameters)
        return f"`{name}` takes exactly `(message, input_data, state_data_client)`, not `({written})`"
    return None


def recognise_event_processor(node: cst.ClassDef, reporter: Reporter) -> EventProcessor:
    """An :class:`EventProcessor`: only ``async def get_custom_tags_*(message, input_data,
    state_data_client)`` methods."""
    methods: List[str] = []
    for statement in statements_of(node.body):
        if is_docstring(statement) or is_pass(statement):
            continue
        problem = _processor_problem(statement)
        if problem is None:
            assert isinstance(statement, cst.FunctionDef)
            methods.append(statement.name.value)
        else:
            where = statement.name if isinstance(statement, cst.FunctionDef) else statement
            reporter.error(Code.PROCESSOR_METHOD, where, problem)
    return EventProcessor(values.identifier(node.name), tuple(methods), node)
