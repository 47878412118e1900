-- MySQL dialect of sqlite/00006: the supplier's IANA time zone (the longest
-- names are about 30 characters) and the dashboard's indexes.

-- +goose Up
ALTER TABLE suppliers ADD COLUMN time_zone VARCHAR(64) NOT NULL DEFAULT 'Asia/Shanghai';
CREATE INDEX ix_orders_status_ex_factory ON orders (status, ex_factory_date);
-- ix_milestones_open with the order: the dashboard reads the open steps due
-- soon from the index alone.
CREATE INDEX ix_milestones_open_order ON milestones (status, planned_date, order_id);
DROP INDEX ix_milestones_open ON milestones;

-- +goose Down
CREATE INDEX ix_milestones_open ON milestones (status, planned_date);
DROP INDEX ix_milestones_open_order ON milestones;
DROP INDEX ix_orders_status_ex_factory ON orders;
ALTER TABLE suppliers DROP COLUMN time_zone;
