"""Extortion rings (docs/legal-rules.md E): a hand-made ring is found with its organiser, also when it
files one by one without group or representative; the decoys — a collective claim over real
arrears, a worker moving between sites, a hub phone, a stranger filing on the ring's site at the
same time, fellow villagers and hub holders with claims of their own (synth) — never are."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from graphchain import build_graph, read_bundle
from graphchain.analysis.rings import DEFAULTS, claims_subgraph, find_rings, mask
from graphchain.legal import RULES
from graphchain.schema import TABLES
from tests import builders
from tests.builders import id_number

RING = ["R1", "R2", "R3", "R4"]
COLLECTIVE = [f"W{i}" for i in range(1, 11)]
HUB = [f"H{i}" for i in range(1, 51)]


def write_tables(out: Path, tables: dict[str, list[dict]]) -> Path:
    """Write rows as a bundle folder (every column of the schema, empty when not given)."""
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        cols = [c.name for c in TABLES[name].columns]
        with (out / f"{name}.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=cols)
            w.writeheader()
            w.writerows(rows)
    return out


def credit_code(i: int) -> str:
    return builders.credit_code(i, series="MA00")


def hand_tables() -> dict[str, list[dict]]:
    """Five projects; a ring of four sharing a phone on P1–P3; three decoys."""
    parties = [
        {"party_id": "O1", "name": "北京宏达置业有限公司", "kind": "company"},
        {"party_id": "A1", "name": "北京城建宏远建设集团有限公司", "kind": "company", "qualifications": "general"},
        {"party_id": "A2", "name": "河北鑫泰建筑工程有限公司", "kind": "company", "qualifications": "general"},
        {"party_id": "A3", "name": "北京建工正源建设有限公司", "kind": "company", "qualifications": "general"},
        {"party_id": "L1", "name": "北京顺安劳务有限公司", "kind": "company", "qualifications": "labour"},
        {"party_id": "D1", "name": "王建国", "kind": "individual", "id_number": id_number(1)},
    ]
    for i, p in enumerate(parties):
        if p["kind"] == "company":
            p["credit_code"] = credit_code(i)
    projects = [{"project_id": f"P{i}", "name": f"测试项目{i}", "owner_id": "O1"} for i in range(1, 6)]
    gc = {"P1": "A1", "P2": "A2", "P3": "A3", "P4": "A1", "P5": "A2"}
    contracts = [{"contract_id": f"K{p}", "project_id": p, "from_id": "O1", "to_id": a, "type": "general",
                  "amount": "1000000"} for p, a in gc.items()]
    contracts.append({"contract_id": "KL4", "project_id": "P4", "from_id": "A1", "to_id": "L1", "type": "labour",
                      "amount": "300000"})
    contracts.append({"contract_id": "KD5", "project_id": "P5", "from_id": "A2", "to_id": "D1", "type": "labour",
                      "amount": "200000"})
    persons, employment, claims, payments = [], [], [], []
    names = {"R1": "刘大壮", "R2": "陈二虎", "R3": "张三水", "R4": "李四海"}
    for p in RING:
        persons.append({"person_id": p, "name": names[p], "phone": "13800001111",
                        "bank_account": f"62170000100000{p[1]}0000"})
    # the ring: every member claims on P1, P2, P3 against each general contractor, no attendance anywhere
    n = 0
    for i, (proj, month) in enumerate((("P1", "03"), ("P2", "06"), ("P3", "09")), 1):
        for p in RING:
            n += 1
            claims.append({"claim_id": f"CR{n}", "claimant_id": p, "amount": "48000", "filed": f"2024-{month}-10",
                           "group_id": f"GR{i}", "project_id": proj, "respondent_id": gc[proj],
                           "channel": "hotline", "status": "open", "text": "代表刘大壮等4人讨要工资"})
        # the builder settles by paying the organiser
        payments.append({"payment_id": f"TS{i}", "payer_id": gc[proj], "payee_id": "R1", "amount": "150000",
                         "paid": f"2024-{month}-20", "project_id": proj, "purpose": "other"})
    # decoy 1: ten registered workers of L1 on P4 claim exactly what is owed, together, many times
    for i, w in enumerate(COLLECTIVE, 1):
        persons.append({"person_id": w, "name": f"工人{i}", "address": "河南省信阳市固始县"})
        employment.append({"employment_id": f"E{w}", "person_id": w, "project_id": "P4", "employer_id": "L1",
                           "role": "worker", "start": "2023-03-01", "end": "2023-12-31", "days": "200",
                           "wage_due": "40000", "wage_paid": "10000"})
        for j, (ch, day) in enumerate((("hotline", "2024-01-10"), ("arbitration", "2024-03-01"),
                                       ("court", "2024-06-01"))):
            claims.append({"claim_id": f"CW{i}_{j}", "claimant_id": w, "amount": "30000", "filed": day,
                           "group_id": f"GW{j}", "project_id": "P4", "respondent_name": "顺安劳务",
                           "channel": ch, "status": "open", "text": "代表工人1等10人讨要工资"})
    # decoy 2: a worker moving between P1, P2, P3, P5 with attendance everywhere, claiming late wages on each
    persons.append({"person_id": "M1", "name": "周游", "phone": "13900002222"})
    for j, proj in enumerate(("P1", "P2", "P3", "P5")):
        employer = "D1" if proj == "P5" else gc[proj]
        employment.append({"employment_id": f"EM{j}", "person_id": "M1", "project_id": proj, "employer_id": employer,
                           "role": "worker", "start": f"202{j}-03-01", "end": f"202{j}-10-31", "days": "180",
                           "wage_due": "36000", "wage_paid": "30000"})
        claims.append({"claim_id": f"CM{j}", "claimant_id": "M1", "amount": "6000", "filed": f"202{j + 1}-01-15",
                       "project_id": proj, "respondent_name": "王建国" if proj == "P5" else "",
                       "respondent_id": "" if proj == "P5" else employer, "channel": "hotline", "status": "open"})
    # decoy 3: fifty unrelated workers give the site-office phone; each claims once, unregistered
    # (ten of them are serial claimants on their own, each on three sites in different months)
    for i, h in enumerate(HUB):
        persons.append({"person_id": h, "name": f"临时工{i}", "phone": "010-88886666"})
        dates = [f"2024-{i % 12 + 1:02d}-01"] if i >= 10 else [f"2023-{i + 1:02d}-01", f"2023-{i + 1:02d}-15",
                                                                f"2024-{i + 1:02d}-01"]
        for j, day in enumerate(dates):
            proj = f"P{(i + j) % 5 + 1}"
            claims.append({"claim_id": f"CH{i}_{j}", "claimant_id": h, "amount": "5000", "filed": day,
                           "project_id": proj, "respondent_id": gc[proj], "channel": "hotline", "status": "open"})
    return {"parties": parties, "projects": projects, "contracts": contracts, "persons": persons,
            "employment": employment, "claims": claims, "payments": payments}


@pytest.fixture()
def hand_graph(tmp_path):
    return build_graph(read_bundle(write_tables(tmp_path / "hand", hand_tables())))


def _members(rings: list[dict]) -> set[str]:
    return {m for r in rings for m in r["members"]}


def test_ring_found_with_organiser(hand_graph):
    rings, findings = find_rings(hand_graph)
    assert len(rings) == 1
    r = rings[0]
    assert r["ring_id"] == "G1" and r["members"] == RING and r["organizers"][0] == "R1"
    assert r["projects"] == ["P1", "P2", "P3"] and len(r["claims"]) == 12
    assert 0.5 <= r["score"] <= 1
    assert "3个项目中3个无考勤记录" in r["signals"]
    assert any(s.startswith("共用电话 138****1111") for s in r["signals"])
    assert any("同一代表人刘大壮" in s for s in r["signals"])
    f = findings[0]
    assert f["rule"] == "X-EXTORT" and f["subject"] == "G1" and f["parties"] == RING
    assert f["payments"] == ["TS1", "TS2", "TS3"] and f["records"] == r["claims"]
    assert f["basis"] == list(RULES["X-EXTORT"].basis) and f["project_id"] == "P1"
    assert f["confidence"] == r["score"] and "G1" in f["summary"] and f["summary_en"]
    json.dumps([rings, findings], ensure_ascii=False)  # JSON-serialisable


def test_decoys_never_in_a_ring(hand_graph):
    members = _members(find_rings(hand_graph)[0])
    assert not members & set(COLLECTIVE), "a collective claim over real arrears is not extortion"
    assert "M1" not in members, "a worker moving between sites with attendance is not a serial claimant"
    assert not members & set(HUB), "a hub phone must not glue unrelated workers into a ring"


def test_hub_guard_is_what_keeps_the_hub_out(hand_graph):
    # without the guard the fifty hub workers (each with an unregistered claim) would form a ring
    rings, _ = find_rings(hand_graph, {"rings": {"hub_max_holders": 100}})
    assert any(set(r["members"]) & set(HUB) for r in rings)


def test_ring_members_below_threshold_or_too_few(hand_graph):
    assert find_rings(hand_graph, {"rings": {"min_score": 1.01}})[0] == []
    assert find_rings(hand_graph, {"rings": {"min_members": 5}})[0] == []
    assert find_rings(hand_graph, {"rings": {"min_projects": 4}})[0] == []


def test_no_phone_still_linked_by_group_and_representative(tmp_path):
    t = hand_tables()
    for p in t["persons"]:
        if p["person_id"] in RING:
            p.pop("phone")
    rings, _ = find_rings(build_graph(read_bundle(write_tables(tmp_path / "b", t))))
    assert [r["members"] for r in rings] == [RING]


def test_claims_subgraph_gives_the_same_rings(hand_graph):
    expected = find_rings(hand_graph)
    assert find_rings(claims_subgraph(hand_graph)) == expected
    H = claims_subgraph(hand_graph, chains=False)  # without the parties and contracts the leads need
    assert H.number_of_nodes() < hand_graph.number_of_nodes()
    assert find_rings(H) == expected
    # only claims of 2024: the mover's earlier claims drop out, the ring (all 2024) stays
    assert find_rings(claims_subgraph(hand_graph, since="2024-01-01")) == expected


def test_mini_bundle_has_no_ring(mini):
    assert find_rings(build_graph(read_bundle(mini))) == ([], [])


def test_mask_and_defaults():
    assert mask("13812345678") == "138****5678"
    assert DEFAULTS["hub_max_holders"] == 6
    assert abs(sum(DEFAULTS["weights"].values()) - 1) < 1e-9


def test_large_component_split_by_louvain(tmp_path):
    # two rings sharing one serial project would merge; with a small max_ring_size they are split
    t = hand_tables()
    names = {"S1": "赵一", "S2": "钱二", "S3": "孙三", "S4": "吴四"}
    for p, name in names.items():
        t["persons"].append({"person_id": p, "name": name, "phone": "13700007777"})
    n = 0
    for i, (proj, resp) in enumerate((("P3", "A3"), ("P4", "A1"), ("P5", "A2")), 1):
        for p in names:
            n += 1
            t["claims"].append({"claim_id": f"CS{n}", "claimant_id": p, "amount": "50000",
                                "filed": f"2024-1{i - 1}-05", "group_id": f"GS{i}", "project_id": proj,
                                "respondent_id": resp, "text": "代表赵一等4人"})
    G = build_graph(read_bundle(write_tables(tmp_path / "b", t)))
    merged, _ = find_rings(G)
    assert sorted(m for r in merged for m in r["members"]) == sorted(RING + list(names))
    split, _ = find_rings(G, {"rings": {"max_ring_size": 5}})
    assert sorted(r["members"] for r in split) == [RING, sorted(names)]


def ungrouped(t: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The hand ring filing one by one: no group id, no "X代表Y等N人", the respondent named in words
    only, no shared phone; member j files on day 4 + 3j of the month (across a week boundary)."""
    name = {p["party_id"]: p["name"] for p in t["parties"]}
    for p in t["persons"]:
        if p["person_id"] in RING:
            p.pop("phone")
    for c in t["claims"]:
        if c["claim_id"].startswith("CR"):
            j = RING.index(c["claimant_id"])
            c.update(group_id="", text="本人被拖欠工资", respondent_name=name[c.pop("respondent_id")],
                     filed=c["filed"][:8] + f"{4 + 3 * j:02d}")
    return t


def test_ring_filing_one_by_one_found_by_claiming_together(tmp_path):
    rings, _ = find_rings(build_graph(read_bundle(write_tables(tmp_path / "b", ungrouped(hand_tables())))))
    assert [r["members"] for r in rings] == [RING] and rings[0]["organizers"][0] == "R1"


def test_stranger_on_the_same_site_at_the_same_time_is_not_glued_to_a_ring(tmp_path):
    # regression: a serial claimant of his own (a day labourer, unregistered on three sites) files on
    # P1 in the days the ring files there without a group id. Same site, same week was a link; he
    # never claimed alongside them anywhere else, so he is no member. A second ring that met the first
    # on P3 in the same fortnight stays a ring of its own.
    t = ungrouped(hand_tables())
    gc = {"P1": "A1", "P2": "A2", "P3": "A3", "P4": "A1", "P5": "A2"}
    t["persons"].append({"person_id": "X1", "name": "路人甲", "phone": "13600003333"})
    for i, (proj, day) in enumerate((("P1", "2024-03-08"), ("P4", "2024-05-02"), ("P5", "2024-07-20"))):
        t["claims"].append({"claim_id": f"CX{i}", "claimant_id": "X1", "amount": "6000", "filed": day,
                            "project_id": proj, "respondent_id": gc[proj], "text": "本人被拖欠工资"})
    other = {"S1": "赵一", "S2": "钱二", "S3": "孙三"}
    for p, name in other.items():
        t["persons"].append({"person_id": p, "name": name})
    for i, (proj, day) in enumerate((("P3", "2024-09-09"), ("P4", "2024-11-03"), ("P5", "2025-01-15"))):
        for j, p in enumerate(other):
            t["claims"].append({"claim_id": f"CS{i}{j}", "claimant_id": p, "amount": "40000",
                                "filed": f"{day[:8]}{int(day[8:]) + 2 * j:02d}", "project_id": proj,
                                "respondent_id": gc[proj], "text": "本人被拖欠工资"})
        t["payments"].append({"payment_id": f"TSS{i}", "payer_id": gc[proj], "payee_id": "S1", "amount": "90000",
                              "paid": f"{day[:8]}28", "project_id": proj, "purpose": "other"})
    G = build_graph(read_bundle(write_tables(tmp_path / "b", t)))
    rings, _ = find_rings(G)
    assert sorted(r["members"] for r in rings) == [RING, sorted(other)]
    # one site together is not enough; two are (the setting, not the data, decides)
    glued, _ = find_rings(G, {"rings": {"co_claim_projects": 1}})
    ring = next(r for r in glued if "R1" in r["members"])
    assert set(RING) | {"X1", "S1"} <= set(ring["members"])


@pytest.mark.neo4j
def test_neo4j_claims_graph_equals_embedded(neo4j, tmp_path):
    from graphchain.analysis.leads import build_leads

    b = read_bundle(write_tables(tmp_path / "hand", hand_tables()))
    neo4j.load(b)
    G = build_graph(b)

    def as_dicts(H):
        return dict(H.nodes(data=True)), {(u, v, k): d for u, v, k, d in H.edges(keys=True, data=True)}

    H = neo4j.claims_graph()
    assert as_dicts(H) == as_dicts(claims_subgraph(G))
    assert find_rings(H) == find_rings(G)
    assert build_leads(H) == build_leads(G)
    since = neo4j.claims_graph(since="2024-01-01", chains=False)
    assert as_dicts(since) == as_dicts(claims_subgraph(G, since="2024-01-01", chains=False))


# ------------------------------------------------------------------ generated bundles (graphchain.synth)
def ring_quality(rings: list[dict], truth: dict) -> dict:
    """Member-level precision/recall against truth.json, best Jaccard per true ring, decoys caught."""
    pred = {m for r in rings for m in r["members"]}
    true = {m for r in truth["rings"] for m in r["members"]}
    tp = len(pred & true)
    jaccard = {}
    for t in truth["rings"]:
        tm = set(t["members"])
        jaccard[t["ring_id"]] = max((len(tm & set(r["members"])) / len(tm | set(r["members"])) for r in rings),
                                    default=0.0)
    dec = truth["decoys"]
    decoy_persons = set(dec["collective_arrears"]["persons"]) | set(dec["movers"]) | {
        p for h in dec["hub_identifiers"] for p in h["persons"]} | {p for v in dec["villagers"] for p in v["persons"]}
    ring_claims = {c for r in rings for c in r["claims"]}
    return {"precision": tp / len(pred) if pred else 1.0, "recall": tp / len(true) if true else 1.0,
            "jaccard": jaccard, "decoy_persons": sorted(pred & decoy_persons),
            "decoy_claims": sorted(ring_claims & set(dec["collective_arrears"]["claims"]))}


@pytest.mark.parametrize("seed", [1, 7])
def test_synth_rings_match_truth(tmp_path, seed):
    synth = pytest.importorskip("graphchain.synth")
    out = synth.write_bundle(tmp_path / "synth", 200, seed)
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    G = build_graph(read_bundle(out))
    rings, findings = find_rings(G)
    q = ring_quality(rings, truth)
    assert q["precision"] >= 0.9 and q["recall"] >= 0.9, q
    assert q["decoy_persons"] == [] and q["decoy_claims"] == [], q
    assert sum(j >= 0.8 for j in q["jaccard"].values()) >= 0.8 * len(truth["rings"]), q["jaccard"]
    # organisers: the top-ranked organiser of the best-matching ring is a true organiser
    hits = 0
    for t in truth["rings"]:
        best = max(rings, key=lambda r: len(set(r["members"]) & set(t["members"])))
        hits += bool(best["organizers"]) and best["organizers"][0] in t["organizers"]
    assert hits >= 0.8 * len(truth["rings"])
    assert len(findings) == len(rings) and all(f["rule"] == "X-EXTORT" for f in findings)
    assert find_rings(claims_subgraph(G, chains=False)) == (rings, findings)
    # the new decoys, by name: no villager (one address, one unregistered claim each) and no hub
    # holder with claims of his own is in a ring — and for the hub it is the guard that keeps them out
    dec = truth["decoys"]
    villagers = {p for v in dec["villagers"] for p in v["persons"]}
    hub_claimants = {p for h in dec["hub_identifiers"] for p in h["claimants"]}
    assert villagers and hub_claimants
    assert not _members(rings) & (villagers | hub_claimants)
    unguarded, _ = find_rings(G, {"rings": {"hub_max_holders": 10**6}})
    assert len(_members(unguarded) & hub_claimants) >= 0.5 * len(hub_claimants)


def _refuse_on_ring_claims(ring: bool) -> dict[str, list[dict]]:
    """The hand bundle, with the ring's claims on P1 made large enough for X-REFUSE against A1, the general
    contractor, which the owner paid in full (able to pay) and which paid the organiser (money moved). Without
    ``ring`` the same claims come from four strangers who share nothing and claim nowhere else."""
    t = hand_tables()
    t["payments"].append({"payment_id": "TO1", "payer_id": "O1", "payee_id": "A1", "amount": "1000000",
                          "paid": "2024-01-05", "project_id": "P1", "purpose": "progress"})
    for c in t["claims"]:
        if c["claimant_id"] in RING and c["project_id"] == "P1":
            c["workers"] = "3"  # each speaks for three: twelve workers, 192,000 yuan, no record of any
    if not ring:
        t["claims"] = [c for c in t["claims"] if not (c["claimant_id"] in RING and c["project_id"] != "P1")]
        for i, p in enumerate(x for x in t["persons"] if x["person_id"] in RING):
            p["phone"], p["bank_account"] = f"1380000{i:04d}", ""
        for c in t["claims"]:
            if c["claimant_id"] in RING:
                c["group_id"], c["text"] = "", "讨要工资"
    return t


@pytest.mark.parametrize("ring", [True, False], ids=["ring", "strangers"])
def test_refusal_lead_resting_on_ring_claims_says_so(tmp_path, ring):
    """X-REFUSE (刑法 第二百七十六条之一) needs wages really owed: when its amount rests on claims of a suspected
    extortion ring (刑法 第二百七十四条), the lead names the ring and says the sum must be made again without
    them. The lawful twin: the same claims by people who are no ring leave the lead as it is."""
    from graphchain.findings import analyze_bundle

    doc = analyze_bundle(write_tables(tmp_path / "b", _refuse_on_ring_claims(ring)))
    lead = next(f for f in doc["findings"] if f["rule"] == "X-REFUSE" and f["project_id"] == "P1")
    amount = next(e for e in lead["elements"] if e["element"] == "amount")
    assert amount["met"] and {"CR1", "CR2", "CR3", "CR4"} <= set(amount["evidence"])
    ring_ids = sorted(r["ring_id"] for r in doc["rings"] if {"CR1", "CR2"} & set(r["claims"]))
    if ring:
        assert ring_ids and lead["rings"] == ring_ids
        assert "疑似恶意讨薪团伙" in amount["note"] and "重新核算" in amount["note"]
    else:
        assert not ring_ids and "rings" not in lead
        assert "疑似恶意讨薪团伙" not in amount["note"]
