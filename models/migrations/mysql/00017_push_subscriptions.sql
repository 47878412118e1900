-- MySQL dialect of sqlite/00017: Web Push subscriptions.

-- +goose Up
CREATE TABLE push_subscriptions (
  id            BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id       BIGINT NOT NULL,
  endpoint      VARCHAR(1000) NOT NULL,
  endpoint_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  p256dh        VARCHAR(100) NOT NULL,
  auth          VARCHAR(40) NOT NULL,
  created_at    DATETIME(6) NOT NULL,
  updated_at    DATETIME(6) NOT NULL,
  UNIQUE KEY ux_push_subscriptions_endpoint (endpoint_hash),
  KEY ix_push_subscriptions_user (user_id),
  CONSTRAINT fk_push_subscriptions_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE push_subscriptions;
