"""A party's (or person's) footprint across every project, as one offline graph page.

Its contracts up and down (red, with rule ids, where its projects' analyses say they break a rule),
money in and out, its workers (folded into "工人 ×N"), the claims against it with their claimants,
and the identifiers it shares with others and who else holds them. Drawn with the project page's
pieces (:func:`graphchain.report.graph_page.draw`): the same escaping, masking, folding, legend and
offline assets. The focus sits in the middle column: who pays or contracts with it on the left,
whom it pays, contracts with or employs on the right.

>>> from graphchain import build_graph, read_bundle
>>> from graphchain.explore import Explorer
>>> part = party_view(Explorer.embedded(build_graph(read_bundle("tests/data/mini"))), "D")
>>> part["projects"], sorted(n["id"] for n in part["nodes"])[:3]
(['P1'], ['C', 'D', 'W1'])
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from ..explore import Explorer, party_neighbourhood, projects_of
from ..util import atomic_path, cut
from .case import Names, offending_contracts, roles
from .graph_page import FONT, LABEL_MAX, PANEL_MAX, TITLE_MAX, draw, listing, render_page
from .i18n import T
from .masking import Masker

IDENT_COLOR = "#455a64"


def tiers(H: nx.MultiDiGraph, focus: str, visible: set[str], claim_pairs: list[tuple[str, str]]) -> dict[str, int]:
    """Layout columns around ``focus`` (column 2): who contracts with or pays it, and its employers, in 1; whom
    it contracts with or pays, its workers and claimants in 3; everyone else (co-holders of its identifiers)
    in 4."""
    level = {focus: 2}
    for u, _, d in H.in_edges(focus, data=True):
        level.setdefault(u, 3 if d.get("rel") == "EMPLOYED" else 1)
    for _, v, d in H.out_edges(focus, data=True):
        level.setdefault(v, 1 if d.get("rel") == "EMPLOYED" else 3)
    for claimant, respondent in claim_pairs:
        if respondent == focus:
            level.setdefault(claimant, 3)
        elif claimant == focus:
            level.setdefault(respondent, 1)
    return {n: level.get(n, 4) for n in visible}


def busiest(H: nx.MultiDiGraph, key: str, projects: list[str]) -> list[str]:
    """``projects`` ordered by the contracts ``key`` has on each, most first (then by id)."""
    n = dict.fromkeys(projects, 0)
    for *_, d in [*H.out_edges(key, data=True), *H.in_edges(key, data=True)]:
        if d.get("rel") == "CONTRACT" and d.get("project_id") in n:
            n[d["project_id"]] += 1
    return sorted(projects, key=lambda p: (-n[p], p))


def wage_payees(H: nx.MultiDiGraph, focus: str) -> dict[str, str]:
    """People whose only ties here are wages paid to them (a general contractor paying a crew's wages for its
    subcontractor) and their own claims: person -> ``fold:<payer>``, drawn inside one "工人 ×N" box per payer."""
    out = {}
    for n, d in H.nodes(data=True):
        if n == focus or d.get("label") != "Person" or any(e.get("rel") != "FILED"
                                                              for *_, e in H.out_edges(n, data=True)):
            continue
        ins = [(u, e) for u, _, e in H.in_edges(n, data=True)]
        if ins and all(e.get("rel") == "PAID" and e.get("purpose") == "wage" for _, e in ins):
            out[n] = f"fold:{min(u for u, _ in ins)}"
    return out


def identifier_parts(H: nx.MultiDiGraph, t: T, mask: Masker, shown: set[str]) -> tuple[list[dict], list[dict]]:
    """One node per shared identifier (its id a number, never the value) and an edge from each holder drawn."""
    nodes, edges = [], []
    for i, (n, d) in enumerate(sorted((n, d) for n, d in H.nodes(data=True) if d.get("label") == "Identifier")):
        holders = sorted(u for u, _, e in H.in_edges(n, data=True) if e.get("rel") == "HAS" and u in shown)
        if not holders:
            continue
        value = cut(str(mask.value(str(d.get("kind")), d.get("value", ""))), LABEL_MAX)
        nid = f"identifier:{i + 1}"
        nodes.append({"id": nid, "label": f"{t.enum(d.get('kind'))} {value}", "shape": "diamond", "size": 10,
                      "color": IDENT_COLOR, "level": 3, "role": "identifier", "font": {"face": FONT},
                      "title": mask.text(f"{t.enum(d.get('kind'))} {value}\n{t('shared_with')}{t.colon}"
                                         f"{t.listsep.join(holders)}")})
        edges += [{"id": f"has:{nid}:{h}", "from": h, "to": nid, "rel": "HAS", "color": IDENT_COLOR,
                   "dashes": [1, 3], "width": 1, "arrows": {"to": {"enabled": False}}} for h in holders]
    return nodes, edges


def party_view(ex: Explorer, key: str, lang: str = "zh", unmask: bool = False, fold_threshold: int = 30,
               budget: int | None = None) -> dict:
    """The parts of a party's page: ``title``, vis ``nodes`` and ``edges``, ``items`` (the side list),
    ``findings``, ``projects`` (ids), ``analysed`` (the projects whose analysis gave the rules and roles) and
    ``sections``; KeyError when there is no such party or person.

    ``budget``: analyse at most this many of its projects (those where it has the most contracts first; the
    explorer's pages must open fast, the others are a click away); None: all of them."""
    node = ex.node(key)
    if node is None or node.get("label") not in ("Party", "Person"):
        raise KeyError(key)
    t = T(lang)
    H = party_neighbourhood(ex, key)
    projects = sorted(projects_of(H, key))
    analysed = projects if budget is None else busiest(H, key, projects)[:budget]
    doc = ex.docs(analysed)
    mask = Masker(H, unmask=unmask)
    names = Names(doc, H, t)
    merged: dict[str, str] = {}
    for p in doc["projects"]:
        for party, role in (p.get("roles") or {}).items():
            merged.setdefault(party, role)
    findings = [f for f in doc["findings"] if key in f.get("parties", []) or f.get("subject") == key]
    page = draw(t, H, mask, names, roles({"roles": merged}, H), offending_contracts(doc["findings"]),
                fold_threshold, lambda visible, claim_pairs: tiers(H, key, visible, claim_pairs),
                wage_payees(H, key))
    inodes, iedges = identifier_parts(H, t, mask, page.shown)
    nodes, edges = page.net.nodes + inodes, page.net.edges + iedges
    items = listing(page)
    pnames = {p: names.name(p) for p in projects}
    fviews = [{"rule": f.get("rule", ""), "name": t.rule_name(f.get("rule", "")), "project": f.get("project_id"),
               "subject": cut(mask.text(names.label(f.get("subject"))), PANEL_MAX),
               "summary": cut(mask.text(f.get("summary", "") if lang == "zh"
                                        else f.get("summary_en") or f.get("summary", "")), PANEL_MAX)}
              for f in findings]
    title = cut(mask.text(f"{t('party_title')}{t.colon}{names.name(key)}{t.paren(key)}"), TITLE_MAX)
    sections = [{"title": t("projects_list"),
                 "items": [cut(mask.text(f"{p} {pnames[p] if pnames[p] != p else ''}"), PANEL_MAX)
                           for p in projects]},
                {"title": t("identifiers_list"), "items": [n["title"].split("\n")[0] for n in inodes]}]
    return {"title": title, "nodes": nodes, "edges": edges, "items": items, "findings": fviews, "projects": projects,
            "analysed": sorted(analysed), "mask": mask,
            "project_names": pnames, "sections": sections, "graph": H, "t": t}


def party_page_html(ex: Explorer, key: str, lang: str = "zh", unmask: bool = False, fold_threshold: int = 30) -> str:
    """The party's footprint as one offline HTML page (see :func:`party_view`)."""
    v = party_view(ex, key, lang, unmask, fold_threshold)
    return render_page(v["t"], lang, v["title"], v["nodes"], v["edges"], v["items"], v["findings"],
                       sections=v["sections"])


def party_page(ex: Explorer, key: str, out_path: str | Path, lang: str = "zh", unmask: bool = False,
               fold_threshold: int = 30) -> Path:
    """Write the party's page to ``out_path`` (atomically; 0600 when unmasked)."""
    out = Path(out_path)
    html = party_page_html(ex, key, lang, unmask, fold_threshold)
    with atomic_path(out, private=unmask) as tmp:
        tmp.write_text(html, encoding="utf-8")
    return out
