"""Write ``docs/dsl.md``, the DSL construct reference, from the examples beside each construct.

Run ``python -m tests.dsl_doc`` after changing a construct module's docstring or examples;
``tests/test_dsl_examples.py`` fails while the file is stale (``--check`` only reports it).

The construct modules are the modules under :mod:`fluxio_cst.dsl` that define ``TITLE`` (the
protocol of :mod:`fluxio_cst.dsl.examples`), found by walking the package, in that order. Each
gets its title, its docstring, the keywords its calls take (from its option schemas: what
values, the default), its valid programs with the ASL each compiles to and its
Mermaid diagram, and each invalid program with what
``fluxio-cst check`` prints for it and its fix: all computed by the compiler, so the reference
cannot drift from what users see.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import fluxio_cst
import fluxio_cst.dsl
from fluxio_cst.diagram import machines_to_mermaid
from fluxio_cst.dsl.choice.family import Condition
from fluxio_cst.dsl.examples import Invalid, Valid
from fluxio_cst.options import Option
from tests.diagnostics_doc import check_source, fence
from tests.doc_files import ROOT, write_or_check
from tests.sfn_harness import iter_states

DOC = ROOT / "docs" / "dsl.md"
EXAMPLE_PATH = "example.py"  # the name diagnostics show for an example's file


# The order a reader meets the constructs in; a module not listed comes last, by name.
READING_ORDER = (
    "task_call",
    "nested_call",
    "pass_values",
    "wait",
    "map",
    "parallel",
    "return_raise",
    "if_choice",
    "choice",
    "choice.comparisons",
    "choice.timestamps",
    "choice.paths",
    "choice.presence",
    "choice.type_tests",
    "choice.wildcards",
    "choice.boolean",
    "choice.truthiness",
    "try_except",
    "retry",
    "statements",
    "pragma",
    "unsupported",
)


def construct_modules() -> List[ModuleType]:
    """Every construct module of :mod:`fluxio_cst.dsl`, in reading order."""
    found = []
    for info in pkgutil.walk_packages(fluxio_cst.dsl.__path__, f"{fluxio_cst.dsl.__name__}."):
        module = importlib.import_module(info.name)
        if hasattr(module, "TITLE"):
            found.append(module)
    rank = {name: index for index, name in enumerate(READING_ORDER)}
    return sorted(found, key=lambda m: (rank.get(short_name(m), len(rank)), m.__name__))


def short_name(module: ModuleType) -> str:
    """``fluxio_cst.dsl.choice.comparisons`` → ``choice.comparisons``."""
    return module.__name__[len(fluxio_cst.dsl.__name__) + 1 :]


_ROLE = re.compile(r":[a-z]+:`~?([^`]+)`")


def markdown(docstring: Optional[str]) -> str:
    """A module docstring as Markdown: its Sphinx roles (``:mod:`x```) as code."""
    return _ROLE.sub(r"`\1`", inspect.cleandoc(docstring or ""))


def only_choice(asl: Mapping[str, Any]) -> Tuple[str, Dict[str, Any]]:
    """The name and state of the one Choice state of a Choice example's machine."""
    (found,) = [(name, state) for name, state in iter_states(asl["States"]) if state["Type"] == "Choice"]
    return found


def _inputs(example: Valid) -> List[str]:
    """For a Choice example: its rules as compiled, and the inputs it is run with."""
    if not isinstance(example, Condition):
        return []
    (machine,) = fluxio_cst.parse(example.text).state_machines.values()
    rules = only_choice(machine.to_asl())[1]["Choices"]
    compiled = json.dumps([{k: v for k, v in r.items() if k != "Next"} for r in rules], ensure_ascii=False)
    shown = [json.dumps(dict(value), ensure_ascii=False) for value in (example.true, example.false)]
    return [
        "",
        "Its rules (each with a `Next`):",
        "",
        fence(compiled, "json"),
        "",
        f"Takes the first branch for `{shown[0]}`, no branch for `{shown[1]}`.",
    ]


def _heading(label: str, title: str, code: str = "") -> str:
    return f"### {label}" + (f" (`{code}`)" if code else "") + (f": {title}" if title else "")


def compiled(example: Valid) -> List[str]:
    """The ASL a valid example compiles to (every machine of it, by name) and its diagram."""
    project = fluxio_cst.parse(example.text, path=EXAMPLE_PATH)
    machines = {name: machine.to_asl() for name, machine in project.state_machines.items()}
    return [
        "",
        "It compiles to (`fluxio-cst compile --all`):",
        "",
        fence(json.dumps(machines, indent=2, ensure_ascii=False), "json"),
        "",
        "Drawn (`fluxio-cst graph`):",
        "",
        fence(machines_to_mermaid(machines).rstrip("\n"), "mermaid"),
    ]


def valid_section(index: int, example: Valid) -> List[str]:
    heading = _heading(f"Valid {index}", example.title)
    return [heading, "", fence(example.text.rstrip("\n"), "python"), *compiled(example), *_inputs(example)]


def invalid_section(index: int, example: Invalid) -> List[str]:
    heading = _heading(f"Invalid {index}", example.title, example.code.value)
    said = check_source(example.text, EXAMPLE_PATH).text
    parts = [heading, "", fence(example.text.rstrip("\n"), "python"), "", "`fluxio-cst check` says:", ""]
    parts.append(fence(said, "text"))
    if example.fixed_text is not None:
        parts += ["", "Fixed:", "", fence(example.fixed_text.rstrip("\n"), "python")]
    return parts


def schema(module: ModuleType) -> Dict[str, Option]:
    """The keywords a construct module reads its calls with: every ``{keyword: Option}`` schema
    of the module merged (a schema may include another, such as the services' call options)."""
    merged: Dict[str, Option] = {}
    for value in vars(module).values():
        if isinstance(value, dict) and value and all(isinstance(o, Option) for o in value.values()):
            merged.update(value)
    return merged


def _limit(option: Option) -> str:
    """Step Functions' largest value, when it is one a program could reach."""
    if option.maximum is None or option.maximum > 1e15:
        return ""
    return f" (at most {int(option.maximum):,})"


def options_table(module: ModuleType) -> List[str]:
    """Each keyword the construct takes: what values, its default, whether it is required."""
    rows = []
    for keyword, option in schema(module).items():
        default = (
            "required" if option.required else "—" if option.default is None else f"`{option.default!r}`"
        )
        rows.append(f"| `{keyword}=` | {option.describe()}{_limit(option)} | {default} |")
    if not rows:
        return []
    return ["", "Keywords:", "", "| keyword | takes | default |", "|---|---|---|", *rows]


def module_section(module: ModuleType) -> str:
    source = Path(inspect.getfile(module)).relative_to(ROOT).as_posix()
    parts = [f"## {module.TITLE}", "", f"`{source}`", ""]
    parts += [markdown(module.__doc__), *options_table(module)]
    for index, valid in enumerate(module.VALID, 1):
        parts += ["", *valid_section(index, valid)]
    for index, invalid in enumerate(module.INVALID, 1):
        parts += ["", *invalid_section(index, invalid)]
    return "\n".join(parts)


def document() -> str:
    """The whole of ``docs/dsl.md``."""
    modules = construct_modules()
    parts = [
        "# The Fluxio DSL, construct by construct",
        "",
        "<!-- generated by `python -m tests.dsl_doc` from the examples in fluxio_cst/dsl/: do not edit -->",
        "",
        "Each construct below is one module of `fluxio_cst/dsl/`, which reads it and carries these "
        "examples: every valid program compiles without a diagnostic (shown with the ASL it "
        "compiles to and its diagram), every invalid one gets exactly "
        "the diagnostic shown (as `fluxio-cst check` prints it), and its fix compiles. "
        "`tests/test_dsl_examples.py` runs them all; the examples of Choice rules also run on an "
        "ASL interpreter with the inputs given.",
        "",
        *(f"- {module.TITLE}" for module in modules),
    ]
    parts += ["", *("\n\n".join(module_section(module) for module in modules).split("\n"))]
    return "\n".join(parts) + "\n"


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Rewrite docs/dsl.md (or with ``--check`` only report whether it is current)."""
    return write_or_check(DOC, document(), "tests.dsl_doc", argv)


if __name__ == "__main__":
    sys.exit(main())
