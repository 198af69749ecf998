"""Load named Cypher statements from ``cypher/*.cypher`` (the one source of truth; installed as
package data, see :func:`_cypher_dir`).

A file holds statements introduced by ``// name: NAME`` comments and ended by ``;``. A line
``__UNPLACED__``, ``__UNPLACED_AGENTS__``, ``__PROJECT_NODES__`` or ``__PROJECT_EDGES__`` is the part of a
statement written from the schema (:func:`unplaced`, :func:`unplaced_agents`, :func:`project_nodes`,
:func:`project_edges`).

>>> statement("read", "project_ids")
'MATCH (p:Project) RETURN p.id AS project_id ORDER BY project_id'
"""

from __future__ import annotations

import re
import textwrap
from functools import cache
from pathlib import Path


def _cypher_dir() -> Path:
    """``cypher/`` of a clone (beside the package), else the copy an installed wheel carries as
    ``graphchain/_cypher`` (pyproject.toml maps the one onto the other)."""
    here = Path(__file__).resolve().parent
    clone = here.parent / "cypher"
    return clone if (clone / "read.cypher").is_file() else here / "_cypher"


CYPHER_DIR = _cypher_dir()
_NAME = re.compile(r"^//\s*name:\s*(\S+)\s*$", re.M)


@cache
def statements(file: str) -> dict[str, str]:
    """All named statements of ``cypher/<file>.cypher``, a line ``__UNPLACED__`` / ``__UNPLACED_AGENTS__``
    written out (:func:`unplaced`, :func:`unplaced_agents`)."""
    text = (CYPHER_DIR / f"{file}.cypher").read_text(encoding="utf-8")
    parts = _NAME.split(text)
    out: dict[str, str] = {}
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        lines = [ln for ln in body.splitlines() if not ln.strip().startswith("//")]
        q = "\n".join(lines).strip().rstrip(";").strip()
        out[name] = _GENERATED.sub(lambda m: textwrap.indent(_WRITERS[m[2]](), m[1]), q)
    return out


def unplaced() -> str:
    """What a project's subgraph reads of the rows tied to no project (``__UNPLACED__`` of
    ``project_subgraphs``, cypher/read.cypher): the rows of each table of :data:`graphchain.schema.UNPLACED`
    whose agent ``x`` employs people on project ``pid`` (:data:`graphchain.schema.EMPLOYER`), where the
    rule is stated (docs/legal-rules.md D, F). A row's ``on_project`` is on its edge, or on its node.
    ``$agents``, when given, are the keys of every agent of such a row (:func:`unplaced_agents`, read once for
    many projects): only their rows are looked at, not all the money of every employer on the project.

    >>> print(unplaced())
    MATCH ()-[e:EMPLOYED]->(x:Node) WHERE e.project_id = pid
    WITH DISTINCT x WHERE $agents IS NULL OR x.key IN $agents
    CALL (x) {
      MATCH (x)-[r:PAID]->(b:Node) WHERE r.on_project IS NULL RETURN x AS a, r, b
      UNION
      MATCH (a:Order)-[r:ORDERED]->(x) WHERE a.on_project IS NULL RETURN a, r, x AS b
    }
    RETURN a, r, b
    """
    from .schema import EMPLOYER

    arms = [f"{match} RETURN {returns}" for match, returns in _unplaced_rows()]
    jobs = ["()", "()"]
    jobs[EMPLOYER.end] = "(x:Node)"
    return "\n".join([f"MATCH {jobs[0]}-[e:{EMPLOYER.rel}]->{jobs[1]} WHERE e.project_id = pid",
                      "WITH DISTINCT x WHERE $agents IS NULL OR x.key IN $agents",
                      "CALL (x) {", textwrap.indent("\nUNION\n".join(arms), "  "), "}", "RETURN a, r, b"])


def unplaced_agents() -> str:
    """The keys of the agents of every row tied to no project (``__UNPLACED_AGENTS__`` of ``unplaced_agents``,
    cypher/read.cypher), each once: the ``$agents`` of :func:`unplaced`.

    >>> print(unplaced_agents())
    MATCH (x)-[r:PAID]->(b:Node) WHERE r.on_project IS NULL RETURN x.key AS agent
    UNION
    MATCH (a:Order)-[r:ORDERED]->(x) WHERE a.on_project IS NULL RETURN x.key AS agent
    """
    return "\nUNION\n".join(f"{match} RETURN x.key AS agent" for match, _ in _unplaced_rows())


def _unplaced_rows() -> list[tuple[str, str]]:
    """For each table of :data:`graphchain.schema.UNPLACED`: (the MATCH of its rows tied to no project, with their
    agent as ``x``; what returns such a row as an edge ``a, r, b``)."""
    from .schema import TABLES, UNPLACED

    out = []
    for follows in UNPLACED.values():
        # x at the agent's end; at the other end (a or b) the row's own node, where its on_project is, or the
        # edge's other agent when the row is the edge itself
        node = TABLES[follows.table].node
        other = "ba"[follows.end]
        ends = ["", ""]
        ends[follows.end], ends[1 - follows.end] = "(x)", f"({other}:{node or 'Node'})"
        row = other if node else "r"
        returns = "a, r, x AS b" if follows.end else "x AS a, r, b"
        out.append((f"MATCH {ends[0]}-[r:{follows.rel}]->{ends[1]} WHERE {row}.on_project IS NULL", returns))
    return out


def project_nodes() -> str:
    """The nodes of a project's subgraph (``__PROJECT_NODES__`` of ``project_subgraphs``, cypher/read.cypher):
    every property, or with ``$full`` false the columns only the rings read set to null
    (:data:`graphchain.schema.RINGS_ONLY`; Neo4j stores no null, so the reader drops them).

    >>> print(project_nodes()[:49])
    RETURN collect(CASE WHEN $full THEN properties(n)
    >>> "ELSE n {.*, phone: null, bank_account: null, address: null} END" in project_nodes()
    True
    """
    from .schema import RINGS_ONLY

    dropped = ", ".join(f"{c}: null" for c in dict.fromkeys(c for cols in RINGS_ONLY.values() for c in cols))
    if not dropped:
        return "RETURN collect(properties(n)) AS nodes"
    return f"RETURN collect(CASE WHEN $full THEN properties(n) ELSE n {{.*, {dropped}}} END) AS nodes"


def project_edges() -> str:
    """The edges of a project's subgraph (``__PROJECT_EDGES__`` of ``project_subgraphs``, cypher/read.cypher), as
    [source key, target key, properties]: every property, or with ``$lean`` only what the analyses read of each
    type (:data:`graphchain.analysis.view.RECORDS`: its view's fields, the project it is on) and what a record
    must hold (:data:`graphchain.model.RECORD_KINDS`); an absent one comes back null, and the reader drops it.

    >>> print(project_edges()[:80])
    WITH collect([a.key, b.key, CASE WHEN $lean THEN CASE type(r) WHEN 'OWNS' THEN r
    >>> "WHEN 'PAID' THEN r {.`key`, .`rel`, .`id`, .`project_id`, .`on_project`, .`amount`, .`purpose`" in (
    ...     project_edges())
    True
    """
    from .analysis.view import RECORDS
    from .model import RECORD_KINDS
    from .schema import TABLE_ORDER, TABLES

    arms = []
    for rel in (link.rel for name in TABLE_ORDER for link in TABLES[name].out_links):
        # an edge the view makes a record of: where it is tied and its fields; any other: its ends alone
        read = ["id", "project_id", "on_project", *(f for f, _ in RECORDS[rel][1])] if rel in RECORDS else []
        wanted = dict.fromkeys(["key", "rel", *read, *sorted(RECORD_KINDS[rel].required)])
        arms.append(f"WHEN '{rel}' THEN r {{{', '.join(f'.`{f}`' for f in wanted)}}}")
    lean = f"CASE type(r) {' '.join(arms)} ELSE properties(r) END"
    return (f"WITH collect([a.key, b.key, CASE WHEN $lean THEN {lean} ELSE properties(r) END]) AS edges, "
            "collect(DISTINCT a) + collect(DISTINCT b) AS ends")


_WRITERS = {"__UNPLACED__": unplaced, "__UNPLACED_AGENTS__": unplaced_agents, "__PROJECT_NODES__": project_nodes,
            "__PROJECT_EDGES__": project_edges}
_GENERATED = re.compile(rf"^( *)({'|'.join(_WRITERS)})$", re.M)  # a line that is one writer's token


def statement(file: str, name: str, *, label: str | None = None, rel: str | None = None) -> str:
    """The statement ``name`` of ``cypher/<file>.cypher``; a template's ``__LABEL__`` / ``__REL__``
    filled with a node label / relationship type of the schema (anything else is refused: Cypher
    cannot take labels as parameters, so only the fixed vocabulary may ever be written into one).

    >>> statement("patterns/summary", "count_nodes", label="Party")
    'MATCH (n:Party) RETURN count(n) AS n'
    """
    from .schema import NODE_LABELS, REL_TYPES

    q = statements(file)[name]
    for token, value, allowed in (("__LABEL__", label, NODE_LABELS), ("__REL__", rel, REL_TYPES)):
        if value is not None:
            if value not in allowed:
                raise ValueError(f"{value!r} is not one of graphchain's {token.strip('_').lower()}s")
            q = q.replace(token, value)
    return q
