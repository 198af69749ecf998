"""Who must pay (docs/legal-rules.md B): each liability rule on a hand-made positive and negative case,
and the published four-tier case (mini P1) end to end through the findings document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphchain.analysis.liability import liabilities
from graphchain.findings import analyze_bundle
from graphchain.legal import LIABILITIES
from tests.builders import Case, lawful, price_case, unpaid_case

MINI = Path(__file__).parent / "data" / "mini"


def liable(H, claim_or_record: str) -> list[tuple[str, str, str, float | None]]:
    """(party, liability, rule, cap) of the entry for one claim id or employment id."""
    for x in liabilities(H):
        if claim_or_record in (x["claim_id"], x["record"]):
            return [(y["party_id"], y["liability"], y["rule"], y.get("cap")) for y in x["liable"]]
    raise KeyError(claim_or_record)


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
    """条例 第三十六条第一款: the owner or the GC of the worker's chain let work to an individual or a unit
    without 合法经营资格 (a business licence): it pays."""
    c = lawful().party("D", kind="individual", name="王包工").contract("K9", "G", "D", "labour", 800_000)
    c.employ("E9", "W9", "D", due=30000, paid=0)
    assert ("G", "pay", "L-ILLEGAL-LET", None) in liable(c.project(), "E9")
    c = lawful().party("U", quals="labour", licence="revoked", name="已吊销公司").contract("K9", "O", "U", "general",
                                                                                          800_000, section="二标段")
    c.employ("E9", "W9", "U", due=30000, paid=0)
    assert ("O", "pay", "L-ILLEGAL-LET", None) in liable(c.project(), "E9")
    # a qualified labour subcontractor's arrears are nobody's "pay" above it
    assert [r for _, _, r, _ in liable(unpaid_case().project(), "E1")].count("L-ILLEGAL-LET") == 0


def test_licensed_company_without_the_labour_qualification_is_not_a_pay_case():
    """A licensed company lacking the labour 资质 is 违法分包 (R-SUB-UNQUALIFIED), but has 合法经营资格: the GC
    that let to it does not pay under 条例 36① (docs/legal-rules.md v2, change 1); it still pays first (条例 30)."""
    c = lawful().party("Q", quals="specialty", name="北京某装饰有限公司").contract("K9", "G", "Q", "labour", 500_000)
    c.employ("E9", "W9", "Q", due=30000, paid=0)
    got = liable(c.project(), "E9")
    assert got == [("Q", "direct", "L-DIRECT", None), ("G", "first_pay", "L-GC-FIRST", None)]
    # an individual boss registered as a business (个体工商户, licence active) has 合法经营资格 too
    c = lawful().party("D", kind="individual", licence="active").contract("K9", "G", "D", "labour", 500_000)
    c.employ("E9", "W9", "D", due=30000, paid=0)
    assert "L-ILLEGAL-LET" not in [r for _, _, r, _ in liable(c.project(), "E9")]


def test_employer_rule_for_units_below_the_gc():
    """解释（二） 第一条: a licensed unit below the GC that let work to an individual or a unit without
    合法经营资格 bears 用工主体责任 (L-EMPLOYER), not 条例 36 (which binds the owner and the GC only)."""
    c = lawful().party("D", kind="individual").contract("K9", "S", "D", "labour", 500_000)
    c.employ("E9", "W9", "D", due=30000, paid=0)
    got = liable(c.project(), "E9")
    assert ("S", "pay", "L-EMPLOYER", None) in got and ("G", "first_pay", "L-GC-FIRST", None) in got
    assert "L-ILLEGAL-LET" not in [r for _, _, r, _ in got]
    c = lawful().party("Q", quals="specialty", licence="cancelled").contract("K9", "S", "Q", "labour", 500_000)
    c.employ("E9", "W9", "Q", due=30000, paid=0)
    assert ("S", "pay", "L-EMPLOYER", None) in liable(c.project(), "E9")
    # lawful twins: a qualified labour company; a licensed company lacking the labour qualification
    for quals in ("labour", "specialty"):
        c = lawful().party("L9", quals=quals).contract("K9", "S", "L9", "labour", 500_000)
        c.employ("E9", "W9", "L9", due=30000, paid=0)
        assert "L-EMPLOYER" not in [r for _, _, r, _ in liable(c.project(), "E9")]


def test_name_lender_pays():
    """条例 第三十六条第二款; 解释（二） 第二条: the unit that lent its name pays the borrower's workers."""
    c = lawful().drop("employment", "employment_id", "E0")
    c.party("R", name="河北实际施工有限公司").pay("T9", "G", "R", 9_500_000, purpose="other")
    c.employ("E10", "W10", "R", due=30000, paid=5000)
    got = liable(c.project(), "E10")
    assert got[0] == ("R", "direct", "L-DIRECT", None)
    assert ("G", "pay", "L-NAME-LEND", None) in got and ("G", "first_pay", "L-GC-FIRST", None) in got
    c = lawful().party("R").pay("T9", "G", "R", 500_000, purpose="other").employ("E10", "W10", "R", due=30000, paid=0)
    assert "L-NAME-LEND" not in [r for _, _, r, _ in liable(c.project(), "E10")]


def test_owner_that_paid_in_full_incl_wages_into_the_account_does_not_advance():
    """条例 第二十九条第二款: the owner advances only up to the price it has not settled; every payment on
    the contract counts, 人工费 paid into the wage account included (docs/legal-rules.md v2, change 4)."""
    c = unpaid_case().edit("payments", "payment_id", "T1", amount=9_000_000)
    c.pay("T1w", "O", "G", 1_000_000, purpose="wage", via_wage_account=True)  # 人工费 into the wage account
    assert [r for _, _, r, _ in liable(c.project(), "E1")] == ["L-DIRECT", "L-GC-FIRST"]
    # settled below the contract amount: 9.2M settled, 8M paid → cap 1.2M
    c = unpaid_case().edit("contracts", "contract_id", "K1", settled=9_200_000)
    assert ("O", "advance", "L-OWNER-ADV", 1_200_000) in liable(c.project(), "E1")


def test_owner_cap_is_shared_and_says_so():
    """One cap per owner contract, shared by all claims under it; whether the owner paid late is for the
    analyst (条例 29② needs 未按照合同约定及时拨付)."""
    c = unpaid_case().edit("employment", "employment_id", "E2", wage_paid=20000)
    c.edit("payments", "payment_id", "TW2", amount=20000)
    entries = [x for x in liabilities(c.project()) if x["record"] in ("E1", "E2")]
    caps = [y for x in entries for y in x["liable"] if y["rule"] == "L-OWNER-ADV"]
    assert len(caps) == 2 and {y["cap"] for y in caps} == {2_000_000}
    assert all("共用" in y["note"] and "核实" in y["note"] for y in caps)


def test_owner_letting_a_specialty_job_directly_the_firm_is_the_gc_of_that_chain():
    """The "GC of W's chain" is the unit on that chain that contracted with the owner (v2, change 8): the
    specialty firm F hired directly by the owner pays first for its labour sub's workers, not the GC G."""
    c = lawful().party("F", quals="specialty", name="北京某消防工程有限公司").party("LF", quals="labour")
    c.contract("K9", "O", "F", "specialty", 800_000, "消防工程").contract("K10", "F", "LF", "labour", 200_000)
    c.pay("T9", "O", "F", 500_000, contract_id="K9")
    c.employ("E9", "W9", "LF", due=30000, paid=0)
    assert liable(c.project(), "E9") == [("LF", "direct", "L-DIRECT", None), ("F", "first_pay", "L-GC-FIRST", None),
                                         ("O", "advance", "L-OWNER-ADV", 300_000)]
    # when F employs the worker itself, it is the employer: direct only (and the owner's cap)
    c = lawful().party("F", quals="specialty").contract("K9", "O", "F", "specialty", 800_000, "消防工程")
    c.pay("T9", "O", "F", 800_000, contract_id="K9").employ("E9", "W9", "F", due=30000, paid=0)
    assert liable(c.project(), "E9") == [("F", "direct", "L-DIRECT", None)]


def test_epc_and_its_general_contractor_are_both_gcs_of_the_chain():
    """docs/legal-rules.md B: an EPC contractor is a 总包单位 for wage purposes; when it let the construction to a
    general contractor on W's chain, both pay first."""
    c = Case().party("E", quals="general").party("G", quals="general").party("L", quals="labour")
    c.contract("K0", "O", "E", "epc", 12_000_000).contract("K1", "E", "G", "general", 10_000_000)
    c.contract("K2", "G", "L", "labour", 1_000_000)
    c.pay("T0", "O", "E", 12_000_000, contract_id="K0").employ("E1", "W1", "L", due=30000, paid=0)
    got = liable(c.project(), "E1")
    assert got == [("L", "direct", "L-DIRECT", None), ("E", "first_pay", "L-GC-FIRST", None),
                   ("G", "first_pay", "L-GC-FIRST", None)]


def test_respondent_named_only_in_words_is_resolved_on_the_chain():
    """docs/legal-rules.md B: a claim naming 王老板 / 老王 / 包工头王建国 is resolved on the project's chain."""
    for written in ("包工头王建国", "王老板", "老王", "王总"):
        c = lawful().party("D", kind="individual", name="王建国").contract("K9", "G", "D", "labour", 800_000)
        c.claim("CL1", "X1", 9000, respondent_name=written)
        entry = [e for e in liabilities(c.project()) if e["claim_id"] == "CL1"][0]
        assert entry["respondent"]["party_id"] == "D", written
        assert entry["liable"][0] == {**entry["liable"][0], "party_id": "D", "liability": "direct"}
    # two individuals with that surname on the chain: unresolved, no employer is guessed
    c = lawful().party("D", kind="individual", name="王建国").party("D2", kind="individual", name="王建军")
    c.contract("K9", "G", "D", "labour", 800_000).contract("K10", "G", "D2", "labour", 800_000)
    c.claim("CL1", "X1", 9000, respondent_name="王老板")
    entry = [e for e in liabilities(c.project()) if e["claim_id"] == "CL1"][0]
    assert entry["respondent"]["party_id"] is None and entry["liable"] == []


def test_actual_constructor_claims_the_price():
    """建工解释一 第四十三条: the actual constructor gets its price from the unit that let the work to it
    (①); from the owner, up to what the owner still owes, only across a single 转包/违法分包 step (②, 2021
    纪要: not a multi-level chain, not 挂靠). A price claim is not a wage arrears: no wage rules."""
    c = price_case(True).claim("CL9", "PD", 300_000, respondent="G", kind="price")
    got = liable(c.project(), "CL9")
    assert got == [("G", "direct", "L-PRICE", None), ("O", "advance", "L-ACTUAL", 4_000_000)]
    c = price_case(False).claim("CL9", "PD", 300_000, respondent="S", kind="price")
    assert liable(c.project(), "CL9") == [("S", "direct", "L-PRICE", None)]
    # the same amount claimed by a worker as wages follows the wage rules instead
    c = price_case(True).person("PX").claim("CL9", "PX", 30_000, respondent="D")
    assert "L-ACTUAL" not in [r for _, _, r, _ in liable(c.project(), "CL9")]


def test_injury_claim_with_wages_fully_paid():
    """安全生产法 第四十九条、第一百零三条; 人社部发〔2013〕34号 第七条; 解释（二） 第一条: an injured worker of an
    individual boss: the boss direct, the unit that let to him joint, and pay (工伤保险待遇) since the
    boss lacks 合法经营资格. An injury claim is not a wage arrears: no GC first-pay, no owner advance."""
    c = lawful().party("D", kind="individual").contract("K9", "S", "D", "labour", 500_000)
    c.employ("E9", "W9", "D", due=30000, paid=30000).pay("TW9", "G", "W9", 30000, "wage", via_wage_account=True)
    c.claim("CL9", "W9", 80000, respondent="D", kind="injury", text="施工中摔伤")
    entry = [e for e in liabilities(c.project()) if e["claim_id"] == "CL9"][0]
    assert (entry["kind"], entry["amount"]) == ("injury", 80000)
    assert liable(c.project(), "CL9") == [("D", "direct", "L-SAFETY", None), ("S", "joint", "L-SAFETY", None),
                                          ("S", "pay", "L-SAFETY", None)]
    # lawful twin: the injured worker of a qualified labour company: its employer only
    c = lawful().claim("CL9", "W1", 80000, respondent="L", kind="injury")
    assert liable(c.project(), "CL9") == [("L", "direct", "L-SAFETY", None)]


def test_claims_and_money_without_a_project():
    """docs/legal-rules.md F: a claim without a project belongs to the one project its claimant works on; a
    payment to the one project payer and payee share; otherwise they are listed, never dropped."""
    from graphchain.findings import analyze_graph

    c = unpaid_case().claim("CL1", "W1", 15000, respondent="L", project="")
    c.pay("T9", "L", "W1", 100, purpose="wage", project="")
    c.person("Z", name="陌生人").claim("CL2", "Z", 5000, project="").pay("T10", "G", "Z", 300, project="")
    doc = analyze_graph(c.graph())
    assert [(x["claim_id"], x["project_id"]) for x in doc["liability"] if x["claim_id"]] == [("CL1", "P")]
    assert doc["unattributed"] == {"payments": ["T10"], "claims": [{"claim_id": "CL2", "candidates": []}]}
    # a claimant working on two projects, naming no respondent: unresolved, both projects as candidates
    c.rows["projects"].append({"project_id": "P2", "name": "测试项目P2", "owner_id": "O"})
    c.employ("EZ1", "Z", "L", due=5000, paid=5000).employ("EZ2", "Z", "L", due=5000, paid=5000)
    c.rows["employment"][-1]["project_id"] = "P2"
    doc = analyze_graph(c.graph())
    assert doc["unattributed"]["claims"] == [{"claim_id": "CL2", "candidates": ["P", "P2"]}]


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
