"""How well ``graphchain import`` turns raw exports back into the bundle they came from.

For each seed: ``graphchain synth`` makes a clean bundle; ``graphchain.ingest.rawsynth`` writes it as raw
exports (statements per account, work orders in free text, roster and payroll, a contract register with
names written inconsistently, a share of roster employers written by trade name only) with the truth of
who is who; every export is imported, with no judgement made. Measured:

- resolution precision and recall of parties and of persons: over pairs of mentions (file:row:field),
  a pair is predicted when both got one entity and true when truth gives both one id (goal: ≥ 0.99 / ≥ 0.95);
- hotline extraction: the share of work orders whose amount, and whose respondent, were read right from
  the text (goal: ≥ 95% each); a respondent is right when the name read resolves to the true party;
- the review file: pairs sent to review, and how many of them are truly one entity;
- the analysis of the imported bundle against the clean one: the liable parties (claim, party name,
  liability) that agree.

Writes the table into benchmarks/RESULTS.md between ``<!-- import_bench -->`` and
``<!-- /import_bench -->`` (only that section is replaced).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import RESULTS_MD, write_results_section  # noqa: E402

from graphchain.analysis.names import NameIndex, looks_like_company, person_name  # noqa: E402
from graphchain.bundle import read_bundle  # noqa: E402
from graphchain.ingest import resolve_bundle  # noqa: E402
from graphchain.ingest.rawsynth import import_all, write_raw  # noqa: E402
from graphchain.synth import write_bundle  # noqa: E402

START, END = "<!-- import_bench -->", "<!-- /import_bench -->"


def pair_scores(pred: dict[str, str], true: dict[str, str]) -> tuple[int, int, int]:
    """(true positive, predicted, true) pairs of mentions, from the contingency table (no pair loop)."""
    def pairs(counter: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    refs = [r for r in true if r in pred]
    return (pairs(Counter((pred[r], true[r]) for r in refs)), pairs(Counter(pred[r] for r in refs)),
            pairs(Counter(true[r] for r in refs)))


def scores(into: Path, truth: dict, parties: dict, persons: set[str]) -> dict:
    with (into / "resolution.csv").open(encoding="utf-8") as f:
        pred = {r["ref"]: r["entity_id"] or "none:" + r["ref"] for r in csv.DictReader(f)}
    out = {}
    for what, ids in (("parties", set(parties)), ("persons", persons)):
        t = {ref: tid for ref, tid in truth["mentions"].items() if tid in ids}
        out[what] = pair_scores(pred, t)
    return out


def respondent_right(said: str | None, true_id: str, parties: dict[str, dict], index: NameIndex) -> bool:
    if not said:
        return False
    if looks_like_company(said):
        return index.match(said)[0] == true_id
    bare, surname_only = person_name(said)
    name = str(parties[true_id]["name"])
    return name.startswith(bare) if surname_only else name == bare


def names(bundle) -> dict[str, str]:
    """Party and person ids -> names: the liable parties are compared by name (ids differ)."""
    return ({r["party_id"]: str(r["name"]) for r in bundle.table("parties").to_dict("records")}
            | {r["person_id"]: str(r["name"]) for r in bundle.table("persons").to_dict("records")})


def liable(doc: dict, names: dict[str, str]) -> set[tuple]:
    return {(x["claim_id"], names.get(p["party_id"], p["party_id"]), p["liability"])
            for x in doc["liability"] for p in x["liable"]}


def run_seed(projects: int, seed: int, short_names: float, work: Path) -> dict:
    from graphchain.findings import analyze_bundle

    clean, raw, into = work / f"clean{seed}", work / f"raw{seed}", work / f"bundle{seed}"
    write_bundle(clean, projects, seed)
    write_raw(clean, raw, seed, short_names=short_names)
    t0 = time.perf_counter()
    report = import_all(raw, into)
    seconds = time.perf_counter() - t0
    truth = json.loads((raw / "truth.json").read_text(encoding="utf-8"))
    b = read_bundle(clean)
    parties = {r["party_id"]: r for r in b.table("parties").to_dict("records")}
    out: dict = {"seconds": seconds, "records": report.added, "review": report.review}
    out |= scores(into, truth, parties, set(b.table("persons")["person_id"]))
    # the review file: pairs that are truly one entity; then an analyst who judges every pair right
    with (into / "review.csv").open(encoding="utf-8") as f:
        review = list(csv.DictReader(f))
    for r in review:
        a, c = truth["mentions"].get(r["left_ref"]), truth["mentions"].get(r["right_ref"])
        r["decision"] = "same" if a is not None and a == c else "different"
    out["review_same"] = sum(r["decision"] == "same" for r in review)
    if review:
        with (into / "review.csv").open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(review[0]))
            w.writeheader()
            w.writerows(review)
    resolve_bundle(into)
    judged = scores(into, truth, parties, set(b.table("persons")["person_id"]))
    out["judged_parties"], out["judged_persons"] = judged["parties"], judged["persons"]
    # hotline extraction
    with (into / "claims.csv").open(encoding="utf-8") as f:
        claims = {r["claim_id"]: r for r in csv.DictReader(f)}
    index = NameIndex({p: str(r["name"]) for p, r in parties.items() if r["kind"] == "company"})
    n_amount = n_resp = ok_amount = ok_resp = 0
    for cid, o in truth["orders"].items():
        c = claims.get(cid, {})
        n_amount += 1
        ok_amount += bool(c) and abs(float(c["amount"]) - o["amount"]) < 0.01
        if o["respondent_id"]:
            n_resp += 1
            ok_resp += respondent_right(c.get("respondent_name"), o["respondent_id"], parties, index)
    out["amount"], out["respondent"] = (ok_amount, n_amount), (ok_resp, n_resp)
    # the analysis: liable parties by name
    bi = read_bundle(into)
    names_clean, names_imp = names(b), names(bi)
    lc, li = liable(analyze_bundle(b), names_clean), liable(analyze_bundle(bi), names_imp)
    out["liable"] = (len(lc & li), len(lc), len(li))
    return out


def table(res: list[dict], projects: int, short_names: float) -> str:
    def ratio(a: int, b: int) -> str:
        return f"{a / b:.3f}" if b else "—"

    lines = [f"{projects} projects per seed, seeds {', '.join(str(r['seed']) for r in res)}; "
             f"{short_names:.0%} of roster employers written by trade name only; no judgement made.", "",
             "| seed | raw records | import s | parties P / R | persons P / R | amount right | respondent right "
             "| review pairs (truly same) | after review: parties P / R, persons P / R "
             "| liable parties agreeing (clean / imported), after review |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in res:
        pt, pp, pa = r["parties"]
        qt, qp, qa = r["persons"]
        jt, jp, ja = r["judged_parties"]
        kt, kp, ka = r["judged_persons"]
        lines.append(
            f"| {r['seed']} | {r['records']:,} | {r['seconds']:.1f} | {ratio(pt, pp)} / {ratio(pt, pa)} | "
            f"{ratio(qt, qp)} / {ratio(qt, qa)} | {ratio(*r['amount'])} ({r['amount'][0]}/{r['amount'][1]}) | "
            f"{ratio(*r['respondent'])} ({r['respondent'][0]}/{r['respondent'][1]}) | {r['review']} "
            f"({r['review_same']}) | {ratio(jt, jp)} / {ratio(jt, ja)}, {ratio(kt, kp)} / {ratio(kt, ka)} | "
            f"{r['liable'][0]:,} ({r['liable'][1]:,} / {r['liable'][2]:,}) |")
    lines += ["", "Precision and recall are over pairs of mentions (file:row:field) of one entity. A roster employer "
              "written by its trade name only is never merged without review (data-format.md, \"Raw exports\"): "
              "those pairs wait in review.csv, and their rows in unresolved.csv, which is what lowers recall until "
              "the analyst judges them. \"After review\": every review pair judged as the truth says, then "
              "`graphchain resolve`; the analysis is of that bundle. Work orders with no respondent in the truth "
              "(the clean claim names none) are not counted for the respondent."]
    return "\n".join(lines)


def write_section(text: str) -> None:
    write_results_section(f"## Raw exports in (`benchmarks/import_bench.py`)\n\n{text}", START, END)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--projects", type=int, default=100)
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--short-names", type=float, default=0.02)
    ap.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        res = [run_seed(args.projects, s, args.short_names, Path(tmp)) | {"seed": s} for s in args.seeds]
    text = table(res, args.projects, args.short_names)
    print(text)
    if not args.no_write:
        write_section(text)
        print(f"\nwrote {RESULTS_MD}")
    ok = all(r["parties"][0] >= 0.99 * r["parties"][1] and r["parties"][0] >= 0.95 * r["parties"][2]
             and r["persons"][0] >= 0.99 * r["persons"][1] and r["persons"][0] >= 0.95 * r["persons"][2]
             and r["amount"][0] >= 0.95 * r["amount"][1] and r["respondent"][0] >= 0.95 * r["respondent"][1]
             for r in res)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
