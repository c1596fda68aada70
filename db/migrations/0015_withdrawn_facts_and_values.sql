-- Withdrawal of a dated fact or of a parameter value entered in error (issue 11). The row stays: a withdrawal records
-- when, by whom and why, and from then on every computation ignores the row. A row changes only by being withdrawn,
-- once; nothing else in it is ever updated (ADR 17).
ALTER TABLE honoree_facts
    ADD COLUMN withdrawn_at      timestamptz,
    ADD COLUMN withdrawn_by      bigint REFERENCES users (id),
    ADD COLUMN withdrawal_reason text,
    ADD CONSTRAINT honoree_facts_withdrawal_complete
        CHECK ((withdrawn_at IS NULL) = (withdrawal_reason IS NULL)
               AND (withdrawal_reason IS NULL OR length(withdrawal_reason) BETWEEN 1 AND 500));

ALTER TABLE policy_parameter_values
    ADD COLUMN withdrawn_at      timestamptz,
    ADD COLUMN withdrawn_by      bigint REFERENCES users (id),
    ADD COLUMN withdrawal_reason text,
    ADD CONSTRAINT policy_parameter_values_withdrawal_complete
        CHECK ((withdrawn_at IS NULL) = (withdrawal_reason IS NULL)
               AND (withdrawal_reason IS NULL OR length(withdrawal_reason) BETWEEN 1 AND 500));

-- One value in force per parameter and date: a withdrawn value frees its date for the corrected one.
DO $$
DECLARE c text;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
             WHERE conrelid = 'policy_parameter_values'::regclass AND contype = 'u'
    LOOP
        EXECUTE format('ALTER TABLE policy_parameter_values DROP CONSTRAINT %I', c);
    END LOOP;
END $$;
CREATE UNIQUE INDEX policy_parameter_values_in_force ON policy_parameter_values (pack_code, parameter_name, effective_from)
    WHERE withdrawn_at IS NULL;

CREATE FUNCTION withdraw_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.withdrawn_at IS NOT NULL THEN
        RAISE EXCEPTION '% row % is withdrawn and cannot change', TG_TABLE_NAME, OLD.id;
    END IF;
    IF NEW.withdrawn_at IS NULL
       OR (to_jsonb(NEW) - '{withdrawn_at,withdrawn_by,withdrawal_reason}'::text[])
          IS DISTINCT FROM (to_jsonb(OLD) - '{withdrawn_at,withdrawn_by,withdrawal_reason}'::text[]) THEN
        RAISE EXCEPTION '% row % changes only by being withdrawn', TG_TABLE_NAME, OLD.id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER honoree_facts_withdraw_only BEFORE UPDATE ON honoree_facts FOR EACH ROW EXECUTE FUNCTION withdraw_only();
CREATE TRIGGER policy_parameter_values_withdraw_only BEFORE UPDATE ON policy_parameter_values FOR EACH ROW EXECUTE FUNCTION withdraw_only();
