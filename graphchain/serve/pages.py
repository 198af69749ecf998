"""The explorer's pages as template contexts: home, search, party/person, project, claim, ring, lead, lists.

Each function reads what one page needs by key through an :class:`~graphchain.explore.Explorer` and
returns the context of ``explore.html.j2``; the pictures are the ones the offline pages draw
(:func:`~graphchain.report.graph_page.project_view`, :func:`~graphchain.report.party_page.party_view`,
:func:`~graphchain.report.ring_page.ring_view`), with each node's page as its ``url`` and each record's
date on its edge (for the date filter). Names reach the page only through jinja autoescaping or the
script-safe JSON; personal numbers are masked unless the server was started with ``unmask``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import networkx as nx

from ..analysis.rings.evidence import SIGNALS
from ..explore import Explorer
from ..legal import RULES
from ..model import on_project
from ..report.graph_page import OPTIONS, listing, project_view, script_json
from ..report.i18n import T
from ..report.masking import Masker
from ..report.party_page import party_view
from ..report.ring_page import RING_OPTIONS, ring_view
from ..util import cut

HOME_PROJECTS = 20  # the home page's first projects (by id), where a new user can start
PARTY_BUDGET = 4  # projects analysed for a party page (rules, roles); the rest are a click away
PATH_COLOR = "#ffab00"  # the liability path: amber, thick, beside the red of broken rules
WORDS = ("search", "search_hint", "rings", "leads", "click_open", "click_expand", "rule", "all", "since", "until",
         "legend")


class NotFound(KeyError):
    """No such entity: the server answers 404 with one line."""


@dataclass
class Ctx:
    """What every page knows: the explorer, the words and whether numbers are shown."""

    ex: Explorer
    lang: str = "zh"
    unmask: bool = False

    @property
    def t(self) -> T:
        return T(self.lang)

    def page(self, title: str, **kw) -> dict:
        t = self.t
        base = {"title": title, "lang": self.lang, "disclaimer": t.disclaimer, "q": "", "facts": [], "links": [],
                "sections": [], "data_json": "", "rules": [], "legend": [],
                "words": {w: t(w) for w in WORDS}}
        return base | kw


def href(label: str | None, id_: str) -> str | None:
    """The page of a node (by its label and bundle id), or None when it has none."""
    q = quote(str(id_), safe="")
    return {"Party": f"/party/{q}", "Person": f"/party/{q}", "Project": f"/project/{q}",
            "Claim": f"/claim/{q}"}.get(label or "")


def node_url(key: str, H: nx.MultiDiGraph | None) -> str | None:
    if key.startswith("project:"):
        return href("Project", key[len("project:"):])
    if H is not None and key in H:
        return href(H.nodes[key].get("label"), key)
    return None


def dated(H: nx.MultiDiGraph) -> dict[str, str]:
    """Evidence id -> its date (signed, paid, started, filed), for the date filter."""
    out: dict[str, str] = {}
    for _, _, k, d in H.edges(keys=True, data=True):
        when = d.get("signed") or d.get("paid") or d.get("start")
        if when:
            out[str(k)] = str(when)[:10]
    for _, d in H.nodes(data=True):
        if d.get("label") == "Claim" and d.get("filed"):
            out[str(d["id"])] = str(d["filed"])[:10]
    return out


def graph_json(nodes: list[dict], edges: list[dict], H: nx.MultiDiGraph | None, options: dict,
               dates: bool = True) -> str:
    """The page's picture as script-safe JSON: nodes with their page, edges with their record's date (``H``: the
    page's own graph; without ``dates`` it may be a large one, only looked up by key)."""
    when = dated(H) if H is not None and dates else {}
    for n in nodes:
        n.pop("full", None)
        url = node_url(str(n["id"]), H)
        if url:
            n["url"] = url
    for e in edges:
        kind, _, rec = str(e.get("id", "")).partition(":")
        if kind in ("contract", "payment", "employment", "claim") and rec in when:
            e["date"] = when[rec]
    return script_json({"nodes": nodes, "edges": edges, "options": options})


def rule_options(t: T, edges: list[dict], findings: list[dict]) -> list[tuple[str, str]]:
    found = {r for e in edges for r in e.get("rules", [])} | {f["rule"] for f in findings if f.get("rule")}
    return [(r, t.rule_name(r)) for r in RULES if r in found]


def finding_items(t: T, findings: list[dict]) -> list[dict]:
    out = []
    for f in findings:
        item = {"badge": f["rule"], "rule": f["rule"], "text": f"{f['name']}{t.colon}{f['subject']}",
                "note": f["summary"]}
        if f.get("project"):
            item["href"] = href("Project", f["project"])
        out.append(item)
    return out


# ---------------------------------------------------------------- pages
def home(c: Ctx) -> dict:
    t = c.t
    mask = Masker(unmask=c.unmask)
    first = c.ex.reader.some_projects(HOME_PROJECTS)
    return c.page("graphchain", sections=[
        {"title": t("search"), "count": False, "items": [{"text": t("home_intro")}]},
        {"title": t("projects_list"), "count": False, "id": "projects",
         "items": [{"text": cut(mask.text(f"{pid} {name}"), 200), "href": href("Project", pid)}
                   for pid, name in first]},
        {"title": t("rings"), "count": False, "items": [{"text": t("rings"), "href": "/rings"},
                                                        {"text": t("leads"), "href": "/leads"}]}])


def search(c: Ctx, q: str) -> dict:
    t = c.t
    hits = c.ex.search(q)
    mask = Masker(unmask=c.unmask)
    items = [{"text": cut(mask.text(f"{h['name']}{t.paren(h['id'])}"), 200),
              "href": href(h["label"], h["id"]),
              "note": f"{t({'Project': 'project', 'Party': 'party'}.get(h['label'], 'person'))} · {t('matched')}"
                      f" {({'id': t('id'), 'name': t('by_name')}).get(h['matched'], h['matched'])} {h['score']:.0f}"}
             for h in hits]
    return c.page(f"{t('results')}{t.colon}{cut(q, 60)}", q=q,
                  sections=[{"title": t("results"), "id": "results", "items": items or [{"text": t("no_results")}]}])


def party(c: Ctx, key: str) -> dict:
    t = c.t
    try:
        v = party_view(c.ex, key, c.lang, c.unmask, budget=PARTY_BUDGET)
    except KeyError:
        raise NotFound(key) from None
    H, mask = v["graph"], v["mask"]
    d = H.nodes[key]
    claims = sorted((x for _, x in H.nodes(data=True) if x.get("label") == "Claim"), key=lambda x: str(x["id"]))

    def claim_item(x: dict) -> dict:
        return {"text": f"{x['id']} {t.amount(x.get('amount'))} {x.get('filed', '')}", "href": href("Claim", x["id"]),
                "note": str(on_project(x) or "")}

    sections = [
        {"title": t("projects_list"), "id": "projects",
         "items": [{"text": cut(mask.text(f"{p} {v['project_names'][p] if v['project_names'][p] != p else ''}"), 200),
                    "href": href("Project", p),
                    **({} if p in v["analysed"] else {"note": t("not_analysed")})} for p in v["projects"]]},
        {"title": t("findings_list"), "items": finding_items(t, v["findings"])},
        {"title": t("claims_against"), "items": [claim_item(x) for x in claims if x.get("respondent_id") == key]},
        {"title": t("claims_filed"), "items": [claim_item(x) for x in claims if x.get("claimant_id") == key]},
        v["sections"][1] | {"items": [{"text": x} for x in v["sections"][1]["items"]]},
        {"title": t("parties_list"), "items": [{"text": x["label"], "note": x["role"], "node": x["id"]}
                                               for x in v["items"]]},
    ]
    facts = [(t("id"), key), (t("type"), t.enum(d.get("kind")) or t("person"))]
    links = [(t("rings"), f"/rings?member={quote(key, safe='')}")] if sections[3]["items"] else []
    return c.page(v["title"], facts=facts, links=links, sections=sections,
                  data_json=graph_json(v["nodes"], v["edges"], H, OPTIONS),
                  rules=rule_options(t, v["edges"], v["findings"]), legend=role_legend(t))


def role_legend(t: T) -> list[tuple[str, str]]:
    from ..report.graph_page import LEGEND_ROLES

    return [(t.role(r), f"sw-{r}") for r in LEGEND_ROLES]


def _project(c: Ctx, project_id: str):
    try:
        return c.ex.project(project_id)
    except KeyError:
        raise NotFound(project_id) from None


def project(c: Ctx, project_id: str, highlight: dict | None = None) -> dict:
    t = c.t
    H, doc = _project(c, project_id)
    title, page, fviews = project_view(doc, H, project_id, c.lang, c.unmask)
    mask = page.mask
    items = listing(page)
    nodes, edges = page.net.nodes, page.net.edges
    if highlight:
        claimants = {str(H.nodes[f"claim:{c}"].get("claimant_id")) for c in highlight["claims"] if f"claim:{c}" in H}
        liability_path(nodes, edges, doc, project_id, highlight["liable"], highlight["claims"],
                       {page.fold_into.get(x, x) for x in claimants}, page.fold_into)
    pnode = H.nodes[f"project:{project_id}"]
    claims = sorted((x for _, x in H.nodes(data=True) if x.get("label") == "Claim"), key=lambda x: str(x["id"]))
    q = quote(project_id, safe="")
    sections = [
        {"title": t("findings_list"), "items": finding_items(t, fviews)},
        {"title": t("claims_list"), "id": "claims",
         "items": [{"text": f"{x['id']} {t.amount(x.get('amount'))} {x.get('filed', '')}",
                    "href": href("Claim", x["id"]),
                    "note": cut(mask.text(page.names.label(x.get("claimant_id"))), 80)} for x in claims]},
        {"title": t("parties_list"), "id": "parties",
         "items": [{"text": x["label"], "note": x["role"], "node": x["id"],
                    **({"href": u} if (u := node_url(str(x["id"]), H)) else {})} for x in items]},
    ]
    facts = [(t("project_id"), project_id), (t("project_name"), mask.text(pnode.get("name", ""))),
             (t("owner"), mask.text(page.names.label(pnode.get("owner_id")))),
             (t("district"), pnode.get("district", "")), (t("start"), pnode.get("start", "")),
             (t("end"), pnode.get("end", ""))]
    links = [(t("report_link"), f"/project/{q}/report"), (t("packet_link"), f"/project/{q}/packet.zip")]
    return c.page(title, facts=facts, links=links, sections=sections,
                  data_json=graph_json(nodes, edges, H, OPTIONS),
                  rules=rule_options(t, edges, fviews), legend=role_legend(t))


def liability_path(nodes: list[dict], edges: list[dict], doc: dict, project_id: str, liable: list[str],
                   claims: list[str], claimants: set[str], fold_into: dict[str, str]) -> None:
    """Mark (``path: true``, thick amber) the claims and the contracts from each liable party down the chain to
    the employer who owes the wages, and ring the liable parties. ``claimants``: the nodes the claims are
    drawn from (a claimant, or the "workers ×N" box they are folded into)."""
    info: dict = next((p for p in doc.get("projects", []) if p.get("project_id") == project_id), {})
    direct = {x["party_id"] for e in doc.get("liability", []) if e.get("claim_id") in claims
              for x in e.get("liable", []) if x.get("liability") == "direct"}
    pairs: set[tuple[str, str]] = set()
    for chain in info.get("chains", []):
        low = [i for i, p in enumerate(chain) if p in direct]
        high = [i for i, p in enumerate(chain) if p in liable]
        if low and high and min(high) <= max(low):
            pairs.update(zip(chain[min(high):max(low)], chain[min(high) + 1:max(low) + 1], strict=True))
    drawn = {str(n["id"]) for n in nodes}
    for e in edges:
        on_path = (e.get("rel") == "CONTRACT" and (e["from"], e["to"]) in pairs) or \
            (e.get("rel") == "CLAIM" and (str(e["id"]).partition(":")[2] in claims  # the claim itself,
                                          or e["from"] in claimants and e["to"] in direct))  # or its fold's
        if on_path:
            e.update(path=True, color=PATH_COLOR, width=7, shadow=True)
    targets = set(liable) | {fold_into.get(p, p) for p in liable}
    for n in nodes:
        if str(n["id"]) in targets and str(n["id"]) in drawn:
            bg = n["color"] if isinstance(n["color"], str) else n["color"].get("background")
            n.update(liable=True, borderWidth=6, color={"background": bg, "border": PATH_COLOR})


def claim(c: Ctx, claim_id: str) -> dict:
    t = c.t
    d = c.ex.node(f"claim:{claim_id}")
    if d is None or d.get("label") != "Claim" or not on_project(d):
        raise NotFound(claim_id)
    pid = str(on_project(d))
    H, doc = _project(c, pid)
    entries = [e for e in doc.get("liability", []) if e.get("claim_id") == claim_id]
    liable = [x for e in entries for x in e.get("liable", [])]
    ctx = project(c, pid, {"liable": [x["party_id"] for x in liable], "claims": [claim_id]})
    mask = Masker(H, unmask=c.unmask)
    names = {k: v.get("name", k) for k, v in doc.get("entities", {}).items()}
    claimant, respondent = d.get("claimant_id"), d.get("respondent_id")
    facts = [(t("claim"), claim_id), (t("amount"), t.amount(d.get("amount"))), (t("filed"), d.get("filed", "")),
             (t("project"), pid), (t("claimant"), mask.text(f"{names.get(claimant, claimant)}{t.paren(claimant)}")),
             (t("respondent"), mask.text(f"{names.get(respondent, d.get('respondent_name', ''))}"
                                         f"{t.paren(respondent) if respondent else ''}")),
             ("", cut(mask.text(d.get("text", "")), 400))]
    liable_items = [{"text": mask.text(f"{names.get(x['party_id'], x['party_id'])}{t.paren(x['party_id'])}"),
                     "href": href("Party", x["party_id"]), "badge": x.get("rule", ""),
                     "note": f"{t.liability(x.get('liability', ''))} · {t.liability_rule(x.get('rule'))}"}
                    for x in liable]
    people = [{"text": mask.text(f"{names.get(p, p)}{t.paren(p)}"), "href": href("Party", p)}
              for p in (claimant, respondent) if p]
    ctx["sections"] = [{"title": t("liable_parties"), "id": "liable", "items": liable_items},
                       {"title": t("parties_list"), "items": people}] + ctx["sections"]
    ctx["links"] = ctx["links"] + [(t("lead_title"), f"/leads?claim={quote(claim_id, safe='')}")]
    ctx.update(title=f"{t('claim')} {claim_id}{t.colon}{ctx['title']}", facts=facts)
    return ctx


def ring(c: Ctx, ring_id: str) -> dict:
    t = c.t
    try:
        v = ring_view(c.ex, ring_id, c.lang, c.unmask)
    except KeyError:
        raise NotFound(ring_id) from None
    G = c.ex.claims_graph()
    r = v["ring"]
    organisers = set(r["organizers"])
    members = [{"text": x["label"], "href": href("Person", x["id"]), "node": x["id"],
                "note": t("organiser") if x["id"] in organisers else ""} for x in v["items"]]
    sections = [{"title": t("members_list"), "id": "members", "items": members},
                *({"title": s["title"], "items": [{"text": x} for x in s["items"]]} for s in v["sections"][:2]),
                {"title": t("projects_list"),
                 "items": [{"text": p, "href": href("Project", p)} for p in r["projects"]]},
                {"title": t("claims_list"), "items": [{"text": x, "href": href("Claim", x)} for x in r["claims"]]}]
    legend = [(name, f"sig-{s}") for (name, _), s in zip(v["legend"], SIGNALS, strict=True)]
    return c.page(v["title"], facts=[(t("score"), f"{r['score']:.3f}")], sections=sections,
                  data_json=graph_json(v["nodes"], v["edges"], G, RING_OPTIONS, dates=False), legend=legend)


def rings(c: Ctx, member: str = "") -> dict:
    """Every ring, or (``member``) those a person belongs to."""
    t = c.t
    items = [{"text": f"{r['ring_id']} · {t('score')} {r['score']:.2f}", "href": f"/ring/{quote(r['ring_id'])}",
              "note": f"{len(r['members'])} {t('member')} · {len(r['projects'])} {t('project')}"}
             for r in c.ex.rings() if not member or member in r["members"]]
    return c.page(f"{t('rings')}{t.paren(member) if member else ''}", q="",
                  sections=[{"title": t("rings"), "id": "rings", "items": items}])


def leads(c: Ctx, claim: str = "") -> dict:
    """Every lead, or (``claim``) the one a claim is in."""
    t = c.t
    mask = Masker(unmask=c.unmask)
    items = [{"text": f"{x['lead_id']} · {x['project_id']} · "
                      f"{mask.text(x.get('respondent_name') or x.get('respondent_id') or '')}",
              "href": f"/lead/{quote(x['lead_id'])}",
              "note": f"{x['workers']} · {t.amount(x['amount'])} · {x['first_filed']}"}
             for x in c.ex.leads() if not claim or claim in x["claims"]]
    return c.page(f"{t('leads')}{t.paren(claim) if claim else ''}",
                  sections=[{"title": t("leads"), "id": "leads", "items": items}])


def lead(c: Ctx, lead_id: str) -> dict:
    t = c.t
    x = c.ex.lead(lead_id)
    if x is None:
        raise NotFound(lead_id)
    liable = c.ex.lead_liable(x)
    ctx = project(c, x["project_id"], {"liable": [y["party_id"] for y in liable], "claims": list(x["claims"])})
    mask = Masker(unmask=c.unmask)
    facts = [(t("lead_title"), lead_id), (t("project"), x["project_id"]),
             (t("respondent"), mask.text(x.get("respondent_name") or x.get("respondent_id") or "")),
             (t("workers_count"), x["workers"]), (t("amount"), t.amount(x["amount"])),
             (t("first_filed"), x["first_filed"])]
    ctx["sections"] = [
        {"title": t("liable_parties"), "id": "liable",
         "items": [{"text": mask.text(f"{y.get('name', y['party_id'])}{t.paren(y['party_id'])}"),
                    "href": href("Party", y["party_id"]), "note": t.liability(y.get("liability", ""))}
                   for y in liable]},
        {"title": t("claims_list"), "items": [{"text": cid, "href": href("Claim", cid)} for cid in x["claims"]]},
    ] + ctx["sections"]
    ctx.update(title=f"{t('lead_title')} {lead_id}{t.colon}{ctx['title']}", facts=facts)
    return ctx


def expand(c: Ctx, key: str) -> dict:
    """The neighbours of one node, for "expand" (nodes and edges as the pages draw them)."""
    if key.startswith("project:"):
        H, doc = _project(c, key[len("project:"):])
        _, page, _ = project_view(doc, H, key[len("project:"):], c.lang, c.unmask)
        nodes, edges = page.net.nodes, page.net.edges
    else:
        try:
            v = party_view(c.ex, key, c.lang, c.unmask, budget=PARTY_BUDGET)
        except KeyError:
            raise NotFound(key) from None
        H, nodes, edges = v["graph"], v["nodes"], v["edges"]
    for n in nodes:
        n.pop("full", None)
        if url := node_url(str(n["id"]), H):
            n["url"] = url
    return {"nodes": nodes, "edges": edges}


def stylesheet() -> str:
    """explore.css with the legend's colours (classes, since the CSP allows no inline style)."""
    from importlib.resources import files

    from ..report.graph_page import ROLE_STYLE
    from ..report.ring_page import SIGNAL_COLOR

    css = (files("graphchain") / "templates" / "explore.css").read_text(encoding="utf-8")
    css += "".join(f".sw-{r} {{ background: {s['color']}; }}\n" for r, s in ROLE_STYLE.items())
    css += "".join(f".sig-{k} {{ background: {v}; }}\n" for k, v in SIGNAL_COLOR.items())
    return css
