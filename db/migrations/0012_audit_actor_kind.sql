-- Who is on the other end of each audited request (issue 10): a staff user, an honoree in the portal, a partner's
-- client, or nobody signed in. Entries written before this column existed keep it empty: their actor was not recorded.
ALTER TABLE audit_entries ADD COLUMN actor_kind text
    CHECK (actor_kind IN ('staff', 'honoree', 'partner_client', 'anonymous'));
