-- Orders, their lines and revisions, T&A templates and milestones, progress
-- reports, activity and comments. Dates (ex-factory, planned, actual) are
-- 'YYYY-MM-DD' text on both dialects so they compare as strings.

-- +goose Up
CREATE TABLE customers (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  name          TEXT    NOT NULL,
  contact_email TEXT    NOT NULL DEFAULT '',
  locale        TEXT    NOT NULL DEFAULT 'en',
  created_at    DATETIME NOT NULL,
  updated_at    DATETIME NOT NULL
);
CREATE UNIQUE INDEX ux_customers_name ON customers (name);

CREATE TABLE templates (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  code       TEXT    NOT NULL,
  name       TEXT    NOT NULL,
  name_en    TEXT    NOT NULL DEFAULT '',
  active     INTEGER NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX ux_templates_code ON templates (code);

CREATE TABLE template_steps (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  template_id     INTEGER NOT NULL REFERENCES templates (id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  code            TEXT    NOT NULL,
  name            TEXT    NOT NULL,
  name_en         TEXT    NOT NULL,
  days_before     INTEGER NOT NULL,
  quantity_kind   TEXT    NOT NULL DEFAULT '',
  sample_type     TEXT    NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX ux_template_steps ON template_steps (template_id, position);

CREATE TABLE orders (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  po_number          TEXT    NOT NULL,
  customer_id        INTEGER NOT NULL REFERENCES customers (id),
  supplier_id        INTEGER NOT NULL REFERENCES suppliers (id),
  merchandiser_id    INTEGER NOT NULL REFERENCES users (id),
  template_id        INTEGER NULL REFERENCES templates (id),
  style_no           TEXT    NOT NULL,
  style_name         TEXT    NOT NULL DEFAULT '',
  description        TEXT    NOT NULL DEFAULT '',
  category           TEXT    NOT NULL DEFAULT '',
  unit               TEXT    NOT NULL DEFAULT 'pcs',
  total_quantity     INTEGER NOT NULL DEFAULT 0,
  ex_factory_date    TEXT    NOT NULL,
  baseline_ex_factory_date TEXT NOT NULL,
  ship_mode          TEXT    NOT NULL,
  destination        TEXT    NOT NULL DEFAULT '',
  internal_notes     TEXT    NOT NULL DEFAULT '',
  unit_price         TEXT    NOT NULL DEFAULT '',
  currency           TEXT    NOT NULL DEFAULT '',
  tolerance_pct      INTEGER NOT NULL DEFAULT 5,
  status             TEXT    NOT NULL,
  revision           INTEGER NOT NULL DEFAULT 0,
  cancel_reason      TEXT    NOT NULL DEFAULT '',
  confirmed_at       DATETIME NULL,
  cancelled_at       DATETIME NULL,
  created_at         DATETIME NOT NULL,
  updated_at         DATETIME NOT NULL
);
CREATE UNIQUE INDEX ux_orders_po ON orders (po_number);
CREATE INDEX ix_orders_supplier ON orders (supplier_id, id);
CREATE INDEX ix_orders_merchandiser ON orders (merchandiser_id, id);
CREATE INDEX ix_orders_customer ON orders (customer_id, id);
CREATE INDEX ix_orders_status ON orders (status, id);
CREATE INDEX ix_orders_ex_factory ON orders (ex_factory_date);

CREATE TABLE order_lines (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id  INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  colour    TEXT    NOT NULL,
  size      TEXT    NOT NULL,
  quantity  INTEGER NOT NULL
);
CREATE INDEX ix_order_lines_order ON order_lines (order_id, position);

CREATE TABLE order_revisions (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id    INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  revision    INTEGER NOT NULL,
  changed_by  INTEGER NOT NULL REFERENCES users (id),
  changes     TEXT    NOT NULL,
  created_at  DATETIME NOT NULL
);
CREATE UNIQUE INDEX ux_order_revisions ON order_revisions (order_id, revision);

CREATE TABLE milestones (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id        INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  code            TEXT    NOT NULL,
  name            TEXT    NOT NULL,
  name_en         TEXT    NOT NULL,
  quantity_kind   TEXT    NOT NULL DEFAULT '',
  sample_type     TEXT    NOT NULL DEFAULT '',
  planned_date    TEXT    NOT NULL,
  baseline_date   TEXT    NOT NULL,
  actual_date     TEXT    NULL,
  quantity_done   INTEGER NOT NULL DEFAULT 0,
  status          TEXT    NOT NULL,
  updated_at      DATETIME NOT NULL
);
CREATE INDEX ix_milestones_order ON milestones (order_id, position);
CREATE INDEX ix_milestones_open ON milestones (status, planned_date);

CREATE TABLE progress_reports (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  milestone_id  INTEGER NOT NULL REFERENCES milestones (id) ON DELETE CASCADE,
  order_id      INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  reported_by   INTEGER NOT NULL REFERENCES users (id),
  report_date   TEXT    NOT NULL,
  quantity      INTEGER NULL,
  note          TEXT    NOT NULL DEFAULT '',
  done          INTEGER NOT NULL DEFAULT 0,
  created_at    DATETIME NOT NULL
);
CREATE INDEX ix_progress_reports_milestone ON progress_reports (milestone_id, id);
CREATE INDEX ix_progress_reports_order ON progress_reports (order_id, id);

CREATE TABLE activity_events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id    INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  actor_id    INTEGER NULL REFERENCES users (id),
  kind        TEXT    NOT NULL,
  internal    INTEGER NOT NULL DEFAULT 0,
  data        TEXT    NOT NULL,
  created_at  DATETIME NOT NULL
);
CREATE INDEX ix_activity_order ON activity_events (order_id, id);

CREATE TABLE comments (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id    INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  author_id   INTEGER NOT NULL REFERENCES users (id),
  body        TEXT    NOT NULL,
  created_at  DATETIME NOT NULL
);
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
