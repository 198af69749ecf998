"""Loading a bundle into Neo4j: graphchain's loader against a naive driver loop and LOAD CSV.

Same bundle, same server, same run; the database is cleared before every variant, and a first
(unreported) load warms the server up. Every variant runs in a fresh Python process.

- ``loader``: ``Neo4jStore.load(bundle)`` (batched UNWIND … MERGE, cypher/load.cypher) at batch
  sizes 1k, 5k, 10k and 20k, with the ``neo4j-rust-ext`` driver extension and without it (the
  extension is hidden from the driver in that process); the time includes building the records
  from the read bundle, not reading the CSV files. Then the same load again: idempotency (the counts
  must not change) and the cost of a reload.
- ``naive``: one transaction per row (``store.run`` of the loader's own statement with a single
  row), on a seeded random sample of rows: node rows on the empty database, then, with every node in
  place, relationship rows. The whole load is extrapolated from the time per node row and per
  relationship row (said so in the results).
- ``load_csv``: server-side ``LOAD CSV`` of the same CSV files (benchmarks/load_csv.cypher) from the
  server's import directory; at 500 projects the resulting graph is compared with the embedded one.

Rows/s always means bundle rows (CSV data rows) per second of the whole load. Results go to
benchmarks/data/results/neo4j_load.json.

    python benchmarks/neo4j_load.py                 # 500 and 5,000 projects, its own Neo4j
    python benchmarks/neo4j_load.py --sizes 500 --runs 1
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

BATCHES = (1000, 5000, 10000, 20000)
LOAD_CSV = Path(__file__).resolve().parent / "load_csv.cypher"


def load_csv_statements() -> list[tuple[str, str]]:
    text = LOAD_CSV.read_text(encoding="utf-8")
    parts = re.split(r"^//\s*name:\s*(\S+)\s*$", text, flags=re.M)
    out = []
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        lines = [ln for ln in body.splitlines() if not ln.strip().startswith("//")]
        out.append((name, "\n".join(lines).strip().rstrip(";").strip()))
    return out


# ------------------------------------------------------------------ child processes
def _store():
    from graphchain.store import Neo4jStore

    return Neo4jStore.connect()


def child_loader(path: Path, batch: int, reload: bool, workers: int | None = None) -> dict:
    from graphchain.bundle import read_bundle
    from graphchain.model import graph_records

    b = read_bundle(path)
    rows = sum(b.counts.values())
    with _store() as store:
        store.clear()
        c0, t0 = time.process_time(), time.perf_counter()
        kw = {} if workers is None else {"workers": workers}
        counts = store.load_records(graph_records(b), b.source, batch, **kw)
        t1, c1 = time.perf_counter(), time.process_time()
        out = {"rows": rows, "records": sum(counts.values()), "seconds": t1 - t0, "client_cpu": c1 - c0,
               "rows_per_s": rows / (t1 - t0), "counts": list(store.counts())}
        if reload:
            t2 = time.perf_counter()
            store.load(b, batch_size=batch)
            out["reload_seconds"] = time.perf_counter() - t2
            out["counts_after_reload"] = list(store.counts())
            out["idempotent"] = out["counts_after_reload"] == out["counts"]
        from graphchain.store import neo4j as mod

        out["rust_ext"] = _rust_active()
        out["default_batch"] = mod.BATCH
        out["server"] = common.server_facts(store)
    return out


def _rust_active() -> bool:
    from neo4j._codec.packstream import v1

    return getattr(v1, "_rust_pack", None) is not None


def child_naive(path: Path, sample: int, seed: int) -> dict:
    from graphchain.bundle import read_bundle
    from graphchain.cypher import statement
    from graphchain.model import graph_records

    b = read_bundle(path)
    rows = sum(b.counts.values())
    rec = graph_records(b)
    nodes = [(label, k, p) for label, items in rec.nodes.items() for k, p in items]
    edges = [(rel, u, v, k, p) for rel, items in rec.edges.items() for u, v, k, p in items]
    rng = random.Random(seed)
    n_nodes = max(1, round(sample * len(nodes) / (len(nodes) + len(edges))))
    node_sample = rng.sample(nodes, n_nodes)
    edge_sample = rng.sample(edges, sample - n_nodes)
    with _store() as store:
        store.clear()
        t0 = time.perf_counter()
        for label, k, p in node_sample:  # one transaction per row
            store.run(statement("load", "node", label=label), rows=[{"key": k, "props": p}], load=1, run=1)
        t_nodes = time.perf_counter() - t0
        store.clear()
        store.load_records(type(rec)(rec.nodes, {}), path.name)  # every node, so relationships find both ends
        t1 = time.perf_counter()
        for rel, u, v, k, p in edge_sample:
            store.run(statement("load", "rel", rel=rel), rows=[{"u": u, "v": v, "key": k, "props": p}],
                      load=1, run=1)
        t_edges = time.perf_counter() - t1
        store.clear()
    per_node, per_edge = t_nodes / len(node_sample), t_edges / len(edge_sample)
    whole = per_node * len(nodes) + per_edge * len(edges)
    return {"rows": rows, "records": len(nodes) + len(edges), "sample": sample, "sample_nodes": len(node_sample),
            "sample_edges": len(edge_sample), "ms_per_node_row": 1000 * per_node, "ms_per_edge_row": 1000 * per_edge,
            "sample_seconds": t_nodes + t_edges, "extrapolated_seconds": whole, "rows_per_s": rows / whole,
            "rust_ext": _rust_active()}


def child_load_csv(path: Path, compare: bool) -> dict:
    from graphchain.bundle import read_bundle

    rows = common.bundle_rows(path)
    base = f"file:///{path.name}/"
    steps = {}
    with _store() as store:
        store.clear()
        store.ensure_schema()
        t0 = time.perf_counter()
        with store.driver.session(database=store.database) as s:
            for name, q in load_csv_statements():
                t = time.perf_counter()
                s.run(q, base=base).consume()
                steps[name] = time.perf_counter() - t
        seconds = time.perf_counter() - t0
        out = {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds, "steps": steps,
               "counts": list(store.counts())}
        if compare:
            from graphchain.model import build_graph

            G = build_graph(read_bundle(path))
            H = store.graph()
            same_nodes = dict(G.nodes(data=True)) == dict(H.nodes(data=True))
            same_edges = ({(u, v, k): d for u, v, k, d in G.edges(keys=True, data=True)}
                          == {(u, v, k): d for u, v, k, d in H.edges(keys=True, data=True)})
            out["same_graph_as_graphchain"] = same_nodes and same_edges
    return out


# ------------------------------------------------------------------ orchestration
def run(sizes: list[int], runs: int, sample: int, use_env: bool = False, srv: dict | None = None) -> dict:
    here = str(Path(__file__).resolve())
    out: dict = {"machine": common.machine(), "sizes": {}, "sample": sample}
    with common.server(srv, use_env) as srv:
        env = common.neo4j_env(srv)
        norust = {**env, "GRAPHCHAIN_BENCH_NO_RUST": "1"}
        out["server_started"] = {k: srv[k] for k in ("own", "heap", "pagecache")}

        def child(*args: str, e: dict = env) -> dict:
            return common.run_json([here, "--child", *args], e)

        for n in sizes:
            path = common.bundle_path(n)
            k = runs if n < 5000 else 1
            res: dict = {"projects": n, "bundle": path.name, "runs": k}
            print(f"{n} projects: warm-up load", file=sys.stderr, flush=True)
            warm = child("loader", str(path), "5000")
            res["rows"], res["server"] = warm["rows"], warm["server"]
            res["loader"] = {}
            for batch in BATCHES:
                rs = [child("loader", str(path), str(batch), *(["reload"] if i == 0 else [])) for i in range(k)]
                res["loader"][str(batch)] = _summ(rs)
                print(f"  loader batch {batch}: {res['loader'][str(batch)]['rows_per_s']:.0f} rows/s", file=sys.stderr,
                      flush=True)
            default = str(warm["default_batch"])
            rs = [child("loader", str(path), default, e=norust) for _ in range(k)]
            res["loader_no_rust"] = _summ(rs) | {"batch": int(default)}
            print(f"  loader without rust ext: {res['loader_no_rust']['rows_per_s']:.0f} rows/s", file=sys.stderr,
                  flush=True)
            rs = [child("load_csv", str(path), *(["compare"] if (n <= 500 and i == 0) else [])) for i in range(k)]
            res["load_csv"] = _summ(rs)
            print(f"  LOAD CSV: {res['load_csv']['rows_per_s']:.0f} rows/s", file=sys.stderr, flush=True)
            if srv["import_dir"] is None:
                res["load_csv"]["note"] = "server not ours: its import directory is assumed to hold the bundle"
            res["naive"] = child("naive", str(path), str(sample))
            print(f"  naive (sample {sample}): {res['naive']['rows_per_s']:.0f} rows/s", file=sys.stderr, flush=True)
            best = max(res["loader"], key=lambda b: res["loader"][b]["rows_per_s"])
            res["best_batch"] = int(best)
            res["default_batch"] = int(default)
            dflt = res["loader"][default]["rows_per_s"]
            res["vs_naive"] = dflt / res["naive"]["rows_per_s"]
            res["vs_load_csv"] = dflt / res["load_csv"]["rows_per_s"]
            out["sizes"][str(n)] = res
            common.save("neo4j_load", out)  # partial results survive an interrupted run
    return out


def _summ(rs: list[dict]) -> dict:
    """Medians of the runs (seconds, rows/s) plus the first run's extras (reload, idempotency, counts)."""
    first = {k: v for k, v in rs[0].items() if k not in ("seconds", "rows_per_s", "client_cpu")}
    return first | {"seconds": common.median([r["seconds"] for r in rs]),
                    "rows_per_s": common.median([r["rows_per_s"] for r in rs]),
                    **({"client_cpu": common.median([r["client_cpu"] for r in rs])} if "client_cpu" in rs[0] else {}),
                    "runs_rows_per_s": [r["rows_per_s"] for r in rs]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 5000])
    ap.add_argument("--runs", type=int, default=3, help="runs per variant below 5,000 projects (default 3; 1 above)")
    ap.add_argument("--sample", type=int, default=5000, help="rows the naive loop really writes (default 5,000)")
    ap.add_argument("--use-env-neo4j", action="store_true",
                    help="use NEO4J_URI instead of a server of our own (its database is CLEARED)")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        what, path, *rest = a.child
        if what == "loader":
            w = [int(x.split("=")[1]) for x in rest if x.startswith("workers=")]
            r = child_loader(Path(path), int(rest[0]), "reload" in rest, w[0] if w else None)
        elif what == "naive":
            r = child_naive(Path(path), int(rest[0]), seed=1)
        else:
            r = child_load_csv(Path(path), "compare" in rest)
        print(json.dumps(r))
        return
    print(f"wrote {common.save('neo4j_load', run(a.sizes, a.runs, a.sample, a.use_env_neo4j))}")


if __name__ == "__main__":
    if os.environ.get("GRAPHCHAIN_BENCH_NO_RUST"):
        sys.modules["neo4j._rust"] = None  # the driver falls back to its pure-Python packstream
    main()
