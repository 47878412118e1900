// Package ratelimit counts hits on keys in fixed windows, shared by several
// nodes (processes) that use one database, without touching the database on
// the hot path.
//
// Each node counts hits in memory. In the background (Run, every SyncEvery)
// it adds the hits it took to the shared table rate_windows, one row per key
// and window, and reads back the global counts of the keys it has seen. A
// hit is allowed when the global count last read plus the hits this node
// took since that read is below the limit.
//
// Accuracy: a node learns of the other nodes' hits only at its next sync.
// With N nodes, sync interval T and a key hit at rate r on each node, the
// key may admit up to about limit + N × r × T hits in a window before every
// node sees that it is full (for a key new to a node, its first hits are
// counted against 0 until that node's next sync). A single node alone is
// exact. Refused hits are not counted, so a client that keeps knocking after
// the limit does not extend its ban; the window ends on the clock.
//
// Windows are fixed: a window of length w starts at Unix time truncated to a
// multiple of w (whole seconds, at least one), so all nodes agree on it as
// far as their clocks agree. A key is meant to be used with one window
// length: the table's row is (key, window start), and two lengths whose
// windows start at the same second would share it.
package ratelimit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
)

// Window is a row of rate_windows: the hits all nodes pushed for one key
// (bucket) in one window. Times are Unix seconds; ExpiresAt is the window's
// end.
type Window struct {
	Bucket      string `gorm:"primaryKey"`
	WindowStart int64  `gorm:"primaryKey;autoIncrement:false"`
	Hits        int64
	ExpiresAt   int64
}

// TableName is the table the migrations create (00014_rate_windows).
func (Window) TableName() string { return "rate_windows" }

// Options configure a Limiter; the zero value is usable.
type Options struct {
	SyncEvery time.Duration    // background sync interval, default 1s
	Now       func() time.Time // injected clock, default time.Now
	Log       *slog.Logger     // default slog.Default()
}

// Limiter counts hits locally and shares them through the database. Its
// methods are safe for concurrent use.
type Limiter struct {
	db    *gorm.DB
	mysql bool
	every time.Duration
	now   func() time.Time
	log   *slog.Logger

	seed   maphash.Seed
	shards [shardCount]shard

	// syncMu makes Syncs take turns: one Sync's push and read must not
	// interleave with another's, or a read could miss hits in flight.
	syncMu      sync.Mutex
	nextCleanup int64 // Unix seconds; guarded by syncMu
}

const (
	// shardCount spreads the keys over several locks, so parallel requests
	// on different keys do not queue on one mutex.
	shardCount = 64
	// maxBucket is the longest key stored as it is (VARCHAR(191)).
	maxBucket = 191
	// chunk bounds the rows of one statement (4 parameters each) and the
	// keys of one IN list, well inside both databases' parameter limits.
	chunk = 500
	// cleanupEvery is how often a node deletes ended windows, and
	// cleanupBatch how many rows one DELETE removes at most, so a backlog
	// is worked off over several syncs instead of one long lock.
	cleanupEvery = 60
	cleanupBatch = 1000
	// cleanupGrace keeps a window's row a little after its end, for nodes
	// whose clocks run behind.
	cleanupGrace = 10
)

type shard struct {
	mu sync.Mutex
	m  map[entryKey]*entry
	_  [48]byte // keep shards on separate cache lines
}

type entryKey struct {
	bucket string
	window int64 // seconds
}

// entry is one key in its current window on this node.
type entry struct {
	start, end int64 // window, Unix seconds
	// global is the count last read from the table, local the hits taken
	// here since that read and pending those not yet pushed (pending ≤ local:
	// hits pushed but not read back yet are in local only).
	global, local, pending int64
}

// New makes a Limiter on db, which must hold the rate_windows table.
func New(db *gorm.DB, o Options) *Limiter {
	l := &Limiter{db: db, every: o.SyncEvery, now: o.Now, log: o.Log, seed: maphash.MakeSeed()}
	l.mysql = db.Dialector.Name() == "mysql"
	if l.every <= 0 {
		l.every = time.Second
	}
	if l.now == nil {
		l.now = time.Now
	}
	if l.log == nil {
		l.log = slog.Default()
	}
	for i := range l.shards {
		l.shards[i].m = map[entryKey]*entry{}
	}
	return l
}

// Allow counts one hit on key in the current fixed window of length window
// and says whether it is within limit. When refused (the hit is then not
// counted), retryAfter is the time until the window ends: more than zero,
// so rounding it up to whole seconds gives at least 1 (RetryAfterSeconds).
func (l *Limiter) Allow(key string, limit int, window time.Duration) (ok bool, retryAfter time.Duration) {
	now := l.now()
	w, start := span(now, window)
	k := entryKey{bucket(key), w}
	sh := l.shard(k.bucket)
	sh.mu.Lock()
	e := sh.m[k]
	switch {
	case e == nil:
		e = &entry{start: start, end: start + w}
		sh.m[k] = e
	case e.start != start:
		// The window rolled over: the old counts are of no use any more
		// (and hits not yet pushed for it need not be).
		*e = entry{start: start, end: start + w}
	}
	if e.global+e.local >= int64(limit) {
		sh.mu.Unlock()
		return false, until(now, e.end)
	}
	e.local++
	e.pending++
	sh.mu.Unlock()
	return true, 0
}

// Blocked reports whether key is already at or over limit in its current
// window, without counting a hit; retryAfter as for Allow. A key this node
// has not counted a hit on in the window is not blocked: Blocked keeps no
// state, so checking every request's key costs no memory.
func (l *Limiter) Blocked(key string, limit int, window time.Duration) (blocked bool, retryAfter time.Duration) {
	now := l.now()
	w, start := span(now, window)
	k := entryKey{bucket(key), w}
	sh := l.shard(k.bucket)
	sh.mu.Lock()
	var n int64
	if e := sh.m[k]; e != nil && e.start == start {
		n = e.global + e.local
	}
	sh.mu.Unlock()
	if n >= int64(limit) {
		return true, until(now, start+w)
	}
	return false, 0
}

// RetryAfterSeconds is d rounded up to whole seconds, at least 1: the value
// of a Retry-After header.
func RetryAfterSeconds(d time.Duration) int {
	s := int((d + time.Second - 1) / time.Second)
	return max(s, 1)
}

// span is the window length in whole seconds (at least one) and the start
// of the window holding now, in Unix seconds.
func span(now time.Time, window time.Duration) (w, start int64) {
	w = max(int64(window/time.Second), 1)
	t := now.Unix()
	start = t - t%w
	if t%w < 0 {
		start -= w
	}
	return w, start
}

func until(now time.Time, end int64) time.Duration {
	return max(time.Unix(end, 0).Sub(now), time.Nanosecond)
}

// bucket is the stored form of key: the key itself when it fits the
// column (191 bytes), otherwise its hash.
func bucket(key string) string {
	if len(key) <= maxBucket {
		return key
	}
	sum := sha256.Sum256([]byte(key))
	return "sha256:" + hex.EncodeToString(sum[:])
}

func (l *Limiter) shard(bucket string) *shard {
	return &l.shards[maphash.String(l.seed, bucket)%shardCount]
}

// pushed is one key's hits taken out of pending for a push.
type pushed struct {
	e          *entry
	sh         *shard
	bucket     string
	start, end int64
	n          int64
}

// live is a key in its current window, whose global count Sync reads back.
type live struct {
	e      *entry
	sh     *shard
	bucket string
	start  int64
}

// Sync pushes the hits taken here to the shared table (one upsert per key
// with pending hits, adding them, all in one transaction) and reads back
// the global counts of the keys this node has seen in their current
// windows. It forgets keys whose window ended and, about once a minute,
// deletes a bounded number of ended windows' rows. Safe to call
// concurrently with Allow, Blocked and other Syncs.
func (l *Limiter) Sync(ctx context.Context) error {
	l.syncMu.Lock()
	defer l.syncMu.Unlock()
	now := l.now().Unix()

	var out []pushed
	var seen []live
	for i := range l.shards {
		sh := &l.shards[i]
		sh.mu.Lock()
		for k, e := range sh.m {
			if e.end <= now {
				// Bounded memory: an ended window is dropped, hits not
				// pushed yet with it (no node counts that window any more).
				delete(sh.m, k)
				continue
			}
			if e.pending > 0 {
				out = append(out, pushed{e: e, sh: sh, bucket: k.bucket, start: e.start, end: e.end, n: e.pending})
				e.pending = 0
			}
			seen = append(seen, live{e: e, sh: sh, bucket: k.bucket, start: e.start})
		}
		sh.mu.Unlock()
	}

	var errs []error
	if err := l.push(ctx, out); err != nil {
		// Put the hits back to push them next time. If the commit did
		// happen after all they count twice: an overcount, the safe side.
		for _, p := range out {
			p.sh.mu.Lock()
			if p.e.start == p.start {
				p.e.pending += p.n
			}
			p.sh.mu.Unlock()
		}
		errs = append(errs, err)
	}

	// Every hit of this node not in pending is in the table now (pushed
	// by this Sync or an earlier one; a failed push went back to pending),
	// so after the read the hits not in the global count are the pending
	// ones.
	if counts, err := l.read(ctx, seen, now); err != nil {
		errs = append(errs, err)
	} else {
		for _, s := range seen {
			s.sh.mu.Lock()
			if s.e.start == s.start {
				s.e.global = counts[rowKey{s.bucket, s.start}]
				s.e.local = s.e.pending
			}
			s.sh.mu.Unlock()
		}
	}

	if now >= l.nextCleanup {
		n, err := l.cleanup(ctx, now-cleanupGrace)
		switch {
		case err != nil:
			errs = append(errs, err)
		case n < cleanupBatch:
			l.nextCleanup = now + cleanupEvery
		}
		// A full batch: more may be left, delete again at the next Sync.
	}
	return errors.Join(errs...)
}

// Run calls Sync every SyncEvery until ctx ends, logging errors, and then
// syncs a last time so the hits of a stopping node are not lost.
func (l *Limiter) Run(ctx context.Context) {
	t := time.NewTicker(l.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			last, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			if err := l.Sync(last); err != nil {
				l.log.Error("rate limit: last sync", "err", err)
			}
			cancel()
			return
		case <-t.C:
			// Not cancelled by the stop: a push cut off mid-statement may
			// have been applied by the database yet reported failed, and its
			// hits, put back, would be pushed again by the last Sync.
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			if err := l.Sync(sctx); err != nil {
				l.log.Error("rate limit: sync", "err", err)
			}
			cancel()
		}
	}
}

// push adds the hits to the table, in one statement per chunk of rows and
// one transaction for all chunks. Rows go in key order so that two nodes
// upserting the same keys lock them in the same order (no deadlock on
// InnoDB).
func (l *Limiter) push(ctx context.Context, out []pushed) error {
	if len(out) == 0 {
		return nil
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].bucket != out[j].bucket {
			return out[i].bucket < out[j].bucket
		}
		return out[i].start < out[j].start
	})
	upsert := "ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_windows.hits + excluded.hits"
	if l.mysql {
		upsert = "ON DUPLICATE KEY UPDATE hits = hits + VALUES(hits)"
	}
	write := func(tx *gorm.DB) error {
		for i := 0; i < len(out); i += chunk {
			rows := out[i:min(i+chunk, len(out))]
			var sql strings.Builder
			sql.WriteString("INSERT INTO rate_windows (bucket, window_start, hits, expires_at) VALUES ")
			args := make([]any, 0, 4*len(rows))
			for j, r := range rows {
				if j > 0 {
					sql.WriteString(", ")
				}
				sql.WriteString("(?, ?, ?, ?)")
				args = append(args, r.bucket, r.start, r.n, r.end)
			}
			sql.WriteString(" ")
			sql.WriteString(upsert)
			if err := tx.Exec(sql.String(), args...).Error; err != nil {
				return err
			}
		}
		return nil
	}
	db := l.db.WithContext(ctx)
	var err error
	if len(out) <= chunk {
		err = write(db)
	} else {
		err = db.Transaction(write)
	}
	if err != nil {
		return fmt.Errorf("rate limit: push hits of %d keys: %w", len(out), err)
	}
	return nil
}

type rowKey struct {
	bucket string
	start  int64
}

// read returns the global hits of the seen keys' current windows.
func (l *Limiter) read(ctx context.Context, seen []live, now int64) (map[rowKey]int64, error) {
	counts := make(map[rowKey]int64, len(seen))
	if len(seen) == 0 {
		return counts, nil
	}
	// One key may be seen with several window lengths; ask for it once.
	uniq := make(map[string]struct{}, len(seen))
	buckets := make([]string, 0, len(seen))
	for _, s := range seen {
		if _, ok := uniq[s.bucket]; !ok {
			uniq[s.bucket] = struct{}{}
			buckets = append(buckets, s.bucket)
		}
	}
	db := l.db.WithContext(ctx)
	for i := 0; i < len(buckets); i += chunk {
		var rows []Window
		err := db.Raw("SELECT bucket, window_start, hits FROM rate_windows WHERE bucket IN ? AND expires_at > ?",
			buckets[i:min(i+chunk, len(buckets))], now).Scan(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("rate limit: read counts of %d keys: %w", len(buckets), err)
		}
		for _, r := range rows {
			counts[rowKey{r.Bucket, r.WindowStart}] = r.Hits
		}
	}
	return counts, nil
}

// cleanup deletes at most cleanupBatch rows of windows that ended by before
// and says how many it deleted. SQLite has no DELETE … LIMIT (without a
// compile option) and MySQL no LIMIT in an IN subquery, hence two forms.
func (l *Limiter) cleanup(ctx context.Context, before int64) (int64, error) {
	q := "DELETE FROM rate_windows WHERE rowid IN (SELECT rowid FROM rate_windows WHERE expires_at <= ? LIMIT ?)"
	if l.mysql {
		q = "DELETE FROM rate_windows WHERE expires_at <= ? LIMIT ?"
	}
	res := l.db.WithContext(ctx).Exec(q, before, cleanupBatch)
	if res.Error != nil {
		return 0, fmt.Errorf("rate limit: delete ended windows: %w", res.Error)
	}
	return res.RowsAffected, nil
}
