-- MySQL dialect of sqlite/00014: the shared counters of package ratelimit,
-- one row per key and fixed window, times in Unix seconds.
--
-- utf8mb4_bin: keys are opaque, so "link:a" and "link:A" (or a trailing
-- space) must be different rows, not one under a case-insensitive
-- collation. 191 characters keep the key inside the index limit; the
-- limiter hashes longer keys.

-- +goose Up
CREATE TABLE rate_windows (
  bucket       VARCHAR(191) NOT NULL,
  window_start BIGINT NOT NULL,
  hits         BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL,
  PRIMARY KEY (bucket, window_start),
  KEY ix_rate_windows_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- +goose Down
DROP TABLE rate_windows;
