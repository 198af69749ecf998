// graphchain explorer reads: everything by key (the node_key constraint's index), never the whole graph.
// The explorer only reads; every value is a parameter.

// name: nodes
UNWIND $keys AS k
MATCH (n:Node {key: k}) RETURN n.key AS key, properties(n) AS props;

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

// What the search box looks in: names, ids and the last digits of personal numbers (streamed once,
// on the first search, never at start-up).
// name: names
MATCH (n:Node) WHERE n:Party OR n:Person OR n:Project
RETURN n.key AS key, n.label AS label, n.id AS id, n.name AS name,
       [x IN [n.phone, n.bank_account, n.id_number, n.wage_account] WHERE x IS NOT NULL | toString(x)] AS numbers;

// A first page of projects for the home page (by id, through the Project id index).
// name: some_projects
MATCH (p:Project) WHERE p.id IS NOT NULL
RETURN p.id AS id, p.name AS name ORDER BY id LIMIT $limit;
