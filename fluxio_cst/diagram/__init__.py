"""Diagrams of compiled ASL state machines: Mermaid flowcharts and Graphviz DOT.

Why: a reviewer of compiler output (or a user reading generated docs) should
be able to *see* a state machine rather than read nested JSON.  Both formats
are produced from one format-neutral graph (:class:`.graph.Graph`) so that Mermaid
and DOT always show the same nodes and edges; the renderers only differ in
syntax and escaping (:mod:`.mermaid`, :mod:`.dot`).

Drawing conventions:

* a ``Start`` node and an ``End`` node frame the machine;
* every state is a node labelled with its name and ``(Type)`` (two lines
  in DOT, one line in Mermaid -- see :func:`.mermaid._mermaid_label`);
* ``Next`` edges are plain, ``End: true`` (and Succeed/Fail) edges go to
  ``End``, Choice rules are edges labelled with the rule in readable form
  (``$['foo'] > 0 and $['foo'] < 100``), the Choice ``Default`` edge is
  labelled ``default`` and Catch edges are dashed and labelled with the
  caught error names;
* a Map or Parallel state is a cluster holding the state's own node, its
  iterator states (one nested cluster per Parallel branch) and a
  "complete" node; the nested machines end in that node, and the state's
  own outgoing transitions (Next/End/Catch) leave from it.

Node ids are generated (``n_<sanitized name>``, de-duplicated) so that state
names with spaces, quotes, ``$`` or unicode never reach an identifier
position; names only ever appear inside escaped labels.  Output is
deterministic: it follows the order of the input dicts.
"""

from __future__ import annotations

from .dot import machines_to_dot, to_dot
from .mermaid import machines_to_mermaid, to_mermaid

__all__ = ["machines_to_dot", "machines_to_mermaid", "to_dot", "to_mermaid"]
