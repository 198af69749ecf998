"""Reads by key for the explorer (``graphchain serve``, ``graphchain graph --party/--ring``).

One small interface, :class:`Reader`, over the two places a graph lives: the embedded graph
(:class:`GraphReader`) and Neo4j (:class:`Neo4jReader`, statements in ``cypher/explore.cypher``).
Everything is read by node key — a node, its neighbourhood, one project's subgraph — so opening a
page costs the same on a 20-project bundle as on a 20,000-project database. The two wholesale reads
(the search index's names and the claims graph for rings) happen only when first asked for.

>>> from graphchain import build_graph, read_bundle
>>> r = GraphReader(build_graph(read_bundle("tests/data/mini")))
>>> r.node("D")["name"], sorted({d["rel"] for *_, d in r.around(["D"]).edges(data=True)})
('王建国', ['AGAINST', 'CONTRACT', 'EMPLOYED', 'HAS', 'PAID'])
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Protocol

import networkx as nx

from ..model import project_index, project_subgraph
from ..schema import PERSONAL_COLUMNS

NAMED = ("Party", "Person", "Project")
Named = tuple[str, str, str, str, list[str]]  # key, label, id, name, personal numbers
TERMS = re.compile(r"[A-Za-z0-9]+|[^\W\dA-Za-z_]")  # Latin words and numbers whole, any other letter alone
DIGITS = re.compile(r"(\d{3,})$")


class Reader(Protocol):
    """What the explorer reads; every method but :meth:`names` and :meth:`claims_graph` by key."""

    def node(self, key: str) -> dict | None:
        """A node's attributes, or None when there is no such node."""

    def around(self, keys: Iterable[str]) -> nx.MultiDiGraph:
        """``keys`` with every edge that touches them and the nodes at the other ends."""

    def project_graph(self, project_id: str) -> nx.MultiDiGraph:
        """One project's subgraph (:func:`graphchain.model.project_subgraph`); KeyError when unknown."""

    def claims_graph(self) -> nx.MultiDiGraph:
        """What rings and leads read (the whole graph, or from Neo4j its claims subgraph)."""

    def names(self) -> Iterator[tuple[str, str, str, str, list[str]]]:
        """(key, label, id, name, personal numbers) of every party, person and project."""

    def some_projects(self, limit: int) -> list[tuple[str, str]]:
        """(id, name) of the first ``limit`` projects by id (where a new user can start)."""

    def candidates(self, q: str, limit: int) -> list[Named] | None:
        """What a search for ``q`` should score: a few hundred likely names, or None for every name."""


def _numbers(d: dict) -> list[str]:
    return [str(d[c]) for c in sorted(PERSONAL_COLUMNS) if d.get(c) not in (None, "")]


class GraphReader:
    """The embedded graph (a bundle read into memory)."""

    def __init__(self, G: nx.MultiDiGraph):
        self.G = G
        self._index: dict[str, list[tuple[str, str, str]]] | None = None

    def node(self, key: str) -> dict | None:
        return self.G.nodes[key] if key in self.G else None

    def around(self, keys: Iterable[str]) -> nx.MultiDiGraph:
        G = self.G
        H = nx.MultiDiGraph(source=G.graph.get("source", ""))
        for n in keys:
            if n not in G:
                continue
            H.add_node(n, **G.nodes[n])
            for u, v, k, d in [*G.out_edges(n, keys=True, data=True), *G.in_edges(n, keys=True, data=True)]:
                for x in (u, v):
                    if x not in H:
                        H.add_node(x, **G.nodes[x])
                H.add_edge(u, v, k, **d)
        return H

    def project_graph(self, project_id: str) -> nx.MultiDiGraph:
        # every project's edges indexed in one pass, when a project is first opened: without the index each
        # page would walk the whole graph
        if self._index is None:
            self._index = project_index(self.G)
        return project_subgraph(self.G, project_id, self._index)

    def claims_graph(self) -> nx.MultiDiGraph:
        return self.G

    def some_projects(self, limit: int) -> list[tuple[str, str]]:
        import heapq

        return heapq.nsmallest(limit, ((str(d["id"]), str(d.get("name") or "")) for d in self.G._node.values()
                                       if d.get("label") == "Project"))

    def candidates(self, q: str, limit: int) -> list[Named] | None:
        return None  # the names are in memory already: score them all

    def names(self) -> Iterator[tuple[str, str, str, str, list[str]]]:
        for n, d in self.G.nodes(data=True):
            if d.get("label") in NAMED:
                yield n, d["label"], str(d.get("id", n)), str(d.get("name") or ""), _numbers(d)


class Neo4jReader:
    """A Neo4j database (:class:`graphchain.store.Neo4jStore`), read by key."""

    def __init__(self, store):
        self.store = store
        self._index_online = False
        from neo4j.exceptions import Neo4jError

        try:
            self.store.run(self._q("names_index"))  # idempotent, like the store's own schema
        except Neo4jError:  # a user who may not create indexes: every name is scored instead
            pass

    def candidates(self, q: str, limit: int) -> list[Named] | None:
        """Full-text hits on names and ids, exact keys, and (for digits) numbers ending so; None while the
        full-text index is still being built (then every name is scored, as on the embedded graph)."""
        if not self._index_online:
            state = self.store.run(self._q("names_index_state"))
            self._index_online = bool(state) and state[0]["state"] == "ONLINE"
            if not self._index_online:
                return None
        rows = list(self.store.run(self._q("search_key"), keys=[q, f"project:{q}"]))
        terms = TERMS.findall(q)
        if terms:
            query = " OR ".join(f"{t}~" if t.isalpha() and t.isascii() and len(t) >= 3 else t for t in terms)
            rows += self.store.run(self._q("search_names"), query=query, limit=limit)
        if m := DIGITS.search(q.replace(" ", "")):
            rows += self.store.run(self._q("search_numbers"), tail=m.group(1), limit=limit)
        out: dict[str, Named] = {}
        for r in rows:
            out.setdefault(r["key"], (r["key"], r["label"], str(r["id"] if r["id"] is not None else r["key"]),
                                      str(r["name"] or ""), list(r["numbers"])))
        return list(out.values())

    def _q(self, name: str) -> str:
        from ..cypher import statement

        return statement("explore", name)

    def _nodes(self, keys: list[str]) -> list[tuple[str, dict]]:
        """(key, attributes) of the nodes with these keys (the store's own read by key)."""
        return self.store.nodes(keys)

    def node(self, key: str) -> dict | None:
        found = self._nodes([key])
        return found[0][1] if found else None

    def around(self, keys: Iterable[str]) -> nx.MultiDiGraph:
        from .neo4j import record_props

        keys = list(dict.fromkeys(keys))
        H = nx.MultiDiGraph(source=self.store.uri)
        for k, d in self._nodes(keys):
            H.add_node(k, **d)
        for r in self.store.run(self._q("around"), keys=keys):
            for n, p in ((r["u"], r["u_props"]), (r["v"], r["v_props"])):
                if n not in H:
                    H.add_node(n, **record_props(p))
            H.add_edge(r["u"], r["v"], r["key"], **record_props(r["props"]))
        return H

    def project_graph(self, project_id: str) -> nx.MultiDiGraph:
        return self.store.project_graph(project_id)

    def claims_graph(self) -> nx.MultiDiGraph:
        return self.store.claims_graph()

    def some_projects(self, limit: int) -> list[tuple[str, str]]:
        return [(str(r["id"]), str(r["name"] or "")) for r in self.store.run(self._q("some_projects"), limit=limit)]

    def names(self) -> Iterator[tuple[str, str, str, str, list[str]]]:
        with self.store.driver.session(database=self.store.database) as s:
            for r in s.run(self._q("names")):
                yield r["key"], r["label"], str(r["id"] if r["id"] is not None else r["key"]), \
                    str(r["name"] or ""), list(r["numbers"])
