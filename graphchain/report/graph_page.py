"""The interactive graph of one project: one HTML page that works with no network at all.

Drawn with the vis-network 9.1.2 that pyvis bundles, with node and edge dicts as pyvis makes them, but
collected and rendered by our own code (:class:`VisNetwork`, our template), because pyvis's template
links bootstrap from a CDN and prints data unescaped, and its ``add_node`` / ``add_edge`` look nodes up
in a list (quadratic on a project with 100,000 workers):

- offline: vis-network's JS and CSS are inlined; the page has no http(s) src/href, and a
  Content-Security-Policy forbids any request should one slip in;
- safe: node and edge data are embedded as JSON with ``<``, ``>`` and ``&`` written as ``\\u003c``
  etc., so a name like ``</script><script>…`` cannot close the script; tooltips are plain-text
  strings (vis-network 9 shows them with innerText, never as HTML); everything else on the page
  goes through jinja2 autoescaping;
- usable when large: a computed hierarchical layout (owner at the top) with physics off, so
  nothing moves once drawn; past ``fold_threshold`` nodes the workers of one employer fold into
  one node "工人 ×N" (and people tied to the project only by a claim, into "诉求人 ×N");
- bounded: labels are cut to ``LABEL_MAX`` characters and tooltips to ``TITLE_LINES`` lines of
  ``TITLE_MAX`` characters (a huge name must not make a huge page); the side panel lists names
  up to ``PANEL_MAX`` characters.

Page globals ``network``, ``nodes`` and ``edges`` (vis DataSets) are there for scripts and tests.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import networkx as nx
import pyvis

from ..legal import RULES
from ..schema import project_key
from ..util import atomic_path, cut, edge_items
from .case import Names, offending_contracts, project_graph, roles
from .html import environment
from .i18n import T
from .masking import PERSONAL_COLUMNS, Masker

FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'

ROLE_STYLE: dict[str, dict] = {  # colour-blind-friendly-ish, and red stays free for violations
    "owner": {"color": "#6a3d9a", "shape": "box", "font": "#ffffff"},
    "general": {"color": "#1f63b4", "shape": "box", "font": "#ffffff"},
    "sub": {"color": "#2e8b3e", "shape": "box", "font": "#ffffff"},
    "labour": {"color": "#e07b00", "shape": "box", "font": "#ffffff"},
    "boss": {"color": "#8c510a", "shape": "ellipse", "font": "#ffffff"},
    "manager": {"color": "#d98cb3", "shape": "dot", "font": "#222222"},
    "worker": {"color": "#8fa8c8", "shape": "dot", "font": "#222222"},
    "other": {"color": "#b8a9d9", "shape": "dot", "font": "#222222"},
}
LEGEND_ROLES = ("owner", "general", "sub", "labour", "boss", "worker", "manager", "other")
CONTRACT_COLOR, BAD_COLOR, MONEY_COLOR = "#37474f", "#d32f2f", "#2e7d32"
EMPLOY_COLOR, CLAIM_COLOR = "#9e9e9e", "#ef6c00"
LABEL_MAX, TITLE_MAX, TITLE_LINES, PANEL_MAX = 60, 300, 40, 2000


@cache
def _vis_assets() -> tuple[str, str]:
    """The vis-network JS and CSS that pyvis ships (the in_line resources), read once."""
    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    # Belt and braces: these must never end the <script>/<style> element they are inlined in.
    assert "</script" not in js.lower() and "</style" not in css.lower()
    return js, css


class VisNetwork:
    """The nodes and edges of a vis-network page: the dicts pyvis's ``Network(directed=True)`` makes
    (same keys, same order), collected in linear time. A node id added twice keeps its first node."""

    def __init__(self) -> None:
        self.nodes: list[dict] = []
        self.edges: list[dict] = []
        self._ids: set = set()

    def add_node(self, n_id: str, label: str | None = None, shape: str = "dot", color: object = "#97c2fc",
                 **options: object) -> None:
        if n_id not in self._ids:
            self._ids.add(n_id)
            self.nodes.append({"color": color, **options, "id": n_id, "label": label or n_id, "shape": shape})

    def add_edge(self, source: str, to: str, **options: object) -> None:
        if source not in self._ids or to not in self._ids:
            raise ValueError(f"edge {source!r} -> {to!r}: a node is missing")
        e = {**options, "from": source, "to": to}
        e.setdefault("arrows", "to")
        self.edges.append(e)


def script_json(obj: object) -> str:
    """JSON that is safe inside <script>: no ``<``, ``>`` or ``&`` can end or open a tag."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _levels(H: nx.MultiDiGraph, owner: str | None, shown: set[str],
            claims: list[tuple[str, str]]) -> dict[str, int]:
    """Tier below the owner along contracts; workers one below their employer, claimants one
    below whom they claim against, payees one below who paid them. A stable left-to-right
    layout that needs no physics."""
    level: dict[str, int] = {}
    if owner in shown:
        level[owner] = 0
    below: dict[str, list[str]] = defaultdict(list)
    ties = []  # (u, v, rel) of the edges that place a node beside another, in the graph's order
    for u, v, _, d in edge_items(H):
        rel = d.get("rel")
        if rel == "CONTRACT":
            below[u].append(v)
        if rel in ("EMPLOYED", "PAID", "CONTRACT"):
            ties.append((u, v, rel))
    frontier = [owner] if owner in shown else []
    while frontier:  # BFS: the shortest tier wins, so a cycle cannot loop forever
        nxt = []
        for u in frontier:
            for v in below.get(u, ()):
                if v not in level:
                    level[v] = level[u] + 1
                    nxt.append(v)
        frontier = nxt
    for _ in range(3):  # employers and payers may themselves be placed only in a later pass
        placed = len(level)
        for u, v, rel in ties:
            if rel == "EMPLOYED" and v in level and u not in level:
                level[u] = level[v] + 1
            elif rel != "EMPLOYED" and u in level and v not in level:
                level[v] = level[u] + 1
        for claimant, respondent in claims:
            if respondent in level and claimant not in level:
                level[claimant] = level[respondent] + 1
        if len(level) == placed:  # nothing placed in this pass: nor would the next place anything
            break
    bottom = max(level.values(), default=0) + 1
    return {n: level.get(n, bottom) for n in shown}


def _ties(H: nx.MultiDiGraph, n: str) -> Iterator[tuple[str, str, dict]]:
    """``n``'s out- then in-edges as (u, v, attrs), straight from the adjacency dicts."""
    for v, kd in H._succ[n].items():
        for d in kd.values():
            yield n, v, d
    for u, kd in H._pred[n].items():
        for d in kd.values():
            yield u, n, d


def _lines(*pairs: tuple[str, object]) -> str:
    return "\n".join(f"{k}: {v}" if k else str(v) for k, v in pairs if v not in (None, "", []))


def _fold_plan(H: nx.MultiDiGraph, agents: set[str], role: dict[str, str], claims: list[dict],
               threshold: int) -> dict[str, str]:
    """person -> the fold node that stands for them, once the page has more than ``threshold`` nodes.

    Two kinds of crowd fold: the plain workers of the project team (their only ties are
    employments, wages paid to them and their own claims) into ``fold:<employer>`` — with two or
    more employers, the one that owes them most (the fold keeps an edge to each employer); and
    people whose only tie to the project is a claim against one respondent into
    ``claims:<respondent>``. A person with any other tie (a contract, a non-wage payment) stays visible.
    """
    if len(agents) <= threshold:
        return {}
    employers: dict[str, dict[str, float]] = defaultdict(dict)
    for u, v, _, d in edge_items(H):
        if d.get("rel") == "EMPLOYED":
            employers[u][v] = employers[u].get(v, 0.0) + float(d.get("wage_due") or 0)
    respondents: dict[str, set[str | None]] = defaultdict(set)
    for c in claims:
        respondents[c["claimant_id"]].add(c.get("respondent_id"))
    groups: dict[str, list[str]] = defaultdict(list)
    for w in sorted(agents):
        if H.nodes[w].get("label") != "Person":
            continue
        ties = list(_ties(H, w))
        if role.get(w) == "worker" and employers[w] and all(
                d.get("rel") in ("EMPLOYED", "FILED") or (d.get("rel") == "PAID" and d.get("purpose") == "wage"
                                                          and v == w) for u, v, d in ties):
            main = min(employers[w].items(), key=lambda e: (-e[1], e[0]))[0]
            groups[f"fold:{main}"].append(w)
        elif (not employers[w] and len(respondents[w]) == 1 and None not in respondents[w]
              and all(d.get("rel") == "FILED" for *_, d in ties)):
            groups[f"claims:{next(iter(respondents[w]))}"].append(w)
    plan: dict[str, str] = {}
    for f, ws in groups.items():
        if len(ws) < 2:
            continue
        kind, anchor = f.split(":", 1)
        key, i = f, 0
        while key in H:  # a bundle id that looks like a fold id: the fold takes another ("fold#1:D")
            i += 1
            key = f"{kind}#{i}:{anchor}"
        plan.update((w, key) for w in ws)
    return plan


@dataclass
class _Page:
    """What every part of one project's graph page reads: words, names, masking, roles, the contracts
    that break rules, and the fold plan (who is drawn inside a "workers ×N" box)."""

    t: T
    H: nx.MultiDiGraph
    mask: Masker
    names: Names
    role: dict[str, str]
    bad: dict[str, list[str]]
    claims: list[dict]
    claims_of: dict[str, list[dict]]
    fold_into: dict[str, str]
    members: dict[str, list[str]]
    shown: set[str]
    level: dict[str, int]
    net: VisNetwork
    font: dict = field(default_factory=lambda: {"face": FONT, "size": 11, "strokeWidth": 3, "strokeColor": "#ffffff"})

    def tip(self, *pairs: tuple[str, object]) -> str:
        """A tooltip: masked first (a cut must not leave half a number bare), then each line cut."""
        lines = self.mask.text(_lines(*pairs)).split("\n")
        more = ["…"] if len(lines) > TITLE_LINES else []
        return "\n".join([cut(x, TITLE_MAX) for x in lines[:TITLE_LINES]] + more)

    def end(self, n: str | None) -> str | None:
        """Where an edge of ``n`` is drawn: ``n`` itself, or the fold it is drawn inside."""
        n = self.fold_into.get(n, n) if n is not None else None
        return n if n in self.shown else None


def draw(t: T, H: nx.MultiDiGraph, mask: Masker, names: Names, role: dict[str, str], bad: dict[str, list[str]],
         fold_threshold: int, place, extra_folds: dict[str, str] | None = None) -> _Page:
    """Draw the parties, persons and records of ``H`` (crowds folded) into a pyvis network: the project page's
    picture, also used for the cross-project pages (:mod:`.party_page`, :mod:`.ring_page`). ``place(visible,
    claim_pairs)`` gives each visible node its tier in the layout; ``bad``: contract id -> rules it breaks;
    ``extra_folds``: more people drawn inside a fold (person -> ``fold:<anchor>``) past ``fold_threshold``."""
    agents = {n for n, d in H.nodes(data=True) if d.get("label") in ("Party", "Person")}
    claims = sorted((d for _, d in H.nodes(data=True) if d.get("label") == "Claim"), key=lambda d: str(d["id"]))
    claims_of: dict[str, list[dict]] = defaultdict(list)
    for c in claims:
        claims_of[c.get("claimant_id")].append(c)
    fold_into = _fold_plan(H, agents, role, claims, fold_threshold)
    if extra_folds and len(agents) > fold_threshold:
        fold_into = dict(extra_folds) | fold_into
    members: dict[str, list[str]] = defaultdict(list)
    for w, f in fold_into.items():
        members[f].append(w)
    visible = agents - set(fold_into)
    claim_pairs = [(c["claimant_id"], c["respondent_id"]) for c in claims
                   if c.get("claimant_id") in agents and c.get("respondent_id") in agents]
    level = place(visible, claim_pairs)
    for f in members:
        level[f] = level.get(f.split(":", 1)[1], 0) + 1
    page = _Page(t, H, mask, names, role, bad, claims, claims_of, fold_into, members,
                 visible | set(members), level, VisNetwork())
    _party_nodes(page, visible)
    _fold_nodes(page)
    grouped = _record_edges(page)
    _claim_edges(page, grouped)
    _grouped_edges(page, grouped)
    return page


def listing(page: _Page) -> list[dict]:
    """The side panel's list of what is drawn (the nodes' full names, roles and colours)."""
    t = page.t
    return [{"id": n["id"], "label": n.pop("full", n.get("label", "")),
             "role": t.role(n["role"]) if n.get("role") in ROLE_STYLE else "",
             "color": n["color"] if isinstance(n["color"], str) else n["color"]["background"]}
            for n in page.net.nodes]


def render_page(t: T, lang: str, title: str, nodes: list, edges: list, items: list[dict], findings: list[dict],
                options: dict | None = None, sections: list[dict] | None = None,
                legend_extra: list[tuple[str, str]] | None = None) -> str:
    """One offline graph page (``graph.html.j2``): the vis data as script-safe JSON, the rest autoescaped.
    ``sections``: extra side-panel lists ``{"title", "items": [text, ...]}`` (the cross-project pages)."""
    js, css = _vis_assets()
    return environment().get_template("graph.html.j2").render(
        t=t, lang=lang, title=title, disclaimer=t.disclaimer, vis_js=js, vis_css=css,
        nodes_json=script_json(nodes), edges_json=script_json(edges), options_json=script_json(options or OPTIONS),
        legend=[(t.role(r), ROLE_STYLE[r]["color"]) for r in LEGEND_ROLES], legend_extra=legend_extra or [],
        listing=items, findings=findings, n_nodes=len(nodes), sections=sections or [])


def project_view(doc: dict, G: nx.MultiDiGraph, project_id: str, lang: str = "zh", unmask: bool = False,
                 fold_threshold: int = 30, *, masker: Masker | None = None) -> tuple[str, _Page, list[dict]]:
    """The project page's title, drawn picture and findings list (what :func:`graph_page_html` renders; the
    explorer serves the same picture). ``masker``: one already made for the project (a case packet's)."""
    t = T(lang)
    H = project_graph(G, project_id)
    mask = masker or Masker(H, unmask=unmask)
    names = Names(doc, G, t)
    pnode = H.nodes[project_key(project_id)]
    pinfo: dict = next((p for p in doc.get("projects", []) if p.get("project_id") == project_id), {})
    findings = [f for f in doc.get("findings", []) if f.get("project_id") == project_id]
    page = draw(t, H, mask, names, roles(pinfo, H), offending_contracts(findings), fold_threshold,
                lambda visible, claim_pairs: _levels(H, pnode.get("owner_id"), visible, claim_pairs))
    fviews = [{"rule": f.get("rule", ""), "name": t.rule_name(f.get("rule", "")),
               "subject": cut(mask.text(names.label(f.get("subject"))), PANEL_MAX),
               "summary": cut(mask.text(f.get("summary", "") if lang == "zh"
                                        else f.get("summary_en") or f.get("summary", "")), PANEL_MAX)}
              for f in findings]
    title = cut(mask.text(f"{t('graph_title')}{t.colon}{pnode.get('name', project_id)}{t.paren(project_id)}"),
                TITLE_MAX)
    return title, page, fviews


def graph_page_html(doc: dict, G: nx.MultiDiGraph, project_id: str, lang: str = "zh", unmask: bool = False,
                    fold_threshold: int = 30, *, masker: Masker | None = None) -> str:
    """The page as a string (see :func:`graph_page`): one function per part of the picture."""
    title, page, fviews = project_view(doc, G, project_id, lang, unmask, fold_threshold, masker=masker)
    return render_page(page.t, lang, title, page.net.nodes, page.net.edges, listing(page), fviews)


# Left to right: a chain reads like "owner → GC → sub → boss", edge labels lie along the edges, and many
# workers stack in a column instead of a page-wide row.
OPTIONS = {
    "layout": {"hierarchical": {"enabled": True, "direction": "LR", "sortMethod": "directed",
                                "levelSeparation": 330, "nodeSpacing": 70, "treeSpacing": 120,
                                "blockShifting": True, "edgeMinimization": True, "parentCentralization": True}},
    "physics": {"enabled": False},  # the layout is computed once and stays where it is
    "interaction": {"hover": True, "tooltipDelay": 120, "keyboard": True, "multiselect": True},
    "nodes": {"font": {"face": FONT, "size": 14}, "margin": 8, "widthConstraint": {"maximum": 220}},
    "edges": {"smooth": {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal",
                         "roundness": 0.4},
              "font": {"face": FONT, "align": "horizontal"}},
}


def _attr_lines(p: _Page, d: dict) -> list[tuple[str, object]]:
    """A party's or person's type, qualifications and (masked) personal numbers, for its tooltip."""
    t = p.t
    out: list[tuple[str, object]] = []
    if d.get("kind"):
        out.append((t("type"), t.enum(d["kind"])))
    if d.get("qualifications") is not None or d.get("kind") == "company":
        quals = d.get("qualifications") or []
        out.append((t("qualifications"), t.listsep.join(t.enum(q) for q in quals) or t("no_qualification")))
    for col in sorted(PERSONAL_COLUMNS):
        if d.get(col):
            out.append((t.enum(col), p.mask.value(col, d[col])))
    return out


def _party_nodes(p: _Page, visible: set[str]) -> None:
    """Every party and person drawn on its own, by role; a claimant with a thick red ring."""
    t, names = p.t, p.names
    for n in sorted(visible, key=lambda n: (p.level[n], n)):
        d = p.H.nodes[n]
        r = p.role.get(n, "other")
        st = ROLE_STYLE[r]
        own = p.claims_of.get(n, [])
        title = p.tip(("", names.label(n)), (t("role"), t.role(r)), *_attr_lines(p, d),
                      *[(t("claim"), f"{c['id']} {t.amount(c.get('amount'))} {c.get('filed', '')}") for c in own],
                      (t("source"), d.get("source")))
        node = {"label": cut(p.mask.text(names.name(n)), LABEL_MAX), "title": title,
                "full": cut(p.mask.text(names.name(n)), PANEL_MAX), "color": st["color"],
                "shape": st["shape"], "level": p.level[n], "role": r, "font": {"color": st["font"], "face": FONT}}
        if own:  # someone who claimed wages: a thick red ring
            node["borderWidth"] = 3
            node["color"] = {"background": st["color"], "border": BAD_COLOR}
        if st["shape"] == "dot":
            node["size"] = 12
        p.net.add_node(n, **node)


def _fold_nodes(p: _Page) -> None:
    """One box per crew ("workers ×N") or group of claimants, with their wages and claims in the tooltip."""
    t, names = p.t, p.names
    rows_of: dict[str, list[dict]] = defaultdict(list)  # fold -> the employment records of its members
    for u, _, _, d in edge_items(p.H):
        if d.get("rel") == "EMPLOYED" and u in p.fold_into:
            rows_of[p.fold_into[u]].append(d)
    for f, ws in sorted(p.members.items()):
        kind, anchor = f.split(":", 1)
        kind = kind.split("#")[0]  # "fold#1" when a bundle id already is "fold:…"
        rows = rows_of.get(f, [])
        n_claims = sum(len(p.claims_of.get(w, [])) for w in ws)
        claimed = sum(float(c.get("amount", 0)) for w in ws for c in p.claims_of.get(w, []))
        label = t("workers_n" if kind == "fold" else "claimants_n", n=len(ws))
        head = t("workers_of" if kind == "fold" else "claimants_of", name=cut(names.label(anchor), LABEL_MAX))
        shown_names = t.listsep.join(cut(names.name(w), LABEL_MAX) for w in ws[:20]) + (" …" if len(ws) > 20 else "")
        title = p.tip(("", head), ("", label),
                      (t("due"), t.amount(sum(float(d.get("wage_due", 0)) for d in rows)) if rows else None),
                      (t("paid"), t.amount(sum(float(d.get("wage_paid", 0)) for d in rows)) if rows else None),
                      (t("claims"), f"{n_claims} {t.amount(claimed)}" if n_claims else None), ("", shown_names))
        st = ROLE_STYLE["worker" if kind == "fold" else "other"]
        p.net.add_node(f, label=label, title=title, full=label, shape="box", level=p.level[f],
                       role="workers" if kind == "fold" else "claimants", count=len(ws),
                       color={"background": st["color"], "border": BAD_COLOR if n_claims else "#5c7599"},
                       borderWidth=3 if n_claims else 1, font={"color": "#1a1a1a", "face": FONT})


def _record_edges(p: _Page) -> dict[tuple[str, str, str], list[tuple[str, dict]]]:
    """Contracts (red with rule ids where they break one), payments and employment; what touches a fold
    is returned grouped, to be drawn as one edge per kind and partner."""
    t = p.t
    grouped: dict[tuple[str, str, str], list[tuple[str, dict]]] = defaultdict(list)
    for u, v, k, d in sorted(edge_items(p.H), key=lambda e: str(e[2])):
        rel = d.get("rel")
        a, b = p.end(u), p.end(v)
        if a is None or b is None:
            continue
        if rel == "CONTRACT":
            rules = p.bad.get(k, [])
            label = "\n".join([f"{k} {t.enum(d.get('type'))}", t.amount(d.get("amount"))] + [f"⚠ {r}" for r in rules])
            title = p.tip(("", f"{t('contract')} {k}"), (t("type"), t.enum(d.get("type"))),
                          (t("scope"), d.get("scope")), (t("amount"), t.amount(d.get("amount"))),
                          (t("signed"), d.get("signed")), ("", t("oral") if d.get("written") is False else ""),
                          *[(r, f"{t.rule_name(r)} — {t.sep.join(RULES[r].basis) if r in RULES else ''}")
                            for r in rules],
                          (t("source"), d.get("source")))
            p.net.add_edge(a, b, id=f"contract:{k}", label=cut(p.mask.text(label), LABEL_MAX),
                           title=title, rel="CONTRACT",
                           rules=rules, color=BAD_COLOR if rules else CONTRACT_COLOR, width=3.5 if rules else 2,
                           dashes=False, arrows="to",
                           # below the line: the money edge of the same pair curves above it
                           font=p.font | {"color": BAD_COLOR if rules else "#263238", "size": 12, "align": "bottom",
                                          "vadjust": 6})
        elif rel == "PAID" and (u in p.fold_into or v in p.fold_into):
            grouped[("PAID", a, b)].append((k, d))
        elif rel == "PAID":
            title = p.tip(("", f"{t('payment')} {k}"), (t("amount"), t.amount(d.get("amount"))),
                          (t("date"), d.get("paid")), (t("purpose"), t.enum(d.get("purpose"))),
                          (t("contract"), d.get("contract_id")),
                          ("", t("via_account") if d.get("via_wage_account") else ""),
                          (t("source"), d.get("source")))
            p.net.add_edge(a, b, id=f"payment:{k}", label=t.amount(d.get("amount")),
                           title=title,
                           rel="PAID", color=MONEY_COLOR, width=1.5, dashes=[8, 6], arrows="to",
                           smooth={"enabled": True, "type": "curvedCW", "roundness": 0.3},
                           font=p.font | {"color": MONEY_COLOR})
        elif rel == "EMPLOYED" and u in p.fold_into:
            grouped[("EMPLOYED", b, a)].append((k, d))
        elif rel == "EMPLOYED":
            title = p.tip(("", f"{t('employment')} {k}"), (t("role"), t.enum(d.get("role"))),
                          (t("days"), d.get("days")), (t("due"), t.amount(d.get("wage_due"))),
                          (t("paid"), t.amount(d.get("wage_paid"))), (t("source"), d.get("source")))
            # drawn employer -> worker, so that workers hang beside their employer
            p.net.add_edge(b, a, id=f"employment:{k}", title=title, rel="EMPLOYED",
                           color=EMPLOY_COLOR,
                           width=1, dashes=[2, 4], arrows={"to": {"enabled": False}})
    return grouped


def _claim_edges(p: _Page, grouped: dict[tuple[str, str, str], list[tuple[str, dict]]]) -> None:
    """Each claim drawn claimant → respondent (a fold's claims grouped)."""
    t = p.t
    for c in p.claims:
        a, b = p.end(c.get("claimant_id")), p.end(c.get("respondent_id"))
        if a is None or b is None:
            continue
        if a in p.members:
            grouped[("CLAIM", a, b)].append((c["id"], c))
            continue
        text = " ".join(t.enum(str(c[x])) for x in ("channel", "status") if c.get(x))
        title = p.tip(("", f"{t('claim')} {c['id']}"), (t("amount"), t.amount(c.get("amount"))),
                      (t("filed"), c.get("filed")), ("", text), ("", c.get("text")), (t("source"), c.get("source")))
        p.net.add_edge(a, b, id=f"claim:{c['id']}", title=title, rel="CLAIM",
                       color=CLAIM_COLOR,
                       width=1.2, dashes=[4, 3, 1, 3], arrows="to",
                       smooth={"enabled": True, "type": "curvedCCW", "roundness": 0.15})


def _grouped_edges(p: _Page, grouped: dict[tuple[str, str, str], list[tuple[str, dict]]]) -> None:
    """One edge per kind and partner for everything a fold does: its employer, its wages, its claims."""
    t = p.t
    for (rel, a, b), items in sorted(grouped.items()):
        total = sum(float(d.get("amount", 0)) for _, d in items)
        if rel == "EMPLOYED":
            p.net.add_edge(a, b, id=f"employment:{a}:{b}",
                           title=p.tip(("", t("workers_of", name=p.names.label(a)))),
                           rel="EMPLOYED", color=EMPLOY_COLOR, width=1, dashes=[2, 4],
                           arrows={"to": {"enabled": False}})
            continue
        word = t("wage") if rel == "PAID" else t("claims")
        title = p.tip(("", f"{word} ×{len(items)}"), (t("amount"), t.amount(total)),
                      *[("", f"{cut(str(k), LABEL_MAX)} {t.amount(d.get('amount'))} "
                             f"{d.get('paid') or d.get('filed', '')} [{d.get('source', '')}]") for k, d in items[:30]],
                      ("", "…" if len(items) > 30 else ""))
        style = ({"color": MONEY_COLOR, "dashes": [8, 6], "smooth": {"enabled": True, "type": "curvedCW",
                                                                       "roundness": 0.3}}
                 if rel == "PAID" else
                 {"color": CLAIM_COLOR, "dashes": [4, 3, 1, 3], "smooth": {"enabled": True, "type": "curvedCCW",
                                                                             "roundness": 0.15}})
        p.net.add_edge(a, b, id=f"{rel.lower()}:{a}:{b}", label=f"{word} ×{len(items)} {t.amount(total)}",
                       title=title, rel=rel, width=1.5, arrows="to",
                       font=p.font | {"color": style["color"]}, **style)


def graph_page(doc: dict, G: nx.MultiDiGraph, project_id: str, out_path: str | Path, lang: str = "zh",
               unmask: bool = False, fold_threshold: int = 30, *, masker: Masker | None = None) -> Path:
    """Write the interactive graph of one project to ``out_path`` (one offline HTML file)."""
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    page = graph_page_html(doc, G, project_id, lang=lang, unmask=unmask, fold_threshold=fold_threshold,
                           masker=masker)
    with atomic_path(out, private=unmask) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return out
