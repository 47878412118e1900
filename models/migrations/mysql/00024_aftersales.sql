-- MySQL dialect of sqlite/00024: after-sales.

-- +goose Up
ALTER TABLE orders ADD COLUMN replacement_of BIGINT NULL, ADD COLUMN closed_at DATETIME(6) NULL,
  ADD KEY ix_orders_replacement_of (replacement_of);

-- customer complaints (客户投诉) about an order's goods
CREATE TABLE complaints (
  id               BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id         BIGINT NOT NULL,
  supplier_id      BIGINT NOT NULL,
  delivery_id      BIGINT NULL,
  received_date    CHAR(10) NOT NULL,
  channel          VARCHAR(20) NOT NULL,
  description      TEXT NOT NULL,
  `lines`          TEXT NOT NULL,
  affected_qty     INT NOT NULL DEFAULT 0,
  severity         VARCHAR(20) NOT NULL,
  customer_request VARCHAR(20) NOT NULL,
  customer_contact VARCHAR(500) NOT NULL DEFAULT '',
  status           VARCHAR(30) NOT NULL,
  factory_answer   TEXT NOT NULL,
  answered_by      BIGINT NULL,
  answered_at      DATETIME(6) NULL,
  created_by       BIGINT NOT NULL,
  created_at       DATETIME(6) NOT NULL,
  updated_at       DATETIME(6) NOT NULL,
  closed_at        DATETIME(6) NULL,
  KEY ix_complaints_order (order_id, id),
  KEY ix_complaints_supplier (supplier_id, status, id),
  CONSTRAINT fk_complaints_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT fk_complaints_supplier_id FOREIGN KEY (supplier_id) REFERENCES suppliers (id),
  CONSTRAINT fk_complaints_delivery_id FOREIGN KEY (delivery_id) REFERENCES deliveries (id),
  CONSTRAINT fk_complaints_answered_by FOREIGN KEY (answered_by) REFERENCES users (id),
  CONSTRAINT fk_complaints_created_by FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- corrective and preventive actions (CAPA, 8D-lite) of a complaint, a failed inspection or a rejected sample
CREATE TABLE capas (
  id                BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id          BIGINT NOT NULL,
  supplier_id       BIGINT NOT NULL,
  source_kind       VARCHAR(20) NOT NULL,
  source_id         BIGINT NOT NULL,
  problem           TEXT NOT NULL,
  containment       TEXT NOT NULL,
  root_cause        TEXT NOT NULL,
  cause_category    VARCHAR(30) NOT NULL DEFAULT '',
  corrective_action TEXT NOT NULL,
  preventive_action TEXT NOT NULL,
  owner             VARCHAR(200) NOT NULL DEFAULT '',
  due_date          VARCHAR(10) NOT NULL DEFAULT '',
  status            VARCHAR(20) NOT NULL,
  done_by           BIGINT NULL,
  done_at           DATETIME(6) NULL,
  verified_by       BIGINT NULL,
  verified_at       DATETIME(6) NULL,
  verify_note       VARCHAR(2000) NOT NULL DEFAULT '',
  created_by        BIGINT NOT NULL,
  created_at        DATETIME(6) NOT NULL,
  updated_at        DATETIME(6) NOT NULL,
  UNIQUE KEY ux_capas_source (source_kind, source_id),
  KEY ix_capas_order (order_id, id),
  KEY ix_capas_supplier (supplier_id, status, due_date),
  CONSTRAINT fk_capas_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT fk_capas_supplier_id FOREIGN KEY (supplier_id) REFERENCES suppliers (id),
  CONSTRAINT fk_capas_done_by FOREIGN KEY (done_by) REFERENCES users (id),
  CONSTRAINT fk_capas_verified_by FOREIGN KEY (verified_by) REFERENCES users (id),
  CONSTRAINT fk_capas_created_by FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- what a complaint is resolved with: concession, rework, re-production, discount or return
CREATE TABLE resolutions (
  id                   BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  complaint_id         BIGINT NOT NULL,
  order_id             BIGINT NOT NULL,
  supplier_id          BIGINT NOT NULL,
  kind                 VARCHAR(20) NOT NULL,
  status               VARCHAR(20) NOT NULL,
  quantity             INT NOT NULL DEFAULT 0,
  cost_bearer          VARCHAR(20) NOT NULL,
  note                 VARCHAR(2000) NOT NULL DEFAULT '',
  due_date             VARCHAR(10) NOT NULL DEFAULT '',
  discount_amount      VARCHAR(20) NOT NULL DEFAULT '',
  discount_pct         VARCHAR(10) NOT NULL DEFAULT '',
  chargeback_amount    VARCHAR(20) NOT NULL DEFAULT '',
  chargeback_ack_by    BIGINT NULL,
  chargeback_ack_at    DATETIME(6) NULL,
  replacement_order_id BIGINT NULL,
  inspection_id        BIGINT NULL,
  delivery_id          BIGINT NULL,
  reworked_qty         INT NOT NULL DEFAULT 0,
  return_shipped_date  VARCHAR(10) NOT NULL DEFAULT '',
  return_received_date VARCHAR(10) NOT NULL DEFAULT '',
  then_kind            VARCHAR(20) NOT NULL DEFAULT '',
  created_by           BIGINT NOT NULL,
  created_at           DATETIME(6) NOT NULL,
  updated_at           DATETIME(6) NOT NULL,
  done_at              DATETIME(6) NULL,
  KEY ix_resolutions_complaint (complaint_id, id),
  KEY ix_resolutions_supplier (supplier_id, status, id),
  CONSTRAINT fk_resolutions_complaint_id FOREIGN KEY (complaint_id) REFERENCES complaints (id) ON DELETE CASCADE,
  CONSTRAINT fk_resolutions_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT fk_resolutions_supplier_id FOREIGN KEY (supplier_id) REFERENCES suppliers (id),
  CONSTRAINT fk_resolutions_chargeback_ack_by FOREIGN KEY (chargeback_ack_by) REFERENCES users (id),
  CONSTRAINT fk_resolutions_replacement_order_id FOREIGN KEY (replacement_order_id) REFERENCES orders (id),
  CONSTRAINT fk_resolutions_inspection_id FOREIGN KEY (inspection_id) REFERENCES inspections (id),
  CONSTRAINT fk_resolutions_delivery_id FOREIGN KEY (delivery_id) REFERENCES deliveries (id),
  CONSTRAINT fk_resolutions_created_by FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- an order's final invoice (staff only)
CREATE TABLE invoices (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id     BIGINT NOT NULL,
  number       VARCHAR(60) NOT NULL,
  invoice_date CHAR(10) NOT NULL,
  amount_e2    BIGINT NOT NULL,
  currency     VARCHAR(3) NOT NULL,
  due_date     CHAR(10) NOT NULL,
  created_by   BIGINT NOT NULL,
  created_at   DATETIME(6) NOT NULL,
  updated_at   DATETIME(6) NOT NULL,
  UNIQUE KEY ux_invoices_order (order_id),
  CONSTRAINT fk_invoices_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT fk_invoices_created_by FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- payments received against an order's invoice (staff only)
CREATE TABLE payments (
  id         BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id   BIGINT NOT NULL,
  invoice_id BIGINT NOT NULL,
  paid_date  CHAR(10) NOT NULL,
  amount_e2  BIGINT NOT NULL,
  reference  VARCHAR(200) NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  KEY ix_payments_invoice (invoice_id, id),
  CONSTRAINT fk_payments_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT fk_payments_invoice_id FOREIGN KEY (invoice_id) REFERENCES invoices (id) ON DELETE CASCADE,
  CONSTRAINT fk_payments_created_by FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE payments;
DROP TABLE invoices;
DROP TABLE resolutions;
DROP TABLE capas;
DROP TABLE complaints;
ALTER TABLE orders DROP KEY ix_orders_replacement_of, DROP COLUMN closed_at, DROP COLUMN replacement_of;
