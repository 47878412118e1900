package worker

import (
	"context"
	"log/slog"
	"time"

	"gendan/models"
)

// refreshTokenGrace is how long an expired refresh token is kept before it
// is purged (unchanged from when the server ran this loop itself).
const refreshTokenGrace = 24 * time.Hour

// PurgeIdempotencyKeys deletes idempotency keys past their expiry, hourly.
//
// Several nodes: the pass is one conditional DELETE ... WHERE expires_at <
// now. Two nodes running it at once delete each row once between them, and
// a key still in use is never old enough to match.
func PurgeIdempotencyKeys(store *models.Store) Job {
	return Job{Name: "purge_idempotency_keys", Every: time.Hour,
		Run: func(ctx context.Context, _ time.Time, log *slog.Logger) error {
			// The store judges expiry by its own clock, the same one the
			// runner is given in cmd/gendan.
			n, err := store.PurgeIdempotencyKeys(ctx)
			if n > 0 {
				log.Info("purged idempotency keys", slog.Int64("count", n))
			}
			return err
		}}
}

// PurgeRefreshTokens deletes refresh tokens that expired more than a day
// ago, hourly.
//
// Several nodes: one conditional DELETE ... WHERE expires_at < cut, as
// above; running it twice, or on two nodes at once, deletes nothing more.
func PurgeRefreshTokens(store *models.Store) Job {
	return Job{Name: "purge_refresh_tokens", Every: time.Hour,
		Run: func(ctx context.Context, now time.Time, log *slog.Logger) error {
			n, err := store.PurgeRefreshTokens(ctx, now.Add(-refreshTokenGrace))
			if n > 0 {
				log.Info("purged refresh tokens", slog.Int64("count", n))
			}
			return err
		}}
}
