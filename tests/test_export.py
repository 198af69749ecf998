"""Exports: GraphML / GEXF read back by networkx, the evidence workbook read back by openpyxl."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from openpyxl import load_workbook

from graphchain import project_subgraph
from graphchain.report import export_case_packet, export_gexf, export_graphml, export_workbook
from graphchain.report.export import workbook_tables

DATA = Path(__file__).parent / "data"
SHEETS = ["notes", "findings", "liability", "chains", "money", "evidence"]


def test_graphml_round_trip_masked(G, tmp_path):
    path = export_graphml(G, "P1", tmp_path / "p1.graphml")
    R = nx.read_graphml(path, force_multigraph=True)
    H = project_subgraph(G, "P1")
    assert set(R.nodes) == set(H.nodes) and R.number_of_edges() == H.number_of_edges()
    assert R.nodes["D"]["label"] == "Party" and R.nodes["D"]["name"] == "王建国"
    assert R.nodes["D"]["phone"] == "138****8000" and R.nodes["D"]["id_number"] == "1302**********1239"
    assert R.nodes["A"]["qualifications"] == "general; specialty"  # lists become text
    k2 = next(d for u, v, d in R.edges(data=True) if d.get("id") == "K2")
    assert k2["amount"] == 9800000.0 and k2["rel"] == "CONTRACT" and k2["source"] == "contracts.csv:3"
    text = path.read_text(encoding="utf-8")
    assert "13800138000" not in text and "6222020200112233445" not in text
    full = export_graphml(G, "P1", tmp_path / "full.graphml", unmask=True).read_text(encoding="utf-8")
    assert "13800138000" in full


def test_gexf_round_trip(G, tmp_path):
    path = export_gexf(G, "P1", tmp_path / "p1.gexf")
    R = nx.read_gexf(path)
    assert "D" in R and R.nodes["D"]["label"] == "王建国" and R.nodes["D"]["type"] == "Party"
    assert R.number_of_edges() == project_subgraph(G, "P1").number_of_edges()
    assert "13800138000" not in path.read_text(encoding="utf-8")


def test_whole_graph_masks_identifier_keys(G, tmp_path):
    path = export_graphml(G, None, tmp_path / "all.graphml")
    R = nx.read_graphml(path, force_multigraph=True)
    assert "phone:139****5678" in R and "phone:13912345678" not in R
    assert "13912345678" not in path.read_text(encoding="utf-8")


def test_workbook_sheets_and_rows(G, doc, tmp_path):
    path = export_workbook(doc, G, "P1", tmp_path / "p1.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == SHEETS
    tables = workbook_tables(doc, G, "P1")
    findings = [f for f in doc["findings"] if f["project_id"] == "P1"]
    assert wb["findings"].max_row == 1 + len(findings)
    n_liable = sum(len(c["liable"]) for c in doc["liability"] if c["project_id"] == "P1")
    assert wb["liability"].max_row == 1 + n_liable == 1 + len(tables["liability"])
    header = [c.value for c in wb["liability"][1]]
    assert "责任形式" in header and "上限" in header
    rows = [[c.value for c in r] for r in wb["liability"].iter_rows(min_row=2)]
    o1 = next(r for r in rows if r[header.index("责任主体")] == "O1")
    assert o1[header.index("责任形式")] == "先行垫付" and o1[header.index("上限")] == 4000000
    # one row per contract tier of each chain, rule ids on the offending ones
    chains = tables["chains"]
    assert list(chains["to_id"]) == ["A", "B", "C", "D"]
    assert "R-SUB-INDIVIDUAL" in chains.set_index("to_id").loc["D", "rules"]
    money = tables["money"].set_index("party_id")
    assert bool(money.loc["D", "break_point"]) and not bool(money.loc["A", "break_point"])
    evidence = dict(zip(tables["evidence"]["id"], tables["evidence"]["source"], strict=True))
    assert evidence["K4"] == "contracts.csv:5" and evidence["E3"] == "employment.csv:4"
    ev = tables["findings"].set_index("rule").loc["R-SUB-INDIVIDUAL", "evidence"]
    assert "K4=contracts.csv:5" in ev


def test_workbook_masks_text_and_english_headers(G, doc, tmp_path):
    import copy

    d = copy.deepcopy(doc)
    d["findings"][0]["summary"] += " 电话13800138000"
    path = export_workbook(d, G, "P1", tmp_path / "en.xlsx", lang="en")
    wb = load_workbook(path)
    cells = [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert not any("13800138000" in c for c in cells) and any("138****8000" in c for c in cells)
    assert [c.value for c in wb["liability"][1]][:3] == ["project_id", "claim_id", "claimant_id"]


def test_case_packet(G, doc, tmp_path):
    files = export_case_packet(doc, G, "P1", tmp_path / "case")
    assert set(files) == {"report_html", "report_md", "graph", "workbook", "graphml", "gexf"}
    for f in files.values():
        assert f.is_file() and f.stat().st_size > 0 and f.parent == tmp_path / "case"
    assert "案件线索卷宗" in files["report_html"].read_text(encoding="utf-8")
