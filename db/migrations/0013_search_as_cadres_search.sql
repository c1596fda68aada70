-- Search as cadres search (issue 11, ADR 6): a given name without the surname, the last 4–6 characters of the resident
-- ID, the employer, and names sorted in pinyin or stroke order. (The scope filter itself moved into the page query in
-- the same change, Security/Scope.cs; it needs no schema change: org_units' primary key and the unit-led indexes of
-- 0011 serve the semi-join.)

-- 1. Given name: the name without its surname. One character, or two for the common compound surnames (复姓). An
-- expression index in byte order ("C", inherited from honorees.name) serves the prefix LIKE, as honorees_name does
-- for the whole name; nothing has to be kept in step, since the index follows the name.
CREATE FUNCTION honoree_given_name(name text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
        SELECT CASE
            WHEN char_length(name) > 2 AND left(name, 2) = ANY ('{欧阳,司马,上官,诸葛,东方,皇甫,尉迟,公孙,慕容,长孙,宇文,司徒,夏侯,轩辕,令狐,端木,独孤,南宫,西门,百里,呼延,澹台,公羊,申屠,太史,钟离,闻人,万俟,濮阳,司空,第五}'::text[])
                THEN substr(name, 3)
            ELSE substr(name, 2)
        END
    $$;
CREATE INDEX honorees_given_name ON honorees (honoree_given_name(name), id) INCLUDE (org_unit_id);

-- 2. The last 4, 5 and 6 characters of the resident ID: keyed hashes only (HMAC-SHA256 under the ID hash's key, with
-- the length in the hashed text, cut to 64 bits; Security/FieldProtector.TailHash), never the plain digits. SQL cannot
-- compute them without the application's key: the application fills them for existing rows at its first start after
-- this migration (Features/Honorees/ResidentIdTails.cs), as it encrypted the plain phones after 0009, and writes them
-- with every new or corrected resident ID. A few dozen honorees in a million share a 4-character tail, so a plain
-- btree each is enough.
ALTER TABLE honorees
    ADD COLUMN resident_id_tail4_hash bigint,
    ADD COLUMN resident_id_tail5_hash bigint,
    ADD COLUMN resident_id_tail6_hash bigint,
    -- The employer of the latest employment fact, as employment_status mirrors its status (the application keeps it).
    ADD COLUMN employer_name text;
CREATE INDEX honorees_tail4 ON honorees (resident_id_tail4_hash);
CREATE INDEX honorees_tail5 ON honorees (resident_id_tail5_hash);
CREATE INDEX honorees_tail6 ON honorees (resident_id_tail6_hash);

-- 3. The employer: any part of its name (工作单位包含…). Trigram GIN (pg_trgm, in PostgreSQL's contrib, a trusted
-- extension the database owner may create); a query of fewer than three characters gives it no trigram, and such a
-- search reads the scope's rows instead (slower, never wrong).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
UPDATE honorees h SET employer_name = e.employer_name
FROM (SELECT DISTINCT ON (honoree_id) honoree_id, employer_name
      FROM honoree_facts WHERE kind = 'employment'
      ORDER BY honoree_id, effective_on DESC, recorded_at DESC, id DESC) e
WHERE e.honoree_id = h.id AND e.employer_name IS NOT NULL;
CREATE INDEX honorees_employer ON honorees USING gin (employer_name gin_trgm_ops);

-- 4. Names in pinyin order (ICU's zh, 拼音) and in stroke order (ICU's zh-u-co-stroke, 笔画), as Chinese lists are sorted,
-- each with a btree in that collation so that a page is read in order. The default name order stays byte order
-- (honorees_name and the per-level and per-title indexes of 0011 serve it with every filter); these two serve the
-- unfiltered list and the name search in their order, and sort the matches of the other filters.
CREATE COLLATION IF NOT EXISTS "zh-u-co-stroke-x-icu" (provider = icu, locale = 'zh-u-co-stroke');
CREATE INDEX honorees_name_pinyin ON honorees ((name COLLATE "zh-x-icu"), id) INCLUDE (org_unit_id);
CREATE INDEX honorees_name_stroke ON honorees ((name COLLATE "zh-u-co-stroke-x-icu"), id) INCLUDE (org_unit_id);
