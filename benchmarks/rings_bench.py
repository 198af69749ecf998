"""Benchmark and quality check of the ring and lead analyses.

1. Cost: a graph of 200,000 claims and 100,000 persons is generated straight into the graph model
   (graphchain.schema; a bundle that large would take minutes to write and read, which is not what
   is measured), with planted rings and the decoys of docs/legal-rules.md E: registered workers claiming
   what they are owed (alone, in collective groups, filed again through other channels), workers
   moving between sites, unregistered one-off claimants, fellow villagers sharing an address, and
   hub phones held by 30–60 unrelated workers. ``find_rings`` and ``build_leads`` are timed.
2. Quality: rings against truth — on that graph and on ``graphchain.synth`` bundles — as
   member-level precision/recall, per-ring best Jaccard, organisers, and decoys inside rings.

Prints the figures and writes them into benchmarks/RESULTS.md between the markers
``<!-- rings_bench -->`` and ``<!-- /rings_bench -->`` (only that section is replaced).

    python benchmarks/rings_bench.py                 # full size
    python benchmarks/rings_bench.py --claims 20000 --persons 10000 --no-write
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphchain.analysis.leads import build_leads  # noqa: E402
from graphchain.analysis.rings import find_rings  # noqa: E402
from graphchain.schema import claim_key, identifier_key, project_key  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
START, END = "<!-- rings_bench -->", "<!-- /rings_bench -->"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰海波宏斌浩云飞鹏辉亮成东林春生福德"
TRADE = "宏远鑫泰安固正源顺安精工城建华夏金盛恒通盛达永兴中诚天成建安兴业博远瑞丰宏基聚力广厦"
INDUSTRY = ("建设", "建筑工程", "建筑安装", "劳务", "工程", "装饰工程")
REGIONS = ("北京", "北京市", "河北", "河北省", "天津市", "廊坊", "保定", "")


# ------------------------------------------------------------------ the generated graph
class Gen:
    """Builds the graph model directly: nodes and edges with the attributes graphchain.model gives."""

    def __init__(self, n_claims: int, n_persons: int, seed: int):
        self.r = random.Random(seed)
        self.n_claims, self.n_persons = n_claims, n_persons
        self.G = nx.MultiDiGraph(source="rings_bench")
        self.persons: dict[str, dict] = {}
        self.n_claim = self.n_pay = self.n_emp = 0
        self.truth: dict = {"rings": [], "decoys": {"collective_arrears": {"claims": [], "persons": []},
                                                   "movers": [], "hub_identifiers": []},
                      "respondent_of": {}}

    def name(self) -> str:
        r = self.r
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2, 2))))

    def person(self) -> str:
        pid = f"W{len(self.persons) + 1:06d}"
        r = self.r
        self.persons[pid] = {"label": "Person", "id": pid, "person_id": pid, "name": self.name(),
                             "phone": f"1{r.choice('3578')}{r.randrange(10**9):09d}",
                             "bank_account": f"6217{r.randrange(10**15):015d}", "source": "bench"}
        return pid

    def parties(self, n_projects: int) -> None:
        r, G = self.r, self.G
        self.owners = [f"O{i:04d}" for i in range(n_projects // 5)]
        self.gcs = [f"A{i:04d}" for i in range(n_projects // 4)]
        self.labs = [f"L{i:04d}" for i in range(n_projects // 2)]
        self.bosses = [f"D{i:04d}" for i in range(n_projects // 4)]
        used = set()
        for pid in self.owners + self.gcs + self.labs:
            while True:
                trade = "".join(r.sample(TRADE, 4))
                if trade not in used:
                    used.add(trade)
                    break
            ind = "劳务" if pid[0] == "L" else "置业" if pid[0] == "O" else r.choice(INDUSTRY)
            name = f"{r.choice(REGIONS[:-1])}{trade}{ind}{r.choice(('有限公司', '集团有限公司', '有限责任公司'))}"
            G.add_node(pid, label="Party", id=pid, party_id=pid, name=name, kind="company",
                       credit_code=f"9111{len(used):014d}", source="bench")
        for pid in self.bosses:
            G.add_node(pid, label="Party", id=pid, party_id=pid, name=self.name(), kind="individual", source="bench")
        self.projects = []
        for i in range(n_projects):
            p = f"P{i:05d}"
            gc, lab, boss, owner = r.choice(self.gcs), r.choice(self.labs), r.choice(self.bosses), r.choice(self.owners)
            G.add_node(project_key(p), label="Project", id=p, project_id=p, name=f"项目{i}", owner_id=owner,
                       source="bench")
            G.add_edge(owner, project_key(p), f"owns:{p}", rel="OWNS", project_id=p)
            for k, (a, b, t) in enumerate(((owner, gc, "general"), (gc, lab, "labour"), (lab, boss, "other"))):
                cid = f"K{p}_{k}"
                G.add_edge(a, b, cid, rel="CONTRACT", id=cid, contract_id=cid, project_id=p, type=t, amount=1e6)
            self.projects.append((p, gc, lab, boss, r.randint(0, 1400)))  # project start as a day number

    @staticmethod
    def day(n: int) -> str:
        from datetime import date, timedelta

        return (date(2021, 1, 1) + timedelta(days=max(0, min(n, 1825)))).isoformat()

    def written(self, party: str) -> str:
        """How a claimant writes a respondent's name: exactly, shortened, or by trade name."""
        name = self.G.nodes[party]["name"]
        if self.G.nodes[party]["kind"] == "individual":
            return name
        x = self.r.random()
        if x < 0.45:
            return name
        core = re.sub(r"^(北京市?|河北省?|天津市|廊坊|保定)", "", name)
        core = re.sub(r"(集团)?有限(责任)?公司$", "", core)
        if x < 0.7:
            return core
        if x < 0.85:
            return core[:4] + "公司"
        if x < 0.93:  # the industry word changed: 建设 for 建筑工程, 建筑 for 劳务 ...
            return core[:4] + self.r.choice(("建设", "建筑", "工程", "劳务")) + "公司"
        i = self.r.randrange(4)  # a wrong character in the trade name (a homophone, a slip)
        return core[:i] + self.r.choice(TRADE) + core[i + 1:]

    def employ(self, w: str, proj: tuple, start: int, days: int, due: float, paid: float) -> None:
        p, _, lab, boss, _ = proj
        self.n_emp += 1
        eid = f"E{self.n_emp:07d}"
        employer = boss if self.r.random() < 0.3 else lab
        self.G.add_edge(w, employer, eid, rel="EMPLOYED", id=eid, employment_id=eid, project_id=p, role="worker",
                        start=self.day(start), end=self.day(start + days), days=float(days),
                        wage_due=float(due), wage_paid=float(paid))

    def claim(self, w: str, proj: tuple, amount: float, filed: int, group=None, text=None, status=None,
              channel=None, respondent=None) -> str:
        r = self.r
        self.n_claim += 1
        cid = f"C{self.n_claim:07d}"
        p, gc, lab, _, _ = proj
        resp = respondent or (gc if r.random() < 0.5 else lab)
        d = {"label": "Claim", "id": cid, "claim_id": cid, "claimant_id": w, "amount": float(amount),
             "filed": self.day(filed), "project_id": p, "channel": channel or r.choice(
                 ("hotline", "hotline", "arbitration", "court", "inspection")),
             "status": status or r.choice(("open", "open", "closed", "paid")), "source": "bench"}
        if r.random() < 0.6:
            d["respondent_id"] = resp
        else:
            self.truth["respondent_of"][cid] = resp  # named only in words: resolution is measured
        d["respondent_name"] = self.written(resp)
        if group:
            d["group_id"] = group
        if text:
            d["text"] = text
        self.G.add_node(claim_key(cid), **d)
        self.G.add_edge(w, claim_key(cid), f"filed:{cid}", rel="FILED")
        self.G.add_edge(claim_key(cid), project_key(p), f"on:{cid}", rel="ON")
        if "respondent_id" in d:
            self.G.add_edge(claim_key(cid), resp, f"against:{cid}", rel="AGAINST")
        return cid

    def pay(self, payer: str, payee: str, amount: float, day: int, purpose: str) -> None:
        self.n_pay += 1
        k = f"T{self.n_pay:07d}"
        self.G.add_edge(payer, payee, k, rel="PAID", id=k, payment_id=k, amount=float(amount), paid=self.day(day),
                        purpose=purpose)

    # -------------------------------------------------------------- scenarios
    def ring(self, k: int) -> None:
        r = self.r
        size = r.choice((3, 4, 5, 8, 8, 12, 20))
        members = [self.person() for _ in range(size)]
        orgs = members[: 2 if size >= 12 else 1]
        phone, acct = self.persons[orgs[0]]["phone"], self.persons[orgs[0]]["bank_account"]
        for m in members[len(orgs):]:
            if r.random() < 0.6:
                self.persons[m]["phone"] = phone
            if r.random() < 0.3:
                self.persons[m]["bank_account"] = acct
        projs = r.sample(self.projects, r.randint(3, 7))
        center = r.randint(400, 1400)
        claims = []
        # organisers go everywhere, every other member to two sites or more
        goes = {m: set(r.sample(range(len(projs)), r.randint(2, len(projs)))) for m in members[len(orgs):]}
        for i, proj in enumerate(projs):
            mem = orgs + [m for m in members[len(orgs):] if i in goes[m]]
            filed = center + r.randint(-300, 300)
            gid = f"GR{k}_{proj[0]}" if r.random() < 0.8 else None
            text = f"{self.persons[orgs[0]]['name']}代表{self.persons[mem[-1]]['name']}等{len(mem)}人讨薪"
            resp = proj[1] if r.random() < 0.75 else proj[2]
            for m in mem:
                claims.append(self.claim(m, proj, r.randrange(8000, 60000, 100), filed, gid, text, respondent=resp))
            if r.random() < 0.6:
                payee = r.choice(mem)
                amt = r.randrange(50000, 200000, 100)
                self.pay(resp, payee, amt, filed + 20, "other")
                if payee not in orgs:
                    self.pay(payee, r.choice(orgs), amt * 0.9, filed + 23, "other")
        self.truth["rings"].append({"ring_id": f"RING{k}", "members": sorted(members), "organizers": sorted(orgs),
                                    "projects": sorted(p[0] for p in projs), "claims": claims})

    def worker_claims(self, w: str, proj: tuple, group=None, channels: int = 1) -> list[str]:
        """A registered worker claims (once per channel) at most what is owed on the project."""
        r = self.r
        start = proj[4] + r.randint(0, 200)
        days = r.randint(60, 250)
        due = days * r.randrange(250, 500, 10)
        paid = due * r.uniform(0.2, 0.8)
        self.employ(w, proj, start, days, due, paid)
        filed = start + days + r.randint(10, 120)
        owed = due - paid
        return [self.claim(w, proj, round(owed * r.choice((1.0, 1.0, 0.8)), -1) or 10, filed + 40 * j, group,
                           channel=("hotline", "arbitration", "court")[j]) for j in range(channels)]

    def build(self) -> tuple[nx.MultiDiGraph, dict]:
        r = self.r
        self.parties(max(50, self.n_claims // 100))
        n_rings = max(3, self.n_claims // 500)
        for k in range(1, n_rings + 1):
            self.ring(k)
        ring_members = set(self.persons)
        # collective claims over real arrears, filed again through other channels
        while self.n_claim < 0.25 * self.n_claims:
            proj = r.choice(self.projects)
            gid = f"GC{self.n_claim}"
            for _ in range(r.randint(15, 30)):
                w = self.person()
                cs = self.worker_claims(w, proj, gid, r.randint(1, 3))
                self.truth["decoys"]["collective_arrears"]["claims"] += cs
                self.truth["decoys"]["collective_arrears"]["persons"].append(w)
        # movers: registered on 3–4 sites in turn, claiming late wages on each
        for _ in range(max(3, self.n_claims // 400)):
            w = self.person()
            for proj in r.sample(self.projects, r.randint(3, 4)):
                self.worker_claims(w, proj)
            self.truth["decoys"]["movers"].append(w)
        # unregistered one-off claimants (the employer ignored 实名制): suspicious alone, never a ring
        n_unreg = int(0.08 * self.n_claims)
        for _ in range(n_unreg):
            w = self.person()
            proj = r.choice(self.projects)
            self.claim(w, proj, r.randrange(3000, 40000, 100), proj[4] + r.randint(30, 400))
        # everyone else: registered workers with one or more ordinary claims, until both budgets are met
        n_before = len(self.persons) + 1
        while self.n_claim < self.n_claims:
            full = len(self.persons) >= self.n_persons
            w = f"W{r.randint(n_before, len(self.persons)):06d}" if full else self.person()
            self.worker_claims(w, r.choice(self.projects), channels=r.randint(1, 3))
        while len(self.persons) < self.n_persons:  # registered workers who never claim
            w = self.person()
            proj = r.choice(self.projects)
            self.employ(w, proj, proj[4], 100, 30000, 30000)
        # fellow villagers share an address; hub phones are held by 30–60 unrelated non-ring workers
        plain = [p for p in self.persons if p not in ring_members]
        for i in range(0, len(plain) // 3, 4):
            addr = f"河南省信阳市固始县{i}号"
            for p in plain[i : i + r.randint(2, 5)]:
                self.persons[p]["address"] = addr
        for h in range(max(1, self.n_persons // 2000)):
            value = f"010-{88000000 + h}"
            holders = r.sample(plain, r.randint(30, 60))
            for p in holders:
                self.persons[p]["phone"] = value
            self.truth["decoys"]["hub_identifiers"].append({"kind": "phone", "value": value,
                                                            "persons": sorted(holders)})
        self.G.add_nodes_from(self.persons.items())
        holders_of: dict[str, list[str]] = defaultdict(list)
        for pid, d in self.persons.items():
            for kind in ("phone", "bank_account", "address"):
                if kind in d:
                    holders_of[identifier_key(kind, d[kind])].append(pid)
        for ik, hs in holders_of.items():
            if len(hs) < 2:
                continue
            kind, value = ik.split(":", 1)
            self.G.add_node(ik, label="Identifier", id=ik, kind=kind, value=value)
            for p in hs:
                self.G.add_edge(p, ik, kind, rel="HAS", kind=kind)
        return self.G, self.truth


# ------------------------------------------------------------------ quality
def quality(rings: list[dict], truth: dict) -> dict:
    """Member-level precision/recall, best Jaccard per true ring, organisers, decoys in rings."""
    pred = {m for r in rings for m in r["members"]}
    true = {m for t in truth["rings"] for m in t["members"]}
    tp = len(pred & true)
    jac = []
    for t in truth["rings"]:
        tm = set(t["members"])
        jac.append(max((len(tm & set(r["members"])) / len(tm | set(r["members"])) for r in rings), default=0.0))
    orgs_pred = {o for r in rings for o in r["organizers"]}
    orgs_true = {o for t in truth["rings"] for o in t["organizers"]}
    dec = truth["decoys"]
    decoy_persons = set(dec["collective_arrears"]["persons"]) | set(dec["movers"]) | {
        p for h in dec["hub_identifiers"] for p in h["persons"]} | {
        p for v in dec.get("villagers", []) for p in v["persons"]}  # synth: fellow villagers
    return {
        "rings_true": len(truth["rings"]), "rings_found": len(rings),
        "precision": tp / len(pred) if pred else 1.0, "recall": tp / len(true) if true else 1.0,
        "jaccard_mean": sum(jac) / len(jac) if jac else 1.0,
        "rings_jaccard_ge_0.8": sum(j >= 0.8 for j in jac),
        "organizer_precision": len(orgs_pred & orgs_true) / len(orgs_pred) if orgs_pred else 1.0,
        "organizer_recall": len(orgs_pred & orgs_true) / len(orgs_true) if orgs_true else 1.0,
        "decoy_persons_in_rings": len(pred & decoy_persons),
        "decoy_claims_in_rings": len({c for r in rings for c in r["claims"]}
                                     & set(dec["collective_arrears"]["claims"])),
    }


def fmt_quality(label: str, q: dict) -> str:
    return (f"| {label} | {q['rings_found']}/{q['rings_true']} | {q['precision']:.3f} | {q['recall']:.3f} | "
            f"{q['jaccard_mean']:.3f} ({q['rings_jaccard_ge_0.8']}/{q['rings_true']} ≥ 0.8) | "
            f"{q['organizer_precision']:.2f} / {q['organizer_recall']:.2f} | "
            f"{q['decoy_persons_in_rings']} / {q['decoy_claims_in_rings']} |")


def synth_quality(seeds: list[int], n_projects: int) -> list[tuple[str, dict]]:
    try:
        from graphchain import build_graph, read_bundle
        from graphchain.synth import write_bundle
    except ImportError:
        return []
    out = []
    for seed in seeds:
        with tempfile.TemporaryDirectory() as tmp:
            path = write_bundle(Path(tmp) / "b", n_projects, seed)
            truth = json.loads((path / "truth.json").read_text(encoding="utf-8"))
            rings, _ = find_rings(build_graph(read_bundle(path)))
        out.append((f"synth {n_projects} projects, seed {seed}", quality(rings, truth)))
    return out


def resolution(leads: list[dict], respondent_of: dict[str, str]) -> dict:
    """How the claims that name their respondent only in words were resolved."""
    got = {c: x["respondent_id"] for x in leads for c in x["claims"]}
    out = {"claims": 0, "correct": 0, "wrong": 0, "unresolved": 0}
    for cid, true in respondent_of.items():
        if cid not in got:
            continue
        out["claims"] += 1
        out["unresolved" if got[cid] is None else "correct" if got[cid] == true else "wrong"] += 1
    return out


def synth_resolution(seeds: list[int], n_projects: int) -> list[tuple[str, dict]]:
    """synth bundles with every respondent_id blanked: names alone must find the parties."""
    try:
        import pandas as pd

        from graphchain import build_graph, read_bundle
        from graphchain.synth import write_bundle
    except ImportError:
        return []
    out = []
    for seed in seeds:
        with tempfile.TemporaryDirectory() as tmp:
            path = write_bundle(Path(tmp) / "b", n_projects, seed)
            claims = pd.read_csv(path / "claims.csv", dtype=str, keep_default_na=False)
            truth = {c: r for c, r in zip(claims["claim_id"], claims["respondent_id"], strict=True) if r}
            claims["respondent_id"] = ""
            claims.to_csv(path / "claims.csv", index=False)
            leads = build_leads(build_graph(read_bundle(path)), rings=[],
                                config={"leads": {"exclude_status": []}})
        out.append((f"synth {n_projects} projects, seed {seed}, every respondent_id removed",
                    resolution(leads, truth)))
    return out


def write_results(text: str) -> None:
    body = f"{START}\n{text.rstrip()}\n{END}"
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if START in old and END in old:
        new = old[: old.index(START)] + body + old[old.index(END) + len(END):]
    else:
        new = old.rstrip() + "\n\n" + body + "\n"
    RESULTS.write_text(new, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=200_000)
    ap.add_argument("--persons", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--synth-seeds", default="1,2,3")
    ap.add_argument("--synth-projects", type=int, default=200)
    ap.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    a = ap.parse_args()

    t0 = time.perf_counter()
    G, truth = Gen(a.claims, a.persons, a.seed).build()
    t_gen = time.perf_counter() - t0
    n_claims = sum(1 for _, lab in G.nodes(data="label") if lab == "Claim")
    n_persons = sum(1 for _, lab in G.nodes(data="label") if lab == "Person")
    print(f"graph: {n_claims:,} claims, {n_persons:,} persons, {G.number_of_nodes():,} nodes, "
          f"{G.number_of_edges():,} edges (generated in {t_gen:.1f}s)")
    t0 = time.perf_counter()
    rings, findings = find_rings(G)
    t_rings = time.perf_counter() - t0
    t0 = time.perf_counter()
    leads = build_leads(G, rings=rings)
    t_leads = time.perf_counter() - t0
    resolved = sum(1 for x in leads if x["respondent_id"])
    print(f"find_rings: {t_rings:.1f}s, {len(rings)} rings; build_leads: {t_leads:.1f}s, {len(leads):,} leads "
          f"({resolved:,} with a resolved respondent); total {t_rings + t_leads:.1f}s")

    rows = [("bench graph (planted rings)", quality(rings, truth))]
    rows += synth_quality([int(s) for s in a.synth_seeds.split(",") if s], a.synth_projects)
    table = ["| data | rings found/true | member precision | member recall | best Jaccard per ring (mean) | "
             "organisers P / R | decoy persons / claims in rings |", "|---|---|---|---|---|---|---|"]
    table += [fmt_quality(label, q) for label, q in rows]
    res_rows = [("bench graph", resolution(build_leads(G, rings=[], config={"leads": {"exclude_status": []}}),
                                            truth["respondent_of"]))]
    res_rows += synth_resolution([int(s) for s in a.synth_seeds.split(",") if s], a.synth_projects)
    res_table = ["| data | claims named only in words | resolved correctly | wrongly | left unresolved |",
                 "|---|---|---|---|---|"]
    res_table += [f"| {label} | {q['claims']:,} | {q['correct']:,} | {q['wrong']:,} | {q['unresolved']:,} |"
                  for label, q in res_rows]
    for line in table + [""] + res_table:
        print(line)
    text = "\n".join([
        "## Rings and leads (`benchmarks/rings_bench.py`)",
        "",
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, networkx {nx.__version__}. Run: `python benchmarks/rings_bench.py`.",
        "",
        f"Graph: {n_claims:,} claims, {n_persons:,} persons, {G.number_of_nodes():,} nodes, "
        f"{G.number_of_edges():,} edges, generated straight into the graph model (seed {a.seed}).",
        "",
        "| step | seconds | output |",
        "|---|---|---|",
        f"| `find_rings(G)` | {t_rings:.1f} | {len(rings)} rings, {len(findings)} X-EXTORT findings |",
        f"| `build_leads(G, rings=rings)` | {t_leads:.1f} | {len(leads):,} leads, {resolved:,} with a resolved "
        f"respondent |",
        f"| total | {t_rings + t_leads:.1f} | target < 60 s on 2 cores |",
        "",
        "Quality against truth (member level: predicted ring members vs the union of true ring members):",
        "",
        *table,
        "",
        "Respondent resolution of the leads (exact code/name, chain, fuzzy company names with blocking):",
        "",
        *res_table,
    ])
    if not a.no_write:
        write_results(text)
        print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
