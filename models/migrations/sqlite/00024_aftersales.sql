-- After-sales (issue 18, docs/AFTERSALES.md): customer complaints, the
-- corrective actions (CAPA) shared by complaints, failed inspections and
-- rejected samples, the resolutions of a complaint, and an order's final
-- invoice and payments. Orders gain the order a replacement is for and the
-- time they closed.
--
-- Same effect as mysql/00024.

-- +goose Up
-- replacement_of names the order a replacement order (补单) is for; no foreign
-- key, so that SQLite can drop the column again.
ALTER TABLE orders ADD COLUMN replacement_of INTEGER NULL;
ALTER TABLE orders ADD COLUMN closed_at DATETIME NULL;
CREATE INDEX ix_orders_replacement_of ON orders (replacement_of);

-- customer complaints (客户投诉) about an order's goods
CREATE TABLE complaints (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id         INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  supplier_id      INTEGER NOT NULL REFERENCES suppliers (id),
  delivery_id      INTEGER NULL REFERENCES deliveries (id),
  received_date    TEXT NOT NULL,
  channel          TEXT NOT NULL,
  description      TEXT NOT NULL,
  lines            TEXT NOT NULL,
  affected_qty     INTEGER NOT NULL DEFAULT 0,
  severity         TEXT NOT NULL,
  customer_request TEXT NOT NULL,
  customer_contact TEXT NOT NULL DEFAULT '',
  status           TEXT NOT NULL,
  factory_answer   TEXT NOT NULL,
  answered_by      INTEGER NULL REFERENCES users (id),
  answered_at      DATETIME NULL,
  created_by       INTEGER NOT NULL REFERENCES users (id),
  created_at       DATETIME NOT NULL,
  updated_at       DATETIME NOT NULL,
  closed_at        DATETIME NULL
);
CREATE INDEX ix_complaints_order ON complaints (order_id, id);
CREATE INDEX ix_complaints_supplier ON complaints (supplier_id, status, id);

-- corrective and preventive actions (CAPA, 8D-lite) of a complaint, a failed inspection or a rejected sample
CREATE TABLE capas (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id          INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  supplier_id       INTEGER NOT NULL REFERENCES suppliers (id),
  source_kind       TEXT NOT NULL,
  source_id         INTEGER NOT NULL,
  problem           TEXT NOT NULL,
  containment       TEXT NOT NULL,
  root_cause        TEXT NOT NULL,
  cause_category    TEXT NOT NULL DEFAULT '',
  corrective_action TEXT NOT NULL,
  preventive_action TEXT NOT NULL,
  owner             TEXT NOT NULL DEFAULT '',
  due_date          TEXT NOT NULL DEFAULT '',
  status            TEXT NOT NULL,
  done_by           INTEGER NULL REFERENCES users (id),
  done_at           DATETIME NULL,
  verified_by       INTEGER NULL REFERENCES users (id),
  verified_at       DATETIME NULL,
  verify_note       TEXT NOT NULL DEFAULT '',
  created_by        INTEGER NOT NULL REFERENCES users (id),
  created_at        DATETIME NOT NULL,
  updated_at        DATETIME NOT NULL
);
CREATE UNIQUE INDEX ux_capas_source ON capas (source_kind, source_id);
CREATE INDEX ix_capas_order ON capas (order_id, id);
CREATE INDEX ix_capas_supplier ON capas (supplier_id, status, due_date);

-- what a complaint is resolved with: concession, rework, re-production, discount or return
CREATE TABLE resolutions (
  id                   INTEGER PRIMARY KEY AUTOINCREMENT,
  complaint_id         INTEGER NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
  order_id             INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  supplier_id          INTEGER NOT NULL REFERENCES suppliers (id),
  kind                 TEXT NOT NULL,
  status               TEXT NOT NULL,
  quantity             INTEGER NOT NULL DEFAULT 0,
  cost_bearer          TEXT NOT NULL,
  note                 TEXT NOT NULL DEFAULT '',
  due_date             TEXT NOT NULL DEFAULT '',
  discount_amount      TEXT NOT NULL DEFAULT '',
  discount_pct         TEXT NOT NULL DEFAULT '',
  chargeback_amount    TEXT NOT NULL DEFAULT '',
  chargeback_ack_by    INTEGER NULL REFERENCES users (id),
  chargeback_ack_at    DATETIME NULL,
  replacement_order_id INTEGER NULL REFERENCES orders (id),
  inspection_id        INTEGER NULL REFERENCES inspections (id),
  delivery_id          INTEGER NULL REFERENCES deliveries (id),
  reworked_qty         INTEGER NOT NULL DEFAULT 0,
  return_shipped_date  TEXT NOT NULL DEFAULT '',
  return_received_date TEXT NOT NULL DEFAULT '',
  then_kind            TEXT NOT NULL DEFAULT '',
  created_by           INTEGER NOT NULL REFERENCES users (id),
  created_at           DATETIME NOT NULL,
  updated_at           DATETIME NOT NULL,
  done_at              DATETIME NULL
);
CREATE INDEX ix_resolutions_complaint ON resolutions (complaint_id, id);
CREATE INDEX ix_resolutions_supplier ON resolutions (supplier_id, status, id);

-- an order's final invoice (staff only)
CREATE TABLE invoices (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id     INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  number       TEXT NOT NULL,
  invoice_date TEXT NOT NULL,
  amount_e2    INTEGER NOT NULL,
  currency     TEXT NOT NULL,
  due_date     TEXT NOT NULL,
  created_by   INTEGER NOT NULL REFERENCES users (id),
  created_at   DATETIME NOT NULL,
  updated_at   DATETIME NOT NULL
);
CREATE UNIQUE INDEX ux_invoices_order ON invoices (order_id);

-- payments received against an order's invoice (staff only)
CREATE TABLE payments (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id   INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  paid_date  TEXT NOT NULL,
  amount_e2  INTEGER NOT NULL,
  reference  TEXT NOT NULL DEFAULT '',
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_at DATETIME NOT NULL
);
CREATE INDEX ix_payments_invoice ON payments (invoice_id, id);

-- +goose Down
DROP TABLE payments;
DROP TABLE invoices;
DROP TABLE resolutions;
DROP TABLE capas;
DROP TABLE complaints;
DROP INDEX ix_orders_replacement_of;
ALTER TABLE orders DROP COLUMN closed_at;
ALTER TABLE orders DROP COLUMN replacement_of;
