"""Links between claimants with suspicious claims (docs/legal-rules.md E3), from explicit shared things.

An identifier (phone, bank account, address, id number) held by at most ``hub_max_holders`` agents
(a site-office phone held by fifty workers links nobody), a claim group, a representative named in
the texts of group after group ("张三代表李四等8人"), and — for serial claimants filing without a group
id — claims on the same project at the same time (a burst, claims at most ``co_claim_days`` apart),
between those who claimed together like that on ``co_claim_projects`` projects or more: a stranger
filing on the same site that month, or another ring, shares one site with them, not several.

Each shared thing is a *bucket*; :mod:`.components` joins claimants through buckets with union–find,
so the cost is linear in the number of claims — pairs are counted only within one burst on one site.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import combinations

from networkx.utils import UnionFind

from .claims import ClaimsData, day
from .signals import serial_claimants


def link_buckets(data: ClaimsData, cfg: dict) -> tuple[dict[str, set[str]], list[tuple[str, str, int]]]:
    """Buckets of linked claimants: ``{bucket key: persons}``; and the hubs that were dropped.

    Bucket keys: ``id:<identifier key>``, ``group:<group_id>``, ``rep:person:<id>`` or
    ``rep:name:<name>`` (:func:`representative_key`), ``project:<id>:<first day>:<person>``
    (serial claimants claiming together on one project without a group id:
    :func:`claim_bursts`, :func:`co_claimed_together`).
    Only persons with suspicious claims enter a bucket (only suspicious claims count), so a shared
    group or project on its own — a real collective claim — links nobody.

    Parameters
    ----------
    data : ClaimsData
        With the claims marked by :func:`~graphchain.analysis.rings.signals.claim_signals`.
    cfg : dict
        The ring settings.

    Returns
    -------
    buckets : dict
        ``{bucket key: persons}``, each bucket with two persons or more.
    hubs : list
        ``(kind, value, holders)`` of the identifiers held by too many to link anyone.

    Examples
    --------
    >>> from .claims import Claim
    >>> from .defaults import DEFAULTS
    >>> claims = {c: Claim(c, p, 1.0, "2024-03-01", "P1", no_employment=True) for c, p in (("C1", "W1"), ("C2", "W2"))}
    >>> d = ClaimsData(claims, {}, {}, {}, {}, {"phone:1": ("phone", "1", ["W1", "W2"])})
    >>> buckets, hubs = link_buckets(d, DEFAULTS)
    >>> {k: sorted(v) for k, v in buckets.items()}, hubs
    ({'id:phone:1': ['W1', 'W2']}, [])
    >>> d.identifiers["phone:1"] = ("phone", "1", ["W1", "W2"] + [f"H{i}" for i in range(9)])  # a hub
    >>> link_buckets(d, DEFAULTS)
    ({}, [('phone', '1', 11)])
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
        d = day(c.filed)
        if c.project and d and c.person in serial and not c.group:
            on_site[c.project].append((d, c.person))
    co_claims = claim_bursts(on_site, cfg["co_claim_days"])
    for (project, first_day, first), persons in co_claimed_together(co_claims, cfg["co_claim_projects"]).items():
        buckets[f"project:{project}:{first_day}:{first}"] = persons
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
        for d, person in sorted(on_site[project]):
            if last is None or (d - last).days > gap_days:
                key = (project, d.isoformat())
                out[key] = set()
            out[key].add(person)
            last = d
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
    for (project, first_day), persons in sorted(co_claims.items()):
        uf = UnionFind()
        for a, b in combinations(sorted(persons), 2):
            if len(together[a, b]) >= min_projects:
                uf.union(a, b)
        # keyed by the part's first person, so the key does not depend on the order of unions
        for part in sorted(uf.to_sets(), key=min):
            out[(project, first_day, min(part))] = part
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
