"""The Neo4j path against a real server: round trip, idempotence, per-project reads, injection."""

from __future__ import annotations

import csv

import pytest

from graphchain import build_graph, project_subgraph, read_bundle
from graphchain.analysis.view import view
from graphchain.model import project_index
from graphchain.schema import RINGS_ONLY, TABLES
from tests.builders import view_fields

pytestmark = pytest.mark.neo4j


def _as_dicts(G):
    nodes = dict(G.nodes(data=True))
    edges = {(u, v, k): d for u, v, k, d in G.edges(keys=True, data=True)}
    return nodes, edges


def test_round_trip_equals_embedded_graph(neo4j, mini):
    b = read_bundle(mini)
    neo4j.load(b)
    assert _as_dicts(neo4j.graph()) == _as_dicts(build_graph(b))
    assert [x["status"] for x in neo4j.loads()] == ["complete"]


def test_project_subgraph_equals_embedded(neo4j, mini):
    b = read_bundle(mini)
    neo4j.load(b)
    G = build_graph(b)
    idx = project_index(G)
    for pid in ["P1", "P2"]:
        assert _as_dicts(neo4j.project_graph(pid)) == _as_dicts(project_subgraph(G, pid, idx))
    assert neo4j.project_ids() == ["P1", "P2"]
    with pytest.raises(KeyError):
        neo4j.project_graph("NO-SUCH-PROJECT")
    # given the agents of the rows tied to no project (as analyze_store reads them once), the same subgraphs
    agents = neo4j.unplaced_agents()
    for pid, H in neo4j.project_graphs(["P1", "P2"], agents=agents):
        assert _as_dicts(H) == _as_dicts(project_subgraph(G, pid, idx))


def test_nodes_by_key_as_embedded(neo4j, mini):
    b = read_bundle(mini)
    neo4j.load(b)
    G = build_graph(b)
    keys = list(G)[:5]
    got = dict(neo4j.nodes([*keys, "NO-SUCH-KEY"]))  # an unknown key gives nothing
    assert got == {k: G.nodes[k] for k in keys}
    assert neo4j.nodes([]) == []


def test_loading_twice_changes_nothing(neo4j, mini):
    b = read_bundle(mini)
    neo4j.load(b)
    first = neo4j.counts()
    neo4j.load(b)
    assert neo4j.counts() == first
    G = build_graph(b)
    assert first == (G.number_of_nodes(), G.number_of_edges())


def test_injection_name_is_only_a_value(neo4j, mini_copy):
    evil = "x'}) DETACH DELETE n //"
    path = mini_copy / "parties.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[1][1] = evil  # the owner O1's name
    rows[2][1] = 'A"}) MATCH (m) DETACH DELETE m; //'
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    b = read_bundle(mini_copy)
    neo4j.load(b)
    G = neo4j.graph()
    assert G.nodes["O1"]["name"] == evil
    assert G.nodes["A"]["name"].startswith('A"})')
    assert neo4j.counts() == (build_graph(b).number_of_nodes(), build_graph(b).number_of_edges())


def test_synth_bundle_round_trip(neo4j, tmp_path):
    from graphchain.synth import write_bundle

    out = write_bundle(tmp_path / "synth", 20, 3)
    b = read_bundle(out)
    neo4j.load(b, batch_size=500)
    G = build_graph(b)
    assert _as_dicts(neo4j.graph()) == _as_dicts(G)
    idx = project_index(G)
    for pid in sorted(idx)[:5]:
        assert _as_dicts(neo4j.project_graph(pid)) == _as_dicts(project_subgraph(G, pid, idx))


def test_project_graphs_in_batches_equal_embedded_in_the_order_given(neo4j, tmp_path):
    """Many projects per statement, read ahead by a thread: each subgraph equals the embedded one
    (money tied to no project included), in the order given, duplicates too; an unknown id raises."""
    import random
    import threading

    from graphchain.synth import write_bundle

    b = read_bundle(write_bundle(tmp_path / "synth", 30, 1))  # with money tied to no project
    neo4j.load(b)
    G = build_graph(b)
    idx = project_index(G)
    pids = sorted(idx)
    random.Random(1).shuffle(pids)
    pids.append(pids[0])
    got = list(neo4j.project_graphs(pids, batch_size=5, prefetch=1))
    assert [p for p, _ in got] == pids
    for pid, H in got:
        assert _as_dicts(H) == _as_dicts(project_subgraph(G, pid, idx)), pid
        assert H.graph == {"source": neo4j.uri, "project_id": pid}
    employers = {v for _, v, d in G.edges(data=True) if d["rel"] == "EMPLOYED"}
    floating = [k for u, _, k, d in G.edges(keys=True, data=True)
                if d["rel"] == "PAID" and "on_project" not in d and u in employers]
    assert floating and any(k in {e[2] for e in idx[pid]} for k in floating for pid in pids)  # exercised
    with pytest.raises(KeyError):
        list(neo4j.project_graphs([pids[0], "NO-SUCH-PROJECT"], batch_size=1))
    # as analyze reads them (full=False): without the columns only the rings read, all else the same
    unread = {TABLES[n].node: set(cols) for n, cols in RINGS_ONLY.items()}
    people = 0
    for pid, H in neo4j.project_graphs(pids[:6], batch_size=4, full=False):
        nodes, edges = _as_dicts(project_subgraph(G, pid, idx))
        people += sum(bool(d.keys() & unread.get(d["label"], set())) for d in nodes.values())
        assert _as_dicts(H) == ({n: {k: v for k, v in d.items() if k not in unread.get(d["label"], ())}
                                 for n, d in nodes.items()}, edges), pid
    assert people  # the whole graph has them: something was left out
    # as the analyses get them (edges=False): those nodes in the same order, no edges, the same view
    lean = neo4j.project_graphs(pids[:6], batch_size=4, full=False, edges=False)
    paid = 0
    for (pid, H), (_, L) in zip(neo4j.project_graphs(pids[:6], batch_size=4, full=False), lean, strict=True):
        assert list(L.nodes(data=True)) == list(H.nodes(data=True)) and L.number_of_edges() == 0, pid
        assert view_fields(view(L)) == view_fields(view(H)), pid
        paid += len(view(L).payments)
    assert paid  # the views hold records
    # read so, each edge carries what its view reads and no more: neither its source nor the columns no analysis reads
    rows = neo4j._subgraph_rows(pids[:6], None, False, lean=True)
    whole = neo4j._subgraph_rows(pids[:6], None, False, lean=False)
    sent = [{k for k, v in p.items() if v is not None} for r in rows.values() for _, _, p in r["edges"]]
    assert all("source" not in keys for keys in sent) and any("amount" in keys for keys in sent)
    assert all("source" in p for r in whole.values() for _, _, p in r["edges"])
    # a consumer that stops early stops the reader
    for _ in neo4j.project_graphs(pids, batch_size=1, prefetch=2):
        break
    assert not [t for t in threading.enumerate() if t.name == "graphchain-read-ahead"]
