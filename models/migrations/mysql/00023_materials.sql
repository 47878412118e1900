-- MySQL dialect of sqlite/00023: material follow-up.

-- +goose Up
ALTER TABLE orders ADD COLUMN sourcing VARCHAR(10) NOT NULL DEFAULT 'fob';
ALTER TABLE customers ADD COLUMN fabric_points_max INT NOT NULL DEFAULT 40;

-- master data: the mills and trim suppliers materials are bought from (not factories)
CREATE TABLE material_suppliers (
  id            BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code          VARCHAR(40) NOT NULL,
  name          VARCHAR(200) NOT NULL,
  name_en       VARCHAR(200) NOT NULL DEFAULT '',
  contact_name  VARCHAR(100) NOT NULL DEFAULT '',
  contact_phone VARCHAR(40) NOT NULL DEFAULT '',
  contact_email VARCHAR(254) NOT NULL DEFAULT '',
  address       VARCHAR(500) NOT NULL DEFAULT '',
  active        TINYINT(1) NOT NULL DEFAULT 1,
  created_at    DATETIME(6) NOT NULL,
  updated_at    DATETIME(6) NOT NULL,
  UNIQUE KEY ux_material_suppliers_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- the material requirement of an order (物料需求单), one row per material
CREATE TABLE material_lines (
  id                    BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id              BIGINT NOT NULL,
  supplier_id           BIGINT NOT NULL,
  position              INT NOT NULL,
  category              VARCHAR(20) NOT NULL,
  name                  VARCHAR(200) NOT NULL,
  spec                  VARCHAR(200) NOT NULL DEFAULT '',
  colour                VARCHAR(100) NOT NULL DEFAULT '',
  material_colour       VARCHAR(100) NOT NULL DEFAULT '',
  unit                  VARCHAR(20) NOT NULL,
  consumption_e4        BIGINT NOT NULL,
  wastage_e2            INT NOT NULL DEFAULT 0,
  required_e2           BIGINT NOT NULL,
  previous_required_e2  BIGINT NULL,
  needed_by             VARCHAR(10) NOT NULL DEFAULT '',
  needed_by_auto        TINYINT(1) NOT NULL DEFAULT 1,
  sourced_by            VARCHAR(20) NOT NULL,
  nominated_supplier_id BIGINT NULL,
  note                  VARCHAR(2000) NOT NULL DEFAULT '',
  created_by            BIGINT NOT NULL,
  created_at            DATETIME(6) NOT NULL,
  updated_at            DATETIME(6) NOT NULL,
  KEY ix_material_lines_order (order_id, position),
  CONSTRAINT fk_material_lines_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT fk_material_lines_supplier_id FOREIGN KEY (supplier_id) REFERENCES suppliers (id),
  CONSTRAINT fk_material_lines_nominated_supplier_id FOREIGN KEY (nominated_supplier_id) REFERENCES material_suppliers (id),
  CONSTRAINT fk_material_lines_created_by FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- purchase orders of materials to a material supplier
CREATE TABLE material_pos (
  id                   BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id             BIGINT NOT NULL,
  supplier_id          BIGINT NOT NULL,
  material_supplier_id BIGINT NOT NULL,
  po_number            VARCHAR(60) NOT NULL,
  sourced_by           VARCHAR(20) NOT NULL,
  status               VARCHAR(20) NOT NULL,
  currency             VARCHAR(3) NOT NULL DEFAULT '',
  ordered_date         VARCHAR(10) NOT NULL DEFAULT '',
  promised_date        VARCHAR(10) NOT NULL DEFAULT '',
  baseline_date        VARCHAR(10) NOT NULL DEFAULT '',
  eta                  VARCHAR(10) NOT NULL DEFAULT '',
  shipped_date         VARCHAR(10) NOT NULL DEFAULT '',
  carrier              VARCHAR(200) NOT NULL DEFAULT '',
  tracking             VARCHAR(100) NOT NULL DEFAULT '',
  deliver_to           VARCHAR(500) NOT NULL DEFAULT '',
  note                 VARCHAR(2000) NOT NULL DEFAULT '',
  cancel_reason        VARCHAR(2000) NOT NULL DEFAULT '',
  created_by           BIGINT NOT NULL,
  created_at           DATETIME(6) NOT NULL,
  updated_at           DATETIME(6) NOT NULL,
  UNIQUE KEY ux_material_pos_number (order_id, po_number),
  KEY ix_material_pos_supplier (supplier_id, id),
  KEY ix_material_pos_promised (status, promised_date),
  CONSTRAINT fk_material_pos_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT fk_material_pos_supplier_id FOREIGN KEY (supplier_id) REFERENCES suppliers (id),
  CONSTRAINT fk_material_pos_material_supplier_id FOREIGN KEY (material_supplier_id) REFERENCES material_suppliers (id),
  CONSTRAINT fk_material_pos_created_by FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- what a material PO orders of each requirement line
CREATE TABLE material_po_lines (
  id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  po_id       BIGINT NOT NULL,
  line_id     BIGINT NOT NULL,
  quantity_e2 BIGINT NOT NULL,
  unit_price  VARCHAR(20) NOT NULL DEFAULT '',
  received_e2 BIGINT NOT NULL DEFAULT 0,
  accepted_e2 BIGINT NOT NULL DEFAULT 0,
  KEY ix_material_po_lines_po (po_id),
  KEY ix_material_po_lines_line (line_id),
  CONSTRAINT fk_material_po_lines_po_id FOREIGN KEY (po_id) REFERENCES material_pos (id) ON DELETE CASCADE,
  CONSTRAINT fk_material_po_lines_line_id FOREIGN KEY (line_id) REFERENCES material_lines (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- every change of a material PO's promised ship date or ETA, with its reason
CREATE TABLE material_po_changes (
  id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  po_id       BIGINT NOT NULL,
  supplier_id BIGINT NOT NULL,
  field       VARCHAR(20) NOT NULL,
  from_date   VARCHAR(10) NOT NULL DEFAULT '',
  to_date     CHAR(10) NOT NULL,
  reason_code VARCHAR(40) NOT NULL,
  note        VARCHAR(2000) NOT NULL DEFAULT '',
  created_by  BIGINT NOT NULL,
  created_at  DATETIME(6) NOT NULL,
  KEY ix_material_po_changes_po (po_id, id),
  CONSTRAINT fk_material_po_changes_po_id FOREIGN KEY (po_id) REFERENCES material_pos (id) ON DELETE CASCADE,
  CONSTRAINT fk_material_po_changes_supplier_id FOREIGN KEY (supplier_id) REFERENCES suppliers (id),
  CONSTRAINT fk_material_po_changes_created_by FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- goods of a material PO received into a warehouse (物料进仓)
CREATE TABLE material_receipts (
  id            BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  po_id         BIGINT NOT NULL,
  po_line_id    BIGINT NOT NULL,
  supplier_id   BIGINT NOT NULL,
  received_date CHAR(10) NOT NULL,
  quantity_e2   BIGINT NOT NULL,
  warehouse     VARCHAR(200) NOT NULL DEFAULT '',
  location      VARCHAR(100) NOT NULL DEFAULT '',
  handling      VARCHAR(30) NOT NULL,
  note          VARCHAR(2000) NOT NULL DEFAULT '',
  received_by   BIGINT NOT NULL,
  created_at    DATETIME(6) NOT NULL,
  KEY ix_material_receipts_po (po_id, id),
  CONSTRAINT fk_material_receipts_po_id FOREIGN KEY (po_id) REFERENCES material_pos (id) ON DELETE CASCADE,
  CONSTRAINT fk_material_receipts_po_line_id FOREIGN KEY (po_line_id) REFERENCES material_po_lines (id),
  CONSTRAINT fk_material_receipts_supplier_id FOREIGN KEY (supplier_id) REFERENCES suppliers (id),
  CONSTRAINT fk_material_receipts_received_by FOREIGN KEY (received_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- the inspection of a received material lot (物料检验): fabric by the four-point system, trims by AQL
CREATE TABLE material_inspections (
  id               BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  po_line_id       BIGINT NOT NULL,
  receipt_id       BIGINT NULL,
  supplier_id      BIGINT NOT NULL,
  kind             VARCHAR(20) NOT NULL,
  result           VARCHAR(20) NOT NULL,
  reason           VARCHAR(2000) NOT NULL DEFAULT '',
  threshold        INT NOT NULL DEFAULT 0,
  points_per100_e2 BIGINT NOT NULL DEFAULT 0,
  total_points     INT NOT NULL DEFAULT 0,
  yards_e2         BIGINT NOT NULL DEFAULT 0,
  lot_size         INT NOT NULL DEFAULT 0,
  level            VARCHAR(10) NOT NULL DEFAULT '',
  aql              VARCHAR(10) NOT NULL DEFAULT '',
  sample_size      INT NOT NULL DEFAULT 0,
  defects          INT NOT NULL DEFAULT 0,
  accept_no        INT NOT NULL DEFAULT 0,
  reject_no        INT NOT NULL DEFAULT 0,
  resolution       VARCHAR(20) NOT NULL DEFAULT '',
  resolution_note  VARCHAR(2000) NOT NULL DEFAULT '',
  inspected_by     BIGINT NOT NULL,
  inspected_date   CHAR(10) NOT NULL,
  created_at       DATETIME(6) NOT NULL,
  KEY ix_material_inspections_line (po_line_id, id),
  CONSTRAINT fk_material_inspections_po_line_id FOREIGN KEY (po_line_id) REFERENCES material_po_lines (id),
  CONSTRAINT fk_material_inspections_receipt_id FOREIGN KEY (receipt_id) REFERENCES material_receipts (id),
  CONSTRAINT fk_material_inspections_supplier_id FOREIGN KEY (supplier_id) REFERENCES suppliers (id),
  CONSTRAINT fk_material_inspections_inspected_by FOREIGN KEY (inspected_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- the rolls of a fabric inspection with their defects and points
CREATE TABLE material_rolls (
  id            BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  inspection_id BIGINT NOT NULL,
  roll_no       VARCHAR(60) NOT NULL,
  yards_e2      BIGINT NOT NULL,
  width_e2      BIGINT NOT NULL,
  defects       TEXT NOT NULL,
  points        INT NOT NULL DEFAULT 0,
  shade_ok      TINYINT(1) NOT NULL DEFAULT 1,
  width_ok      TINYINT(1) NOT NULL DEFAULT 1,
  weight_ok     TINYINT(1) NOT NULL DEFAULT 1,
  note          VARCHAR(2000) NOT NULL DEFAULT '',
  KEY ix_material_rolls_inspection (inspection_id),
  CONSTRAINT fk_material_rolls_inspection_id FOREIGN KEY (inspection_id) REFERENCES material_inspections (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

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
