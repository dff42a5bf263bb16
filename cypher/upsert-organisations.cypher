// Create or overwrite the Organisation nodes of a batch (created and updated rows only): scalar properties for
// querying, `json` (the canonical public record) for exact round-trip. Turns a placeholder into a full node.
// Params: $rows [{id, json, name, kind, legalForm, staff?, annualTurnoverGbp?, foundedYear?, openToPartnering,
//   spareCapacity, largestContractShare?, decisionSpeed, governance, commercialMaturity, values}]
UNWIND $rows AS row
MERGE (o:Organisation {id: row.id})
SET o.json = row.json,
    o.name = row.name,
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
    o.values = row.values
