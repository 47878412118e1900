package models_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

const lease = 10 * time.Minute

func runRow(t *testing.T, s *models.Store, job, key string) models.JobRun {
	t.Helper()
	runs, err := s.JobRuns(context.Background(), job)
	if err != nil {
		t.Fatal(err)
	}
	var found []models.JobRun
	for _, r := range runs {
		if r.RunKey == key {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d rows for %s %q, want 1: %+v", len(found), job, key, runs)
	}
	return found[0]
}

func claim(t *testing.T, s *models.Store, key, holder string) bool {
	t.Helper()
	ok, err := s.ClaimRun(context.Background(), "test_job", key, holder, lease)
	if err != nil {
		t.Fatalf("claim by %s: %v", holder, err)
	}
	return ok
}

func TestClaimRunOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		clock := testdb.NewClock()
		s := models.NewStore(db, clock, testdb.TokenKey)
		if !claim(t, s, "Asia/Shanghai 2026-03-02", "a") {
			t.Fatal("the first claim lost")
		}
		if claim(t, s, "Asia/Shanghai 2026-03-02", "b") {
			t.Fatal("a second claim of a held run won")
		}
		if claim(t, s, "Asia/Shanghai 2026-03-02", "a") {
			t.Fatal("the holder claimed its own live run again")
		}
		// Another key is another run.
		if !claim(t, s, "Asia/Shanghai 2026-03-03", "b") {
			t.Fatal("a claim of another key lost")
		}
		if err := s.FinishRun(ctx, "test_job", "Asia/Shanghai 2026-03-02", "b", 3); !errors.Is(err, models.ErrRunNotHeld) {
			t.Fatalf("finish by a non-holder: %v, want ErrRunNotHeld", err)
		}
		clock.Advance(time.Minute)
		if err := s.FinishRun(ctx, "test_job", "Asia/Shanghai 2026-03-02", "a", 7); err != nil {
			t.Fatal(err)
		}
		r := runRow(t, s, "test_job", "Asia/Shanghai 2026-03-02")
		if r.Holder != "a" || r.Attempts != 1 || r.RowsDone != 7 || r.FinishedAt == nil ||
			!r.FinishedAt.Equal(clock.Now()) || !r.StartedAt.Equal(clock.Now().Add(-time.Minute)) ||
			!r.LeaseUntil.Equal(r.StartedAt.Add(lease)) {
			t.Fatalf("finished run: %+v", r)
		}
		if err := s.FinishRun(ctx, "test_job", "Asia/Shanghai 2026-03-02", "a", 7); !errors.Is(err, models.ErrRunNotHeld) {
			t.Fatalf("finishing twice: %v, want ErrRunNotHeld", err)
		}
	})
}

func TestClaimRunConcurrent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		s := models.NewStore(db, testdb.NewClock(), testdb.TokenKey)
		var wins atomic.Int32
		var wg sync.WaitGroup
		errs := make(chan error, 20)
		for i := range 20 {
			wg.Go(func() {
				ok, err := s.ClaimRun(context.Background(), "test_job", "UTC 2026-03-02", fmt.Sprintf("node-%d", i), lease)
				if err != nil {
					errs <- err
				}
				if ok {
					wins.Add(1)
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if wins.Load() != 1 {
			t.Fatalf("%d of 20 concurrent claims won, want exactly 1", wins.Load())
		}
		if r := runRow(t, s, "test_job", "UTC 2026-03-02"); r.Attempts != 1 {
			t.Fatalf("attempts %d after one claim, want 1", r.Attempts)
		}
	})
}

func TestClaimRunTakesOverExpiredLease(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		clock := testdb.NewClock()
		s := models.NewStore(db, clock, testdb.TokenKey)
		const key = "UTC 2026-03-02"
		if !claim(t, s, key, "dead") {
			t.Fatal("first claim lost")
		}
		// At the lease's end exactly it is still held.
		clock.Advance(lease)
		if claim(t, s, key, "b") {
			t.Fatal("a lease was taken over at its last instant")
		}
		clock.Advance(time.Second)
		if !claim(t, s, key, "b") {
			t.Fatal("an expired unfinished lease was not taken over")
		}
		if claim(t, s, key, "c") {
			t.Fatal("a run taken over was claimed again while its new lease runs")
		}
		r := runRow(t, s, "test_job", key)
		if r.Holder != "b" || r.Attempts != 2 || !r.LeaseUntil.Equal(clock.Now().Add(lease)) {
			t.Fatalf("after the takeover: %+v", r)
		}
		// The dead holder, waking up, can neither finish nor extend.
		if err := s.FinishRun(ctx, "test_job", key, "dead", 1); !errors.Is(err, models.ErrRunNotHeld) {
			t.Fatalf("finish by the old holder: %v", err)
		}
		if err := s.ExtendRun(ctx, "test_job", key, "dead", lease); !errors.Is(err, models.ErrRunNotHeld) {
			t.Fatalf("extend by the old holder: %v", err)
		}
		// The new holder extends (also to the lease it has: no change) and finishes.
		if err := s.ExtendRun(ctx, "test_job", key, "b", lease); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Minute)
		if err := s.ExtendRun(ctx, "test_job", key, "b", lease); err != nil {
			t.Fatal(err)
		}
		if r := runRow(t, s, "test_job", key); !r.LeaseUntil.Equal(clock.Now().Add(lease)) {
			t.Fatalf("extended lease until %v, want %v", r.LeaseUntil, clock.Now().Add(lease))
		}
		if err := s.FinishRun(ctx, "test_job", key, "b", 5); err != nil {
			t.Fatal(err)
		}
	})
}

func TestClaimRunNeverReclaimsFinished(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		clock := testdb.NewClock()
		s := models.NewStore(db, clock, testdb.TokenKey)
		const key = "UTC 2026-03-02"
		if !claim(t, s, key, "a") {
			t.Fatal("first claim lost")
		}
		if err := s.FinishRun(ctx, "test_job", key, "a", 0); err != nil {
			t.Fatal(err)
		}
		clock.Advance(48 * time.Hour)
		for _, h := range []string{"a", "b"} {
			if claim(t, s, key, h) {
				t.Fatalf("a finished run was claimed again by %s", h)
			}
		}
		if err := s.ExtendRun(ctx, "test_job", key, "a", lease); !errors.Is(err, models.ErrRunNotHeld) {
			t.Fatalf("extend a finished run: %v", err)
		}
		if r := runRow(t, s, "test_job", key); r.Attempts != 1 || r.Holder != "a" {
			t.Fatalf("finished run changed: %+v", r)
		}
	})
}
