"""Published decisions rebuilt as tiny bundles: the parties the court held liable are the expected answer.

Each case keeps the chain, contract types, payments and claims as the publication states them; amounts
the publication leaves out are set to round figures that change nothing in the holding. Sources and the
holding sentence are in each docstring; where a publication gives only part of the holding, the test
asserts only that part.
"""

from __future__ import annotations

from graphchain.analysis.liability import liabilities
from graphchain.analysis.rules import run_rules
from tests.builders import Case


def liable(c: Case, claim: str) -> set[tuple[str, str, str]]:
    entry = next(x for x in liabilities(c.project()) if x["claim_id"] == claim)
    return {(y["party_id"], y["liability"], y["rule"]) for y in entry["liable"]}


def test_spc_2025_typical_case_1_contractor_pays_injury_benefits_of_a_worker_hired_by_an_individual():
    """最高人民法院《劳动争议解释（二）》典型案例一 (2025-08-01): 某建筑公司 转包 the job to the individual 刘某,
    whose worker 张某 was injured (工伤). "在建筑工程转包给个人的情况下，一旦发生工伤事故，具备用工主体资格的承包人
    应当承担工伤保险责任" — the company pays the 工伤保险待遇 although it is not 张某's employer (解释（二） 第一条)."""
    c = Case().party("A", quals="general", name="某建筑公司").party("L", kind="individual", name="刘某")
    c.contract("K1", "O", "A", "general", 5_000_000).contract("K2", "A", "L", "other", 4_800_000, "全部工程")
    c.employ("E1", "Z", "L", due=20000, paid=20000).claim("C1", "Z", 150_000, respondent="L", kind="injury")
    got = liable(c, "C1")
    assert ("A", "pay", "L-SAFETY") in got and ("A", "joint", "L-SAFETY") in got
    assert ("L", "direct", "L-SAFETY") in got
    assert not any(rule in ("L-GC-FIRST", "L-OWNER-ADV") for _, _, rule in got)  # an injury is not wage arrears


def test_guiding_case_28_labour_boss_refuses_despite_the_gc_advancing_the_wages():
    """指导案例28号 胡克金拒不支付劳动报酬案 (最高人民法院, 2014): the individual 胡克金 took a subcontract, was paid
    51万余元 (more than the settled price), left 20-odd workers 12万余元 unpaid, was ordered to pay by the
    人社局 on 2011-06-09 and fled by plane the next day; the general contractor advanced the wages on
    2011-06-30. Held guilty (刑法 第二百七十六条之一); "即使其他单位或者个人在刑事立案前为其垫付了劳动报酬的，也
    不影响……追究刑事责任"."""
    c = Case().party("G", quals="general", name="工程总承包商").party("H", kind="individual", name="胡克金")
    c.contract("K1", "O", "G", "general", 2_000_000).contract("K2", "G", "H", "labour", 500_000, "景观工程")
    c.pay("T1", "G", "H", 510_000, contract_id="K2", paid="2011-03-01")
    c.edit("parties", "party_id", "H", absconded="2011-06-10")
    c.order("Z1", "H", issued="2011-06-09", deadline="2011-06-09", served="delivered", complied="false")
    for i in range(20):
        c.employ(f"E{i}", f"W{i}", "H", due=6000, start="2010-12-01", end="2011-06-05")
        c.pay(f"TA{i}", "G", f"W{i}", 6000, purpose="wage", paid="2011-06-30")  # the GC's advance (垫付)
        c.claim(f"C{i}", f"W{i}", 6000, respondent="H", filed="2011-06-06")
    f = next(f for f in run_rules(c.project()) if f["rule"] == "X-REFUSE")
    assert f["subject"] == "H"
    elements = {e["element"]: e for e in f["elements"]}
    assert elements["amount"]["met"] and elements["order"]["met"]
    assert {x["condition"] for x in elements["conduct"]["conditions"]} >= {"absconded", "able_to_pay"}
    # the civil side: the GC's advance paid the workers, so their claims owe nothing any more
    assert [(x["amount"], x["claimed"]) for x in liabilities(c.project())] == [(0.0, 6000)] * 20


def test_name_lender_answers_for_the_borrowers_workers():
    """上海二中院 法官案例评析 (《山东法官培训学院学报》2021年第1期): 王某某 borrowed 某工程公司's qualification and
    hired 张某某; "被挂靠人应对挂靠人所雇佣人员承担用工主体责任……对挂靠人欠付其雇佣人员的工资承担连带清偿责任"
    (today 条例 第三十六条第二款; 解释（二） 第二条)."""
    c = Case().party("A", quals="general", name="某工程公司").party("W", kind="individual", name="王某某")
    c.contract("K1", "O", "A", "general", 3_000_000).pay("T1", "O", "A", 3_000_000, contract_id="K1")
    c.pay("T2", "A", "W", 2_850_000, purpose="other")  # forwarded to the borrower, less a fee
    c.employ("E1", "Z", "W", due=410_000, paid=0).claim("C1", "Z", 410_000, respondent="W")
    assert [f["subject"] for f in run_rules(c.project()) if f["rule"] == "R-NAME-LENDING"] == ["A"]
    got = liable(c, "C1")
    assert ("W", "direct", "L-DIRECT") in got and ("A", "pay", "L-NAME-LEND") in got


def test_gc_pays_first_even_when_it_paid_its_subcontractor_in_full():
    """莒县人民法院 (reported): the GC let 给排水安装 to a labour company that left five workers unpaid; the GC
    said it had overpaid the subcontractor. 条例 第三十条: "分包单位欠薪时，总承包单位必须先行清偿，再向分包方追偿",
    no fault needed."""
    c = Case().party("A", quals="general", name="某建筑公司").party("L", quals="labour", name="某劳务公司")
    c.contract("K1", "O", "A", "general", 8_000_000).pay("T1", "O", "A", 8_000_000, contract_id="K1")
    c.contract("K2", "A", "L", "labour", 600_000, "给排水安装劳务").pay("T2", "A", "L", 650_000, contract_id="K2")
    for i in range(5):
        c.employ(f"E{i}", f"W{i}", "L", due=12000, paid=0).claim(f"C{i}", f"W{i}", 12000, respondent="L")
    assert liable(c, "C0") == {("L", "direct", "L-DIRECT"), ("A", "first_pay", "L-GC-FIRST")}


def test_multi_level_chain_boss_letting_unit_and_gc_all_pay():
    """界首市人民法院 (reported, railway project, 2023): four layers of subcontracting down to the individual 付某,
    who left 20 workers 14万 unpaid. First instance: 付某 pays as the employer; the subcontractor that let the
    labour to him "也应当对农民工工资承担清偿责任"; the GC "需要对农民工工资进行清偿，待清偿后，可依法进行追偿"
    (最高法民一庭 2024年第18次会议纪要: 条例 30 applies across several levels)."""
    c = Case().party("G", quals="general", name="总包单位")
    c.contract("K1", "O", "G", "general", 50_000_000)
    prev = "G"
    for i in range(1, 4):
        c.party(f"S{i}", quals="specialty;labour", name=f"分包单位{i}")
        c.contract(f"K{i + 1}", prev, f"S{i}", "labour", 1_000_000 - i * 100_000)
        prev = f"S{i}"
    c.party("F", kind="individual", name="付某").contract("K9", prev, "F", "labour", 300_000)
    for i in range(20):
        c.employ(f"E{i}", f"W{i}", "F", due=7000, paid=0).claim(f"C{i}", f"W{i}", 7000, respondent="F")
    got = liable(c, "C0")
    assert ("F", "direct", "L-DIRECT") in got
    assert ("S3", "pay", "L-EMPLOYER") in got  # the licensed unit that let the work to the individual
    assert ("G", "first_pay", "L-GC-FIRST") in got


def test_transfer_and_name_lending_on_two_projects_of_one_boss():
    """贡井区人民法院 (2025-10-29, reported): 邹某 took one job by 转包 from 河南某公司 and another by borrowing
    四川某科技公司's name; "依法判决违法转包、出借资质的施工单位就实际施工人拖欠的工资承担连带清偿责任"."""
    transfer = Case("P1").party("H", quals="general", name="河南某公司").party("Z", kind="individual", name="邹某")
    transfer.contract("K1", "O", "H", "general", 2_000_000).contract("K2", "H", "Z", "other", 1_950_000, "余热锅炉安装")
    transfer.employ("E1", "W1", "Z", due=30000, paid=0).claim("C1", "W1", 30000, respondent="Z")
    got = liable(transfer, "C1")
    assert ("Z", "direct", "L-DIRECT") in got and ("H", "pay", "L-ILLEGAL-LET") in got
    lending = Case("P2").party("S", quals="general", name="四川某科技公司").party("Z", kind="individual", name="邹某")
    lending.contract("K3", "O", "S", "general", 1_000_000).pay("T3", "O", "S", 1_000_000, contract_id="K3")
    lending.pay("T4", "S", "Z", 950_000, purpose="other")
    lending.employ("E2", "W2", "Z", due=30000, paid=0).claim("C2", "W2", 30000, respondent="Z")
    got = liable(lending, "C2")
    assert ("Z", "direct", "L-DIRECT") in got and ("S", "pay", "L-NAME-LEND") in got


def test_second_level_actual_constructor_cannot_reach_the_owner():
    """(2025)皖12民再13号 阜阳中院 (reported): owner → 陕西某建设 (施工) → 阮某 (转包) → 刘某 (屋面防水), owed
    139,492.5元 of his price. A multi-level actual constructor may not claim against the owner under 建工解释一
    第四十三条 (2021 纪要: "不包括借用资质及多层转包和违法分包关系中的实际施工人"); his contract partner pays."""
    c = Case().party("S", quals="general", name="陕西某建设集团").party("R", kind="individual", name="阮某")
    c.party("L", kind="individual", name="刘某", id_number="130226198001011239")
    c.contract("K1", "O", "S", "general", 9_000_000).pay("T1", "O", "S", 5_000_000, contract_id="K1")
    c.contract("K2", "S", "R", "other", 8_800_000, "全部工程").contract("K3", "R", "L", "other", 239_492.5, "屋面防水")
    c.person("PL", name="刘某", id_number="130226198001011239")
    c.claim("C1", "PL", 139_492.5, respondent="R", kind="price")
    assert liable(c, "C1") == {("R", "direct", "L-PRICE")}
    # 阮某 himself, one step below the owner's contractor, could reach the owner up to what it still owes
    c.person("PR", name="阮某", id_number="130226198001011247").edit("parties", "party_id", "R",
                                                                    id_number="130226198001011247")
    c.claim("C2", "PR", 1_000_000, respondent="S", kind="price")
    entry = next(x for x in liabilities(c.project()) if x["claim_id"] == "C2")
    assert {(y["party_id"], y["rule"], y.get("cap")) for y in entry["liable"]} == {
        ("S", "L-PRICE", None), ("O", "L-ACTUAL", 4_000_000)}


def test_price_claim_of_a_subcontractor_is_not_wage_arrears():
    """济南市槐荫区人民法院 (reported): 朱某 worked at 40元/㎡ including profit under B's 劳务分包 contract; the 6万 he
    claimed "并非其提供劳动的报酬，还包括合同中的利润", so the GC A owes no 先行清偿; B pays."""
    c = Case().party("A", quals="general", name="A公司").party("B", quals="general", name="B公司")
    c.party("Z", kind="individual", name="朱某", id_number="130226198001011239")
    c.contract("K1", "O", "A", "general", 20_000_000).contract("K2", "A", "B", "specialty", 3_000_000, "混凝土工程")
    c.contract("K3", "B", "Z", "labour", 400_000, "模板工程（包清工）")
    c.person("PZ", name="朱某", id_number="130226198001011239").claim("C1", "PZ", 60_000, respondent="B", kind="price")
    assert liable(c, "C1") == {("B", "direct", "L-PRICE")}
