-- Notification settings (models/notify_settings.go): per user, the kinds
-- each outside channel leaves out, and quiet hours in the user's time zone
-- (a factory user's is its supplier's), when outside sends wait.

-- +goose Up
CREATE TABLE notification_settings (
  user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  disabled   TEXT NOT NULL DEFAULT '{}',
  quiet_from TEXT NOT NULL DEFAULT '',
  quiet_to   TEXT NOT NULL DEFAULT '',
  updated_at DATETIME NOT NULL
);

-- +goose Down
DROP TABLE notification_settings;
