"""A suspected extortion ring as one offline graph page: who, tied by what, claiming where, paid how.

Members (organisers larger, in the labour-boss colour), the projects they claimed on and the parties they
claimed against; the signals drawn as edges between members — a shared phone, account, address or id
number, one representative, claiming together (one claim group, or one burst on one site), settlement
money that ends with the organisers — each edge's tooltip naming the signal and the records behind it
(:mod:`graphchain.analysis.rings.evidence`); the score and the guards the ring passed in the side panel.
The same page template, escaping, masking and offline assets as the project page.

>>> import networkx as nx
>>> from graphchain.explore import Explorer
>>> acct = "bank_account:6222000011112222"   # three claimants, one account, the same three sites
>>> G = nx.MultiDiGraph([(p, acct, "bank_account", {"rel": "HAS"}) for p in "ABC"])
>>> G.add_node(acct, label="Identifier", kind="bank_account", value="6222000011112222")
>>> G.add_nodes_from((f"claim:{p}{j}", {"label": "Claim", "id": f"{p}{j}", "claimant_id": p, "amount": 5e3,
...                   "filed": f"2024-0{j}-02", "project_id": f"P{j}"}) for p in "ABC" for j in (1, 2, 3))
>>> v = ring_view(Explorer.embedded(G), "G1")
>>> sorted({e["signal"] for e in v["edges"]}), "6222000011112222" in ring_page_html(Explorer.embedded(G), "G1")
(['bank_account', 'claim', 'together'], False)
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..analysis.rings.evidence import SIGNALS
from ..explore import Explorer
from ..util import atomic_path, cut
from .case import Names
from .graph_page import CLAIM_COLOR, FONT, LABEL_MAX, MONEY_COLOR, PANEL_MAX, ROLE_STYLE, TITLE_MAX, render_page
from .i18n import T
from .masking import Masker

SIGNAL_COLOR = {"phone": "#1565c0", "bank_account": "#6a1b9a", "address": "#00838f", "id_number": "#4e342e",
                "group": "#ef6c00", "rep": "#ad1457", "together": "#f9a825", "money": MONEY_COLOR}
PROJECT_COLOR, RESPONDENT_COLOR = "#607d8b", ROLE_STYLE["general"]["color"]
# a ring is a web, not a chain: let it settle with physics, then stay
RING_OPTIONS = {
    "physics": {"enabled": True, "solver": "forceAtlas2Based", "stabilization": {"enabled": True, "iterations": 400},
                "forceAtlas2Based": {"springLength": 140}},
    "interaction": {"hover": True, "tooltipDelay": 120, "keyboard": True, "multiselect": True},
    "nodes": {"font": {"face": FONT, "size": 14}, "margin": 8, "widthConstraint": {"maximum": 220}},
    "edges": {"smooth": {"enabled": True, "type": "dynamic"}, "font": {"face": FONT, "align": "middle"}},
}
MAX_RECORDS = 30


def _records(t: T, records: list[str]) -> str:
    more = " …" if len(records) > MAX_RECORDS else ""
    return f"{t('records')}{t.colon}{t.listsep.join(records[:MAX_RECORDS])}{more}"


def ring_view(ex: Explorer, ring_id: str, lang: str = "zh", unmask: bool = False) -> dict:
    """The parts of a ring's page (``title``, vis ``nodes``/``edges`` with each edge's ``signal``, ``items``,
    ``sections``, ``ring``, ``evidence``); KeyError when there is no such ring."""
    ring = ex.ring(ring_id)
    if ring is None:
        raise KeyError(ring_id)
    t = T(lang)
    G = ex.claims_graph()
    ev = ex.evidence(ring)
    mask = Masker(G.subgraph([m for m in ring["members"] if m in G]), unmask=unmask,
                  extra=[(x["signal"], r) for x in ev["links"] if x["signal"] in SIGNALS[:4] for r in x["records"]])
    names = Names({}, G, t)
    tip = lambda *lines: "\n".join(cut(mask.text(x), 300) for x in lines if x)  # noqa: E731
    members, organisers = ring["members"], set(ring["organizers"])
    claims = [G.nodes[f"claim:{c}"] for c in ring["claims"] if f"claim:{c}" in G]
    nodes: list[dict] = []
    edges: list[dict] = []
    by_member: dict[str, list[dict]] = defaultdict(list)
    for c in claims:
        by_member[str(c.get("claimant_id"))].append(c)
    for m in members:
        org = m in organisers
        st = ROLE_STYLE["boss" if org else "other"]
        own = by_member.get(m, [])
        nodes.append({"id": m, "label": cut(mask.text(names.name(m)), LABEL_MAX),
                      "role": "organiser" if org else "member", "shape": "star" if org else "dot",
                      "size": 26 if org else 14, "color": st["color"], "font": {"face": FONT},
                      "title": tip(names.label(m), t("organiser") if org else t("member"),
                                   f"{t('claims')} ×{len(own)}", _records(t, sorted(str(c['id']) for c in own)))})
    seen = set(members)
    for p in ring["projects"]:
        pk = f"project:{p}"
        nodes.append({"id": pk, "label": cut(mask.text(f"{p} {G.nodes[pk].get('name', '') if pk in G else ''}"),
                                             LABEL_MAX),
                      "role": "project", "shape": "box", "color": PROJECT_COLOR,
                      "font": {"color": "#ffffff", "face": FONT},
                      "title": tip(f"{t('project')} {p}")})
        seen.add(pk)
    # claims: member -> project (grouped), project -> respondent (grouped)
    on: dict[tuple[str, str], list[str]] = defaultdict(list)
    against: dict[tuple[str, str], list[str]] = defaultdict(list)
    for c in claims:
        p = c.get("on_project", c.get("project_id"))
        if p and f"project:{p}" in seen:
            on[(str(c["claimant_id"]), f"project:{p}")].append(str(c["id"]))
            if c.get("respondent_id"):
                against[(f"project:{p}", str(c["respondent_id"]))].append(str(c["id"]))
    for (m, pk), ids in sorted(on.items()):
        edges.append({"id": f"claim:{m}:{pk}", "from": m, "to": pk, "signal": "claim", "rel": "CLAIM",
                      "color": CLAIM_COLOR, "dashes": [4, 3, 1, 3], "width": 1, "arrows": "to",
                      "title": tip(f"{t('sig_claim')} ×{len(ids)}", _records(t, ids))})
    for (pk, r), ids in sorted(against.items()):
        if r not in seen:
            seen.add(r)
            nodes.append({"id": r, "label": cut(mask.text(names.name(r)), LABEL_MAX), "role": "respondent",
                          "shape": "box", "color": RESPONDENT_COLOR, "font": {"color": "#ffffff", "face": FONT},
                          "title": tip(names.label(r), t("respondent"))})
        edges.append({"id": f"against:{pk}:{r}", "from": pk, "to": r, "signal": "claim", "rel": "CLAIM",
                      "color": CLAIM_COLOR, "dashes": [4, 3, 1, 3], "width": 1.5, "arrows": "to",
                      "title": tip(f"{t('respondent')} {names.label(r)}", _records(t, ids))})
    # the signals: a star from the first member (the representative, for "rep") to the others
    for i, x in enumerate(ev["links"]):
        sig = x["signal"]
        label = f"{t('sig_' + sig)} {x['key'] if sig not in SIGNALS[:4] else ''}".strip()
        hub = x.get("person") if x.get("person") in x["members"] else x["members"][0]
        title = tip(t("sig_" + sig), *([f"{t.enum(sig)} {x['records'][0]}"] if sig in SIGNALS[:4] else [label]),
                    t.listsep.join(names.label(m) for m in x["members"]),
                    "" if sig in SIGNALS[:4] else _records(t, x["records"]))
        for m in x["members"]:
            if m != hub:
                edges.append({"id": f"{sig}:{i}:{m}", "from": hub, "to": m, "signal": sig, "rel": "SIGNAL",
                              "color": SIGNAL_COLOR[sig], "width": 2.5, "title": title,
                              "arrows": {"to": {"enabled": False}}})
    for x in ev["money"]:
        if x["payer"] not in seen:
            seen.add(x["payer"])
            nodes.append({"id": x["payer"], "label": cut(mask.text(names.name(x["payer"])), LABEL_MAX),
                          "role": "payer", "shape": "box", "color": ROLE_STYLE["sub"]["color"],
                          "font": {"color": "#ffffff", "face": FONT}, "title": tip(names.label(x["payer"]))})
        edges.append({"id": f"money:{x['payment']}", "from": x["payer"], "to": x["payee"], "signal": "money",
                      "rel": "PAID", "color": MONEY_COLOR, "dashes": [8, 6], "width": 2, "arrows": "to",
                      "label": t.amount(x["amount"]), "font": {"color": MONEY_COLOR, "face": FONT},
                      "title": tip(t("sig_money"), f"{t('payment')} {x['payment']} {t.amount(x['amount'])}",
                                   f"{names.label(x['payer'])} → {names.label(x['payee'])}")})
    guards = [t(f"guard_{g['guard']}", value=g["value"], threshold=g["threshold"]) for g in ev["guards"] if g["passed"]]
    linked = {(x["signal"], r) for x in ev["links"] for r in x["records"]}
    guards += [t("guard_hub", kind=t.enum(kind), value=mask.value(kind, value), n=n) for kind, value, n in ev["hubs"]
               if (kind, value) not in linked]
    title = cut(mask.text(f"{t('ring_title')}{t.colon}{ring_id}（{t('score')} {ring['score']:.2f}）"
                          if lang == "zh" else f"{t('ring_title')}: {ring_id} ({t('score')} {ring['score']:.2f})"),
                TITLE_MAX)
    items = [{"id": n["id"], "label": n["label"], "role": t(n["role"]) if n["role"] in ("organiser", "member") else "",
              "color": n["color"]} for n in nodes if n["role"] in ("organiser", "member")]
    sections = [{"title": t("signals_list"), "items": [cut(mask.text(s), PANEL_MAX) for s in ring["signals"]]},
                {"title": t("guards_list"), "items": guards},
                {"title": t("projects_list"), "items": [n["label"] for n in nodes if n["role"] == "project"]}]
    return {"title": title, "nodes": nodes, "edges": edges, "items": items, "sections": sections, "ring": ring,
            "evidence": ev, "t": t,
            "legend": [(t("sig_" + s), SIGNAL_COLOR[s]) for s in SIGNALS]}


def ring_page_html(ex: Explorer, ring_id: str, lang: str = "zh", unmask: bool = False) -> str:
    """The ring as one offline HTML page (see :func:`ring_view`)."""
    v = ring_view(ex, ring_id, lang, unmask)
    return render_page(v["t"], lang, v["title"], v["nodes"], v["edges"], v["items"], [], options=RING_OPTIONS,
                       sections=v["sections"], legend_extra=v["legend"])


def ring_page(ex: Explorer, ring_id: str, out_path: str | Path, lang: str = "zh", unmask: bool = False) -> Path:
    """Write the ring's page to ``out_path`` (atomically; 0600 when unmasked)."""
    out = Path(out_path)
    html = ring_page_html(ex, ring_id, lang, unmask)
    with atomic_path(out, private=unmask) as tmp:
        tmp.write_text(html, encoding="utf-8")
    return out
