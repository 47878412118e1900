-- MySQL dialect of sqlite/00021: folding similar sends of an hour.

-- +goose Up
ALTER TABLE notification_sends
  ADD COLUMN batched INT NOT NULL DEFAULT 0,
  ADD KEY ix_notification_sends_batch (user_id, channel, target, id);

-- +goose Down
ALTER TABLE notification_sends DROP KEY ix_notification_sends_batch, DROP COLUMN batched;
