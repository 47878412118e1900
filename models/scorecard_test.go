package models_test

import (
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

func wantRate(t *testing.T, what string, got models.Rate, n, d int, pct float64) {
	t.Helper()
	if got.Numerator != n || got.Denominator != d {
		t.Errorf("%s: %d/%d, want %d/%d", what, got.Numerator, got.Denominator, n, d)
	}
	switch {
	case d == 0 && got.Pct != nil:
		t.Errorf("%s: pct %v, want null", what, *got.Pct)
	case d > 0 && (got.Pct == nil || *got.Pct != pct):
		t.Errorf("%s: pct %v, want %v", what, got.Pct, pct)
	}
}

func wantAverage(t *testing.T, what string, got models.Average, total, count int, avg float64) {
	t.Helper()
	if got.Total != total || got.Count != count {
		t.Errorf("%s: %d over %d, want %d over %d", what, got.Total, got.Count, total, count)
	}
	if count > 0 && (got.Average == nil || *got.Average != avg) || count == 0 && got.Average != nil {
		t.Errorf("%s: average %v, want %v", what, got.Average, avg)
	}
}

// TestSupplierScorecard builds a factory's quarter by hand: five orders due
// (by baseline) in January to March 2026, with deliveries, steps, samples,
// inspections, reports and chases, plus rows that must not count (another
// supplier's, a cancelled order's, another factory's report on a moved
// order, an order due after the range). Today is 2 March 2026 in Shanghai.
func TestSupplierScorecard(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newOrderFx(t, db)
		g := f.db.Gorm
		var err error
		var wh *models.Warehouse
		// The factory's calendar: Sundays off, and 21 January a holiday.
		sp := &models.Supplier{Code: "HZ-JL", Name: "锦绫", Active: true, DaysOff: []int{0},
			Holidays: []models.Holiday{{From: "2026-01-21", To: "2026-01-21", Reason: "停电"}}}
		if err := f.store.CreateSupplier(f.ctx, sp); err != nil {
			t.Fatal(err)
		}
		if sp, err = f.store.GetSupplier(f.ctx, sp.ID); err != nil {
			t.Fatal(err)
		}
		other := f.supplier("DG-HX")
		fac := f.user("factory@test.example", "", models.RoleFactory, &sp.ID)
		code, name, capN := "WH-1", "上海仓", 100
		wh, err = f.store.CreateWarehouse(f.ctx, models.WarehouseInput{Code: &code, Name: &name, CapBookings: &capN, CapCartons: &capN})
		if err != nil {
			t.Fatal(err)
		}
		now := f.clock.Now()

		o1 := f.confirmed(sp, "2026-01-10", f.oneStep) // shipped 01-15; its date moved to 01-20
		o2 := f.confirmed(sp, "2026-01-20", f.oneStep) // shipped 01-25, 5 days late
		o3 := f.confirmed(sp, "2026-02-10", f.oneStep) // ex_factory step done 02-09
		o4 := f.confirmed(sp, "2026-02-20", f.oneStep) // not shipped, past
		f.confirmed(sp, "2026-03-05", f.oneStep)       // o5: not shipped, not yet due
		f.confirmed(sp, "2026-04-01", f.oneStep)       // after the range
		foreign := f.confirmed(other, "2026-01-15", f.oneStep)
		gone := f.confirmed(sp, "2026-01-12", f.oneStep)
		if _, err := f.store.CancelOrder(f.ctx, gone.ID, "客户取消", f.merch.ID); err != nil {
			t.Fatal(err)
		}

		mustExec := func(sql string, args ...any) {
			t.Helper()
			if err := g.Exec(sql, args...).Error; err != nil {
				t.Fatal(err)
			}
		}
		create := func(v any) {
			t.Helper()
			if err := g.Create(v).Error; err != nil {
				t.Fatal(err)
			}
		}
		// o1's date was changed once (a revision of ex_factory_date) and its
		// lines once (which is no date change).
		mustExec("UPDATE orders SET ex_factory_date = ? WHERE id = ?", "2026-01-20", o1.ID)
		create(&models.OrderRevision{OrderID: o1.ID, Revision: 1, ChangedBy: f.merch.ID, CreatedAt: now,
			Changes: `{"ex_factory_date":{"from":"2026-01-10","to":"2026-01-20"}}`})
		create(&models.OrderRevision{OrderID: o1.ID, Revision: 2, ChangedBy: f.merch.ID, CreatedAt: now,
			Changes: `{"lines":{"from":[],"to":[]}}`})

		ship := func(o *models.Order, supplier int64, date string) {
			t.Helper()
			create(&models.Delivery{OrderID: o.ID, SupplierID: supplier, WarehouseID: wh.ID, Status: "shipped", Date: date,
				RequestedDate: date, BookedLines: "[]", Quantity: 100, Packing: "[]", ShippedDate: date, ShippedLines: "[]",
				ReceivedLines: "[]", RequestedBy: f.merch.ID, CreatedAt: now, UpdatedAt: now})
		}
		ship(o1, sp.ID, "2026-01-16")
		ship(o1, sp.ID, "2026-01-15") // the first shipment counts
		ship(o2, sp.ID, "2026-01-25")
		ship(foreign, other.ID, "2026-01-30")
		mustExec("UPDATE milestones SET status = ?, actual_date = ? WHERE order_id = ?", models.MilestoneDone, "2026-02-09", o3.ID)
		mustExec("UPDATE milestones SET status = ?, actual_date = ? WHERE order_id = ?", models.MilestoneDone, "2026-01-26", o2.ID)

		round := func(o *models.Order, typ string, no int, status string) {
			t.Helper()
			create(&models.SampleRound{OrderID: o.ID, SampleType: typ, RoundNo: no, Status: status, SubmittedBy: fac.ID,
				CreatedAt: now, Annotations: "[]", SupplierID: &o.SupplierID})
		}
		round(o1, "pp", 1, models.SampleApproved)
		round(o1, "pp", 2, models.SampleRejected) // not a first round
		round(o2, "pp", 1, models.SampleRejected)
		round(o2, "pp", 2, models.SampleApproved)
		round(o3, "fit", 1, models.SampleApprovedWithComments)
		round(o4, "pp", 1, models.SamplePending) // not decided
		round(foreign, "pp", 1, models.SampleRejected)

		inspect := func(o *models.Order, typ, status, result string, at time.Time) {
			t.Helper()
			create(&models.Inspection{OrderID: o.ID, SupplierID: o.SupplierID, Type: typ, Status: status,
				RequestedDate: "2026-01-05", Date: "2026-01-05", QuantityReady: 100, RequestedBy: fac.ID, LotSize: 100,
				Level: "II", Severity: "normal", AQLCritical: "0", AQLMajor: "2.5", AQLMinor: "4.0", Plans: "{}",
				SampleSize: 20, Findings: "{}", Result: result, CompletedAt: &at, CreatedAt: now, UpdatedAt: now})
		}
		early, late := now.Add(-48*time.Hour), now.Add(-24*time.Hour)
		inspect(o1, models.InspFRI, models.InspCompleted, models.ResultPass, late) // the second one
		inspect(o1, models.InspFRI, models.InspCompleted, models.ResultFail, early)
		inspect(o2, models.InspFRI, models.InspCompleted, models.ResultPass, early)
		inspect(o3, models.InspFRI, models.InspCancelled, "", early)
		inspect(o3, models.InspDUPRO, models.InspCompleted, models.ResultPass, early)
		inspect(o4, models.InspFRI, models.InspRequested, "", early)
		inspect(foreign, models.InspFRI, models.InspCompleted, models.ResultFail, early)

		ms := func(o *models.Order) int64 { return f.milestones(o.ID)[0].ID }
		report := func(o *models.Order, supplier int64, date string) {
			t.Helper()
			create(&models.ProgressReport{MilestoneID: ms(o), OrderID: o.ID, ReportedBy: fac.ID, ReportDate: date,
				CreatedAt: now, SupplierID: &supplier})
		}
		// o2: window Mon 19 – Sat 24 January (shipped Sunday 25th): 5
		// working days (the 21st is a holiday), 3 reported; the holiday's
		// report and the shipment day's do not count.
		for _, d := range []string{"2026-01-19", "2026-01-20", "2026-01-20", "2026-01-21", "2026-01-22", "2026-01-25"} {
			report(o2, sp.ID, d)
		}
		// o4: window Mon 23 February – Sun 1 March (today is 2 March): 6
		// working days, 1 reported; the Sunday report is no production day,
		// the other factory's report is not this one's.
		report(o4, sp.ID, "2026-02-23")
		report(o4, sp.ID, "2026-03-01")
		report(o4, other.ID, "2026-02-24")

		chase := func(o *models.Order, supplier int64) {
			t.Helper()
			c := &models.ChaseLog{SupplierID: supplier, Channel: "called", CreatedBy: f.merch.ID, CreatedAt: now}
			if o != nil {
				c.OrderID = &o.ID
			}
			create(c)
		}
		chase(o1, sp.ID)
		chase(o1, sp.ID)
		chase(o4, sp.ID)
		chase(nil, sp.ID) // about the factory, no order
		chase(foreign, other.ID)

		sc, err := f.store.SupplierScorecard(f.ctx, sp, "2026-01-01", "2026-03-31")
		if err != nil {
			t.Fatal(err)
		}
		if sc.Today != "2026-03-02" {
			t.Fatalf("today %s", sc.Today)
		}
		tot := sc.Totals
		if tot.Orders != 5 {
			t.Errorf("orders %d, want 5", tot.Orders)
		}
		wantRate(t, "on time (baseline)", tot.OnTimeBaseline, 1, 4, 25)
		wantRate(t, "on time (latest)", tot.OnTimeLatest, 2, 4, 50)
		wantAverage(t, "date changes", tot.DateChanges, 1, 5, 0.2)
		wantAverage(t, "days late", tot.DaysLate, 5, 1, 5)
		wantRate(t, "sample first round", tot.SampleFirstRound, 2, 3, 66.7)
		wantRate(t, "FRI first pass", tot.FRIFirstPass, 1, 2, 50)
		wantRate(t, "reporting", tot.Reporting, 4, 11, 36.4)
		wantAverage(t, "chases", tot.Chases, 3, 5, 0.6)

		if len(sc.Months) != 3 || sc.Months[0].Month != "2026-01" || sc.Months[2].Month != "2026-03" {
			t.Fatalf("months %+v", sc.Months)
		}
		jan, feb, mar := sc.Months[0], sc.Months[1], sc.Months[2]
		wantRate(t, "January baseline", jan.OnTimeBaseline, 0, 2, 0)
		wantRate(t, "January latest", jan.OnTimeLatest, 1, 2, 50)
		wantRate(t, "January reporting", jan.Reporting, 3, 5, 60)
		wantRate(t, "February baseline", feb.OnTimeBaseline, 1, 2, 50)
		wantRate(t, "February reporting", feb.Reporting, 1, 6, 16.7)
		wantRate(t, "February FRI", feb.FRIFirstPass, 0, 0, 0)
		if mar.Orders != 1 {
			t.Errorf("March orders %d", mar.Orders)
		}
		wantRate(t, "March baseline", mar.OnTimeBaseline, 0, 0, 0)
		wantAverage(t, "March days late", mar.DaysLate, 0, 0, 0)

		// The other supplier's card sees only its own order.
		oc, err := f.store.SupplierScorecard(f.ctx, other, "2026-01-01", "2026-03-31")
		if err != nil {
			t.Fatal(err)
		}
		wantRate(t, "other's latest", oc.Totals.OnTimeLatest, 0, 1, 0)
		wantRate(t, "other's FRI", oc.Totals.FRIFirstPass, 0, 1, 0)
		wantAverage(t, "other's chases", oc.Totals.Chases, 1, 1, 1)
	})
}

func TestScorecardRange(t *testing.T) {
	from, to, err := models.ScorecardRange("2026-03-02", "", "")
	if err != nil || from != "2025-04-01" || to != "2026-03-02" {
		t.Errorf("default: %s…%s %v", from, to, err)
	}
	if from, to, err = models.ScorecardRange("2026-03-02", "", "2025-12-31"); err != nil || from != "2025-01-01" || to != "2025-12-31" {
		t.Errorf("to only: %s…%s %v", from, to, err)
	}
	if _, _, err = models.ScorecardRange("2026-03-02", "2023-01-01", "2025-12-31"); err != nil {
		t.Errorf("three years: %v", err)
	}
	for _, c := range []struct{ from, to, field, code string }{
		{"2026-13-01", "", "from", "no_such_date"},
		{"", "soon", "to", "not_a_date"},
		{"2026-03-02", "2026-03-01", "to", "before_from"},
		{"2023-01-01", "2026-01-01", "to", "range_too_long"},
	} {
		_, _, err := models.ScorecardRange("2026-03-02", c.from, c.to)
		wantInvalid(t, err, c.field, c.code)
	}
}
