package models_test

import (
	"errors"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

// wantParam checks a parameter of the problem with a field.
func wantParam(t *testing.T, err error, field, param string, want any) {
	t.Helper()
	var ve *models.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %v, want a problem with %q", err, field)
	}
	problem, ok := ve.Fields[field]
	if !ok {
		t.Fatalf("got %v, want a problem with %q", err, field)
	}
	if got := problem.Params[param]; got != want {
		t.Fatalf("%s: param %s = %v, want %v", field, param, got, want)
	}
}

// TestPastDatesNeedForce: an ex-factory date before the supplier's today
// (its own time zone) is refused on create, update and in a batch unless
// the input says Force; an update that leaves the date alone is not.
func TestPastDatesNeedForce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newOrderFx(t, db)
		// 17:00 UTC: 3 March in Shanghai, still 2 March in Los Angeles.
		f.clock.Set(time.Date(2026, 3, 2, 17, 0, 0, 0, time.UTC))
		sh := f.supplier("SH-01")
		la := &models.Supplier{Code: "LA-01", Name: "LA Knits", Active: true, TimeZone: "America/Los_Angeles"}
		if err := f.store.CreateSupplier(f.ctx, la); err != nil {
			t.Fatal(err)
		}

		_, err := f.store.CreateOrder(f.ctx, f.input(sh, "2026-03-02", f.apparel), f.merch.ID)
		wantInvalid(t, err, "ex_factory_date", "date_in_past")
		wantParam(t, err, "ex_factory_date", "today", "2026-03-03")
		if _, err := f.store.CreateOrder(f.ctx, f.input(la, "2026-03-02", f.apparel), f.merch.ID); err != nil {
			t.Fatalf("today in Los Angeles is not past: %v", err)
		}
		in := f.input(sh, "2026-03-02", f.apparel)
		in.Force = true
		forced, err := f.store.CreateOrder(f.ctx, in, f.merch.ID)
		if err != nil {
			t.Fatalf("forced: %v", err)
		}
		// Other changes to an order whose date is past are fine.
		if _, err := f.store.UpdateOrder(f.ctx, forced.ID, models.OrderInput{StyleName: ptr("衬衫")}, f.merch.ID); err != nil {
			t.Fatalf("edit a past-dated order: %v", err)
		}

		o, err := f.store.CreateOrder(f.ctx, f.input(sh, "2026-06-30", f.apparel), f.merch.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.store.UpdateOrder(f.ctx, o.ID, models.OrderInput{ExFactoryDate: ptr("2026-03-01")}, f.merch.ID)
		wantInvalid(t, err, "ex_factory_date", "date_in_past")
		if _, err := f.store.UpdateOrder(f.ctx, o.ID, models.OrderInput{ExFactoryDate: ptr("2026-03-01"), Force: true}, f.merch.ID); err != nil {
			t.Fatalf("forced update: %v", err)
		}

		batch := []models.OrderInput{f.input(sh, "2026-06-30", f.apparel), f.input(sh, "2026-02-28", f.apparel)}
		wantInvalid(t, f.store.ValidateOrders(f.ctx, batch, f.merch.ID), "orders[1].ex_factory_date", "date_in_past")
		_, err = f.store.CreateOrders(f.ctx, batch, f.merch.ID)
		wantInvalid(t, err, "orders[1].ex_factory_date", "date_in_past")
		batch[1].Force = true
		if _, err := f.store.CreateOrders(f.ctx, batch, f.merch.ID); err != nil {
			t.Fatalf("forced batch: %v", err)
		}
	})
}

// TestRescheduleKeepsThePlan: a step cannot be moved after the ex-factory
// date nor after the next step unless forced; a refused move changes
// nothing, a forced one is kept.
func TestRescheduleKeepsThePlan(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newOrderFx(t, db)
		sp := f.supplier("SH-01")
		o := f.confirmed(sp, "2026-08-31", f.apparel)
		ms := f.milestones(o.ID)
		if len(ms) < 3 {
			t.Fatalf("apparel plan has %d steps", len(ms))
		}
		first, next := ms[0], ms[1]

		_, err := f.store.RescheduleMilestone(f.ctx, first.ID, "2026-09-01", false, f.merch.ID)
		wantInvalid(t, err, "planned_date", "after_ex_factory")
		wantParam(t, err, "planned_date", "ex_factory", "2026-08-31")
		_, err = f.store.RescheduleMilestone(f.ctx, first.ID, models.AddDays(next.PlannedDate, 1), false, f.merch.ID)
		wantInvalid(t, err, "planned_date", "after_next_step")
		wantParam(t, err, "planned_date", "step", next.Code)
		wantParam(t, err, "planned_date", "date", next.PlannedDate)
		if got := f.milestones(o.ID)[0]; got.PlannedDate != first.PlannedDate {
			t.Fatalf("a refused move was kept: %s", got.PlannedDate)
		}
		// On the next step's day is still in order; so is any earlier date.
		if _, err := f.store.RescheduleMilestone(f.ctx, first.ID, next.PlannedDate, false, f.merch.ID); err != nil {
			t.Fatalf("move onto the next step's day: %v", err)
		}
		// The last step may go up to the ex-factory date.
		last := ms[len(ms)-1]
		if _, err := f.store.RescheduleMilestone(f.ctx, last.ID, o.ExFactoryDate, false, f.merch.ID); err != nil {
			t.Fatalf("last step on the ex-factory date: %v", err)
		}
		m, err := f.store.RescheduleMilestone(f.ctx, first.ID, "2026-09-15", true, f.merch.ID)
		if err != nil || m.PlannedDate != "2026-09-15" {
			t.Fatalf("forced move: %+v %v", m, err)
		}
	})
}
