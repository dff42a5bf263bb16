// Delete Service and Area nodes with the given codes once nothing links to them any more (test clean-up).
// Params: $serviceCodes [string], $areaCodes [string]
CALL () {
  MATCH (s:Service)
  WHERE s.code IN $serviceCodes AND NOT EXISTS { (s)--() }
  DELETE s
  RETURN count(s) AS services
}
CALL () {
  MATCH (a:Area)
  WHERE a.code IN $areaCodes AND NOT EXISTS { (a)--() }
  DELETE a
  RETURN count(a) AS areas
}
RETURN services, areas
