"""``graphchain load BUNDLE --admin-import DIR``: CSV files for ``neo4j-admin database import full`` whose
headers come from graphchain.schema; the database they make (a real server, via ``scripts/neo4j-local
import``) equals a Bolt load of the same bundle."""

from __future__ import annotations

import csv
import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphchain import read_bundle
from graphchain.cli import app
from graphchain.model import graph_records
from graphchain.store.admin import ARGS_FILE, property_types, write_import

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
HOSTILE = 'A "quoted", name;\non two lines'


def hostile(bundle: Path) -> Path:
    """The party A named with a quote, a comma, a semicolon and a newline."""
    path = bundle / "parties.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[2][1] = HOSTILE
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return bundle


def test_types_come_from_the_schema():
    assert property_types("Party")["qualifications"] == "string[]"
    assert property_types("CONTRACT")["amount"] == "double"
    assert property_types("CONTRACT")["main_structure"] == "boolean"
    assert property_types("Claim")["workers"] == "long"
    assert "from_id" not in property_types("CONTRACT")  # an edge's ends are its ends, not properties
    assert property_types("OWNS") == {"project_id": "string"} | {k: v for k, v in property_types("HAS").items()
                                                                 if k != "project_id"}


def test_cli_writes_headers_data_and_arguments(mini_copy, tmp_path):
    out = tmp_path / "import"
    r = runner.invoke(app, ["load", str(hostile(mini_copy)), "--admin-import", str(out)])
    assert r.exit_code == 0, r.output
    assert "neo4j-admin database import full @" in " ".join(r.output.split())
    header = (out / "Party.header.csv").read_text(encoding="utf-8").strip().split(",")
    assert header[0] == "key:ID" and "qualifications:string[]" in header and "loads:long[]" in header
    args = (out / ARGS_FILE).read_text(encoding="utf-8").split()
    assert args[0] == "neo4j" and "--multiline-fields=true" in args  # the hostile name spans two lines
    files = [f for a in args if a.startswith(("--nodes=", "--relationships=")) for f in a.split("=", 2)[2].split(",")]
    assert files and all(Path(f).is_file() for f in files)
    assert oct(os.stat(out).st_mode & 0o777) == "0o700"  # personal numbers, unmasked: a private folder


def test_refused_without_writing(mini, tmp_path):
    r = runner.invoke(app, ["load", str(mini), "--admin-import", str(tmp_path / "x"), "--replace"])
    assert r.exit_code == 2 and not (tmp_path / "x").exists()
    rec = graph_records(read_bundle(mini))
    rec.nodes["Party"][0][1]["surprise"] = 1
    with pytest.raises(ValueError, match="surprise"):
        write_import(rec, tmp_path, load_id="x", source="x")
    rec.nodes["Party"][0][1].pop("surprise")
    rec.edges["CONTRACT"][0][3]["amount"] = "a lot"
    with pytest.raises(ValueError, match="a lot"):
        write_import(rec, tmp_path, load_id="x", source="x")


@pytest.mark.neo4j
def test_imported_database_equals_a_bolt_load(neo4j, mini_copy, tmp_path):
    """A server of its own (scripts/neo4j-local in a temporary run directory), stopped, imported, started."""
    from graphchain.store import Neo4jStore

    from .test_neo4j_store import _as_dicts

    bundle = hostile(mini_copy)
    out = tmp_path / "import"
    assert runner.invoke(app, ["load", str(bundle), "--admin-import", str(out), "--load-id", "m"]).exit_code == 0
    env = {**os.environ, "GRAPHCHAIN_NEO4J_HOME": str(tmp_path / "run")}
    for k in ("GRAPHCHAIN_NEO4J_PORT", "GRAPHCHAIN_NEO4J_HTTP_PORT", "GRAPHCHAIN_NEO4J_IMPORT"):
        env.pop(k, None)
    local = str(ROOT / "scripts" / "neo4j-local")
    here = tmp_path / "cwd"  # neo4j-admin writes its report into the working folder unless told where
    here.mkdir()
    r = subprocess.run([local, "import", str(out)], env=env, capture_output=True, text=True, cwd=here)
    assert r.returncode == 0, r.stderr[-3000:]
    assert list(here.iterdir()) == [] and (tmp_path / "run" / "logs" / "import.report").exists()
    try:
        r = subprocess.run([local, "start"], env=env, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr[-3000:]
        vals = dict(line.split("=", 1) for line in r.stdout.splitlines() if line.startswith("NEO4J_"))
        password = (tmp_path / "run" / "password").read_text().strip()
        with Neo4jStore.connect(vals["NEO4J_URI"], "neo4j", password) as imported:
            neo4j.load(read_bundle(bundle), load_id="m")
            got, want = _as_dicts(imported.graph()), _as_dicts(neo4j.graph())
            assert got == want
            assert got[0]["A"]["name"] == HOSTILE
            assert [(x["load_id"], x["status"]) for x in imported.loads()] == [("m", "complete")]
            assert imported.written_by("A") == ["m"]
            # the imported database takes Bolt loads as any other: the same load again changes nothing
            imported.load(read_bundle(bundle), load_id="m", replace=True)
            assert _as_dicts(imported.graph()) == want and imported.written_by("A") == ["m"]
    finally:
        subprocess.run([local, "stop"], env=env, capture_output=True, text=True)
