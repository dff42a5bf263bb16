// Create or overwrite the Tender nodes of a batch (created and updated rows only) and drop their old
// REQUIRES / DELIVERED_IN links (link-tender-services and link-tender-areas add the new ones).
// Params: $rows [{id, json, title, valueGbp?, minimumTurnoverGbp?, submissionDeadline?, openToConsortia,
//   reservedForMutuals, socialValueWeight}]
UNWIND $rows AS row
MERGE (t:Tender {id: row.id})
SET t.json = row.json,
    t.title = row.title,
    t.valueGbp = toFloat(row.valueGbp),
    t.minimumTurnoverGbp = toFloat(row.minimumTurnoverGbp),
    t.submissionDeadline = row.submissionDeadline,
    t.openToConsortia = row.openToConsortia,
    t.reservedForMutuals = row.reservedForMutuals,
    t.socialValueWeight = toFloat(row.socialValueWeight)
WITH t
OPTIONAL MATCH (t)-[r:REQUIRES|DELIVERED_IN]->()
DELETE r
