-- Each supplier has an IANA time zone: "today", and so "overdue", is the
-- factory's calendar day. Existing suppliers get the default, China. Two
-- indexes serve the dashboard's counts of live orders overdue and due soon.

-- +goose Up
ALTER TABLE suppliers ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai';
CREATE INDEX ix_orders_status_ex_factory ON orders (status, ex_factory_date);
-- ix_milestones_open with the order: the dashboard reads the open steps due
-- soon from the index alone.
CREATE INDEX ix_milestones_open_order ON milestones (status, planned_date, order_id);
DROP INDEX ix_milestones_open;

-- +goose Down
CREATE INDEX ix_milestones_open ON milestones (status, planned_date);
DROP INDEX ix_milestones_open_order;
DROP INDEX ix_orders_status_ex_factory;
ALTER TABLE suppliers DROP COLUMN time_zone;
