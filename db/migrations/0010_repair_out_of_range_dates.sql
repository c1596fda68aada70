-- One-off repair for months and dates that the sane range (Laurel.Rules.Calendar.DateBounds: from 1949-10-01, at most
-- today + 2 years, Beijing time) now refuses, but that earlier versions accepted (a cycle for 0001-01 blocked its unit
-- for good: no budget for year 1, no deletion, and every later cycle waited for it). A fresh install has none.
--   * a payment cycle outside the range that is still draft or computed is deleted with its items, and audited;
--   * one already approved (or later) is left as it is: its items are payments on record. A NOTICE names it, for the
--     administrator to correct by hand with the finance staff;
--   * a policy parameter value outside the range is deleted and audited (its row is in the audit entry). Values before
--     their pack's effective date cannot be seen from SQL (the packs are YAML files); Laurel refuses new ones.
DO $$
DECLARE
    latest  date := ((now() AT TIME ZONE 'Asia/Shanghai')::date + interval '2 years')::date;
    c       record;
    v       record;
BEGIN
    FOR c IN
        SELECT pc.id, pc.paying_org_unit_id, pc.month, pc.status, pc.item_count, pc.total, u.name AS unit_name
        FROM payment_cycles pc JOIN org_units u ON u.id = pc.paying_org_unit_id
        WHERE pc.month < date '1949-10-01' OR pc.month > date_trunc('month', latest)::date
        ORDER BY pc.id
    LOOP
        IF c.status IN ('draft', 'computed') THEN
            DELETE FROM payment_items WHERE cycle_id = c.id;
            DELETE FROM payment_cycles WHERE id = c.id;
            INSERT INTO audit_entries (user_name, action, entity_type, entity_id, summary, before)
            VALUES ('migration 0010', 'delete', 'payment_cycle', c.id::text,
                    format('删除月份超出合理范围的发放批次：%s %s（%s）', c.unit_name, to_char(c.month, 'YYYY-MM'), c.status),
                    jsonb_build_object('payingOrgUnitId', c.paying_org_unit_id, 'month', to_char(c.month, 'YYYY-MM'),
                                       'status', c.status, 'itemCount', c.item_count, 'total', c.total));
            RAISE NOTICE 'Deleted payment cycle % (% %, %): month outside the sane range', c.id, c.unit_name, to_char(c.month, 'YYYY-MM'), c.status;
        ELSE
            RAISE NOTICE 'Payment cycle % (% %) is % with a month outside the sane range: left as it is, to be corrected by hand',
                c.id, c.unit_name, to_char(c.month, 'YYYY-MM'), c.status;
        END IF;
    END LOOP;

    FOR v IN
        SELECT * FROM policy_parameter_values
        WHERE effective_from < date '1949-10-01' OR effective_from > latest
        ORDER BY id
    LOOP
        DELETE FROM policy_parameter_values WHERE id = v.id;
        INSERT INTO audit_entries (user_name, action, entity_type, entity_id, summary, before)
        VALUES ('migration 0010', 'delete', 'policy_parameter_value', v.pack_code || '/' || v.parameter_name,
                format('删除生效日期超出合理范围的参数取值：%s %s %s 起 %s', v.pack_code, v.parameter_name, v.effective_from, v.value),
                jsonb_build_object('pack', v.pack_code, 'parameter', v.parameter_name, 'effectiveFrom', v.effective_from,
                                   'value', v.value, 'reference', v.reference));
        RAISE NOTICE 'Deleted parameter value % (% %, from %): date outside the sane range', v.id, v.pack_code, v.parameter_name, v.effective_from;
    END LOOP;
END
$$;
