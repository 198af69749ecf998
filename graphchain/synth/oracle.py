"""The truth oracle: every finding and liability the generated rows imply (truth.json).

A second reading of docs/legal-rules.md, written from the spec and apart from the detectors
(graphchain/analysis/rules.py, liability.py): the logic here is independent, so that where the two
disagree one of them misreads the law. The constants are shared: every threshold and word list comes
from the analysis settings (graphchain/analysis/config.py ``DEFAULTS["rules"]``), so changing a default
changes both readings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from ..analysis.config import DEFAULTS

if TYPE_CHECKING:
    from .builder import Builder, Project

RULES = DEFAULTS["rules"]
CONTRACT_RULES = ("R-OWNER-ILLEGAL", "R-SUB-INDIVIDUAL", "R-SUB-UNQUALIFIED", "R-MAIN-STRUCTURE", "R-RESUB",
                  "R-PAY-BYPASS")
NOT_PASSED_ON = ("materials", "wage")  # R-TRANSFER-FEE: a supplier's price and wages are not the job passed on
MONTH_DAYS = 365.25 / 12
# the qualification a contract of each type needs (R-SUB-UNQUALIFIED; epc and other: none)
NEED = {"general": ("general",), "specialty": ("specialty", "general"), "labour": ("labour",)}


def _names(scope: str, words: list[str]) -> bool:
    return any(w in scope for w in words)


def months(start: str | None, end: str | None) -> float | None:
    """Months an employment record covers, from its dates (None without both).

    >>> round(months("2024-01-01", "2024-03-31"), 2)
    2.99
    """
    if not start or not end:
        return None
    return ((date.fromisoformat(end) - date.fromisoformat(start)).days + 1) / MONTH_DAYS


def refuse_amount_met(owed: list[tuple[int, int | None, float | None]], extra_heads: int) -> bool:
    """X-REFUSE amount (拒付解释 3): one worker owed ≥ ``refuse_one_worker`` that is ≥ ``refuse_months``
    months' wages (owed ÷ (wage_due ÷ months employed)), or ≥ ``refuse_many_workers`` workers owed ≥
    ``refuse_many_total`` in all. ``owed``: (owed, wage_due or None, months or None) per worker;
    extra_heads: workers a claim speaks for beyond its caller.

    >>> refuse_amount_met([(9000, 11000, 4.0)], 0), refuse_amount_met([(9000, 18000, 1.5)], 0)
    (True, False)
    """
    one, many, n_many, n_months = (RULES["refuse_one_worker"], RULES["refuse_many_total"],
                                   RULES["refuse_many_workers"], RULES["refuse_months"])
    for x, due, m in owed:
        if x >= one and due and m and x / (due / m) >= n_months:
            return True
    return len(owed) + extra_heads >= n_many and sum(x for x, _, _ in owed) >= many


# ----------------------------------------------------------------------------- F: tying loose rows
def attribute(rows: dict[str, list[dict]]) -> tuple[dict[str, str], dict[str, str], list[str], list[dict]]:
    """Legal-rules.md F for rows without ``project_id``: a payment belongs to P when its payer and payee
    have exactly one project in common (through contracts or employment); a claim when its claimant is
    employed on exactly one project, or on exactly one project of its respondent. Returns (payment →
    project, claim → project, unattributed payment ids, unresolved claims with their candidates)."""
    loose_t = [t for t in rows["payments"] if t["project_id"] is None]
    loose_c = [c for c in rows["claims"] if c["project_id"] is None]
    wanted = {x for t in loose_t for x in (t["payer_id"], t["payee_id"])} | \
        {x for c in loose_c for x in (c["claimant_id"], c["respondent_id"])}
    on = defaultdict(set)  # agent -> projects it is on through contracts or employment (the wanted ones)
    for c in rows["contracts"]:
        for x in (c["from_id"], c["to_id"]):
            if x in wanted:
                on[x].add(c["project_id"])
    employed = defaultdict(set)
    for e in rows["employment"]:
        if e["person_id"] in wanted:
            on[e["person_id"]].add(e["project_id"])
            employed[e["person_id"]].add(e["project_id"])
        if e["employer_id"] in wanted:
            on[e["employer_id"]].add(e["project_id"])
    pay_to, loose_pay = {}, []
    for t in loose_t:
        common = on.get(t["payer_id"], set()) & on.get(t["payee_id"], set())
        if len(common) == 1:
            pay_to[t["payment_id"]] = next(iter(common))
        else:
            loose_pay.append(t["payment_id"])
    claim_to, loose_claims = {}, []
    for c in loose_c:
        mine = employed.get(c["claimant_id"], set())
        theirs = mine & on.get(c["respondent_id"], set()) if c["respondent_id"] else set()
        if len(mine) == 1:
            claim_to[c["claim_id"]] = next(iter(mine))
        elif len(theirs) == 1:
            claim_to[c["claim_id"]] = next(iter(theirs))
        else:
            loose_claims.append({"claim_id": c["claim_id"], "candidates": sorted(theirs or mine)})
    return pay_to, claim_to, loose_pay, loose_claims


# ----------------------------------------------------------------------------- A, C, D: findings
def evaluate(rows: dict[str, list[dict]], pay_to: dict[str, str], claim_to: dict[str, str]) -> list[dict]:
    """Every finding of docs/legal-rules.md (v2) A, C, D (not X-EXTORT) that the rows imply.

    Written from the spec, apart from the detectors. The interpretation (thresholds: the ``[rules]``
    settings, named in brackets):
    - Money and claims on P: those with ``project_id`` P and those F ties to P (``pay_to``, ``claim_to``).
    - A *subcontract* is a contract whose ``from_id`` is not the owner. The *general contractors* are
      the receivers of the owner's ``general`` contracts and of ``general`` contracts let by the
      owner's ``epc`` contractor (that EPC → GC letting is lawful and ignored by R-TRANSFER).
    - R-OWNER-ILLEGAL (subject: contract): an owner's contract to an individual, to a unit lacking the
      qualification of its type, or of type ``labour``; two or more owner ``general`` contracts in
      one ``section`` (empty = one section): the first of them. Specialty contracts are lawful.
    - R-SUB-INDIVIDUAL / R-SUB-UNQUALIFIED: a subcontract to an individual (only the first fires) or
      to a company lacking the qualification (general→general; specialty→specialty|general;
      labour→labour; epc/other: none). R-MAIN-STRUCTURE: a non-labour subcontract let by a GC with
      ``main_structure`` true or a scope naming the main structure [main_structure_words] without
      labour [labour_words], unless the scope names steel [steel_words].
      R-RESUB: a receiver of a ``labour`` subcontract lets anything; a receiver of a ``specialty``
      subcontract lets a non-labour one.
    - R-TRANSFER (subject: party): lets ≥ [transfer_share] of the amount it received; or it received a
      scope naming the whole job [whole_job_words] and lets one (not labour-only); or it lets a
      ``labour`` contract naming the whole job. R-DEPTH: the longest simple contract path from the
      owner, an owner→epc→general tier counting once, is > [max_tiers]. R-CYCLE: a directed cycle.
    - R-TRANSFER-FEE: a contractor with no employment record (as employer) on P forwards ≥
      [fee_forward_share] of what it was paid on P to its contractees or to payees outside P's
      contracts, materials and wages aside.
    - R-PAY-BYPASS (subject: contract K): a payment citing K to another payee than K's contractor,
      materials aside; or K's contractor pays one party (parties.csv) outside P's contracts ≥
      [bypass_forward_share] of what it was paid citing K (materials aside).
    - R-NAME-LENDING (subject: K's contractor X): a party Y outside P's contracts gets ≥
      [name_lending_share] of K's money (payments citing K to Y, plus X → Y payments on P; materials
      aside), and Y employs non-manager staff on P while X does not, or X has no employment record on P,
      or Y paid X a ``fee``.
    - C-GUARANTEE: guarantee empty or 0. C-ACCOUNT: wage_account empty. C-REALNAME: a person paid
      ``wage`` on P or filing a ``wages`` claim on P, with no employment on P, who is not the same human
      (身份证号) as a party holding a contract on P. C-DIRECTPAY (subject: employer): a registered
      worker (role worker or empty) with no wage payment on P, or one not ``via_wage_account``.
    - X-REFUSE (subject: the party that owes): amount by :func:`refuse_amount_met` over its unpaid
      employment records on P and the ``wages`` claims on P naming it (``respondent_id``) by claimants
      with no employment on P (the claimed amount; ``workers`` heads); and conduct: (a) it paid money,
      on P or untagged, to non-contractees for a purpose other than wages, between its first receipt on
      P and the last claim on P by its workers or naming it; (b) an ``absconded`` date, or an order to
      it served by posting; (c) its receipts on P minus what it paid its contractees on P ≥ what it owes.
    """
    transfer_share, fee_share = RULES["transfer_share"], RULES["fee_forward_share"]
    bypass_share, lending_share = RULES["bypass_forward_share"], RULES["name_lending_share"]
    whole_words, labour_words = RULES["whole_job_words"], RULES["labour_words"]
    main_words, steel_words = RULES["main_structure_words"], RULES["steel_words"]
    party = {p["party_id"]: (p["kind"], frozenset((p["qualifications"] or "").split(";")) - {""})
             for p in rows["parties"]}
    idn_of_party = {p["party_id"]: p["id_number"] for p in rows["parties"] if p["id_number"]}
    absconded = {p["party_id"] for p in rows["parties"] if p["absconded"]}
    person_idn = {p["person_id"]: p["id_number"] for p in rows["persons"]}
    proj_row = {p["project_id"]: p for p in rows["projects"]}
    contracts = defaultdict(list)
    for c in rows["contracts"]:
        contracts[c["project_id"]].append(c)
    cmap = {c["contract_id"]: c for c in rows["contracts"]}
    payments = defaultdict(list)
    untagged_by = defaultdict(list)
    for t in rows["payments"]:
        pid = t["project_id"] or pay_to.get(t["payment_id"])
        if pid:
            payments[pid].append(t)
        if t["project_id"] is None:
            untagged_by[t["payer_id"]].append(t)
    employment = defaultdict(list)
    for e in rows["employment"]:
        employment[e["project_id"]].append(e)
    claims = defaultdict(list)
    for c in rows["claims"]:
        pid = c["project_id"] or claim_to.get(c["claim_id"])
        if pid:
            claims[pid].append(c)
    posted = {(o["party_id"], o["project_id"]) for o in rows["orders"] if o["served"] == "posted"}

    out: set[tuple[str, str, str]] = set()
    for pid, prow in proj_row.items():
        owner = prow["owner_id"]
        C = contracts.get(pid, [])

        def add(rule: str, subject: str, pid: str = pid) -> None:
            out.add((rule, pid, subject))

        if not prow["guarantee"]:
            add("C-GUARANTEE", pid)
        if not prow["wage_account"]:
            add("C-ACCOUNT", pid)
        epc = {c["to_id"] for c in C if c["from_id"] == owner and c["type"] == "epc"}

        def epc_let(c: dict, epc: set[str] = epc) -> bool:
            return c["from_id"] in epc and c["type"] == "general"

        gcs = {c["to_id"] for c in C if (c["from_id"] == owner and c["type"] == "general") or epc_let(c)}
        recv_types = defaultdict(set)
        in_amt: defaultdict[str, int] = defaultdict(int)
        out_amt: defaultdict[str, int] = defaultdict(int)
        got_whole, lets_whole, lets_whole_labour = set(), set(), set()
        adj = defaultdict(list)
        sections = defaultdict(list)
        contractees = defaultdict(set)
        for c in C:
            frm, to, ctype = c["from_id"], c["to_id"], c["type"]
            scope = c["scope"] or ""
            whole = _names(scope, whole_words)
            if frm != owner:
                recv_types[to].add(ctype)
            elif ctype == "general":
                sections[c["section"] or ""].append(c["contract_id"])
            in_amt[to] += c["amount"]
            if whole:
                got_whole.add(to)
            if not epc_let(c):
                out_amt[frm] += c["amount"]
                if whole and ctype == "labour":
                    lets_whole_labour.add(frm)
                elif whole and not _names(scope, labour_words):
                    lets_whole.add(frm)
            adj[frm].append((to, 0 if epc_let(c) else 1))
            contractees[frm].add(to)
        graph = set(in_amt) | set(out_amt) | {owner}
        for ks in sections.values():
            if len(ks) >= 2:
                add("R-OWNER-ILLEGAL", min(ks))
        for c in C:
            frm, ctype = c["from_id"], c["type"]
            kind, quals = party[c["to_id"]]
            need = NEED.get(ctype)
            bad = "individual" if kind == "individual" else \
                "unqualified" if need and not (quals & set(need)) else None
            if frm == owner:
                if bad or ctype == "labour":
                    add("R-OWNER-ILLEGAL", c["contract_id"])
                continue
            if bad == "individual":
                add("R-SUB-INDIVIDUAL", c["contract_id"])
            elif bad:
                add("R-SUB-UNQUALIFIED", c["contract_id"])
            scope = c["scope"] or ""
            if frm in gcs and ctype != "labour" and not _names(scope, steel_words) and \
                    (c["main_structure"] or (_names(scope, main_words) and not _names(scope, labour_words))):
                add("R-MAIN-STRUCTURE", c["contract_id"])
            rt = recv_types.get(frm, ())
            if "labour" in rt or ("specialty" in rt and ctype != "labour"):
                add("R-RESUB", c["contract_id"])
        for x, got in in_amt.items():
            if x == owner or x not in out_amt:
                continue
            if out_amt[x] >= transfer_share * got or (x in got_whole and x in lets_whole) or x in lets_whole_labour:
                add("R-TRANSFER", x)
        if _longest_path(adj, owner) > RULES["max_tiers"]:
            add("R-DEPTH", pid)
        if _has_cycle({a: [b for b, _ in bs] for a, bs in adj.items()}):
            add("R-CYCLE", pid)

        # money on P
        P = payments.get(pid, [])
        pin: defaultdict[str, int] = defaultdict(int)
        paid_by, paid_to = defaultdict(list), defaultdict(list)
        citing = defaultdict(list)
        for t in P:
            pin[t["payee_id"]] += t["amount"]
            paid_by[t["payer_id"]].append(t)
            paid_to[t["payee_id"]].append(t)
            k = t["contract_id"]
            if k:
                citing[k].append(t)
                if cmap[k]["to_id"] != t["payee_id"] and t["purpose"] != "materials":
                    add("R-PAY-BYPASS", k)
        E = employment.get(pid, [])
        staff = {e["employer_id"] for e in E}
        crew = {e["employer_id"] for e in E if e["role"] != "manager"}
        for x in in_amt:
            if x == owner or x in staff or pin[x] <= 0:
                continue
            fwd = sum(t["amount"] for t in paid_by.get(x, ()) if t["purpose"] not in NOT_PASSED_ON and
                      (t["payee_id"] in contractees[x] or t["payee_id"] not in graph))
            if fwd >= fee_share * pin[x]:
                add("R-TRANSFER-FEE", x)
        for c in C:
            k, x = c["contract_id"], c["to_id"]
            money = [t for t in citing.get(k, ()) if t["purpose"] != "materials"]
            got = sum(t["amount"] for t in money if t["payee_id"] == x)
            to_y: defaultdict[str, int] = defaultdict(int)
            for t in paid_by.get(x, ()):
                if t["purpose"] != "materials" and t["payee_id"] in party and t["payee_id"] not in graph:
                    to_y[t["payee_id"]] += t["amount"]
            if got > 0 and any(a >= bypass_share * got for a in to_y.values()):
                add("R-PAY-BYPASS", k)
            total = sum(t["amount"] for t in money)
            if total <= 0:
                continue
            for t in money:
                if t["payee_id"] != x and t["payee_id"] in party and t["payee_id"] not in graph:
                    to_y[t["payee_id"]] += t["amount"]
            for y, a in to_y.items():
                if a >= lending_share * total and (
                        (y in crew and x not in crew) or x not in staff or
                        any(t["payee_id"] == x and t["purpose"] == "fee" for t in paid_by.get(y, ()))):
                    add("R-NAME-LENDING", x)
        registered = {e["person_id"] for e in E}
        holders = {idn_of_party.get(c["to_id"]) for c in C} - {None}
        for t in P:
            w = t["payee_id"]
            if t["purpose"] == "wage" and w in person_idn and w not in registered and person_idn[w] not in holders:
                add("C-REALNAME", w)
        CL = claims.get(pid, [])
        for c in CL:
            w = c["claimant_id"]
            if (c["kind"] or "wages") == "wages" and w not in registered and person_idn.get(w) not in holders:
                add("C-REALNAME", w)
        wage_via = defaultdict(list)
        for t in P:
            if t["purpose"] == "wage":
                wage_via[t["payee_id"]].append(t["via_wage_account"] is True)
        owed = defaultdict(list)
        workers_of = defaultdict(set)
        for e in E:
            x, due = e["employer_id"], e["wage_due"]
            workers_of[x].add(e["person_id"])
            if e["role"] in ("worker", None, ""):
                v = wage_via.get(e["person_id"])
                if not v or not all(v):
                    add("C-DIRECTPAY", x)
            if due is not None and due > (e["wage_paid"] or 0):
                owed[x].append((due - (e["wage_paid"] or 0), due, months(e["start"], e["end"])))
        heads: defaultdict[str, int] = defaultdict(int)
        for c in CL:
            x = c["respondent_id"]
            if (c["kind"] or "wages") == "wages" and x and c["claimant_id"] not in registered:
                owed[x].append((c["amount"], None, None))
                heads[x] += max(1, c["workers"] or 1) - 1
        for x, lst in owed.items():
            if not refuse_amount_met(lst, heads[x]):
                continue
            total = sum(a for a, _, _ in lst)
            receipts = paid_to.get(x, [])
            conduct = (x, pid) in posted or (x, None) in posted or x in absconded
            if receipts and not conduct:
                first = min(t["paid"] for t in receipts)
                last = max((c["filed"] for c in CL if c["respondent_id"] == x or c["claimant_id"] in workers_of[x]),
                           default="9999")
                down = contractees[x]
                moved = [t for t in paid_by.get(x, []) + untagged_by.get(x, [])
                         if t["payee_id"] not in down and t["purpose"] != "wage" and first <= t["paid"] <= last]
                to_down = sum(t["amount"] for t in paid_by.get(x, ()) if t["payee_id"] in down)
                conduct = bool(moved) or sum(t["amount"] for t in receipts) - to_down >= total
            if conduct:
                add("X-REFUSE", x)
    return [{"rule": r, "project_id": p, "subject": s} for r, p, s in sorted(out, key=lambda f: (f[1], f[0], f[2]))]


def _longest_path(adj: dict[str, list[tuple[str, int]]], start: str) -> int:
    """The heaviest simple path from start (edges weigh 1, a lawful EPC → GC letting 0)."""
    best = 0

    def walk(x: str, depth: int, seen: set[str]) -> None:
        nonlocal best
        best = max(best, depth)
        for y, w in adj.get(x, ()):
            if y not in seen:
                seen.add(y)
                walk(y, depth + w, seen)
                seen.discard(y)

    walk(start, 0, {start})
    return best


def _has_cycle(adj: dict[str, list[str]]) -> bool:
    state: dict[str, int] = {}

    def visit(x: str) -> bool:
        state[x] = 1
        for y in adj.get(x, ()):
            s = state.get(y, 0)
            if s == 1 or (s == 0 and visit(y)):
                return True
        state[x] = 2
        return False

    return any(state.get(x, 0) == 0 and visit(x) for x in list(adj))


# ----------------------------------------------------------------------------- B: liability
def _chain_links(p: Project, x: str) -> list[tuple[str, str, str]]:
    """W's chain bottom-up from its employer x: (upper, lower, contract id, "lend" or "money")."""
    links: list[tuple[str, str, str]] = []
    seen = {x}
    while True:
        if x in p.parent:
            frm, how = p.parent[x]
        elif x in p.lent_by:
            frm, how = p.lent_by[x], "lend"
        elif x in p.stand_in:  # the money makes the link: no contract, so no letting either
            frm, how = p.stand_in[x], "money"
        else:
            return links
        links.append((frm, x, how))
        if frm in seen:
            return links
        seen.add(frm)
        x = frm


def _chain_gcs(gen: Builder, p: Project, links: list[tuple[str, str, str]]) -> list[str]:
    """The GC(s) of a chain: the unit that contracted with the owner, and below an ``epc`` contractor
    the ``general`` contractor it let the construction to (docs/legal-rules.md B)."""
    out = []
    for i, (upper, lower, how) in enumerate(links):
        if upper == p.owner:
            out.append(lower)
            if how in gen.contract and gen.contract[how]["type"] == "epc" and i > 0:
                _, below, how2 = links[i - 1]
                if how2 in gen.contract and gen.contract[how2]["type"] == "general":
                    out.append(below)
    return out


def _liability_entry(gen: Builder, p: Project, claimant: str, claim_id: str | None, employer: str, amount: int,
                     kind: str, cap_of: Callable[[str], int], illegal: set[str], transferors: set[str]) -> dict:
    """Legal-rules.md B (v2): walk W's own chain from the employer up to the owner."""
    out: list[dict] = []

    def add(party: str, liability: str, cap: int | None = None) -> None:
        for e in out:
            if e["party_id"] == party and e["liability"] == liability:
                return
        e = {"party_id": party, "liability": liability}
        if cap is not None:
            e["cap"] = cap
        out.append(e)

    links = _chain_links(p, employer)
    top = next((h for u, _, h in links if u == p.owner), None)
    if kind == "price":  # the claimant is the actual constructor `employer` (a contract holder)
        frm, k = p.parent[employer]
        add(frm, "direct")  # L-PRICE (建工解释一 43①)
        above = p.parent.get(frm)
        if above:
            above_frm, above_k = above
            if above_frm == p.owner and (k in illegal or frm in transferors):
                cap = cap_of(above_k)
                if cap > 0:
                    add(p.owner, "advance", cap)  # L-ACTUAL (建工解释一 43②)
    elif kind == "injury":  # L-SAFETY: wages rules do not apply
        add(employer, "direct")
        for upper, lower, how in links:
            if how not in gen.contract:
                continue
            unlicensed = not gen.has_licence(lower)
            if unlicensed or gen.lacks(lower, gen.contract[how]["type"]):
                add(upper, "joint")
            if unlicensed and (upper == p.owner or gen.has_licence(upper)):
                add(upper, "pay")  # 工伤保险待遇 under 用工主体责任
    else:
        gcs = _chain_gcs(gen, p, links)
        add(employer, "direct")  # L-DIRECT
        for g in gcs:
            if g != employer:
                add(g, "first_pay")  # L-GC-FIRST: the GC of W's chain, not every GC of the project
        if employer in p.lent_by.values():  # the name lender itself is named (a claimant with no record)
            add(employer, "pay")
        for upper, lower, how in links:
            if how == "lend":
                add(upper, "pay")  # L-NAME-LEND
            elif how == "money":
                continue
            elif not gen.has_licence(lower):  # 合法经营资格, not 资质, decides who pays
                if upper == p.owner or upper in gcs:
                    add(upper, "pay")  # L-ILLEGAL-LET (条例 36①: owner or GC only)
                elif gen.has_licence(upper):
                    add(upper, "pay")  # L-EMPLOYER (解释（二）1)
        if top in gen.contract:
            cap = cap_of(top)
            if cap > 0:
                add(p.owner, "advance", cap)  # L-OWNER-ADV, capped by what the owner has not settled
    entry = {"project_id": p.pid, "claimant_id": claimant, "claim_id": claim_id, "amount": amount,
             "expected": out}
    if kind != "wages":
        entry["kind"] = kind
    return entry


def liabilities(gen: Builder, findings: list[dict], pay_to: dict[str, str]) -> list[dict]:
    """The liability entry of every request (``gen.liab_req``), from the finished rows (docs/legal-rules.md B)."""
    owner_pays = defaultdict(list)  # project -> the owner's payments on it (tagged or tied by F)
    owner_of = {q.pid: q.owner for q in gen.projects}
    for t in gen.rows["payments"]:
        pid = t["project_id"] or pay_to.get(t["payment_id"])
        if pid and t["payer_id"] == owner_of[pid]:
            owner_pays[pid].append(t)

    @cache
    def cap_of(k: str) -> int:
        """The owner's contract k: its price (settled, else amount) − every payment the owner made on
        it: citing it, to its contractor on the project, or into the project's wage account."""
        c = gen.contract[k]
        price = c["amount"] if c["settled"] is None else c["settled"]
        return price - sum(t["amount"] for t in owner_pays[c["project_id"]]
                           if t["contract_id"] == k or t["payee_id"] == c["to_id"] or t["via_wage_account"] is True)

    illegal, transferors = defaultdict(set), defaultdict(set)
    for f in findings:
        if f["rule"] in ("R-SUB-INDIVIDUAL", "R-SUB-UNQUALIFIED", "R-MAIN-STRUCTURE", "R-RESUB"):
            illegal[f["project_id"]].add(f["subject"])
        elif f["rule"] in ("R-TRANSFER", "R-TRANSFER-FEE"):
            transferors[f["project_id"]].add(f["subject"])
    return [_liability_entry(gen, p, w, c, emp, amount, kind, cap_of, illegal[p.pid], transferors[p.pid])
            for p, w, c, emp, amount, kind in gen.liab_req]
