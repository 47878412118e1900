-- MySQL dialect of sqlite/00007, the same statements (the subqueries read
-- other tables than the one updated, which MySQL allows). A factory sees
-- only the orders that were confirmed at least once, which
-- orders.confirmed_at records (ConfirmOrder sets it, nothing clears it).
-- Rows an older release wrote may lack it: take the time of the first
-- order_confirmed event; else, for an order past draft, its first revision
-- (revisions start after confirming) or its last update; a cancelled order
-- counts as confirmed only with a revision or a plan, since a draft
-- cancelled before confirming has neither. Data only: Down keeps the values.

-- +goose Up
UPDATE orders SET confirmed_at = (
  SELECT MIN(a.created_at) FROM activity_events a WHERE a.order_id = orders.id AND a.kind = 'order_confirmed')
WHERE confirmed_at IS NULL;
UPDATE orders SET confirmed_at = COALESCE(
  (SELECT MIN(r.created_at) FROM order_revisions r WHERE r.order_id = orders.id), updated_at)
WHERE confirmed_at IS NULL AND status IN ('confirmed', 'in_production', 'shipped', 'closed');
UPDATE orders SET confirmed_at = COALESCE(
  (SELECT MIN(r.created_at) FROM order_revisions r WHERE r.order_id = orders.id), cancelled_at, updated_at)
WHERE confirmed_at IS NULL AND status = 'cancelled'
  AND (EXISTS (SELECT 1 FROM order_revisions r WHERE r.order_id = orders.id)
    OR EXISTS (SELECT 1 FROM milestones m WHERE m.order_id = orders.id));

-- +goose Down
SELECT 1;
