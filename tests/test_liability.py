"""Who must pay (legal-rules.md B): each liability rule on a hand-made positive and negative case,
and the published four-tier case (mini P1) end to end through the findings document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphchain.analysis.liability import liabilities
from graphchain.findings import analyze_bundle
from graphchain.legal import LIABILITIES
from tests.test_rules import Case, lawful

MINI = Path(__file__).parent / "data" / "mini"


def liable(H, claim_or_record: str) -> list[tuple[str, str, str, float | None]]:
    """(party, liability, rule, cap) of the entry for one claim id or employment id."""
    for x in liabilities(H):
        if claim_or_record in (x["claim_id"], x["record"]):
            return [(y["party_id"], y["liability"], y["rule"], y.get("cap")) for y in x["liable"]]
    raise KeyError(claim_or_record)


def unpaid_case() -> Case:
    """The lawful chain, but the labour company L left W1 12,000 short, and the owner paid 8M of 10M."""
    c = lawful().edit("employment", "employment_id", "E1", wage_paid=18000)
    c.edit("payments", "payment_id", "TW1", amount=18000)
    return c.edit("payments", "payment_id", "T1", amount=8_000_000)


# ---------------------------------------------------------------- the published case (mini P1)
def test_mini_p1_names_employer_letting_unit_gc_and_owner_with_cap():
    doc = analyze_bundle(MINI)
    entries = {x["claim_id"]: x for x in doc["liability"]}
    assert sorted(entries) == ["CL1", "CL2", "CL3"]
    expected = (("CL1", "E1", "W1", 25000), ("CL2", "E2", "W2", 27000), ("CL3", "E3", "W3", 30000))
    for cid, record, worker, owed in expected:
        x = entries[cid]
        assert (x["record"], x["claimant_id"], x["project_id"], x["amount"]) == (record, worker, "P1", owed)
        got = [(y["party_id"], y["liability"], y["rule"], y.get("cap")) for y in x["liable"]]
        assert got == [("D", "direct", "L-DIRECT", None), ("C", "pay", "L-EMPLOYER", None),
                       ("A", "first_pay", "L-GC-FIRST", None), ("O1", "advance", "L-OWNER-ADV", 4_000_000)]
        for y in x["liable"]:
            assert y["basis"] == list(LIABILITIES[y["rule"]].basis) and y["evidence"]
        owner = x["liable"][-1]
        assert set(owner["evidence"]) == {"K1", "T1"}
    # CL3 names no respondent: the employer comes from the real-name record
    assert entries["CL3"]["liable"][0]["evidence"] == ["CL3", "E3"]
    for pid in ("D", "C", "A", "O1"):
        assert pid in doc["entities"]


def test_claims_without_arrears_on_record_keep_the_claimed_amount():
    doc = analyze_bundle(MINI)
    assert [x["claimed"] for x in doc["liability"]] == [25000, 27000, 30000]


# ---------------------------------------------------------------- each rule: positive and negative
def test_direct_and_gc_first_and_owner_advance():
    H = unpaid_case().project()
    assert liable(H, "E1") == [("L", "direct", "L-DIRECT", None), ("G", "first_pay", "L-GC-FIRST", None),
                               ("O", "advance", "L-OWNER-ADV", 2_000_000)]
    x = [e for e in liabilities(H) if e["record"] == "E1"][0]
    assert (x["claim_id"], x["claimant_id"], x["amount"]) == (None, "W1", 12000)


def test_no_entry_for_paid_workers_and_no_advance_when_owner_paid_in_full():
    assert liabilities(lawful().project()) == []
    H = unpaid_case().edit("payments", "payment_id", "T1", amount=10_000_000).project()
    assert [r for _, _, r, _ in liable(H, "E1")] == ["L-DIRECT", "L-GC-FIRST"]


def test_gc_as_employer_is_direct_not_first_pay():
    c = lawful().employ("E9", "W9", "G", due=30000, paid=10000).pay("TW9", "G", "W9", 10000, purpose="wage",
                                                                      via_wage_account=True)
    assert [r for _, _, r, _ in liable(c.project(), "E9")] == ["L-DIRECT"]


def test_claim_without_record_falls_back_to_respondent():
    c = unpaid_case().claim("CL1", "X1", 9000, respondent="S")
    got = liable(c.project(), "CL1")
    assert got[0] == ("S", "direct", "L-DIRECT", None)
    entry = [e for e in liabilities(c.project()) if e["claim_id"] == "CL1"][0]
    assert (entry["record"], entry["amount"], entry["claimed"]) == (None, 9000, 9000)
    # a claim by a registered worker uses the record, and the record gets no second entry
    c = unpaid_case().claim("CL1", "W1", 15000, respondent="L")
    entries = liabilities(c.project())
    assert [(e["claim_id"], e["record"], e["amount"], e["claimed"]) for e in entries] == [("CL1", "E1", 12000, 15000)]


def test_illegal_let_by_gc_or_owner():
    c = lawful().party("D", kind="individual", name="王包工").contract("K9", "G", "D", "labour", 800_000)
    c.employ("E9", "W9", "D", due=30000, paid=0)
    assert ("G", "pay", "L-ILLEGAL-LET", None) in liable(c.project(), "E9")
    c = lawful().party("U", quals="labour", name="无资质总包").contract("K9", "O", "U", "general", 800_000)
    c.employ("E9", "W9", "U", due=30000, paid=0)
    assert ("O", "pay", "L-ILLEGAL-LET", None) in liable(c.project(), "E9")
    # a qualified labour subcontractor's arrears are nobody's "pay" above it
    assert [r for _, _, r, _ in liable(unpaid_case().project(), "E1")].count("L-ILLEGAL-LET") == 0


def test_employer_rule_for_units_below_the_gc():
    c = lawful().party("D", kind="individual").contract("K9", "S", "D", "labour", 500_000)
    c.employ("E9", "W9", "D", due=30000, paid=0)
    got = liable(c.project(), "E9")
    assert ("S", "pay", "L-EMPLOYER", None) in got and ("G", "first_pay", "L-GC-FIRST", None) in got
    c = lawful().party("Q", quals="specialty").contract("K9", "S", "Q", "labour", 500_000)  # Q lacks labour
    c.employ("E9", "W9", "Q", due=30000, paid=0)
    assert ("S", "pay", "L-EMPLOYER", None) in liable(c.project(), "E9")
    c = lawful().party("L9", quals="labour").contract("K9", "S", "L9", "labour", 500_000)
    c.employ("E9", "W9", "L9", due=30000, paid=0)
    assert "L-EMPLOYER" not in [r for _, _, r, _ in liable(c.project(), "E9")]


def test_name_lender_pays():
    c = lawful().drop("employment", "employment_id", "E0")
    c.party("R", name="河北实际施工有限公司").pay("T9", "G", "R", 9_500_000, purpose="other")
    c.employ("E9", "M9", "R", role="manager").employ("E10", "W10", "R", due=30000, paid=5000)
    got = liable(c.project(), "E10")
    assert got[0] == ("R", "direct", "L-DIRECT", None)
    assert ("G", "pay", "L-NAME-LEND", None) in got and ("G", "first_pay", "L-GC-FIRST", None) in got
    c = lawful().party("R").pay("T9", "G", "R", 500_000, purpose="other").employ("E10", "W10", "R", due=30000, paid=0)
    assert "L-NAME-LEND" not in [r for _, _, r, _ in liable(c.project(), "E10")]


def test_actual_constructor_claims_the_price():
    boss = "130226198001011239"
    c = lawful().party("B", quals="specialty").party("D", kind="individual", name="王建国", id_number=boss)
    c.contract("K8", "G", "B", "specialty", 9_500_000, "全部工程").contract("K9", "B", "D", "labour", 8_000_000)
    c.edit("payments", "payment_id", "T1", amount=6_000_000)
    c.person("PD", name="王建国", id_number=boss).claim("CL9", "PD", 1_200_000, respondent="B", text="工程款")
    got = liable(c.project(), "CL9")
    assert ("O", "advance", "L-ACTUAL", 4_000_000) in got
    # the same claim by someone else is an ordinary wage claim
    c = lawful().party("B", quals="specialty").party("D", kind="individual", id_number=boss)
    c.contract("K8", "G", "B", "specialty", 9_500_000, "全部工程").contract("K9", "B", "D", "labour", 8_000_000)
    c.person("PX").claim("CL9", "PX", 1_200_000, respondent="B")
    assert "L-ACTUAL" not in [r for _, _, r, _ in liable(c.project(), "CL9")]


def test_safety_joint_liability_when_a_worker_is_injured():
    c = lawful().party("D", kind="individual").contract("K9", "S", "D", "labour", 500_000)
    c.employ("E9", "W9", "D", due=30000, paid=0).claim("CL9", "W9", 30000, respondent="D", text="施工中摔伤，工伤未赔")
    assert ("S", "joint", "L-SAFETY", None) in liable(c.project(), "CL9")
    c = lawful().party("D", kind="individual").contract("K9", "S", "D", "labour", 500_000)
    c.employ("E9", "W9", "D", due=30000, paid=0).claim("CL9", "W9", 30000, respondent="D", text="拖欠工资")
    assert "L-SAFETY" not in [r for _, _, r, _ in liable(c.project(), "CL9")]


# ---------------------------------------------------------------- against a generated bundle
@pytest.fixture(scope="module")
def synth_doc(tmp_path_factory):
    synth = pytest.importorskip("graphchain.synth")
    out = synth.write_bundle(tmp_path_factory.mktemp("synth") / "b", 150, 5)
    return analyze_bundle(out), json.loads((out / "truth.json").read_text(encoding="utf-8"))


def test_liability_agrees_with_truth(synth_doc):
    doc, truth = synth_doc
    mine = {(x["project_id"], x["claim_id"], x["claimant_id"]): x for x in doc["liability"]}
    agree = total = 0
    for t in truth["liability"]:
        x = mine.get((t["project_id"], t.get("claim_id"), t["claimant_id"]))
        assert x is not None, t
        total += 1
        got = {(y["party_id"], y["liability"], y.get("cap")) for y in x["liable"]}
        want = {(y["party_id"], y["liability"], y.get("cap")) for y in t["expected"]}
        agree += got == want and x["amount"] == t["amount"]
    assert total and agree / total >= 0.95


def test_ring_claims_get_an_entry_marked_with_the_ring(synth_doc):
    doc, truth = synth_doc
    ring_claims = {c: r["ring_id"] for r in doc["rings"] for c in r["claims"]}
    marked = {x["claim_id"]: x["ring"] for x in doc["liability"] if "ring" in x}
    assert ring_claims and marked == {c: r for c, r in ring_claims.items() if c in marked}
    assert set(marked) == {x["claim_id"] for x in doc["liability"] if x["claim_id"] in ring_claims}
