-- MySQL dialect of sqlite/00020: the escalation ladder and what it reached.

-- +goose Up
CREATE TABLE escalation_steps (
  id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  position    INT NOT NULL,
  after_hours INT NOT NULL,
  to_supplier TINYINT(1) NOT NULL DEFAULT 1,
  to_admins   TINYINT(1) NOT NULL DEFAULT 0,
  user_ids    VARCHAR(1000) NOT NULL DEFAULT '[]',
  updated_at  DATETIME(6) NOT NULL,
  UNIQUE KEY ux_escalation_steps_position (position)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO escalation_steps (position, after_hours, to_supplier, to_admins, user_ids, updated_at)
  VALUES (1, 48, 1, 0, '[]', CURRENT_TIMESTAMP(6)), (2, 96, 1, 1, '[]', CURRENT_TIMESTAMP(6));

CREATE TABLE escalations (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id     BIGINT NOT NULL,
  position     INT NOT NULL,
  after_hours  INT NOT NULL,
  trigger_kind VARCHAR(10) NOT NULL,
  trigger_at   DATETIME(6) NOT NULL,
  created_at   DATETIME(6) NOT NULL,
  UNIQUE KEY ux_escalations (order_id, position, trigger_at),
  CONSTRAINT fk_escalations_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE escalations;
DROP TABLE escalation_steps;
