-- MySQL dialect of sqlite/00015: one in-app notification row per recipient user.

-- +goose Up
ALTER TABLE notifications
  ADD COLUMN actor_id BIGINT NULL,
  ADD CONSTRAINT fk_notifications_actor_id FOREIGN KEY (actor_id) REFERENCES users (id) ON DELETE SET NULL,
  ADD KEY ix_notifications_unread (user_id, read_at, id);
INSERT INTO notifications (user_id, supplier_id, kind, order_id, data, created_at, read_at)
  SELECT u.id, n.supplier_id, n.kind, n.order_id, n.data, n.created_at, n.read_at
  FROM notifications n JOIN users u ON u.supplier_id = n.supplier_id AND u.role = 'factory'
  WHERE n.user_id IS NULL ORDER BY n.id, u.id;
DELETE FROM notifications WHERE user_id IS NULL;

-- +goose Down
ALTER TABLE notifications DROP FOREIGN KEY fk_notifications_actor_id, DROP KEY ix_notifications_unread, DROP COLUMN actor_id;
