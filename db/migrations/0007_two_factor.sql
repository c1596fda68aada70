-- Two-factor sign-in (issue 9, ADR 12). The authenticator key and the recovery codes live in user_tokens (0001), as
-- ASP.NET Core Identity keeps them; passkeys (WebAuthn credentials) are Identity's own passkey entity: the credential
-- id, its user and the rest of what Identity stores about it (public key, signature counter, name, transports, flags)
-- as one JSON document. Only public keys are stored: a copy of this table signs nobody in.
CREATE TABLE user_passkeys (
    credential_id bytea  PRIMARY KEY CHECK (length(credential_id) BETWEEN 1 AND 1023),
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    data          jsonb  NOT NULL
);
CREATE INDEX user_passkeys_user ON user_passkeys (user_id);
