// graphchain schema: run once per database (every statement is idempotent).
// Every node carries :Node plus its own label; `key` is the node key of graphchain.schema.

// name: node_key
CREATE CONSTRAINT graphchain_node_key IF NOT EXISTS FOR (n:Node) REQUIRE n.key IS UNIQUE;
// name: load_key
CREATE CONSTRAINT graphchain_load_key IF NOT EXISTS FOR (m:GraphchainLoad) REQUIRE m.key IS UNIQUE;
// name: load_number
CREATE CONSTRAINT graphchain_load_number IF NOT EXISTS FOR (m:GraphchainLoad) REQUIRE m.number IS UNIQUE;
// name: project_id
CREATE INDEX graphchain_project_id IF NOT EXISTS FOR (n:Project) ON (n.id);
// name: claim_project
CREATE INDEX graphchain_claim_on_project IF NOT EXISTS FOR (n:Claim) ON (n.on_project);
// name: order_project
CREATE INDEX graphchain_order_on_project IF NOT EXISTS FOR (n:Order) ON (n.on_project);
// name: contract_project
CREATE INDEX graphchain_contract_project IF NOT EXISTS FOR ()-[r:CONTRACT]-() ON (r.project_id);
// name: paid_project
CREATE INDEX graphchain_paid_on_project IF NOT EXISTS FOR ()-[r:PAID]-() ON (r.on_project);
// name: employed_project
CREATE INDEX graphchain_employed_project IF NOT EXISTS FOR ()-[r:EMPLOYED]-() ON (r.project_id);
// name: owns_project
CREATE INDEX graphchain_owns_project IF NOT EXISTS FOR ()-[r:OWNS]-() ON (r.project_id);
