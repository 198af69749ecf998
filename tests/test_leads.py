"""Support-prosecution leads: grouping, respondent resolution (exact, chain, fuzzy, ambiguous),
ring claims excluded or flagged, liable parties from the findings document, ranking, CSV/JSON."""

from __future__ import annotations

import csv
import json

import pytest

from graphchain import build_graph, read_bundle
from graphchain.analysis.leads import Resolver, build_leads, leads_to_csv, project_parties
from graphchain.analysis.names import NameIndex, core_name, normalize_company
from graphchain.analysis.rings import claims_subgraph, find_rings
from tests.test_rings import RING, hand_tables, write_tables


@pytest.fixture()
def graph(tmp_path):
    t = hand_tables()
    # a fuzzy name, a garbled one and an individual named without id, all on P1
    for i, name in enumerate(("宏远建设", "某某公司", "王建国"), 1):
        t["persons"].append({"person_id": f"V{i}", "name": f"散户{i}"})
        t["claims"].append({"claim_id": f"CV{i}", "claimant_id": f"V{i}", "amount": "8000", "filed": "2022-05-01",
                            "project_id": "P1", "respondent_name": name, "channel": "court", "status": "open"})
    t["claims"].append({"claim_id": "CPAID", "claimant_id": "V1", "amount": "1000", "filed": "2022-06-01",
                        "project_id": "P2", "respondent_id": "A2", "status": "paid"})
    return build_graph(read_bundle(write_tables(tmp_path / "b", t)))


def _by_claim(leads):
    return {c: x for x in leads for c in x["claims"]}


def test_names_normalise_and_match():
    assert normalize_company("北京市城建宏远建设集团有限公司") == "城建宏远建设"
    assert normalize_company("城建宏远建设集团有限公司北京分公司") == "城建宏远建设"
    assert core_name("河北省鑫泰建筑工程有限公司") == "鑫泰"
    idx = NameIndex({"X": "北京宏远建设有限公司", "Y": "河北宏远建设有限公司", "Z": "北京鑫泰劳务有限公司"})
    assert idx.match("宏远建设")[0] is None, "two 宏远建设 in different provinces: ambiguous, left to a human"
    assert idx.match("宏远建设", within={"X"}) == ("X", 100.0)
    assert idx.match("河北宏远建设") == ("Y", 100.0), "the region written by the claimant breaks the tie"
    assert idx.match("鑫泰劳务公司") == ("Z", 100.0)
    assert idx.match("完全不同的名字")[0] is None


def test_blocking_compares_only_names_sharing_a_bigram():
    idx = NameIndex({f"P{i}": f"北京第{i:04d}号建设有限公司" for i in range(2000)} | {"T": "北京鑫泰劳务有限公司"})
    assert len(idx.candidates("鑫泰劳务")) < 10
    assert idx.match("鑫泰劳务")[0] == "T"


def test_name_index_by_int_ids():
    # ingest.resolve indexes names by mention number: equal scores come in numeric order (2 before 10)
    idx = NameIndex({10: "北京宏远建设有限公司", 2: "河北宏远建设有限公司", 7: "北京鑫泰劳务有限公司"})
    assert [i for _, i in idx.scored("宏远建设")] == [2, 10]
    assert idx.candidates("宏远建设") == [2, 10]
    assert idx.match("河北宏远建设") == (2, 100.0)


def test_leads_group_resolve_and_rank(graph):
    leads = build_leads(graph)
    by_claim = _by_claim(leads)
    assert [x["lead_id"] for x in leads] == [f"L{i}" for i in range(1, len(leads) + 1)]
    assert [x["rank_score"] for x in leads] == sorted((x["rank_score"] for x in leads), reverse=True)
    collective = by_claim["CW1_0"]  # "顺安劳务" written, resolved to L1 exactly (normalised names equal)
    assert collective["respondent_id"] == "L1" and collective["match_score"] == 100.0
    assert collective["workers"] == 10 and len(collective["claims"]) == 30
    assert collective["amount"] == 300000.0, "the same debt filed in three channels counts once"
    assert collective["channels"] == ["arbitration", "court", "hotline"]
    assert collective["first_filed"] == "2024-01-10" and collective["last_filed"] == "2024-06-01"
    assert by_claim["CV1"]["respondent_id"] == "A1" and 85 <= by_claim["CV1"]["match_score"] < 100
    unresolved = by_claim["CV2"]
    assert unresolved["respondent_id"] is None and unresolved["respondent_name"] == "某某公司"
    assert by_claim["CV3"]["respondent_id"] == "D1", "an individual matches by exact name"
    assert by_claim["CM3"]["respondent_id"] == "D1", "the mover's 包工头 on P5, named only in words"
    assert "CPAID" not in by_claim, "paid claims need no support"
    json.dumps(leads, ensure_ascii=False)


def test_ring_claims_excluded_or_flagged(graph):
    rings, _ = find_rings(graph)
    ring_claims = set(rings[0]["claims"])
    assert not ring_claims & set(_by_claim(build_leads(graph)))
    assert not ring_claims & set(_by_claim(build_leads(graph, rings=rings)))
    flagged = build_leads(graph, config={"leads": {"ring_claims": "flag"}})
    marked = [x for x in flagged if x["ring_id"]]
    assert {c for x in marked for c in x["claims"]} == ring_claims
    assert all(x["ring_id"] == "G1" for x in marked)
    assert all(x["ring_id"] is None for x in flagged if set(x["claims"]) - ring_claims)
    assert all(c[:2] == "CR" for x in marked for c in x["claims"]) and RING


def test_individual_matched_on_the_project_chain_first(tmp_path):
    t = hand_tables()
    # a second 王建国 elsewhere: only the one on P5's chain (contract KD5) is meant
    t["parties"].append({"party_id": "D2", "name": "王建国", "kind": "individual",
                         "id_number": t["parties"][-1]["id_number"][:-4] + "0025"})
    from graphchain.ids import id_number_check_char

    t["parties"][-1]["id_number"] = t["parties"][-1]["id_number"][:17] + id_number_check_char(
        t["parties"][-1]["id_number"][:17])
    G = build_graph(read_bundle(write_tables(tmp_path / "b", t)))
    r = Resolver(G, project_parties(G))
    assert r.resolve("王建国", "P5") == ("D1", 100.0)
    assert r.resolve("王建国", "P1")[0] is None, "two of that name, neither on P1's chain"
    assert r.resolve(G.nodes["A1"]["credit_code"], None) == ("A1", 100.0)


def test_liable_parties_from_the_findings_document(graph):
    doc = {"liability": [
        {"claim_id": "CW1_0", "liable": [
            {"party_id": "L1", "liability": "direct", "rule": "L-DIRECT", "basis": ["条例 16"], "evidence": ["EW1"]},
            {"party_id": "O1", "liability": "advance", "basis": ["条例 29"], "evidence": ["K1"], "cap": 5e5}]},
        {"claim_id": "CW2_0", "liable": [
            {"party_id": "A1", "liability": "first_pay", "basis": ["条例 30"], "evidence": ["KP4"]},
            {"party_id": "L1", "liability": "direct", "basis": ["条例 16"], "evidence": ["EW2"]}]}]}
    lead = _by_claim(build_leads(graph, doc))["CW1_0"]
    assert [(e["party_id"], e["liability"]) for e in lead["liable"]] == [
        ("L1", "direct"), ("A1", "first_pay"), ("O1", "advance")]
    assert lead["liable"][0]["claims"] == ["CW1_0", "CW2_0"] and lead["liable"][0]["evidence"] == ["EW1", "EW2"]
    assert lead["liable"][2]["cap"] == 5e5 and lead["liable"][0]["name"] == "北京顺安劳务有限公司"


def test_with_real_findings_on_mini(mini):
    from graphchain.findings import analyze_graph

    G = build_graph(read_bundle(mini))
    leads = build_leads(G, analyze_graph(G))
    assert len(leads) == 1 and leads[0]["respondent_id"] == "D" and leads[0]["workers"] == 3
    assert {e["liability"] for e in leads[0]["liable"]} >= {"direct", "first_pay"}


def test_claims_subgraph_gives_the_same_leads(graph):
    assert build_leads(claims_subgraph(graph)) == build_leads(graph)


def test_csv(graph, tmp_path):
    leads = build_leads(graph)
    path = leads_to_csv(leads, tmp_path / "leads.csv")
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    assert len(rows) == len(leads) and rows[0]["lead_id"] == "L1"
    row = next(r for r in rows if "CW1_0" in r["claims"].split(";"))
    assert row["respondent_id"] == "L1" and row["workers"] == "10" and row["channels"] == "arbitration;court;hotline"


def test_synth_respondents_resolved_from_names_alone(tmp_path):
    synth = pytest.importorskip("graphchain.synth")
    pd = pytest.importorskip("pandas")
    out = synth.write_bundle(tmp_path / "synth", 200, 4)
    claims = pd.read_csv(out / "claims.csv", dtype=str, keep_default_na=False)
    # price claims (工程款 of an actual constructor) make no lead
    truth = {c: r for c, r, k in zip(claims["claim_id"], claims["respondent_id"], claims["kind"], strict=True)
             if r and k != "price"}
    claims["respondent_id"] = ""
    claims.to_csv(out / "claims.csv", index=False)
    leads = build_leads(build_graph(read_bundle(out)), rings=[], config={"leads": {"exclude_status": []}})
    got = {c: x["respondent_id"] for x in leads for c in x["claims"]}
    wrong = [c for c, r in truth.items() if got[c] is not None and got[c] != r]
    unresolved = [c for c in truth if got[c] is None]
    assert not wrong, wrong[:5]
    assert len(unresolved) <= 0.05 * len(truth)


def test_collective_claims_count_their_workers_and_price_claims_make_no_lead(tmp_path):
    """A collective hotline claim by its caller speaks for `workers` people; an actual constructor's price
    claim (工程款) is not a worker's wage claim and makes no support-prosecution lead; a claim without a
    project counts on the project legal-rules F ties it to."""
    from graphchain import build_graph, read_bundle
    from graphchain.analysis.leads import build_leads
    from tests.builders import lawful

    c = lawful().claim("C1", "X1", 90000, respondent="L", text="代表8名工人讨薪")
    c.rows["claims"][-1]["workers"] = 8
    c.claim("C2", "W1", 5000, respondent="L", project="")
    c.party("D", kind="individual").contract("K9", "G", "D", "labour", 100_000)
    c.claim("C3", "X2", 50000, respondent="G", kind="price")
    leads = build_leads(build_graph(read_bundle(c.write(tmp_path / "b"))), rings=[])
    assert [(x["project_id"], x["respondent_id"], x["workers"], x["claims"]) for x in leads] == [
        ("P", "L", 9, ["C1", "C2"])]
