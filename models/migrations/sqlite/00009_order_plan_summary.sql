-- orders.next_milestone_id and orders.earliest_open_date: what an order list
-- shows of a plan (the first step still to do, by position, and the earliest
-- planned date of the steps still to do), kept on the order by every write
-- that changes its steps (models/plan_summary.go) so that a list page reads
-- 50 rows, not 750. Steps still to do are those in 'open' or 'in_progress'.

-- +goose Up
ALTER TABLE orders ADD COLUMN next_milestone_id INTEGER NULL;
ALTER TABLE orders ADD COLUMN earliest_open_date TEXT NOT NULL DEFAULT '';
UPDATE orders SET
  next_milestone_id = (SELECT m.id FROM milestones m WHERE m.order_id = orders.id
    AND m.status IN ('open', 'in_progress') ORDER BY m.position LIMIT 1),
  -- The status test inside MIN, not in WHERE: there SQLite would use the
  -- (status, planned_date, order_id) index and scan every open step per order.
  earliest_open_date = COALESCE((SELECT MIN(CASE WHEN m.status IN ('open', 'in_progress') THEN m.planned_date END)
    FROM milestones m WHERE m.order_id = orders.id), '');

-- +goose Down
ALTER TABLE orders DROP COLUMN earliest_open_date;
ALTER TABLE orders DROP COLUMN next_milestone_id;
