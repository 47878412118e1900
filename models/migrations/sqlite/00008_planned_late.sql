-- milestones.planned_late: the step was already before the supplier's today
-- when its order was confirmed, and the merchandiser kept the date
-- (ConfirmOrder with late_steps "keep"). Existing steps were not.

-- +goose Up
ALTER TABLE milestones ADD COLUMN planned_late INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE milestones DROP COLUMN planned_late;
