-- Delivery booking (issue 13): warehouses with a daily capacity and closed
-- days, the per-day counters a booking takes its share from, deliveries
-- with their shipment, receipt and packing list, and the history of their
-- dates.
--
-- Same effect as mysql/00011.

-- +goose Up
-- cap_cbm_milli is CBM × 1000, NULL when volume is not limited;
-- closed_weekdays a JSON array of 0 (Sunday) … 6 (Saturday).
CREATE TABLE warehouses (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  code            TEXT    NOT NULL,
  name            TEXT    NOT NULL,
  address         TEXT    NOT NULL DEFAULT '',
  time_zone       TEXT    NOT NULL,
  cap_bookings    INTEGER NOT NULL,
  cap_cartons     INTEGER NOT NULL,
  cap_cbm_milli   INTEGER NULL,
  closed_weekdays TEXT    NOT NULL DEFAULT '[]',
  active          INTEGER NOT NULL DEFAULT 1,
  created_at      DATETIME NOT NULL,
  updated_at      DATETIME NOT NULL
);
CREATE UNIQUE INDEX ux_warehouses_code ON warehouses (code);

CREATE TABLE warehouse_closures (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  warehouse_id INTEGER NOT NULL REFERENCES warehouses (id) ON DELETE CASCADE,
  date_from    TEXT    NOT NULL,
  date_to      TEXT    NOT NULL,
  reason       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX ix_warehouse_closures ON warehouse_closures (warehouse_id, date_from);

-- One row per warehouse and day with bookings: what the day's live
-- bookings hold. Bookings change it only by a conditional update.
CREATE TABLE warehouse_days (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  warehouse_id INTEGER NOT NULL REFERENCES warehouses (id) ON DELETE CASCADE,
  date         TEXT    NOT NULL,
  bookings     INTEGER NOT NULL DEFAULT 0,
  cartons      INTEGER NOT NULL DEFAULT 0,
  cbm_milli    INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ux_warehouse_days ON warehouse_days (warehouse_id, date);

CREATE TABLE deliveries (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id           INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  supplier_id        INTEGER NOT NULL REFERENCES suppliers (id),
  warehouse_id       INTEGER NOT NULL REFERENCES warehouses (id),
  status             TEXT    NOT NULL,
  date               TEXT    NOT NULL,
  requested_date     TEXT    NOT NULL,
  cargo_ready_date   TEXT    NOT NULL DEFAULT '',
  transport_mode     TEXT    NOT NULL DEFAULT '',
  booked_lines       TEXT    NOT NULL,
  quantity           INTEGER NOT NULL,
  cartons            INTEGER NOT NULL DEFAULT 0,
  cbm_milli          INTEGER NOT NULL DEFAULT 0,
  gross_g            INTEGER NOT NULL DEFAULT 0,
  net_g              INTEGER NOT NULL DEFAULT 0,
  note               TEXT    NOT NULL DEFAULT '',
  override_reason    TEXT    NOT NULL DEFAULT '',
  overridden_by      INTEGER NULL REFERENCES users (id),
  overridden_at      DATETIME NULL,
  reject_reason      TEXT    NOT NULL DEFAULT '',
  cancel_reason      TEXT    NOT NULL DEFAULT '',
  packing            TEXT    NOT NULL DEFAULT '[]',
  shipped_date       TEXT    NOT NULL DEFAULT '',
  shipped_lines      TEXT    NOT NULL DEFAULT '[]',
  shipped_quantity   INTEGER NOT NULL DEFAULT 0,
  carrier            TEXT    NOT NULL DEFAULT '',
  tracking_no        TEXT    NOT NULL DEFAULT '',
  container_no       TEXT    NOT NULL DEFAULT '',
  seal_no            TEXT    NOT NULL DEFAULT '',
  shipped_by         INTEGER NULL REFERENCES users (id),
  shipped_at         DATETIME NULL,
  received_date      TEXT    NOT NULL DEFAULT '',
  received_lines     TEXT    NOT NULL DEFAULT '[]',
  received_quantity  INTEGER NOT NULL DEFAULT 0,
  received_by        INTEGER NULL REFERENCES users (id),
  received_at        DATETIME NULL,
  requested_by       INTEGER NOT NULL REFERENCES users (id),
  confirmed_by       INTEGER NULL REFERENCES users (id),
  confirmed_at       DATETIME NULL,
  created_at         DATETIME NOT NULL,
  updated_at         DATETIME NOT NULL
);
CREATE INDEX ix_deliveries_order ON deliveries (order_id, id);
CREATE INDEX ix_deliveries_date ON deliveries (date, id);
CREATE INDEX ix_deliveries_warehouse ON deliveries (warehouse_id, date);
CREATE INDEX ix_deliveries_supplier ON deliveries (supplier_id, date);

CREATE TABLE delivery_dates (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id INTEGER NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
  from_date   TEXT    NOT NULL,
  to_date     TEXT    NOT NULL,
  reason      TEXT    NOT NULL,
  by_user     INTEGER NOT NULL REFERENCES users (id),
  created_at  DATETIME NOT NULL
);
CREATE INDEX ix_delivery_dates ON delivery_dates (delivery_id, id);

-- +goose Down
DROP TABLE delivery_dates;
DROP TABLE deliveries;
DROP TABLE warehouse_days;
DROP TABLE warehouse_closures;
DROP TABLE warehouses;
