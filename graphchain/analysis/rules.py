"""The rules of docs/legal-rules.md sections A, C and D (X-EXTORT lives in :mod:`.rings`).

Each rule is one small function ``rule(H, config=None) -> list[finding]`` of a project
subgraph (:func:`graphchain.model.project_subgraph`). A finding is a dict::

    {"rule", "project_id", "subject", "parties", "contracts", "payments", "records",
     "basis", "summary", "summary_en", "confidence"}

``subject`` is the one id the finding is about (kind per :mod:`graphchain.legal`); every finding
names at least one party, contract or payment and at least one basis. A finding is a lead to
verify, never a verdict.

>>> from graphchain import read_bundle, build_graph, project_subgraph
>>> H = project_subgraph(build_graph(read_bundle("tests/data/mini")), "P1")
>>> [(f["rule"], f["subject"]) for f in sub_individual(H)]
[('R-SUB-INDIVIDUAL', 'K4')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import networkx as nx

from ..legal import BANFA, JIANGONG, JUFU, RULES, TIAOLI, Rule
from ..schema import LABELS_ZH
from ..types import Condition, Element, Finding
from .chains import chain_contracts, contract_cycles, contract_graph, simple_paths_from
from .config import DEFAULTS, rule_settings
from .view import Contract, ProjectView, view

RuleFunction = Callable[[nx.MultiDiGraph, dict | None], list[Finding]]
RULE_FUNCTIONS: dict[str, RuleFunction] = {}  # rule id -> its function, in the catalogue's order


def rule(rule_id: str, zh: str, en: str, *, subject: str, basis: tuple[str, ...], section: str = "A",
         defaults: dict | None = None) -> Callable[[RuleFunction], RuleFunction]:
    """Declare a rule where it is written: its catalogue entry (:data:`graphchain.legal.RULES`: names,
    the kind of id it is about, its legal basis, its section), the thresholds it reads with their
    defaults (:data:`graphchain.analysis.config.DEFAULTS` ``["rules"]``) and its function.

    Adding a rule is one decorated function here, its test, and its line in docs/legal-rules.md.
    """
    own = dict(defaults or {})

    def register(fn: RuleFunction) -> RuleFunction:
        clash = {k for k in own if k in DEFAULTS["rules"] and DEFAULTS["rules"][k] != own[k]}
        if clash:
            raise ValueError(f"{rule_id}: settings {sorted(clash)} already have other defaults")
        RULES[rule_id] = Rule(rule_id, zh, en, subject, tuple(basis), section)
        DEFAULTS["rules"].update(own)
        RULE_FUNCTIONS[rule_id] = fn
        return fn
    return register


def finding(v: ProjectView, rule: str, subject: str, *, parties=(), contracts=(), payments=(), records=(),
            breaks=None, summary: str, summary_en: str, confidence: float) -> Finding:
    """A finding dict with the rule's basis from :mod:`graphchain.legal` and sorted, de-duplicated ids.

    ``breaks``: the contracts that themselves break the rule (the views draw them red), among all the
    contracts the finding rests on; by default the subject when it is a contract, else none.
    """
    if breaks is None:
        breaks = [subject] if RULES[rule].subject == "contract" else []
    return {
        "rule": rule,
        "project_id": v.project_id,
        "subject": subject,
        "parties": sorted(set(parties)),
        "contracts": sorted(set(contracts)),
        "payments": sorted(set(payments)),
        "records": sorted(set(records)),
        "breaks": sorted(set(breaks)),
        "basis": list(RULES[rule].basis),
        "summary": summary,
        "summary_en": summary_en,
        "confidence": round(confidence, 2),
    }


def _type_zh(c: Contract) -> str:
    return LABELS_ZH.get(c.type, c.type)


def _pays(v: ProjectView, c: Contract) -> list[str]:
    """Payments made on a contract by its letter: those citing it, or to its holder citing none (the ids
    unordered: a finding sorts them)."""
    return [p.id for p in v.citing.get(c.id, []) if p.payer == c.frm] + \
        [p.id for p in v.between(c.frm, c.to) if p.contract_id is None]


# ---------------------------------------------------------------- A: contracts
@rule("R-OWNER-ILLEGAL", "违法发包", "illegal award by the owner", subject="contract",
      basis=(f"{BANFA} 第五条、第六条第（一）（二）（五）项", "建筑法 第二十二条、第二十四条、第六十五条"))
def owner_illegal(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """R-OWNER-ILLEGAL (违法发包, 办法 第六条第（一）（二）（五）项): the owner lets work to an individual,
    to a unit lacking the qualification the contract needs, or splits one section's construction
    (two or more ``general`` contracts in one ``section``; a ``labour`` contract let directly).

    Specialty contracts let by the owner, and general contracts for different sections, are lawful.
    """
    v = view(H)
    out = []
    let = v.let_by.get(v.owner, [])
    for c in let:
        if v.is_individual(c.to):
            why, why_en = "个人", "an individual"
        elif v.lacks_qualification(c):
            why, why_en = f"不具备{_type_zh(c)}资质的单位", f"a unit without the {c.type} qualification"
        elif c.type == "labour":
            why = "劳务作业单位（建设单位直接发包劳务，肢解发包）"
            why_en = "a labour subcontractor (the owner let labour directly)"
        else:
            continue
        out.append(finding(
            v, "R-OWNER-ILLEGAL", c.id, parties=[c.frm, c.to], contracts=[c.id], payments=_pays(v, c),
            summary=f"建设单位{v.label(c.frm)}将工程（合同{c.id}）发包给{why}{v.label(c.to)}，涉嫌违法发包。",
            summary_en=f"The owner {c.frm} is suspected of an illegal award: contract {c.id} went to {why_en} {c.to}.",
            confidence=0.9))
    by_section: dict[str, list[Contract]] = {}
    for c in let:
        if c.type == "general":
            by_section.setdefault(c.section, []).append(c)
    for section, cs in sorted(by_section.items()):
        if len(cs) < 2:
            continue
        where = f"同一标段“{section}”" if section else "同一工程（未分标段）"
        where_en = f"section '{section}'" if section else "one undivided section"
        to = sorted({c.to for c in cs})
        out.append(finding(
            v, "R-OWNER-ILLEGAL", cs[0].id, parties=[v.owner, *to], contracts=[c.id for c in cs],
            breaks=[c.id for c in cs],
            payments=[p for c in cs for p in _pays(v, c)],
            summary=f"建设单位{v.label(v.owner)}就{where}分别与{'、'.join(v.label(t) for t in to)}签订"
                    f"{len(cs)}份施工总承包合同，涉嫌肢解发包。",
            summary_en=f"The owner {v.owner} let {len(cs)} general contracts for {where_en} to {', '.join(to)}: "
                       "suspected splitting of one section (肢解发包).",
            confidence=0.8))
    return out


# ---------------------------------------------------------------- A: transfer, money, names
def _contractors(v: ProjectView) -> list[str]:
    """Parties that received a contract on the project (the owner excepted)."""
    return sorted(n for n in v.received_by if n != v.owner)


def _lawful_epc_let(v: ProjectView, n: str, c: Contract) -> bool:
    """An EPC contractor letting the construction to a general contractor: the lawful EPC → GC tier."""
    return c.type == "general" and any(r.type == "epc" for r in v.received_by.get(n, []))


@rule("R-TRANSFER", "转包", "transfer of the whole job", subject="party",
      basis=("建筑法 第二十八条", "民法典 第七百九十一条第二款", f"{BANFA} 第七条、第八条第（一）（二）（五）（六）项"),
      defaults={"transfer_share": 0.9,  # share of what it received that a contractor lets on
                # scope words naming a contractor's whole job (全部幕墙工程 names one trade, not the job)
                "whole_job_words": ["全部工程", "整体工程", "工程整体", "整体转包", "全部施工内容"]})
def transfer(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """R-TRANSFER (转包, 建筑法 第二十八条; 办法 第七条、第八条第（一）（二）（五）（六）项): a contractor lets
    on ≥ ``transfer_share`` (by amount) of the contracts it received, in one contract or several; or it
    received the whole job (全部工程) and lets the whole job on; or a labour subcontract takes the whole job.

    Lawful twins: a general contractor letting one trade, even "全部幕墙工程", to a specialty firm; an
    EPC contractor letting the construction to a general contractor.
    """
    v = view(H)
    s = rule_settings(config)
    out = []
    for n in _contractors(v):
        let = [c for c in v.let_by.get(n, []) if not _lawful_epc_let(v, n, c)]
        if not let:
            continue
        got = v.received_by[n]
        got_amount = sum(c.amount for c in got)
        share = sum(c.amount for c in let) / got_amount if got_amount > 0 else 0.0
        received_whole = any(_names(c.scope, s["whole_job_words"]) for c in got)
        whole = [c for c in let if _names(c.scope, s["whole_job_words"]) and not _names(c.scope, s["labour_words"])
                 and (received_whole or c.type == "labour")]
        if share < s["transfer_share"] and not whole:
            continue
        to = sorted({c.to for c in let})
        pays = [p.id for p in v.paid_to.get(n, [])] + [p.id for t in to for p in v.between(n, t)]
        how = f"以{len(let)}份合同分包出其承包金额的{share:.0%}" if share >= s["transfer_share"] else \
            f"将其承包的全部工程以“{whole[0].scope}”范围（合同{whole[0].id}）转出"
        how_en = f"let on {share:.0%} of the {got_amount:,.0f} it was awarded ({len(let)} contract(s))" \
            if share >= s["transfer_share"] else f"let its whole job on as '{whole[0].scope}' (contract {whole[0].id})"
        out.append(finding(
            v, "R-TRANSFER", n, parties=[n, *to], contracts=[c.id for c in got + let], payments=pays,
            breaks=[c.id for c in let],
            summary=f"{v.label(n)}承包后{how}，交由{'、'.join(v.label(t) for t in to)}施工，涉嫌转包。",
            summary_en=f"{n} is suspected of transferring its job: it {how_en} to {', '.join(to)}.",
            confidence=0.85 if share >= s["transfer_share"] else 0.75))
    return out


_NOT_FORWARDED = ("materials", "wage")  # a supplier's price and workers' wages are not the job passed on


@rule("R-TRANSFER-FEE", "转包（收取管理费）", "transfer for a fee", subject="party",
      basis=(f"{BANFA} 第八条第（三）（五）（九）项",), defaults={"fee_forward_share": 0.9})
def transfer_fee(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """R-TRANSFER-FEE (转包, 办法 第八条第（三）（五）（九）项): a contractor with no manager and no workers on
    the project forwards ≥ ``fee_forward_share`` of the money it received there to its downstream
    contractors, or to whoever stands in for them (a party with no contract of its own), and keeps
    the rest as a fee. Materials paid to suppliers and wages paid to workers are not forwarded money.
    """
    v = view(H)
    s = rule_settings(config)
    out = []
    for n in _contractors(v):
        if v.employs.get(n):
            continue  # it has people on site: not a mere fee-taker
        received = v.received(n)
        up = {c.frm for c in v.received_by[n]}
        down = v.contractees(n)
        fwd = [p for p in v.paid_by.get(n, []) if p.purpose not in _NOT_FORWARDED and p.payee not in up
               and (p.payee in down or not v.in_contract_graph(p.payee))]
        passed = sum(p.amount for p in fwd)
        if received <= 0 or passed < s["fee_forward_share"] * received:
            continue
        to = sorted({p.payee for p in fwd})
        kept = received - sum(p.amount for p in v.paid_by.get(n, []))
        out.append(finding(
            v, "R-TRANSFER-FEE", n, parties=[n, *to],
            contracts=[c.id for c in v.received_by[n] + v.let_by.get(n, [])],
            breaks=[c.id for c in v.let_by.get(n, [])],
            payments=[p.id for p in v.paid_to.get(n, [])] + [p.id for p in fwd],
            summary=f"{v.label(n)}在本项目未见项目负责人和作业人员，收到工程款{received:,.0f}元后转付"
                    f"{'、'.join(v.label(t) for t in to)}共{passed / received:.0%}，留存{kept:,.0f}元，"
                    "涉嫌以收取管理费方式转包。",
            summary_en=f"{n} has no manager or workers on record on the project, forwarded {passed / received:.0%} "
                       f"of the {received:,.0f} it received (to {', '.join(to)}) and kept {kept:,.0f}: "
                       "suspected transfer for a fee.",
            confidence=0.8))
    return out


def _received_via(v: ProjectView, c: Contract) -> list:
    """Payments the holder got for contract ``c``: citing it, else from its letter without a contract id."""
    cited = [p for p in v.paid_to.get(c.to, []) if p.contract_id == c.id]
    if cited:
        return cited
    return [p for p in v.paid_to.get(c.to, []) if p.payer == c.frm and p.contract_id is None
            and p.purpose not in _NOT_FORWARDED]


@rule("R-PAY-BYPASS", "转包/挂靠迹象（资金绕行）", "payment bypasses the contractor", subject="contract",
      basis=(f"{BANFA} 第八条第（九）项、第十条第（三）项",), defaults={"bypass_forward_share": 0.95})
def pay_bypass(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """R-PAY-BYPASS (转包/挂靠迹象, 办法 第八条第（九）项、第十条第（三）项): the money for a contract goes to
    someone else than its contractor, or the contractor forwards it ≈ 1:1 (≥ ``bypass_forward_share``)
    to a party with no contract of its own.

    Lawful twins: a supplier paid on the contractor's order (``purpose = materials``); wages paid to
    the workers out of the wage account.
    """
    v = view(H)
    s = rule_settings(config)
    out = []
    for c in v.contracts:
        # whoever pays a contract's money (its letter, or the owner over its head) must pay its contractor
        elsewhere = [p for p in v.citing.get(c.id, ()) if p.payer != c.to and p.payee != c.to
                     and p.purpose not in _NOT_FORWARDED]
        if elsewhere:
            to = sorted({p.payee for p in elsewhere})
            payers = sorted({p.payer for p in elsewhere})
            amount = sum(p.amount for p in elsewhere)
            out.append(finding(
                v, "R-PAY-BYPASS", c.id, parties=[c.frm, c.to, *payers, *to], contracts=[c.id],
                payments=[p.id for p in elsewhere],
                summary=f"合同{c.id}的承包方是{v.label(c.to)}，但该合同款项{amount:,.0f}元由"
                        f"{'、'.join(v.label(x) for x in payers)}付给了{'、'.join(v.label(t) for t in to)}，"
                        "疑似转包或挂靠。",
                summary_en=f"The money for contract {c.id} ({amount:,.0f}) went from {', '.join(payers)} to "
                           f"{', '.join(to)} instead of its contractor {c.to}: a sign of transfer or name lending.",
                confidence=0.8))
            continue
        got = _received_via(v, c)
        total = sum(p.amount for p in got)
        if total <= 0:
            continue
        by_payee: dict[str, list] = {}
        for p in v.paid_by.get(c.to, []):
            if p.purpose not in _NOT_FORWARDED and not v.in_contract_graph(p.payee) and p.payee != v.owner:
                by_payee.setdefault(p.payee, []).append(p)
        for payee, ps in sorted(by_payee.items()):
            fwd = sum(p.amount for p in ps)
            if fwd < s["bypass_forward_share"] * total:
                continue
            out.append(finding(
                v, "R-PAY-BYPASS", c.id, parties=[c.to, payee], contracts=[c.id],
                payments=[p.id for p in got + ps],
                summary=f"{v.label(c.to)}收到合同{c.id}款项{total:,.0f}元后，将{fwd / total:.0%}转付给无合同的"
                        f"{v.label(payee)}，疑似转包或挂靠。",
                summary_en=f"{c.to} forwarded {fwd / total:.0%} of the {total:,.0f} received on contract {c.id} "
                           f"to {payee}, which holds no contract: a sign of transfer or name lending.",
                confidence=0.75))
            break  # one finding per contract
    return out


@rule("R-NAME-LENDING", "挂靠", "name lending", subject="party",
      basis=("建筑法 第二十六条、第六十六条", f"{BANFA} 第九条、第十条第（一）（三）项",
             f"{JIANGONG} 第一条第一款第（二）项"),
      defaults={"name_lending_share": 0.9})
def name_lending(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """R-NAME-LENDING (挂靠, 建筑法 第二十六条; 办法 第九条、第十条第（一）（三）项): a party that holds no
    contract gets ≥ ``name_lending_share`` of the money paid for a contract (forwarded by the holder,
    or paid to it directly), and either it, not the holder, employs the workers there; or the holder
    has no manager and no workers of its own there; or it pays the holder a ``fee``.

    A manager of the holder on record does not clear it (办法 第八条第（三）项: a manager on paper).
    Lawful twin: a supplier paid for materials on the holder's order.
    """
    v = view(H)
    s = rule_settings(config)
    out, seen = [], set()
    for c in v.contracts:
        holder = c.to
        if holder in seen:
            continue
        # the contract's money: every payment citing it, else what its letter paid the holder
        cited = [p for p in v.citing.get(c.id, ()) if p.purpose not in _NOT_FORWARDED]
        base = cited or _received_via(v, c)
        total = sum(p.amount for p in base)
        if total <= 0:
            continue
        money: dict[str, list] = {}  # candidate borrower -> payments it got for this contract
        for p in v.paid_by.get(holder, []) + [p for p in cited if p.payee != holder]:
            if p.purpose not in _NOT_FORWARDED:
                money.setdefault(p.payee, []).append(p)
        holder_staff = v.employs.get(holder, [])
        holder_workers = [e for e in holder_staff if e.is_worker]
        for builder, ps in sorted(money.items()):
            if builder in (holder, v.owner) or v.in_contract_graph(builder):
                continue
            amount = sum(p.amount for p in ps)
            if amount < s["name_lending_share"] * total:
                continue
            crew = v.employs.get(builder, [])
            fees = [p for p in v.paid_by.get(builder, []) if p.payee == holder and p.purpose == "fee"]
            if crew and not holder_workers:
                why = f"施工人员由{v.label(builder)}招用"
                why_en = f"the workers are employed by {builder}"
            elif not holder_staff:
                why = f"{v.label(holder)}在本项目未见项目负责人和作业人员"
                why_en = f"{holder} has no manager and no workers on the project"
            elif fees:
                why = f"{v.label(builder)}向{v.label(holder)}支付管理费"
                why_en = f"{builder} pays {holder} a fee"
            else:
                continue
            seen.add(holder)
            out.append(finding(
                v, "R-NAME-LENDING", holder, parties=[holder, builder], contracts=[c.id], breaks=[c.id],
                payments=[p.id for p in base + ps + fees], records=[e.id for e in crew],
                summary=f"合同{c.id}由{v.label(holder)}承接，但该合同款项的{amount / total:.0%}流向未签合同的"
                        f"{v.label(builder)}，且{why}，涉嫌{v.label(builder)}借用{v.label(holder)}资质（挂靠）。",
                summary_en=f"{holder} holds contract {c.id}, but {amount / total:.0%} of its money went to {builder}, "
                           f"which holds no contract, and {why_en}: suspected name lending (挂靠).",
                confidence=0.75))
            break
    return out


# ---------------------------------------------------------------- A: subcontracting

@rule("R-SUB-INDIVIDUAL", "违法分包（分包给个人）", "subcontract to an individual", subject="contract",
      basis=(f"{BANFA} 第十一条、第十二条第（一）项",))
def sub_individual(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """R-SUB-INDIVIDUAL (违法分包, 办法 第十二条第（一）项): a subcontract (any type) let by a non-owner
    goes to an individual."""
    v = view(H)
    out = []
    for c in v.contracts:
        if c.frm == v.owner or not v.is_individual(c.to):
            continue
        out.append(finding(
            v, "R-SUB-INDIVIDUAL", c.id, parties=[c.frm, c.to], contracts=[c.id], payments=_pays(v, c),
            summary=f"{v.label(c.frm)}将{_type_zh(c)}工程（合同{c.id}，{c.amount:,.0f}元）分包给个人{v.label(c.to)}，"
                    "涉嫌违法分包。",
            summary_en=f"{c.frm} is suspected of illegal subcontracting: {c.type} work (contract {c.id}, "
                       f"{c.amount:,.0f}) went to the individual {c.to}.",
            confidence=0.9))
    return out


@rule("R-SUB-UNQUALIFIED", "违法分包（无相应资质）", "subcontract to an unqualified unit", subject="contract",
      basis=("建筑法 第二十九条第三款", "民法典 第七百九十一条第三款", f"{BANFA} 第十二条第（二）项"))
def sub_unqualified(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """R-SUB-UNQUALIFIED (违法分包, 建筑法 第二十九条第三款; 办法 第十二条第（二）项): a unit receiving a
    subcontract lacks the qualification its type needs.

    Lawful twins: a labour subcontract to a qualified labour company (建工解释一 第五条); a specialty
    subcontract to a unit with a specialty or general qualification. Without a qualification register
    (no ``qualifications`` column) nothing is known to be lacking, so nothing fires.
    """
    v = view(H)
    out = []
    for c in v.contracts:
        if c.frm == v.owner or v.is_individual(c.to) or not v.lacks_qualification(c):
            continue
        has = "、".join(LABELS_ZH.get(q, q) for q in sorted(v.qualifications(c.to))) or "无"
        out.append(finding(
            v, "R-SUB-UNQUALIFIED", c.id, parties=[c.frm, c.to], contracts=[c.id], payments=_pays(v, c),
            summary=f"{v.label(c.frm)}将{_type_zh(c)}工程（合同{c.id}）分包给不具备相应资质的{v.label(c.to)}"
                    f"（现有资质：{has}），涉嫌违法分包。",
            summary_en=f"{c.frm} is suspected of illegal subcontracting: {c.type} work (contract {c.id}) went to "
                       f"{c.to}, which lacks the qualification "
                       f"(has: {', '.join(sorted(v.qualifications(c.to))) or 'none'}).",
            confidence=0.85))
    return out


def _names(scope: str, words: list[str]) -> bool:
    return any(w in scope for w in words)


def _covers_main_structure(c: Contract, s: dict) -> bool:
    if _names(c.scope, s["steel_words"]):  # 钢结构工程除外 (办法 12(3))
        return False
    named = _names(c.scope, s["main_structure_words"])
    return c.main_structure or (named and not _names(c.scope, s["labour_words"]))


@rule("R-MAIN-STRUCTURE", "违法分包（主体结构）", "main structure subcontracted", subject="contract",
      basis=("建筑法 第二十九条第一款", "民法典 第七百九十一条第三款", f"{BANFA} 第十二条第（三）项"),
      defaults={"main_structure_words": ["主体结构"], "steel_words": ["钢结构"]})
def main_structure(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """R-MAIN-STRUCTURE (违法分包, 建筑法 第二十九条第一款; 办法 第十二条第（三）项): a general contractor
    lets a non-labour subcontract that covers the main structure.

    Lawful: a labour-only subcontract of main-structure work (type ``labour``), steel-structure work
    (scope names 钢结构), and an EPC contractor letting the construction to a general contractor.
    """
    v = view(H)
    s = rule_settings(config)
    out = []
    for gc in v.general_contractors:
        for c in v.let_by.get(gc, []):
            if c.type in ("labour", "general") or not _covers_main_structure(c, s):
                continue
            out.append(finding(
                v, "R-MAIN-STRUCTURE", c.id, parties=[gc, c.to], contracts=[c.id], payments=_pays(v, c),
                summary=f"施工总承包单位{v.label(gc)}将主体结构工程（合同{c.id}，范围“{c.scope}”）分包给"
                        f"{v.label(c.to)}，涉嫌违法分包主体结构。",
                summary_en=f"The general contractor {gc} is suspected of subcontracting main-structure work "
                           f"(contract {c.id}, scope '{c.scope}') to {c.to}.",
                confidence=0.85))
    return out


def _sub_role(v: ProjectView, n: str) -> str | None:
    """``labour`` for a receiver of a labour subcontract, ``specialty`` for a receiver of a specialty
    subcontract (from a non-owner), else None; labour first: a labour subcontractor may let nothing."""
    got = {r.type for r in v.received_by.get(n, []) if r.frm != v.owner}
    return "labour" if "labour" in got else "specialty" if "specialty" in got else None


@rule("R-RESUB", "违法分包（再分包）", "re-subcontracting", subject="contract",
      basis=("建筑法 第二十九条第三款", f"{BANFA} 第十二条第（四）（五）项"))
def resub(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """R-RESUB (再分包, 建筑法 第二十九条第三款; 办法 第十二条第（四）（五）项): a specialty subcontractor
    lets non-labour work on; a labour subcontractor lets any work on, whatever type it declares.

    Lawful twin: a specialty subcontractor letting labour work to a qualified labour company.
    """
    v = view(H)
    out = []
    for c in v.contracts:
        role = _sub_role(v, c.frm)
        if role == "specialty" and c.type != "labour":
            who, who_en = "专业分包单位", "specialty subcontractor"
        elif role == "labour":
            who, who_en = "劳务分包单位（专业作业承包人）", "labour subcontractor"
        else:
            continue
        src = [r.id for r in v.received_by[c.frm] if r.frm != v.owner]
        out.append(finding(
            v, "R-RESUB", c.id, parties=[c.frm, c.to], contracts=[c.id, *src], payments=_pays(v, c),
            summary=f"{who}{v.label(c.frm)}将其分包的工程再以{_type_zh(c)}合同{c.id}分包给{v.label(c.to)}，"
                    "涉嫌违法再分包。",
            summary_en=f"The {who_en} {c.frm} is suspected of re-subcontracting: it let its work on again as "
                       f"{c.type} contract {c.id} to {c.to}.",
            confidence=0.85))
    return out


def _tiers(v: ProjectView, path: list[str]) -> int:
    """Contract tiers of a chain below the owner, not counting a lawful EPC tier above the GC."""
    tiers = len(path) - 1
    if tiers >= 2 and any(_lawful_epc_let(v, path[1], c) for c in v.let_by.get(path[1], []) if c.to == path[2]):
        tiers -= 1
    return tiers


@rule("R-DEPTH", "多层级分包链", "multi-level chain", subject="project",
      basis=("由转包、违法分包规则推定（建筑法 第二十八条、第二十九条）",), defaults={"max_tiers": 3})
def depth(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """R-DEPTH (multi-level chain, from 建筑法 第二十八条、第二十九条): a chain deeper than ``max_tiers``
    contract tiers (owner → GC → sub → labour is 3); an EPC tier above the GC is not counted."""
    v = view(H)
    s = rule_settings(config)
    paths = list(simple_paths_from(contract_graph(H), v.owner, int(s["max_chain_length"])))
    deepest_tiers = max((_tiers(v, p) for p in paths), default=0)
    if deepest_tiers <= s["max_tiers"]:
        return []
    deepest = [p for p in paths if _tiers(v, p) == deepest_tiers]
    parties = sorted({n for p in deepest for n in p})
    contracts = sorted({k for p in deepest for k in chain_contracts(H, p)})
    chain = " → ".join(v.name(n) for n in deepest[0])
    return [finding(
        v, "R-DEPTH", v.project_id, parties=parties, contracts=contracts,
        summary=f"项目{v.project.get('name', v.project_id)}的分包链条在建设单位之下有{deepest_tiers}层"
                f"（{chain}），超过合法的{s['max_tiers']}层，疑似多层转包或违法分包。",
        summary_en=f"Project {v.project_id} has a chain {deepest_tiers} tiers deep below the owner "
                   f"({' → '.join(deepest[0])}); the lawful shape has at most {s['max_tiers']}: suspected "
                   "multi-level transfer or illegal subcontracting.",
        confidence=0.85)]


@rule("R-CYCLE", "循环合同（虚假合同嫌疑）", "contract cycle (sham contracts)", subject="project",
      basis=("数据完整性核查",))
def cycle(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """R-CYCLE: contracts on one project form a cycle (sham contracts or bad data)."""
    v = view(H)
    cycles = contract_cycles(H)
    if not cycles:
        return []
    parties = sorted({n for c in cycles for n in c})
    contracts = sorted({k for c in cycles for k in chain_contracts(H, c + [c[0]])})
    loops = "；".join(" → ".join(v.name(n) for n in c + [c[0]]) for c in cycles)
    return [finding(
        v, "R-CYCLE", v.project_id, parties=parties, contracts=contracts, breaks=contracts,
        summary=f"项目{v.project.get('name', v.project_id)}的合同构成循环（{loops}），疑为虚假合同或数据错误。",
        summary_en=f"Contracts on project {v.project_id} form a cycle: "
                   f"{'; '.join(' → '.join(c + [c[0]]) for c in cycles)}.",
        confidence=0.6)]


# ---------------------------------------------------------------- C: compliance
def _owner_and_gc(v: ProjectView) -> tuple[list[str], list[str]]:
    parties = [v.owner, *v.general_contractors]
    return parties, [c.id for c in v.let_by.get(v.owner, [])]


@rule("C-GUARANTEE", "未提供工程款支付担保", "no owner payment guarantee", subject="project", section="C",
      basis=(f"{TIAOLI} 第二十四条第一款",))
def guarantee(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """C-GUARANTEE (条例 第二十四条第一款): the project has no owner payment guarantee (empty or 0)."""
    v = view(H)
    if float(v.project.get("guarantee") or 0) > 0:
        return []
    parties, contracts = _owner_and_gc(v)
    return [finding(
        v, "C-GUARANTEE", v.project_id, parties=parties, contracts=contracts,
        summary=f"未见建设单位{v.label(v.owner)}就项目{v.project.get('name', v.project_id)}提供工程款支付担保的记录，"
                "疑似未落实工程款支付担保。",
        summary_en=f"No payment guarantee of the owner {v.owner} is on record for project {v.project_id}.",
        confidence=0.9)]


@rule("C-ACCOUNT", "未开设农民工工资专用账户", "no wage special account", subject="project", section="C",
      basis=(f"{TIAOLI} 第二十六条",))
def account(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """C-ACCOUNT (条例 第二十六条): the project has no migrant-worker wage special account."""
    v = view(H)
    if v.project.get("wage_account"):
        return []
    parties, contracts = _owner_and_gc(v)
    return [finding(
        v, "C-ACCOUNT", v.project_id, parties=parties, contracts=contracts,
        summary=f"未见项目{v.project.get('name', v.project_id)}的农民工工资专用账户记录，疑似未开设专用账户。",
        summary_en=f"No wage special account is on record for project {v.project_id}.",
        confidence=0.9)]


@rule("C-REALNAME", "未实名制登记", "no real-name registration", subject="person", section="C",
      basis=(f"{TIAOLI} 第二十八条第一款",))
def realname(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """C-REALNAME (条例 第二十八条第一款): a person paid wages (``purpose = wage``) or claiming wages on the
    project has no employment (实名制) record there.

    Lawful twins: a party holding a contract (an 实际施工人 claiming the price), a person paid for
    something else than wages.
    """
    v = view(H)
    evidence: dict[str, dict[str, list[str]]] = {}
    for p in v.payments:
        if p.purpose == "wage" and not v.employed_as.get(p.payee) and v.node(p.payee).get("label") == "Person":
            evidence.setdefault(p.payee, {"payments": [], "claims": [], "payers": []})
            evidence[p.payee]["payments"].append(p.id)
            evidence[p.payee]["payers"].append(p.payer)
    for c in v.claims:
        if c.kind == "wages" and not v.employed_as.get(c.claimant):
            evidence.setdefault(c.claimant, {"payments": [], "claims": [], "payers": []})
            evidence[c.claimant]["claims"].append(c.id)
            if c.respondent:
                evidence[c.claimant]["payers"].append(c.respondent)
    out = []
    for person, ev in sorted(evidence.items()):
        if v.contract_parties_of(person):  # an 实际施工人, not a worker to register
            continue
        how = "、".join(x for x in (f"收到工资{len(ev['payments'])}笔" if ev["payments"] else "",
                                    f"提出讨薪诉求{len(ev['claims'])}件" if ev["claims"] else "") if x)
        how_en = " and ".join(x for x in (f"was paid wages {len(ev['payments'])} time(s)" if ev["payments"] else "",
                                         f"filed {len(ev['claims'])} wage claim(s)" if ev["claims"] else "") if x)
        out.append(finding(
            v, "C-REALNAME", person, parties=[person, *ev["payers"]], payments=ev["payments"], records=ev["claims"],
            summary=f"{v.label(person)}在项目{v.project.get('name', v.project_id)}{how}，但未见实名制用工登记，"
                    "疑似未落实实名制管理。",
            summary_en=f"{person} {how_en} on project {v.project_id}, but no real-name employment record is on file.",
            confidence=0.8))
    return out


@rule("C-DIRECTPAY", "未通过专用账户代发工资", "wages not paid from the special account", subject="party", section="C",
      basis=(f"{TIAOLI} 第三十一条、第十一条",))
def directpay(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """C-DIRECTPAY (条例 第三十一条、第十一条): registered workers of an employer did not get their wages
    from the wage special account (no wage payment reached them, or it was not ``via_wage_account``)."""
    v = view(H)
    out = []
    for employer in sorted(v.employs):
        bad, pays, payers, n_none = [], [], set[str](), 0
        for e in v.employs[employer]:
            if not e.is_worker:
                continue
            wages = v.wage_payments(e.person)
            off_account = [p for p in wages if not p.via_wage_account]
            if not wages or off_account:
                bad.append(e)
                pays += [p.id for p in off_account]
                payers.update(p.payer for p in off_account)
                n_none += not wages
        if not bad:
            continue
        out.append(finding(
            v, "C-DIRECTPAY", employer, parties=[employer, *sorted(payers)], payments=pays, records=[e.id for e in bad],
            summary=f"{v.label(employer)}雇用的{len(bad)}名工人的工资未见通过农民工工资专用账户代发"
                    f"（其中{n_none}人未见任何工资发放记录），疑似未落实专户代发。",
            summary_en=f"{len(bad)} worker(s) of {employer} show no wage paid from the wage special account "
                       f"({n_none} show no wage payment at all).",
            confidence=0.8))
    return out


# ---------------------------------------------------------------- D: criminal leads
def _months(e) -> float | None:
    """Months a real-name record covers: from its start and end dates, else None."""
    if e.start and e.end:
        try:
            days = (date.fromisoformat(e.end) - date.fromisoformat(e.start)).days + 1
        except ValueError:
            return None
        return max(days, 1) / 30.44
    return None


def _element(name: str, met: bool, evidence: Iterable[str], note: str,
             conditions: list[Condition] | None = None) -> Element:
    e: Element = {"element": name, "met": met, "evidence": sorted(set(evidence)), "note": note}
    if conditions is not None:
        e["conditions"] = conditions
    return e


def _refused(v: ProjectView, e, employer: str, cutoff: str) -> float:
    """What the employer left unpaid on a record. Wages others advanced (垫付) after the first claim or
    order against it do not reduce what it refused to pay (指导案例28号 胡克金案); the record's own
    ``wage_paid`` is taken as it stands."""
    if e.wage_due is None:
        return 0.0
    if e.wage_paid is not None or not cutoff:
        return v.unpaid(e)
    paid = sum(p.amount for p in v.wage_payments(e.person)
               if p.payer == employer or not p.paid or p.paid < cutoff)
    return max(0.0, e.wage_due - paid)


def _claims_against(v: ProjectView) -> dict[str, list]:
    """The project's claims by their ``respondent_id`` (indexed once, not scanned per employer)."""
    key = "claims_against"
    if key not in v.cache:
        out: dict[str, list] = {}
        for c in v.claims:
            if c.respondent:
                out.setdefault(c.respondent, []).append(c)
        v.cache[key] = out
    return v.cache[key]


def _unregistered_claims(v: ProjectView) -> dict[str, list]:
    """Wage claims by people with no real-name record on the project, by respondent: for them the
    respondent stands as the employer (docs/legal-rules.md B); a registered worker's claim is weighed
    through its record, never against another party."""
    key = "unregistered_claims"
    if key not in v.cache:
        out: dict[str, list] = {}
        for c in v.claims:
            if c.kind == "wages" and c.respondent and not v.employed_as.get(c.claimant):
                out.setdefault(c.respondent, []).append(c)
        v.cache[key] = out
    return v.cache[key]


def _refuse_amount(v: ProjectView, employer: str, s: dict) -> dict[str, Any] | None:
    """The amount element (拒付解释 第三条): what the employer owes, per worker, and whether it is large."""
    owed: dict[str, float] = {}
    due: dict[str, float] = {}
    months: dict[str, float | None] = {}
    evidence: list[str] = []
    cutoff = min([c.filed for c in _claims_against(v).get(employer, ()) if c.filed]
                 + [o.issued for o in v.orders_for.get(employer, []) if o.issued], default="")
    for e in v.employs.get(employer, ()):
        u = _refused(v, e, employer, cutoff)
        if u <= 0:
            continue
        owed[e.person] = owed.get(e.person, 0.0) + u
        due[e.person] = due.get(e.person, 0.0) + (e.wage_due or 0.0)
        m = _months(e)
        if m is None and e.days:
            m = float(e.days) / float(s["days_per_month"])
        so_far = months.get(e.person, 0.0)
        months[e.person] = None if m is None or so_far is None else so_far + m
        evidence.append(e.id)
    heads = len(owed)
    records = len(evidence)
    for c in _unregistered_claims(v).get(employer, ()):  # the respondent stands as their employer (B)
        if c.claimant not in owed:
            owed[c.claimant] = c.amount
            months[c.claimant] = None
            heads += max(1, c.workers or 1)
            evidence.append(c.id)
    if not owed:
        return None
    total = sum(owed.values())
    three = []
    for person, x in owed.items():
        m = months.get(person)
        monthly = due.get(person, 0.0) / m if m else 0.0
        if x >= s["refuse_one_worker"] and monthly > 0 and x / monthly >= s["refuse_months"]:
            three.append(person)
    many = heads >= s["refuse_many_workers"] and total >= s["refuse_many_total"]
    met = bool(three) or many
    if three:
        note = f"{len(three)}名工人各被拖欠{s['refuse_months']}个月以上工资且不少于{s['refuse_one_worker']:,}元"
    elif many:
        note = f"{heads}名工人被拖欠工资共{total:,.0f}元"
    else:
        note = (f"拖欠{heads}名工人共{total:,.0f}元，未达数额较大标准（一人{s['refuse_months']}个月以上且"
                f"{s['refuse_one_worker']:,}元，或{s['refuse_many_workers']}人以上共{s['refuse_many_total']:,}元）")
    if records < len(evidence):  # a claim is an allegation until a record or a payroll bears it out
        note += f"；其中{len(evidence) - records}件仅有诉求、未见实名制记录，待核实"
    return {"total": total, "heads": heads, "element": _element("amount", met, evidence, note)}


def _refuse_conduct(v: ProjectView, employer: str, owed: float) -> Element:
    """The conduct element (刑法 第二百七十六条之一; 拒付解释 第二条): money moved away, absconding, or able to pay."""
    conditions: list[Condition] = []
    receipts = v.paid_to.get(employer, [])
    down = v.contractees(employer)
    last_claim = max((c.filed for c in _claims_against(v).get(employer, ()) if c.filed), default="")
    if receipts:
        first = min((p.paid for p in receipts if p.paid), default="")
        moved = [p for p in v.paid_by.get(employer, []) + v.paid_elsewhere.get(employer, [])
                 if p.payee not in down and p.purpose not in _NOT_FORWARDED
                 and (not first or not p.paid or p.paid >= first)
                 and (not last_claim or not p.paid or p.paid <= last_claim)]
        if moved:
            to = sorted({p.payee for p in moved})
            conditions.append({"condition": "moved", "evidence": sorted(p.id for p in moved),
                               "note": f"将{sum(p.amount for p in moved):,.0f}元转给"
                                       f"{'、'.join(v.label(t) for t in to)}"})
    fled = v.node(employer).get("absconded")
    posted = [o for o in v.orders_for.get(employer, []) if o.served == "posted"]
    if fled or posted:
        note = f"自{fled}起无法联系（逃匿）" if fled else "责令支付文书以张贴方式送达（逃匿）"
        ev = ([employer] if fled else []) + [o.id for o in posted]
        conditions.append({"condition": "absconded", "evidence": sorted(ev), "note": note})
    net = sum(p.amount for p in receipts) - sum(p.amount for p in v.paid_by.get(employer, []) if p.payee in down)
    if receipts and net >= owed:
        conditions.append({"condition": "able_to_pay", "evidence": sorted(p.id for p in receipts),
                           "note": f"在本项目收到款项，扣除支付下游后仍有{net:,.0f}元，足以支付所欠工资"})
    evidence = [x for c in conditions for x in c["evidence"]]
    note = "；".join(c["note"] for c in conditions) or "未见转移财产、逃匿或有能力支付的证据"
    return _element("conduct", bool(conditions), evidence, note, conditions=conditions)


def _refuse_order(v: ProjectView, employer: str, as_of: str) -> Element:
    """The order element (拒付解释 第四条): an order to pay whose deadline passed without compliance."""
    orders = v.orders_for.get(employer, [])
    unmet = [o for o in orders if o.complied is not True and o.deadline and o.deadline < as_of]
    if unmet:
        return _element("order", True, [o.id for o in unmet],
                        f"责令支付文书{'、'.join(o.id for o in unmet)}的履行期限已届满，仍未支付")
    pending = [o for o in orders if o.complied is not True]
    note = ("尚缺：责令支付文书（已有文书的履行期限未届满或未载明期限）" if pending
            else "尚缺：责令支付文书" if not orders else "责令支付文书已按期履行")
    return _element("order", False, [o.id for o in orders], note)


@rule("X-REFUSE", "拒不支付劳动报酬罪线索", "refusal to pay wages (criminal lead)", subject="party", section="D",
      basis=("刑法 第二百七十六条之一", f"{JUFU} 第二条、第三条、第四条"),
      defaults={"refuse_one_worker": 5000, "refuse_months": 3, "refuse_many_total": 30000, "refuse_many_workers": 10,
                "days_per_month": 26, "as_of": ""})
def refuse(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """X-REFUSE (拒不支付劳动报酬罪线索, 刑法 第二百七十六条之一; 法释〔2013〕3号 第二条、第三条、第四条).

    Fires on the **amount** (one worker owed ≥ ``refuse_one_worker`` that is ≥ ``refuse_months`` months'
    wages, or ≥ ``refuse_many_workers`` workers owed ≥ ``refuse_many_total``) **and** the **conduct**
    (money moved to non-contractees for purposes other than wages and materials from its first receipt
    until the claims, on this project or tied to none; absconding, or an order served by posting;
    able to pay: received, net of what it paid its contractees, at least what it owes). The **order**
    element (an order to pay whose deadline passed without compliance) is listed met or missing:
    without it the lead is one to complete. ``elements`` carries each with its evidence.
    """
    v = view(H)
    s = rule_settings(config)
    as_of = s["as_of"] or date.today().isoformat()
    out = []
    for employer in sorted(v.employs.keys() | _unregistered_claims(v).keys()):
        amount = _refuse_amount(v, employer, s)
        if amount is None or not amount["element"]["met"]:
            continue
        conduct = _refuse_conduct(v, employer, amount["total"])
        if not conduct["met"]:
            continue
        order = _refuse_order(v, employer, as_of)
        met = conduct.get("conditions", [])
        moved = next((c for c in met if c["condition"] == "moved"), None)
        moved_ids = set(moved["evidence"]) if moved else set()
        payees = sorted({p.payee for p in v.paid_by.get(employer, []) + v.paid_elsewhere.get(employer, [])
                         if p.id in moved_ids})
        missing = "" if order["met"] else f"（{order['note']}）"
        f = finding(
            v, "X-REFUSE", employer, parties=[employer, *payees],
            payments=[x for c in met if c["condition"] != "absconded" for x in c["evidence"]],
            records=amount["element"]["evidence"],
            summary=f"{v.label(employer)}涉嫌拒不支付劳动报酬：{amount['element']['note']}；{conduct['note']}"
                    f"{missing}。",
            summary_en=f"{employer} is suspected of refusing to pay wages: it owes {amount['heads']} worker(s) "
                       f"{amount['total']:,.0f}; conduct: {', '.join(c['condition'] for c in met)}; "
                       f"order to pay: {'deadline passed unpaid' if order['met'] else 'still missing'}.",
            confidence=0.8 if order["met"] else 0.6)
        f["elements"] = [amount["element"], conduct, order]
        out.append(f)
    return out


# ---------------------------------------------------------------- all rules


# X-EXTORT (section D) is found on the claims graph, not per project: graphchain.analysis.rings.
RULES["X-EXTORT"] = Rule(
    "X-EXTORT", "假讨薪真敲诈（敲诈勒索团伙线索）", "fake wage claims / extortion ring", "ring",
    ("刑法 第二百七十四条、第二百九十三条",
     "最高人民法院、最高人民检察院关于办理敲诈勒索刑事案件适用法律若干问题的解释（法释〔2013〕10号）第一条、第三条",
     f"{TIAOLI} 第五十二条"), "D")


def run_rules(H: nx.MultiDiGraph, config: dict | None = None, rules: list[str] | None = None) -> list[Finding]:
    """Every rule (or the named ones) on one project subgraph, sorted by rule and subject."""
    out: list[Finding] = []
    for rid, fn in RULE_FUNCTIONS.items():
        if rules is None or rid in rules:
            out += fn(H, config)
    return sorted(out, key=lambda f: (f["project_id"], f["rule"], f["subject"]))
