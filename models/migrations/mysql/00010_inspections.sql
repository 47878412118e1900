-- MySQL dialect of sqlite/00010: qc assignments, defect codes, inspections
-- and the switching state per supplier and product family.

-- +goose Up
-- The responsible authority's consent to reduced inspection (ISO 2859-1
-- 9.3.3 c), given per supplier by an admin.
ALTER TABLE suppliers ADD COLUMN reduced_inspection_allowed TINYINT(1) NOT NULL DEFAULT 0;

CREATE TABLE user_suppliers (
  id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id     BIGINT NOT NULL,
  supplier_id BIGINT NOT NULL,
  UNIQUE KEY ux_user_suppliers (user_id, supplier_id),
  CONSTRAINT fk_user_suppliers_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_user_suppliers_supplier_id FOREIGN KEY (supplier_id) REFERENCES suppliers (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE defect_codes (
  id        BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code      VARCHAR(40)  NOT NULL,
  name      VARCHAR(200) NOT NULL,
  name_en   VARCHAR(200) NOT NULL DEFAULT '',
  severity  VARCHAR(10)  NOT NULL,
  position  INT NOT NULL DEFAULT 0,
  active    TINYINT(1) NOT NULL DEFAULT 1
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX ux_defect_codes_code ON defect_codes (code);

CREATE TABLE inspections (
  id                 BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id           BIGINT NOT NULL,
  supplier_id        BIGINT NOT NULL,
  type               VARCHAR(20) NOT NULL,
  status             VARCHAR(20) NOT NULL,
  requested_date     CHAR(10) NOT NULL,
  date               CHAR(10) NOT NULL,
  date_change_reason VARCHAR(500) NOT NULL DEFAULT '',
  quantity_ready     INT NOT NULL,
  address            VARCHAR(500) NOT NULL DEFAULT '',
  note               TEXT NOT NULL,
  self_inspection    TINYINT(1) NOT NULL DEFAULT 0,
  requested_by       BIGINT NOT NULL,
  inspector_id       BIGINT NULL,
  reinspection_of    BIGINT NULL,
  lot_size           INT NOT NULL,
  level              VARCHAR(4) NOT NULL,
  severity           VARCHAR(10) NOT NULL,
  aql_critical       VARCHAR(8) NOT NULL,
  aql_major          VARCHAR(8) NOT NULL,
  aql_minor          VARCHAR(8) NOT NULL,
  plans              TEXT NOT NULL,
  sample_size        INT NOT NULL,
  total_cartons      INT NOT NULL DEFAULT 0,
  cartons_to_open    INT NOT NULL DEFAULT 0,
  cartons_opened     INT NULL,
  findings           MEDIUMTEXT NOT NULL,
  found_critical     INT NOT NULL DEFAULT 0,
  found_major        INT NOT NULL DEFAULT 0,
  found_minor        INT NOT NULL DEFAULT 0,
  computed_result    VARCHAR(10) NOT NULL DEFAULT '',
  result             VARCHAR(10) NOT NULL DEFAULT '',
  override_reason    VARCHAR(2000) NOT NULL DEFAULT '',
  overridden_by      BIGINT NULL,
  overridden_at      DATETIME(6) NULL,
  cancel_reason      VARCHAR(2000) NOT NULL DEFAULT '',
  switching          TEXT NOT NULL,
  completed_by       BIGINT NULL,
  completed_at       DATETIME(6) NULL,
  created_at         DATETIME(6) NOT NULL,
  updated_at         DATETIME(6) NOT NULL,
  CONSTRAINT fk_inspections_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT fk_inspections_supplier_id FOREIGN KEY (supplier_id) REFERENCES suppliers (id),
  CONSTRAINT fk_inspections_requested_by FOREIGN KEY (requested_by) REFERENCES users (id),
  CONSTRAINT fk_inspections_inspector_id FOREIGN KEY (inspector_id) REFERENCES users (id),
  CONSTRAINT fk_inspections_reinspection_of FOREIGN KEY (reinspection_of) REFERENCES inspections (id),
  CONSTRAINT fk_inspections_overridden_by FOREIGN KEY (overridden_by) REFERENCES users (id),
  CONSTRAINT fk_inspections_completed_by FOREIGN KEY (completed_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX ix_inspections_order ON inspections (order_id, id);
CREATE INDEX ix_inspections_status ON inspections (status, date);
CREATE INDEX ix_inspections_inspector ON inspections (inspector_id, status);

CREATE TABLE inspection_switching (
  id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  supplier_id BIGINT NOT NULL,
  family      VARCHAR(100) NOT NULL,
  state       TEXT NOT NULL,
  updated_at  DATETIME(6) NOT NULL,
  UNIQUE KEY ux_inspection_switching (supplier_id, family),
  CONSTRAINT fk_inspection_switching_supplier_id FOREIGN KEY (supplier_id) REFERENCES suppliers (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE inspection_switching;
DROP TABLE inspections;
DROP TABLE defect_codes;
DROP TABLE user_suppliers;
ALTER TABLE suppliers DROP COLUMN reduced_inspection_allowed;
