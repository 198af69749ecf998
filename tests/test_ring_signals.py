"""Each signal of docs/legal-rules.md E scored on its own (graphchain.analysis.rings.scoring): a case
that raises it and its twin that must not — the guards of section E (a collective claim over real
arrears, a worker moving between sites with attendance everywhere, a hub phone, money spread evenly)."""

from __future__ import annotations

import networkx as nx

from graphchain.analysis.rings import DEFAULTS, collect, find_rings, mask
from graphchain.analysis.rings.claims import Claim, ClaimsData
from graphchain.analysis.rings.links import link_buckets
from graphchain.analysis.rings.scoring import e1_serial, e2_fake, e3_shared, e4_money, e5_short
from graphchain.analysis.rings.signals import claim_signals
from graphchain.report.masking import mask_value
from graphchain.schema import claim_key, identifier_key, project_key


class Graph:
    """A graph in the model's shape (nodes and edges as graphchain.model gives them), built by hand."""

    def __init__(self) -> None:
        self.G = nx.MultiDiGraph()
        self.n = 0

    def person(self, pid: str, name: str | None = None, **ids: str) -> Graph:
        self.G.add_node(pid, label="Person", id=pid, person_id=pid, name=name or f"人{pid}")
        for kind, value in ids.items():
            key = identifier_key(kind, value)
            self.G.add_node(key, label="Identifier", id=key, kind=kind, value=value)
            self.G.add_edge(pid, key, kind, rel="HAS", kind=kind)
        return self

    def party(self, pid: str) -> Graph:
        self.G.add_node(pid, label="Party", id=pid, party_id=pid, name=f"{pid}建设有限公司", kind="company")
        return self

    def employ(self, pid: str, project: str, start: str, due: float, paid: float, employer: str = "L1") -> Graph:
        self.n += 1
        self.G.add_edge(pid, employer, f"E{self.n}", rel="EMPLOYED", id=f"E{self.n}", project_id=project,
                        start=start, wage_due=due, wage_paid=paid)
        return self

    def claim(self, pid: str, project: str, filed: str, amount: float = 9000.0, group: str | None = None,
              text: str | None = None) -> Graph:
        self.n += 1
        cid = f"C{self.n}"
        d = {"label": "Claim", "id": cid, "claim_id": cid, "claimant_id": pid, "amount": amount, "filed": filed,
             "project_id": project}
        d |= {"group_id": group} if group else {}
        d |= {"text": text} if text else {}
        self.G.add_node(claim_key(cid), **d)
        self.G.add_edge(pid, claim_key(cid), f"filed:{cid}", rel="FILED")
        self.G.add_edge(claim_key(cid), project_key(project), f"on:{cid}", rel="ON")
        return self

    def pay(self, payer: str, payee: str, amount: float, purpose: str = "other") -> Graph:
        self.n += 1
        self.G.add_edge(payer, payee, f"T{self.n}", rel="PAID", id=f"T{self.n}", amount=amount, purpose=purpose)
        return self

    def data(self, cfg: dict = DEFAULTS) -> ClaimsData:
        d = collect(self.G)
        claim_signals(d, cfg)
        return d


def suspicious(data: ClaimsData, members: list[str]) -> list[Claim]:
    return sorted((c for c in data.claims.values() if c.person in members and c.suspicious), key=lambda c: c.id)


CREW = ["A", "B", "C"]
SITES = ("P1", "P2", "P3")


def crew(months=("2024-01-10", "2024-04-10", "2024-07-10"), **ids) -> Graph:
    """Three unregistered people claiming together on three sites."""
    g = Graph()
    for p in CREW:
        g.person(p, **ids)
        for proj, day in zip(SITES, months, strict=True):
            g.claim(p, proj, day)
    return g


# ------------------------------------------------------------------ E1 the same people on many projects
def test_e1_raised_by_the_same_people_on_three_sites_within_two_years():
    data = crew().data()
    e1 = e1_serial(CREW, suspicious(data, CREW), DEFAULTS)
    assert (e1.score, e1.n_window, e1.n_serial, e1.days) == (1.0, 3, 3, 182)


def test_e1_twin_the_same_sites_years_apart_make_no_serial_claimant():
    data = crew(months=("2020-01-10", "2021-06-10", "2022-03-10")).data()  # 790 days
    e1 = e1_serial(CREW, suspicious(data, CREW), DEFAULTS)
    assert e1.n_serial == 0 and e1.n_window == 2 and e1.score < 1.0


def test_e1_twin_villagers_each_claiming_once_are_not_the_same_people():
    g = Graph()
    for p, proj in zip(CREW, SITES, strict=True):
        g.person(p).claim(p, proj, "2024-03-10")
    e1 = e1_serial(CREW, suspicious(g.data(), CREW), DEFAULTS)
    assert e1.n_serial == 0 and e1.score == 0.5  # three sites, but nobody on two


def test_e1_twin_a_mover_with_attendance_everywhere_is_not_serial():
    g = Graph().person("M")
    for i, proj in enumerate(SITES):
        g.employ("M", proj, f"202{i}-03-01", due=36000, paid=30000).claim("M", proj, f"202{i}-12-15", amount=6000)
    data = g.data()
    assert suspicious(data, ["M"]) == []
    assert e1_serial(["M"], [], DEFAULTS).n_serial == 0


# ------------------------------------------------------------------ E2 no attendance, or above wages due
def test_e2_raised_by_claims_without_attendance_and_above_wages_due():
    g = crew()
    g.employ("A", "P1", "2024-01-01", due=10000, paid=8000)  # A is registered on P1, owed 2,000, claims 9,000
    data = g.data()
    claims = suspicious(data, CREW)
    e2 = e2_fake(CREW, claims, 9, list(SITES), data.employment)
    assert (e2.score, e2.no_employment, e2.over_claim) == (1.0, 8, 1)
    assert e2.no_attendance == ["P2", "P3"]


def test_e2_twin_a_collective_claim_over_real_arrears_is_not_fake():
    g = Graph()
    workers = [f"W{i}" for i in range(10)]
    for w in workers:
        g.person(w, address="河南省信阳市固始县").employ(w, "P4", "2023-03-01", due=40000, paid=10000)
        for j, day in enumerate(("2024-01-10", "2024-03-01", "2024-06-01")):  # filed again and again
            g.claim(w, "P4", day, amount=30000, group=f"GW{j}", text="代表W0等10人讨要工资")
    data = g.data()
    assert suspicious(data, workers) == []
    assert e2_fake(workers, [], 30, [], data.employment).score == 0.0
    assert link_buckets(data, DEFAULTS) == ({}, [])
    assert find_rings(g.G) == ([], [])


def test_e2_twin_a_claim_within_the_tolerance_of_wages_due():
    g = Graph().person("A").employ("A", "P1", "2024-01-01", due=10000, paid=0).claim("A", "P1", "2024-06-01", 10500)
    c = g.data().claims["C2"]
    assert not c.over_claim and not c.suspicious  # 5 % over is a rounding of what is owed, not extortion


# ------------------------------------------------------------------ E3 shared identifiers, one representative
def test_e3_raised_by_a_shared_phone():
    data = crew(phone="13800001111").data()
    e3 = e3_shared(CREW, suspicious(data, CREW), data, DEFAULTS["hub_max_holders"])
    assert e3.score == 1.0 and e3.identifiers == {"phone:13800001111": CREW}


def test_e3_twin_a_hub_phone_links_nobody_and_is_no_evidence():
    g = crew(phone="010-88886666")
    for i in range(10):  # the site-office phone, given by ten unrelated workers too
        g.person(f"H{i}", phone="010-88886666")
    data = g.data()
    e3 = e3_shared(CREW, suspicious(data, CREW), data, DEFAULTS["hub_max_holders"])
    assert e3.score == 0.0 and e3.identifiers == {}
    buckets, hubs = link_buckets(data, DEFAULTS)
    assert not any(k.startswith("id:") for k in buckets) and hubs == [("phone", "010-88886666", 13)]


def test_e3_raised_by_one_representative_of_group_after_group():
    g = Graph()
    for p, name in zip(CREW, ("刘大壮", "陈二虎", "张三水"), strict=True):
        g.person(p, name)
        for i, proj in enumerate(SITES):
            g.claim(p, proj, f"2024-0{i + 1}-10", group=f"G{i}", text="刘大壮代表陈二虎等3人讨薪")
    data = g.data()
    e3 = e3_shared(CREW, suspicious(data, CREW), data, DEFAULTS["hub_max_holders"])
    assert e3.group_score == 1.0 and sorted(e3.serial_reps["刘大壮"]) == ["G0", "G1", "G2"]


def test_e3_twin_one_group_with_a_representative_is_no_serial_representative():
    g = Graph()
    for p, name in zip(CREW, ("刘大壮", "陈二虎", "张三水"), strict=True):
        g.person(p, name).claim(p, "P1", "2024-01-10", group="G0", text="刘大壮代表陈二虎等3人讨薪")
    data = g.data()
    e3 = e3_shared(CREW, suspicious(data, CREW), data, DEFAULTS["hub_max_holders"])
    assert e3.group_score == 0.0 and e3.serial_reps == {} and e3.multi_group == set()


# ------------------------------------------------------------------ E4 settlement money to a few accounts
def test_e4_raised_by_settlements_ending_with_one_member():
    g = crew().party("A1").pay("A1", "B", 100000).pay("B", "A", 90000)  # B forwards it to A
    e4 = e4_money(CREW, g.data().settlements)
    assert e4.score == 1.0 and e4.total == 100000 and e4.received == {"A": 90000.0, "B": 10000.0, "C": 0.0}


def test_e4_twin_settlements_spread_evenly_and_wages_are_not_settlements():
    g = crew().party("A1")
    for p in CREW:
        g.pay("A1", p, 30000)
    assert e4_money(CREW, g.data().settlements).score == 0.0
    wages = crew().party("A1").pay("A1", "A", 100000, purpose="wage")
    e4 = e4_money(CREW, wages.data().settlements)
    assert e4.score == 0.0 and e4.total == 0


# ------------------------------------------------------------------ E5 short time from arrival to claim
def test_e5_raised_by_claims_soon_after_arrival():
    g = Graph().person("A").employ("A", "P1", "2024-03-01", due=1000, paid=0).claim("A", "P1", "2024-03-20", 5000)
    claims = suspicious(g.data(), ["A"])
    assert e5_short(claims).score == 1.0 and e5_short(claims).after_entry == 1


def test_e5_twin_a_claim_months_after_arrival():
    g = Graph().person("A").employ("A", "P1", "2024-03-01", due=1000, paid=0).claim("A", "P1", "2024-09-20", 5000)
    claims = suspicious(g.data(), ["A"])  # suspicious (above wages due), but not soon after arrival
    assert claims and e5_short(claims).score == 0.0 and e5_short(claims).after_entry == 0


# ------------------------------------------------------------------ the package's face
def test_one_masking_rule_for_rings_and_reports():
    assert mask is mask_value
    g = crew(id_number="11010519491231002X")
    signals = find_rings(g.G)[0][0]["signals"]
    assert "共用身份证号 1101**********002X（3人）" in signals  # as the reports mask it
    assert not any("11010519491231002X" in s for s in signals)


