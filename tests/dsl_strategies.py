"""Hypothesis strategies that write whole Fluxio project files from the DSL's grammar.

Why a DSL-shaped generator: arbitrary Python (hypothesmith) almost never reaches the compiler's
state machine code, and mutated fixtures stay close to what we already test. These strategies
compose every construct of the DSL doc (Task classes with every service and attribute, every
decorator, task and nested machine calls with their keywords, ``map``, ``parallel``, every
``wait`` form, Pass values, ``data.update``, ``return``/``raise``, ``if``/``elif``/``else``
over every Choice rule family with ``and``/``or``/``not``, ``try``/``except`` (nested too),
``with retry()``) with odd strings, deep nesting, tabs and CRLF. Mostly valid values, so most
programs compile; sometimes invalid ones, so the diagnostics paths are walked as well.

A program is built as a list of ``(depth, text)`` lines and rendered with a drawn indent unit
and line ending; :func:`projects` is the entry point.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Sequence, Tuple, TypeVar, cast

from hypothesis import strategies as st

Lines = List[Tuple[int, str]]

# A program is drawn either strict (only what the DSL doc allows, so that most programs compile
# and reach the emitter) or loose (invalid values and forms mixed in, for the diagnostics).
# Composite strategies draw eagerly inside :func:`projects`, so a flag set around that draw is
# seen by every strategy built during it.
_MODE = {"strict": False, "keys": 0}


def strict() -> bool:
    return _MODE["strict"] > 0


F = TypeVar("F", bound=Callable[..., Any])


def by_mode(factory: F) -> F:
    """Build each strategy once per mode and arguments: building and validating strategies
    afresh at every draw cost most of the generation time."""
    cache: Dict[Tuple[bool, Tuple[Any, ...]], Any] = {}

    @functools.wraps(factory)
    def build(*args: Any) -> Any:
        key = (strict(), args)
        if key not in cache:
            cache[key] = factory(*args)
        return cache[key]

    return cast(F, build)


def loose(*options: st.SearchStrategy[str]) -> List[st.SearchStrategy[str]]:
    """``options`` in loose mode, nothing in strict mode (for ``st.one_of(good, *loose(bad))``)."""
    return [] if strict() else list(options)


SERVICES = ["lambda", "lambda:container", "lambda:pexpm-runner", "ecs", "ecs:worker", "codebuild"]
BAD_SERVICES = ["Lambda", "lambda:", "sqs", "", "ecs:worker "]
ERROR_NAMES = ["KeyError", "ValueError", "PartnerDown", "Custom_Error", "Ärger"]
STATES_ERRORS = [
    "States.ALL",
    "States.Timeout",
    "States.TaskFailed",
    "States.Permissions",
    "States.HeartbeatTimeout",
    "States.BranchFailed",
]

# Strings people and adversaries write: quotes, backslashes, JSONPath and ASL syntax, line and
# paragraph separators, controls, non-BMP, combining marks, right-to-left, NFKC-equal forms.
ODD_STRINGS = [
    "",
    " ",
    "a b",
    "it's",
    'say "hi"',
    "back\\slash",
    "new\nline",
    "cr\rlf\r\n",
    "tab\tbed",
    "sep\u2028arator",
    "para\u2029graph",
    "nul\x00byte",
    "bell\x07",
    "$",
    "$.x",
    "$['x']",
    "a.b",
    "[0]",
    "a]b[c",
    "{}",
    "*",
    "Zürich",
    "東京",
    "🚀🐳",
    "e\u0301",
    "\u202eevil",
    "ﬁle",
    "\ufeffbom",
    "States.ALL",
    "__trace",
    "x" * 81,
    "y" * 300,
]
# Lone surrogates cannot be encoded; a program can only hold them as escapes (``"\ud800"``).
SURROGATE_STRINGS = ["\ud800", "a\udfffb", "\udc80"]


@by_mode
def odd_text() -> st.SearchStrategy[str]:
    """A string value: plain printable ones most often, odd ones rarely.

    A program holds dozens of strings, so each odd kind is drawn for a few percent of them
    only: most programs then stay clear of the known-bug filters and reach the emitter."""
    ascii_chars = st.characters(min_codepoint=32, max_codepoint=126, exclude_characters="\\'\"")
    plain = st.text(ascii_chars, min_size=1, max_size=12)
    printable = st.text(st.characters(categories=["L", "M", "N", "S", "Zs"]), min_size=1, max_size=8)
    odd = st.one_of(
        st.sampled_from(ODD_STRINGS),
        st.sampled_from(SURROGATE_STRINGS),
        st.text(max_size=8),
        st.builds(
            lambda c, n: c * n,
            st.sampled_from(["a", "é", "\\", '"', "🚀"]),
            st.sampled_from([2, 81, 300, 2000]),
        ),
    )
    return st.integers(0, 99).flatmap(lambda n: plain if n < 85 else printable if n < 97 else odd)


@by_mode
@st.composite
def string_literal(draw: st.DrawFn, value: str | None = None) -> str:
    """Python source for a str literal holding ``value``, in one of Python's spellings."""
    text = draw(odd_text()) if value is None else value
    form = draw(st.sampled_from(["repr", "repr", "repr", "double", "raw", "triple", "concat", "u"]))
    plain = repr(text)
    if form == "double" and '"' not in text and "\\" not in text and text.isprintable():
        return '"' + text + '"'
    if form == "raw" and text.isprintable() and not text.endswith("\\") and "'" not in text:
        return "r'" + text + "'"
    if form == "triple" and text.isprintable() and '"' not in text and "\\" not in text:
        return '"""' + text + '"""'
    if form == "concat" and len(text) > 1:
        cut = draw(st.integers(1, len(text) - 1))
        return repr(text[:cut]) + draw(st.sampled_from([" ", "", "  "])) + repr(text[cut:])
    if form == "u":
        return "u" + plain
    return plain


@by_mode
def int_literal() -> st.SearchStrategy[str]:
    """An int literal in one of Python's spellings, occasionally huge or negative."""
    return st.one_of(
        st.integers(0, 100).map(str),
        st.sampled_from(["0x10", "0o17", "0b101", "1_000", "-0", "00"]),
        *loose(st.integers(-(10**6), 10**12).map(str), st.sampled_from(["10**3", "9" * 400, "-5"])),
    )


@by_mode
def number_literal() -> st.SearchStrategy[str]:
    """An int or float literal, with the floats JSON cannot hold (``1e999``) now and then."""
    return st.one_of(
        int_literal(),
        st.floats(allow_nan=False, allow_infinity=False, width=64).map(repr),
        st.sampled_from(["1.5", "-2.5", "0.0", "-0.0", "1e-3", ".5", "5.", "-7"]),
        *loose(st.sampled_from(["1e999", "-1e999"])),
    )


@by_mode
def json_literal(depth: int = 3) -> st.SearchStrategy[str]:
    """Source of a Pass value: JSON-like literals (dicts, lists, tuples) and some that are not."""
    scalars = st.one_of(
        string_literal(),
        number_literal(),
        st.sampled_from(["True", "False", "None"]),
    )
    if depth <= 0:
        return scalars

    def containers(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        key = st.one_of(string_literal(), int_literal(), st.sampled_from(["True", "None", "1.5"]))
        items = st.lists(children, max_size=4)
        return st.one_of(
            items.map(lambda xs: "[" + ", ".join(xs) + "]"),
            items.map(lambda xs: "(" + ", ".join(xs) + ("," if len(xs) == 1 else "") + ")"),
            st.lists(st.tuples(key, children), max_size=4).map(
                lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"
            ),
        )

    bad = st.sampled_from(['data["x"]', "len(x)", "{1, 2}", 'f"x{1}"', "b'x'", "...", "x", "[*a]"])
    return st.one_of(st.recursive(scalars, containers, max_leaves=6), *loose(bad))


@by_mode
def dict_literal() -> st.SearchStrategy[str]:
    """A dict literal of str keys (``build_arg_vars=``, ``input_data=``), or anything when loose."""
    entries = st.lists(st.tuples(string_literal(), json_literal(1)), max_size=3)
    good = entries.map(lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}")
    return st.one_of(good, *loose(json_literal(2)))


@by_mode
@st.composite
def data_ref(draw: st.DrawFn) -> str:
    """``data`` followed by literal subscripts; odd keys included (``data["a\\nb"]``)."""
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(["items", "order", "x", "flag", "n", "ts"]).map(repr),
                st.sampled_from(["items", "order", "x", "flag", "n", "ts"]).map(repr),
                st.sampled_from(["items", "order", "x", "flag", "n", "ts"]).map(repr),
                string_literal(),
                st.integers(0, 5).map(str),
            ),
            min_size=1,
            max_size=4,
        )
    )
    if not strict() and draw(st.integers(0, 30)) == 0:  # the forms the DSL rejects
        return draw(st.sampled_from(["data", "data.x", "data[x]", "data[-1]", 'data["a"].b', "other['x']"]))
    if strict():  # data["__trace"] is reserved (FX306)
        parts = [p for p in parts if "__trace" not in p] or ["'x'"]
    return "data" + "".join(f"[{p}]" for p in parts)


@dataclass
class Names:
    """The classes and functions a program defines, so calls mostly name real things."""

    tasks: List[str]
    services: List[str]
    functions: List[str] = field(default_factory=list)
    errors: List[str] = field(default_factory=lambda: list(ERROR_NAMES))


# -- Task classes ------------------------------------------------------------------------------

ATTRIBUTE_VALUES = {
    "timeout": ["60", "300", "900", "1", "0", "-5", "'60'", "99999999", "True", "None", "1.5"],
    "cpu": ["256", "512", "1024", "2048", "4096", "3000", "0"],
    "memory": ["128", "512", "1024", "2048", "3008", "4096", "16384", "100", "-1"],
    "spec": ["'pkg.mod:Worker'", "'no_colon'", "''", "1"],
    "concurrency": ["1", "10", "100", "101", "0", "'x'"],
    "heartbeat_interval": ["None", "30", "600", "0"],
    "autoscaling_min": ["0", "1", "3", "-1"],
    "autoscaling_max": ["1", "2", "20", "0"],
    "build_spec": ["None", "{'version': 0.2}", "{'phases': {'build': {'commands': ['make']}}}", "[1]"],
    "unknown_attribute": ["1"],
}


# Valid attribute sets per service (the rules of the DSL doc and of FX207-FX213).
STRICT_ATTRIBUTES: Dict[str, List[Lines]] = {
    "lambda": [[], [(1, "timeout = 60")], [(1, "memory = 1536"), (1, "timeout = 900")]],
    "lambda:container": [[], [(1, "memory = 3008")]],
    "lambda:pexpm-runner": [[], [(1, "memory = 3008")]],
    "ecs": [[], [(1, "cpu = 512"), (1, "memory = 1024")], [(1, "cpu = 4096"), (1, "memory = 16384")]],
    "ecs:worker": [
        [(1, "spec = 'pkg.worker:Worker'")],
        [
            (1, "spec = 'a.b:C'"),
            (1, "timeout = 600"),
            (1, "concurrency = 100"),
            (1, "heartbeat_interval = 30"),
            (1, "autoscaling_min = 2"),
            (1, "autoscaling_max = 20"),
        ],
    ],
    "codebuild": [[], [(1, "timeout = 3600"), (1, "build_spec = {'version': 0.2, 'phases': {}}")]],
}


@st.composite
def task_class(draw: st.DrawFn, name: str, service: str) -> Lines:
    """A ``class Name(Task)`` with a drawn service, attributes and ``run`` method."""
    base = (
        "Task"
        if strict()
        else draw(st.sampled_from(["Task"] * 12 + ["task", "Task, object", "EventProcessor"]))
    )
    lines: Lines = [(0, f"class {name}({base}):")]
    if draw(st.booleans()):
        lines.append((1, string_literal_plain(draw(odd_text()))))
    if service != "lambda" or draw(st.booleans()):
        lines.append((1, f"service = {service!r}"))
    if strict():
        lines += draw(st.sampled_from(STRICT_ATTRIBUTES[service]))
    else:
        attributes = draw(st.lists(st.sampled_from(sorted(ATTRIBUTE_VALUES)), max_size=4, unique=True))
        if service == "ecs:worker" and "spec" not in attributes and draw(st.integers(0, 5)):
            attributes.append("spec")
        for attribute in attributes:
            values = ATTRIBUTE_VALUES[attribute]
            pick = (
                values[0]
                if attribute == "spec" and draw(st.integers(0, 4))
                else draw(st.sampled_from(values))
            )
            lines.append((1, f"{attribute} = {pick}"))
    if service != "ecs:worker" or (not strict() and draw(st.integers(0, 4)) == 0):
        lines.extend(draw(run_method()))
    if len(lines) == 1:
        lines.append((1, "pass"))
    return lines


def string_literal_plain(text: str) -> str:
    """A docstring-like statement: the repr keeps every character escapable."""
    return repr(text)


@st.composite
def run_method(draw: st.DrawFn) -> Lines:
    """``async def run(event, context)`` with imports and statements, sometimes misdeclared."""
    headers = ["async def run(event, context):"]
    if not strict():
        headers += [
            "def run(event, context):",
            "async def run(self, event, context):",
            "async def go(event):",
        ]
    header = draw(st.sampled_from(headers))
    decorated = [] if strict() else draw(st.sampled_from([[], [], [], ["@staticmethod"]]))
    body = draw(
        st.lists(
            st.sampled_from(
                [
                    "import json",
                    "from os import path as p",
                    "import boto3.session, pandas",
                    "from . import helpers",
                    "event.update({'bar': 456})",
                    *([] if strict() else ["x = json.dumps(event)"]),
                    "return event",
                    "return await context.stop_execution(error='E', cause='c')",
                    "if not event: return None",
                    "# a comment ✓",
                    "return None",
                ]
            ),
            min_size=1,
            max_size=5,
        )
    )
    return [(1, d) for d in decorated] + [(1, header)] + [(2, b) for b in body]


# -- State machine statements ------------------------------------------------------------------


@st.composite
def _numbered_key(draw: st.DrawFn) -> str:
    """A unique explicit key (strict programs: FX307 forbids two equal keys in a function)."""
    _MODE["keys"] += 1
    text = draw(st.one_of(st.sampled_from(["Do a foo", "step", "résumé", "a b"]), odd_text()))
    return repr(f"{text[:30]} {_MODE['keys']}")


@by_mode
def key_option() -> st.SearchStrategy[str]:
    """``key=…`` values: ordinary names most often, then odd, long, empty, non-str ones."""
    if strict():
        return _numbered_key()
    return st.one_of(
        st.sampled_from(["'Do a foo'", "'step'", "'Step 2'", '"résumé"']),
        string_literal(),
        st.sampled_from(["''", "1", "None", "'k' * 3", repr("k" * 81), repr("a\nb"), repr("a\u2028b")]),
    )


@st.composite
def keywords(draw: st.DrawFn, options: Sequence[Tuple[str, st.SearchStrategy[str]]]) -> str:
    """A drawn subset of ``options`` rendered as ``, name=value``; now and then a typo or repeat."""
    chosen = draw(st.lists(st.sampled_from(list(options)), max_size=len(options), unique_by=lambda o: o[0]))
    parts = [f"{name}={draw(values)}" for name, values in chosen]
    extra = 99 if strict() else draw(st.integers(0, 40))
    if extra == 0:
        parts.append("kye='typo'")
    elif extra == 1 and parts:
        parts.append(parts[0])
    return "".join(", " + p for p in parts)


@by_mode
def timeout_value() -> st.SearchStrategy[str]:
    good = st.sampled_from(["60", "300", "3600", "1"])
    return st.one_of(good, *loose(int_literal(), st.sampled_from(["'5'", "1.5", "0", "10**9"])))


@by_mode
def env_value() -> st.SearchStrategy[str]:
    entries = st.lists(
        st.tuples(string_literal(), st.one_of(string_literal(), data_ref(), int_literal())), max_size=3
    )
    return st.one_of(
        entries.map(lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"), *loose(st.just("[1]"))
    )


def loose_words(words: List[str]) -> List[str]:
    return [] if strict() else words


@st.composite
def task_call(draw: st.DrawFn, names: Names) -> str:
    """``[data[…] = ]Task([data[…]], key=…, timeout=…, env=…, build_arg_vars=…)``."""
    target = draw(st.sampled_from(names.tasks)) if names.tasks else "Missing"
    if not strict() and draw(st.integers(0, 40)) == 0:
        target = draw(st.sampled_from(["Missing", "map", "wait", "print", "data"]))
    positional = draw(st.sampled_from(["", "", f"{draw(data_ref())}"] + loose_words(["1", "data"])))
    options = [
        ("key", key_option()),
        ("timeout", timeout_value()),
        ("env", env_value()),
        ("build_arg_vars", dict_literal()),
    ]
    kw = draw(keywords(options))
    args = (positional + kw) if positional else kw[2:]
    call = f"{target}({args})"
    return draw(assigned(call))


@st.composite
def assigned(draw: st.DrawFn, expression: str) -> str:
    """The expression alone, or stored in ``data[…]`` (``data["__trace"]`` now and then)."""
    choice = draw(st.integers(0, 8 if strict() else 9))
    if choice < 5:
        return expression
    if choice == 9:
        return f'data["__trace"] = {expression}'
    return f"{draw(data_ref())} = {expression}"


@st.composite
def nested_call(draw: st.DrawFn, names: Names) -> str:
    """A call of another state machine function (nested machine), with key= and timeout=."""
    target = draw(st.sampled_from(names.functions))
    positional = draw(st.sampled_from(["", draw(data_ref())]))
    kw = draw(keywords([("key", key_option()), ("timeout", timeout_value())]))
    args = (positional + kw) if positional else kw[2:]
    return draw(assigned(f"{target}({args})"))


@st.composite
def map_call(draw: st.DrawFn, names: Names) -> str:
    iterator = draw(st.sampled_from(names.functions + loose_words(["missing_fn"])))
    concurrency = st.sampled_from(["0", "3", "40"] + loose_words(["-1", "10**9", "'3'"]))
    kw = draw(keywords([("key", key_option()), ("max_concurrency", concurrency)]))
    return f"map({draw(data_ref())}, {iterator}{kw})"


@st.composite
def parallel_call(draw: st.DrawFn, names: Names) -> str:
    branches = draw(st.lists(st.sampled_from(names.functions), min_size=1, max_size=3))
    kw = draw(keywords([("key", key_option())]))
    return f"parallel({', '.join(branches)}{kw})"


@by_mode
@st.composite
def wait_call(draw: st.DrawFn) -> str:
    form = draw(st.integers(0, 7 if strict() else 9))
    if form < 4:
        value = f"seconds={draw(st.one_of(st.sampled_from(['0', '10', '86400']), int_literal(), data_ref()))}"
    elif form < 8:
        stamps = ["'2030-01-01T00:00:00Z'", "'2020-08-18T17:33:00+02:00'"] + loose_words(["'tomorrow'", "''"])
        stamp = st.sampled_from(stamps)
        value = f"timestamp={draw(st.one_of(stamp, data_ref()))}"
    elif form == 8:
        value = "seconds=1, timestamp='2030-01-01T00:00:00Z'"
    else:
        value = draw(st.sampled_from(["", "10", "seconds='10'", "seconds=1.5"]))
    kw = draw(keywords([("key", key_option())]))
    return f"wait({value}{kw})" if value else f"wait({kw[2:]})"


@by_mode
@st.composite
def pass_statement(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return f"{draw(data_ref())} = {draw(json_literal())}"
    entries = draw(st.lists(st.tuples(string_literal(), json_literal(1)), max_size=4))
    return "data.update({" + ", ".join(f"{k}: {v}" for k, v in entries) + "})"


@st.composite
def raise_statement(draw: st.DrawFn, names: Names) -> str:
    error = draw(st.sampled_from(names.errors + STATES_ERRORS[1:2]))
    form = draw(st.integers(0, 7 if strict() else 9))
    if form < 3:
        return f"raise {error}"
    if form < 8:
        return f"raise {error}({draw(string_literal())})"
    return draw(
        st.sampled_from(
            [f"raise {error}(1)", "raise", f"raise {error}('a', 'b')", f"raise {error} from None"]
        )
    )


@by_mode
@st.composite
def return_statement(draw: st.DrawFn) -> str:
    return draw(
        st.sampled_from(["return", "return", "return None", "return 'staff'"] + loose_words(["return data"]))
    )


# -- Choice conditions -------------------------------------------------------------------------

OPERATORS = ["==", "!=", "<", "<=", ">", ">="]


@by_mode
@st.composite
def comparison(draw: st.DrawFn) -> str:
    """One Choice rule: every family (String, Numeric, Boolean), casts on either side, misuses."""
    ref = draw(data_ref())
    families = ["str", "num", "bool", "ts", "path", "presence", "type", "match"]
    family = draw(st.sampled_from(families + loose_words(["bare", "bad"])))
    if family in NEW_RULES:
        return draw(NEW_RULES[family](ref))
    if family == "str":
        left = draw(st.sampled_from([ref, f"str({ref})"]))
        literal = draw(string_literal())
        right = draw(st.sampled_from([literal, f"str({literal})"]))
        return f"{left} {draw(st.sampled_from(OPERATORS))} {right}"
    if family == "num":
        cast = draw(st.sampled_from(["", "int", "float"]))
        left = f"{cast}({ref})" if cast else ref
        literal = draw(number_literal())
        wrapped = "float" if any(c in literal for c in ".e") and "x" not in literal else "int"
        right = draw(st.sampled_from([literal, f"{wrapped}({literal})"] + loose_words([f"int({literal})"])))
        return f"{left} {draw(st.sampled_from(OPERATORS))} {right}"
    if family == "bool":
        truth = draw(st.sampled_from(["True", "False"]))
        return draw(
            st.sampled_from(
                [
                    f"{ref} == {truth}",
                    f"{ref} != {truth}",
                    f"bool({ref})",
                    f"bool({ref}) == {truth}",
                    f"bool({ref}) != {truth}",
                ]
            )
        )
    if family == "bare":
        return ref
    return draw(
        st.sampled_from(
            [
                f"{ref} in ['a']",
                f"{ref} is None",
                f"0 < {ref} < 9",
                f"1 == {ref}",
                f"{ref} == {ref}",
                f"{ref} < True",
                f"str({ref}) == 1",
                f"int({ref}) == 'x'",
                f"{ref} == [1]",
                "x == 1",
                f"len({ref}) > 0",
            ]
        )
    )


TIMESTAMPS = ["2026-12-01T08:00:00Z", "2026-02-28T23:59:59.5+01:00", "1999-12-31T00:00:00-05:30"]
BAD_TIMESTAMPS = ["2026-02-30T00:00:00Z", "2026-12-01 08:00:00", "2026-12-01t08:00:00z", "tomorrow", ""]


def _timestamp_rule(ref: str) -> st.SearchStrategy[str]:
    """``timestamp()`` on either side of an ordering, with a literal (odd ones when loose)."""
    stamp = st.sampled_from(TIMESTAMPS + loose_words(BAD_TIMESTAMPS)).map(repr)
    right = st.one_of(stamp, stamp.map(lambda s: f"timestamp({s})"))
    left = st.sampled_from([f"timestamp({ref})", ref] + loose_words([f"int({ref})"]))
    return st.builds(lambda a, op, b: f"{a} {op} {b}", left, st.sampled_from(OPERATORS), right).filter(
        lambda text: "timestamp(" in text
    )


def _path_rule(ref: str) -> st.SearchStrategy[str]:
    """Data on both sides, a cast on either (agreeing casts when strict)."""
    casts = ["str", "int", "float", "timestamp", "bool"]

    @st.composite
    def rule(draw: st.DrawFn) -> str:
        cast = draw(st.sampled_from(casts))
        other = draw(data_ref())
        sides = draw(
            st.sampled_from([(cast, ""), ("", cast), (cast, cast)] + loose_words([("", ""), ("int", "str")]))
        )
        left, right = (f"{c}({r})" if c else r for c, r in zip(sides, (ref, other)))
        operators = ["==", "!="] if cast == "bool" and strict() else OPERATORS
        return f"{left} {draw(st.sampled_from(operators))} {right}"

    return rule()


def _presence_rule(ref: str) -> st.SearchStrategy[str]:
    key = string_literal()
    tests = [
        key.map(lambda k: f"{k} in {ref}"),
        key.map(lambda k: f"{k} not in {ref}"),
        st.sampled_from([f"{ref} is None", f"{ref} is not None"]),
    ]
    return st.one_of(*tests, *loose(st.sampled_from([f"{ref} in {ref}", f"0 in {ref}", f"{ref} is True"])))


def _type_rule(ref: str) -> st.SearchStrategy[str]:
    kinds = ["str", "bool", "(int, float)", "int | float", "(str, bool)", "bool | int | float"]
    odd = ["int", "float", "list", "None", "(str, type(None))"]
    return st.sampled_from(kinds + loose_words(odd)).map(lambda t: f"isinstance({ref}, {t})")


def _match_rule(ref: str) -> st.SearchStrategy[str]:
    text = st.text(st.sampled_from("ab-*.\\[]!?"), max_size=8)
    patterns = text if not strict() else text.filter(lambda t: "?" not in t and "[" not in t)
    function = st.sampled_from(["fnmatch", "fnmatchcase", "fnmatch.fnmatch"])
    return st.builds(lambda f, p: f"{f}({ref}, {p!r})", function, patterns)


NEW_RULES = {
    "ts": _timestamp_rule,
    "path": _path_rule,
    "presence": _presence_rule,
    "type": _type_rule,
    "match": _match_rule,
}


@by_mode
def condition(depth: int = 3) -> st.SearchStrategy[str]:
    """``and``/``or``/``not`` over comparisons, parenthesised where grouping needs it."""
    if depth <= 0:
        return comparison()

    def combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            children.map(lambda c: f"not {c}"),
            children.map(lambda c: f"not ({c})"),
            st.tuples(st.sampled_from([" and ", " or "]), st.lists(children, min_size=2, max_size=3)).map(
                lambda op_cs: op_cs[0].join(f"({c})" for c in op_cs[1])
            ),
            st.tuples(children, children).map(lambda ab: f"{ab[0]} and {ab[1]}"),
        )

    return st.recursive(comparison(), combine, max_leaves=5)


# -- Blocks ------------------------------------------------------------------------------------


@st.composite
def simple_statement(draw: st.DrawFn, names: Names, may_end: bool = True) -> str:
    """One simple statement; ``return``/``raise`` only where nothing follows (strict: FX311)."""
    kinds = ["task"] * 5 + ["wait", "pass", "pass", "update", "noop", "doc"]
    if may_end or not strict():
        kinds += ["return", "raise"]
    if names.functions:
        kinds += ["nested", "map", "parallel"]
    kinds += loose_words(["bad"])
    kind = draw(st.sampled_from(kinds))
    if kind == "task":
        return draw(task_call(names))
    if kind == "nested":
        return draw(nested_call(names))
    if kind == "map":
        return draw(map_call(names))
    if kind == "parallel":
        return draw(parallel_call(names))
    if kind == "wait":
        return draw(wait_call())
    if kind in ("pass", "update"):
        return draw(pass_statement())
    if kind == "return":
        return draw(return_statement())
    if kind == "raise":
        return draw(raise_statement(names))
    if kind == "noop":
        return "pass"
    if kind == "doc":
        return repr(draw(odd_text()))
    return draw(
        st.sampled_from(
            [
                "x = 1",
                "print(data)",
                "data['n'] += 1",
                "del data['x']",
                "assert data",
                "import os",
                "global x",
            ]
        )
    )


@st.composite
def block(draw: st.DrawFn, names: Names, depth: int, size: int = 4, may_end: bool = True) -> Lines:
    """Statements at relative depth 0; compound ones (if, try, with) while ``depth`` allows.

    Only the last statement of a block may end the path (``may_end``), so that strict programs
    have no unreachable statement."""
    count = draw(st.integers(1, size))
    lines: Lines = []
    for index in range(count):
        last = may_end and index == count - 1
        kind = draw(
            st.sampled_from(["simple"] * 6 + (["if", "try", "with", "try_retry"] if depth > 0 else []))
        )
        if kind == "simple":
            lines.append((0, draw(simple_statement(names, last))))
        elif kind == "if":
            lines.extend(draw(if_statement(names, depth - 1, last)))
        elif kind == "try":
            lines.extend(draw(try_statement(names, depth - 1, may_end=last)))
        elif kind == "with":
            lines.extend(draw(with_retry(names, depth - 1)))
        else:
            lines.extend(draw(try_statement(names, depth - 1, retry_body=True, may_end=last)))
    return lines


def indented(lines: Lines, by: int = 1) -> Lines:
    return [(d + by, t) for d, t in lines]


@st.composite
def if_statement(draw: st.DrawFn, names: Names, depth: int, may_end: bool = True) -> Lines:
    lines: Lines = [(0, f"if {draw(condition())}:")]
    lines += indented(draw(block(names, depth, 3, may_end)))
    for _ in range(draw(st.integers(0, 3))):
        lines.append((0, f"elif {draw(condition(2))}:"))
        lines += indented(draw(block(names, depth, 2, may_end)))
    if draw(st.booleans()):
        lines.append((0, "else:"))
        lines += indented(draw(block(names, depth, 2, may_end)))
    return lines


@by_mode
@st.composite
def retry_options(draw: st.DrawFn) -> str:
    errors = st.lists(st.sampled_from(ERROR_NAMES + STATES_ERRORS[1:]), min_size=1, max_size=3).map(
        lambda es: draw(st.sampled_from(["[{}]", "({},)"])).format(", ".join(es))
    )
    options = [
        ("on_exceptions", st.one_of(errors, *loose(st.sampled_from(["[]", "()", "KeyError", "['x']"])))),
        ("interval", st.one_of(st.sampled_from(["1", "5", "60"]), *loose(int_literal()))),
        ("max_attempts", st.one_of(st.sampled_from(["0", "3", "10"]), *loose(int_literal()))),
        ("backoff_rate", st.one_of(st.sampled_from(["1", "1.5", "2.0"]), *loose(number_literal()))),
    ]
    return draw(keywords(options))[2:]


def guarded_call(names: Names) -> st.SearchStrategy[str]:
    """What a ``try`` or ``with retry()`` guards: a Task call, or (when the file has functions)
    a nested call, a ``map`` or a ``parallel``, each assigned or not."""
    fan_outs = [map_call(names).flatmap(assigned), parallel_call(names).flatmap(assigned)]
    return st.one_of(task_call(names), *([nested_call(names), *fan_outs] if names.functions else []))


@st.composite
def with_retry(draw: st.DrawFn, names: Names, depth: int) -> Lines:
    header = f"with retry({draw(retry_options())}):"
    if not strict() and draw(st.integers(0, 8)) == 0:
        header = draw(st.sampled_from(["with open('x') as f:", "with retry:", "with retry() as r:"]))
    if depth > 0 and draw(st.integers(0, 9)) == 0:
        inner = draw(st.one_of(with_retry(names, depth - 1), try_statement(names, depth - 1)))
    elif not strict() and draw(st.integers(0, 8)) == 0:
        inner = draw(block(names, 0, 2))
    else:
        inner = [(0, draw(guarded_call(names)))]
    return [(0, header), *indented(inner)]


@st.composite
def except_clause(draw: st.DrawFn, names: Names) -> str:
    if strict():
        errors = draw(st.lists(st.sampled_from(names.errors + STATES_ERRORS[1:]), min_size=1, max_size=3))
        return draw(st.sampled_from([f"except {errors[0]}:", f"except ({', '.join(errors)}):"]))
    errors = draw(st.lists(st.sampled_from(names.errors + STATES_ERRORS), min_size=1, max_size=3))
    return draw(
        st.sampled_from(
            [
                "except:",
                f"except {errors[0]}:",
                f"except ({', '.join(errors)}):",
                f"except ({', '.join(errors)},):",
                "except ():",
                f"except {errors[0]} as e:",
                "except Exception:",
                f"except* {errors[0]}:",
            ]
        )
    )


@st.composite
def try_statement(
    draw: st.DrawFn, names: Names, depth: int, retry_body: bool = False, may_end: bool = True
) -> Lines:
    """``try`` around one task, map or parallel (or a retry, or another try), with handlers that
    nest blocks."""
    if retry_body:
        body = draw(with_retry(names, depth))
    elif depth > 0 and draw(st.integers(0, 9)) == 0:
        body = draw(try_statement(names, depth - 1))
    elif not strict() and draw(st.integers(0, 8)) == 0:
        body = draw(block(names, 0, 2))
    else:
        body = [(0, draw(guarded_call(names)))]
    lines: Lines = [(0, "try:"), *indented(body)]
    # Handlers hold compound statements (a try inside a handler) now and then only.
    inner = max(depth, 0) if draw(st.integers(0, 5)) == 0 else 0
    for _ in range(draw(st.integers(1, 3))):
        lines.append((0, draw(except_clause(names))))
        lines += indented(draw(block(names, inner, 2, may_end)))
    if strict() and draw(st.booleans()):
        lines += [(0, "except:"), *indented(draw(block(names, inner, 2, may_end)))]
    extra = 99 if strict() else draw(st.integers(0, 12))
    if extra == 0:
        lines += [(0, "else:"), (1, "pass")]
    elif extra == 1:
        lines += [(0, "finally:"), (1, "pass")]
    return lines


# -- Deep shapes: legal to CPython, near or past the compiler's depth gate ----------------------


@st.composite
def deep_statement(draw: st.DrawFn, names: Names) -> Lines:
    """One statement that nests deeply: elif chains, not chains, nested ifs/trys, long keys."""
    size = draw(st.integers(10, 420))
    task = names.tasks[0] if names.tasks else "Missing"
    shape = draw(st.sampled_from(["elif", "not", "ifs", "minus", "key", "and", "trys", "parens"]))
    if shape == "elif":
        lines: Lines = [(0, "if data['n'] == 0:"), (1, "return")]
        for i in range(1, size):
            lines += [(0, f"elif data['n'] == {i}:"), (1, f"{task}(key='k{i}')")]
        return lines
    if shape == "not":
        return [(0, f"if {'not ' * size}data['a'] == 1:"), (1, "return")]
    if shape == "minus":
        return [(0, f"if data['a'] == {'- ' * size}1:"), (1, "return")]
    if shape == "and":
        return [(0, "if " + " and ".join(f"data['a'] == {i}" for i in range(size)) + ":"), (1, "return")]
    if shape == "parens":
        depth = min(size, 150)
        return [(0, f"if {'(' * depth}data['a'] == 1{')' * depth}:"), (1, "return")]
    if shape == "key":
        return [(0, f"{task}(key=" + " ".join(repr(f"p{i}") for i in range(size)) + ")")]
    depth = min(size, 90)  # CPython refuses 100 nested blocks
    lines = []
    for level in range(depth):
        lines.append((level, "if data['x'] == 1:" if shape == "ifs" else "try:"))
    lines.append((depth, f"{task}()"))
    if shape == "trys":
        for level in reversed(range(depth)):
            lines.append((level, "except:"))
            lines.append((level + 1, "pass"))
    return lines


# -- Whole files -------------------------------------------------------------------------------


@st.composite
def function(draw: st.DrawFn, name: str, names: Names, processors: List[str]) -> Lines:
    """A state machine function with drawn decorators; ``names.functions`` are its callees."""
    lines: Lines = []
    for decorator in draw(st.lists(decorator_line(processors), max_size=2, unique_by=lambda d: d[:8])):
        lines.append((0, decorator))
    params = draw(st.sampled_from(["data"] * 6 + loose_words(["", "data, extra", "*args"])))
    prefix = "async def" if not strict() and draw(st.integers(0, 40)) == 0 else "def"
    lines.append((0, f"{prefix} {name}({params}):"))
    if draw(st.integers(0, 3)) == 0:
        lines.append((1, repr(draw(odd_text()))))
    if draw(st.integers(0, 12)) == 0:
        lines += indented(draw(deep_statement(names)))
    lines += indented(draw(block(names, draw(st.integers(0, 3)), 4)))
    return lines


@st.composite
def decorator_line(draw: st.DrawFn, processors: List[str]) -> str:
    expression = st.one_of(
        st.sampled_from(["'rate(1 hour)'", "'rate(5 minutes)'", "'cron(0 3 * * ? *)'", "'every day'", "''"]),
        string_literal(),
    )
    if strict():
        good = [
            "@schedule(expression='rate(1 hour)')",
            "@schedule(expression='cron(0 3 * * ? *)', input_data={'mode': 'nightly', 'n': [1]})",
            f"@subscribe(project={draw(string_literal())})",
            "@subscribe(project='billing', state_machine='invoice_run', status='failure')",
            f"@subscribe(topic_arn_import_value={draw(string_literal())})",
            "@export()",
            "@export(enabled=False)",
            "@process_events()" if not processors else f"@process_events(processor={processors[0]})",
        ]
        return draw(st.sampled_from(good))
    choices = [
        f"@schedule(expression={draw(expression)})",
        f"@schedule(expression='rate(1 day)', input_data={draw(dict_literal())})",
        f"@subscribe(project={draw(string_literal())})",
        "@subscribe(project='billing', state_machine='invoice_run', status='failure')",
        f"@subscribe(topic_arn_import_value={draw(string_literal())})",
        "@subscribe(project='a', topic_arn_import_value='b')",
        "@subscribe()",
        "@export()",
        "@export(enabled=False)",
        "@export(enabled=1)",
        "@process_events()",
        "@export",
        "@schedule()",
        "@unknown()",
    ]
    if processors:
        choices.append(f"@process_events(processor={processors[0]})")
    choices.append("@process_events(processor=Nope)")
    return draw(st.sampled_from(choices))


@st.composite
def event_processor(draw: st.DrawFn, name: str) -> Lines:
    method = draw(
        st.sampled_from(
            [
                "async def get_custom_tags_start(message, input_data, state_data_client):",
                "async def get_custom_tags_end(message, input_data, state_data_client):",
            ]
            + loose_words(["def other(self):"])
        )
    )
    return [(0, f"class {name}(EventProcessor):"), (1, method), (2, "return {'team': 'data'}")]


def task_name() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(["Fetch", "Resize", "Publish", "Worker", "Build", "Notify", "Score", "Ünïcode"]),
        st.from_regex(r"[A-Z][A-Za-z0-9_]{0,10}", fullmatch=True),
        *loose(st.sampled_from(["ﬁle", "L" * 90, "M" * 70])),
    )


def function_name() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(
            ["branch_a", "each_item", "child", "pack_box", "ümlaut"] + loose_words(["wait", "map", "retry"])
        ),
        st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True),
    )


@st.composite
def program_lines(draw: st.DrawFn) -> Lines:
    """Every part of a project file in a drawn order; main last (mostly)."""
    keywords_ = {"if", "else", "elif", "try", "except", "with", "def", "class", "return", "raise", "pass"}
    tasks = draw(st.lists(task_name(), min_size=1 if strict() else 0, max_size=4, unique=True))
    services = [
        draw(st.one_of(st.sampled_from(SERVICES), *loose(st.sampled_from(BAD_SERVICES)))) for _ in tasks
    ]
    helpers = draw(st.lists(function_name().filter(lambda n: n not in keywords_), max_size=3, unique=True))
    helpers = [h for h in helpers if h != "main" and h not in tasks]
    processors = ["Tagger"] if draw(st.integers(0, 4)) == 0 else []
    lines: Lines = []
    if draw(st.integers(0, 3)) == 0:
        lines.append((0, repr(draw(odd_text()))))
    if draw(st.integers(0, 3)) == 0:
        lines.append((0, draw(st.sampled_from(["import json", "from typing import Dict", "import os.path"]))))
    for name, service in zip(tasks, services):
        lines += draw(task_class(name, service))
    for name in processors:
        lines += draw(event_processor(name))
    # Each helper may call the helpers defined after it: no cycles unless a name repeats.
    for index, name in enumerate(helpers):
        callees = Names(tasks, services, helpers[index + 1 :])
        lines += draw(function(name, callees, processors))
    lines += draw(function("main", Names(tasks, services, helpers), processors))
    if not strict() and draw(st.integers(0, 10)) == 0:
        lines.append((0, draw(st.sampled_from(["X = 1", "print('hi')", "for x in y:\n    pass"]))))
    return lines


@st.composite
def projects(draw: st.DrawFn) -> bytes:
    """A whole project file as bytes: drawn indent unit, line ending, final newline, comments."""
    _MODE["strict"] = draw(st.integers(0, 3))  # strict three times in four
    try:
        lines = draw(program_lines())
    finally:
        _MODE["strict"] = 0
    unit = draw(st.sampled_from(["    ", "    ", "  ", "\t", " "]))
    newline = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    comment = draw(st.integers(0, 4)) == 0
    out = []
    for depth, text in lines:
        rendered = unit * depth + text.replace("\n", newline + unit * depth)
        if comment and text.endswith(":"):
            rendered += "  # ✓ note"
        out.append(rendered)
    source = newline.join(out)
    if draw(st.integers(0, 6)):
        source += newline
    encoded = source.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 15)) == 0:
        encoded = b"\xef\xbb\xbf" + encoded
    return encoded
