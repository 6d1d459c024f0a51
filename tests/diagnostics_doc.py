"""Write ``docs/diagnostics.md``, the diagnostics catalogue, from the bad inputs of ``fixtures/errors/``.

Run ``python -m tests.diagnostics_doc`` after changing a diagnostic, a fixture or a meaning in
``fluxio_cst/meanings.py``; ``tests/test_diagnostics.py`` fails while the page is stale
(``--check`` only reports it).

Each code is documented by the bad file that has a fixed version in ``fixtures/errors/fixed/``:
its relevant lines (the whole file when short), what ``fluxio-cst check`` says about it, and the
same lines of the fixed file. Everything shown is computed from the files by the compiler
itself, so the documentation cannot drift from what users see.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Sequence, Set, Tuple, Union

import fluxio_cst
from fluxio_cst.codes import Code
from fluxio_cst.diagnostics import Diagnostic, Severity
from fluxio_cst.meanings import MEANINGS
from tests.doc_files import ROOT, write_or_check

ERRORS = ROOT / "fixtures" / "errors"
FIXED = ERRORS / "fixed"
DOC = ROOT / "docs" / "diagnostics.md"

SHORT = 16  # a file of at most this many lines is shown whole
WIDE = 120  # longer source lines are cut (with "…") in code blocks and caret renderings

# The families of ``fluxio_cst/codes.py``: (what they are about, first and last number).
FAMILIES: Tuple[Tuple[str, int, int], ...] = (
    ("the file itself: encoding, syntax, nesting, what LibCST reproduces", 1, 99),
    ("module level and decorators", 100, 149),
    ("options of DSL calls and decorators: keywords and positional arguments", 150, 199),
    ("Task and EventProcessor classes", 200, 299),
    ("state machine statements", 300, 399),
    ("Choice rules (`if` conditions)", 400, 499),
    ("`try`/`except` and `with retry()`", 500, 599),
    ("internal errors: bugs of fluxio_cst", 900, 999),
)


# Codes no file's text produces, and what the page says instead of a bad example.
WITHOUT_BAD_FILE: Dict[Code, str] = {
    Code.UNREADABLE: (
        "There is no bad file for it: it is about a path. `fluxio-cst check` reports each path it "
        "cannot read (missing, not permitted, a FIFO or a device: only regular files are read) as "
        "`path:1:1: error[FX006]: cannot read: …`, goes on with the other paths and exits with "
        "status 2. `compile`, `extract` and `graph` print the same reason on one line "
        "(`fluxio-cst: error: path: cannot read: …`) and exit with status 2."
    ),
    Code.INTERNAL: (
        "There is no bad file for it: a file that produces it has found a bug of fluxio_cst, "
        "to be reported with the file. Every machine is emitted and checked by the built-in "
        "ASL validator while the file is parsed, so `parse` (and `check`, `compile`, `graph`) "
        "reports `error[FX901]: internal error: …` rather than return ASL that the validator "
        "rejects; `StateMachine.to_asl()` never raises."
    ),
}


def family(code: str) -> str:
    """The family a code belongs to (what its codes are about)."""
    number = int(code[2:])
    return next(about for about, low, high in FAMILIES if low <= number <= high)


@dataclass(frozen=True)
class Outcome:
    """What the compiler says about one file, as ``fluxio-cst check`` prints it."""

    diagnostics: Tuple[Diagnostic, ...]
    text: str  # the text output of ``check`` for this file (without the summary line)


def display_path(path: Path) -> str:
    """The path as the page shows it: relative to the repository, with forward slashes."""
    return path.relative_to(ROOT).as_posix()


def check(path: Path) -> Outcome:
    """Compile ``path`` under its repository-relative name, as ``fluxio-cst check`` reports it."""
    return check_source(path.read_bytes(), display_path(path))


def check_source(source: Union[str, bytes], path: str) -> Outcome:
    """Compile a project file's text named ``path``, as ``fluxio-cst check`` reports it."""
    try:
        project = fluxio_cst.parse(source, path=path)
    except fluxio_cst.FluxioError as exc:
        return Outcome(exc.diagnostics, exc.render())
    return Outcome(project.warnings, "\n".join(d.headline() for d in project.warnings))


def examples() -> Dict[str, str]:
    """Code → stem of the bad file that documents it (the one with a fixed version)."""
    found: Dict[str, str] = {}
    for path in sorted(FIXED.glob("*.py")):
        found.setdefault(path.stem.split("_", 1)[0], path.stem)
    return found


def source_lines(path: Path) -> List[str]:
    """The file's lines without line ends; undecodable bytes are shown as U+FFFD."""
    data = path.read_bytes()
    return data.decode("utf-8", "replace").splitlines()


_DEF = re.compile(r"(?:async\s+)?(def|class)\s+(\w+)")


@dataclass(frozen=True)
class Block:
    """A top-level statement of a file: lines ``first`` to ``last`` (1-based, inclusive)."""

    first: int
    last: int
    key: str  # "def main", "class Fetch", or the first line of any other statement


def blocks(lines: Sequence[str]) -> List[Block]:
    """The top-level statements, found from the text alone (a bad file need not parse).

    A statement starts on a line that begins at column 0 with neither whitespace, a comment, a
    closing bracket nor a backslash; decorators belong to the ``def``/``class`` below them.
    Trailing blank lines are not part of a statement.
    """
    starts: List[Tuple[int, str]] = []
    decorating = False
    for number, line in enumerate(lines, 1):
        if not line or line[0] in " \t\f#)]}\\":
            continue
        match = _DEF.match(line)
        key = f"{match.group(1)} {match.group(2)}" if match else line.strip()
        if decorating and match:
            starts[-1] = (starts[-1][0], key)
        elif not (decorating and line.startswith("@")):
            starts.append((number, key))
        decorating = line.startswith("@") or (decorating and not match)
    result = []
    for index, (first, key) in enumerate(starts):
        last = starts[index + 1][0] - 1 if index + 1 < len(starts) else len(lines)
        while last > first and not lines[last - 1].strip():
            last -= 1
        result.append(Block(first, last, key))
    return result


def _cut(line: str) -> str:
    return line if len(line) <= WIDE else line[: WIDE - 2] + " …"


def excerpt(lines: Sequence[str], shown: Sequence[Block]) -> str:
    """The given blocks of a file with the lines between adjacent ones, ``# …`` standing for the
    statements left out."""
    every = blocks(lines)
    runs: List[List[Block]] = []
    for block in shown:
        if runs and every.index(block) == every.index(runs[-1][-1]) + 1:
            runs[-1].append(block)
        else:
            runs.append([block])
    parts: List[str] = []
    for run in runs:
        if parts or every.index(run[0]) > 0:
            parts += ["# …", ""] if not parts else ["", "# …", ""]
        parts.extend(_cut(line) for line in lines[run[0].first - 1 : run[-1].last])
    return "\n".join(parts)


def whole(lines: Sequence[str]) -> str:
    return "\n".join(_cut(line) for line in lines).rstrip("\n")


def bad_excerpt(lines: Sequence[str], diagnostics: Sequence[Diagnostic]) -> str:
    """The whole bad file when short, else the statements its diagnostics are about."""
    shown = [b for b in blocks(lines) if any(b.first <= d.end_line and d.line <= b.last for d in diagnostics)]
    return whole(lines) if len(lines) <= SHORT or not shown else excerpt(lines, shown)


def fixed_excerpt(lines: Sequence[str], bad_lines: Sequence[str]) -> str:
    """The statements of the fixed file that the fix changed or added (docstrings aside); the
    whole file when the fix only deleted statements."""

    def text(source: Sequence[str], block: Block) -> str:
        return "\n".join(source[block.first - 1 : block.last])

    before = {b.key: text(bad_lines, b) for b in blocks(bad_lines)}
    changed = [
        b for b in blocks(lines) if not b.key.startswith('"""') and before.get(b.key) != text(lines, b)
    ]
    return excerpt(lines, changed) if changed else whole(lines)


def _narrow(text: str) -> str:
    """Cut a long source line and its caret line to the same window, so the caret still points."""
    out = text.split("\n")
    for index in range(len(out) - 1):
        source, caret = out[index], out[index + 1]
        if len(source) <= WIDE or not caret.strip() or set(caret.strip()) != {"^"}:
            continue
        column = len(caret) - len(caret.lstrip())
        begin = max(4, column - WIDE // 2)
        end = begin + WIDE - 8
        mark = "…" if begin > 4 else ""
        tail = " …" if end < len(source) else ""
        out[index] = "    " + mark + source[begin:end] + tail
        out[index + 1] = "    " + " " * len(mark) + caret[begin:end].rstrip()
    return "\n".join(out)


def fence(text: str, language: str = "") -> str:
    """A fenced code block; an empty text is shown as a comment."""
    body = text if text.strip() else "# (an empty file)"
    return f"```{language}\n{body}\n```"


def code_section(code: Code, stem: Optional[str], others: Sequence[str]) -> str:
    """``## FXnnn``: meaning, bad lines, the diagnostics, fixed lines."""
    parts = [f"## {code.value}", ""]
    if stem is None:
        parts += [f"**error** (`{code.name}`): {MEANINGS[code]}", "", WITHOUT_BAD_FILE[code]]
        return "\n".join(parts)
    bad, fixed = ERRORS / f"{stem}.py", FIXED / f"{stem}.py"
    outcome = check(bad)
    own = [d for d in outcome.diagnostics if d.code == code.value]
    severity = own[0].severity.value if own else Severity.ERROR.value
    bad_lines, fixed_lines = source_lines(bad), source_lines(fixed)
    parts += [
        f"**{severity}** (`{code.name}`): {MEANINGS[code]}",
        "",
        f"Bad (`{display_path(bad)}`):",
        "",
        fence(bad_excerpt(bad_lines, outcome.diagnostics), "python"),
        "",
        "`fluxio-cst check` says:",
        "",
        fence(_narrow(outcome.text), "text"),
        "",
        f"Fixed (`{display_path(fixed)}`):",
        "",
        fence(fixed_excerpt(fixed_lines, bad_lines), "python"),
    ]
    if others:
        listed = ", ".join(f"`{name}.py`" for name in others)
        parts += ["", f"More bad files for {code.value} in `fixtures/errors/`: {listed}."]
    return "\n".join(parts)


def intro() -> str:
    """How diagnostics look, where they go, and the families of codes."""
    sample = ERRORS / "FX303_task_typo.py"
    outcome = check(sample)
    as_json = json.dumps([d.as_json() for d in outcome.diagnostics], indent=2, ensure_ascii=False)
    warnings = ", ".join(
        f"`{code.value}`" for code in Code if code.value in _warning_codes() and code is not Code.INTERNAL
    )
    families = []
    for about, _, _ in FAMILIES:
        members = [c.value for c in Code if family(c.value) == about]
        families.append(f"| `{members[0]}`–`{members[-1]}` | {len(members)} | {about} |")
    return "\n".join(
        [
            "Every problem `fluxio_cst` finds in a project file is a diagnostic with a stable code "
            "(`FXnnn`: a code keeps its meaning forever), a severity, a message and a position. "
            "All the diagnostics of a file are reported in one run, in file order. The text form is "
            "one line each, position first, like pyflakes or ruff (`line` and `col` are 1-based):",
            "",
            "```text",
            "path:line:col: severity[code]: message",
            "```",
            "",
            "Errors are followed by the source line and a caret under the part the message is "
            f"about; this is `fluxio-cst check {display_path(sample)}`:",
            "",
            fence(_narrow(outcome.text), "text"),
            "",
            "`fluxio-cst check FILE... --format json` prints every diagnostic of every file as one "
            "JSON list instead, for editors and CI annotations (`column` and `end_column` are "
            "1-based there too, the end exclusive):",
            "",
            fence(as_json, "json"),
            "",
            "- **Errors** stop compilation: `fluxio_cst.parse`/`parse_file` raise `FluxioError`, "
            "whose `diagnostics` hold every error *and* warning of the file (a `Diagnostic`: `code`, "
            "`severity`, `message`, `path`, `line`, `column`, `end_line`, `end_column`; lines 1-based, "
            "columns 0-based as in LibCST; `as_json()` shows columns 1-based). The commands exit "
            "with status 1.",
            f"- **Warnings** do not: the file compiles and they are in `Project.warnings` ({warnings}). "
            "`check` prints them and exits with status 0 when no file has an error.",
            "",
            "| codes | count | family |",
            "|---|---|---|",
            *families,
            "",
            "Below, each code with one sentence on what it means, a bad file of `fixtures/errors/` "
            "(whole when short, else the statements that matter; `# …` stands for the rest), what "
            "`check` says about it, and what the fixed file of `fixtures/errors/fixed/` changes. "
            "This page is generated by "
            "`python -m tests.diagnostics_doc` and checked by `tests/test_diagnostics.py`, which "
            "also holds every bad file to its exact expected diagnostics "
            "(`fixtures/errors/<name>.diagnostics.json`).",
        ]
    )


@functools.cache
def _warning_codes() -> FrozenSet[str]:
    found: Set[str] = set()
    for stem in examples().values():
        found.update(
            d.code for d in check(ERRORS / f"{stem}.py").diagnostics if d.severity is Severity.WARNING
        )
    return frozenset(found)


def document() -> str:
    """The whole of ``docs/diagnostics.md``."""
    chosen = examples()
    stems = sorted(p.stem for p in ERRORS.glob("*.py"))
    parts = [
        "# Diagnostics",
        "",
        "<!-- generated by `python -m tests.diagnostics_doc` from fixtures/errors/: do not edit -->",
        "",
        intro(),
    ]
    for code in Code:
        stem = chosen.get(code.value)
        others = [s for s in stems if s.split("_", 1)[0] == code.value and s != stem]
        parts += ["", code_section(code, stem, others)]
    return "\n".join(parts) + "\n"


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Rewrite docs/diagnostics.md (or with ``--check`` only report whether it is current)."""
    return write_or_check(DOC, document(), "tests.diagnostics_doc", argv)


if __name__ == "__main__":
    sys.exit(main())
