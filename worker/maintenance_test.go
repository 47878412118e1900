package worker

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

func TestPurgeJobs(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newFixture(t, db)
		now := f.clock.Now()
		for i, exp := range []time.Duration{-time.Minute, time.Minute} {
			k := &models.IdempotencyKey{UserID: f.user.ID, IdemKey: []string{"old", "live"}[i], Method: "POST", Path: "/p",
				RequestHash: strings.Repeat("0", 64), CreatedAt: now.Add(-time.Hour), ExpiresAt: now.Add(exp)}
			if err := db.Gorm.Create(k).Error; err != nil {
				t.Fatal(err)
			}
		}
		for i, exp := range []time.Duration{-25 * time.Hour, -23 * time.Hour, time.Hour} {
			rt := &models.RefreshToken{UserID: f.user.ID, FamilyID: "f", TokenHash: strings.Repeat(string(rune('a'+i)), 64),
				CreatedAt: now.Add(-48 * time.Hour), ExpiresAt: now.Add(exp)}
			if err := db.Gorm.Create(rt).Error; err != nil {
				t.Fatal(err)
			}
		}
		log := slog.New(slog.DiscardHandler)
		// Twice, as two nodes would: the second pass deletes nothing more.
		for pass := 0; pass < 2; pass++ {
			for _, j := range []Job{PurgeIdempotencyKeys(f.store), PurgeRefreshTokens(f.store)} {
				if err := j.Run(f.ctx, now, log); err != nil {
					t.Fatalf("%s: %v", j.Name, err)
				}
			}
		}
		var keys []string
		db.Gorm.Model(&models.IdempotencyKey{}).Order("idem_key").Pluck("idem_key", &keys)
		if strings.Join(keys, ",") != "live" {
			t.Errorf("idempotency keys left: %v, want only the live one", keys)
		}
		var tokens int64
		db.Gorm.Model(&models.RefreshToken{}).Count(&tokens)
		if tokens != 2 {
			t.Errorf("%d refresh tokens left, want 2 (live, and expired less than a day ago)", tokens)
		}
	})
}
