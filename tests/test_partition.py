"""The embedded analysis without the whole graph (graphchain.partition) and in several processes
(graphchain.workers): every project's subgraph equals ``project_subgraph`` of the whole graph (less the columns
only the rings read), and the findings document equals ``analyze_graph(build_graph(bundle))`` byte for byte,
with one worker or two."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from graphchain import build_graph, findings, read_bundle
from graphchain.analysis.view import view
from graphchain.findings import analyze_bundle, analyze_graph
from graphchain.model import project_subgraph
from graphchain.partition import ProjectRows
from graphchain.schema import RINGS_ONLY, TABLES
from tests.builders import view_fields
from tests.test_analysis_neo4j import law_cases

MINI = Path(__file__).parent / "data" / "mini"


@pytest.fixture(scope="module")
def synth_bundle(tmp_path_factory):
    synth = pytest.importorskip("graphchain.synth")
    return read_bundle(synth.write_bundle(tmp_path_factory.mktemp("synth") / "b", 60, 13))


def bundles(synth_bundle, tmp_path) -> dict:
    out = {"mini": read_bundle(MINI), "synth": synth_bundle}
    for name, case in law_cases().items():
        out[name] = read_bundle(case.write(tmp_path / name))
    return out


def as_text(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, default=str)


def test_each_project_subgraph_is_the_whole_graphs(synth_bundle, tmp_path):
    for name, b in bundles(synth_bundle, tmp_path).items():
        G, rows = build_graph(b), ProjectRows(b)
        assert rows.project_ids == sorted(d["id"] for d in G._node.values() if d.get("label") == "Project")
        for i in range(0, len(rows.project_ids), 7):  # chunks of 7 projects, as a worker would take them
            chunk = rows.project_ids[i : i + 7]
            got = list(rows.part(chunk).graphs())
            assert [pid for pid, _ in got] == chunk
            for pid, H in got:
                W = project_subgraph(G, pid)
                assert dict(H.nodes(data=True)) == {n: unread_by_projects_dropped(d) for n, d in W.nodes(data=True)}, (
                    name, pid)
                key = lambda e: (e[0], e[1], e[2])  # noqa: E731
                assert sorted(H.edges(keys=True, data=True), key=key) == sorted(W.edges(keys=True, data=True),
                                                                                  key=key), (name, pid)
                assert H.graph == W.graph
            # what the analyses get: the same nodes with the same attributes (in another order: the analyses read
            # nodes by key, and take a project's claims in the order of their ids), no edges, and the view those
            # edges make
            for (pid, H), (_, lean) in zip(got, rows.part(chunk).graphs(edges=False), strict=True):
                assert dict(lean.nodes(data=True)) == dict(H.nodes(data=True)), (name, pid)
                assert lean.number_of_edges() == 0 and lean.graph["project_id"] == pid
                assert view_fields(view(lean)) == view_fields(view(H)), (name, pid)


UNREAD = {TABLES[name].node: set(cols) for name, cols in RINGS_ONLY.items()}


def unread_by_projects_dropped(d: dict) -> dict:
    """A node's attributes as a part has them: a party or person without its phone, account and address."""
    drop = UNREAD.get(d.get("label"), set())
    return {k: v for k, v in d.items() if k not in drop}


def test_parts_leave_out_only_what_the_rings_read(synth_bundle):
    """The columns the parts leave out are the phone, bank account and address of parties and persons (the
    身份证号 stays: the view tells persons apart by it), and they are really there in the whole graph."""
    assert UNREAD == {"Party": {"phone", "bank_account", "address"}, "Person": {"phone", "bank_account", "address"}}
    rows = ProjectRows(synth_bundle)
    people = [d for _, H in rows.part(rows.project_ids[:5]).graphs() for _, d in H.nodes(data=True)
              if d.get("label") == "Person"]
    assert people and all(d.keys().isdisjoint(UNREAD["Person"]) for d in people)
    assert any("id_number" in d for d in people)
    assert all(c in synth_bundle.tables["persons"] for c in UNREAD["Person"])


def test_rings_rows_are_taken_once_then_the_columns_go(synth_bundle):
    """:meth:`ProjectRows.claims_rows` reads every identifier of the whole bundle, then lets go of the columns
    only it reads: a second call would see no phone and must not quietly give fewer rings."""
    rows = ProjectRows(synth_bundle)
    claims = rows.claims_rows()
    assert claims.identifiers.edges["HAS"]
    assert "phone" not in rows.bundle.tables["persons"] and "phone" in synth_bundle.tables["persons"]
    with pytest.raises(RuntimeError):
        rows.claims_rows()
    assert [pid for pid, _ in rows.part(rows.project_ids[:3]).graphs()] == rows.project_ids[:3]


@pytest.mark.parametrize("shared", [True, False])
def test_document_identical_to_the_whole_graphs_with_one_or_two_workers(synth_bundle, tmp_path, monkeypatch, shared):
    """Both ways the processes take their chunks: forked after the bundle is read, making their parts from its
    tables (a small bundle, :data:`graphchain.findings.SHARED_ROWS`), or forked before and sent each part pickled."""
    monkeypatch.setattr(findings, "SHARED_ROWS", 10**12 if shared else 0)
    assert findings._shared(ProjectRows(synth_bundle), 2, None) is shared
    for name, b in bundles(synth_bundle, tmp_path).items():
        expected = as_text(analyze_graph(build_graph(b)))
        ticks: list[tuple[int, int, str]] = []
        one_ticks: list[tuple[int, int]] = []
        one = analyze_bundle(b, workers=1, progress=lambda d, t, seen=one_ticks: seen.append((d, t)))
        assert as_text(one) == expected, name
        two = analyze_bundle(b, workers=2, progress=lambda d, t, seen=ticks: seen.append(
            (d, t, threading.current_thread().name)))
        assert as_text(two) == expected, name
        n = len(json.loads(expected)["projects"])
        assert one_ticks == [(i, n) for i in range(1, n + 1)], name  # one process: project by project
        # a pool's results are read once every chunk is sent: the bar moves as its processes finish chunks
        # (ticked by the pool's thread), never back, and ends at every project
        assert [d for d, *_ in ticks] == sorted({d for d, *_ in ticks}) and ticks[-1][:2] == (n, n), name
        assert {t for _, t, _ in ticks} == {n}, name
        assert any(thread != threading.main_thread().name for *_, thread in ticks), name


def test_processes_share_the_tables_of_a_small_bundle_only(synth_bundle, monkeypatch):
    """Forked after the read when rows x processes stay within SHARED_ROWS, never for one process or a cluster
    (a Dask worker shares no memory with this process)."""
    rows = ProjectRows(synth_bundle)
    n = sum(rows.counts.values())
    monkeypatch.setattr(findings, "SHARED_ROWS", 2 * n)
    assert findings._shared(rows, 2, None)
    assert not findings._shared(rows, 3, None)
    assert not findings._shared(rows, 1, None)
    assert not findings._shared(rows, 2, "tcp://127.0.0.1:8786")


def test_synth_document_has_every_part(synth_bundle):
    """The pinned document is not trivially empty: rings (found once, cross-project), unattributed money and
    claims, findings and liability all come through the chunked path."""
    doc = analyze_bundle(synth_bundle, workers=2)
    assert doc["rings"] and doc["findings"] and doc["liability"] and doc["money"]
    assert doc["unattributed"]["payments"] and doc["unattributed"]["claims"]
    assert doc["bundle"]["counts"] == analyze_graph(build_graph(synth_bundle))["bundle"]["counts"]
