// graphchain chain checks for Neo4j Browser: paste one statement, set its parameters first.
// They give the same answers as graphchain.analysis (tests/test_patterns.py checks it on
// generated data); the findings document adds evidence, basis and wording on top.
//
// Graph model (cypher/load.cypher): every node is :Node with `key` plus :Party / :Person /
// :Project / :Claim; (owner)-[:OWNS]->(:Project); (from)-[:CONTRACT {key, project_id, type,
// amount, scope, main_structure}]->(to); parties carry `kind` ('company' | 'individual') and
// `qualifications` (a list of 'general' | 'specialty' | 'labour'; absent = none).
//
// Parameters and their defaults (legal-rules.md; rules.example.toml):
//   :param threshold => 0.9      // R-TRANSFER: share of what a contractor received that it lets on
//   :param max_tiers => 3        // R-DEPTH: contract tiers below the owner that are still lawful
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

// R-DEPTH: the chains deeper than $max_tiers, with the names along them; an EPC tier above the
// general contractor (owner -epc-> E -general-> GC) is not counted (legal-rules.md v2).
// name: deep_chains
MATCH (o:Node)-[:OWNS]->(p:Project)
MATCH path = (o)-[ks:CONTRACT*1..10]->(:Node)
  WHERE all(k IN ks WHERE k.project_id = p.id)
    AND all(i IN range(0, size(ks) - 1) WHERE NOT nodes(path)[i] IN nodes(path)[i + 1..])
WITH p, path, ks,
     length(path) - CASE WHEN size(ks) >= 2 AND ks[0].type = 'epc' AND ks[1].type = 'general' THEN 1 ELSE 0 END
       AS tiers
WHERE tiers > $max_tiers
RETURN p.id AS project_id, length(path) AS depth, [n IN nodes(path) | n.key] AS chain,
       [n IN nodes(path) | n.name] AS names, [k IN ks | k.key] AS contracts
ORDER BY project_id, depth DESC, chain;

// R-TRANSFER (转包): a contractor lets on ≥ $threshold of what it was awarded on the project (by
// contract amount), or it was awarded the whole job and lets a scope naming the whole job, or lets a
// labour contract naming it (not a labour-only 劳务 scope). A scope naming one trade (全部幕墙工程) is
// not the whole job; an EPC contractor letting the construction to a general contractor is lawful.
// name: transfer
MATCH (o:Node)-[:OWNS]->(p:Project)
MATCH (:Node)-[kin:CONTRACT]->(x:Node)
  WHERE kin.project_id = p.id AND x <> o
WITH p, x, sum(kin.amount) AS received, collect(kin.key) AS awarded, collect(kin) AS ins
WITH p, x, received, awarded, any(k IN ins WHERE k.type = 'epc') AS epc,
     any(k IN ins WHERE any(w IN ['全部工程', '整体工程', '工程整体', '整体转包', '全部施工内容']
                            WHERE coalesce(k.scope, '') CONTAINS w)) AS got_whole
MATCH (x)-[kout:CONTRACT]->(:Node)
  WHERE kout.project_id = p.id AND NOT (epc AND kout.type = 'general')
WITH p, x, received, awarded, got_whole, sum(kout.amount) AS let_on, collect(kout) AS outs
WITH p, x, received, awarded, let_on, [k IN outs | k.key] AS let_keys,
     [k IN outs WHERE any(w IN ['全部工程', '整体工程', '工程整体', '整体转包', '全部施工内容']
                          WHERE coalesce(k.scope, '') CONTAINS w)
                  AND NOT coalesce(k.scope, '') CONTAINS '劳务' AND (got_whole OR k.type = 'labour') | k.key]
       AS whole_job
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
// (general → general; specialty → specialty or general; labour → labour; `other` is not checked).
// name: sub_to_unqualified
MATCH (o:Node)-[:OWNS]->(p:Project)
MATCH (a:Node)-[k:CONTRACT]->(b:Node)
  WHERE k.project_id = p.id AND a <> o AND NOT (b:Person OR b.kind = 'individual')
WITH p, k, a, b, coalesce(b.qualifications, []) AS quals
WHERE (k.type = 'general' AND NOT 'general' IN quals)
   OR (k.type = 'specialty' AND NOT ('specialty' IN quals OR 'general' IN quals))
   OR (k.type = 'labour' AND NOT 'labour' IN quals)
RETURN p.id AS project_id, k.key AS contract_id, a.key AS from_id, b.key AS to_id, b.name AS to_name,
       k.type AS type, quals AS qualifications
ORDER BY project_id, contract_id;

// R-OWNER-ILLEGAL (违法发包): the owner lets work to an individual, to a unit lacking the
// qualification, or labour work directly; or it splits one section (two or more general contracts
// with the same `section`, none = one section: the first contract stands for them, split = true).
// name: owner_illegal
MATCH (o:Node)-[:OWNS]->(p:Project)
MATCH (o)-[k:CONTRACT]->(b:Node)
  WHERE k.project_id = p.id
WITH p, k, o, b, coalesce(b.qualifications, []) AS quals, (b:Person OR b.kind = 'individual') AS individual
WHERE individual OR k.type = 'labour'
   OR (k.type = 'general' AND NOT 'general' IN quals)
   OR (k.type = 'specialty' AND NOT ('specialty' IN quals OR 'general' IN quals))
RETURN p.id AS project_id, k.key AS contract_id, o.key AS owner_id, b.key AS to_id, b.name AS to_name,
       k.type AS type, individual, quals AS qualifications, false AS split
UNION
MATCH (o:Node)-[:OWNS]->(p:Project)
MATCH (o)-[k:CONTRACT {type: 'general'}]->(b:Node)
  WHERE k.project_id = p.id
WITH p, o, coalesce(k.section, '') AS section, k, b ORDER BY k.key
WITH p, o, section, collect(k) AS ks, collect(b) AS bs
  WHERE size(ks) >= 2
RETURN p.id AS project_id, ks[0].key AS contract_id, o.key AS owner_id, bs[0].key AS to_id,
       bs[0].name AS to_name, 'general' AS type, false AS individual, [] AS qualifications, true AS split
ORDER BY project_id, contract_id;
