// Schema (10 of 12): organisations by the change sequence number of the transaction that last wrote them, for the
// read models' catch-up (organisations-changed: a range seek on the sequence numbers not seen yet).
CREATE INDEX organisation_change_seq IF NOT EXISTS FOR (o:Organisation) ON (o.changeSeq)
