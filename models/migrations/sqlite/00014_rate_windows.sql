-- Rate limits shared by several nodes (package ratelimit): one row per key
-- and fixed window, holding the hits every node has pushed so far. Times
-- are Unix seconds, so both dialects store and compare plain integers;
-- expires_at is the window's end, the cleanup deletes by it.
--
-- Same effect as mysql/00014. SQLite compares TEXT byte by byte, as the
-- MySQL table's VARBINARY does: keys are opaque, case and trailing spaces
-- matter.

-- +goose Up
-- No space after the comma in the primary key, and no comment inside the
-- statement: GORM's SQLite migrator finds the key's columns by parsing the
-- stored DDL, which misses " window_start", and the schema test asks it.
CREATE TABLE rate_windows (
  bucket       TEXT    NOT NULL,
  window_start INTEGER NOT NULL,
  hits         INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  PRIMARY KEY (bucket,window_start)
);
CREATE INDEX ix_rate_windows_expires ON rate_windows (expires_at);

-- +goose Down
DROP TABLE rate_windows;
