-- MySQL dialect of sqlite/00009: the plan summary kept on the order.

-- +goose Up
ALTER TABLE orders ADD COLUMN next_milestone_id BIGINT NULL, ADD COLUMN earliest_open_date CHAR(10) NOT NULL DEFAULT '';
UPDATE orders SET
  next_milestone_id = (SELECT m.id FROM milestones m WHERE m.order_id = orders.id
    AND m.status IN ('open', 'in_progress') ORDER BY m.position LIMIT 1),
  -- The status test inside MIN, not in WHERE: there SQLite would use the
  -- (status, planned_date, order_id) index and scan every open step per order.
  earliest_open_date = COALESCE((SELECT MIN(CASE WHEN m.status IN ('open', 'in_progress') THEN m.planned_date END)
    FROM milestones m WHERE m.order_id = orders.id), '');

-- +goose Down
ALTER TABLE orders DROP COLUMN earliest_open_date, DROP COLUMN next_milestone_id;
