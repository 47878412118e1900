package models_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

// benchRiskStore is a store over bench data of n orders (gendan seed --orders).
func benchRiskStore(b *testing.B, db *models.DB, n int) *models.Store {
	b.Helper()
	store := models.NewStore(db, testdb.NewClock(), testdb.TokenKey)
	if err := store.SeedBench(context.Background(), n, testdb.NewClock().Now().Format(models.DateLayout)); err != nil {
		b.Fatal(err)
	}
	return store
}

// BenchmarkRecomputeAllRisk is the daily sweep's work: every live order of
// 12,000 (about 9,300 live) recomputed.
func BenchmarkRecomputeAllRisk(b *testing.B) {
	eachDB(b, func(b *testing.B, db *models.DB) {
		store := benchRiskStore(b, db, 12000)
		now := testdb.NewClock().Now()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			now = now.Add(time.Hour)
			if _, err := store.RecomputeAllRisk(context.Background(), now); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRefreshRisk is what every write that changes an input adds:
// one order's risk recomputed and stored in a transaction.
func BenchmarkRefreshRisk(b *testing.B) {
	eachDB(b, func(b *testing.B, db *models.DB) {
		store := benchRiskStore(b, db, 2000)
		var ids []int64
		if err := store.Gorm().Model(&models.Order{}).Where("status = ?", models.StatusInProduction).Pluck("id", &ids).Error; err != nil {
			b.Fatal(err)
		}
		r := rand.New(rand.NewPCG(1, 2))
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if err := store.RefreshRisk(context.Background(), ids[r.IntN(len(ids))]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// eachDB runs a benchmark on SQLite and on MySQL (skipped without its DSN).
func eachDB(b *testing.B, fn func(b *testing.B, db *models.DB)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, testdb.SQLite(b)) })
	b.Run("mysql", func(b *testing.B) { fn(b, testdb.MySQL(b)) })
}
