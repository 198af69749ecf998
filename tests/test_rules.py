"""Every rule of legal-rules.md A, C, D (X-EXTORT excepted) on tiny hand-made cases: each fires on
its positive case and stays silent on the lawful baseline and on its near-miss negative.

Cases are built in code (:class:`Case`) and read through the real bundle reader, so they are
validated like an analyst's bundle. ``tests/test_liability.py`` and ``tests/test_chains.py``
reuse the builder.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import pytest

from graphchain import build_graph, read_bundle
from graphchain.analysis.config import DEFAULTS, load_config
from graphchain.analysis.rules import RULE_FUNCTIONS, run_rules
from graphchain.ids import credit_code_check_char, id_number_check_char
from graphchain.legal import RULES
from graphchain.model import project_subgraph
from graphchain.schema import TABLES

MINI = Path(__file__).parent / "data" / "mini"


def credit_code(i: int) -> str:
    first17 = f"91110105MA01{i:05d}"
    return first17 + credit_code_check_char(first17)


def id_number(i: int) -> str:
    first17 = f"11010519800101{i:03d}"
    return first17 + id_number_check_char(first17)


class Case:
    """A one-project bundle built in code: ``Case().party(...).contract(...)``, then ``.graph()``.

    The owner ``O`` exists from the start; everything else is added with the methods below.
    """

    def __init__(self, project: str = "P", wage_account: str = "6222000011112222", guarantee: str = "500000"):
        self.pid = project
        self.rows: dict[str, list[dict]] = {t: [] for t in TABLES}
        self.rows["projects"].append({"project_id": project, "name": f"测试项目{project}", "owner_id": "O",
                                      "wage_account": wage_account, "guarantee": guarantee})
        self.party("O", name="北京测试置业有限公司")

    def party(self, pid: str, kind: str = "company", quals: str = "", name: str | None = None, **kw) -> Case:
        n = len(self.rows["parties"]) + 1
        row = {"party_id": pid, "name": name or f"测试单位{pid}", "kind": kind, "qualifications": quals} | kw
        if kind == "company":
            row.setdefault("credit_code", credit_code(n))
        else:
            row.setdefault("id_number", id_number(n))
        self.rows["parties"].append(row)
        return self

    def contract(self, cid: str, frm: str, to: str, type: str, amount: float, scope: str = "",  # noqa: A002
                 main_structure: bool | None = None) -> Case:
        self.rows["contracts"].append({"contract_id": cid, "project_id": self.pid, "from_id": frm, "to_id": to,
                                       "type": type, "scope": scope, "amount": amount,
                                       "main_structure": "" if main_structure is None else str(main_structure)})
        return self

    def pay(self, tid: str, payer: str, payee: str, amount: float, purpose: str = "progress",
            contract_id: str = "", via_wage_account: bool | None = None) -> Case:
        self.rows["payments"].append({"payment_id": tid, "payer_id": payer, "payee_id": payee, "amount": amount,
                                      "paid": "2024-03-01", "project_id": self.pid, "contract_id": contract_id,
                                      "purpose": purpose,
                                      "via_wage_account": "" if via_wage_account is None else str(via_wage_account)})
        return self

    def person(self, pid: str, name: str | None = None, **kw) -> Case:
        self.rows["persons"].append({"person_id": pid, "name": name or f"工人{pid}"} | kw)
        return self

    def employ(self, eid: str, person: str, employer: str, role: str = "worker", due: float | str = "",
               paid: float | str = "") -> Case:
        if not any(p["person_id"] == person for p in self.rows["persons"]):
            self.person(person)
        self.rows["employment"].append({"employment_id": eid, "person_id": person, "project_id": self.pid,
                                        "employer_id": employer, "role": role, "wage_due": due, "wage_paid": paid})
        return self

    def claim(self, cid: str, claimant: str, amount: float, respondent: str = "", text: str = "") -> Case:
        if not any(p["person_id"] == claimant for p in self.rows["persons"]):
            self.person(claimant)
        self.rows["claims"].append({"claim_id": cid, "claimant_id": claimant, "amount": amount,
                                    "filed": "2024-05-01", "project_id": self.pid, "respondent_id": respondent,
                                    "text": text})
        return self

    def drop(self, table: str, key: str, value: str) -> Case:
        self.rows[table] = [r for r in self.rows[table] if r.get(key) != value]
        return self

    def edit(self, table: str, key: str, value: str, **changes) -> Case:
        for r in self.rows[table]:
            if r.get(key) == value:
                r.update(changes)
        return self

    def write(self, out: Path) -> Path:
        out.mkdir(parents=True, exist_ok=True)
        for name, rows in self.rows.items():
            if not rows and name not in ("parties", "projects"):
                continue
            cols = [c.name for c in TABLES[name].columns]
            with (out / f"{name}.csv").open("w", newline="", encoding="utf-8") as f:
                w = csv.DictWriter(f, fieldnames=cols)
                w.writeheader()
                w.writerows(rows)
        return out

    def graph(self):
        with tempfile.TemporaryDirectory() as d:
            return build_graph(read_bundle(self.write(Path(d) / "bundle")))

    def project(self):
        return project_subgraph(self.graph(), self.pid)


def lawful() -> Case:
    """Owner → qualified GC → qualified specialty and labour subcontractors; the GC's manager on site;
    every wage paid in full from the wage special account; the owner paid in full."""
    c = Case()
    c.party("G", quals="general", name="北京正源建设有限公司")
    c.party("S", quals="specialty", name="北京精工钢构有限公司")
    c.party("L", quals="labour", name="北京顺安劳务有限公司")
    c.contract("K1", "O", "G", "general", 10_000_000, "全部工程", True)
    c.contract("K2", "G", "S", "specialty", 2_000_000, "钢结构工程", False)
    c.contract("K3", "G", "L", "labour", 1_500_000, "主体结构劳务作业", True)
    c.pay("T1", "O", "G", 10_000_000, contract_id="K1")
    c.pay("T2", "G", "S", 2_000_000, contract_id="K2")
    c.pay("T3", "G", "L", 1_500_000, contract_id="K3")
    c.employ("E0", "M1", "G", role="manager")
    for i in (1, 2, 3):
        c.employ(f"E{i}", f"W{i}", "L", due=30000, paid=30000)
        c.pay(f"TW{i}", "G", f"W{i}", 30000, purpose="wage", via_wage_account=True)
    c.employ("E4", "W4", "S", due=20000, paid=20000)
    c.pay("TW4", "G", "W4", 20000, purpose="wage", via_wage_account=True)
    return c


def fired(H, rule: str | None = None) -> list[tuple[str, str]]:
    return [(f["rule"], f["subject"]) for f in run_rules(H) if rule is None or f["rule"] == rule]


# ---------------------------------------------------------------- the lawful chain and the finding shape
def test_lawful_chain_raises_no_alarm():
    assert fired(lawful().project()) == []


def test_mini_p2_is_lawful_and_p1_fires_the_published_case():
    G = build_graph(read_bundle(MINI))
    assert fired(project_subgraph(G, "P2")) == []
    assert fired(project_subgraph(G, "P1")) == [
        ("C-ACCOUNT", "P1"), ("C-DIRECTPAY", "D"), ("C-GUARANTEE", "P1"), ("C-REALNAME", "W9"),
        ("R-DEPTH", "P1"), ("R-MAIN-STRUCTURE", "K2"), ("R-RESUB", "K3"), ("R-SUB-INDIVIDUAL", "K4"),
        ("R-TRANSFER", "A"), ("R-TRANSFER-FEE", "A"), ("X-REFUSE", "D")]


def test_every_finding_is_well_formed():
    G = build_graph(read_bundle(MINI))
    found = run_rules(project_subgraph(G, "P1"))
    keys = {"rule", "project_id", "subject", "parties", "contracts", "payments", "records", "basis", "summary",
            "summary_en", "confidence"}
    for f in found:
        assert set(f) == keys
        assert f["parties"] or f["contracts"] or f["payments"]
        assert f["basis"] == list(RULES[f["rule"]].basis)
        assert 0 <= f["confidence"] <= 1
        assert any("\u4e00" <= ch <= "\u9fff" for ch in f["summary"])
        if RULES[f["rule"]].subject == "contract":
            assert f["subject"] in f["contracts"]
        elif RULES[f["rule"]].subject == "project":
            assert f["subject"] == "P1"


def test_every_rule_but_extortion_is_implemented():
    assert set(RULE_FUNCTIONS) == {r for r in RULES if r != "X-EXTORT"}


# ---------------------------------------------------------------- contract rules
def test_owner_illegal():
    c = lawful().party("X", kind="individual", name="张包工").contract("K9", "O", "X", "specialty", 100_000)
    assert fired(c.project(), "R-OWNER-ILLEGAL") == [("R-OWNER-ILLEGAL", "K9")]
    c = lawful().party("Y", quals="labour").contract("K9", "O", "Y", "general", 100_000)
    assert fired(c.project(), "R-OWNER-ILLEGAL") == [("R-OWNER-ILLEGAL", "K9")]
    # the owner awarding specialty work to a specialty-qualified unit is not an illegal award
    c = lawful().party("Z", quals="specialty").contract("K9", "O", "Z", "specialty", 100_000)
    assert fired(c.project(), "R-OWNER-ILLEGAL") == []
    # owner contracts are R-OWNER-ILLEGAL, never R-SUB-*
    c = lawful().party("X", kind="individual").contract("K9", "O", "X", "labour", 100_000)
    assert fired(c.project(), "R-SUB-INDIVIDUAL") == []


def test_sub_individual():
    c = lawful().party("X", kind="individual", name="张包工").contract("K9", "G", "X", "labour", 300_000)
    assert fired(c.project(), "R-SUB-INDIVIDUAL") == [("R-SUB-INDIVIDUAL", "K9")]
    c = lawful().party("L9", quals="labour").contract("K9", "G", "L9", "labour", 300_000)
    assert fired(c.project(), "R-SUB-INDIVIDUAL") == []


def test_sub_unqualified():
    c = lawful().party("Q", quals="specialty").contract("K9", "G", "Q", "labour", 300_000)
    assert fired(c.project(), "R-SUB-UNQUALIFIED") == [("R-SUB-UNQUALIFIED", "K9")]
    c = lawful().party("Q").contract("K9", "G", "Q", "specialty", 300_000)
    assert fired(c.project(), "R-SUB-UNQUALIFIED") == [("R-SUB-UNQUALIFIED", "K9")]
    # guards: a specialty subcontract to a general-qualified unit, a labour one to a labour company
    c = lawful().party("Q", quals="general").contract("K9", "G", "Q", "specialty", 300_000)
    assert fired(c.project(), "R-SUB-UNQUALIFIED") == []
    c = lawful().party("Q", quals="labour").contract("K9", "G", "Q", "labour", 300_000)
    assert fired(c.project(), "R-SUB-UNQUALIFIED") == []
    # an individual is R-SUB-INDIVIDUAL, not also "unqualified"
    c = lawful().party("X", kind="individual").contract("K9", "G", "X", "labour", 300_000)
    assert fired(c.project(), "R-SUB-UNQUALIFIED") == []


def test_main_structure():
    c = lawful().edit("contracts", "contract_id", "K2", main_structure="true")
    assert fired(c.project(), "R-MAIN-STRUCTURE") == [("R-MAIN-STRUCTURE", "K2")]
    c = lawful().edit("contracts", "contract_id", "K2", scope="主体结构工程")
    assert fired(c.project(), "R-MAIN-STRUCTURE") == [("R-MAIN-STRUCTURE", "K2")]
    # labour-only subcontracts of main-structure work are lawful (K3 in the baseline is one)
    c = lawful().edit("contracts", "contract_id", "K2", scope="主体结构劳务作业")
    assert fired(c.project(), "R-MAIN-STRUCTURE") == []
    # only the general contractor's subcontracts count
    c = lawful().party("S2", quals="specialty").contract("K9", "S", "S2", "specialty", 100_000, main_structure=True)
    assert fired(c.project(), "R-MAIN-STRUCTURE") == []


def test_resub():
    c = lawful().party("S2", quals="specialty").contract("K9", "S", "S2", "specialty", 500_000)
    assert fired(c.project(), "R-RESUB") == [("R-RESUB", "K9")]
    c = lawful().party("L9", quals="labour").contract("K9", "L", "L9", "labour", 500_000)
    assert fired(c.project(), "R-RESUB") == [("R-RESUB", "K9")]
    # a specialty subcontractor may let labour work to a qualified labour subcontractor
    c = lawful().party("L9", quals="labour").contract("K9", "S", "L9", "labour", 500_000)
    assert fired(c.project(), "R-RESUB") == []


# ---------------------------------------------------------------- transfer, money, names
def test_transfer_by_share_and_by_scope():
    c = lawful().edit("contracts", "contract_id", "K2", amount=8_000_000)  # 8.0 + 1.5 of 10 = 95%
    assert fired(c.project(), "R-TRANSFER") == [("R-TRANSFER", "G")]
    c = lawful().edit("contracts", "contract_id", "K2", scope="全部土建工程")
    assert fired(c.project(), "R-TRANSFER") == [("R-TRANSFER", "G")]
    c = lawful().edit("contracts", "contract_id", "K2", amount=7_000_000)  # 85%
    assert fired(c.project(), "R-TRANSFER") == []
    # "全部劳务" in a labour subcontract is the normal labour subcontract, not a transfer ...
    c = lawful().edit("contracts", "contract_id", "K3", scope="全部劳务作业")
    assert fired(c.project(), "R-TRANSFER") == []
    # ... but "全部工程" is the whole job, whatever type the contract declares
    c = lawful().edit("contracts", "contract_id", "K3", scope="全部工程")
    assert fired(c.project(), "R-TRANSFER") == [("R-TRANSFER", "G")]


def test_transfer_fee():
    def case(manager: bool, forwarded: float) -> Case:
        c = lawful().edit("payments", "payment_id", "T2", amount=forwarded - 1_500_000)
        for i in (1, 2, 3):  # wages paid by L itself, so G has nobody on site
            c.edit("payments", "payment_id", f"TW{i}", payer_id="L")
        c.edit("payments", "payment_id", "TW4", payer_id="S")
        return c if manager else c.drop("employment", "employment_id", "E0")

    assert fired(case(False, 9_500_000).project(), "R-TRANSFER-FEE") == [("R-TRANSFER-FEE", "G")]
    assert fired(case(True, 9_500_000).project(), "R-TRANSFER-FEE") == []
    assert fired(case(False, 5_000_000).project(), "R-TRANSFER-FEE") == []


def test_pay_bypass_money_to_someone_else():
    c = lawful().party("X", quals="general").edit("payments", "payment_id", "T1", payee_id="X", amount=4_000_000)
    c.pay("T1b", "O", "G", 6_000_000, contract_id="K1")
    assert fired(c.project(), "R-PAY-BYPASS") == [("R-PAY-BYPASS", "K1")]


def test_pay_bypass_forwarded_to_an_individual():
    c = lawful().party("X", kind="individual", name="李实际").pay("T9", "S", "X", 1_960_000, purpose="other")
    assert fired(c.project(), "R-PAY-BYPASS") == [("R-PAY-BYPASS", "K2")]
    # forwarding half is not ≈ 1:1
    c = lawful().party("X", kind="individual").pay("T9", "S", "X", 1_000_000, purpose="other")
    assert fired(c.project(), "R-PAY-BYPASS") == []
    # an individual with a contract of its own is a subcontract, not a bypass
    c = lawful().party("X", kind="individual").pay("T9", "S", "X", 1_960_000)
    c.contract("K9", "S", "X", "labour", 1_960_000)
    assert fired(c.project(), "R-PAY-BYPASS") == []
    # wages the GC pays for its subcontractors from the special account are not a bypass
    assert fired(lawful().project(), "R-PAY-BYPASS") == []


def test_name_lending():
    def case(builder_has_manager: bool = True, builder_has_contract: bool = False) -> Case:
        c = lawful().drop("employment", "employment_id", "E0")  # G has no manager of its own
        c.party("R", quals="", name="河北实际施工有限公司")
        c.pay("T9", "G", "R", 9_500_000, purpose="other")
        if builder_has_manager:
            c.employ("E9", "M9", "R", role="manager")
        if builder_has_contract:
            c.contract("K9", "G", "R", "specialty", 9_000_000)
        return c

    assert fired(case().project(), "R-NAME-LENDING") == [("R-NAME-LENDING", "G")]
    assert fired(case(builder_has_manager=False).project(), "R-NAME-LENDING") == []
    assert fired(case(builder_has_contract=True).project(), "R-NAME-LENDING") == []
    assert fired(lawful().project(), "R-NAME-LENDING") == []


def test_depth():
    c = lawful().party("X", quals="specialty").party("Y", kind="individual")
    c.contract("K8", "S", "X", "specialty", 1_000_000).contract("K9", "X", "Y", "labour", 500_000)
    assert fired(c.project(), "R-DEPTH") == [("R-DEPTH", "P")]
    # owner → GC → specialty → labour is the deepest lawful shape (3 tiers)
    c = lawful().party("L9", quals="labour").contract("K9", "S", "L9", "labour", 500_000)
    assert fired(c.project(), "R-DEPTH") == []


def test_cycle():
    c = lawful().contract("K9", "S", "G", "specialty", 100_000)
    assert fired(c.project(), "R-CYCLE") == [("R-CYCLE", "P")]
    assert fired(lawful().project(), "R-CYCLE") == []


# ---------------------------------------------------------------- compliance
def test_guarantee_and_account():
    c = lawful()
    c.rows["projects"][0].update(guarantee="", wage_account="")
    assert fired(c.project(), "C-GUARANTEE") == [("C-GUARANTEE", "P")]
    assert fired(c.project(), "C-ACCOUNT") == [("C-ACCOUNT", "P")]
    c.rows["projects"][0].update(guarantee="0")
    assert fired(c.project(), "C-GUARANTEE") == [("C-GUARANTEE", "P")]


def test_realname():
    c = lawful().person("X").pay("T9", "L", "X", 8000, purpose="wage")
    assert fired(c.project(), "C-REALNAME") == [("C-REALNAME", "X")]
    c = lawful().claim("CL1", "Y", 20000, respondent="L")
    assert fired(c.project(), "C-REALNAME") == [("C-REALNAME", "Y")]
    # a registered worker who claims is not a real-name case
    c = lawful().claim("CL1", "W1", 5000, respondent="L")
    assert fired(c.project(), "C-REALNAME") == []


def test_directpay():
    c = lawful().edit("payments", "payment_id", "TW1", payer_id="L", via_wage_account="false")
    f = [x for x in run_rules(c.project()) if x["rule"] == "C-DIRECTPAY"]
    assert [(x["subject"], x["records"]) for x in f] == [("L", ["E1"])]
    c = lawful().drop("payments", "payment_id", "TW4")  # S's worker got no wage payment at all
    assert fired(c.project(), "C-DIRECTPAY") == [("C-DIRECTPAY", "S")]
    # a manager is not a worker paid through the account
    assert fired(lawful().project(), "C-DIRECTPAY") == []


# ---------------------------------------------------------------- criminal leads
def refuse_case(owed: list[float], received: float, moved: float) -> Case:
    c = lawful().party("D", kind="individual", name="王包工").contract("K9", "L", "D", "labour", received)
    c.pay("T9", "L", "D", received, contract_id="K9")
    if moved:
        c.person("X", name="王亲戚").pay("T10", "D", "X", moved, purpose="other")
    for i, o in enumerate(owed):
        c.employ(f"ED{i}", f"WD{i}", "D", due=20000, paid=20000 - o)
        if 20000 - o > 0:
            c.pay(f"TD{i}", "D", f"WD{i}", 20000 - o, purpose="wage")
    return c


def test_refuse():
    assert fired(refuse_case([6000], 100_000, 50_000).project(), "X-REFUSE") == [("X-REFUSE", "D")]
    assert fired(refuse_case([3500] * 10, 200_000, 100_000).project(), "X-REFUSE") == [("X-REFUSE", "D")]
    # below the thresholds: one worker owed 4,000; nine workers owed 4,900 each (44,100 but < 10 workers)
    assert fired(refuse_case([4000], 100_000, 50_000).project(), "X-REFUSE") == []
    assert fired(refuse_case([4900] * 9, 200_000, 100_000).project(), "X-REFUSE") == []
    # it never had the money, or it moved nothing elsewhere
    assert fired(refuse_case([6000], 5_000, 1_000).project(), "X-REFUSE") == []
    assert fired(refuse_case([6000], 100_000, 0).project(), "X-REFUSE") == []


# ---------------------------------------------------------------- thresholds from config
def test_thresholds_come_from_config(tmp_path):
    c = lawful().edit("contracts", "contract_id", "K2", amount=7_000_000)  # 85%
    H = c.project()
    assert fired(H, "R-TRANSFER") == []
    (tmp_path / "rules.toml").write_text("[rules]\ntransfer_share = 0.8\n", encoding="utf-8")
    cfg = load_config(tmp_path / "rules.toml")
    assert cfg["rules"]["transfer_share"] == 0.8 and cfg["rules"]["max_tiers"] == DEFAULTS["rules"]["max_tiers"]
    assert [f["subject"] for f in run_rules(H, cfg) if f["rule"] == "R-TRANSFER"] == ["G"]


def test_example_config_documents_every_threshold():
    example = Path(__file__).parent.parent / "rules.example.toml"
    cfg = load_config(example)
    assert set(DEFAULTS["rules"]) <= set(cfg["rules"])
    text = example.read_text(encoding="utf-8")
    for key in DEFAULTS["rules"]:
        assert f"{key} =" in text, key


@pytest.mark.parametrize("rule", sorted(RULE_FUNCTIONS))
def test_rules_silent_on_lawful(rule):
    assert RULE_FUNCTIONS[rule](lawful().project(), None) == []


def test_example_config_matches_ring_and_lead_defaults():
    """rules.example.toml documents the [rings] and [leads] defaults exactly as the code has them."""
    import tomllib

    from graphchain.analysis import leads, rings

    example = tomllib.loads((Path(__file__).parent.parent / "rules.example.toml").read_text(encoding="utf-8"))
    assert example["rings"] == rings.DEFAULTS
    assert example["leads"] == leads.DEFAULTS
