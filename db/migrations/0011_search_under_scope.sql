-- Search as cadres below the root use it (issue 10, ADR 6). Their searches carry the scope filter
-- org_unit_id = ANY(<the units of their subtree>), which the name-ordered indexes of 0001 could only check row by row:
-- a municipal account's level page read every skipped row from the table, its title page and count sorted or
-- visited tens of thousands of rows. Two kinds of index serve every filter the search has, and the planner picks
-- between them by the size of the scope and of the filter:
--   * led by the unit, (org_unit_id, name, id): one index range per unit of the scope holds exactly the matching
--     rows (a capped count reads at most 1,001 entries; a page sorts the scope's matches);
--   * led by the name, (name, id) INCLUDE (org_unit_id): the listing order, with the unit in the index, so that a
--     large scope is checked in the index (index-only scan) instead of in the table.
-- For the name prefix the second kind is honorees_name of 0001. The level and title filters get one partial index of
-- each kind per level and per title (title_codes && '{...}', as the search writes them). The code lists mirror
-- Laurel.Rules TitleCatalogue; a title or level without its index is slower, never wrong. The county level has one
-- title, so its level indexes serve that title too.

CREATE INDEX honorees_unit_name ON honorees (org_unit_id, name, id);

-- The level filter: the name-led indexes of 0001 again, now with the unit.
DROP INDEX honorees_name_national;
DROP INDEX honorees_name_provincial;
DROP INDEX honorees_name_municipal;
DROP INDEX honorees_name_county;

-- Both kinds for each level (honorees_name_<level>, honorees_unit_<level>) and for each title of a level with more than
-- one (honorees_name_<title>, honorees_unit_<title>).
DO $$
DECLARE
    l record;
    code text;
BEGIN
    FOR l IN SELECT * FROM (VALUES
        ('national', '{national_model_worker,national_advanced_worker,national_may_day_medal,china_skill_award,national_technical_expert}'::text[]),
        ('provincial', '{provincial_model_worker,provincial_advanced_worker,provincial_may_day_medal,provincial_craftsman}'::text[]),
        ('municipal', '{municipal_model_worker,municipal_special_model_worker,municipal_advanced_worker,municipal_may_day_medal,municipal_craftsman}'::text[]),
        ('county', '{county_model_worker}'::text[])) AS v (level, codes)
    LOOP
        EXECUTE format('CREATE INDEX %I ON honorees (name, id) INCLUDE (org_unit_id) WHERE title_codes && %L::text[]', 'honorees_name_' || l.level, l.codes);
        EXECUTE format('CREATE INDEX %I ON honorees (org_unit_id, name, id) WHERE title_codes && %L::text[]', 'honorees_unit_' || l.level, l.codes);
        CONTINUE WHEN cardinality(l.codes) = 1;
        FOREACH code IN ARRAY l.codes
        LOOP
            EXECUTE format('CREATE INDEX %I ON honorees (name, id) INCLUDE (org_unit_id) WHERE title_codes && %L::text[]', 'honorees_name_' || code, ARRAY[code]);
            EXECUTE format('CREATE INDEX %I ON honorees (org_unit_id, name, id) WHERE title_codes && %L::text[]', 'honorees_unit_' || code, ARRAY[code]);
        END LOOP;
    END LOOP;
END $$;
