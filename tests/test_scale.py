"""The linear rewrites of issue 12 (one big project) give what the code they replaced gave.

Each rewrite that could change content or order is compared here with the straightforward version it
replaced, on small inputs where that version is fast; the timings themselves are in
benchmarks/big_project.py, never in a test.
"""

from __future__ import annotations

import importlib
import random
import re
from functools import partial

from graphchain.report.masking import _PATTERNS, Masker, _masked
from graphchain.util import mask_value


class AlternationMasker:
    """The masker as it was: one regex alternation of every known value, longest first."""

    def __init__(self, known: dict[str, str]):
        items = sorted(((k, v) for k, v in known.items() if len(k) >= 5), key=lambda kv: -len(kv[0]))
        self.re = re.compile("|".join(re.escape(k) for k, _ in items)) if items else None
        self.map = dict(items)

    def text(self, s: str) -> str:
        if self.re is not None:
            s = self.re.sub(lambda m: self.map[m.group(0)], s)
        for kind, pattern in _PATTERNS:
            s = pattern.sub(partial(_masked, kind), s)
        return s


def test_masker_finds_known_values_as_the_alternation_did():
    """Known values by lookup in runs of their characters: the same text as the regex alternation, also
    for values inside other values, values next to each other, grouped numbers and odd characters."""
    rng = random.Random(7)
    alphabet = "0123456789-X +*()\u3000"
    known_values = {"138001380001", "13800138000", "1380013800", "6228-4800-0000", "4800-0000-1231",
                    "110105194912310021", "(010)65001234", "X1234", "12 34 5", "00000"}
    known_values |= {"".join(rng.choice(alphabet) for _ in range(rng.randint(5, 19))) for _ in range(200)}
    kinds = ["phone", "bank_account", "id_number", "wage_account"]
    extra = [(rng.choice(kinds), v) for v in sorted(known_values)]
    new = Masker(extra=extra)
    old = AlternationMasker({str(v): mask_value(v, k) for k, v in extra})
    pool = sorted(known_values) + ["电话", "工资", "13912345678", "2024-01-15", " ", "a", "0", "-"]
    for _ in range(3000):
        s = "".join(rng.choice(pool) if rng.random() < 0.5 else rng.choice(alphabet + "王建国ab")
                    for _ in range(rng.randint(0, 12)))
        assert new.text(s) == old.text(s), s
        assert new.text(s) == old.text(s), s  # the second time from the cache


# ------------------------------------------------------------------ the graph page
def _old_levels(H, owner, shown, claims):
    """The tiers of the graph page as they were computed (list scans, every edge three times)."""
    level = {}
    if owner in shown:
        level[owner] = 0
    contracts = [(u, v) for u, v, d in H.edges(data=True) if d.get("rel") == "CONTRACT"]
    frontier = [owner] if owner in shown else []
    while frontier:
        nxt = []
        for u, v in contracts:
            if u in frontier and v not in level:
                level[v] = level[u] + 1
                nxt.append(v)
        frontier = nxt
    for _ in range(3):
        for u, v, d in H.edges(data=True):
            if d.get("rel") == "EMPLOYED" and v in level and u not in level:
                level[u] = level[v] + 1
            elif d.get("rel") in ("PAID", "CONTRACT") and u in level and v not in level:
                level[v] = level[u] + 1
        for claimant, respondent in claims:
            if respondent in level and claimant not in level:
                level[claimant] = level[respondent] + 1
    bottom = max(level.values(), default=0) + 1
    return {n: level.get(n, bottom) for n in shown}


def test_graph_page_same_as_with_pyvis_and_the_old_layout(tmp_path, monkeypatch):
    """The page collected by VisNetwork with the linear layout is the page pyvis's Network with the old
    layout made, byte for byte: folded and unfolded, on synth projects of every shape."""
    from pyvis.network import Network

    from graphchain import analyze_graph, build_graph, read_bundle
    from graphchain.model import project_subgraph
    gp = importlib.import_module("graphchain.report.graph_page")
    from graphchain.synth import write_bundle

    G = build_graph(read_bundle(write_bundle(tmp_path / "b", 40, 3)))
    pids = sorted(d["id"] for d in G._node.values() if d.get("label") == "Project")
    for pid in pids[:12]:
        H = project_subgraph(G, pid)
        doc = analyze_graph(H)
        for fold in (5, 30):
            new = gp.graph_page_html(doc, H, pid, fold_threshold=fold)
            with monkeypatch.context() as m:
                m.setattr(gp, "VisNetwork", lambda: Network(directed=True, cdn_resources="in_line", height="100%",
                                                           width="100%"))
                m.setattr(gp, "_levels", _old_levels)
                old = gp.graph_page_html(doc, H, pid, fold_threshold=fold)
            assert new == old, (pid, fold)


# ------------------------------------------------------------------ the report's bounds
def test_report_bounds_say_what_they_leave_out_and_never_drop_a_finding_or_liability(tmp_path, monkeypatch):
    """Past its bounds the report lists the first evidence ids, timeline lines and index rows, says how many
    it left out and where they are; every finding and liability entry stays. Within them, nothing changes."""
    from graphchain import analyze_graph, build_graph, read_bundle
    from graphchain.model import project_subgraph
    from graphchain.report import case, render_report
    from graphchain.synth import write_bundle

    G = build_graph(read_bundle(write_bundle(tmp_path / "b", 40, 3)))
    doc = analyze_graph(G)
    pid = max(doc["projects"], key=lambda p: sum(x["project_id"] == p["project_id"] for x in doc["liability"]))
    pid = pid["project_id"]
    H = project_subgraph(G, pid)
    full = case.case_view(doc, H, pid)
    html = render_report(doc, H, pid)
    md = render_report(doc, H, pid, fmt="md")
    assert "另有" not in html and "另有" not in md  # an ordinary project is within every bound
    monkeypatch.setattr(case, "EVIDENCE_SHOWN", 2)
    monkeypatch.setattr(case, "TIMELINE_MAX", 6)
    monkeypatch.setattr(case, "EVIDENCE_INDEX_MAX", 4)
    small = case.case_view(doc, H, pid)
    assert len(small["findings"]) == len(full["findings"]) > 0
    assert len(small["liability"]) == len(full["liability"]) > 0
    assert [x["claimant"] for x in small["liability"]] == [x["claimant"] for x in full["liability"]]
    long = [f for f in full["findings"] if len(f["evidence"]) > 2]
    assert long
    for f, g in zip(full["findings"], small["findings"], strict=True):
        assert g["evidence"][:2] == f["evidence"][:2]
        if len(f["evidence"]) > 2:
            assert g["evidence"][2]["id"] == f"… 另有 {len(f['evidence']) - 2} 项（完整清单见证据工作簿）"
    assert len(small["timeline"]) == 6 and small["timeline_notes"][-1].startswith("另有")
    assert len(small["evidence"]) == 4 and small["evidence_note"].startswith("另有")
    assert full["timeline_notes"] == [] and full["evidence_note"] == ""
    for text in (render_report(doc, H, pid), render_report(doc, H, pid, fmt="md")):
        assert small["timeline_notes"][-1] in text and small["evidence_note"] in text


def test_workbook_cells_share_one_style_and_keep_their_own_quote_prefix(tmp_path):
    """Cells get the first cell's style by copy: each wraps, and a formula-like cell's quote prefix stays its own."""
    from openpyxl import load_workbook

    from graphchain import analyze_graph, build_graph, read_bundle
    from graphchain.report import export_workbook
    from tests.builders import Case

    c = Case().party("A", quals="general", name="=HYPERLINK(\"http://x\")").contract("K1", "O", "A", "general", 1000)
    G = build_graph(read_bundle(c.write(tmp_path / "b")))
    path = export_workbook(analyze_graph(G), G, "P", tmp_path / "w.xlsx")
    ws = load_workbook(path)["chains"]
    cells = [cell for row in ws.iter_rows(min_row=2) for cell in row]
    assert cells and all(cell.alignment.wrap_text and cell.alignment.vertical == "top" for cell in cells)
    quoted = [cell for cell in cells if cell.quotePrefix]
    assert quoted and all(str(cell.value).startswith("=") for cell in quoted)
    assert any(not cell.quotePrefix for cell in cells)


def test_natural_key_as_before():
    """The faster natural sort key gives the tuples the generator expression gave."""
    from graphchain.report.case import natural_key

    def old(s):
        return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(s)))

    for s in ["", "K2", "K10", "10", "T00000123", "a1b22c333", "工人12号", "E-2-10", "x٣y", 42, "1.5万"]:
        assert natural_key(s) == old(s)
    assert sorted(["K10", "K2", "K1"], key=natural_key) == ["K1", "K2", "K10"]
