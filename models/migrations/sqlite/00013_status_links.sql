-- Customer status links (models/statuslink.go): capability URLs a
-- merchandiser sends a customer. Only the SHA-256 of a link's token is
-- kept; the token itself is shown once, when the link is made.

-- +goose Up
CREATE TABLE status_links (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id        INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  token_hash      TEXT NOT NULL,
  recipient_name  TEXT NOT NULL DEFAULT '',
  recipient_email TEXT NOT NULL DEFAULT '',
  language        TEXT NOT NULL,
  sections        TEXT NOT NULL,
  show_email      INTEGER NOT NULL DEFAULT 1,
  show_phone      INTEGER NOT NULL DEFAULT 0,
  created_by      INTEGER NOT NULL REFERENCES users (id),
  created_at      DATETIME NOT NULL,
  expires_at      DATETIME NOT NULL,
  revoked_at      DATETIME NULL,
  revoked_by      INTEGER NULL REFERENCES users (id),
  last_viewed_at  DATETIME NULL,
  view_count      INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ux_status_links_token ON status_links (token_hash);
CREATE INDEX ix_status_links_order ON status_links (order_id, id);

-- +goose Down
DROP TABLE status_links;
