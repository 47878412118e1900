package ratelimit

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"gendan/models"
	"gendan/models/testdb"
)

// at10 is a clock 10 s into a minute (testdb's clock starts on a whole minute).
func at10() *testdb.Clock {
	c := testdb.NewClock()
	c.Advance(10 * time.Second)
	return c
}

func newLimiter(db *models.DB, c *testdb.Clock) *Limiter {
	return New(db.Gorm, Options{Now: c.Now})
}

func mustSync(t *testing.T, l *Limiter) {
	t.Helper()
	if err := l.Sync(context.Background()); err != nil {
		t.Fatalf("sync: %v", err)
	}
}

// stored is the hits of key in the window starting at start, 0 without a row.
func stored(t *testing.T, g *gorm.DB, key string, start time.Time) int64 {
	t.Helper()
	var rows []Window
	if err := g.Where("bucket = ? AND window_start = ?", bucket(key), start.Unix()).Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		return 0
	}
	return rows[0].Hits
}

func rowCount(t *testing.T, g *gorm.DB) int64 {
	t.Helper()
	var n int64
	if err := g.Model(&Window{}).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func entries(l *Limiter) int {
	n := 0
	for i := range l.shards {
		l.shards[i].mu.Lock()
		n += len(l.shards[i].m)
		l.shards[i].mu.Unlock()
	}
	return n
}

func TestAllowUpToLimit(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		c := at10()
		l := newLimiter(db, c)
		for i := 0; i < 5; i++ {
			if ok, _ := l.Allow("link:1", 5, time.Minute); !ok {
				t.Fatalf("hit %d refused, want the first 5 allowed", i+1)
			}
		}
		for i := 0; i < 3; i++ {
			ok, retry := l.Allow("link:1", 5, time.Minute)
			if ok {
				t.Fatalf("hit %d allowed over a limit of 5", 6+i)
			}
			if retry != 50*time.Second {
				t.Fatalf("retryAfter = %v, want 50s (the window ends on the minute)", retry)
			}
		}
		c.Advance(39*time.Second + 500*time.Millisecond)
		if _, retry := l.Allow("link:1", 5, time.Minute); retry != 10*time.Second+500*time.Millisecond || RetryAfterSeconds(retry) != 11 {
			t.Fatalf("retryAfter = %v (%d s), want 10.5s (11 s)", retry, RetryAfterSeconds(retry))
		}
		// Other keys have their own counts.
		if ok, _ := l.Allow("link:2", 5, time.Minute); !ok {
			t.Fatal("another key was refused")
		}

		mustSync(t, l)
		minute := testdb.NewClock().Now()
		if n := stored(t, db.Gorm, "link:1", minute); n != 5 {
			t.Fatalf("stored hits = %d, want 5 (refused hits are not counted)", n)
		}
		// The synced count still refuses, and a second sync adds nothing.
		if ok, _ := l.Allow("link:1", 5, time.Minute); ok {
			t.Fatal("allowed after sync over the limit")
		}
		mustSync(t, l)
		if n := stored(t, db.Gorm, "link:1", minute); n != 5 {
			t.Fatalf("stored hits after a second sync = %d, want 5", n)
		}
	})
}

func TestWindowRollover(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		c := at10()
		l := newLimiter(db, c)
		for i := 0; i < 3; i++ {
			l.Allow("miss:1.2.3.4", 3, time.Minute)
		}
		mustSync(t, l)
		if ok, _ := l.Allow("miss:1.2.3.4", 3, time.Minute); ok {
			t.Fatal("4th hit allowed")
		}
		c.Advance(49 * time.Second) // 09:00:59
		if ok, retry := l.Allow("miss:1.2.3.4", 3, time.Minute); ok || retry != time.Second {
			t.Fatalf("at 09:00:59: ok=%v retry=%v, want refused for 1s", ok, retry)
		}
		c.Advance(time.Second) // 09:01:00, a new window
		for i := 0; i < 3; i++ {
			if ok, _ := l.Allow("miss:1.2.3.4", 3, time.Minute); !ok {
				t.Fatalf("hit %d of the new window refused", i+1)
			}
		}
		if ok, _ := l.Allow("miss:1.2.3.4", 3, time.Minute); ok {
			t.Fatal("4th hit of the new window allowed")
		}
		mustSync(t, l)
		start := testdb.NewClock().Now()
		if a, b := stored(t, db.Gorm, "miss:1.2.3.4", start), stored(t, db.Gorm, "miss:1.2.3.4", start.Add(time.Minute)); a != 3 || b != 3 {
			t.Fatalf("stored hits per window = %d, %d; want 3, 3", a, b)
		}
		// Windows are aligned to Unix time: an hour window starts on the hour.
		c.Set(time.Date(2026, 3, 2, 9, 59, 59, 0, time.UTC))
		l.Allow("h", 1, time.Hour)
		if ok, retry := l.Allow("h", 1, time.Hour); ok || retry != time.Second {
			t.Fatalf("hour window at 09:59:59: ok=%v retry=%v, want refused for 1s", ok, retry)
		}
	})
}

// Two Limiters on one database are two nodes.
func TestNodesShareCounts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		c := at10()
		a, b := newLimiter(db, c), newLimiter(db, c)
		for i := 0; i < 60; i++ {
			if ok, _ := a.Allow("link:7", 120, time.Minute); !ok {
				t.Fatal("A refused within the limit")
			}
			if ok, _ := b.Allow("link:7", 120, time.Minute); !ok {
				t.Fatal("B refused within the limit")
			}
		}
		// A's read comes before B's push, so A syncs twice to see B's hits.
		mustSync(t, a)
		mustSync(t, b)
		mustSync(t, a)
		if ok, retry := a.Allow("link:7", 120, time.Minute); ok || retry != 50*time.Second {
			t.Fatalf("121st hit on A: ok=%v retry=%v, want refused for 50s", ok, retry)
		}
		if ok, _ := b.Allow("link:7", 120, time.Minute); ok {
			t.Fatal("121st hit on B allowed")
		}
		if blocked, _ := a.Blocked("link:7", 120, time.Minute); !blocked {
			t.Fatal("A does not report the key blocked")
		}

		// The count is the global one last read plus the local hits since.
		for i := 0; i < 100; i++ {
			a.Allow("link:8", 120, time.Minute)
		}
		mustSync(t, a)
		b.Allow("link:8", 120, time.Minute) // B sees the key, counting against 0 until it syncs
		mustSync(t, b)                      // global 101
		allowed := 0
		for i := 0; i < 50; i++ {
			if ok, _ := b.Allow("link:8", 120, time.Minute); ok {
				allowed++
			}
		}
		if allowed != 19 {
			t.Fatalf("B allowed %d more hits after reading 101 of 120, want 19", allowed)
		}
		mustSync(t, b)
		if n := stored(t, db.Gorm, "link:8", testdb.NewClock().Now()); n != 120 {
			t.Fatalf("stored hits = %d, want 120", n)
		}
	})
}

func TestBlockedDoesNotCount(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		c := at10()
		l := newLimiter(db, c)
		for i := 0; i < 10; i++ {
			if blocked, _ := l.Blocked("miss:9.9.9.9", 3, time.Minute); blocked {
				t.Fatal("a key without hits is blocked")
			}
		}
		if entries(l) != 0 {
			t.Fatalf("Blocked kept %d entries, want none", entries(l))
		}
		for i := 0; i < 3; i++ {
			if ok, _ := l.Allow("miss:9.9.9.9", 3, time.Minute); !ok {
				t.Fatalf("hit %d refused: Blocked counted", i+1)
			}
			if blocked, _ := l.Blocked("miss:9.9.9.9", 3, time.Minute); blocked != (i == 2) {
				t.Fatalf("after %d hits blocked=%v", i+1, blocked)
			}
		}
		if blocked, retry := l.Blocked("miss:9.9.9.9", 3, time.Minute); !blocked || retry != 50*time.Second {
			t.Fatalf("blocked=%v retry=%v, want blocked for 50s", blocked, retry)
		}
		mustSync(t, l)
		if n := stored(t, db.Gorm, "miss:9.9.9.9", testdb.NewClock().Now()); n != 3 {
			t.Fatalf("stored hits = %d, want 3", n)
		}
		c.Advance(time.Minute)
		if blocked, _ := l.Blocked("miss:9.9.9.9", 3, time.Minute); blocked {
			t.Fatal("blocked in the next window")
		}
	})
}

// Many goroutines hit keys while others sync: no hit is lost or counted
// twice, and one node alone never admits more than the limit. Run with -race.
func TestConcurrentAllowAndSync(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		c := at10()
		l := newLimiter(db, c)
		const workers, perWorker, limit = 8, 400, 1000
		var allowed atomic.Int64
		var wg sync.WaitGroup
		stop := make(chan struct{})
		syncErr := make(chan error, 1)
		go func() {
			defer close(syncErr)
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := l.Sync(context.Background()); err != nil {
					syncErr <- err
					return
				}
			}
		}()
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < perWorker; i++ {
					if ok, _ := l.Allow("hot", limit, time.Minute); ok {
						allowed.Add(1)
					}
					l.Allow(fmt.Sprintf("k%d", i%50), 1<<30, time.Minute)
					l.Blocked("hot", limit, time.Minute)
				}
			}()
		}
		wg.Wait()
		close(stop)
		if err := <-syncErr; err != nil {
			t.Fatalf("concurrent sync: %v", err)
		}
		mustSync(t, l)
		if got := allowed.Load(); got != limit {
			t.Fatalf("allowed %d hits on the hot key, want exactly the limit %d", got, limit)
		}
		minute := testdb.NewClock().Now()
		if n := stored(t, db.Gorm, "hot", minute); n != limit {
			t.Fatalf("stored hits on the hot key = %d, want %d", n, limit)
		}
		var total int64
		for k := 0; k < 50; k++ {
			total += stored(t, db.Gorm, fmt.Sprintf("k%d", k), minute)
		}
		if total != workers*perWorker {
			t.Fatalf("stored hits on the other keys = %d, want %d", total, workers*perWorker)
		}
	})
}

// A Sync that cannot reach the table keeps the hits for the next one and
// goes on limiting with what it counted.
func TestFailedSyncKeepsHits(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		c := at10()
		l := newLimiter(db, c)
		for i := 0; i < 5; i++ {
			l.Allow("link:1", 10, time.Minute)
		}
		mustSync(t, l)
		for i := 0; i < 3; i++ {
			l.Allow("link:1", 10, time.Minute)
		}
		if err := db.Gorm.Exec("ALTER TABLE rate_windows RENAME TO rate_windows_off").Error; err != nil {
			t.Fatal(err)
		}
		if err := l.Sync(context.Background()); err == nil {
			t.Fatal("sync without the table succeeded")
		}
		allowed := 0
		for i := 0; i < 5; i++ {
			if ok, _ := l.Allow("link:1", 10, time.Minute); ok {
				allowed++
			}
		}
		if allowed != 2 {
			t.Fatalf("allowed %d hits after 8 of 10 while the table was away, want 2", allowed)
		}
		if err := db.Gorm.Exec("ALTER TABLE rate_windows_off RENAME TO rate_windows").Error; err != nil {
			t.Fatal(err)
		}
		mustSync(t, l)
		if n := stored(t, db.Gorm, "link:1", testdb.NewClock().Now()); n != 10 {
			t.Fatalf("stored hits = %d, want 10", n)
		}
		if ok, _ := l.Allow("link:1", 10, time.Minute); ok {
			t.Fatal("allowed over the limit after the table came back")
		}
	})
}

func TestEndedWindowsAreDropped(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		c := at10()
		l := newLimiter(db, c)
		for k := 0; k < 20; k++ {
			l.Allow(fmt.Sprintf("link:%d", k), 10, time.Minute)
		}
		l.Allow("day", 10, 24*time.Hour)
		mustSync(t, l) // the first Sync also runs the cleanup, on nothing
		if n := rowCount(t, db.Gorm); n != 21 {
			t.Fatalf("rows = %d, want 21", n)
		}
		// Rows of windows that ended by the clock of another node (a row
		// this node never saw) are deleted too.
		old := Window{Bucket: "other", WindowStart: c.Now().Unix() - 3600, Hits: 5, ExpiresAt: c.Now().Unix() - 3540}
		if err := db.Gorm.Create(&old).Error; err != nil {
			t.Fatal(err)
		}

		c.Advance(2 * time.Minute)
		l.Allow("link:new", 10, time.Minute)
		mustSync(t, l)
		if n := entries(l); n != 2 {
			t.Fatalf("local entries = %d, want 2 (the day window and link:new)", n)
		}
		var left []Window
		if err := db.Gorm.Order("bucket").Find(&left).Error; err != nil {
			t.Fatal(err)
		}
		if len(left) != 2 || left[0].Bucket != "day" || left[1].Bucket != "link:new" {
			t.Fatalf("rows left = %+v, want those of day and link:new", left)
		}
	})
}

func TestCleanupIsBounded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		c := at10()
		l := newLimiter(db, c)
		now := c.Now().Unix()
		rows := make([]Window, cleanupBatch+200)
		for i := range rows {
			rows[i] = Window{Bucket: fmt.Sprintf("b%d", i), WindowStart: now - 120, Hits: 1, ExpiresAt: now - 60}
		}
		if err := db.Gorm.CreateInBatches(rows, 200).Error; err != nil {
			t.Fatal(err)
		}
		mustSync(t, l)
		if n := rowCount(t, db.Gorm); n != 200 {
			t.Fatalf("rows after one sync = %d, want 200 (one batch of %d deleted)", n, cleanupBatch)
		}
		// A full batch means more may be left: the next Sync goes on at once.
		mustSync(t, l)
		if n := rowCount(t, db.Gorm); n != 0 {
			t.Fatalf("rows after two syncs = %d, want 0", n)
		}
	})
}

// More keys than one statement takes: the push runs in chunks in one
// transaction and the read back in chunks of IN lists.
func TestManyKeysOneSync(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		c := at10()
		a, b := newLimiter(db, c), newLimiter(db, c)
		const keys = 2*chunk + 100
		for k := 0; k < keys; k++ {
			a.Allow(fmt.Sprintf("miss:%d", k), 2, time.Minute)
			b.Allow(fmt.Sprintf("miss:%d", k), 2, time.Minute)
		}
		mustSync(t, a)
		mustSync(t, b)
		mustSync(t, a)
		if n := rowCount(t, db.Gorm); n != keys {
			t.Fatalf("rows = %d, want %d", n, keys)
		}
		for k := 0; k < keys; k++ {
			if blocked, _ := a.Blocked(fmt.Sprintf("miss:%d", k), 2, time.Minute); !blocked {
				t.Fatalf("key %d not blocked on A after both nodes took a hit", k)
			}
		}
	})
}

// Keys are opaque: case and length are kept apart, long keys hashed to fit.
func TestKeys(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		c := at10()
		l := newLimiter(db, c)
		long1, long2 := strings.Repeat("x", 300)+"1", strings.Repeat("x", 300)+"2"
		keys := []string{"link:a", "link:A", "link:a ", long1, long2, "bad\xff", "链接:1"}
		for _, k := range keys {
			if ok, _ := l.Allow(k, 1, time.Minute); !ok {
				t.Fatalf("first hit on %q refused: it shares a count with another key", k)
			}
		}
		mustSync(t, l)
		if n := rowCount(t, db.Gorm); n != int64(len(keys)) {
			t.Fatalf("rows = %d, want one per key (%d)", n, len(keys))
		}
		for _, k := range keys {
			if ok, _ := l.Allow(k, 1, time.Minute); ok {
				t.Fatalf("second hit on %q allowed", k)
			}
		}
		if b := bucket(long1); len(b) > maxBucket || b == bucket(long2) {
			t.Fatalf("bucket of a long key = %q", b)
		}
	})
}

func TestRunSyncsUntilDone(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		c := at10()
		l := New(db.Gorm, Options{Now: c.Now, SyncEvery: 10 * time.Millisecond})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { l.Run(ctx); close(done) }()
		l.Allow("run", 10, time.Minute)
		deadline := time.Now().Add(10 * time.Second)
		for stored(t, db.Gorm, "run", testdb.NewClock().Now()) != 1 {
			if time.Now().After(deadline) {
				t.Fatal("Run did not push the hit")
			}
			time.Sleep(5 * time.Millisecond)
		}
		// The hit taken just before the stop is pushed by the last Sync.
		l.Allow("run", 10, time.Minute)
		cancel()
		<-done
		if n := stored(t, db.Gorm, "run", testdb.NewClock().Now()); n != 2 {
			t.Fatalf("stored hits after Run ended = %d, want 2", n)
		}
	})
}

// BenchmarkAllow is the hot path: no database, one lock of a shard.
func BenchmarkAllow(b *testing.B) {
	db := testdb.SQLite(b)
	for _, keys := range []int{1, 1000} {
		b.Run(fmt.Sprintf("keys=%d", keys), func(b *testing.B) {
			l := New(db.Gorm, Options{})
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { l.Run(ctx); close(done) }()
			names := make([]string, keys)
			for i := range names {
				names[i] = fmt.Sprintf("link:%d", i)
			}
			var next atomic.Int64
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				i := int(next.Add(7919))
				for pb.Next() {
					l.Allow(names[i%keys], 1<<40, time.Minute)
					i++
				}
			})
			b.StopTimer()
			cancel()
			<-done
		})
	}
}
