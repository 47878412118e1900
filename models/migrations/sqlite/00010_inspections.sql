-- Quality inspections (issue 12): the qc role's supplier assignments,
-- defect codes (reference data, inserted from Go by EnsureReferenceData),
-- inspections with their stored AQL plans and findings, and the ISO 2859-1
-- switching state per supplier and product family.
--
-- Same effect as mysql/00010.

-- +goose Up
-- The responsible authority's consent to reduced inspection (ISO 2859-1
-- 9.3.3 c), given per supplier by an admin.
ALTER TABLE suppliers ADD COLUMN reduced_inspection_allowed INTEGER NOT NULL DEFAULT 0;

CREATE TABLE user_suppliers (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  supplier_id INTEGER NOT NULL REFERENCES suppliers (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX ux_user_suppliers ON user_suppliers (user_id, supplier_id);

CREATE TABLE defect_codes (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  code      TEXT    NOT NULL,
  name      TEXT    NOT NULL,
  name_en   TEXT    NOT NULL DEFAULT '',
  severity  TEXT    NOT NULL,
  position  INTEGER NOT NULL DEFAULT 0,
  active    INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_defect_codes_code ON defect_codes (code);

CREATE TABLE inspections (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id           INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  supplier_id        INTEGER NOT NULL REFERENCES suppliers (id),
  type               TEXT    NOT NULL,
  status             TEXT    NOT NULL,
  requested_date     TEXT    NOT NULL,
  date               TEXT    NOT NULL,
  date_change_reason TEXT    NOT NULL DEFAULT '',
  quantity_ready     INTEGER NOT NULL,
  address            TEXT    NOT NULL DEFAULT '',
  note               TEXT    NOT NULL DEFAULT '',
  self_inspection    INTEGER NOT NULL DEFAULT 0,
  requested_by       INTEGER NOT NULL REFERENCES users (id),
  inspector_id       INTEGER NULL REFERENCES users (id),
  reinspection_of    INTEGER NULL REFERENCES inspections (id),
  lot_size           INTEGER NOT NULL,
  level              TEXT    NOT NULL,
  severity           TEXT    NOT NULL,
  aql_critical       TEXT    NOT NULL,
  aql_major          TEXT    NOT NULL,
  aql_minor          TEXT    NOT NULL,
  plans              TEXT    NOT NULL,
  sample_size        INTEGER NOT NULL,
  total_cartons      INTEGER NOT NULL DEFAULT 0,
  cartons_to_open    INTEGER NOT NULL DEFAULT 0,
  cartons_opened     INTEGER NULL,
  findings           TEXT    NOT NULL DEFAULT '{}',
  found_critical     INTEGER NOT NULL DEFAULT 0,
  found_major        INTEGER NOT NULL DEFAULT 0,
  found_minor        INTEGER NOT NULL DEFAULT 0,
  computed_result    TEXT    NOT NULL DEFAULT '',
  result             TEXT    NOT NULL DEFAULT '',
  override_reason    TEXT    NOT NULL DEFAULT '',
  overridden_by      INTEGER NULL REFERENCES users (id),
  overridden_at      DATETIME NULL,
  cancel_reason      TEXT    NOT NULL DEFAULT '',
  switching          TEXT    NOT NULL DEFAULT '',
  completed_by       INTEGER NULL REFERENCES users (id),
  completed_at       DATETIME NULL,
  created_at         DATETIME NOT NULL,
  updated_at         DATETIME NOT NULL
);
CREATE INDEX ix_inspections_order ON inspections (order_id, id);
CREATE INDEX ix_inspections_status ON inspections (status, date);
CREATE INDEX ix_inspections_inspector ON inspections (inspector_id, status);

CREATE TABLE inspection_switching (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  supplier_id INTEGER NOT NULL REFERENCES suppliers (id) ON DELETE CASCADE,
  family      TEXT    NOT NULL,
  state       TEXT    NOT NULL,
  updated_at  DATETIME NOT NULL
);
CREATE UNIQUE INDEX ux_inspection_switching ON inspection_switching (supplier_id, family);

-- +goose Down
DROP TABLE inspection_switching;
DROP TABLE inspections;
DROP TABLE defect_codes;
DROP TABLE user_suppliers;
ALTER TABLE suppliers DROP COLUMN reduced_inspection_allowed;
