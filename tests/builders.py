"""Shared builders of the hand-made test cases: a one-project bundle written in code (:class:`Case`),
the lawful baseline chain (:func:`lawful`) and the shapes several test modules reuse. Cases are written
as CSV and read through the real bundle reader, so they are validated like an analyst's bundle."""

from __future__ import annotations

import csv
import tempfile
from dataclasses import fields
from pathlib import Path

from graphchain import build_graph, read_bundle
from graphchain.analysis.view import ProjectView
from graphchain.ids import credit_code_check_char, id_number_check_char
from graphchain.model import project_subgraph
from graphchain.schema import TABLES


def view_fields(v: ProjectView) -> dict:
    """Everything a project view holds but its graph and its cache (records in order, and the indexes)."""
    return {f.name: getattr(v, f.name) for f in fields(v) if f.name not in ("H", "cache")}


def credit_code(i: int, series: str = "MA01") -> str:
    """A valid 统一社会信用代码 numbered ``i`` (another ``series`` gives codes no case here shares)."""
    first17 = f"91110105{series}{i:05d}"
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
                 main_structure: bool | None = None, section: str = "", settled: float | str = "") -> Case:
        self.rows["contracts"].append({"contract_id": cid, "project_id": self.pid, "from_id": frm, "to_id": to,
                                       "type": type, "scope": scope, "amount": amount, "section": section,
                                       "settled": settled,
                                       "main_structure": "" if main_structure is None else str(main_structure)})
        return self

    def pay(self, tid: str, payer: str, payee: str, amount: float, purpose: str = "progress",
            contract_id: str = "", via_wage_account: bool | None = None, paid: str = "2024-03-01",
            project: str | None = None) -> Case:
        self.rows["payments"].append({"payment_id": tid, "payer_id": payer, "payee_id": payee, "amount": amount,
                                      "paid": paid, "project_id": self.pid if project is None else project,
                                      "contract_id": contract_id, "purpose": purpose,
                                      "via_wage_account": "" if via_wage_account is None else str(via_wage_account)})
        return self

    def person(self, pid: str, name: str | None = None, **kw) -> Case:
        self.rows["persons"].append({"person_id": pid, "name": name or f"工人{pid}"} | kw)
        return self

    def employ(self, eid: str, person: str, employer: str, role: str = "worker", due: float | str = "",
               paid: float | str = "", start: str = "", end: str = "", days: float | str = "") -> Case:
        if not any(p["person_id"] == person for p in self.rows["persons"]):
            self.person(person)
        self.rows["employment"].append({"employment_id": eid, "person_id": person, "project_id": self.pid,
                                        "employer_id": employer, "role": role, "wage_due": due, "wage_paid": paid,
                                        "start": start, "end": end, "days": days})
        return self

    def claim(self, cid: str, claimant: str, amount: float, respondent: str = "", text: str = "",
              kind: str = "", respondent_name: str = "", project: str | None = None,
              filed: str = "2024-05-01") -> Case:
        if not any(p["person_id"] == claimant for p in self.rows["persons"]):
            self.person(claimant)
        self.rows["claims"].append({"claim_id": cid, "claimant_id": claimant, "amount": amount,
                                    "filed": filed, "project_id": self.pid if project is None else project,
                                    "respondent_id": respondent, "respondent_name": respondent_name,
                                    "kind": kind, "text": text})
        return self

    def order(self, oid: str, party: str, issued: str = "2024-05-10", deadline: str = "2024-05-20",
              served: str = "delivered", complied: str = "false", project: str | None = None) -> Case:
        self.rows["orders"].append({"order_id": oid, "party_id": party, "issued": issued, "deadline": deadline,
                                    "served": served, "complied": complied, "authority": "区人力资源和社会保障局",
                                    "project_id": self.pid if project is None else project})
        return self

    def drop(self, table: str, key: str, value: str) -> Case:
        self.rows[table] = [r for r in self.rows[table] if r.get(key) != value]
        return self

    def edit(self, table: str, key: str, value: str, **changes) -> Case:
        for r in self.rows[table]:
            if r.get(key) == value:
                r.update(changes)
        return self

    def write(self, out: Path, omit: tuple[str, ...] = ()) -> Path:
        """The bundle as CSV files; ``omit`` leaves columns out (a v1 bundle, a bundle without a register)."""
        out.mkdir(parents=True, exist_ok=True)
        for name, rows in self.rows.items():
            if not rows and name not in ("parties", "projects"):
                continue
            cols = [c.name for c in TABLES[name].columns if c.name not in omit]
            with (out / f"{name}.csv").open("w", newline="", encoding="utf-8") as f:
                w = csv.DictWriter(f, fieldnames=cols, extrasaction="ignore")
                w.writeheader()
                w.writerows(rows)
        return out

    def graph(self, omit: tuple[str, ...] = ()):
        with tempfile.TemporaryDirectory() as d:
            return build_graph(read_bundle(self.write(Path(d) / "bundle", omit)))

    def project(self, omit: tuple[str, ...] = ()):
        return project_subgraph(self.graph(omit), self.pid)


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


def fee_case(manager: bool, forwarded: float) -> Case:
    c = lawful().edit("payments", "payment_id", "T2", amount=forwarded - 1_500_000)
    for i in (1, 2, 3):  # wages paid by L itself, so G has nobody on site
        c.edit("payments", "payment_id", f"TW{i}", payer_id="L")
    c.edit("payments", "payment_id", "TW4", payer_id="S")
    return c if manager else c.drop("employment", "employment_id", "E0")


def lending_case(**kw) -> Case:
    """G holds the general contract; R (no contract) gets ≈ all its money."""
    c = lawful()
    c.party("R", quals="", name="河北实际施工有限公司")
    c.pay("T9", "G", "R", 9_500_000, purpose="other")
    return c


def refuse_case(owed: list[float], received: float, moved: float, months: int = 6,
                moved_project: str | None = None) -> Case:
    """The labour boss D got ``received`` for his labour contract, owes ``owed`` to his workers over
    ``months`` months of work, and sent ``moved`` to a relative (tagged to ``moved_project``, "" = untagged)."""
    c = lawful().party("D", kind="individual", name="王包工").contract("K9", "L", "D", "labour", received)
    c.pay("T9", "L", "D", received, contract_id="K9", paid="2024-01-05")
    if moved:
        c.person("X", name="王亲戚").pay("T10", "D", "X", moved, purpose="other", paid="2024-02-01",
                                       project=moved_project)
    end = f"2024-{months:02d}-28" if months <= 12 else "2024-12-28"
    for i, o in enumerate(owed):
        due = max(o, 20000)
        c.employ(f"ED{i}", f"WD{i}", "D", due=due, paid=due - o, start="2024-01-01", end=end)
        if due - o > 0:
            c.pay(f"TD{i}", "D", f"WD{i}", due - o, purpose="wage", via_wage_account=True)
    return c


def unpaid_case() -> Case:
    """The lawful chain, but the labour company L left W1 12,000 short, and the owner paid 8M of 10M."""
    c = lawful().edit("employment", "employment_id", "E1", wage_paid=18000)
    c.edit("payments", "payment_id", "TW1", amount=18000)
    return c.edit("payments", "payment_id", "T1", amount=8_000_000)


def price_case(single_step: bool) -> Case:
    """The individual boss D (身份证号 shared with the claimant PD) built under an illegal subcontract."""
    boss = "130226198001011239"
    c = lawful().edit("payments", "payment_id", "T1", amount=6_000_000)
    c.party("D", kind="individual", name="王建国", id_number=boss)
    if single_step:  # G (which contracted with the owner) let to the individual D: one illegal step
        c.contract("K9", "G", "D", "labour", 800_000)
    else:  # G → S → D: a multi-level chain
        c.contract("K9", "S", "D", "labour", 800_000)
    return c.person("PD", name="王建国", id_number=boss)
