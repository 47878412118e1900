package worker

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gendan/models/testdb"
)

// logBuffer collects JSON log lines from several goroutines.
type logBuffer struct{ testdb.LogBuffer }

// records returns the log lines with msg, decoded.
func (b *logBuffer) records(t *testing.T, msg string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if m["msg"] == msg {
			out = append(out, m)
		}
	}
	return out
}

func newLog() (*slog.Logger, *logBuffer) {
	b := &logBuffer{}
	return slog.New(slog.NewJSONHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug})), b
}

// eventually polls cond for up to five seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// TestRunnerRunsJobsUntilCancelled: every job runs at once and then at its
// interval; a job that fails or panics is logged and runs again, and the
// others are not disturbed; cancelling stops them all, and Run returns only
// once no pass is in flight.
func TestRunnerRunsJobsUntilCancelled(t *testing.T) {
	log, logs := newLog()
	clock := testdb.NewClock()
	var good, failing, panicking atomic.Int64
	var inFlight atomic.Int64
	var sawNow atomic.Value
	jobs := []Job{
		{Name: "good", Every: 5 * time.Millisecond, Run: func(ctx context.Context, now time.Time, _ *slog.Logger) error {
			inFlight.Add(1)
			defer inFlight.Add(-1)
			sawNow.Store(now)
			good.Add(1)
			return nil
		}},
		{Name: "failing", Every: 5 * time.Millisecond, Run: func(context.Context, time.Time, *slog.Logger) error {
			failing.Add(1)
			return errors.New("database on fire")
		}},
		{Name: "panicking", Every: 5 * time.Millisecond, Run: func(context.Context, time.Time, *slog.Logger) error {
			panicking.Add(1)
			panic("nil map")
		}},
		// A long interval: the pass at start-up is the only one.
		{Name: "hourly", Every: time.Hour, Run: func(context.Context, time.Time, *slog.Logger) error {
			return nil
		}},
	}
	r, err := New(log, clock, jobs...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); r.Run(ctx) }()

	eventually(t, "three passes of every job", func() bool {
		return good.Load() >= 3 && failing.Load() >= 3 && panicking.Load() >= 3
	})
	if got := sawNow.Load().(time.Time); !got.Equal(clock.Now()) {
		t.Errorf("job was given now = %v, want the runner's clock %v", got, clock.Now())
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if n := inFlight.Load(); n != 0 {
		t.Fatalf("Run returned with %d passes in flight", n)
	}
	after := good.Load()
	time.Sleep(30 * time.Millisecond)
	if good.Load() != after {
		t.Fatal("a job ran after Run returned")
	}

	failed := logs.records(t, "job failed")
	if len(failed) < 3 || failed[0]["job"] != "failing" || failed[0]["err"] != "database on fire" || failed[0]["level"] != "ERROR" {
		t.Fatalf("failures logged as %v", failed)
	}
	panics := logs.records(t, "job panicked")
	if len(panics) < 3 || panics[0]["job"] != "panicking" || panics[0]["panic"] != "nil map" || panics[0]["stack"] == "" {
		t.Fatalf("panics logged as %v", panics)
	}
	for _, rec := range append(failed, panics...) {
		if rec["job"] == "good" || rec["job"] == "hourly" {
			t.Fatalf("a healthy job was logged as failing: %v", rec)
		}
	}
	hourly := 0
	for _, rec := range logs.records(t, "job done") {
		if rec["job"] == "hourly" {
			hourly++
		}
	}
	if hourly != 1 {
		t.Fatalf("the hourly job ran %d times, want once at start-up", hourly)
	}
}

// TestRunnerShutdownIsQuiet: a pass cut short by shutdown is not logged as
// a failure.
func TestRunnerShutdownIsQuiet(t *testing.T) {
	log, logs := newLog()
	started := make(chan struct{})
	r, err := New(log, nil, Job{Name: "slow", Every: time.Hour, Run: func(ctx context.Context, _ time.Time, _ *slog.Logger) error {
		close(started)
		<-ctx.Done()
		return ctx.Err()
	}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); r.Run(ctx) }()
	<-started
	cancel()
	<-done
	if f := logs.records(t, "job failed"); len(f) != 0 {
		t.Fatalf("shutdown logged as a failure: %v", f)
	}
	if s := logs.records(t, "job stopped by shutdown"); len(s) != 1 || s[0]["job"] != "slow" {
		t.Fatalf("shutdown logged as %v", s)
	}
}

func TestNewRefusesBadJobs(t *testing.T) {
	ok := func(context.Context, time.Time, *slog.Logger) error { return nil }
	for name, jobs := range map[string][]Job{
		"no name":      {{Every: time.Second, Run: ok}},
		"no run":       {{Name: "x", Every: time.Second}},
		"no interval":  {{Name: "x", Run: ok}},
		"negative":     {{Name: "x", Every: -time.Second, Run: ok}},
		"same name x2": {{Name: "x", Every: time.Second, Run: ok}, {Name: "x", Every: time.Minute, Run: ok}},
	} {
		if _, err := New(nil, nil, jobs...); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := New(nil, nil); err != nil {
		t.Errorf("no jobs at all: %v", err)
	}
}
