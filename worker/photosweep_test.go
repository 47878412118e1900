package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
	"gendan/storage"
)

// fixture is a store on a fresh database with one supplier and one factory
// user of it, and a local bucket.
type fixture struct {
	t        *testing.T
	ctx      context.Context
	db       *models.DB
	store    *models.Store
	clock    *testdb.Clock
	bucket   storage.Bucket
	user     *models.User
	supplier *models.Supplier
	seq      int
}

func newFixture(t *testing.T, db *models.DB) *fixture {
	t.Helper()
	clock := testdb.NewClock()
	bucket, err := storage.NewLocal(filepath.Join(t.TempDir(), "objects"))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, ctx: context.Background(), db: db, store: models.NewStore(db, clock, testdb.TokenKey),
		clock: clock, bucket: bucket}
	f.supplier = &models.Supplier{Code: "JL", Name: "锦绫", Active: true}
	if err := f.store.CreateSupplier(f.ctx, f.supplier); err != nil {
		t.Fatal(err)
	}
	now := clock.Now()
	// The sweep never signs anyone in: the hash need not be a real one.
	f.user = &models.User{Name: "工厂用户", Email: "factory@jinling.example", PasswordHash: "-", Role: models.RoleFactory,
		SupplierID: &f.supplier.ID, Locale: models.LocaleZH, Active: true, CreatedAt: now, UpdatedAt: now}
	if err := db.Gorm.Create(f.user).Error; err != nil {
		t.Fatal(err)
	}
	return f
}

// photo stores the three objects of a photo and then its row, as an upload
// does, at the clock's time.
func (f *fixture) photo() *models.Photo {
	f.t.Helper()
	f.seq++
	ph := &models.Photo{ObjectPrefix: fmt.Sprintf("photos/2026/03/%032x/", f.seq), UploadedBy: f.user.ID,
		UploaderSupplierID: f.user.SupplierID, Width: 1, Height: 1, Bytes: 1, PreviewBytes: 1, ThumbBytes: 1,
		Sha256: strings.Repeat("0", 64)}
	for _, size := range models.PhotoSizes {
		if err := f.bucket.Put(f.ctx, ph.Key(size), strings.NewReader("x"), 1, "image/jpeg"); err != nil {
			f.t.Fatal(err)
		}
	}
	if err := f.store.CreatePhoto(f.ctx, ph); err != nil {
		f.t.Fatal(err)
	}
	return ph
}

func (f *fixture) attach(ph *models.Photo) {
	f.t.Helper()
	err := f.store.AttachPhotos(f.store.Gorm(), []int64{ph.ID}, models.Uploader{UserID: f.user.ID, SupplierID: f.user.SupplierID},
		models.PhotoOwner{Kind: "test", ID: 1, SupplierID: f.supplier.ID})
	if err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) objects() int {
	f.t.Helper()
	n := 0
	if err := f.bucket.List(f.ctx, "", func(storage.ObjectInfo) error { n++; return nil }); err != nil {
		f.t.Fatal(err)
	}
	return n
}

func (f *fixture) sweep() (rows, orphans int) {
	f.t.Helper()
	rows, orphans, err := sweepPhotos(f.ctx, f.store, f.bucket, f.clock.Now().Add(-unattachedTTL), slog.New(slog.DiscardHandler))
	if err != nil {
		f.t.Fatalf("sweep: %v", err)
	}
	return rows, orphans
}

func TestPhotoSweep(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newFixture(t, db)
		// The local bucket stamps objects with the real time, so the clock
		// starts there too.
		f.clock.Set(time.Now().Truncate(time.Second))
		stale := f.photo()
		kept := f.photo()
		f.attach(kept)
		orphan := "photos/2026/01/deadbeef/original.jpg"
		if err := f.bucket.Put(f.ctx, orphan, strings.NewReader("x"), 1, "image/jpeg"); err != nil {
			t.Fatal(err)
		}
		// Nothing is old enough yet.
		if rows, orphans := f.sweep(); rows+orphans != 0 {
			t.Fatalf("early sweep: %d rows, %d orphans", rows, orphans)
		}
		f.clock.Advance(25 * time.Hour)
		fresh := f.photo()
		if rows, orphans := f.sweep(); rows != 1 || orphans != 1 {
			t.Fatalf("sweep: %d rows, %d orphans; want 1 and 1", rows, orphans)
		}
		if _, err := f.store.GetPhoto(f.ctx, stale.ID); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("stale unattached photo kept: %v", err)
		}
		for _, size := range models.PhotoSizes {
			if _, err := f.bucket.Stat(f.ctx, stale.Key(size)); !errors.Is(err, storage.ErrNotExist) {
				t.Errorf("stale photo's %s object kept: %v", size, err)
			}
		}
		if _, err := f.bucket.Stat(f.ctx, orphan); !errors.Is(err, storage.ErrNotExist) {
			t.Errorf("orphan object kept: %v", err)
		}
		for _, ph := range []*models.Photo{kept, fresh} {
			if _, err := f.store.GetPhoto(f.ctx, ph.ID); err != nil {
				t.Fatalf("photo %d swept: %v", ph.ID, err)
			}
			for _, size := range models.PhotoSizes {
				if _, err := f.bucket.Stat(f.ctx, ph.Key(size)); err != nil {
					t.Errorf("photo %d lost its %s object: %v", ph.ID, size, err)
				}
			}
		}
		if n := f.objects(); n != 6 {
			t.Fatalf("%d objects after the sweep, want 6", n)
		}
		// Another pass, as another node would run it, finds nothing to do.
		if rows, orphans := f.sweep(); rows+orphans != 0 {
			t.Fatalf("second sweep: %d rows, %d orphans", rows, orphans)
		}
	})
}

// flakyBucket fails every Delete while down is set.
type flakyBucket struct {
	storage.Bucket
	down atomic.Bool
}

func (b *flakyBucket) Delete(ctx context.Context, key string) error {
	if b.down.Load() {
		return fmt.Errorf("%w: disk gone", storage.ErrUnavailable)
	}
	return b.Bucket.Delete(ctx, key)
}

// TestPhotoSweepRowFirst: when the objects of a swept photo cannot be
// deleted, its row is gone all the same (no row points at a half-deleted
// photo), and a later pass removes the objects as orphans.
func TestPhotoSweepRowFirst(t *testing.T) {
	f := newFixture(t, testdb.SQLite(t))
	f.clock.Set(time.Now().Truncate(time.Second))
	stale := f.photo()
	f.clock.Advance(25 * time.Hour)
	flaky := &flakyBucket{Bucket: f.bucket}
	f.bucket = flaky
	flaky.down.Store(true)
	log, logs := newLog()
	job := PhotoSweep(f.store, f.bucket)
	if err := job.Run(f.ctx, f.clock.Now(), log); err != nil {
		t.Fatalf("a failed object delete failed the pass: %v", err)
	}
	if _, err := f.store.GetPhoto(f.ctx, stale.ID); !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("row kept although the sweep took it: %v", err)
	}
	if n := f.objects(); n != 3 {
		t.Fatalf("%d objects while deletes fail, want the 3 of the swept photo", n)
	}
	if w := logs.records(t, "sweep: delete object"); len(w) != 3 {
		t.Fatalf("failed deletes logged as %v", w)
	}
	flaky.down.Store(false)
	if rows, orphans := f.sweep(); rows != 0 || orphans != 3 {
		t.Fatalf("next pass: %d rows, %d orphans; want the 3 objects as orphans", rows, orphans)
	}
	if n := f.objects(); n != 0 {
		t.Fatalf("%d objects left", n)
	}
	if s := logs.records(t, "swept photos"); len(s) != 1 || s[0]["unattached"] != float64(1) {
		t.Fatalf("pass summary logged as %v", s)
	}
}
