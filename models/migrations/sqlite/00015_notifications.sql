-- In-app notifications (docs/NOTIFICATIONS.md): one row per recipient user,
-- written in the transaction of the change it reports. Rows addressed to a
-- supplier as a whole become one row for each of its factory users (who
-- read and mark them each on their own); supplier_id stays the recipient's
-- supplier, so a user moved to another supplier does not see the old ones.

-- +goose Up
ALTER TABLE notifications ADD COLUMN actor_id INTEGER NULL REFERENCES users (id) ON DELETE SET NULL;
INSERT INTO notifications (user_id, supplier_id, kind, order_id, data, created_at, read_at)
  SELECT u.id, n.supplier_id, n.kind, n.order_id, n.data, n.created_at, n.read_at
  FROM notifications n JOIN users u ON u.supplier_id = n.supplier_id AND u.role = 'factory'
  WHERE n.user_id IS NULL ORDER BY n.id, u.id;
DELETE FROM notifications WHERE user_id IS NULL;
CREATE INDEX ix_notifications_unread ON notifications (user_id, read_at, id);

-- +goose Down
DROP INDEX ix_notifications_unread;
ALTER TABLE notifications DROP COLUMN actor_id;
