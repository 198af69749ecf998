"""Consistency of the rules (docs/legal-rules.md A, C, D) and of the liability walk (B) with generated bundles.

This measures agreement with our own generator's oracle, not correctness against the law.

For each seed, ``graphchain.synth.write_bundle`` writes a bundle with planted violations and its
``truth.json``; the embedded analysis (``graphchain.findings.analyze_bundle``) runs on it, and every
finding is matched to truth by (rule, project_id, subject). Prints per-rule precision and recall
summed over all seeds, the liability agreement (same parties, liabilities, caps and amount for every
truth entry), and the analysis time; writes the table into benchmarks/RESULTS.md between the
markers ``<!-- rules_quality -->`` and ``<!-- /rules_quality -->`` (only that section is replaced).

    python benchmarks/rules_quality.py                        # 3 seeds x 300 projects
    python benchmarks/rules_quality.py --projects 1000 --seeds 1 2 --no-write
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphchain.analysis.quality import score  # noqa: E402
from graphchain.findings import analyze_bundle  # noqa: E402
from graphchain.legal import RULES  # noqa: E402
from graphchain.synth import write_bundle  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
START, END = "<!-- rules_quality -->", "<!-- /rules_quality -->"
RULE_IDS = sorted(r for r in RULES if r != "X-EXTORT")


def liability_agreement(doc: dict, truth: dict) -> tuple[int, int]:
    """(entries that agree, truth entries): same liable parties, liabilities, caps and amount."""
    mine = {(x["project_id"], x["claim_id"], x["claimant_id"]): x for x in doc["liability"]}
    agree = 0
    for t in truth.get("liability", []):
        x = mine.get((t["project_id"], t.get("claim_id"), t["claimant_id"]))
        if x is None:
            continue
        got = {(y["party_id"], y["liability"], y.get("cap")) for y in x["liable"]}
        want = {(y["party_id"], y["liability"], y.get("cap")) for y in t["expected"]}
        agree += got == want and x["amount"] == t["amount"]
    return agree, len(truth.get("liability", []))


def run(projects: int, seeds: list[int]) -> dict:
    totals = {r: {"tp": 0, "fp": 0, "fn": 0} for r in RULE_IDS}
    agree = entries = 0
    seconds = 0.0
    with tempfile.TemporaryDirectory() as d:
        for seed in seeds:
            out = write_bundle(Path(d) / f"b{seed}", projects, seed)
            truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
            t0 = time.perf_counter()
            doc = analyze_bundle(out)
            seconds += time.perf_counter() - t0
            for rule, s in score(doc["findings"], truth["findings"], RULE_IDS).items():
                for k in ("tp", "fp", "fn"):
                    totals[rule][k] += s[k]
            a, n = liability_agreement(doc, truth)
            agree, entries = agree + a, entries + n
    for s in totals.values():
        s["precision"] = s["tp"] / (s["tp"] + s["fp"]) if s["tp"] + s["fp"] else 1.0
        s["recall"] = s["tp"] / (s["tp"] + s["fn"]) if s["tp"] + s["fn"] else 1.0
    return {"projects": projects, "seeds": seeds, "rules": totals, "liability": (agree, entries),
            "seconds": seconds}


def table(res: dict) -> str:
    lines = ["**What this measures: consistency with our own generator, not correctness against the law.** "
             "`truth.json` is written by `graphchain.synth`'s oracle (`oracle.py`), a second reading of "
             "docs/legal-rules.md written apart from the detectors; where both read the spec the same wrong way, "
             "these figures cannot show it. Only hand-built cases checked against the law (tests/test_rules.py, "
             "tests/test_liability.py) and real case files can. Since legal-rules v2 the bundles also carry "
             "the lawful twins of section A's guards as decoys (全部幕墙工程, 钢结构, EPC → GC → specialty → "
             "labour, separate sections, a specialty job let by the owner, a supplier paid for materials), so a "
             "false alarm on them counts as FP here.",
             "",
             f"Rules against `truth.json` of `graphchain.synth` bundles: {len(res['seeds'])} seed(s) "
             f"({', '.join(map(str, res['seeds']))}) × {res['projects']} projects, embedded analysis "
             f"(`analyze_bundle`, {res['seconds']:.1f} s in all; Python {platform.python_version()}).",
             "", "| rule | planted | found | TP | FP | FN | precision | recall |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for rule, s in res["rules"].items():
        lines.append(f"| {rule} | {s['tp'] + s['fn']} | {s['tp'] + s['fp']} | {s['tp']} | {s['fp']} | {s['fn']} | "
                     f"{s['precision']:.3f} | {s['recall']:.3f} |")
    a, n = res["liability"]
    lines += ["", f"Liability (section B): {a} of {n} truth entries agree exactly "
                  f"(same parties, liabilities, caps and amount): {a / n:.1%}." if n else "",
              "Claims of planted extortion rings are not in truth's liability; the document still lists them, "
              "marked with their `ring`."]
    return "\n".join(lines)


def write_section(text: str) -> None:
    block = f"{START}\n## Rules against the generator's truth (`benchmarks/rules_quality.py`)\n\n{text}\n{END}"
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if START in old and END in old:
        new = old[: old.index(START)] + block + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    RESULTS.write_text(new, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--projects", type=int, default=300)
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = ap.parse_args()
    res = run(args.projects, args.seeds)
    text = table(res)
    print(text)
    if not args.no_write:
        write_section(text)
        print(f"\nwrote {RESULTS}")
    worst = min(min(s["precision"], s["recall"]) for s in res["rules"].values())
    return 0 if worst >= 0.95 else 1


if __name__ == "__main__":
    raise SystemExit(main())
