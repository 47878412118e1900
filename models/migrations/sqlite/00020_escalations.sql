-- Escalation (models/escalation.go): an order at risk whose factory has not
-- answered the merchandiser's latest chase or comment climbs a ladder of
-- steps admins configure; each step reached is recorded once per order and
-- unanswered message, and notifies whom the step names.

-- +goose Up
CREATE TABLE escalation_steps (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  position    INTEGER NOT NULL,
  after_hours INTEGER NOT NULL,
  to_supplier INTEGER NOT NULL DEFAULT 1,
  to_admins   INTEGER NOT NULL DEFAULT 0,
  user_ids    TEXT NOT NULL DEFAULT '[]',
  updated_at  DATETIME NOT NULL
);
CREATE UNIQUE INDEX ux_escalation_steps_position ON escalation_steps (position);
INSERT INTO escalation_steps (position, after_hours, to_supplier, to_admins, user_ids, updated_at)
  VALUES (1, 48, 1, 0, '[]', CURRENT_TIMESTAMP), (2, 96, 1, 1, '[]', CURRENT_TIMESTAMP);

CREATE TABLE escalations (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id     INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  after_hours  INTEGER NOT NULL,
  trigger_kind TEXT NOT NULL,
  trigger_at   DATETIME NOT NULL,
  created_at   DATETIME NOT NULL
);
CREATE UNIQUE INDEX ux_escalations ON escalations (order_id, position, trigger_at);

-- +goose Down
DROP TABLE escalations;
DROP TABLE escalation_steps;
