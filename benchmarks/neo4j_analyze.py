"""``graphchain analyze --neo4j URI`` against the embedded ``graphchain analyze BUNDLE`` on the same data.

The 2,000-project synth bundle is loaded once (``Neo4jStore.load``); then the two commands run
alternately, each in a fresh process (``runs`` times each), and every findings document is compared
with the embedded one (everything but ``bundle.source``, which names the bundle or the server). The
embedded time is the whole command: reading and validating the CSV files, building the graph,
analysing. The Neo4j time is the whole command too: ``project_graphs`` (many projects per
statement, read ahead of the analysis), the claims graph for rings, counts and unattributed records.

Writes benchmarks/data/results/neo4j_analyze.json and the section between ``<!-- neo4j_analyze -->``
and ``<!-- /neo4j_analyze -->`` of benchmarks/RESULTS.md.

    python benchmarks/neo4j_analyze.py                      # 2,000 projects, 3 runs each, own Neo4j
    python benchmarks/neo4j_analyze.py --projects 500 --runs 1 --use-env-neo4j   # CLEARS that database
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

START, END = "<!-- neo4j_analyze -->", "<!-- /neo4j_analyze -->"
GOAL = 2.0  # analyze --neo4j ÷ embedded analyze, at most


def _graphchain() -> str:
    return str(Path(sys.executable).parent / "graphchain")


def _timed(args: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    r = subprocess.run([_graphchain(), *args], env={**os.environ, **env}, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if r.returncode != 0:
        sys.stderr.write(r.stderr[-4000:])
        raise RuntimeError(f"graphchain {' '.join(args)} failed ({r.returncode})")
    return seconds


def _same(a: dict, b: dict) -> bool:
    return all(a[k] == b[k] for k in b if k != "bundle") and a["bundle"]["counts"] == b["bundle"]["counts"]


def run(projects: int, runs: int, use_env: bool = False, srv: dict | None = None) -> dict:
    path = common.bundle_path(projects)
    out: dict = {"machine": common.machine(), "bundle": path.name, "projects": projects,
                 "rows": common.bundle_rows(path), "runs": runs, "embedded": [], "neo4j": [], "identical": []}
    with common.server(srv, use_env) as srv, tempfile.TemporaryDirectory() as tmp:
        env = common.neo4j_env(srv)
        out["server_started"] = {k: srv[k] for k in ("own", "heap", "pagecache")}
        print(f"loading {path.name} …", file=sys.stderr, flush=True)
        common.run_json(["-c", "import json, sys; from graphchain.store import Neo4jStore; from graphchain.bundle "
                         "import read_bundle; s = Neo4jStore.connect(); s.clear(); s.load(read_bundle(sys.argv[1]));"
                         " print(json.dumps(s.counts()))", str(path)], env)
        emb_json, neo_json = Path(tmp) / "embedded.json", Path(tmp) / "neo4j.json"
        _timed(["analyze", "--neo4j", srv["uri"], "--json", str(neo_json)], env)  # warm-up: query plans, page cache
        for i in range(runs):
            out["embedded"].append(_timed(["analyze", str(path), "--json", str(emb_json)], env))
            out["neo4j"].append(_timed(["analyze", "--neo4j", srv["uri"], "--json", str(neo_json)], env))
            same = _same(*(json.loads(f.read_text(encoding="utf-8")) for f in (neo_json, emb_json)))
            out["identical"].append(same)
            out.setdefault("load_average", []).append(os.getloadavg()[0])
            print(f"  run {i + 1}: embedded {out['embedded'][-1]:.1f} s, --neo4j {out['neo4j'][-1]:.1f} s, "
                  f"identical: {same}", file=sys.stderr, flush=True)
    out["ratios"] = [n / e for n, e in zip(out["neo4j"], out["embedded"], strict=True)]
    out["ratio"] = common.median(out["ratios"])
    return out


def render(res: dict) -> None:
    m = res["machine"]
    e, n = common.median(res["embedded"]), common.median(res["neo4j"])
    ok = "yes" if res["ratio"] <= GOAL and all(res["identical"]) else "no"
    text = "\n".join([
        "## `analyze --neo4j` against the embedded `analyze` (`benchmarks/neo4j_analyze.py`)", "",
        f"Run {m['date']}, {m['cores']} cores (shared), Python {m['python']}, neo4j driver {m['neo4j_driver']}; "
        f"synth bundle of {res['projects']:,} projects ({res['rows']:,} rows) loaded once; the two commands run "
        f"alternately, {res['runs']} times each, each a fresh process (whole command: embedded = read + validate + "
        "build + analyse; Neo4j = batched project reads overlapped with the analysis, claims graph, counts).", "",
        "| command | median s | runs s |", "|---|---:|---|",
        f"| `graphchain analyze BUNDLE` | {e:.1f} | {', '.join(f'{x:.1f}' for x in res['embedded'])} |",
        f"| `graphchain analyze --neo4j URI` | {n:.1f} | {', '.join(f'{x:.1f}' for x in res['neo4j'])} |", "",
        f"- `--neo4j` ÷ embedded, median of the per-run ratios: **{res['ratio']:.2f}×** (goal ≤ {GOAL:g}×: {ok}); "
        f"per run: {', '.join(f'{x:.2f}' for x in res['ratios'])}.",
        f"- Findings document from Neo4j identical to the embedded one (all but `bundle.source`): "
        f"{'yes' if all(res['identical']) else 'NO'} in every run.",
    ] + ([f"- Machine load (1-minute load average after each run, {m['cores']} cores): "
          f"{', '.join(f'{x:.1f}' for x in res['load_average'])}: other work shares the cores, so compare the "
          "ratios, not the seconds."] if "load_average" in res else []))
    common.write_results_section(text, START, END)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--projects", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--use-env-neo4j", action="store_true",
                    help="use NEO4J_URI instead of a server of our own (its database is CLEARED)")
    a = ap.parse_args()
    res = run(a.projects, a.runs, a.use_env_neo4j)
    print(f"wrote {common.save('neo4j_analyze', res)}")
    render(res)


if __name__ == "__main__":
    main()
