-- Notification sends (models/notify_send.go): one row per notification and
-- outside channel (e-mail now; Web Push and chat robots next), written in
-- the transaction of the notification, delivered by the dispatcher
-- (worker/notify.go), which claims due rows with a lease so that several
-- nodes never send one twice.

-- +goose Up
CREATE TABLE notification_sends (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  notification_id INTEGER NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  channel         TEXT NOT NULL,
  target          TEXT NOT NULL,
  status          TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at DATETIME NOT NULL,
  claimed_by      TEXT NOT NULL DEFAULT '',
  lease_until     DATETIME NULL,
  last_error      TEXT NOT NULL DEFAULT '',
  sent_at         DATETIME NULL,
  created_at      DATETIME NOT NULL
);
CREATE UNIQUE INDEX ux_notification_sends ON notification_sends (notification_id, channel, target);
CREATE INDEX ix_notification_sends_due ON notification_sends (status, next_attempt_at, id);

-- +goose Down
DROP TABLE notification_sends;
