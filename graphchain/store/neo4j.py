"""The Neo4j store: load a bundle's graph records, read back the whole graph or one project.

Every statement comes from ``cypher/*.cypher`` and takes its data as parameters; labels and
relationship types are fixed there, so a name such as ``x'}) DETACH DELETE n //`` is only
ever a value.

>>> store = Neo4jStore.connect("bolt://127.0.0.1:7687")      # doctest: +SKIP
>>> store.load(read_bundle("bundle/"))                        # doctest: +SKIP
>>> G = store.project_graph("P1")                             # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import networkx as nx

from ..bundle import Bundle
from ..config import neo4j_settings
from ..cypher import statement
from ..model import Records, graph_records
from ..schema import NODE_LABELS, REL_TYPES, project_key

Progress = Callable[[int, str], None]  # (rows just written, what) -> None

BATCH = 5000


class StoreError(RuntimeError):
    """Neo4j cannot be reached or refused the work; the message says what to do."""


def _batches(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class Neo4jStore:
    def __init__(self, driver, database: str | None = None, uri: str = ""):
        self.driver = driver
        self.database = database
        self.uri = uri

    # -------------------------------------------------------------- connection
    @classmethod
    def connect(cls, uri: str | None = None, user: str | None = None, password: str | None = None,
                database: str | None = None) -> Neo4jStore:
        """Connect with settings from arguments, else the environment / config file."""
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, ConfigurationError, ServiceUnavailable

        s = neo4j_settings(uri)
        if not s["uri"]:
            raise StoreError("no Neo4j URI: pass --neo4j URI or set NEO4J_URI "
                             "(a local server: eval \"$(scripts/neo4j-local start)\")")
        auth = (user or s["user"], password or s["password"]) if (password or s["password"]) else None
        try:
            driver = GraphDatabase.driver(s["uri"], auth=auth)
            driver.verify_connectivity()
        except AuthError as e:
            raise StoreError(f"Neo4j at {s['uri']} refused the credentials (check NEO4J_USER / NEO4J_PASSWORD): "
                             f"{e.message}") from None
        except (ServiceUnavailable, ConfigurationError, OSError, ValueError) as e:
            raise StoreError(f"cannot reach Neo4j at {s['uri']}: {e}") from None
        store = cls(driver, database, s["uri"])
        store.ensure_schema()
        return store

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def run(self, q: str, **params) -> list:
        """Run one parameterised statement (retried on transient errors); the records."""
        records, _, _ = self.driver.execute_query(q, parameters_=params, database_=self.database)
        return records


    def ensure_schema(self) -> None:
        from ..cypher import statements

        for q in statements("schema").values():
            self.run(q)

    # -------------------------------------------------------------- writing
    def load(self, bundle: Bundle, batch_size: int = BATCH, progress: Progress | None = None) -> dict[str, int]:
        """Load (MERGE) every node and edge of the bundle; returns rows written per label/type.

        Idempotent: loading the same bundle again leaves the same graph. A marker node records
        whether the last load completed, so a load cut short is visible and can simply be rerun.
        """
        return self.load_records(graph_records(bundle), bundle.source, batch_size, progress)

    def load_records(self, rec: Records, source: str = "", batch_size: int = BATCH,
                     progress: Progress | None = None) -> dict[str, int]:
        self.run(statement("load", "load_started"), source=source)
        counts: dict[str, int] = {}
        for label in NODE_LABELS:
            items = rec.nodes.get(label, [])
            q = statement("load", f"node_{label}")
            for batch in _batches(items, batch_size):
                self.run(q, rows=[{"key": k, "props": p} for k, p in batch])
                if progress:
                    progress(len(batch), label)
            counts[label] = len(items)
        for rel in REL_TYPES:
            items = rec.edges.get(rel, [])
            q = statement("load", f"rel_{rel}")
            for batch in _batches(items, batch_size):
                self.run(q, rows=[{"u": u, "v": v, "key": k, "props": p} for u, v, k, p in batch])
                if progress:
                    progress(len(batch), rel)
            counts[rel] = len(items)
        self.run(statement("load", "load_finished"), counts=[f"{k}={v}" for k, v in counts.items()])
        return counts

    def clear(self) -> None:
        """Delete every graphchain node (in batches, so large databases do not exhaust memory)."""
        with self.driver.session(database=self.database) as s:
            s.run(statement("read", "clear_relationships")).consume()
            s.run(statement("read", "clear_nodes")).consume()

    # -------------------------------------------------------------- reading
    def counts(self) -> tuple[int, int]:
        r = self.run(statement("read", "counts"))[0]
        return r["nodes"], r["edges"]

    def last_load(self) -> dict | None:
        r = self.run(statement("read", "last_load"))
        return dict(r[0]) if r else None

    def project_ids(self) -> list[str]:
        return [r["project_id"] for r in self.run(statement("read", "project_ids"))]

    def graph(self) -> nx.MultiDiGraph:
        """The whole graph, as :func:`graphchain.model.build_graph` would build it."""
        G = nx.MultiDiGraph(source=self.uri)
        with self.driver.session(database=self.database) as s:
            G.add_nodes_from((r["key"], _props(r["props"])) for r in s.run(statement("read", "all_nodes")))
            G.add_edges_from((r["u"], r["v"], r["key"], _props(r["props"]))
                             for r in s.run(statement("read", "all_edges")))
        return G

    def project_graph(self, project_id: str) -> nx.MultiDiGraph:
        """One project's subgraph, equal to :func:`graphchain.model.project_subgraph`."""
        rows = self.run(statement("read", "project_edges"), project_id=project_id)
        if not rows:
            if project_id not in self.project_ids():
                raise KeyError(project_id)
        H = nx.MultiDiGraph(source=self.uri, project_id=project_id)
        pk = project_key(project_id)
        for r in rows:
            if pk not in H:
                H.add_node(pk, **_props(r["project"]))
            for n, p in ((r["u"], r["u_props"]), (r["v"], r["v_props"])):
                if n not in H:
                    H.add_node(n, **_props(p))
            H.add_edge(r["u"], r["v"], r["key"], **_props(r["props"]))
        return H

    def project_graphs(self, project_ids: Iterable[str] | None = None) -> Iterator[tuple[str, nx.MultiDiGraph]]:
        """Stream (project_id, subgraph) one project at a time: never the whole database in memory."""
        for pid in project_ids if project_ids is not None else self.project_ids():
            yield pid, self.project_graph(pid)


def _props(p: dict) -> dict:
    return {k: v for k, v in p.items() if k != "key"}
