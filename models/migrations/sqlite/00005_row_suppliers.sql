-- Every row a factory reads in an order's thread carries the supplier the
-- order had when the row was written (staff-written rows too), so that after
-- a merchandiser moves an order to another supplier the new factory does not
-- read the old one's comments, reports, sample rounds and activity. Factory
-- reads filter on it; NULL matches no factory, only staff. Photos already
-- record their supplier (00002).
--
-- Existing rows: a row written by a factory user belongs to that user's
-- supplier (a factory writes only to its own orders, so this is right even
-- for orders moved before this migration); any other row takes its order's
-- current supplier, the best that is known. Should a writer have moved to
-- another supplier since, their old rows are hidden from the order's
-- factory (staff still see them) rather than shown to a wrong one.
--
-- Same effect as mysql/00005. Dialect difference: SQLite declares the
-- foreign key with the column (its ALTER TABLE cannot add one later), and
-- dropping the column drops the key with it; MySQL adds and drops the key
-- separately.

-- +goose Up
ALTER TABLE comments ADD COLUMN supplier_id INTEGER NULL REFERENCES suppliers (id);
ALTER TABLE progress_reports ADD COLUMN supplier_id INTEGER NULL REFERENCES suppliers (id);
ALTER TABLE sample_rounds ADD COLUMN supplier_id INTEGER NULL REFERENCES suppliers (id);
ALTER TABLE activity_events ADD COLUMN supplier_id INTEGER NULL REFERENCES suppliers (id);

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

-- A factory's reads are "this supplier's rows of this order, in id order";
-- supplier_id first also serves the foreign key.
CREATE INDEX ix_comments_supplier ON comments (supplier_id, order_id, id);
CREATE INDEX ix_progress_reports_supplier ON progress_reports (supplier_id, order_id, id);
CREATE INDEX ix_sample_rounds_supplier ON sample_rounds (supplier_id, order_id, id);
CREATE INDEX ix_activity_supplier ON activity_events (supplier_id, order_id, id);

-- +goose Down
DROP INDEX ix_activity_supplier;
DROP INDEX ix_sample_rounds_supplier;
DROP INDEX ix_progress_reports_supplier;
DROP INDEX ix_comments_supplier;
ALTER TABLE activity_events DROP COLUMN supplier_id;
ALTER TABLE sample_rounds DROP COLUMN supplier_id;
ALTER TABLE progress_reports DROP COLUMN supplier_id;
ALTER TABLE comments DROP COLUMN supplier_id;
