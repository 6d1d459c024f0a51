"""What every fluxio codemod shares: recognise the codemod's own tree, edit nodes by identity,
prove the result compiles.

A command is a LibCST :class:`~libcst.codemod.VisitorBasedCodemodCommand`, so that
``python -m libcst.tool codemod`` runs it like any other codemod, and ``fluxio-cst codemod``
runs the same class. Each one works in three steps, the same for all:

1. **plan**: the tree LibCST hands over is compiled with :func:`~fluxio_cst.pipeline.compile_tree`
   (so the model's nodes are nodes of *this* tree) and the command says which nodes change and
   how (:meth:`FluxioCodemod.edit`), reading the model, never the text;
2. **edit**: one visit replaces exactly those nodes (``with_changes`` on the updated node), so
   every other byte of the file stays as it was;
3. **prove**: the result is rendered, parsed again and compiled; a result that does not compile
   fails the file (its diagnostics say why) and nothing is written. A command may check more
   (:meth:`FluxioCodemod.check`: ``pin-keys`` proves the ASL unchanged).

A file LibCST would not write back byte for byte is refused: an edit must change only the bytes
it means to.
"""

from __future__ import annotations

import argparse
from collections import Counter
from typing import Any, Callable, ClassVar, Dict, Optional, Tuple, TypeVar, Union, cast

import libcst as cst
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand

from ..codes import Code
from ..diagnostics import Diagnostic, FluxioError, Severity
from ..lines import lines_of
from ..model import Project
from ..pipeline import Compilation, compile_tree
from ..read.files import shown

Edited = Union[cst.CSTNode, cst.RemovalSentinel]
Change = Callable[[cst.CSTNode], Edited]  # the updated node → what replaces it
N = TypeVar("N", bound=cst.CSTNode)
Json = Dict[str, Any]
# Set in a context's scratch by a caller that parsed the file from its text (LibCST's codemod
# machinery hands a copy of that tree over): the tree then reads as itself without checking.
FROM_ITS_TEXT = "fluxio_cst.from_its_text"
_BUG = "The file is left as it is. This is a bug in fluxio_cst: please report it with this file."


class FluxioCodemod(VisitorBasedCodemodCommand):
    """A codemod over Fluxio project files; subclasses implement :meth:`plan`."""

    NAME: ClassVar[str]  # the command's name on ``fluxio-cst codemod``
    # Whether the file must compile before the edit (``fix`` edits files that do not).
    NEEDS_COMPILING: ClassVar[bool] = True
    # Set for the second plan of a file whose first the proof refused: a plan may then leave
    # out what it was not sure of (pinning numbered names).
    cautious = False

    def __init__(self, context: CodemodContext) -> None:
        super().__init__(context)
        self._changes: Dict[int, Change] = {}
        self.new_warnings: Tuple[Diagnostic, ...] = ()  # the result's, not the input's

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        """No arguments unless a command adds some."""

    @property
    def path(self) -> str:
        """The file's path as diagnostics show it."""
        return shown(self.context.filename) if self.context.filename else "<string>"

    def plan(self, tree: cst.Module, before: Compilation) -> None:
        """Say which nodes of ``tree`` change (:meth:`edit`); no call means no change."""
        raise NotImplementedError

    def check(self, before: Compilation, after: Project) -> None:
        """Raise :class:`FluxioError` when the compiled result is not what the command means."""

    def reworded(self, message: str) -> str:
        """A warning's message of the input as the edit words it (a rename renames it too)."""
        return message

    def edit(self, node: cst.CSTNode, change: Change) -> None:
        """Replace ``node`` (of the tree being planned) by ``change(updated node)``; edits of
        the same node compose in the order they were planned."""
        earlier = self._changes.get(id(node))
        if earlier is None:
            self._changes[id(node)] = change
            return

        def both(updated: cst.CSTNode) -> Edited:
            first = earlier(updated)
            return change(first) if isinstance(first, cst.CSTNode) else first

        self._changes[id(node)] = both

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        """Plan, edit, prove; a plan the proof refuses is made again, cautiously, once."""
        warned = len(self.context.warnings)
        try:
            return self._transform(tree)
        except Unfaithful:
            if self.cautious:
                raise
            del self.context.warnings[warned:]
            self.cautious = True
            return self._transform(tree)

    def _transform(self, tree: cst.Module) -> cst.Module:
        self._changes = {}
        before = compile_tree(tree, self.path, self.context.scratch.get(FROM_ITS_TEXT, False))
        if self.NEEDS_COMPILING and before.error is not None:
            raise before.error
        self.plan(tree, before)
        if not self._changes:
            return tree
        result = super().transform_module_impl(tree)
        if result.code == tree.code:
            return tree
        after = self._compiled(result, before)
        if after is None or before.project is None:  # ``fix``: a file that does not compile
            return result
        self.new_warnings = _new_warnings(before, after, self.reworded)
        for warning in self.new_warnings:
            self.warn(warning.headline())
        self.check(before, after)
        return result

    def on_leave(self, original_node: N, updated_node: N) -> Union[N, cst.RemovalSentinel]:
        change = self._changes.get(id(original_node))
        if change is None:
            return updated_node
        return cast(Union[N, cst.RemovalSentinel], change(updated_node))

    def _compiled(self, result: cst.Module, before: Compilation) -> Optional[Project]:
        """The result read again from its text and compiled; its problems fail the file (a
        command that edits files that do not compile: more errors or problems than before do)."""
        try:
            reread = cst.parse_module(result.code)
        except cst.ParserSyntaxError as exc:  # an edit wrote what Python cannot read: our bug
            message = f"internal error: this codemod wrote invalid Python ({exc.message}). {_BUG}"
            raise refusal(self.path, message) from None
        compilation = compile_tree(reread, self.path, from_its_text=True)
        if self.NEEDS_COMPILING and compilation.error is not None:
            raise compilation.error
        if not self.NEEDS_COMPILING and _worse(_problems(compilation), _problems(before)):
            raise refusal(self.path, f"`{self.NAME}` would leave more problems (or errors) than it found")
        return compilation.project


def _problems(compilation: Compilation) -> Tuple[int, int]:
    """How many errors, and diagnostics in all, a compiled file has."""
    if compilation.error is None:
        assert compilation.project is not None
        return 0, len(compilation.project.warnings)
    diagnostics = compilation.error.diagnostics
    return sum(d.severity is Severity.ERROR for d in diagnostics), len(diagnostics)


def _worse(after: Tuple[int, int], before: Tuple[int, int]) -> bool:
    """More errors, or more problems: a file that compiled must still compile."""
    return after[0] > before[0] or after[1] > before[1]


def _new_warnings(
    before: Compilation, after: Project, reworded: Callable[[str], str]
) -> Tuple[Diagnostic, ...]:
    """The warnings the edit brings: said as the codemod's warnings, and a command refuses the
    ones that mean it would not do what it was asked (an attribute the compiler ignores)."""
    assert before.project is not None
    known = Counter((d.code, reworded(d.message)) for d in before.project.warnings)
    new = []
    for diagnostic in after.warnings:
        if known[(diagnostic.code, diagnostic.message)] > 0:
            known[(diagnostic.code, diagnostic.message)] -= 1
        else:
            new.append(diagnostic)
    return tuple(new)


def refusal(
    path: str, message: str, line: int = 1, column: int = 0, code: Code = Code.INTERNAL
) -> FluxioError:
    """A file a codemod will not write, said at a place of the input."""
    diagnostic = Diagnostic(code.value, Severity.ERROR, message, path, line, column, line, column + 1)
    return FluxioError([diagnostic])


def faithful(module: cst.Module, source: Union[str, bytes], path: str) -> cst.Module:
    """``module`` when it renders as ``source`` byte for byte; a codemod of a file LibCST would
    write back otherwise (a line holding only ``\\``) would change lines it never edits."""
    written: Union[str, bytes] = module.code if isinstance(source, str) else module.bytes
    if written == source:
        return module
    text = source if isinstance(source, str) else source.decode(module.encoding, "replace")
    rendered = module.code
    line = next(
        (n for n, (a, b) in enumerate(zip(lines_of(text), lines_of(rendered)), 1) if a != b),
        min(len(lines_of(text)), len(lines_of(rendered))) + 1,
    )
    message = (
        "LibCST does not write this line back byte for byte (a line holding only `\\`?), so a "
        "codemod would change it: the file is left as it is"
    )
    raise refusal(path, message, line, code=Code.ROUND_TRIP)


class Unfaithful(FluxioError):
    """A result whose machines are not what the codemod means (our bug, or a plan to retry)."""


def unchanged_machines(
    path: str, before: Compilation, after: Project, expected: Callable[[str, Json], Json] = lambda _, s: s
) -> None:
    """Refuse (our bug) a result whose machines differ from the input's: every state of each
    machine the same, after ``expected(name, state)`` says how a state of the input changes."""
    assert before.project is not None
    for name, machine in before.project.state_machines.items():
        old = _each_state(machine.to_asl(), expected)
        new = after.state_machines.get(name)
        if new is None or new.to_asl() != old:
            message = f"internal error: this codemod would change the ASL of `{name}`. {_BUG}"
            line = before.project.source.span(machine.node).start.line
            raise Unfaithful(refusal(path, message, line).diagnostics)


def unchanged_but_task(
    path: str, before: Compilation, after: Project, task: str, change: Callable[[Json], Json]
) -> None:
    """:func:`unchanged_machines`, but for the states that call ``task``, each ``change(state)``."""
    assert before.project is not None
    calling = {
        state.key
        for machine in before.project.state_machines.values()
        for state in machine.task_states
        if state.target == task
    }
    unchanged_machines(path, before, after, lambda name, state: change(state) if name in calling else state)


def _each_state(machine: Json, expected: Callable[[str, Json], Json]) -> Json:
    """``machine`` with ``expected`` applied to every state, nested ones included."""
    states = {}
    for name, state in machine["States"].items():
        state = expected(name, state)
        if "Iterator" in state:
            state = {**state, "Iterator": _each_state(state["Iterator"], expected)}
        if "Branches" in state:
            state = {**state, "Branches": [_each_state(b, expected) for b in state["Branches"]]}
        states[name] = state
    return {**machine, "States": states}
