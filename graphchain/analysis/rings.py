"""Extortion rings (假讨薪真敲诈): groups of claimants who fake wage claims to extort builders.

docs/legal-rules.md section E. No signal decides alone, so rings are built in three plain steps:

1. **Suspicious claims** (:func:`claim_signals`). A claim is suspicious when the claimant has no
   employment (实名制/考勤) record on that project, or claims more than the wages still due there
   (wage_due − wage_paid). A registered worker claiming at most what is due is never suspicious:
   that is the guard for collective claims over real arrears and for workers who move between
   sites — however many of them claim, and however often.
2. **Links** (:func:`link_buckets`) between claimants with suspicious claims, from explicit shared
   things: an identifier (phone, bank account, address, id number) held by at most
   ``hub_max_holders`` agents (a site-office phone held by fifty workers links nobody), a claim
   group, a representative named in the texts of group after group ("张三代表李四等8人"), and — for
   serial claimants filing without a group id — claims on the same project at the same time
   (a burst, claims at most ``co_claim_days`` apart), between those who claimed together like that
   on ``co_claim_projects`` projects or more: a stranger filing on the same site that month, or
   another ring, shares one site with them, not several.
   Each shared thing is a *bucket*; claimants are joined through buckets with union–find, so the
   cost is linear in the number of claims — pairs are counted only within one burst on one site.
3. **Rings** (:func:`find_rings`): connected components, split with Louvain (fixed seed) when larger
   than ``max_ring_size``; each scored 0–1 from its signals (:func:`score_ring`), kept with
   ≥ ``min_members`` members, a serial claimant among them (≥ ``min_projects`` projects within
   ``window_days``) and score ≥ ``min_score``; organisers ranked by centrality in the ring's link
   graph, by the settlement money they end up with, and by being the named representative.

Works on the whole graph or on the claims subgraph (:func:`claims_subgraph` in memory,
:func:`claims_graph_from_store` from Neo4j): both give the same rings.

>>> rings, findings = find_rings(G)                      # doctest: +SKIP
>>> rings[0]["ring_id"], rings[0]["organizers"]           # doctest: +SKIP
('G1', ['W7'])
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

import networkx as nx

from ..legal import RULES
from ..model import on_project
from ..schema import LABELS_ZH
from ..util import paused_gc

DEFAULTS: dict = {
    # an identifier held by more agents (persons and parties) than this is a hub: it links nobody
    "hub_max_holders": 6,
    # a claim above this multiple of the wages still due on the project is "above wages due"
    "over_claim_ratio": 1.05,
    # "short time": a claim filed at most this many days after the claimant first appeared on the site
    "short_days": 30,
    # E1: claims on at least min_projects projects within window_days make a serial claimant / ring
    "min_projects": 3,
    "window_days": 730,
    # serial claimants filing without a group id on one project at one time (claims no more than
    # co_claim_days apart, one after the other) are linked when they claimed together like that on
    # at least co_claim_projects projects (a stranger filing on the same site that month shares one)
    "co_claim_days": 14,
    "co_claim_projects": 2,
    # a kept ring has at least this many members and at least this score
    "min_members": 3,
    "min_score": 0.5,
    # components larger than this are split into communities (Louvain, fixed seed)
    "max_ring_size": 30,
    "louvain_seed": 7,
    "louvain_resolution": 1.0,
    # organisers: at most this many, and only members scoring at least this share of the top one
    "max_organizers": 3,
    "organizer_share": 0.6,
    # signal weights of the ring score (they sum to 1)
    "weights": {"serial": 0.3, "fake": 0.2, "shared": 0.2, "group": 0.1, "money": 0.15, "short": 0.05},
}

# "张三代表李四等8人" / "由张三代表": the name before 代表 is the group's representative; the name
# after it ("代表李四等8人") is the first-named member. Both name someone who stands for the group.
_CJK = re.compile(r"[\u4e00-\u9fa5·]")
_NOT_NAMES = {"我们", "我", "本人", "工人", "大家", "农民工", "工友", "我们工人"}
_REP_AFTER = re.compile(r"代表\s*([\u4e00-\u9fa5·]{2,4}?)\s*等\s*\d+\s*[人名]")
_MASKED = ("phone", "bank_account", "id_number")


# ------------------------------------------------------------------ small helpers
def settings(config: dict | None) -> dict:
    """DEFAULTS overridden by ``config["rings"]`` (weights merge key by key)."""
    over = (config or {}).get("rings", {})
    out = DEFAULTS | {k: v for k, v in over.items() if k != "weights"}
    out["weights"] = DEFAULTS["weights"] | over.get("weights", {})
    return out


def mask(value: str) -> str:
    """Keep the first 3 and last 4 characters of a personal number.

    >>> mask("13812345678"), mask("6217000010001234567"), mask("12345")
    ('138****5678', '621************4567', '*****')
    """
    s = str(value)
    return s[:3] + "*" * (len(s) - 7) + s[-4:] if len(s) > 7 else "*" * len(s)


def _day(s: str | None) -> date | None:
    try:
        return date.fromisoformat(str(s)[:10]) if s else None
    except ValueError:
        return None


def representative_names(text: str | None, known: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Names a complaint text gives as standing for the group: the name before 代表 ("张三代表…");
    failing that, the first-named member in "代表X等N人".

    Before 代表 the name has no delimiter ("工地上刘大壮代表…"), so the longest 2–4 character tail of
    the preceding run that is a ``known`` name is taken; failing that, the run itself when it is
    2–4 characters long (a name at the start of a sentence).

    >>> representative_names("刘大壮代表李四等8人讨薪"), representative_names("工地上刘大壮代表大家", {"刘大壮"})
    (['刘大壮'], ['刘大壮'])
    >>> representative_names("我们代表李四等8人讨薪")
    ['李四']
    """
    if not text:
        return []
    text = str(text)
    out = []
    start = text.find("代表")
    while start >= 0:
        i = start
        while i > 0 and start - i < 8 and _CJK.match(text[i - 1]):
            i -= 1
        run = text[i:start]
        run = run[1:] if run.startswith("由") else run
        tails = [run[-k:] for k in (4, 3, 2) if len(run) >= k and run[-k:] in known]
        if tails:
            out.append(tails[0])
        elif 2 <= len(run) <= 4 and (i == 0 or not _CJK.match(text[i - 1])) and run not in _NOT_NAMES:
            out.append(run)
        start = text.find("代表", start + 2)
    if not out:
        out = [m.group(1) for m in _REP_AFTER.finditer(text)]
    return list(dict.fromkeys(out))


class UnionFind:
    """Disjoint sets with path halving; ``union`` is amortised O(1).

    >>> uf = UnionFind(); uf.union("a", "b"); uf.find("a") == uf.find("b")
    True
    """

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller key becomes the root, so components do not depend on the order of unions
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


# ------------------------------------------------------------------ step 0: what the graph says
@dataclass
class Claim:
    id: str
    person: str
    amount: float
    filed: str
    project: str | None = None
    respondent: str | None = None
    group: str | None = None
    reps: list[str] = field(default_factory=list)
    no_employment: bool = False
    over_claim: bool = False
    short_time: bool = False

    @property
    def suspicious(self) -> bool:
        return self.no_employment or self.over_claim


@dataclass
class ClaimsData:
    """Everything the ring analysis reads from the graph, in plain dicts."""

    claims: dict[str, Claim]  # claim_id -> claim
    names: dict[str, str]  # claimant person_id -> name
    employment: dict[tuple[str, str], list[dict]]  # (person, project) -> EMPLOYED edge attrs
    by_employer: dict[tuple[str, str], list[dict]]  # (person, employer) -> EMPLOYED edge attrs
    # person -> [(payment_id, payer, amount, from a builder)]: money "other" than wages or works to a claimant
    settlements: dict[str, list[tuple[str, str, float, bool]]]
    identifiers: dict[str, tuple[str, str, list[str]]]  # identifier key -> (kind, value, holders)
    holds: dict[str, list[str]] = field(default_factory=dict)  # claimant -> identifier keys held


def collect(G: nx.MultiDiGraph) -> ClaimsData:
    """Read claims, their claimants' employment, settlements and identifiers from ``G``.

    Only the neighbourhoods of claimants are visited (plus one pass over the nodes), so the whole
    graph and the claims subgraph give the same data.
    """
    claims: dict[str, Claim] = {}
    texts: dict[str, str | None] = {}
    for _, d in G.nodes(data=True):
        if d.get("label") != "Claim":
            continue
        c = Claim(str(d["id"]), str(d["claimant_id"]), float(d.get("amount", 0.0)), str(d.get("filed", "")),
                  on_project(d), d.get("respondent_id"), d.get("group_id"))
        claims[c.id] = c
        texts[c.id] = d.get("text")
    persons = sorted({c.person for c in claims.values()})
    names: dict[str, str] = {}
    employment: dict[tuple[str, str], list[dict]] = defaultdict(list)
    by_employer: dict[tuple[str, str], list[dict]] = defaultdict(list)
    settlements: dict[str, list] = defaultdict(list)
    identifiers: dict[str, tuple[str, str, list[str]]] = {}
    holds: dict[str, list[str]] = defaultdict(list)
    succ, pred, nodes = G.succ, G.pred, G.nodes  # plain adjacency dicts: much faster than edge views
    for p in persons:
        if p not in G:
            continue
        names[p] = str(nodes[p].get("name", p))
        for v, keyed in succ[p].items():
            for k, d in keyed.items():
                rel = d.get("rel")
                if rel == "EMPLOYED":
                    employment[(p, str(d.get("project_id")))].append(d)
                    by_employer[(p, v)].append(d)
                elif rel == "HAS":
                    holds[p].append(v)
                    if v not in identifiers:
                        holders = sorted(u for u, ks in pred[v].items()
                                         if any(e.get("rel") == "HAS" for e in ks.values()))
                        identifiers[v] = (str(nodes[v].get("kind", k)), str(nodes[v].get("value", v)), holders)
        for u, keyed in pred[p].items():
            for k, d in keyed.items():
                # settlement money: a builder (a party) pays a claimant for "other" than wages or works;
                # kept too when a person pays it (a member forwarding a settlement to the organiser)
                if d.get("rel") == "PAID" and d.get("purpose") == "other":
                    builder = nodes[u].get("label") == "Party"
                    settlements[p].append((str(k), u, float(d.get("amount", 0.0)), builder))
    known = frozenset(names.values())
    for c in claims.values():
        c.reps = representative_names(texts[c.id], known)
    return ClaimsData(claims, names, dict(employment), dict(by_employer), dict(settlements), identifiers,
                      {p: sorted(keys) for p, keys in holds.items()})


# ------------------------------------------------------------------ step 1: suspicious claims
def claim_signals(data: ClaimsData, cfg: dict) -> None:
    """Mark each claim: no employment record there, above wages due, filed soon after first appearance.

    The employment that counts is the claimant's on the claim's project, or — when the claim names
    no project — with the claim's respondent. A claim naming neither cannot be judged and stays
    unsuspicious.

    >>> d = ClaimsData({"C1": Claim("C1", "W1", 90000, "2024-03-01", "P1")}, {}, {}, {}, {}, {})
    >>> claim_signals(d, DEFAULTS); d.claims["C1"].no_employment
    True
    """
    first_claim: dict[tuple[str, str], str] = {}
    for c in data.claims.values():
        if c.project:
            k = (c.person, c.project)
            first_claim[k] = min(first_claim.get(k, c.filed), c.filed)
    for c in data.claims.values():
        if c.project:
            rows = data.employment.get((c.person, c.project), [])
        elif c.respondent:
            rows = data.by_employer.get((c.person, c.respondent), [])
        else:
            continue
        if not rows:
            c.no_employment = True
            c.short_time = True  # first seen on the site when claiming
            continue
        dues = [float(r["wage_due"]) - float(r.get("wage_paid", 0.0)) for r in rows if "wage_due" in r]
        if dues and c.amount > max(sum(dues), 0.0) * cfg["over_claim_ratio"] + 0.5:
            c.over_claim = True
        starts = [s for s in (_day(r.get("start")) for r in rows) if s]
        filed = _day(c.filed)
        if starts and filed and (filed - min(starts)).days <= cfg["short_days"]:
            c.short_time = True


def serial_claimants(claims: Iterable[Claim], min_projects: int, window_days: int) -> set[str]:
    """Persons with suspicious claims on ≥ ``min_projects`` projects within ``window_days``.

    >>> cs = [Claim(f"C{i}", "W1", 1, f"2024-0{i}-01", f"P{i}", no_employment=True) for i in (1, 2, 3)]
    >>> serial_claimants(cs, 3, 730)
    {'W1'}
    """
    dated: dict[str, list[tuple[date, str]]] = defaultdict(list)
    for c in claims:
        day = _day(c.filed)
        if c.suspicious and c.project and day:
            dated[c.person].append((day, c.project))
    return {p for p, items in dated.items() if max_projects_in_window(items, window_days) >= min_projects}


def max_projects_in_window(items: list[tuple[date, str]], window_days: int) -> int:
    """Most distinct projects among (day, project) items falling within any window (two pointers).

    >>> d = date.fromisoformat
    >>> max_projects_in_window([(d("2020-01-01"), "P1"), (d("2023-01-01"), "P2"), (d("2023-02-01"), "P3")], 730)
    2
    """
    items = sorted(items)
    counts: Counter[str] = Counter()
    best = lo = 0
    for day, proj in items:
        counts[proj] += 1
        while (day - items[lo][0]).days > window_days:
            counts[items[lo][1]] -= 1
            if counts[items[lo][1]] == 0:
                del counts[items[lo][1]]
            lo += 1
        best = max(best, len(counts))
    return best


# ------------------------------------------------------------------ step 2: links through buckets
def link_buckets(data: ClaimsData, cfg: dict) -> tuple[dict[str, set[str]], list[tuple[str, str, int]]]:
    """Buckets of linked claimants: ``{bucket key: persons}``; and the hubs that were dropped.

    Bucket keys: ``id:<identifier key>``, ``group:<group_id>``, ``rep:person:<id>`` or
    ``rep:name:<name>`` (:func:`representative_key`), ``project:<id>:<first day>:<person>``
    (serial claimants claiming together on one project without a group id:
    :func:`claim_bursts`, :func:`co_claimed_together`).
    Only persons with suspicious claims enter a bucket (only suspicious claims count), so a shared
    group or project on its own — a real collective claim — links nobody.

    >>> d = ClaimsData({}, {}, {}, {}, {}, {"phone:1": ("phone", "1", ["W1", "W2"])})
    >>> link_buckets(d, DEFAULTS)[0]
    {}
    """
    suspects = {c.person for c in data.claims.values() if c.suspicious}
    buckets: dict[str, set[str]] = defaultdict(set)
    hubs: list[tuple[str, str, int]] = []
    for key, (kind, value, holders) in data.identifiers.items():
        members = [h for h in holders if h in suspects]
        if len(members) < 2:
            continue
        if len(holders) > cfg["hub_max_holders"]:
            hubs.append((kind, value, len(holders)))
            continue
        buckets[f"id:{key}"].update(members)
    by_name: dict[str, list[str]] = defaultdict(list)  # every claimant of a name, suspicious or not
    for p, name in data.names.items():
        by_name[name].append(p)
    in_group: dict[tuple[str, str], str] = {}  # (group, name) -> the claimant of that name in the group
    for c in data.claims.values():
        if c.group and c.person in data.names:
            in_group.setdefault((c.group, data.names[c.person]), c.person)
    serial = serial_claimants(data.claims.values(), cfg["min_projects"], cfg["window_days"])
    on_site: dict[str, list[tuple[date, str]]] = defaultdict(list)  # project -> serial claims without group
    for c in data.claims.values():
        if not c.suspicious:
            continue
        if c.group:
            buckets[f"group:{c.group}"].add(c.person)
        for name in c.reps:
            rep = representative_key(name, c.group, in_group, by_name, suspects)
            if rep:
                buckets[rep].add(c.person)
                rep_person = rep[len("rep:person:"):] if rep.startswith("rep:person:") else None
                if rep_person in suspects:
                    buckets[rep].add(rep_person)
        day = _day(c.filed)
        if c.project and day and c.person in serial and not c.group:
            on_site[c.project].append((day, c.person))
    co_claims = claim_bursts(on_site, cfg["co_claim_days"])
    for (project, when, first), persons in co_claimed_together(co_claims, cfg["co_claim_projects"]).items():
        buckets[f"project:{project}:{when}:{first}"] = persons
    return {k: v for k, v in buckets.items() if len(v) >= 2}, sorted(hubs)


def claim_bursts(on_site: dict[str, list[tuple[date, str]]], gap_days: int) -> dict[tuple[str, str], set[str]]:
    """Claims on one project split into bursts where more than ``gap_days`` pass without a claim:
    ``{(project, first day): claimants}`` — a batch filed one by one over a few weeks stays one.

    >>> d = date.fromisoformat
    >>> bursts = claim_bursts({"P1": [(d("2024-03-01"), "A"), (d("2024-03-12"), "B"), (d("2024-06-01"), "C")]}, 14)
    >>> {k: sorted(v) for k, v in bursts.items()}
    {('P1', '2024-03-01'): ['A', 'B'], ('P1', '2024-06-01'): ['C']}
    """
    out: dict[tuple[str, str], set[str]] = {}
    for project in sorted(on_site):
        last = None
        for day, person in sorted(on_site[project]):
            if last is None or (day - last).days > gap_days:
                key = (project, day.isoformat())
                out[key] = set()
            out[key].add(person)
            last = day
    return out


def co_claimed_together(co_claims: dict[tuple[str, str], set[str]],
                        min_projects: int) -> dict[tuple[str, str, str], set[str]]:
    """Serial claimants who filed without a group id in one burst on a project (a joint claim all
    the same), linked only to bucket-mates they also claimed together with on other projects —
    ``min_projects`` projects in all: ``{(project, first day, first person): claimants}``.

    A stranger who happened to file on the same site at the time (a day labourer, another ring)
    shares one site with them, not several; two rings that met on one site stay apart.

    >>> co = {("P1", "d1"): {"A", "B", "X", "Y"}, ("P2", "d5"): {"A", "B"}, ("P3", "d9"): {"X", "Y"}}
    >>> sorted((k, sorted(v)) for k, v in co_claimed_together(co, 2).items() if k[0] == "P1")
    [(('P1', 'd1', 'A'), ['A', 'B']), (('P1', 'd1', 'X'), ['X', 'Y'])]
    """
    together: dict[tuple[str, str], set[str]] = defaultdict(set)  # pair -> projects claimed on together
    for (project, _), persons in co_claims.items():
        if len(persons) >= 2:
            for a, b in combinations(sorted(persons), 2):  # one site's burst: a batch, small
                together[a, b].add(project)
    out = {}
    for (project, day), persons in sorted(co_claims.items()):
        uf = UnionFind()
        for a, b in combinations(sorted(persons), 2):
            if len(together[a, b]) >= min_projects:
                uf.union(a, b)
        parts: dict[str, set[str]] = defaultdict(set)
        for x in sorted(uf.parent):
            parts[uf.find(x)].add(x)
        for root, part in sorted(parts.items()):
            out[(project, day, root)] = part
    return out


def representative_key(name: str, group: str | None, in_group: dict[tuple[str, str], str],
                       by_name: dict[str, list[str]], suspects: set[str]) -> str | None:
    """The bucket of a representative named in a claim's text, or None when the name is ambiguous.

    The claimant of that name in the same group; else the one suspicious claimant of that name;
    else, when no claimant bears it, the name itself (a representative who never claims). Two
    organisers who merely share a common name (王伟) are never joined.

    >>> representative_key("张三", "G1", {("G1", "张三"): "W1"}, {"张三": ["W1", "W9"]}, set())
    'rep:person:W1'
    >>> representative_key("张三", None, {}, {"张三": ["W1", "W9"]}, {"W1", "W9"}) is None
    True
    """
    if group and (group, name) in in_group:
        return f"rep:person:{in_group[(group, name)]}"
    holders = by_name.get(name, [])
    named = [p for p in holders if p in suspects]
    if len(named) == 1:
        return f"rep:person:{named[0]}"
    return f"rep:name:{name}" if not holders else None


def bucket_components(buckets: dict[str, set[str]]) -> list[list[str]]:
    """Connected components of persons joined through shared buckets (union–find), sorted.

    >>> bucket_components({"id:a": {"W1", "W2"}, "group:g": {"W2", "W3"}, "rep:x": {"W8", "W9"}})
    [['W1', 'W2', 'W3'], ['W8', 'W9']]
    """
    uf = UnionFind()
    for key in sorted(buckets):
        first, *rest = sorted(buckets[key])
        uf.find(first)
        for p in rest:
            uf.union(first, p)
    comps: dict[str, list[str]] = defaultdict(list)
    for p in sorted(uf.parent):
        comps[uf.find(p)].append(p)
    return sorted(comps.values(), key=lambda c: (-len(c), c))


def link_graph(members: Iterable[str], buckets: dict[str, set[str]], bucket_index: dict[str, list[str]]) -> nx.Graph:
    """The bipartite link graph of some persons: person — bucket edges, built in sorted order."""
    members = sorted(members)
    H = nx.Graph()
    H.add_nodes_from(members, kind="person")
    for p in members:
        for b in bucket_index.get(p, []):
            # weight: a bucket shared by few is a stronger tie than one shared by many
            H.add_edge(p, b, weight=1.0 / math.log2(1 + len(buckets[b])))
    return H


def split_component(members: list[str], buckets: dict[str, set[str]], bucket_index: dict[str, list[str]],
                    cfg: dict) -> list[list[str]]:
    """A component too large to be one ring, split into Louvain communities (fixed seed)."""
    if len(members) <= cfg["max_ring_size"]:
        return [members]
    H = link_graph(members, buckets, bucket_index)
    comms = nx.community.louvain_communities(H, weight="weight", resolution=cfg["louvain_resolution"],
                                             seed=cfg["louvain_seed"])
    parts = [sorted(n for n in c if H.nodes[n].get("kind") == "person") for c in comms]
    return sorted((p for p in parts if p), key=lambda c: (-len(c), c))


# ------------------------------------------------------------------ step 3: score, organisers, output
def ring_identifiers(members: list[str], data: ClaimsData, hub_max: int) -> dict[str, list[str]]:
    """Identifiers shared by ≥ 2 members: {identifier key: members holding it}.

    A large identifier (more than ``hub_max`` holders) is no link, but it is evidence here when most
    of its holders are members: then they are not "otherwise unrelated" (a ring's common account).
    """
    mset = set(members)
    held: dict[str, list[str]] = {}
    for key in sorted({k for p in members for k in data.holds.get(p, [])}):
        holders = data.identifiers[key][2]
        inside = [h for h in holders if h in mset]
        if len(inside) >= 2 and (len(holders) <= hub_max or 2 * len(inside) > len(holders)):
            held[key] = inside
    return held


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


def score_ring(members: list[str], data: ClaimsData, buckets: dict[str, set[str]],
               bucket_index: dict[str, list[str]], by_person: dict[str, list[Claim]], cfg: dict) -> dict:
    """Score one candidate ring and describe it (members, organisers, claims, readable signals)."""
    mset = set(members)
    all_claims = [c for p in members for c in by_person.get(p, [])]
    claims = sorted((c for c in all_claims if c.suspicious), key=lambda c: c.id)
    projects = sorted({c.project for c in claims if c.project})
    respondents = {c.respondent for c in claims if c.respondent}
    w = cfg["weights"]

    # E1 serial: the same people claim on many projects within the window. Half the signal is the
    # ring's projects, half the share of members who claim on two projects or more: fellow villagers
    # each claiming once, unregistered, on a different site are not "the same people".
    dated = [(d, c.project) for c in claims if c.project and (d := _day(c.filed))]
    n_window = max_projects_in_window(dated, cfg["window_days"]) if dated else 0
    projects_of: dict[str, set[str]] = defaultdict(set)
    for c in claims:
        if c.project:
            projects_of[c.person].add(c.project)
    repeat = sum(len(projects_of[p]) >= 2 for p in members) / len(members)
    n_serial = len(serial_claimants(claims, cfg["min_projects"], cfg["window_days"]))
    s_serial = 0.5 * min(1.0, n_window / cfg["min_projects"]) + 0.5 * repeat
    # E2 fake: share of the members' claims that are without attendance or above wages due
    s_fake = len(claims) / len(all_claims) if all_claims else 0.0
    # E3 shared identifiers (not hubs) and representatives / groups across batches
    ring_buckets = sorted({b for p in members for b in bucket_index.get(p, [])})
    shared = ring_identifiers(members, data, cfg["hub_max_holders"])
    sharing = {p for held in shared.values() for p in held}
    s_shared = len(sharing) / len(members)
    groups_of: dict[str, set[str]] = defaultdict(set)
    rep_groups: dict[str, set[str]] = defaultdict(set)
    for c in claims:
        if c.group:
            groups_of[c.person].add(c.group)
            for name in c.reps:
                rep_groups[name].add(c.group)
    multi_group = {p for p, g in groups_of.items() if len(g) >= 2}
    serial_reps = {name: g for name, g in rep_groups.items() if len(g) >= 2}
    s_group = 1.0 if serial_reps else min(1.0, len(multi_group) / len(members))
    # E4 settlement money concentrated on a few accounts
    received = money_kept(members, data.settlements)
    total = sum(a for p in members for _, _, a, builder in data.settlements.get(p, []) if builder)
    # share of the two largest recipients, rescaled so that money spread evenly over all members is 0
    top_share = sum(sorted(received.values(), reverse=True)[:2]) / total if total > 0 else 0.0
    even = 2 / len(members)
    s_money = max(0.0, (top_share - even) / (1 - even)) if total > 0 else 0.0
    # E5 short time from first appearance on the site to the claim
    s_short = sum(c.short_time for c in claims) / len(claims) if claims else 0.0
    score = (w["serial"] * s_serial + w["fake"] * s_fake + w["shared"] * s_shared + w["group"] * s_group
             + w["money"] * s_money + w["short"] * s_short)

    H = link_graph(members, {b: buckets[b] & mset for b in ring_buckets}, bucket_index)
    named = {p for p in members if data.names.get(p) in serial_reps}
    ranked = rank_organizers(members, H, received, named)
    top_org = ranked[0][1]
    organizers = [p for p, o in ranked[: cfg["max_organizers"]]
                  if top_org > 0 and o >= cfg["organizer_share"] * top_org]

    no_att = [pr for pr in projects if not any(data.employment.get((p, pr)) for p in members)]
    over = sum(c.over_claim for c in claims)
    signals = [f"{len(projects)}个项目中{len(no_att)}个无考勤记录"] if no_att else []
    signals.append(f"{len(claims)}笔诉求中{sum(c.no_employment for c in claims)}笔无考勤记录")
    if over:
        signals.append(f"{over}笔诉求金额超过应发未发工资")
    span = [d for d, _ in dated]
    days = (max(span) - min(span)).days if span else 0
    signals.append(f"{len(members)}人在{len(projects)}个项目对{len(respondents)}个被诉求方提起{len(claims)}笔诉求"
                   f"（{days}天内）")
    for key in sorted(shared, key=lambda k: (-len(shared[k]), k))[:5]:
        kind, value, _ = data.identifiers[key]
        shown = mask(value) if kind in _MASKED else value
        signals.append(f"共用{LABELS_ZH.get(kind, kind)} {shown}（{len(shared[key])}人）")
    for name, g in sorted(serial_reps.items(), key=lambda t: (-len(t[1]), t[0])):
        signals.append(f"同一代表人{name}代表{len(g)}批诉求")
    if multi_group and not serial_reps:
        signals.append(f"{len(multi_group)}人先后参与多批集体诉求")
    if total > 0:
        payees = [p for p in members if received[p] > 0]
        signals.append(f"和解款{total:,.0f}元中{top_share:.0%}流向{min(2, len(payees))}个账户")
    short = sum(c.short_time for c in claims if not c.no_employment)
    if short:
        signals.append(f"{short}笔诉求距进场不足{cfg['short_days']}天")
    payments = sorted(k for p in members for k, payer, _, builder in data.settlements.get(p, [])
                      if builder or payer in mset)
    return {"members": members, "organizers": organizers, "projects": projects, "claims": [c.id for c in claims],
            "score": round(min(1.0, score), 3), "signals": signals, "payments": payments,
            "n_window": n_window, "n_serial": n_serial, "respondents": len(respondents)}


def find_rings(G: nx.MultiDiGraph, config: dict | None = None) -> tuple[list[dict], list[dict]]:
    """Extortion rings in ``G`` (whole graph or claims subgraph) and one X-EXTORT finding per ring.

    Returns ``(rings, findings)``; rings as in docs/findings-format.md (``ring_id``, ``members``,
    ``organizers``, ``projects``, ``claims``, ``score``, ``signals``), best first.

    >>> from graphchain import read_bundle, build_graph                       # doctest: +SKIP
    >>> rings, findings = find_rings(build_graph(read_bundle("tests/data/mini")))  # doctest: +SKIP
    >>> rings                                                                 # doctest: +SKIP
    []
    """
    with paused_gc():
        return _find_rings(G, settings(config))


def _find_rings(G: nx.MultiDiGraph, cfg: dict) -> tuple[list[dict], list[dict]]:
    data = collect(G)
    claim_signals(data, cfg)
    buckets, _hubs = link_buckets(data, cfg)
    bucket_index: dict[str, list[str]] = defaultdict(list)
    for b in sorted(buckets):
        for p in buckets[b]:
            bucket_index[p].append(b)
    by_person: dict[str, list[Claim]] = defaultdict(list)
    for c in data.claims.values():
        by_person[c.person].append(c)

    candidates = []
    for comp in bucket_components(buckets):
        if len(comp) < cfg["min_members"]:
            continue
        for part in split_component(comp, buckets, bucket_index, cfg):
            if len(part) < cfg["min_members"]:
                continue
            ring = score_ring(part, data, buckets, bucket_index, by_person, cfg)
            # kept: score high enough, and at least one member claims on ≥ min_projects projects in
            # the window (the one who takes the ring from site to site)
            if ring["score"] >= cfg["min_score"] and ring.pop("n_serial") >= 1:
                candidates.append(ring)
    candidates.sort(key=lambda r: (-r["score"], r["members"]))
    rings, findings = [], []
    rule = RULES["X-EXTORT"]
    for i, r in enumerate(candidates, 1):
        rid = f"G{i}"
        payments = r.pop("payments")
        n_window, n_resp = r.pop("n_window"), r.pop("respondents")
        rings.append({"ring_id": rid} | r)
        orgs = "、".join(data.names.get(p, p) for p in r["organizers"]) or "未识别"
        findings.append({
            "rule": "X-EXTORT",
            "project_id": r["projects"][0] if r["projects"] else None,
            "subject": rid,
            "parties": r["members"],
            "contracts": [],
            "payments": payments,
            "records": r["claims"],
            "basis": list(rule.basis),
            "summary": (f"疑似假讨薪真敲诈团伙{rid}：{len(r['members'])}人在{len(r['projects'])}个项目、"
                        f"对{n_resp}个被诉求方提起{len(r['claims'])}笔诉求，组织者疑为{orgs}；"
                        f"依据：{'；'.join(r['signals'][:4])}。此为待核实线索。"),
            "summary_en": (f"Suspected fake-wage-claim extortion ring {rid}: {len(r['members'])} people filed "
                           f"{len(r['claims'])} claims on {len(r['projects'])} projects ({n_window} within the "
                           f"window) against {n_resp} respondents; likely organisers: "
                           f"{', '.join(r['organizers']) or 'unknown'}. A lead to verify."),
            "confidence": r["score"],
        })
    return rings, findings


# ------------------------------------------------------------------ the claims subgraph
CLAIMS_STATEMENTS = ("claims", "claim_edges", "claimant_employment", "claimant_payments", "claimant_identifiers")


def _in_window(filed: str | None, since: str | None, until: str | None) -> bool:
    return (since is None or str(filed) >= since) and (until is None or str(filed) <= until)


def claims_subgraph(G: nx.MultiDiGraph, since: str | None = None, until: str | None = None,
                    chains: bool = True) -> nx.MultiDiGraph:
    """The claims subgraph of ``G`` in memory — what ``cypher/rings.cypher`` reads from Neo4j.

    Claimants (persons with a claim filed in [since, until]), their claims with the claims'
    AGAINST/ON edges, the claimants' EMPLOYED edges, PAID edges to them, and the identifiers they
    hold with every holder; with ``chains`` also every party and the CONTRACT/OWNS edges, which the
    leads need to resolve respondent names. ``find_rings`` gives the same rings on it as on ``G``.
    """
    H = nx.MultiDiGraph(source=G.graph.get("source", ""))
    edges: list[tuple[str, str, str]] = []
    claimants: set[str] = set()
    for n, d in G.nodes(data=True):
        if d.get("label") == "Claim" and _in_window(d.get("filed"), since, until):
            for u, v, k, e in G.in_edges(n, keys=True, data=True):
                if e.get("rel") == "FILED":
                    claimants.add(u)
                    edges.append((u, v, k))
            edges += [(u, v, k) for u, v, k, e in G.out_edges(n, keys=True, data=True)
                      if e.get("rel") in ("AGAINST", "ON")]
        elif chains and d.get("label") == "Party":
            H.add_node(n, **d)
    idents: set[str] = set()
    for p in claimants:
        for u, v, k, e in G.out_edges(p, keys=True, data=True):
            if e.get("rel") == "EMPLOYED":
                edges.append((u, v, k))
            elif e.get("rel") == "HAS":
                idents.add(v)
        edges += [(u, v, k) for u, v, k, e in G.in_edges(p, keys=True, data=True) if e.get("rel") == "PAID"]
    for i in idents:
        edges += [(u, v, k) for u, v, k, e in G.in_edges(i, keys=True, data=True) if e.get("rel") == "HAS"]
    if chains:
        edges += [(u, v, k) for u, v, k, e in G.edges(keys=True, data=True) if e.get("rel") in ("CONTRACT", "OWNS")]
    for u, v, k in edges:
        for n in (u, v):
            if n not in H:
                H.add_node(n, **G.nodes[n])
        H.add_edge(u, v, k, **G.edges[u, v, k])
    return H


def claims_graph_from_store(store, since: str | None = None, until: str | None = None,
                            chains: bool = True) -> nx.MultiDiGraph:
    """The claims subgraph read from Neo4j (a :class:`graphchain.store.Neo4jStore`), streamed
    statement by statement from ``cypher/rings.cypher``; equal to :func:`claims_subgraph`.

    >>> rings, findings = find_rings(claims_graph_from_store(store))   # doctest: +SKIP
    """
    from ..cypher import statement
    from ..store.neo4j import record_props as props  # drops the store's own properties

    H = nx.MultiDiGraph(source=getattr(store, "uri", ""))
    names = CLAIMS_STATEMENTS + (("parties", "chain_edges") if chains else ())
    with store.driver.session(database=store.database) as s:
        for name in names:
            for r in s.run(statement("rings", name), since=since, until=until):
                if "u" not in r.keys():  # a node-only statement
                    H.add_node(r["key"], **props(r["props"]))
                    continue
                for n, p in ((r["u"], r["u_props"]), (r["v"], r["v_props"])):
                    if n not in H:
                        H.add_node(n, **props(p))
                H.add_edge(r["u"], r["v"], r["key"], **props(r["props"]))
    return H
