"""The findings document (docs/findings-format.md): every analysis of a bundle as one JSON-ready dict.

Both paths give the same document for the same bundle:

- :func:`analyze_graph` on the embedded graph: one pass builds the per-project edge index
  (:func:`graphchain.model.project_index`), then each project subgraph is analysed in turn;
- :func:`analyze_bundle` on a bundle's tables, without the whole graph: each chunk of projects is built into
  a small graph when it is analysed (:mod:`graphchain.partition`), in ``workers`` processes or on a Dask
  cluster (:mod:`graphchain.workers`);
- :func:`analyze_store` on Neo4j: :meth:`Neo4jStore.project_graphs` streams the projects' subgraphs, so
  the database is never held in memory; with ``workers`` each process reads its own chunks.

Every way gives the same document: the parts come back in the projects' order, and the rings are found
once, on the claims graph.

>>> doc = analyze_bundle("tests/data/mini")
>>> [(f["rule"], f["subject"]) for f in doc["findings"]][:2]
[('C-ACCOUNT', 'P1'), ('C-DIRECTPAY', 'D')]

Keys: ``bundle`` {source, counts}, ``entities`` (name and kind of every party, person and
project the document mentions — never a personal number), ``projects``, ``findings``,
``liability`` (a claim of a suspected extortion ring carries ``ring``: its ring_id), ``rings``,
``money`` (project_id → {rows, break_point, break_points}) and ``unattributed`` (payments and claims
tied to no project, docs/legal-rules.md F).
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path

import networkx as nx

from .analysis.chains import party_roles, project_chains
from .analysis.config import resolve
from .analysis.liability import liabilities
from .analysis.money import money_table
from .analysis.rules import run_rules
from .legal import RULES
from .model import edges_by_project, on_project, subgraph_from_edges
from .schema import TABLE_ORDER, TABLES, project_key
from .util import frozen_heap, paused_gc, release_memory
from .workers import chunked, results, started

Progress = Callable[[int, int], None]  # (projects done, projects in all)

# rows per table of the bundle: the node label or edge type each table becomes (schema.TABLES)
COUNTS = tuple((name, TABLES[name].label) for name in TABLE_ORDER)


# ---------------------------------------------------------------- one project
def analyze_project(H: nx.MultiDiGraph, config: dict | None = None) -> dict:
    """Every per-project analysis of one project subgraph: its project entry, findings, liability,
    money table and the names of the entities they mention."""
    return _analyze_project(H, resolve(config))


def _analyze_project(H: nx.MultiDiGraph, config: dict) -> dict:
    """:func:`analyze_project` with a config already resolved (the callers resolve it once, not per project)."""
    entry = project_chains(H, config) | {"roles": party_roles(H)}
    found = run_rules(H, config)
    liable = liabilities(H, config, found)
    money = money_table(H, config)
    ids = {entry["project_id"], entry["owner_id"], *(n for c in entry["chains"] for n in c)}
    for f in found:
        ids.update(f["parties"])
        if RULES[f["rule"]].subject != "contract":
            ids.add(f["subject"])
    for x in liable:
        ids.update([x["claimant_id"], *(y["party_id"] for y in x["liable"])])
    for r in money["rows"]:
        ids.add(r["party_id"])
    for r in money["break_points"]:
        ids.update([*r["chain"], r["break_point"]] if r["break_point"] else r["chain"])
    return {"project": entry, "findings": found, "liability": liable, "money": money,
            "entities": entities(H, ids)}


def entities(G: nx.MultiDiGraph, ids: Iterable[str]) -> dict[str, dict]:
    """``{id: {"name", "kind"}}`` for the ids found in ``G`` (kind: company, individual, person, project).

    Only the name and kind: personal numbers (身份证号, phone, bank account) never leave the graph.
    """
    out = {}
    for i in ids:
        if i is None:
            continue
        d = G.nodes[i] if i in G else None
        if d is not None and d.get("label") in ("Party", "Person"):
            kind = "person" if d["label"] == "Person" else d.get("kind", "company")
            out[i] = {"name": d.get("name", i), "kind": kind}
        elif project_key(i) in G:
            out[i] = {"name": G.nodes[project_key(i)].get("name", i), "kind": "project"}
    return out


# ---------------------------------------------------------------- the whole document
def _document(source: str, counts: dict, parts: Iterable[dict], rings: list, ring_findings: list,
              ring_entities: dict, unattributed: dict) -> dict:
    projects, findings, liability, money, names = [], list(ring_findings), [], {}, dict(ring_entities)
    for p in parts:
        projects.append(p["project"])
        findings += p["findings"]
        liability += p["liability"]
        money[p["project"]["project_id"]] = p["money"]
        names.update(p["entities"])
    # A claim that belongs to a suspected extortion ring still gets its liability entry (every claim
    # does), marked so that nobody pays it before the ring lead is checked.
    ring_of = {c: r["ring_id"] for r in rings for c in r.get("claims", [])}
    for x in liability:
        if x["claim_id"] in ring_of:
            x["ring"] = ring_of[x["claim_id"]]
    for f in findings:
        if f["rule"] == "X-REFUSE":
            _doubt_ring_claims(f, ring_of)
    return {
        "bundle": {"source": source, "counts": counts},
        "entities": dict(sorted(names.items())),
        "projects": sorted(projects, key=lambda p: p["project_id"]),
        "findings": sorted(findings, key=lambda f: (f.get("project_id") or "", f["rule"], str(f.get("subject", "")))),
        "liability": sorted(liability, key=lambda x: (x["project_id"], x["claim_id"] is None, x["claim_id"] or "",
                                                      x["record"] or "")),
        "rings": rings,
        "money": dict(sorted(money.items())),
        "unattributed": unattributed,
    }


def _doubt_ring_claims(finding: dict, ring_of: dict[str, str]) -> None:
    """An X-REFUSE lead whose amount rests on claims of a suspected extortion ring names the rings, and its
    amount element says the sum must be made again without them: a fabricated claim is no unpaid wage
    (刑法 第二百七十六条之一 punishes a refusal to pay wages owed; 刑法 第二百七十四条 the fake claim itself).
    The element stays as computed: whether the claims are fake is for the investigation of the ring."""
    amount = next((e for e in finding.get("elements", []) if e["element"] == "amount"), None)
    if amount is None:
        return
    suspect = [c for c in amount["evidence"] if c in ring_of]
    if suspect:
        finding["rings"] = sorted({ring_of[c] for c in suspect})
        amount["note"] += (f"；其中{len(suspect)}件诉求属疑似恶意讨薪团伙（{'、'.join(finding['rings'])}），"
                           "应剔除后重新核算数额")


def unattributed(G: nx.MultiDiGraph, loose: list[tuple]) -> dict:
    """Money and claims tied to no project (docs/legal-rules.md F), listed, never dropped: payment ids
    (``loose``: the edges :func:`graphchain.model.edges_by_project` tied to no project), and claims with
    the projects they might belong to."""
    payments = sorted(k for _, _, k, d in loose if d.get("rel") == "PAID")
    claims = sorted(({"claim_id": d["id"], "candidates": list(d.get("candidates", []))}
                     for d in G._node.values() if d.get("label") == "Claim" and on_project(d) is None),
                    key=lambda c: c["claim_id"])
    return {"payments": payments, "claims": claims}


def _rings_module():
    """:mod:`graphchain.analysis.rings` when it exists (another part of the project provides it)."""
    if importlib.util.find_spec("graphchain.analysis.rings") is None:
        return None
    from .analysis import rings

    return rings


def _run_rings(G: nx.MultiDiGraph | None, config: dict) -> tuple[list, list, dict]:
    """(rings, X-EXTORT findings, entities of the ring members) from a graph holding the claims."""
    mod = _rings_module()
    if mod is None or G is None:
        return [], [], {}
    rings, found = mod.find_rings(G, config)
    ids: set[str] = set()
    for r in rings:
        ids.update(r.get("members", []))
        ids.update(r.get("organizers", []))
        ids.update(r.get("projects", []))
    for f in found:
        ids.update(f.get("parties", []))
        if f.get("project_id"):
            ids.add(f["project_id"])
    return rings, found, entities(G, ids)


def _graph_counts(G: nx.MultiDiGraph, rel_counts: dict[str, int] | None = None) -> dict[str, int]:
    """Rows per table; ``rel_counts`` (edges per type, as :func:`graphchain.model.project_index`
    counts them) saves a second pass over the edges."""
    counts = dict.fromkeys((name for name, _ in COUNTS), 0)
    by_label = {lab: name for name, lab in COUNTS}
    for d in G._node.values():
        name = by_label.get(d.get("label"))
        if name:
            counts[name] += 1
    if rel_counts is None:
        rel_counts = {}
        for _, _, d in G.edges(data=True):
            rel_counts[d.get("rel")] = rel_counts.get(d.get("rel"), 0) + 1
    for rel, n in rel_counts.items():
        name = by_label.get(rel)
        if name:
            counts[name] += n
    return counts


def analyze_graph(G: nx.MultiDiGraph, config: dict | None = None, progress: Progress | None = None) -> dict:
    """The findings document of an in-memory graph (the whole bundle, or one project's subgraph)."""
    config = resolve(config)
    with frozen_heap():  # the graph does not change while it is analysed: the collector need not scan it
        pids = sorted(d["id"] for d in G._node.values() if d.get("label") == "Project")
        rel_counts: dict[str, int] = {}
        index = edges_by_project(G, rel_counts)  # one pass over the edges for every project (and the counts)

        def parts():
            for i, pid in enumerate(pids, 1):
                # the analyses only read the subgraph: its attribute dicts can be the graph's own
                H = subgraph_from_edges(G, pid, index.get(pid, []), copy=False)
                part = _analyze_project(H, config)
                H.graph.pop("_view", None)  # H <-> its view is a cycle: freed now, not at the next collection
                yield part
                if progress:
                    progress(i, len(pids))

        rings, ring_findings, ring_names = _run_rings(G, config)
        return _document(G.graph.get("source", ""), _graph_counts(G, rel_counts), parts(), rings, ring_findings,
                         ring_names, unattributed(G, index.get(None, [])))


def analyze_store(store, config: dict | None = None, progress: Progress | None = None, *, workers: int = 1,
                  scheduler: str | None = None, connect: Callable | None = None) -> dict:
    """The findings document of the bundle loaded in Neo4j, streamed project by project.

    ``store`` is a :class:`graphchain.store.Neo4jStore`. Rings are found on the claims graph
    (:meth:`~graphchain.store.Neo4jStore.claims_graph`: claims, claimants and shared identifiers only).
    With ``workers`` > 1 the projects are read and analysed in chunks by a pool of processes, with a
    ``scheduler`` (``tcp://HOST:PORT``) by the tasks of a Dask cluster; each opens its own connection with
    ``connect()`` (default: ``Neo4jStore.connect(store.uri, database=store.database)``, the credentials from
    that process's environment or config file).
    """
    from .cypher import statement

    config = resolve(config)
    pids = store.project_ids()
    counts = {name: int(store.run(statement("patterns/summary", "count_rels", rel=label) if TABLES[name].edge
                                  else statement("patterns/summary", "count_nodes", label=label))[0]["n"])
              for name, label in COUNTS}
    agents = store.unplaced_agents()  # read once here, not by every project's statement
    if workers <= 1 and not scheduler:  # one stream of every project over this connection
        chunks = [pids]
        work: Callable = partial(_analyze_graphs, config, partial(store.project_graphs, agents=agents, full=False,
                                                                  edges=False))
    else:
        from .store import Neo4jStore
        from .store.neo4j import READ_BATCH

        # two read statements a chunk at least: a process analyses one batch while Neo4j answers the next
        chunks = chunked(pids, workers, least=2 * READ_BATCH)
        connect = connect or partial(Neo4jStore.connect, store.uri, database=store.database)
        work = partial(_analyze_store_chunk, connect, config, agents)
    # as analyze_bundle: the collector runs less often, here and in the processes forked with these settings (each
    # project's graph is young garbage soon, and most of what the default thresholds would re-scan never changes)
    ticker = _Ticker(progress)
    ticker.chunks(chunks)
    with frozen_heap(), results(work, chunks, workers, scheduler, ticker.chunk_done) as out:
        mod = _rings_module()
        claims_graph = store.claims_graph() if mod is not None else None
        rings, ring_findings, ring_names = _run_rings(claims_graph, config)
        loose = {"payments": [r["payment_id"] for r in store.run(statement("read", "unattributed_payments"))],
                 "claims": [{"claim_id": r["claim_id"], "candidates": list(r["candidates"])}
                            for r in store.run(statement("read", "unattributed_claims"))]}
        return _document(store.uri, counts, _parts(out, ticker), rings, ring_findings, ring_names, loose)


def analyze_bundle(bundle, config: dict | None = None, progress: Progress | None = None, *, workers: int = 1,
                   scheduler: str | None = None) -> dict:
    """The findings document of a bundle: a path (folder of CSV files or .xlsx), a read :class:`Bundle`, or a
    function that reads one.

    The whole graph is never built: each chunk of projects becomes a small graph while it is analysed
    (:class:`graphchain.partition.ProjectRows`), in ``workers`` processes or, with a ``scheduler``
    (``tcp://HOST:PORT``), as tasks of a Dask cluster that each carry their chunk's rows. The processes of a
    small bundle fork once it is read and make their chunks from its tables (:data:`SHARED_ROWS`); a large
    one's fork before, and each chunk's rows are sent to them pickled. The document is
    the one :func:`analyze_graph` gives on ``build_graph(bundle)``. Given a path or a function, this holds
    the bundle's only reference: with ``workers`` > 1 or a ``scheduler`` its tables are let go once the last
    chunk's rows and the rings' rows are taken out (a caller's :class:`Bundle` stays).
    """
    from .bundle import Bundle, read_bundle
    from .partition import ProjectRows

    config = resolve(config)
    # the processes start before the bundle is read: they hold none of it (a process forked after would copy
    # the pages of every row it touched), and each chunk's rows come to them pickled, as to a Dask cluster. For
    # a small bundle those copies cost less than the pickling (SHARED_ROWS): processes forked after it is read
    # take their place
    ticker = _Ticker(progress)
    with started(partial(_analyze_part, config), workers, scheduler, ticker.chunk_done) as run:
        if isinstance(bundle, Bundle):
            b = bundle
        else:
            b = bundle() if callable(bundle) else read_bundle(Path(bundle))
        del bundle
        with frozen_heap():  # the tables do not change while they are analysed
            rows = ProjectRows(b)
            del b
            release_memory()  # what reading the bundle and indexing it freed
            chunks = chunked(rows.project_ids, workers)
            ticker.chunks(chunks)
            held = [rows]  # the one reference: _finished lets go of it once the rings' rows are taken
            del rows
            if not _shared(held[0], workers, scheduler):
                # each chunk's part is made as a process (or the cluster) takes it; the parts still to make hold
                # the tables, and let them go once the last one is made
                return _finished(held, run(map(held[0].part, chunks)), config, ticker)
    # a small bundle: the processes above are let go unused, and these, forked now, make their chunks' parts
    # from the tables they share with this one (nothing pickled; each copies the pages of the rows it reads).
    # They take `forked` at the fork; it is emptied after, as the context manager keeps its arguments
    forked = list(held)
    with frozen_heap(), started(partial(_analyze_rows, config, forked), workers, None, ticker.chunk_done) as run:
        forked.clear()
        return _finished(held, run(chunks), config, ticker)


# rows x processes up to which the processes fork after the bundle is read and make their parts from its tables.
# Each then copies the pages of the rows it reads, about 140 bytes a row (5,000 projects, 1 M rows, 2 processes:
# all processes' PSS 863 MiB, against 593 MiB when the parts are pickled), so at this bound the copies stay near
# 400 MB; in return nothing is pickled, and the parent no longer makes every part (10 % less time and CPU, side
# by side). Above it, the bundle's budget would not hold: 20,000 projects (4 M rows) forked after took 2,910 MiB,
# 1,719 MiB pickled.
SHARED_ROWS = 3_000_000


def _shared(rows, workers: int, scheduler: str | None) -> bool:
    """Whether the pool's processes should fork after the bundle is read (:data:`SHARED_ROWS`)."""
    return workers > 1 and not scheduler and sum(rows.counts.values()) * workers <= SHARED_ROWS


def _finished(held: list, out: Iterator, config: dict, ticker: _Ticker) -> dict:
    """The document of :func:`analyze_bundle` while the chunks run (``out``, their results): the parent's own
    part meanwhile is the rings, once. ``held`` holds the :class:`graphchain.partition.ProjectRows`, taken out
    here so that its tables go once the rings' rows are taken (and the parts still to make are made)."""
    rows = held.pop()
    source, counts, loose_payments = rows.bundle.source, rows.counts, rows.loose_payments
    claims = rows.claims_rows()
    del rows
    release_memory()
    claims_graph = claims.graph()
    del claims
    rings, ring_findings, ring_names = _run_rings(claims_graph, config)
    loose = unattributed(claims_graph, [(None, None, k, {"rel": "PAID"}) for k in loose_payments])
    del claims_graph
    release_memory()  # the claims graph's pages, before the parts pile up
    return _document(source, counts, _parts(out, ticker), rings, ring_findings, ring_names, loose)


# ---------------------------------------------------------------- chunks of projects (run by graphchain.workers)
def _analyze_graphs(config: dict, graphs: Callable, project_ids: list[str]) -> Iterator[dict]:
    """The parts of the projects whose subgraphs ``graphs(project_ids)`` yields, as (project_id, subgraph)."""
    for _, H in graphs(project_ids):
        yield _analyze_project(H, config)


def _analyze_part(config: dict, part) -> list[dict]:
    """The parts of a :class:`graphchain.partition.Part` (the work of a pool's process or a Dask task), each
    project given as its nodes and view: the analyses read a subgraph through these only (a rule that read
    its edges would see none here, and the tests comparing this document with :func:`analyze_graph`'s
    would fail). The collector is paused for the chunk: its projects (100 at most) leave a few hundred objects in cycles
    (measured: 137-317 on the 5,000-project benchmark), collected after, while each collection meanwhile would
    look again at the part and at the results so far (3 % of the chunk's time)."""
    with paused_gc():
        return list(_analyze_graphs(config, lambda _: part.graphs(edges=False), part.project_ids))


# a worker's own connection, kept for its next chunks: per thread (a Dask worker may run tasks in threads),
# and opened anew for another ``connect`` (each Dask task brings its own copy)
_STORE = threading.local()


def _analyze_rows(config: dict, forked: list, project_ids: list[str]) -> list[dict]:
    """The parts of a chunk of projects, made here from the tables of ``forked[0]`` (a
    :class:`graphchain.partition.ProjectRows` this process shares with the one it forked from)."""
    return _analyze_part(config, forked[0].part(project_ids))


def _analyze_store_chunk(connect: Callable, config: dict, agents: list[str], project_ids: list[str]) -> list[dict]:
    """The parts of a chunk of projects read from Neo4j over the worker's own connection (``agents``: the
    store's :meth:`~graphchain.store.Neo4jStore.unplaced_agents`)."""
    held = getattr(_STORE, "held", None)
    if held is None or held[0] is not connect:
        if held is not None:
            held[1].close()
        held = _STORE.held = (connect, connect())
    graphs = partial(held[1].project_graphs, agents=agents, full=False, edges=False)  # what the analyses read
    return list(_analyze_graphs(config, graphs, project_ids))


class _Ticker:
    """``progress`` of the projects done, from two sources, whichever is ahead: the parts read (:func:`_parts`)
    and, called from a pool's thread, the chunks its processes have finished (read only once all are sent)."""

    def __init__(self, progress: Progress | None):
        self.progress = progress
        self.sizes: list[int] = []
        self.total = self.finished = self.read = self.shown = 0
        self.lock = threading.Lock()

    def chunks(self, chunks: list[list[str]]) -> None:
        self.sizes = [len(c) for c in chunks]
        self.total = sum(self.sizes)

    def chunk_done(self, i: int) -> None:
        with self.lock:
            self.finished += self.sizes[i]
            self._show()

    def part_read(self) -> None:
        with self.lock:
            self.read += 1
            self._show()

    def _show(self) -> None:
        n = max(self.finished, self.read)
        if self.progress is not None and n > self.shown:
            self.shown = n
            self.progress(n, self.total)


def _parts(results: Iterator, ticker: _Ticker) -> Iterator[dict]:
    """The parts of every chunk's result, in order, ticking ``ticker`` project by project."""
    for parts in results:
        for part in parts:
            yield part
            ticker.part_read()
