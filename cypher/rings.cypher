// graphchain rings: the claims subgraph, so the ring analysis need not pull the whole database.
// Persons who filed a claim (optionally only claims filed in [$since, $until], ISO dates or null),
// their claims with the claims' AGAINST/ON edges, the claimants' employment, the payments to
// them, and the identifiers they hold with EVERY holder of each (the hub guard counts holders).
// Each statement returns one record: `edges`, a list of [u, v, props] (u, v node keys; props with the
// edge's `key`), or `nodes`, a list of props. One list rather than a record per edge: the driver's cost
// per record was most of the reading time (72,000 records on 2,000 projects, benchmarks/neo4j_analyze.py);
// the server holds the list until it is sent, as the client holds the graph. The ends of the edges come
// afterwards, each once, by key (read.cypher nodes_by_key; graphchain.store.Neo4jStore.claims_graph).

// name: claims
MATCH (p:Person)-[r:FILED]->(c:Claim)
WHERE ($since IS NULL OR c.filed >= $since) AND ($until IS NULL OR c.filed <= $until)
RETURN collect([p.key, c.key, properties(r)]) AS edges;

// name: claim_edges
MATCH (c:Claim)-[r:AGAINST|ON]->(b:Node)
WHERE ($since IS NULL OR c.filed >= $since) AND ($until IS NULL OR c.filed <= $until)
RETURN collect([c.key, b.key, properties(r)]) AS edges;

// name: claimant_employment
MATCH (p:Person)-[:FILED]->(c:Claim)
WHERE ($since IS NULL OR c.filed >= $since) AND ($until IS NULL OR c.filed <= $until)
WITH DISTINCT p
MATCH (p)-[r:EMPLOYED]->(b:Node)
RETURN collect([p.key, b.key, properties(r)]) AS edges;

// name: claimant_payments
MATCH (p:Person)-[:FILED]->(c:Claim)
WHERE ($since IS NULL OR c.filed >= $since) AND ($until IS NULL OR c.filed <= $until)
WITH DISTINCT p
MATCH (a:Node)-[r:PAID]->(p)
RETURN collect([a.key, p.key, properties(r)]) AS edges;

// name: claimant_identifiers
MATCH (p:Person)-[:FILED]->(c:Claim)
WHERE ($since IS NULL OR c.filed >= $since) AND ($until IS NULL OR c.filed <= $until)
WITH DISTINCT p
MATCH (p)-[:HAS]->(i:Identifier)
WITH DISTINCT i
MATCH (h:Node)-[r:HAS]->(i)
RETURN collect([h.key, i.key, properties(r)]) AS edges;

// For leads (respondent names resolved against the parties and their projects' chains):
// every party, and the contract and ownership edges (both small next to claims and persons).
// name: parties
MATCH (n:Party) RETURN collect(properties(n)) AS nodes;

// name: chain_edges
MATCH (a:Node)-[r:CONTRACT|OWNS]->(b:Node)
RETURN collect([a.key, b.key, properties(r)]) AS edges;
