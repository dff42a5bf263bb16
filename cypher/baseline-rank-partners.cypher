// PEER BASELINE for bench/match.ts only; no application code runs it. The whole partner ranking written as one
// Cypher query, the way a Neo4j user would first write it: walk the relationships, score in Cypher, sort.
// It is a reasonable first attempt, not our scorer: five of our eight factors, simplified, with our weights.
//   candidates  open to partnering, not the seeker, not on the seeker's do-not-partner list and not having the
//               seeker on theirs, providing one of the tender's (expanded) CPV codes and operating in one of the
//               tender's (expanded) areas or their neighbours
//   complementarity 0.25  share of the tender's matched codes the candidate offers that the seeker lacks
//   geography       0.15  1 when it operates in the tender area itself, 0.5 when only next to it
//   values          0.15  share of the seeker's values the candidate holds (0.5 when the seeker states none)
//   trust           0.15  past partnerships between the two, either direction: 0.5 + 0.1 × mean success (1–5)
//   capacity        0.10  together above the turnover threshold: 1, else the share reached (0.5 without one)
// score = weighted sum / 0.8; ORDER BY score DESC, id; LIMIT $limit.
// Params: $seekerId, $serviceCodes [string] (tender codes with descendants and class-level ancestors),
//   $areaCodes [string] (tender and adjacent authorities with their containing areas), $tenderAreaCodes
//   [string] (tender authorities with their containing areas), $thresholdGbp (float or null), $limit (integer)
MATCH (seeker:Organisation {id: $seekerId})
OPTIONAL MATCH (seeker)-[:HAS_PRIVATE]->(sp:OrganisationPrivate)
WITH seeker, coalesce(sp.doNotPartnerWith, []) AS avoid
MATCH (c:Organisation)-[:PROVIDES]->(s:Service)
WHERE s.code IN $serviceCodes
  AND c.openToPartnering = true
  AND c <> seeker
  AND NOT c.id IN avoid
WITH seeker, c, collect(DISTINCT s.code) AS offered
MATCH (c)-[:OPERATES_IN]->(a:Area)
WHERE a.code IN $areaCodes
WITH seeker, c, offered, collect(DISTINCT a.code) AS reach
WHERE NOT EXISTS { (c)-[:HAS_PRIVATE]->(cp:OrganisationPrivate) WHERE seeker.id IN cp.doNotPartnerWith }
OPTIONAL MATCH (seeker)-[p:PARTNERED_WITH]-(c)
WITH seeker, c, offered, reach, count(p) AS together, avg(p.success) AS success
WITH c,
     toFloat(size([code IN offered WHERE NOT code IN seeker.services])) / size(offered) AS complementarity,
     CASE WHEN any(code IN reach WHERE code IN $tenderAreaCodes) THEN 1.0 ELSE 0.5 END AS geography,
     CASE WHEN size(seeker.values) = 0 THEN 0.5
          ELSE toFloat(size([v IN c.values WHERE v IN seeker.values])) / size(seeker.values) END AS values,
     CASE WHEN together > 0 THEN 0.5 + 0.1 * success ELSE 0.0 END AS trust,
     CASE WHEN $thresholdGbp IS NULL THEN 0.5
          ELSE CASE WHEN coalesce(seeker.annualTurnoverGbp, 0.0) + coalesce(c.annualTurnoverGbp, 0.0) >= $thresholdGbp THEN 1.0
                    ELSE (coalesce(seeker.annualTurnoverGbp, 0.0) + coalesce(c.annualTurnoverGbp, 0.0)) / $thresholdGbp END
     END AS capacity
WITH c, (0.25 * complementarity + 0.15 * geography + 0.15 * values + 0.15 * trust + 0.10 * capacity) / 0.8 AS score,
     complementarity, geography, values, trust, capacity
RETURN c.id AS id, c.name AS name, score, complementarity, geography, values, trust, capacity
ORDER BY score DESC, id ASC
LIMIT $limit
