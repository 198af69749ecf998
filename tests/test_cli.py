"""The command line as a user runs it: outputs, exit codes and one-line errors."""

from __future__ import annotations

import csv
import json
import os

import pytest
from typer.testing import CliRunner

from graphchain.cli import app

runner = CliRunner()


def run(*args: str, env: dict | None = None):
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)


def test_help_has_an_example_for_every_command():
    for cmd in ["demo", "synth", "load", "analyze", "report", "graph", "rings", "leads", "export", "serve"]:
        r = run(cmd, "--help")
        assert r.exit_code == 0, cmd
        assert "Example" in r.output and "graphchain" in r.output, cmd


def test_synth_is_reproducible(tmp_path):
    assert run("synth", str(tmp_path / "a"), "--projects", "5", "--seed", "3").exit_code == 0
    assert run("synth", str(tmp_path / "b"), "--projects", "5", "--seed", "3").exit_code == 0
    for f in (tmp_path / "a").iterdir():
        assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes(), f.name


def test_analyze_writes_the_findings_document(mini, tmp_path):
    out = tmp_path / "f.json"
    r = run("analyze", str(mini), "--json", str(out))
    assert r.exit_code == 0, r.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert {"bundle", "entities", "projects", "findings", "liability", "rings"} <= set(doc)
    assert {f["rule"] for f in doc["findings"]} >= {"R-TRANSFER", "R-SUB-INDIVIDUAL", "R-DEPTH"}


def test_report_graph_and_export(mini, tmp_path):
    assert run("report", str(mini), "-p", "P1", "--out", str(tmp_path / "r.html")).exit_code == 0
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "王建国" in html and "R-TRANSFER" in html
    account = "0200012345678901234"  # P2's wage special account: masked unless --unmask
    assert run("report", str(mini), "-p", "P2", "--out", str(tmp_path / "m.md")).exit_code == 0
    assert account not in (tmp_path / "m.md").read_text(encoding="utf-8")
    assert run("report", str(mini), "-p", "P2", "--out", str(tmp_path / "r.md"), "--unmask").exit_code == 0
    assert account in (tmp_path / "r.md").read_text(encoding="utf-8")
    assert run("graph", str(mini), "-p", "P1", "--out", str(tmp_path / "g.html")).exit_code == 0
    assert "vis.Network" in (tmp_path / "g.html").read_text(encoding="utf-8")
    assert run("export", str(mini), "-p", "P1", "--out", str(tmp_path / "pk")).exit_code == 0
    assert (tmp_path / "pk" / "P1-evidence.xlsx").is_file()


def test_bad_bundle_names_every_row_and_exits_2(mini_copy, tmp_path):
    rows = list(csv.reader((mini_copy / "payments.csv").open(encoding="utf-8")))
    rows[2][3] = "-5"
    rows[5][4] = "明天"
    with (mini_copy / "payments.csv").open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    out = tmp_path / "f.json"
    r = runner.invoke(app, ["analyze", str(mini_copy), "--json", str(out)])
    assert r.exit_code == 2
    assert "payments.csv:3: amount: negative amount" in r.output
    assert "payments.csv:6: paid: not a date" in r.output
    assert "Traceback" not in r.output and not out.exists()


def test_unknown_project_and_bad_suffix(mini, tmp_path):
    r = runner.invoke(app, ["report", str(mini), "-p", "NOPE", "--out", str(tmp_path / "x.html")])
    assert r.exit_code == 2 and "unknown project 'NOPE'" in r.output
    r = runner.invoke(app, ["report", str(mini), "-p", "P1", "--out", str(tmp_path / "x.pdf")])
    assert r.exit_code == 2 and ".html or .md" in r.output


def test_unreachable_neo4j_is_one_line_exit_3(tmp_path):
    r = runner.invoke(app, ["analyze", "--neo4j", "bolt://127.0.0.1:9", "--json", str(tmp_path / "f.json")],
                      env={"NEO4J_PASSWORD": "whatever-123"})
    assert r.exit_code == 3
    assert "cannot reach Neo4j at bolt://127.0.0.1:9" in r.output and "Traceback" not in r.output


def test_no_bundle_and_no_server(tmp_path, monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("GRAPHCHAIN_CONFIG", str(tmp_path / "none.toml"))
    r = runner.invoke(app, ["rings"])
    assert r.exit_code == 2 and "give a BUNDLE" in r.output


def test_demo(tmp_path):
    r = run("demo", "--out", str(tmp_path / "demo"), "--projects", "12")
    assert r.exit_code == 0, r.output
    made = {p.name for p in (tmp_path / "demo").iterdir()}
    assert "findings.json" in made and any(m.startswith("report-") and m.endswith(".html") for m in made)
    assert any(m.startswith("graph-") for m in made)


@pytest.mark.neo4j
def test_load_then_analyze_from_neo4j(neo4j, mini, tmp_path):
    env = {k: os.environ[k] for k in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD") if k in os.environ}
    r = run("load", str(mini), env=env)
    assert r.exit_code == 0, r.output
    assert run("load", str(mini), env=env).exit_code == 0  # twice: same graph
    embedded, remote = tmp_path / "e.json", tmp_path / "n.json"
    assert run("analyze", str(mini), "--json", str(embedded)).exit_code == 0
    assert run("analyze", "--json", str(remote), env=env).exit_code == 0
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (embedded, remote))
    assert a["findings"] == b["findings"] and a["liability"] == b["liability"]
    r = run("report", "-p", "P1", "--out", str(tmp_path / "r.md"), env=env)
    assert r.exit_code == 0 and "王建国" in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_rings_and_leads_commands(tmp_path):
    bundle = tmp_path / "b"
    assert run("synth", str(bundle), "--projects", "30", "--seed", "1").exit_code == 0
    truth = json.loads((bundle / "truth.json").read_text(encoding="utf-8"))
    r = runner.invoke(app, ["rings", str(bundle), "--json", str(tmp_path / "rings.json")], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    found = json.loads((tmp_path / "rings.json").read_text(encoding="utf-8"))["rings"]
    assert len(found) == len(truth["rings"]) > 0
    assert "无考勤记录" in r.output and "G1" in r.output
    r = runner.invoke(app, ["leads", str(bundle), "--csv", str(tmp_path / "leads.csv")])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader((tmp_path / "leads.csv").open(encoding="utf-8-sig")))
    assert rows and {"lead_id", "project_id", "workers", "amount", "liable"} <= set(rows[0])


@pytest.mark.neo4j
def test_warns_when_the_last_load_did_not_complete(neo4j, mini, tmp_path):
    from graphchain import read_bundle
    from graphchain.cypher import statement

    env = {k: os.environ[k] for k in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD") if k in os.environ}
    neo4j.load(read_bundle(mini))
    neo4j.run(statement("load", "load_started"), load_id="interrupted-load", source="x")  # as if a load died midway
    r = runner.invoke(app, ["analyze", "--json", str(tmp_path / "f.json")], env=env)
    said = " ".join(r.output.split())
    assert r.exit_code == 0 and "load 'interrupted-load' did not complete" in said
