// Schema (8 of 12): the full-text index searchOrganisations reads: each organisation's `searchKey`, its name's words
// as searchWords writes them (accents removed, lower case, one space between words). The `whitespace` analyzer
// keeps exactly those words as terms, so a prefix query per word matches as the embedded store does. Updated in the
// committing transaction, like the candidate index.
CREATE FULLTEXT INDEX organisation_search IF NOT EXISTS
FOR (o:Organisation) ON EACH [o.searchKey]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false } }
