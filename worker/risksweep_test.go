package worker

import (
	"context"
	"sync"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

// sweepFixture is a database with bench orders (live ones in three zones).
func sweepFixture(t *testing.T, db *models.DB) (*models.Store, *testdb.Clock, []string) {
	t.Helper()
	clock := testdb.NewClock()
	store := models.NewStore(db, clock, testdb.TokenKey)
	ctx := context.Background()
	if err := store.SeedBench(ctx, 40, models.TodayIn(clock.Now(), models.DefaultTimeZone)); err != nil {
		t.Fatal(err)
	}
	zones, err := store.RiskZones(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(zones) < 2 {
		t.Fatalf("the bench data has live orders in %v; the test wants several zones", zones)
	}
	return store, clock, zones
}

// sweepCalls counts the recomputations of each zone and day.
type sweepCalls struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *sweepCalls) counting(store *models.Store) recomputeFunc {
	return func(ctx context.Context, zone string, now time.Time) (int, error) {
		c.mu.Lock()
		if c.n == nil {
			c.n = map[string]int{}
		}
		c.n[zone+" "+models.TodayIn(now, zone)]++
		c.mu.Unlock()
		return store.RecomputeRiskZone(ctx, zone, now)
	}
}

func (c *sweepCalls) of(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[key]
}

// runTwoNodes runs the sweep of two nodes side by side, each in a runner of
// its own, until every zone's run of the clock's day is finished and then a
// little longer, so that a node sweeping a second time would be seen.
func runTwoNodes(t *testing.T, store *models.Store, clock *testdb.Clock, zones []string, calls *sweepCalls) *logBuffer {
	t.Helper()
	log, logs := newLog()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, holder := range []string{"node-a", "node-b"} {
		r, err := New(log.With("node", holder), clock, riskSweep(store, holder, 5*time.Millisecond, calls.counting(store)))
		if err != nil {
			t.Fatal(err)
		}
		wg.Go(func() { r.Run(ctx) })
	}
	eventually(t, "every zone swept", func() bool {
		runs, err := store.JobRuns(context.Background(), RiskSweepJob)
		if err != nil {
			t.Fatal(err)
		}
		finished := map[string]bool{}
		for _, r := range runs {
			finished[r.RunKey] = r.FinishedAt != nil
		}
		for _, zone := range zones {
			if !finished[zone+" "+models.TodayIn(clock.Now(), zone)] {
				return false
			}
		}
		return true
	})
	time.Sleep(60 * time.Millisecond) // several more passes of both nodes
	cancel()
	wg.Wait()
	return logs
}

// checkSweptOnce checks one finished run with one attempt per zone and day
// of days, and one "risk sweep ran" line each.
func checkSweptOnce(t *testing.T, store *models.Store, logs *logBuffer, calls *sweepCalls, zones []string, days []time.Time) {
	t.Helper()
	ctx := context.Background()
	runs, err := store.JobRuns(ctx, RiskSweepJob)
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]models.JobRun{}
	for _, r := range runs {
		if _, dup := byKey[r.RunKey]; dup {
			t.Fatalf("two rows for %q", r.RunKey)
		}
		byKey[r.RunKey] = r
	}
	if len(runs) != len(zones)*len(days) {
		t.Errorf("%d runs, want %d (zones %v × %d days): %+v", len(runs), len(zones)*len(days), zones, len(days), runs)
	}
	ran := map[string]int{}
	for _, rec := range logs.records(t, "risk sweep ran") {
		ran[rec["zone"].(string)+" "+rec["date"].(string)]++
		if rec["node"] != rec["holder"] {
			t.Errorf("the line of node %v names holder %v", rec["node"], rec["holder"])
		}
	}
	for _, day := range days {
		for _, zone := range zones {
			key := zone + " " + models.TodayIn(day, zone)
			r, ok := byKey[key]
			if !ok {
				t.Errorf("no run for %q", key)
				continue
			}
			want, err := store.RecomputeRiskZone(ctx, zone, day)
			if err != nil {
				t.Fatal(err)
			}
			if r.FinishedAt == nil || r.Attempts != 1 || r.RowsDone != want || (r.Holder != "node-a" && r.Holder != "node-b") {
				t.Errorf("run %q: %+v; want finished on the first attempt with %d orders", key, r, want)
			}
			if ran[key] != 1 || calls.of(key) != 1 {
				t.Errorf("%q recomputed %d times, logged %d times; want once", key, calls.of(key), ran[key])
			}
		}
	}
}

// TestRiskSweepRunsOncePerZoneAndDay: two nodes sweeping side by side
// recompute each zone once per factory day, and again the next day.
func TestRiskSweepRunsOncePerZoneAndDay(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		store, clock, zones := sweepFixture(t, db)
		day1 := clock.Now()
		calls := &sweepCalls{}
		logs := runTwoNodes(t, store, clock, zones, calls)
		checkSweptOnce(t, store, logs, calls, zones, []time.Time{day1})

		clock.Advance(24 * time.Hour)
		logs2 := runTwoNodes(t, store, clock, zones, calls)
		logs.Write([]byte(logs2.String()))
		checkSweptOnce(t, store, logs, calls, zones, []time.Time{day1, clock.Now()})
	})
}

// TestRiskSweepTakesOverADeadNodesRun: a run left unfinished by a node
// that died is skipped while its lease holds and redone after.
func TestRiskSweepTakesOverADeadNodesRun(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		store, clock, zones := sweepFixture(t, db)
		key := zones[0] + " " + models.TodayIn(clock.Now(), zones[0])
		if ok, err := store.ClaimRun(ctx, RiskSweepJob, key, "dead", riskSweepLease); err != nil || !ok {
			t.Fatalf("claim: %v %v", ok, err)
		}
		log, logs := newLog()
		job := RiskSweep(store, "node-a", time.Minute)
		if err := job.Run(ctx, clock.Now(), log); err != nil {
			t.Fatal(err)
		}
		if n := len(logs.records(t, "risk sweep ran")); n != len(zones)-1 {
			t.Fatalf("%d zones swept while one is held, want %d", n, len(zones)-1)
		}
		clock.Advance(riskSweepLease + time.Second)
		if err := job.Run(ctx, clock.Now(), log); err != nil {
			t.Fatal(err)
		}
		recs := logs.records(t, "risk sweep ran")
		if len(recs) != len(zones) || recs[len(recs)-1]["zone"] != zones[0] {
			t.Fatalf("after the lease expired: %v", recs)
		}
		runs, err := store.JobRuns(ctx, RiskSweepJob)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range runs {
			if r.RunKey == key && (r.Holder != "node-a" || r.Attempts != 2 || r.FinishedAt == nil) {
				t.Fatalf("the taken-over run: %+v", r)
			}
		}
	})
}
