"""The case file of one project as plain data (a "view"), shared by the HTML and Markdown reports.

Everything here comes from the findings document (what the analysis says) and the graph (the
records it rests on: dates, amounts and the ``file:row`` of each piece of evidence). The view
holds only strings, numbers and lists, already masked, so a renderer only lays it out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import networkx as nx

from ..legal import RULES
from ..model import on_project, project_subgraph
from ..schema import TABLE_ORDER, TABLES, project_key
from ..util import edge_items
from .i18n import T
from .masking import Masker

RULE_ORDER = {r: i for i, r in enumerate(RULES)}

# A project with 100,000 workers must still give a page a reader can open: the lists that grow with the
# workers are bounded, and each says what it left out and where the whole is (the evidence workbook of
# ``graphchain export``). Every finding and every liability entry is always shown.
EVIDENCE_SHOWN = 200  # ids per evidence list (of a finding, an element, a liable party)
TIMELINE_MAX = 2_000  # lines of the timeline
EVIDENCE_INDEX_MAX = 5_000  # rows of the evidence index


# ------------------------------------------------------------------ graph helpers
def project_graph(G: nx.MultiDiGraph, project_id: str) -> nx.MultiDiGraph:
    """The project's own subgraph, whether G is the whole graph or already that subgraph (then G itself:
    the views only read it, and a copy of a project with 100,000 workers costs seconds and a gigabyte)."""
    if G.graph.get("project_id") == project_id and project_key(project_id) in G:
        return G
    return project_subgraph(G, project_id)


def roles(project: dict, H: nx.MultiDiGraph) -> dict[str, str]:
    """Each party's role as the analysis gives it (the project entry's ``roles``), and each person
    employed on the project a worker or a manager by the records; anyone else ``other``."""
    out = {u: "manager" if d.get("role") == "manager" else "worker"
           for u, _, _, d in edge_items(H) if d.get("rel") == "EMPLOYED"}
    out.update(project.get("roles") or {})
    for n, d in H.nodes(data=True):
        if d.get("label") in ("Party", "Person") and n not in out:
            out[n] = "other"
    return out


def evidence_index(H: nx.MultiDiGraph) -> dict[str, tuple[str, str]]:
    """Evidence id -> (kind, "file:row") for every record of the graph that has a source; the kinds are
    the schema's (``Table.evidence``): rows that are edges first, then rows that are nodes, records
    before parties (ids may repeat across tables)."""
    edge_kinds = {t.edge.rel: t.evidence for t in map(TABLES.get, TABLE_ORDER) if t and t.edge}
    idx: dict[str, tuple[str, str]] = {}
    for _, _, k, d in edge_items(H):
        kind = edge_kinds.get(d.get("rel", ""))
        if kind and "source" in d:
            idx.setdefault(str(d.get("id", k)), (kind, d["source"]))
    node_kinds = {TABLES[t].node: TABLES[t].evidence for t in reversed(TABLE_ORDER) if TABLES[t].node}
    by_label: dict[str | None, list[dict]] = {label: [] for label in node_kinds}  # one pass over the nodes
    for d in H._node.values():
        label = d.get("label")
        if label in by_label and "source" in d:
            by_label[label].append(d)
    for label, kind in node_kinds.items():
        for d in by_label[label]:
            idx.setdefault(str(d["id"]), (kind, d["source"]))
    return idx


def _contracts_between(H: nx.MultiDiGraph, u: str, v: str) -> list[tuple[str, dict]]:
    if not H.has_edge(u, v):
        return []
    return sorted(((k, d) for k, d in H.get_edge_data(u, v).items() if d.get("rel") == "CONTRACT"),
                  key=lambda kd: str(kd[0]))


MONEY_COLUMNS = ("contracted_in", "received", "paid_down", "wages_paid", "other_out", "kept", "wages_due",
                 "wages_unpaid")


def money_rows(doc: dict, project_id: str) -> tuple[list[dict], list[str], list[dict]]:
    """The money-flow rows, break-point party ids and break-point explanations of a project.

    The analysis writes ``money`` as ``{project_id: {rows, break_point, break_points}}``; a list of
    ``{project_id, rows, break_point}`` and rows flagged ``"break": true`` are read as well, so
    that hand-written documents and older files still render.
    """
    money = doc.get("money") or {}
    entry: Any = None
    if isinstance(money, dict):
        entry = money.get(project_id)
    else:
        entry = next((m for m in money if isinstance(m, dict) and m.get("project_id") == project_id), None)
    if entry is None:
        return [], [], []
    rows = entry if isinstance(entry, list) else entry.get("rows") or entry.get("parties") or []
    bp: Any = None if isinstance(entry, list) else entry.get("break_point", entry.get("break"))
    if isinstance(bp, dict):
        bp = bp.get("party_id")
    breaks = [bp] if isinstance(bp, str) else [str(b) for b in bp] if isinstance(bp, list) else []
    breaks += [r["party_id"] for r in rows if r.get("break") or r.get("break_point") is True]
    reasons = [] if isinstance(entry, list) else [x for x in entry.get("break_points") or [] if isinstance(x, dict)]
    breaks += [x["break_point"] for x in reasons if isinstance(x.get("break_point"), str)]
    return rows, list(dict.fromkeys(breaks)), reasons


def offending_contracts(findings: list[dict]) -> dict[str, list[str]]:
    """contract id -> the chain rules (section A) it breaks, for drawing it red with rule ids: each
    finding's ``breaks`` (the contracts that themselves break the rule, as the analysis says)."""
    out: dict[str, list[str]] = {}
    for f in findings:
        rule = RULES.get(f.get("rule", ""))
        if rule is None or rule.section != "A":
            continue
        for k in f.get("breaks", []):
            if rule.id not in out.setdefault(k, []):
                out[k].append(rule.id)
    return out


_NUMBERS = re.compile(r"(\d+)")


def natural_key(s: str) -> tuple:
    """K2 before K10."""
    parts: list = _NUMBERS.split(str(s))
    parts[1::2] = map(int, parts[1::2])  # the captured runs of digits, between the text around them
    return tuple(parts)


# ------------------------------------------------------------------ the view
class Names:
    """Names of the ids a view shows: the findings document's entities, else the graph's nodes."""

    def __init__(self, doc: dict, G: nx.MultiDiGraph, t: T):
        self.entities = doc.get("entities") or {}
        self.G = G
        self.t = t

    def name(self, i: str | None) -> str:
        if i is None:
            return ""
        e = self.entities.get(i)
        if isinstance(e, dict) and e.get("name"):
            return str(e["name"])
        if i in self.G and self.G.nodes[i].get("name"):
            return str(self.G.nodes[i]["name"])
        return str(i)

    def label(self, i: str | None) -> str:
        """Name and id, so that a reader can find the party in the data: ``王建国（D）``."""
        if i is None:
            return ""
        n = self.name(i)
        return n if n == i else n + self.t.paren(i)


def _element_view(e: dict, t: T, ev) -> dict:
    """One element of a criminal lead as a checklist line; a note that already says what is missing
    ("尚缺：责令支付文书") stands in for the status."""
    status, note = t("met") if e.get("met") else t("missing"), str(e.get("note", ""))
    if note.startswith(status):
        status, note = note, ""
    return {"name": t(f"element_{e['element']}"), "met": bool(e.get("met")), "status": status, "note": note,
            "evidence": ev(list(e.get("evidence", [])))}


@dataclass
class _Report:
    """What every section of one project's report reads: the document, the project's subgraph, the
    words, the names, and the evidence cited so far (the evidence section lists it)."""

    doc: dict
    G: nx.MultiDiGraph
    project_id: str
    t: T
    H: nx.MultiDiGraph
    names: Names
    pnode: dict
    pinfo: dict
    evidence: dict[str, tuple[str, str]]
    findings: list[dict]
    bad_contracts: dict[str, list[str]]
    cited: dict[str, None] = field(default_factory=dict)  # evidence ids in the order the report cites them

    def ev(self, ids: list[str]) -> list[dict]:
        """Evidence ids as the report shows them (kind and file:row), remembered for the evidence section."""
        out = []
        for i in ids[:EVIDENCE_SHOWN]:
            self.cited[i] = None
            kind, src = self.evidence.get(i, ("", ""))
            # The source (file:row) says where to open the record; an id that is its own file:row needs none.
            out.append({"id": i, "kind": self.t(kind) if kind else "", "source": src if src != i else "",
                        "found": bool(kind) or ":" in i})
        if len(ids) > EVIDENCE_SHOWN:
            out.append({"id": self.t("n_more", n=f"{len(ids) - EVIDENCE_SHOWN:,}"), "kind": "", "source": "",
                        "found": True})
        return out


def case_view(doc: dict, G: nx.MultiDiGraph, project_id: str, lang: str = "zh",
              unmask: bool = False, *, masker: Masker | None = None) -> dict:
    """Everything the report shows about one project, as masked plain data: one function per section
    (``masker``: one already made for the project, shared with the other files of a case packet)."""
    t = T(lang)
    H = project_graph(G, project_id)
    masker = masker or Masker(H, unmask=unmask)  # the project's own people: a small, fast pattern
    pinfo: dict = next((p for p in doc.get("projects", []) if p.get("project_id") == project_id), {})
    findings = sorted((f for f in doc.get("findings", []) if f.get("project_id") == project_id),
                      key=lambda f: (RULE_ORDER.get(f.get("rule"), 999), str(f.get("subject", ""))))
    r = _Report(doc, G, project_id, t, H, Names(doc, G, t), H.nodes[project_key(project_id)], pinfo,
                evidence_index(H), findings, offending_contracts(findings))
    project_rules = list(dict.fromkeys(f["rule"] for f in findings if RULES.get(f["rule"]) is not None
                                       and RULES[f["rule"]].subject == "project"))
    view = {
        "lang": lang,
        "title": f"{t('report_title')}{t.colon}{r.pnode.get('name', project_id)}{t.paren(project_id)}",
        "generated": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "data_source": str(doc.get("bundle", {}).get("source") or G.graph.get("source", "")),
        "disclaimer": t.disclaimer,
        "summary": _summary(r, masker),
        "tree": _chain_tree(r),
        **_timeline(r),
        "findings": _findings(r),
        "liability": _liability(r),
        "project_rules": [{"rule": x, "name": t.rule_name(x)} for x in project_rules],
    } | _money(r)
    view["evidence"] = _evidence(r)
    view["evidence_note"] = (t("evidence_more", n=f"{len(r.cited) - EVIDENCE_INDEX_MAX:,}")
                             if len(r.cited) > EVIDENCE_INDEX_MAX else "")
    return masker.deep(view)  # type: ignore[return-value]


def _summary(r: _Report, masker: Masker) -> list[tuple[str, str]]:
    t, pnode = r.t, r.pnode
    guarantee = pnode.get("guarantee")
    return [
        (t("project_id"), r.project_id),
        (t("project_name"), pnode.get("name", "")),
        (t("owner"), r.names.label(pnode.get("owner_id"))),
        (t("district"), pnode.get("district", t("unknown"))),
        (t("start"), pnode.get("start", t("unknown"))),
        (t("end"), pnode.get("end", t("unknown"))),
        (t("guarantee"), t.amount(guarantee) if guarantee else t("none_given")),
        (t("wage_account"), masker.value("wage_account", pnode["wage_account"]) if pnode.get("wage_account")
         else t("not_opened")),
        (t("max_depth"), str(r.pinfo.get("max_depth", "")) or t("unknown")),
        (t("source"), pnode.get("source", "")),
    ]


def _chain_tree(r: _Report) -> list[dict]:
    """The chains as a prefix tree; each step names its contracts, each party its staff."""
    t, H, names = r.t, r.H, r.names
    role = roles(r.pinfo, H)
    staff: dict[str, list[tuple[str, str]]] = {}
    for u, v, _, d in edge_items(H):
        if d.get("rel") == "EMPLOYED":
            staff.setdefault(v, []).append((d.get("role") or "worker", u))

    def tree_node(n: str, via: str | None) -> dict:
        contracts = []
        if via is not None:
            for k, d in _contracts_between(H, via, n):
                contracts.append({
                    "id": k, "type": t.enum(d.get("type")), "amount": t.amount(d.get("amount")),
                    "signed": d.get("signed", ""), "scope": d.get("scope", ""),
                    "oral": d.get("written") is False, "rules": r.bad_contracts.get(k, []),
                    "source": d.get("source", "")})
        groups: dict[str, list[str]] = {}
        for role_name, p in sorted(staff.get(n, [])):
            groups.setdefault(role_name, []).append(names.name(p))
        return {"id": n, "name": names.name(n), "role": t.role(role.get(n, "other")), "contracts": contracts,
                "staff": [{"role": t.enum(x), "n": len(ps), "names": ps[:30] + (["…"] if len(ps) > 30 else [])}
                          for x, ps in groups.items()],
                "children": []}

    roots: list[dict] = []
    for chain in r.pinfo.get("chains") or []:
        level, via = roots, None
        for n in chain:
            node = next((x for x in level if x["id"] == n), None)
            if node is None:
                node = tree_node(n, via)
                level.append(node)
            level, via = node["children"], n
    return roots


def _timeline(r: _Report) -> dict:
    """Dated events: the project's start and end, contracts, payments (a payroll run as one line), claims.

    Past :data:`TIMELINE_MAX` lines the wage payments are one line per payer and month, and past it still
    the latest lines are left out, with a note (``timeline_notes``) saying so."""
    t, H, names, pnode = r.t, r.H, r.names, r.pnode
    timeline: list[dict] = []
    wages: dict[tuple[str, str, bool], list[tuple[str, str, dict]]] = defaultdict(list)
    for key, what in (("start", "start"), ("end", "end")):
        if pnode.get(key):
            timeline.append({"date": pnode[key], "kind": t("project"), "id": r.project_id,
                             "what": t(what), "amount": "", "source": pnode.get("source", ""), "rules": []})
    for u, v, k, d in edge_items(H):
        rel = d.get("rel")
        if rel == "CONTRACT":
            what = f"{names.label(u)} → {names.label(v)}{t.colon}{t.enum(d.get('type'))}"
            if d.get("scope"):
                what += t.comma + str(d["scope"])
            if d.get("written") is False:
                what += t.paren(t("oral"))
            timeline.append({"date": d.get("signed", ""), "kind": t("contract"), "id": k, "what": what,
                             "amount": t.amount(d.get("amount")), "source": d.get("source", ""),
                             "rules": r.bad_contracts.get(k, [])})
        elif rel == "PAID" and d.get("purpose") == "wage":
            wages[(str(d.get("paid", "")), u, bool(d.get("via_wage_account")))].append((k, v, d))
        elif rel == "PAID":
            what = f"{names.label(u)} → {names.label(v)}{t.colon}{t.enum(d.get('purpose')) or t('payment')}"
            if d.get("contract_id"):
                what += t.paren(d["contract_id"])
            if d.get("via_wage_account"):
                what += t.comma + t("via_account")
            timeline.append({"date": d.get("paid", ""), "kind": t("payment"), "id": k, "what": what,
                             "amount": t.amount(d.get("amount")), "source": d.get("source", ""), "rules": []})
    notes = []
    if len(timeline) + sum(len(pays) if len(pays) < 4 else 1 for pays in wages.values()) > TIMELINE_MAX:
        monthly: dict[tuple[str, str, bool], list[tuple[str, str, dict]]] = defaultdict(list)
        for (day, payer, via), pays in wages.items():
            monthly[(day[:7], payer, via)] += pays
        wages = monthly
        notes.append(t("timeline_monthly"))
    timeline += _payroll(r, wages)
    for _, d in H.nodes(data=True):
        if d.get("label") == "Claim":
            resp = d.get("respondent_id")
            against = names.label(resp) if resp else d.get("respondent_name", t("unknown"))
            what = f"{names.label(d.get('claimant_id'))} → {against}"
            extra = t.comma.join(t.enum(str(d[c])) for c in ("channel", "status") if d.get(c))
            if extra:
                what += t.paren(extra)
            if d.get("text"):
                what += t.colon + str(d["text"])
            timeline.append({"date": d.get("filed", ""), "kind": t("claim"), "id": d["id"], "what": what,
                             "amount": t.amount(d.get("amount")), "source": d.get("source", ""), "rules": []})
    timeline.sort(key=lambda x: (str(x["date"]) or "9999", x["kind"], x["id"]))
    if len(timeline) > TIMELINE_MAX:
        notes.append(t("timeline_more", n=f"{len(timeline) - TIMELINE_MAX:,}"))
        del timeline[TIMELINE_MAX:]
    return {"timeline": timeline, "timeline_notes": notes}


def _payroll(r: _Report, wages: dict[tuple[str, str, bool], list[tuple[str, str, dict]]]) -> list[dict]:
    """Timeline lines of wage payments grouped by (date, payer, via the wage account): a payroll run (one
    payer, one day or month, many workers) is one line, not hundreds; fewer than four are listed one by one."""
    t, names = r.t, r.names
    timeline: list[dict] = []
    for (day, payer, via), pays in wages.items():
        pays.sort(key=lambda p: natural_key(p[0]))
        total = t.amount(sum(float(d.get("amount", 0)) for *_, d in pays))
        if len(pays) < 4:
            for k, v, d in pays:
                what = f"{names.label(payer)} → {names.label(v)}{t.colon}{t.enum('wage')}"
                timeline.append({"date": day, "kind": t("payment"), "id": k, "what": what + (
                    t.comma + t("via_account") if via else ""), "amount": t.amount(d.get("amount")),
                    "source": d.get("source", ""), "rules": []})
            continue
        # a month's line can hold several payments to one worker: count the people, not the payments
        what = f"{names.label(payer)} → {t('n_workers', n=len({v for _, v, _ in pays}))}{t.colon}{t.enum('wage')}"
        timeline.append({"date": day, "kind": t("payment"), "id": f"{pays[0][0]} … {pays[-1][0]}",
                         "what": what + (t.comma + t("via_account") if via else ""), "amount": total,
                         "source": f"{pays[0][2].get('source', '')} … {pays[-1][2].get('source', '')}", "rules": []})
    return timeline


def _findings(r: _Report) -> list[dict]:
    t, names = r.t, r.names
    return [{
        "rule": f.get("rule", ""), "rule_name": t.rule_name(f.get("rule", "")),
        "subject": names.label(f.get("subject")),
        "parties": [names.label(p) for p in f.get("parties", [])],
        "basis": list(f.get("basis", [])),
        "summary": f.get("summary", "") if t.lang == "zh" else (f.get("summary_en") or f.get("summary", "")),
        "confidence": f"{float(f['confidence']):.0%}" if f.get("confidence") is not None else "",
        "evidence": r.ev(list(f.get("contracts", [])) + list(f.get("payments", [])) + list(f.get("records", []))),
        "elements": [_element_view(e, t, r.ev) for e in f.get("elements", [])],
    } for f in r.findings]


def _liability(r: _Report) -> list[dict]:
    t, names = r.t, r.names
    out = []
    for c in r.doc.get("liability", []):
        if c.get("project_id") != r.project_id:
            continue
        record = c.get("record")
        out.append({
            "claim_id": c.get("claim_id") or "", "claim": r.ev([c["claim_id"]]) if c.get("claim_id") else [],
            "claimant": names.label(c.get("claimant_id")), "amount": t.amount(c.get("amount")),
            "record": r.ev([record]) if record else [],
            "kind": t(f"kind_{c.get('kind', 'wages')}"),
            "note": c.get("note", ""),
            "respondent": (t("respondent_resolved", name=c["respondent"]["name"]) + " "
                           + names.label(c["respondent"]["party_id"]) if c.get("respondent")
                           and c["respondent"].get("party_id") else ""),
            "liable": [{
                "party": names.label(x.get("party_id")), "party_id": x.get("party_id", ""),
                "liability": t.liability(x.get("liability", "")), "liability_code": x.get("liability", ""),
                "rule": x.get("rule", ""), "rule_name": t.liability_rule(x.get("rule")),
                "basis": list(x.get("basis", [])),
                "cap": t.amount(x["cap"]) if x.get("cap") is not None else "",
                "evidence": r.ev(list(x.get("evidence", []))),
                "note": x.get("note", ""),
            } for x in c.get("liable", [])],
        })
    return out


def _money(r: _Report) -> dict:
    """The money rows and break points, and the money tied to no project that the project's employers
    paid (docs/legal-rules.md F: listed, never dropped)."""
    t, names = r.t, r.names
    rows, breaks, reasons = money_rows(r.doc, r.project_id)
    loose = sorted((k, u, w, d) for u, nbrs in r.H._succ.items() for w, kd in nbrs.items() for k, d in kd.items()
                   if d.get("rel") == "PAID" and on_project(d) is None)
    money_cols = [c for c in MONEY_COLUMNS if any(c in x for x in rows)]
    break_reasons = [(x.get("reason") if t.lang == "zh" else x.get("reason_en") or x.get("reason")) or ""
                     for x in reasons]
    return {
        "money": [{"party": names.label(x.get("party_id")), "is_break": x.get("party_id") in breaks,
                   "cells": [t.amount(x.get(c, 0)) for c in money_cols]} for x in rows],
        "unattributed": [{"payer": names.label(u), "payee": names.label(w), "amount": t.amount(d.get("amount")),
                          "date": d.get("paid", ""), "evidence": r.ev([k])} for k, u, w, d in loose],
        "money_columns": [t(c) for c in money_cols],
        "breaks": [names.label(b) for b in breaks],
        "break_reasons": [x for x in break_reasons if x],
    }


def _evidence(r: _Report) -> list[dict]:
    """Every record the report cites, with its kind and where to open it (file:row)."""
    evidence, t = r.evidence, r.t
    by_source = {src: kind for kind, src in evidence.values()}  # a record cited as "file:row"
    return [{"id": i, "kind": t(evidence.get(i, (by_source.get(i),))[0] or "unknown"),
             "source": evidence[i][1] if i in evidence else i if ":" in i else t("not_found")}
            for i in sorted(r.cited, key=lambda i: (evidence.get(i, ("~",))[0], natural_key(i)))[:EVIDENCE_INDEX_MAX]]
