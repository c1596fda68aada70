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

-- The level filter: the name-led indexes of 0001 again, with the unit; and led by the unit.
DROP INDEX honorees_name_national;
DROP INDEX honorees_name_provincial;
DROP INDEX honorees_name_municipal;
DROP INDEX honorees_name_county;
CREATE INDEX honorees_name_national ON honorees (name, id) INCLUDE (org_unit_id)
    WHERE title_codes && '{national_model_worker,national_advanced_worker,national_may_day_medal,china_skill_award,national_technical_expert}'::text[];
CREATE INDEX honorees_unit_national ON honorees (org_unit_id, name, id)
    WHERE title_codes && '{national_model_worker,national_advanced_worker,national_may_day_medal,china_skill_award,national_technical_expert}'::text[];
CREATE INDEX honorees_name_provincial ON honorees (name, id) INCLUDE (org_unit_id)
    WHERE title_codes && '{provincial_model_worker,provincial_advanced_worker,provincial_may_day_medal,provincial_craftsman}'::text[];
CREATE INDEX honorees_unit_provincial ON honorees (org_unit_id, name, id)
    WHERE title_codes && '{provincial_model_worker,provincial_advanced_worker,provincial_may_day_medal,provincial_craftsman}'::text[];
CREATE INDEX honorees_name_municipal ON honorees (name, id) INCLUDE (org_unit_id)
    WHERE title_codes && '{municipal_model_worker,municipal_special_model_worker,municipal_advanced_worker,municipal_may_day_medal,municipal_craftsman}'::text[];
CREATE INDEX honorees_unit_municipal ON honorees (org_unit_id, name, id)
    WHERE title_codes && '{municipal_model_worker,municipal_special_model_worker,municipal_advanced_worker,municipal_may_day_medal,municipal_craftsman}'::text[];
CREATE INDEX honorees_name_county ON honorees (name, id) INCLUDE (org_unit_id)
    WHERE title_codes && '{county_model_worker}'::text[];
CREATE INDEX honorees_unit_county ON honorees (org_unit_id, name, id)
    WHERE title_codes && '{county_model_worker}'::text[];

-- The title filter (titleCode=...): both kinds per title.
CREATE INDEX honorees_name_national_model_worker ON honorees (name, id) INCLUDE (org_unit_id) WHERE title_codes && '{national_model_worker}'::text[];
CREATE INDEX honorees_unit_national_model_worker ON honorees (org_unit_id, name, id) WHERE title_codes && '{national_model_worker}'::text[];
CREATE INDEX honorees_name_national_advanced_worker ON honorees (name, id) INCLUDE (org_unit_id) WHERE title_codes && '{national_advanced_worker}'::text[];
CREATE INDEX honorees_unit_national_advanced_worker ON honorees (org_unit_id, name, id) WHERE title_codes && '{national_advanced_worker}'::text[];
CREATE INDEX honorees_name_national_may_day_medal ON honorees (name, id) INCLUDE (org_unit_id) WHERE title_codes && '{national_may_day_medal}'::text[];
CREATE INDEX honorees_unit_national_may_day_medal ON honorees (org_unit_id, name, id) WHERE title_codes && '{national_may_day_medal}'::text[];
CREATE INDEX honorees_name_china_skill_award ON honorees (name, id) INCLUDE (org_unit_id) WHERE title_codes && '{china_skill_award}'::text[];
CREATE INDEX honorees_unit_china_skill_award ON honorees (org_unit_id, name, id) WHERE title_codes && '{china_skill_award}'::text[];
CREATE INDEX honorees_name_national_technical_expert ON honorees (name, id) INCLUDE (org_unit_id) WHERE title_codes && '{national_technical_expert}'::text[];
CREATE INDEX honorees_unit_national_technical_expert ON honorees (org_unit_id, name, id) WHERE title_codes && '{national_technical_expert}'::text[];
CREATE INDEX honorees_name_provincial_model_worker ON honorees (name, id) INCLUDE (org_unit_id) WHERE title_codes && '{provincial_model_worker}'::text[];
CREATE INDEX honorees_unit_provincial_model_worker ON honorees (org_unit_id, name, id) WHERE title_codes && '{provincial_model_worker}'::text[];
CREATE INDEX honorees_name_provincial_advanced_worker ON honorees (name, id) INCLUDE (org_unit_id) WHERE title_codes && '{provincial_advanced_worker}'::text[];
CREATE INDEX honorees_unit_provincial_advanced_worker ON honorees (org_unit_id, name, id) WHERE title_codes && '{provincial_advanced_worker}'::text[];
CREATE INDEX honorees_name_provincial_may_day_medal ON honorees (name, id) INCLUDE (org_unit_id) WHERE title_codes && '{provincial_may_day_medal}'::text[];
CREATE INDEX honorees_unit_provincial_may_day_medal ON honorees (org_unit_id, name, id) WHERE title_codes && '{provincial_may_day_medal}'::text[];
CREATE INDEX honorees_name_provincial_craftsman ON honorees (name, id) INCLUDE (org_unit_id) WHERE title_codes && '{provincial_craftsman}'::text[];
CREATE INDEX honorees_unit_provincial_craftsman ON honorees (org_unit_id, name, id) WHERE title_codes && '{provincial_craftsman}'::text[];
CREATE INDEX honorees_name_municipal_model_worker ON honorees (name, id) INCLUDE (org_unit_id) WHERE title_codes && '{municipal_model_worker}'::text[];
CREATE INDEX honorees_unit_municipal_model_worker ON honorees (org_unit_id, name, id) WHERE title_codes && '{municipal_model_worker}'::text[];
CREATE INDEX honorees_name_municipal_special_model_worker ON honorees (name, id) INCLUDE (org_unit_id) WHERE title_codes && '{municipal_special_model_worker}'::text[];
CREATE INDEX honorees_unit_municipal_special_model_worker ON honorees (org_unit_id, name, id) WHERE title_codes && '{municipal_special_model_worker}'::text[];
CREATE INDEX honorees_name_municipal_advanced_worker ON honorees (name, id) INCLUDE (org_unit_id) WHERE title_codes && '{municipal_advanced_worker}'::text[];
CREATE INDEX honorees_unit_municipal_advanced_worker ON honorees (org_unit_id, name, id) WHERE title_codes && '{municipal_advanced_worker}'::text[];
CREATE INDEX honorees_name_municipal_may_day_medal ON honorees (name, id) INCLUDE (org_unit_id) WHERE title_codes && '{municipal_may_day_medal}'::text[];
CREATE INDEX honorees_unit_municipal_may_day_medal ON honorees (org_unit_id, name, id) WHERE title_codes && '{municipal_may_day_medal}'::text[];
CREATE INDEX honorees_name_municipal_craftsman ON honorees (name, id) INCLUDE (org_unit_id) WHERE title_codes && '{municipal_craftsman}'::text[];
CREATE INDEX honorees_unit_municipal_craftsman ON honorees (org_unit_id, name, id) WHERE title_codes && '{municipal_craftsman}'::text[];
