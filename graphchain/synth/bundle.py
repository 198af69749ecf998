"""The whole bundle: deal the projects, build each, plant rings and decoys, and work out the truth."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

from .builder import Builder
from .oracle import CONTRACT_RULES, attribute, evaluate, liabilities
from .rings import make_hubs, make_movers, make_rings, make_villagers
from .rows import COLUMNS, FILES, csv_cells
from .scenarios import deck, violation
from .twins import TWINS


def build(n_projects: int, seed: int) -> tuple[dict[str, list[dict]], dict]:
    """The rows (table → list of dict rows) and truth of a bundle of n_projects projects."""
    gen = Builder(n_projects, seed)
    r = gen.rng
    gen.make_pools()
    n = gen.n
    n_viol = max(1, round(n * 0.36)) if n >= 3 else 1
    n_coll = min(max(2, n // 50), max(0, n - n_viol - 1)) if n >= 5 else 0
    n_twin = min(max(len(TWINS), round(n * 0.06)), n - n_viol - n_coll - 1) if n >= 20 else 0
    kinds = ["violation"] * n_viol + ["collective"] * n_coll + ["twin"] * n_twin + \
        ["lawful"] * (n - n_viol - n_coll - n_twin)
    r.shuffle(kinds)
    cards: list[str] = []
    shapes = list(TWINS)
    twin_no = 0
    for i, kind in enumerate(kinds):
        p = gen.new_project(i)
        p.kind = kind
        if kind == "violation":
            if not cards:
                cards = deck()
                r.shuffle(cards)
            gen.scenario_of[p.pid] = violation(gen, p, cards.pop())
        elif kind == "twin":
            shape = shapes[twin_no % len(shapes)]
            twin_no += 1
            TWINS[shape](gen, p)
            gen.decoys["lawful_twins"][p.pid] = shape
            gen.scenario_of[p.pid] = [f"twin_{shape}"]
        elif kind == "collective":
            if r.random() < 0.6:
                p.flags["underpay"] = r.uniform(0.6, 0.9)
            gen.general(p, r.choice(gen.gcs), p.flags.get("underpay", 1.0))
            gen.manager(p, p.gc)
            gen.template(p, p.gc, n_lab=r.randint(1, 2), collective=True)
            gen.scenario_of[p.pid] = ["collective_arrears"] + sorted(p.flags)
        else:
            gen.lawful(p)
            gen.scenario_of[p.pid] = ["lawful"]
        gen.project_row(p)
    lawful = [q for q in gen.projects if q.kind == "lawful" and q.labour_subs]
    r.shuffle(lawful)
    cut = max(3, int(len(lawful) * 0.45))
    ring_pool = sorted(lawful[:cut], key=lambda q: q.pid)
    mover_pool = sorted(lawful[cut:], key=lambda q: q.pid)
    if len(mover_pool) < 3:
        mover_pool = sorted(lawful, key=lambda q: q.pid)
    make_movers(gen, mover_pool)
    make_rings(gen, ring_pool or gen.projects)
    ring_members = {m for ring in gen.rings for m in ring["members"]}
    # never a clean lawful project nor a lawful twin
    decoy_pool = [q for q in gen.projects if q.kind not in ("lawful", "twin") or q.tags]
    make_villagers(gen, decoy_pool)
    make_hubs(gen, ring_members, decoy_pool)
    for ring in gen.rings:
        ring.pop("size")
    return gen.rows, finish(gen)


def finish(gen: Builder) -> dict:
    """truth.json: the oracle's findings (checked to hold every planted one) and liability, and the plan."""
    pay_to, claim_to, loose_payments, loose_claims = attribute(gen.rows)
    findings = evaluate(gen.rows, pay_to, claim_to)
    have = {(f["rule"], f["project_id"], f["subject"]) for f in findings}
    missing = [x for x in gen.intended if x not in have]
    if missing:
        raise AssertionError(f"planted but not implied by the rules: {missing[:10]}")
    by_project: defaultdict[str, int] = defaultdict(int)
    for f in findings:
        by_project[f["project_id"]] += 1
    for q in gen.projects:
        if q.kind == "lawful" and not q.tags:
            if by_project[q.pid]:
                raise AssertionError(f"lawful project {q.pid} raises {by_project[q.pid]} findings")
            gen.decoys["lawful_projects"].append(q.pid)
        if q.kind == "twin" and by_project[q.pid]:
            raise AssertionError(f"lawful twin {q.pid} raises {by_project[q.pid]} findings")
    liability = liabilities(gen, findings, pay_to)
    flagged = {f["subject"] for f in findings if f["rule"] in CONTRACT_RULES}
    gen.decoys["lawful_main_structure_labour"] = [
        c["contract_id"] for c in gen.rows["contracts"]
        if c["type"] == "labour" and c["main_structure"] is True and c["contract_id"] not in flagged
        and not gen.lacks(c["to_id"], "labour")
    ]
    gen.decoys["collective_arrears"]["persons"] = sorted(set(gen.decoys["collective_arrears"]["persons"]))
    return {
        "seed": gen.seed,
        "n_projects": gen.n,
        "findings": findings,
        "rings": gen.rings,
        "decoys": gen.decoys,
        "liability": liability,
        "unattributed": {"payments": loose_payments, "claims": loose_claims},
        "attributed_claims": claim_to,
        "same_human": gen.same_human,
        "scenarios": gen.scenario_of,
    }


def generate(n_projects: int, seed: int) -> tuple[dict[str, list[dict]], dict]:
    """The bundle as rows (English column names in schema order; None = empty; booleans as bool) and
    its truth."""
    rows, truth = build(n_projects, seed)
    return dict(rows), truth


def write_bundle(out_dir: str | Path, n_projects: int, seed: int) -> Path:
    """Write the eight CSV files (UTF-8, English headers) and truth.json into out_dir."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rows, truth = build(n_projects, seed)
    for t in FILES:
        with (out / f"{t}.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(COLUMNS[t])
            w.writerows(csv_cells(t, rows[t]))
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out
