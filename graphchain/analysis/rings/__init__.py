"""Extortion rings (假讨薪真敲诈): groups of claimants who fake wage claims to extort builders.

docs/legal-rules.md section E. No signal decides alone, so :func:`find_rings` builds rings in plain
steps, one module each:

1. :mod:`.claims` — what the graph says (:func:`collect`): claims, the claimants' employment,
   settlements and identifiers; :mod:`.representatives` reads who stands for a group from the
   claims' texts ("张三代表李四等8人").
2. :mod:`.signals` — suspicious claims (:func:`claim_signals`): no employment record on the project,
   or more than the wages still due there. A registered worker claiming at most what is due is
   never suspicious: the guard for collective claims over real arrears and for workers who move
   between sites.
3. :mod:`.links` — claimants with suspicious claims joined through shared things (*buckets*): an
   identifier held by few, a claim group, a representative, bursts of claims on one site.
4. :mod:`.components` — connected components over the buckets (union–find), split with Louvain
   (fixed seed) when larger than ``max_ring_size``.
5. :mod:`.scoring` — one function per signal E1–E5, the weighted ring score; kept with
   ≥ ``min_members`` members, a serial claimant among them (≥ ``min_projects`` projects within
   ``window_days``) and score ≥ ``min_score``; organisers ranked by centrality in the ring's link
   graph, by the settlement money they end up with, and by being the named representative.
6. :mod:`.wording` — the readable signals and the X-EXTORT finding's summaries.

Works on the whole graph or on the claims subgraph (:func:`claims_subgraph` in memory,
:meth:`graphchain.store.Neo4jStore.claims_graph` from Neo4j): both give the same rings.

Examples
--------
Three people with one phone, none of them employed anywhere, claim on the same three sites:

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("phone:13800001111", label="Identifier", kind="phone", value="13800001111")
>>> for i, (p, name) in enumerate((("W1", "刘大壮"), ("W2", "陈二虎"), ("W3", "张三水"))):
...     G.add_node(p, label="Person", name=name)
...     _ = G.add_edge(p, "phone:13800001111", "phone", rel="HAS")
...     for j in (1, 2, 3):
...         G.add_node(f"claim:C{i}{j}", label="Claim", id=f"C{i}{j}", claimant_id=p, amount=9000.0,
...                    filed=f"2024-0{j}-10", project_id=f"P{j}")
>>> rings, findings = find_rings(G)
>>> [(r["ring_id"], r["members"], r["score"]) for r in rings]
[('G1', ['W1', 'W2', 'W3'], 0.75)]
>>> rings[0]["signals"][-1], findings[0]["rule"]
('共用电话 138****1111（3人）', 'X-EXTORT')
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from ...legal import RULES
from ...util import mask_value as mask  # the project's one masking rule, under its old name here
from ...util import paused_gc
from .claims import Claim, ClaimsData, claims_subgraph, collect
from .components import bucket_components, bucket_index, link_graph, split_component
from .defaults import DEFAULTS, settings
from .links import link_buckets
from .representatives import representative_names
from .scoring import (
    e1_serial,
    e2_fake,
    e3_shared,
    e4_money,
    e5_short,
    organizers,
    rank_organizers,
    ring_score,
)
from .signals import claim_signals, serial_claimants
from .wording import signal_texts, summary_en, summary_zh

__all__ = ["DEFAULTS", "Claim", "ClaimsData", "claim_signals", "claims_subgraph", "collect", "find_rings",
           "link_buckets", "mask", "representative_names", "serial_claimants", "settings"]


def find_rings(G: nx.MultiDiGraph, config: dict | None = None) -> tuple[list[dict], list[dict]]:
    """Extortion rings in ``G`` (whole graph or claims subgraph) and one X-EXTORT finding per ring.

    Parameters
    ----------
    G : nx.MultiDiGraph
        The graph model (:func:`graphchain.build_graph`), or its claims subgraph.
    config : dict, optional
        Settings; ``config["rings"]`` overrides :data:`DEFAULTS`.

    Returns
    -------
    rings : list of dict
        As in docs/findings-format.md (``ring_id``, ``members``, ``organizers``, ``projects``,
        ``claims``, ``score``, ``signals``), best first.
    findings : list of dict
        One X-EXTORT finding per ring, in the same order.

    Examples
    --------
    >>> from graphchain import build_graph, read_bundle
    >>> find_rings(build_graph(read_bundle("tests/data/mini")))
    ([], [])
    """
    cfg = settings(config)
    with paused_gc():
        data = _claims(G, cfg)
        return _numbered(_candidates(data, cfg), data)


def _claims(G: nx.MultiDiGraph, cfg: dict) -> ClaimsData:
    """The claims of ``G`` with their signals."""
    data = collect(G)
    claim_signals(data, cfg)
    return data


def _candidates(data: ClaimsData, cfg: dict) -> list[dict]:
    """Candidate rings that are kept, best first: components of linked claimants, split when too large,
    scored."""
    buckets, _hubs = link_buckets(data, cfg)
    index = bucket_index(buckets)
    by_person: dict[str, list[Claim]] = defaultdict(list)
    for c in data.claims.values():
        by_person[c.person].append(c)
    kept = []
    for comp in bucket_components(buckets):
        if len(comp) < cfg["min_members"]:
            continue
        for part in split_component(comp, buckets, index, cfg):
            if len(part) >= cfg["min_members"] and (ring := _scored(part, data, buckets, index, by_person, cfg)):
                kept.append(ring)
    kept.sort(key=lambda r: (-r["score"], r["members"]))
    return kept


def _scored(members: list[str], data: ClaimsData, buckets: dict[str, set[str]], index: dict[str, list[str]],
            by_person: dict[str, list[Claim]], cfg: dict) -> dict | None:
    """One candidate ring scored and described, or None when it is not kept."""
    mset = set(members)
    all_claims = [c for p in members for c in by_person.get(p, [])]
    claims = sorted((c for c in all_claims if c.suspicious), key=lambda c: c.id)
    projects = sorted({c.project for c in claims if c.project})
    e1 = e1_serial(members, claims, cfg)
    e2 = e2_fake(members, claims, len(all_claims), projects, data.employment)
    e3 = e3_shared(members, claims, data, cfg["hub_max_holders"])
    e4 = e4_money(members, data.settlements)
    e5 = e5_short(claims)
    score = ring_score(e1, e2, e3, e4, e5, cfg["weights"])
    # kept: score high enough, and at least one member claims on ≥ min_projects projects in the
    # window (the one who takes the ring from site to site)
    if score < cfg["min_score"] or e1.n_serial < 1:
        return None
    ring_buckets = sorted({b for p in members for b in index.get(p, [])})
    H = link_graph(members, {b: buckets[b] & mset for b in ring_buckets}, index)
    named = {p for p in members if data.names.get(p) in e3.serial_reps}
    n_respondents = len({c.respondent for c in claims if c.respondent})
    return {
        "members": members,
        "organizers": organizers(rank_organizers(members, H, e4.received, named), cfg),
        "projects": projects,
        "claims": [c.id for c in claims],
        "score": score,
        "signals": signal_texts(members, projects, len(claims), n_respondents, e1, e2, e3, e4, e5,
                                data.identifiers, cfg["short_days"]),
        "payments": sorted(k for p in members for k, payer, _, builder in data.settlements.get(p, [])
                           if builder or payer in mset),
        "n_window": e1.n_window,
        "respondents": n_respondents,
    }


def _numbered(candidates: list[dict], data: ClaimsData) -> tuple[list[dict], list[dict]]:
    """The kept rings numbered G1, G2, … and their X-EXTORT findings."""
    rings, findings = [], []
    rule = RULES["X-EXTORT"]
    for i, r in enumerate(candidates, 1):
        payments, n_window, n_resp = r.pop("payments"), r.pop("n_window"), r.pop("respondents")
        ring = {"ring_id": f"G{i}"} | r
        rings.append(ring)
        findings.append({
            "rule": "X-EXTORT",
            "project_id": ring["projects"][0] if ring["projects"] else None,
            "subject": ring["ring_id"],
            "parties": ring["members"],
            "contracts": [],
            "payments": payments,
            "records": ring["claims"],
            "basis": list(rule.basis),
            "summary": summary_zh(ring, n_resp, [data.names.get(p, p) for p in ring["organizers"]]),
            "summary_en": summary_en(ring, n_resp, n_window),
            "confidence": ring["score"],
        })
    return rings, findings
