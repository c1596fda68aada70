-- Privileges of the application's runtime role, applied after the migrations on every start when the application
-- connects with a login other than the owner's. {app} is replaced by that login, quoted.
GRANT USAGE ON SCHEMA public TO {app};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app};
-- UPDATE lets the bulk loader move a sequence past the ids it wrote (setval).
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {app};
-- The audit log is append-only; the migration ledger belongs to the owner.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries FROM {app};
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM {app};
-- Where payments go: the grant above lets the application read, add and replace an honoree's bank account; it never
-- deletes one (a row goes only with its honoree, by the foreign key's cascade, which runs as the owner).
REVOKE DELETE, TRUNCATE ON honoree_bank_accounts FROM {app};
-- The ledger is append-only as well.
REVOKE UPDATE, DELETE, TRUNCATE ON ledger_entries, ledger_lines FROM {app};
-- Sessions and tokens end by revocation (revoked_at), never by deletion: the rows show who was signed in when.
REVOKE DELETE, TRUNCATE ON user_sessions, api_tokens FROM {app};
-- The Data Protection key ring: the application reads keys and adds new ones, never changes or removes one (a key
-- retires by expiring or by a revocation element, which is itself a new row).
REVOKE UPDATE, DELETE, TRUNCATE ON data_protection_keys FROM {app};
-- Attachments are kept as uploaded: a replacement is a new row, never an update or a deletion. Consents to publish on
-- the honour roll end by withdrawal (the trigger of migration 0023), never by deletion.
-- (Guarded: the upgrade tests apply this file to a database migrated only part of the way, without these tables.)
DO $$
BEGIN
    IF to_regclass('attachments') IS NOT NULL THEN
        REVOKE UPDATE, DELETE, TRUNCATE ON attachments FROM {app};
    END IF;
    IF to_regclass('honour_roll_consents') IS NOT NULL THEN
        REVOKE DELETE, TRUNCATE ON honour_roll_consents FROM {app};
    END IF;
END $$;
