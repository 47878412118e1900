-- Batching (models/notify_send.go): a send of the same kind, order,
-- recipient and target within an hour of the last one is folded into one
-- waiting send, which counts them.

-- +goose Up
ALTER TABLE notification_sends ADD COLUMN batched INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ix_notification_sends_batch ON notification_sends (user_id, channel, target, id);

-- +goose Down
DROP INDEX ix_notification_sends_batch;
ALTER TABLE notification_sends DROP COLUMN batched;
