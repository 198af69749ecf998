"""Re-loads: employment rows without an id keep one key whatever file they come from, ``load
--replace`` removes what a bundle no longer holds (and only that), one marker per load."""

from __future__ import annotations

import csv
import os
import re
import shutil
from datetime import datetime
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from graphchain import build_graph, read_bundle
from graphchain.cli import app
from graphchain.findings import analyze_graph, analyze_store
from graphchain.model import EMPLOYMENT_KEY, graph_records
from graphchain.report import render_report
from graphchain.schema import project_key

from .conftest import MINI, to_chinese_gbk, to_xlsx

runner = CliRunner()
CONTENT_KEY = re.compile(r"^employment:[0-9a-f]{16}(-\d+)?$")


# ------------------------------------------------------------------ bundles
def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write(path: Path, rows: list[dict], header: list[str] | None = None) -> None:
    header = header or list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, header)
        w.writeheader()
        w.writerows(rows)


def no_ids(dst: Path) -> Path:
    """The mini bundle with employment rows that have no ``employment_id`` (keyed by content)."""
    shutil.copytree(MINI, dst)
    rows = _read(dst / "employment.csv")
    _write(dst / "employment.csv", [{k: v for k, v in r.items() if k != "employment_id"} for r in rows])
    return dst


def edit(bundle: Path, table: str, keep=lambda r: True, change=lambda r: r) -> None:
    """Rewrite one table of a bundle in place: rows for which ``keep`` holds, each passed through ``change``."""
    path = bundle / f"{table}.csv"
    old = _read(path)
    rows = [change(dict(r)) for r in old if keep(r)]
    _write(path, rows, list(dict.fromkeys(k for r in old[:1] + rows for k in r)))


def employment_keys(bundle: Path) -> dict[str, str]:
    """Employment edge key -> its ``source`` (file:row)."""
    return {k: d["source"] for _, _, k, d in graph_records(read_bundle(bundle)).edges["EMPLOYED"]}


P2 = {"O2", "G2", "S2", "L2", "W4", "W5", "M2", "P2"}  # project P2 and everyone on it
BY_PROJECT = {"parties": "party_id", "persons": "person_id", "projects": "project_id", "contracts": "project_id",
              "payments": "project_id", "employment": "project_id", "claims": "project_id"}


def p2_only(dst: Path) -> Path:
    """A second bundle: project P2 of the mini bundle (all of it also in the mini bundle)."""
    no_ids(dst)
    for table, col in BY_PROJECT.items():
        edit(dst, table, keep=lambda r, c=col: r[c] in P2)
    return dst


def inserted_row(dst: Path) -> Path:
    """The no-id bundle with one more employment row in the middle (every later row moves down)."""
    no_ids(dst)
    rows = _read(dst / "employment.csv")
    extra = dict(rows[0], person_id="W9", start="2023-06-01", end="2023-06-30", days="20", wage_due="4000",
                 wage_paid="0")
    _write(dst / "employment.csv", rows[:2] + [extra] + rows[2:])
    return dst


def env() -> dict:
    return {k: os.environ[k] for k in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD") if k in os.environ}


def cli(*args: str):
    r = runner.invoke(app, list(args), env=env(), catch_exceptions=False)
    return r, " ".join(r.output.split())  # the message as one line, whatever the terminal width


def as_dicts(G: nx.MultiDiGraph) -> tuple[dict, dict]:
    return dict(G.nodes(data=True)), {(u, v, k): d for u, v, k, d in G.edges(keys=True, data=True)}


def same_analysis(store, G: nx.MultiDiGraph) -> None:
    """The findings document read from Neo4j equals the embedded one (all but the bundle's source)."""
    a, b = analyze_store(store), analyze_graph(G)
    for key in b:
        if key != "bundle":
            assert a[key] == b[key], key


# ------------------------------------------------------------------ content keys (no server)
def test_employment_key_survives_rename_xlsx_gbk_and_inserted_rows(tmp_path):
    base = employment_keys(no_ids(tmp_path / "csv"))
    assert len(base) == 6 and all(CONTENT_KEY.match(k) for k in base)
    assert sorted(base.values()) == [f"employment.csv:{r}" for r in range(2, 8)]  # provenance kept

    renamed = no_ids(tmp_path / "renamed")
    (renamed / "employment.csv").rename(renamed / "实名制用工.csv")  # the table's Chinese name
    xlsx = to_xlsx(tmp_path / "csv", tmp_path / "bundle.xlsx")
    gbk = to_chinese_gbk(tmp_path / "csv", tmp_path / "gbk")
    for other in (renamed, xlsx, gbk):
        keys = employment_keys(other)
        assert set(keys) == set(base), other
        assert keys != base or other == gbk  # same keys, the sources name the other file
    assert employment_keys(renamed)[next(iter(base))].startswith("实名制用工.csv:")

    grown = employment_keys(inserted_row(tmp_path / "inserted"))
    assert set(base) < set(grown) and len(grown) == 7
    moved = [k for k in base if grown[k] != base[k]]
    assert len(moved) == 4  # rows 4-7 moved down one row and kept their key


def test_employment_key_ignores_figures_not_identity(tmp_path):
    base = no_ids(tmp_path / "a")
    before = employment_keys(base)
    w3 = lambda r: r["person_id"] == "W3"  # noqa: E731
    edit(base, "employment", change=lambda r: dict(r, wage_paid="9000", days="1") if w3(r) else r)
    assert set(employment_keys(base)) == set(before)  # a corrected figure updates the same record
    for column, value in (("end", "2023-11-30"), ("role", "foreman"), ("employer_id", "C"), ("start", "")):
        assert column in EMPLOYMENT_KEY
        b = no_ids(tmp_path / column)
        edit(b, "employment", change=lambda r, c=column, v=value: dict(r, **{c: v}) if w3(r) else r)
        changed = set(employment_keys(b)) ^ set(before)
        assert len(changed) == 2, column  # W3's old key gone, a new one in its place


def test_identical_employment_rows_both_count(tmp_path):
    b = no_ids(tmp_path / "dup")
    rows = _read(b / "employment.csv")
    _write(b / "employment.csv", rows + [rows[2]])  # W3's row twice: two stints, both counted
    keys = employment_keys(b)
    twin = [k for k in keys if k.endswith("-2")]
    assert len(keys) == 7 and len(twin) == 1 and twin[0].removesuffix("-2") in keys
    assert {keys[twin[0]], keys[twin[0].removesuffix("-2")]} == {"employment.csv:4", "employment.csv:8"}
    G = build_graph(read_bundle(b))
    due = [d["wage_due"] for _, _, d in G.edges(data=True) if d["rel"] == "EMPLOYED" and d["project_id"] == "P1"]
    assert sum(due) == 4 * 30000
    # Order decides which twin is "-2"; the two keys stay the same set.
    _write(b / "employment.csv", [rows[2]] + rows)
    assert set(employment_keys(b)) == set(keys)


def test_report_and_findings_show_the_key_and_its_file_row(tmp_path):
    b = no_ids(tmp_path / "b")
    G = build_graph(read_bundle(b))
    doc = analyze_graph(G)
    key = next(k for k, src in employment_keys(b).items() if src == "employment.csv:4")  # W3's record
    records = [x["record"] for x in doc["liability"] if x["claimant_id"] == "W3"]
    assert records == [key]
    md = render_report(doc, G, "P1", fmt="md")
    line = next(ln for ln in md.splitlines() if key in ln and "employment.csv:4" in ln)
    assert line  # the evidence list names the record and where to open it


def test_a_column_named_like_a_store_property_is_kept_apart(tmp_path):
    b = no_ids(tmp_path / "b")
    edit(b, "parties", change=lambda r: dict(r, loads="3 trucks", load_run="x"))
    G = build_graph(read_bundle(b))
    assert G.nodes["A"]["x_loads"] == "3 trucks" and G.nodes["A"]["x_load_run"] == "x"
    assert "loads" not in G.nodes["A"]


def test_load_help_says_a_plain_load_only_adds():
    r = runner.invoke(app, ["load", "--help"], env={"COLUMNS": "200"})
    said = " ".join(r.output.split())
    assert r.exit_code == 0 and "--replace" in said and "--load-id" in said
    assert "A plain load only adds and updates" in said


# ------------------------------------------------------------------ Neo4j
@pytest.mark.neo4j
def test_same_data_from_renamed_file_xlsx_and_inserted_row_counts_employment_once(neo4j, tmp_path):
    csv_bundle = no_ids(tmp_path / "csv")
    renamed = no_ids(tmp_path / "renamed")
    (renamed / "employment.csv").rename(renamed / "实名制用工.csv")
    xlsx = to_xlsx(csv_bundle, tmp_path / "bundle.xlsx")
    grown = inserted_row(tmp_path / "inserted")
    for path, employed in ((csv_bundle, 6), (renamed, 6), (xlsx, 6), (grown, 7)):
        r, said = cli("load", str(path))
        assert r.exit_code == 0, said
        b = read_bundle(path)
        G = build_graph(b)
        got = neo4j.graph()
        assert sum(d["rel"] == "EMPLOYED" for _, _, d in got.edges(data=True)) == employed, path
        wages = [sum(d.get("wage_due", 0) for _, _, d in H.edges(data=True) if d["rel"] == "EMPLOYED")
                 for H in (got, G)]
        assert wages[0] == wages[1], path  # no wage counted twice
        assert as_dicts(got) == as_dicts(G), path  # the last load's sources, nothing left over
        same_analysis(neo4j, G)
    assert [x["status"] for x in neo4j.loads()] == ["complete"] * 4  # four paths, four loads


@pytest.mark.neo4j
def test_replace_removes_what_the_bundle_dropped_and_keeps_another_bundles_data(neo4j, tmp_path):
    a, b = no_ids(tmp_path / "a"), p2_only(tmp_path / "b")
    assert cli("load", str(a))[0].exit_code == 0
    assert cli("load", str(b))[0].exit_code == 0
    G_a, G_b = (build_graph(read_bundle(x)) for x in (a, b))
    assert as_dicts(neo4j.graph()) == as_dicts(nx.compose(G_a, G_b))

    # A edited: P2 handed over to B, contract K4 (and the payment citing it) gone, W9 and the
    # payment to W9 gone, W3's record gone, K1's amount changed.
    for table, col in BY_PROJECT.items():
        edit(a, table, keep=lambda r, c=col: r[c] not in P2)
    edit(a, "contracts", keep=lambda r: r["contract_id"] != "K4",
         change=lambda r: dict(r, amount="12000000") if r["contract_id"] == "K1" else r)
    edit(a, "payments", keep=lambda r: r["payment_id"] not in ("T4", "T7"))
    edit(a, "persons", keep=lambda r: r["person_id"] != "W9")
    edit(a, "employment", keep=lambda r: r["person_id"] != "W3")
    r, said = cli("load", str(a), "--replace")
    assert r.exit_code == 0, said

    G_a2 = build_graph(read_bundle(a))
    got = neo4j.graph()
    assert as_dicts(got) == as_dicts(nx.compose(G_a2, G_b))
    assert not any(k in ("K4", "T4", "T7") for _, _, k in got.edges(keys=True)) and "W9" not in got
    assert got.edges["O1", "A", "K1"]["amount"] == 12_000_000
    assert got.has_edge("G2", "S2", "K6") and project_key("P2") in got  # B's, though A dropped them
    # What was deleted is what A alone had written and A no longer holds; the P2 records B wrote stay.
    gone_nodes = set(G_a) - set(G_a2) - set(G_b)
    gone_edges = set(G_a.edges(keys=True)) - set(G_a2.edges(keys=True)) - set(G_b.edges(keys=True))
    assert gone_nodes >= {"W9"} and len(gone_edges) >= 5
    assert f"removed {len(gone_nodes)} nodes and {len(gone_edges)} relationships" in said
    assert neo4j.written_by(project_key("P2")) == [str(b.resolve())]  # A struck from what it handed over
    assert neo4j.written_by("A") == [str(a.resolve())]
    same_analysis(neo4j, nx.compose(G_a2, G_b))

    # B unchanged: --replace removes nothing.
    r, said = cli("load", str(b), "--replace")
    assert r.exit_code == 0 and "removed 0 nodes and 0 relationships" in said
    assert {x["load_id"] for x in neo4j.loads()} == {str(a.resolve()), str(b.resolve())}


@pytest.mark.neo4j
def test_load_id_names_one_bundle_across_formats(neo4j, tmp_path):
    b = no_ids(tmp_path / "csv")
    assert cli("load", str(b), "--load-id", "chaoyang-2024")[0].exit_code == 0
    edit(b, "employment", keep=lambda r: r["person_id"] != "W5")
    xlsx = to_xlsx(b, tmp_path / "chaoyang.xlsx")
    r, said = cli("load", str(xlsx), "--load-id", "chaoyang-2024", "--replace")
    assert r.exit_code == 0, said
    assert "removed 0 nodes and 1 relationships" in said  # only W5's record: the other keys are the same
    assert as_dicts(neo4j.graph()) == as_dicts(build_graph(read_bundle(xlsx)))
    assert [(x["load_id"], x["status"], x["source"]) for x in neo4j.loads()] == [
        ("chaoyang-2024", "complete", str(xlsx))]


@pytest.mark.neo4j
def test_two_loads_two_markers(neo4j, tmp_path):
    a, b = no_ids(tmp_path / "a"), no_ids(tmp_path / "b")
    neo4j.load(read_bundle(a))
    neo4j.load(read_bundle(b))
    neo4j.load(read_bundle(a))  # the same load again: still one marker for it
    loads = neo4j.loads()
    assert sorted(x["load_id"] for x in loads) == sorted([str(a.resolve()), str(b.resolve())])
    # compared as datetimes: Neo4j's strings drop trailing zeros ("…:01Z" sorts after "…:01.5Z")
    when = datetime.fromisoformat
    assert all(x["status"] == "complete" and when(x["finished"]) >= when(x["started"]) for x in loads)
    # Both bundles hold the same records: each record lists both loads, in the order they came.
    assert neo4j.written_by("W1") == neo4j.written_by(project_key("P1")) == [str(a.resolve()), str(b.resolve())]
    assert neo4j.written_by("NO-SUCH-NODE") == []


def _failing(monkeypatch, contract: str) -> None:
    """Make the Neo4j batch that holds ``contract`` fail on the server: a map is no property value."""
    import graphchain.model as model

    real = model.graph_records

    def broken(b):
        rec = real(b)
        rec.edges["CONTRACT"] = [(u, v, k, dict(d, bad={"map": 1}) if k == contract else d)
                                 for u, v, k, d in rec.edges["CONTRACT"]]
        return rec

    monkeypatch.setattr(model, "graph_records", broken)


@pytest.mark.neo4j
def test_interrupted_load_leaves_an_incomplete_marker_and_the_cli_warns(neo4j, tmp_path, monkeypatch):
    a, b = no_ids(tmp_path / "a"), p2_only(tmp_path / "b")
    assert cli("load", str(b))[0].exit_code == 0
    r, said = cli("analyze", "--json", str(tmp_path / "ok.json"))
    assert r.exit_code == 0 and "did not complete" not in said
    with monkeypatch.context() as m:
        _failing(m, "K3")
        r, said = cli("load", str(a), "--batch-size", "2")
    assert r.exit_code == 3 and "Traceback" not in r.output
    assert "error: loading CONTRACT into Neo4j failed" in said and "did not complete" in said
    assert r.output.startswith("error:") and said.count("error") == 1  # one message, no traceback
    status = {x["load_id"]: x["status"] for x in neo4j.loads()}
    assert status == {str(a.resolve()): "loading", str(b.resolve()): "complete"}
    contracts = {k for _, _, k, d in neo4j.graph().edges(keys=True, data=True) if d["rel"] == "CONTRACT"}
    # the bad batch wrote nothing (the batches written before it stay; concurrent streams of batches
    # stopped at their next one), and B's contracts are there
    assert "K3" not in contracts and {"K5", "K6", "K7"} <= contracts <= {f"K{i}" for i in range(1, 8)}
    r, said = cli("analyze", "--json", str(tmp_path / "f.json"))
    assert r.exit_code == 0
    assert f"load {str(a.resolve())!r} did not complete" in said and str(b.resolve()) not in said
    assert cli("load", str(a))[0].exit_code == 0  # rerun: complete, no warning
    assert "did not complete" not in cli("analyze", "--json", str(tmp_path / "g.json"))[1]


@pytest.mark.neo4j
def test_interrupted_replace_removes_nothing(neo4j, tmp_path, monkeypatch):
    a = no_ids(tmp_path / "a")
    assert cli("load", str(a))[0].exit_code == 0
    before = as_dicts(neo4j.graph())
    edit(a, "contracts", keep=lambda r: r["contract_id"] != "K6")
    edit(a, "payments", keep=lambda r: r["contract_id"] != "K6")
    with monkeypatch.context() as m:
        _failing(m, "K7")
        r, said = cli("load", str(a), "--replace")
    assert r.exit_code == 3 and "did not complete" in said
    got = neo4j.graph()
    assert got.has_edge("G2", "S2", "K6")  # removal comes after every batch: nothing was removed
    assert set(as_dicts(got)[1]) == set(before[1])
    assert [x["status"] for x in neo4j.loads()] == ["loading"]
    assert cli("load", str(a), "--replace")[0].exit_code == 0
    assert not neo4j.graph().has_edge("G2", "S2", "K6")
    assert as_dicts(neo4j.graph()) == as_dicts(build_graph(read_bundle(a)))
