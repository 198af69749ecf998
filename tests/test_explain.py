"""Every statement of the Neo4j store that looks records up finds them through an index or constraint:
``EXPLAIN`` of it on a real server shows no scan (a label, relationship-type or whole-index scan).
The statements that really read all of a label or type say so below, with the reason; a statement
that is in neither list fails the test, so a new one must be put in one."""

from __future__ import annotations

import pytest

from graphchain.cypher import statement, statements
from graphchain.schema import NODE_LABELS, REL_TYPES

pytestmark = pytest.mark.neo4j

# (file, name) -> why it reads a whole label / type (or the count store)
WHOLE = {
    ("read", "all_nodes"): "the whole graph (Neo4jStore.graph)",
    ("read", "all_edges"): "the whole graph (Neo4jStore.graph)",
    ("read", "project_ids"): "every project",
    ("read", "counts"): "the count store",
    ("read", "loads"): "every load marker (a handful)",
    ("read", "unattributed_payments"): "every PAID without on_project: a missing property is in no index",
    ("read", "unattributed_claims"): "every Claim without on_project: a missing property is in no index",
    ("read", "unplaced_agents"): "every PAID / Order without on_project (once per analysis, not per project): "
                                 "a missing property is in no index",
    ("read", "clear_relationships"): "deletes everything",
    ("read", "clear_nodes"): "deletes everything",
    ("rings", "claims"): "every claim (of a date range) with its claimant",
    ("rings", "claim_edges"): "every claim's AGAINST/ON",
    ("rings", "claimant_employment"): "every claimant, from every claim",
    ("rings", "claimant_payments"): "every claimant, from every claim",
    ("rings", "claimant_identifiers"): "every claimant, from every claim",
    ("rings", "parties"): "every party",
    ("rings", "chain_edges"): "every CONTRACT and OWNS",
    ("load", "load_started"): "the highest marker number of a handful of markers",
    ("load", "drop_relationships"): "--replace: every record whose `loads` holds this load (a list: no index)",
    ("load", "release_relationships"): "--replace: as drop_relationships",
    ("load", "drop_nodes"): "--replace: as drop_relationships",
    ("load", "release_nodes"): "--replace: as drop_relationships",
    ("explore", "search_numbers"): "a search by a number's last digits (ENDS WITH: no index answers it)",
    ("explore", "names"): "every name, for search only while the full-text index is still being built",
    ("explore", "some_projects"): "the home page's first projects in id order (the id index read in order "
                                  "up to $limit)",
}
# neither: the full-text index's own query (a procedure, tested below) and the statements that make it
OTHER = {("explore", "search_names"), ("explore", "names_index"), ("explore", "names_index_state")}
LOOKUPS = {("read", "project_subgraphs"), ("read", "nodes_by_key"), ("read", "written_by"),
           ("load", "node"), ("load", "rel"), ("load", "load_finished"), ("explore", "around"),
           ("explore", "search_key")}
FILES = ("read", "rings", "load", "explore")
PARAMS = {"project_ids": ["P1", "P2"], "project_id": "P1", "keys": ["A", "project:P1"], "key": "A", "since": None,
          "until": None, "rows": [{"key": "A", "u": "A", "v": "B", "props": {"name": "x"}}], "load": 1, "run": 1,
          "load_id": "x", "source": "x", "counts": [], "query": "x", "limit": 10, "tail": "1234",
          "agents": ["A"]}


def operators(plan: dict) -> list[str]:
    out = [plan["operatorType"].split("@")[0]]
    for child in plan.get("children", []):
        out += operators(child)
    return out


def explain(store, q: str) -> list[str]:
    with store.driver.session(database=store.database) as s:
        return operators(s.run("EXPLAIN " + q, PARAMS).consume().plan)


def variants(file: str, name: str) -> list[str]:
    """The statement; a template once per label / relationship type."""
    q = statements(file)[name]
    if "__LABEL__" in q:
        return [statement(file, name, label=x) for x in NODE_LABELS]
    if "__REL__" in q:
        return [statement(file, name, rel=x) for x in REL_TYPES]
    return [q]


def test_every_statement_is_a_lookup_or_a_declared_whole_read():
    named = {(f, n) for f in FILES for n in statements(f)}
    assert named == LOOKUPS | set(WHOLE) | OTHER
    assert not LOOKUPS & set(WHOLE) and not (LOOKUPS | set(WHOLE)) & OTHER


@pytest.fixture(scope="module")
def loaded(neo4j_store, mini):
    """Some data, so the planner has statistics to weigh."""
    from graphchain import read_bundle

    neo4j_store.clear()
    neo4j_store.load(read_bundle(mini))
    # On a fresh database the indexes may still be populating and the statistics say "empty": the planner
    # then picks index scans. Wait for the indexes, resample the statistics and drop cached plans, as a
    # database that has held its data a while would be.
    neo4j_store.run("CALL db.awaitIndexes(300)")
    neo4j_store.run("CALL db.prepareForReplanning(300)")
    return neo4j_store


@pytest.mark.parametrize("file,name", sorted(LOOKUPS))
def test_lookups_use_an_index(loaded, file, name):
    for q in variants(file, name):
        ops = explain(loaded, q)
        scans = [op for op in ops if "Scan" in op]
        assert not scans, (name, scans)
        assert any("Seek" in op for op in ops), (name, ops)


def test_a_whole_read_shows_its_scan(loaded):
    """The check can fail: a statement that reads a whole label shows the scan it does."""
    assert "NodeByLabelScan" in explain(loaded, statement("read", "all_nodes"))


def test_project_subgraphs_seeks_every_index(loaded):
    """The batched project read: the project by id, claims and orders by on_project, contracts,
    employment and payments by their relationship indexes."""
    ops = explain(loaded, statement("read", "project_subgraphs"))
    assert ops.count("NodeIndexSeek") >= 4  # the project; claims twice; orders
    assert ops.count("DirectedRelationshipIndexSeek") >= 4  # CONTRACT, EMPLOYED twice, PAID


def test_search_names_asks_the_full_text_index(loaded):
    """The explorer's search box: the full-text index's procedure, and no scan of a label."""
    from graphchain.store.explore import Neo4jReader

    Neo4jReader(loaded)  # makes the index
    loaded.run("CALL db.awaitIndexes(300)")
    ops = explain(loaded, statement("explore", "search_names"))
    assert "ProcedureCall" in ops and not [op for op in ops if "Scan" in op], ops
