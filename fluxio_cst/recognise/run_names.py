"""The ``run`` free-name check: names of the file that the deployed ``run`` does not have.

``run`` is extracted and deployed alone, so a name it reads from the file's module level works
in the file and fails (or silently means a builtin) once deployed. LibCST's scope analysis
answers the question on a module made of ``run`` alone; :class:`_NotLookedUp` corrects it where
it counts a use that Python never looks up.

Examples::

    import json
    class Save(Task):
        async def run(event, context):
            return json.dumps(event)      # INVALID: FX216, move the import into `run`
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, List, Mapping, Optional, Set, Tuple

import libcst as cst
from libcst.metadata import BuiltinAssignment, MetadataWrapper, ScopeProvider

from .. import values
from ..codes import Code
from ..report import Reporter


def check_free_names(
    code: str,
    tree: Callable[[], Optional[cst.FunctionDef]],
    module_names: Mapping[str, str],
    reporter: Reporter,
) -> None:
    """Report every use in ``run`` of a name the file binds at module level.

    The extracted module holds ``run`` and nothing else, so such a name works in the file and
    raises NameError once deployed (or, for a module-level name that shadows a builtin, silently
    means the builtin). LibCST's scope analysis runs on a module made of ``run`` alone, which is
    exactly what is deployed: a name it cannot resolve there, or resolves only to a builtin, is
    free in the deployed code.

    ``code`` is the method's text; ``tree`` gives its LibCST tree, asked for only when the text
    mentions a module-level name.
    """
    if not _mentions_any(code, module_names):
        return  # scope analysis is costly (a walk and a visitor per scope): skip the usual case
    run = tree()
    assert run is not None
    alone = cst.Module(body=[run])
    try:
        scopes = MetadataWrapper(alone, unsafe_skip_copy=True).resolve(ScopeProvider)
    except RecursionError:  # a run nested beyond Python's stack: its names stay unchecked
        return
    unread = _NotLookedUp()
    run.visit(unread)
    uses: List[Tuple[cst.Name, str, bool]] = []
    for scope in {s for s in scopes.values() if s is not None}:
        for access in scope.accesses:
            if not isinstance(access.node, cst.Name) or id(access.node) in unread.nodes:
                continue
            name = values.identifier(access.node)
            if name in unread.captured:
                continue
            how = module_names.get(name)
            if how is not None and all(isinstance(r, BuiltinAssignment) for r in access.referents):
                uses.append((access.node, name, bool(access.referents)))
    for node, name, builtin in uses:
        if builtin:
            message = (
                f"`{name}` is bound at module level, but the extracted `run` would use the builtin "
                f"`{name}` instead; bind it inside `run`"
            )
        elif module_names[name] == "imported":
            message = f"`{name}` is imported at module level; move the import into `run`"
        else:
            message = (
                f"`{name}` is defined at module level, which the extracted `run` does not have; "
                "define it inside `run` or import it there from a package"
            )
        reporter.error(Code.MODULE_NAME_IN_RUN, node, message)


_WORD = re.compile(r"\w+")


def _mentions_any(code: str, names: Mapping[str, str]) -> bool:
    """Whether a module-level name occurs in ``code`` as a word (NFKC-normalised, as Python
    reads identifiers): every use the scope analysis could find is such a word."""
    return any(unicodedata.normalize("NFKC", word) in names for word in set(_WORD.findall(code)))


class _NotLookedUp(cst.CSTVisitor):
    """What LibCST's scope analysis counts as a use of a name although Python never looks it up.

    Names bound by ``match`` patterns (captures, ``*rest``, ``**rest``): LibCST records no
    assignment for them, so their uses look free. Annotations of local variables
    (``x: json = 1`` inside a function): Python never evaluates them (PEP 526). Class-level
    and parameter annotations are evaluated and stay checked.
    """

    def __init__(self) -> None:
        super().__init__()
        self.captured: Set[str] = set()
        self.nodes: Set[int] = set()
        self.scopes: List[bool] = []  # per enclosing def/class: True for a function

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.scopes.append(True)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.scopes.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.scopes.append(False)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.scopes.pop()

    def visit_MatchAs(self, node: cst.MatchAs) -> None:
        self._capture(node.name)

    def visit_MatchStar(self, node: cst.MatchStar) -> None:
        self._capture(node.name)

    def visit_MatchMapping(self, node: cst.MatchMapping) -> None:
        self._capture(node.rest)

    def _capture(self, name: Optional[cst.Name]) -> None:
        if name is not None:
            self.captured.add(values.identifier(name))
            self.nodes.add(id(name))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if self.scopes and self.scopes[-1]:
            self.nodes.update(id(n) for n in _names_in(node.annotation.annotation))


def _names_in(node: cst.CSTNode) -> List[cst.Name]:
    """Every Name node below ``node`` (an annotation: shallow, so a plain stack suffices)."""
    found: List[cst.Name] = []
    pending: List[cst.CSTNode] = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, cst.Name):
            found.append(current)
        pending.extend(current.children)
    return found
