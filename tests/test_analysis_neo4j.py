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


def law_cases():
    """The hand-built cases of tests/test_rules.py and tests/test_liability.py that carry v2's shapes
    (orders, untagged money, claim kinds, licences, sections, EPC, claims without a project)."""
    from tests.builders import Case, lawful, lending_case, price_case, refuse_case, unpaid_case

    epc = Case().party("E", quals="general").party("G", quals="general").party("L", quals="labour")
    epc.contract("K0", "O", "E", "epc", 12_000_000).contract("K1", "E", "G", "general", 10_000_000)
    epc.contract("K2", "G", "L", "labour", 1_000_000).employ("E1", "W1", "L", due=30000, paid=0)
    return {
        "lawful": lawful(),
        "sections": lawful().edit("contracts", "contract_id", "K1", section="一标段").party("G2", quals="general")
        .contract("K9", "O", "G2", "general", 3_000_000, section="一标段"),
        "refuse-untagged": refuse_case([6000] * 10, 50_000, 45_000, moved_project=""),
        "refuse-posted": refuse_case([6000] * 10, 30_000, 0).order("Z1", "D", served="posted"),
        "refuse-absconded": refuse_case([12000], 100_000, 0).edit("parties", "party_id", "D", absconded="2024-04-01"),
        "lending": lending_case().drop("employment", "employment_id", "E0"),
        "price": price_case(True).claim("CL9", "PD", 300_000, respondent="G", kind="price"),
        "injury": lawful().party("D", kind="individual").contract("K9", "S", "D", "labour", 500_000)
        .employ("E9", "W9", "D", due=30000, paid=30000).claim("CL9", "W9", 80000, respondent="D", kind="injury"),
        "licence": lawful().party("U", quals="labour", licence="revoked").contract("K9", "G", "U", "labour", 800_000)
        .employ("E9", "W9", "U", due=30000, paid=0),
        "by-surname": lawful().party("D", kind="individual", name="王建国").contract("K9", "G", "D", "labour", 8e5)
        .claim("CL1", "X1", 9000, respondent_name="王老板"),
        "no-project": unpaid_case().claim("CL1", "W1", 15000, respondent="L", project="")
        .person("Z").claim("CL2", "Z", 5000, project="").pay("T10", "G", "Z", 300, project=""),
        "epc": epc,
    }


@pytest.mark.parametrize("name", sorted(law_cases()))
def test_law_cases_same_document_from_neo4j(neo4j, tmp_path, name):
    """Every v2 shape gives the same findings, liability and unattributed list read back from Neo4j."""
    case = law_cases()[name]
    neo4j.clear()
    same_document(neo4j, read_bundle(case.write(tmp_path / "b")))
