"""Support-prosecution leads (民事支持起诉线索) from wage claims and complaints.

Claims are grouped by project and respondent into leads a prosecutor can take up: who is owed,
how much, since when, through which channels, and — from the liability walk of the findings
document — who must pay. A claim that names its respondent only in words ("宏远建设") is resolved
to a party: exact credit code or exact name first (for an individual 包工头, within the claim's
project's chain first), then fuzzy matching of company names (:mod:`.names`); the match score is
shown and low or ambiguous matches stay unresolved for a human.

Claims of a detected extortion ring (:mod:`.rings`) are excluded — prosecutors must not support
extortion — or, with ``ring_claims = "flag"``, kept in leads of their own that carry ``ring_id``.

>>> leads = build_leads(G, doc)                        # doctest: +SKIP
>>> leads[0]["lead_id"], leads[0]["workers"], leads[0]["liable"][0]["liability"]   # doctest: +SKIP
('L1', 10, 'direct')
"""

from __future__ import annotations

import csv
import math
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import networkx as nx

from ..model import on_project
from ..util import atomic_path, paused_gc, sheet_text
from .names import NameIndex, looks_like_company, normalize_company, person_name
from .rings import find_rings

DEFAULTS: dict = {
    # a fuzzy company-name match is accepted at this score (0–100) ...
    "match_threshold": 85.0,
    # ... unless another party scores within this margin (ambiguous)
    "match_margin": 3.0,
    # "exclude": claims of detected rings make no lead; "flag": they make leads of their own with ring_id
    "ring_claims": "exclude",
    # claims with these statuses need no support
    "exclude_status": ["paid"],
    # claims with these statuses are settled one way or another; the rest count as unresolved (age)
    "settled_status": ["paid", "closed", "rejected"],
    # a blocking bigram shared by more names than this is too common to block on
    "max_block": 300,
    # rank score weights
    "weights": {"workers": 0.4, "amount": 0.4, "age": 0.2},
}

LIABILITY_ORDER = {"direct": 0, "first_pay": 1, "pay": 2, "advance": 3, "joint": 4}
CSV_COLUMNS = ("lead_id", "rank_score", "project_id", "respondent_id", "respondent_name", "match_score", "workers",
               "amount", "first_filed", "last_filed", "channels", "claims", "liable", "ring_id")


def settings(config: dict | None) -> dict:
    """DEFAULTS overridden by ``config["leads"]``."""
    over = (config or {}).get("leads", {})
    out = DEFAULTS | {k: v for k, v in over.items() if k != "weights"}
    out["weights"] = DEFAULTS["weights"] | over.get("weights", {})
    return out


def project_parties(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    """project_id -> every party of its contracts (the owner, both ends of each contract), in one pass.

    >>> G = nx.MultiDiGraph(); G.add_edge("A", "B", "K1", rel="CONTRACT", project_id="P1")
    'K1'
    >>> sorted(project_parties(G)["P1"])
    ['A', 'B']
    """
    chains: dict[str, set[str]] = defaultdict(set)
    for u, v, d in G.edges(data=True):
        rel = d.get("rel")
        if rel in ("CONTRACT", "OWNS") and "project_id" in d:
            chains[str(d["project_id"])].update((u,) if rel == "OWNS" else (u, v))
    return dict(chains)


class Resolver:
    """Resolve a respondent's written name to a party id, with a match score (0–100).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("A", label="Party", name="北京城建宏远建设集团有限公司", kind="company")
    >>> G.add_node("D", label="Party", name="王建国", kind="individual")
    >>> r = Resolver(G, {})
    >>> r.resolve("北京城建宏远建设集团有限公司", None), r.resolve("宏远建设公司", None), r.resolve("王建国", "P1")
    (('A', 100.0), ('A', 85.0), ('D', 100.0))
    """

    def __init__(self, G: nx.MultiDiGraph, chains: dict[str, set[str]], config: dict | None = None):
        cfg = settings(config)
        self.threshold, self.margin = cfg["match_threshold"], cfg["match_margin"]
        self.chains = chains
        self.by_code: dict[str, str] = {}
        self.by_name: dict[str, list[str]] = defaultdict(list)
        companies: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.individuals: set[str] = set()
        for n, d in G.nodes(data=True):
            if d.get("label") != "Party":
                continue
            name = str(d.get("name", ""))
            self.names[n] = name
            self.by_name[name.strip()].append(n)
            if d.get("credit_code"):
                self.by_code[str(d["credit_code"]).upper()] = n
            if d.get("kind") != "individual":
                companies[n] = name
            else:
                self.individuals.add(n)
        self.index = NameIndex(companies, cfg["max_block"])
        self.cache: dict[tuple, tuple[str | None, float]] = {}

    def resolve(self, name: str | None, project: str | None,
                employers: frozenset[str] = frozenset()) -> tuple[str | None, float]:
        """(party_id, score); (None, best score) when unresolved. ``employers``: the claimant's
        own employers on the project, searched with the project's chain first."""
        key = (str(name or "").strip(), project, employers)
        if key not in self.cache:
            self.cache[key] = self._resolve(*key)
        return self.cache[key]

    def _resolve(self, name: str, project: str | None, employers: frozenset[str]) -> tuple[str | None, float]:
        if not name:
            return None, 0.0
        if name.upper() in self.by_code:
            return self.by_code[name.upper()], 100.0
        chain = self.chains.get(project or "", set()) | employers
        exact = sorted(self.by_name.get(name, []))
        in_chain = [p for p in exact if p in chain]
        if len(in_chain) == 1:
            return in_chain[0], 100.0
        if len(exact) == 1:
            return exact[0], 100.0
        if exact:  # several parties of that name, and none (or several) on the chain
            return None, 100.0
        if not looks_like_company(name):
            return self._resolve_person(name, chain)
        if chain:
            pid, score = self.index.match(name, within=chain, threshold=self.threshold, margin=self.margin)
            if pid:
                return pid, score
        return self.index.match(name, threshold=self.threshold, margin=self.margin)


    def _resolve_person(self, name: str, chain: set[str]) -> tuple[str | None, float]:
        """An individual (包工头) named with a title or by surname only: on the chain first.

        Fuzzy matching of people's names would only guess, so: the exact name without its title
        (95), else the one individual on the chain with that surname (85), else unresolved.
        """
        bare, surname_only = person_name(name)
        if not surname_only:
            exact = sorted(self.by_name.get(bare, []))
            in_chain = [p for p in exact if p in chain]
            if len(in_chain) == 1 or len(exact) == 1:
                return (in_chain or exact)[0], 95.0
            return None, 95.0 if exact else 0.0
        same = sorted(p for p in chain if p in self.individuals and self.names[p].startswith(bare))
        return (same[0], 85.0) if len(same) == 1 else (None, 85.0 if same else 0.0)


def employers_on(G: nx.MultiDiGraph, person: str, project: str | None) -> frozenset[str]:
    """Whoever employed ``person`` on ``project`` (实名制 records): the first place to look for the
    包工头 a worker names."""
    if not project or person not in G:
        return frozenset()
    return frozenset(v for _, v, e in G.out_edges(person, data=True)
                     if e.get("rel") == "EMPLOYED" and e.get("project_id") == project)


def liable_by_claim(doc: dict) -> dict[str, list[dict]]:
    """claim id -> the liable parties the findings document's liability list gives its claim."""
    by_claim: dict[str, list[dict]] = defaultdict(list)
    for e in doc.get("liability", []):
        if e.get("claim_id") is not None:
            by_claim[str(e["claim_id"])] += e.get("liable", [])
    return by_claim


def merge_liable(claim_ids: list[str], by_claim: dict[str, list[dict]], names: dict[str, str]) -> list[dict]:
    """The liable parties of a lead's claims, merged by (party, liability), direct first."""
    merged: dict[tuple[str, str], dict] = {}
    for cid in claim_ids:
        for e in by_claim.get(cid, []):
            k = (str(e["party_id"]), str(e["liability"]))
            m = merged.setdefault(k, {"party_id": k[0], "name": names.get(k[0], k[0]), "liability": k[1],
                                      "rules": [], "basis": [], "evidence": [], "claims": []})
            for field, values in (("rules", [e["rule"]] if e.get("rule") else []), ("basis", e.get("basis", [])),
                                  ("evidence", e.get("evidence", []))):
                m[field] = list(dict.fromkeys(m[field] + [str(x) for x in values]))
            m["claims"].append(cid)
            if e.get("cap") is not None:
                m["cap"] = max(m.get("cap", 0.0), float(e["cap"]))
    return sorted(merged.values(), key=lambda m: (LIABILITY_ORDER.get(m["liability"], 9), m["party_id"]))


def build_leads(G: nx.MultiDiGraph, doc: dict | None = None, config: dict | None = None,
                rings: list[dict] | None = None) -> list[dict]:
    """Leads from the claims in ``G``, ranked by workers, amount and age (oldest unresolved first).

    ``doc``: the findings document; its ``liability`` entries give each lead's ``liable`` parties
    (matched by claim_id) and its ``rings`` the rings to exclude. ``rings``: rings to exclude when
    ``doc`` has none; when neither gives them, :func:`.rings.find_rings` runs on ``G``.
    ``amount`` counts each worker once per lead (the largest of their claims): a worker who files
    the same debt on the hotline, then in arbitration, then in court is owed it once; ``workers``
    counts the heads a collective claim speaks for (its ``workers``). Claims tied to a project by
    docs/legal-rules.md F count on it; an actual constructor's ``price`` claim is a contract claim,
    not a worker's, and makes no lead.
    """
    with paused_gc():
        return _build_leads(G, doc or {}, config, rings)


def _build_leads(G: nx.MultiDiGraph, doc: dict, config: dict | None, rings: list[dict] | None) -> list[dict]:
    cfg = settings(config)
    if rings is None:
        rings = doc.get("rings")
    if rings is None:
        rings = find_rings(G, config)[0]
    ring_of = {cid: r["ring_id"] for r in rings for cid in r["claims"]}
    by_claim = liable_by_claim(doc)

    resolver = Resolver(G, project_parties(G), config)
    groups: dict[tuple, list[dict]] = defaultdict(list)
    scores: dict[tuple, list[float]] = defaultdict(list)
    for _, d in G.nodes(data=True):
        if d.get("label") != "Claim" or d.get("status") in cfg["exclude_status"]:
            continue
        if d.get("kind", "wages") == "price":  # an actual constructor's price is a contract claim, not a worker's
            continue
        ring = ring_of.get(str(d["id"]))
        if ring and cfg["ring_claims"] == "exclude":
            continue
        project = on_project(d)
        rid: str | None
        if d.get("respondent_id"):
            rid, score = str(d["respondent_id"]), 100.0
        else:
            rid, score = resolver.resolve(d.get("respondent_name"), project,
                                          employers_on(G, d["claimant_id"], project))
        who = rid or "name:" + normalize_company(str(d.get("respondent_name") or ""))
        key = (str(project or ""), who, ring or "")
        groups[key].append(d)
        scores[key].append(score)

    filed_all = [str(d["filed"]) for ds in groups.values() for d in ds]
    ref = date.fromisoformat(max(filed_all)) if filed_all else date.today()
    leads = []
    for key in sorted(groups):
        ds = sorted(groups[key], key=lambda d: (str(d["filed"]), str(d["id"])))
        project, who, ring = key
        resolved = None if who.startswith("name:") else who
        written = Counter(str(d.get("respondent_name") or "") for d in ds if d.get("respondent_name"))
        per_worker: dict[str, float] = defaultdict(float)
        heads: dict[str, int] = defaultdict(lambda: 1)  # a collective claim by its caller speaks for `workers`
        for d in ds:
            per_worker[str(d["claimant_id"])] = max(per_worker[str(d["claimant_id"])], float(d.get("amount", 0.0)))
            heads[str(d["claimant_id"])] = max(heads[str(d["claimant_id"])], int(d.get("workers") or 1))
        unsettled = [str(d["filed"]) for d in ds if d.get("status") not in cfg["settled_status"]]
        claim_ids = sorted(str(d["id"]) for d in ds)
        leads.append({
            "lead_id": "",
            "project_id": project or None,
            "respondent_id": resolved,
            "respondent_name": resolver.names.get(resolved, resolved) if resolved else
            (written.most_common(1)[0][0] if written else None),
            "match_score": min(scores[key]) if resolved else max(scores[key]),
            "workers": sum(heads[w] for w in per_worker),
            "claims": claim_ids,
            "amount": round(sum(per_worker.values()), 2),
            "first_filed": str(ds[0]["filed"]),
            "last_filed": str(ds[-1]["filed"]),
            "channels": sorted({str(d["channel"]) for d in ds if d.get("channel")}),
            "liable": merge_liable(claim_ids, by_claim, resolver.names),
            "ring_id": ring or None,
            "unresolved_since": min(unsettled) if unsettled else None,
            "rank_score": 0.0,
        })
    rank(leads, ref, cfg["weights"])
    return leads


def rank(leads: list[dict], ref: date, weights: dict) -> None:
    """Score (0–1) and order leads in place: more workers, more money, older unresolved claims first.

    >>> ls = [{"workers": 1, "amount": 5e3, "unresolved_since": "2024-05-01", "first_filed": "2024-05-01",
    ...        "project_id": "P1", "respondent_name": "甲"},
    ...       {"workers": 9, "amount": 2e5, "unresolved_since": "2023-01-01", "first_filed": "2023-01-01",
    ...        "project_id": "P2", "respondent_name": "乙"}]
    >>> rank(ls, date(2024, 6, 1), DEFAULTS["weights"]); [(x["lead_id"], x["project_id"]) for x in ls]
    [('L1', 'P2'), ('L2', 'P1')]
    """
    ages = [(ref - date.fromisoformat(x["unresolved_since"])).days if x["unresolved_since"] else 0 for x in leads]
    max_w = math.log1p(max((x["workers"] for x in leads), default=0)) or 1.0
    max_a = math.log1p(max((x["amount"] for x in leads), default=0.0)) or 1.0
    max_age = max(ages, default=0) or 1
    for x, age in zip(leads, ages, strict=True):
        x["rank_score"] = round(weights["workers"] * math.log1p(x["workers"]) / max_w
                                + weights["amount"] * math.log1p(x["amount"]) / max_a
                                + weights["age"] * max(age, 0) / max_age, 4)
    leads.sort(key=lambda x: (-x["rank_score"], x["first_filed"], str(x["project_id"]), str(x["respondent_name"])))
    for i, x in enumerate(leads, 1):
        x["lead_id"] = f"L{i}"


def leads_to_csv(leads: list[dict], path: str | Path) -> Path:
    """Write leads as a CSV a spreadsheet opens (UTF-8 with BOM); lists joined with ``;``; formula-like
    text neutralised (:func:`~graphchain.util.sheet_text`); written whole or not at all."""
    path = Path(path)
    with atomic_path(path) as tmp, tmp.open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(CSV_COLUMNS)
        for x in leads:
            row = dict(x)
            row["channels"] = ";".join(x["channels"])
            row["claims"] = ";".join(x["claims"])
            row["liable"] = ";".join(f"{e['party_id']}:{e['liability']}" for e in x["liable"])
            w.writerow(["" if row.get(c) is None else sheet_text(row[c]) for c in CSV_COLUMNS])
    return path
