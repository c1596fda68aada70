-- The bank account each honoree's payments go to (开户行, 户名, 账号): one per honoree, replaced when it changes.
-- The account name and number are kept only as AES-GCM ciphertext of both together (with the honoree's id inside,
-- so a ciphertext copied onto another honoree's row is refused on reading) and as masked forms for display;
-- the plain number is never stored. Every change is in the audit log, masked.
CREATE TABLE honoree_bank_accounts (
    honoree_id            bigint PRIMARY KEY REFERENCES honorees (id) ON DELETE CASCADE,
    bank_name             text    NOT NULL CHECK (length(bank_name) BETWEEN 2 AND 60),
    account_cipher        bytea   NOT NULL,
    account_name_masked   text    NOT NULL,
    account_number_masked text    NOT NULL,
    version               integer NOT NULL DEFAULT 1,
    updated_at            timestamptz NOT NULL DEFAULT now(),
    updated_by            bigint REFERENCES users (id)
);
