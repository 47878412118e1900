-- Material follow-up (issue 17, docs/MATERIALS.md): material suppliers, an
-- order's material requirement, purchase orders of materials with their
-- date changes, receipts into the warehouse, and inspections of what was
-- received (fabric by the four-point system, per roll). Quantities are
-- integers in hundredths (_e2), consumption in ten-thousandths (_e4).
-- Orders record whether the factory buys the materials (fob) or the buyer
-- supplies them (cmt); customers their four-point pass threshold.
--
-- Same effect as mysql/00023.

-- +goose Up
ALTER TABLE orders ADD COLUMN sourcing TEXT NOT NULL DEFAULT 'fob';
ALTER TABLE customers ADD COLUMN fabric_points_max INTEGER NOT NULL DEFAULT 40;

-- master data: the mills and trim suppliers materials are bought from (not factories)
CREATE TABLE material_suppliers (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  code          TEXT NOT NULL,
  name          TEXT NOT NULL,
  name_en       TEXT NOT NULL DEFAULT '',
  contact_name  TEXT NOT NULL DEFAULT '',
  contact_phone TEXT NOT NULL DEFAULT '',
  contact_email TEXT NOT NULL DEFAULT '',
  address       TEXT NOT NULL DEFAULT '',
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    DATETIME NOT NULL,
  updated_at    DATETIME NOT NULL
);
CREATE UNIQUE INDEX ux_material_suppliers_code ON material_suppliers (code);

-- the material requirement of an order (物料需求单), one row per material
CREATE TABLE material_lines (
  id                    INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id              INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  supplier_id           INTEGER NOT NULL REFERENCES suppliers (id),
  position              INTEGER NOT NULL,
  category              TEXT NOT NULL,
  name                  TEXT NOT NULL,
  spec                  TEXT NOT NULL DEFAULT '',
  colour                TEXT NOT NULL DEFAULT '',
  material_colour       TEXT NOT NULL DEFAULT '',
  unit                  TEXT NOT NULL,
  consumption_e4        INTEGER NOT NULL,
  wastage_e2            INTEGER NOT NULL DEFAULT 0,
  required_e2           INTEGER NOT NULL,
  previous_required_e2  INTEGER NULL,
  needed_by             TEXT NOT NULL DEFAULT '',
  needed_by_auto        INTEGER NOT NULL DEFAULT 1,
  sourced_by            TEXT NOT NULL,
  nominated_supplier_id INTEGER NULL REFERENCES material_suppliers (id),
  note                  TEXT NOT NULL DEFAULT '',
  created_by            INTEGER NOT NULL REFERENCES users (id),
  created_at            DATETIME NOT NULL,
  updated_at            DATETIME NOT NULL
);
CREATE INDEX ix_material_lines_order ON material_lines (order_id, position);

-- purchase orders of materials to a material supplier
CREATE TABLE material_pos (
  id                   INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id             INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  supplier_id          INTEGER NOT NULL REFERENCES suppliers (id),
  material_supplier_id INTEGER NOT NULL REFERENCES material_suppliers (id),
  po_number            TEXT NOT NULL,
  sourced_by           TEXT NOT NULL,
  status               TEXT NOT NULL,
  currency             TEXT NOT NULL DEFAULT '',
  ordered_date         TEXT NOT NULL DEFAULT '',
  promised_date        TEXT NOT NULL DEFAULT '',
  baseline_date        TEXT NOT NULL DEFAULT '',
  eta                  TEXT NOT NULL DEFAULT '',
  shipped_date         TEXT NOT NULL DEFAULT '',
  carrier              TEXT NOT NULL DEFAULT '',
  tracking             TEXT NOT NULL DEFAULT '',
  deliver_to           TEXT NOT NULL DEFAULT '',
  note                 TEXT NOT NULL DEFAULT '',
  cancel_reason        TEXT NOT NULL DEFAULT '',
  created_by           INTEGER NOT NULL REFERENCES users (id),
  created_at           DATETIME NOT NULL,
  updated_at           DATETIME NOT NULL
);
CREATE UNIQUE INDEX ux_material_pos_number ON material_pos (order_id, po_number);
CREATE INDEX ix_material_pos_supplier ON material_pos (supplier_id, id);
CREATE INDEX ix_material_pos_promised ON material_pos (status, promised_date);

-- what a material PO orders of each requirement line
CREATE TABLE material_po_lines (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  po_id       INTEGER NOT NULL REFERENCES material_pos (id) ON DELETE CASCADE,
  line_id     INTEGER NOT NULL REFERENCES material_lines (id),
  quantity_e2 INTEGER NOT NULL,
  unit_price  TEXT NOT NULL DEFAULT '',
  received_e2 INTEGER NOT NULL DEFAULT 0,
  accepted_e2 INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_material_po_lines_po ON material_po_lines (po_id);
CREATE INDEX ix_material_po_lines_line ON material_po_lines (line_id);

-- every change of a material PO's promised ship date or ETA, with its reason
CREATE TABLE material_po_changes (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  po_id       INTEGER NOT NULL REFERENCES material_pos (id) ON DELETE CASCADE,
  supplier_id INTEGER NOT NULL REFERENCES suppliers (id),
  field       TEXT NOT NULL,
  from_date   TEXT NOT NULL DEFAULT '',
  to_date     TEXT NOT NULL,
  reason_code TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  created_by  INTEGER NOT NULL REFERENCES users (id),
  created_at  DATETIME NOT NULL
);
CREATE INDEX ix_material_po_changes_po ON material_po_changes (po_id, id);

-- goods of a material PO received into a warehouse (物料进仓)
CREATE TABLE material_receipts (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  po_id         INTEGER NOT NULL REFERENCES material_pos (id) ON DELETE CASCADE,
  po_line_id    INTEGER NOT NULL REFERENCES material_po_lines (id),
  supplier_id   INTEGER NOT NULL REFERENCES suppliers (id),
  received_date TEXT NOT NULL,
  quantity_e2   INTEGER NOT NULL,
  warehouse     TEXT NOT NULL DEFAULT '',
  location      TEXT NOT NULL DEFAULT '',
  handling      TEXT NOT NULL,
  note          TEXT NOT NULL DEFAULT '',
  received_by   INTEGER NOT NULL REFERENCES users (id),
  created_at    DATETIME NOT NULL
);
CREATE INDEX ix_material_receipts_po ON material_receipts (po_id, id);

-- the inspection of a received material lot (物料检验): fabric by the four-point system, trims by AQL
CREATE TABLE material_inspections (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  po_line_id       INTEGER NOT NULL REFERENCES material_po_lines (id),
  receipt_id       INTEGER NULL REFERENCES material_receipts (id),
  supplier_id      INTEGER NOT NULL REFERENCES suppliers (id),
  kind             TEXT NOT NULL,
  result           TEXT NOT NULL,
  reason           TEXT NOT NULL DEFAULT '',
  threshold        INTEGER NOT NULL DEFAULT 0,
  points_per100_e2 INTEGER NOT NULL DEFAULT 0,
  total_points     INTEGER NOT NULL DEFAULT 0,
  yards_e2         INTEGER NOT NULL DEFAULT 0,
  lot_size         INTEGER NOT NULL DEFAULT 0,
  level            TEXT NOT NULL DEFAULT '',
  aql              TEXT NOT NULL DEFAULT '',
  sample_size      INTEGER NOT NULL DEFAULT 0,
  defects          INTEGER NOT NULL DEFAULT 0,
  accept_no        INTEGER NOT NULL DEFAULT 0,
  reject_no        INTEGER NOT NULL DEFAULT 0,
  resolution       TEXT NOT NULL DEFAULT '',
  resolution_note  TEXT NOT NULL DEFAULT '',
  inspected_by     INTEGER NOT NULL REFERENCES users (id),
  inspected_date   TEXT NOT NULL,
  created_at       DATETIME NOT NULL
);
CREATE INDEX ix_material_inspections_line ON material_inspections (po_line_id, id);

-- the rolls of a fabric inspection with their defects and points
CREATE TABLE material_rolls (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  inspection_id INTEGER NOT NULL REFERENCES material_inspections (id) ON DELETE CASCADE,
  roll_no       TEXT NOT NULL,
  yards_e2      INTEGER NOT NULL,
  width_e2      INTEGER NOT NULL,
  defects       TEXT NOT NULL,
  points        INTEGER NOT NULL DEFAULT 0,
  shade_ok      INTEGER NOT NULL DEFAULT 1,
  width_ok      INTEGER NOT NULL DEFAULT 1,
  weight_ok     INTEGER NOT NULL DEFAULT 1,
  note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ix_material_rolls_inspection ON material_rolls (inspection_id);

-- +goose Down
DROP TABLE material_rolls;
DROP TABLE material_inspections;
DROP TABLE material_receipts;
DROP TABLE material_po_changes;
DROP TABLE material_po_lines;
DROP TABLE material_pos;
DROP TABLE material_lines;
DROP TABLE material_suppliers;
ALTER TABLE customers DROP COLUMN fabric_points_max;
ALTER TABLE orders DROP COLUMN sourcing;
