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

// One project's subgraph: the same edges graphchain.model.project_index assigns to it. Payments,
// claims and orders go by `on_project` (their own project, or the one legal-rules.md F ties them
// to); money and orders tied to no project go with every project their payer / party employs on.
// name: project_edges
MATCH (p:Project {id: $project_id})
CALL (p) {
  MATCH (a:Node)-[r:OWNS]->(p) RETURN a, r, p AS b
  UNION
  MATCH (a:Node)-[r:CONTRACT]->(b:Node) WHERE r.project_id = $project_id RETURN a, r, b
  UNION
  MATCH (a:Node)-[r:EMPLOYED]->(b:Node) WHERE r.project_id = $project_id RETURN a, r, b
  UNION
  MATCH (a:Node)-[r:PAID]->(b:Node) WHERE r.on_project = $project_id RETURN a, r, b
  UNION
  MATCH (b:Claim) WHERE b.on_project = $project_id
  MATCH (a:Node)-[r:FILED]->(b) RETURN a, r, b
  UNION
  MATCH (a:Claim) WHERE a.on_project = $project_id
  MATCH (a)-[r:AGAINST|ON]->(b:Node) RETURN a, r, b
  UNION
  MATCH (a:Order) WHERE a.on_project = $project_id
  MATCH (a)-[r:ORDERED]->(b:Node) RETURN a, r, b
  UNION
  MATCH ()-[e:EMPLOYED]->(x:Node) WHERE e.project_id = $project_id
  WITH DISTINCT x
  CALL (x) {
    MATCH (x)-[r:PAID]->(b:Node) WHERE r.on_project IS NULL RETURN x AS a, r, b
    UNION
    MATCH (a:Order)-[r:ORDERED]->(x) WHERE a.on_project IS NULL RETURN a, r, x AS b
  }
  RETURN a, r, b
}
RETURN a.key AS u, properties(a) AS u_props, b.key AS v, properties(b) AS v_props,
       r.key AS key, properties(r) AS props, properties(p) AS project;

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
