"""Rings and decoys (docs/legal-rules.md E): extortion rings, and the innocent look-alikes the ring
detector must leave alone — collective arrears, movers, hub identifiers and fellow villagers.

Planted rings sit on the detector's side of the ring thresholds of graphchain/analysis/rings.py
(``DEFAULTS``: a member claims on at least ``min_projects`` projects within ``window_days``; a ring has
at least ``min_members``); hubs on the other (more holders than ``hub_max_holders``), and villagers claim
once each. tests/test_synth.py checks the figures below against those settings.
"""

from __future__ import annotations

from collections import defaultdict

from ..analysis.config import known_settings
from .builder import Builder, Project
from .rows import LAST
from .vocabulary import HOME_REGIONS, SURNAMES

RINGS = known_settings()["rings"]
SERIAL = RINGS["min_projects"]  # a ring member claims on this many projects or one more
RING_SIZES = [(3, 4), (7, 9), (18, 22)]  # small, middle and large rings (members)
RING_SPREAD = 300  # a ring's claims fall within this many days of its centre
HUB_HOLDERS = (25, 60)  # people sharing one hub phone or account


def collective_arrears(gen: Builder, p: Project, lab: str, cid: str, amt: int) -> None:
    """Decoy: real arrears, ≥ 15 registered workers claim together, each ≤ what is owed."""
    r = gen.rng
    gen.pay_contract(p, cid, int(amt * r.uniform(0.5, 0.85)) // 100 * 100)
    p.labour_subs.append(lab)
    t = gen.team(p, lab, r.randint(18, 32), manager=True, foreman=True, arrears=(1.0, 0.3, 0.8))
    owed = [w for w in t.workers if w.due > w.paid]
    gid = gen.nid("GRP", 5)
    filed = min(LAST, max(w.end for w in t.workers) + r.randint(5, 40))
    resp = p.gc if r.random() < 0.6 else lab
    rname = gen.respondent_name(resp)
    n = len(owed)
    text = f"{p.name}劳务班组{n}名农民工集体讨薪，称{rname}拖欠工资"
    for w in owed:
        amount = w.owed if r.random() < 0.75 else int(w.owed * r.uniform(0.7, 1.0)) // 10 * 10
        c = gen.claim(w.person, max(10, amount), filed, gid, p.pid, resp, rname, text, channel="hotline")
        gen.decoys["collective_arrears"]["claims"].append(c)
        gen.decoys["collective_arrears"]["persons"].append(w.person)
        gen.add_liability(p, w.person, c, lab, w.owed)
    p.tags.append("collective")


# ------------------------------------------------------------------ rings, movers, hubs
def make_rings(gen: Builder, pool: list[Project]) -> None:
    """Rings of 3-4, ~8 and ~20 members claiming serially on pool's projects (truth: rings)."""
    r = gen.rng
    n_rings = max(3, round(gen.n / 40))
    for k in range(n_rings):
        lo, hi = RING_SIZES[k % 3]
        size = r.randint(lo, hi)
        n_proj = {0: r.randint(3, 4), 1: r.randint(5, 6), 2: r.randint(7, 9)}[k % 3]
        n_org = 2 if k % 3 == 2 else 1
        center = r.randint(RING_SPREAD, LAST - 420)
        cands = ([q for q in pool if q.start + 20 <= center + RING_SPREAD and q.end + 120 >= center - RING_SPREAD]
                 or pool)
        r.shuffle(cands)
        chosen: list[Project] = []
        gcs: set[str] = set()
        for q in cands:  # different general contractors first
            if q.gc not in gcs and len(chosen) < n_proj:
                chosen.append(q)
                gcs.add(q.gc)
        for q in cands:
            if len(chosen) < n_proj and q not in chosen:
                chosen.append(q)
        if len(chosen) < SERIAL:
            continue
        chosen.sort(key=lambda q: q.pid)
        members = [gen.person() for _ in range(size)]
        orgs = members[:n_org]
        # shared identifiers
        phones = [gen.person_row[m]["phone"] for m in members[: 1 + k % 3]]
        shared_addr = gen.uniq(lambda: f"北京市{r.choice(('朝阳区', '丰台区', '大兴区', '通州区'))}"
                                        f"{r.choice(('十八里店乡', '南苑乡', '旧宫镇', '宋庄镇', '黑庄户乡'))}"
                                        f"{r.choice(SURNAMES[:30])}家村{r.randint(1, 300)}号")
        org_acct = gen.person_row[orgs[0]]["bank_account"] or gen.bank()
        gen.person_row[orgs[0]]["bank_account"] = org_acct
        for i, m in enumerate(members[n_org:], start=n_org):
            row = gen.person_row[m]
            if r.random() < 0.7:
                row["phone"] = phones[i % len(phones)]
            if r.random() < 0.4:
                row["bank_account"] = org_acct
            if r.random() < 0.6:
                row["address"] = shared_addr
        # who goes where: organisers everywhere, every other member on ≥ 3 projects
        groups = {q.pid: list(orgs) for q in chosen}
        for m in members[n_org:]:
            for q in r.sample(chosen, min(len(chosen), r.randint(SERIAL, SERIAL + 1)) if len(chosen) > SERIAL
                              else len(chosen)):
                groups[q.pid].append(m)
        ring_claims, ring_projects = [], []
        lo_day = max(0, center - RING_SPREAD)
        pairs = [(q.pid, m) for q in chosen for m in groups[q.pid] if m not in orgs and q.labour_subs]
        shown_up = set(r.sample(pairs, max(1, round(len(pairs) * 0.15)))) if pairs else set()
        any_settled = False
        for q in chosen:
            mem = groups[q.pid]
            d0 = max(q.start + 20, lo_day)
            d1 = min(q.end + 120, center + RING_SPREAD, LAST)
            filed = r.randint(d0, d1) if d1 >= d0 else min(d0, LAST)
            resp = q.gc if r.random() < 0.75 or not q.labour_subs else q.labour_subs[0]
            # how the batch comes in: a group with "X代表Y等N人" (the old pattern), a group whose text
            # names nobody, or one by one over a few weeks with no group at all; the respondent
            # by id, or only by the name the claimant writes
            u = r.random()
            style = "rep" if u < 0.45 else "group" if u < 0.65 else "single"
            by_id = r.random() < 0.6
            rname = gen.party_name(resp) if by_id else gen.respondent_name(resp)
            gid = gen.nid("GRP", 5) if style != "single" else None
            org_name, last_name = gen.person_row[orgs[0]]["name"], gen.person_row[mem[-1]]["name"]
            text = f"{org_name}代表{last_name}等{len(mem)}人讨薪，称{rname}拖欠工资" \
                if style == "rep" else f"{len(mem)}名工人反映{rname}拖欠{q.name}工程款及工资"
            settled = r.random() < 0.6 or (q is chosen[-1] and not any_settled)  # E4: money flows
            any_settled = any_settled or settled
            total = 0
            for m in mem:
                amount = r.randrange(8000, 60000, 100)
                on = filed if style != "single" else min(LAST, filed + r.randint(0, 24))
                if (q.pid, m) in shown_up:
                    # registered a few days before the claim, claims far more than due
                    start = max(q.start, on - r.randint(4, 12))
                    days = max(1, min(on - start - 1, r.randint(2, 8)))
                    due = days * r.randrange(260, 500, 10)
                    gen.employ(q, m, q.labour_subs[0], "worker", start, on - 1, days, due, due)
                    gen.pay(q, q.gc, m, due, on, "wage", None, True)
                    amount = max(amount, due * r.randint(4, 12))
                if style == "single":
                    written = gen.respondent_name(resp)
                    mtext = f"本人在{q.name}干活，{written}拖欠本人工资{amount}元"
                    c = gen.claim(m, amount, on, None, q.pid, resp if by_id else None, written, mtext,
                                   status="paid" if settled else r.choice(("closed", "rejected", "open")))
                else:
                    c = gen.claim(m, amount, on, gid, q.pid, resp if by_id else None, rname, text,
                                   status="paid" if settled else r.choice(("closed", "rejected", "open")))
                ring_claims.append(c)
                total += amount
            ring_projects.append(q.pid)
            if settled:
                payee = r.choice(mem)
                amt = int(total * r.uniform(0.3, 0.7)) // 100 * 100
                on = min(LAST, filed + r.randint(5, 40))
                gen.pay(q, resp, payee, amt, on, "other", None, False)
                if payee not in orgs:
                    gen.pay(None, payee, r.choice(orgs), int(amt * r.uniform(0.8, 1.0)) // 100 * 100,
                             min(LAST, on + r.randint(1, 5)), "other", None, False)
            q.tags.append("ring")
        gen.rings.append({"ring_id": f"RING{len(gen.rings) + 1}", "size": size, "members": sorted(members),
                           "organizers": sorted(orgs), "projects": ring_projects, "claims": ring_claims})


def make_movers(gen: Builder, pool: list[Project]) -> None:
    """Movers: workers registered on 3-4 sites in turn, each owed a little on each (decoys)."""
    r = gen.rng
    if len(pool) < 3:
        return
    for m in range(max(3, gen.n // 40)):
        qs = sorted(r.sample(pool, r.randint(3, min(4, len(pool)))), key=lambda q: q.start)
        wid = gen.person()
        on = 0
        # one claim may come without its project (docs/legal-rules.md F): tied when its respondent is on
        # exactly one of his sites, else (and always for the first mover) with no respondent either:
        # unresolved, his sites the candidates
        floating = r.randrange(len(qs)) if m == 0 or r.random() < 0.4 else -1
        for i, q in enumerate(qs):
            lab = r.choice(q.labour_subs)
            start = max(q.start + 5, on + 5)
            if start > q.end - 40:
                start = max(q.start, q.end - 60)
            end = min(q.end, start + r.randint(40, 120))
            days = max(10, int((end - start) * r.uniform(0.7, 0.95)))
            due = days * r.randrange(280, 520, 10)
            owed = r.randrange(1200, 4800, 10)
            paid = due - owed
            gen.employ(q, wid, lab, "worker", start, end, days, due, paid)
            gen.pay(q, q.gc, wid, paid, end + r.randint(3, 20), "wage", None, True)
            resp = lab if r.random() < 0.6 else q.gc
            amount = owed if r.random() < 0.7 else int(owed * r.uniform(0.7, 1.0)) // 10 * 10
            filed = min(LAST, end + r.randint(10, 60))
            if i != floating:
                c = gen.claim(wid, amount, filed, None, q.pid, resp, gen.respondent_name(resp),
                               f"本人在{q.name}做工，{gen.party_name(resp)}拖欠工资{amount}元")
            elif m > 0 and sum(resp in q2.used for q2 in qs) == 1:
                c = gen.claim(wid, amount, filed, None, None, resp, gen.respondent_name(resp),
                               f"{gen.party_name(resp)}拖欠本人工资{amount}元")
            else:
                gen.claim(wid, amount, filed, None, None, None, None, f"本人打工被拖欠工资{amount}元，请求帮助")
                c = None
            gen.add_liability(q, wid, c, lab, owed)
            on = end
            if "mover" not in q.tags:
                q.tags.append("mover")
        gen.decoys["movers"].append(wid)


def active(pool: list[Project], center: int, half: int) -> list[Project]:
    """Projects of pool where a claim can be filed within half days of center."""
    return [q for q in pool if q.start + 30 <= center + half and min(q.end + 90, LAST) >= center - half]


def lone_claim(gen: Builder, q: Project, who: str, center: int, half: int, tag: str) -> str:
    """One claim of a worker with no real-name record on q (C-REALNAME) against its GC or an
    employer there, filed near center; liability as for any unregistered claimant."""
    r = gen.rng
    resp = r.choice([q.gc] + sorted({t.employer for t in q.teams} - {q.gc}))
    lo, hi = max(q.start + 30, center - half), min(q.end + 90, center + half, LAST)
    filed = r.randint(lo, hi) if hi >= lo else min(q.start + 30, LAST)
    amount = r.randrange(3000, 30000, 100)
    written = gen.respondent_name(resp)
    text = r.choice((f"本人在{q.name}干活，{written}拖欠本人工资{amount}元", f"{written}拖欠本人工资{amount}元",
                     f"反映{q.name}{written}欠薪{amount}元，未签劳动合同"))
    c = gen.claim(who, amount, filed, None, q.pid, resp, written, text)
    gen.add_liability(q, who, c, resp, amount)
    gen.expect(q, "C-REALNAME", who)
    if tag not in q.tags:
        q.tags.append(tag)
    return c


def make_villagers(gen: Builder, pool: list[Project]) -> None:
    """Decoy: fellow villagers (老乡) from one village share its address (some a phone too), come
    to the city together and each files ONE claim, unregistered, on a different site within a
    year. Suspicious claims linked by a shared identifier, but nobody claims twice: no ring."""
    r = gen.rng
    if len(pool) < 4:
        return
    for _ in range(max(2, gen.n // 40)):
        k = min(r.randint(4, 8), len(pool))  # each on another site
        origin = HOME_REGIONS[int(r.random() * len(HOME_REGIONS))]
        addr = gen.home_address(origin[1])
        people = [gen.person(origin=origin, address=addr) for _ in range(k)]
        phone = None
        if r.random() < 0.4:  # a family phone given by two to four of them
            phone = gen.person_row[people[0]]["phone"]
            for w in r.sample(people[1:], r.randint(1, min(3, k - 1))):
                gen.person_row[w]["phone"] = phone
        center = r.randint(200, LAST - 200)
        cands = active(pool, center, 180)
        sites = r.sample(cands if len(cands) >= k else pool, k)
        claims = [lone_claim(gen, q, w, center, 180, "villager") for w, q in zip(people, sites, strict=True)]
        gen.decoys["villagers"].append({"address": addr, "phone": phone, "persons": people, "claims": claims})


def make_hubs(gen: Builder, ring_members: set[str], pool: list[Project]) -> None:
    """Hub identifiers shared by 25-60 unrelated workers, a few of whom file lone claims (decoys)."""
    r = gen.rng
    workers_by_project = defaultdict(list)
    registered = defaultdict(set)
    for e in gen.rows["employment"]:
        registered[e["person_id"]].add(e["project_id"])
        if e["role"] == "worker" and e["person_id"] not in ring_members:
            workers_by_project[e["project_id"]].append(e["person_id"])
    pids = [q.pid for q in gen.projects if workers_by_project[q.pid]]
    collective = [w for w in gen.decoys["collective_arrears"]["persons"] if w not in ring_members]
    movers = list(gen.decoys["movers"])
    others = set(collective) | set(movers)  # their claims are real arrears: never hub claimants
    taken: set[str] = set()
    hubs = [("phone", gen.phone()) for _ in range(max(1, gen.n // 100))]
    hubs += [("bank_account", gen.bank()) for _ in range(max(1, gen.n // 200))]
    for kind, value in hubs:
        chosen: list[str] = []
        target = r.randint(*HUB_HOLDERS)
        extra = ([w for w in r.sample(collective, min(4, len(collective)))] if collective else []) + \
                ([r.choice(movers)] if movers and kind == "phone" else [])
        for w in extra:
            if w not in taken:
                chosen.append(w)
                taken.add(w)
        for pid in r.sample(pids, min(len(pids), max(5, target // 4))):
            for w in r.sample(workers_by_project[pid], min(len(workers_by_project[pid]), r.randint(2, 6))):
                if w not in taken:
                    chosen.append(w)
                    taken.add(w)
            if len(chosen) >= target:
                break
        for w in chosen:
            gen.person_row[w][kind] = value
        # some holders file suspicious but innocent claims: one each, unregistered, on different
        # sites; one or two day labourers (零工) on three sites within a year. The hub is all they
        # share: only the hub guard keeps them from looking like a ring.
        plain = [w for w in chosen if w not in others]
        claimants = r.sample(plain, min(len(plain), r.randint(5, 10))) if len(pool) >= 4 else []
        n_serial = r.randint(1, 2)
        used: set[str] = set()
        claims: list[str] = []
        for i, w in enumerate(claimants):
            center = r.randint(200, LAST - 200)
            free = [q for q in active(pool, center, 150) if q.pid not in used and q.pid not in registered[w]]
            if len(free) < 3:
                free = [q for q in pool if q.pid not in used and q.pid not in registered[w]]
            for q in r.sample(free, min(len(free), 3 if i < n_serial else 1)):
                used.add(q.pid)
                claims.append(lone_claim(gen, q, w, center, 150, "hub_claim"))
        gen.decoys["hub_identifiers"].append({"kind": kind, "value": value, "persons": sorted(chosen),
                                               "claimants": sorted(claimants), "claims": claims})

# ------------------------------------------------------------------ the whole bundle
