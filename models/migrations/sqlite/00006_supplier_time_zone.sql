-- Each supplier has an IANA time zone: "today", and so "overdue", is the
-- factory's calendar day. Existing suppliers get the default, China.

-- +goose Up
ALTER TABLE suppliers ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai';

-- +goose Down
ALTER TABLE suppliers DROP COLUMN time_zone;
