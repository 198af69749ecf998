// graphchain load statements: batched UNWIND ... MERGE, so loading twice changes nothing.
// $rows: [{key, props}] for nodes, [{u, v, key, props}] for relationships; $load: the load's
// number (its marker's `number`); $run: a number new at every load. `SET x = props` replaces every
// property, so a reload leaves no stale value behind; `loads` (kept across that SET) lists the
// loads that wrote the record and `load_run` is the run that wrote it last, so `--replace` can
// find what this load's earlier runs wrote and this run did not, and keep what another load wrote
// too. Both are small integers, stored inline with the record (load ids are long paths). Labels
// and relationship types come from graphchain.schema, never from data.

// One statement per node label and one per relationship type, from these two templates: __LABEL__
// and __REL__ are replaced by graphchain.cypher.statement with a label / type of graphchain.schema
// (NODE_LABELS, REL_TYPES), never with anything from the data.
// name: node
UNWIND $rows AS row MERGE (n:Node {key: row.key})
WITH n, row, coalesce(n.loads, []) AS loads
SET n = row.props, n.key = row.key, n:__LABEL__, n.load_run = $run,
    n.loads = CASE WHEN $load IN loads THEN loads ELSE loads + $load END;

// name: rel
UNWIND $rows AS row MATCH (a:Node {key: row.u}) MATCH (b:Node {key: row.v})
MERGE (a)-[r:__REL__ {key: row.key}]->(b)
WITH r, row, coalesce(r.loads, []) AS loads
SET r = row.props, r.key = row.key, r.load_run = $run,
    r.loads = CASE WHEN $load IN loads THEN loads ELSE loads + $load END;

// One marker per load id: `loading` from the start until the last batch is in (and, with
// --replace, the old records are gone), then `complete`; a load cut short stays `loading`.
// $load_id is the load id (a path or a name); a new one gets the next free number.
// name: load_started
OPTIONAL MATCH (x:GraphchainLoad) WITH max(x.number) AS top
MERGE (m:GraphchainLoad {key: $load_id})
ON CREATE SET m.number = coalesce(top, 0) + 1
SET m.status = 'loading', m.source = $source, m.started = datetime(), m.finished = null, m.counts = null
RETURN m.number AS number;
// name: load_finished
MATCH (m:GraphchainLoad {key: $load_id})
SET m.status = 'complete', m.finished = datetime(), m.counts = $counts;

// --replace, after every batch of this run is in: what an earlier run of this load wrote and this
// run did not is removed if no other load wrote it, else this load is struck from its `loads`.
// Relationships first, then nodes, in small transactions (as clear). Records written by a
// graphchain older than load ids carry no `loads` and are never removed.
// name: drop_relationships
MATCH (:Node)-[r]->() WHERE r.loads = [$load] AND r.load_run <> $run
CALL (r) { DELETE r } IN TRANSACTIONS OF 5000 ROWS;
// name: release_relationships
MATCH (:Node)-[r]->() WHERE $load IN r.loads AND r.load_run <> $run
CALL (r) { SET r.loads = [x IN r.loads WHERE x <> $load] } IN TRANSACTIONS OF 5000 ROWS;
// name: drop_nodes
MATCH (n:Node) WHERE n.loads = [$load] AND n.load_run <> $run
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS;
// name: release_nodes
MATCH (n:Node) WHERE $load IN n.loads AND n.load_run <> $run
CALL (n) { SET n.loads = [x IN n.loads WHERE x <> $load] } IN TRANSACTIONS OF 5000 ROWS;
