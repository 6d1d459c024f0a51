"""User mistakes are located diagnostics, never FX901; warnings for programs that mislead.

Each test covers a class of input, not one example: every character class a state name cannot
hold, every number option at and above its Step Functions limit, every way a name can be bound
inside or outside ``run``, every DSL name a definition can shadow.
"""

from __future__ import annotations

import sys
from typing import List, Tuple

import pytest

import fluxio_cst
from fluxio_cst.options import timestamp_problem
from fluxio_cst.recognise.decorators import schedule_problem
from tests.sfn_harness import run_asl

TASK = "class Step(Task):\n    async def run(event, context):\n        return event\n\n\n"
RUN = "    async def run(event, context):\n        pass\n\n\n"


def codes(source: str) -> List[Tuple[str, int]]:
    """(code, line) of every diagnostic of ``source``, errors and warnings alike."""
    try:
        project = fluxio_cst.parse(source)
    except fluxio_cst.FluxioError as exc:
        return [(d.code, d.line) for d in exc.diagnostics]
    for machine in project.state_machines.values():
        machine.to_asl()  # compiles all the way, through the built-in validator (FX901 otherwise)
    return [(d.code, d.line) for d in project.warnings]


def main(body: str, prefix: str = TASK) -> str:
    return prefix + "def main(data):\n" + "".join(f"    {line}\n" for line in body.splitlines())


# --- Keys ------------------------------------------------------------------------------------

FORBIDDEN = [chr(c) for c in range(0x20)] + [chr(c) for c in range(0x7F, 0xA0)]
FORBIDDEN += ["\u2028", "\u2029", "\ufffe", "\uffff"]


@pytest.mark.parametrize("char", FORBIDDEN, ids=[f"U+{ord(c):04X}" for c in FORBIDDEN])
def test_a_key_holding_a_control_character_or_line_separator_is_fx157(char: str) -> None:
    assert codes(main(f"Step(key={('a' + char + 'b')!r})")) == [("FX157", 7)]


@pytest.mark.parametrize("key", ["", "k" * 81, "é" * 81])
def test_an_empty_or_long_key_is_fx157(key: str) -> None:
    assert codes(main(f"Step(key={key!r})")) == [("FX157", 7)]


@pytest.mark.parametrize("key", ["k" * 80, "with spaces", "é ü 漢字 🙂", "it's", 'say "hi"', "[$.x]"])
def test_keys_step_functions_accepts_compile(key: str) -> None:
    project = fluxio_cst.parse(main(f"Step(key={key!r})"))
    assert key in project.state_machines["main"].to_asl()["States"]


@pytest.mark.parametrize("length", [47, 48])
def test_a_generated_key_over_80_characters_asks_for_key(length: int) -> None:
    name = "T" * length
    source = f"class {name}(Task):\n    async def run(event, context):\n        return 1\n\n\n"
    found = codes(main(f"{name}()", source))
    assert found == ([] if length + 33 <= 80 else [("FX320", 7)])
    assert codes(main(f'{name}(key="short")', source)) == []


def test_a_nested_call_with_a_long_name_asks_for_key() -> None:
    name = "f" * 48
    source = TASK + f"def {name}(data):\n    Step()\n\n\n"
    assert codes(main(f"{name}(data)", source)) == [("FX320", 11)]
    assert codes(main(f'{name}(data, key="child")', source)) == []


# --- Number limits -----------------------------------------------------------------------------

LIMITED = [
    "Step(timeout={})",
    "wait(seconds={})",
    "with retry(interval={}):\n    Step()",
    "with retry(max_attempts={}):\n    Step()",
    "map(data['items'], each, max_concurrency={})",
]
EACH = "def each(data):\n    Step()\n\n\n"


@pytest.mark.parametrize("template", LIMITED)
def test_numbers_up_to_99999999_compile_and_above_are_fx155(template: str) -> None:
    assert codes(main(template.format(99999999), TASK + EACH)) == []
    for value in (100000000, 10**400):
        assert [c for c, _ in codes(main(template.format(value), TASK + EACH))] == ["FX155"]


@pytest.mark.parametrize("rate", ["10**400", "1e999", str(10**400), "1" + "0" * 320 + ".0"])
def test_a_backoff_rate_beyond_a_double_is_fx155(rate: str) -> None:
    source = main(f"with retry(backoff_rate={rate}):\n    Step()")
    expected = "FX153" if "**" in rate else "FX155"  # `**` is an expression, not a literal
    assert [c for c, _ in codes(source)] == [expected]


@pytest.mark.parametrize("attribute", ["timeout", "heartbeat_interval"])
def test_task_seconds_above_99999999_are_fx218(attribute: str) -> None:
    def task(value: int) -> str:
        extra = "    timeout = 99999999\n" if attribute == "heartbeat_interval" else ""
        return f"class Step(Task):\n{extra}    {attribute} = {value}\n{RUN}"

    assert codes(main("Step()", task(99999998))) == []
    # a heartbeat above the limit is also above the largest timeout (FX208)
    expected = ["FX208", "FX218"] if attribute == "heartbeat_interval" else ["FX218"]
    assert [c for c, _ in codes(main("Step()", task(10**400)))] == expected


# --- Error lists, timestamps, data keys --------------------------------------------------------


@pytest.mark.parametrize(
    "body", ["try:\n    Step()\nexcept ():\n    pass", "with retry(on_exceptions=[]):\n    Step()"]
)
def test_an_empty_list_of_errors_is_fx156(body: str) -> None:
    assert [c for c, _ in codes(main(body))] == ["FX156"]


GOOD_TIMES = ["2026-12-01T08:00:00Z", "2024-02-29T23:59:59.123+05:30", "2026-01-01T00:00:00-00:00"]
BAD_TIMES = [
    "tomorrow",
    "2026-12-01",
    "2026-12-01 08:00:00Z",
    "2026-12-01t08:00:00z",
    "2026-12-01T08:00:00",
    "2025-02-29T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-12-01T24:00:00Z",
    "2026-12-01T08:00:00+24:00",
    "２０２６-12-01T08:00:00Z",
]


@pytest.mark.parametrize("text", GOOD_TIMES + BAD_TIMES)
def test_wait_timestamps_are_rfc_3339(text: str) -> None:
    good = text in GOOD_TIMES
    assert (timestamp_problem(text) is None) == good
    assert codes(main(f"wait(timestamp={text!r})")) == ([] if good else [("FX158", 7)])


UNWRITABLE = ["a\nb", "a\\b", "a\tb", "a\x00b", "a\u2028b", "a\xa0b", 'it\'s "x"']
PLACES = [
    "data[{k}] = 1",
    "Step(data[{k}])",
    "wait(seconds=data[{k}])",
    "if data[{k}] == 1:\n    Step()",
    "data['x'] = Step(data, key='k')\ndata[{k}] = Step()",
    "data.update({{'ok': 1, {k}: 2}})",
    "data['r'] = map(data[{k}], it)",
]


@pytest.mark.parametrize("key", UNWRITABLE)
@pytest.mark.parametrize("place", PLACES)
def test_a_data_key_no_path_can_spell_is_fx304(key: str, place: str) -> None:
    iterator = "def it(data):\n    Step()\n\n\n"
    assert [c for c, _ in codes(main(place.format(k=repr(key)), TASK + iterator))] == ["FX304"]


def test_data_keys_with_one_kind_of_quote_run_on_moto() -> None:
    source = main(
        'data[\'say "hi"\'] = "stored"\nif data[\'ask "why"\'] == "yes":\n    raise Found("yes")\nreturn'
    )
    asl = fluxio_cst.parse(source).state_machines["main"].to_asl()
    found = run_asl(asl, {'ask "why"': "yes"})
    assert found.status == "FAILED" and found.error == "Found"
    missed = run_asl(asl, {'ask "why"': "no"})
    assert missed.status == "SUCCEEDED" and missed.output['say "hi"'] == "stored"


def test_a_data_key_holding_a_single_quote_is_written_in_double_quotes() -> None:
    # Bracket notation with double quotes, as asl-validator accepts (fixture 15); moto's own
    # JSONPath lexer rejects it, so it is not executed here.
    asl = fluxio_cst.parse(main('data["it\'s"] = Step()')).state_machines["main"].to_asl()
    assert [s["ResultPath"] for s in asl["States"].values() if s["Type"] == "Task"] == ['$["it\'s"]']


# --- Names in run ------------------------------------------------------------------------------

BOUND_INSIDE = [
    "import json\n        return json.dumps(event)",
    "from os import path as p\n        return p.sep",
    "x = 1\n        return x",
    "return [y for y in event]",
    "for i in event:\n            pass\n        return i",
    "with open('f') as handle:\n            return handle.read()",
    "try:\n            pass\n        except ValueError as exc:\n            return exc",
    "if (n := len(event)):\n            return n",
    "def inner(a):\n            return a\n        return inner(1)",
    "return (lambda q: q)(event)",
    "class K:\n            pass\n        return K",
    "global LIMIT\n        LIMIT = 3\n        return LIMIT",
    "return print, len, __name__, context",
    "x: json = 1\n        y: p.Sep\n        return x",  # local annotations are never evaluated
]


@pytest.mark.parametrize("body", BOUND_INSIDE)
def test_names_bound_inside_run_and_builtins_are_fine(body: str) -> None:
    prefix = (
        "import json\nfrom os import path as p\nLIMIT = 3\n\n\n"
        f"class Step(Task):\n    async def run(event, context):\n        {body}\n\n\n"
    )
    assert [c for c, _ in codes(main("Step()", prefix))] == ["FX101"]  # only `LIMIT = 3` itself


MODULE_LEVEL = [
    ("import json", "json.dumps(event)", "imported"),
    ("import os.path", "os.path.sep", "imported"),
    ("from a import b as c", "c()", "imported"),
    ("try:\n    import ujson as fast\nexcept ImportError:\n    import json as fast", "fast", "imported"),
    ("class Other(Task):\n    async def run(event, context):\n        pass", "Other", "defined"),
    ("def helper(data):\n    pass", "helper", "defined"),
    ("def open(data):\n    pass", "open('f')", "builtin"),
    ("from io import open", "open('f')", "builtin"),
]


@pytest.mark.parametrize("definition,use,how", MODULE_LEVEL)
def test_a_module_level_name_used_in_run_is_fx216(definition: str, use: str, how: str) -> None:
    prefix = (
        f"{definition}\n\n\nclass Step(Task):\n    async def run(event, context):\n        return {use}\n\n\n"
    )
    with pytest.raises(fluxio_cst.FluxioError) as info:
        fluxio_cst.parse(main("Step()", prefix))
    found = [d for d in info.value.diagnostics if d.code == "FX216"]
    assert len(found) == 1 and found[0].line == definition.count("\n") + 6
    assert {"imported": "move the import into `run`", "defined": "defined at module level"}.get(
        how, "the builtin"
    ) in found[0].message


@pytest.mark.skipif(sys.version_info < (3, 10), reason="`match` is Python 3.10 syntax")
@pytest.mark.parametrize(
    "pattern,free",
    [
        ("{'k': json, **rest}", False),
        ("[*json]", False),
        ("str() as json", False),
        ("json", False),
        ("[json, 1] | [1, json]", False),
        ("[1, _]", True),
    ],
)
def test_names_bound_by_match_patterns_are_fine(pattern: str, free: bool) -> None:
    """LibCST's scopes record no assignment for match captures: we do."""
    body = f"match event:\n            case {pattern}:\n                return json"
    prefix = f"import json\n\n\nclass Step(Task):\n    async def run(event, context):\n        {body}\n\n\n"
    expected = [("FX216", 8)] if free else []
    assert [d for d in codes(main("Step()", prefix)) if d[0] == "FX216"] == expected


def test_annotations_python_evaluates_are_checked() -> None:
    """Parameter annotations and class-level ones are evaluated at definition time."""
    prefix = (
        "import json\n\n\nclass Step(Task):\n    async def run(event: json, context):\n"
        "        class C:\n            y: json = 2\n        return C\n\n\n"
    )
    assert [d for d in codes(main("Step()", prefix)) if d[0] == "FX216"] == [("FX216", 5), ("FX216", 7)]


def test_a_module_level_name_is_reported_at_every_use_in_nested_scopes() -> None:
    prefix = (
        "import json\n\n\nclass Step(Task):\n    async def run(event, context):\n"
        "        def inner(a=json):\n            return json\n        return [json for _ in event]\n\n\n"
    )
    with pytest.raises(fluxio_cst.FluxioError) as info:
        fluxio_cst.parse(main("Step()", prefix))
    assert [(d.code, d.line) for d in info.value.diagnostics] == [("FX216", 6), ("FX216", 7), ("FX216", 8)]


# --- NFKC names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "first,second",
    [
        ("class file(Task):\n    async def run(event, context):\n        pass", "class ﬁle(Task):\n    pass"),
        ("def ｍain(data):\n    pass", "def main(data):\n    pass"),
        ("class ｍain(Task):\n    async def run(event, context):\n        pass", "def main(data):\n    pass"),
    ],
)
def test_nfkc_equal_names_are_one_name(first: str, second: str) -> None:
    assert ("FX103", 4 + first.count("\n")) in codes(f"{first}\n\n\n{second}\n")


def test_a_call_spelt_in_another_nfkc_form_names_the_same_task() -> None:
    source = f"class file(Task):\n{RUN}def main(data):\n    ﬁle()\n"
    project = fluxio_cst.parse(source)
    assert list(project.tasks) == ["file"]
    states = project.state_machines["main"].to_asl()["States"]
    assert [s["Resource"] for s in states.values() if s["Type"] == "Task"] == ["${LambdaFunctionfile}"]


# --- Warnings ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "service,warned", [("lambda", False), ("ecs:worker", False), ("ecs", True), ("codebuild", True)]
)
def test_a_result_of_a_service_that_returns_none_is_fx321(service: str, warned: bool) -> None:
    extra = '    spec = "pkg.mod:Worker"\n' if service == "ecs:worker" else ""
    memory = "    memory = 4096\n" if service.startswith("ecs") else ""
    prefix = f'class Step(Task):\n    service = "{service}"\n{extra}{memory}{RUN}'
    found = codes(main('data["r"] = Step()', prefix))
    assert found == ([("FX321", len(prefix.splitlines()) + 2)] if warned else [])


def test_a_positional_input_to_codebuild_is_fx322() -> None:
    prefix = f'class Build(Task):\n    service = "codebuild"\n{RUN}'
    assert codes(main('Build(data["x"])', prefix)) == [("FX322", 8)]
    assert codes(main('Build(env={"X": data["x"]})', prefix)) == []


@pytest.mark.parametrize("first,warned", [("self", True), ("cls", True), ("event", False)])
def test_run_taking_self_is_fx217(first: str, warned: bool) -> None:
    parameters = f"{first}, event, context" if first != "event" else "event, context"
    prefix = f"class Step(Task):\n    async def run({parameters}):\n        pass\n\n\n"
    assert codes(main("Step()", prefix)) == ([("FX217", 2)] if warned else [])


@pytest.mark.parametrize(
    "name", ["map", "parallel", "wait", "retry", "schedule", "subscribe", "export", "process_events"]
)
def test_a_definition_named_like_the_dsl_is_fx111(name: str) -> None:
    found = codes(f"def {name}(data):\n    pass\n\n\ndef main(data):\n    pass\n")
    assert found[0] == ("FX111", 1)
    task = f"class {name}(Task):\n    async def run(event, context):\n        pass\n\n\n"
    assert codes(main("pass", task))[0] == ("FX111", 1)


GOOD_SCHEDULES = [
    "rate(1 minute)",
    "rate(5 minutes)",
    "rate(1 hour)",
    "rate(12 hours)",
    "rate(1 day)",
    "rate(7 days)",
    "cron(0 12 * * ? *)",
    "cron(0/15 8-17 ? * MON-FRI *)",
    "cron(0 8 1 * ? 2026)",
    "cron(0 18 ? * 6L *)",
    "cron(15 10 ? * 6#3 *)",
    "cron(0 10 L * ? *)",
    "cron(0 10 15W * ? *)",
    "cron(0 0 ? JAN,JUL SUN *)",
]
BAD_SCHEDULES = [
    "rate(1 minutes)",
    "rate(5 minute)",
    "rate(0 hours)",
    "rate(1 week)",
    "rate(1  hour)",
    "every hour",
    "cron(0 12 * * *)",
    "cron(0 12 * * * *)",
    "cron(0 12 ? * ? *)",
    "cron(60 12 * * ? *)",
    "cron(0 24 * * ? *)",
    "cron(0 0 32 * ? *)",
    "cron(0 0 ? 13 * *)",
    "cron(0 0 ? * 8 *)",
    "cron(0 0 * * ? 1969)",
    "cron(0/0 * * * ? *)",
]


@pytest.mark.parametrize("expression", GOOD_SCHEDULES + BAD_SCHEDULES)
def test_schedule_expressions_follow_eventbridge(expression: str) -> None:
    good = expression in GOOD_SCHEDULES
    assert (schedule_problem(expression) is None) == good
    source = f"@schedule(expression={expression!r})\ndef main(data):\n    pass\n"
    assert codes(source) == ([] if good else [("FX112", 1)])


@pytest.mark.parametrize("explicit", [True, False])
def test_a_key_numbered_past_80_characters_is_fx157_at_the_call(explicit: bool) -> None:
    name = "T" * 47  # a generated key of exactly 80 characters
    key = ', key="' + "k" * 80 + '"' if explicit else ""
    source = f"class {name}(Task):\n{RUN}def each(data):\n    {name}(data{key})\n\n\n"
    alone = fluxio_cst.parse(source + "\ndef main(data):\n    each(data)\n")
    assert alone.state_machines["each"].to_asl()  # alone, the name is not numbered
    with pytest.raises(fluxio_cst.FluxioError) as info:  # raised by parse, never by to_asl
        fluxio_cst.parse(main('map(data["a"], each, key="one")\nmap(data["b"], each, key="two")', source))
    [diagnostic] = info.value.diagnostics
    assert (diagnostic.code, diagnostic.line) == ("FX157", 7)
    assert ("shorten its `key=`" if explicit else "pass a shorter `key=`") in diagnostic.message


# --- No value of any option is an internal error ---------------------------------------------

ODD_VALUES = [
    *("0", "-1", "1", "99999999", "100000000", "1" + "0" * 400, "1e999", "-1e999", "1.5", "0.5"),
    *("True", "None", '""', '"x"', '"\\n"', '"\\u2028"', '"k" * 3', '"' + "k" * 81 + '"', '"é" * 9'),
    *("[]", "()", "[KeyError]", "{}", "data", 'data["a"]', "data[0]", 'data["a\\nb"]'),
    '"2026-01-01T00:00:00Z"',
]
ODD_PLACES = [
    *(f"Step({k}=V)" for k in ("key", "timeout", "env", "build_arg_vars")),
    *(f"child({k}=V)" for k in ("key", "timeout")),
    *(f'map(data["a"], child, {k}=V)' for k in ("key", "max_concurrency")),
    *("parallel(child, key=V)", "wait(seconds=V)", "wait(timestamp=V)", "wait(seconds=1, key=V)"),
    *(
        f"with retry({k}=V):\n    Step()"
        for k in ("on_exceptions", "interval", "max_attempts", "backoff_rate")
    ),
    *("data[V] = 1", "Step(V)", 'data["r"] = V', 'data.update({"a": V})'),
    "try:\n    Step()\nexcept V:\n    pass",
    "@schedule(expression=V)",
    "@subscribe(project=V)",
    "@export(enabled=V)",
]


@pytest.mark.parametrize("place", ODD_PLACES)
def test_no_option_value_is_an_internal_error(place: str) -> None:
    for value in ODD_VALUES:
        written = place.replace("V", value)
        if written.startswith("@"):
            source = TASK + f"def child(data):\n    pass\n\n\n{written}\ndef main(data):\n    Step()\n"
        else:
            source = main(written, TASK + "def child(data):\n    pass\n\n\n")
        found = {code for code, _ in codes(source)}
        assert "FX901" not in found, written


def test_attribute_and_keyword_names_are_read_nfkc_normalised() -> None:
    source = f'class Step(Task):\n    ｔimeout = 42\n{RUN}def main(data):\n    Step(ｋey="Run it")\n'
    project = fluxio_cst.parse(source)
    assert project.warnings == ()
    states = project.state_machines["main"].to_asl()["States"]
    assert states["Run it"]["TimeoutSeconds"] == 42


@pytest.mark.parametrize("number", ["1" + "0" * 400, "-1" + "0" * 400, "1" + "0" * 309])
def test_a_choice_number_beyond_a_double_is_fx404(number: str) -> None:
    """Step Functions reads rule numbers as doubles: asl-validator rejects larger ones."""
    assert codes(main(f"if data['n'] > {number}:\n    Step()")) == [("FX404", 7)]


@pytest.mark.parametrize("raised", ["\ufb01le", "\ufb01le()", "\ufb01le('why')"])
def test_a_raised_error_name_is_read_nfkc_normalised(raised: str) -> None:
    """Python reads ``ﬁle`` as ``file``: so does the Fail state's Error."""
    states = fluxio_cst.parse(main(f"raise {raised}")).state_machines["main"].to_asl()["States"]
    (fail,) = states.values()
    assert fail["Error"] == "file"


# --- run methods CPython's compiler rejects ------------------------------------------------------

UNCOMPILABLE = [
    ("from os import *", "import * only allowed at module level"),
    ("from __future__ import annotations", "from __future__ imports must occur at the beginning"),
    ("class C:\n            return 1", "'return' outside function"),
    ("break", "'break' outside loop"),
    ("continue", "'continue' not properly in loop"),
    ("nonlocal zz", "no binding for nonlocal 'zz' found"),
    ("x = 1\n        global x", "assigned to before global declaration"),
    ("def g(a, a):\n            pass", "duplicate argument 'a'"),
    ("return 1\n        yield 2", "'return' with value in async generator"),
    ("yield from event", "'yield from' inside async function"),
    ("def h():\n            await event", "'await' outside async function"),
]


@pytest.mark.parametrize("body,why", UNCOMPILABLE)
def test_a_run_method_python_cannot_compile_is_fx001(body: str, why: str) -> None:
    """``ast.parse`` accepts these; the extracted module would raise SyntaxError on import."""
    source = main("Step()", f"class Step(Task):\n    async def run(event, context):\n        {body}\n\n\n")
    with pytest.raises(fluxio_cst.FluxioError) as info:
        fluxio_cst.parse(source)
    (found,) = info.value.diagnostics
    # Within the method: at the statement (Python 3.9 reports `import *` at the `def`).
    assert found.code == "FX001" and why in found.message and found.line in (2, 3, 4)


@pytest.mark.parametrize(
    "errors,warned",
    [
        ("Exception", True),
        ("BaseException", True),
        ("LookupError", True),
        ("(KeyError, OSError)", True),
        ("KeyError", False),
        ("States.ALL", False),
        ("ValueError", False),
        ("States.TaskFailed", False),
    ],
)
def test_a_python_base_exception_name_is_fx508(errors: str, warned: bool) -> None:
    """Python catches subclasses; Step Functions matches names exactly: a warning, in handlers
    and in retry lists alike."""
    handler = main(f"try:\n    Step()\nexcept {errors}:\n    Step()")
    listed = errors.strip("()") if errors.startswith("(") else errors
    retry = main(f"with retry(on_exceptions=[{listed}]):\n    Step()")
    for source in (handler, retry):
        assert ("FX508" in [c for c, _ in codes(source)]) is warned
