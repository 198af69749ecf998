"""Issue 10, the output side: what we write from hostile or clumsy input.

No live formula in a CSV/XLSX we write; no file outside --out whatever the ids; nothing half-written
when a writer fails; one-line errors (exit 2) instead of tracebacks; no terminal escapes or bidi
overrides in text output; no password printed; grouped phone/account numbers masked; raw-number
files private (0600).
"""

from __future__ import annotations

import csv
import errno
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from graphchain.cli import app
from graphchain.report import export_gexf, export_graphml, graph_page_html, render_report
from graphchain.util import atomic_dir, atomic_path, printable, redact, safe_filename, sheet_text

from .hostile import TERMINAL_UNSAFE, edit, live_formula_cells, rename_project, tree, xlsx_texts

runner = CliRunner()
FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "@SUM(A1)", "-2+3"]


def cli(*args: object, catch: bool = False):
    r = runner.invoke(app, [str(a) for a in args], catch_exceptions=catch)
    assert "Traceback" not in r.output
    return r


def one_error_line(r, code: int = 2) -> str:
    """The result failed with ``code`` and exactly one line on stderr; that line."""
    assert r.exit_code == code, (r.exit_code, r.output)
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    assert "Traceback" not in r.stderr
    return lines[0]


# ----------------------------------------------------------------------------- formulas (item 3)
@pytest.mark.parametrize("name", FORMULAS)
def test_evidence_workbook_keeps_formula_names_as_text(mini_copy, tmp_path, name):
    edit(mini_copy, "parties.csv", "party_id", {"D": {"name": name}})
    edit(mini_copy, "persons.csv", "person_id", {"W1": {"name": name}})
    r = cli("export", mini_copy, "-p", "P1", "--out", tmp_path / "pk")
    assert r.exit_code == 0, r.output
    book = tmp_path / "pk" / "P1-evidence.xlsx"
    assert live_formula_cells(book) == []
    assert name in xlsx_texts(book)  # the visible text is kept as it is, stored as text


@pytest.mark.parametrize("name", FORMULAS)
def test_leads_csv_neutralises_formula_names(mini_copy, tmp_path, name):
    edit(mini_copy, "parties.csv", "party_id", {"D": {"name": name}})
    out = tmp_path / "leads.csv"
    r = cli("leads", mini_copy, "--csv", out)
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert "'" + name in {x["respondent_name"] for x in rows}
    assert live_formula_cells(out) == []


def test_negative_numbers_stay_numbers_in_csv(tmp_path):
    from graphchain.analysis.leads import leads_to_csv

    lead = {"lead_id": "L1", "rank_score": -0.5, "project_id": "-P", "amount": -25000.0, "workers": 1,
            "channels": [], "claims": [], "liable": []}
    rows = list(csv.DictReader(leads_to_csv([lead], tmp_path / "l.csv").open(encoding="utf-8-sig")))
    assert rows[0]["amount"] == "-25000.0" and rows[0]["rank_score"] == "-0.5"  # numbers, left alone
    assert rows[0]["project_id"] == "'-P"  # text: neutralised
    assert sheet_text(-3) == -3 and sheet_text("\tx") == "'\tx" and sheet_text("\rx") == "'\rx"


def test_quarantine_file_neutralises_formulas_and_is_private(mini_copy, tmp_path):
    path = mini_copy / "payments.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows = [["=HYPERLINK(1)"] + r for r in rows]  # an extra first column: the record text starts with it
    rows[2][4] = "-5"  # a negative amount: rejected
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    q = tmp_path / "rejected.csv"
    r = cli("analyze", mini_copy, "--json", tmp_path / "f.json", "--quarantine", q)
    assert r.exit_code == 0, r.output
    assert live_formula_cells(q) == []
    records = [row[4] for row in csv.reader(q.open(encoding="utf-8-sig"))][1:]
    assert records and all(r.startswith("'=HYPERLINK(1)=") for r in records)
    assert stat.S_IMODE(q.stat().st_mode) == 0o600  # raw rows, personal numbers unmasked


# ----------------------------------------------------------------------------- paths (item 4)
@pytest.mark.parametrize("pid", ["../../x", "/tmp/x", "A/B", "..", "C:\\x", "CON", "项目/一"])
def test_export_project_id_cannot_leave_the_folder(mini_copy, tmp_path, pid):
    rename_project(mini_copy, "P1", pid)
    out = tmp_path / "deep" / "pk"
    out.parent.mkdir()
    before = tree(tmp_path)
    outside = [Path("/tmp/x-report.html"), Path("/tmp/x.gexf"), tmp_path.parent / "x-report.html"]
    assert not any(p.exists() for p in outside)
    r = cli("export", mini_copy, "-p", pid, "--out", out)
    assert r.exit_code == 0, r.output
    made = tree(tmp_path) - before
    assert made and all(p.resolve().is_relative_to(out.resolve()) for p in made - {out})
    assert len(list(out.iterdir())) == 6 and all(p.is_file() for p in out.iterdir())
    assert not any(p.exists() for p in outside)


def test_ids_that_clean_to_the_same_name_do_not_collide(mini_copy, tmp_path):
    rename_project(mini_copy, "P1", "A/B")
    rename_project(mini_copy, "P2", "A_B")
    out = tmp_path / "pk"
    assert cli("export", mini_copy, "-p", "A/B", "--out", out).exit_code == 0
    assert cli("export", mini_copy, "-p", "A_B", "--out", out).exit_code == 0
    assert len(list(out.iterdir())) == 12
    assert safe_filename("A/B") != safe_filename("A_B") == "A_B"
    assert safe_filename("项目一") == "项目一" and len(safe_filename("名" * 5000)) < 60


# ----------------------------------------------------------------------------- atomic writes (item 6)
def _disk_full(monkeypatch) -> None:
    """Every Path.write_text, and every json.dump streaming to a file, writes half its text, then fails as a
    full disk would."""
    real = Path.write_text

    def half(self, data, *a, **k):
        real(self, data[: len(data) // 2], *a, **k)
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    def half_dump(obj, fp, **k):
        text = json.dumps(obj, **k)
        fp.write(text[: len(text) // 2])
        raise OSError(errno.ENOSPC, "No space left on device", fp.name)

    monkeypatch.setattr(Path, "write_text", half)
    monkeypatch.setattr(json, "dump", half_dump)


@pytest.mark.parametrize("args", [
    ["analyze", "{b}", "--json", "{o}/f.json"],
    ["report", "{b}", "-p", "P1", "--out", "{o}/r.html"],
    ["report", "{b}", "-p", "P1", "--out", "{o}/r.md"],
    ["graph", "{b}", "-p", "P1", "--out", "{o}/g.html"],
    ["export", "{b}", "-p", "P1", "--out", "{o}/pk"],
    ["demo", "--out", "{o}/demo", "--projects", "3"],
    ["rings", "{b}", "--json", "{o}/rings.json"],
    ["leads", "{b}", "--json", "{o}/leads.json"],
])
def test_a_write_failing_half_way_leaves_nothing(mini, tmp_path, monkeypatch, args):
    o = tmp_path / "out"
    o.mkdir()
    _disk_full(monkeypatch)
    r = cli(*[a.format(b=mini, o=o) for a in args])
    assert "No space left on device" in one_error_line(r)
    assert list(o.iterdir()) == []


def test_leads_csv_failing_half_way_leaves_nothing(mini, tmp_path, monkeypatch):
    import graphchain.analysis.leads as leads

    calls = []

    def flaky(value):
        calls.append(value)
        if len(calls) > 5:
            raise OSError(errno.EIO, "Input/output error")
        return sheet_text(value)

    monkeypatch.setattr(leads, "sheet_text", flaky)
    r = cli("leads", mini, "--csv", tmp_path / "leads.csv")
    one_error_line(r)
    assert len(calls) > 5 and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("existing", [False, True])
def test_export_failing_half_way_leaves_nothing(mini, tmp_path, monkeypatch, existing):
    """The workbook and pages are written, then GEXF fails: no packet file appears."""
    import graphchain.report.export as export

    out = tmp_path / "pk"
    if existing:
        out.mkdir()
        (out / "keep.txt").write_text("mine", encoding="utf-8")

    def boom(*a, **k):
        raise RuntimeError("injected")

    monkeypatch.setattr(export, "export_gexf", boom)
    r = runner.invoke(app, ["export", str(mini), "-p", "P1", "--out", str(out)])
    assert isinstance(r.exception, RuntimeError)
    assert ({p.name for p in out.iterdir()} == {"keep.txt"}) if existing else not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == (["pk"] if existing else [])


def test_atomic_helpers(tmp_path):
    target = tmp_path / "a.txt"
    with pytest.raises(ValueError), atomic_path(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise ValueError
    assert list(tmp_path.iterdir()) == []
    with atomic_path(target) as tmp:
        tmp.write_text("whole", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "whole" and list(tmp_path.iterdir()) == [target]
    with pytest.raises(ValueError), atomic_dir(tmp_path / "d") as d:
        (d / "x").write_text("x", encoding="utf-8")
        raise ValueError
    assert list(tmp_path.iterdir()) == [target]


# ----------------------------------------------------------------------------- one-line errors (item 7)
@pytest.mark.parametrize("project", ["[/]", "[bold]x", "[red]x[/red]", ":smile:"])
def test_markup_in_arguments_is_plain_text(mini, tmp_path, project):
    line = one_error_line(cli("report", mini, "-p", project, "--out", tmp_path / "r.html"))
    assert repr(project) in line
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("uri", ["http:", "not a uri", "http://127.0.0.1:7687", "bolt://", "bolt://host:port"])
@pytest.mark.parametrize("command", ["analyze", "load"])
def test_bad_neo4j_uri_is_one_line_exit_2(mini, tmp_path, uri, command):
    args = ["load", mini] if command == "load" else ["analyze", "--json", tmp_path / "f.json"]
    line = one_error_line(cli(*args, "--neo4j", uri))
    assert "not a Neo4j URI" in line and list(tmp_path.iterdir()) == []


def test_unreachable_server_stays_exit_3(tmp_path):
    line = one_error_line(cli("analyze", "--neo4j", "bolt://127.0.0.1:9", "--json", tmp_path / "f.json"), code=3)
    assert "cannot reach Neo4j" in line


@pytest.mark.parametrize("uri,code", [("bolt://neo4j:s3cret-pw@127.0.0.1:9", 3),
                                      ("neo4j://neo4j:s3cret-pw@127.0.0.1:9", 3),
                                      ("http://neo4j:s3cret-pw@127.0.0.1:9", 2)])
def test_password_in_uri_is_never_printed(tmp_path, uri, code):
    r = cli("analyze", "--neo4j", uri, "--json", tmp_path / "f.json")
    one_error_line(r, code)
    assert "s3cret-pw" not in r.output
    assert redact("x bolt://u:pw@h:1 y") == "x bolt://u:***@h:1 y"


@pytest.mark.neo4j
def test_password_in_uri_logs_in_and_is_not_printed(mini, neo4j, monkeypatch):
    password = os.environ.get("NEO4J_PASSWORD")
    if not password:
        pytest.skip("the server runs without authentication")
    monkeypatch.delenv("NEO4J_PASSWORD")
    uri = os.environ["NEO4J_URI"].replace("://", f"://{os.environ.get('NEO4J_USER', 'neo4j')}:{password}@", 1)
    r = cli("load", mini, "--neo4j", uri)
    assert r.exit_code == 0, r.output
    assert password not in r.output and "loaded" in r.stdout


@pytest.mark.parametrize("option", [["analyze", "{b}", "--json"], ["report", "{b}", "-p", "P1", "--out"],
                                    ["graph", "{b}", "-p", "P1", "--out"], ["leads", "{b}", "--csv"],
                                    ["rings", "{b}", "--json"], ["analyze", "{b}", "--quarantine"]])
def test_output_path_that_is_a_folder(mini, tmp_path, option):
    line = one_error_line(cli(*[a.format(b=mini) for a in option], tmp_path))
    assert "is a folder" in line and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("option", [["analyze", "{b}", "--json"], ["report", "{b}", "-p", "P1", "--out"],
                                    ["leads", "{b}", "--csv"]])
def test_output_path_with_a_missing_parent(mini, tmp_path, option):
    target = tmp_path / "no" / "such" / "out.html"
    line = one_error_line(cli(*[a.format(b=mini) for a in option], target))
    assert "does not exist" in line and list(tmp_path.iterdir()) == []


def test_output_path_that_is_not_writable(mini, tmp_path):
    if os.geteuid() == 0:  # root writes anywhere a permission bit says no; /proc refuses even root
        target = Path("/proc/graphchain-test.json")
    else:
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o500)
        target = ro / "f.json"
    line = one_error_line(cli("analyze", mini, "--json", target))
    assert str(target) in line and not target.exists()


def test_export_out_an_existing_file(mini, tmp_path):
    f = tmp_path / "packet"
    f.write_text("keep", encoding="utf-8")
    line = one_error_line(cli("export", mini, "-p", "P1", "--out", f))
    assert "not a folder" in line and f.read_text(encoding="utf-8") == "keep" and len(list(tmp_path.iterdir())) == 1


@pytest.mark.parametrize("args", [["demo", "--projects", "0"], ["demo", "--projects", "-3"],
                                  ["synth", "{o}/b", "--projects", "0"]])
def test_zero_or_negative_projects(tmp_path, args):
    line = one_error_line(cli(*[a.format(o=tmp_path) for a in args], *(["--out", tmp_path / "d"]
                                                                       if args[0] == "demo" else [])))
    assert "--projects must be at least 1" in line and list(tmp_path.iterdir()) == []


def test_messages_stay_one_line_when_stderr_is_not_a_terminal(mini, tmp_path):
    target = tmp_path / ("很长的文件夹名" * 30) / "f.json"  # a message far wider than 80 columns
    r = subprocess.run([sys.executable, "-c", "from graphchain.cli import app; app()", "analyze", str(mini),
                        "--json", str(target)], capture_output=True, text=True, timeout=120,
                       env={k: v for k, v in os.environ.items() if k not in ("COLUMNS", "TERM")})
    assert r.returncode == 2
    assert len(r.stderr.splitlines()) == 1 and str(target) in r.stderr and "Traceback" not in r.stderr


HOSTILE = "\x1b[2J\x1b]0;pwned\x07王\u202eevil\u2066x\u2069\x9b31m"


def test_terminal_tables_neutralise_escapes_and_bidi(mini, tmp_path, monkeypatch):
    import graphchain.analysis.leads as leads
    import graphchain.analysis.rings as rings

    monkeypatch.setattr(leads, "build_leads", lambda G, doc, cfg: [{
        "lead_id": "L1", "project_id": HOSTILE, "respondent_name": HOSTILE, "respondent_id": None,
        "match_score": None, "workers": 1, "amount": 1.0, "first_filed": HOSTILE, "liable": [], "claims": [],
        "channels": []}])
    r = cli("leads", mini)
    assert r.exit_code == 0 and "\\x1b[2J" in r.stdout
    assert not TERMINAL_UNSAFE.search(r.output)
    monkeypatch.setattr(rings, "find_rings", lambda G, cfg: ([{
        "ring_id": HOSTILE, "score": 1.0, "members": [], "organizers": ["W1", HOSTILE], "projects": [],
        "claims": [], "signals": [HOSTILE]}], None))
    r = cli("rings", mini)
    assert r.exit_code == 0 and "\\x1b[2J" in r.stdout
    assert not TERMINAL_UNSAFE.search(r.output)
    line = one_error_line(cli("report", mini, "-p", HOSTILE, "--out", tmp_path / "r.md"))
    assert not TERMINAL_UNSAFE.search(line) and "\\x1b" in line


def test_hostile_names_in_a_bundle_never_reach_the_terminal(mini_copy, tmp_path):
    edit(mini_copy, "parties.csv", "party_id", {"D": {"name": HOSTILE}})
    edit(mini_copy, "persons.csv", "person_id", {"W1": {"name": HOSTILE}})
    for args in (["leads", mini_copy], ["rings", mini_copy],
                 ["export", mini_copy, "-p", "P1", "--out", tmp_path / "pk"]):
        r = cli(*args)
        assert r.exit_code in (0, 2) and not TERMINAL_UNSAFE.search(r.output), args


def test_markdown_report_neutralises_escapes_and_bidi(G):
    from graphchain import analyze_graph

    H = G.copy()
    H.nodes["D"]["name"] = HOSTILE
    md = render_report(analyze_graph(H), H, "P1", fmt="md")
    assert not TERMINAL_UNSAFE.search(md)
    assert "\\\\x1b\\[2J" in md and "\\\\u202eevil" in md  # visible escapes (\ and [ escaped for Markdown)
    assert printable("a\u202eb") == "a\\u202eb" and printable("a\nb") == "a\\nb"


# ----------------------------------------------------------------------------- privacy (item 8)
GROUPED = ["6228 4800 0000 1231", "6228-4800-0000-1231", "139-0000-0001", "139 0000 0001", "+86 139 0000 0001",
           "110105 19491231 002X", "010 6512 3456"]


def _with_number(G: nx.MultiDiGraph, number: str) -> nx.MultiDiGraph:
    H = G.copy()
    H.nodes["D"]["name"] = f"王建国（电话 {number}）"
    for _, _, d in H.edges(data=True):
        if d.get("rel") == "EMPLOYED":
            d["role"] = f"工人，卡号{number}"
    for _, d in H.nodes(data=True):
        if d.get("label") == "Claim":
            d["text"] = f"联系{number}，拖欠工资"
    return H


@pytest.mark.parametrize("number", GROUPED)
def test_grouped_numbers_masked_in_reports_pages_and_graph_files(G, tmp_path, number):
    from graphchain import analyze_graph

    H = _with_number(G, number)
    doc = analyze_graph(H)
    bare = number.replace(" ", "").replace("-", "")
    outputs = {
        "html": lambda unmask: render_report(doc, H, "P1", "html", unmask=unmask),
        "md": lambda unmask: render_report(doc, H, "P1", "md", unmask=unmask),
        "graph": lambda unmask: graph_page_html(doc, H, "P1", unmask=unmask),
        "graphml": lambda unmask: export_graphml(H, "P1", tmp_path / f"g{unmask}.graphml", unmask).read_text("utf-8"),
        "gexf": lambda unmask: export_gexf(H, "P1", tmp_path / f"g{unmask}.gexf", unmask).read_text("utf-8"),
    }
    for what, render in outputs.items():
        assert number in render(True), what  # the number is there to be masked ...
        masked = render(False)
        assert number not in masked and bare not in masked, what  # ... and is masked


def test_dates_and_amounts_are_not_taken_for_numbers():
    from graphchain.report.masking import Masker

    m = Masker()
    for text in ["2024-01-15 2024-02-01", "金额 125000 200000", "K1 K2 2023-02-20"]:
        assert m.text(text) == text


def test_unmasked_outputs_and_quarantine_are_private(mini, tmp_path):
    assert cli("report", mini, "-p", "P2", "--out", tmp_path / "r.md", "--unmask").exit_code == 0
    assert cli("graph", mini, "-p", "P2", "--out", tmp_path / "g.html", "--unmask").exit_code == 0
    assert cli("export", mini, "-p", "P2", "--out", tmp_path / "pk", "--unmask").exit_code == 0
    assert cli("report", mini, "-p", "P2", "--out", tmp_path / "masked.md").exit_code == 0
    private = [tmp_path / "r.md", tmp_path / "g.html", *(tmp_path / "pk").iterdir()]
    assert len(private) == 8
    for p in private:
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    assert stat.S_IMODE((tmp_path / "pk").stat().st_mode) == 0o700
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE((tmp_path / "masked.md").stat().st_mode) == 0o666 & ~mask


def test_no_temporary_files_left_after_success(mini, tmp_path):
    assert cli("export", mini, "-p", "P1", "--out", tmp_path / "pk").exit_code == 0
    assert cli("analyze", mini, "--json", tmp_path / "f.json").exit_code == 0
    assert not [p for p in tree(tmp_path) if p.name.startswith(".") or p.name.endswith(".tmp")]
    shutil.rmtree(tmp_path / "pk")


@pytest.mark.parametrize("args", [["report", "{b}", "--out", "{o}/r.html"], ["demo", "--projects", "abc"],
                                  ["graph", "{b}", "-p", "P1", "--out", "{o}/g.html", "--fold-threshold", "0"]])
def test_usage_errors_are_one_line_too(mini, tmp_path, args):
    r = cli(*[a.format(b=mini, o=tmp_path) for a in args])
    line = one_error_line(r)
    assert "╭" not in r.stderr and ("--help" in line or "at least 1" in line)
    assert list(tmp_path.iterdir()) == []


def test_writing_again_into_the_same_folders_replaces_the_files(mini, tmp_path):
    for _ in range(2):
        assert cli("demo", "--out", tmp_path / "demo", "--projects", "3").exit_code == 0
        assert cli("export", mini, "-p", "P1", "--out", tmp_path / "pk").exit_code == 0
    assert len(list((tmp_path / "pk").iterdir())) == 6
    assert {p.name for p in (tmp_path / "demo").iterdir()} >= {"bundle", "findings.json"}
    assert not [p for p in tree(tmp_path) if p.name.endswith(".tmp")]
