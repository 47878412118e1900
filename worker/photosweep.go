package worker

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"gendan/models"
	"gendan/storage"
)

const (
	// unattachedTTL is how long an upload may wait to be attached before it
	// is swept, and how old an object without a row must be to be an orphan.
	unattachedTTL = 24 * time.Hour
	// sweepBatch bounds the stale rows one pass deletes; the rest wait for
	// the next pass.
	sweepBatch = 500
)

// PhotoSweep deletes, hourly, unattached photos older than a day (their row,
// then their objects) and objects older than a day that no row references
// (left by a crash between an upload's object writes and its row).
//
// Several nodes: a stale row is deleted only while it is still unattached
// (the DELETE also requires an empty owner_kind), so an attachment racing the
// sweep wins, and only the node whose DELETE removed the row goes on to its
// objects. The row goes first and the objects second, so no row ever points
// at missing objects; objects left by a failed delete have no row any more
// and are removed by a later pass as orphans. An object is an orphan only
// once it is a day old, long after the upload that wrote it has written its
// row or given up, so no node can take a live upload for one; two nodes
// deleting the same orphan is harmless, as deleting a missing object is not
// an error.
func PhotoSweep(store *models.Store, bucket storage.Bucket) Job {
	return Job{Name: "photo_sweep", Every: time.Hour,
		Run: func(ctx context.Context, now time.Time, log *slog.Logger) error {
			rows, orphans, err := sweepPhotos(ctx, store, bucket, now.Add(-unattachedTTL), log)
			if rows+orphans > 0 {
				log.Info("swept photos", slog.Int("unattached", rows), slog.Int("orphan_objects", orphans))
			}
			return err
		}}
}

// sweepPhotos does one pass of PhotoSweep with the cut-off cut, returning
// how many unattached photos and orphan objects it removed.
func sweepPhotos(ctx context.Context, store *models.Store, bucket storage.Bucket, cut time.Time, log *slog.Logger) (rows, orphans int, err error) {
	stale, err := store.StaleUnattachedPhotos(ctx, cut, sweepBatch)
	if err != nil {
		return 0, 0, err
	}
	for _, ph := range stale {
		deleted, err := store.DeletePhotoRow(ctx, ph.ID)
		if err != nil {
			return rows, orphans, err
		}
		if !deleted {
			continue // attached meanwhile, or swept by another node
		}
		rows++
		for _, size := range models.PhotoSizes {
			if err := bucket.Delete(ctx, ph.Key(size)); err != nil {
				log.Warn("sweep: delete object", slog.String("key", ph.Key(size)), slog.Any("err", err))
			}
		}
	}
	// Orphans: group old objects by prefix and ask which prefixes have rows.
	byPrefix := map[string][]string{}
	err = bucket.List(ctx, "photos/", func(o storage.ObjectInfo) error {
		if o.ModTime.After(cut) {
			return nil
		}
		i := strings.LastIndex(o.Key, "/")
		byPrefix[o.Key[:i+1]] = append(byPrefix[o.Key[:i+1]], o.Key)
		return nil
	})
	if err != nil {
		return rows, orphans, err
	}
	prefixes := make([]string, 0, len(byPrefix))
	for p := range byPrefix {
		prefixes = append(prefixes, p)
	}
	known, err := store.KnownPhotoPrefixes(ctx, prefixes)
	if err != nil {
		return rows, orphans, err
	}
	for p, keys := range byPrefix {
		if known[p] {
			continue
		}
		for _, k := range keys {
			if err := bucket.Delete(ctx, k); err != nil {
				log.Warn("sweep: delete orphan object", slog.String("key", k), slog.Any("err", err))
				continue
			}
			orphans++
		}
	}
	return rows, orphans, nil
}
