"""Exploring across projects: a party's footprint, a ring's evidence, search, and `graph --party/--ring`."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphchain import build_graph, read_bundle
from graphchain.cli import app
from graphchain.explore import Explorer
from graphchain.report.party_page import party_page_html, party_view
from graphchain.report.ring_page import ring_page_html, ring_view
from graphchain.synth import write_bundle
from tests.browser import EVIL_IMG, EVIL_SCRIPT, evil_bundle

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def synth(tmp_path_factory) -> Path:
    return write_bundle(tmp_path_factory.mktemp("explore") / "bundle", 30, 1)


@pytest.fixture(scope="module")
def ex(synth) -> Explorer:
    return Explorer.embedded(build_graph(read_bundle(synth)))


def rows(bundle: Path, table: str) -> list[dict]:
    with (bundle / f"{table}.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def footprint(bundle: Path) -> dict[str, set[str]]:
    """party -> projects, straight from the CSV files (an independent reading of "appears on")."""
    on: dict[str, set[str]] = defaultdict(set)
    for r in rows(bundle, "projects"):
        on[r["owner_id"]].add(r["project_id"])
    for r in rows(bundle, "contracts"):
        on[r["from_id"]].add(r["project_id"])
        on[r["to_id"]].add(r["project_id"])
    for r in rows(bundle, "employment"):
        on[r["employer_id"]].add(r["project_id"])
        on[r["person_id"]].add(r["project_id"])
    for r in rows(bundle, "claims"):
        if r["project_id"]:
            on[r["claimant_id"]].add(r["project_id"])
            if r["respondent_id"]:
                on[r["respondent_id"]].add(r["project_id"])
    return on


def test_party_page_lists_every_project_it_appears_on(synth, ex):
    on = footprint(synth)
    parties = [r["party_id"] for r in rows(synth, "parties")]
    busiest = sorted(parties, key=lambda p: (-len(on[p]), p))[:5]
    assert len(on[busiest[0]]) >= 3
    for p in busiest:
        v = party_view(ex, p)
        assert on[p] <= set(v["projects"]), p  # payments may add projects; none is missed
        html = party_page_html(ex, p)
        for pid in on[p]:
            assert pid in html
        assert {n["id"] for n in v["nodes"]} >= {p}


def test_party_page_marks_broken_rules_and_folds_workers(ex):
    v = party_view(ex, "G0004")
    assert any(e.get("rules") for e in v["edges"] if e["rel"] == "CONTRACT")
    assert any(n.get("role") == "workers" for n in v["nodes"])
    assert len(v["nodes"]) < 60  # hundreds of workers, folded


def test_ring_page_every_member_and_an_edge_per_signal(ex):
    assert ex.rings()
    for ring in ex.rings():
        v = ring_view(ex, ring["ring_id"])
        ids = {n["id"] for n in v["nodes"]}
        assert set(ring["members"]) <= ids
        assert {f"project:{p}" for p in ring["projects"]} <= ids
        drawn = {e["signal"] for e in v["edges"]}
        wanted = {x["signal"] for x in v["evidence"]["links"]} | ({"money"} if v["evidence"]["money"] else set())
        assert wanted and wanted <= drawn
        for e in v["edges"]:
            assert e["from"] in ids and e["to"] in ids
        for x in v["evidence"]["links"]:
            if x["signal"] in ("phone", "bank_account", "id_number"):
                assert x["records"][0] not in ring_page_html(ex, ring["ring_id"])  # masked
        guards = v["sections"][1]["items"]
        assert len(guards) >= 3


def test_search_finds_a_misspelt_name_an_id_and_last_digits(ex, synth):
    party = next(r for r in rows(synth, "parties") if r["kind"] == "company" and len(r["name"]) >= 8)
    name = party["name"]
    misspelt = name[:3] + ("京" if name[3] != "京" else "海") + name[4:]
    assert party["party_id"] in [h["key"] for h in ex.search(misspelt)[:3]]
    assert ex.search(party["party_id"])[0]["key"] == party["party_id"]
    person = next(r for r in rows(synth, "persons") if r["phone"])
    hits = ex.search(person["phone"][-6:])
    assert person["person_id"] in [h["key"] for h in hits]
    assert all(person["phone"] not in h["matched"] for h in hits)
    masked = person["phone"][:3] + "****" + person["phone"][-4:]  # as the pages show it
    assert person["person_id"] in [h["key"] for h in ex.search(masked)]


def test_injected_names_are_escaped(tmp_path):
    G = build_graph(read_bundle(evil_bundle(DATA / "mini", tmp_path / "bundle")))
    html = party_page_html(Explorer.embedded(G), "D")
    assert EVIL_SCRIPT not in html and EVIL_IMG not in html
    assert "13912345678" not in html


def test_cli_graph_party_and_ring(synth, ex, tmp_path):
    runner = CliRunner()
    r = runner.invoke(app, ["graph", str(synth), "--party", "G0004", "--out", str(tmp_path / "p.html")])
    assert r.exit_code == 0, r.output
    assert "G0004" in (tmp_path / "p.html").read_text(encoding="utf-8")
    ring = ex.rings()[0]["ring_id"]
    r = runner.invoke(app, ["graph", str(synth), "--ring", ring, "--out", str(tmp_path / "r.html")])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["graph", str(synth), "--ring", "G999", "--out", str(tmp_path / "x.html")])
    assert r.exit_code == 2 and "unknown ring" in r.output and not (tmp_path / "x.html").exists()
    r = runner.invoke(app, ["graph", str(synth), "--party", "D", "--ring", ring, "--out", str(tmp_path / "x.html")])
    assert r.exit_code == 2 and "one of" in r.output


def test_ring_page_escapes_injected_names_and_masks_numbers():
    import networkx as nx

    G = nx.MultiDiGraph()
    phone = "13800001111"
    G.add_node(f"phone:{phone}", label="Identifier", kind="phone", value=phone)
    for i, (p, name) in enumerate((("W1", EVIL_IMG), ("W2", EVIL_SCRIPT), ("W3", "张三"))):
        G.add_node(p, label="Person", name=name, phone=phone)
        G.add_edge(p, f"phone:{phone}", "phone", rel="HAS")
        for j in (1, 2, 3):
            G.add_node(f"claim:C{i}{j}", label="Claim", id=f"C{i}{j}", claimant_id=p, amount=9000.0,
                       filed=f"2024-0{j}-10", project_id=f"P{j}", text=f"联系{phone}")
    ex = Explorer.embedded(G)
    for lang, word in (("zh", "疑似假讨薪团伙"), ("en", "Suspected extortion ring")):
        html = ring_page_html(ex, "G1", lang=lang)
        assert word in html
        assert EVIL_IMG not in html and EVIL_SCRIPT not in html and phone not in html
    assert phone in ring_page_html(ex, "G1", unmask=True)


def test_party_page_in_english(ex):
    html = party_page_html(ex, "G0004", lang="en")
    assert "Footprint across projects" in html and "Projects" in html
