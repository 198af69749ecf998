// graphchain chain checks for Neo4j Browser: paste one statement, set its parameters first.
// They give the same answers as graphchain.analysis (tests/test_patterns.py checks it on
// generated data); the findings document adds evidence, basis and wording on top.
//
// Graph model (cypher/load.cypher): every node is :Node with `key` plus :Party / :Person /
// :Project / :Claim; (owner)-[:OWNS]->(:Project); (from)-[:CONTRACT {key, project_id, type,
// amount, scope, main_structure}]->(to); parties carry `kind` ('company' | 'individual') and
// `qualifications` (a list of 'general' | 'specialty' | 'labour'; absent = none).
//
// Parameters and their defaults (docs/legal-rules.md; rules.example.toml):
//   :param threshold => 0.9      // R-TRANSFER: share of what a contractor received that it lets on
//   :param max_tiers => 3        // R-DEPTH: contract tiers below the owner that are still lawful
//   :param whole_job_words => ['全部工程', '整体工程', '工程整体', '整体转包', '全部施工内容']  // R-TRANSFER
// Chains are followed at most 10 contracts deep (Cypher needs a literal bound; the Python
// analysis follows 30) and never round a cycle.

// Deepest contract chain of every project (owner → general contractor is tier 1).
// name: chain_depth
MATCH (o:Node)-[:OWNS]->(p:Project)
OPTIONAL MATCH path = (o)-[ks:CONTRACT*1..10]->(:Node)
  WHERE all(k IN ks WHERE k.project_id = p.id)
    AND all(i IN range(0, size(ks) - 1) WHERE NOT nodes(path)[i] IN nodes(path)[i + 1..])
RETURN p.id AS project_id, o.key AS owner_id, coalesce(max(length(path)), 0) AS max_depth
ORDER BY project_id;

// R-DEPTH: the chains deeper than $max_tiers, with the names along them (an EPC tier above the
// general contractor is not counted: owner -epc-> E -general-> G is one tier).
// name: deep_chains
MATCH (o:Node)-[:OWNS]->(p:Project)
MATCH path = (o)-[ks:CONTRACT*1..10]->(:Node)
  WHERE all(k IN ks WHERE k.project_id = p.id)
    AND all(i IN range(0, size(ks) - 1) WHERE NOT nodes(path)[i] IN nodes(path)[i + 1..])
WITH p, path, ks,
     length(path) - CASE WHEN size(ks) >= 2 AND ks[0].type = 'epc' AND ks[1].type = 'general' THEN 1 ELSE 0 END
       AS tiers
WHERE tiers > $max_tiers
RETURN p.id AS project_id, tiers AS depth, [n IN nodes(path) | n.key] AS chain,
       [n IN nodes(path) | n.name] AS names, [k IN ks | k.key] AS contracts
ORDER BY project_id, depth DESC, chain;

// R-TRANSFER (转包): a contractor lets on ≥ $threshold of what it was awarded on the project (by
// contract amount), or it received the whole job and lets the whole job on (a scope naming one of
// $whole_job_words and no 劳务), or a labour subcontract takes the whole job. An EPC contractor letting
// a `general` contract is the lawful EPC → GC tier and does not count.
// name: transfer
MATCH (o:Node)-[:OWNS]->(p:Project)
MATCH (:Node)-[kin:CONTRACT]->(x:Node)
  WHERE kin.project_id = p.id AND x <> o
WITH p, x, sum(kin.amount) AS received, collect(kin.key) AS awarded,
     any(k IN collect(kin) WHERE any(w IN $whole_job_words WHERE coalesce(k.scope, '') CONTAINS w)) AS got_whole,
     any(k IN collect(kin) WHERE k.type = 'epc') AS epc
MATCH (x)-[kout:CONTRACT]->(:Node)
  WHERE kout.project_id = p.id AND NOT (epc AND kout.type = 'general')
WITH p, x, received, awarded, got_whole, sum(kout.amount) AS let_on, collect(kout) AS outs
WITH p, x, received, awarded, let_on, [k IN outs | k.key] AS let_keys,
     [k IN outs WHERE any(w IN $whole_job_words WHERE coalesce(k.scope, '') CONTAINS w)
                  AND NOT coalesce(k.scope, '') CONTAINS '劳务' AND (got_whole OR k.type = 'labour') | k.key] AS whole_job
WHERE (received > 0 AND let_on >= $threshold * received) OR size(whole_job) > 0
RETURN p.id AS project_id, x.key AS party_id, x.name AS name, received, let_on,
       CASE WHEN received > 0 THEN round(100.0 * let_on / received, 1) END AS share_pct,
       whole_job, awarded + let_keys AS contracts
ORDER BY project_id, party_id;

// R-SUB-INDIVIDUAL (违法分包): a subcontract (let by anyone but the owner) to an individual.
// name: sub_to_individual
MATCH (o:Node)-[:OWNS]->(p:Project)
MATCH (a:Node)-[k:CONTRACT]->(b:Node)
  WHERE k.project_id = p.id AND a <> o AND (b:Person OR b.kind = 'individual')
RETURN p.id AS project_id, k.key AS contract_id, a.key AS from_id, b.key AS to_id, b.name AS to_name,
       k.type AS type, k.amount AS amount
ORDER BY project_id, contract_id;

// R-SUB-UNQUALIFIED (违法分包): a subcontract to a unit lacking the qualification its type needs
// (epc and general → general; specialty → specialty or general; labour → labour; `other` is not
// checked; a party with `qualifications_known = false` came without a qualification register).
// name: sub_to_unqualified
MATCH (o:Node)-[:OWNS]->(p:Project)
MATCH (a:Node)-[k:CONTRACT]->(b:Node)
  WHERE k.project_id = p.id AND a <> o AND NOT (b:Person OR b.kind = 'individual')
    AND coalesce(b.qualifications_known, true)
WITH p, k, a, b, coalesce(b.qualifications, []) AS quals
WHERE (k.type IN ['epc', 'general'] AND NOT 'general' IN quals)
   OR (k.type = 'specialty' AND NOT ('specialty' IN quals OR 'general' IN quals))
   OR (k.type = 'labour' AND NOT 'labour' IN quals)
RETURN p.id AS project_id, k.key AS contract_id, a.key AS from_id, b.key AS to_id, b.name AS to_name,
       k.type AS type, quals AS qualifications
ORDER BY project_id, contract_id;

// R-OWNER-ILLEGAL (违法发包): the owner lets work to an individual or to a unit lacking the
// qualification, or lets labour directly (肢解发包); each row is one contract. Two or more `general`
// contracts in one section (肢解发包) are the rows of owner_split_sections.
// name: owner_illegal
MATCH (o:Node)-[:OWNS]->(p:Project)
MATCH (o)-[k:CONTRACT]->(b:Node)
  WHERE k.project_id = p.id
WITH p, k, o, b, coalesce(b.qualifications, []) AS quals, (b:Person OR b.kind = 'individual') AS individual,
     coalesce(b.qualifications_known, true) AS known
WHERE individual OR k.type = 'labour'
   OR (known AND k.type IN ['epc', 'general'] AND NOT 'general' IN quals)
   OR (known AND k.type = 'specialty' AND NOT ('specialty' IN quals OR 'general' IN quals))
RETURN p.id AS project_id, k.key AS contract_id, o.key AS owner_id, b.key AS to_id, b.name AS to_name,
       k.type AS type, individual, quals AS qualifications
ORDER BY project_id, contract_id;

// R-OWNER-ILLEGAL (肢解发包): two or more `general` contracts of the owner in one section (an empty
// section is one section); contract_id is the first of them.
// name: owner_split_sections
MATCH (o:Node)-[:OWNS]->(p:Project)
MATCH (o)-[k:CONTRACT]->(b:Node)
  WHERE k.project_id = p.id AND k.type = 'general'
WITH p, coalesce(k.section, '') AS section, collect(k.key) AS keys, collect(b.key) AS contractors
WHERE size(keys) >= 2
UNWIND keys AS key
WITH p, section, keys, contractors, min(key) AS first
RETURN p.id AS project_id, first AS contract_id, section, keys AS contracts, contractors
ORDER BY project_id, contract_id;
