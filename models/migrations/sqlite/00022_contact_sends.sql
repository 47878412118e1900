-- Sends to a supplier's contact address (models/escalation.go contactSend):
-- the contact is not a user, so a send's user_id may be NULL. SQLite
-- changes a column only by rebuilding the table (no other table refers to
-- this one).

-- +goose Up
CREATE TABLE notification_sends_new (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  notification_id INTEGER NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  user_id         INTEGER NULL REFERENCES users (id) ON DELETE CASCADE,
  channel         TEXT NOT NULL,
  target          TEXT NOT NULL,
  status          TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at DATETIME NOT NULL,
  claimed_by      TEXT NOT NULL DEFAULT '',
  lease_until     DATETIME NULL,
  last_error      TEXT NOT NULL DEFAULT '',
  sent_at         DATETIME NULL,
  created_at      DATETIME NOT NULL,
  batched         INTEGER NOT NULL DEFAULT 0
);
INSERT INTO notification_sends_new (id, notification_id, user_id, channel, target, status, attempts, next_attempt_at,
  claimed_by, lease_until, last_error, sent_at, created_at, batched)
SELECT id, notification_id, user_id, channel, target, status, attempts, next_attempt_at,
  claimed_by, lease_until, last_error, sent_at, created_at, batched FROM notification_sends;
DROP TABLE notification_sends;
ALTER TABLE notification_sends_new RENAME TO notification_sends;
CREATE UNIQUE INDEX ux_notification_sends ON notification_sends (notification_id, channel, target);
CREATE INDEX ix_notification_sends_due ON notification_sends (status, next_attempt_at, id);
CREATE INDEX ix_notification_sends_batch ON notification_sends (user_id, channel, target, id);

-- +goose Down
DELETE FROM notification_sends WHERE user_id IS NULL;
CREATE TABLE notification_sends_old (
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
  created_at      DATETIME NOT NULL,
  batched         INTEGER NOT NULL DEFAULT 0
);
INSERT INTO notification_sends_old SELECT id, notification_id, user_id, channel, target, status, attempts, next_attempt_at,
  claimed_by, lease_until, last_error, sent_at, created_at, batched FROM notification_sends;
DROP TABLE notification_sends;
ALTER TABLE notification_sends_old RENAME TO notification_sends;
CREATE UNIQUE INDEX ux_notification_sends ON notification_sends (notification_id, channel, target);
CREATE INDEX ix_notification_sends_due ON notification_sends (status, next_attempt_at, id);
CREATE INDEX ix_notification_sends_batch ON notification_sends (user_id, channel, target, id);
