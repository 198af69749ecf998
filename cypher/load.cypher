// graphchain load statements: batched UNWIND ... MERGE, so loading twice changes nothing.
// $rows: [{key, props}] for nodes, [{u, v, key, props}] for relationships. `SET x = props`
// replaces every property, so a reload leaves no stale value behind. Labels and
// relationship types are written here, never built from data.

// name: node_Party
UNWIND $rows AS row MERGE (n:Node {key: row.key}) SET n = row.props, n.key = row.key, n:Party;
// name: node_Person
UNWIND $rows AS row MERGE (n:Node {key: row.key}) SET n = row.props, n.key = row.key, n:Person;
// name: node_Project
UNWIND $rows AS row MERGE (n:Node {key: row.key}) SET n = row.props, n.key = row.key, n:Project;
// name: node_Claim
UNWIND $rows AS row MERGE (n:Node {key: row.key}) SET n = row.props, n.key = row.key, n:Claim;
// name: node_Order
UNWIND $rows AS row MERGE (n:Node {key: row.key}) SET n = row.props, n.key = row.key, n:Order;
// name: node_Identifier
UNWIND $rows AS row MERGE (n:Node {key: row.key}) SET n = row.props, n.key = row.key, n:Identifier;

// name: rel_OWNS
UNWIND $rows AS row MATCH (a:Node {key: row.u}) MATCH (b:Node {key: row.v})
MERGE (a)-[r:OWNS {key: row.key}]->(b) SET r = row.props, r.key = row.key;
// name: rel_CONTRACT
UNWIND $rows AS row MATCH (a:Node {key: row.u}) MATCH (b:Node {key: row.v})
MERGE (a)-[r:CONTRACT {key: row.key}]->(b) SET r = row.props, r.key = row.key;
// name: rel_PAID
UNWIND $rows AS row MATCH (a:Node {key: row.u}) MATCH (b:Node {key: row.v})
MERGE (a)-[r:PAID {key: row.key}]->(b) SET r = row.props, r.key = row.key;
// name: rel_EMPLOYED
UNWIND $rows AS row MATCH (a:Node {key: row.u}) MATCH (b:Node {key: row.v})
MERGE (a)-[r:EMPLOYED {key: row.key}]->(b) SET r = row.props, r.key = row.key;
// name: rel_FILED
UNWIND $rows AS row MATCH (a:Node {key: row.u}) MATCH (b:Node {key: row.v})
MERGE (a)-[r:FILED {key: row.key}]->(b) SET r = row.props, r.key = row.key;
// name: rel_AGAINST
UNWIND $rows AS row MATCH (a:Node {key: row.u}) MATCH (b:Node {key: row.v})
MERGE (a)-[r:AGAINST {key: row.key}]->(b) SET r = row.props, r.key = row.key;
// name: rel_ON
UNWIND $rows AS row MATCH (a:Node {key: row.u}) MATCH (b:Node {key: row.v})
MERGE (a)-[r:ON {key: row.key}]->(b) SET r = row.props, r.key = row.key;
// name: rel_ORDERED
UNWIND $rows AS row MATCH (a:Node {key: row.u}) MATCH (b:Node {key: row.v})
MERGE (a)-[r:ORDERED {key: row.key}]->(b) SET r = row.props, r.key = row.key;
// name: rel_HAS
UNWIND $rows AS row MATCH (a:Node {key: row.u}) MATCH (b:Node {key: row.v})
MERGE (a)-[r:HAS {key: row.key}]->(b) SET r = row.props, r.key = row.key;

// name: load_started
MERGE (m:GraphchainLoad {key: 'last'}) SET m.status = 'loading', m.source = $source, m.started = datetime();
// name: load_finished
MATCH (m:GraphchainLoad {key: 'last'}) SET m.status = 'complete', m.finished = datetime(), m.counts = $counts;
