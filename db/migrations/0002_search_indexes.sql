-- Indexes for the honoree search at scale (see bench/README.md for the measurements).
--
-- Name prefix (name LIKE '王%'): the prefix index now also carries org_unit_id, so that the count and the page of a
-- common surname are index-only scans (the scope filter org_unit_id = ANY(...) no longer visits the heap).
CREATE INDEX honorees_name_prefix_cover ON honorees (name text_pattern_ops, id) INCLUDE (org_unit_id);
DROP INDEX honorees_name_prefix;

-- Listing order (ORDER BY name, id): text_pattern_ops does not give the database collation's order, so without this
-- every list sorted all matching rows (1M for an unfiltered list, ~430k for level=municipal) to return 20.
CREATE INDEX honorees_name_order ON honorees (name, id) INCLUDE (org_unit_id);

-- The level/title filter's EXISTS probe per honoree, index-only.
CREATE INDEX honours_active_honoree ON honours (honoree_id, title_code) WHERE status = 'active';
