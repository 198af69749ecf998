"""Who must pay (docs/legal-rules.md section B, v2).

For every claim on a project, and every real-name record with ``wage_paid < wage_due`` whose
person filed no claim there, walk the worker's own chain upward from its employer to the owner
and apply every liability rule that fires; one party may carry several. Each entry::

    {"claim_id" (None for a record), "record": employment id or None, "claimant_id", "project_id",
     "kind": wages | price | injury, "amount", "claimed"?, "respondent"?: {"name", "party_id", "score"}, "note"?,
     "liable": [{"party_id", "liability", "rule", "basis", "evidence", "cap"?, "note"?}]}

``amount`` is the wages the real-name record shows unpaid (``wage_due − wage_paid``), or the amount
claimed when there is no such record (and always for price and injury claims, which are not wage
arrears); ``claimed`` (claims only) is what the claim asked.

Examples
--------
The published four-tier case: the labour boss D owes the wages; C let work to him; A is the
general contractor; the owner O1 still owes A part of the price.

>>> from graphchain import read_bundle, build_graph, project_subgraph
>>> H = project_subgraph(build_graph(read_bundle("tests/data/mini")), "P1")
>>> [(x["party_id"], x["liability"]) for x in liabilities(H)[0]["liable"]]
[('D', 'direct'), ('C', 'pay'), ('A', 'first_pay'), ('O1', 'advance')]
"""

from __future__ import annotations

import networkx as nx

from ..legal import LIABILITIES, RULES
from ..types import Finding, LiabilityEntry, Liable, Respondent
from .chains import worker_chains
from .leads import Resolver
from .rules import run_rules
from .view import Claim, Contract, Employment, ProjectView, view


def _liable(party: str, rule: str, evidence: list[str], cap: float | None = None, liability: str | None = None,
            note: str | None = None) -> Liable:
    x: Liable = {"party_id": party, "liability": liability or LIABILITIES[rule].liability, "rule": rule,
                 "basis": list(LIABILITIES[rule].basis), "evidence": sorted(set(evidence))}
    if cap is not None:
        x["cap"] = round(cap, 2)
    if note:
        x["note"] = note
    return x


# ---------------------------------------------------------------- the worker's chain
def chain_gcs(v: ProjectView, chains: list[list[str]]) -> list[str]:
    """The general contractors of a worker's chains: the unit on each chain that contracted with the
    owner (a specialty firm the owner hired directly too), and, below an EPC contractor, the general
    contractor it let the construction to (both are 总包单位 for wage purposes)."""
    out: set[str] = set()
    for chain in chains:
        if len(chain) < 2:
            continue
        out.add(chain[1])
        if len(chain) > 2 and any(c.type == "epc" for c in v.let_by.get(chain[0], []) if c.to == chain[1]) \
                and any(c.type == "general" for c in v.let_by.get(chain[1], []) if c.to == chain[2]):
            out.add(chain[2])
    return sorted(out)


def owner_contracts(v: ProjectView, chains: list[list[str]]) -> list[Contract]:
    """The owner's contracts of a worker's chains: with the unit that contracted with the owner."""
    first = {c[1] for c in chains if len(c) > 1}
    return [c for c in v.let_by.get(v.owner, []) if c.to in first]


def owner_unsettled(v: ProjectView, contracts: list[Contract]) -> tuple[float, list[str]]:
    """What the owner has not settled of ``contracts`` (docs/legal-rules.md B, L-OWNER-ADV): their price
    (settled amount when given) minus every payment it made on them, of any purpose: payments citing
    them, payments to their contractors on the project, and payments into the wage account (wages it
    paid for the workers directly or through the account). The ids of the contracts and payments."""
    key = ("owner_unsettled", tuple(c.id for c in contracts))  # the same for every worker below them
    if key not in v.cache:
        ids = {c.id for c in contracts}
        holders = {c.to for c in contracts}
        pays = [p for p in v.paid_by.get(v.owner, []) if p.contract_id in ids or
                (p.contract_id is None and (p.payee in holders or p.via_wage_account or p.purpose == "wage"))]
        owed = sum(c.price for c in contracts) - sum(p.amount for p in pays)
        v.cache[key] = (owed, [c.id for c in contracts] + [p.id for p in pays])
    owed, ids_ = v.cache[key]
    return owed, list(ids_)


def _chain_links(v: ProjectView, chains: list[list[str]]) -> list[tuple[str, str, list[Contract]]]:
    """The contract links on the chains, bottom-up: (letter, receiver, contracts between them)."""
    seen, out = set(), []
    for chain in chains:
        for a, b in reversed(list(zip(chain, chain[1:], strict=False))):
            if (a, b) in seen:
                continue
            seen.add((a, b))
            cs = [c for c in v.let_by.get(a, []) if c.to == b]
            if cs:
                out.append((a, b, cs))
    return out


# ---------------------------------------------------------------- the rules of section B
def liable_parties(H: nx.MultiDiGraph, employer: str | None, *, claim: Claim | None = None,
                   record: Employment | None = None, findings: list[Finding] | None = None,
                   config: dict | None = None) -> list[Liable]:
    """The liable parties for one unpaid worker whose employer is ``employer`` (None: unknown).

    A claim of kind ``price`` or ``injury`` follows its own rules (L-PRICE / L-ACTUAL, L-SAFETY);
    the wage rules apply to wage claims and unpaid real-name records.
    """
    v = view(H)
    findings = run_rules(H, config) if findings is None else findings
    kind = claim.kind if claim is not None else "wages"
    own = [x for x in (record.id if record else None, claim.id if claim else None) if x]
    if kind == "price":
        return _price(v, claim, findings, own) if claim is not None else []
    chains = worker_chains(H, employer, config) if employer else []
    if kind == "injury":
        return _injury(v, employer, chains, own)
    return _dedupe(_wages(v, employer, chains, findings, own))


def _wages(v: ProjectView, employer: str | None, chains: list[list[str]], findings: list[Finding],
           own: list[str]) -> list[Liable]:
    """L-DIRECT, L-ILLEGAL-LET, L-EMPLOYER, L-NAME-LEND, L-GC-FIRST and L-OWNER-ADV for a wage arrears."""
    out: list[Liable] = []
    if employer:  # L-DIRECT (条例 16, 30①)
        out.append(_liable(employer, "L-DIRECT", own))
    gcs = chain_gcs(v, chains)
    for a, b, cs in _chain_links(v, chains):
        if v.has_licence(b):
            continue
        ids = [c.id for c in cs]
        if a == v.owner or a in gcs:  # L-ILLEGAL-LET (条例 36①): the owner or the GC of the chain
            out.append(_liable(a, "L-ILLEGAL-LET", ids))
        elif v.has_licence(a):  # L-EMPLOYER (解释（二）1): any other licensed unit on the chain
            out.append(_liable(a, "L-EMPLOYER", ids))
    on_chain = {n for c in chains for n in c}
    for f in findings:  # L-NAME-LEND (条例 36②): the lender on the worker's chain
        if f["rule"] == "R-NAME-LENDING" and f["subject"] in on_chain:
            out.append(_liable(f["subject"], "L-NAME-LEND", f["contracts"] + f["payments"] + f["records"]))
    if employer and employer != v.owner:
        for gc in gcs:  # L-GC-FIRST (条例 30③④): a unit below the GC (subcontractor or transferee) owes W
            if gc != employer:
                ks = [c.id for c in v.received_by.get(gc, []) if c.frm in on_chain]
                out.append(_liable(gc, "L-GC-FIRST", ks + own))
        contracts = owner_contracts(v, chains)
        if contracts:  # L-OWNER-ADV (条例 29②): capped by what the owner has not settled
            cap, ev = owner_unsettled(v, contracts)
            if cap > 0:
                out.append(_liable(v.owner, "L-OWNER-ADV", ev, cap, note=(
                    "上限为建设单位未结清的工程款，由该合同项下全部欠薪共用；是否未按约定及时拨付，需核实合同约定")))
    return out


def _injury(v: ProjectView, employer: str | None, chains: list[list[str]], own: list[str]) -> list[Liable]:
    """L-SAFETY (安全生产法 49①, 103①; 人社部发〔2013〕34号 7; 解释（二）1): the employer ``direct``; every
    unit on the chain that let work to a party without 合法经营资格 or qualification ``joint``, and
    ``pay`` (工伤保险待遇, 用工主体责任) where the receiver lacks 合法经营资格."""
    out: list[Liable] = []
    if employer:
        out.append(_liable(employer, "L-SAFETY", own, liability="direct"))
    for a, b, cs in _chain_links(v, chains):
        unlicensed = not v.has_licence(b)
        if not unlicensed and not any(v.lacks_qualification(c) for c in cs):
            continue
        ids = [c.id for c in cs] + own
        out.append(_liable(a, "L-SAFETY", ids))
        if unlicensed and (a == v.owner or v.has_licence(a)):
            out.append(_liable(a, "L-SAFETY", ids, liability="pay",
                               note="承担用工主体责任（工伤保险待遇）"))
    return _dedupe(out)


def _price(v: ProjectView, claim: Claim, findings: list[Finding], own: list[str]) -> list[Liable]:
    """L-PRICE (建工解释一 43①) and L-ACTUAL (建工解释一 43②; 2021 纪要) for an actual constructor's price claim.

    The claimant is the party that received the work (the same id, or the same 身份证号: one human).
    The owner answers only when the claimant's contract is the single 转包/违法分包 step below the owner's
    contractor: not a multi-level chain, not 挂靠 (the borrower holds no contract of its own).
    """
    same = v.contract_parties_of(claim.claimant)
    if len(same) != 1:  # nobody, or two holders with one number: not for us to choose
        return []
    me = same[0]
    got = v.received_by.get(me, [])
    out = [_liable(c.frm, "L-PRICE", [c.id] + own) for c in got]
    illegal = {f["subject"] for f in findings if f["rule"] in ("R-SUB-INDIVIDUAL", "R-SUB-UNQUALIFIED",
                                                                 "R-MAIN-STRUCTURE", "R-RESUB")}
    transferors = {f["subject"] for f in findings if f["rule"] in ("R-TRANSFER", "R-TRANSFER-FEE")}
    for c in got:
        above = v.received_by.get(c.frm, [])
        single_step = any(k.frm == v.owner for k in above)  # the letter contracted with the owner
        if single_step and (c.id in illegal or c.frm in transferors):
            cap, ev = owner_unsettled(v, [k for k in above if k.frm == v.owner])
            if cap > 0:
                out.append(_liable(v.owner, "L-ACTUAL", ev + own, cap,
                                   note="仅在欠付转包人/违法分包人工程价款范围内承担责任"))
    return _dedupe(out)


def _dedupe(out: list[Liable]) -> list[Liable]:
    """One entry per party, rule and liability (a party reached by two chains is named once)."""
    uniq: dict[tuple[str, str, str], Liable] = {}
    for x in out:
        uniq.setdefault((x["party_id"], x["rule"], x["liability"]), x)
    return list(uniq.values())


# ---------------------------------------------------------------- every entry of a project
def _pick_record(v: ProjectView, person: str, respondent: str | None) -> Employment | None:
    """The claimant's employment on the project: the one with the respondent, else one with arrears."""
    recs = v.employed_as.get(person, [])
    if not recs:
        return None
    return sorted(recs, key=lambda e: (e.employer != respondent, v.unpaid(e) <= 0, e.id))[0]


def _respondent(v: ProjectView, claim: Claim, resolver: Resolver | None) -> tuple[str | None, Respondent | None]:
    """The claim's respondent: its ``respondent_id``, else its written name resolved on the project's
    chain (full name, 包工头X / X老板 / 老X / X总 by surname); with how it was resolved."""
    if claim.respondent or not claim.respondent_name or resolver is None:
        return claim.respondent, None
    pid, score = resolver.resolve(claim.respondent_name, v.project_id, frozenset(v.employs))
    return pid, {"name": claim.respondent_name, "party_id": pid, "score": score}


def _resolver(v: ProjectView) -> Resolver | None:
    if not any(c.respondent_name and not c.respondent for c in v.claims):
        return None
    chain = set(v.let_by) | set(v.received_by) | set(v.employs) | {v.owner}
    return Resolver(v.H, {v.project_id: chain})


def liabilities(H: nx.MultiDiGraph, config: dict | None = None,
                findings: list[Finding] | None = None) -> list[LiabilityEntry]:
    """Every liability entry of one project: each claim, then each unpaid record without a claim."""
    v = view(H)
    findings = run_rules(H, config) if findings is None else findings
    # Only the chain findings (section A: 挂靠, 转包, 违法分包) bear on who pays; the others (one per employer,
    # per person) would be scanned again for every one of thousands of unpaid workers.
    findings = [f for f in findings if RULES.get(f["rule"]) is not None and RULES[f["rule"]].section == "A"]
    resolver = _resolver(v)
    out: list[LiabilityEntry] = []
    claimed = set()
    for c in v.claims:
        respondent, how = _respondent(v, c, resolver)
        rec = _pick_record(v, c.claimant, respondent)
        employer = rec.employer if rec else respondent
        claimed.add(c.claimant)
        # a wage claim owes what the real-name record shows unpaid (0 when it shows the wages paid); without
        # attendance figures, and for price and injury claims, the amount claimed
        owed = v.unpaid(rec) if rec is not None and rec.wage_due is not None and c.kind == "wages" else None
        entry: LiabilityEntry = {
            "claim_id": c.id, "record": rec.id if rec else None, "claimant_id": c.claimant, "project_id": v.project_id,
            "kind": c.kind, "amount": c.amount if owed is None else owed, "claimed": c.amount,
            "liable": liable_parties(H, employer, claim=c, record=rec, findings=findings, config=config)}
        if how is not None:
            entry["respondent"] = how
        if owed is not None and owed <= 0:  # records can be wrong: the parties stay named, the gap is said
            entry["note"] = f"实名制记录显示工资已付清，诉求金额{c.amount:,.0f}元待核实"
        out.append(entry)
    for e in v.employment:
        if e.person in claimed or v.unpaid(e) <= 0:
            continue
        out.append({"claim_id": None, "record": e.id, "claimant_id": e.person, "project_id": v.project_id,
                    "kind": "wages", "amount": v.unpaid(e),
                    "liable": liable_parties(H, e.employer, record=e, findings=findings, config=config)})
    return sorted(out, key=lambda x: (x["project_id"], x["claim_id"] is None, x["claim_id"] or "", x["record"] or ""))
