"""Exports for other tools: a project's graph as GraphML / GEXF (Gephi, yEd, Cytoscape) and an
evidence workbook (.xlsx) with one sheet per table of the findings document.

Personal numbers are masked unless ``unmask=True``, as in every other view (unmasked files are
written with mode 0600). Every file is written to a temporary name and renamed when complete; text
cells that a spreadsheet would read as a formula are stored as text.
"""

from __future__ import annotations

from copy import copy
from datetime import datetime
from pathlib import Path

import networkx as nx
import pandas as pd

from ..model import project_subgraph
from ..util import atomic_dir, atomic_path, cut, edge_items, formula_like, inside, printable, safe_filename
from .case import MONEY_COLUMNS, Names, evidence_index, money_rows, offending_contracts
from .i18n import T
from .masking import Masker

SCALARS = (str, int, float, bool)


# ------------------------------------------------------------------ graphs
def _scalar(v: object) -> object:
    """One attribute value as XML can hold it: lists joined; control characters (illegal in XML 1.0)
    and bidi overrides made visible escapes."""
    if isinstance(v, list | tuple | set):
        v = "; ".join(str(x) for x in v)
    return printable(v, newlines=True) if isinstance(v, str) or not isinstance(v, SCALARS) else v


def _uniform(items: list[dict]) -> None:
    """GraphML/GEXF declare one type per attribute: where values mix types, write them all as text."""
    types: dict[str, set[type]] = {}
    for d in items:
        for k, v in d.items():
            types.setdefault(k, set()).add(type(v))
    mixed = {k for k, ts in types.items() if len(ts) > 1}
    for d in items:
        for k in mixed & d.keys():
            d[k] = str(d[k])


def export_graph(G: nx.MultiDiGraph, project_id: str | None = None, unmask: bool = False,
                 gexf: bool = False) -> nx.MultiDiGraph:
    """A copy fit for file formats: one project (or the whole graph), masked, scalar attributes only.

    For GEXF ``label`` is what Gephi shows, so it becomes the name and the schema label moves to
    ``type``; GraphML keeps the graph model's attributes as they are.
    """
    H = project_subgraph(G, project_id) if project_id is not None else G
    masker = Masker(H, unmask=unmask)
    # Identifier node keys are the numbers themselves ("phone:138…"): mask them too.
    keymap = {n: _scalar(masker.text(n) if d.get("label") == "Identifier" else n) for n, d in H.nodes(data=True)}
    out = nx.MultiDiGraph(**{k: v for k, v in H.graph.items() if isinstance(v, SCALARS) and not k.startswith("_")})
    node_attrs = []
    for n, d in H.nodes(data=True):
        a = {k: _scalar(v) for k, v in masker.attrs(d).items()}
        if gexf:
            a["type"] = a.pop("label", "")
            a["label"] = str(a.get("name") or a.get("id") or keymap[n])
        node_attrs.append((keymap[n], a))
    edge_attrs = [(keymap[u], keymap[v], _scalar(masker.text(k)),
                   {kk: _scalar(vv) for kk, vv in masker.attrs(d).items()})
                  for u, v, k, d in edge_items(H)]
    _uniform([a for _, a in node_attrs])
    _uniform([a for *_, a in edge_attrs])
    out.add_nodes_from(node_attrs)
    out.add_edges_from(edge_attrs)
    return out


def export_graphml(G: nx.MultiDiGraph, project_id: str | None, path: str | Path, unmask: bool = False) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path, private=unmask) as tmp:
        nx.write_graphml(export_graph(G, project_id, unmask), tmp, encoding="utf-8")
    return path


def export_gexf(G: nx.MultiDiGraph, project_id: str | None, path: str | Path, unmask: bool = False) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path, private=unmask) as tmp:
        nx.write_gexf(export_graph(G, project_id, unmask, gexf=True), tmp, encoding="utf-8")
    return path


# ------------------------------------------------------------------ workbook
HEADERS_ZH = {
    "project_id": "项目编号", "rule": "规则", "rule_name": "违法情形", "subject": "对象", "subject_name": "对象名称",
    "parties": "涉及主体", "contracts": "合同", "payments": "付款", "records": "其他记录", "evidence": "证据出处",
    "basis": "依据", "summary": "情况", "summary_en": "情况（英文）", "confidence": "置信度", "claim_id": "诉求编号",
    "claimant_id": "诉求人", "claimant_name": "诉求人姓名", "amount": "金额", "record": "用工记录",
    "party_id": "责任主体", "party_name": "责任主体名称", "liability": "责任形式（代码）", "liability_name": "责任形式",
    "liability_rule": "责任规则", "liability_rule_name": "责任规则名称", "cap": "上限", "chain": "链条序号",
    "tier": "层级", "from_id": "发包方", "from_name": "发包方名称", "to_id": "承包方", "to_name": "承包方名称",
    "contract_type": "合同类型", "contract_amount": "合同金额", "rules": "涉及规则", "name": "名称",
    "contracted_in": "承接合同额", "wages_due": "应付工资", "wages_unpaid": "欠付工资",
    "received": "收到", "paid_down": "向下支付", "wages_paid": "发放工资", "other_out": "其他转出", "kept": "留存",
    "break_point": "断点", "id": "编号", "kind": "类别", "source": "出处", "item": "事项", "value": "内容",
}


def workbook_tables(doc: dict, G: nx.MultiDiGraph, project_id: str | None = None, lang: str = "zh",
                    unmask: bool = False) -> dict[str, pd.DataFrame]:
    """The sheets of the evidence workbook as data frames (column names in English, stable)."""
    t = T(lang)
    names = Names(doc, G, t)
    H = project_subgraph(G, project_id) if project_id is not None else G
    idx = evidence_index(H)

    def mine(x: dict) -> bool:
        return project_id is None or x.get("project_id") == project_id

    def sources(ids: list[str]) -> str:
        return "; ".join(f"{i}={idx[i][1]}" if i in idx else i for i in ids)

    findings = [{
        "project_id": f.get("project_id"), "rule": f.get("rule"), "rule_name": t.rule_name(f.get("rule", "")),
        "subject": f.get("subject"), "subject_name": names.name(f.get("subject")),
        "parties": "; ".join(f.get("parties", [])), "contracts": "; ".join(f.get("contracts", [])),
        "payments": "; ".join(f.get("payments", [])), "records": "; ".join(f.get("records", [])),
        "evidence": sources(list(f.get("contracts", [])) + list(f.get("payments", [])) + list(f.get("records", []))),
        "basis": "; ".join(f.get("basis", [])), "summary": f.get("summary"), "summary_en": f.get("summary_en"),
        "confidence": f.get("confidence"),
    } for f in doc.get("findings", []) if mine(f)]

    liability = [{
        "project_id": c.get("project_id"), "claim_id": c.get("claim_id"), "claimant_id": c.get("claimant_id"),
        "claimant_name": names.name(c.get("claimant_id")), "amount": c.get("amount"), "record": c.get("record"),
        "party_id": x.get("party_id"), "party_name": names.name(x.get("party_id")),
        "liability": x.get("liability"), "liability_name": t.liability(x.get("liability", "")),
        "liability_rule": x.get("rule"), "liability_rule_name": t.liability_rule(x.get("rule")),
        "cap": x.get("cap"), "basis": "; ".join(x.get("basis", [])), "evidence": sources(list(x.get("evidence", []))),
    } for c in doc.get("liability", []) if mine(c) for x in c.get("liable", [])]

    bad = offending_contracts([f for f in doc.get("findings", []) if mine(f)])
    chains = []
    for p in doc.get("projects", []):
        if not mine(p):
            continue
        pid = p["project_id"]
        for no, path in enumerate(p.get("chains") or [], 1):
            for tier, (u, v) in enumerate(zip(path, path[1:], strict=False), 1):
                ks = [(k, d) for k, d in (G.get_edge_data(u, v) or {}).items()
                      if d.get("rel") == "CONTRACT" and d.get("project_id") == pid]
                chains.append({
                    "project_id": pid, "chain": no, "tier": tier, "from_id": u, "from_name": names.name(u),
                    "to_id": v, "to_name": names.name(v), "contracts": "; ".join(k for k, _ in ks),
                    "contract_type": "; ".join(t.enum(d.get("type")) for _, d in ks),
                    "contract_amount": sum(float(d.get("amount", 0)) for _, d in ks) if ks else None,
                    "rules": "; ".join(sorted({r for k, _ in ks for r in bad.get(k, [])})),
                    "evidence": sources([k for k, _ in ks]),
                })

    money = []
    pids = [p["project_id"] for p in doc.get("projects", []) if mine(p)] or ([project_id] if project_id else [])
    for pid in pids:
        rows, breaks, _ = money_rows(doc, pid)
        money += [{"project_id": pid, "party_id": r.get("party_id"), "name": names.name(r.get("party_id")),
                   **{k: r.get(k) for k in MONEY_COLUMNS}, "break_point": r.get("party_id") in breaks}
                  for r in rows]

    kind_word = {k: t(k) for k in ("contract", "payment", "employment", "claim", "party", "person", "project")}
    evidence = [{"id": i, "kind": kind_word.get(k, k), "source": s} for i, (k, s) in sorted(idx.items())]

    notes = [{"item": t("note"), "value": t.disclaimer},
             {"item": t("generated"), "value": datetime.now().strftime("%Y-%m-%d %H:%M")},
             {"item": t("data_source"), "value": str(doc.get("bundle", {}).get("source", ""))},
             {"item": t("project_id"), "value": project_id or ""},
             {"item": t("rule"), "value": "; ".join(sorted({f["rule"] for f in findings}))}]

    def frame(rows: list[dict], cols: list[str]) -> pd.DataFrame:
        return pd.DataFrame(rows, columns=cols)

    tables = {
        "notes": frame(notes, ["item", "value"]),
        "findings": frame(findings, ["project_id", "rule", "rule_name", "subject", "subject_name", "parties",
                                     "contracts", "payments", "records", "evidence", "basis", "summary",
                                     "summary_en", "confidence"]),
        "liability": frame(liability, ["project_id", "claim_id", "claimant_id", "claimant_name", "amount", "record",
                                       "party_id", "party_name", "liability", "liability_name", "liability_rule",
                                       "liability_rule_name", "cap", "basis", "evidence"]),
        "chains": frame(chains, ["project_id", "chain", "tier", "from_id", "from_name", "to_id", "to_name",
                                 "contracts", "contract_type", "contract_amount", "rules", "evidence"]),
        "money": frame(money, ["project_id", "party_id", "name", *MONEY_COLUMNS, "break_point"]),
        "evidence": frame(evidence, ["id", "kind", "source"]),
    }
    masker = Masker(H, unmask=unmask)
    # Control characters cannot be stored in a worksheet (and bidi overrides would disguise text);
    # a cell holds at most 32,767 characters.
    return {name: df.map(lambda v: cut(printable(masker.text(v), newlines=True), 32_767) if isinstance(v, str) else v)
            for name, df in tables.items()}


def export_workbook(doc: dict, G: nx.MultiDiGraph, project_id: str | None, path: str | Path, lang: str = "zh",
                    unmask: bool = False) -> Path:
    """The evidence workbook: sheets notes, findings, liability, chains, money, evidence."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tables = workbook_tables(doc, G, project_id, lang, unmask)
    with atomic_path(path, private=unmask) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as xw:
        for name, df in tables.items():
            shown = df.rename(columns=HEADERS_ZH) if lang == "zh" else df
            shown.to_excel(xw, sheet_name=name, index=False)
            ws = xw.sheets[name]
            ws.freeze_panes = "A2"
            for cell in ws[1]:
                cell.font = Font(bold=True)
                cell.fill = PatternFill("solid", fgColor="DDDDDD")
            for i, col in enumerate(df.columns, 1):
                longest = max([len(str(shown.columns[i - 1]))] + [len(str(v)) for v in df[col].head(200)])
                ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, longest * 1.6))
                wrapped = None
                for cell, v in zip(ws[get_column_letter(i)][1:], df[col], strict=True):
                    # the first cell gets the style, the others a copy of its style ids: assigning an
                    # Alignment hashes it against the workbook's styles, per cell (most of the time on a
                    # sheet of 100,000 rows), for the same result
                    if wrapped is None:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
                        wrapped = cell._style
                    else:
                        cell._style = copy(wrapped)
                    if formula_like(v):  # text, never a formula (OWASP); quotePrefix keeps it text when edited
                        cell.value, cell.data_type, cell.quotePrefix = v, "s", True
            if name == "money" and "break_point" in df.columns:
                red = PatternFill("solid", fgColor="FDE0DC")
                for r, is_break in enumerate(df["break_point"], 2):
                    if is_break:
                        for cell in ws[r]:
                            cell.fill = red
    return path


def export_case_packet(doc: dict, G: nx.MultiDiGraph, project_id: str, out_dir: str | Path, lang: str = "zh",
                       unmask: bool = False) -> dict[str, Path]:
    """Everything for one case in one folder: report (HTML, Markdown), graph page, workbook, GraphML, GEXF.

    File names start with the project id made safe (:func:`~graphchain.util.safe_filename`), so an id
    like ``../../x`` cannot lead outside ``out_dir``. The files are written into a temporary folder
    and moved into ``out_dir`` only when all are complete: a failure leaves nothing behind.
    """
    from . import graph_page, render_report

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out} exists and is not a folder")
    stem = safe_filename(project_id)
    names = {"report_html": f"{stem}-report.html", "report_md": f"{stem}-report.md",
             "graph": f"{stem}-graph.html", "workbook": f"{stem}-evidence.xlsx", "graphml": f"{stem}.graphml",
             "gexf": f"{stem}.gexf"}
    with atomic_dir(out, private=unmask) as tmp:
        f = {k: inside(tmp / name, tmp) for k, name in names.items()}
        for k, fmt in (("report_html", "html"), ("report_md", "md")):
            with atomic_path(f[k], private=unmask) as part:
                part.write_text(render_report(doc, G, project_id, fmt, lang, unmask), encoding="utf-8")
        graph_page(doc, G, project_id, f["graph"], lang=lang, unmask=unmask)
        export_workbook(doc, G, project_id, f["workbook"], lang, unmask)
        export_graphml(G, project_id, f["graphml"], unmask)
        export_gexf(G, project_id, f["gexf"], unmask)
    return {k: inside(out / name, out) for k, name in names.items()}


__all__ = ["export_graph", "export_graphml", "export_gexf", "workbook_tables", "export_workbook",
           "export_case_packet"]
