"""The streaming writers of the case packet give what the writers they replaced gave (issue 12, one big project).

GraphML and GEXF were NetworkX's writers run on a masked copy of the project (``_old_export_graph`` below is
that code as it was); the workbook was pandas' ExcelWriter with openpyxl styling every cell
(``_old_write_workbook``). Compared byte for byte (GEXF but for its <meta>) and as read back, on the mini
bundle and on graphs with what breaks writers: keys whose values mix types, control characters, bidi
overrides, markup and quotes, numeric edge ids, infinities, empty texts, start/end (dynamic GEXF), an edge
with a ``key`` attribute, personal numbers in node keys. The timings are in benchmarks/big_project.py.
"""

from __future__ import annotations

import math
import re
import tempfile
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from graphchain import build_graph, read_bundle
from graphchain.model import project_subgraph
from graphchain.report.export import (
    SCALARS,
    _scalar,
    export_gexf,
    export_graph,
    export_graphml,
    workbook_tables,
    write_workbook,
)
from graphchain.report.masking import _MIN_DIGITS, _PATTERNS, Masker
from graphchain.util import edge_items, formula_like, printable

from .builders import Case
from .hostile import live_formula_cells


# ------------------------------------------------------------------ the writers as they were
def _old_uniform(items: list[dict]) -> None:
    types: dict[str, set[type]] = {}
    for d in items:
        for k, v in d.items():
            types.setdefault(k, set()).add(type(v))
    mixed = {k for k, ts in types.items() if len(ts) > 1}
    for d in items:
        for k in mixed & d.keys():
            d[k] = str(d[k])


def _old_export_graph(G, project_id=None, unmask=False, gexf=False):
    H = project_subgraph(G, project_id) if project_id is not None else G
    masker = Masker(H, unmask=unmask)
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
    _old_uniform([a for _, a in node_attrs])
    _old_uniform([a for *_, a in edge_attrs])
    out.add_nodes_from(node_attrs)
    out.add_edges_from(edge_attrs)
    return out


def _old_write_workbook(tables, path, lang="zh"):
    from copy import copy

    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from graphchain.report.export import HEADERS_ZH

    with pd.ExcelWriter(path, engine="openpyxl") as xw:
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
                    if wrapped is None:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
                        wrapped = cell._style
                    else:
                        cell._style = copy(wrapped)
                    if formula_like(v):
                        cell.value, cell.data_type, cell.quotePrefix = v, "s", True
            if name == "money" and "break_point" in df.columns:
                red = PatternFill("solid", fgColor="FDE0DC")
                for r, is_break in enumerate(df["break_point"], 2):
                    if is_break:
                        for cell in ws[r]:
                            cell.fill = red


# ------------------------------------------------------------------ graphs
HOSTILE = "王\x1b[31m建国\u202e<b>&\"'\r\n\tx"


def _hand_made() -> nx.MultiDiGraph:
    """Everything the old writers took, in one graph (project None: the whole graph)."""
    G = nx.MultiDiGraph(source="bundle<&>", name="图")
    G.add_node("A", label="Party", name=HOSTILE, phone="13800138000", amount=1, flag=True, id="A")
    G.add_node("B", label="Party", name="", amount="一万", flag=1.5, ratio=math.inf, start="2024-01-01",
               end="2024-12-31")
    G.add_node("phone:13912345678", label="Identifier", kind="phone", value="13912345678", id="phone:13912345678")
    G.add_node("C", label="Party", qualifications=["general", "specialty"], start=3, note=" 前后空格 ")
    G.add_node("D")
    G.add_edge("A", "B", key="K1", id="K1", rel="CONTRACT", amount=1.5, type="general", written=True)
    G.add_edge("A", "B", key="T1", rel="PAID", amount=2, ratio=-math.inf, start="2024-02-01")
    G.add_edge("B", "A", key="0", id="0", rel="PAID", text=HOSTILE + " 电话13800138000")
    G.add_edge("B", "C", key="x", rel="X", weight=2.5, label="标签")
    G.add_edge("C", "A", key="own", rel="X", end="2024-03-01")
    G["C"]["A"]["own"]["key"] = "its own"  # GEXF's writer puts the edge key there
    G.add_edge("A", "phone:13912345678", key="phone", rel="HAS", kind="phone")
    G.add_edge("D", "D", key="loop")
    return G


def _read(path, gexf: bool) -> str:
    """The graph a NetworkX reader gives back, as comparable text (NaN equals NaN)."""
    R = nx.read_gexf(path) if gexf else nx.read_graphml(path, force_multigraph=True)
    nodes = sorted((repr(n), repr(sorted(d.items()))) for n, d in R.nodes(data=True))
    items = R.edges(keys=True, data=True) if R.is_multigraph() else ((u, v, None, d) for u, v, d in R.edges(data=True))
    edges = sorted((repr(u), repr(v), repr(k), repr(sorted(d.items()))) for u, v, k, d in items)
    return repr((nodes, edges, sorted(R.graph.items(), key=repr)))


def _without_meta(text: str) -> str:
    return re.sub(r"<meta .*?</meta>", "<meta/>", text, flags=re.S)


def _same_as_before(G, project_id, unmask, tmp_path):
    new = export_graphml(G, project_id, tmp_path / "new.graphml", unmask)
    old = tmp_path / "old.graphml"
    nx.write_graphml(_old_export_graph(G, project_id, unmask), old, encoding="utf-8")
    assert new.read_text("utf-8") == old.read_text("utf-8")
    assert _read(new, False) == _read(old, False)
    new = export_gexf(G, project_id, tmp_path / "new.gexf", unmask)
    old = tmp_path / "old.gexf"
    nx.write_gexf(_old_export_graph(G, project_id, unmask, gexf=True), old, encoding="utf-8")
    assert _without_meta(new.read_text("utf-8")) == _without_meta(old.read_text("utf-8"))
    assert "<creator>graphchain</creator>" in new.read_text("utf-8")
    assert _read(new, True) == _read(old, True)
    # the in-memory graph is what the old code built
    for gexf in (False, True):
        a, b = export_graph(G, project_id, unmask, gexf), _old_export_graph(G, project_id, unmask, gexf)
        assert list(a.nodes(data=True)) == list(b.nodes(data=True)) and a.graph == b.graph
        assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))


@pytest.mark.parametrize("unmask", [False, True])
@pytest.mark.parametrize("project_id", ["P1", "P2", None])
def test_graph_files_as_before_mini(G, project_id, unmask, tmp_path):
    _same_as_before(G, project_id, unmask, tmp_path)


@pytest.mark.parametrize("unmask", [False, True])
def test_graph_files_as_before_hand_made(unmask, tmp_path):
    G = _hand_made()
    _same_as_before(G, None, unmask, tmp_path)
    text = (tmp_path / "new.graphml").read_text("utf-8")
    assert ("13800138000" in text) is unmask and ("13912345678" in text) is unmask
    assert "\x1b" not in text and "\u202e" not in text and "\\x1b" in text  # visible escapes, valid XML
    R = nx.read_graphml(tmp_path / "new.graphml", force_multigraph=True)
    assert R.nodes["A"]["amount"] == "1" and R.nodes["B"]["amount"] == "一万"  # mixed: text everywhere
    assert R.nodes["B"]["ratio"] == math.inf and R.nodes["C"]["qualifications"] == "general; specialty"
    gexf = (tmp_path / "new.gexf").read_text("utf-8")
    assert 'mode="dynamic"' in gexf and 'id="1"' in gexf  # an edge without id skips the "0" in use


def test_graph_files_as_before_hostile_project(tmp_path):
    hostile = "王建国\u202e<b>&\"' x\u2066"  # the bundle reader refuses control characters
    c = (Case().party("A", quals="general", name=hostile, phone="13800138000")
         .party("B", quals="", name="=HYPERLINK(\"http://x\")\u202e")
         .contract("K1", "O", "A", "general", 1000).contract("K2", "A", "B", "labour", 500)
         .person("W1", name="工人甲", phone="13912345678").employ("E1", "W1", "B", due=100, paid=50)
         .claim("CL1", "W1", 50, respondent="B", text="欠薪 电话13912345678 <script>"))
    G = build_graph(read_bundle(c.write(tmp_path / "b")))
    for unmask in (False, True):
        _same_as_before(G, "P", unmask, tmp_path)


# ------------------------------------------------------------------ workbook
def _cells(path):
    wb = load_workbook(path)
    out = {"sheets": wb.sheetnames}
    for ws in wb.worksheets:
        out[ws.title, "freeze"] = ws.freeze_panes
        out[ws.title, "widths"] = {c: round(d.width, 6) for c, d in ws.column_dimensions.items() if d.width}
        out[ws.title, "cells"] = [
            (c.coordinate, None if c.value == "" else c.value, c.data_type if c.value not in (None, "") else None,
             bool(c.font.b), c.fill.fgColor.rgb if c.fill.fill_type else None, c.alignment.wrap_text,
             c.alignment.vertical if c.row > 1 else None, bool(c.quotePrefix))
            for row in ws.iter_rows() for c in row]
    return out


def _hostile_tables(first: str = "甲"):
    """Tables with formula-like, spaced, multi-line and markup text, NaN, infinities, booleans. The old writer
    gave every cell below a formula-like first cell of a column its quote prefix too (it shared that cell's
    style object): ``first`` is what stands first."""
    money = pd.DataFrame({"project_id": ["P", "P", "P", "P"], "party_id": [first, "=A1", " B ", "C"],
                          "received": [1.5, math.nan, math.inf, 2.25], "kept": [3, -2, 0, 10**12],
                          "break_point": [False, True, False, True]})
    notes = pd.DataFrame({"item": [first, "+1", "@SUM(A1)", "-x", "多行\n文本", HOSTILE.replace("\x1b", "")],
                          "value": [None, "", " 前后 ", "a<b>&c", "-inf", "\t"]})
    return {"notes": notes, "money": money}


def _shown(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables as the workbook shows them: text through util.printable (control characters, illegal in
    XML, and bidi overrides as visible escapes; the old writer raised on the first and kept the second)."""
    return {name: df.map(lambda v: printable(v, newlines=True) if isinstance(v, str) else v)
            for name, df in tables.items()}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_workbook_as_before(G, doc, tmp_path, lang):
    for i, tables in enumerate([workbook_tables(doc, G, "P1", lang), workbook_tables(doc, G, None, lang),
                                _hostile_tables()]):
        new, old = tmp_path / f"new{i}.xlsx", tmp_path / f"old{i}.xlsx"
        write_workbook(tables, new, lang)
        _old_write_workbook(_shown(tables), old, lang)
        assert _cells(new) == _cells(old), i
    assert pd.read_excel(new, sheet_name="money").iloc[:, 3].tolist() == [3, -2, 0, 10**12]  # kept


def test_workbook_quote_prefix_only_on_formula_like_cells(tmp_path):
    ws = load_workbook(write_workbook(_hostile_tables(first="=1+1"), tmp_path / "w.xlsx"))["notes"]
    quoted = {c.value for row in ws.iter_rows(min_row=2) for c in row if c.quotePrefix}
    assert quoted == {"=1+1", "+1", "@SUM(A1)", "-x", "-inf", "\t"}
    # -inf is written as text, as pandas wrote it, and that text starts like a formula: quoted too
    tables = {"money": pd.DataFrame({"received": [-math.inf, math.inf], "break_point": [True, False]})}
    ws = load_workbook(write_workbook(tables, tmp_path / "inf.xlsx"))["money"]
    assert [(c.value, c.quotePrefix) for c in ws["A"][1:]] == [("-inf", True), ("inf", False)]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(st.characters(exclude_categories=["Cs"]), max_size=12), min_size=1, max_size=6))
def test_workbook_opens_whatever_the_text(texts):
    """Text that never went through our reader (a Neo4j database others write to) may hold control characters:
    the workbook still opens, each cell shows the text with those as escapes, and nothing is a live formula."""
    with tempfile.TemporaryDirectory() as tmp:
        path = write_workbook({"notes": pd.DataFrame({"item": texts})}, Path(tmp) / "w.xlsx")
        shown = [c.value for c in load_workbook(path)["notes"]["A"][1:]]
        assert live_formula_cells(path) == []
    assert shown == [printable(t, newlines=True) for t in texts]


def test_workbook_cuts_text_a_cell_cannot_hold(tmp_path):
    """A worksheet cell holds at most 32,767 characters, counted as shown (escapes lengthen text)."""
    texts = ["王" * 40_000, "\x01" * 20_000, "王" * 32_767]
    ws = load_workbook(write_workbook({"notes": pd.DataFrame({"item": texts})}, tmp_path / "w.xlsx"))["notes"]
    long, escaped, fits = (c.value for c in ws["A"][1:])
    assert len(long) == len(escaped) == 32_767 and long.endswith("…") and escaped.startswith("\\x01")
    assert fits == texts[2]


# ------------------------------------------------------------------ masking's shortcut
@settings(max_examples=60, deadline=None)
@given(st.data())
def test_every_masking_pattern_needs_ten_digits(data):
    """Masker skips the generic patterns on texts with fewer than _MIN_DIGITS digits: none can match there."""
    for _, pattern in _PATTERNS:
        s = data.draw(st.from_regex(pattern, fullmatch=True))
        assert sum(map(str.isdecimal, s)) >= _MIN_DIGITS, (pattern.pattern, s)


def test_packet_files_share_one_masker(G, doc, tmp_path, monkeypatch):
    """The five files of a packet are made with one Masker (a walk over every record of the project), and
    each is what its own function writes with a masker of its own."""
    from graphchain.report import export_case_packet, graph_page, render_report

    made = []
    init = Masker.__init__
    monkeypatch.setattr(Masker, "__init__", lambda self, *a, **k: made.append(1) or init(self, *a, **k))
    files = export_case_packet(doc, G, "P1", tmp_path / "case")
    assert len(made) == 1
    monkeypatch.undo()
    assert _cells(files["workbook"]) == _cells(write_workbook(workbook_tables(doc, G, "P1"), tmp_path / "w.xlsx"))
    assert files["graphml"].read_text("utf-8") == export_graphml(G, "P1", tmp_path / "g.graphml").read_text("utf-8")
    assert files["graph"].read_text("utf-8") == graph_page(doc, G, "P1", tmp_path / "g.html").read_text("utf-8")
    assert files["report_md"].read_text("utf-8") == render_report(doc, G, "P1", fmt="md")
