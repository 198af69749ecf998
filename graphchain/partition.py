"""The embedded path without the whole graph: the bundle stays in its tables, and each chunk of projects is
built into a small graph only while it is analysed, then released (issue 12).

:class:`ProjectRows` finds once which rows of each table are on which project, by the rules of
:func:`graphchain.model.edges_by_project`: a row's own ``project_id``; a payment's or claim's project from
docs/legal-rules.md F (:func:`graphchain.model.attribution`, worked out on the whole bundle); money and orders
tied to no project with every project on which their payer / ordered party employs people
(:data:`graphchain.schema.UNPLACED`).
:meth:`ProjectRows.part` takes a chunk's rows out, with every party and person they name, as a :class:`Part`;
:meth:`Part.graphs` builds it and gives each project's subgraph, equal to
:func:`graphchain.model.project_subgraph` of the whole graph (same nodes, edges, keys and attributes; tested).
The cross-project pieces are made from the tables the same way: the graph the rings read
(:meth:`ProjectRows.claims_graph`), the money and claims tied to no project, the row counts.

>>> from graphchain.bundle import read_bundle
>>> rows = ProjectRows(read_bundle("tests/data/mini"))
>>> [(pid, H.number_of_edges()) for pid, H in rows.part(rows.project_ids).graphs()]
[('P1', 23), ('P2', 12)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import chain

import networkx as nx
import numpy as np
import pandas as pd

from .analysis.view import RECORDS, typed_records, with_records
from .bundle import Bundle
from .model import (
    Places,
    Records,
    add_records,
    attribution,
    employment_ids,
    graph_records,
    group_by_project,
    identifier_records,
    subgraph_of,
)
from .schema import AGENT, EMPLOYER, RINGS_ONLY, SELF, TABLE_ORDER, TABLES, UNPLACED
from .util import paused_gc

# the tables whose rows are parties and persons (node keys as they are), and every column naming one
AGENT_TABLES = tuple(n for n in TABLE_ORDER if TABLES[n].id_namespace == AGENT)
AGENT_REFS = {n: [c.name for c in TABLES[n].columns if c.type in ("ref:agent", "ref:parties", "ref:persons")]
              for n in TABLE_ORDER}


@dataclass
class Part:
    """A chunk of projects as a small bundle: their rows, the parties and persons those name, and the whole
    bundle's answers of legal-rules F for its money and claims (picklable: a process or a Dask worker builds
    it). ``groups``: table -> project -> the positions of the rows on the project in the part's table (its own,
    then those tied to no project that go with it, :data:`graphchain.schema.UNPLACED`), as
    :meth:`ProjectRows.part` found them on the whole bundle."""

    bundle: Bundle
    places: Places
    project_ids: list[str]
    groups: dict[str, dict[str, np.ndarray]]

    def graphs(self, edges: bool = True) -> Iterator[tuple[str, nx.MultiDiGraph]]:
        """(project_id, subgraph) for each project of the part, in its order. The subgraphs share the part's
        attribute dicts (readers only, as ``project_subgraph(…, copy=False)``). Each is made straight from the
        part's records, grouped by project as :func:`graphchain.model.edges_by_project` groups a graph's
        edges: the part's whole graph is never built (it cost more than each project's subgraph and view).
        Without ``edges``, each is the subgraph's nodes (in another order) with its view: all that the
        analyses read (:meth:`_lean`)."""
        if not edges:
            yield from self._lean()
            return
        with paused_gc():
            rec = graph_records(self.bundle, self.places, identifiers=False)
            nodes = _merged(rec)
            every = list(chain.from_iterable(rec.edges.values()))
            del rec
            index = group_by_project(every, nodes)
            del every
        source = self.bundle.source
        for pid in self.project_ids:
            yield pid, subgraph_of(nodes, source, pid, index.get(pid, []), copy=False)

    def _lean(self) -> Iterator[tuple[str, nx.MultiDiGraph]]:
        """Each project's nodes with its view, made from the part's columns: the rows that are edges (contracts,
        payments, employment) become the view's records (:func:`graphchain.analysis.view.typed_records`) in one
        pass over each column, never an attribute dict, an edge or a grouping of their own; each project takes
        its records by the positions in :attr:`groups`. Only the rows that are nodes become records. The
        nodes are the subgraph's (every end of its edges, tested), in another order: the analyses read them by
        key."""
        b, source = self.bundle, self.bundle.source
        with paused_gc():
            node_tables = {name: df for name, df in b.tables.items() if TABLES[name].edge is None}
            nodes = _merged(graph_records(replace(b, tables=node_tables), self.places, identifiers=False))
            rows = {name: _Rows(name, df, self.places) for name, df in b.tables.items() if name in self.groups}
        for pid in self.project_ids:
            at = {name: g[pid].tolist() for name, g in self.groups.items() if pid in g}
            ends = list(chain.from_iterable(r.ends(at[name]) for name, r in rows.items() if name in at))
            H = subgraph_of(nodes, source, pid, ends, copy=False, edges_too=False)
            typed = {r.rel: r.on(at.get(name, [])) for name, r in rows.items() if r.rel is not None}
            # the orders' ORDERED edges (order, ordered party), in the order of their keys
            orders = sorted(rows["orders"].pairs(0, at["orders"])) if "orders" in at else []
            yield pid, with_records(H, {rel: typed.get(rel, ([], [])) for rel in RECORDS}, orders)
            H.graph.pop("_view", None)  # H <-> its view is a cycle: freed now, not at the next collection


def _merged(rec: Records) -> defaultdict[str, dict]:
    """The nodes of ``rec`` by key, as :func:`graphchain.model.add_records` merges them (a node given twice is one
    node); an end no row describes is a node without attributes, as in a graph: made when first asked for."""
    nodes: defaultdict[str, dict] = defaultdict(dict)
    for items in rec.nodes.values():
        for n, d in items:
            if n in nodes:
                nodes[n].update(d)
            else:
                nodes[n] = d
    return nodes


class _Rows:
    """A table of a part as columns: the ends of the edges each row makes (:attr:`graphchain.schema.Table.out_links`)
    and, for a table whose rows are edges, the view's record of each row and the project it is tied to (its own, a
    payment's by legal-rules F: ``places``; None for one tied to none)."""

    def __init__(self, name: str, df: pd.DataFrame, places: Places):
        t = TABLES[name]
        cols = {c: df[c].tolist() for c in df.columns if c != "_row"}
        keys = cols[t.key] if t.key else employment_ids(cols)
        self.links = []
        for link in t.out_links:
            us = _end(link.source, "", t, keys, cols)
            vs = _end(link.target, link.target_prefix, t, keys, cols)
            self.links.append((us, vs, None in us or None in vs))
        self.rel = t.edge.rel if t.edge is not None else None
        if self.rel is not None:
            us, vs, _ = self.links[0]
            self.records = typed_records(self.rel, keys, us, vs, cols.get)
            self.projects = cols["project_id"]
            if self.rel == "PAID":  # a payment without its project_id: as graph_records ties it (legal-rules F)
                self.projects = [p if p is not None else places.payment_project(u, v, _given(k, c))
                                 for p, k, u, v, c in zip(self.projects, keys, us, vs, cols["contract_id"],
                                                          strict=True)]
            self.key = keys

    def ends(self, at: list[int]) -> Iterator[tuple[str, str]]:
        """The (u, v) of the edges the rows at these positions make."""
        for i in range(len(self.links)):
            yield from self.pairs(i, at)

    def pairs(self, link: int, at: list[int]) -> Iterable[tuple[str, str]]:
        """The (u, v) of the edges of the ``link``-th link the rows at these positions make (none where an end
        is missing)."""
        us, vs, gaps = self.links[link]
        pairs = zip(map(us.__getitem__, at), map(vs.__getitem__, at), strict=True)
        return filter(_both, pairs) if gaps else pairs

    def on(self, at: list[int]) -> tuple[list, list]:
        """The view's records of the rows at these positions in the order of their keys, and their projects."""
        at = sorted(at, key=self.key.__getitem__)
        return [self.records[i] for i in at], [self.projects[i] for i in at]


def _both(pair: tuple) -> bool:
    return pair[0] is not None and pair[1] is not None


def _given(payment_id: str, contract_id: str | None) -> dict:
    """What :meth:`graphchain.model.Places.payment_project` reads of a payment without its project_id."""
    return {"id": payment_id} if contract_id is None else {"id": payment_id, "contract_id": contract_id}


def _end(column: str, prefix: str, t, keys: list, cols: dict[str, list]) -> list:
    """The node key at one end of a link for every row: the row's own node (``SELF``), else the column's value
    with the link's prefix (None where the row has none)."""
    if column == SELF:
        return [t.prefix + k for k in keys]
    values = cols[column]
    return [None if v is None else prefix + v for v in values] if prefix else values


@dataclass
class ClaimsRows:
    """The rows the rings read (:meth:`ProjectRows.claims_rows`) and the shared identifiers."""

    bundle: Bundle
    identifiers: Records
    places: Places

    def graph(self) -> nx.MultiDiGraph:
        """Every claim and project node, the claimants' employment and the payments to them, the shared
        identifiers with the parties and persons holding them. The edges claims and projects make (FILED,
        AGAINST, ON, OWNS) are left out: a claim is read from its node."""
        rec = graph_records(self.bundle, self.places, identifiers=False)
        for name in ("claims", "projects"):
            for link in TABLES[name].links:
                rec.edges.pop(link.rel, None)
        G = nx.MultiDiGraph(source=self.bundle.source)
        with paused_gc():
            add_records(G, rec)
            add_records(G, self.identifiers)
        return G


class ProjectRows:
    """A read bundle indexed by project: which rows of each table each project's subgraph is made of."""

    def __init__(self, b: Bundle):
        self.bundle = b
        # what the parts are made of: every table, less the columns only the rings read (no copy of the others)
        self.tables = {name: df.drop(columns=list(RINGS_ONLY.get(name, ())), errors="ignore")
                       for name, df in b.tables.items()}
        self.places = attribution(b)
        projects = b.table("projects")["project_id"].tolist()
        self.project_ids: list[str] = sorted(projects)
        on: dict[str, list] = {"projects": projects}
        for name in ("contracts", "employment", "orders"):
            on[name] = b.table(name)["project_id"].tolist()
        pay, claims = b.table("payments"), b.table("claims")
        answer, claim_answer = self.places.payments, self.places.claims
        on["payments"], asked = _own_project(pay, "payment_id", answer.__getitem__)
        on["claims"], _ = _own_project(claims, "claim_id", lambda i: claim_answer[i][0])
        self.loose_payments = sorted(i for i in asked if answer[i] is None)
        self.rows = {name: _positions(pids) for name, pids in on.items() if name in b.tables}
        # rows tied to no project go with every project their payer / ordered party employs on (schema.UNPLACED)
        loose: dict[str, dict[str, list[int]]] = {}  # agent -> table -> rows
        for name, follows in UNPLACED.items():
            if name in b.tables:
                agents = b.table(name)[follows.column].tolist()
                for i, p in enumerate(on[name]):
                    if p is None:
                        loose.setdefault(agents[i], {}).setdefault(name, []).append(i)
        jobs = b.table(EMPLOYER.table)
        jobs = jobs[jobs[EMPLOYER.column].isin(list(loose))]
        self.floating: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for employer, pid in set(zip(jobs[EMPLOYER.column], jobs["project_id"], strict=True)):
            for name, rows in loose[employer].items():
                self.floating[pid][name] += rows
        self.index = {name: pd.Index(b.table(name)[TABLES[name].key]) for name in AGENT_TABLES}

    @property
    def counts(self) -> dict[str, int]:
        """Rows per table (what the findings document counts: one node or edge per row)."""
        return {name: len(self.bundle.tables[name]) if name in self.bundle.tables else 0 for name in TABLE_ORDER}

    def part(self, project_ids: list[str]) -> Part:
        """The rows of these projects' subgraphs, kept in the bundle's order, and the parties and persons
        they name."""
        tables, groups = {}, {}
        for name, by_project in self.rows.items():
            on = {p: [by_project[p]] for p in project_ids if p in by_project}
            for p in project_ids:
                if p in self.floating and name in self.floating[p]:
                    on.setdefault(p, []).append(np.asarray(self.floating[p][name], dtype=np.intp))
            at = {p: np.concatenate(a) for p, a in on.items()}
            rows = np.unique(np.concatenate(list(at.values()))) if at else np.empty(0, dtype=np.intp)
            tables[name] = self._take(name, rows)
            groups[name] = {p: np.searchsorted(rows, a) for p, a in at.items()}
        # only the answers for this part's money and claims (a Dask task carries its part over the network)
        pay, claims = tables.get("payments"), tables.get("claims")
        places = Places({}, _only(self.places.payments, pay, "payment_id"),
                         _only(self.places.claims, claims, "claim_id"))
        return Part(self._bundle(tables), places, list(project_ids), groups)

    def claims_graph(self) -> nx.MultiDiGraph:
        """What :func:`graphchain.analysis.rings.find_rings` reads of the whole graph (it gives the same rings
        on both): :meth:`claims_rows` built into a graph."""
        return self.claims_rows().graph()

    def claims_rows(self) -> ClaimsRows:
        """The rows of :meth:`claims_graph`: every claim and project, the claimants' employment and the payments
        to them, the shared identifiers, and every party and person these name (taken out of the bundle, which
        can then be let go before the graph is built). Taken once: this then lets go of the bundle's columns
        that only the rings read (:data:`graphchain.schema.RINGS_ONLY`), and keeps only what the parts are made of."""
        b = self.bundle
        if b.tables is self.tables:
            raise RuntimeError("the rings' rows are taken once: the columns only they read are let go then")
        claimants = set(b.table("claims")["claimant_id"])
        tables: dict[str, pd.DataFrame] = {name: b.tables[name] for name in ("claims", "projects") if name in b.tables}
        if "employment" in b.tables:
            jobs = b.tables["employment"]
            tables["employment"] = jobs[jobs["person_id"].isin(claimants)]
        if "payments" in b.tables:
            pay = b.tables["payments"]
            tables["payments"] = pay[pay["payee_id"].isin(claimants)]
        idents = identifier_records(b)
        holders = {a for a, *_ in idents.edges.get("HAS", [])}
        rings = ClaimsRows(self._bundle(tables, holders, b.tables), idents, self.places)
        self.bundle = replace(b, tables=self.tables)  # the whole tables let go (with the reader's references)
        return rings

    def _take(self, name: str, rows, tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
        return (self.tables if tables is None else tables)[name].take(np.asarray(rows, dtype=np.intp))

    def _bundle(self, tables: dict[str, pd.DataFrame], also: Iterable[str] = (),
                whole: dict[str, pd.DataFrame] | None = None) -> Bundle:
        """A bundle of these tables, with the parties and persons their rows name (and ``also``), taken from
        ``whole`` (default: the tables the parts are made of)."""
        b = self.bundle
        ids = set(also)
        for name, df in tables.items():
            for col in AGENT_REFS[name]:
                ids.update(df[col].tolist())
        ids.discard(None)
        wanted = list(ids)
        for name in AGENT_TABLES:
            if name in b.tables:
                at = self.index[name].get_indexer(wanted)
                tables[name] = self._take(name, np.unique(at[at >= 0]), whole)
        return Bundle(b.source, tables, b.extras, [], b.labels, b.missing)


def _own_project(df: pd.DataFrame, key: str, answer: Callable[[str], str | None]) -> tuple[list, list[str]]:
    """Each row's project: its own ``project_id``, else ``answer(its id)`` (legal-rules F, worked out on the
    whole bundle); and the ids of the rows that had none (only those are looked up)."""
    on = df["project_id"].tolist()
    ids = df[key].to_numpy()
    asked = [i for i, p in enumerate(on) if p is None]
    for i in asked:
        on[i] = answer(ids[i])
    return on, [ids[i] for i in asked]


def _only(answers: dict, df: pd.DataFrame | None, key: str) -> dict:
    if df is None or not answers:
        return {}
    return {i: answers[i] for i in df[key].tolist() if i in answers}


def _positions(project_ids: list) -> dict[str, np.ndarray]:
    """project_id -> the positions of the rows on it (rows on no project left out)."""
    if not project_ids:
        return {}
    groups = pd.Series(np.arange(len(project_ids))).groupby(pd.Series(project_ids, dtype=object)).indices
    return {str(k): np.asarray(v) for k, v in groups.items()}
