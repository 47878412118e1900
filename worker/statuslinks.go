package worker

import (
	"context"
	"log/slog"
	"time"
)

// Syncer is ratelimit.Limiter's Sync: it shares this node's rate-limit
// counts with the other nodes through the database.
type Syncer interface {
	Sync(ctx context.Context) error
}

// RateSync shares the rate-limit counts every interval (GENDAN_RATE_SYNC_EVERY).
func RateSync(l Syncer, every time.Duration) Job {
	return Job{Name: "rate_sync", Every: every, Run: func(ctx context.Context, _ time.Time, _ *slog.Logger) error {
		return l.Sync(ctx)
	}}
}

// LinkViews saves the status link views a node counted in memory (the
// public page does not write per request).
func LinkViews(flush func(context.Context), every time.Duration) Job {
	return Job{Name: "status_link_views", Every: every, Run: func(ctx context.Context, _ time.Time, _ *slog.Logger) error {
		flush(ctx)
		return nil
	}}
}
