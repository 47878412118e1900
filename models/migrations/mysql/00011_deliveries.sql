-- MySQL dialect of sqlite/00011: warehouses, their closures and per-day
-- counters, deliveries and the history of their dates.

-- +goose Up
CREATE TABLE warehouses (
  id              BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code            VARCHAR(40) NOT NULL,
  name            VARCHAR(200) NOT NULL,
  address         VARCHAR(500) NOT NULL DEFAULT '',
  time_zone       VARCHAR(64) NOT NULL,
  cap_bookings    INT NOT NULL,
  cap_cartons     INT NOT NULL,
  cap_cbm_milli   BIGINT NULL,
  closed_weekdays VARCHAR(40) NOT NULL DEFAULT '[]',
  active          TINYINT(1) NOT NULL DEFAULT 1,
  created_at      DATETIME(6) NOT NULL,
  updated_at      DATETIME(6) NOT NULL,
  UNIQUE KEY ux_warehouses_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE warehouse_closures (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  warehouse_id BIGINT NOT NULL,
  date_from    CHAR(10) NOT NULL,
  date_to      CHAR(10) NOT NULL,
  reason       VARCHAR(200) NOT NULL DEFAULT '',
  KEY ix_warehouse_closures (warehouse_id, date_from),
  CONSTRAINT fk_warehouse_closures_warehouse_id FOREIGN KEY (warehouse_id) REFERENCES warehouses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE warehouse_days (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  warehouse_id BIGINT NOT NULL,
  date         CHAR(10) NOT NULL,
  bookings     INT NOT NULL DEFAULT 0,
  cartons      INT NOT NULL DEFAULT 0,
  cbm_milli    BIGINT NOT NULL DEFAULT 0,
  UNIQUE KEY ux_warehouse_days (warehouse_id, date),
  CONSTRAINT fk_warehouse_days_warehouse_id FOREIGN KEY (warehouse_id) REFERENCES warehouses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE deliveries (
  id                 BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id           BIGINT NOT NULL,
  supplier_id        BIGINT NOT NULL,
  warehouse_id       BIGINT NOT NULL,
  status             VARCHAR(20) NOT NULL,
  date               CHAR(10) NOT NULL,
  requested_date     CHAR(10) NOT NULL,
  cargo_ready_date   VARCHAR(10) NOT NULL DEFAULT '',
  transport_mode     VARCHAR(20) NOT NULL DEFAULT '',
  booked_lines       TEXT NOT NULL,
  quantity           INT NOT NULL,
  cartons            INT NOT NULL DEFAULT 0,
  cbm_milli          BIGINT NOT NULL DEFAULT 0,
  gross_g            BIGINT NOT NULL DEFAULT 0,
  net_g              BIGINT NOT NULL DEFAULT 0,
  note               TEXT NOT NULL,
  override_reason    VARCHAR(2000) NOT NULL DEFAULT '',
  overridden_by      BIGINT NULL,
  overridden_at      DATETIME(6) NULL,
  reject_reason      VARCHAR(2000) NOT NULL DEFAULT '',
  cancel_reason      VARCHAR(2000) NOT NULL DEFAULT '',
  packing            MEDIUMTEXT NOT NULL,
  shipped_date       VARCHAR(10) NOT NULL DEFAULT '',
  shipped_lines      TEXT NOT NULL,
  shipped_quantity   INT NOT NULL DEFAULT 0,
  carrier            VARCHAR(200) NOT NULL DEFAULT '',
  tracking_no        VARCHAR(100) NOT NULL DEFAULT '',
  container_no       VARCHAR(100) NOT NULL DEFAULT '',
  seal_no            VARCHAR(100) NOT NULL DEFAULT '',
  shipped_by         BIGINT NULL,
  shipped_at         DATETIME(6) NULL,
  received_date      VARCHAR(10) NOT NULL DEFAULT '',
  received_lines     TEXT NOT NULL,
  received_quantity  INT NOT NULL DEFAULT 0,
  received_by        BIGINT NULL,
  received_at        DATETIME(6) NULL,
  requested_by       BIGINT NOT NULL,
  confirmed_by       BIGINT NULL,
  confirmed_at       DATETIME(6) NULL,
  created_at         DATETIME(6) NOT NULL,
  updated_at         DATETIME(6) NOT NULL,
  KEY ix_deliveries_order (order_id, id),
  KEY ix_deliveries_date (date, id),
  KEY ix_deliveries_warehouse (warehouse_id, date),
  KEY ix_deliveries_supplier (supplier_id, date),
  CONSTRAINT fk_deliveries_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT fk_deliveries_supplier_id FOREIGN KEY (supplier_id) REFERENCES suppliers (id),
  CONSTRAINT fk_deliveries_warehouse_id FOREIGN KEY (warehouse_id) REFERENCES warehouses (id),
  CONSTRAINT fk_deliveries_overridden_by FOREIGN KEY (overridden_by) REFERENCES users (id),
  CONSTRAINT fk_deliveries_shipped_by FOREIGN KEY (shipped_by) REFERENCES users (id),
  CONSTRAINT fk_deliveries_received_by FOREIGN KEY (received_by) REFERENCES users (id),
  CONSTRAINT fk_deliveries_requested_by FOREIGN KEY (requested_by) REFERENCES users (id),
  CONSTRAINT fk_deliveries_confirmed_by FOREIGN KEY (confirmed_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE delivery_dates (
  id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  delivery_id BIGINT NOT NULL,
  from_date   CHAR(10) NOT NULL,
  to_date     CHAR(10) NOT NULL,
  reason      VARCHAR(2000) NOT NULL,
  by_user     BIGINT NOT NULL,
  created_at  DATETIME(6) NOT NULL,
  KEY ix_delivery_dates (delivery_id, id),
  CONSTRAINT fk_delivery_dates_delivery_id FOREIGN KEY (delivery_id) REFERENCES deliveries (id) ON DELETE CASCADE,
  CONSTRAINT fk_delivery_dates_by_user FOREIGN KEY (by_user) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE delivery_dates;
DROP TABLE deliveries;
DROP TABLE warehouse_days;
DROP TABLE warehouse_closures;
DROP TABLE warehouses;
