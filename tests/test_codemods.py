"""Each codemod on small files, before and after as exact text, with LibCST's own ``CodemodTest``.

The hashes in the expected text are the states' names before the edit (contract §C); each
pin-keys case also checks that against the compiled input, so a wrong name cannot hide in an
expected string. Refusals are located diagnostics, and the file is left as it was.
"""

from __future__ import annotations

from textwrap import dedent
from typing import Any, Dict, List

import pytest
from libcst.codemod import CodemodTest

import fluxio_cst
from fluxio_cst import FluxioError
from fluxio_cst.codemods import (
    COMMANDS,
    PinKeys,
    RemoveAttribute,
    RenameTask,
    SetAttribute,
    SetTimeout,
    pin_keys,
    remove_attribute,
    rename_task,
    run,
    set_attribute,
    set_timeout,
)

FETCH = """
class Fetch(Task):
    timeout = 60
    async def run(event, context):
        return {"ok": True}


def each(data):
    Fetch(data)
"""


def names(source: str) -> List[str]:
    """Every state name of every machine, nested ones included."""
    found: List[str] = []

    def walk(machine: Dict[str, Any]) -> None:
        for name, state in machine["States"].items():
            found.append(name)
            for nested in [state["Iterator"]] if "Iterator" in state else state.get("Branches", []):
                walk(nested)

    for machine in fluxio_cst.parse(source).state_machines.values():
        walk(machine.to_asl())
    return found


class TestPinKeys(CodemodTest):
    TRANSFORM = PinKeys
    maxDiff = None

    def check(self, before: str, after: str, warnings: List[str]) -> None:
        self.assertCodemod(before, after, expected_warnings=warnings)
        fixture = CodemodTest.make_fixture_data(after)
        assert names(fixture) == names(CodemodTest.make_fixture_data(before))
        assert pin_keys(fixture) == fixture  # a second run changes nothing

    def test_each_statement_kind_on_one_line(self) -> None:
        before = FETCH + dedent("""

        def main(data):
            data["order"] = Fetch(data["id"])
            data["flag"] = True  # set early
            if data["order"]["total"] > 100:  # big
                wait(seconds=5)
            else:
                raise Refused("too small")
        """)
        after = FETCH.replace(
            "Fetch(data)", 'Fetch(data, key="Fetch-6bd453ff1487efce00b1d7cc9e1e6e8a")'
        ) + dedent("""

        def main(data):
            data["order"] = Fetch(data["id"], key="Fetch-7e130890a8cc5ca869ab2b517a7b7c24")
            data["flag"] = True  # fluxio: key="Pass-ecc50ab47613c386c32da826a757ee41"  # set early
            if data["order"]["total"] > 100:  # fluxio: key="Choice-745fea11c5969536eadadccaff2f2ddf"  # big
                wait(seconds=5, key="Wait-e5c56e31dc75e3ab40a0bde48a809a45")
            else:
                raise Refused("too small")  # fluxio: key="Fail-e29b94af19fc4073b111e3bda1356ca6"
        """)
        self.check(before, after, [])

    def test_calls_over_lines_keep_their_layout(self) -> None:
        before = FETCH + dedent("""

        def main(data):
            data["order"] = Fetch(
                data["id"],
            )
            data["order"] = Fetch(  # again
                data["id"]
            )
            data.update({
                "a": 1,
            })
            parallel(
                each,  # one
                each
            )
        """)
        after = FETCH.replace(
            "Fetch(data)", 'Fetch(data, key="Fetch-6bd453ff1487efce00b1d7cc9e1e6e8a")'
        ) + dedent("""

        def main(data):
            data["order"] = Fetch(
                data["id"],
                key="Fetch-7e130890a8cc5ca869ab2b517a7b7c24",
            )
            data["order"] = Fetch(  # again
                data["id"],
                key="Fetch-7e130890a8cc5ca869ab2b517a7b7c24-2"
            )
            data.update({  # fluxio: key="Pass-ece0d2f4129f83ee26eafec37298ab1c"
                "a": 1,
            })
            parallel(
                each,  # one
                each,
                key="Parallel-96b51c98f8df24be6525219cc37d6c1d"
            )
        """)
        self.check(before, after, [])

    def test_a_first_line_that_cannot_hold_a_comment_is_said(self) -> None:
        before = FETCH + dedent('''

        def main(data):
            data["text"] = """two
        lines"""
            data["more"] = \\
                "continued"
        ''')
        after = FETCH.replace(
            "Fetch(data)", 'Fetch(data, key="Fetch-6bd453ff1487efce00b1d7cc9e1e6e8a")'
        ) + dedent('''

        def main(data):
            data["text"] = """two
        lines"""
            data["more"] = \\
                "continued"
        ''')
        why = "its first line ends in a backslash or a string, where no pragma can go"
        self.check(
            before,
            after,
            [
                f"line 12: the state `Pass-5f1dc33bc24e01d05b281f4a1b8e9976` keeps its generated name: {why}",
                f"line 14: the state `Pass-6f5fde891aaeb1014f249b7f5a46ffe1` keeps its generated name: {why}",
            ],
        )

    def test_identical_terminal_statements_keep_sharing_their_state(self) -> None:
        before = FETCH + dedent("""

        def main(data):
            if data["a"] == 1:
                return
            elif data["a"] == 2:
                return
        """)
        after = FETCH.replace(
            "Fetch(data)", 'Fetch(data, key="Fetch-6bd453ff1487efce00b1d7cc9e1e6e8a")'
        ) + dedent("""

        def main(data):
            if data["a"] == 1:  # fluxio: key="Choice-9319548059c176d88d7788106cdf1b6c"
                return  # fluxio: key="Succeed-d1d0f861f06db686c59bfded9f95b5c4"
            elif data["a"] == 2:
                return
        """)
        self.check(before, after, [])

    def test_pinned_file_is_unchanged(self) -> None:
        source = FETCH.replace("Fetch(data)", 'Fetch(data, key="F")') + "\n\ndef main(data):\n    return\n"
        pinned = pin_keys(source)
        assert pin_keys(pinned) == pinned


def test_after_pinning_editing_a_statement_renames_no_state() -> None:
    source = CodemodTest.make_fixture_data(
        FETCH
        + dedent("""

        def main(data):
            data["order"] = Fetch(data["id"])
            if data["order"]["total"] > 100:
                data["tier"] = "gold"
            else:
                return
        """)
    )
    pinned = pin_keys(source)
    edited = (
        pinned.replace('Fetch(data["id"]', 'Fetch(data["order_id"]')
        .replace("> 100", ">= 250")
        .replace('"gold"', '"platinum"')
    )
    assert edited != pinned
    assert names(edited) == names(source)
    unpinned = source.replace('Fetch(data["id"]', 'Fetch(data["order_id"]').replace("> 100", ">= 250")
    assert names(unpinned) != names(source)  # without the pins, the same edit renames states


def test_crlf_and_tabs_are_kept() -> None:
    source = (
        "class Fetch(Task):\r\n\tasync def run(event, context):\r\n\t\treturn 1\r\n\r\n\r\n"
        "def main(data):\r\n\tdata['x'] = Fetch(data)\r\n\tdata['y'] = 1\r\n"
    )
    assert pin_keys(source) == (
        "class Fetch(Task):\r\n\tasync def run(event, context):\r\n\t\treturn 1\r\n\r\n\r\n"
        "def main(data):\r\n\tdata['x'] = Fetch(data, key=\"Fetch-6bd453ff1487efce00b1d7cc9e1e6e8a\")\r\n"
        "\tdata['y'] = 1  # fluxio: key=\"Pass-d553bb74e2a5b81cd6a51604c78727ed\"\r\n"
    )
    assert pin_keys(source.encode()) == pin_keys(source).encode()


class TestRenameTask(CodemodTest):
    TRANSFORM = RenameTask
    maxDiff = None

    def test_class_and_calls_renamed_states_kept(self) -> None:
        before = FETCH + dedent("""

        def main(data):
            data["order"] = Fetch(data["id"])  # load
            if data["order"]["total"] > 100:
                Fetch(data, key="again")
        """)
        after = """
        class Load(Task):
            timeout = 60
            async def run(event, context):
                return {"ok": True}


        def each(data):
            Load(data, key="Fetch-6bd453ff1487efce00b1d7cc9e1e6e8a")


        def main(data):
            data["order"] = Load(data["id"], key="Fetch-7e130890a8cc5ca869ab2b517a7b7c24")  # load
            if data["order"]["total"] > 100:  # fluxio: key="Choice-b05e2b18e99f3d9d6d4612411a9bae86"
                Load(data, key="again")
        """
        self.assertCodemod(before, after, old="Fetch", new="Load")
        assert names(CodemodTest.make_fixture_data(after)) == names(CodemodTest.make_fixture_data(before))

    def test_no_pin_lets_names_follow(self) -> None:
        before = FETCH + "\n\ndef main(data):\n    Fetch(data)\n"
        after = FETCH.replace("Fetch", "Load") + "\n\ndef main(data):\n    Load(data)\n"
        self.assertCodemod(before, after, old="Fetch", new="Load", pin=False)

    def test_a_file_without_the_task_is_unchanged(self) -> None:
        source = FETCH + "\n\ndef main(data):\n    Fetch(data)\n"
        self.assertCodemod(source, source, old="Missing", new="Load")


def test_rename_onto_an_existing_name_fails_with_the_compilers_diagnostic() -> None:
    source = CodemodTest.make_fixture_data(FETCH + "\n\ndef main(data):\n    Fetch(data)\n")
    with pytest.raises(FluxioError) as caught:
        rename_task(source, "Fetch", "main")
    assert [d.code for d in caught.value.errors] == ["FX103"]


@pytest.mark.parametrize("name", ["1st", "class", "a-b", ""])
def test_rename_to_a_non_identifier_is_a_usage_error(name: str) -> None:
    with pytest.raises(ValueError, match="not a Python identifier"):
        rename_task(FETCH, "Fetch", name)


class TestSetAttribute(CodemodTest):
    TRANSFORM = SetAttribute
    maxDiff = None

    def test_an_existing_value_is_replaced_in_place(self) -> None:
        before = (
            FETCH.replace("timeout = 60", "timeout = 60  # a minute")
            + "\n\ndef main(data):\n    Fetch(data)\n"
        )
        after = (
            FETCH.replace("timeout = 60", "timeout = 120  # a minute")
            + "\n\ndef main(data):\n    Fetch(data)\n"
        )
        self.assertCodemod(before, after, task="Fetch", name="timeout", value="120")

    def test_a_new_attribute_goes_after_the_last_one(self) -> None:
        before = FETCH + "\n\ndef main(data):\n    Fetch(data)\n"
        after = FETCH.replace("timeout = 60\n", 'timeout = 60\n    service = "ecs"\n')
        after += "\n\ndef main(data):\n    Fetch(data)\n"
        self.assertCodemod(before, after, task="Fetch", name="service", value='"ecs"')


@pytest.mark.parametrize(
    ("name", "value", "code"),
    [("memory", '"big"', "FX202"), ("memroy", "512", "FX201"), ("concurrency", "1000", "FX207")],
)
def test_set_attribute_is_checked_by_the_compilers_rules(name: str, value: str, code: str) -> None:
    source = CodemodTest.make_fixture_data(FETCH + "\n\ndef main(data):\n    Fetch(data)\n")
    with pytest.raises(FluxioError) as caught:
        set_attribute(source, "Fetch", name, value)
    assert [d.code for d in caught.value.diagnostics] == [code]


def test_set_attribute_value_must_be_an_expression() -> None:
    with pytest.raises(ValueError, match="not a Python expression"):
        set_attribute(FETCH, "Fetch", "memory", "512 +")


class TestRemoveAttribute(CodemodTest):
    TRANSFORM = RemoveAttribute
    maxDiff = None

    def test_the_line_goes(self) -> None:
        before = FETCH.replace("timeout = 60", "timeout = 60  # a minute\n    cpu = 512")
        before += "\n\ndef main(data):\n    Fetch(data)\n"
        after = FETCH.replace("timeout = 60", "cpu = 512") + "\n\ndef main(data):\n    Fetch(data)\n"
        self.assertCodemod(before, after, task="Fetch", name="timeout")

    def test_one_of_two_on_a_line(self) -> None:
        before = (
            FETCH.replace("timeout = 60", "timeout = 60; cpu = 512")
            + "\n\ndef main(data):\n    Fetch(data)\n"
        )
        after = FETCH.replace("timeout = 60", "cpu = 512") + "\n\ndef main(data):\n    Fetch(data)\n"
        self.assertCodemod(before, after, task="Fetch", name="timeout")


def test_removing_a_required_attribute_fails() -> None:
    source = CodemodTest.make_fixture_data(
        """
        class Work(Task):
            service = "ecs:worker"
            spec = "pkg.mod:Worker"


        def main(data):
            Work(data)
        """
    )
    with pytest.raises(FluxioError) as caught:
        remove_attribute(source, "Work", "spec")
    assert [d.code for d in caught.value.errors] == ["FX212"]


class TestSetTimeout(CodemodTest):
    TRANSFORM = SetTimeout
    maxDiff = None

    def test_class_and_every_call(self) -> None:
        before = FETCH + dedent("""

        def main(data):
            Fetch(data, key="first", timeout=60)
            Fetch(data["again"], key="second")
        """)
        after = FETCH.replace("timeout = 60", "timeout = 900").replace(
            "Fetch(data)", 'Fetch(data, timeout=900, key="Fetch-6bd453ff1487efce00b1d7cc9e1e6e8a")'
        ) + dedent("""

        def main(data):
            Fetch(data, key="first", timeout=900)
            Fetch(data["again"], key="second", timeout=900)
        """)
        self.assertCodemod(before, after, task="Fetch", seconds="900")


def test_set_timeout_keeps_the_states_and_sets_their_timeout() -> None:
    source = CodemodTest.make_fixture_data(
        FETCH + "\n\ndef main(data):\n    if data['a'] == 1:\n        Fetch(data)\n"
    )
    result = set_timeout(source, "Fetch", 900)
    assert names(result) == names(source)
    states = fluxio_cst.parse(result).state_machines["main"].to_asl()["States"]
    assert [s["TimeoutSeconds"] for s in states.values() if s["Type"] == "Task"] == [900]


@pytest.mark.parametrize("seconds", ["0", "-5", "1.5", "soon"])
def test_set_timeout_takes_whole_seconds(seconds: str) -> None:
    with pytest.raises(ValueError, match="whole number of seconds"):
        run(SetTimeout, FETCH, task="Fetch", seconds=seconds)


def test_every_command_is_registered_by_its_name() -> None:
    assert set(COMMANDS) >= {"pin-keys", "rename-task", "set-attribute", "remove-attribute", "set-timeout"}
    for name, command in COMMANDS.items():
        assert name == command.NAME and command.DESCRIPTION


def test_a_file_that_does_not_compile_is_refused_unchanged() -> None:
    with pytest.raises(FluxioError) as caught:
        pin_keys("def main(data):\n    for x in data:\n        pass\n")
    assert caught.value.errors[0].code == "FX301"


def test_a_warning_the_value_brings_is_the_codemods_warning() -> None:
    source = CodemodTest.make_fixture_data(FETCH + "\n\ndef main(data):\n    Fetch(data)\n")
    result, warnings = run(SetAttribute, source, task="Fetch", name="memory", value="4096")
    assert "    memory = 4096\n" in result
    assert [w.split(": ", 1)[1] for w in warnings] == [
        "warning[FX211]: Lambda `memory` is usually one of 128, 512, 1024, 1536, 2048, 3008"
    ]
