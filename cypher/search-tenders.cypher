// Tenders whose lower-cased title contains every one of $words (see TenderSearch in src/store/types.ts; no words:
// every tender), ordered by title, then id. A scan of the tenders: they number thousands, not millions.
// Params: $words [string], $offset, $limit (integers)
MATCH (t:Tender)
WHERE all(w IN $words WHERE toLower(t.title) CONTAINS w)
WITH t
ORDER BY t.title, t.id
WITH collect(t.json) AS found
RETURN size(found) AS total, found[$offset..($offset + $limit)] AS jsons
