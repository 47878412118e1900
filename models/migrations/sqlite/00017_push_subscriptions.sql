-- Web Push subscriptions (models/push.go): a browser's push endpoint and
-- keys for a user. The endpoint's SHA-256 is its key: one browser is one
-- subscription, whoever signed in on it last.

-- +goose Up
CREATE TABLE push_subscriptions (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  endpoint      TEXT NOT NULL,
  endpoint_hash TEXT NOT NULL,
  p256dh        TEXT NOT NULL,
  auth          TEXT NOT NULL,
  created_at    DATETIME NOT NULL,
  updated_at    DATETIME NOT NULL
);
CREATE UNIQUE INDEX ux_push_subscriptions_endpoint ON push_subscriptions (endpoint_hash);
CREATE INDEX ix_push_subscriptions_user ON push_subscriptions (user_id);

-- +goose Down
DROP TABLE push_subscriptions;
