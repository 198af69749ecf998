// graphchain explorer reads: everything by key (the node_key constraint's index), never the whole graph.
// The explorer only reads; every value is a parameter.

// Every relationship touching one of $keys, with both ends (their neighbourhood, one hop).
// name: around
UNWIND $keys AS k
MATCH (n:Node {key: k})
CALL (n) {
  MATCH (n)-[r]->(b:Node) RETURN n AS a, r, b
  UNION
  MATCH (a:Node)-[r]->(n) RETURN a, r, n AS b
}
RETURN a.key AS u, properties(a) AS u_props, b.key AS v, properties(b) AS v_props,
       r.key AS key, properties(r) AS props;

// The search box. A full-text index over names and ids (idempotent; its own, beside cypher/schema.cypher's):
// the standard analyzer cuts Chinese into characters, so a misspelt name still shares most of them, and
// the explorer ranks the candidates it returns with the same fuzzy score as on the embedded graph.
// name: names_index
CREATE FULLTEXT INDEX graphchain_explore_names IF NOT EXISTS FOR (n:Party|Person|Project) ON EACH [n.name, n.id];
// name: names_index_state
SHOW INDEXES YIELD name, state WHERE name = 'graphchain_explore_names' RETURN state;
// name: search_names
CALL db.index.fulltext.queryNodes('graphchain_explore_names', $query, {limit: $limit}) YIELD node
RETURN node.key AS key, node.label AS label, node.id AS id, node.name AS name,
       [x IN [node.phone, node.bank_account, node.id_number, node.wage_account] WHERE x IS NOT NULL | toString(x)]
       AS numbers;
// name: search_key
UNWIND $keys AS k
MATCH (n:Node {key: k}) WHERE n:Party OR n:Person OR n:Project
RETURN n.key AS key, n.label AS label, n.id AS id, n.name AS name,
       [x IN [n.phone, n.bank_account, n.id_number, n.wage_account] WHERE x IS NOT NULL | toString(x)] AS numbers;
// Parties and persons whose phone, account or id number ends in $tail (a label scan: a search, not a page).
// name: search_numbers
CALL () {
  MATCH (n:Party) RETURN n
  UNION ALL
  MATCH (n:Person) RETURN n
}
WITH n WHERE any(x IN [n.phone, n.bank_account, n.id_number] WHERE x IS NOT NULL AND toString(x) ENDS WITH $tail)
RETURN n.key AS key, n.label AS label, n.id AS id, n.name AS name,
       [x IN [n.phone, n.bank_account, n.id_number, n.wage_account] WHERE x IS NOT NULL | toString(x)] AS numbers
LIMIT $limit;
// Every name, for search when the full-text index is still being built.
// name: names
CALL () {
  MATCH (n:Party) RETURN n
  UNION ALL
  MATCH (n:Person) RETURN n
  UNION ALL
  MATCH (n:Project) RETURN n
}
RETURN n.key AS key, n.label AS label, n.id AS id, n.name AS name,
       [x IN [n.phone, n.bank_account, n.id_number, n.wage_account] WHERE x IS NOT NULL | toString(x)] AS numbers;

// A first page of projects for the home page (by id, through the Project id index).
// name: some_projects
MATCH (p:Project) WHERE p.id IS NOT NULL
RETURN p.id AS id, p.name AS name ORDER BY id LIMIT $limit;
