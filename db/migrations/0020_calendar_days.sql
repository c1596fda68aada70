-- The working-day calendar (issue 12, docs/decisions/0020-working-day-calendar.md): the days that depart from the
-- Monday-to-Friday rule. The State Council's holidays (放假) and make-up workdays (调休上班) are imported at every start
-- from the pinned npm package chinese-days (source 'chinese-days <version>'); a system administrator corrects a day
-- (source 'admin'), and the import never overwrites such a row. A day an administrator removed stays as 'ordinary'
-- (the weekday rule applies) so that the next import does not bring it back. A day with no row follows the weekday rule.
CREATE TABLE calendar_days (
    day        date PRIMARY KEY,
    kind       text NOT NULL CHECK (kind IN ('holiday', 'workday', 'ordinary')),
    -- The holiday's name (国庆节, 春节 …); for a make-up workday, the holiday it makes up for.
    name       text CHECK (length(name) BETWEEN 1 AND 50),
    source     text NOT NULL CHECK (source = 'admin' OR source LIKE 'chinese-days %'),
    -- The administrator's reason for a correction; the audit log keeps every earlier one.
    reason     text CHECK (length(reason) BETWEEN 1 AND 500),
    updated_by bigint REFERENCES users (id),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((source = 'admin') = (updated_by IS NOT NULL AND reason IS NOT NULL)),
    CHECK (kind = 'ordinary' OR name IS NOT NULL),
    CHECK (kind <> 'ordinary' OR source = 'admin')
);
