-- An approved cycle gains no rows either (ADR 14, issue 11): migration 0009 keeps the runtime login from changing or
-- deleting an approved cycle's items and accounts; an INSERT of a new item (or a new payee's account) into it would
-- still add a payment that the ledger never posted and the approver never saw. Items are written only while a cycle
-- is draft or computed (the compute's COPY), accounts only at approval before the status changes, so the
-- application's own steps pass.
--
-- Checked once per statement over the rows it added, as the deletes are (0009): the compute's COPY writes about
-- 100,000 items in one statement, and a trigger per row would call a function for each.
CREATE FUNCTION payments_insert_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cycle bigint;
BEGIN
    IF payments_changed_by_owner(TG_RELID) THEN
        RETURN NULL;
    END IF;
    SELECT c.id INTO cycle FROM payment_cycles c
    WHERE c.id IN (SELECT DISTINCT a.cycle_id FROM added a) AND c.status NOT IN ('draft', 'computed')
    LIMIT 1;
    IF cycle IS NOT NULL THEN
        RAISE EXCEPTION '发放批次 % 已审批，不能增加发放明细或收款账户', cycle USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER payment_items_approved_closed AFTER INSERT ON payment_items REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION payments_insert_guard();
CREATE TRIGGER payment_accounts_approved_closed AFTER INSERT ON payment_accounts REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION payments_insert_guard();
