"""One scoring function per signal of docs/legal-rules.md E (E1–E5), the ring score, and the organisers.

Each ``e*`` function scores a candidate ring's members 0–1 on one signal and returns the facts the
wording (:mod:`.wording`) shows; :func:`ring_score` weighs them (``weights``); :func:`rank_organizers`
ranks members by centrality in the ring's link graph, the settlement money they end up with, and
being the named representative of group after group.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from .claims import Claim, ClaimsData, day
from .signals import max_projects_in_window, serial_claimants


@dataclass
class Serial:
    """E1: the same people claim on many projects within the window."""

    score: float
    n_window: int  # most projects claimed on within one window
    n_serial: int  # members claiming on ≥ min_projects projects within the window
    days: int  # from the first claim to the last


@dataclass
class Fake:
    """E2: claims without an employment record or above the wages due."""

    score: float
    no_attendance: list[str]  # the ring's projects on which no member has an employment record
    no_employment: int  # claims without an employment record
    over_claim: int  # claims above the wages due


@dataclass
class Shared:
    """E3: shared identifiers; the same person represents group after group."""

    score: float  # shared identifiers
    group_score: float  # representatives and members across groups
    identifiers: dict[str, list[str]]  # identifier key -> the members holding it
    serial_reps: dict[str, set[str]]  # representative's name -> the groups they stood for (≥ 2)
    multi_group: set[str]  # members in two groups or more


@dataclass
class Money:
    """E4: settlement money from builders flows to a few accounts."""

    score: float
    received: dict[str, float]  # member -> settlement money they end up with
    total: float  # paid in by builders
    top_share: float  # share of the two largest recipients


@dataclass
class Short:
    """E5: short time from first appearance on a site to the claim."""

    score: float
    after_entry: int  # registered claims filed within short_days of the start


def e1_serial(members: list[str], claims: list[Claim], cfg: dict) -> Serial:
    """E1: half the ring's projects within ``window_days`` (full at ``min_projects``), half the share
    of members who claim on two projects or more: fellow villagers each claiming once, unregistered,
    on a different site are not "the same people".

    Parameters
    ----------
    members : list of str
        The candidate ring.
    claims : list of Claim
        The members' suspicious claims.
    cfg : dict
        The ring settings (``min_projects``, ``window_days``).

    Examples
    --------
    >>> from .defaults import DEFAULTS
    >>> same = [Claim(f"C{p}{i}", p, 1, f"2024-0{i}-01", f"P{i}", no_employment=True) for p in "AB" for i in (1, 2, 3)]
    >>> e1_serial(["A", "B"], same, DEFAULTS)
    Serial(score=1.0, n_window=3, n_serial=2, days=60)
    >>> once = [Claim(f"C{i}", p, 1, f"2024-0{i}-01", f"P{i}", no_employment=True) for i, p in enumerate("ABC", 1)]
    >>> e1_serial(["A", "B", "C"], once, DEFAULTS)  # three villagers, one site each
    Serial(score=0.5, n_window=3, n_serial=0, days=60)
    """
    dated = [(d, c.project) for c in claims if c.project and (d := day(c.filed))]
    n_window = max_projects_in_window(dated, cfg["window_days"]) if dated else 0
    projects_of: dict[str, set[str]] = defaultdict(set)
    for c in claims:
        if c.project:
            projects_of[c.person].add(c.project)
    repeat = sum(len(projects_of[p]) >= 2 for p in members) / len(members)
    n_serial = len(serial_claimants(claims, cfg["min_projects"], cfg["window_days"]))
    span = [d for d, _ in dated]
    return Serial(0.5 * min(1.0, n_window / cfg["min_projects"]) + 0.5 * repeat, n_window, n_serial,
                  (max(span) - min(span)).days if span else 0)


def e2_fake(members: list[str], claims: list[Claim], n_claims: int, projects: list[str],
            employment: dict[tuple[str, str], list[dict]]) -> Fake:
    """E2: the share of the members' claims (``n_claims`` in all) that are suspicious — without an
    employment record or above the wages due (``claims``).

    Examples
    --------
    >>> fake = [Claim("C1", "A", 1, "2024-03-01", "P1", no_employment=True)]
    >>> e2_fake(["A"], fake, 2, ["P1"], {})
    Fake(score=0.5, no_attendance=['P1'], no_employment=1, over_claim=0)
    >>> e2_fake(["A"], [], 2, [], {("A", "P1"): [{"wage_due": 9000.0}]}).score  # claims within wages due
    0.0
    """
    return Fake(len(claims) / n_claims if n_claims else 0.0,
                [pr for pr in projects if not any(employment.get((p, pr)) for p in members)],
                sum(c.no_employment for c in claims), sum(c.over_claim for c in claims))


def ring_identifiers(members: list[str], data: ClaimsData, hub_max: int) -> dict[str, list[str]]:
    """Identifiers shared by ≥ 2 members: {identifier key: members holding it}.

    A large identifier (more than ``hub_max`` holders) is no link, but it is evidence here when most
    of its holders are members: then they are not "otherwise unrelated" (a ring's common account).

    >>> d = ClaimsData({}, {}, {}, {}, {}, {"phone:1": ("phone", "1", ["A", "B", "X"])}, {"A": ["phone:1"]})
    >>> ring_identifiers(["A", "B"], d, 6), ring_identifiers(["A", "B"], d, 2), ring_identifiers(["A"], d, 6)
    ({'phone:1': ['A', 'B']}, {'phone:1': ['A', 'B']}, {})
    """
    mset = set(members)
    held: dict[str, list[str]] = {}
    for key in sorted({k for p in members for k in data.holds.get(p, [])}):
        holders = data.identifiers[key][2]
        inside = [h for h in holders if h in mset]
        if len(inside) >= 2 and (len(holders) <= hub_max or 2 * len(inside) > len(holders)):
            held[key] = inside
    return held


def e3_shared(members: list[str], claims: list[Claim], data: ClaimsData, hub_max: int) -> Shared:
    """E3: the share of members holding an identifier with another member (:func:`ring_identifiers`);
    and, apart, groups: 1 when one representative stands for two groups or more, else the share of
    members found in two groups or more.

    Examples
    --------
    >>> d = ClaimsData({}, {}, {}, {}, {}, {"phone:1": ("phone", "1", ["A", "B"])}, {"A": ["phone:1"]})
    >>> cs = [Claim(f"C{g}", "A", 1, "2024-03-01", group=f"G{g}", reps=["刘大壮"]) for g in (1, 2)]
    >>> e = e3_shared(["A", "B"], cs, d, 6)
    >>> e.score, e.group_score, e.identifiers, sorted(e.serial_reps["刘大壮"]), e.multi_group
    (1.0, 1.0, {'phone:1': ['A', 'B']}, ['G1', 'G2'], {'A'})
    >>> d.identifiers["phone:1"] = ("phone", "1", ["A", "B", "X", "Y"])  # a hub, half of it outside
    >>> e3_shared(["A", "B"], cs[:1], d, 3)  # and one group only
    Shared(score=0.0, group_score=0.0, identifiers={}, serial_reps={}, multi_group=set())
    """
    shared = ring_identifiers(members, data, hub_max)
    sharing = {p for held in shared.values() for p in held}
    groups_of: dict[str, set[str]] = defaultdict(set)
    rep_groups: dict[str, set[str]] = defaultdict(set)
    for c in claims:
        if c.group:
            groups_of[c.person].add(c.group)
            for name in c.reps:
                rep_groups[name].add(c.group)
    multi_group = {p for p, g in groups_of.items() if len(g) >= 2}
    serial_reps = {name: g for name, g in rep_groups.items() if len(g) >= 2}
    return Shared(len(sharing) / len(members), 1.0 if serial_reps else min(1.0, len(multi_group) / len(members)),
                  shared, serial_reps, multi_group)


def money_kept(members: list[str], settlements: dict[str, list[tuple[str, str, float, bool]]]) -> dict[str, float]:
    """Settlement money each member ends up with: paid in by builders, plus forwarded by fellow
    members, less what the member forwarded to them (so a go-between keeps ≈ 0, the organiser the lot).

    >>> money_kept(["A", "B"], {"B": [("T1", "X", 100.0, True)], "A": [("T2", "B", 90.0, False)]})
    {'A': 90.0, 'B': 10.0}
    """
    mset = set(members)
    kept = dict.fromkeys(members, 0.0)
    for p in members:
        for _, payer, amount, builder in settlements.get(p, []):
            if builder:
                kept[p] += amount
            elif payer in mset:
                kept[p] += amount
                kept[payer] -= amount
    return {p: max(v, 0.0) for p, v in kept.items()}


def e4_money(members: list[str], settlements: dict[str, list[tuple[str, str, float, bool]]]) -> Money:
    """E4: the share of the builders' settlement money that the two largest recipients end up with
    (:func:`money_kept`), rescaled so that money spread evenly over all members is 0.

    Examples
    --------
    >>> e4_money(list("ABCD"), {"A": [("T1", "A1", 400.0, True)]}).score
    1.0
    >>> e4_money(list("ABCD"), {p: [(f"T{p}", "A1", 100.0, True)] for p in "ABCD"}).score  # evenly
    0.0
    """
    received = money_kept(members, settlements)
    total = sum(a for p in members for _, _, a, builder in settlements.get(p, []) if builder)
    top_share = sum(sorted(received.values(), reverse=True)[:2]) / total if total > 0 else 0.0
    even = 2 / len(members)
    return Money(max(0.0, (top_share - even) / (1 - even)) if total > 0 else 0.0, received, total, top_share)


def e5_short(claims: list[Claim]) -> Short:
    """E5: the share of claims filed soon after the claimant first appeared on the site (unregistered
    claimants appear with their claim).

    Examples
    --------
    >>> e5_short([Claim("C1", "A", 1, "2024-03-01", short_time=True), Claim("C2", "A", 1, "2024-05-01")])
    Short(score=0.5, after_entry=1)
    >>> e5_short([Claim("C1", "A", 1, "2024-03-01")])
    Short(score=0.0, after_entry=0)
    """
    return Short(sum(c.short_time for c in claims) / len(claims) if claims else 0.0,
                 sum(c.short_time for c in claims if not c.no_employment))


def ring_score(e1: Serial, e2: Fake, e3: Shared, e4: Money, e5: Short, weights: dict) -> float:
    """The weighted sum of the signals, at most 1, to 3 decimals.

    >>> w = {"serial": 0.3, "fake": 0.2, "shared": 0.2, "group": 0.1, "money": 0.15, "short": 0.05}
    >>> ring_score(Serial(1.0, 3, 1, 0), Fake(1.0, [], 0, 0), Shared(1.0, 0.0, {}, {}, set()),
    ...            Money(0.0, {}, 0.0, 0.0), Short(1.0, 0), w)
    0.75
    """
    score = (weights["serial"] * e1.score + weights["fake"] * e2.score + weights["shared"] * e3.score
             + weights["group"] * e3.group_score + weights["money"] * e4.score + weights["short"] * e5.score)
    return round(min(1.0, score), 3)


def rank_organizers(members: list[str], H: nx.Graph, received: dict[str, float],
                    named: set[str]) -> list[tuple[str, float]]:
    """Members with their organiser score, best first: betweenness and degree in the ring's link
    graph ``H`` (the one who ties the groups together), the settlement money they end up with,
    and being named as the representative of group after group.

    >>> H = nx.Graph([("A", "g1"), ("A", "g2"), ("B", "g1"), ("C", "g2")])
    >>> rank_organizers(["A", "B", "C"], H, {"A": 0.0, "B": 0.0, "C": 0.0}, set())[0]
    ('A', 0.4)
    """
    H = H.copy()
    mset = set(members)
    # buckets shared by fewer than two members carry no tie
    H.remove_nodes_from([n for n in list(H) if n not in mset and H.degree(n) < 2])
    btw = nx.betweenness_centrality(H) if len(H) > 2 else {}
    deg = {p: H.degree(p) if p in H else 0 for p in members}
    max_b = max((btw.get(p, 0.0) for p in members), default=0.0) or 1.0
    max_d = max(deg.values(), default=0) or 1
    max_m = max(received.values(), default=0.0) or 1.0
    org = {p: round(0.25 * btw.get(p, 0.0) / max_b + 0.15 * deg[p] / max_d + 0.4 * received[p] / max_m
                    + 0.2 * (p in named), 6) for p in members}
    return sorted(org.items(), key=lambda t: (-t[1], t[0]))


def organizers(ranked: list[tuple[str, float]], cfg: dict) -> list[str]:
    """The top-ranked members (at most ``max_organizers``) scoring ≥ ``organizer_share`` of the best.

    >>> organizers([("A", 0.8), ("B", 0.5), ("C", 0.4)], {"max_organizers": 3, "organizer_share": 0.6})
    ['A', 'B']
    """
    top = ranked[0][1]
    return [p for p, o in ranked[: cfg["max_organizers"]] if top > 0 and o >= cfg["organizer_share"] * top]
