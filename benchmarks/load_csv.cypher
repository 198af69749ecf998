// Server-side LOAD CSV of a bundle's CSV files into the graphchain model (benchmarks/neo4j_load.py):
// the yardstick for graphchain's own loader. Run in this order, each in an implicit (auto-commit)
// transaction; $base is the bundle folder as a file URL under the server's import directory
// (server.directories.import), e.g. 'file:///synth-500-seed1-8b9b9d0e/'.
//
// It builds the same nodes, relationships and properties as graphchain.model.graph_records for a
// bundle in canonical form (what graphchain.synth writes: English headers and enums, ISO dates,
// plain numbers, 'true'/'false'); the benchmark checks the result equals the embedded graph. It
// does not validate anything (check digits, references, duplicates): that is graphchain's work,
// done before its load. Empty CSV fields arrive as null, and SET n = map drops null values.

// name: parties
LOAD CSV WITH HEADERS FROM $base + 'parties.csv' AS row
CALL (row) {
  MERGE (n:Node {key: row.party_id})
  SET n = {party_id: row.party_id, name: row.name, kind: row.kind, credit_code: toUpper(row.credit_code),
           id_number: toUpper(row.id_number),
           qualifications: CASE WHEN row.qualifications IS NULL THEN null
                           ELSE COLLECT { UNWIND split(row.qualifications, ';') AS q WITH DISTINCT trim(q) AS q
                                          WHERE q <> '' RETURN q ORDER BY q } END,
           legal_rep: row.legal_rep, phone: row.phone, bank_account: row.bank_account, address: row.address,
           source: 'parties.csv:' + linenumber(), label: 'Party', id: row.party_id},
      n.key = row.party_id, n:Party
} IN TRANSACTIONS OF 10000 ROWS;

// name: persons
LOAD CSV WITH HEADERS FROM $base + 'persons.csv' AS row
CALL (row) {
  MERGE (n:Node {key: row.person_id})
  SET n = {person_id: row.person_id, name: row.name, id_number: toUpper(row.id_number), phone: row.phone,
           bank_account: row.bank_account, address: row.address,
           source: 'persons.csv:' + linenumber(), label: 'Person', id: row.person_id},
      n.key = row.person_id, n:Person
} IN TRANSACTIONS OF 10000 ROWS;

// Identifiers held by two or more parties/persons (graph_records: only those link anyone).
// name: identifiers
MATCH (n:Node) WHERE n:Party OR n:Person
UNWIND [['phone', n.phone], ['bank_account', n.bank_account], ['address', n.address], ['id_number', n.id_number]] AS kv
WITH kv[0] AS kind, kv[1] AS value, n WHERE value IS NOT NULL
WITH kind, value, collect(n) AS holders WHERE size(holders) >= 2
CALL (kind, value, holders) {
  MERGE (i:Node {key: kind + ':' + value})
  SET i = {label: 'Identifier', id: kind + ':' + value, kind: kind, value: value}, i.key = kind + ':' + value,
      i:Identifier
  WITH i
  UNWIND holders AS h
  MERGE (h)-[r:HAS {key: kind}]->(i)
  SET r = {rel: 'HAS', kind: kind}, r.key = kind
} IN TRANSACTIONS OF 1000 ROWS;

// name: projects
LOAD CSV WITH HEADERS FROM $base + 'projects.csv' AS row
CALL (row) {
  MERGE (n:Node {key: 'project:' + row.project_id})
  SET n = {project_id: row.project_id, name: row.name, owner_id: row.owner_id, district: row.district,
           start: row.start, end: row.end, wage_account: row.wage_account, guarantee: toFloat(row.guarantee),
           source: 'projects.csv:' + linenumber(), label: 'Project', id: row.project_id},
      n.key = 'project:' + row.project_id, n:Project
  WITH n, row
  MATCH (o:Node {key: row.owner_id})
  MERGE (o)-[r:OWNS {key: 'owns:' + row.project_id}]->(n)
  SET r = {rel: 'OWNS', project_id: row.project_id, source: 'projects.csv:' + linenumber()},
      r.key = 'owns:' + row.project_id
} IN TRANSACTIONS OF 10000 ROWS;

// name: contracts
LOAD CSV WITH HEADERS FROM $base + 'contracts.csv' AS row
CALL (row) {
  MATCH (a:Node {key: row.from_id})
  MATCH (b:Node {key: row.to_id})
  MERGE (a)-[r:CONTRACT {key: row.contract_id}]->(b)
  SET r = {contract_id: row.contract_id, project_id: row.project_id, type: row.type, scope: row.scope,
           main_structure: toBoolean(row.main_structure), amount: toFloat(row.amount), signed: row.signed,
           written: toBoolean(row.written), source: 'contracts.csv:' + linenumber(), rel: 'CONTRACT',
           id: row.contract_id},
      r.key = row.contract_id
} IN TRANSACTIONS OF 10000 ROWS;

// name: payments
LOAD CSV WITH HEADERS FROM $base + 'payments.csv' AS row
CALL (row) {
  MATCH (a:Node {key: row.payer_id})
  MATCH (b:Node {key: row.payee_id})
  MERGE (a)-[r:PAID {key: row.payment_id}]->(b)
  SET r = {payment_id: row.payment_id, amount: toFloat(row.amount), paid: row.paid, project_id: row.project_id,
           contract_id: row.contract_id, purpose: row.purpose, via_wage_account: toBoolean(row.via_wage_account),
           source: 'payments.csv:' + linenumber(), rel: 'PAID', id: row.payment_id},
      r.key = row.payment_id
} IN TRANSACTIONS OF 10000 ROWS;

// A row without employment_id gets file:row here; graphchain keys it by a hash of its content
// (graphchain.model.employment_ids), which plain Cypher cannot compute. Generated bundles always
// carry employment_id, so the graphs compared are the same.
// name: employment
LOAD CSV WITH HEADERS FROM $base + 'employment.csv' AS row
CALL (row) {
  WITH row, coalesce(row.employment_id, 'employment.csv:' + linenumber()) AS eid
  MATCH (a:Node {key: row.person_id})
  MATCH (b:Node {key: row.employer_id})
  MERGE (a)-[r:EMPLOYED {key: eid}]->(b)
  SET r = {employment_id: row.employment_id, project_id: row.project_id, role: row.role, start: row.start,
           end: row.end, days: toFloat(row.days), wage_due: toFloat(row.wage_due), wage_paid: toFloat(row.wage_paid),
           source: 'employment.csv:' + linenumber(), rel: 'EMPLOYED', id: eid},
      r.key = eid
} IN TRANSACTIONS OF 10000 ROWS;

// name: claims
LOAD CSV WITH HEADERS FROM $base + 'claims.csv' AS row
CALL (row) {
  WITH row, 'claim:' + row.claim_id AS ck, 'claims.csv:' + linenumber() AS src
  MERGE (c:Node {key: ck})
  SET c = {claim_id: row.claim_id, claimant_id: row.claimant_id, amount: toFloat(row.amount), filed: row.filed,
           group_id: row.group_id, project_id: row.project_id, respondent_id: row.respondent_id,
           respondent_name: row.respondent_name, channel: row.channel, status: row.status, text: row.text,
           source: src, label: 'Claim', id: row.claim_id},
      c.key = ck, c:Claim
  WITH row, c, src
  MATCH (w:Node {key: row.claimant_id})
  MERGE (w)-[f:FILED {key: 'filed:' + row.claim_id}]->(c)
  SET f = {rel: 'FILED', source: src}, f.key = 'filed:' + row.claim_id
  WITH row, c, src
  CALL (row, c, src) {
    MATCH (x:Node {key: row.respondent_id})
    MERGE (c)-[g:AGAINST {key: 'against:' + row.claim_id}]->(x)
    SET g = {rel: 'AGAINST', source: src}, g.key = 'against:' + row.claim_id
  }
  CALL (row, c, src) {
    MATCH (p:Node {key: 'project:' + row.project_id})
    MERGE (c)-[o:ON {key: 'on:' + row.claim_id}]->(p)
    SET o = {rel: 'ON', source: src}, o.key = 'on:' + row.claim_id
  }
} IN TRANSACTIONS OF 10000 ROWS;
