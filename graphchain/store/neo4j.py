"""The Neo4j store: load a bundle's graph records, read back the whole graph or one project.

Every statement comes from ``cypher/*.cypher`` and takes its data as parameters; labels and
relationship types are fixed there, so a name such as ``x'}) DETACH DELETE n //`` is only
ever a value.

Every load has a load id (by default the bundle's absolute path) and its own ``GraphchainLoad``
marker, which gives it a number; each node and relationship lists in ``loads`` the numbers of the
loads that wrote it. A plain load only adds and updates; ``replace=True`` also removes, once every
batch is in, what an earlier load with the same id wrote and this one did not (records another
load wrote too stay), so rows deleted from the bundle go.

>>> store = Neo4jStore.connect("bolt://127.0.0.1:7687")      # doctest: +SKIP
>>> store.load(read_bundle("bundle/"))                        # doctest: +SKIP
>>> store.load(read_bundle("bundle/"), replace=True)          # doctest: +SKIP
>>> G = store.project_graph("P1")                             # doctest: +SKIP
>>> H = store.claims_graph()                                  # doctest: +SKIP
"""

from __future__ import annotations

import queue
import secrets
import threading
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TypeVar

import networkx as nx

from ..analysis.view import with_view
from ..bundle import Bundle
from ..config import neo4j_settings
from ..cypher import statement
from ..model import Records, add_ends, add_records, check_record, graph_records
from ..schema import NODE_LABELS, REL_TYPES, project_key
from ..util import paused_gc

T = TypeVar("T")
Progress = Callable[[int, str], None]  # (rows just written, what) -> None

BATCH = 5000
LOAD_WORKERS = 2  # concurrent write streams (benchmarks/neo4j_load.py)
READ_BATCH = 100  # projects per read statement (benchmarks/neo4j_analyze.py)
PREFETCH = 2  # batches read ahead of the caller
STORE_PROPS = frozenset({"key", "loads", "load_run"})  # the store's own properties, not attributes of a record


# the statements of cypher/rings.cypher that read the claims subgraph (parties and chains apart)
CLAIMS_STATEMENTS = ("claims", "claim_edges", "claimant_employment", "claimant_payments", "claimant_identifiers")


class StoreError(RuntimeError):
    """Neo4j cannot be reached or refused the work; the message says what to do."""


class StoreDataError(StoreError):
    """A record in the database is not what ``graphchain load`` writes (bad input: ``exit 2``)."""


class LoadCounts(dict):
    """Rows written per label / relationship type; ``removed``: the nodes and relationships a
    ``replace`` load deleted (empty for a plain load)."""

    removed: dict[str, int]

    def __init__(self) -> None:
        super().__init__()
        self.removed = {}


def default_load_id(source: str) -> str:
    """The load id of a bundle read from ``source``: its absolute path. The same bundle moved,
    renamed or saved as .xlsx is another path, so name such a load yourself (``load_id``)."""
    return str(Path(source).resolve()) if source else "graphchain"


def _batches(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _streams(records: dict[str, list], order: tuple[str, ...], key: Callable, sort: Callable | None, workers: int,
             size: int) -> list[list[tuple[str, list]]]:
    """``records`` (label or type -> items) as ``workers`` streams of (label or type, batch): an item goes
    to the stream its ``key`` hashes to (the same key, the same stream, in the order given); each
    stream's items of a type sorted by ``sort`` (stable)."""
    workers = max(1, workers)
    streams: list[list[tuple[str, list]]] = [[] for _ in range(workers)]
    for what in order:
        parts: list[list] = [[] for _ in range(workers)]
        for x in records.get(what, ()):
            parts[hash(key(x)) % workers].append(x)
        for stream, part in zip(streams, parts, strict=True):
            if sort is not None:
                part.sort(key=sort)
            stream += [(what, batch) for batch in _batches(part, size)]
    return streams


def _node_rows(batch: list[tuple[str, dict]]) -> list[dict]:
    return [{"key": k, "props": p} for k, p in batch]


def _rel_rows(batch: list[tuple[str, str, str, dict]]) -> list[dict]:
    return [{"u": u, "v": v, "key": k, "props": p} for u, v, k, p in batch]


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
        auth = (str(user or s["user"] or ""), str(password or s["password"])) if (password or s["password"]) else None
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
    def load(self, bundle: Bundle, batch_size: int = BATCH, progress: Progress | None = None, *,
             load_id: str | None = None, replace: bool = False) -> LoadCounts:
        """Load (MERGE) every node and edge of the bundle; returns rows written per label/type.

        Idempotent: loading the same bundle again leaves the same graph. A plain load only adds
        and updates; with ``replace``, once every batch is in, what an earlier load with this
        load id wrote and this one did not is removed (unless another load wrote it too), so the
        database holds what the bundle holds now. The load's marker says whether it completed,
        so a load cut short is visible (nothing was removed yet) and can simply be rerun.
        """
        return self.load_records(graph_records(bundle), bundle.source, batch_size, progress,
                                 load_id=load_id, replace=replace)

    def load_records(self, rec: Records, source: str = "", batch_size: int = BATCH,
                     progress: Progress | None = None, *, load_id: str | None = None,
                     replace: bool = False, workers: int = LOAD_WORKERS) -> LoadCounts:
        """:meth:`load` of records already built; ``load_id`` defaults to :func:`default_load_id`.

        Every node first, then every relationship, each in ``workers`` concurrent streams of batches on
        disjoint keys: the nodes split by key, the relationships by their busier end (an employer's
        employment and payments all in one stream), each stream's rows in the order of the other end,
        so two streams that share a node lock it in the same order. A deadlock the server still
        reports is retried by the driver."""
        load_id = load_id or default_load_id(source)
        assert load_id is not None
        with _failure("starting the load failed", load_id):
            load = self.run(statement("load", "load_started"), load_id=load_id, source=source)[0]["number"]
        run = secrets.randbits(62)  # new at every run: a record still marked with another was not written now
        counts = LoadCounts()
        node_q = {label: statement("load", "node", label=label) for label in NODE_LABELS}
        rel_q = {rel: statement("load", "rel", rel=rel) for rel in REL_TYPES}
        self._write_streams(_streams(rec.nodes, NODE_LABELS, lambda x: x[0], None, workers, batch_size),
                            node_q, _node_rows, load, run, load_id, progress)
        degree = Counter(k for items in rec.edges.values() for u, v, _, _ in items for k in (u, v))

        def hub(e: tuple) -> str:  # the end with more relationships: all of a hub's in one stream
            return e[0] if degree[e[0]] >= degree[e[1]] else e[1]

        def leaf(e: tuple) -> str:
            return e[1] if degree[e[0]] >= degree[e[1]] else e[0]

        self._write_streams(_streams(rec.edges, REL_TYPES, hub, leaf, workers, batch_size),
                            rel_q, _rel_rows, load, run, load_id, progress)
        counts.update({label: len(rec.nodes.get(label, [])) for label in NODE_LABELS})
        counts.update({rel: len(rec.edges.get(rel, [])) for rel in REL_TYPES})
        if replace:
            with _failure("removing what the earlier load wrote failed", load_id):
                counts.removed = self._sweep(load, run)
        self.run(statement("load", "load_finished"), load_id=load_id,
                 counts=[f"{k}={v}" for k, v in counts.items()])
        return counts

    def _write_streams(self, streams: list[list[tuple[str, list]]], queries: dict[str, str],
                       rows: Callable[[list], list[dict]], load: int, run: int, load_id: str,
                       progress: Progress | None) -> None:
        """Write the streams of (label or type, batch) concurrently, each stream's batches in order; the
        first failure stops every stream before its next batch and is raised (as a StoreError)."""
        stop = threading.Event()
        lock = threading.Lock()

        def write(stream: list[tuple[str, list]]) -> None:
            for what, batch in stream:
                if stop.is_set():
                    return
                try:
                    with _failure(f"loading {what} into Neo4j failed", load_id):
                        self.run(queries[what], rows=rows(batch), load=load, run=run)
                except StoreError:
                    stop.set()
                    raise
                if progress:
                    with lock:
                        progress(len(batch), what)

        streams = [x for x in streams if x]
        if len(streams) <= 1:
            for x in streams:
                write(x)
            return
        with ThreadPoolExecutor(len(streams), thread_name_prefix="graphchain-load") as pool:
            futures = [pool.submit(write, x) for x in streams]
        for f in futures:
            f.result()  # the first stream's error, in stream order

    def _sweep(self, load: int, run: int) -> dict[str, int]:
        """Remove what earlier runs of load number ``load`` wrote and ``run`` did not (what another
        load wrote too stays, without this load); the nodes and relationships deleted."""
        deleted = {"nodes": 0, "relationships": 0}
        with self.driver.session(database=self.database) as s:
            for name in ("drop_relationships", "release_relationships", "drop_nodes", "release_nodes"):
                c = s.run(statement("load", name), load=load, run=run).consume().counters
                deleted["nodes"] += c.nodes_deleted
                deleted["relationships"] += c.relationships_deleted
        return deleted

    def clear(self) -> None:
        """Delete every graphchain node (in batches, so large databases do not exhaust memory)."""
        with self.driver.session(database=self.database) as s:
            s.run(statement("read", "clear_relationships")).consume()
            s.run(statement("read", "clear_nodes")).consume()

    # -------------------------------------------------------------- reading
    def counts(self) -> tuple[int, int]:
        r = self.run(statement("read", "counts"))[0]
        return r["nodes"], r["edges"]

    def loads(self) -> list[dict]:
        """One marker per load id: ``load_id``, ``status`` (``complete`` or ``loading``: still
        running, or cut short), ``source``, ``started``, ``finished``; oldest first."""
        return [dict(r) for r in self.run(statement("read", "loads"))]

    def written_by(self, key: str) -> list[str]:
        """The load ids that wrote the node ``key`` (and still hold it), in the order they came."""
        return [r["load_id"] for r in self.run(statement("read", "written_by"), key=key)]

    def nodes(self, keys: list[str]) -> list[tuple[str, dict]]:
        """(key, attributes) of the nodes with these keys (an unknown key gives nothing), in one statement."""
        return [(p["key"], record_props(p)) for p in self.run(statement("read", "nodes_by_key"), keys=keys)[0]["nodes"]]

    def project_ids(self) -> list[str]:
        return [r["project_id"] for r in self.run(statement("read", "project_ids"))]

    def graph(self) -> nx.MultiDiGraph:
        """The whole graph, as :func:`graphchain.model.build_graph` would build it."""
        G = nx.MultiDiGraph(source=self.uri)
        with self.driver.session(database=self.database) as s:
            G.add_nodes_from((r["key"], record_props(r["props"])) for r in s.run(statement("read", "all_nodes")))
            G.add_edges_from((r["u"], r["v"], r["key"], record_props(r["props"]))
                             for r in s.run(statement("read", "all_edges")))
        return G

    def project_graph(self, project_id: str) -> nx.MultiDiGraph:
        """One project's subgraph, equal to :func:`graphchain.model.project_subgraph`; KeyError when unknown."""
        for _, H in self.project_graphs([project_id], prefetch=0):
            return H
        raise AssertionError("project_graphs yields every project it is given")  # pragma: no cover

    def claims_graph(self, since: str | None = None, until: str | None = None, chains: bool = True) -> nx.MultiDiGraph:
        """What rings and leads need, not the whole database: claimants (persons with a claim filed in
        [since, until]), their claims with the claims' AGAINST/ON edges, the claimants' EMPLOYED
        edges, PAID edges to them, and the identifiers they hold with every holder; with ``chains``
        also every party and the CONTRACT/OWNS edges. The edges statement by statement from
        ``cypher/rings.cypher``, then their ends, each node once, by key; equal to
        :func:`graphchain.analysis.rings.claims_subgraph`."""
        names = CLAIMS_STATEMENTS + (("parties", "chain_edges") if chains else ())
        nodes: list[tuple[str, dict]] = []
        edges: list[tuple[str, str, str, dict]] = []
        with paused_gc():
            for name in names:
                r = self.run(statement("rings", name), since=since, until=until)[0]
                if "edges" in r.keys():
                    edges += [(u, v, p["key"], record_props(p)) for u, v, p in r["edges"]]
                else:  # a node-only statement
                    nodes += [(p["key"], record_props(p)) for p in r["nodes"]]
            have = {k for k, _ in nodes}
            nodes += self.nodes(list(dict.fromkeys(k for u, v, _, _ in edges for k in (u, v) if k not in have)))
        H = nx.MultiDiGraph(source=self.uri)
        _add_records(H, Records({"": nodes}, {"": edges}))
        return H

    def unplaced_agents(self) -> list[str]:
        """The keys of the agents of every row tied to no project (``unplaced_agents`` of cypher/read.cypher:
        a read of all the money and orders), the ``agents`` of :meth:`project_graphs`."""
        return [r["agent"] for r in self.run(statement("read", "unplaced_agents"))]

    def project_graphs(self, project_ids: Iterable[str] | None = None, *, batch_size: int = READ_BATCH,
                       prefetch: int = PREFETCH, agents: list[str] | None = None, full: bool = True,
                       edges: bool = True) -> Iterator[tuple[str, nx.MultiDiGraph]]:
        """(project_id, subgraph) for each project, in the order given (default: every project, by id),
        each equal to :func:`graphchain.model.project_subgraph`; KeyError for an unknown id. With ``full``
        false the nodes leave out the columns only the rings read (:data:`graphchain.schema.RINGS_ONLY`), as the
        chunks of the embedded analysis do: what ``analyze`` reads, less to send and decode. Without ``edges``,
        each is the subgraph's nodes with its view, as :meth:`graphchain.partition.Part.graphs` gives them.

        ``batch_size`` projects per statement (``project_subgraphs`` of cypher/read.cypher), read by a
        thread up to ``prefetch`` batches ahead, so Neo4j answers the next batch while the caller analyses
        this one; only those batches are ever held in memory, never the whole database. ``agents``:
        :meth:`unplaced_agents`, read once by a caller that reads many projects (the same subgraphs; without
        it each project looks through all the money of its employers for the payments tied to no project,
        about 40 % of the statement's time on the 2,000-project benchmark).
        """
        pids = list(project_ids) if project_ids is not None else self.project_ids()
        batches = (self._subgraph_batch(batch, agents, full, edges) for batch in _batches(pids, max(1, batch_size)))
        for batch in _read_ahead(batches, prefetch):
            yield from batch

    def _subgraph_batch(self, pids: list[str], agents: list[str] | None, full: bool = True,
                        edges: bool = True) -> list[tuple[str, nx.MultiDiGraph]]:
        """The subgraphs of ``pids`` from one statement, in the order given. The collector is paused while
        they are decoded and built: tens of thousands of new dicts and lists, no cycle among them. Without
        ``edges`` each is its nodes and view, its edges read with only what the view needs (``$lean``), unless
        two records have one key between the same ends: the graph merges them, or refuses them
        (:func:`_add_records` says which, on their every property), and the batch is read again whole."""
        with paused_gc():
            lean_read = not edges
            rows = self._subgraph_rows(pids, agents, full, lean=lean_read)
            # looked for only when the edges are left out: a graph made with them merges or refuses such records
            repeated = set() if edges else {pid for pid, r in rows.items() if _repeated(r["edges"])}
            if repeated:
                lean_read = False
                rows = self._subgraph_rows(pids, agents, full, lean=False)
            out = []
            for pid in pids:
                r = rows.get(pid)
                if r is None:
                    raise KeyError(pid)
                H = nx.MultiDiGraph(source=self.uri, project_id=pid)
                nodes = [(project_key(pid), record_props(r["project"]))]
                nodes += [(p["key"], record_props(p if full else _left_out(p))) for p in r["nodes"]]
                links = [(u, v, p["key"], record_props(_left_out(p) if lean_read else p)) for u, v, p in r["edges"]]
                lean = not edges and pid not in repeated
                _add_records(H, Records({"": nodes}, {} if lean else {"": links}), ends=links if lean else ())
                out.append((pid, with_view(H, links) if lean else H))
        return out

    def _subgraph_rows(self, pids: list[str], agents: list[str] | None, full: bool, lean: bool) -> dict:
        """project_id -> its row of ``project_subgraphs`` (project, nodes, edges), read with ``$lean`` or not."""
        with self.driver.session(database=self.database) as s:
            return {r["project_id"]: r for r in s.run(statement("read", "project_subgraphs"), project_ids=pids,
                                                       agents=agents, full=full, lean=lean)}


def _repeated(edges: list) -> bool:
    """Whether two of these [source, target, properties] share a key between the same ends."""
    return len({(u, v, p["key"]) for u, v, p in edges}) < len(edges)


def _add_records(H: nx.MultiDiGraph, records: Records, ends: Iterable[tuple] = ()) -> None:
    """:func:`graphchain.model.add_records` of records read back, and the ``ends`` of these edges as nodes;
    :class:`StoreDataError` for two that the graph would merge (``graphchain load`` refuses such a bundle; a
    database others write to may hold them)."""
    try:
        add_records(H, records)
        add_ends(H, ends)
    except ValueError as e:
        raise StoreDataError(f"Neo4j: {e} (not as graphchain load writes it: give one of them another id and "
                             "load the bundle again, graphchain load --replace)") from None


def _left_out(p: dict) -> dict:
    """A node's properties read with ``full`` false, or an edge's read with ``$lean``: what the statement left out
    came back null (Neo4j stores no null, so a null is one it left out, :func:`graphchain.cypher.project_nodes`,
    :func:`graphchain.cypher.project_edges`), and goes."""
    for k in [k for k, v in p.items() if v is None]:
        del p[k]
    return p


def record_props(p: dict) -> dict:
    """A node's or relationship's properties as the record's attributes: ``p`` itself (a dict the driver
    made for us), without the store's own properties (the bundle reader renames columns so named).
    :class:`StoreDataError` when they are not what ``graphchain load`` writes
    (:func:`graphchain.model.check_record`): a database others write to is input like a bundle."""
    for k in STORE_PROPS:
        p.pop(k, None)
    try:
        check_record(p)
    except ValueError as e:
        what = p.get("label") or p.get("rel") or "record"
        raise StoreDataError(f"Neo4j {what} {p.get('id', '?')!r}: {e} (not as graphchain load "
                             "writes it: load the bundle again, graphchain load --replace)") from None
    return p


def _read_ahead(items: Generator[T, None, None], depth: int) -> Iterator[T]:
    """``items`` produced by a thread at most ``depth`` ahead of the consumer (the thread mostly waits for
    Neo4j, so reading overlaps the consumer's work); its error is raised here, in order. A consumer that
    stops early stops the thread (and closes ``items``) before the next item is produced."""
    if depth < 1:
        yield from items
        return
    q: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(x) -> bool:
        while not stop.is_set():
            try:
                q.put(x, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        with closing(items):
            try:
                for x in items:
                    if not put((True, x)):
                        return
            except BaseException as e:  # handed to the consumer, raised there
                put((False, e))
                return
        put((False, None))

    thread = threading.Thread(target=work, name="graphchain-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            ok, x = q.get()
            if ok:
                yield x
            elif x is None:
                return
            else:
                raise x
    finally:
        stop.set()
        thread.join()


@contextmanager
def _failure(what: str, load_id: str) -> Iterator[None]:
    """A driver or server error as a :class:`StoreError` saying the load did not complete (its
    marker, once written, says so too)."""
    from neo4j.exceptions import DriverError, Neo4jError

    try:
        yield
    except (Neo4jError, DriverError) as e:
        msg = " ".join(str(getattr(e, "message", None) or e).split())
        raise StoreError(f"{what}: {msg}; load {load_id!r} did not complete — run graphchain load again "
                         "(it is idempotent)") from None
