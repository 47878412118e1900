-- Delivery risk (models/risk, models/risk_store.go): the risk kept on each
-- order, the factories' working calendars it counts days on, the
-- merchandisers' chase log (the work diary) and the lease rows that make a
-- scheduled job run once with several nodes.

-- +goose Up
ALTER TABLE orders ADD COLUMN risk_level TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN risk_score INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN risk_projected_date TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN risk_slack_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN risk_reasons TEXT NOT NULL DEFAULT '[]';
ALTER TABLE orders ADD COLUMN risk_computed_at DATETIME NULL;
ALTER TABLE orders ADD COLUMN last_report_date TEXT NOT NULL DEFAULT '';
-- The dashboard ranks by score (ix_orders_risk*, scanned backwards) and
-- counts from an index that holds every column its filters and groups
-- name, without reading the order rows (ix_orders_risk_counts).
CREATE INDEX ix_orders_risk ON orders (merchandiser_id, risk_score, id);
CREATE INDEX ix_orders_risk_all ON orders (risk_score, id);
CREATE INDEX ix_orders_risk_counts ON orders (status, merchandiser_id, supplier_id, risk_level, customer_id, ex_factory_date);

-- Weekly days off (JSON array of weekdays, 0 = Sunday) and holidays (JSON
-- array of {"from","to","reason"}) of a factory.
ALTER TABLE suppliers ADD COLUMN days_off TEXT NOT NULL DEFAULT '[0]';
ALTER TABLE suppliers ADD COLUMN holidays TEXT NOT NULL DEFAULT '[]';

CREATE TABLE chase_logs (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id        INTEGER NULL REFERENCES orders (id) ON DELETE CASCADE,
  supplier_id     INTEGER NOT NULL REFERENCES suppliers (id),
  milestone_id    INTEGER NULL,
  topic           TEXT NOT NULL DEFAULT '',
  channel         TEXT NOT NULL,
  said            TEXT NOT NULL DEFAULT '',
  promised_date   TEXT NOT NULL DEFAULT '',
  previous_promised_date TEXT NOT NULL DEFAULT '',
  next_follow_up  TEXT NOT NULL DEFAULT '',
  created_by      INTEGER NOT NULL REFERENCES users (id),
  created_at      DATETIME NOT NULL
);
CREATE INDEX ix_chase_logs_order ON chase_logs (order_id, id);
CREATE INDEX ix_chase_logs_supplier ON chase_logs (supplier_id, id);
CREATE INDEX ix_chase_logs_follow_up ON chase_logs (next_follow_up);

CREATE TABLE job_runs (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  job          TEXT NOT NULL,
  run_key      TEXT NOT NULL,
  holder       TEXT NOT NULL,
  started_at   DATETIME NOT NULL,
  lease_until  DATETIME NOT NULL,
  finished_at  DATETIME NULL,
  attempts     INTEGER NOT NULL DEFAULT 1,
  rows_done    INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ux_job_runs ON job_runs (job, run_key);

-- +goose Down
DROP TABLE job_runs;
DROP TABLE chase_logs;
ALTER TABLE suppliers DROP COLUMN holidays;
ALTER TABLE suppliers DROP COLUMN days_off;
DROP INDEX ix_orders_risk_counts;
DROP INDEX ix_orders_risk_all;
DROP INDEX ix_orders_risk;
ALTER TABLE orders DROP COLUMN last_report_date;
ALTER TABLE orders DROP COLUMN risk_computed_at;
ALTER TABLE orders DROP COLUMN risk_reasons;
ALTER TABLE orders DROP COLUMN risk_slack_days;
ALTER TABLE orders DROP COLUMN risk_projected_date;
ALTER TABLE orders DROP COLUMN risk_score;
ALTER TABLE orders DROP COLUMN risk_level;
