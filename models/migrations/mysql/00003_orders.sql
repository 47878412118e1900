-- MySQL dialect of sqlite/00003. Dates are CHAR(10) 'YYYY-MM-DD' (not DATE:
-- the driver would hand them back as times), money is a decimal string.

-- +goose Up
CREATE TABLE customers (
  id            BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name          VARCHAR(200)    NOT NULL,
  contact_email VARCHAR(254)    NOT NULL DEFAULT '',
  locale        VARCHAR(10)    NOT NULL DEFAULT 'en',
  created_at    DATETIME(6) NOT NULL,
  updated_at    DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX ux_customers_name ON customers (name);

CREATE TABLE templates (
  id         BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code       VARCHAR(40)    NOT NULL,
  name       VARCHAR(200)    NOT NULL,
  name_en    VARCHAR(200)    NOT NULL DEFAULT '',
  active     TINYINT(1) NOT NULL DEFAULT 1,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX ux_templates_code ON templates (code);

CREATE TABLE template_steps (
  id              BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  template_id     BIGINT NOT NULL,
  position        INT NOT NULL,
  code            VARCHAR(40)    NOT NULL,
  name            VARCHAR(200)    NOT NULL,
  name_en         VARCHAR(200)    NOT NULL,
  days_before     INT NOT NULL,
  quantity_kind   VARCHAR(20)    NOT NULL DEFAULT '',
  sample_type     VARCHAR(40)    NOT NULL DEFAULT '',
  CONSTRAINT fk_template_steps_template_id FOREIGN KEY (template_id) REFERENCES templates (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX ux_template_steps ON template_steps (template_id, position);

CREATE TABLE orders (
  id                 BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  po_number          VARCHAR(64)    NOT NULL,
  customer_id        BIGINT NOT NULL,
  supplier_id        BIGINT NOT NULL,
  merchandiser_id    BIGINT NOT NULL,
  template_id        BIGINT NULL,
  style_no           VARCHAR(64)    NOT NULL,
  style_name         VARCHAR(200)    NOT NULL DEFAULT '',
  description        TEXT    NOT NULL,
  category           VARCHAR(100)    NOT NULL DEFAULT '',
  unit               VARCHAR(20)    NOT NULL DEFAULT 'pcs',
  total_quantity     INT NOT NULL DEFAULT 0,
  ex_factory_date    CHAR(10)    NOT NULL,
  baseline_ex_factory_date CHAR(10) NOT NULL,
  ship_mode          VARCHAR(20)    NOT NULL,
  destination        VARCHAR(200)    NOT NULL DEFAULT '',
  internal_notes     TEXT    NOT NULL,
  unit_price         VARCHAR(32)    NOT NULL DEFAULT '',
  currency           VARCHAR(3)    NOT NULL DEFAULT '',
  tolerance_pct      INT NOT NULL DEFAULT 5,
  status             VARCHAR(20)    NOT NULL,
  revision           INT NOT NULL DEFAULT 0,
  cancel_reason      VARCHAR(500)    NOT NULL DEFAULT '',
  confirmed_at       DATETIME(6) NULL,
  cancelled_at       DATETIME(6) NULL,
  created_at         DATETIME(6) NOT NULL,
  updated_at         DATETIME(6) NOT NULL,
  CONSTRAINT fk_orders_customer_id FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT fk_orders_supplier_id FOREIGN KEY (supplier_id) REFERENCES suppliers (id),
  CONSTRAINT fk_orders_merchandiser_id FOREIGN KEY (merchandiser_id) REFERENCES users (id),
  CONSTRAINT fk_orders_template_id FOREIGN KEY (template_id) REFERENCES templates (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX ux_orders_po ON orders (po_number);
CREATE INDEX ix_orders_supplier ON orders (supplier_id, id);
CREATE INDEX ix_orders_merchandiser ON orders (merchandiser_id, id);
CREATE INDEX ix_orders_customer ON orders (customer_id, id);
CREATE INDEX ix_orders_status ON orders (status, id);
CREATE INDEX ix_orders_ex_factory ON orders (ex_factory_date);

CREATE TABLE order_lines (
  id        BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id  BIGINT NOT NULL,
  position  INT NOT NULL,
  colour    VARCHAR(100)    NOT NULL,
  size      VARCHAR(40)    NOT NULL,
  quantity  INT NOT NULL,
  CONSTRAINT fk_order_lines_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX ix_order_lines_order ON order_lines (order_id, position);

CREATE TABLE order_revisions (
  id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id    BIGINT NOT NULL,
  revision    INT NOT NULL,
  changed_by  BIGINT NOT NULL,
  changes     TEXT    NOT NULL,
  created_at  DATETIME(6) NOT NULL,
  CONSTRAINT fk_order_revisions_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT fk_order_revisions_changed_by FOREIGN KEY (changed_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX ux_order_revisions ON order_revisions (order_id, revision);

CREATE TABLE milestones (
  id              BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id        BIGINT NOT NULL,
  position        INT NOT NULL,
  code            VARCHAR(40)    NOT NULL,
  name            VARCHAR(200)    NOT NULL,
  name_en         VARCHAR(200)    NOT NULL,
  quantity_kind   VARCHAR(20)    NOT NULL DEFAULT '',
  sample_type     VARCHAR(40)    NOT NULL DEFAULT '',
  planned_date    CHAR(10)    NOT NULL,
  baseline_date   CHAR(10)    NOT NULL,
  actual_date     CHAR(10)    NULL,
  quantity_done   INT NOT NULL DEFAULT 0,
  status          VARCHAR(20)    NOT NULL,
  updated_at      DATETIME(6) NOT NULL,
  CONSTRAINT fk_milestones_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX ix_milestones_order ON milestones (order_id, position);
CREATE INDEX ix_milestones_open ON milestones (status, planned_date);

CREATE TABLE progress_reports (
  id            BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  milestone_id  BIGINT NOT NULL,
  order_id      BIGINT NOT NULL,
  reported_by   BIGINT NOT NULL,
  report_date   CHAR(10)    NOT NULL,
  quantity      INT NULL,
  note          TEXT    NOT NULL,
  done          TINYINT(1) NOT NULL DEFAULT 0,
  created_at    DATETIME(6) NOT NULL,
  CONSTRAINT fk_progress_reports_milestone_id FOREIGN KEY (milestone_id) REFERENCES milestones (id) ON DELETE CASCADE,
  CONSTRAINT fk_progress_reports_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT fk_progress_reports_reported_by FOREIGN KEY (reported_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX ix_progress_reports_milestone ON progress_reports (milestone_id, id);
CREATE INDEX ix_progress_reports_order ON progress_reports (order_id, id);

CREATE TABLE activity_events (
  id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id    BIGINT NOT NULL,
  actor_id    BIGINT NULL,
  kind        VARCHAR(40)    NOT NULL,
  internal    TINYINT(1) NOT NULL DEFAULT 0,
  data        TEXT    NOT NULL,
  created_at  DATETIME(6) NOT NULL,
  CONSTRAINT fk_activity_events_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT fk_activity_events_actor_id FOREIGN KEY (actor_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX ix_activity_order ON activity_events (order_id, id);

CREATE TABLE comments (
  id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id    BIGINT NOT NULL,
  author_id   BIGINT NOT NULL,
  body        TEXT    NOT NULL,
  created_at  DATETIME(6) NOT NULL,
  CONSTRAINT fk_comments_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT fk_comments_author_id FOREIGN KEY (author_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX ix_comments_order ON comments (order_id, id);

-- +goose Down
DROP TABLE comments;
DROP TABLE activity_events;
DROP TABLE progress_reports;
DROP TABLE milestones;
DROP TABLE order_revisions;
DROP TABLE order_lines;
DROP TABLE orders;
DROP TABLE template_steps;
DROP TABLE templates;
DROP TABLE customers;
