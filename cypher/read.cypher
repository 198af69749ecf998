// graphchain read statements: the graph back into the in-memory model.

// name: all_nodes
MATCH (n:Node) RETURN n.key AS key, properties(n) AS props;
// name: all_edges
MATCH (a:Node)-[r]->(b:Node) RETURN a.key AS u, b.key AS v, r.key AS key, properties(r) AS props;
// name: project_ids
MATCH (p:Project) RETURN p.id AS project_id ORDER BY project_id;
// name: counts
MATCH (n:Node) WITH count(n) AS nodes
OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS edges;
// name: loads
MATCH (m:GraphchainLoad)
RETURN m.key AS load_id, m.status AS status, m.source AS source,
       toString(m.started) AS started, toString(m.finished) AS finished
ORDER BY m.started, load_id;  // the datetimes: their strings drop trailing zeros, so they do not sort
// name: written_by
MATCH (n:Node {key: $key}) UNWIND n.loads AS number
MATCH (m:GraphchainLoad {number: number}) RETURN m.key AS load_id;

// Projects' subgraphs, many per round trip: one row per project of $project_ids (an unknown id
// gives no row), with the same edges graphchain.model.edges_by_project assigns to it. Payments,
// claims and orders go by `on_project` (their own project, or the one legal-rules.md F ties them
// to); money and orders tied to no project go with every project their payer / ordered party
// employs on (graphchain/schema.py UNPLACED, docs/legal-rules.md F). Every lookup is an index seek
// (project id, on_project, project_id; tests/test_explain.py).
// `edges`: [u, v, properties]; `nodes`: properties; `key` is one of the properties. Each node of the
// subgraph comes once, so a party on 300 edges travels once (Neo4jStore.project_graphs builds the graphs).
// name: project_subgraphs
UNWIND $project_ids AS pid
MATCH (p:Project {id: pid})
CALL (p, pid) {
  CALL (p, pid) {
    MATCH (a:Node)-[r:OWNS]->(p) RETURN a, r, p AS b
    UNION
    MATCH (a:Node)-[r:CONTRACT]->(b:Node) WHERE r.project_id = pid RETURN a, r, b
    UNION
    MATCH (a:Node)-[r:EMPLOYED]->(b:Node) WHERE r.project_id = pid RETURN a, r, b
    UNION
    MATCH (a:Node)-[r:PAID]->(b:Node) WHERE r.on_project = pid RETURN a, r, b
    UNION
    MATCH (b:Claim) WHERE b.on_project = pid
    MATCH (a:Node)-[r:FILED]->(b) RETURN a, r, b
    UNION
    MATCH (a:Claim) WHERE a.on_project = pid
    MATCH (a)-[r:AGAINST|ON]->(b:Node) RETURN a, r, b
    UNION
    MATCH (a:Order) WHERE a.on_project = pid
    MATCH (a)-[r:ORDERED]->(b:Node) RETURN a, r, b
    UNION
    // money and orders tied to no project, with every project on which the agent they follow employs
    // people (of the agents in $agents, when given: unplaced_agents below; null: every employer's are
    // looked at): written from graphchain/schema.py (UNPLACED) by graphchain.cypher.unplaced, which shows it
    __UNPLACED__
  }
  // [a.key, b.key, every property of r], or with $lean only what the analyses read of its type: written from
  // graphchain/analysis/view.py (RECORDS) by graphchain.cypher.project_edges
  __PROJECT_EDGES__
  CALL (ends) {
    UNWIND ends AS n
    WITH DISTINCT n
    // every property, or with $full false those only the rings read set to null (graphchain/schema.py
    // RINGS_ONLY, written by graphchain.cypher.project_nodes), which the reader drops
    __PROJECT_NODES__
  }
  RETURN edges, nodes
}
RETURN pid AS project_id, properties(p) AS project, nodes, edges;

// Nodes by key (the unique constraint's index), e.g. the ends of the claims graph's edges: one record,
// `nodes` a list of their properties (as in rings.cypher: a record each costs the driver more).
// name: nodes_by_key
UNWIND $keys AS k MATCH (n:Node {key: k}) RETURN collect(properties(n)) AS nodes;

// The keys of the agents (payer, ordered party) of the money and orders tied to no project, each once: the
// $agents of project_subgraphs, read once for many projects (Neo4jStore.unplaced_agents). Written from
// graphchain/schema.py (UNPLACED) by graphchain.cypher.unplaced_agents.
// name: unplaced_agents
__UNPLACED_AGENTS__;

// Money and claims tied to no project (legal-rules.md F), for the findings document.
// name: unattributed_payments
MATCH ()-[r:PAID]->() WHERE r.on_project IS NULL RETURN r.key AS payment_id ORDER BY payment_id;
// name: unattributed_claims
MATCH (c:Claim) WHERE c.on_project IS NULL
RETURN c.id AS claim_id, coalesce(c.candidates, []) AS candidates ORDER BY claim_id;

// Relationships first, then nodes, each in small transactions: DETACH DELETE of 10,000 nodes
// at once holds all their relationships in one transaction and can exhaust a small heap.
// name: clear_relationships
MATCH (:Node)-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 5000 ROWS;
// name: clear_nodes
MATCH (n) WHERE n:Node OR n:GraphchainLoad
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS;
