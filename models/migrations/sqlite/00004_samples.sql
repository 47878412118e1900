-- Sample approval: sample types, submitted rounds with their decisions, and
-- notification records for the other side (delivered by a later issue).

-- +goose Up
CREATE TABLE sample_types (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  code      TEXT    NOT NULL,
  name      TEXT    NOT NULL,
  name_en   TEXT    NOT NULL DEFAULT '',
  position  INTEGER NOT NULL DEFAULT 0,
  active    INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_sample_types_code ON sample_types (code);

-- The default sample types are reference data, inserted from Go by
-- Store.EnsureReferenceData (models/refdata.go) after the migrations. This
-- file inserted them itself when it was first released; a database migrated
-- then keeps those rows, and EnsureReferenceData finds them by code and
-- leaves them as they are.

CREATE TABLE sample_rounds (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id         INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  sample_type      TEXT    NOT NULL,
  round_no         INTEGER NOT NULL,
  status           TEXT    NOT NULL,
  note             TEXT    NOT NULL DEFAULT '',
  measurements     TEXT    NOT NULL DEFAULT '',
  submitted_by     INTEGER NOT NULL REFERENCES users (id),
  created_at       DATETIME NOT NULL,
  decided_by       INTEGER NULL REFERENCES users (id),
  decided_at       DATETIME NULL,
  decision_comment TEXT    NOT NULL DEFAULT '',
  annotations      TEXT    NOT NULL DEFAULT '[]'
);
CREATE UNIQUE INDEX ux_sample_rounds ON sample_rounds (order_id, sample_type, round_no);
CREATE INDEX ix_sample_rounds_status ON sample_rounds (status, created_at);

CREATE TABLE notifications (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id      INTEGER NULL REFERENCES users (id) ON DELETE CASCADE,
  supplier_id  INTEGER NULL REFERENCES suppliers (id) ON DELETE CASCADE,
  kind         TEXT    NOT NULL,
  order_id     INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  data         TEXT    NOT NULL,
  created_at   DATETIME NOT NULL,
  read_at      DATETIME NULL
);
CREATE INDEX ix_notifications_user ON notifications (user_id, id);
CREATE INDEX ix_notifications_supplier ON notifications (supplier_id, id);

-- +goose Down
DROP TABLE notifications;
DROP TABLE sample_rounds;
DROP TABLE sample_types;
