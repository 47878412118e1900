-- MySQL dialect of sqlite/00021: folding similar sends of an hour.

-- +goose Up
ALTER TABLE notification_sends
  ADD COLUMN batched INT NOT NULL DEFAULT 0,
  ADD KEY ix_notification_sends_batch (user_id, channel, target, id);

-- +goose Down
-- The user_id foreign key leans on the batch index since it was made: give
-- it one of its own first.
ALTER TABLE notification_sends ADD KEY ix_notification_sends_user (user_id);
ALTER TABLE notification_sends DROP KEY ix_notification_sends_batch, DROP COLUMN batched;
