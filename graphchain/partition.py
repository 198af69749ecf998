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

from .analysis.view import with_view
from .bundle import Bundle
from .model import (
    Places,
    Records,
    add_records,
    attribution,
    graph_records,
    group_by_project,
    identifier_records,
    subgraph_of,
)
from .schema import AGENT, EMPLOYER, RINGS_ONLY, TABLE_ORDER, TABLES, UNPLACED
from .util import paused_gc

# the tables whose rows are parties and persons (node keys as they are), and every column naming one
AGENT_TABLES = tuple(n for n in TABLE_ORDER if TABLES[n].id_namespace == AGENT)
AGENT_REFS = {n: [c.name for c in TABLES[n].columns if c.type in ("ref:agent", "ref:parties", "ref:persons")]
              for n in TABLE_ORDER}


@dataclass
class Part:
    """A chunk of projects as a small bundle: their rows, the parties and persons those name, and the whole
    bundle's answers of legal-rules F for its money and claims (picklable: a process or a Dask worker builds
    it)."""

    bundle: Bundle
    places: Places
    project_ids: list[str]

    def graphs(self, edges: bool = True) -> Iterator[tuple[str, nx.MultiDiGraph]]:
        """(project_id, subgraph) for each project of the part, in its order. The subgraphs share the part's
        attribute dicts (readers only, as ``project_subgraph(…, copy=False)``). Each is made straight from the
        part's records, grouped by project as :func:`graphchain.model.edges_by_project` groups a graph's
        edges: the part's whole graph is never built (it cost more than each project's subgraph and view).
        Without ``edges``, each is the subgraph's nodes with its view (:func:`graphchain.analysis.view.with_view`):
        all that the analyses read."""
        with paused_gc():
            rec = graph_records(self.bundle, self.places, identifiers=False)
            # an end no row describes is a node without attributes, as in a graph: made when first asked for
            nodes: defaultdict[str, dict] = defaultdict(dict)
            for items in rec.nodes.values():
                for n, d in items:
                    if n in nodes:  # as add_records: a node given twice is one node
                        nodes[n].update(d)
                    else:
                        nodes[n] = d
            every = list(chain.from_iterable(rec.edges.values()))
            del rec
            index = group_by_project(every, nodes)
            del every
        source = self.bundle.source
        for pid in self.project_ids:
            on = index.get(pid, [])
            H = subgraph_of(nodes, source, pid, on, copy=False, edges_too=edges)
            yield pid, H if edges else with_view(H, on)
            H.graph.pop("_view", None)  # H <-> its view is a cycle: freed now, not at the next collection


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
        tables = {}
        for name, by_project in self.rows.items():
            chunks = [by_project[p] for p in project_ids if p in by_project]
            chunks += [np.asarray(self.floating[p][name], dtype=np.intp) for p in project_ids
                       if p in self.floating and name in self.floating[p]]
            tables[name] = self._take(name, np.unique(np.concatenate(chunks)) if chunks else [])
        # only the answers for this part's money and claims (a Dask task carries its part over the network)
        pay, claims = tables.get("payments"), tables.get("claims")
        places = Places({}, _only(self.places.payments, pay, "payment_id"),
                         _only(self.places.claims, claims, "claim_id"))
        return Part(self._bundle(tables), places, list(project_ids))

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
