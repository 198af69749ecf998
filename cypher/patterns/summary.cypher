// graphchain: what a loaded bundle holds, counted the way the findings document counts it
// (bundle.counts): nodes per label, relationships per type.

// Rows per table of the findings document's counts: the nodes of a label, the relationships of a type
// (graphchain.findings fills __LABEL__ / __REL__ from graphchain.schema; both use the count store).
// name: count_nodes
MATCH (n:__LABEL__) RETURN count(n) AS n;
// name: count_rels
MATCH ()-[r:__REL__]->() RETURN count(r) AS n;

// Names and kinds of the nodes with the given keys (the `entities` of the findings document).
// $keys: list of node keys, e.g. ["A", "W1", "project:P1"]
// name: entity_names
MATCH (n:Node) WHERE n.key IN $keys
RETURN n.key AS key, n.id AS id, n.label AS label, n.name AS name, n.kind AS kind;
