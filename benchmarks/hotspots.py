"""Where the embedded path spends its time: cProfile of read_bundle + build_graph + analyze_graph.

Prints the functions with the most time of their own (and, with pyinstrument installed and
``--tree``, a call tree); ``run_all.py`` keeps the top of the list in RESULTS.md. cProfile slows
Python-heavy code down about twofold, so the shares matter, not the seconds.

    python benchmarks/hotspots.py --projects 500
    python benchmarks/hotspots.py --projects 5000 --tree      # needs `pip install pyinstrument`
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402


def pipeline(path: Path) -> tuple:
    """The graph and the document are returned: freeing them is not part of the work measured."""
    from graphchain.bundle import read_bundle
    from graphchain.findings import analyze_graph
    from graphchain.model import build_graph

    G = build_graph(read_bundle(path))
    return G, analyze_graph(G)


def top_functions(path: Path, n: int = 15) -> dict:
    prof = cProfile.Profile()
    prof.enable()
    kept = pipeline(path)
    prof.disable()
    del kept
    st = pstats.Stats(prof)
    total = st.total_tt
    rows = []
    for (file, line, fn), (_cc, nc, tt, ct, _callers) in st.stats.items():
        rows.append({"function": fn, "where": _short(file, line), "calls": nc, "own": tt, "cumulative": ct})
    rows.sort(key=lambda r: -r["own"])
    return {"total": total, "top": rows[:n]}


def _short(file: str, line: int) -> str:
    if file == "~":
        return "(built-in)"
    p = Path(file)
    for anchor in ("graphchain", "networkx", "pandas", "neo4j"):
        if anchor in p.parts:
            i = len(p.parts) - 1 - p.parts[::-1].index(anchor)
            return "/".join(p.parts[i:]) + f":{line}"
    return f"{p.name}:{line}" if line else file


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--projects", type=int, default=500)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--tree", action="store_true", help="pyinstrument call tree instead")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    path = common.bundle_path(a.projects)
    if a.tree:
        from pyinstrument import Profiler

        p = Profiler(interval=0.001)
        p.start()
        kept = pipeline(path)
        p.stop()
        del kept
        print(p.output_text(color=False))
        return
    res = top_functions(path, a.top)
    if a.json:
        print(json.dumps(res))
        return
    print(f"total {res['total']:.2f} s under cProfile; by own time:")
    for r in res["top"]:
        print(f"{r['own']:8.3f} {100 * r['own'] / res['total']:5.1f}%  {r['calls']:>9}  {r['function']}  {r['where']}")


if __name__ == "__main__":
    main()
