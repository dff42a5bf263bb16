// Schema (12 of 12): removal marks by change sequence number, for the read models' catch-up (organisations-removed).
CREATE INDEX removed_organisation_change_seq IF NOT EXISTS FOR (r:RemovedOrganisation) ON (r.changeSeq)
