-- MySQL dialect of sqlite/00004: sample types, rounds and notifications.

-- +goose Up
CREATE TABLE sample_types (
  id        BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code      VARCHAR(40)  NOT NULL,
  name      VARCHAR(200) NOT NULL,
  name_en   VARCHAR(200) NOT NULL DEFAULT '',
  position  INT NOT NULL DEFAULT 0,
  active    TINYINT(1) NOT NULL DEFAULT 1
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX ux_sample_types_code ON sample_types (code);

-- The default sample types are reference data, inserted from Go by
-- Store.EnsureReferenceData (models/refdata.go) after the migrations. This
-- file inserted them itself when it was first released; a database migrated
-- then keeps those rows, and EnsureReferenceData finds them by code and
-- leaves them as they are.

CREATE TABLE sample_rounds (
  id               BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id         BIGINT NOT NULL,
  sample_type      VARCHAR(40) NOT NULL,
  round_no         INT NOT NULL,
  status           VARCHAR(30) NOT NULL,
  note             TEXT NOT NULL,
  measurements     TEXT NOT NULL,
  submitted_by     BIGINT NOT NULL,
  created_at       DATETIME(6) NOT NULL,
  decided_by       BIGINT NULL,
  decided_at       DATETIME(6) NULL,
  decision_comment TEXT NOT NULL,
  annotations      MEDIUMTEXT NOT NULL,
  CONSTRAINT fk_sample_rounds_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT fk_sample_rounds_submitted_by FOREIGN KEY (submitted_by) REFERENCES users (id),
  CONSTRAINT fk_sample_rounds_decided_by FOREIGN KEY (decided_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX ux_sample_rounds ON sample_rounds (order_id, sample_type, round_no);
CREATE INDEX ix_sample_rounds_status ON sample_rounds (status, created_at);

CREATE TABLE notifications (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id      BIGINT NULL,
  supplier_id  BIGINT NULL,
  kind         VARCHAR(40) NOT NULL,
  order_id     BIGINT NOT NULL,
  data         TEXT NOT NULL,
  created_at   DATETIME(6) NOT NULL,
  read_at      DATETIME(6) NULL,
  CONSTRAINT fk_notifications_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_notifications_supplier_id FOREIGN KEY (supplier_id) REFERENCES suppliers (id) ON DELETE CASCADE,
  CONSTRAINT fk_notifications_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX ix_notifications_user ON notifications (user_id, id);
CREATE INDEX ix_notifications_supplier ON notifications (supplier_id, id);

-- +goose Down
DROP TABLE notifications;
DROP TABLE sample_rounds;
DROP TABLE sample_types;
