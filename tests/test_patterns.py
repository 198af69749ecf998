"""The Cypher chain checks of cypher/patterns/chains.cypher give the same answers as the NetworkX
analysis, on the hand-made bundle and on a generated one, in a real Neo4j."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphchain import build_graph, read_bundle
from graphchain.cypher import statements
from graphchain.findings import analyze_graph

pytestmark = pytest.mark.neo4j

MINI = Path(__file__).parent / "data" / "mini"
DEFAULTS = {"threshold": 0.9, "max_tiers": 3,  # the defaults documented in the .cypher file
            "whole_job_words": ["全部工程", "整体工程", "工程整体", "整体转包", "全部施工内容"]}


def run(store, name: str) -> list[dict]:
    q = statements("patterns/chains")[name]
    params = {k: v for k, v in DEFAULTS.items() if f"${k}" in q}
    return [dict(r) for r in store.run(q, **params)]


def subjects(doc: dict, rule: str) -> set[tuple[str, str]]:
    return {(f["project_id"], f["subject"]) for f in doc["findings"] if f["rule"] == rule}


def check_all(store, doc: dict) -> None:
    depth = {r["project_id"]: r["max_depth"] for r in run(store, "chain_depth")}
    assert depth == {p["project_id"]: p["max_depth"] for p in doc["projects"]}
    assert {r["project_id"] for r in run(store, "deep_chains")} == {p for p, _ in subjects(doc, "R-DEPTH")}
    assert {(r["project_id"], r["party_id"]) for r in run(store, "transfer")} == subjects(doc, "R-TRANSFER")
    assert {(r["project_id"], r["contract_id"]) for r in run(store, "sub_to_individual")} == \
        subjects(doc, "R-SUB-INDIVIDUAL")
    assert {(r["project_id"], r["contract_id"]) for r in run(store, "sub_to_unqualified")} == \
        subjects(doc, "R-SUB-UNQUALIFIED")
    owner = run(store, "owner_illegal") + run(store, "owner_split_sections")
    assert {(r["project_id"], r["contract_id"]) for r in owner} == subjects(doc, "R-OWNER-ILLEGAL")


def test_every_pattern_parses_and_documents_its_parameters():
    text = (Path(__file__).parent.parent / "cypher" / "patterns" / "chains.cypher").read_text(encoding="utf-8")
    for name, q in statements("patterns/chains").items():
        assert q and not q.endswith(";"), name
        for p in DEFAULTS:
            if f"${p}" in q:
                assert f":param {p} =>" in text


def test_patterns_on_the_published_case(neo4j):
    b = read_bundle(MINI)
    neo4j.load(b)
    check_all(neo4j, analyze_graph(build_graph(b)))
    assert run(neo4j, "deep_chains")[0]["chain"] == ["O1", "A", "B", "C", "D"]
    t = run(neo4j, "transfer")
    assert [(r["party_id"], r["share_pct"], r["whole_job"]) for r in t] == [("A", 98.0, ["K2"])]


def test_defaults_are_the_rule_settings():
    from graphchain.analysis.config import DEFAULTS as SETTINGS

    assert DEFAULTS == {"threshold": SETTINGS["rules"]["transfer_share"], "max_tiers": SETTINGS["rules"]["max_tiers"],
                        "whole_job_words": SETTINGS["rules"]["whole_job_words"]}


@pytest.mark.parametrize("name", ["lawful", "sections", "epc", "licence", "lending", "curtain-wall"])
def test_patterns_on_the_v2_shapes(neo4j, tmp_path, name):
    """The v2 shapes (sections, EPC, unknown qualifications) give the same answers in Cypher."""
    from tests.builders import Case
    from tests.test_analysis_neo4j import law_cases

    cases = law_cases() | {
        "curtain-wall": Case().party("G", quals="general").party("F", quals="specialty")
        .contract("K1", "O", "G", "general", 10_000_000, "全部工程").contract("K2", "G", "F", "specialty", 1_200_000,
                                                                              "全部幕墙工程"),
    }
    b = read_bundle(cases[name].write(tmp_path / "b"))
    neo4j.load(b)
    check_all(neo4j, analyze_graph(build_graph(b)))


def test_patterns_equal_networkx_on_generated_data(neo4j, tmp_path):
    synth = pytest.importorskip("graphchain.synth")
    b = read_bundle(synth.write_bundle(tmp_path / "b", 80, 21))
    neo4j.load(b)
    doc = analyze_graph(build_graph(b))
    for rule in ("R-DEPTH", "R-TRANSFER", "R-SUB-INDIVIDUAL", "R-SUB-UNQUALIFIED", "R-OWNER-ILLEGAL"):
        assert subjects(doc, rule), f"the generated bundle has no {rule} to compare"
    check_all(neo4j, doc)
