// graphchain: what a loaded bundle holds, counted the way the findings document counts it
// (bundle.counts): nodes per label, relationships per type. No parameters.

// name: bundle_counts
CALL () { MATCH (n:Party) RETURN count(n) AS parties }
CALL () { MATCH (n:Person) RETURN count(n) AS persons }
CALL () { MATCH (n:Project) RETURN count(n) AS projects }
CALL () { MATCH ()-[r:CONTRACT]->() RETURN count(r) AS contracts }
CALL () { MATCH ()-[r:PAID]->() RETURN count(r) AS payments }
CALL () { MATCH ()-[r:EMPLOYED]->() RETURN count(r) AS employment }
CALL () { MATCH (n:Claim) RETURN count(n) AS claims }
CALL () { MATCH (n:Order) RETURN count(n) AS orders }
RETURN parties, persons, projects, contracts, payments, employment, claims, orders;

// Names and kinds of the nodes with the given keys (the `entities` of the findings document).
// $keys: list of node keys, e.g. ["A", "W1", "project:P1"]
// name: entity_names
MATCH (n:Node) WHERE n.key IN $keys
RETURN n.key AS key, n.id AS id, n.label AS label, n.name AS name, n.kind AS kind;
