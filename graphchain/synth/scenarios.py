"""Chain scenarios: one decorated function per violation shape, drawn by weight; and the flags.

A scenario builds one violation project on top of the owner's project ``p`` with the builder's blocks
(``gen.general``, ``gen.let``, ``gen.pay_contract``, ``gen.team``, ``gen.claims`` …) and says what it
plants with ``gen.expect(p, rule, subject)``; when the bundle is finished the truth oracle must imply
every expected finding, or generation fails. The shapes and what each implies are listed in the
package docstring (``graphchain/synth/__init__.py``). Adding one: CONTRIBUTING.md, "Adding a scenario
to the generator".

Violation projects are dealt from a shuffled deck holding each scenario ``weight`` times, in the order
the scenarios are defined here: a new scenario (or a new weight) changes the bundle of every seed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .builder import Builder, Project
from .oracle import RULES
from .rows import LAST, day_number
from .vocabulary import LABOUR_SCOPES, SPEC_SCOPES


@dataclass(frozen=True)
class Scenario:
    name: str
    weight: int  # copies in the deck of violation projects
    build: Callable[[Builder, Project], None]
    wage_fee: bool  # the GC keeps its staff and money: the owner may pay part of the price as 人工费
    needs_flag: bool  # the flags are the violation: at least one is drawn


SCENARIOS: dict[str, Scenario] = {}


def scenario(name: str, weight: int, *, wage_fee: bool = False, needs_flag: bool = False):
    """Register a chain scenario ``fn(gen, p)`` under name, drawn ``weight`` times per deck."""

    def register(fn: Callable[[Builder, Project], None]) -> Callable[[Builder, Project], None]:
        if name in SCENARIOS:
            raise ValueError(f"scenario {name} registered twice")
        SCENARIOS[name] = Scenario(name, weight, fn, wage_fee, needs_flag)
        return fn

    return register


def deck() -> list[str]:
    """Each scenario's name ``weight`` times, in registration order (shuffled by the caller)."""
    return [sc.name for sc in SCENARIOS.values() for _ in range(sc.weight)]


# ------------------------------------------------------------------ flags
# independent of the scenario; C-* on their own, owner ``advance`` liability when the owner underpays
COMPLIANCE_FLAGS = ("no_guarantee", "no_account", "unregistered", "l_direct", "l_refuse")


def violation(gen: Builder, p: Project, name: str) -> list[str]:
    """Draw p's flags, build scenario ``name`` on p, and return [name, flags that took effect]."""
    r = gen.rng
    sc = SCENARIOS[name]
    f = p.flags
    if r.random() < 0.3:
        f["no_guarantee"] = True
    if r.random() < 0.18:
        f["no_account"] = True
    if r.random() < 0.35:
        f["underpay"] = r.uniform(0.55, 0.9)
        if r.random() < 0.3:
            f["settled"] = True
    elif sc.wage_fee and r.random() < 0.25:
        f["wage_fee"] = True
    if r.random() < 0.2:
        f["unregistered"] = True
    u = r.random()
    if u < 0.15:
        f["l_direct"] = True
    elif u < 0.32:
        f["l_refuse"] = True
    if sc.needs_flag and not set(f) & set(COMPLIANCE_FLAGS):
        f[r.choice(COMPLIANCE_FLAGS)] = True
    if f.get("no_guarantee"):
        p.guarantee = r.choice((None, 0))
        gen.expect(p, "C-GUARANTEE", p.pid)
    if f.get("no_account"):
        p.account = None
        gen.expect(p, "C-ACCOUNT", p.pid)
    sc.build(gen, p)
    if f.get("unregistered"):  # people paid wages in cash with no real-name record (C-REALNAME)
        teams = [t for t in p.teams if t.owed == 0 and t.workers]
        if teams:
            t = r.choice(teams)
            for _ in range(r.randint(1, 3)):
                wid = gen.person()
                gen.pay(p, t.employer, wid, r.randrange(3000, 30000, 10), p.start + r.randint(60, 300), "wage",
                        None, False)
                gen.expect(p, "C-REALNAME", wid)
    # l_direct / l_refuse count only when a labour company took them up
    return [name] + [k for k in sorted(f) if not k.endswith("_done") and (
        k not in ("l_refuse", "l_direct") or f.get(k + "_done"))]


# ------------------------------------------------------------------ the scenarios (deck order)
@scenario("transfer_chain", 6)
def transfer_chain(gen: Builder, p: Project) -> None:
    """GC → B1 [→ B2 [→ B3]] (whole job, ≥ 90 %) → an individual D who employs the workers (转包 and its chain)."""
    r = gen.rng
    g = r.choice(gen.gcs)
    gen.general(p, g, p.flags.get("underpay", 1.0))
    n_mid = r.choices((1, 2, 3), (0.35, 0.4, 0.25))[0]
    staffed = {g: r.random() < 0.5}
    if staffed[g]:
        gen.manager(p, g)
    prev, prev_amt, prev_money = g, p.A, p.owner_paid
    signed = p.start
    gen.expect(p, "R-TRANSFER", g)
    for i in range(n_mid):
        u = r.random()
        b = gen.pick(p, gen.specs) if u < 0.6 else gen.pick(p, gen.shells) if u < 0.85 else \
            gen.pick(p, gen.labours)
        scope = "全部工程" if i == 0 else r.choice(("全部工程", "主体结构", "主体结构及二次结构", "整体工程"))
        amt = int(prev_amt * r.uniform(0.9, 0.975)) // 1000 * 1000
        signed += r.randint(3, 40)
        cid = gen.let(p, prev, b, "specialty", scope, True, amt, signed=signed, written=r.random() < 0.8)
        fwd = r.uniform(0.92, 0.98) if not staffed[prev] else r.uniform(0.8, 0.98)
        money = min(amt, int(prev_money * fwd) // 100 * 100)
        gen.pay_contract(p, cid, money)
        if i == 0:
            gen.expect(p, "R-MAIN-STRUCTURE", cid)
        else:
            gen.expect(p, "R-RESUB", cid)
            gen.expect(p, "R-TRANSFER", prev)
        if gen.lacks(b, "specialty"):
            gen.expect(p, "R-SUB-UNQUALIFIED", cid)
        if not staffed[prev] and money >= RULES["fee_forward_share"] * prev_money:
            gen.expect(p, "R-TRANSFER-FEE", prev)
        staffed[b] = r.random() < 0.4
        if staffed[b]:
            gen.manager(p, b)
        prev, prev_amt, prev_money = b, amt, money
    d = gen.boss()
    if r.random() < 0.5:  # D is the actual constructor (实际施工人) of (nearly) everything
        ctype = r.choice(("specialty", "labour"))
        scope, ms = r.choice((("主体结构", True), ("全部工程", True), ("主体结构及装饰装修", True),
                              ("清包工", None)))
        share = r.uniform(0.82, 0.97)
    else:  # D is a labour boss (包工头) with a labour-only price
        ctype = "labour"
        scope, ms = r.choice((("劳务作业", None), ("主体结构劳务作业", True), ("清包工", None),
                              ("钢筋工程劳务作业", True)))
        share = r.uniform(0.08, 0.3)
    amt = int(prev_amt * share) // 1000 * 1000
    cid = gen.let(p, prev, d, ctype, scope, ms, amt, signed=signed + r.randint(3, 40),
                   written=r.random() < 0.4)
    gen.expect(p, "R-SUB-INDIVIDUAL", cid)
    if n_mid >= 2:
        gen.expect(p, "R-DEPTH", p.pid)
    money = min(amt, int(prev_money * share * r.uniform(0.85, 0.98)) // 100 * 100)
    n0 = len(gen.rows["payments"])
    gen.pay_contract(p, cid, money)
    first = gen.rows["payments"][n0:n0 + 1]  # D's first receipt (X-REFUSE conduct counts from it)
    first_in = day_number(first[0]["paid"]) if first else p.start
    mode = "direct" if (r.random() < 0.7 or not staffed[g]) else "account"
    arrears = (r.uniform(0.5, 1.0), 0.0, 0.8) if r.random() < 0.85 else None
    refuse = arrears is not None and r.random() < 0.5
    t = gen.team(p, d, r.randint(22, 45), manager=False, foreman=r.random() < 0.5, mode=mode, arrears=arrears,
                  owed_cap=int(money * 0.4) if refuse else None)
    if mode == "direct" or not p.account:
        gen.expect(p, "C-DIRECTPAY", d)
    unreg = r.randint(1, 3) if r.random() < 0.5 else 0
    if arrears:
        resp = r.choice((d, d, g, prev))
        claims = gen.claims(p, t, resp, r.uniform(0.5, 1.0), employer=d, unregistered=unreg)
        if refuse and t.owed and money >= t.owed and gen.team_amount_met(t):
            gen.refuse_conduct(p, d, t.owed, first_in, claims)
            gen.expect(p, "X-REFUSE", d)
    if r.random() < 0.25:  # D claims the unpaid price as actual constructor: L-PRICE only (multi-level)
        gen.price_claim(p, d, cid, amt - money)


@scenario("owner_illegal", 3)
def owner_illegal(gen: Builder, p: Project) -> None:
    """The owner lets the general contract to an individual, a specialty-only company or a shell."""
    r = gen.rng
    u = r.random()
    x = gen.boss() if u < 0.45 else gen.pick(p, gen.specs) if u < 0.75 else gen.pick(p, gen.shells)
    cid = gen.general(p, x, p.flags.get("underpay", 1.0))
    gen.expect(p, "R-OWNER-ILLEGAL", cid)
    company = gen.party[x].kind == "company"
    mode = "account" if company and r.random() < 0.6 else "direct"
    arrears = (r.uniform(0.3, 0.9), 0.2, 0.85) if r.random() < 0.6 else None
    t = gen.team(p, x, r.randint(22, 40), manager=company and r.random() < 0.7, mode=mode, arrears=arrears,
                  foreman=True)
    if t.mode == "direct":
        gen.expect(p, "C-DIRECTPAY", x)
    if arrears:
        gen.claims(p, t, x, r.uniform(0.3, 0.9))
    if r.random() < 0.5:
        lab = gen.pick(p, gen.labours)
        scope, ms = r.choice(LABOUR_SCOPES)
        amt = int(p.A * r.uniform(0.03, 0.08)) // 1000 * 1000
        lcid = gen.let(p, x, lab, "labour", scope, ms, amt)
        gen.pay_contract(p, lcid, amt)
        p.labour_subs.append(lab)
        gen.labour_team(p, lab, r.randint(8, 20), received=amt)


@scenario("sub_unqualified", 3, wage_fee=True)
def sub_unqualified(gen: Builder, p: Project) -> None:
    """The template plus a subcontract to a company lacking the qualification (or the licence)."""
    r = gen.rng
    gen.lawful(p)
    v = r.random()
    ms: bool | None  # the main_structure flag; LABOUR_SCOPES leave some unstated
    if v < 0.45:  # specialty work to a shell or a labour company
        frm, ctype = p.gc, "specialty"
        u = gen.pick(p, gen.shells) if r.random() < 0.5 else gen.pick(p, gen.labours)
        scope, ms, amt = r.choice(SPEC_SCOPES), False, int(p.A * r.uniform(0.05, 0.1)) // 1000 * 1000
    elif v < 0.75 or not p.spec_subs:  # labour work to a company without the labour qualification
        frm, ctype = p.gc, "labour"
        u = gen.pick(p, gen.shells) if r.random() < 0.5 else gen.pick(p, gen.specs)
        scope, ms = r.choice(LABOUR_SCOPES)
        amt = int(p.A * r.uniform(0.02, 0.06)) // 1000 * 1000
    else:  # a specialty sub lets labour work to an unqualified company
        frm, ctype = p.spec_subs[0], "labour"
        u = gen.pick(p, gen.shells)
        scope, ms = r.choice(LABOUR_SCOPES[4:])
        amt = max(100_000, int(p.A * r.uniform(0.003, 0.01)) // 1000 * 1000)
    if r.random() < 0.25:  # a shell whose licence was revoked: no 合法经营资格 either
        u = gen.fresh("shell", (), r.choice(("revoked", "cancelled", "none")))
        p.used.add(u)
    cid = gen.let(p, frm, u, ctype, scope, ms, amt, written=r.random() < 0.7)
    gen.expect(p, "R-SUB-UNQUALIFIED", cid)
    gen.pay_contract(p, cid, amt)
    arrears = (r.uniform(0.3, 0.9), 0.2, 0.85) if r.random() < 0.5 else None
    t = gen.team(p, u, r.randint(8, 20), manager=True, arrears=arrears)
    if arrears:
        gen.claims(p, t, r.choice((u, p.gc)), r.uniform(0.3, 0.9), employer=u)
    if p.spec_subs and r.random() < 0.3:  # a qualified labour company whose licence is gone: no A rule,
        s = p.spec_subs[-1]                # but the specialty sub that let to it bears 用工主体责任
        lab = gen.fresh("labour", ("labour",), r.choice(("revoked", "cancelled")))
        lamt = max(100_000, int(gen.contract_to(p, s)["amount"] * r.uniform(0.1, 0.3)) // 1000 * 1000)
        lcid = gen.let(p, s, lab, "labour", *r.choice(LABOUR_SCOPES[4:]), lamt)
        gen.pay_contract(p, lcid, lamt)
        t2 = gen.team(p, lab, r.randint(6, 12), manager=True, arrears=(0.5, 0.5, 0.9))
        gen.claims(p, t2, lab, r.uniform(0.3, 0.9))


@scenario("sub_individual", 3, wage_fee=True)
def sub_individual(gen: Builder, p: Project) -> None:
    """The template plus a labour subcontract to an individual boss (who may claim his price)."""
    r = gen.rng
    gen.lawful(p)
    frm = p.gc if r.random() < 0.6 or not p.spec_subs else p.spec_subs[-1]
    d = gen.boss()
    if r.random() < 0.3:  # a registered 个体工商户: still R-SUB-INDIVIDUAL, but 合法经营资格 (no `pay`)
        gen.party_row[d]["licence"] = "active"
    scope, ms = r.choice(LABOUR_SCOPES)
    if frm == p.gc:
        amt = int(p.A * r.uniform(0.01, 0.04)) // 1000 * 1000
    else:
        amt = int(gen.contract_to(p, frm)["amount"] * r.uniform(0.1, 0.3)) // 1000 * 1000
    cid = gen.let(p, frm, d, "labour", scope, ms, amt, written=r.random() < 0.5)
    gen.expect(p, "R-SUB-INDIVIDUAL", cid)
    price = frm == p.gc and r.random() < 0.35  # the boss claims unpaid price: L-PRICE and L-ACTUAL
    got = int(amt * r.uniform(0.6, 0.85)) // 100 * 100 if price else amt
    gen.pay_contract(p, cid, got)
    if price:
        gen.price_claim(p, d, cid, amt - got)
    mode = "direct" if r.random() < 0.6 else "account"
    arrears = (r.uniform(0.3, 1.0), 0.1, 0.85) if r.random() < 0.6 else None
    t = gen.team(p, d, r.randint(8, 20), manager=False, mode=mode, arrears=arrears)
    if t.mode == "direct":
        gen.expect(p, "C-DIRECTPAY", d)
    if arrears:
        gen.claims(p, t, r.choice((d, d, p.gc, frm)), r.uniform(0.4, 1.0), employer=d,
                    unregistered=r.randint(0, 2))
    if r.random() < 0.35:
        gen.injury_claim(p, t)


@scenario("main_structure", 3, wage_fee=True)
def main_structure(gen: Builder, p: Project) -> None:
    """The template plus GC → a qualified specialty company for 主体结构 (flag or scope text)."""
    r = gen.rng
    gen.lawful(p, budget=0.45, n_lab=1)
    g = p.gc
    s = gen.pick(p, gen.specs)
    if r.random() < 0.6:
        scope, ms = r.choice(("主体结构", "主体结构工程", "主体结构及二次结构")), True
    else:
        scope, ms = r.choice(("主体结构施工", "地上主体结构工程")), None
    amt = int(p.A * r.uniform(0.15, 0.3)) // 1000 * 1000
    cid = gen.let(p, g, s, "specialty", scope, ms, amt)
    gen.expect(p, "R-MAIN-STRUCTURE", cid)
    gen.pay_contract(p, cid, amt)
    gen.team(p, s, r.randint(10, 25), manager=True, foreman=True)


@scenario("resub", 3, wage_fee=True)
def resub(gen: Builder, p: Project) -> None:
    """A specialty or labour subcontractor lets work on (再分包); the deep variant adds R-DEPTH."""
    r = gen.rng
    gen.lawful(p)
    v = r.random()
    if (v < 0.4 or not p.labour_subs) and p.spec_subs:
        s = p.spec_subs[0]
        s_amt = gen.contract_to(p, s)["amount"]
        s2 = gen.pick(p, gen.specs)
        amt = int(s_amt * r.uniform(0.25, 0.45)) // 1000 * 1000
        cid = gen.let(p, s, s2, "specialty", r.choice(SPEC_SCOPES), False, amt)
        gen.expect(p, "R-RESUB", cid)
        gen.pay_contract(p, cid, amt)
        gen.team(p, s2, r.randint(5, 12), manager=True)
        if r.random() < 0.5:  # deep: specialty → specialty → labour
            lab = gen.pick(p, gen.labours)
            scope, ms = r.choice(LABOUR_SCOPES[4:])
            lamt = int(amt * r.uniform(0.3, 0.6)) // 1000 * 1000
            lcid = gen.let(p, s2, lab, "labour", scope, ms, lamt)
            gen.pay_contract(p, lcid, lamt)
            gen.team(p, lab, r.randint(6, 14), manager=True)
            gen.expect(p, "R-DEPTH", p.pid)
    else:
        lab = p.labour_subs[0]
        l_amt = gen.contract_to(p, lab)["amount"]
        l2 = gen.pick(p, gen.labours)
        amt = int(l_amt * r.uniform(0.3, 0.6)) // 1000 * 1000
        scope, ms = r.choice(LABOUR_SCOPES)
        # a labour subcontractor may let nothing on, whatever type it declares (办法 12(5))
        ctype = r.choice(("labour", "other"))
        if ctype == "other":
            scope, ms = r.choice(("零星用工", "点工", "机械租赁及操作")), None
        cid = gen.let(p, lab, l2, ctype, scope, ms, amt, written=r.random() < 0.6)
        gen.expect(p, "R-RESUB", cid)
        gen.pay_contract(p, cid, amt)
        gen.team(p, l2, r.randint(6, 16), manager=True)


@scenario("transfer_fee", 3)
def transfer_fee(gen: Builder, p: Project) -> None:
    """A contractor without staff forwards ≥ 90 % of its money (the GC splitting the job, or a sub)."""
    r = gen.rng
    g = r.choice(gen.gcs)
    if r.random() < 0.55:  # (a) the GC splits the whole job and keeps a fee
        gen.general(p, g, p.flags.get("underpay", 1.0))
        k = r.randint(3, 4)
        share = r.uniform(0.91, 0.97)
        w = [r.uniform(0.5, 1.5) for _ in range(k)]
        scopes = (["主体结构"] if r.random() < 0.6 else []) + r.sample(SPEC_SCOPES, k)
        subs = []
        for i in range(k):
            s = gen.pick(p, gen.specs)
            amt = int(p.A * share * w[i] / sum(w)) // 1000 * 1000
            ms: bool | None = True if scopes[i] == "主体结构" else False
            cid = gen.let(p, g, s, "specialty", scopes[i], ms, amt)
            if ms:
                gen.expect(p, "R-MAIN-STRUCTURE", cid)
            subs.append((s, cid, amt))
            p.spec_subs.append(s)
        # teams first: the GC pays their wages from the account; wages are not money passed on
        for s, _, _ in subs:
            gen.team(p, s, r.randint(6, 14), manager=True)
        fwd = max(int(p.owner_paid * 0.915), int(p.owner_paid * r.uniform(0.92, 0.97)) - p.wage_total_by[g])
        total_amt = sum(a for _, _, a in subs)
        for _s, cid, amt in subs:
            gen.pay_contract(p, cid, max(100, min(amt, int(fwd * amt / total_amt) // 100 * 100)))
        gen.expect(p, "R-TRANSFER", g)
        gen.expect(p, "R-TRANSFER-FEE", g)
    else:  # (b) a specialty sub without staff forwards ≥ 90 % of what it was paid
        gen.lawful(p, g, budget=0.45)
        s = gen.pick(p, gen.specs)
        s_amt = int(p.A * r.uniform(0.08, 0.15)) // 1000 * 1000
        cid = gen.let(p, g, s, "specialty", r.choice(SPEC_SCOPES), False, s_amt)
        lab = gen.pick(p, gen.labours)
        u = r.uniform(0.5, 0.7)
        l_amt = int(s_amt * u) // 1000 * 1000
        scope, ms = r.choice(LABOUR_SCOPES[4:])
        lcid = gen.let(p, s, lab, "labour", scope, ms, l_amt)
        got = int(l_amt * r.uniform(0.95, 1.02)) // 100 * 100
        gen.pay_contract(p, cid, got)
        gen.pay_contract(p, lcid, min(l_amt, int(got * r.uniform(0.93, 0.98)) // 100 * 100))
        gen.team(p, lab, r.randint(8, 18), manager=True)
        gen.expect(p, "R-TRANSFER-FEE", s)


@scenario("pay_bypass", 3, wage_fee=True)
def pay_bypass(gen: Builder, p: Project) -> None:
    """A subcontract's money paid to someone else, or forwarded ≈ 1:1 to a boss without a contract."""
    r = gen.rng
    gen.lawful(p)
    if r.random() < 0.5 and p.spec_subs:  # (a) the GC pays the money of K to someone else
        s = p.spec_subs[0]
        cid = gen.contract_to(p, s)["contract_id"]
        other = r.choice(gen.vendors) if r.random() < 0.5 else gen.boss()
        amt = int(gen.contract[cid]["amount"] * r.uniform(0.2, 0.6)) // 100 * 100
        gen.pay(p, p.gc, other, amt, p.start + r.randint(60, 200), "progress", cid, False)
        gen.expect(p, "R-PAY-BYPASS", cid)
    else:  # (b) a real sub forwards ≈ all the money of its contract to an individual boss
        s = gen.pick(p, gen.specs)
        amt = int(p.A * r.uniform(0.04, 0.1)) // 1000 * 1000
        cid = gen.let(p, p.gc, s, "specialty", r.choice(SPEC_SCOPES), False, amt)
        gen.pay_contract(p, cid, amt)
        gen.team(p, s, r.randint(3, 8), manager=True)
        b = gen.boss()
        gen.pay(p, s, b, int(amt * r.uniform(0.955, 1.0)) // 100 * 100, p.start + r.randint(100, 250),
                 r.choice(("progress", "other")), None, False)
        p.stand_in[b] = s
        t = gen.team(p, b, r.randint(8, 20), manager=False, mode=r.choice(("direct", "account")))
        if t.mode == "direct":
            gen.expect(p, "C-DIRECTPAY", b)
        gen.expect(p, "R-PAY-BYPASS", cid)


@scenario("name_lending", 3)
def name_lending(gen: Builder, p: Project) -> None:
    """挂靠: X holds the contract, Y (a boss or shell) builds with ≈ all the money."""
    r = gen.rng
    y = gen.boss() if r.random() < 0.6 else gen.pick(p, gen.shells)
    arrears = (r.uniform(0.3, 0.9), 0.2, 0.85) if r.random() < 0.5 else None
    paper = r.random() < 0.35
    if r.random() < 0.55:  # at the GC level: the owner's contract is held by X, built by Y
        x = r.choice(gen.gcs)
        p.gc = x
        p.used.add(x)
        k = gen.let(p, p.owner, x, "general", "全部工程", True, p.A, signed=p.start - r.randint(10, 60))
        ratio = p.flags.get("underpay", 1.0)
        paid = p.A if ratio >= 1 else int(p.A * ratio) // 10000 * 10000
        p.owner_paid = paid
        if r.random() < 0.3:  # the owner pays the real builder directly
            gen.pay_contract(p, k, paid, payee=y, k=r.randint(3, 6))
            gen.expect(p, "R-PAY-BYPASS", k)
        else:
            gen.pay_contract(p, k, paid, k=r.randint(3, 6))
            fwd = int(paid * r.uniform(0.955, 0.985)) // 100 * 100
            for part in gen.split(fwd, r.randint(2, 4)):
                gen.pay(p, x, y, part, p.start + r.randint(40, max(41, p.end - p.start)), "progress", None,
                         False)
            if not paper:
                gen.expect(p, "R-TRANSFER-FEE", x)
            gen.expect(p, "R-PAY-BYPASS", k)  # forwarded ≈ 1:1 to a party with no contract
    else:  # at the subcontract level
        gen.lawful(p, budget=0.4)
        g = p.gc
        x = gen.pick(p, gen.specs)
        amt = int(p.A * r.uniform(0.1, 0.2)) // 1000 * 1000
        k = gen.let(p, g, x, "specialty", r.choice(SPEC_SCOPES), False, amt)
        gen.pay_contract(p, k, amt)
        fwd = int(amt * r.uniform(0.96, 0.99)) // 100 * 100
        for part in gen.split(fwd, r.randint(2, 3)):
            gen.pay(p, x, y, part, p.start + r.randint(60, max(61, p.end - p.start)), "progress", None, False)
        if not paper:
            gen.expect(p, "R-TRANSFER-FEE", x)
        gen.expect(p, "R-PAY-BYPASS", k)
    p.lent_by[y] = x
    if paper:  # the holder's manager on paper (办法 8(3)) does not clear it
        gen.manager(p, x)
    # the borrower runs the site; often with no manager of its own on record (办法 10(1))
    t = gen.team(p, y, r.randint(25, 45), manager=r.random() < 0.5, mode="direct", arrears=arrears,
                  foreman=True)
    gen.expect(p, "R-NAME-LENDING", x)
    gen.expect(p, "C-DIRECTPAY", y)
    if arrears:
        gen.claims(p, t, r.choice((y, x, x)), r.uniform(0.3, 0.9))


@scenario("cycle", 3, wage_fee=True)
def cycle(gen: Builder, p: Project) -> None:
    """GC → S1 → S2 → S1: a cycle of lettings."""
    r = gen.rng
    gen.lawful(p)
    s1, s2 = gen.pick(p, gen.specs), gen.pick(p, gen.specs)
    a = int(p.A * r.uniform(0.05, 0.1)) // 1000 * 1000
    c = int(a * r.uniform(0.4, 0.6)) // 1000 * 1000
    b = int(c * r.uniform(0.3, 0.6)) // 1000 * 1000
    k1 = gen.let(p, p.gc, s1, "specialty", r.choice(SPEC_SCOPES), False, a)
    k2 = gen.let(p, s1, s2, "specialty", r.choice(SPEC_SCOPES), False, c)
    k3 = gen.let(p, s2, s1, "specialty", r.choice(SPEC_SCOPES), False, b, written=r.random() < 0.5)
    for k, amt in ((k1, a), (k2, c), (k3, b)):
        gen.pay_contract(p, k, amt)
    gen.team(p, s1, r.randint(4, 10), manager=True)
    gen.team(p, s2, r.randint(3, 8), manager=True)
    gen.expect(p, "R-CYCLE", p.pid)
    gen.expect(p, "R-RESUB", k2)
    gen.expect(p, "R-RESUB", k3)


@scenario("compliance", 4, wage_fee=True, needs_flag=True)
def compliance(gen: Builder, p: Project) -> None:
    """The lawful template; the project's compliance/criminal flags (at least one) are the violations."""
    gen.lawful(p)


@scenario("sections_split", 1)
def sections_split(gen: Builder, p: Project) -> None:
    """肢解发包: the owner lets one section's construction in two general contracts (R-OWNER-ILLEGAL)."""
    r = gen.rng
    g1 = r.choice(gen.gcs)
    g2 = gen.pick(p, [g for g in gen.gcs if g != g1] or gen.gcs)
    section = r.choice((None, "一标段", "1#楼"))
    a1 = int(p.A * r.uniform(0.4, 0.6)) // 10000 * 10000
    k1 = None
    for g, a in ((g1, a1), (g2, p.A - a1)):
        k = gen.general(p, g, p.flags.get("underpay", 1.0), amount=a, section=section)
        k1 = k1 or k
        gen.manager(p, g)
        gen.template(p, g, budget=0.25 * a / p.A * 2, n_spec=r.randint(1, 2), n_lab=1)
    assert k1 is not None  # the loop ran: both sections have a general contract
    gen.expect(p, "R-OWNER-ILLEGAL", k1)


@scenario("refuse_months", 1)
def refuse_months(gen: Builder, p: Project) -> None:
    """The three-month rule (拒付解释 3): two labour companies each owe one worker ¥9,000 — about 0.7
    of one month's wages at one (no X-REFUSE), about 3.3 months' wages at the other (X-REFUSE)."""
    r = gen.rng
    gen.lawful(p)
    for months in (1, 4):
        lab = gen.pick(p, gen.labours)
        amt = int(p.A * r.uniform(0.02, 0.04)) // 1000 * 1000
        cid = gen.let(p, p.gc, lab, "labour", *r.choice(LABOUR_SCOPES), amt)
        gen.pay_contract(p, cid, amt)
        t = gen.team(p, lab, r.randint(6, 12), manager=True)
        wid = gen.person()
        start = p.start + r.randint(30, 120)
        end = start + (44 if months == 1 else 121)
        due = 18_000 if months == 1 else 11_000
        gen.employ(p, wid, lab, "worker", start, end, 40 if months == 1 else 100, due, due - 9_000)
        gen.pay(p, p.gc if p.account else lab, wid, due - 9_000, end + r.randint(3, 15), "wage", None,
                 bool(p.account))
        rname = gen.respondent_name(lab)
        filed = min(LAST, end + r.randint(10, 40))
        c = gen.claim(wid, 9_000, filed, None, p.pid, lab, rname, f"{rname}拖欠本人工资9000元")
        gen.add_liability(p, wid, c, lab, 9_000)
        gen.order(p, lab, filed + r.randint(5, 20), complied=False, amount=9_000)
        if months == 4:
            gen.expect(p, "X-REFUSE", lab)
        t.owed += 9_000