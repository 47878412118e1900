// Package worker runs Gendan's background jobs: named passes that repeat at
// an interval on every node, started by cmd/gendan and stopped by its
// context. It knows models and storage, never the HTTP layer.
//
// Every node runs every job; there is no leader. A job is therefore written
// so that two nodes running the same pass at once do no harm (each job's
// doc comment says how), and adding one is a func returning a Job.
package worker

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"gendan/models"
)

// Job is one kind of background work.
type Job struct {
	// Name identifies the job in logs ("photo_sweep").
	Name string
	// Every is the pause between the starts of two passes; the first pass
	// runs as soon as the runner starts. Passes of one job never overlap:
	// a pass that overruns delays the next one.
	Every time.Duration
	// Run does one pass. now is the runner's clock at the start of the pass,
	// so a job decides what is stale from it rather than reading a clock of
	// its own; log already carries the job's name. An error is logged and
	// the job runs again at its next tick.
	Run func(ctx context.Context, now time.Time, log *slog.Logger) error
}

// Runner runs jobs until its context ends.
type Runner struct {
	log   *slog.Logger
	clock models.Clock
	jobs  []Job
}

// New makes a runner for jobs. A nil log discards, a nil clock is the
// system clock. A job with no name, no Run func or a non-positive interval,
// or two jobs with one name, are refused.
func New(log *slog.Logger, clock models.Clock, jobs ...Job) (*Runner, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if clock == nil {
		clock = models.SystemClock{}
	}
	seen := map[string]bool{}
	for _, j := range jobs {
		if j.Name == "" || j.Run == nil || j.Every <= 0 {
			return nil, fmt.Errorf("worker: job %q needs a name, a Run func and a positive interval", j.Name)
		}
		if seen[j.Name] {
			return nil, fmt.Errorf("worker: two jobs are named %q", j.Name)
		}
		seen[j.Name] = true
	}
	return &Runner{log: log, clock: clock, jobs: jobs}, nil
}

// Run starts every job in its own goroutine and blocks until ctx ends and
// every pass in flight has returned, so the caller may close the database
// afterwards.
func (r *Runner) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for _, j := range r.jobs {
		wg.Go(func() { r.loop(ctx, j) })
	}
	wg.Wait()
}

func (r *Runner) loop(ctx context.Context, j Job) {
	log := r.log.With(slog.String("job", j.Name))
	t := time.NewTicker(j.Every)
	defer t.Stop()
	for {
		if ctx.Err() != nil {
			return
		}
		r.pass(ctx, j, log)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// pass runs one pass, turning a panic into a logged error so that one
// broken job neither stops the others nor takes the node down.
func (r *Runner) pass(ctx context.Context, j Job, log *slog.Logger) {
	start := time.Now()
	defer func() {
		if v := recover(); v != nil {
			log.Error("job panicked", slog.Any("panic", v), slog.String("stack", string(debug.Stack())))
		}
	}()
	err := j.Run(ctx, r.clock.Now(), log)
	switch {
	case err != nil && ctx.Err() != nil:
		// Cut short by shutdown: not a failure worth a warning.
		log.Debug("job stopped by shutdown", slog.Any("err", err))
	case err != nil:
		log.Error("job failed", slog.Any("err", err), slog.Duration("took", time.Since(start)))
	default:
		log.Debug("job done", slog.Duration("took", time.Since(start)))
	}
}
