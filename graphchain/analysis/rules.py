"""The rules of legal-rules.md sections A, C and D (X-EXTORT lives in :mod:`.rings`).

Each rule is one small function ``rule(H, config=None) -> list[finding]`` of a project
subgraph (:func:`graphchain.model.project_subgraph`). A finding is a dict::

    {"rule", "project_id", "subject", "parties", "contracts", "payments", "records",
     "basis", "summary", "summary_en", "confidence"}

``subject`` is the one id the finding is about (kind per :mod:`graphchain.legal`); every finding
names at least one party, contract or payment and at least one basis. A finding is a lead to
verify, never a verdict.

>>> from graphchain import read_bundle, build_graph, project_subgraph    # doctest: +SKIP
>>> H = project_subgraph(build_graph(read_bundle("tests/data/mini")), "P1")  # doctest: +SKIP
>>> [(f["rule"], f["subject"]) for f in sub_individual(H)]                 # doctest: +SKIP
[('R-SUB-INDIVIDUAL', 'K4')]
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx

from ..legal import RULES
from ..schema import LABELS_ZH
from .chains import chain_contracts, contract_cycles, contract_graph, project_chains, simple_paths_from
from .config import rule_settings
from .money import _flow
from .view import Contract, ProjectView, view

Finding = dict
Rule = Callable[[nx.MultiDiGraph, dict | None], list[Finding]]


def finding(v: ProjectView, rule: str, subject: str, *, parties=(), contracts=(), payments=(), records=(),
            summary: str, summary_en: str, confidence: float) -> Finding:
    """A finding dict with the rule's basis from :mod:`graphchain.legal` and sorted, de-duplicated ids."""
    return {
        "rule": rule,
        "project_id": v.project_id,
        "subject": subject,
        "parties": sorted(set(parties)),
        "contracts": sorted(set(contracts)),
        "payments": sorted(set(payments)),
        "records": sorted(set(records)),
        "basis": list(RULES[rule].basis),
        "summary": summary,
        "summary_en": summary_en,
        "confidence": round(confidence, 2),
    }


def _type_zh(c: Contract) -> str:
    return LABELS_ZH.get(c.type, c.type)


def _pays(v: ProjectView, c: Contract) -> list[str]:
    """Payments made on a contract: those citing it, or from its letter to its holder."""
    return [p.id for p in v.paid_by.get(c.frm, []) if p.contract_id == c.id or (p.payee == c.to and
                                                                                 p.contract_id is None)]


def _lets_to_bad_receiver(v: ProjectView, c: Contract) -> bool:
    return v.is_individual(c.to) or v.lacks_qualification(c)


# ---------------------------------------------------------------- A: contracts
def owner_illegal(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """R-OWNER-ILLEGAL: the owner lets work to an individual or to a unit lacking the needed qualification."""
    v = view(H)
    out = []
    for c in v.let_by.get(v.owner, []):
        if not _lets_to_bad_receiver(v, c):
            continue
        why = "个人" if v.is_individual(c.to) else f"不具备{_type_zh(c)}资质的单位"
        why_en = "an individual" if v.is_individual(c.to) else f"a unit without the {c.type} qualification"
        out.append(finding(
            v, "R-OWNER-ILLEGAL", c.id, parties=[c.frm, c.to], contracts=[c.id], payments=_pays(v, c),
            summary=f"建设单位{v.label(c.frm)}将工程（合同{c.id}）发包给{why}{v.label(c.to)}，涉嫌违法发包。",
            summary_en=f"The owner {c.frm} awarded contract {c.id} to {why_en} {c.to}.",
            confidence=0.9))
    return out


def sub_individual(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """R-SUB-INDIVIDUAL: a subcontract (any type) let by a non-owner goes to an individual."""
    v = view(H)
    out = []
    for c in v.contracts:
        if c.frm == v.owner or not v.is_individual(c.to):
            continue
        out.append(finding(
            v, "R-SUB-INDIVIDUAL", c.id, parties=[c.frm, c.to], contracts=[c.id], payments=_pays(v, c),
            summary=f"{v.label(c.frm)}将{_type_zh(c)}工程（合同{c.id}，{c.amount:,.0f}元）分包给个人{v.label(c.to)}，"
                    "涉嫌违法分包。",
            summary_en=f"{c.frm} subcontracted {c.type} work (contract {c.id}, {c.amount:,.0f}) "
                       f"to the individual {c.to}.",
            confidence=0.9))
    return out


def sub_unqualified(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """R-SUB-UNQUALIFIED: a unit receiving a subcontract lacks the qualification its type needs.

    A labour subcontract to a qualified labour company, and a specialty subcontract to a unit
    with a specialty or general qualification, are lawful (legal-rules.md guards).
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
            summary_en=f"{c.frm} let {c.type} work (contract {c.id}) to {c.to}, which lacks the qualification "
                       f"(has: {', '.join(sorted(v.qualifications(c.to))) or 'none'}).",
            confidence=0.85))
    return out


def _covers_main_structure(c: Contract, s: dict) -> bool:
    named = any(w in c.scope for w in s["main_structure_words"])
    labour_only = any(w in c.scope for w in s["labour_words"])
    return c.main_structure or (named and not labour_only)


def main_structure(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """R-MAIN-STRUCTURE: the general contractor lets a non-labour subcontract covering the main structure.

    A labour-only subcontract of main-structure work (type ``labour``) is lawful.
    """
    v = view(H)
    s = rule_settings(config)
    out = []
    for gc in v.general_contractors:
        for c in v.let_by.get(gc, []):
            if c.type == "labour" or not _covers_main_structure(c, s):
                continue
            out.append(finding(
                v, "R-MAIN-STRUCTURE", c.id, parties=[gc, c.to], contracts=[c.id], payments=_pays(v, c),
                summary=f"施工总承包单位{v.label(gc)}将主体结构工程（合同{c.id}，范围“{c.scope}”）分包给"
                        f"{v.label(c.to)}，违反主体结构必须自行完成的规定。",
                summary_en=f"The general contractor {gc} subcontracted main-structure work (contract {c.id}, "
                           f"scope '{c.scope}') to {c.to}.",
                confidence=0.85))
    return out


def resub(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """R-RESUB: a specialty subcontractor lets non-labour work on, or a labour subcontractor lets
    labour work on. A party's role is the type of the subcontracts it received (from a non-owner);
    a specialty subcontractor letting labour work to a qualified labour company is lawful.
    """
    v = view(H)
    out = []
    for c in v.contracts:
        got = {r.type for r in v.received_by.get(c.frm, []) if r.frm != v.owner}
        if "specialty" in got and c.type != "labour":
            role, role_en = "专业分包单位", "specialty subcontractor"
        elif "labour" in got and c.type == "labour":
            role, role_en = "劳务分包单位", "labour subcontractor"
        else:
            continue
        src = [r.id for r in v.received_by[c.frm] if r.frm != v.owner]
        out.append(finding(
            v, "R-RESUB", c.id, parties=[c.frm, c.to], contracts=[c.id, *src], payments=_pays(v, c),
            summary=f"{role}{v.label(c.frm)}将其分包的工程再以{_type_zh(c)}合同{c.id}分包给{v.label(c.to)}，"
                    "涉嫌违法再分包。",
            summary_en=f"The {role_en} {c.frm} let its work on again as {c.type} contract {c.id} to {c.to}.",
            confidence=0.85))
    return out


# ---------------------------------------------------------------- A: transfer, money, names
def _contractors(v: ProjectView) -> list[str]:
    """Parties that received a contract on the project (the owner excepted)."""
    return sorted(n for n in v.received_by if n != v.owner)


def transfer(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """R-TRANSFER: a contractor lets on ≥ ``transfer_share`` of what it received (by contract amount),
    or lets a contract whose scope names the whole job (全部/整体, but not a labour-only scope 全部劳务)."""
    v = view(H)
    s = rule_settings(config)
    out = []
    for n in _contractors(v):
        let = v.let_by.get(n, [])
        if not let:
            continue
        got = v.received_by[n]
        got_amount = sum(c.amount for c in got)
        share = sum(c.amount for c in let) / got_amount if got_amount > 0 else 0.0
        # "全部劳务作业" is the ordinary labour subcontract; "全部工程" is the whole job, whatever the type
        whole = [c for c in let if any(w in c.scope for w in s["transfer_scope_words"])
                 and not any(w in c.scope for w in s["labour_words"])]
        if share < s["transfer_share"] and not whole:
            continue
        to = sorted({c.to for c in let})
        pays = [p.id for p in v.paid_to.get(n, [])] + [p.id for p in v.paid_by.get(n, []) if p.payee in to]
        how = f"以{len(let)}份合同分包出其承包金额的{share:.0%}" if share >= s["transfer_share"] else \
            f"以“{whole[0].scope}”范围（合同{whole[0].id}）转出"
        out.append(finding(
            v, "R-TRANSFER", n, parties=[n, *to], contracts=[c.id for c in got + let], payments=pays,
            summary=f"{v.label(n)}承包后{how}，交由{'、'.join(v.label(t) for t in to)}施工，涉嫌转包。",
            summary_en=f"{n} passed on {share:.0%} of the {got_amount:,.0f} it was awarded "
                       f"({len(let)} contract(s)) to {', '.join(to)}.",
            confidence=0.85 if share >= s["transfer_share"] else 0.75))
    return out


def transfer_fee(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """R-TRANSFER-FEE: a contractor with no manager and no workers on the project passes on
    ≥ ``fee_forward_share`` of the money it received there and keeps the rest as a fee.

    Everything it pays out counts as passed on — to its subcontractors, or to a builder that holds
    no contract (the name-lending case): a party with nobody on site builds nothing itself.
    """
    v = view(H)
    s = rule_settings(config)
    out = []
    for n in _contractors(v):
        if v.employs.get(n):
            continue  # it has people on site: not a mere fee-taker
        f = _flow(v, n, None)
        passed = f["received"] - f["kept"]
        if f["received"] <= 0 or passed < s["fee_forward_share"] * f["received"]:
            continue
        to = sorted({p.payee for p in v.paid_by.get(n, [])})
        pays = [p.id for p in v.paid_to.get(n, [])] + [p.id for p in v.paid_by.get(n, [])]
        out.append(finding(
            v, "R-TRANSFER-FEE", n, parties=[n, *to],
            contracts=[c.id for c in v.received_by[n] + v.let_by.get(n, [])], payments=pays,
            summary=f"{v.label(n)}在本项目无项目负责人和作业人员，收到工程款{f['received']:,.0f}元后转付"
                    f"{'、'.join(v.label(t) for t in to)}共{passed / f['received']:.0%}，留存{f['kept']:,.0f}元，"
                    "涉嫌以收取管理费方式转包。",
            summary_en=f"{n} has no manager or workers on the project, passed on {passed / f['received']:.0%} of "
                       f"the {f['received']:,.0f} it received (to {', '.join(to)}) and kept {f['kept']:,.0f} as a fee.",
            confidence=0.8))
    return out


def _received_via(v: ProjectView, c: Contract) -> list:
    """Payments the holder got for contract ``c``: citing it, else from its letter without a contract id."""
    cited = [p for p in v.paid_to.get(c.to, []) if p.contract_id == c.id]
    if cited:
        return cited
    return [p for p in v.paid_to.get(c.to, []) if p.payer == c.frm and p.contract_id is None
            and p.purpose != "wage"]


def _no_contract(v: ProjectView, n: str) -> bool:
    return not v.in_contract_graph(n)


def pay_bypass(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """R-PAY-BYPASS: the money for a contract goes to someone else than its contractor, or the
    contractor forwards it ≈ 1:1 (≥ ``bypass_forward_share``) to an individual with no contract."""
    v = view(H)
    s = rule_settings(config)
    out = []
    for c in v.contracts:
        elsewhere = [p for p in v.paid_by.get(c.frm, []) if p.contract_id == c.id and p.payee != c.to
                     and p.purpose != "wage"]
        if elsewhere:
            to = sorted({p.payee for p in elsewhere})
            amount = sum(p.amount for p in elsewhere)
            out.append(finding(
                v, "R-PAY-BYPASS", c.id, parties=[c.frm, c.to, *to], contracts=[c.id],
                payments=[p.id for p in elsewhere],
                summary=f"合同{c.id}的承包方是{v.label(c.to)}，但{v.label(c.frm)}将该合同款项{amount:,.0f}元付给了"
                        f"{'、'.join(v.label(t) for t in to)}，涉嫌转包或挂靠。",
                summary_en=f"The money for contract {c.id} ({amount:,.0f}) went from {c.frm} to {', '.join(to)} "
                           f"instead of its contractor {c.to}.",
                confidence=0.8))
            continue
        got = _received_via(v, c)
        total = sum(p.amount for p in got)
        if total <= 0:
            continue
        by_payee: dict[str, list] = {}
        for p in v.paid_by.get(c.to, []):
            if p.purpose != "wage" and v.is_individual(p.payee) and _no_contract(v, p.payee):
                by_payee.setdefault(p.payee, []).append(p)
        for payee, ps in sorted(by_payee.items()):
            fwd = sum(p.amount for p in ps)
            if fwd < s["bypass_forward_share"] * total:
                continue
            out.append(finding(
                v, "R-PAY-BYPASS", c.id, parties=[c.to, payee], contracts=[c.id],
                payments=[p.id for p in got + ps],
                summary=f"{v.label(c.to)}收到合同{c.id}款项{total:,.0f}元后，将{fwd / total:.0%}转付给无合同的个人"
                        f"{v.label(payee)}，涉嫌转包或挂靠。",
                summary_en=f"{c.to} forwarded {fwd / total:.0%} of the {total:,.0f} received on contract {c.id} "
                           f"to {payee}, an individual with no contract.",
                confidence=0.75))
            break  # one finding per contract
    return out


def name_lending(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """R-NAME-LENDING: the party that really builds (employs a project manager, holds no contract on
    the project, receives ≥ ``name_lending_share`` of a contract's money — paid to it directly or
    forwarded by the holder) is not the one that holds the contract; the holder lent its name."""
    v = view(H)
    s = rule_settings(config)
    out, seen = [], set()
    for c in v.contracts:
        holder = c.to
        if holder in seen:
            continue
        # the contract's money: every payment citing it, else what its letter paid the holder
        cited = list(v.citing.get(c.id, ()))
        total = sum(p.amount for p in (cited or _received_via(v, c)))
        if total <= 0:
            continue
        money: dict[str, list] = {}  # candidate builder -> payments it got for this contract
        for p in v.paid_by.get(holder, []) + [p for p in cited if p.payee != holder]:
            money.setdefault(p.payee, []).append(p)
        for builder, ps in sorted(money.items()):
            managers = [e for e in v.employs.get(builder, []) if e.role == "manager"]
            if builder == holder or v.received_by.get(builder) or not managers:
                continue
            amount = sum(p.amount for p in ps)
            if amount < s["name_lending_share"] * total:
                continue
            seen.add(holder)
            out.append(finding(
                v, "R-NAME-LENDING", holder, parties=[holder, builder], contracts=[c.id],
                payments=[p.id for p in (cited or _received_via(v, c)) + ps], records=[e.id for e in managers],
                summary=f"合同{c.id}由{v.label(holder)}承接，但项目负责人受雇于{v.label(builder)}，"
                        f"且该合同款项的{amount / total:.0%}流向{v.label(builder)}，"
                        f"涉嫌{v.label(holder)}出借资质（挂靠）。",
                summary_en=f"{holder} holds contract {c.id}, but the project manager works for {builder}, which "
                           f"received {amount / total:.0%} of the money: {holder} appears to lend its name.",
                confidence=0.75))
            break
    return out


def depth(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """R-DEPTH: a chain deeper than ``max_tiers`` contract tiers below the owner."""
    v = view(H)
    s = rule_settings(config)
    entry = project_chains(H, config)
    if entry["max_depth"] <= s["max_tiers"]:
        return []
    deepest = [p for p in simple_paths_from(contract_graph(H), v.owner, int(s["max_chain_length"]))
               if len(p) - 1 == entry["max_depth"]]
    parties = sorted({n for p in deepest for n in p})
    contracts = sorted({k for p in deepest for k in chain_contracts(H, p)})
    chain = " → ".join(v.name(n) for n in deepest[0])
    return [finding(
        v, "R-DEPTH", v.project_id, parties=parties, contracts=contracts,
        summary=f"项目{v.project.get('name', v.project_id)}的分包链条在建设单位之下有{entry['max_depth']}层"
                f"（{chain}），超过合法的{s['max_tiers']}层。",
        summary_en=f"Project {v.project_id} has a chain {entry['max_depth']} tiers deep below the owner "
                   f"({' → '.join(deepest[0])}); the lawful shape has at most {s['max_tiers']}.",
        confidence=0.85)]


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
        v, "R-CYCLE", v.project_id, parties=parties, contracts=contracts,
        summary=f"项目{v.project.get('name', v.project_id)}的合同构成循环（{loops}），疑为虚假合同或数据错误。",
        summary_en=f"Contracts on project {v.project_id} form a cycle: "
                   f"{'; '.join(' → '.join(c + [c[0]]) for c in cycles)}.",
        confidence=0.6)]


# ---------------------------------------------------------------- C: compliance
def _owner_and_gc(v: ProjectView) -> tuple[list[str], list[str]]:
    parties = [v.owner, *v.general_contractors]
    return parties, [c.id for c in v.let_by.get(v.owner, [])]


def guarantee(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """C-GUARANTEE: the project has no owner payment guarantee (empty or 0)."""
    v = view(H)
    if float(v.project.get("guarantee") or 0) > 0:
        return []
    parties, contracts = _owner_and_gc(v)
    return [finding(
        v, "C-GUARANTEE", v.project_id, parties=parties, contracts=contracts,
        summary=f"建设单位{v.label(v.owner)}未就项目{v.project.get('name', v.project_id)}提供工程款支付担保。",
        summary_en=f"The owner {v.owner} gave no payment guarantee for project {v.project_id}.",
        confidence=0.9)]


def account(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """C-ACCOUNT: the project has no migrant-worker wage special account."""
    v = view(H)
    if v.project.get("wage_account"):
        return []
    parties, contracts = _owner_and_gc(v)
    return [finding(
        v, "C-ACCOUNT", v.project_id, parties=parties, contracts=contracts,
        summary=f"项目{v.project.get('name', v.project_id)}未开设农民工工资专用账户。",
        summary_en=f"Project {v.project_id} has no wage special account.",
        confidence=0.9)]


def realname(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """C-REALNAME: a person is paid on, or claims on, the project with no employment record there."""
    v = view(H)
    evidence: dict[str, dict[str, list[str]]] = {}
    for p in v.payments:
        if v.node(p.payee).get("label") == "Person" and not v.employed_as.get(p.payee):
            evidence.setdefault(p.payee, {"payments": [], "claims": [], "payers": []})
            evidence[p.payee]["payments"].append(p.id)
            evidence[p.payee]["payers"].append(p.payer)
    for c in v.claims:
        if not v.employed_as.get(c.claimant):
            evidence.setdefault(c.claimant, {"payments": [], "claims": [], "payers": []})
            evidence[c.claimant]["claims"].append(c.id)
            if c.respondent:
                evidence[c.claimant]["payers"].append(c.respondent)
    out = []
    for person, ev in sorted(evidence.items()):
        how = "、".join(x for x in (f"收到款项{len(ev['payments'])}笔" if ev["payments"] else "",
                                    f"提出讨薪诉求{len(ev['claims'])}件" if ev["claims"] else "") if x)
        how_en = " and ".join(x for x in (f"was paid {len(ev['payments'])} time(s)" if ev["payments"] else "",
                                         f"filed {len(ev['claims'])} claim(s)" if ev["claims"] else "") if x)
        out.append(finding(
            v, "C-REALNAME", person, parties=[person, *ev["payers"]], payments=ev["payments"], records=ev["claims"],
            summary=f"{v.label(person)}在项目{v.project.get('name', v.project_id)}{how}，但无实名制用工登记。",
            summary_en=f"{person} {how_en} on project {v.project_id} without a real-name employment record.",
            confidence=0.8))
    return out


def directpay(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """C-DIRECTPAY: registered workers of an employer did not get their wages from the wage special
    account (no wage payment reached them, or it was not paid ``via_wage_account``)."""
    v = view(H)
    out = []
    for employer in sorted(v.employs):
        bad, pays = [], []
        for e in v.employs[employer]:
            if not e.is_worker:
                continue
            wages = [p for p in v.paid_to.get(e.person, []) if p.purpose in (None, "wage")]
            off_account = [p for p in wages if not p.via_wage_account]
            if not wages or off_account:
                bad.append(e)
                pays += [p.id for p in off_account]
        if not bad:
            continue
        paid_off = set(pays)
        payers = sorted({p.payer for p in v.payments if p.id in paid_off})
        n_none = sum(1 for e in bad if not [p for p in v.paid_to.get(e.person, []) if p.purpose in (None, "wage")])
        out.append(finding(
            v, "C-DIRECTPAY", employer, parties=[employer, *payers], payments=pays, records=[e.id for e in bad],
            summary=f"{v.label(employer)}雇用的{len(bad)}名工人的工资未通过农民工工资专用账户代发"
                    f"（其中{n_none}人未收到任何工资）。",
            summary_en=f"{len(bad)} worker(s) of {employer} were not paid from the wage special account "
                       f"({n_none} got no wage payment at all).",
            confidence=0.8))
    return out


# ---------------------------------------------------------------- D: criminal leads
def refuse(H: nx.MultiDiGraph, config: dict | None = None) -> list[Finding]:
    """X-REFUSE: a party owes wages while it received at least that much on the project (beyond what it
    paid its own subcontractors) and moved money elsewhere (non-wage payments to non-contractees);
    amounts per the 2013 interpretation:
    ≥ ``refuse_one_worker`` owed to one worker, or ≥ ``refuse_many_total`` to ≥ ``refuse_many_workers``."""
    v = view(H)
    s = rule_settings(config)
    out = []
    for employer in sorted(v.employs):
        owed: dict[str, float] = {}
        recs = []
        for e in v.employs[employer]:
            u = v.unpaid(e)
            if u > 0:
                owed[e.person] = owed.get(e.person, 0.0) + u
                recs.append(e.id)
        total = sum(owed.values())
        big_one = any(x >= s["refuse_one_worker"] for x in owed.values())
        many = len(owed) >= s["refuse_many_workers"] and total >= s["refuse_many_total"]
        if not owed or not (big_one or many):
            continue
        f = _flow(v, employer, None)
        if f["received"] < total or f["other_out"] <= 0:
            continue
        if f["received"] - f["paid_down"] < total:
            continue  # what it kept for its own part never covered the wages: the break point is higher up
        down = v.contractees(employer)
        moved = [p for p in v.paid_by.get(employer, []) if p.payee not in down and p.purpose != "wage"]
        payees = sorted({p.payee for p in moved})
        out.append(finding(
            v, "X-REFUSE", employer, parties=[employer, *payees],
            payments=[p.id for p in v.paid_to.get(employer, [])] + [p.id for p in moved], records=recs,
            summary=f"{v.label(employer)}拖欠{len(owed)}名工人工资共{total:,.0f}元，而其在本项目收到款项"
                    f"{f['received']:,.0f}元，并将{f['other_out']:,.0f}元转给"
                    f"{'、'.join(v.label(p) for p in payees)}等，涉嫌拒不支付劳动报酬罪。",
            summary_en=f"{employer} owes {len(owed)} worker(s) {total:,.0f} in wages although it received "
                       f"{f['received']:,.0f} on the project and moved {f['other_out']:,.0f} to {', '.join(payees)}.",
            confidence=0.7))
    return out


# ---------------------------------------------------------------- all rules
RULE_FUNCTIONS: dict[str, Rule] = {
    "R-OWNER-ILLEGAL": owner_illegal,
    "R-TRANSFER": transfer,
    "R-TRANSFER-FEE": transfer_fee,
    "R-PAY-BYPASS": pay_bypass,
    "R-NAME-LENDING": name_lending,
    "R-SUB-INDIVIDUAL": sub_individual,
    "R-SUB-UNQUALIFIED": sub_unqualified,
    "R-MAIN-STRUCTURE": main_structure,
    "R-RESUB": resub,
    "R-DEPTH": depth,
    "R-CYCLE": cycle,
    "C-GUARANTEE": guarantee,
    "C-ACCOUNT": account,
    "C-REALNAME": realname,
    "C-DIRECTPAY": directpay,
    "X-REFUSE": refuse,
}


def run_rules(H: nx.MultiDiGraph, config: dict | None = None, rules: list[str] | None = None) -> list[Finding]:
    """Every rule (or the named ones) on one project subgraph, sorted by rule and subject."""
    out: list[Finding] = []
    for rid, fn in RULE_FUNCTIONS.items():
        if rules is None or rid in rules:
            out += fn(H, config)
    return sorted(out, key=lambda f: (f["project_id"], f["rule"], f["subject"]))
