package models_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

// benchRiskStore is a store over bench data of n live orders (gendan seed
// --orders n).
func benchRiskStore(b *testing.B, db *models.DB, n int) *models.Store {
	b.Helper()
	store := models.NewStore(db, testdb.NewClock(), testdb.TokenKey)
	if err := store.SeedBenchLive(context.Background(), n, testdb.NewClock().Now().Format(models.DateLayout)); err != nil {
		b.Fatal(err)
	}
	return store
}

// BenchmarkRecomputeAllRisk is the daily sweep's work: the 10,000 live
// orders of gendan seed --orders 10000 recomputed.
func BenchmarkRecomputeAllRisk(b *testing.B) {
	eachDB(b, func(b *testing.B, db *models.DB) {
		store := benchRiskStore(b, db, 10000)
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

// BenchmarkRefreshRisk is what every write that changes an input adds to
// its transaction: one order's inputs read, evaluated and stored. The
// refreshes run in one transaction (rolled back), as they do inside the
// write's own, so the commit — which the write pays anyway — is not counted.
func BenchmarkRefreshRisk(b *testing.B) {
	eachDB(b, func(b *testing.B, db *models.DB) {
		store := benchRiskStore(b, db, 2000)
		var ids []int64
		if err := store.Gorm().Model(&models.Order{}).Where("status = ?", models.StatusInProduction).Pluck("id", &ids).Error; err != nil {
			b.Fatal(err)
		}
		r := rand.New(rand.NewPCG(1, 2))
		now := testdb.NewClock().Now()
		tx := store.Gorm().Begin()
		defer tx.Rollback()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if err := models.RefreshRiskTx(tx, ids[r.IntN(len(ids))], now); err != nil {
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
