// graphchain rings: the claims subgraph, so the ring analysis need not pull the whole database.
// Persons who filed a claim (optionally only claims filed in [$since, $until], ISO dates or null),
// their claims with the claims' AGAINST/ON edges, the claimants' employment, the payments to
// them, and the identifiers they hold with EVERY holder of each (the hub guard counts holders).
// Each statement returns edges as u, v (node keys) and props (with the edge's `key`); the nodes come
// afterwards, each once, by key (read.cypher nodes_by_key; graphchain.store.Neo4jStore.claims_graph).

// name: claims
MATCH (p:Person)-[r:FILED]->(c:Claim)
WHERE ($since IS NULL OR c.filed >= $since) AND ($until IS NULL OR c.filed <= $until)
RETURN p.key AS u, c.key AS v, properties(r) AS props;

// name: claim_edges
MATCH (c:Claim)-[r:AGAINST|ON]->(b:Node)
WHERE ($since IS NULL OR c.filed >= $since) AND ($until IS NULL OR c.filed <= $until)
RETURN c.key AS u, b.key AS v, properties(r) AS props;

// name: claimant_employment
MATCH (p:Person)-[:FILED]->(c:Claim)
WHERE ($since IS NULL OR c.filed >= $since) AND ($until IS NULL OR c.filed <= $until)
WITH DISTINCT p
MATCH (p)-[r:EMPLOYED]->(b:Node)
RETURN p.key AS u, b.key AS v, properties(r) AS props;

// name: claimant_payments
MATCH (p:Person)-[:FILED]->(c:Claim)
WHERE ($since IS NULL OR c.filed >= $since) AND ($until IS NULL OR c.filed <= $until)
WITH DISTINCT p
MATCH (a:Node)-[r:PAID]->(p)
RETURN a.key AS u, p.key AS v, properties(r) AS props;

// name: claimant_identifiers
MATCH (p:Person)-[:FILED]->(c:Claim)
WHERE ($since IS NULL OR c.filed >= $since) AND ($until IS NULL OR c.filed <= $until)
WITH DISTINCT p
MATCH (p)-[:HAS]->(i:Identifier)
WITH DISTINCT i
MATCH (h:Node)-[r:HAS]->(i)
RETURN h.key AS u, i.key AS v, properties(r) AS props;

// For leads (respondent names resolved against the parties and their projects' chains):
// every party, and the contract and ownership edges (both small next to claims and persons).
// name: parties
MATCH (n:Party) RETURN properties(n) AS props;

// name: chain_edges
MATCH (a:Node)-[r:CONTRACT|OWNS]->(b:Node)
RETURN a.key AS u, b.key AS v, properties(r) AS props;
