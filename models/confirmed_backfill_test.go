package models_test

import (
	"context"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

// TestConfirmedAtBackfill: migration 00007 marks as confirmed the orders an
// older release left without confirmed_at — from their order_confirmed
// event, else from their status — except a draft cancelled before it was
// ever confirmed, which the factory must not see.
func TestConfirmedAtBackfill(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		if err := db.MigrateTo(ctx, 6); err != nil {
			t.Fatal(err)
		}
		g := db.Gorm
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		confirmedAt := now.Add(-48 * time.Hour)
		mustCreate := func(v any, omit ...string) {
			t.Helper()
			q := g
			if len(omit) > 0 {
				q = q.Omit(omit...)
			}
			if err := q.Create(v).Error; err != nil {
				t.Fatalf("create %T: %v", v, err)
			}
		}
		sp := &models.Supplier{Code: "HZ-JL", Name: "a", Active: true, CreatedAt: now, UpdatedAt: now}
		mustCreate(sp, "ReducedInspectionAllowed", "DaysOffJSON", "HolidaysJSON") // added by 00010, 00012
		merch := &models.User{Name: "m", Email: "m@example.com", PasswordHash: "x", Role: models.RoleMerchandiser,
			Locale: models.LocaleEN, Active: true, CreatedAt: now, UpdatedAt: now}
		mustCreate(merch)
		cu := &models.Customer{Name: "c", CreatedAt: now, UpdatedAt: now}
		mustCreate(cu, "FabricPointsMax") // added by 00023
		order := func(po, status string) *models.Order {
			o := &models.Order{PONumber: po, CustomerID: cu.ID, SupplierID: sp.ID, MerchandiserID: merch.ID, StyleNo: "S",
				Unit: "pcs", ExFactoryDate: "2026-05-01", BaselineExFactoryDate: "2026-05-01", ShipMode: "sea",
				Status: status, CreatedAt: now, UpdatedAt: now}
			mustCreate(o, "Lines", "ConfirmedAt", "NextMilestoneID", "EarliestOpenDate", // added by 00009
				"RiskLevel", "RiskScore", "RiskProjectedDate", "RiskSlackDays", "RiskReasons", "RiskComputedAt", "LastReportDate", // 00012
				"Sourcing",                  // 00023
				"ReplacementOf", "ClosedAt") // 00024
			return o
		}
		withEvent := order("PO-EVENT", models.StatusCancelled)
		mustCreate(&models.ActivityEvent{OrderID: withEvent.ID, ActorID: &merch.ID, Kind: models.ActOrderConfirmed, Data: "{}", CreatedAt: confirmedAt})
		live := order("PO-LIVE", models.StatusInProduction)
		cancelledPlan := order("PO-PLAN", models.StatusCancelled)
		mustCreate(&models.Milestone{OrderID: cancelledPlan.ID, Position: 1, Code: "cut", Name: "裁剪", NameEn: "Cutting",
			PlannedDate: "2026-04-01", BaselineDate: "2026-04-01", Status: models.MilestoneCancelled, UpdatedAt: now}, "PlannedLate") // added by 00008
		cancelledDraft := order("PO-DRAFT-CANCELLED", models.StatusCancelled)
		draft := order("PO-DRAFT", models.StatusDraft)

		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			what string
			id   int64
			want *time.Time
		}{
			{"cancelled with an order_confirmed event", withEvent.ID, &confirmedAt},
			{"in production", live.ID, &now},
			{"cancelled with a plan", cancelledPlan.ID, &now},
			{"draft cancelled before confirming", cancelledDraft.ID, nil},
			{"draft", draft.ID, nil},
		} {
			var o models.Order
			if err := g.First(&o, c.id).Error; err != nil {
				t.Fatal(err)
			}
			switch {
			case c.want == nil && o.ConfirmedAt != nil:
				t.Errorf("%s: confirmed_at = %v, want NULL", c.what, o.ConfirmedAt)
			case c.want != nil && (o.ConfirmedAt == nil || !o.ConfirmedAt.Equal(*c.want)):
				t.Errorf("%s: confirmed_at = %v, want %v", c.what, o.ConfirmedAt, *c.want)
			}
		}
	})
}
