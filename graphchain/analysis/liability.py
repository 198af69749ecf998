"""Who must pay unpaid wages (legal-rules.md section B).

For every claim on a project, and every real-name record with ``wage_paid < wage_due`` whose
person filed no claim there, walk up the worker's chain from the employer (the claim's
respondent when no employment is known) to the owner and apply every liability rule that fires.
One party may carry several liabilities. Each entry::

    {"claim_id" (None for a record), "record": employment id or None, "claimant_id", "project_id",
     "amount", "claimed"?, "liable": [{"party_id", "liability", "rule", "basis", "evidence", "cap"?}]}

``amount`` is the wages the real-name record shows unpaid (``wage_due − wage_paid``), or the
amount claimed when there is no such record; ``claimed`` (claims only) is what the claim asked.

>>> from graphchain import read_bundle, build_graph, project_subgraph    # doctest: +SKIP
>>> H = project_subgraph(build_graph(read_bundle("tests/data/mini")), "P1")  # doctest: +SKIP
>>> [(x["party_id"], x["liability"]) for x in liabilities(H)[0]["liable"]]  # doctest: +SKIP
[('D', 'direct'), ('C', 'pay'), ('A', 'first_pay'), ('O1', 'advance')]
"""

from __future__ import annotations

import networkx as nx

from ..legal import LIABILITIES
from .chains import contract_graph, worker_chains
from .config import rule_settings
from .rules import run_rules
from .view import Claim, Employment, ProjectView, view


def _liable(party: str, rule: str, evidence: list[str], cap: float | None = None) -> dict:
    x = {"party_id": party, "liability": LIABILITIES[rule].liability, "rule": rule,
         "basis": list(LIABILITIES[rule].basis), "evidence": sorted(set(evidence))}
    if cap is not None:
        x["cap"] = round(cap, 2)
    return x


def owner_unpaid(v: ProjectView, gcs: list[str]) -> tuple[float, list[str]]:
    """What the owner still owes its general contractors ``gcs`` on the project: contract amounts
    minus the (non-wage) payments it made on those contracts — citing them, whoever got the money,
    or to the contractor without citing a contract; and the ids of those contracts and payments."""
    contracts = [c for c in v.let_by.get(v.owner, []) if c.to in gcs and c.type == "general"]
    ids = {c.id for c in contracts}
    pays = [p for p in v.paid_by.get(v.owner, []) if p.purpose != "wage" and
            (p.contract_id in ids or (p.contract_id is None and p.payee in gcs))]
    owed = sum(c.amount for c in contracts) - sum(p.amount for p in pays)
    return owed, [c.id for c in contracts] + [p.id for p in pays]


def _chain_links(v: ProjectView, chains: list[list[str]]) -> list[tuple[str, str, list]]:
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


def _injured(claim: Claim | None, words: list[str]) -> bool:
    return claim is not None and any(w in claim.text for w in words)


def liable_parties(H: nx.MultiDiGraph, employer: str | None, *, claim: Claim | None = None,
                   record: Employment | None = None, findings: list[dict] | None = None,
                   config: dict | None = None) -> list[dict]:
    """The liable parties for one unpaid worker whose employer is ``employer`` (None: unknown)."""
    v = view(H)
    s = rule_settings(config)
    findings = run_rules(H, config) if findings is None else findings
    own = [x for x in (record.id if record else None, claim.id if claim else None) if x]
    chains = worker_chains(H, employer, config) if employer else []
    on_chain = {n for c in chains for n in c}
    gcs = v.general_contractors
    out: list[dict] = []

    if employer:  # L-DIRECT
        out.append(_liable(employer, "L-DIRECT", own))
    injured = _injured(claim, s["injury_words"])
    for a, b, cs in _chain_links(v, chains):
        bad = [c for c in cs if v.is_individual(b) or v.lacks_qualification(c)]
        if not bad:
            continue
        ids = [c.id for c in bad]
        if a == v.owner or a in gcs:  # L-ILLEGAL-LET: the owner or GC let to an individual/unqualified unit
            out.append(_liable(a, "L-ILLEGAL-LET", ids))
        elif v.node(a).get("kind") == "company":  # L-EMPLOYER: another unit let to an individual/unqualified unit
            out.append(_liable(a, "L-EMPLOYER", ids))
        if injured:  # L-SAFETY: work let to a party without qualification and a worker was hurt
            out.append(_liable(a, "L-SAFETY", ids + own))
    for f in findings:  # L-NAME-LEND: the lender on the worker's chain
        if f["rule"] == "R-NAME-LENDING" and f["subject"] in on_chain:
            out.append(_liable(f["subject"], "L-NAME-LEND", f["contracts"] + f["payments"] + f["records"]))
    chain_gcs = sorted(on_chain & set(gcs)) or gcs  # unknown chain: every GC of the project
    if employer not in gcs and employer != v.owner:  # L-GC-FIRST: a unit below the GC owes the wages
        for gc in chain_gcs:
            ks = [c.id for c in v.let_by.get(v.owner, []) if c.to == gc and c.type == "general"]
            out.append(_liable(gc, "L-GC-FIRST", ks + own))
    if chain_gcs and employer != v.owner:  # L-OWNER-ADV: the owner has not paid its GC in full
        cap, ev = owner_unpaid(v, chain_gcs)
        if cap > 0:
            out.append(_liable(v.owner, "L-OWNER-ADV", ev, cap))
    actual = _actual_constructor(v, claim, findings)
    if actual is not None:  # L-ACTUAL: an individual actual constructor claims the price
        cap, ev = actual
        if cap > 0:
            out.append(_liable(v.owner, "L-ACTUAL", ev + own, cap))
    # one entry per party and rule (a party reached by two chains is named once)
    uniq: dict[tuple[str, str], dict] = {}
    for x in out:
        uniq.setdefault((x["party_id"], x["rule"]), x)
    return list(uniq.values())


def _actual_constructor(v: ProjectView, claim: Claim | None, findings: list[dict]) -> tuple[float, list] | None:
    """(cap, evidence) when the claimant is the individual at the bottom of a transfer chain.

    The claimant is a person; the same human appears among the parties with the same 身份证号
    (data-format.md). The number is compared here and never written anywhere.
    """
    if claim is None:
        return None
    idn = v.node(claim.claimant).get("id_number")
    if not idn:
        return None
    D = contract_graph(v.H)
    transferors = {f["subject"] for f in findings if f["rule"] in ("R-TRANSFER", "R-TRANSFER-FEE")}
    for n in sorted(D.nodes):
        d = v.node(n)
        if d.get("kind") != "individual" or d.get("id_number") != idn or v.let_by.get(n):
            continue
        if v.owner not in D or not nx.has_path(D, v.owner, n):
            continue
        above = {m for p in nx.all_simple_paths(D, v.owner, n) for m in p}
        if above & transferors:
            owner_contracts = [c for c in v.let_by.get(v.owner, []) if c.to in above]
            cap, ev = owner_unpaid(v, sorted({c.to for c in owner_contracts}))
            return cap, ev
    return None


def _pick_record(v: ProjectView, person: str, respondent: str | None) -> Employment | None:
    """The claimant's employment on the project: the one with the respondent, else one with arrears."""
    recs = v.employed_as.get(person, [])
    if not recs:
        return None
    return sorted(recs, key=lambda e: (e.employer != respondent, v.unpaid(e) <= 0, e.id))[0]


def liabilities(H: nx.MultiDiGraph, config: dict | None = None, findings: list[dict] | None = None) -> list[dict]:
    """Every liability entry of one project: each claim, then each unpaid record without a claim."""
    v = view(H)
    findings = run_rules(H, config) if findings is None else findings
    out = []
    claimed = set()
    for c in v.claims:
        rec = _pick_record(v, c.claimant, c.respondent)
        employer = rec.employer if rec else c.respondent
        claimed.add(c.claimant)
        # the amount owed is what the real-name record shows unpaid; the claim says what was asked
        owed = v.unpaid(rec) if rec else 0.0
        out.append({"claim_id": c.id, "record": rec.id if rec else None, "claimant_id": c.claimant,
                    "project_id": v.project_id, "amount": owed if owed > 0 else c.amount, "claimed": c.amount,
                    "liable": liable_parties(H, employer, claim=c, record=rec, findings=findings, config=config)})
    for e in v.employment:
        if e.person in claimed or v.unpaid(e) <= 0:
            continue
        out.append({"claim_id": None, "record": e.id, "claimant_id": e.person, "project_id": v.project_id,
                    "amount": v.unpaid(e),
                    "liable": liable_parties(H, e.employer, record=e, findings=findings, config=config)})
    return sorted(out, key=lambda x: (x["project_id"], x["claim_id"] is None, x["claim_id"] or "", x["record"] or ""))
