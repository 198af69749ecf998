"""The row builder: parties, persons, projects, contracts, money, teams, claims and orders.

:class:`Builder` holds the bundle being generated (:class:`~graphchain.synth.rows.Rows`, rows as dicts
keyed by schema column names) and the bookkeeping scenarios need (:class:`Project`: who let work to
whom, the teams, the tags). Scenarios (``scenarios.py``), lawful twins (``twins.py``) and rings and
decoys (``rings.py``) are written with its building blocks: ``let`` a contract, ``pay_contract`` it,
register a ``team`` of workers, have them file ``claims``, ``expect`` the findings they plant.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from .identities import Identities
from .oracle import NEED, months, refuse_amount_met
from .rows import LAST, Rows, day, day_number
from .vocabulary import (
    AREA_CODE,
    BEIJING_DISTRICTS,
    BUILDING_KINDS,
    CHANNELS,
    CITY_REGIONS,
    COMPANY_CITY,
    COMPANY_REGIONS,
    DISTRICT_WEIGHTS,
    ESTATES,
    HOME_REGIONS,
    INDUSTRY,
    KIND_REGIONS,
    LABOUR_SCOPES,
    PHASES,
    PLACES,
    ROADS,
    SPEC_SCOPES,
    ZIHAO,
)


class Party(NamedTuple):
    """What the builder keeps of a party (its row is ``Builder.party_row``)."""

    kind: str  # "company" or "individual"
    quals: frozenset[str]
    name: str


@dataclass(slots=True)
class Worker:
    """A registered worker of a team: what was due and paid, and the employment row."""

    person: str
    due: int
    paid: int
    end: int  # day number
    record: dict  # the employment row

    @property
    def owed(self) -> int:
        return self.due - self.paid


@dataclass(slots=True)
class Team:
    """The registered workers of one employer on one project, and what it owes them in all."""

    employer: str
    mode: str  # "account": the GC pays from the wage account; "direct": the employer pays
    workers: list[Worker] = field(default_factory=list)
    owed: int = 0


class Project:
    """A project being built: its projects.csv facts (``A`` its value, ``start``/``end`` day numbers,
    ``account``, ``guarantee``), its ``kind`` and ``flags``, and who let work to whom on it (``parent``,
    ``lent_by``, ``stand_in``: the chains the liability truth walks)."""

    __slots__ = (
        "pid", "name", "owner", "gc", "A", "start", "end", "account", "guarantee", "kind", "flags",
        "parent", "lent_by", "owner_paid", "labour_subs", "spec_subs", "teams", "tags", "used", "mgr",
        "district", "wage_total_by", "spec_labs", "first_in", "stand_in",
    )
    # set by Builder.new_project / general and the scenario (declared here for the type checker)
    name: str
    district: str
    owner: str
    gc: str
    A: int
    start: int
    end: int
    account: str | None
    guarantee: int | None
    kind: str

    def __init__(self, pid: str):
        self.pid = pid
        self.parent: dict[str, tuple[str, str]] = {}  # party -> (from, contract_id)
        self.lent_by: dict[str, str] = {}  # real builder -> lender
        self.stand_in: dict[str, str] = {}  # party with no contract -> the contractor that forwards it the money
        self.labour_subs: list[str] = []  # lawful labour companies of the template
        self.spec_subs: list[str] = []
        self.teams: list[Team] = []
        self.tags: list[str] = []
        self.used: set[str] = set()
        self.mgr: set[str] = set()  # employers with a manager registered
        self.flags: dict = {}
        self.owner_paid = 0
        self.wage_total_by: dict[str, int] = defaultdict(int)
        self.spec_labs: list[str] = []  # labour companies under a specialty sub
        self.first_in: dict[str, int] = {}  # contractor -> day of its first contract payment


class Builder(Identities):
    """The bundle being generated (``rows``), the pools of parties, and the truth's raw material
    (``intended`` findings, liability requests, rings, decoys, the scenario of each project)."""

    def __init__(self, n_projects: int, seed: int):
        if n_projects < 1:
            raise ValueError("n_projects must be at least 1")
        super().__init__(seed)
        self.n = n_projects
        self.seed = seed
        self.rows = Rows()
        self.party: dict[str, Party] = {}
        self.person_row: dict[str, dict] = {}
        self.party_row: dict[str, dict] = {}
        self.claim_row: dict[str, dict] = {}
        self.contract: dict[str, dict] = {}
        self.crew_claims = 0
        self.projects: list[Project] = []
        self.mgr_pool: dict[str, list[str]] = {}
        self.intended: list[tuple[str, str, str]] = []
        self.liab_req: list[tuple] = []  # (project, claimant, claim, employer, amount, kind): see oracle.liabilities
        self.same_human: list[list[str]] = []  # [party, person] pairs: one 身份证号, one human
        self.rings: list[dict] = []
        self.decoys: dict = {"collective_arrears": {"claims": [], "persons": []}, "movers": [],
                             "hub_identifiers": [], "villagers": [], "lawful_main_structure_labour": [],
                             "lawful_projects": [], "lawful_twins": {}}
        self.scenario_of: dict[str, list[str]] = {}

    # ------------------------------------------------------------------ parties and persons
    def company(self, kind: str, prefix: str, quals: tuple[str, ...]) -> str:
        r = self.rng
        region = r.choice(KIND_REGIONS[kind])
        name = self.uniq(
            lambda: region + (r.choice(ZIHAO) if r.random() < 0.8 else r.choice(ZIHAO) + r.choice(ZIHAO))
            + r.choice(INDUSTRY[kind])
        )
        code = self.credit_code(r.choice(COMPANY_REGIONS[region]))
        pid = self.nid(prefix, 4)
        city = COMPANY_CITY[region]
        if region == "北京":
            city += r.choice(BEIJING_DISTRICTS)[0]
        addr = self.uniq(lambda: f"{city}{r.choice(ROADS)}{r.randint(1, 399)}号")
        tel = self.uniq(lambda: f"{AREA_CODE[region]}-{r.randrange(2 * 10**7, 9 * 10**7)}")
        self.party_row[pid] = self.rows.parties(
            party_id=pid, name=name, kind="company", credit_code=code, qualifications=";".join(quals) or None,
            legal_rep=self.person_name(), phone=tel, bank_account=self.corp_bank(), address=addr)
        self.party[pid] = Party("company", frozenset(quals), name)
        return pid

    def boss(self) -> str:
        """An individual (包工头 / 实际施工人)."""
        r = self.rng
        region, prefix = r.choice(HOME_REGIONS)
        name = self.person_name()
        pid = self.nid("B", 4)
        self.party_row[pid] = self.rows.parties(
            party_id=pid, name=name, kind="individual", id_number=self.id_number(region), phone=self.phone(),
            bank_account=self.bank(), address=self.home_address(prefix))
        self.party[pid] = Party("individual", frozenset(), name)
        return pid

    def person(self, home: bool = True, origin: tuple[str, str] | None = None, address: str | None = None) -> str:
        """A worker (persons.csv); ``origin`` (region code, 户籍 prefix) and ``address`` fix where from."""
        r = self.rng
        if origin is None:
            regions = HOME_REGIONS if home else CITY_REGIONS
            origin = regions[int(r.random() * len(regions))]
        region, prefix = origin
        pid = self.nid("W", 6)
        addr = address if address else self.home_address(prefix) if home else self.uniq(
            lambda: f"{prefix}{r.choice(ROADS)}{r.randint(1, 199)}号院{r.randint(1, 30)}号楼{r.randint(1, 6)}单元"
                    f"{r.randint(1, 28)}{r.randint(1, 4):02d}")
        self.person_row[pid] = self.rows.persons(
            person_id=pid, name=self.person_name(), id_number=self.id_number(region), phone=self.phone(),
            bank_account=self.bank() if r.random() < 0.92 else None, address=addr)
        return pid

    def party_name(self, pid: str) -> str:
        return self.party[pid].name

    def lacks(self, to: str, ctype: str) -> str | None:
        """Why ``to`` may not take a contract of type ``ctype``: "individual", "unqualified" or None."""
        kind, quals, _ = self.party[to]
        if kind == "individual":
            return "individual"
        need = NEED.get(ctype)
        if need and not any(q in quals for q in need):
            return "unqualified"
        return None

    def has_licence(self, x: str) -> bool:
        """合法经营资格 (docs/legal-rules.md v2 §1): a company unless its licence is revoked, cancelled or
        absent; an individual only as a registered 个体工商户 (licence ``active``)."""
        lic = self.party_row[x]["licence"]
        return lic == "active" if self.party[x].kind == "individual" else lic in (None, "active")

    def fresh(self, kind: str, quals: tuple[str, ...], licence: str | None) -> str:
        """A company used on this project only, with a licence status."""
        x = self.company(kind, {"labour": "L", "vendor": "V"}.get(kind, "S"), quals)
        self.party_row[x]["licence"] = licence
        return x

    def make_pools(self) -> None:
        n = self.n
        r = self.rng
        self.owners = [self.company("owner", "O", ()) for _ in range(max(3, n // 4))]
        self.gcs = [self.company("gc", "G", ("general", "specialty") if r.random() < 0.4 else ("general",))
                    for _ in range(max(4, n // 12))]
        self.specs = [self.company("spec", "S", ("specialty",)) for _ in range(max(8, n // 3))]
        self.shells = [self.company("shell", "S", ()) for _ in range(max(3, n // 15))]
        self.labours = [self.company("labour", "L", ("labour",)) for _ in range(max(8, n // 4))]
        self.vendors = [self.company("vendor", "V", ()) for _ in range(max(3, n // 25))]

    def pick(self, p: Project, pool: list[str]) -> str:
        """A party of pool not yet on p (a new specialty or labour company when none is free)."""
        for _ in range(50):
            x = self.rng.choice(pool)
            if x not in p.used:
                p.used.add(x)
                return x
        x = {"S": lambda: self.company("spec", "S", ("specialty",)),
             "L": lambda: self.company("labour", "L", ("labour",))}[pool[0][0]]()
        p.used.add(x)
        return x

    # ------------------------------------------------------------------ projects
    def new_project(self, i: int) -> Project:
        r = self.rng
        p = Project(f"P{i + 1:04d}")
        district, _ = r.choices(BEIJING_DISTRICTS, DISTRICT_WEIGHTS)[0]
        places = PLACES.get(district, "新城 中心区 北区 南区").split()

        def pname() -> str:
            suffix, kind = r.choice(BUILDING_KINDS)
            return f"{district}{r.choice(places)}{r.choice(ESTATES)}{suffix}{r.choice(PHASES)}{kind}"

        name = None
        for _ in range(20):
            cand = pname()
            if cand not in self.taken:
                name = cand
                break
        if name is None:
            name = f"{pname()[:-2]}（{i + 1}号地块）工程"
        self.taken.add(name)
        p.name, p.district = name, district
        p.start = r.randint(0, 900)
        p.end = min(LAST - 120, p.start + r.randint(300, 620))
        p.owner = r.choice(self.owners)
        p.A = int(math.exp(r.uniform(math.log(2e7), math.log(5e8)))) // 10000 * 10000
        p.account = self.corp_bank()
        p.guarantee = int(p.A * r.uniform(0.05, 0.12)) // 10000 * 10000
        p.used.add(p.owner)
        self.projects.append(p)
        return p

    def project_row(self, p: Project) -> None:
        """The projects.csv row of p (written once p is built: the flags may clear its account or guarantee)."""
        self.rows.projects(project_id=p.pid, name=p.name, owner_id=p.owner, district=p.district,
                           start=day(p.start), end=day(p.end), wage_account=p.account, guarantee=p.guarantee)

    # ------------------------------------------------------------------ contracts, money, orders
    def contract_to(self, p: Project, x: str) -> dict:
        """The contract row by which x first got work on p."""
        _, cid = p.parent[x]
        return self.contract[cid]

    def expect(self, p: Project, rule: str, subject: str) -> None:
        """A finding the scenario plants: the oracle must imply it (checked when the bundle is finished)."""
        self.intended.append((rule, p.pid, subject))

    def let(self, p: Project, frm: str, to: str, ctype: str, scope: str, ms: bool | None, amount: int,
            signed: int | None = None, written: bool = True, section: str | None = None) -> str:
        """A contract frm → to on p (``ms``: the main_structure flag, None = not stated)."""
        r = self.rng
        cid = self.nid("K", 6)
        if signed is None:
            signed = p.start + r.randint(0, 120)
        self.contract[cid] = self.rows.contracts(
            contract_id=cid, project_id=p.pid, from_id=frm, to_id=to, type=ctype, section=section,
            scope=scope, main_structure=ms, amount=amount, signed=day(signed), written=written)
        p.parent.setdefault(to, (frm, cid))
        p.used.add(to)
        return cid

    def pay(self, p: Project | None, payer: str, payee: str, amount: int, on: int, purpose: str,
            contract_id: str | None = None, via: bool | None = False) -> None:
        """A payment on day number ``on`` (none when amount ≤ 0); p None: untagged."""
        if amount <= 0:
            return
        self.rows.payments(payment_id=self.nid("T", 7), payer_id=payer, payee_id=payee, amount=amount,
                           paid=day(on), project_id=p.pid if p else None, contract_id=contract_id, purpose=purpose,
                           via_wage_account=via)

    def pay_contract(self, p: Project, cid: str, total: int, payee: str | None = None,
                     k: int | None = None) -> int:
        """Pay total on contract cid in k progress payments (to payee, else its contractor)."""
        c = self.contract[cid]
        r = self.rng
        k = k or r.randint(2, 4)
        signed = day_number(c["signed"])
        span = max(30, p.end - signed)
        to = payee or c["to_id"]
        for i, part in enumerate(self.split(total, k)):
            on = min(signed + 15 + int(span * (i + r.random()) / (k + 0.5)), p.end + 60)
            if i == 0 and on < p.first_in.get(to, LAST + 1):
                p.first_in[to] = on
            self.pay(p, c["from_id"], to, part, on, "progress", cid)
        return total

    def order(self, p: Project, party: str, issued: int, *, complied: bool, served: str = "delivered",
              amount: int | None = None) -> str:
        """An order to pay (责令支付) with a deadline 10-30 days after it was issued."""
        r = self.rng
        issued = min(issued, LAST - 40)  # its deadline falls inside the calendar
        oid = self.nid("ORD", 5)
        self.rows.orders(order_id=oid, party_id=party, project_id=p.pid,
                         authority=r.choice(("人社局", "人力资源和社会保障局", "住建委")), issued=day(issued),
                         deadline=day(issued + r.randint(10, 30)), amount=amount, served=served, complied=complied)
        return oid

    def general(self, p: Project, gc: str, ratio: float = 1.0, amount: int | None = None,
                section: str | None = None) -> str:
        """owner → GC general contract, paid (ratio of) in progress payments.

        Flags: ``wage_fee`` the owner pays in full, part of it as 人工费 into the wage account (a
        ``wage`` payment to the GC, ``via_wage_account``): nothing left unsettled, no advance;
        ``settled`` an underpaying owner settled the price at what it paid, or between that and the amount.
        """
        r = self.rng
        p.gc = gc
        p.used.add(gc)
        amount = p.A if amount is None else amount
        cid = self.let(p, p.owner, gc, "general", r.choice(("全部工程", "施工总承包", "全部工程")), True, amount,
                       signed=p.start - r.randint(10, 60), section=section)
        paid = amount if ratio >= 1 else int(amount * ratio) // 10000 * 10000
        if p.flags.get("wage_fee") and ratio >= 1:
            fee = int(amount * r.uniform(0.03, 0.08)) // 10000 * 10000
            self.pay_contract(p, cid, paid - fee, k=r.randint(3, 6))
            self.pay(p, p.owner, gc, fee, p.start + r.randint(30, 200), "wage", None, True)
        else:
            self.pay_contract(p, cid, paid, k=r.randint(3, 6))
        if p.flags.get("settled") and paid < amount:
            self.contract[cid]["settled"] = paid if r.random() < 0.5 else (paid + amount) // 20000 * 10000
        p.owner_paid += paid
        return cid

    def divert(self, p: Project, payer: str, amount: int, after: int, before: int) -> None:
        """Money moved away to unrelated companies between two days (X-REFUSE conduct (a))."""
        r = self.rng
        for part in self.split(amount, r.randint(1, 3)):
            self.pay(p, payer, r.choice(self.vendors), part, r.randint(after, max(after, before)),
                     r.choice(("other", "other", "fee")), None, False)

    # ------------------------------------------------------------------ people on site
    def manager(self, p: Project, employer: str) -> str:
        """Register a project manager of employer (a company reuses its own managers)."""
        r = self.rng
        pool = self.mgr_pool.get(employer)
        if pool is None or (len(pool) < 3 and r.random() < 0.3):
            pool = self.mgr_pool.setdefault(employer, [])
            pool.append(self.person(home=r.random() < 0.4))
        pid = r.choice(pool) if self.party[employer].kind == "company" else pool[-1]
        start = p.start + r.randint(0, 20)
        self.rows.employment(employment_id=self.nid("E", 7), person_id=pid, project_id=p.pid,
                             employer_id=employer, role="manager", start=day(start), end=day(p.end),
                             days=int((p.end - start) * r.uniform(0.7, 0.95)))
        p.mgr.add(employer)
        return pid

    def employ(self, p: Project, person: str, employer: str, role: str, start: int, end: int, days: int,
               due: int, paid: int) -> dict:
        """An employment row (实名制) of a worker or foreman."""
        return self.rows.employment(employment_id=self.nid("E", 7), person_id=person, project_id=p.pid,
                                    employer_id=employer, role=role, start=day(start), end=day(end), days=days,
                                    wage_due=due, wage_paid=paid)

    def team(self, p: Project, employer: str, n: int, *, manager: bool, mode: str = "account",
             arrears: tuple[float, float, float] | None = None, foreman: bool = False,
             owed_cap: int | None = None) -> Team:
        """Register n workers of employer on p and pay their wages.

        mode ``account``: the GC pays from the wage special account (via true); ``direct``: the
        employer pays them itself (via false). Without a wage account the mode is ``direct``.
        arrears (share of workers, lowest and highest share paid) leaves wages unpaid.
        """
        r = self.rng
        if not p.account:
            mode = "direct"
        t = Team(employer, mode)
        if manager:
            self.manager(p, employer)
        payer, via = (p.gc, True) if mode == "account" else (employer, False)
        dur = p.end - p.start
        rnd = r.random
        late = max(6, min(200, dur // 3)) - 5
        share, lo, hi = arrears or (0.0, 1.0, 1.0)  # share of workers left unpaid, lowest and highest share paid
        for i in range(n + (1 if foreman else 0)):
            wid = self.person()
            start = p.start + 5 + int(rnd() * late)
            end = min(p.end, start + 60 + int(rnd() * 360))
            days = max(10, int((end - start) * (0.55 + 0.4 * rnd())))
            due = days * (260 + 10 * int(rnd() * 36))
            paid = due
            if arrears and rnd() < share:
                paid = int(due * (lo + (hi - lo) * rnd())) // 10 * 10
            role = "foreman" if (foreman and i == 0) else "worker"
            record = self.employ(p, wid, employer, role, start, end, days, due, paid)
            t.workers.append(Worker(wid, due, paid, end, record))
        if owed_cap is not None:
            self._cap_owed(t, owed_cap)
        for w in t.workers:
            t.owed += w.owed
            if w.paid > 0:
                self.pay(p, payer, w.person, w.paid, w.end + 3 + int(rnd() * 23), "wage", None, via)
                p.wage_total_by[payer] += w.paid
        p.teams.append(t)
        return t

    @staticmethod
    def _cap_owed(t: Team, cap: int) -> None:
        owed = sum(w.owed for w in t.workers)
        if owed <= cap:
            return
        f = cap / owed
        for w in t.workers:
            w.paid = w.due - int(w.owed * f)
            w.record["wage_paid"] = w.paid

    def labour_team(self, p: Project, lab: str, n: int, received: int | None = None) -> Team:
        """A labour company's team; the project's flags may make it pay directly or refuse to pay."""
        r = self.rng
        if p.flags.get("l_refuse") and received and not p.flags.get("l_refuse_done"):
            p.flags["l_refuse_done"] = True
            t = self.team(p, lab, max(n, 12), manager=True, foreman=r.random() < 0.5,
                          mode=r.choice(("account", "direct")), arrears=(0.9, 0.2, 0.7),
                          owed_cap=int(received * 0.45))
            self.expect_refuse(p, t, received)
            return t
        mode = "account"
        if p.flags.get("l_direct") and not p.flags.get("l_direct_done"):
            p.flags["l_direct_done"] = True
            mode = "direct"
            self.expect(p, "C-DIRECTPAY", lab)
        return self.team(p, lab, n, manager=True, foreman=r.random() < 0.5, mode=mode)

    def template(self, p: Project, gc: str, *, n_spec: int | None = None, n_lab: int | None = None,
                 budget: float = 0.6, lab_team: tuple[int, int] = (14, 26), collective: bool = False,
                 force_lab: bool = False) -> None:
        """The lawful template below the GC (contracts, money, teams)."""
        r = self.rng
        n_spec = r.randint(1, 3) if n_spec is None else n_spec
        n_lab = r.randint(1, 2) if n_lab is None else n_lab
        shares = [r.uniform(0.06, 0.15) for _ in range(n_spec)] + [r.uniform(0.03, 0.08) for _ in range(n_lab)]
        f = min(1.0, budget / max(sum(shares), 1e-9))
        scopes = r.sample(SPEC_SCOPES, n_spec)
        for i in range(n_spec):
            s = self.pick(p, self.specs)
            amt = int(p.A * shares[i] * f) // 1000 * 1000
            cid = self.let(p, gc, s, "specialty", scopes[i], False, amt)
            self.pay_contract(p, cid, amt)
            p.spec_subs.append(s)
            has_lab = r.random() < 0.45 or (force_lab and i == 0)
            self.team(p, s, r.randint(3, 6) if has_lab else r.randint(5, 10), manager=True)
            if has_lab:
                lab = self.pick(p, self.labours)
                scope, ms = r.choice(LABOUR_SCOPES[4:])
                lamt = int(amt * r.uniform(0.2, 0.4)) // 1000 * 1000
                lcid = self.let(p, s, lab, "labour", scope, ms, lamt)
                self.pay_contract(p, lcid, lamt)
                p.spec_labs.append(lab)
                self.labour_team(p, lab, r.randint(8, 16))
        for j in range(n_lab):
            lab = self.pick(p, self.labours)
            scope, ms = r.choice(LABOUR_SCOPES)
            amt = int(p.A * shares[n_spec + j] * f) // 1000 * 1000
            cid = self.let(p, gc, lab, "labour", scope, ms, amt)
            if collective and j == 0:
                from .rings import collective_arrears  # a decoy planted inside the template

                collective_arrears(self, p, lab, cid, amt)
                continue
            self.pay_contract(p, cid, amt)
            p.labour_subs.append(lab)
            self.labour_team(p, lab, r.randint(*lab_team), received=amt)

    def lawful(self, p: Project, gc: str | None = None, **template) -> None:
        """The lawful project: owner → GC (gc, else one drawn; paid in full unless the project's owner
        underpays) with a manager, and the template below it (``template``: its options)."""
        gc = self.rng.choice(self.gcs) if gc is None else gc
        self.general(p, gc, p.flags.get("underpay", 1.0))
        self.manager(p, gc)
        self.template(p, gc, **template)

    # ------------------------------------------------------------------ claims
    def claim(self, claimant: str, amount: int, filed: int, gid: str | None, project: str | None,
              respondent: str | None, rname: str | None, text: str, status: str | None = None,
              channel: str | None = None, kind: str | None = None, workers: int | None = None) -> str:
        """One claims.csv row filed on day number ``filed``; returns its id."""
        r = self.rng
        cid = self.nid("C", 6)
        self.claim_row[cid] = self.rows.claims(
            claim_id=cid, claimant_id=claimant, amount=amount, filed=day(filed), group_id=gid,
            project_id=project, respondent_id=respondent, respondent_name=rname,
            channel=channel or r.choice(CHANNELS), status=status or r.choice(("open", "open", "paid", "closed")),
            text=text, kind=kind, workers=workers)
        return cid

    def respondent_name(self, pid: str) -> str:
        """The name a claimant writes for pid: the full name, or a shortened or colloquial one."""
        kind, _, name = self.party[pid]
        r = self.rng.random()
        if kind == "individual":
            return name if r < 0.6 else f"包工头{name}" if r < 0.85 else f"{name[0]}老板"
        if r < 0.75:
            return name
        for suffix in ("集团有限公司", "有限公司"):
            if name.endswith(suffix):
                return name[: -len(suffix)]
        return name

    def claims(self, p: Project, team: Team, respondent: str, share: float, *, employer: str | None = None,
               unregistered: int = 0, group: bool = True, liab: bool = True) -> list[str]:
        """Workers with arrears file claims (one group); liability for every unpaid worker."""
        r = self.rng
        owed = [w for w in team.workers if w.due > w.paid]
        filers = [w for w in owed if r.random() < share]
        if not filers and owed:
            filers = owed[:1]
        gid = self.nid("GRP", 5) if group and len(filers) + unregistered > 1 else None
        last_end = max((w.end for w in team.workers), default=p.end)
        filed = min(LAST, last_end + r.randint(5, 90))
        rname = self.respondent_name(respondent)
        n = len(filers) + unregistered
        out = []
        filed_by = {}
        for w in filers:
            amount = w.owed if r.random() < 0.7 else int(w.owed * r.uniform(0.6, 1.0))
            # a few come without the project: docs/legal-rules.md F ties them by the claimant's one project
            cid = self.claim(w.person, max(100, amount), filed, gid, p.pid if r.random() > 0.04 else None,
                             respondent, rname, f"{rname}拖欠{n}名工人工资，本人被欠{amount}元" if n > 1
                             else f"{rname}拖欠本人工资{amount}元")
            filed_by[w.person] = cid
            out.append(cid)
        emp = employer or team.employer
        if liab:
            for w in owed:
                self.add_liability(p, w.person, filed_by.get(w.person), emp, w.owed)
        for i in range(unregistered):
            wid = self.person()
            # a caller speaking for a crew (at least once in every bundle that has unregistered claimants)
            heads = r.randint(6, 15) if i == 0 and (r.random() < 0.3 or not self.crew_claims) else None
            self.crew_claims += heads is not None
            amount = r.randrange(5000, 40000, 100) * (heads or 1)
            text = f"{rname}拖欠{n}名工人工资，本人被欠{amount}元" if heads is None else \
                f"本人代表班组{heads}名工人反映{rname}拖欠工资共{amount}元"
            cid = self.claim(wid, amount, filed, gid, p.pid, respondent, rname, text, workers=heads)
            out.append(cid)
            if liab:  # employment unknown: the respondent stands as the employer
                self.add_liability(p, wid, cid, respondent, amount)
        if owed and r.random() < 0.3:  # an order to pay after the claims, complied with or not
            self.order(p, emp, filed + r.randint(5, 30), complied=r.random() < 0.4,
                       amount=sum(w.owed for w in owed) // 100 * 100)
        return out

    def add_liability(self, p: Project, claimant: str, claim_id: str | None, employer: str, amount: int,
                      kind: str = "wages") -> None:
        """Ask for the liability entry of one unpaid worker or claim; worked out by oracle.liabilities
        once the rows (owner payments, settlements, licences) are complete."""
        self.liab_req.append((p, claimant, claim_id, employer, amount, kind))

    def price_claim(self, p: Project, d: str, cid: str, unpaid: int) -> None:
        """The individual d, an actual constructor (实际施工人), claims the unpaid price of contract cid
        (kind ``price``); the hotline registers him as a person with his own 身份证号 (one human)."""
        r = self.rng
        c = self.contract[cid]
        if unpaid < 10_000:
            unpaid = int(c["amount"] * r.uniform(0.1, 0.3)) // 100 * 100
        row = self.party_row[d]
        wid = self.nid("W", 6)
        self.person_row[wid] = self.rows.persons(
            person_id=wid, name=row["name"], id_number=row["id_number"], phone=row["phone"],
            bank_account=row["bank_account"], address=row["address"])
        self.same_human.append([d, wid])
        frm = c["from_id"]
        rname = self.respondent_name(frm)
        claim = self.claim(wid, unpaid, min(LAST, p.end + r.randint(10, 90)), None, p.pid, frm, rname,
                           f"本人承包{p.name}{c['scope']}，{rname}尚欠工程款{unpaid}元", kind="price")
        self.add_liability(p, wid, claim, d, unpaid, "price")

    def injury_claim(self, p: Project, t: Team) -> None:
        """A worker of t whose wages were paid in full claims for a work injury (kind ``injury``)."""
        r = self.rng
        paid = [w for w in t.workers if w.due == w.paid]
        if not paid:
            return
        w = r.choice(paid)
        amount = r.randrange(30_000, 300_000, 1000)
        rname = self.respondent_name(t.employer)
        c = self.claim(w.person, amount, min(LAST, w.end + r.randint(5, 60)), None, p.pid, t.employer, rname,
                       f"本人在{p.name}施工中受伤，{rname}未缴纳工伤保险，要求工伤待遇{amount}元", kind="injury")
        self.add_liability(p, w.person, c, t.employer, amount, "injury")

    def small_arrears(self, p: Project, employer: str, payer: str) -> None:
        """One worker of employer owed ¥1,500-4,500 (below every X-REFUSE figure) who claims it."""
        r = self.rng
        wid = self.person()
        start = p.start + r.randint(20, 80)
        end = min(p.end, start + r.randint(60, 150))
        days = max(10, int((end - start) * 0.8))
        due = days * r.randrange(300, 450, 10)
        owed = r.randrange(1500, 4500, 10)
        self.employ(p, wid, employer, "worker", start, end, days, due, due - owed)
        self.pay(p, payer, wid, due - owed, end + r.randint(3, 20), "wage", None, bool(p.account))
        rname = self.respondent_name(employer)
        c = self.claim(wid, owed, min(LAST, end + r.randint(10, 60)), None, p.pid, employer, rname,
                       f"{rname}拖欠本人工资{owed}元")
        self.add_liability(p, wid, c, employer, owed)

    # ------------------------------------------------------------------ X-REFUSE (docs/legal-rules.md D)
    def team_amount_met(self, t: Team) -> bool:
        """Whether what t's employer owes its workers meets the X-REFUSE amount."""
        return refuse_amount_met([(w.owed, w.due, months(w.record["start"], w.record["end"])) for w in t.workers
                                  if w.due > w.paid], 0)

    def refuse_conduct(self, p: Project, x: str, owed: int, first: int, claims: list[str]) -> str:
        """How an employer that owes its workers behaves (docs/legal-rules.md D): moves the money to
        unrelated companies (tagged to the project), or to relatives with untagged transfers, or
        absconds (a date, and an order served by posting); an order to pay whose deadline passed
        without compliance comes with some. Returns the variant."""
        r = self.rng
        filed = min((day_number(self.claim_row[c]["filed"]) for c in claims), default=p.end + 30)
        before = max(first + 1, filed - 1)
        way = r.choice(("vendors", "vendors", "relatives", "absconded"))
        amount = int(owed * r.uniform(1.05, 1.6)) // 100 * 100
        if way == "vendors":
            self.divert(p, x, amount, first, before)
        elif way == "relatives":  # 转移财产 to family members, by untagged personal transfers
            surname = self.party_name(x)[0] if self.party[x].kind == "individual" else None
            kin = []
            for _ in range(r.randint(1, 3)):
                k = self.person(home=True)
                if surname:
                    self.person_row[k]["name"] = surname + self.person_row[k]["name"][1:]
                kin.append(k)
            for part in self.split(amount, r.randint(2, 5)):
                self.pay(None, x, r.choice(kin), part, r.randint(first, before), "other", None, None)
        else:  # fled: the order to pay is posted at the site
            self.party_row[x]["absconded"] = day(filed - r.randint(0, 20))
            self.order(p, x, filed + r.randint(3, 20), complied=False, served="posted",
                       amount=owed // 100 * 100)
        if way != "absconded" and r.random() < 0.5:
            self.order(p, x, filed + r.randint(3, 20), complied=False, amount=owed // 100 * 100)
        return way

    def expect_refuse(self, p: Project, t: Team, received: int) -> None:
        """t's workers claim; when the amount is met and the employer got the money, it refuses (X-REFUSE)."""
        total = sum(w.owed for w in t.workers if w.due > w.paid)
        claims = self.claims(p, t, t.employer if self.rng.random() < 0.6 else p.gc, self.rng.uniform(0.4, 1.0))
        if total and self.team_amount_met(t) and received >= total:
            self.refuse_conduct(p, t.employer, total, p.first_in.get(t.employer, p.start + 60), claims)
            self.expect(p, "X-REFUSE", t.employer)
