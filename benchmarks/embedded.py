"""The embedded path: what ``graphchain analyze BUNDLE`` costs, against merely reading the CSVs.

For synth bundles of 500, 5,000 and 20,000 projects (cached under benchmarks/data/), each run in a
fresh process:

- ``pandas``: ``pandas.read_csv(file)`` of the seven CSV files, nothing else (the baseline; the
  same call with ``dtype=object, keep_default_na=False`` as graphchain reads them is timed too);
- ``graphchain``: ``analyze_bundle(read, workers=N)`` as ``graphchain analyze BUNDLE --workers N`` calls it:
  ``read`` is ``read_bundle`` (read + type + validate, timed on its own; ``analyze_bundle`` holds the bundle's
  only reference), then the findings document (each chunk of projects built into its own small graph and
  analysed, in N processes, the rings once), timed on its own; the peak RSS of the
  process, and of its largest worker process (``--workers`` > 1: forked, sharing the parent's pages until
  they are written).

Baseline and graphchain runs alternate, so each ratio compares neighbours in time on this noisy
machine; the figures are medians over the runs. Results go to benchmarks/data/results/embedded.json;
``run_all.py`` renders them into RESULTS.md.

    python benchmarks/embedded.py                       # 500 and 5,000 x 3 runs, 20,000 x 1; 2 workers
    python benchmarks/embedded.py --workers 1 --name embedded-1worker
    python benchmarks/embedded.py --sizes 500 --runs 5
    python benchmarks/embedded.py --code /path/to/other/checkout --name embedded-baseline
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402


# ------------------------------------------------------------------ one measurement (child process)
def measure_pandas(path: Path) -> dict:
    import pandas as pd

    files = [path / f"{n}.csv" for n in common.CSV_FILES if (path / f"{n}.csv").exists()]
    t0 = time.perf_counter()
    for f in files:
        pd.read_csv(f)
    t1 = time.perf_counter()
    for f in files:
        pd.read_csv(f, dtype=object, keep_default_na=False)
    t2 = time.perf_counter()
    return {"pandas": t1 - t0, "pandas_str": t2 - t1}


def measure_graphchain(path: Path, workers: int) -> dict:
    import inspect
    import resource

    from graphchain.bundle import read_bundle
    from graphchain.findings import analyze_bundle

    base = common.peak_rss_mb()
    seen: dict = {}

    def read():
        # as the CLI reads it: a large folder in up to --workers processes (a checkout from before that: as it can)
        b = read_bundle(path, workers=workers) if "workers" in inspect.signature(read_bundle).parameters else \
            read_bundle(path)
        seen.update(t1=time.perf_counter(), rss_read=common.peak_rss_mb(), rows=sum(b.counts.values()))
        return b

    t0 = time.perf_counter()
    with common.TreePss() as pss:
        if "workers" in inspect.signature(analyze_bundle).parameters:
            # as the CLI calls it: analyze_bundle reads the bundle and holds its only reference
            doc = analyze_bundle(read, workers=workers)
        else:  # a checkout from before --workers (run_all.py --baseline): its one way, the whole graph
            doc = analyze_bundle(read())
    t2 = time.perf_counter()
    t1, rss_read, rows = seen["t1"], seen["rss_read"], seen["rows"]
    ru = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"cpu_user": ru.ru_utime + kids.ru_utime, "cpu_sys": ru.ru_stime + kids.ru_stime,
            "page_faults": ru.ru_minflt + kids.ru_minflt, "workers": workers, "rows": rows,
            "read": t1 - t0, "analyze": t2 - t1, "total": t2 - t0,
            "findings": len(doc["findings"]), "liability": len(doc["liability"]), "rings": len(doc["rings"]),
            "rss_start_mb": base, "rss_read_mb": rss_read, "rss_peak_mb": common.peak_rss_mb(),
            "rss_worker_peak_mb": kids.ru_maxrss / 1024, "pss_tree_peak_mb": pss.peak_mb}


# ------------------------------------------------------------------ orchestration
def run(sizes: list[int], runs: int, big_runs: int, code: str | None = None, big: int = 20000,
        workers: int = 2) -> dict:
    env = {"PYTHONPATH": code} if code else {}
    here = str(Path(__file__).resolve())
    out = {"machine": common.machine(), "code": code or "working tree", "workers": workers, "sizes": {}}
    for n in sizes:
        path = common.bundle_path(n)
        k = big_runs if n >= big else runs
        pandas_runs, gc_runs = [], []
        for i in range(k):
            pandas_runs.append(common.run_json([here, "--one", str(path), "--what", "pandas"], env))
            gc_runs.append(common.run_json([here, "--one", str(path), "--what", "graphchain",
                                            "--workers", str(workers)], env))
            r = gc_runs[-1]
            print(f"{n:>6} projects run {i + 1}/{k}: pandas {pandas_runs[-1]['pandas']:.2f}s, graphchain "
                  f"{r['total']:.2f}s (read {r['read']:.2f}, analyze {r['analyze']:.2f}; {workers} workers), "
                  f"peak {r['rss_peak_mb']:.0f} MiB (worker {r['rss_worker_peak_mb']:.0f}, all processes' PSS "
                  f"{r['pss_tree_peak_mb']:.0f})", file=sys.stderr,
                  flush=True)
        keys = ("read", "analyze", "total", "rss_peak_mb", "rss_read_mb", "rss_worker_peak_mb", "pss_tree_peak_mb",
                "cpu_user", "cpu_sys", "page_faults")
        med = {key: common.median([r[key] for r in gc_runs]) for key in keys if key in gc_runs[0]}
        ratios = [g["total"] / p["pandas"] for p, g in zip(pandas_runs, gc_runs, strict=True)]
        ratios_str = [g["total"] / p["pandas_str"] for p, g in zip(pandas_runs, gc_runs, strict=True)]
        out["sizes"][str(n)] = {
            "projects": n, "bundle": path.name, "runs": k, "rows": gc_runs[0]["rows"],
            "findings": gc_runs[0]["findings"], "liability": gc_runs[0]["liability"], "rings": gc_runs[0]["rings"],
            "pandas": common.median([p["pandas"] for p in pandas_runs]),
            "pandas_str": common.median([p["pandas_str"] for p in pandas_runs]),
            **med,
            "ratio": common.median(ratios), "ratio_str": common.median(ratios_str),
            "raw": {"pandas": pandas_runs, "graphchain": gc_runs},
        }
    s = out["sizes"]
    if "500" in s and "5000" in s:
        per_row = lambda x: x["total"] / x["rows"]  # noqa: E731
        out["growth_500_5000"] = per_row(s["5000"]) / per_row(s["500"])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 5000, 20000])
    ap.add_argument("--runs", type=int, default=3, help="runs per size below 20,000 projects (default 3)")
    ap.add_argument("--big-runs", type=int, default=1, help="runs at 20,000 projects or more (default 1)")
    ap.add_argument("--code", help="measure another checkout of graphchain (its folder goes first on PYTHONPATH)")
    ap.add_argument("--name", default="embedded", help="results file name (default embedded)")
    ap.add_argument("--workers", type=int, default=2, help="analyze --workers (default 2, this machine's cores)")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--what", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        import json

        res = measure_pandas(Path(a.one)) if a.what == "pandas" else measure_graphchain(Path(a.one), a.workers)
        print(json.dumps(res))
        return
    res = run(a.sizes, a.runs, a.big_runs, a.code, workers=a.workers)
    print(f"wrote {common.save(a.name, res)}")


if __name__ == "__main__":
    main()
