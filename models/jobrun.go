package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// ErrRunNotHeld is returned by FinishRun and ExtendRun when the run is not
// (or no longer) held by the caller: another node took the expired lease
// over, or the run is finished already.
var ErrRunNotHeld = errors.New("job run not held by this node")

// ClaimRun claims the run of job keyed key (the risk sweep's key is a zone
// and a date) for holder until now+lease, by the store's clock. It reports
// whether the caller now holds the run and should do its work.
//
// Several nodes: the first claim inserts the row and the unique index
// (job, run_key) turns every other insert into a duplicate. A duplicate is
// taken over only by one conditional UPDATE that requires the run to be
// unfinished and its lease expired; the row count is the answer, so of two
// nodes finding the same expired lease exactly one wins (the row lock on
// MySQL, the single writer on SQLite). A finished run is never claimed again.
func (s *Store) ClaimRun(ctx context.Context, job, key, holder string, lease time.Duration) (bool, error) {
	now := s.clock.Now()
	run := JobRun{Job: job, RunKey: key, Holder: holder, StartedAt: now, LeaseUntil: now.Add(lease), Attempts: 1}
	err := s.conn(ctx).Create(&run).Error
	if err == nil {
		return true, nil
	}
	if !isDuplicate(err) {
		return false, fmt.Errorf("claim run %s %q: %w", job, key, err)
	}
	res := s.conn(ctx).Model(&JobRun{}).
		Where("job = ? AND run_key = ? AND finished_at IS NULL AND lease_until < ?", job, key, now).
		Updates(map[string]any{"holder": holder, "lease_until": now.Add(lease), "attempts": gorm.Expr("attempts + 1")})
	if res.Error != nil {
		return false, fmt.Errorf("take over run %s %q: %w", job, key, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// ExtendRun moves the lease of a run holder holds to now+lease, for a pass
// that runs longer than it expected; ErrRunNotHeld when it lost the run.
func (s *Store) ExtendRun(ctx context.Context, job, key, holder string, lease time.Duration) error {
	now := s.clock.Now()
	res := s.conn(ctx).Model(&JobRun{}).
		Where("job = ? AND run_key = ? AND holder = ? AND finished_at IS NULL", job, key, holder).
		Update("lease_until", now.Add(lease))
	if res.Error != nil {
		return fmt.Errorf("extend run %s %q: %w", job, key, res.Error)
	}
	if res.RowsAffected == 1 {
		return nil
	}
	// MySQL counts changed rows, not matched ones: a lease extended to the
	// time it already had is still held.
	var n int64
	if err := s.conn(ctx).Model(&JobRun{}).
		Where("job = ? AND run_key = ? AND holder = ? AND finished_at IS NULL", job, key, holder).Count(&n).Error; err != nil {
		return fmt.Errorf("extend run %s %q: %w", job, key, err)
	}
	if n == 0 {
		return fmt.Errorf("extend run %s %q: %w", job, key, ErrRunNotHeld)
	}
	return nil
}

// FinishRun marks the run holder holds as done, with the number of rows it
// processed; ErrRunNotHeld when another node holds it or it is finished.
func (s *Store) FinishRun(ctx context.Context, job, key, holder string, rows int) error {
	now := s.clock.Now()
	res := s.conn(ctx).Model(&JobRun{}).
		Where("job = ? AND run_key = ? AND holder = ? AND finished_at IS NULL", job, key, holder).
		Updates(map[string]any{"finished_at": now, "rows_done": rows})
	if res.Error != nil {
		return fmt.Errorf("finish run %s %q: %w", job, key, res.Error)
	}
	if res.RowsAffected != 1 {
		return fmt.Errorf("finish run %s %q: %w", job, key, ErrRunNotHeld)
	}
	return nil
}

// JobRuns lists the runs of job, oldest first (for operators and tests).
func (s *Store) JobRuns(ctx context.Context, job string) ([]JobRun, error) {
	var runs []JobRun
	err := s.conn(ctx).Where("job = ?", job).Order("id").Find(&runs).Error
	return runs, err
}
