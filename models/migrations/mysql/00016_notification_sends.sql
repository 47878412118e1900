-- MySQL dialect of sqlite/00016: notification sends per outside channel.

-- +goose Up
CREATE TABLE notification_sends (
  id              BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  notification_id BIGINT NOT NULL,
  user_id         BIGINT NOT NULL,
  channel         VARCHAR(20) NOT NULL,
  target          VARCHAR(254) NOT NULL,
  status          VARCHAR(10) NOT NULL,
  attempts        INT NOT NULL DEFAULT 0,
  next_attempt_at DATETIME(6) NOT NULL,
  claimed_by      VARCHAR(140) NOT NULL DEFAULT '',
  lease_until     DATETIME(6) NULL,
  last_error      VARCHAR(500) NOT NULL DEFAULT '',
  sent_at         DATETIME(6) NULL,
  created_at      DATETIME(6) NOT NULL,
  UNIQUE KEY ux_notification_sends (notification_id, channel, target),
  KEY ix_notification_sends_due (status, next_attempt_at, id),
  CONSTRAINT fk_notification_sends_notification_id FOREIGN KEY (notification_id) REFERENCES notifications (id) ON DELETE CASCADE,
  CONSTRAINT fk_notification_sends_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE notification_sends;
