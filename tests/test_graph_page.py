"""The interactive graph page, read as a file: offline, escaped, masked, coloured, folded.

(test_browser.py loads the same pages in a real headless Chromium.)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest

from graphchain.report import graph_page, graph_page_html
from graphchain.report.graph_page import BAD_COLOR, MONEY_COLOR, script_json
from tests.browser import EVIL_IMG, EVIL_SCRIPT, EXTERNAL

DATA = Path(__file__).parent / "data"


def data_of(page: str) -> tuple[list[dict], list[dict], dict]:
    """The nodes, edges and options the page hands to vis-network."""
    nodes = json.loads(re.search(r"var nodes = new vis\.DataSet\((.*?)\);\n", page).group(1))
    edges = json.loads(re.search(r"var edges = new vis\.DataSet\((.*?)\);\n", page).group(1))
    options = json.loads(re.search(r"var options = (.*?);\n", page).group(1))
    return nodes, edges, options


def test_writes_one_offline_page(G, doc, tmp_path):
    out = graph_page(doc, G, "P1", tmp_path / "sub" / "g.html")
    assert out == tmp_path / "sub" / "g.html" and out.is_file()
    page = out.read_text(encoding="utf-8")
    assert not EXTERNAL.search(page)
    assert "bootstrap" not in page and "cdnjs" not in page and "jsdelivr" not in page
    assert "default-src 'none'" in page  # CSP: no request may leave, whatever slips in
    # two script elements, the inlined vis-network and our own; nothing else may end one
    assert page.lower().count("</script") == 2
    assert "var network" in page and "var nodes" in page and "var edges" in page
    # the only http strings are inside the library (SVG namespace, licence notes), never fetched
    for url in re.findall(r"https?://[^\s\"')]+", page):
        assert url.startswith(("http://www.w3.org/", "http://opensource.org", "http://www.apache.org",
                               "https://github.com/", "http://almende.com", "https://visjs.github.io")), url


def test_nodes_roles_and_edges(G, doc):
    nodes, edges, options = data_of(graph_page_html(doc, G, "P1"))
    by_id = {n["id"]: n for n in nodes}
    assert set(by_id) == {"O1", "A", "B", "C", "D", "W1", "W2", "W3", "W9"}
    assert [by_id[i]["role"] for i in ("O1", "A", "B", "C", "D", "W1", "W9")] == [
        "owner", "general", "sub", "sub", "boss", "worker", "other"]
    assert len({by_id[i]["color"] if isinstance(by_id[i]["color"], str) else by_id[i]["color"]["background"]
                for i in ("O1", "A", "B", "D", "W2")}) == 5  # one colour per role
    assert by_id["O1"]["level"] < by_id["A"]["level"] < by_id["B"]["level"] < by_id["D"]["level"]
    e = {x["id"]: x for x in edges}
    # contracts solid, money dashed, in different colours, with arrows
    assert e["contract:K1"]["dashes"] is False and e["payment:T1"]["dashes"]
    assert e["contract:K1"]["color"] != e["payment:T1"]["color"] == MONEY_COLOR
    assert e["contract:K1"]["arrows"] == "to" and e["payment:T1"]["arrows"] == "to"
    # rule-breaking contracts red and labelled with their rule ids; the lawful general contract not
    assert e["contract:K2"]["color"] == BAD_COLOR and "R-MAIN-STRUCTURE" in e["contract:K2"]["label"]
    assert "R-TRANSFER" in e["contract:K2"]["label"]
    assert e["contract:K4"]["color"] == BAD_COLOR and "R-SUB-INDIVIDUAL" in e["contract:K4"]["label"]
    assert e["contract:K1"]["color"] != BAD_COLOR and "R-" not in e["contract:K1"]["label"]
    # tooltips carry amounts, dates, basis and the file:row
    assert "¥9,800,000" in e["contract:K2"]["title"] and "2023-02-25" in e["contract:K2"]["title"]
    assert "建筑法 第二十九条第一款" in e["contract:K2"]["title"] and "contracts.csv:3" in e["contract:K2"]["title"]
    assert "2023-04-01" in e["payment:T1"]["title"] and "payments.csv:2" in e["payment:T1"]["title"]
    assert "employment:E1" in e
    # claims run from the claimant to the respondent; CL3 names no respondent id, so no edge
    assert (e["claim:CL1"]["from"], e["claim:CL1"]["to"]) == ("W1", "D") and "claims.csv:2" in e["claim:CL1"]["title"]
    assert "claim:CL3" not in e
    # a layout that settles and stays: computed levels, no physics
    assert options["physics"]["enabled"] is False and options["layout"]["hierarchical"]["enabled"] is True


def test_titles_are_plain_text_and_masked(G, doc):
    nodes, edges, _ = data_of(graph_page_html(doc, G, "P1"))
    d = next(n for n in nodes if n["id"] == "D")
    assert "<" not in d["title"] and "138****8000" in d["title"] and "13800138000" not in d["title"]
    assert "6222020200112233445" not in d["title"] and "1302**********1239" in d["title"]
    nodes, _, _ = data_of(graph_page_html(doc, G, "P1", unmask=True))
    assert "13800138000" in next(n for n in nodes if n["id"] == "D")["title"]
    assert "13800138000" not in graph_page_html(doc, G, "P1")


def test_evil_names_cannot_break_out(evil):
    G, doc = evil
    page = graph_page_html(doc, G, "P1")
    assert EVIL_SCRIPT not in page and EVIL_IMG not in page
    assert "<script>window.__pwned" not in page and "<img src=x" not in page
    assert page.lower().count("</script") == 2
    nodes, _, _ = data_of(page)
    labels = {n["id"]: n["label"] for n in nodes}
    assert labels["D"] == EVIL_SCRIPT and labels["B"] == EVIL_IMG  # exact text once parsed
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page  # the side list
    assert "<li" not in script_json(["<li>"]) and script_json("</script>") == '"\\u003c/script\\u003e"'


def test_fold_workers_past_threshold(G, doc):
    nodes, edges, _ = data_of(graph_page_html(doc, G, "P1", fold_threshold=5))
    ids = {n["id"] for n in nodes}
    assert "fold:D" in ids and not {"W1", "W2", "W3"} & ids
    fold = next(n for n in nodes if n["id"] == "fold:D")
    assert fold["label"] == "工人 ×3" and fold["count"] == 3
    assert "W9" in ids  # paid 400,000 "other", not a plain worker: stays visible
    wages = [e for e in edges if e["to"] == "fold:D" and e["rel"] == "PAID"]
    assert len(wages) == 1 and "¥8,000" in wages[0]["label"]
    nodes, _, _ = data_of(graph_page_html(doc, G, "P1"))  # 9 nodes, under the default 30
    assert not any(n["id"].startswith("fold:") for n in nodes)


def test_large_crew_folds_by_default(G, doc):
    H = G.copy()
    for i in range(60):
        H.add_node(f"X{i}", label="Person", id=f"X{i}", name=f"工人{i}", source=f"persons.csv:{100 + i}")
        H.add_edge(f"X{i}", "D", f"EX{i}", rel="EMPLOYED", id=f"EX{i}", project_id="P1", role="worker",
                   wage_due=10000.0, source=f"employment.csv:{100 + i}")
    nodes, _, _ = data_of(graph_page_html(doc, H, "P1"))
    fold = next(n for n in nodes if n["id"] == "fold:D")
    assert fold["label"] == "工人 ×63" and len(nodes) == 7
    nodes, _, _ = data_of(graph_page_html(doc, H, "P1", fold_threshold=1000))
    assert len(nodes) == 69


def test_claimants_without_other_ties_fold_per_respondent(G, doc):
    H = G.copy()
    for i in range(12):
        H.add_node(f"Y{i}", label="Person", id=f"Y{i}", name=f"诉求人{i}", source=f"persons.csv:{200 + i}")
        H.add_node(f"claim:CY{i}", label="Claim", id=f"CY{i}", claimant_id=f"Y{i}", respondent_id="C",
                   project_id="P1", amount=1000.0, filed="2024-03-01", source=f"claims.csv:{200 + i}")
        H.add_edge(f"Y{i}", f"claim:CY{i}", f"filed:CY{i}", rel="FILED", source=f"claims.csv:{200 + i}")
        H.add_edge(f"claim:CY{i}", "C", f"against:CY{i}", rel="AGAINST", source=f"claims.csv:{200 + i}")
        H.add_edge(f"claim:CY{i}", "project:P1", f"on:CY{i}", rel="ON", source=f"claims.csv:{200 + i}")
    nodes, edges, _ = data_of(graph_page_html(doc, H, "P1", fold_threshold=10))
    fold = next(n for n in nodes if n["id"] == "claims:C")
    assert fold["label"] == "诉求人 ×12" and fold["role"] == "claimants"
    claim = next(e for e in edges if e["from"] == "claims:C")
    assert claim["to"] == "C" and claim["rel"] == "CLAIM" and "¥12,000" in claim["label"]
    by_id = {n["id"]: n for n in nodes}
    assert by_id["claims:C"]["level"] == by_id["C"]["level"] + 1


def test_english_and_subgraph(G, doc):
    from graphchain import project_subgraph

    page = graph_page_html(doc, project_subgraph(G, "P2"), "P2", lang="en", fold_threshold=1)
    assert "Relationship graph" in page and "General contractor" in page and "关系图" not in page
    nodes, _, _ = data_of(page)
    assert {"O2", "G2", "S2", "L2", "M2", "fold:L2"} == {n["id"] for n in nodes}
    assert next(n for n in nodes if n["id"] == "fold:L2")["label"] == "workers ×2"


def test_unknown_project(G, doc):
    with pytest.raises(KeyError):
        graph_page_html(doc, G, "NOPE")
    assert isinstance(G, nx.MultiDiGraph)


def test_workers_with_two_employers_fold_too(G, doc):
    """Issue 10: a crew employed by two employers each used to stay unfolded (2,004 nodes)."""
    H = G.copy()
    for i in range(200):
        H.add_node(f"X{i}", label="Person", id=f"X{i}", name=f"工人{i}", source=f"persons.csv:{100 + i}")
        for boss, due in (("D", 10000.0 if i % 2 else 1.0), ("C", 5000.0)):
            H.add_edge(f"X{i}", boss, f"E{boss}{i}", rel="EMPLOYED", id=f"E{boss}{i}", project_id="P1",
                       role="worker", wage_due=due, source=f"employment.csv:{100 + i}")
    nodes, edges, _ = data_of(graph_page_html(doc, H, "P1"))
    ids = {n["id"] for n in nodes}
    assert not any(n.startswith("X") for n in ids) and len(nodes) < 15
    folds = {n["id"]: n for n in nodes if n["id"].startswith("fold:")}
    assert sum(n["count"] for n in folds.values()) >= 200
    assert folds["fold:D"]["count"] >= 100 and folds["fold:C"]["count"] >= 100  # each to whom owes most
    # a fold keeps an employment edge to every employer of its members, and edge ids stay unique
    assert {e["from"] for e in edges if e["to"] == "fold:D" and e["rel"] == "EMPLOYED"} == {"C", "D"}
    assert len({e["id"] for e in edges}) == len(edges)


def test_huge_names_make_a_bounded_page(G, doc):
    """Issue 10: a 1 MB name made a 13 MB page; labels and tooltips are cut, the side panel shows more."""
    from graphchain import analyze_graph
    from graphchain.report.graph_page import LABEL_MAX, PANEL_MAX, TITLE_LINES, TITLE_MAX

    base = len(graph_page_html(doc, G, "P1"))
    H = G.copy()
    huge = "王" * 1_000_000
    for n in ("D", "W1", "A"):
        H.nodes[n]["name"] = huge
    for _, d in H.nodes(data=True):
        if d.get("label") == "Claim":
            d["text"] = huge
    page = graph_page_html(analyze_graph(H), H, "P1")
    assert len(page) < base + 60_000  # bounded, not 13 times the name
    nodes, edges, _ = data_of(page)
    for x in nodes + edges:
        assert len(x.get("label", "")) <= LABEL_MAX * 4  # contract labels have a few short lines
        lines = x.get("title", "").split("\n")
        assert len(lines) <= TITLE_LINES + 1 and all(len(line) <= TITLE_MAX for line in lines)
    assert next(n for n in nodes if n["id"] == "D")["label"] == "王" * (LABEL_MAX - 1) + "…"
    assert "王" * (PANEL_MAX - 1) + "…" in page  # the side panel lists the longer cut


def test_fold_node_ids_never_collide_with_bundle_ids(G, doc):
    """A person whose id looks like a fold node's id is still a person (not taken for a fold)."""
    H = G.copy()
    H.add_node("fold:D", label="Person", id="fold:D", name="叫fold的人", source="persons.csv:99")
    H.add_node("claim:CZ", label="Claim", id="CZ", claimant_id="fold:D", respondent_id="D", project_id="P1",
               amount=100.0, filed="2024-03-01", source="claims.csv:99")
    H.add_edge("fold:D", "claim:CZ", "filed:CZ", rel="FILED", source="claims.csv:99")
    H.add_edge("claim:CZ", "D", "against:CZ", rel="AGAINST", source="claims.csv:99")
    H.add_edge("claim:CZ", "project:P1", "on:CZ", rel="ON", source="claims.csv:99")
    nodes, edges, _ = data_of(graph_page_html(doc, H, "P1"))  # under the threshold: nothing folds
    assert any(e["id"] == "claim:CZ" and e["from"] == "fold:D" for e in edges)


def test_fold_node_ids_avoid_bundle_ids_when_folding(G, doc):
    H = G.copy()
    H.add_node("fold:D", label="Person", id="fold:D", name="叫fold的人", source="persons.csv:99")
    H.add_edge("fold:D", "D", "EZ", rel="EMPLOYED", id="EZ", project_id="P1", role="manager", wage_due=1.0,
               source="employment.csv:99")
    nodes, _, _ = data_of(graph_page_html(doc, H, "P1", fold_threshold=5))
    ids = [n["id"] for n in nodes]
    assert len(ids) == len(set(ids)) and "fold:D" in ids and "fold#1:D" in ids
    assert next(n for n in nodes if n["id"] == "fold#1:D")["label"] == "工人 ×3"
