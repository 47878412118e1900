-- MySQL dialect of sqlite/00012: the risk kept on each order, factory
-- calendars, the chase log and job lease rows.

-- +goose Up
ALTER TABLE orders
  ADD COLUMN risk_level VARCHAR(16) NOT NULL DEFAULT '',
  ADD COLUMN risk_score INT NOT NULL DEFAULT 0,
  ADD COLUMN risk_projected_date VARCHAR(10) NOT NULL DEFAULT '',
  ADD COLUMN risk_slack_days INT NOT NULL DEFAULT 0,
  ADD COLUMN risk_reasons VARCHAR(2000) NOT NULL DEFAULT '[]',
  ADD COLUMN risk_computed_at DATETIME(6) NULL,
  ADD COLUMN last_report_date VARCHAR(10) NOT NULL DEFAULT '',
  ADD KEY ix_orders_risk (merchandiser_id, risk_score, id),
  ADD KEY ix_orders_risk_all (risk_score, id),
  ADD KEY ix_orders_risk_counts (status, merchandiser_id, supplier_id, risk_level, customer_id, ex_factory_date);

ALTER TABLE suppliers
  ADD COLUMN days_off VARCHAR(40) NOT NULL DEFAULT '[0]',
  ADD COLUMN holidays VARCHAR(4000) NOT NULL DEFAULT '[]';

CREATE TABLE chase_logs (
  id              BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id        BIGINT NULL,
  supplier_id     BIGINT NOT NULL,
  milestone_id    BIGINT NULL,
  topic           VARCHAR(40) NOT NULL DEFAULT '',
  channel         VARCHAR(20) NOT NULL,
  said            VARCHAR(2000) NOT NULL DEFAULT '',
  promised_date   VARCHAR(10) NOT NULL DEFAULT '',
  previous_promised_date VARCHAR(10) NOT NULL DEFAULT '',
  next_follow_up  VARCHAR(10) NOT NULL DEFAULT '',
  created_by      BIGINT NOT NULL,
  created_at      DATETIME(6) NOT NULL,
  KEY ix_chase_logs_order (order_id, id),
  KEY ix_chase_logs_supplier (supplier_id, id),
  KEY ix_chase_logs_follow_up (next_follow_up),
  CONSTRAINT fk_chase_logs_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT fk_chase_logs_supplier_id FOREIGN KEY (supplier_id) REFERENCES suppliers (id),
  CONSTRAINT fk_chase_logs_created_by FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE job_runs (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  job          VARCHAR(64) NOT NULL,
  run_key      VARCHAR(100) NOT NULL,
  holder       VARCHAR(100) NOT NULL,
  started_at   DATETIME(6) NOT NULL,
  lease_until  DATETIME(6) NOT NULL,
  finished_at  DATETIME(6) NULL,
  attempts     INT NOT NULL DEFAULT 1,
  rows_done    INT NOT NULL DEFAULT 0,
  UNIQUE KEY ux_job_runs (job, run_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE job_runs;
DROP TABLE chase_logs;
ALTER TABLE suppliers DROP COLUMN holidays, DROP COLUMN days_off;
ALTER TABLE orders DROP KEY ix_orders_risk_counts, DROP KEY ix_orders_risk_all, DROP KEY ix_orders_risk,
  DROP COLUMN last_report_date, DROP COLUMN risk_computed_at, DROP COLUMN risk_reasons,
  DROP COLUMN risk_slack_days, DROP COLUMN risk_projected_date, DROP COLUMN risk_score, DROP COLUMN risk_level;
