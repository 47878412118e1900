-- SQLite dialect. Timestamps are stored as UTC text in one fixed format
-- (the driver's _time_format=sqlite), so they compare correctly as strings.

-- +goose Up
CREATE TABLE suppliers (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  code          TEXT    NOT NULL,
  name          TEXT    NOT NULL,
  name_en       TEXT    NOT NULL DEFAULT '',
  contact_name  TEXT    NOT NULL DEFAULT '',
  contact_phone TEXT    NOT NULL DEFAULT '',
  contact_email TEXT    NOT NULL DEFAULT '',
  address       TEXT    NOT NULL DEFAULT '',
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    DATETIME NOT NULL,
  updated_at    DATETIME NOT NULL
);
CREATE UNIQUE INDEX ux_suppliers_code ON suppliers (code);

CREATE TABLE users (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  name           TEXT    NOT NULL,
  email          TEXT    NOT NULL,
  phone          TEXT    NULL,
  password_hash  TEXT    NOT NULL,
  role           TEXT    NOT NULL,
  supplier_id    INTEGER NULL REFERENCES suppliers (id),
  locale         TEXT    NOT NULL DEFAULT 'zh-CN',
  active         INTEGER NOT NULL DEFAULT 1,
  token_version  INTEGER NOT NULL DEFAULT 0,
  last_login_at  DATETIME NULL,
  created_at     DATETIME NOT NULL,
  updated_at     DATETIME NOT NULL
);
CREATE UNIQUE INDEX ux_users_email ON users (email);
CREATE UNIQUE INDEX ux_users_phone ON users (phone);
CREATE INDEX ix_users_supplier ON users (supplier_id);

CREATE TABLE refresh_tokens (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  family_id   TEXT    NOT NULL,
  token_hash  TEXT    NOT NULL,
  created_at  DATETIME NOT NULL,
  expires_at  DATETIME NOT NULL,
  used_at     DATETIME NULL,
  revoked_at  DATETIME NULL
);
CREATE UNIQUE INDEX ux_refresh_tokens_hash ON refresh_tokens (token_hash);
CREATE INDEX ix_refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX ix_refresh_tokens_user ON refresh_tokens (user_id);

CREATE TABLE idempotency_keys (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id        INTEGER NOT NULL,
  idem_key       TEXT    NOT NULL,
  method         TEXT    NOT NULL,
  path           TEXT    NOT NULL,
  request_hash   TEXT    NOT NULL,
  status         INTEGER NOT NULL DEFAULT 0,
  response_body  BLOB    NULL,
  content_type   TEXT    NOT NULL DEFAULT '',
  created_at     DATETIME NOT NULL,
  expires_at     DATETIME NOT NULL
);
CREATE UNIQUE INDEX ux_idempotency_user_key ON idempotency_keys (user_id, idem_key);
CREATE INDEX ix_idempotency_expires ON idempotency_keys (expires_at);

CREATE TABLE audit_events (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at   DATETIME NOT NULL,
  actor_id     INTEGER NULL,
  action       TEXT    NOT NULL,
  target_type  TEXT    NOT NULL DEFAULT '',
  target_id    INTEGER NULL,
  subject      TEXT    NOT NULL DEFAULT '',
  ip           TEXT    NOT NULL DEFAULT '',
  detail       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX ix_audit_action_subject ON audit_events (action, subject, created_at);
CREATE INDEX ix_audit_action_ip ON audit_events (action, ip, created_at);
CREATE INDEX ix_audit_target ON audit_events (target_type, target_id);

-- +goose Down
DROP TABLE audit_events;
DROP TABLE idempotency_keys;
DROP TABLE refresh_tokens;
DROP TABLE users;
DROP TABLE suppliers;
