"""The findings document from Neo4j (``analyze_store``, one project at a time) equals the one from
the embedded graph (``analyze_graph``) for the same bundle: findings, liability, money, all of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphchain import build_graph, read_bundle
from graphchain.findings import analyze_graph, analyze_store

pytestmark = pytest.mark.neo4j

MINI = Path(__file__).parent / "data" / "mini"


def same_document(store, bundle) -> tuple[dict, dict]:
    store.load(bundle)
    ticks: list[tuple[int, int]] = []
    from_store = analyze_store(store, progress=lambda done, total: ticks.append((done, total)))
    embedded = analyze_graph(build_graph(bundle))
    assert from_store["bundle"]["source"] == store.uri
    assert from_store["bundle"]["counts"] == embedded["bundle"]["counts"]
    for key in embedded:
        if key != "bundle":
            assert from_store[key] == embedded[key], key
    n = len(embedded["projects"])
    assert ticks[-1] == (n, n) and len(ticks) == n
    return from_store, embedded


def test_mini_same_findings_and_liability(neo4j):
    doc, _ = same_document(neo4j, read_bundle(MINI))
    owner = [y for x in doc["liability"] for y in x["liable"] if y["liability"] == "advance"]
    assert {y["cap"] for y in owner} == {4_000_000}


def test_generated_bundle_same_document(neo4j, tmp_path):
    synth = pytest.importorskip("graphchain.synth")
    doc, _ = same_document(neo4j, read_bundle(synth.write_bundle(tmp_path / "b", 60, 13)))
    assert doc["findings"] and doc["liability"] and doc["rings"]
