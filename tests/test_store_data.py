"""A Neo4j database is input too: records others wrote there are checked as they are read back.

`graphchain load` writes only what the bundle reader let through, but a shared database can be edited by
hand or by other tools. The analyses trust their records (``float(amount)``, ``date.fromisoformat(end)``,
``d["claimant_id"]``), so a record that is not what the loader writes must end in one line and exit 2
(docs/interfaces.md: bad input), never a traceback, whichever process reads it.
"""

from __future__ import annotations

import json
import math
import os

import networkx as nx
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from graphchain import build_graph, read_bundle
from graphchain.cli import app
from graphchain.model import check_record

from .hostile import TERMINAL_UNSAFE

runner = CliRunner()

PAID = {"rel": "PAID", "id": "T1", "payment_id": "T1", "paid": "2024-03-05", "amount": 1200.0, "purpose": "wage",
        "via_wage_account": True, "on_project": "P1", "source": "payments.csv:2"}
EMPLOYED = {"rel": "EMPLOYED", "id": "E1", "project_id": "P1", "role": "worker", "start": "2024-01-02",
            "end": "2024-06-30", "wage_due": 30000.0, "days": 120.0, "source": "employment.csv:2"}
CLAIM = {"label": "Claim", "id": "C1", "claim_id": "C1", "claimant_id": "W1", "amount": 5000.0, "filed": "2024-07-01",
         "candidates": ["P1", "P2"], "source": "claims.csv:2"}
PARTY = {"label": "Party", "id": "D", "party_id": "D", "name": "王建国", "kind": "individual",
         "qualifications": ["labour"], "x_note": "备注", "source": "parties.csv:5"}


@pytest.mark.parametrize("bundle", ["tests/data/mini", "synth"])
def test_every_record_the_loader_writes_passes(bundle, tmp_path):
    """The lawful twin of every case below: what graph_records makes (and so what load writes) passes."""
    if bundle == "synth":
        from graphchain.synth import write_bundle

        bundle = write_bundle(tmp_path / "b", 40, 3)
    G = build_graph(read_bundle(bundle))
    for _, d in G.nodes(data=True):
        check_record(d)
    for *_, d in G.edges(keys=True, data=True):
        check_record(d)
    for d in (PAID, EMPLOYED, CLAIM, PARTY):
        check_record(d)


@pytest.mark.parametrize(("record", "change", "column", "words"), [
    (PAID, {"amount": "abc"}, "amount", "expected a number"),
    (PAID, {"amount": math.nan}, "amount", "not an amount"),
    (PAID, {"amount": -5.0}, "amount", "negative"),
    (PAID, {"amount": 1e16}, "amount", ""),
    (PAID, {"amount": True}, "amount", "expected a number"),
    (PAID, {"paid": "2024/03/05"}, "paid", "ISO date"),
    (PAID, {"paid": "2024-02-30"}, "paid", ""),
    (PAID, {"purpose": "bribe"}, "purpose", "wage"),
    (PAID, {"via_wage_account": "yes"}, "via_wage_account", "true or false"),
    (EMPLOYED, {"role": "boss"}, "role", "worker"),
    (EMPLOYED, {"end": 20240630}, "end", "ISO date"),
    (CLAIM, {"claimant_id": 42}, "claimant_id", "expected text"),
    (CLAIM, {"candidates": "P1"}, "candidates", "list of ids"),
    (PARTY, {"qualifications": ["labour", "magic"]}, "qualifications", "list of"),
    (PARTY, {"x_note": {"a": 1}}, "x_note", "plain value"),
])
def test_a_record_unlike_what_load_writes_names_its_column(record, change, column, words):
    with pytest.raises(ValueError, match=f"^{column}: .*{words}"):
        check_record(record | change)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.floats(), st.sampled_from([0.0, -0.0, 5e-324, 1e-9, 1e13, math.nextafter(1e13, math.inf),
                                               5e13, -1e-9, math.inf, -math.inf, math.nan])))
def test_an_amount_passes_exactly_when_the_reader_would_take_it(v):
    """The quick look at an amount read from Neo4j (a float above 0, at most MAX_AMOUNT) accepts exactly what the
    reader's own parser takes when the number is written out (``_wrong``, the slow path). Not -0.0: it equals 0.0,
    which the check remembers as good once seen, and so takes."""
    from graphchain.model import _wrong

    assume(not (v == 0 and math.copysign(1.0, v) < 0))
    why = _wrong("amount", v)
    if why is None:
        check_record(PAID | {"amount": v})
    else:
        with pytest.raises(ValueError, match="^amount: "):
            check_record(PAID | {"amount": v})


def test_a_required_column_missing_or_an_unknown_label():
    with pytest.raises(ValueError, match="^claimant_id: required value is missing"):
        check_record({k: v for k, v in CLAIM.items() if k != "claimant_id"})
    with pytest.raises(ValueError, match="^label: not a graphchain record"):
        check_record({"label": "Wizard", "id": "X"})


# ------------------------------------------------------------------ end to end, through a real server
def _env() -> dict[str, str]:
    return {k: os.environ[k] for k in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD") if k in os.environ}


@pytest.mark.neo4j
@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_bad_record_in_neo4j_is_one_line_and_exit_2(neo4j, mini, tmp_path, workers):
    neo4j.load(read_bundle(mini))
    out = tmp_path / "f.json"
    ok = runner.invoke(app, ["analyze", "--json", str(out), "--workers", workers], env=_env())
    assert ok.exit_code == 0 and json.loads(out.read_text(encoding="utf-8"))["projects"]  # the twin: as loaded
    out.unlink()
    neo4j.run("MATCH ()-[r:PAID {id: 'T2'}]->() SET r.amount = 'abc'")  # T2: a payment on P1
    r = runner.invoke(app, ["analyze", "--json", str(out), "--workers", workers], env=_env())
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output and not TERMINAL_UNSAFE.search(r.output)
    lines = [x for x in r.output.splitlines() if x.strip()]
    assert len(lines) == 1 and "PAID 'T2': amount: expected a number, got 'abc'" in lines[0], r.output
    assert not out.exists()  # nothing written
    r = runner.invoke(app, ["report", "-p", "P1", "--out", str(tmp_path / "r.md")], env=_env())
    assert r.exit_code == 2 and "PAID 'T2'" in r.output and not (tmp_path / "r.md").exists(), r.output


@pytest.mark.neo4j
def test_two_records_neo4j_holds_with_one_id_between_the_same_parties_are_refused(neo4j, mini, tmp_path):
    """Payment T2 (A to B) given the id of contract K2 (A to B) by someone else's write: read back into a graph
    one would be merged into the other and the chain O1→A→B→C→D lost; it is one line and exit 2 instead."""
    neo4j.load(read_bundle(mini))
    neo4j.run("MATCH ()-[r:PAID {id: 'T2'}]->() SET r.id = 'K2', r.key = 'K2'")
    out = tmp_path / "f.json"
    r = runner.invoke(app, ["analyze", "--json", str(out), "--workers", "1"], env=_env())
    assert r.exit_code == 2, r.output
    lines = [x for x in r.output.splitlines() if x.strip()]
    assert len(lines) == 1 and "same id 'K2'" in lines[0] and "Traceback" not in r.output, r.output
    assert not out.exists()


def test_add_records_refuses_two_records_a_graph_would_merge():
    """The model's own guard, and its lawful twin: the same id between other ends (or the same record twice)."""
    from graphchain.model import Records, add_records

    contract = ("A", "B", "K2", {"rel": "CONTRACT", "id": "K2"})
    G = nx.MultiDiGraph()
    with pytest.raises(ValueError, match="CONTRACT and a PAID record from 'A' to 'B' have the same id 'K2'"):
        add_records(G, Records({}, {"": [contract, ("A", "B", "K2", {"rel": "PAID", "id": "K2"})]}))
    G = nx.MultiDiGraph()
    add_records(G, Records({}, {"": [contract, ("B", "A", "K2", {"rel": "PAID", "id": "K2"}), contract]}))
    assert G.number_of_edges() == 2


def test_a_subgraph_made_from_records_refuses_them_too():
    """``subgraph_of`` (a chunk's project subgraphs, made from records, never through add_records) keeps the same
    guard; its lawful twin: two payments between the same parties with their own ids."""
    from graphchain.model import subgraph_of

    nodes = {"project:P1": {"label": "Project", "id": "P1"}, "A": {}, "B": {}}
    contract = ("A", "B", "K2", {"rel": "CONTRACT", "id": "K2", "project_id": "P1"})
    with pytest.raises(ValueError, match="CONTRACT and a PAID record from 'A' to 'B' have the same id 'K2'"):
        subgraph_of(nodes, "", "P1", [contract, ("A", "B", "K2", {"rel": "PAID", "id": "K2"})], copy=False)
    H = subgraph_of(nodes, "", "P1", [contract, ("A", "B", "T1", {"rel": "PAID", "id": "T1"}),
                                      ("A", "B", "T2", {"rel": "PAID", "id": "T2"})], copy=False)
    assert sorted(H["A"]["B"]) == ["K2", "T1", "T2"]


# ------------------------------------------------------------------ what passes the check, the analyses can read
VALUES = st.one_of(st.none(), st.booleans(), st.integers(-10, 10**14), st.floats(allow_nan=True),
                   st.text(max_size=12), st.sampled_from(["2024-03-05", "2024/03/05", "worker", "wage", "labour",
                                                          "P1", "W1", "O1", ""]),
                   st.lists(st.sampled_from(["labour", "general", "P1", 3]), max_size=3))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_records_that_pass_the_check_never_break_the_analysis(G, data):
    """Random values in random attributes of one project's records: either the check refuses a record, or
    every per-project analysis runs (no record the check lets through can crash it)."""
    from graphchain.findings import analyze_project
    from graphchain.model import project_subgraph

    H = project_subgraph(G, "P1")  # a copy: its attribute dicts are its own
    records = [d for _, d in H.nodes(data=True)] + [d for *_, d in H.edges(keys=True, data=True)]
    for _ in range(data.draw(st.integers(1, 4))):
        d = data.draw(st.sampled_from(records))
        key = data.draw(st.sampled_from(sorted(d)) | st.sampled_from(["x_extra", "amount", "end", "role"]))
        d[key] = data.draw(VALUES)
        if d[key] is None:  # a store holds no nulls: a missing property
            del d[key]
    try:
        for d in records:
            check_record(d)
    except ValueError:
        return
    event("analysed")
    analyze_project(H)


@pytest.fixture(scope="module")
def claims_graph(tmp_path_factory):
    """The claims graph of a small synth bundle with planted rings (what the rings and leads read)."""
    from graphchain.partition import ProjectRows
    from graphchain.synth import write_bundle

    return ProjectRows(read_bundle(write_bundle(tmp_path_factory.mktemp("s") / "b", 30, 1))).claims_graph()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_claims_records_that_pass_the_check_never_break_rings_or_leads(claims_graph, data):
    """The same for the graph the rings and leads read (claims, claimants, their pay and identifiers)."""
    from graphchain.analysis.leads import build_leads
    from graphchain.analysis.rings import find_rings

    G = claims_graph
    records = [d for _, d in G.nodes(data=True)] + [d for *_, d in G.edges(keys=True, data=True)]
    changed: list[tuple[dict, str, object]] = []
    try:
        for _ in range(data.draw(st.integers(1, 4))):
            d = data.draw(st.sampled_from(records))
            key = data.draw(st.sampled_from(sorted(d)) | st.sampled_from(["amount", "filed", "kind", "workers"]))
            changed.append((d, key, d.get(key, changed)))  # ``changed`` itself marks "was not there"
            d[key] = data.draw(VALUES)
            if d[key] is None:
                del d[key]
        try:
            for d, _, _ in changed:
                check_record(d)
        except ValueError:
            return
        event("analysed")
        rings, _ = find_rings(G)
        build_leads(G, rings=rings)
    finally:  # the graph is the module's: put every value back, last change first
        for d, key, old in reversed(changed):
            if old is changed:
                d.pop(key, None)
            else:
                d[key] = old
