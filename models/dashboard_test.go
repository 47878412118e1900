package models_test

import (
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

// TestDashboardCountsAcrossTheUTCDayBoundary: at 17:00 UTC on 2 March it is
// already 3 March in Shanghai but still 2 March in Los Angeles, so a plan
// date of 2 March is overdue for the one factory and due today for the
// other. The SQL counts agree with OrderDue over every order.
func TestDashboardCountsAcrossTheUTCDayBoundary(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newOrderFx(t, db)
		f.clock.Set(time.Date(2026, 3, 2, 17, 0, 0, 0, time.UTC))
		sh := f.supplier("SH-01")
		la := &models.Supplier{Code: "LA-01", Name: "LA Knits", Active: true, TimeZone: "America/Los_Angeles"}
		if err := f.store.CreateSupplier(f.ctx, la); err != nil {
			t.Fatal(err)
		}
		other := f.user("merch2@test.example", "", models.RoleMerchandiser, nil)

		f.confirmed(sh, "2026-03-02", f.oneStep)      // Shanghai: yesterday → overdue
		f.confirmed(la, "2026-03-02", f.oneStep)      // Los Angeles: today → due soon
		c := f.confirmed(sh, "2026-03-20", f.oneStep) // a step moved to 1 March → overdue
		if _, err := f.store.RescheduleMilestone(f.ctx, f.milestones(c.ID)[0].ID, "2026-03-01", false, f.merch.ID); err != nil {
			t.Fatal(err)
		}
		f.confirmed(sh, "2026-03-10", f.oneStep)      // today + 7 → due soon
		e := f.confirmed(sh, "2026-03-11", f.oneStep) // today + 8 → neither
		gone := f.confirmed(sh, "2026-03-01", f.oneStep)
		if _, err := f.store.CancelOrder(f.ctx, gone.ID, "客户取消", f.merch.ID); err != nil {
			t.Fatal(err)
		}
		draft := f.input(sh, "2026-03-01", f.oneStep)
		draft.Force = true
		if _, err := f.store.CreateOrder(f.ctx, draft, f.merch.ID); err != nil { // a draft
			t.Fatal(err)
		}
		// Another merchandiser's overdue order.
		if _, err := f.store.UpdateOrder(f.ctx, e.ID, models.OrderInput{MerchandiserID: &other.ID, ExFactoryDate: ptr("2026-02-27"), Force: true}, f.merch.ID); err != nil {
			t.Fatal(err)
		}

		check := func(when string, filter models.DashboardFilter, overdue, dueSoon int64, byStatus map[string]int64) {
			t.Helper()
			got, err := f.store.DashboardCounts(f.ctx, filter)
			if err != nil {
				t.Fatal(err)
			}
			if got.Overdue != overdue || got.DueSoon != dueSoon {
				t.Errorf("%s: overdue %d, due soon %d; want %d, %d", when, got.Overdue, got.DueSoon, overdue, dueSoon)
			}
			for _, st := range models.OrderStatuses {
				if got.ByStatus[st] != byStatus[st] {
					t.Errorf("%s: %d %s, want %d (%v)", when, got.ByStatus[st], st, byStatus[st], got.ByStatus)
				}
			}
			// The same numbers as the rule the DTOs use, order by order.
			var want struct{ overdue, dueSoon int64 }
			err = f.store.EachOrder(f.ctx, models.OrderFilter{MerchandiserID: filter.MerchandiserID}, func(o *models.Order) error {
				sp, err := f.store.GetSupplier(f.ctx, o.SupplierID)
				if err != nil {
					return err
				}
				d := models.OrderDue(o, o.EarliestOpenDate, models.SupplierToday(f.clock.Now(), sp))
				if d.Overdue {
					want.overdue++
				}
				if d.DueSoon {
					want.dueSoon++
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if got.Overdue != want.overdue || got.DueSoon != want.dueSoon {
				t.Errorf("%s: SQL says %d overdue, %d due soon; OrderDue says %d, %d", when, got.Overdue, got.DueSoon, want.overdue, want.dueSoon)
			}
		}
		all := map[string]int64{models.StatusDraft: 1, models.StatusConfirmed: 5, models.StatusCancelled: 1}
		check("17:00 UTC", models.DashboardFilter{}, 3, 2, all)
		check("17:00 UTC, one merchandiser", models.DashboardFilter{MerchandiserID: &f.merch.ID}, 2, 2,
			map[string]int64{models.StatusDraft: 1, models.StatusConfirmed: 4, models.StatusCancelled: 1})

		// Midnight in Los Angeles (UTC−8 before 8 March): its order is late too.
		f.clock.Set(time.Date(2026, 3, 3, 8, 0, 0, 0, time.UTC))
		check("08:00 UTC next day", models.DashboardFilter{}, 4, 1, all)
		f.clock.Set(time.Date(2026, 3, 3, 7, 59, 59, 0, time.UTC))
		check("07:59 UTC next day", models.DashboardFilter{}, 3, 2, all)
	})
}
