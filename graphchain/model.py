"""Build the graph model (see :mod:`graphchain.schema`) from a validated bundle.

The embedded default: everything in one in-memory ``networkx.MultiDiGraph``. The Neo4j store
loads exactly the records that :func:`graph_records` yields and reads them back into the same
structure, so both paths give equal graphs.

>>> from graphchain.bundle import read_bundle
>>> G = build_graph(read_bundle("tests/data/mini"))
>>> G.nodes["project:P1"]["label"]
'Project'
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from operator import itemgetter

import networkx as nx
import numpy as np
import pandas as pd

from . import parse
from .bundle import Bundle
from .schema import (
    AGENT,
    EMPLOYER,
    ENUMS,
    IDENTIFIER_KINDS,
    NODE_LABELS,
    REL_TYPES,
    SELF,
    TABLE_ORDER,
    TABLES,
    UNPLACED,
    identifier_key,
    project_key,
)
from .util import edge_items, paused_gc


@dataclass
class Records:
    """Nodes as (key, attrs) and edges as (u, v, key, attrs); attrs never hold ``None``."""

    nodes: dict[str, list[tuple[str, dict]]]  # label -> nodes
    edges: dict[str, list[tuple[str, str, str, dict]]]  # rel type -> edges


def _columns(b: Bundle, name: str) -> tuple[dict[str, list], list[str]]:
    """A table as plain lists, column by column (no per-cell pandas access), and the ``file:row``
    source of each row. A table the bundle lacks has its columns, empty (as ``b.table`` would give them,
    without making a frame: a part of a bundle made for its node rows alone lacks three tables)."""
    if name not in b.tables:
        return {c.name: [] for c in TABLES[name].columns}, []
    df = b.table(name)
    label = b.label(name)
    return _lists(df, [c for c in df.columns if c != "_row"]), [f"{label}:{r}" for r in df["_row"].tolist()]


def _lists(df: pd.DataFrame, columns: list) -> dict[str, list]:
    """These columns of a table as plain lists."""
    return {str(c): df[c].tolist() for c in columns}


_PLAIN = frozenset({str, bool, int, type(None)})  # values that are missing only when None


def _records(cols: dict[str, list], sources: list[str], drop: tuple[str, ...] = ()) -> list[dict]:
    """One attribute dict per row without missing values (None, NaN or an empty list: Neo4j stores no nulls),
    plus ``source``; the ``drop`` columns left out. Filled column by column (the keys keep the
    column order), which is twice as fast as a dict per row from a zip."""
    out: list[dict] = [{} for _ in sources]
    for c, col in cols.items():
        if c in drop:
            continue
        if set(map(type, col)) <= _PLAIN:
            for d, x in zip(out, col, strict=True):
                if x is not None:
                    d[c] = x
        else:
            for d, x in zip(out, col, strict=True):
                if x is not None and x == x and x != []:
                    d[c] = x
    for d, s in zip(out, sources, strict=True):
        d["source"] = s
    return out


# What identifies an employment row without its own id: who worked where, for whom, as what and
# when. The figures (days, wages) are left out, so a corrected figure updates the record instead
# of adding a second one.
EMPLOYMENT_KEY = ("person_id", "project_id", "employer_id", "role", "start", "end")
_canonical = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode


def employment_ids(cols: dict[str, list]) -> list[str]:
    """The evidence id of every employment row: its own ``employment_id``, else a content key
    ``employment:<16 hex>`` hashed from the :data:`EMPLOYMENT_KEY` columns.

    The content key does not depend on the file's name or format or the row's position, so the
    same record loaded again (from a renamed file, an .xlsx, with rows inserted) is the same
    record, in memory and in Neo4j. Rows that agree on every key column are all kept: the
    second and later ones get ``-2``, ``-3``, … in the order they appear.
    """
    own = cols.get("employment_id") or [None] * len(cols["person_id"])
    key_cols = [cols.get(c) or [None] * len(own) for c in EMPLOYMENT_KEY]
    seen: dict[str, int] = {}
    out = []
    for i, eid in enumerate(own):
        if eid is None or eid != eid:
            digest = hashlib.blake2b(_canonical([c[i] for c in key_cols]).encode(), digest_size=8).hexdigest()
            n = seen[digest] = seen.get(digest, 0) + 1
            eid = f"employment:{digest}" if n == 1 else f"employment:{digest}-{n}"
        out.append(eid)
    return out


def _present(x) -> bool:
    return x is not None and x == x and x != []


def _shared_identifiers(agents: list[tuple[str, dict[str, list]]]) -> dict[str, list[str]]:
    """Identifier key -> the agents holding it, in the order of first appearance (row by row, kind by
    kind), for the values held more than once. pandas finds the repeated values first, so the
    Python loop only visits the rows that can link two agents (a few of a million)."""
    kinds = [k for k in IDENTIFIER_KINDS if any(k in cols for _, cols in agents)]
    repeated: dict[str, set] = {}
    for kind in kinds:
        s = pd.Series(list(chain.from_iterable(cols.get(kind, ()) for _, cols in agents)), dtype=object)
        s = s[s.notna()]
        if pd.api.types.infer_dtype(s, skipna=False) != "string":  # ids are text; anything else as text
            s = s.astype(str)
        repeated[kind] = set(s[s.duplicated(keep=False)].tolist())
    holders: dict[str, list[str]] = defaultdict(list)
    for key, cols in agents:
        rows = np.zeros(len(cols[key]), dtype=bool)
        for kind in kinds:
            if kind in cols and repeated[kind]:
                rows |= pd.Series(cols[kind], dtype=object).isin(repeated[kind]).to_numpy()
        for i in np.flatnonzero(rows).tolist():
            for kind in kinds:
                value = cols[kind][i] if kind in cols else None
                if _present(value) and str(value) in repeated[kind]:
                    holders[identifier_key(kind, str(value))].append(cols[key][i])
    return holders


def graph_records(b: Bundle, places: Places | None = None, identifiers: bool = True) -> Records:
    """Every node and edge of the model, in a fixed order (so loads are reproducible).

    Built column by column from the typed tables (plain lists, one attribute dict per row): no
    per-cell pandas access and no intermediate per-row dicts. A part of a bundle (:mod:`graphchain.partition`)
    passes the whole bundle's ``places`` (:func:`attribution`) and no ``identifiers`` (they need every party
    and person).
    """
    with paused_gc():  # millions of new dicts and no cycle among them: nothing for the collector to find
        return _graph_records(b, places, identifiers)


def _graph_records(b: Bundle, places: Places | None = None, identifiers: bool = True) -> Records:
    """The records, table by table as ``schema.TABLES`` declares them: a row is a node (with the edges it
    makes) or an edge; what the schema cannot say (identifiers, derived facts) is added here."""
    nodes: dict[str, list] = defaultdict(list)
    edges: dict[str, list] = defaultdict(list)
    agents: list[tuple[str, dict[str, list]]] = []
    tables = {name: _columns(b, name) for name in TABLE_ORDER}  # each table as lists, once
    places = places or Places(tables)
    for name in TABLE_ORDER:
        t = TABLES[name]
        cols, sources = tables[name]
        if t.edge is not None:
            _edge_rows(t, cols, sources, edges, places)
        else:
            _node_rows(t, cols, sources, nodes, edges, places, b)
        if t.id_namespace == AGENT and t.key:
            agents.append((t.key, cols))
        if name == "persons" and identifiers:  # after every party and person: the identifiers they share
            _identifiers(agents, nodes, edges)
    return Records({k: v for k, v in nodes.items() if v}, {k: v for k, v in edges.items() if v})


def _node_rows(t, cols: dict[str, list], sources: list[str], nodes, edges, places: Places, b: Bundle) -> None:
    """Rows that are nodes (key = the table's prefix + id), and the edges each row makes."""
    out = nodes[t.node]
    unknown = t.name == "parties" and "qualifications" in b.missing.get("parties", ())
    links = [(link, f"{link.rel.lower()}:", edges[link.rel]) for link in t.links]
    for r in _records(cols, sources):
        rid = r[t.key]
        key = t.prefix + rid
        r["label"] = t.node
        r["id"] = rid
        if unknown:  # no qualification register: the rules that need one must not fire
            r["qualifications_known"] = False
        _derived(t.name, r, places)
        out.append((key, r))
        for link, name, to in links:
            u = key if link.source == SELF else r.get(link.source)
            v = key if link.target == SELF else r.get(link.target)
            if u is None or v is None:
                continue
            d = {"rel": link.rel}
            for a in link.attrs:
                d[a] = r[a]
            d["source"] = r["source"]
            to.append((u, v if link.target == SELF else link.target_prefix + v, name + rid, d))


def _edge_rows(t, cols: dict[str, list], sources: list[str], edges, places: Places) -> None:
    """Rows that are edges: every column but the two ends on the edge, keyed by the row's own id
    (an employment row without one: a key made from its content)."""
    link = t.edge
    out = edges[link.rel]
    keys = cols[t.key] if t.key else employment_ids(cols)
    for u, v, k, r in zip(cols[link.source], cols[link.target], keys,
                          _records(cols, sources, (link.source, link.target)), strict=True):
        r["rel"] = link.rel
        r["id"] = k
        if link.rel == "PAID":
            on = places.payment_project(u, v, r)
            if on is not None:
                r["on_project"] = on
        out.append((u, v, k, r))


def _derived(table: str, r: dict, places: Places) -> None:
    """Facts the model adds to a node row: the project a claim or an order is tied to (docs/legal-rules.md F)."""
    if table == "claims":
        on, candidates = places.claim_project(r)
        if on is not None:
            r["on_project"] = on
        elif candidates:
            r["candidates"] = candidates
    elif table == "orders" and "project_id" in r:
        r["on_project"] = r["project_id"]


def identifier_records(b: Bundle) -> Records:
    """The Identifier nodes and HAS edges of the whole bundle alone (what :func:`graph_records` adds after
    the persons)."""
    nodes: dict[str, list] = defaultdict(list)
    edges: dict[str, list] = defaultdict(list)
    agents = []
    for name in TABLE_ORDER:
        t = TABLES[name]
        if t.id_namespace == AGENT and t.key:  # only the columns an identifier is read from
            df = b.table(name)
            agents.append((t.key, _lists(df, [c for c in df.columns if c == t.key or c in IDENTIFIER_KINDS])))
    _identifiers(agents, nodes, edges)
    return Records(dict(nodes), dict(edges))


def _identifiers(agents: list[tuple[str, dict[str, list]]], nodes, edges) -> None:
    """Identifier nodes and HAS edges. Only identifiers shared by two or more parties/persons become
    nodes: an unshared phone links nobody, and millions of them would crowd memory and the graph page."""
    for ik, holders in _shared_identifiers(agents).items():
        if len(holders) < 2 or len(set(holders)) < 2:
            continue
        kind, value = ik.split(":", 1)
        nodes["Identifier"].append((ik, {"label": "Identifier", "id": ik, "kind": kind, "value": value}))
        for a in dict.fromkeys(holders):
            edges["HAS"].append((a, ik, kind, {"rel": "HAS", "kind": kind}))


class Places:
    """Which projects each party and person is on, to tie money and claims without a project to one
    (docs/legal-rules.md F): through contracts, employment and ownership of the whole bundle. Built on
    first use: a bundle whose records all name their project never needs it."""

    def __init__(self, tables: dict[str, tuple[dict[str, list], list[str]]], payments: dict | None = None,
                 claims: dict | None = None):
        self.tables = tables
        # answers worked out up front on the whole bundle (:func:`attribution`): payment id -> project,
        # claim id -> (project, candidates)
        self.payments: dict[str, str | None] = payments or {}
        self.claims: dict[str, tuple[str | None, list[str]]] = claims or {}

    @cached_property
    def contract_project(self) -> dict[str, str]:
        cols = self.tables["contracts"][0]
        return dict(zip(cols["contract_id"], cols["project_id"], strict=True))

    @cached_property
    def _maps(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """(party/person -> the projects it is on, person -> the projects it works on), in one pass."""
        agent: dict[str, set[str]] = defaultdict(set)
        employed: dict[str, set[str]] = defaultdict(set)
        cols = self.tables["contracts"][0]
        for p, u, v in zip(cols["project_id"], cols["from_id"], cols["to_id"], strict=True):
            agent[u].add(p)
            agent[v].add(p)
        cols = self.tables["employment"][0]
        for person, p, employer in zip(cols["person_id"], cols["project_id"], cols["employer_id"], strict=True):
            employed[person].add(p)
            agent[employer].add(p)
        for person, projects in employed.items():
            agent[person] |= projects
        cols = self.tables["projects"][0]
        for p, owner in zip(cols["project_id"], cols["owner_id"], strict=True):
            agent[owner].add(p)
        return agent, employed

    @property
    def agent(self) -> dict[str, set[str]]:
        """party/person -> the projects it is on (contracts, employment, ownership)."""
        return self._maps[0]

    @property
    def employed(self) -> dict[str, set[str]]:
        """person -> the projects it works on (real-name records)."""
        return self._maps[1]

    def payment_project(self, payer: str, payee: str, r: dict) -> str | None:
        """The payment's own project; else its contract's; else the one project payer and payee share."""
        if "project_id" in r:
            return r["project_id"]
        if r.get("id") in self.payments:
            return self.payments[r["id"]]
        if "contract_id" in r:
            return self.contract_project.get(r["contract_id"])
        common = self.agent.get(payer, set()) & self.agent.get(payee, set())
        return next(iter(common)) if len(common) == 1 else None

    def claim_project(self, r: dict) -> tuple[str | None, list[str]]:
        """(project, []) for a claim tied to one project; (None, candidates) when it cannot be tied.

        Its own project; else the one project its claimant works on; else the one project of the
        claimant's that its respondent is on too."""
        if "project_id" in r:
            return r["project_id"], []
        if r.get("id") in self.claims:
            return self.claims[r["id"]]
        works = self.employed.get(r["claimant_id"], set())
        if len(works) == 1:
            return next(iter(works)), []
        respondent = self.agent.get(r.get("respondent_id", ""), set())
        both = works & respondent
        if len(both) == 1:
            return next(iter(both)), []
        return None, sorted(both or works or respondent)


def attribution(b: Bundle) -> Places:
    """docs/legal-rules.md F worked out once for every payment and claim of ``b`` without a project_id: the
    answers a part of the bundle is built with (``graph_records(part, places=...)``), so that it ties its money
    and claims exactly as the whole bundle does. Only the rows about the parties and persons asked about are
    read: the maps restricted to them are the same."""
    pay, claims = b.table("payments"), b.table("claims")
    pay, claims = pay[pay["project_id"].isna()], claims[claims["project_id"].isna()]
    asked = {*pay["payer_id"], *pay["payee_id"], *claims["claimant_id"], *claims["respondent_id"]} - {None}
    jobs = b.table("employment")
    jobs = jobs[jobs["person_id"].isin(asked) | jobs["employer_id"].isin(asked)]
    part = Bundle(b.source, {"contracts": b.table("contracts"), "employment": jobs, "projects": b.table("projects")},
                  labels=b.labels)
    places = Places({name: _columns(part, name) for name in ("contracts", "employment", "projects")})
    payments = {i: places.payment_project(u, v, {"contract_id": c} if c is not None else {})
                for i, u, v, c in zip(pay["payment_id"], pay["payer_id"], pay["payee_id"], pay["contract_id"],
                                      strict=True)}
    answers = {i: places.claim_project({"claimant_id": p} | ({"respondent_id": r} if r is not None else {}))
               for i, p, r in zip(claims["claim_id"], claims["claimant_id"], claims["respondent_id"], strict=True)}
    return Places({}, payments, answers)


def add_records(G: nx.MultiDiGraph, rec: Records) -> None:
    """``add_nodes_from`` + ``add_edges_from`` for every record, written straight into the adjacency
    dicts of the ``MultiDiGraph`` (same result, same order, several times faster on a million rows).
    The records' attribute dicts become the graph's own (no copy): build_graph made them for it.
    ``ValueError`` for two records of different types with the same ends and id, which a ``MultiDiGraph``
    would merge (a bundle with them is refused when read; a database others wrote may hold them)."""
    node, succ, pred = G._node, G._succ, G._pred
    for items in rec.nodes.values():
        for n, d in items:
            if n in node:
                node[n].update(d)
            else:
                if n is None:
                    raise ValueError("None cannot be a node")
                succ[n] = {}
                pred[n] = {}
                node[n] = d
    for links in rec.edges.values():
        for u, v, k, d in links:
            if u not in succ:
                if u is None:
                    raise ValueError("None cannot be a node")
                succ[u], pred[u], node[u] = {}, {}, {}
            if v not in succ:
                if v is None:
                    raise ValueError("None cannot be a node")
                succ[v], pred[v], node[v] = {}, {}, {}
            kd = succ[u].get(v)
            if kd is None:
                kd = succ[u][v] = {}
                pred[v][u] = kd
            if k in kd:
                _one_record(u, v, k, kd[k], d)
                kd[k].update(d)
            else:
                kd[k] = d
    clear = getattr(nx, "_clear_cache", None)
    if clear is not None:
        clear(G)


_ENDS = itemgetter(0, 1)


def _ends(edges: Iterable[tuple]) -> dict[str, None]:
    """Every end of these (u, v, key, attrs) ``edges`` once, in the order add_records would add them (loops in C)."""
    return dict.fromkeys(chain.from_iterable(map(_ENDS, edges)))


def add_ends(G: nx.MultiDiGraph, edges: Iterable[tuple]) -> None:
    """The ends of these (u, v, key, attrs) ``edges`` that are not nodes of ``G`` yet added as nodes without
    attributes, in the order :func:`add_records` would add them, and none of the edges (for
    :func:`graphchain.analysis.view.with_view`)."""
    node, succ, pred = G._node, G._succ, G._pred
    for n in _ends(edges):
        if n not in node:
            if n is None:
                raise ValueError("None cannot be a node")
            node[n], succ[n], pred[n] = {}, {}, {}


def _one_record(u: str, v: str, k: str, kept: dict, d: dict) -> None:
    """``ValueError`` unless ``d``, keyed ``k`` from ``u`` to ``v`` where ``kept`` already is, is the same record
    (its type): a ``MultiDiGraph`` keys an edge by its ends and its id, and would merge the two, one lost."""
    if kept.get("rel") != d.get("rel"):
        raise ValueError(f"a {kept.get('rel')} and a {d.get('rel')} record from {u!r} to {v!r} have the same id "
                         f"{k!r} (the graph keys an edge by its ends and its id)")


def build_graph(b: Bundle, places: Places | None = None, identifiers: bool = True) -> nx.MultiDiGraph:
    """The whole bundle as one in-memory graph (the embedded default); ``places`` and ``identifiers`` as in
    :func:`graph_records` (for a part of a bundle)."""
    G = nx.MultiDiGraph(source=b.source)
    with paused_gc():
        add_records(G, graph_records(b, places, identifiers))
    return G


# ------------------------------------------------------------------ per-project views
def on_project(d: dict) -> str | None:
    """The project a payment, claim or order is tied to (``on_project``; a graph built by hand may
    only give ``project_id``)."""
    return d.get("on_project", d.get("project_id"))


def edges_by_project(G: nx.MultiDiGraph,
                     rel_counts: dict[str, int] | None = None) -> dict[str | None, list[tuple]]:
    """project_id -> the (u, v, key, attrs) of every edge on it, in one pass straight over the
    adjacency dicts; under ``None`` the payments and orders tied to no project; with ``rel_counts``,
    edges per type counted too (the rule: :func:`group_by_project`)."""
    return group_by_project(edge_items(G), G._node, rel_counts)


def group_by_project(edges: Iterable[tuple], nodes: dict[str, dict],
                     rel_counts: dict[str, int] | None = None) -> dict[str | None, list[tuple]]:
    """project_id -> those of the (u, v, key, attrs) ``edges`` on it, in their order; under ``None`` the payments
    and orders tied to no project (``nodes``: node key -> attrs, for the claims and orders edges point from or to).

    An edge belongs to its own ``project_id`` (a payment: its ``on_project``; claim and order edges:
    their node's). An edge tied to no project also goes with every project on which the agent it follows
    employs people (:data:`graphchain.schema.UNPLACED`, docs/legal-rules.md D, F)."""
    idx: dict[str | None, list] = defaultdict(list)
    floating: dict[str, list] = defaultdict(list)  # payer / ordered party -> its edges tied to no project
    employs: dict[str, set[str]] = defaultdict(set)  # employer -> projects it employs on
    # schema.UNPLACED for the loop: relationship type -> the end (0 source, 1 target) of the agent its edges tied
    # to no project follow; the employment edge and its employer's end
    follows = {a.rel: a.end for a in UNPLACED.values()}
    employed, employer_end = EMPLOYER.rel, EMPLOYER.end
    for e in edges:
        u, v, _, d = e
        rel = d.get("rel")
        if rel_counts is not None:
            rel_counts[rel] = rel_counts.get(rel, 0) + 1
        if rel == "HAS":
            continue
        if rel == "PAID":
            pid = d.get("on_project") or d.get("project_id")  # on_project(d), inlined: the hot loop
        elif rel in ("FILED", "AGAINST", "ON", "ORDERED"):
            pid = on_project(nodes[v if rel == "FILED" else u])
        else:
            pid = d.get("project_id")
            if rel == employed and pid is not None:
                employs[v if employer_end else u].add(pid)
        if pid is not None:
            idx[pid].append(e)
        elif rel in follows:
            floating[v if follows[rel] else u].append(e)
    for agent, tied in floating.items():
        idx[None] += tied
        for pid in employs.get(agent, ()):
            idx[pid] += tied
    return idx


def project_index(G: nx.MultiDiGraph,
                  rel_counts: dict[str, int] | None = None) -> dict[str, list[tuple[str, str, str]]]:
    """project_id -> the (u, v, key) of every edge on it, in one pass over the graph. With
    ``rel_counts``, the same pass counts the edges of each type into it."""
    return {pid: [e[:3] for e in edges] for pid, edges in edges_by_project(G, rel_counts).items() if pid is not None}


def project_subgraph(G: nx.MultiDiGraph, project_id: str,
                     index: dict[str, list[tuple[str, str, str]]] | None = None, *,
                     copy: bool = True) -> nx.MultiDiGraph:
    """One project's subgraph: the project, its owner, and every contract, payment, employment
    and claim on it with their endpoints (a copy, safe to modify). With ``copy=False`` the node and
    edge attribute dicts are G's own (for readers only: saves a copy of every record)."""
    if project_key(project_id) not in G:
        raise KeyError(project_id)
    if index is None:
        edges = edges_by_project(G).get(project_id, [])
    else:
        succ = G._succ
        edges = [(u, v, k, succ[u][v][k]) for u, v, k in index.get(project_id, [])]
    return subgraph_from_edges(G, project_id, edges, copy)


def subgraph_from_edges(G: nx.MultiDiGraph, project_id: str, edges: list[tuple], copy: bool) -> nx.MultiDiGraph:
    """:func:`project_subgraph` from the project's (u, v, key, attrs) edges: what add_node / add_edge
    would do, written straight into H's adjacency dicts (attribute dicts copied unless ``copy=False``)."""
    return subgraph_of(G._node, G.graph.get("source", ""), project_id, edges, copy)


def subgraph_of(gnode: dict[str, dict], source: str, project_id: str, edges: list[tuple],
                copy: bool, *, edges_too: bool = True) -> nx.MultiDiGraph:
    """:func:`subgraph_from_edges` with the graph given as its nodes (key -> attrs: every end of ``edges``
    and the project) and its ``source``: a graph's own, or records never built into a whole graph. Without
    ``edges_too``, the subgraph's nodes alone (what :func:`graphchain.analysis.view.with_view` completes), and
    ``edges`` need only be their (u, v) pairs."""
    pk = project_key(project_id)
    H = nx.MultiDiGraph(source=source, project_id=project_id)
    node, succ, pred = H._node, H._succ, H._pred
    if not edges_too:  # the ends in the order the loop below adds them
        for n in chain((pk,), _ends(edges)):
            if n not in node:
                node[n], succ[n], pred[n] = gnode[n], {}, {}
        return H
    node[pk], succ[pk], pred[pk] = gnode[pk], {}, {}
    for u, v, k, d in edges:
        if u not in node:
            node[u], succ[u], pred[u] = gnode[u], {}, {}
        if v not in node:
            node[v], succ[v], pred[v] = gnode[v], {}, {}
        kd = succ[u].get(v)
        if kd is None:
            kd = succ[u][v] = {}
            pred[v][u] = kd
        elif k in kd:  # edges made from records, not from a graph: the same guard as add_records
            _one_record(u, v, k, kd[k], d)
        kd[k] = d
    if copy:  # H's own attribute dicts (pred shares succ's key dicts)
        for n, d in node.items():
            node[n] = dict(d)
        for nbrs in succ.values():
            for kd in nbrs.values():
                for k, d in kd.items():
                    kd[k] = dict(d)
    return H


# ------------------------------------------------------------------ what a record holds
# The attributes this module adds to a row's columns, by kind (schema column types; "ids": a list of ids). Every
# record may carry them; a column of the same name comes first.
ADDED_KINDS = {"label": "str", "id": "str", "source": "str", "rel": "str", "on_project": "ref:projects",
               "candidates": "ids", "qualifications_known": "bool", "kind": "str", "value": "str"}


def record_kinds(what: str) -> dict[str, str]:
    """Attribute -> column kind of the records of a node label or relationship type: the columns of the table
    whose rows become it (an edge table without its two ends; a link: its ``attrs``), then :data:`ADDED_KINDS`.

    >>> record_kinds("PAID")["amount"], "payer_id" in record_kinds("PAID"), record_kinds("HAS")["kind"]
    ('amount', False, 'str')
    """
    out: dict[str, str] = {}
    for name in TABLE_ORDER:
        t = TABLES[name]
        if t.node == what:
            cols: tuple = t.columns
        elif t.edge is not None and t.edge.rel == what:
            cols = tuple(c for c in t.columns if c.name not in (t.edge.source, t.edge.target))
        else:
            cols = tuple(c for link in t.links if link.rel == what for c in t.columns if c.name in link.attrs)
        out.update((c.name, c.type) for c in cols)
    return out | {k: v for k, v in ADDED_KINDS.items() if k not in out}


# A record read back from a store is checked against its kinds (:func:`check_record`): a database others write
# to can hold what the bundle reader would have refused, and the analyses trust their input.
_TEXT = frozenset({"str", "id", "credit_code", "id_number"})  # any text will do
_SCALARS = (str, int, float, bool)


@dataclass(frozen=True)
class RecordKinds:
    """The attributes of one node label or relationship type: those holding any text, the others by
    column kind, and those that must be there."""

    text: frozenset[str]
    typed: dict[str, str]
    required: frozenset[str]


def _record_kinds() -> dict[str, RecordKinds]:
    required: dict[str, set[str]] = {"Identifier": {"id", "kind", "value"}, "HAS": {"kind"}}
    for t in TABLES.values():
        ends = {t.edge.source, t.edge.target} if t.edge else set()
        required[t.label] = {c.name for c in t.columns if c.required and c.name not in ends} | {"id"}
    out = {}
    for what in (*NODE_LABELS, *REL_TYPES):
        kinds = record_kinds(what)
        text = frozenset(a for a, kind in kinds.items() if kind in _TEXT or kind.startswith("ref:"))
        out[what] = RecordKinds(text, {a: kind for a, kind in kinds.items() if a not in text},
                                frozenset(required.get(what, ())))
    return out


RECORD_KINDS = _record_kinds()
_GOOD: dict[str, dict] = defaultdict(dict)  # value -> its type, found good, by column kind (values repeat)
# record shape (keys, value types) -> its attributes whose values still need a look: a database holds a few
# dozen shapes, so the keys and types of most records are checked by one lookup
_SHAPES: dict[tuple, tuple[tuple[str, str, dict], ...]] = {}


def check_record(d: dict) -> None:
    """Raise ``ValueError("column: message")`` unless every attribute of the record ``d`` holds what
    :func:`graph_records` would have put there: the kind its column declares (texts, ISO dates, amounts in
    range, canonical enum values), every required column present, other attributes plain values.

    >>> paid = {"rel": "PAID", "id": "T1", "payment_id": "T1", "paid": "2024-03-05", "amount": 1200.0}
    >>> check_record(paid)
    >>> check_record(paid | {"amount": "abc"})
    Traceback (most recent call last):
    ValueError: amount: expected a number, got 'abc'
    """
    shape = (tuple(d), tuple(map(type, d.values())))
    values = _SHAPES.get(shape)
    if values is None:
        values = _shape(d)
        if len(_SHAPES) < 10_000:
            _SHAPES[shape] = values
    for k, kind, good in values:
        v = d[k]
        if type(v) is not list and good.get(v) is type(v):
            continue
        if kind == "amount" and type(v) is float and 0.0 < v <= parse.MAX_AMOUNT:
            continue  # what _wrong accepts, without writing the number out: amounts seldom repeat
        why = _wrong(kind, v)
        if why:
            raise ValueError(f"{k}: {why}")
        if type(v) is not list and len(good) < 100_000:  # kept small: amounts need not repeat
            good.setdefault(v, type(v))


def _shape(d: dict) -> tuple[tuple[str, str, dict], ...]:
    """Check what the keys and value types of ``d`` say (its label, the required columns, texts, plain
    values); the (attribute, kind, good values of the kind) of the values that need a look of their own."""
    what = d.get("label") or d.get("rel")
    spec = RECORD_KINDS.get(what) if type(what) is str else None
    if spec is None:
        raise ValueError(f"label: not a graphchain record ({what!r})")
    if not spec.required <= d.keys():
        raise ValueError(f"{min(spec.required - d.keys())}: required value is missing (必填项为空)")
    values = []
    for k, v in d.items():
        if k in spec.text:
            if type(v) is not str:
                raise ValueError(f"{k}: expected text, got {v!r}")
        elif k in spec.typed:
            kind = spec.typed[k]
            if kind != "bool" or type(v) is not bool:  # a boolean's type says all there is to say
                values.append((k, kind, _GOOD[kind]))
        elif not (type(v) in _SCALARS or (type(v) is list and all(type(x) in _SCALARS for x in v))):
            # a column the schema does not know (the reader keeps it as text)
            raise ValueError(f"{k}: expected a plain value, got {v!r}")
    return tuple(values)


def _wrong(kind: str, v: object) -> str | None:
    """Why ``v`` cannot be a value of this column kind (``None``: it can)."""
    family, _, name = kind.partition(":")
    if kind == "bool":
        return None if type(v) is bool else f"expected true or false, got {v!r}"
    if kind in ("amount", "float", "int"):
        if isinstance(v, bool) or not isinstance(v, int | float):
            return f"expected a number, got {v!r}"
        try:  # the reader's own range (finite, not negative, at most MAX_AMOUNT / MAX_NUMBER)
            parse.parser(kind)(str(v) if isinstance(v, int) or v != v or abs(v) == float("inf") else f"{v:f}")
        except ValueError as e:
            return str(e)
        return None
    if kind == "date":
        if type(v) is not str:
            return f"expected an ISO date (YYYY-MM-DD), got {v!r}"
        try:
            return None if parse.parse_date(v) == v else f"not an ISO date (YYYY-MM-DD): {v!r}"
        except ValueError as e:
            return str(e)
    if family in ("enum", "list"):
        allowed = ENUMS[name]
        values = v if family == "list" and type(v) is list else [v] if family == "enum" else None
        if values is None or not all(type(x) is str and x in allowed for x in values):
            return f"expected {'a list of ' if family == 'list' else ''}{', '.join(sorted(allowed))}, got {v!r}"
        return None
    if kind == "ids":
        return None if type(v) is list and all(type(x) is str for x in v) else f"expected a list of ids, got {v!r}"
    raise AssertionError(f"no check for column kind {kind!r}")  # pragma: no cover - a kind added to schema.py
