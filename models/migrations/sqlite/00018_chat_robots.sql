-- Chat-group robots (models/robot.go): a supplier's, or the buying team's,
-- WeCom / DingTalk / Feishu group robot that notifications are posted to.
-- The webhook (its key is in the URL) and the signing secret are kept
-- encrypted (AES-GCM, a key derived from the server's secret) and never
-- returned by the API.

-- +goose Up
CREATE TABLE chat_robots (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  supplier_id  INTEGER NULL REFERENCES suppliers (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  platform     TEXT NOT NULL,
  webhook_enc  TEXT NOT NULL,
  webhook_hint TEXT NOT NULL,
  secret_enc   TEXT NOT NULL DEFAULT '',
  language     TEXT NOT NULL,
  events       TEXT NOT NULL DEFAULT '',
  created_by   INTEGER NOT NULL REFERENCES users (id),
  created_at   DATETIME NOT NULL
);
CREATE INDEX ix_chat_robots_supplier ON chat_robots (supplier_id);

-- +goose Down
DROP TABLE chat_robots;
