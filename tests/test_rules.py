"""Every rule of docs/legal-rules.md A, C, D (X-EXTORT excepted) on tiny hand-made cases: each fires on
its positive case and stays silent on the lawful baseline and on its near-miss negative.

Cases are built in code (:class:`tests.builders.Case`) and read through the real bundle reader, so
they are validated like an analyst's bundle.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graphchain import build_graph, read_bundle
from graphchain.analysis.config import DEFAULTS, load_config
from graphchain.analysis.rules import RULE_FUNCTIONS, run_rules
from graphchain.legal import RULES
from graphchain.model import project_subgraph
from tests.builders import Case, fee_case, id_number, lawful, lending_case, refuse_case

MINI = Path(__file__).parent / "data" / "mini"


def fired(H, rule: str | None = None) -> list[tuple[str, str]]:
    return [(f["rule"], f["subject"]) for f in run_rules(H) if rule is None or f["rule"] == rule]


# ---------------------------------------------------------------- the lawful chain and the finding shape
def test_lawful_chain_raises_no_alarm():
    assert fired(lawful().project()) == []


def test_mini_p2_is_lawful_and_p1_fires_the_published_case():
    """The published four-tier case (mini P1): transfer by A, main structure let by the GC, re-letting by
    the specialty sub, labour let to the individual D, who moved the money and owes three workers.
    W9 was paid 400,000 for "other": a relative, not a worker, so no real-name lead (条例 28 covers
    people who work or are paid wages)."""
    G = build_graph(read_bundle(MINI))
    assert fired(project_subgraph(G, "P2")) == []
    assert fired(project_subgraph(G, "P1")) == [
        ("C-ACCOUNT", "P1"), ("C-DIRECTPAY", "D"), ("C-GUARANTEE", "P1"),
        ("R-DEPTH", "P1"), ("R-MAIN-STRUCTURE", "K2"), ("R-RESUB", "K3"), ("R-SUB-INDIVIDUAL", "K4"),
        ("R-TRANSFER", "A"), ("R-TRANSFER-FEE", "A"), ("X-REFUSE", "D")]


def test_every_finding_is_well_formed_and_reads_as_a_lead():
    """Every finding names its rule, basis and evidence, and reads as a lead (涉嫌/疑似), never a verdict."""
    G = build_graph(read_bundle(MINI))
    found = run_rules(project_subgraph(G, "P1"))
    keys = {"rule", "project_id", "subject", "parties", "contracts", "payments", "records", "breaks", "basis",
            "summary", "summary_en", "confidence"}
    for f in found:
        assert set(f) - {"elements"} == keys
        assert set(f["breaks"]) <= set(f["contracts"])  # the contracts that break it are among its evidence
        assert f["parties"] or f["contracts"] or f["payments"]
        assert f["basis"] == list(RULES[f["rule"]].basis)
        assert 0 <= f["confidence"] <= 1
        assert any(w in f["summary"] for w in ("涉嫌", "疑似", "未见")), f["summary"]
        assert "违反" not in f["summary"]
        if RULES[f["rule"]].subject == "contract":
            assert f["subject"] in f["contracts"]
        elif RULES[f["rule"]].subject == "project":
            assert f["subject"] == "P1"


def test_every_rule_but_extortion_is_implemented():
    assert set(RULE_FUNCTIONS) == {r for r in RULES if r != "X-EXTORT"}


# ---------------------------------------------------------------- R-OWNER-ILLEGAL
def test_owner_letting_to_an_individual_or_unqualified_unit():
    """办法 第六条第（一）（二）项: the owner lets work to an individual, or to a unit without the qualification."""
    c = lawful().party("X", kind="individual", name="张包工").contract("K9", "O", "X", "specialty", 100_000)
    assert fired(c.project(), "R-OWNER-ILLEGAL") == [("R-OWNER-ILLEGAL", "K9")]
    c = lawful().party("Y", quals="labour").contract("K9", "O", "Y", "general", 100_000, section="二标段")
    assert fired(c.project(), "R-OWNER-ILLEGAL") == [("R-OWNER-ILLEGAL", "K9")]
    # lawful twin: a specialty job let by the owner directly to a qualified specialty firm
    c = lawful().party("Z", quals="specialty").contract("K9", "O", "Z", "specialty", 100_000, "消防工程")
    assert fired(c.project()) == []


def test_owner_splitting_one_section():
    """办法 第六条第（五）项 (肢解发包): two general contracts for one section, or labour let by the owner."""
    c = lawful().party("G2", quals="general").contract("K9", "O", "G2", "general", 3_000_000)
    c.pay("T9", "O", "G2", 3_000_000, contract_id="K9")
    found = [f for f in run_rules(c.project()) if f["rule"] == "R-OWNER-ILLEGAL"]
    assert [sorted(f["contracts"]) for f in found] == [["K1", "K9"]]
    c = lawful().party("L9", quals="labour").contract("K9", "O", "L9", "labour", 300_000)
    assert fired(c.project(), "R-OWNER-ILLEGAL") == [("R-OWNER-ILLEGAL", "K9")]
    # lawful twin: separate sections (标段) let by the owner to two general contractors
    c = lawful().edit("contracts", "contract_id", "K1", section="一标段").party("G2", quals="general")
    c.contract("K9", "O", "G2", "general", 3_000_000, "全部工程", section="二标段")
    c.pay("T9", "O", "G2", 3_000_000, contract_id="K9").employ("E9", "M9", "G2", role="manager")
    assert fired(c.project()) == []


# ---------------------------------------------------------------- 违法分包
def test_sub_individual():
    """办法 第十二条第（一）项: a contractor lets work to an individual."""
    c = lawful().party("X", kind="individual", name="张包工").contract("K9", "G", "X", "labour", 300_000)
    assert fired(c.project(), "R-SUB-INDIVIDUAL") == [("R-SUB-INDIVIDUAL", "K9")]
    c = lawful().party("L9", quals="labour").contract("K9", "G", "L9", "labour", 300_000)
    assert fired(c.project(), "R-SUB-INDIVIDUAL") == []


def test_sub_unqualified():
    """建筑法 第二十九条第三款; 办法 第十二条第（二）项: the receiving unit lacks the qualification its type needs."""
    c = lawful().party("Q", quals="specialty").contract("K9", "G", "Q", "labour", 300_000)
    assert fired(c.project(), "R-SUB-UNQUALIFIED") == [("R-SUB-UNQUALIFIED", "K9")]
    c = lawful().party("Q").contract("K9", "G", "Q", "specialty", 300_000)
    assert fired(c.project(), "R-SUB-UNQUALIFIED") == [("R-SUB-UNQUALIFIED", "K9")]
    # lawful twins (建工解释一 第五条): specialty work to a general-qualified unit, labour to a labour company
    c = lawful().party("Q", quals="general").contract("K9", "G", "Q", "specialty", 300_000)
    assert fired(c.project(), "R-SUB-UNQUALIFIED") == []
    c = lawful().party("Q", quals="labour").contract("K9", "G", "Q", "labour", 300_000)
    assert fired(c.project(), "R-SUB-UNQUALIFIED") == []
    # an individual is R-SUB-INDIVIDUAL, not also "unqualified"
    c = lawful().party("X", kind="individual").contract("K9", "G", "X", "labour", 300_000)
    assert fired(c.project(), "R-SUB-UNQUALIFIED") == []


def test_no_qualification_register_means_not_checked():
    """docs/data-format.md: without a `qualifications` column qualifications are unknown, so the rules that need
    them do not fire (an import without a 资质 register must not call every company unqualified)."""
    c = lawful().party("Q").contract("K9", "G", "Q", "specialty", 300_000)
    assert fired(c.project(omit=("qualifications",)), "R-SUB-UNQUALIFIED") == []
    assert fired(c.project(), "R-SUB-UNQUALIFIED") == [("R-SUB-UNQUALIFIED", "K9")]


def test_main_structure():
    """建筑法 第二十九条第一款; 办法 第十二条第（三）项: the GC lets the main structure (not labour-only, not steel)."""
    c = lawful().edit("contracts", "contract_id", "K2", main_structure="true", scope="主体结构工程")
    assert fired(c.project(), "R-MAIN-STRUCTURE") == [("R-MAIN-STRUCTURE", "K2")]
    c = lawful().edit("contracts", "contract_id", "K2", scope="主体结构工程")
    assert fired(c.project(), "R-MAIN-STRUCTURE") == [("R-MAIN-STRUCTURE", "K2")]
    # lawful twins: labour-only main-structure work (K3), and steel-structure main structure (钢结构工程除外)
    c = lawful().edit("contracts", "contract_id", "K2", scope="主体结构劳务作业")
    assert fired(c.project(), "R-MAIN-STRUCTURE") == []
    c = lawful().edit("contracts", "contract_id", "K2", scope="主体钢结构工程", main_structure="true")
    assert fired(c.project()) == []
    # only the general contractor's subcontracts count
    c = lawful().party("S2", quals="specialty").contract("K9", "S", "S2", "specialty", 100_000, main_structure=True)
    assert fired(c.project(), "R-MAIN-STRUCTURE") == []


def test_resub():
    """建筑法 第二十九条第三款; 办法 第十二条第（四）（五）项: a specialty sub lets non-labour work on; a labour
    sub lets anything on, whatever type it declares."""
    c = lawful().party("S2", quals="specialty").contract("K9", "S", "S2", "specialty", 500_000)
    assert fired(c.project(), "R-RESUB") == [("R-RESUB", "K9")]
    c = lawful().party("L9", quals="labour").contract("K9", "L", "L9", "labour", 500_000)
    assert fired(c.project(), "R-RESUB") == [("R-RESUB", "K9")]
    c = lawful().party("L9", quals="labour").contract("K9", "L", "L9", "other", 500_000, "零星用工")
    assert fired(c.project(), "R-RESUB") == [("R-RESUB", "K9")]
    # lawful twin: a specialty subcontractor lets labour work to a qualified labour company
    c = lawful().party("L9", quals="labour").contract("K9", "S", "L9", "labour", 500_000)
    assert fired(c.project()) == []


def test_epc_gc_specialty_labour_is_lawful():
    """An EPC contractor letting the construction to a GC, which lets specialty and labour work, is the
    lawful shape (docs/legal-rules.md A guards): no transfer, no main structure, no re-letting, no depth."""
    c = Case()
    c.party("E", quals="general", name="北京中设工程总承包有限公司").party("G", quals="general")
    c.party("S", quals="specialty").party("L", quals="labour").party("L2", quals="labour")
    c.contract("K0", "O", "E", "epc", 12_000_000, "设计施工总承包（全部工程）")
    c.contract("K1", "E", "G", "general", 10_000_000, "全部工程施工", True)
    c.contract("K2", "G", "S", "specialty", 2_000_000, "幕墙工程")
    c.contract("K3", "G", "L", "labour", 1_500_000, "主体结构劳务作业", True)
    c.contract("K4", "S", "L2", "labour", 400_000, "幕墙安装劳务")
    for k, (a, b, x) in enumerate([("O", "E", 12_000_000), ("E", "G", 10_000_000), ("G", "S", 2_000_000),
                                   ("G", "L", 1_500_000), ("S", "L2", 400_000)]):
        c.pay(f"T{k}", a, b, x, contract_id=f"K{k}")
    c.employ("EM1", "M1", "E", role="manager").employ("EM2", "M2", "G", role="manager")
    c.employ("EW1", "W1", "L", due=30000, paid=30000).pay("TW1", "G", "W1", 30000, "wage", via_wage_account=True)
    c.employ("EW2", "W2", "L2", due=20000, paid=20000).pay("TW2", "G", "W2", 20000, "wage", via_wage_account=True)
    assert fired(c.project()) == []
    # one more tier below the labour sub is too deep, and re-letting
    c.party("X", kind="individual").contract("K5", "L2", "X", "labour", 100_000)
    assert fired(c.project(), "R-DEPTH") == [("R-DEPTH", "P")]


# ---------------------------------------------------------------- transfer, money, names
def test_transfer_by_share():
    """建筑法 第二十八条; 办法 第八条第（一）（二）项: a contractor lets on ≥ 90% of what it received, in one
    contract or split into several; the contracts it let on are the ones that break the rule."""
    c = lawful().edit("contracts", "contract_id", "K2", amount=8_000_000)  # 8.0 + 1.5 of 10 = 95%
    assert fired(c.project(), "R-TRANSFER") == [("R-TRANSFER", "G")]
    f = next(f for f in run_rules(c.project()) if f["rule"] == "R-TRANSFER")
    assert f["contracts"] == ["K1", "K2", "K3"] and f["breaks"] == ["K2", "K3"]
    c = lawful().edit("contracts", "contract_id", "K2", amount=7_000_000)  # 85%
    assert fired(c.project(), "R-TRANSFER") == []


def test_curtain_wall_specialty_subcontract_is_not_a_transfer():
    """A GC letting "全部幕墙工程" (12% of value) to a qualified specialty firm lets one trade, lawfully:
    the word 全部 about one trade is not the whole job (docs/legal-rules.md v2, change 3)."""
    c = lawful().party("F", quals="specialty", name="北京华城幕墙有限公司")
    c.contract("K9", "G", "F", "specialty", 1_200_000, "全部幕墙工程").pay("T9", "G", "F", 1_200_000, contract_id="K9")
    assert fired(c.project()) == []


def test_transfer_of_the_whole_job_by_scope():
    """办法 第八条第（一）（五）项: the contractor received 全部工程 and lets 全部工程 on; or a labour
    subcontractor's scope is the whole job (专业作业承包人 takes everything but a fee)."""
    c = lawful().edit("contracts", "contract_id", "K2", scope="全部工程")
    assert fired(c.project(), "R-TRANSFER") == [("R-TRANSFER", "G")]
    c = lawful().edit("contracts", "contract_id", "K3", scope="全部工程（包工包料）")
    assert fired(c.project(), "R-TRANSFER") == [("R-TRANSFER", "G")]
    # lawful twins: "全部劳务作业" is the ordinary labour subcontract; a sub that received one trade
    c = lawful().edit("contracts", "contract_id", "K3", scope="全部劳务作业")
    assert fired(c.project(), "R-TRANSFER") == []
    c = lawful().edit("contracts", "contract_id", "K1", scope="土建工程").edit("contracts", "contract_id", "K2",
                                                                            scope="全部工程")
    assert fired(c.project(), "R-TRANSFER") == []


def test_transfer_fee():
    """办法 第八条第（三）（九）项: no manager, no workers, and ≥ 90% of the money forwarded downstream."""
    assert fired(fee_case(False, 9_500_000).project(), "R-TRANSFER-FEE") == [("R-TRANSFER-FEE", "G")]
    assert fired(fee_case(True, 9_500_000).project(), "R-TRANSFER-FEE") == []
    assert fired(fee_case(False, 5_000_000).project(), "R-TRANSFER-FEE") == []


def test_materials_are_not_forwarded_money():
    """Materials paid to a supplier on the contractor's order are not the job passed on (v2, change 7)."""
    c = fee_case(False, 5_000_000).party("M", quals="", name="北京建材供应有限公司")
    c.pay("T9", "G", "M", 4_600_000, purpose="materials")
    assert fired(c.project(), "R-TRANSFER-FEE") == []
    c.edit("payments", "payment_id", "T9", purpose="progress")
    assert fired(c.project(), "R-TRANSFER-FEE") == [("R-TRANSFER-FEE", "G")]


def test_pay_bypass_money_to_someone_else():
    """办法 第八条第（九）项: the money for a contract goes to someone other than its contractor."""
    c = lawful().party("X", quals="general").edit("payments", "payment_id", "T1", payee_id="X", amount=4_000_000)
    c.pay("T1b", "O", "G", 6_000_000, contract_id="K1")
    assert fired(c.project(), "R-PAY-BYPASS") == [("R-PAY-BYPASS", "K1")]
    # the owner paying a subcontract's money over the GC's head to someone else than its contractor
    c = lawful().party("X", name="某劳务公司").pay("T9", "O", "X", 1_000_000, contract_id="K2")
    c.edit("payments", "payment_id", "T2", amount=1_000_000)
    assert fired(c.project(), "R-PAY-BYPASS") == [("R-PAY-BYPASS", "K2")]
    # lawful twin: the owner paying the subcontractor itself on the GC's order
    c = lawful().pay("T9", "O", "S", 1_000_000, contract_id="K2").edit("payments", "payment_id", "T2", amount=1e6)
    assert fired(c.project(), "R-PAY-BYPASS") == []


def test_supplier_paid_on_the_contractors_order_is_not_a_bypass():
    """A three-party payment the contract provides for (a supplier paid for materials) is lawful."""
    c = lawful().party("M", name="北京建材供应有限公司").pay("T9", "G", "M", 500_000, "materials", contract_id="K2")
    c.edit("payments", "payment_id", "T2", amount=1_500_000)
    assert fired(c.project()) == []


def test_pay_bypass_forwarded_to_a_party_without_a_contract():
    """办法 第八条第（九）项: the contractor forwards ≈ all of a contract's money to a party with no contract."""
    c = lawful().party("X", kind="individual", name="李实际").pay("T9", "S", "X", 1_960_000, purpose="other")
    assert fired(c.project(), "R-PAY-BYPASS") == [("R-PAY-BYPASS", "K2")]
    c = lawful().party("Y", name="河北某建筑公司").pay("T9", "S", "Y", 1_960_000)
    assert fired(c.project(), "R-PAY-BYPASS") == [("R-PAY-BYPASS", "K2")]
    # forwarding half is not ≈ 1:1; a party with a contract of its own is a subcontract, not a bypass
    c = lawful().party("X", kind="individual").pay("T9", "S", "X", 1_000_000, purpose="other")
    assert fired(c.project(), "R-PAY-BYPASS") == []
    c = lawful().party("X", kind="individual").pay("T9", "S", "X", 1_960_000)
    c.contract("K9", "S", "X", "labour", 1_960_000)
    assert fired(c.project(), "R-PAY-BYPASS") == []
    # wages the GC pays for its subcontractors from the special account are not a bypass
    assert fired(lawful().project(), "R-PAY-BYPASS") == []


def test_name_lending_borrower_runs_the_site_without_a_manager_on_record():
    """建筑法 第二十六条; 办法 第十条第（一）项: R holds no contract, gets ≈ all the money and employs the
    workers; G's manager on paper does not clear it (办法 第八条第（三）项), R needs no manager on record."""
    c = lending_case().drop("employment", "employment_id", "E1").employ("E1", "W1", "R", due=30000, paid=30000)
    c.drop("employment", "employment_id", "E4").drop("employment", "employment_id", "E2")
    c.drop("employment", "employment_id", "E3")
    assert fired(c.project(), "R-NAME-LENDING") == [("R-NAME-LENDING", "G")]


def test_name_lending_holder_without_staff_or_paid_a_fee():
    """办法 第十条第（三）项: the holder has nobody on site, or the borrower pays it a fee for the contract."""
    c = lending_case().drop("employment", "employment_id", "E0")
    assert fired(c.project(), "R-NAME-LENDING") == [("R-NAME-LENDING", "G")]
    c = lending_case().pay("T10", "R", "G", 300_000, purpose="fee")
    assert fired(c.project(), "R-NAME-LENDING") == [("R-NAME-LENDING", "G")]
    # lawful twins: the holder staffs its own site and takes no fee; the receiver holds a contract
    assert fired(lending_case().project(), "R-NAME-LENDING") == []
    c = lending_case().drop("employment", "employment_id", "E0").contract("K9", "G", "R", "specialty", 9_000_000)
    assert fired(c.project(), "R-NAME-LENDING") == []
    assert fired(lawful().project(), "R-NAME-LENDING") == []


def test_depth():
    """Owner → GC → specialty → labour is the deepest lawful shape; one more tier is a multi-level chain."""
    c = lawful().party("X", quals="specialty").party("Y", kind="individual")
    c.contract("K8", "S", "X", "specialty", 1_000_000).contract("K9", "X", "Y", "labour", 500_000)
    assert fired(c.project(), "R-DEPTH") == [("R-DEPTH", "P")]
    c = lawful().party("L9", quals="labour").contract("K9", "S", "L9", "labour", 500_000)
    assert fired(c.project(), "R-DEPTH") == []


def test_cycle():
    c = lawful().contract("K9", "S", "G", "specialty", 100_000)
    assert fired(c.project(), "R-CYCLE") == [("R-CYCLE", "P")]
    assert fired(lawful().project(), "R-CYCLE") == []


# ---------------------------------------------------------------- compliance
def test_guarantee_and_account():
    """条例 第二十四条第一款 (guarantee), 第二十六条 (wage special account)."""
    c = lawful()
    c.rows["projects"][0].update(guarantee="", wage_account="")
    assert fired(c.project(), "C-GUARANTEE") == [("C-GUARANTEE", "P")]
    assert fired(c.project(), "C-ACCOUNT") == [("C-ACCOUNT", "P")]
    c.rows["projects"][0].update(guarantee="0")
    assert fired(c.project(), "C-GUARANTEE") == [("C-GUARANTEE", "P")]


def test_realname():
    """条例 第二十八条第一款: a person paid wages or claiming wages has no real-name record."""
    c = lawful().person("X").pay("T9", "L", "X", 8000, purpose="wage")
    assert fired(c.project(), "C-REALNAME") == [("C-REALNAME", "X")]
    c = lawful().claim("CL1", "Y", 20000, respondent="L")
    assert fired(c.project(), "C-REALNAME") == [("C-REALNAME", "Y")]
    # lawful twins: a registered worker who claims; a person paid for something else than wages;
    # an actual constructor (a party holding a contract, the same 身份证号) claiming the price
    assert fired(lawful().claim("CL1", "W1", 5000, respondent="L").project(), "C-REALNAME") == []
    assert fired(lawful().person("X").pay("T9", "L", "X", 8000, purpose="other").project(), "C-REALNAME") == []
    c = lawful().party("X", kind="individual", id_number=id_number(77)).contract("K9", "L", "X", "labour", 90_000)
    c.person("PX", name="个人X", id_number=id_number(77)).claim("CL1", "PX", 50000, respondent="L", kind="price")
    assert fired(c.project(), "C-REALNAME") == []


def test_directpay():
    """条例 第三十一条: wages of registered workers paid from the wage special account."""
    c = lawful().edit("payments", "payment_id", "TW1", payer_id="L", via_wage_account="false")
    f = [x for x in run_rules(c.project()) if x["rule"] == "C-DIRECTPAY"]
    assert [(x["subject"], x["records"]) for x in f] == [("L", ["E1"])]
    c = lawful().drop("payments", "payment_id", "TW4")  # S's worker got no wage payment at all
    assert fired(c.project(), "C-DIRECTPAY") == [("C-DIRECTPAY", "S")]
    assert fired(lawful().project(), "C-DIRECTPAY") == []


# ---------------------------------------------------------------- X-REFUSE (刑法 276之一; 法释〔2013〕3号)
def refusal(c: Case, config: dict | None = None) -> dict | None:
    return next((f for f in run_rules(c.project(), config) if f["rule"] == "X-REFUSE"), None)


def test_refuse_amount_thresholds():
    """法释〔2013〕3号 第三条: one worker owed ≥ 5,000 that is ≥ 3 months' wages, or ≥ 10 workers ≥ 30,000."""
    assert refusal(refuse_case([12000], 100_000, 50_000))  # 20,000 over 6 months: 12,000 is 3.6 months
    assert refusal(refuse_case([6000], 100_000, 50_000)) is None  # 1.8 months' wages
    assert refusal(refuse_case([3500] * 10, 200_000, 100_000))
    assert refusal(refuse_case([4000], 100_000, 50_000, months=12)) is None  # below 5,000
    assert refusal(refuse_case([4900] * 9, 200_000, 100_000)) is None


def test_refuse_three_month_rule_for_one_worker():
    """第三条第（一）项: ¥9,000 owed for one month's work is not three months' wages; for four months it is."""
    one = Case()
    four = Case()
    for c, end in ((one, "2024-01-31"), (four, "2024-04-30")):
        c.party("G", quals="general").contract("K1", "O", "G", "general", 1_000_000)
        c.employ("E0", "M0", "G", role="manager")
        c.party("D", kind="individual", name="王包工").contract("K2", "G", "D", "labour", 100_000)
        c.pay("T2", "G", "D", 100_000, contract_id="K2", paid="2024-01-02")
        c.employ("E1", "W1", "D", due=9000, paid=0, start="2024-01-01", end=end)
        c.person("X", name="王亲戚").pay("T3", "D", "X", 80_000, purpose="other", paid="2024-02-01")
    assert refusal(one) is None
    assert refusal(four)["subject"] == "D"


def test_refuse_conduct_money_moved_with_untagged_transfers():
    """第二条第（一）项 (转移财产): the boss moves the money to a relative with transfers tagged to no project;
    docs/legal-rules.md D reads its outgoing money across projects. Lawful twin: it moved nothing and spent
    what it received on the job (not able to pay, nothing moved, not absconded)."""
    f = refusal(refuse_case([6000] * 10, 50_000, 45_000, moved_project=""))
    conduct = next(e for e in f["elements"] if e["element"] == "conduct")
    assert conduct["met"] and "T10" in conduct["evidence"]
    assert [c["condition"] for c in conduct["conditions"]] == ["moved"]
    c = refuse_case([6000] * 10, 50_000, 0)
    c.party("S9", name="北京某建材公司").pay("T12", "D", "S9", 45_000, purpose="materials")
    assert refusal(c) is None


def test_refuse_conduct_absconding_and_order_served_by_posting():
    """第二条第（二）项 (逃匿) and 第四条第二款 (an order posted at the site counts as served)."""
    c = refuse_case([6000] * 10, 30_000, 0).edit("parties", "party_id", "D", absconded="2024-04-01")
    f = refusal(c)
    assert [x["condition"] for x in next(e for e in f["elements"] if e["element"] == "conduct")["conditions"]] \
        == ["absconded"]
    c = refuse_case([6000] * 10, 30_000, 0).order("Z1", "D", served="posted", deadline="2024-05-20")
    f = refusal(c)
    elements = {e["element"]: e for e in f["elements"]}
    assert elements["conduct"]["conditions"][0]["evidence"] == ["Z1"]
    assert elements["order"]["met"] and elements["order"]["evidence"] == ["Z1"]


def test_refuse_order_element_and_checklist():
    """第四条: the order element is met by an order whose deadline passed unpaid; without it the lead says
    what to gather ("尚缺：责令支付文书"); an order complied with, or not yet due, does not meet it."""
    f = refusal(refuse_case([12000], 100_000, 50_000))
    order = next(e for e in f["elements"] if e["element"] == "order")
    assert order == {"element": "order", "met": False, "evidence": [], "note": "尚缺：责令支付文书"}
    assert "尚缺：责令支付文书" in f["summary"] and "涉嫌" in f["summary"]
    f = refusal(refuse_case([12000], 100_000, 50_000).order("Z1", "D"))
    assert next(e for e in f["elements"] if e["element"] == "order")["met"]
    f = refusal(refuse_case([12000], 100_000, 50_000).order("Z1", "D", complied="true"))
    assert not next(e for e in f["elements"] if e["element"] == "order")["met"]
    f = refusal(refuse_case([12000], 100_000, 50_000).order("Z1", "D", deadline="2024-05-20"),
                {"rules": {"as_of": "2024-05-15"}})  # the deadline has not passed yet
    order = next(e for e in f["elements"] if e["element"] == "order")
    assert not order["met"] and "未届满" in order["note"]


def test_refuse_weighs_each_worker_against_his_own_employer():
    """拒付解释 第三条 counts what *the employer* refuses to pay: ten workers registered with L, owed
    ¥4,000 each, who name the GC G in their claims are L's arrears (B: the record's employer), not G's,
    however much G received. Workers with no record at all stand against the party they name, and the
    element says the amount rests on claims alone."""
    c = lawful()
    for i in range(10):
        c.employ(f"EL{i}", f"WL{i}", "L", due=10000, paid=6000, start="2024-01-01", end="2024-06-30")
        c.claim(f"CL{i}", f"WL{i}", 4000, respondent="G")
    c.pay("T10", "G", "X", 50_000, purpose="other").person("X")
    assert [f["subject"] for f in run_rules(c.project()) if f["rule"] == "X-REFUSE"] == ["L"]
    c = lawful().party("M", kind="individual", name="中间人").contract("K9", "G", "M", "labour", 100_000)
    c.pay("T9", "G", "M", 100_000, contract_id="K9")
    for i in range(10):
        c.claim(f"CU{i}", f"WU{i}", 4000, respondent="M")
    f = refusal(c)
    amount = next(e for e in f["elements"] if e["element"] == "amount")
    assert f["subject"] == "M" and "仅有诉求" in amount["note"] and len(amount["evidence"]) == 10


def test_refuse_needs_a_conduct():
    """刑法 第二百七十六条之一: owing is not enough; with no money moved, no absconding and not able to pay
    (it never received enough) there is no lead."""
    assert refusal(refuse_case([12000], 5_000, 0)) is None
    assert refusal(refuse_case([12000], 100_000, 0))  # able to pay: received 100,000, owes 12,000


# ---------------------------------------------------------------- thresholds from config
def test_thresholds_come_from_config(tmp_path):
    c = lawful().edit("contracts", "contract_id", "K2", amount=7_000_000)  # 85%
    H = c.project()
    assert fired(H, "R-TRANSFER") == []
    (tmp_path / "rules.toml").write_text("[rules]\ntransfer_share = 0.8\n", encoding="utf-8")
    cfg = load_config(tmp_path / "rules.toml")
    assert cfg["rules"]["transfer_share"] == 0.8 and cfg["rules"]["max_tiers"] == DEFAULTS["rules"]["max_tiers"]
    assert [f["subject"] for f in run_rules(H, cfg) if f["rule"] == "R-TRANSFER"] == ["G"]


def test_example_config_is_every_default():
    """rules.example.toml documents every threshold (rules, rings, leads) with exactly the code's default:
    the one settings table, gathered from each rule's @rule(defaults=...) and the rings and leads modules."""
    import tomllib

    from graphchain.analysis.config import known_settings

    example = Path(__file__).parent.parent / "rules.example.toml"
    assert tomllib.loads(example.read_text(encoding="utf-8")) == known_settings()


def test_a_rule_declares_its_catalogue_entry_and_thresholds_in_one_place():
    """Each rule function is registered by its decorator with its catalogue entry; the thresholds it
    declares are in the settings table (and a second rule may not give one a different default)."""
    from graphchain.analysis.rules import rule

    assert list(RULE_FUNCTIONS) == [r for r in RULES if r != "X-EXTORT"]
    assert DEFAULTS["rules"]["transfer_share"] == 0.9 and RULES["R-TRANSFER"].basis[0] == "建筑法 第二十八条"
    with pytest.raises(ValueError, match="transfer_share"):
        rule("R-TEST", "测试", "test", subject="party", basis=("x",), defaults={"transfer_share": 0.5})(lambda H, c: [])
    assert "R-TEST" not in RULE_FUNCTIONS


@pytest.mark.parametrize("rule", sorted(RULE_FUNCTIONS))
def test_rules_silent_on_lawful(rule):
    assert RULE_FUNCTIONS[rule](lawful().project(), None) == []


