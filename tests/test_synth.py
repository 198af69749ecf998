"""The bundle generator: determinism, integrity, realism, and that truth.json tells the truth.

``_independent_findings`` re-derives every finding from the written CSV files with pandas, apart
from the generator's own bookkeeping, so a planted scenario that silently fires an extra rule (or
fails to fire its own) shows up here.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from graphchain.analysis.config import DEFAULTS, known_settings
from graphchain.ids import is_valid_credit_code, is_valid_id_number
from graphchain.legal import RULES
from graphchain.schema import TABLES
from graphchain.synth import COLUMNS, FILES, generate, oracle, scenarios, write_bundle
from graphchain.synth import rings as synth_rings
from graphchain.synth.builder import Builder, Project
from graphchain.synth.rows import Rows
from graphchain.synth.scenarios import scenario

N, SEED = 200, 7


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    return write_bundle(tmp_path_factory.mktemp("synth") / "b", N, SEED)


@pytest.fixture(scope="module")
def truth(bundle) -> dict:
    return json.loads((bundle / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def frames(bundle) -> dict[str, pd.DataFrame]:
    return {t: pd.read_csv(bundle / f"{t}.csv", dtype=str, keep_default_na=False, encoding="utf-8") for t in FILES}


def _key(f: dict) -> tuple[str, str, str]:
    return f["rule"], f["project_id"], f["subject"]


# ------------------------------------------------------------------ determinism and files
def _digest(path: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in sorted(path.iterdir())}


def test_same_seed_same_bytes(tmp_path):
    a = _digest(write_bundle(tmp_path / "a", 30, 3))
    b = _digest(write_bundle(tmp_path / "b", 30, 3))
    assert a == b
    assert set(a) == {f"{t}.csv" for t in FILES} | {"truth.json"}


def test_different_seed_differs(tmp_path):
    a = _digest(write_bundle(tmp_path / "a", 30, 3))
    b = _digest(write_bundle(tmp_path / "b", 30, 4))
    assert all(a[f] != b[f] for f in a)


def test_headers_follow_the_schema(bundle):
    for t in FILES:
        with (bundle / f"{t}.csv").open(encoding="utf-8") as fh:
            header = next(csv.reader(fh))
        schema = [c.name for c in TABLES[t].columns]
        assert header == [c for c in schema if c in header]  # schema columns, in schema order


def test_generate_returns_the_written_rows(tmp_path):
    tables, truth = generate(12, 5)
    path = write_bundle(tmp_path / "g", 12, 5)
    assert truth == json.loads((path / "truth.json").read_text(encoding="utf-8"))
    for t in FILES:
        with (path / f"{t}.csv").open(encoding="utf-8") as fh:
            written = list(csv.DictReader(fh))
        assert len(written) == len(tables[t])

        def text(v):
            return "" if v is None else ("true" if v else "false") if isinstance(v, bool) else str(v)

        assert [{k: text(v) for k, v in row.items()} for row in tables[t]] == written


@pytest.mark.parametrize("n", [1, 2, 5, 20])
def test_small_bundles_work(tmp_path, n):
    path = write_bundle(tmp_path / f"n{n}", n, 11)
    truth = json.loads((path / "truth.json").read_text(encoding="utf-8"))
    assert truth["n_projects"] == n
    assert len(pd.read_csv(path / "projects.csv", dtype=str)) == n


def test_the_bundle_reader_accepts_it(bundle):
    from graphchain.bundle import read_bundle

    b = read_bundle(bundle)
    assert b.counts["projects"] == N
    assert not b.rejected


def test_rows_per_project(frames):
    total = sum(len(df) for df in frames.values())
    assert total >= 100 * N
    per = Counter()
    for t in ("contracts", "payments", "employment", "claims"):
        per.update(frames[t]["project_id"][frames[t]["project_id"] != ""])
    assert min(per[p] for p in frames["projects"]["project_id"]) >= 35


# ------------------------------------------------------------------ integrity
def test_ids_unique_and_references_resolve(frames, truth):
    f = frames
    for t in FILES:
        key = TABLES[t].key or "employment_id"
        assert f[t][key].is_unique, t
        assert (f[t][key] != "").all()
    parties, persons = set(f["parties"]["party_id"]), set(f["persons"]["person_id"])
    assert not parties & persons
    agents = parties | persons
    projects, contracts, claims = set(f["projects"]["project_id"]), set(f["contracts"]["contract_id"]), \
        set(f["claims"]["claim_id"])
    assert set(f["projects"]["owner_id"]) <= parties
    c = f["contracts"]
    assert set(c["project_id"]) <= projects and set(c["from_id"]) <= parties and set(c["to_id"]) <= parties
    t = f["payments"]
    assert set(t["payer_id"]) <= agents and set(t["payee_id"]) <= agents
    assert set(t["project_id"]) - {""} <= projects and set(t["contract_id"]) - {""} <= contracts
    e = f["employment"]
    assert set(e["person_id"]) <= persons and set(e["project_id"]) <= projects and set(e["employer_id"]) <= parties
    cl = f["claims"]
    assert set(cl["claimant_id"]) <= persons and set(cl["project_id"]) - {""} <= projects
    assert set(cl["respondent_id"]) - {""} <= parties
    # truth points at real things, of the kind legal.py says
    kinds = {"contract": contracts, "party": parties, "person": persons, "project": projects}
    for x in truth["findings"]:
        assert x["project_id"] in projects
        assert x["subject"] in kinds[RULES[x["rule"]].subject], x
    for ring in truth["rings"]:
        assert set(ring["members"]) <= persons and set(ring["organizers"]) <= set(ring["members"])
        assert set(ring["claims"]) <= claims and set(ring["projects"]) <= projects
    for entry in truth["liability"]:
        assert entry["project_id"] in projects and entry["claimant_id"] in persons
        assert entry["claim_id"] is None or entry["claim_id"] in claims
        assert {x["party_id"] for x in entry["expected"]} <= parties
    assert set(truth["decoys"]["lawful_main_structure_labour"]) <= contracts
    assert set(truth["decoys"]["lawful_projects"]) <= projects


def test_registration_numbers_and_identifiers(frames, truth):
    p = frames["parties"]
    companies, people = p[p["kind"] == "company"], p[p["kind"] == "individual"]
    assert len(companies) and len(people)
    assert all(is_valid_credit_code(x) for x in companies["credit_code"])
    assert companies["credit_code"].is_unique
    assert (companies["name"].str.endswith("有限公司")).all()
    assert all(is_valid_id_number(x) for x in people["id_number"])
    # an actual constructor claiming his price is registered as a person too: one 身份证号, one human
    same = {person: party for party, person in truth["same_human"]}
    assert same
    persons = frames["persons"].set_index("person_id")
    idn = p.set_index("party_id")["id_number"]
    assert all(persons.at[w, "id_number"] == idn[b] and persons.at[w, "name"] == p.set_index("party_id").at[b, "name"]
               for w, b in same.items())
    ids = list(people["id_number"]) + list(persons.id_number[~persons.index.isin(list(same))])
    assert all(is_valid_id_number(x) for x in ids)
    assert len(set(ids)) == len(ids)
    mobile = re.compile(r"^1[3-9]\d{9}$")
    assert all(mobile.match(x) for x in list(people["phone"]) + list(frames["persons"]["phone"]))
    accounts = [x for x in list(p["bank_account"]) + list(frames["persons"]["bank_account"]) if x]
    assert all(re.fullmatch(r"\d{16,19}", x) for x in accounts)
    assert all(re.fullmatch(r"\d{16,19}", x) for x in frames["projects"]["wage_account"] if x)
    names = frames["persons"]["name"]
    assert names.str.fullmatch(r"[\u4e00-\u9fff]{2,3}").all()
    assert frames["projects"]["name"].str.endswith("工程").all()
    assert frames["projects"]["district"].str.endswith("区").all()
    for t, cols in {"projects": ["start", "end"], "contracts": ["signed"], "payments": ["paid"],
                    "claims": ["filed"], "employment": ["start", "end"]}.items():
        for col in cols:
            s = frames[t][col][frames[t][col] != ""]
            assert s.between("2022-01-01", "2025-12-31").all(), (t, col)
    amounts = frames["contracts"]["amount"].astype(int)
    assert amounts.min() >= 100_000 and amounts.max() <= 500_000_000
    assert (frames["payments"]["amount"].astype(int) > 0).all()


# ------------------------------------------------------------------ the truth
def _tie(f: dict[str, pd.DataFrame]) -> tuple[pd.Series, pd.Series]:
    """docs/legal-rules.md F: the project of every payment and claim (tagged, or tied; "" when neither)."""
    on: dict[str, set[str]] = {}
    for a, b in (("contracts", "from_id"), ("contracts", "to_id"), ("employment", "person_id"),
                 ("employment", "employer_id")):
        for x, pid in zip(f[a][b], f[a]["project_id"], strict=True):
            on.setdefault(x, set()).add(pid)
    e = f["employment"]
    employed = e.groupby("person_id")["project_id"].agg(set).to_dict()
    t = f["payments"]
    pay = [pid or (lambda s: next(iter(s)) if len(s) == 1 else "")(on.get(a, set()) & on.get(b, set()))
           for pid, a, b in zip(t.project_id, t.payer_id, t.payee_id, strict=True)]
    cl = f["claims"]
    tied = []
    for pid, who, resp in zip(cl.project_id, cl.claimant_id, cl.respondent_id, strict=True):
        mine = employed.get(who, set())
        theirs = mine & on.get(resp, set()) if resp else set()
        tied.append(pid or (next(iter(mine)) if len(mine) == 1 else next(iter(theirs)) if len(theirs) == 1 else ""))
    return pd.Series(pay, index=t.index), pd.Series(tied, index=cl.index)


def _independent_findings(f: dict[str, pd.DataFrame]) -> set[tuple[str, str, str]]:
    """docs/legal-rules.md (v2) A, C, D re-derived from the CSV text (interpretation: synth.oracle.evaluate)."""
    out: set[tuple[str, str, str]] = set()
    parties = f["parties"].set_index("party_id")
    kind = parties["kind"].to_dict()
    quals = {k: set(filter(None, v.split(";"))) for k, v in parties["qualifications"].items()}
    persons = f["persons"].set_index("person_id")["id_number"].to_dict()
    proj = f["projects"].set_index("project_id")
    owner = proj["owner_id"].to_dict()
    for pid, row in proj.iterrows():
        if row["guarantee"] in ("", "0"):
            out.add(("C-GUARANTEE", pid, pid))
        if row["wage_account"] == "":
            out.add(("C-ACCOUNT", pid, pid))

    c = f["contracts"].copy()
    c["amount"] = c["amount"].astype(int)
    c["owner"] = c["project_id"].map(owner)
    c["by_owner"] = c["from_id"] == c["owner"]
    epc = set(zip(c.project_id[c.by_owner & (c.type == "epc")], c.to_id[c.by_owner & (c.type == "epc")], strict=True))
    c["epc_let"] = [(p, a) in epc and t == "general" for p, a, t in zip(c.project_id, c.from_id, c.type, strict=True)]
    gc = set(zip(c.project_id[(c.by_owner & (c.type == "general")) | c.epc_let],
                 c.to_id[(c.by_owner & (c.type == "general")) | c.epc_let], strict=True))
    received = c[~c.by_owner].groupby(["project_id", "to_id"])["type"].agg(set).to_dict()
    need = {"general": {"general"}, "specialty": {"specialty", "general"}, "labour": {"labour"}}
    general = c[c.by_owner & (c.type == "general")]
    for (pid, _section), grp in general.groupby(["project_id", "section"]):
        if len(grp) >= 2:
            out.add(("R-OWNER-ILLEGAL", pid, grp.contract_id.min()))
    for r in c.itertuples():
        bad = "individual" if kind[r.to_id] == "individual" else (
            "unqualified" if r.type in need and not (quals[r.to_id] & need[r.type]) else None)
        if r.by_owner:
            if bad or r.type == "labour":
                out.add(("R-OWNER-ILLEGAL", r.project_id, r.contract_id))
            continue
        if bad:
            out.add(("R-SUB-INDIVIDUAL" if bad == "individual" else "R-SUB-UNQUALIFIED", r.project_id, r.contract_id))
        main = r.main_structure == "true" or ("主体结构" in r.scope and "劳务" not in r.scope)
        if (r.project_id, r.from_id) in gc and r.type != "labour" and main and "钢结构" not in r.scope:
            out.add(("R-MAIN-STRUCTURE", r.project_id, r.contract_id))
        got = received.get((r.project_id, r.from_id), set())
        if "labour" in got or ("specialty" in got and r.type != "labour"):
            out.add(("R-RESUB", r.project_id, r.contract_id))
    amt_in = c.groupby(["project_id", "to_id"])["amount"].sum()
    lets = c[~c.epc_let]
    amt_out = lets.groupby(["project_id", "from_id"])["amount"].sum()
    whole = c.scope.str.contains("全部工程|整体")
    got_whole = set(zip(c.project_id[whole], c.to_id[whole], strict=True))
    lw = lets[whole[~c.epc_let] & ((lets.type == "labour") | ~lets.scope.str.contains("劳务"))]
    let_whole = set(zip(lw.project_id, lw.from_id, strict=True))
    let_whole_labour = set(zip(lw.project_id[lw.type == "labour"], lw.from_id[lw.type == "labour"], strict=True))
    for (pid, x), got in amt_in.items():
        let = amt_out.get((pid, x), 0)
        if x != owner[pid] and let and (let >= 0.9 * got or ((pid, x) in got_whole and (pid, x) in let_whole)
                                        or (pid, x) in let_whole_labour):
            out.add(("R-TRANSFER", pid, x))
    import networkx as nx

    for pid, grp in c.groupby("project_id"):
        g = nx.DiGraph()
        for a, b, e_let in zip(grp.from_id, grp.to_id, grp.epc_let, strict=True):
            g.add_edge(a, b, w=0 if e_let else 1)
        if not nx.is_directed_acyclic_graph(g):
            out.add(("R-CYCLE", pid, pid))
        longest = max((sum(g.edges[a, b]["w"] for a, b in zip(path, path[1:], strict=False))
                       for t in g.nodes if t != owner[pid] for path in nx.all_simple_paths(g, owner[pid], t)),
                      default=0)
        if longest > 3:
            out.add(("R-DEPTH", pid, pid))

    pay_pid, claim_pid = _tie(f)
    t = f["payments"].copy()
    t["amount"] = t["amount"].astype(int)
    loose = t[t.project_id == ""]
    t["project_id"] = pay_pid
    t = t[t.project_id != ""]
    e = f["employment"]
    graph = set(zip(c.project_id, c.from_id, strict=True)) | set(zip(c.project_id, c.to_id, strict=True))
    contractees = c.groupby(["project_id", "from_id"])["to_id"].agg(set).to_dict()
    staff = set(zip(e.project_id, e.employer_id, strict=True))
    crew = set(zip(e.project_id[e.role != "manager"], e.employer_id[e.role != "manager"], strict=True))
    pin = t.groupby(["project_id", "payee_id"])["amount"].sum()
    passed = t[~t.purpose.isin(["materials", "wage"])]
    for (pid, x) in amt_in.index:
        got = pin.get((pid, x), 0)
        if x == owner[pid] or got <= 0 or (pid, x) in staff:
            continue
        down = contractees.get((pid, x), set())
        mine = passed[(passed.project_id == pid) & (passed.payer_id == x)]
        fwd = mine.amount[[y in down or (pid, y) not in graph for y in mine.payee_id]].sum()
        if fwd >= 0.9 * got:
            out.add(("R-TRANSFER-FEE", pid, x))
    cto = c.set_index("contract_id")["to_id"].to_dict()
    not_mat = t[t.purpose != "materials"]
    with_k = not_mat[not_mat.contract_id != ""]
    for r in with_k[with_k.payee_id != with_k.contract_id.map(cto)].itertuples():
        out.add(("R-PAY-BYPASS", r.project_id, r.contract_id))
    outside = not_mat[[y in kind and (p, y) not in graph for p, y in zip(not_mat.project_id, not_mat.payee_id,
                                                                         strict=True)]]
    fwd_to = outside.groupby(["project_id", "payer_id", "payee_id"])["amount"].sum()
    on_k = with_k.groupby("contract_id")["amount"].sum()
    on_k_to = with_k.groupby(["contract_id", "payee_id"])["amount"].sum()
    fees = set(zip(t.project_id[t.purpose == "fee"], t.payer_id[t.purpose == "fee"], t.payee_id[t.purpose == "fee"],
                   strict=True))
    for r in c.itertuples():
        pid, x, k = r.project_id, r.to_id, r.contract_id
        got = on_k_to.get((k, x), 0)
        ys = {y: a for (p, a0, y), a in fwd_to.items() if p == pid and a0 == x} if (pid, x) in \
            set(fwd_to.index.droplevel(2)) else {}
        if got > 0 and any(a >= 0.95 * got for a in ys.values()):
            out.add(("R-PAY-BYPASS", pid, k))
        total = on_k.get(k, 0)
        if total <= 0:
            continue
        direct = {y: a for (k2, y), a in on_k_to.items() if k2 == k and y != x and y in kind and (pid, y) not in graph}
        for y in set(ys) | set(direct):
            if ys.get(y, 0) + direct.get(y, 0) >= 0.9 * total and (
                    ((pid, y) in crew and (pid, x) not in crew) or (pid, x) not in staff or (pid, y, x) in fees):
                out.add(("R-NAME-LENDING", pid, x))
    registered = set(zip(e.project_id, e.person_id, strict=True))
    idn = f["parties"].set_index("party_id")["id_number"].to_dict()
    holders = {(p, idn[x]) for p, x in zip(c.project_id, c.to_id, strict=True) if idn.get(x)}
    cl = f["claims"].copy()
    cl["project_id"] = claim_pid
    cl = cl[cl.project_id != ""]
    wages_cl = cl[cl.kind.isin(["", "wages"])]
    wage_t = t[t.purpose == "wage"]
    for pid, who in list(zip(wage_t.project_id, wage_t.payee_id, strict=True)) + \
            list(zip(wages_cl.project_id, wages_cl.claimant_id, strict=True)):
        if who in persons and (pid, who) not in registered and (pid, persons[who]) not in holders:
            out.add(("C-REALNAME", pid, who))
    ok = wage_t.groupby(["project_id", "payee_id"])["via_wage_account"].agg(lambda s: (s == "true").all()).to_dict()
    for r in e[e.role.isin(["worker", ""])].itertuples():
        if not ok.get((r.project_id, r.person_id), False):
            out.add(("C-DIRECTPAY", r.project_id, r.employer_id))
    # X-REFUSE: amount (records, and wage claims of people with no record there) and conduct
    owing = e[(e.wage_due != "")].copy()
    owing["owed"] = owing.wage_due.astype(int) - owing.wage_paid.replace("", "0").astype(int)
    owing = owing[owing.owed > 0]
    owing["months"] = (pd.to_datetime(owing.end) - pd.to_datetime(owing.start)).dt.days.add(1) / (365.25 / 12)
    owing["ratio"] = owing.owed / (owing.wage_due.astype(int) / owing.months)
    unreg = wages_cl[(wages_cl.respondent_id != "").to_numpy() & [
        (p, w) not in registered for p, w in zip(wages_cl.project_id, wages_cl.claimant_id, strict=True)]]
    debts: dict[tuple[str, str], list] = {}
    for r in owing.itertuples():
        debts.setdefault((r.project_id, r.employer_id), []).append((r.owed, r.ratio, 1))
    for r in unreg.itertuples():
        debts.setdefault((r.project_id, r.respondent_id), []).append((int(r.amount), 0, int(r.workers or 1)))
    absconded = set(parties.index[parties.absconded != ""])
    o = f["orders"]
    posted = set(zip(o.party_id[o.served == "posted"], o.project_id[o.served == "posted"], strict=True))
    workers_of = e.groupby(["project_id", "employer_id"])["person_id"].agg(set).to_dict()
    for (pid, x), lst in debts.items():
        total = sum(a for a, _, _ in lst)
        if not (any(a >= 5000 and q >= 3 for a, q, _ in lst) or (sum(h for _, _, h in lst) >= 10 and total >= 30000)):
            continue
        receipts = t[(t.project_id == pid) & (t.payee_id == x)]
        conduct = x in absconded or (x, pid) in posted or (x, "") in posted
        if len(receipts) and not conduct:
            mine_cl = cl[(cl.project_id == pid) & ((cl.respondent_id == x) |
                                                   cl.claimant_id.isin(workers_of.get((pid, x), set())))]
            last = mine_cl.filed.max() if len(mine_cl) else "9999"
            down = contractees.get((pid, x), set())
            paid = pd.concat([t[(t.project_id == pid) & (t.payer_id == x)], loose[loose.payer_id == x]])
            moved = paid[~paid.payee_id.isin(down) & (paid.purpose != "wage") & (paid.paid >= receipts.paid.min())
                         & (paid.paid <= last)]
            to_down = t.amount[(t.project_id == pid) & (t.payer_id == x) & t.payee_id.isin(down)].sum()
            conduct = len(moved) > 0 or receipts.amount.sum() - to_down >= total
        if conduct:
            out.add(("X-REFUSE", pid, x))
    return out


def test_truth_lists_exactly_what_the_rules_imply(frames, truth):
    mine = _independent_findings(frames)
    theirs = {_key(x) for x in truth["findings"]}
    assert len(theirs) == len(truth["findings"])
    assert sorted(mine - theirs)[:10] == [] and sorted(theirs - mine)[:10] == []


def test_every_rule_appears_many_times(truth):
    counts = Counter(x["rule"] for x in truth["findings"])
    wanted = [r for r, rule in RULES.items() if rule.section in "ACD" and r != "X-EXTORT"]
    assert len(wanted) == 16
    assert {r: counts[r] for r in wanted if counts[r] < 4} == {}


def test_findings_are_sorted_and_subjects_have_the_right_kind(truth):
    keys = [(x["project_id"], x["rule"], x["subject"]) for x in truth["findings"]]
    assert keys == sorted(keys)
    for x in truth["findings"]:
        if RULES[x["rule"]].subject == "project":
            assert x["subject"] == x["project_id"]


def test_lawful_projects_are_clean(frames, truth):
    lawful = set(truth["decoys"]["lawful_projects"])
    assert len(lawful) >= 0.3 * N
    assert not lawful & {x["project_id"] for x in truth["findings"]}
    proj = frames["projects"].set_index("project_id")
    c = frames["contracts"]
    t = frames["payments"]
    e = frames["employment"]
    for pid in sorted(lawful):
        assert proj.at[pid, "wage_account"] and int(proj.at[pid, "guarantee"]) > 0
        cs = c[c.project_id == pid]
        general = cs[cs.from_id == proj.at[pid, "owner_id"]]
        assert len(general) == 1 and general.type.iloc[0] == "general"
        k = general.contract_id.iloc[0]
        progress = t[(t.contract_id == k) & (t.purpose == "progress")]
        assert progress.amount.astype(int).sum() == int(general.amount.iloc[0])
        gc = general.to_id.iloc[0]
        assert cs[cs.from_id == gc].amount.astype(int).sum() < 0.7 * int(general.amount.iloc[0])
        es = e[(e.project_id == pid) & (e.role != "manager")]
        assert (es.wage_due == es.wage_paid).all() and (es.wage_due.astype(int) > 0).all()
        assert set(cs.to_id) <= set(e[(e.project_id == pid) & (e.role == "manager")].employer_id) | set()
        w = t[(t.project_id == pid) & (t.purpose == "wage")]
        assert (w.via_wage_account == "true").all() and (w.payer_id == gc).all()
    assert frames["claims"][frames["claims"].project_id.isin(lawful)].empty


def test_rings(frames, truth):
    rings = truth["rings"]
    sizes = sorted(len(r["members"]) for r in rings)
    assert len(rings) >= 3
    assert sizes[0] <= 4 and any(6 <= s <= 12 for s in sizes) and sizes[-1] >= 15
    claims = frames["claims"].set_index("claim_id")
    e = frames["employment"]
    registered = set(zip(e.project_id, e.person_id, strict=True))
    persons = frames["persons"].set_index("person_id")
    t = frames["payments"]
    c = frames["contracts"]
    on_chain = c.groupby("project_id")["to_id"].agg(set).to_dict()
    party_name = frames["parties"].set_index("party_id")["name"].to_dict()

    def respondent(row) -> str:
        """respondent_id, or the one party on the project's chain the written name stands for."""
        if row.respondent_id:
            return row.respondent_id
        hits = [x for x in sorted(on_chain[row.project_id]) if party_name[x].startswith(row.respondent_name)]
        assert len(hits) == 1, (row.respondent_name, hits)
        return hits[0]

    cues = Counter()
    for ring in rings:
        cl = claims.loc[ring["claims"]].copy()
        assert set(cl.claimant_id) == set(ring["members"])
        cl["respondent"] = [respondent(row) for row in cl.itertuples()]
        for _m, grp in cl.groupby("claimant_id"):
            assert grp.project_id.nunique() >= 3 and grp.respondent.nunique() >= 3
            days = pd.to_datetime(grp.filed)
            assert (days.max() - days.min()).days <= 730
        unregistered = sum((p, w) not in registered for p, w in zip(cl.project_id, cl.claimant_id, strict=True))
        assert unregistered >= 0.6 * len(cl)
        for gid, grp in cl.groupby("group_id"):  # the organisers are in every group
            if gid:
                assert set(ring["organizers"]) <= set(grp.claimant_id)
        for _pid, grp in cl.groupby("project_id"):  # ... and claim on every site, with or without a group
            assert set(ring["organizers"]) <= set(grp.claimant_id)
        cues.update(no_group=(cl.group_id == "").sum(), no_rep=(~cl.text.str.contains("代表")).sum(),
                    no_respondent_id=(cl.respondent_id == "").sum(), all=len(cl))
        # shared identifiers: every member shares a phone, account or address with another member
        mem = persons.loc[ring["members"]]
        shared = set()
        for col in ("phone", "bank_account", "address"):
            vc = mem[col][mem[col] != ""].value_counts()
            shared |= set(mem.index[mem[col].isin(vc[vc > 1].index)])
        assert len(shared) >= 0.5 * len(mem)
        # settlements reach the organisers
        to_org = t[t.payee_id.isin(ring["organizers"]) & (t.purpose == "other")]
        assert to_org.amount.astype(int).sum() > 0
    # detection must not lean on the batch cues: many ring claims come without a group id, without
    # "X代表Y等N人", or name their respondent in words only
    assert all(0.15 * cues["all"] <= cues[k] <= 0.7 * cues["all"] for k in ("no_group", "no_rep", "no_respondent_id"))


def test_decoys(frames, truth):
    d = truth["decoys"]
    e = frames["employment"]
    claims = frames["claims"].set_index("claim_id")
    owed = {(r.project_id, r.person_id): int(r.wage_due) - int(r.wage_paid)
            for r in e[e.wage_due != ""].itertuples()}
    col = claims.loc[d["collective_arrears"]["claims"]]
    assert len(col)
    for gid, grp in col.groupby("group_id"):
        assert gid and len(grp) >= 15 and grp.project_id.nunique() == 1
        for r in grp.itertuples():
            assert 0 < int(r.amount) <= owed[(r.project_id, r.claimant_id)]
    assert set(col.claimant_id) == set(d["collective_arrears"]["persons"])
    assert len(d["movers"]) >= 3
    tied = truth["attributed_claims"]
    loose = {x["claim_id"]: x["candidates"] for x in truth["unattributed"]["claims"]}
    for m in d["movers"]:
        sites = set(e.project_id[e.person_id == m])
        assert len(sites) >= 3
        mine = claims[claims.claimant_id == m]
        where = [pid or tied.get(cid, "") for cid, pid in zip(mine.index, mine.project_id, strict=True)]
        assert set(where) - {""} | {s for cid in mine.index if cid in loose for s in loose[cid]} == sites
        for cid, pid, amount in zip(mine.index, where, mine.amount, strict=True):
            assert 0 < int(amount) <= owed[(pid, m)] if pid else set(loose[cid]) == sites
    persons = frames["persons"].set_index("person_id")
    kinds = {h["kind"] for h in d["hub_identifiers"]}
    assert kinds == {"phone", "bank_account"}
    for h in d["hub_identifiers"]:
        assert len(h["persons"]) >= 20
        assert (persons.loc[h["persons"], h["kind"]] == h["value"]).all()
        assert (persons[h["kind"]] == h["value"]).sum() == len(h["persons"])
        assert e[e.person_id.isin(h["persons"])].project_id.nunique() >= 5
    # hub holders who claim: suspicious (no real-name record where they claim) but innocent, each
    # on other sites, a day labourer or two on three; the hub is all they share
    registered = set(zip(e.project_id, e.person_id, strict=True))
    findings = {_key(x) for x in truth["findings"]}
    with_liability = {x["claim_id"] for x in truth["liability"]}
    real_arrears = set(d["movers"]) | set(d["collective_arrears"]["persons"])

    def lone_claims(cl: pd.DataFrame) -> None:
        assert cl.project_id.is_unique and (cl.group_id == "").all() and (cl.respondent_id != "").all()
        for r in cl.itertuples():
            assert (r.project_id, r.claimant_id) not in registered
            assert ("C-REALNAME", r.project_id, r.claimant_id) in findings and r.Index in with_liability

    hub_claimants = set()
    for h in d["hub_identifiers"]:
        assert 3 <= len(h["claimants"]) and set(h["claimants"]) <= set(h["persons"]) - real_arrears
        cl = claims.loc[h["claims"]]
        assert set(cl.claimant_id) == set(h["claimants"])
        assert set(e.person_id[e.person_id.isin(h["claimants"])]) == set(h["claimants"])  # workers elsewhere
        lone_claims(cl)
        assert cl.groupby("claimant_id").size().max() == 3  # the day labourer: a serial claimant alone
        hub_claimants |= set(h["claimants"])
    # fellow villagers (老乡): one address (some a phone too), ONE unregistered claim each, each on
    # another site — linked, suspicious, never a serial claimant
    villagers = set()
    assert len(d["villagers"]) >= 4 and any(v["phone"] for v in d["villagers"])
    for v in d["villagers"]:
        assert 4 <= len(v["persons"]) <= 8 and len(v["claims"]) == len(v["persons"])
        assert (persons["address"] == v["address"]).sum() == len(v["persons"])
        assert (persons.loc[v["persons"], "address"] == v["address"]).all()
        if v["phone"]:
            assert (persons.loc[v["persons"], "phone"] == v["phone"]).sum() >= 2
        cl = claims.loc[v["claims"]]
        assert sorted(cl.claimant_id) == sorted(v["persons"])
        assert claims.claimant_id.isin(v["persons"]).sum() == len(v["persons"])  # nobody claims twice
        assert not e.person_id.isin(v["persons"]).any()
        lone_claims(cl)
        villagers |= set(v["persons"])
    ring_members = {m for r in truth["rings"] for m in r["members"]}
    assert not ring_members & (real_arrears | hub_claimants | villagers)
    assert not villagers & (hub_claimants | real_arrears)
    c = frames["contracts"].set_index("contract_id")
    quals = frames["parties"].set_index("party_id")["qualifications"]
    ms = c.loc[d["lawful_main_structure_labour"]]
    assert len(ms) >= 20
    assert (ms.type == "labour").all() and (ms.main_structure == "true").all()
    assert ms.to_id.map(quals).str.contains("labour").all()


def _owner_caps(frames, pid: str) -> dict[str, int]:
    """What the owner has not settled of each of its contracts on pid (docs/legal-rules.md B, L-OWNER-ADV)."""
    proj = frames["projects"].set_index("project_id")
    owner = proj.at[pid, "owner_id"]
    c, t = frames["contracts"], frames["payments"]
    mine = t[(t.payer_id == owner) & (t.project_id == pid)]
    caps = {}
    for r in c[(c.project_id == pid) & (c.from_id == owner)].itertuples():
        paid = mine.amount[(mine.contract_id == r.contract_id) | (mine.payee_id == r.to_id) |
                           (mine.via_wage_account == "true")].astype(int).sum()
        caps[r.contract_id] = int(r.settled or r.amount) - paid
    return caps


def test_liability(frames, truth):
    lia = truth["liability"]
    assert len(lia) > 100
    claims = frames["claims"].set_index("claim_id")
    c = frames["contracts"]
    proj = frames["projects"].set_index("project_id")
    parties = frames["parties"].set_index("party_id")
    ring_claims = {x for r in truth["rings"] for x in r["claims"]}
    loose = {x["claim_id"] for x in truth["unattributed"]["claims"]}
    lenders = {(x["project_id"], x["subject"]) for x in truth["findings"] if x["rule"] == "R-NAME-LENDING"}

    def licensed(x: str) -> bool:
        lic = parties.at[x, "licence"]
        return lic == "active" if parties.at[x, "kind"] == "individual" else lic in ("", "active")

    kinds = Counter()
    for entry in lia:
        pid = entry["project_id"]
        if entry["claim_id"]:
            cl = claims.loc[entry["claim_id"]]
            assert cl.claimant_id == entry["claimant_id"]
            assert (cl.project_id or truth["attributed_claims"][entry["claim_id"]]) == pid
            assert entry["claim_id"] not in ring_claims | loose
            assert (cl.kind or "wages") == entry.get("kind", "wages")
        liab = [x["liability"] for x in entry["expected"]]
        kinds.update(liab)
        assert liab.count("direct") == 1
        owner = proj.at[pid, "owner_id"]
        mine = c[c.project_id == pid]
        top = mine[mine.from_id == owner]
        gcs = set(top.to_id) | set(mine.to_id[mine.from_id.isin(top.to_id[top.type == "epc"]) &
                                              (mine.type == "general")])
        for x in entry["expected"]:
            if x["liability"] == "first_pay":
                assert x["party_id"] in gcs
            if x["liability"] == "advance":
                assert x["party_id"] == owner and x["cap"] > 0 and x["cap"] in _owner_caps(frames, pid).values()
            if x["liability"] == "pay" and entry.get("kind", "wages") == "wages":
                # 条例 36① / 解释（二）1 turn on 合法经营资格, not on 资质; or the name lender (条例 36②)
                let_to = mine.to_id[mine.from_id == x["party_id"]]
                assert (pid, x["party_id"]) in lenders or any(not licensed(y) for y in let_to)
        if entry.get("kind") in ("injury", "price"):  # not wage arrears: the wage rules do not apply
            assert "first_pay" not in liab and entry["amount"] == int(claims.at[entry["claim_id"], "amount"])
        if entry.get("kind") == "injury":
            assert "advance" not in liab
    assert {"direct", "first_pay", "pay", "advance", "joint"} <= set(kinds)
    assert Counter(x.get("kind", "wages") for x in lia).keys() == {"wages", "injury", "price"}


def test_owner_that_paid_everything_owes_no_advance(frames, truth):
    """L-OWNER-ADV (条例 29②): the cap counts every payment, 人工费 into the wage account included."""
    fee = [p for p, sc in truth["scenarios"].items() if "wage_fee" in sc]
    assert fee
    t, c = frames["payments"], frames["contracts"]
    proj = frames["projects"].set_index("project_id")
    seen = 0
    for pid in fee:
        owner = proj.at[pid, "owner_id"]
        k = c[(c.project_id == pid) & (c.from_id == owner)].iloc[0]
        progress = t[(t.contract_id == k.contract_id) & (t.purpose == "progress")].amount.astype(int).sum()
        assert progress < int(k.amount)  # the v1 reading would name the owner to advance the rest
        assert max(_owner_caps(frames, pid).values()) <= 0
        entries = [x for x in truth["liability"] if x["project_id"] == pid]
        seen += len(entries)
        assert all(y["liability"] != "advance" for x in entries for y in x["expected"])
    assert seen


def test_lawful_twins_raise_nothing(frames, truth):
    """The guards of docs/legal-rules.md A, planted as decoys: none raises a finding."""
    twins = truth["decoys"]["lawful_twins"]
    assert set(twins.values()) == {"curtain_wall", "steel", "epc", "sections", "owner_specialty", "materials"}
    assert not set(twins) & {x["project_id"] for x in truth["findings"]}
    c = frames["contracts"]
    t = frames["payments"]
    proj = frames["projects"].set_index("project_id")
    for pid, shape in twins.items():
        cs = c[c.project_id == pid]
        owner = proj.at[pid, "owner_id"]
        if shape == "curtain_wall":
            assert cs.scope.str.startswith("全部幕墙").any()
        elif shape == "steel":
            assert (cs.scope.str.contains("钢结构") & (cs.main_structure == "true") & (cs.type == "specialty")).any()
        elif shape == "epc":
            assert list(cs.type[cs.from_id == owner]) == ["epc"]
        elif shape == "sections":
            top = cs[cs.from_id == owner]
            assert len(top) == 2 and top.section.nunique() == 2
        elif shape == "owner_specialty":
            assert set(cs.type[cs.from_id == owner]) == {"general", "specialty"}
        else:
            assert (t[t.project_id == pid].purpose == "materials").any()
    # the small arrears on a twin: only the GC of the worker's own chain pays first
    for x in truth["liability"]:
        if x["project_id"] in twins and twins[x["project_id"]] in ("epc", "sections", "owner_specialty"):
            firsts = {y["party_id"] for y in x["expected"] if y["liability"] == "first_pay"}
            shape = twins[x["project_id"]]
            cs = c[c.project_id == x["project_id"]]
            owner = proj.at[x["project_id"], "owner_id"]
            if shape == "epc":
                assert len(firsts) == 2 and firsts == set(cs.to_id[cs.from_id == owner]) | set(cs.to_id[
                    cs.from_id.isin(cs.to_id[cs.from_id == owner]) & (cs.type == "general")])
            elif shape == "sections":
                assert len(firsts) == 1
            assert all(y["liability"] != "advance" for y in x["expected"])


def test_three_month_rule(frames, truth):
    """拒付解释 3: ¥9,000 owed is a lead only when it is ≥ 3 months' wages of that worker."""
    projects = [p for p, sc in truth["scenarios"].items() if sc[0] == "refuse_months"]
    assert projects
    e = frames["employment"]
    refuse = {(x["project_id"], x["subject"]) for x in truth["findings"] if x["rule"] == "X-REFUSE"}
    for pid in projects:
        nine = e[(e.project_id == pid) & (e.wage_due != "")]
        nine = nine[nine.wage_due.astype(int) - nine.wage_paid.astype(int) == 9000]
        assert len(nine) == 2
        for r in nine.itertuples():
            months = ((pd.Timestamp(r.end) - pd.Timestamp(r.start)).days + 1) / (365.25 / 12)
            ratio = 9000 / (int(r.wage_due) / months)
            assert ((pid, r.employer_id) in refuse) == (ratio >= 3)
            assert ratio < 1 or ratio > 3.2


def test_v2_inputs(frames, truth):
    """The v2 columns and orders.csv carry what docs/legal-rules.md v2 reads."""
    p, c, t, cl, o = (frames[x] for x in ("parties", "contracts", "payments", "claims", "orders"))
    assert len({"revoked", "cancelled", "none"} & set(p.licence)) >= 2
    assert (p.licence[p.kind == "individual"] == "active").any()  # 个体工商户
    assert (p.absconded != "").any()
    assert {"epc", "general", "specialty", "labour", "other"} == set(c.type)
    assert (c.section != "").any() and (c.settled != "").any()
    assert (c.settled[c.settled != ""].astype(int) <= c.amount[c.settled != ""].astype(int)).all()
    assert {"materials", "wage", "progress", "fee", "other"} <= set(t.purpose)
    assert {"", "injury", "price"} <= set(cl.kind) and (cl.workers != "").any()
    assert len(o) and set(o.party_id) <= set(p.party_id) and set(o.project_id) <= set(frames["projects"].project_id)
    assert (o.deadline > o.issued).all() and set(o.served) <= {"delivered", "posted"}
    assert set(o.complied) == {"true", "false"}
    fled = set(p.party_id[p.absconded != ""])
    assert set(o.party_id[o.served == "posted"]) <= fled
    # money and claims without a project (docs/legal-rules.md F)
    loose = truth["unattributed"]
    assert set(loose["payments"]) <= set(t.payment_id[t.project_id == ""])
    assert loose["claims"] and all(len(x["candidates"]) >= 2 for x in loose["claims"])
    assert set(truth["attributed_claims"]) <= set(cl.claim_id[cl.project_id == ""])
    kin = t[(t.project_id == "") & t.payer_id.isin(fled | set(p.party_id[p.kind == "individual"]))]
    assert len(kin)  # a boss moved money to relatives with untagged transfers




# ------------------------------------------------------------------ the package (graphchain/synth/)
# sha256 of every file of write_bundle(…, 60, 3), computed with the generator before it became a
# package (graphchain/synth.py at e66a6d7): a refactor must keep the bytes. A deliberate change to
# what is generated updates these (and says so in its commit).
PINNED_60_3 = {
    "claims.csv": "6e076a14704382726a744c0715b4bdbf09c50a264f3a982b7034752ab621778b",
    "contracts.csv": "103ca14768bb377ad3abde529a6a25ddb83bb57bb2d97a072037a7aa018ae356",
    "employment.csv": "4b235507c919aee20dc1e4b6adf5be6556ba031da4c5b571e365570a12d81142",
    "orders.csv": "7a09362f37146ab2e5abcda6b1e02b96838e1d0cdf9664951959d0cf06b19cbf",
    "parties.csv": "cf473194ad0870f3f4920dc45f041acca0b0dc93d5af88430015f064f11296d5",
    "payments.csv": "8c144976ea09b88dedea97c485cb41f0f3b9154906eb66326fa18b446c114026",
    "persons.csv": "9d053b13b0f9dfec64788a798bcb478acf6b8c2d153a942814ba6fac7ce4d744",
    "projects.csv": "64a233d8cfc4b87134845b37d8dc70f2fc594b88cd87d869fab17a55e1d5198a",
    "truth.json": "12b0e045a5f332a7efb0f454103ee7f5dc1878b4761e167b1ce42f639139ac6a",
}


def test_bytes_pinned_for_a_seed(tmp_path):
    out = write_bundle(tmp_path / "b", 60, 3)
    got = {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(out.iterdir())}
    assert got == PINNED_60_3


def test_rows_are_dicts_in_schema_order():
    tables, _ = generate(30, 1)
    for t in FILES:
        assert tables[t] and all(list(row) == COLUMNS[t] for row in tables[t]), t
    assert {type(r["written"]) for r in tables["contracts"]} == {bool}
    with pytest.raises(TypeError, match="unexpected keyword argument 'amout'"):
        Rows().payments(payment_id="T1", amout=5)


@pytest.fixture
def registry(monkeypatch):
    """The scenario registry, restored after the test."""
    monkeypatch.setattr(scenarios, "SCENARIOS", dict(scenarios.SCENARIOS))
    return scenarios.SCENARIOS


def test_a_scenario_is_one_decorated_function(registry):
    """The worked example of CONTRIBUTING.md: a GC lets a labour job to an unqualified shell."""

    @scenario("shell_labour", 40)
    def shell_labour(gen: Builder, p: Project) -> None:
        gen.lawful(p)
        shell = gen.pick(p, gen.shells)
        cid = gen.let(p, p.gc, shell, "labour", "劳务作业", None, 500_000)
        gen.pay_contract(p, cid, 500_000)
        gen.team(p, shell, 8, manager=True)
        gen.expect(p, "R-SUB-UNQUALIFIED", cid)

    assert list(registry)[-1] == "shell_labour" and scenarios.deck().count("shell_labour") == 40
    tables, truth = generate(40, 2)
    mine = [pid for pid, sc in truth["scenarios"].items() if sc[0] == "shell_labour"]
    assert mine
    shells = {r["party_id"] for r in tables["parties"] if not r["qualifications"]}
    lets = [c for c in tables["contracts"] if c["project_id"] in mine and c["to_id"] in shells
            and c["type"] == "labour"]
    assert {c["project_id"] for c in lets} == set(mine)
    found = {(f["rule"], f["subject"]) for f in truth["findings"]}
    assert all(("R-SUB-UNQUALIFIED", c["contract_id"]) in found for c in lets)


def test_a_scenario_planting_what_the_rules_do_not_imply_fails(registry):
    @scenario("wrong", 40)
    def wrong(gen: Builder, p: Project) -> None:
        gen.lawful(p)
        gen.expect(p, "R-CYCLE", p.pid)  # a lawful project has no cycle

    with pytest.raises(AssertionError, match="planted but not implied"):
        generate(20, 1)


def test_scenario_names_are_unique(registry):
    with pytest.raises(ValueError, match="registered twice"):
        scenario("transfer_chain", 1)(lambda gen, p: None)


def test_the_oracle_reads_the_settings(monkeypatch):
    """Thresholds come from graphchain/analysis/config.py, not from literals of its own."""
    assert oracle.RULES is DEFAULTS["rules"]
    assert oracle.refuse_amount_met([(9000, 11000, 4.0)], 0)  # 3.3 months' wages
    monkeypatch.setitem(DEFAULTS["rules"], "refuse_months", 4)
    assert not oracle.refuse_amount_met([(9000, 11000, 4.0)], 0)
    monkeypatch.setitem(DEFAULTS["rules"], "refuse_many_total", 1000)
    assert oracle.refuse_amount_met([(100, None, None)] * 10, 0)
    src = Path(oracle.__file__).read_text(encoding="utf-8")
    for literal in ("0.9", "0.95", "5000", "30000", "5_000", "30_000", '"全部工程"', '"劳务"'):
        assert literal not in src


def test_planted_rings_and_decoys_straddle_the_ring_settings():
    s = known_settings()["rings"]
    assert synth_rings.SERIAL == s["min_projects"]
    assert min(lo for lo, _ in synth_rings.RING_SIZES) >= s["min_members"]
    assert 2 * synth_rings.RING_SPREAD <= s["window_days"]  # a member's claims fall in one window
    assert synth_rings.HUB_HOLDERS[0] > s["hub_max_holders"]  # a hub links nobody
