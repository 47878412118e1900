package models_test

import (
	"context"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

// TestRowSupplierBackfill: migration 00005 gives the rows an older release
// wrote the supplier they belong to — a factory writer's own supplier, even
// on an order moved since; otherwise the order's current supplier — and its
// Down goes back to the 00004 schema.
func TestRowSupplierBackfill(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		if err := db.MigrateTo(ctx, 4); err != nil {
			t.Fatal(err)
		}
		g := db.Gorm
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
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
		a := &models.Supplier{Code: "HZ-JL", Name: "a", Active: true, CreatedAt: now, UpdatedAt: now}
		b := &models.Supplier{Code: "DG-HX", Name: "b", Active: true, CreatedAt: now, UpdatedAt: now}
		// time_zone comes with 00006, reduced_inspection_allowed with 00010, the
		// calendar with 00012,
		// after the schema this test starts from.
		mustCreate(a, "TimeZone", "ReducedInspectionAllowed", "DaysOffJSON", "HolidaysJSON")
		mustCreate(b, "TimeZone", "ReducedInspectionAllowed", "DaysOffJSON", "HolidaysJSON")
		user := func(email string, role models.Role, sp *int64) *models.User {
			u := &models.User{Name: email, Email: email, PasswordHash: "x", Role: role, SupplierID: sp,
				Locale: models.LocaleEN, Active: true, CreatedAt: now, UpdatedAt: now}
			mustCreate(u)
			return u
		}
		merch := user("m@example.com", models.RoleMerchandiser, nil)
		fa := user("fa@example.com", models.RoleFactory, &a.ID)
		cu := &models.Customer{Name: "c", CreatedAt: now, UpdatedAt: now}
		mustCreate(cu, "FabricPointsMax") // added by 00023
		order := func(po string) *models.Order {
			o := &models.Order{PONumber: po, CustomerID: cu.ID, SupplierID: a.ID, MerchandiserID: merch.ID, StyleNo: "S",
				Unit: "pcs", ExFactoryDate: "2026-05-01", BaselineExFactoryDate: "2026-05-01", ShipMode: "sea",
				Status: models.StatusInProduction, CreatedAt: now, UpdatedAt: now}
			mustCreate(o, "Lines", "NextMilestoneID", "EarliestOpenDate", // added by 00009
				"RiskLevel", "RiskScore", "RiskProjectedDate", "RiskSlackDays", "RiskReasons", "RiskComputedAt", "LastReportDate", // 00012
				"Sourcing",                  // 00023
				"ReplacementOf", "ClosedAt") // 00024
			return o
		}
		moved, stayed := order("PO-MOVED"), order("PO-STAYED")
		ms := &models.Milestone{OrderID: moved.ID, Position: 1, Code: "cut", Name: "裁剪", NameEn: "Cutting",
			PlannedDate: "2026-04-01", BaselineDate: "2026-04-01", Status: models.MilestoneInProgress, UpdatedAt: now}
		mustCreate(ms, "PlannedLate") // added by 00008

		// As an older release wrote them: no supplier column yet.
		factoryComment := &models.Comment{OrderID: moved.ID, AuthorID: fa.ID, Body: "A 厂", CreatedAt: now}
		staffComment := &models.Comment{OrderID: moved.ID, AuthorID: merch.ID, Body: "staff", CreatedAt: now}
		stayedComment := &models.Comment{OrderID: stayed.ID, AuthorID: merch.ID, Body: "staff", CreatedAt: now}
		report := &models.ProgressReport{MilestoneID: ms.ID, OrderID: moved.ID, ReportedBy: fa.ID, ReportDate: "2026-03-01", Note: "ok", CreatedAt: now}
		round := &models.SampleRound{OrderID: moved.ID, SampleType: "pp", RoundNo: 1, Status: models.SamplePending,
			SubmittedBy: fa.ID, CreatedAt: now, Annotations: "[]"}
		factoryEvent := &models.ActivityEvent{OrderID: moved.ID, ActorID: &fa.ID, Kind: models.ActProgressReported, Data: "{}", CreatedAt: now}
		staffEvent := &models.ActivityEvent{OrderID: moved.ID, ActorID: &merch.ID, Kind: models.ActOrderRevised, Data: "{}", CreatedAt: now}
		systemEvent := &models.ActivityEvent{OrderID: moved.ID, Kind: models.ActOrderCreated, Data: "{}", CreatedAt: now}
		for _, v := range []any{factoryComment, staffComment, stayedComment, report, round, factoryEvent, staffEvent, systemEvent} {
			mustCreate(v, "SupplierID")
		}
		// Then the order moved to B.
		if err := g.Exec("UPDATE orders SET supplier_id = ? WHERE id = ?", b.ID, moved.ID).Error; err != nil {
			t.Fatal(err)
		}

		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		supplierOf := func(table string, id int64) int64 {
			t.Helper()
			var got *int64
			if err := g.Table(testdb.Ident(table)).Select("supplier_id").Where("id = ?", id).Scan(&got).Error; err != nil {
				t.Fatal(err)
			}
			if got == nil {
				t.Fatalf("%s %d: supplier_id is NULL after the backfill", table, id)
			}
			return *got
		}
		for _, c := range []struct {
			what  string
			table string
			id    int64
			want  int64
		}{
			{"factory comment on a moved order", "comments", factoryComment.ID, a.ID},
			{"staff comment on a moved order", "comments", staffComment.ID, b.ID},
			{"staff comment on an order that stayed", "comments", stayedComment.ID, a.ID},
			{"factory report", "progress_reports", report.ID, a.ID},
			{"factory sample round", "sample_rounds", round.ID, a.ID},
			{"factory event", "activity_events", factoryEvent.ID, a.ID},
			{"staff event", "activity_events", staffEvent.ID, b.ID},
			{"event without an actor", "activity_events", systemEvent.ID, b.ID},
		} {
			if got := supplierOf(c.table, c.id); got != c.want {
				t.Errorf("%s: supplier_id = %d, want %d", c.what, got, c.want)
			}
		}

		// The approvals queue selects the round and its order's supplier,
		// both named supplier_id: each lands in its own field.
		pending, _, err := models.NewStore(db, testdb.NewClock(), testdb.TokenKey).ListPendingSamples(ctx, nil, models.Page{})
		if err != nil {
			t.Fatal(err)
		}
		if len(pending) != 1 || pending[0].SupplierID != b.ID || pending[0].SampleRound.SupplierID == nil || *pending[0].SampleRound.SupplierID != a.ID {
			t.Fatalf("pending samples = %+v, want the round of A on the order now B's", pending)
		}

		// Down and up again.
		if err := db.MigrateTo(ctx, 4); err != nil {
			t.Fatal(err)
		}
		cols, err := g.Migrator().ColumnTypes("comments")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cols {
			if c.Name() == "supplier_id" {
				t.Fatal("comments.supplier_id survived the Down of 00005")
			}
		}
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if got := supplierOf("comments", factoryComment.ID); got != a.ID {
			t.Fatalf("after down and up: factory comment supplier_id = %d, want %d", got, a.ID)
		}
	})
}
