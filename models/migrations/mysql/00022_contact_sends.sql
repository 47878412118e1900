-- MySQL dialect of sqlite/00022: a send to a supplier's contact has no user.

-- +goose Up
ALTER TABLE notification_sends MODIFY user_id BIGINT NULL;

-- +goose Down
DELETE FROM notification_sends WHERE user_id IS NULL;
ALTER TABLE notification_sends MODIFY user_id BIGINT NOT NULL;
