// The organisations removed by the transactions numbered $afterSeq < n <= $upTo (mark-removed-organisations): the read
// model's catch-up drops them. A range seek on removed_organisation_change_seq.
// Params: $afterSeq, $upTo (integers)
MATCH (r:RemovedOrganisation)
WHERE r.changeSeq > $afterSeq AND r.changeSeq <= $upTo
RETURN r.id AS id, r.changeSeq AS seq
