"""Build the graph model (see :mod:`graphchain.schema`) from a validated bundle.

The embedded default: everything in one in-memory ``networkx.MultiDiGraph``. The Neo4j store
loads exactly the records that :func:`graph_records` yields and reads them back into the same
structure, so both paths give equal graphs.

>>> from graphchain.bundle import read_bundle          # doctest: +SKIP
>>> G = build_graph(read_bundle("bundle/"))            # doctest: +SKIP
>>> G.nodes["project:P1"]["label"]                     # doctest: +SKIP
'Project'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from .bundle import Bundle
from .schema import IDENTIFIER_KINDS, TABLES, claim_key, identifier_key, project_key


@dataclass
class Records:
    """Nodes as (key, attrs) and edges as (u, v, key, attrs); attrs never hold ``None``."""

    nodes: dict[str, list[tuple[str, dict]]]  # label -> nodes
    edges: dict[str, list[tuple[str, str, str, dict]]]  # rel type -> edges


def _clean(d: dict) -> dict:
    """Drop missing values and empty lists: Neo4j cannot store nulls, so neither do we."""
    return {k: v for k, v in d.items() if v is not None and v == v and v != []}  # v == v drops NaN


def _rows(b: Bundle, name: str) -> Iterator[dict]:
    df = b.table(name)
    label = b.label(name)
    cols = [c for c in df.columns if c != "_row"]
    for tup in df.itertuples(index=False, name=None):
        d = dict(zip(df.columns, tup, strict=True))
        row = d.pop("_row")
        yield _clean({c: d[c] for c in cols}) | {"source": f"{label}:{row}"}


def employment_id(row: dict) -> str:
    """The evidence id of an employment row: its own id, or ``file:row`` when it has none."""
    return row.get("employment_id") or row["source"]


def graph_records(b: Bundle) -> Records:
    """Every node and edge of the model, in a fixed order (so loads are reproducible)."""
    nodes: dict[str, list] = defaultdict(list)
    edges: dict[str, list] = defaultdict(list)
    holders: dict[str, list[str]] = defaultdict(list)  # identifier key -> agents holding it
    for table, label in (("parties", "Party"), ("persons", "Person")):
        key = TABLES[table].key
        for r in _rows(b, table):
            nodes[label].append((r[key], r | {"label": label, "id": r[key]}))
            for kind in IDENTIFIER_KINDS:
                if kind in r:
                    holders[identifier_key(kind, str(r[kind]))].append(r[key])
    # Only identifiers shared by two or more parties/persons become nodes: an unshared phone
    # links nobody, and millions of them would crowd memory and the graph page.
    for ik, agents in holders.items():
        if len(set(agents)) < 2:
            continue
        kind, value = ik.split(":", 1)
        nodes["Identifier"].append((ik, {"label": "Identifier", "id": ik, "kind": kind, "value": value}))
        for a in dict.fromkeys(agents):
            edges["HAS"].append((a, ik, kind, {"rel": "HAS", "kind": kind}))
    for r in _rows(b, "projects"):
        pk = project_key(r["project_id"])
        nodes["Project"].append((pk, r | {"label": "Project", "id": r["project_id"]}))
        edges["OWNS"].append((r["owner_id"], pk, f"owns:{r['project_id']}",
                              {"rel": "OWNS", "project_id": r["project_id"], "source": r["source"]}))
    for r in _rows(b, "contracts"):
        attrs = {k: v for k, v in r.items() if k not in ("from_id", "to_id")}
        edges["CONTRACT"].append((r["from_id"], r["to_id"], r["contract_id"],
                                  attrs | {"rel": "CONTRACT", "id": r["contract_id"]}))
    for r in _rows(b, "payments"):
        attrs = {k: v for k, v in r.items() if k not in ("payer_id", "payee_id")}
        edges["PAID"].append((r["payer_id"], r["payee_id"], r["payment_id"],
                              attrs | {"rel": "PAID", "id": r["payment_id"]}))
    for r in _rows(b, "employment"):
        eid = employment_id(r)
        attrs = {k: v for k, v in r.items() if k not in ("person_id", "employer_id")}
        edges["EMPLOYED"].append((r["person_id"], r["employer_id"], eid, attrs | {"rel": "EMPLOYED", "id": eid}))
    for r in _rows(b, "claims"):
        cid = r["claim_id"]
        ck = claim_key(cid)
        nodes["Claim"].append((ck, r | {"label": "Claim", "id": cid}))
        edges["FILED"].append((r["claimant_id"], ck, f"filed:{cid}", {"rel": "FILED", "source": r["source"]}))
        if "respondent_id" in r:
            edges["AGAINST"].append((ck, r["respondent_id"], f"against:{cid}",
                                     {"rel": "AGAINST", "source": r["source"]}))
        if "project_id" in r:
            edges["ON"].append((ck, project_key(r["project_id"]), f"on:{cid}",
                                {"rel": "ON", "source": r["source"]}))
    return Records(dict(nodes), dict(edges))


def graph_from_records(rec: Records, source: str = "") -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(source=source)
    for items in rec.nodes.values():
        G.add_nodes_from(items)
    for items in rec.edges.values():
        G.add_edges_from(items)
    return G


def build_graph(b: Bundle) -> nx.MultiDiGraph:
    """The whole bundle as one in-memory graph (the embedded default)."""
    return graph_from_records(graph_records(b), b.source)


# ------------------------------------------------------------------ per-project views
def edge_project(G: nx.MultiDiGraph, u: str, v: str, data: dict) -> str | None:
    """The project an edge belongs to: its own project_id, or its contract's."""
    pid = data.get("project_id")
    if pid is None and data.get("rel") == "PAID" and "contract_id" in data:
        contract = _contract_index(G).get(data["contract_id"])
        pid = contract[2].get("project_id") if contract else None
    if pid is None and data.get("rel") in ("FILED", "AGAINST", "ON"):
        claim = v if data["rel"] == "FILED" else u
        pid = G.nodes[claim].get("project_id")
    return pid


def _contract_index(G: nx.MultiDiGraph) -> dict[str, tuple[str, str, dict]]:
    idx = G.graph.get("_contracts")
    if idx is None:
        idx = {k: (u, v, d) for u, v, k, d in G.edges(keys=True, data=True) if d.get("rel") == "CONTRACT"}
        G.graph["_contracts"] = idx
    return idx


def project_index(G: nx.MultiDiGraph) -> dict[str, list[tuple[str, str, str]]]:
    """project_id -> the (u, v, key) of every edge on it, in one pass over the graph."""
    idx: dict[str, list] = defaultdict(list)
    for u, v, k, d in G.edges(keys=True, data=True):
        if d.get("rel") in ("HAS",):
            continue
        pid = edge_project(G, u, v, d)
        if pid is not None:
            idx[pid].append((u, v, k))
    return idx


def project_subgraph(G: nx.MultiDiGraph, project_id: str,
                     index: dict[str, list[tuple[str, str, str]]] | None = None) -> nx.MultiDiGraph:
    """One project's subgraph: the project, its owner, and every contract, payment, employment
    and claim on it with their endpoints (a copy, safe to modify)."""
    pk = project_key(project_id)
    if pk not in G:
        raise KeyError(project_id)
    keys = (index if index is not None else project_index(G)).get(project_id, [])
    H = nx.MultiDiGraph(source=G.graph.get("source", ""), project_id=project_id)
    H.add_node(pk, **G.nodes[pk])
    for u, v, k in keys:
        for n in (u, v):
            if n not in H:
                H.add_node(n, **G.nodes[n])
        H.add_edge(u, v, k, **G.edges[u, v, k])
    return H


def frame(G: nx.MultiDiGraph, rel: str) -> pd.DataFrame:
    """All edges of one type as a table with ``u``, ``v`` and ``key`` columns."""
    rows = [d | {"u": u, "v": v, "key": k} for u, v, k, d in G.edges(keys=True, data=True) if d.get("rel") == rel]
    return pd.DataFrame(rows)
