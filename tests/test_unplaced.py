"""Money and orders tied to no project (docs/legal-rules.md D, F): declared once in graphchain/schema.py
(``unplaced_follows`` → ``UNPLACED``, ``EMPLOYER``), and read alike by the three places derived from it: the
embedded graph (``model.edges_by_project``), the chunked analysis (``partition.ProjectRows``) and the Neo4j read
(``project_subgraphs``, its part written by ``cypher.unplaced``)."""

from __future__ import annotations

import dataclasses

import pytest

from graphchain import build_graph, read_bundle
from graphchain.cypher import statement, statements
from graphchain.model import edges_by_project
from graphchain.partition import ProjectRows
from graphchain.schema import EMPLOYER, TABLES, UNPLACED, Link, agent_end
from tests.builders import Case

# what the case below must give: the payment T1 and the order Z1 (ORDERED edge "ordered:Z1"), tied to no project,
# go with P and Q, where their payer / ordered party D employs people, and not with R, where only X does
FLOATING = {"T1", "ordered:Z1"}
EXPECTED = {"P": FLOATING, "Q": FLOATING, "R": set()}


def unplaced_case() -> Case:
    """The labour boss D employs on P and Q; X employs on R. D paid T1 to Y (a party on no project, so
    legal-rules F ties it to none) and was ordered to pay by Z1; neither names a project."""
    c = Case().party("D", kind="individual").party("X", kind="individual").party("Y")
    for pid in ("Q", "R"):
        c.rows["projects"].append({"project_id": pid, "name": f"测试项目{pid}", "owner_id": "O"})
    c.employ("E1", "W1", "D")
    c.pid = "Q"  # Case.employ writes its project
    c.employ("E2", "W2", "D")
    c.pid = "R"
    c.employ("E3", "W3", "X")
    return c.pay("T1", "D", "Y", 5000, purpose="other", project="").order("Z1", "D", project="")


def floating_keys(edges) -> set[str]:
    return {e[2] for e in edges} & FLOATING


def test_declared_once_in_the_schema(monkeypatch):
    """Payments follow their payer, orders the ordered party; each is an agent at one end of the row's edge, and
    "employs on" is an employment row's employer. Adding a table is its line here and its `unplaced_follows`."""
    assert {n: (a.column, a.rel, a.end) for n, a in UNPLACED.items()} == {
        "payments": ("payer_id", "PAID", 0), "orders": ("party_id", "ORDERED", 1)}
    assert (EMPLOYER.table, EMPLOYER.column, EMPLOYER.rel, EMPLOYER.end) == ("employment", "employer_id", "EMPLOYED", 1)
    for a in (*UNPLACED.values(), EMPLOYER):
        assert TABLES[a.table].column(a.column).type == "ref:agent", a
    with pytest.raises(ValueError):
        agent_end("payments", "amount")  # not an end of PAID
    # a row that is a node must be the edge's other end: where its own on_project is
    monkeypatch.setitem(TABLES, "orders", dataclasses.replace(TABLES["orders"],
                                                              links=(Link("ORDERED", "authority", "party_id"),)))
    with pytest.raises(ValueError):
        agent_end("orders", "party_id")


def test_embedded_graph_and_chunks_follow_the_employer(tmp_path):
    b = read_bundle(unplaced_case().write(tmp_path / "b"))
    idx = edges_by_project(build_graph(b))
    assert {pid: floating_keys(idx[pid]) for pid in EXPECTED} == EXPECTED
    assert floating_keys(idx[None]) == FLOATING  # and still listed as tied to none
    rows = ProjectRows(b)
    for pid in EXPECTED:  # each project alone, as a chunk of one
        [(_, H)] = rows.part([pid]).graphs()
        assert floating_keys(H.edges(keys=True)) == EXPECTED[pid], pid


@pytest.mark.neo4j
def test_neo4j_follows_the_employer(neo4j, tmp_path):
    neo4j.load(read_bundle(unplaced_case().write(tmp_path / "b")))
    assert neo4j.unplaced_agents() == ["D"]  # T1's payer and Z1's ordered party, once
    # each project's statement finding them itself, and given them (as analyze_store does)
    for agents in (None, neo4j.unplaced_agents(), []):
        got = {pid: floating_keys(H.edges(keys=True)) for pid, H in neo4j.project_graphs(sorted(EXPECTED),
                                                                                           agents=agents)}
        assert got == (EXPECTED if agents != [] else dict.fromkeys(EXPECTED, set())), agents


@pytest.fixture
def claims_follow_their_respondent(monkeypatch, tmp_path):
    """A third table declared in the schema alone: claims tied to no project follow their respondent. The
    bundle: the case above and a claim CL1 against D by Z, who works nowhere (F ties it to no project)."""
    claims = dataclasses.replace(TABLES["claims"], unplaced_follows="respondent_id")
    monkeypatch.setitem(TABLES, "claims", claims)
    monkeypatch.setitem(UNPLACED, "claims", agent_end("claims", "respondent_id"))  # what the schema derives from it
    statements.cache_clear()  # the Cypher is written from the schema when a file is first read
    yield read_bundle(unplaced_case().person("Z").claim("CL1", "Z", 9000, respondent="D", project="")
                      .write(tmp_path / "claims"))
    statements.cache_clear()


CLAIM_PLACED = {"P": {"against:CL1"}, "Q": {"against:CL1"}, "R": set()}


def test_a_third_table_is_one_declaration(claims_follow_their_respondent):
    """The model, the chunks and the Cypher all follow the declaration: the claim's AGAINST edge goes with the
    projects of its respondent D."""
    b = claims_follow_their_respondent
    idx, rows = edges_by_project(build_graph(b)), ProjectRows(b)
    assert {pid: {e[2] for e in idx[pid]} & {"against:CL1"} for pid in CLAIM_PLACED} == CLAIM_PLACED
    for pid, placed in CLAIM_PLACED.items():
        [(_, H)] = rows.part([pid]).graphs()
        assert {k for _, _, k in H.edges(keys=True)} & {"against:CL1"} == placed, pid
    arm = "MATCH (a:Claim)-[r:AGAINST]->(x) WHERE a.on_project IS NULL"
    assert f"{arm} RETURN a, r, x AS b" in statement("read", "project_subgraphs")
    assert f"{arm} RETURN x.key AS agent" in statement("read", "unplaced_agents")


@pytest.mark.neo4j
def test_a_third_table_in_neo4j(neo4j, claims_follow_their_respondent):
    neo4j.load(claims_follow_their_respondent)
    assert neo4j.unplaced_agents() == ["D"]  # the claim's respondent too, once
    for agents in (None, neo4j.unplaced_agents()):
        got = {pid: {k for _, _, k in H.edges(keys=True)} & {"against:CL1"}
               for pid, H in neo4j.project_graphs(sorted(CLAIM_PLACED), agents=agents)}
        assert got == CLAIM_PLACED
