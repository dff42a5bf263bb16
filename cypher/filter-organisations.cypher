// Organisations meeting every given condition of an OrganisationFilter (src/store/types.ts), without name words;
// ordered by name, then id. A null parameter is no condition. The size band is computed from staff, else turnover,
// on the bounds the adapter passes from SIZE_BOUNDS (src/organisations/size-band.ts), so the rule has one source.
// Returns the total and one page of ids; the adapter reads the records with get-organisations.
// Params: $kinds [string] or null, $serviceCodes [string] or null, $areaCodes [string] or null, $sizeBands [string]
//   or null, $open boolean or null, $bounds {staffMicro, staffSmall, staffMedium, turnoverMicro, turnoverSmall,
//   turnoverMedium}, $offset, $limit (integers)
MATCH (o:Organisation)
WHERE o.json IS NOT NULL
  AND ($kinds IS NULL OR o.kind IN $kinds)
  AND ($open IS NULL OR o.openToPartnering = $open)
  AND ($serviceCodes IS NULL OR any(code IN o.services WHERE code IN $serviceCodes))
  AND ($areaCodes IS NULL OR any(code IN o.areas WHERE code IN $areaCodes))
WITH o,
  CASE
    WHEN o.staff IS NOT NULL THEN
      CASE WHEN o.staff <= $bounds.staffMicro THEN 'micro' WHEN o.staff <= $bounds.staffSmall THEN 'small'
        WHEN o.staff <= $bounds.staffMedium THEN 'medium' ELSE 'large' END
    WHEN o.annualTurnoverGbp IS NOT NULL THEN
      CASE WHEN o.annualTurnoverGbp <= $bounds.turnoverMicro THEN 'micro' WHEN o.annualTurnoverGbp <= $bounds.turnoverSmall THEN 'small'
        WHEN o.annualTurnoverGbp <= $bounds.turnoverMedium THEN 'medium' ELSE 'large' END
    ELSE 'unknown'
  END AS band
WHERE $sizeBands IS NULL OR band IN $sizeBands
WITH o
ORDER BY o.name, o.id
WITH collect(o.id) AS found
RETURN size(found) AS total, found[$offset..($offset + $limit)] AS ids
