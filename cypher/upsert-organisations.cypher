// Create or overwrite the Organisation nodes of a batch (created and updated rows only); turns a placeholder
// into a full node. `json` (the canonical public record) is what reads return; the other properties and the
// :OpenToPartnering label are derived from it for Cypher to filter and rank on (a label check is cheaper than
// a property read; `services`/`areas` lists spare the candidate query a relationship walk per candidate).
// `version` is a digest of the public and private JSON: the candidate query returns it so the adapter can
// reuse organisations it has already decoded (see src/store/neo4j/organisation-cache.ts).
// `changeSeq` is the transaction's change sequence number (next-change-seq), for the read models' catch-up.
// `searchKey` is the name's words for the organisation_search index (searchOrganisations).
// Params: $rows [{id, json, version, name, searchKey, kind, legalForm, staff?, annualTurnoverGbp?, foundedYear?, openToPartnering,
//   spareCapacity, largestContractShare?, decisionSpeed, governance, commercialMaturity, values, services,
//   areas}], $modelVersion, $changeSeq
UNWIND $rows AS row
MERGE (o:Organisation {id: row.id})
SET o.json = row.json,
    o.version = toInteger(row.version),
    o.modelVersion = $modelVersion,
    o.changeSeq = $changeSeq,
    o.name = row.name,
    o.searchKey = row.searchKey,
    o.kind = row.kind,
    o.legalForm = row.legalForm,
    o.staff = toInteger(row.staff),
    o.annualTurnoverGbp = toFloat(row.annualTurnoverGbp),
    o.foundedYear = toInteger(row.foundedYear),
    o.openToPartnering = row.openToPartnering,
    o.spareCapacity = row.spareCapacity,
    o.largestContractShare = toFloat(row.largestContractShare),
    o.decisionSpeed = row.decisionSpeed,
    o.governance = row.governance,
    o.commercialMaturity = row.commercialMaturity,
    o.values = row.values,
    o.services = row.services,
    o.areas = row.areas
FOREACH (_ IN CASE WHEN row.openToPartnering THEN [1] ELSE [] END | SET o:OpenToPartnering)
FOREACH (_ IN CASE WHEN row.openToPartnering THEN [] ELSE [1] END | REMOVE o:OpenToPartnering)
