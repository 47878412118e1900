-- MySQL dialect of sqlite/00005 (read the reasons there): comments, progress
-- reports, sample rounds and activity carry the supplier the order had when
-- the row was written; existing rows take their factory writer's supplier,
-- else their order's current one.
--
-- Dialect differences: the column is added, filled, and only then indexed
-- and constrained (one table rebuild for the foreign key instead of index
-- upkeep during the fill); SQLite must declare the key with the column. The
-- backfill statements are the same on both.

-- +goose Up
ALTER TABLE comments ADD COLUMN supplier_id BIGINT NULL;
ALTER TABLE progress_reports ADD COLUMN supplier_id BIGINT NULL;
ALTER TABLE sample_rounds ADD COLUMN supplier_id BIGINT NULL;
ALTER TABLE activity_events ADD COLUMN supplier_id BIGINT NULL;

UPDATE comments SET supplier_id = COALESCE(
  (SELECT users.supplier_id FROM users WHERE users.id = comments.author_id AND users.role = 'factory'),
  (SELECT orders.supplier_id FROM orders WHERE orders.id = comments.order_id));
UPDATE progress_reports SET supplier_id = COALESCE(
  (SELECT users.supplier_id FROM users WHERE users.id = progress_reports.reported_by AND users.role = 'factory'),
  (SELECT orders.supplier_id FROM orders WHERE orders.id = progress_reports.order_id));
UPDATE sample_rounds SET supplier_id = COALESCE(
  (SELECT users.supplier_id FROM users WHERE users.id = sample_rounds.submitted_by AND users.role = 'factory'),
  (SELECT orders.supplier_id FROM orders WHERE orders.id = sample_rounds.order_id));
UPDATE activity_events SET supplier_id = COALESCE(
  (SELECT users.supplier_id FROM users WHERE users.id = activity_events.actor_id AND users.role = 'factory'),
  (SELECT orders.supplier_id FROM orders WHERE orders.id = activity_events.order_id));

ALTER TABLE comments
  ADD KEY ix_comments_supplier (supplier_id, order_id, id),
  ADD CONSTRAINT fk_comments_supplier_id FOREIGN KEY (supplier_id) REFERENCES suppliers (id);
ALTER TABLE progress_reports
  ADD KEY ix_progress_reports_supplier (supplier_id, order_id, id),
  ADD CONSTRAINT fk_progress_reports_supplier_id FOREIGN KEY (supplier_id) REFERENCES suppliers (id);
ALTER TABLE sample_rounds
  ADD KEY ix_sample_rounds_supplier (supplier_id, order_id, id),
  ADD CONSTRAINT fk_sample_rounds_supplier_id FOREIGN KEY (supplier_id) REFERENCES suppliers (id);
ALTER TABLE activity_events
  ADD KEY ix_activity_supplier (supplier_id, order_id, id),
  ADD CONSTRAINT fk_activity_events_supplier_id FOREIGN KEY (supplier_id) REFERENCES suppliers (id);

-- +goose Down
ALTER TABLE activity_events DROP FOREIGN KEY fk_activity_events_supplier_id, DROP KEY ix_activity_supplier, DROP COLUMN supplier_id;
ALTER TABLE sample_rounds DROP FOREIGN KEY fk_sample_rounds_supplier_id, DROP KEY ix_sample_rounds_supplier, DROP COLUMN supplier_id;
ALTER TABLE progress_reports DROP FOREIGN KEY fk_progress_reports_supplier_id, DROP KEY ix_progress_reports_supplier, DROP COLUMN supplier_id;
ALTER TABLE comments DROP FOREIGN KEY fk_comments_supplier_id, DROP KEY ix_comments_supplier, DROP COLUMN supplier_id;
