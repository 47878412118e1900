-- MySQL dialect of sqlite/00006: the supplier's IANA time zone (the longest
-- names are about 30 characters).

-- +goose Up
ALTER TABLE suppliers ADD COLUMN time_zone VARCHAR(64) NOT NULL DEFAULT 'Asia/Shanghai';

-- +goose Down
ALTER TABLE suppliers DROP COLUMN time_zone;
