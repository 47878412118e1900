-- MySQL dialect of sqlite/00013: customer status links; only the SHA-256
-- of a link's token is kept.

-- +goose Up
CREATE TABLE status_links (
  id              BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id        BIGINT NOT NULL,
  token_hash      CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  recipient_name  VARCHAR(100) NOT NULL DEFAULT '',
  recipient_email VARCHAR(254) NOT NULL DEFAULT '',
  language        VARCHAR(8) NOT NULL,
  sections        VARCHAR(100) NOT NULL,
  show_email      TINYINT(1) NOT NULL DEFAULT 1,
  show_phone      TINYINT(1) NOT NULL DEFAULT 0,
  created_by      BIGINT NOT NULL,
  created_at      DATETIME(6) NOT NULL,
  expires_at      DATETIME(6) NOT NULL,
  revoked_at      DATETIME(6) NULL,
  revoked_by      BIGINT NULL,
  last_viewed_at  DATETIME(6) NULL,
  view_count      BIGINT NOT NULL DEFAULT 0,
  UNIQUE KEY ux_status_links_token (token_hash),
  KEY ix_status_links_order (order_id, id),
  CONSTRAINT fk_status_links_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT fk_status_links_created_by FOREIGN KEY (created_by) REFERENCES users (id),
  CONSTRAINT fk_status_links_revoked_by FOREIGN KEY (revoked_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE status_links;
