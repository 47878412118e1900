-- MySQL dialect of sqlite/00014: the shared counters of package ratelimit,
-- one row per key and fixed window, times in Unix seconds.
--
-- bucket is VARBINARY, compared byte by byte like SQLite's TEXT: keys are
-- opaque, so "link:a", "link:A" and "link:a " must be three rows. A
-- case-insensitive collation would merge the first two, and utf8mb4_bin
-- still merges the last two (it is a PAD SPACE collation).
-- The limiter hashes keys longer than the 191 bytes.

-- +goose Up
CREATE TABLE rate_windows (
  bucket       VARBINARY(191) NOT NULL,
  window_start BIGINT NOT NULL,
  hits         BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL,
  PRIMARY KEY (bucket, window_start),
  KEY ix_rate_windows_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE rate_windows;
