"""The contract §C key recipe, one row per construct, and the duplicate ``key=`` check.

A state is named by its explicit ``key="…"``, or ``<Prefix>-<md5>`` hashed from a node of the
statement: which prefix, which node, whether that node is read as an expression, and whether
the function's name salts the hash differ per construct, and deployed templates depend on
every byte. Keeping the recipe in one table lets a construct name its row instead of
re-deciding it, and lets a reader check the table against the contract at a glance. One rule
holds for every row: inside an ``except`` handler the hashed node is not rewritten (the old
parser never looked there).

Example: ``RECIPES["map"]`` hashes the whole ``map(…)`` statement with the prefix ``Map``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Tuple

import libcst as cst

from .. import graph, values
from ..codes import Code
from ..fixes import numbered
from ..options import MAX_KEY_LENGTH, Value, key_problem
from . import pragma
from .context import NOTHING, Context, Found, Named

_DIGEST_LENGTH = 33  # "-" and an md5 hex digest after the prefix of a generated key


@dataclass(frozen=True)
class Recipe:
    """How one construct's generated key is made (contract §C)."""

    prefix: Optional[str]  # None: the called class's or function's name
    hashes_call: bool  # the call expression (read as an expression), else the whole statement
    namespaced: bool  # the function's name salts the hash


RECIPES: Dict[str, Recipe] = {
    "task": Recipe(None, hashes_call=True, namespaced=False),
    "nested": Recipe(None, hashes_call=True, namespaced=False),
    "choice": Recipe("Choice", hashes_call=False, namespaced=False),
    "map": Recipe("Map", hashes_call=False, namespaced=False),
    "parallel": Recipe("Parallel", hashes_call=False, namespaced=False),
    "wait": Recipe("Wait", hashes_call=False, namespaced=False),
    "fail": Recipe("Fail", hashes_call=False, namespaced=False),
    "succeed": Recipe("Succeed", hashes_call=False, namespaced=True),
    "pass": Recipe("Pass", hashes_call=False, namespaced=True),
}


def state_key(
    context: Context,
    construct: str,
    statement: cst.CSTNode,
    call: Optional[cst.Call] = None,
    option: Optional[Value] = None,
) -> Tuple[graph.KeySource, Found]:
    """The key of ``construct``'s state per its recipe, and the explicit key written, if any."""
    recipe = RECIPES[construct]
    if call is not None and recipe.prefix is None:
        assert isinstance(call.func, cst.Name)
        prefix = values.identifier(call.func)
    else:
        assert recipe.prefix is not None
        prefix = recipe.prefix
    node: cst.CSTNode = call if recipe.hashes_call and call is not None else statement
    written = option is not None and option.value is not None
    pinned = _pinned(context, statement)
    if pinned is not None and written:
        why = "this call has `key=` already: keep one of the two"
        context.reporter.error(Code.KEY_AND_PRAGMA, pinned.node, why)
    if pinned is not None and not written:
        option = Value(pinned.key, None, pinned.node)
    explicit = option.value if option is not None and option.value is not None else None
    if explicit is None and len(prefix) + _DIGEST_LENGTH > MAX_KEY_LENGTH:
        context.reporter.error(
            Code.GENERATED_KEY_TOO_LONG,
            node,
            f"the generated state name `{prefix}-<md5>` would be {len(prefix) + _DIGEST_LENGTH} "
            f"characters long (Step Functions takes {MAX_KEY_LENGTH}): pass `key=`",
        )
    found = NOTHING
    if isinstance(explicit, str):
        assert option is not None and option.node is not None
        found = Found(keys=(Named(explicit, option.node),))
    source = graph.KeySource(
        prefix,
        node,
        explicit if isinstance(explicit, str) else None,
        recipe.hashes_call,
        context.function if recipe.namespaced else "",
        not context.in_handler,
        function=context.function,
        statement=statement,
        call=call if option is not None else None,
    )
    return source, found


def _pinned(context: Context, statement: cst.CSTNode) -> Optional[Named]:
    """The key a ``# fluxio: key="…"`` pragma pins on ``statement``, if any (a malformed one
    is reported: the file will not compile, the state keeps its generated key meanwhile)."""
    if not pragma.may_hold_pragmas(context.reporter.source):
        return None
    comment = pragma.comment_of(statement, context.line_comment)
    if comment is None or not pragma.is_pragma(comment):
        return None
    try:
        return Named(pragma.key_of(comment), comment)
    except pragma.PragmaError as exc:
        context.reporter.error(exc.code, comment, exc.message)
        return None


def refuse_pragma(context: Context, node: cst.If) -> None:
    """Report a key pragma on an ``elif`` (or an ``if`` read as one): it names no state."""
    comment = pragma.header_comment(node)
    if comment is not None and pragma.is_pragma(comment):
        why = "an `elif` is a rule of the Choice state of its first `if`: pin the key on the `if` line"
        context.reporter.error(Code.MISPLACED_PRAGMA, comment, why)


def end_pass_key(function: str) -> graph.KeySource:
    """The key of a function's shared end Pass (where a path ends without ``return``): the
    ``pass`` row, hashed from a bare ``pass`` statement."""
    recipe = RECIPES["pass"]
    assert recipe.prefix is not None and recipe.namespaced
    return graph.KeySource(recipe.prefix, cst.Pass(), namespace=function)


def report_duplicate_keys(context: Context, found: Found) -> None:
    """Report every explicit key already written earlier in the function; each one's fix
    numbers it as the emitter numbers repeated keys (``Fetch``, ``Fetch-2``, ``Fetch-3`` …),
    skipping the numbers other keys of the function already have."""
    seen: Dict[str, int] = {}
    taken = {named.key for named in found.keys}
    for named in found.keys:
        count = seen.get(named.key, 0) + 1
        if count > 1:
            while f"{named.key}-{count}" in taken:
                count += 1
            renamed = f"{named.key}-{count}"
            taken.add(renamed)
            context.reporter.error(
                Code.DUPLICATE_KEY,
                named.node,
                f"key {named.key!r} is already used in `{context.function}`",
                fix=numbered(named.node, count) if key_problem(renamed) is None else None,
            )
        seen[named.key] = count
