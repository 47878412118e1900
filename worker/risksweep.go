package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"gendan/models"
)

const (
	// RiskSweepJob names the sweep in logs and in job_runs.
	RiskSweepJob = "risk_sweep"
	// riskSweepLease is how long a node holds a zone's run: far longer than
	// a recomputation takes (all 10,000 bench orders in about a second), so
	// only a node that died mid-run lets it expire.
	riskSweepLease = 10 * time.Minute
)

// RiskSweep recomputes the risk of every live order once per factory day:
// days pass without writes, and an order with nothing new can still turn
// late. Every pass (every interval; a minute by default) lists the time
// zones of the suppliers with live orders, and for each zone whose today
// has not been swept yet recomputes that zone's orders.
//
// Several nodes: the run of a zone and a date is a row of job_runs that a
// node claims before the work (models.ClaimRun), so each (zone, date) is
// swept by one node only; the others find the row claimed or finished and
// skip it. holder names the node in that row. A node that dies mid-run
// leaves its lease, which expires after ten minutes and is taken over by the
// next pass of any node; a failed recomputation is not finished, so it is
// retried the same way.
func RiskSweep(store *models.Store, holder string, every time.Duration) Job {
	return riskSweep(store, holder, every, store.RecomputeRiskZone)
}

// recomputeFunc is Store.RecomputeRiskZone, which tests count calls of.
type recomputeFunc func(ctx context.Context, zone string, now time.Time) (int, error)

func riskSweep(store *models.Store, holder string, every time.Duration, recompute recomputeFunc) Job {
	return Job{Name: RiskSweepJob, Every: every,
		Run: func(ctx context.Context, now time.Time, log *slog.Logger) error {
			zones, err := store.RiskZones(ctx)
			if err != nil {
				return fmt.Errorf("risk sweep: zones: %w", err)
			}
			var errs []error
			for _, zone := range zones {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				if err := sweepRiskZone(ctx, store, recompute, holder, zone, now, log); err != nil {
					errs = append(errs, err)
				}
			}
			return errors.Join(errs...)
		}}
}

// sweepRiskZone does the zone's run for its today, if no node has.
func sweepRiskZone(ctx context.Context, store *models.Store, recompute recomputeFunc, holder, zone string, now time.Time, log *slog.Logger) error {
	date := models.TodayIn(now, zone)
	key := zone + " " + date
	ok, err := store.ClaimRun(ctx, RiskSweepJob, key, holder, riskSweepLease)
	if err != nil || !ok {
		return err
	}
	start := time.Now()
	n, err := recompute(ctx, zone, now)
	if err != nil {
		return fmt.Errorf("risk sweep %s: %w", key, err)
	}
	// The steps that turned overdue overnight, told once: this run is the
	// zone's only one today.
	overdue, err := store.NotifyOverdueSteps(ctx, zone, now)
	if _, errDue := store.NotifyMaterialPOsDue(ctx, now); err == nil {
		err = errDue // material POs due (once per PO and promised date)
	}
	if err != nil {
		return fmt.Errorf("risk sweep %s: %w", key, err)
	}
	if err := store.FinishRun(ctx, RiskSweepJob, key, holder, n); err != nil {
		// Held past its lease and taken over: the other node's run counts.
		return fmt.Errorf("risk sweep %s: %w", key, err)
	}
	log.Info("risk sweep ran", slog.String("zone", zone), slog.String("date", date), slog.Int("orders", n), slog.Int("overdue_steps", overdue), slog.String("holder", holder),
		slog.Duration("took", time.Since(start)))
	return nil
}
