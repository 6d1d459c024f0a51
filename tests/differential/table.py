"""Where fluxio_cst.compat differs from fluxio-parser 1.0.0 on the fixtures, and by which fix.

Every entry names a deliberate fix of contract §D (D1–D17), checked by a person. The differential
tests assert these tables exactly: a difference not listed fails, and so does a listed one that
is no longer there; and the migration report (``fluxio-cst migrate``) must name the same fixes
for each fixture (tests/differential/test_migrate.py), so the tool and the table keep each other
honest.
Values are flattened by :func:`tests.differential.snapshots.snapshot`; patterns are fnmatch
globs over its names.

D11 (autoscaling defaults 1/1, old 0/10) touches every task that leaves them unset, so it is
not listed per fixture: the comparison accepts exactly that change everywhere
(:func:`tests.differential.test_differential.d11`).
"""

from __future__ import annotations

from typing import Dict, Tuple

# fixture → {snapshot name pattern: the fixes that explain the difference}
DIFFERS: Dict[str, Dict[str, Tuple[str, ...]]] = {
    # `not bool(data["empty"])`: the old parser nested a rule inside Variable.
    "04_choice": {"machine main state Choice-*": ("D9",)},
    # parallel() keeps the input (ResultPath null); data.update merges key by key.
    "06_parallel_wait_pass": {
        "machine main state Parallel-*": ("D8",),
        "machine main state Pass-8b644d8cfd2131af75c8f6a666f44cb4": ("D16",),
    },
    # The if without else continues with the next statement instead of an end Pass.
    "10_choice_no_else": {
        "machine main state Choice-*": ("D2",),
        "machine main state Pass-648ce2d5e0aec04ae8e97615f8a9efc8": ("D2",),
        "machine main state keys": ("D2",),
    },
    "15_keys_quotes_and_calls": {"machine main state Parallel-*": ("D8",)},
    # Equal statements get -2, -3 … instead of collapsing into one (looping) state.
    "17_duplicate_statements": {
        "machine main state *": ("D1",),
        "machine main task_state *": ("D1",),
        "machine main task_states": ("D1",),
    },
    # Each of these sets a class `timeout`, which the Task state now uses.
    "20_comments_decorators": {"machine main *state *order*": ("D4",)},
    "21_crlf_line_endings": {
        "machine main *state Render invoice*": ("D4",),
        # `import os, textwrap`: the old parser kept only the first package.
        "dependencies": ("D15",),
        "task RenderInvoice dependencies": ("D15",),
    },
    "23_mixed_indent_widths": {"machine main *state Notify carrier*": ("D4",)},
    "24_unicode_fstrings_raw_bytes": {"machine main *state Grüße senden*": ("D4",)},
    "26_match_py310": {"machine main *state Route event*": ("D4",)},
    "27_except_star_py311": {"machine main *state Fan out notifications*": ("D4",)},
    "29_formfeed_separators_long_line": {"machine main *state Parse ledger*": ("D4",)},
    "40_try_handlers": {"machine main *state Download *": ("D4",)},
    # An iterator and branches sharing keys: numbered across the emitted machine; parallel
    # keeps its input.
    "48_parallel_inside_map": {
        "machine * state Map-*": ("D1", "D8"),
        "machine * state Parallel-*": ("D1", "D8"),
        "machine * task_state *": ("D1",),
        "machine * task_states": ("D1",),
        "machine per_store state SyncPrices-*": ("D1",),
        "machine per_store state keys": ("D1",),
    },
    "51_docstrings": {
        "machine main state Choice-*": ("D2",),
        # A function holding only a docstring: the old parser wrote `"StartAt": null` and no
        # states (ASL Step Functions rejects); fluxio_cst writes one end Pass.
        "machine placeholder *": ("D7",),
    },
    "55_codebuild_env": {"machine main *state Build *": ("D4",)},
    "56_pexpm_runner": {"machine main *state *": ("D4",)},
    # Three `Step()` collapsed into one state (and a cycle) in the old parser; the elif chain
    # without else continues with the last Step; parallel keeps its input.
    "57_key_numbering": {
        "machine main state Choice-*": ("D1", "D2"),
        "machine main state Fail-*": ("D1",),
        "machine main state Map-*": ("D1",),
        "machine main state Parallel-*": ("D1", "D8"),
        "machine main state Pass-648ce2d5e0aec04ae8e97615f8a9efc8": ("D2",),
        "machine main state Step-*": ("D1",),
        "machine main state keys": ("D1", "D2"),
        "machine main task_state *": ("D1",),
        "machine main task_states": ("D1",),
    },
    # env values that are data references become "Value.$" entries.
    "59_codebuild_env_data_refs": {"machine main *state Build dynamic env*": ("D6",)},
}

# fixture → (the fix, a fragment of the old parser's error): the old parser cannot compile it
# at all (at parse time, or when to_dict() or the builder's reads run); fluxio_cst can.
OLD_FAILS: Dict[str, Tuple[str, str]] = {
    "03_ecs_worker_map": ("D14", "no attribute 'dependencies'"),  # ecs:worker without run
    "25_imports_anywhere_run_last": ("§A", "Only JSON-serializeable"),  # task defined after use
    "28_latin1_cookie_no_eol": ("§A", "Only JSON-serializeable"),  # task defined after use
    "31_choice_numeric_rules": ("D13", "Could not determine data type"),  # `> -5`
    "32_choice_boolean_rules": ("D5", "pop from an empty deque"),
    "33_choice_boolean_grouping": ("D5", "A maximum of 1 state"),
    "34_if_without_else_sequences": ("D5", "pop from an empty deque"),
    "35_nested_if_in_branches": ("D5", "A maximum of 1 state"),
    "36_else_holding_only_if": ("D5", "pop from an empty deque"),
    "37_elif_chains": ("D5", "pop from an empty deque"),
    "38_pass_in_branches": ("D5", "pop from an empty deque"),
    "39_return_raise_everywhere": ("D5", "A maximum of 1 state"),
    "41_if_inside_handler": ("D5", "A maximum of 1 state"),
    "42_except_pass": ("D10", "Options: max_concurrency"),  # map(…, key=…)
    "43_retry_options": ("D15", "expected a list"),  # on_exceptions given as a tuple
    "44_map_basics": ("D10", "Options: max_concurrency"),
    "45_map_shared_iterator": ("D14", "no attribute 'dependencies'"),
    "46_ecs_worker_scopes": ("D14", "no attribute 'dependencies'"),
    "47_parallel_branches": ("D8", "Only JSON-serializeable"),  # data[…] = parallel(…)
    "49_wait_forms": ("D10", "`key` was provided"),
    "50_pass_values": ("D7", "'Subscript' object has no attribute 'id'"),  # data["a"]["b"] = …
    "53_decorators": ("D12", "expected a boolean"),  # export(enabled=False)
    "54_task_attributes": ("D14", "no attribute 'dependencies'"),
    "58_order_pipeline": ("D5", "pop from an empty deque"),
    "60_try_in_handlers": ("D5", "no attribute 'lineno'"),  # a bare except in a nested try
    "61_distinct_terminal_states": ("D5", "pop from an empty deque"),
    "62_update_merges": ("D10", "Options: max_concurrency"),
    "63_key_pragmas": ("D5", "A maximum of 1 state can be downstream"),
    "64_catch_retry_map_parallel": ("D7", "Only task states can have exception handlers"),  # try: map(…)
    "65_choice_rules_beyond": ("D5", "pop from an empty deque"),  # and every rule in it is new
}

# astor 0.8 (the builder's renderer) has no handler for these nodes, for either parser's
# run_method: both are compared with their run methods rendered by ast.unparse instead.
ASTOR_CANNOT_RENDER = {"26_match_py310", "27_except_star_py311"}

# Key pragmas are comments (`# fluxio: key=…`): an ast.Module has none, so the keys they set are
# lost when the builder passes a tree; the file's text or path keeps them.
TREE_LOSES_COMMENTS = {"63_key_pragmas"}
