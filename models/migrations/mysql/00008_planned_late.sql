-- MySQL dialect of sqlite/00008: milestones.planned_late, a boolean.

-- +goose Up
ALTER TABLE milestones ADD COLUMN planned_late TINYINT(1) NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE milestones DROP COLUMN planned_late;
