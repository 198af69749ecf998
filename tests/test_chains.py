"""Chains, money flow and the findings document: shapes, cycles, break points, determinism,
precision/recall of every rule against a generated bundle's truth, and the lawful projects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphchain import build_graph, read_bundle
from graphchain.analysis.chains import contract_cycles, project_chains, worker_chains
from graphchain.analysis.money import money_table
from graphchain.analysis.quality import score
from graphchain.findings import analyze_bundle, analyze_graph
from graphchain.legal import RULES
from graphchain.model import project_subgraph
from tests.builders import lawful

MINI = Path(__file__).parent / "data" / "mini"


@pytest.fixture(scope="module")
def mini_graph():
    return build_graph(read_bundle(MINI))


# ---------------------------------------------------------------- chains
def test_mini_chains(mini_graph):
    assert project_chains(project_subgraph(mini_graph, "P1")) == {
        "project_id": "P1", "owner_id": "O1", "max_depth": 4, "chains": [["O1", "A", "B", "C", "D"]]}
    assert project_chains(project_subgraph(mini_graph, "P2")) == {
        "project_id": "P2", "owner_id": "O2", "max_depth": 2, "chains": [["O2", "G2", "L2"], ["O2", "G2", "S2"]]}


def test_chain_ends_at_an_employer_in_the_middle():
    # G employs workers itself and lets on: its chain ends at G, and goes on through S and L too
    c = lawful().employ("E9", "W9", "G", due=100, paid=100).pay("TW9", "G", "W9", 100, purpose="wage",
                                                                  via_wage_account=True)
    assert project_chains(c.project())["chains"] == [["O", "G"], ["O", "G", "L"], ["O", "G", "S"]]


def test_cycles_are_reported_and_never_walked_round():
    c = lawful().party("X", quals="specialty")
    c.contract("K8", "S", "X", "specialty", 1).contract("K9", "X", "S", "specialty", 1)
    H = c.project()
    assert contract_cycles(H) == [["S", "X"]]
    entry = project_chains(H)
    assert entry["max_depth"] == 3  # O → G → S → X, and never back to S
    assert all(len(ch) == len(set(ch)) for ch in entry["chains"])


def test_worker_chain_through_a_name_borrower():
    c = lawful().party("R").pay("T9", "G", "R", 9_000_000, purpose="other").employ("E9", "W9", "R")
    assert worker_chains(c.project(), "R") == [["O", "G", "R"]]


# ---------------------------------------------------------------- money
def test_money_rows_and_break_point_of_the_published_case(mini_graph):
    t = money_table(project_subgraph(mini_graph, "P1"))
    rows = {r["party_id"]: r for r in t["rows"]}
    assert [r["party_id"] for r in t["rows"]] == ["O1", "A", "B", "C", "D"]
    assert (rows["A"]["received"], rows["A"]["paid_down"], rows["A"]["kept"]) == (6_000_000, 5_880_000, 120_000)
    assert (rows["D"]["wages_paid"], rows["D"]["other_out"], rows["D"]["kept"]) == (8000, 400_000, 92_000)
    assert rows["D"]["wages_unpaid"] == 82_000
    assert t["break_point"] == ["D"]
    bp = t["break_points"][0]
    assert (bp["employer"], bp["chain"], bp["workers"], bp["records"]) == ("D", ["O1", "A", "B", "C", "D"], 3,
                                                                          ["E1", "E2", "E3"])


def test_break_point_where_a_party_paid_on_less():
    # G was paid in full but passed on 4% of L's contract; L paid W2 and W3 and had nothing left for W1
    c = lawful().edit("payments", "payment_id", "T3", amount=60_000)
    for i in (1, 2, 3):
        c.edit("payments", "payment_id", f"TW{i}", payer_id="L", via_wage_account="false")
    c.drop("payments", "payment_id", "TW1").edit("employment", "employment_id", "E1", wage_paid=0)
    t = money_table(c.project())
    assert t["break_point"] == ["G"]
    assert t["break_points"][0]["employer"] == "L" and "4%" in t["break_points"][0]["reason"]
    # the owner held the money back: the break point is the owner
    c.edit("payments", "payment_id", "T1", amount=500_000)
    assert money_table(c.project())["break_point"] == ["O"]


def test_money_rows_are_empty_of_arrears_on_lawful_chain():
    t = money_table(lawful().project())
    assert t["break_point"] == [] and t["break_points"] == []


# ---------------------------------------------------------------- the document
def test_document_shape_and_no_personal_numbers(mini_graph):
    doc = analyze_graph(mini_graph)
    assert list(doc) == ["bundle", "entities", "projects", "findings", "liability", "rings", "money", "unattributed"]
    assert doc["bundle"]["counts"] == {"parties": 9, "persons": 7, "projects": 2, "contracts": 7, "payments": 12,
                                       "employment": 6, "claims": 3, "orders": 0}
    text = json.dumps(doc, ensure_ascii=False)
    for _, d in mini_graph.nodes(data=True):
        for key in ("id_number", "phone", "bank_account", "wage_account"):
            if key in d:
                assert str(d[key]) not in text, key
    # every id a reader meets is named
    mentioned = {doc["projects"][0]["owner_id"]} | {f["project_id"] for f in doc["findings"]}
    for f in doc["findings"]:
        mentioned |= set(f["parties"])
    for x in doc["liability"]:
        mentioned |= {x["claimant_id"], *(y["party_id"] for y in x["liable"])}
    assert mentioned <= set(doc["entities"])
    assert doc["entities"]["W1"] == {"name": "贾海涛", "kind": "person"}
    assert doc["entities"]["D"]["kind"] == "individual" and doc["entities"]["P1"]["kind"] == "project"


def test_document_is_deterministic_and_sorted(mini_graph):
    a = json.dumps(analyze_graph(mini_graph), ensure_ascii=False, sort_keys=False)
    b = json.dumps(analyze_bundle(MINI), ensure_ascii=False, sort_keys=False)
    assert a == b
    doc = json.loads(a)
    keys = [(f["project_id"], f["rule"], f["subject"]) for f in doc["findings"]]
    assert keys == sorted(keys)


def test_single_project_graph_gives_that_project(mini_graph):
    doc = analyze_graph(project_subgraph(mini_graph, "P1"))
    assert [p["project_id"] for p in doc["projects"]] == ["P1"]
    assert doc["findings"] == [f for f in analyze_graph(mini_graph)["findings"] if f["project_id"] == "P1"]


def test_progress_callback(mini_graph):
    seen = []
    analyze_graph(mini_graph, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]


# ---------------------------------------------------------------- generated data
@pytest.fixture(scope="module")
def synth_run(tmp_path_factory):
    synth = pytest.importorskip("graphchain.synth")
    out = synth.write_bundle(tmp_path_factory.mktemp("synth") / "b", 300, 11)
    return analyze_bundle(out), json.loads((out / "truth.json").read_text(encoding="utf-8"))


RULES_ACD = sorted(r for r in RULES if r != "X-EXTORT")


@pytest.mark.parametrize("rule", RULES_ACD)
def test_precision_and_recall_on_synth(synth_run, rule):
    doc, truth = synth_run
    s = score(doc["findings"], truth["findings"], [rule])[rule]
    assert s["tp"] + s["fn"] > 0, f"the generator planted no {rule}"
    assert s["precision"] >= 0.95 and s["recall"] >= 0.95, s


def test_lawful_projects_raise_no_alarm(synth_run):
    doc, truth = synth_run
    lawful_ids = set(truth["decoys"]["lawful_projects"])
    assert lawful_ids
    assert [f for f in doc["findings"] if f["project_id"] in lawful_ids and f["rule"] != "X-EXTORT"] == []
    chains = {p["project_id"]: p for p in doc["projects"]}
    assert all(chains[p]["max_depth"] <= 3 for p in lawful_ids)


def test_lawful_twins_raise_no_alarm(synth_run):
    """The guards of legal-rules.md A planted as decoys (全部幕墙工程, 钢结构, EPC → GC → specialty →
    labour, separate sections, a specialty job let by the owner, a supplier paid for materials)."""
    doc, truth = synth_run
    twins = truth["decoys"]["lawful_twins"]
    assert len(set(twins.values())) == 6
    assert [f for f in doc["findings"] if f["project_id"] in twins and f["rule"] != "X-EXTORT"] == []


def test_synth_findings_are_well_formed_and_carry_no_personal_numbers(synth_run):
    import re

    doc, _ = synth_run
    for f in doc["findings"]:
        assert (f["parties"] or f["contracts"] or f["payments"]) and f["basis"], f
        kind = RULES[f["rule"]].subject
        if kind == "contract":
            assert f["subject"] in f["contracts"], f
        elif kind == "project":
            assert f["subject"] == f["project_id"], f
        elif kind in ("party", "person"):
            assert f["subject"] in doc["entities"], f
    G = build_graph(read_bundle(doc["bundle"]["source"]))
    personal = {str(d[k]) for _, d in G.nodes(data=True)
                for k in ("id_number", "phone", "bank_account", "wage_account") if k in d}
    text = json.dumps(doc, ensure_ascii=False)
    assert not personal & set(re.findall(r"[0-9][0-9Xx-]{6,}", text))
