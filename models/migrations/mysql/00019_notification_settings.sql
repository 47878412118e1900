-- MySQL dialect of sqlite/00019: notification settings per user.

-- +goose Up
CREATE TABLE notification_settings (
  user_id    BIGINT NOT NULL PRIMARY KEY,
  disabled   VARCHAR(2000) NOT NULL DEFAULT '{}',
  quiet_from VARCHAR(5) NOT NULL DEFAULT '',
  quiet_to   VARCHAR(5) NOT NULL DEFAULT '',
  updated_at DATETIME(6) NOT NULL,
  CONSTRAINT fk_notification_settings_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE notification_settings;
