"""CONTRIBUTING.md's worked example holds: a rule added as one decorated function reaches the catalogue,
the settings, the findings document and the report with no other change."""

from __future__ import annotations

import networkx as nx
import pytest

from graphchain import analyze_graph, build_graph, read_bundle, render_report
from graphchain.analysis import rules
from graphchain.analysis.config import DEFAULTS, rule_settings
from graphchain.analysis.view import view
from graphchain.legal import RULES
from tests.builders import lawful


@pytest.fixture()
def written_rule():
    """Register the example rule for one test only: the registries are restored afterwards."""
    saved = [(d, dict(d)) for d in (RULES, rules.RULE_FUNCTIONS, DEFAULTS["rules"])]

    @rules.rule("C-WRITTEN", "未订立书面合同", "no written contract", subject="contract", section="C",
                basis=("建筑法 第十五条", "民法典 第七百八十九条"), defaults={"written_min_amount": 0})
    def written(H: nx.MultiDiGraph, config: dict | None = None) -> list:
        """C-WRITTEN (建筑法 第十五条; 民法典 第七百八十九条): a contract recorded as oral."""
        v = view(H)
        s = rule_settings(config)
        return [rules.finding(v, "C-WRITTEN", c.id, parties=[c.frm, c.to], contracts=[c.id],
                              summary=f"合同{c.id}未见书面合同，涉嫌违反书面形式要求，待核实。",
                              summary_en=f"Contract {c.id} is recorded as oral: no written contract on file.",
                              confidence=0.7)
                for c in v.contracts if c.written is False and c.amount >= s["written_min_amount"]]

    yield written
    for registry, before in saved:
        registry.clear()
        registry.update(before)


def test_a_new_rule_needs_only_its_function(written_rule, tmp_path):
    assert "written_min_amount" in DEFAULTS["rules"] and rules.RULES["C-WRITTEN"].basis[0] == "建筑法 第十五条"
    G = build_graph(read_bundle(lawful().edit("contracts", "contract_id", "K2", written="false").write(tmp_path / "b")))
    doc = analyze_graph(G)
    found = [f for f in doc["findings"] if f["rule"] == "C-WRITTEN"]
    assert [(f["subject"], f["basis"]) for f in found] == [("K2", ["建筑法 第十五条", "民法典 第七百八十九条"])]
    out = render_report(doc, G, "P")
    assert "C-WRITTEN" in out and "未订立书面合同" in out and "建筑法 第十五条" in out


def test_the_example_rule_is_gone_after_its_test():
    assert "C-WRITTEN" not in RULES and "written_min_amount" not in DEFAULTS["rules"]
