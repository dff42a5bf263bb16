// The last change sequence number handed out (0 before the first write): every change numbered up to it is committed
// (see next-change-seq). A read model reads it before it pages the organisations, and before each catch-up.
// Params: none
OPTIONAL MATCH (c:ChangeCounter {name: 'organisations'})
RETURN coalesce(c.seq, 0) AS seq
