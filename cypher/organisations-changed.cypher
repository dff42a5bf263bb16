// The organisations written by the transactions numbered $afterSeq < n <= $upTo (see next-change-seq), with their
// records: the read model's catch-up. A range seek on organisation_change_seq.
// Params: $afterSeq, $upTo (integers)
MATCH (o:Organisation)
WHERE o.changeSeq > $afterSeq AND o.changeSeq <= $upTo AND o.json IS NOT NULL
OPTIONAL MATCH (p:OrganisationPrivate {id: o.id})
RETURN o.id AS id, o.json AS json, p.json AS privateJson, o.changeSeq AS seq
