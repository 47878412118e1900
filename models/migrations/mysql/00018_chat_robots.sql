-- MySQL dialect of sqlite/00018: chat-group robots, their webhook and
-- secret encrypted.

-- +goose Up
CREATE TABLE chat_robots (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  supplier_id  BIGINT NULL,
  name         VARCHAR(100) NOT NULL,
  platform     VARCHAR(16) NOT NULL,
  webhook_enc  VARCHAR(2000) NOT NULL,
  webhook_hint VARCHAR(120) NOT NULL,
  secret_enc   VARCHAR(400) NOT NULL DEFAULT '',
  language     VARCHAR(8) NOT NULL,
  events       VARCHAR(1000) NOT NULL DEFAULT '',
  created_by   BIGINT NOT NULL,
  created_at   DATETIME(6) NOT NULL,
  KEY ix_chat_robots_supplier (supplier_id),
  CONSTRAINT fk_chat_robots_supplier_id FOREIGN KEY (supplier_id) REFERENCES suppliers (id) ON DELETE CASCADE,
  CONSTRAINT fk_chat_robots_created_by FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE chat_robots;
