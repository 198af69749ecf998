"""Every performance benchmark, then our sections of RESULTS.md and README.md rewritten.

    python benchmarks/run_all.py                  # the full run (about 15-20 minutes on 2 cores)
    python benchmarks/run_all.py --quick          # smaller sizes and fewer runs (a few minutes)
    python benchmarks/run_all.py --baseline 1f664b0   # also measure that commit's embedded path
    python benchmarks/run_all.py --render-only    # rewrite the sections from the last results

Steps (each script also runs alone; all write benchmarks/data/results/*.json):

1. ``embedded.py``: read + validate + analyze (2 workers) vs ``pandas.read_csv``, peak RSS, per-row growth;
2. ``neo4j_load.py``: ``Neo4jStore.load`` at several batch sizes, with and without neo4j-rust-ext, vs
   a naive one-transaction-per-row loop and vs server-side LOAD CSV;
3. ``neo4j_project.py``: a project's report from Neo4j (read + analyze + render), 100 projects;
4. ``hotspots.py``: the functions that take the most time now (cProfile);
5. ``explore_bench.py``: entity pages of ``graphchain serve --neo4j`` on the 5,000-project database
   (its own ``<!-- explore_bench -->`` section of RESULTS.md);
6. ``big_project.py``: report, graph page, export and analyze of ONE project with 5,000 to 200,000
   workers (``--quick``: 5,000 and 20,000), each in a fresh process; its own section of RESULTS.md.

One Neo4j of the benchmarks' own serves steps 2, 3 and 5 (scripts/neo4j-local, run directory
benchmarks/data/neo4j-run, heap 2g and page cache 1g unless GRAPHCHAIN_BENCH_NEO4J_HEAP /
GRAPHCHAIN_BENCH_NEO4J_PAGECACHE say otherwise); it is stopped at the end. RESULTS.md: only the
part between ``<!-- perf -->`` and ``<!-- /perf -->`` is replaced; README.md: only ``## Benchmarks``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import big_project  # noqa: E402
import common  # noqa: E402
import embedded  # noqa: E402
import explore_bench  # noqa: E402
import hotspots  # noqa: E402
import neo4j_load  # noqa: E402
import neo4j_project  # noqa: E402

GOALS = {
    "ratio": 8.0,          # analyze (read + validate + analyze, 2 workers) / pandas.read_csv, at most (issue 12)
    "growth": 1.1,         # time per row at 5,000 projects / at 500, at most (issue 12)
    "vs_naive": 20.0,      # loader rows/s / naive rows/s, at least
    "vs_load_csv": 0.5,    # loader rows/s / LOAD CSV rows/s, at least
    "report_median": 1.0,  # seconds per project report from Neo4j, median, at most
    "rss_gb": 2.0,         # peak RSS of analyze at 20,000 projects, GB, at most (issue 12)
}


def baseline_checkout(rev: str) -> Path:
    """``git archive rev`` unpacked under benchmarks/data (gitignored)."""
    sha = subprocess.run(["git", "rev-parse", "--short", rev], cwd=common.ROOT, capture_output=True, text=True,
                         check=True).stdout.strip()
    out = common.DATA / f"baseline-{sha}"
    if not (out / "graphchain").exists():
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", sha], cwd=common.ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(out)], input=archive, check=True)
    return out


def measure(quick: bool, baseline: str | None) -> None:
    t0 = time.perf_counter()
    mode = "quick" if quick else "full"
    if quick:
        emb = embedded.run([500, 5000], runs=3, big_runs=1) | {"mode": mode}
    else:
        emb = embedded.run([500, 5000, 20000], runs=3, big_runs=1) | {"mode": mode}
    common.save("embedded", emb)
    if baseline:
        code = baseline_checkout(baseline)
        base = embedded.run([500, 5000], runs=3 if not quick else 1, big_runs=1, code=str(code))
        common.save("embedded-baseline", base | {"rev": code.name.removeprefix("baseline-"), "mode": mode})
    with common.neo4j_server() as srv:
        if quick:
            load = neo4j_load.run([500], runs=1, sample=2000, srv=srv)
            proj = neo4j_project.run(500, 50, srv=srv)
            explore = explore_bench.run(500, 15, srv=srv)
        else:
            load = neo4j_load.run([500, 5000], runs=3, sample=5000, srv=srv)
            proj = neo4j_project.run(5000, 100, srv=srv)
            explore = explore_bench.run(5000, 50, srv=srv)
    common.save("neo4j_load", load | {"mode": mode})
    common.save("neo4j_project", proj | {"mode": mode})
    common.save("explore_bench", explore | {"mode": mode})
    hot = common.run_json([str(Path(hotspots.__file__).resolve()), "--projects", "5000" if not quick else "500",
                           "--top", "12", "--json"])
    common.save("hotspots", hot | {"projects": 5000 if not quick else 500, "mode": mode})
    big = big_project.run([5000, 20000] if quick else big_project.SIZES)
    common.save("big_project", big | {"mode": mode})
    print(f"all benchmarks done in {time.perf_counter() - t0:.0f} s", file=sys.stderr)


# ------------------------------------------------------------------ rendering
def _n(x: float, d: int = 0) -> str:
    return f"{x:,.{d}f}"


def _ok(good: bool | None) -> str:
    return "—" if good is None else ("yes" if good else "**no**")


def _machine_line(m: dict, srv: dict | None) -> str:
    rust = f" + neo4j-rust-ext {m['neo4j_rust_ext']}" if m.get("neo4j_rust_ext") else " (no neo4j-rust-ext)"
    line = (f"{m['cores']} cores, {m['ram_gib']} GiB RAM, {m['cpu']}, {m['os']}; Python {m['python']}, "
            f"pandas {m['pandas']} (pyarrow {'not installed' if not m.get('pyarrow') else m['pyarrow']}), "
            f"numpy {m['numpy']}, networkx {m['networkx']}, neo4j driver {m['neo4j_driver']}{rust}")
    if srv:
        line += (f"; Neo4j {srv.get('neo4j', '?')} {srv.get('edition', '')}, heap "
                 f"{srv.get('heap_max_mib', '?')} MiB, page cache {srv.get('server.memory.pagecache.size', '?')}")
    return line


def goals_table(emb: dict | None, load: dict | None, proj: dict | None) -> tuple[list[str], list[dict]]:
    """Markdown rows of the goals table, and the same as data (for README)."""
    rows: list[dict] = []
    if emb:
        sz = emb["sizes"]
        ratios = {int(n): s["ratio"] for n, s in sz.items()}
        worst = max(ratios.values())
        rows.append({"what": "`graphchain analyze BUNDLE` ÷ `pandas.read_csv` of the same files",
                     "goal": f"≤ {GOALS['ratio']:g}×",
                     "got": ", ".join(f"{_n(r, 1)}× ({n:,} projects)" for n, r in sorted(ratios.items())),
                     "met": worst <= GOALS["ratio"]})
        if "growth_500_5000" in emb:
            g = emb["growth_500_5000"]
            rows.append({"what": "time per row, 5,000 ÷ 500 projects", "goal": f"≤ {GOALS['growth']:g}",
                         "got": _n(g, 2), "met": g <= GOALS["growth"]})
        big = sz.get("20000")
        if big:
            gb = big["rss_peak_mb"] * 1024 * 1024 / 1e9
            worker = big.get("rss_worker_peak_mb") or 0
            pss = big.get("pss_tree_peak_mb")  # every process together (forked workers share pages)
            total = pss * 1024 * 1024 / 1e9 if pss else gb
            rows.append({"what": "peak RSS of analyze, 20,000 projects", "goal": f"≤ {GOALS['rss_gb']:g} GB",
                         "got": f"{gb:.2f} GB ({_n(big['rss_peak_mb'])} MiB)"
                         + (f"; largest worker {_n(worker)} MiB" if worker else "")
                         + (f"; all processes together (PSS) {total:.2f} GB" if pss else ""),
                         "met": max(gb, total) <= GOALS["rss_gb"]})
    if load:
        for n, s in sorted(load["sizes"].items(), key=lambda kv: int(kv[0])):
            rows.append({"what": f"Neo4j loader ÷ naive one-transaction-per-row ({int(n):,} projects)",
                         "goal": f"≥ {GOALS['vs_naive']:g}×", "got": f"{_n(s['vs_naive'], 0)}×",
                         "met": s["vs_naive"] >= GOALS["vs_naive"]})
            rows.append({"what": f"Neo4j loader ÷ server-side LOAD CSV ({int(n):,} projects)",
                         "goal": f"≥ {GOALS['vs_load_csv']:g}×", "got": f"{_n(s['vs_load_csv'], 2)}×",
                         "met": s["vs_load_csv"] >= GOALS["vs_load_csv"]})
    if proj:
        t = proj["total"]
        rows.append({"what": f"one project's report from Neo4j ({proj['bundle_projects']:,}-project database)",
                     "goal": f"median ≤ {GOALS['report_median']:g} s",
                     "got": f"median {_n(t['median'] * 1000)} ms, p90 {_n(t['p90'] * 1000)} ms",
                     "met": t["median"] <= GOALS["report_median"]})
    md = ["| figure | goal | measured | met |", "|---|---|---|---|"]
    md += [f"| {r['what']} | {r['goal']} | {r['got']} | {_ok(r['met'])} |" for r in rows]
    return md, rows


def render() -> None:
    emb, base = common.load("embedded"), common.load("embedded-baseline")
    load, proj, hot = common.load("neo4j_load"), common.load("neo4j_project"), common.load("hotspots")
    srv = None
    if load and load.get("sizes"):
        srv = next(iter(load["sizes"].values())).get("server")
    elif proj:
        srv = proj.get("server")
    m = (emb or load or proj or {}).get("machine")
    out = ["## Performance (`benchmarks/run_all.py`)", ""]
    if m:
        mode = (emb or {}).get("mode", "full")
        out += [f"Run {m['date']}{' (--quick)' if mode == 'quick' else ''}: `python benchmarks/run_all.py"
                f"{' --quick' if mode == 'quick' else ''}`. Machine: {_machine_line(m, srv)}.",
                "The machine is shared and noisy: every figure is a median of several runs unless said otherwise, "
                "and each ratio compares runs made side by side (the baseline and graphchain alternate, one fresh "
                "process each).", ""]
    md, _ = goals_table(emb, load, proj)
    out += ["### Goals", "", *md, ""]
    if emb:
        out += _embedded_section(emb, base, common.load("embedded-1worker"))
    if load:
        out += _load_section(load)
    if proj:
        out += _project_section(proj)
    if emb:
        out += _memory_section(emb)
    out += _hotspot_section(hot)
    common.write_results_section("\n".join(out))
    _readme(emb, load, proj)
    if explore := common.load("explore_bench"):
        explore_bench.write_section(explore)
    if big := common.load("big_project"):
        common.write_results_section(big_project.render(big), big_project.START, big_project.END)


def _embedded_section(emb: dict, base: dict | None, one: dict | None = None) -> list[str]:
    workers = emb.get("workers", 2)
    out = ["### 1. Embedded path (`benchmarks/embedded.py`)", "",
           "What `graphchain analyze BUNDLE` costs: `read_bundle` (read, type and validate every cell), then "
           f"`analyze_bundle(b, workers={workers})` — each chunk of projects built into its own small graph and "
           "analysed (every rule, chain, liability and money table) in a pool of processes, the rings once, the "
           "whole graph never built — each size in a fresh process. Baseline: `pandas.read_csv(file)` of the same "
           "seven files, nothing else (with `dtype=object, keep_default_na=False`, as graphchain reads them: in "
           "parentheses).", "",
           "| projects | rows | runs | `pandas.read_csv` s | read + validate s | analyze s | total s "
           "| ÷ `read_csv` | peak RSS MiB | all processes' PSS MiB |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, s in sorted(emb["sizes"].items(), key=lambda kv: int(kv[0])):
        out.append(f"| {int(n):,} | {s['rows']:,} | {s['runs']} | {s['pandas']:.2f} ({s['pandas_str']:.2f}) "
                   f"| {s['read']:.2f} | {s['analyze']:.2f} | {s['total']:.2f} "
                   f"| {s['ratio']:.1f}× ({s['ratio_str']:.1f}×) | {_n(s['rss_peak_mb'])} "
                   f"| {_n(s['pss_tree_peak_mb']) if 'pss_tree_peak_mb' in s else '—'} |")
    notes = []
    if "growth_500_5000" in emb:
        s5, s50 = emb["sizes"]["500"], emb["sizes"]["5000"]
        notes.append(f"Per-row cost: {1e6 * s5['total'] / s5['rows']:.1f} µs at 500 projects, "
                     f"{1e6 * s50['total'] / s50['rows']:.1f} µs at 5,000: growth "
                     f"{emb['growth_500_5000']:.2f} (goal ≤ {GOALS['growth']:g}).")
    big = emb["sizes"].get("20000")
    if big and big["runs"] == 1:
        notes.append("20,000 projects: one run (about a minute), and one run of its `pandas.read_csv` baseline.")
    for n, s in emb["sizes"].items():
        notes.append(f"{int(n):,} projects: {s['findings']:,} findings, {s['liability']:,} liability entries, "
                     f"{s['rings']} rings.")
    if one:  # the same sizes with --workers 1, measured just after (`embedded.py --workers 1`)
        for n, s in sorted(one["sizes"].items(), key=lambda kv: int(kv[0])):
            two = emb["sizes"].get(n)
            if two:
                notes.append(f"{int(n):,} projects with 1 worker: total {s['total']:.2f} s, {s['ratio']:.1f}× "
                             f"`read_csv`, peak {_n(s['rss_peak_mb'])} MiB; {emb.get('workers', 2)} workers: "
                             f"{s['total'] / two['total']:.2f}× faster (the same document, tested).")
    out += [""] + [f"- {x}" for x in notes] + [""]
    if base:
        out += [f"Before this work (commit {base.get('rev', '?')}, the same bundles on the same machine, measured "
                f"{base['machine']['date']} by `run_all.py --baseline`):", "",
                "| projects | read + validate s | build + analyze s | total s | ÷ `read_csv` | peak RSS MiB "
                "| speed-up |", "|---:|---:|---:|---:|---:|---:|---:|"]
        for n, b in sorted(base["sizes"].items(), key=lambda kv: int(kv[0])):
            now = emb["sizes"].get(n)
            up = f"{b['total'] / now['total']:.1f}×" if now else "—"
            out.append(f"| {int(n):,} | {b['read']:.2f} | {b.get('build', 0) + b['analyze']:.2f} | {b['total']:.2f} "
                       f"| {b['ratio']:.1f}× | {_n(b['rss_peak_mb'])} | {up} |")
        if "growth_500_5000" in base:
            out.append("")
            out.append(f"Per-row growth then: {base['growth_500_5000']:.2f}.")
        out.append("")
    return out


def _load_section(load: dict) -> list[str]:
    out = ["### 2. Loading Neo4j (`benchmarks/neo4j_load.py`)", "",
           "Same bundle, same server, same run; the database cleared before every variant, a first load to warm "
           "the server up. Rows/s: bundle rows (CSV data rows) per second of the whole load. The loader's time "
           "includes turning the read bundle into graph records; LOAD CSV reads the files on the server and "
           "validates nothing.", ""]
    for n, s in sorted(load["sizes"].items(), key=lambda kv: int(kv[0])):
        nv = s["naive"]
        out += [f"**{int(n):,} projects** ({s['rows']:,} rows; median of {s['runs']} run(s) per variant):", "",
                "| variant | s | rows/s | ÷ naive | ÷ LOAD CSV |", "|---|---:|---:|---:|---:|"]
        for b, r in sorted(s["loader"].items(), key=lambda kv: int(kv[0])):
            mark = " (default)" if int(b) == s["default_batch"] else ""
            out.append(f"| `Neo4jStore.load`, batch {int(b):,}{mark} | {r['seconds']:.1f} | {_n(r['rows_per_s'])} "
                       f"| {r['rows_per_s'] / nv['rows_per_s']:.0f}× "
                       f"| {r['rows_per_s'] / s['load_csv']['rows_per_s']:.2f}× |")
        r = s["loader_no_rust"]
        out.append(f"| `Neo4jStore.load`, batch {r['batch']:,}, without neo4j-rust-ext | {r['seconds']:.1f} "
                   f"| {_n(r['rows_per_s'])} | {r['rows_per_s'] / nv['rows_per_s']:.0f}× "
                   f"| {r['rows_per_s'] / s['load_csv']['rows_per_s']:.2f}× |")
        lc = s["load_csv"]
        out.append(f"| server-side `LOAD CSV` (`benchmarks/load_csv.cypher`) | {lc['seconds']:.1f} "
                   f"| {_n(lc['rows_per_s'])} | {lc['rows_per_s'] / nv['rows_per_s']:.0f}× | 1.00× |")
        out.append(f"| naive: one transaction per row (extrapolated) | {nv['extrapolated_seconds']:.0f} "
                   f"| {_n(nv['rows_per_s'])} | 1× | {nv['rows_per_s'] / lc['rows_per_s']:.3f}× |")
        d = s["loader"][str(s["default_batch"])]
        notes = [f"Naive loop: really run on a seeded random sample of {nv['sample']:,} rows ({nv['sample_nodes']:,} "
                 f"node rows on the empty database, then {nv['sample_edges']:,} relationship rows with every node "
                 f"in place): {nv['ms_per_node_row']:.2f} ms per node row, {nv['ms_per_edge_row']:.2f} ms per "
                 f"relationship row, extrapolated to the bundle's {nv['records']:,} graph records.",
                 f"Idempotency: loading the same bundle again leaves {d['counts_after_reload'][0]:,} nodes and "
                 f"{d['counts_after_reload'][1]:,} relationships "
                 f"({'unchanged' if d.get('idempotent') else '**changed**'}); the reload (every MERGE finds its "
                 f"match) took {d['reload_seconds']:.1f} s.",
                 f"Client CPU of the default load: {d['client_cpu']:.1f} s with neo4j-rust-ext, "
                 f"{s['loader_no_rust'].get('client_cpu', float('nan')):.1f} s without: the server does the rest.",
                 f"Fastest batch size here: {s['best_batch']:,} (default {s['default_batch']:,})."]
        if "same_graph_as_graphchain" in lc:
            notes.append("LOAD CSV result equal to graphchain's embedded graph (every node, relationship and "
                         f"property): {'yes' if lc['same_graph_as_graphchain'] else '**no**'}.")
        out += [""] + [f"- {x}" for x in notes] + [""]
    return out


def _project_section(proj: dict) -> list[str]:
    out = ["### 3. A project's report from Neo4j (`benchmarks/neo4j_project.py`)", "",
           f"The {proj['bundle_projects']:,}-project bundle loaded ({proj['rows']:,} rows in "
           f"{proj['load_seconds']:.0f} s, {_n(proj['load_rows_per_s'])} rows/s); then {proj['sample']} projects "
           f"drawn at random (seed {proj['seed']}), each: `store.project_graph(pid)` + `analyze_graph(subgraph)` + "
           "`render_report(…, fmt=\"html\")`, as `graphchain report --neo4j URI --project P` does.", "",
           "| step | median ms | p90 ms | max ms |", "|---|---:|---:|---:|"]
    for key, label in (("read", "`project_graph` (one Cypher statement)"), ("analyze", "`analyze_graph`"),
                       ("render", "`render_report` (HTML)"), ("total", "**total**")):
        t = proj[key]
        out.append(f"| {label} | {t['median'] * 1000:.0f} | {t['p90'] * 1000:.0f} | {t['max'] * 1000:.0f} |")
    e = proj["edges"]
    out += ["", f"- Subgraph size: median {e['median']:.0f} relationships, p90 {e['p90']:.0f}, max {e['max']:.0f}.", ""]
    return out


def _memory_section(emb: dict) -> list[str]:
    out = ["### 4. Memory", "",
           "Peak RSS of the process (`ru_maxrss`): after `read_bundle`, and at the end of `analyze_bundle`; and the "
           "largest worker process's (forked: its pages are the parent's until it writes them, so it is not "
           "memory added to the parent's).",
           "", "| projects | rows | after read MiB | peak MiB | peak bytes per row | largest worker MiB |",
           "|---:|---:|---:|---:|---:|---:|"]
    for n, s in sorted(emb["sizes"].items(), key=lambda kv: int(kv[0])):
        out.append(f"| {int(n):,} | {s['rows']:,} | {_n(s['rss_read_mb'])} "
                   f"| {_n(s['rss_peak_mb'])} | {_n(s['rss_peak_mb'] * 1024 * 1024 / s['rows'])} "
                   f"| {_n(s.get('rss_worker_peak_mb', 0))} |")
    timed = [(n, s) for n, s in sorted(emb["sizes"].items(), key=lambda kv: int(kv[0])) if "cpu_sys" in s]
    if timed:
        out += ["", "CPU time of the whole process, user and kernel (the kernel's share is mostly page faults: "
                "fresh memory handed to the process):", "",
                "| projects | user s | µs user per row | kernel s | page faults |", "|---:|---:|---:|---:|---:|"]
        out += [f"| {int(n):,} | {s['cpu_user']:.1f} | {1e6 * s['cpu_user'] / s['rows']:.1f} | {s['cpu_sys']:.1f} "
                f"| {_n(s['page_faults'])} |" for n, s in timed]
    out += ["", "The tables are the memory: the whole graph (a Python dict per record in a NetworkX `MultiDiGraph`, "
            "about 1,400 bytes per row) is never built. The bundle stays in its typed tables; each chunk of up to "
            "250 projects becomes a small graph while it is analysed and is freed after; the rings read a graph of "
            "the claims, claimants and shared identifiers only, freed once they are found. The reader types each "
            "file as it reads it and frees the text frame before the next, and the C heap's free pages are given "
            "back after reading and after the rings (`malloc_trim`). What is left is the tables, then the findings "
            "document.", ""]
    return out


def _hotspot_section(hot: dict | None) -> list[str]:
    out = ["### 5. Hot spots found and fixed", "",
           "Profiled with cProfile and pyinstrument (`benchmarks/hotspots.py`). What was slow, and what it is now:",
           "",
           "- **Per-cell pandas access** when building the graph (`df.itertuples` + a dict per row over the "
           "frame's column Index): the tables are now turned into plain lists column by column and each record "
           "dict is filled column-wise (`model._records`).",
           "- **NetworkX method calls per edge**: `add_nodes_from` / `add_edges_from` copied every attribute dict; "
           "`build_graph` now writes the adjacency dicts directly and hands the record dicts to the graph "
           "(`model.add_records`; same graph, same order). Project subgraphs and the per-project contract graph "
           "are built the same way, and the analysis's subgraphs share the graph's attribute dicts instead of "
           "copying them (`project_subgraph(…, copy=False)`, the analyses only read).",
           "- **The garbage collector** re-scanning millions of new, acyclic objects while tables and graphs are "
           "built (a third of the build time): paused during `read_bundle`, `graph_records` and `build_graph` "
           "(`graphchain.util.paused_gc`); while a graph is analysed it is kept out of the collector's sight "
           "(`gc.freeze`) and young objects are collected every 10,000 allocations instead of 700 "
           "(`frozen_heap`, undone afterwards; about an eighth of the analysis time); the project subgraph ↔ view "
           "cycle is broken after each project so it is freed at once.",
           "- **Validation in Python per cell**: 身份证号 check digits and birth dates are checked on whole numpy "
           "arrays (`ids.valid_id_numbers`, the same answers as `is_valid_id_number`, tested on 30,000 generated "
           "numbers, valid and broken); cells are stripped with `map(str.strip)` and typed columns parse each "
           "distinct text once (plain amounts by a fast path); reference checks compare sets of distinct ids; the "
           "duplicate-id map is only built when there is a duplicate; shared identifiers are found with "
           "`Series.duplicated` before any Python loop; CSV files are parsed by pandas straight from disk (no "
           "decoded copy in memory).",
           "- **Repeated work per project**: the config was deep-copied for every project, the project's chains "
           "computed twice (findings and R-DEPTH), every worker's chains enumerated anew with "
           "`nx.all_simple_paths` (now one walk from the owner, cached), R-CYCLE ran Johnson's algorithm on every "
           "(acyclic) contract graph (now a colouring walk first), R-NAME-LENDING scanned every payment for every "
           "contract (now an index of payments by contract), and `_graph_counts` made a second pass over every "
           "edge (now counted in the indexing pass).",
           "- **Reading a project twice**: `graphchain report|graph --project P` fetched the subgraph (from Neo4j: "
           "one Cypher round trip) once for the report and again for its analysis; now once.",
           "- **Neo4j**: the loader's batches were already UNWIND … MERGE; batch sizes and the neo4j-rust-ext "
           "packstream extension measured above (the extension cuts the client's CPU time several-fold; the "
           "server's MERGE work is the rest). Also tried: the key inside the property map (`SET n = row.props` "
           "alone), within the noise, so the statements stay as they are.", ""]
    if hot:
        out += [f"Where the time goes now ({hot['projects']:,} projects, whole pipeline under cProfile, "
                f"{hot['total']:.1f} s there; own time, top {len(hot['top'])}):", "",
                "| own s | share | calls | function |", "|---:|---:|---:|---|"]
        for r in hot["top"]:
            out.append(f"| {r['own']:.2f} | {100 * r['own'] / hot['total']:.1f}% | {r['calls']:,} "
                       f"| `{r['function']}` {r['where']} |")
        out.append("")
    return out


def _readme(emb: dict | None, load: dict | None, proj: dict | None) -> None:
    _, rows = goals_table(emb, load, proj)
    if not rows:
        return
    m = (emb or load or proj)["machine"]
    body = [f"Measured by `python benchmarks/run_all.py` on {m['cores']} cores / {m['ram_gib']} GiB ({m['cpu']}, "
            f"Python {m['python']}, Neo4j 5.26), {m['date']}; details, methods and more figures in "
            "[benchmarks/RESULTS.md](benchmarks/RESULTS.md).", "",
            "| figure | goal | measured |", "|---|---|---|"]
    body += [f"| {r['what']} | {r['goal']} | {r['got']} |" for r in rows]
    if emb:
        sz = emb["sizes"]
        body += ["", f"Embedded analysis (`graphchain analyze BUNDLE`, read + validate + analyze, "
                 f"{emb.get('workers', 2)} workers): "
                 + "; ".join(f"{int(n):,} projects ({s['rows']:,} rows) {s['total']:.1f} s, peak "
                             f"{_n(s['rss_peak_mb'])} MiB" for n, s in sorted(sz.items(), key=lambda kv: int(kv[0])))
                 + "."]
    if load:
        s = load["sizes"][max(load["sizes"], key=int)]
        d = s["loader"][str(s["default_batch"])]
        body += ["", f"Loading Neo4j ({int(max(load['sizes'], key=int)):,} projects): {_n(d['rows_per_s'])} rows/s "
                 f"with the driver's Rust extension (neo4j-rust-ext, installed by default), "
                 f"{_n(s['loader_no_rust']['rows_per_s'])} "
                 "rows/s without."]
    common.write_readme_section("\n".join(body))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="500 and 5,000 projects only, fewer runs")
    ap.add_argument("--baseline", metavar="REV", help="also measure the embedded path of this git revision")
    ap.add_argument("--render-only", action="store_true", help="only rewrite RESULTS.md / README.md")
    ap.add_argument("--no-write", action="store_true", help="measure, keep the JSON, leave the .md files alone")
    a = ap.parse_args()
    if not a.render_only:
        measure(a.quick, a.baseline)
    if not a.no_write:
        render()
        print(f"wrote {common.RESULTS_MD} and the Benchmarks section of {common.README}", file=sys.stderr)


if __name__ == "__main__":
    main()
