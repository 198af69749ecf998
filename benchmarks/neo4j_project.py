"""From Neo4j: one project's report, as ``graphchain report --neo4j URI --project P`` makes it.

Loads the 5,000-project bundle (``Neo4jStore.load``), then for 100 projects drawn at random (seed 1)
times ``store.project_graph(pid)`` (the project's subgraph read back with one Cypher statement),
``analyze_graph`` of that subgraph (the findings document) and ``render_report`` (the HTML case
file), each project once, in one process. A few projects first, unreported, to warm up the server's
query plans and the Python side. Reports the median and p90 of the whole and of each step.
Results go to benchmarks/data/results/neo4j_project.json.

    python benchmarks/neo4j_project.py                    # 5,000 projects, 100 sampled, own Neo4j
    python benchmarks/neo4j_project.py --projects 500 --sample 50
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402


def child(path: Path, sample: int, seed: int, warmup: int = 5) -> dict:
    from graphchain.bundle import read_bundle
    from graphchain.findings import analyze_graph
    from graphchain.report import render_report
    from graphchain.store import Neo4jStore

    with Neo4jStore.connect() as store:
        store.clear()
        b = read_bundle(path)
        rows = sum(b.counts.values())
        t0 = time.perf_counter()
        store.load(b)
        load_s = time.perf_counter() - t0
        del b
        pids = store.project_ids()
        rng = random.Random(seed)
        chosen = rng.sample(pids, min(sample, len(pids)))
        warm = [p for p in pids if p not in set(chosen)][:warmup]
        per: list[dict] = []
        for i, pid in enumerate(warm + chosen):
            t0 = time.perf_counter()
            H = store.project_graph(pid)
            t1 = time.perf_counter()
            doc = analyze_graph(H)
            t2 = time.perf_counter()
            html = render_report(doc, H, pid, fmt="html")
            t3 = time.perf_counter()
            if i >= len(warm):
                per.append({"project": pid, "read": t1 - t0, "analyze": t2 - t1, "render": t3 - t2, "total": t3 - t0,
                            "nodes": H.number_of_nodes(), "edges": H.number_of_edges(), "html_bytes": len(html)})
        facts = common.server_facts(store)
    out = {"rows": rows, "load_seconds": load_s, "load_rows_per_s": rows / load_s, "projects": len(pids),
           "sample": len(per), "seed": seed, "server": facts, "per_project": per}
    for key in ("read", "analyze", "render", "total", "edges"):
        xs = [p[key] for p in per]
        out[key] = common.spread(xs)
    return out


def run(projects: int, sample: int, use_env: bool = False, srv: dict | None = None) -> dict:
    res = common.neo4j_child(str(Path(__file__).resolve()), projects, [str(sample)], srv, use_env)
    t = res["total"]
    print(f"{sample} projects of {projects}: median {t['median'] * 1000:.0f} ms, p90 {t['p90'] * 1000:.0f} ms",
          file=sys.stderr)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--projects", type=int, default=5000, help="bundle size (default 5,000 projects)")
    ap.add_argument("--sample", type=int, default=100, help="projects timed (default 100)")
    ap.add_argument("--use-env-neo4j", action="store_true",
                    help="use NEO4J_URI instead of a server of our own (its database is CLEARED)")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(Path(a.child[0]), int(a.child[1]), seed=1)))
        return
    print(f"wrote {common.save('neo4j_project', run(a.projects, a.sample, a.use_env_neo4j))}")


if __name__ == "__main__":
    main()
