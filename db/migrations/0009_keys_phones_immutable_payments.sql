-- Keys and fields at rest (ADR 14): the Data Protection key ring encrypted, phones encrypted, approved payments
-- immutable for the runtime login.

-- 1. Data Protection keys. From this version on every key is stored encrypted (AES-256-GCM under a key derived from
-- Laurel:EncryptionKey); a key stored in plain, as every earlier version stored them, sits in every backup taken
-- since, so it is no longer trusted: it goes, and the next start creates an encrypted one (everyone signs in once
-- more). The application also ignores any key it finds unencrypted. The runtime login only reads and adds keys
-- (db/grants.sql revokes UPDATE and DELETE).
DELETE FROM data_protection_keys WHERE xml LIKE '%<masterKey%';

-- 2. Phones: ciphertext (FieldProtector, like the resident ID) and the masked form shown on screen. The plain column
-- is emptied by the application at its first start after this migration (PlainPhones, under an advisory lock),
-- because SQL cannot encrypt with the application's key; from now on nothing may write a plain phone again.
ALTER TABLE honorees
    ADD COLUMN phone_cipher bytea,
    ADD COLUMN phone_masked text,
    ADD CONSTRAINT honorees_phone_pair CHECK ((phone_cipher IS NULL) = (phone_masked IS NULL)),
    -- NOT VALID: rows still holding a plain phone are accepted until the start-up step encrypts them; every row
    -- written from now on must leave the plain column empty.
    ADD CONSTRAINT honorees_phone_encrypted CHECK (phone IS NULL) NOT VALID;

-- 3. Payments. Once a cycle is approved its items and the accounts copied for it are what the ledger posted and what
-- the bank file pays: for any login but the tables' owner (who can drop these triggers anyway, a reviewable DDL
-- change), they change only as the application's own steps change them, and go only while the cycle is a draft.
--   cycle:  approved → exported → reconciled → closed (and the same status again, exporting or importing twice),
--           setting exported_at and closed_at once and bumping version; nothing else of the row changes.
--   item:   pending → settled or returned, with the bank's reason and time; nothing else.
--   account: never changed.
--   delete: a cycle, its items and its accounts only while the cycle is draft or computed.
CREATE FUNCTION payments_changed_by_owner(relation oid) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = relation), 'MEMBER')
$$;

CREATE FUNCTION payment_cycles_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    allowed constant text[] := ARRAY['status', 'exported_at', 'closed_at', 'version'];
BEGIN
    IF payments_changed_by_owner(TG_RELID) THEN
        RETURN NEW;
    END IF;
    IF (OLD.status, NEW.status) NOT IN (('approved', 'approved'), ('approved', 'exported'), ('exported', 'exported'),
            ('exported', 'reconciled'), ('reconciled', 'reconciled'), ('reconciled', 'closed'), ('closed', 'closed'))
        OR (to_jsonb(OLD) - allowed) IS DISTINCT FROM (to_jsonb(NEW) - allowed)
        OR (OLD.exported_at IS NOT NULL AND NEW.exported_at IS DISTINCT FROM OLD.exported_at)
        OR (OLD.closed_at IS NOT NULL AND NEW.closed_at IS DISTINCT FROM OLD.closed_at)
    THEN
        RAISE EXCEPTION '发放批次 % 已审批，不能修改（状态 % → %）', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER payment_cycles_approved_unchanged BEFORE UPDATE ON payment_cycles
    FOR EACH ROW WHEN (OLD.status NOT IN ('draft', 'computed')) EXECUTE FUNCTION payment_cycles_guard();

CREATE FUNCTION payment_items_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    allowed constant text[] := ARRAY['status', 'result_reason', 'result_at'];
BEGIN
    IF payments_changed_by_owner(TG_RELID)
        OR (SELECT status FROM payment_cycles WHERE id = OLD.cycle_id) IN ('draft', 'computed')
    THEN
        RETURN NEW;
    END IF;
    IF NOT (OLD.status = 'pending' AND NEW.status IN ('settled', 'returned'))
        OR (to_jsonb(OLD) - allowed) IS DISTINCT FROM (to_jsonb(NEW) - allowed)
    THEN
        RAISE EXCEPTION '发放批次 % 已审批，其发放明细不能修改', OLD.cycle_id USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
-- The bank's results (the one change the application makes, on millions of rows at once) pass on the WHEN alone,
-- without calling the function.
CREATE TRIGGER payment_items_approved_unchanged BEFORE UPDATE ON payment_items
    FOR EACH ROW WHEN (NOT (OLD.status = 'pending' AND NEW.status IN ('settled', 'returned')
        AND (to_jsonb(OLD) - ARRAY['status', 'result_reason', 'result_at']) = (to_jsonb(NEW) - ARRAY['status', 'result_reason', 'result_at'])))
    EXECUTE FUNCTION payment_items_guard();

CREATE FUNCTION payment_accounts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF payments_changed_by_owner(TG_RELID)
        OR (SELECT status FROM payment_cycles WHERE id = OLD.cycle_id) IN ('draft', 'computed')
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '发放批次 % 已审批，其收款账户不能修改', OLD.cycle_id USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER payment_accounts_approved_unchanged BEFORE UPDATE ON payment_accounts
    FOR EACH ROW EXECUTE FUNCTION payment_accounts_guard();

-- Deletes are checked once per statement (recomputing a draft deletes all its items in one).
CREATE FUNCTION payments_delete_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cycle bigint;
BEGIN
    IF payments_changed_by_owner(TG_RELID) THEN
        RETURN NULL;
    END IF;
    SELECT c.id INTO cycle FROM payment_cycles c
    WHERE c.id IN (SELECT DISTINCT g.cycle_id FROM gone g) AND c.status NOT IN ('draft', 'computed')
    LIMIT 1;
    IF cycle IS NOT NULL THEN
        RAISE EXCEPTION '发放批次 % 已审批，不能删除其批次、明细或收款账户', cycle USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER payment_items_approved_kept AFTER DELETE ON payment_items REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION payments_delete_guard();
CREATE TRIGGER payment_accounts_approved_kept AFTER DELETE ON payment_accounts REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION payments_delete_guard();

CREATE FUNCTION payment_cycles_delete_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT payments_changed_by_owner(TG_RELID) AND OLD.status NOT IN ('draft', 'computed') THEN
        RAISE EXCEPTION '发放批次 % 已审批，不能删除', OLD.id USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER payment_cycles_approved_kept BEFORE DELETE ON payment_cycles
    FOR EACH ROW EXECUTE FUNCTION payment_cycles_delete_guard();
