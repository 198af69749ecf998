"""The local explorer from Neo4j: how long opening an entity page takes on a 5,000-project database.

Loads the 5,000-project synth bundle into Neo4j (``Neo4jStore.load``), then — as ``graphchain serve
--neo4j URI`` does — makes an explorer on the database (nothing read at start: the time to the first
page is reported) and opens pages through the server's own request handler (``App.call``: routing,
reads by key, the per-project analysis, the HTML), in a shuffled order (seed 1): party pages, person
pages, project pages and ring pages drawn at random; then a few searches. The rings are found once, on
the first ring page (the claims graph is read then); that one-off cost is reported apart and the page
times after it.
A few pages first, untimed, warm up the server's query plans. Goal: median ≤ 300 ms over all pages.
Results: benchmarks/data/results/explore_bench.json and the ``<!-- explore_bench -->`` section of
RESULTS.md.

    python benchmarks/explore_bench.py                       # 5,000 projects, own Neo4j
    python benchmarks/explore_bench.py --projects 500 --sample 20 --no-write
    python benchmarks/explore_bench.py --use-env-neo4j       # NEO4J_URI (its database is CLEARED)
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

START, END = "<!-- explore_bench -->", "<!-- /explore_bench -->"
GOAL_MS = 300.0
KINDS = ("party", "person", "project", "ring")


def _ids(path: Path, table: str, column: str, where: tuple[str, str] | None = None) -> list[str]:
    with (path / f"{table}.csv").open(encoding="utf-8") as f:
        return [r[column] for r in csv.DictReader(f) if where is None or r[where[0]] == where[1]]


def child(path: Path, sample: int, seed: int, warmup: int = 5) -> dict:
    from graphchain.bundle import read_bundle
    from graphchain.explore import Explorer
    from graphchain.serve import App
    from graphchain.store import Neo4jStore

    rng = random.Random(seed)
    with Neo4jStore.connect() as store:
        store.clear()
        b = read_bundle(path)
        rows = sum(b.counts.values())
        t0 = time.perf_counter()
        store.load(b)
        load_s = time.perf_counter() - t0
        del b
        # persons that claimed or are employed somewhere: a random person with a page worth opening
        parties, projects = _ids(path, "parties", "party_id"), _ids(path, "projects", "project_id")
        persons = sorted(set(_ids(path, "employment", "person_id")) | set(_ids(path, "claims", "claimant_id")))
        t0 = time.perf_counter()
        app = App(Explorer.neo4j(store), port=1)
        status, _, _ = app.call("GET", "/", host="127.0.0.1:1")
        first_page = time.perf_counter() - t0
        assert status == "200 OK"
        t0 = time.perf_counter()
        rings = app.ctx.ex.rings()
        rings_once = time.perf_counter() - t0
        plan = ([("party", p) for p in rng.sample(parties, min(sample, len(parties)))]
                + [("person", p) for p in rng.sample(persons, min(sample, len(persons)))]
                + [("project", p) for p in rng.sample(projects, min(sample, len(projects)))]
                + [("ring", r["ring_id"]) for r in rng.sample(rings, min(sample, len(rings)))])
        rng.shuffle(plan)
        route = {"party": "/party/", "person": "/party/", "project": "/project/", "ring": "/ring/"}
        warm = [("project", p) for p in projects[:warmup]] + [("party", p) for p in parties[:warmup]]
        per: list[dict] = []
        for i, (kind, key) in enumerate(warm + plan):
            t0 = time.perf_counter()
            status, _, body = app.call("GET", route[kind] + key, host="127.0.0.1:1")
            dt = time.perf_counter() - t0
            assert status == "200 OK", (kind, key, status, body[:200])
            if i >= len(warm):
                per.append({"kind": kind, "key": key, "seconds": dt, "bytes": len(body)})
        # search: candidates from the full-text index, scored as on the embedded graph
        names = _ids(path, "parties", "name")
        searches = []
        for q in [rng.choice(names)[:-1] + "某" for _ in range(6)]:  # a misspelt company name
            t0 = time.perf_counter()
            status, _, _ = app.call("GET", "/search", f"q={quote(q)}", host="127.0.0.1:1")
            searches.append(time.perf_counter() - t0)
            assert status == "200 OK"
        facts = common.server_facts(store)
    out = {"rows": rows, "load_seconds": load_s, "projects": len(projects), "sample": sample, "seed": seed,
           "first_page_seconds": first_page, "rings_once_seconds": rings_once, "rings": len(rings), "server": facts,
           "first_search_seconds": searches[0], "search_median_seconds": common.median(searches[1:]), "pages": per}
    for kind in (*KINDS, "all"):
        xs = [p["seconds"] for p in per if kind in ("all", p["kind"])]
        if xs:
            out[kind] = {"n": len(xs)} | common.spread(xs)
    return out


def run(projects: int, sample: int, use_env: bool = False, srv: dict | None = None) -> dict:
    res = common.neo4j_child(str(Path(__file__).resolve()), projects, [str(sample)], srv, use_env)
    a = res["all"]
    print(f"{a['n']} pages on {projects} projects: median {a['median'] * 1000:.0f} ms, p90 {a['p90'] * 1000:.0f} ms",
          file=sys.stderr)
    return res


def section(res: dict) -> str:
    """The ``explore_bench`` section of RESULTS.md."""
    m = res["machine"]
    srv = res.get("server", {})
    started = res.get("server_started", {})
    a = res["all"]
    heap = f"{srv['heap_max_mib']} MiB" if srv.get("heap_max_mib") else "?"
    ok = "✅" if a["median"] * 1000 <= GOAL_MS else "❌"
    lines = [
        "## The local explorer from Neo4j (`benchmarks/explore_bench.py`)", "",
        f"`graphchain serve --neo4j` on a {res['projects']:,}-project database ({res['rows']:,} rows, loaded in "
        f"{res['load_seconds']:.0f} s): entity pages opened through the server's request handler (routing, reads by "
        f"key, the project's analysis, the HTML), {a['n']} pages in a shuffled order (seed {res['seed']}). "
        f"Neo4j {srv.get('neo4j', '?')} {srv.get('edition', '')}, heap {started.get('heap') or heap}, "
        f"page cache {started.get('pagecache') or srv.get('server.memory.pagecache.size', '?')}"
        f"{'' if started.get('own') else ' (a server given by NEO4J_URI)'}; {m.get('cores', '?')} cores, "
        f"Python {m.get('python', '?')}.", "",
        f"Start to the first page (nothing read at start): **{res['first_page_seconds'] * 1000:.0f} ms**. "
        f"Rings found once, on the first ring page (the claims graph read then): {res['rings_once_seconds']:.1f} s "
        f"({res['rings']} rings). Search (a misspelt company name; candidates from the explorer's full-text "
        f"index, created when it starts): the first {res['first_search_seconds']:.1f} s, the next ones "
        f"{res['search_median_seconds'] * 1000:.0f} ms (median).", "",
        "| pages | n | median | p90 | max |", "|---|---:|---:|---:|---:|",
    ]
    for kind in (*KINDS, "all"):
        if kind in res:
            x = res[kind]
            lines.append(f"| {kind} | {x['n']} | {x['median'] * 1000:.0f} ms | {x['p90'] * 1000:.0f} ms | "
                         f"{x['max'] * 1000:.0f} ms |")
    lines += ["", f"Goal: median ≤ {GOAL_MS:.0f} ms over all pages — {ok} {a['median'] * 1000:.0f} ms.", ""]
    return "\n".join(lines)


def write_section(res: dict) -> None:
    text = common.RESULTS_MD.read_text(encoding="utf-8")
    body = section(res)
    if START in text:
        text = common.replace_between(text, START, END, body)
    else:
        text = text.rstrip("\n") + f"\n\n{START}\n{body}\n{END}\n"
    common.RESULTS_MD.write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--projects", type=int, default=5000, help="bundle size (default 5,000 projects)")
    ap.add_argument("--sample", type=int, default=50, help="pages per kind (default 50)")
    ap.add_argument("--use-env-neo4j", action="store_true",
                    help="use NEO4J_URI instead of a server of our own (its database is CLEARED)")
    ap.add_argument("--no-write", action="store_true", help="keep the JSON, leave RESULTS.md alone")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(Path(a.child[0]), int(a.child[1]), seed=1)))
        return
    res = run(a.projects, a.sample, a.use_env_neo4j)
    print(f"wrote {common.save('explore_bench', res)}")
    if not a.no_write:
        write_section(res)
        print(f"wrote the explore_bench section of {common.RESULTS_MD}", file=sys.stderr)


if __name__ == "__main__":
    main()
