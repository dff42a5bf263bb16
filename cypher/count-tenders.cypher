// Number of tenders.
MATCH (t:Tender)
RETURN count(t) AS total
