"""Bulk loads: the Bolt loader with 1, 2 and 4 concurrent write streams, server-side LOAD CSV, and the
offline ``neo4j-admin database import full`` path (``graphchain load --admin-import``), same bundle.

Each variant in a fresh process, in rounds (every variant once per round, so a busy machine weighs on
all of them alike); medians over the rounds. The Bolt loader and LOAD CSV write into the benchmarks'
server, cleared before each run (the loader's time includes building the graph records from the read
bundle; LOAD CSV reads the files on the server: benchmarks/load_csv.cypher, as neo4j_load.py). The
admin import: records built, the CSV files written (``write_import``), ``scripts/neo4j-local import``
into a run directory of its own with no server running (the JVM's start included); then, once,
that server started and the graph compared with the Bolt load's (every node, relationship, property).

Writes benchmarks/data/results/neo4j_bulk.json and the ``<!-- neo4j_bulk -->`` section of RESULTS.md.

    python benchmarks/neo4j_bulk.py                       # 500 and 2,000 projects, 3 rounds
    python benchmarks/neo4j_bulk.py --sizes 500 --rounds 1 --use-env-neo4j   # CLEARS that database
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

START, END = "<!-- neo4j_bulk -->", "<!-- /neo4j_bulk -->"
WORKERS = (1, 2, 4)
ADMIN_HOME = common.DATA / "neo4j-admin-run"
HERE = Path(__file__).resolve()


def child_admin(path: Path, out: Path) -> dict:
    from graphchain.bundle import read_bundle
    from graphchain.model import graph_records
    from graphchain.store.admin import write_import

    b = read_bundle(path)
    t0 = time.perf_counter()
    rec = graph_records(b)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    write_import(rec, out, load_id=str(path), source=b.source)
    t1 = time.perf_counter()
    env = {**os.environ, "GRAPHCHAIN_NEO4J_HOME": str(ADMIN_HOME)}
    r = subprocess.run([str(common.NEO4J_LOCAL), "import", str(out)], env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(r.stderr[-3000:])
    t2 = time.perf_counter()
    rows = sum(b.counts.values())
    return {"rows": rows, "seconds": t2 - t0, "write_seconds": t1 - t0, "import_seconds": t2 - t1,
            "rows_per_s": rows / (t2 - t0), "csv_bytes": sum(f.stat().st_size for f in out.glob("*.csv"))}


def compare_admin(srv: dict, path: Path) -> dict:
    """Start the imported database, compare it with a Bolt load of the same bundle on the benchmarks' server."""
    from graphchain.bundle import read_bundle
    from graphchain.store import Neo4jStore

    env = {**os.environ, "GRAPHCHAIN_NEO4J_HOME": str(ADMIN_HOME)}
    for k in ("GRAPHCHAIN_NEO4J_PORT", "GRAPHCHAIN_NEO4J_HTTP_PORT", "GRAPHCHAIN_NEO4J_IMPORT"):
        env.pop(k, None)
    t0 = time.perf_counter()
    r = subprocess.run([str(common.NEO4J_LOCAL), "start"], env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(r.stderr[-3000:])
    try:
        uri = next(x.split("=", 1)[1] for x in r.stdout.splitlines() if x.startswith("NEO4J_URI="))
        password = (ADMIN_HOME / "password").read_text().strip()
        with Neo4jStore.connect(uri, "neo4j", password) as imported:  # connecting creates the indexes
            start_s = time.perf_counter() - t0
            with Neo4jStore.connect(srv["uri"], srv["user"], srv["password"]) as bolt:
                bolt.clear()
                bolt.load(read_bundle(path), load_id=str(path))
                same = _as_dicts(imported.graph()) == _as_dicts(bolt.graph())
                loads = [(x["load_id"], x["status"]) for x in imported.loads()]
        return {"start_and_indexes_seconds": start_s, "same_graph_as_bolt_load": same,
                "marker": loads == [(str(path), "complete")]}
    finally:
        subprocess.run([str(common.NEO4J_LOCAL), "stop"], env=env, capture_output=True, text=True)


def _as_dicts(G) -> tuple[dict, dict]:
    return dict(G.nodes(data=True)), {(u, v, k): d for u, v, k, d in G.edges(keys=True, data=True)}


def run(sizes: list[int], rounds: int, use_env: bool = False) -> dict:
    out: dict = {"machine": common.machine(), "rounds": rounds, "sizes": {}}
    loader = str(HERE.parent / "neo4j_load.py")
    with common.server(None, use_env) as srv:
        env = common.neo4j_env(srv)
        out["server_started"] = {k: srv[k] for k in ("own", "heap", "pagecache")}
        for n in sizes:
            path = common.bundle_path(n)
            res: dict = {"projects": n, "rows": common.bundle_rows(path), "runs": {}}
            common.run_json([loader, "--child", "loader", str(path), "5000"], env)  # warm-up
            variants = {f"bolt_{w}": [loader, "--child", "loader", str(path), "5000", f"workers={w}"] for w in WORKERS}
            variants["load_csv"] = [loader, "--child", "load_csv", str(path)]
            variants["admin_import"] = [str(HERE), "--child-admin", str(path), str(common.DATA / f"admin-import-{n}")]
            for i in range(rounds):
                for name, args in variants.items():
                    r = common.run_json(args, env) | {"load_average": os.getloadavg()[0]}
                    res["runs"].setdefault(name, []).append(r)
                    print(f"{n} projects, round {i + 1}: {name} {r['seconds']:.1f} s", file=sys.stderr, flush=True)
            res["median_s"] = {k: common.median([r["seconds"] for r in v]) for k, v in res["runs"].items()}
            res["admin_check"] = compare_admin(srv, path)
            out["sizes"][str(n)] = res
            common.save("neo4j_bulk", out)
    return out


def render(res: dict) -> None:
    m = res["machine"]
    lines = ["## Bulk loads: Bolt loader, LOAD CSV, neo4j-admin import (`benchmarks/neo4j_bulk.py`)", "",
             f"Run {m['date']}, {m['cores']} cores (shared with other work), neo4j driver {m['neo4j_driver']}; "
             f"{res['rounds']} rounds, every variant once per round, each in a fresh process; medians. Bolt: "
             "`Neo4jStore.load`, batch 5,000, N concurrent write streams on disjoint keys (nodes by key, then "
             "relationships by their busier end); LOAD CSV: benchmarks/load_csv.cypher; admin import: records → CSV "
             "files (`graphchain load --admin-import`) + `neo4j-admin database import full` (`scripts/neo4j-local "
             "import`, JVM start included) into a stopped server's empty database.", "",
             "| projects | rows | Bolt, 1 stream s | Bolt, 2 streams s | Bolt, 4 streams s | LOAD CSV s | "
             "admin import s | Bolt (default 2) ÷ LOAD CSV speed | admin import ÷ Bolt speed |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    notes = []
    for n, r in res["sizes"].items():
        s = r["median_s"]
        lines.append(f"| {int(n):,} | {r['rows']:,} | {s['bolt_1']:.1f} | {s['bolt_2']:.1f} | {s['bolt_4']:.1f} | "
                     f"{s['load_csv']:.1f} | {s['admin_import']:.1f} | {s['load_csv'] / s['bolt_2']:.2f}× | "
                     f"{s['bolt_2'] / s['admin_import']:.1f}× |")
        a = r["admin_check"]
        adm = r["runs"]["admin_import"][0]
        notes.append(f"- {int(n):,} projects: admin import = {adm['write_seconds']:.1f} s writing "
                     f"{adm['csv_bytes'] / 1e6:.0f} MB of CSV + {adm['import_seconds']:.1f} s neo4j-admin (first "
                     f"round); then starting that server and creating graphchain's indexes "
                     f"{a['start_and_indexes_seconds']:.1f} s. Imported graph equal to the Bolt load's (every node, "
                     f"relationship, property): {'yes' if a['same_graph_as_bolt_load'] else 'NO'}; load marker "
                     f"complete: {'yes' if a['marker'] else 'NO'}. Per-round seconds: "
                     + "; ".join(f"{k} " + ", ".join(f"{x['seconds']:.1f}" for x in v) for k, v in r["runs"].items()))
    loads = [x["load_average"] for r in res["sizes"].values() for v in r["runs"].values() for x in v
             if "load_average" in x]
    if loads:
        notes.append(f"- Machine load (1-minute load average after each run, {m['cores']} cores): "
                     f"{min(loads):.1f} to {max(loads):.1f}: other work shares the cores, so compare the ratios of "
                     "one round, not the seconds.")
    common.write_results_section("\n".join(lines + [""] + notes), START, END)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--use-env-neo4j", action="store_true",
                    help="use NEO4J_URI instead of a server of our own (its database is CLEARED)")
    ap.add_argument("--child-admin", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child_admin:
        print(json.dumps(child_admin(Path(a.child_admin[0]), Path(a.child_admin[1]))))
        return
    res = run(a.sizes, a.rounds, a.use_env_neo4j)
    print(f"wrote {common.save('neo4j_bulk', res)}")
    render(res)


if __name__ == "__main__":
    main()
