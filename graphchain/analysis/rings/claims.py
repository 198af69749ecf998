"""What the ring analysis reads from the graph: claims, their claimants' employment, settlements and
identifiers (:func:`collect`), and the claims subgraph that holds all of it (:func:`claims_subgraph`;
from Neo4j: :meth:`graphchain.store.Neo4jStore.claims_graph`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import networkx as nx

from ...model import on_project
from .representatives import representative_names


@lru_cache(maxsize=8192)  # a few thousand distinct days, read hundreds of thousands of times
def day(s: str | None) -> date | None:
    """The date an ISO date or timestamp starts with; None when there is none.

    >>> day("2024-03-01T08:00"), day(""), day("soon")
    (datetime.date(2024, 3, 1), None, None)
    """
    try:
        return date.fromisoformat(str(s)[:10]) if s else None
    except ValueError:
        return None


@dataclass
class Claim:
    """One claim with its per-claim signals (set by :func:`graphchain.analysis.rings.signals.claim_signals`)."""

    id: str
    person: str
    amount: float
    filed: str
    project: str | None = None
    respondent: str | None = None
    group: str | None = None
    reps: list[str] = field(default_factory=list)
    no_employment: bool = False
    over_claim: bool = False
    short_time: bool = False

    @property
    def suspicious(self) -> bool:
        return self.no_employment or self.over_claim


@dataclass
class ClaimsData:
    """Everything the ring analysis reads from the graph, in plain dicts."""

    claims: dict[str, Claim]  # claim_id -> claim
    names: dict[str, str]  # claimant person_id -> name
    employment: dict[tuple[str, str], list[dict]]  # (person, project) -> EMPLOYED edge attrs
    by_employer: dict[tuple[str, str], list[dict]]  # (person, employer) -> EMPLOYED edge attrs
    # person -> [(payment_id, payer, amount, from a builder)]: money "other" than wages or works to a claimant
    settlements: dict[str, list[tuple[str, str, float, bool]]]
    identifiers: dict[str, tuple[str, str, list[str]]]  # identifier key -> (kind, value, holders)
    holds: dict[str, list[str]] = field(default_factory=dict)  # claimant -> identifier keys held


def collect(G: nx.MultiDiGraph) -> ClaimsData:
    """Read claims, their claimants' employment, settlements and identifiers from ``G``.

    Only the neighbourhoods of claimants are visited (plus one pass over the nodes), so the whole
    graph and the claims subgraph give the same data.

    Parameters
    ----------
    G : nx.MultiDiGraph
        The graph model (:func:`graphchain.build_graph`) or its claims subgraph.

    Returns
    -------
    ClaimsData
        The claims (signals not yet set) and what the signals and links read.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("W1", label="Person", name="刘大壮")
    >>> G.add_node("claim:C1", label="Claim", id="C1", claimant_id="W1", amount=9000.0, filed="2024-03-01",
    ...            project_id="P1", text="刘大壮代表李四等8人讨薪")
    >>> G.add_edge("W1", "phone:13800001111", "phone", rel="HAS")
    'phone'
    >>> G.add_node("phone:13800001111", label="Identifier", kind="phone", value="13800001111")
    >>> data = collect(G)
    >>> data.claims["C1"].project, data.claims["C1"].reps, data.identifiers
    ('P1', ['刘大壮'], {'phone:13800001111': ('phone', '13800001111', ['W1'])})
    """
    claims: dict[str, Claim] = {}
    texts: dict[str, str | None] = {}
    for d in G._node.values():
        if d.get("label") != "Claim":
            continue
        c = Claim(str(d["id"]), str(d["claimant_id"]), float(d.get("amount", 0.0)), str(d.get("filed", "")),
                  on_project(d), d.get("respondent_id"), d.get("group_id"))
        claims[c.id] = c
        texts[c.id] = d.get("text")
    persons = sorted({c.person for c in claims.values()})
    names: dict[str, str] = {}
    employment: dict[tuple[str, str], list[dict]] = defaultdict(list)
    by_employer: dict[tuple[str, str], list[dict]] = defaultdict(list)
    settlements: dict[str, list] = defaultdict(list)
    identifiers: dict[str, tuple[str, str, list[str]]] = {}
    holds: dict[str, list[str]] = defaultdict(list)
    # the graph's own adjacency dicts: much faster than its views (as graphchain.findings reads them)
    succ, pred, nodes = G._succ, G._pred, G._node
    for p in persons:
        if p not in G:
            continue
        names[p] = str(nodes[p].get("name", p))
        for v, keyed in succ[p].items():
            for k, d in keyed.items():
                rel = d.get("rel")
                if rel == "EMPLOYED":
                    employment[(p, str(d.get("project_id")))].append(d)
                    by_employer[(p, v)].append(d)
                elif rel == "HAS":
                    holds[p].append(v)
                    if v not in identifiers:
                        holders = sorted(u for u, ks in pred[v].items()
                                         if any(e.get("rel") == "HAS" for e in ks.values()))
                        identifiers[v] = (str(nodes[v].get("kind", k)), str(nodes[v].get("value", v)), holders)
        for u, keyed in pred[p].items():
            for k, d in keyed.items():
                # settlement money: a builder (a party) pays a claimant for "other" than wages or works;
                # kept too when a person pays it (a member forwarding a settlement to the organiser)
                if d.get("rel") == "PAID" and d.get("purpose") == "other":
                    builder = nodes[u].get("label") == "Party"
                    settlements[p].append((str(k), u, float(d.get("amount", 0.0)), builder))
    known = frozenset(names.values())
    for c in claims.values():
        c.reps = representative_names(texts[c.id], known)
    return ClaimsData(claims, names, dict(employment), dict(by_employer), dict(settlements), identifiers,
                      {p: sorted(keys) for p, keys in holds.items()})


def _in_window(filed: str | None, since: str | None, until: str | None) -> bool:
    return (since is None or str(filed) >= since) and (until is None or str(filed) <= until)


def claims_subgraph(G: nx.MultiDiGraph, since: str | None = None, until: str | None = None,
                    chains: bool = True) -> nx.MultiDiGraph:
    """The claims subgraph of ``G`` in memory — what ``cypher/rings.cypher`` reads from Neo4j.

    Claimants (persons with a claim filed in [since, until]), their claims with the claims'
    AGAINST/ON edges, the claimants' EMPLOYED edges, PAID edges to them, and the identifiers they
    hold with every holder; with ``chains`` also every party and the CONTRACT/OWNS edges, which the
    leads need to resolve respondent names. ``find_rings`` gives the same rings on it as on ``G``.

    Parameters
    ----------
    G : nx.MultiDiGraph
        The whole graph.
    since, until : str, optional
        Only claims filed in [since, until] (ISO dates) and their claimants.
    chains : bool
        Also every party and the CONTRACT/OWNS edges.

    Returns
    -------
    nx.MultiDiGraph
        Equal to :meth:`graphchain.store.Neo4jStore.claims_graph` on the same data.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("claim:C1", label="Claim", id="C1", claimant_id="W1", filed="2024-03-01")
    >>> G.add_edge("W1", "claim:C1", "filed:C1", rel="FILED")
    'filed:C1'
    >>> G.add_edge("W2", "W3", "T1", rel="PAID")  # between persons who never claimed: not read
    'T1'
    >>> sorted(claims_subgraph(G)), list(claims_subgraph(G, since="2025-01-01"))
    (['W1', 'claim:C1'], [])
    """
    H = nx.MultiDiGraph(source=G.graph.get("source", ""))
    edges: list[tuple[str, str, str]] = []
    claimants: set[str] = set()
    for n, d in G.nodes(data=True):
        if d.get("label") == "Claim" and _in_window(d.get("filed"), since, until):
            for u, v, k, e in G.in_edges(n, keys=True, data=True):
                if e.get("rel") == "FILED":
                    claimants.add(u)
                    edges.append((u, v, k))
            edges += [(u, v, k) for u, v, k, e in G.out_edges(n, keys=True, data=True)
                      if e.get("rel") in ("AGAINST", "ON")]
        elif chains and d.get("label") == "Party":
            H.add_node(n, **d)
    idents: set[str] = set()
    for p in claimants:
        for u, v, k, e in G.out_edges(p, keys=True, data=True):
            if e.get("rel") == "EMPLOYED":
                edges.append((u, v, k))
            elif e.get("rel") == "HAS":
                idents.add(v)
        edges += [(u, v, k) for u, v, k, e in G.in_edges(p, keys=True, data=True) if e.get("rel") == "PAID"]
    for i in idents:
        edges += [(u, v, k) for u, v, k, e in G.in_edges(i, keys=True, data=True) if e.get("rel") == "HAS"]
    if chains:
        edges += [(u, v, k) for u, v, k, e in G.edges(keys=True, data=True) if e.get("rel") in ("CONTRACT", "OWNS")]
    for u, v, k in edges:
        for n in (u, v):
            if n not in H:
                H.add_node(n, **G.nodes[n])
        H.add_edge(u, v, k, **G.edges[u, v, k])
    return H
