package models_test

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"gorm.io/gorm"

	"gendan/models"
	"gendan/models/testdb"
)

// orderFx is what an order needs: a customer, a merchandiser and templates.
type orderFx struct {
	*fx
	customer int64
	merch    *models.User
	apparel  int64
	oneStep  int64 // a template whose only step is the ex-factory date
	n        int
}

func newOrderFx(t *testing.T, db *models.DB) *orderFx {
	f := &orderFx{fx: newFx(t, db)}
	c := &models.Customer{Name: "Northwind"}
	if err := f.store.CreateCustomer(f.ctx, c); err != nil {
		t.Fatal(err)
	}
	f.customer = c.ID
	f.merch = f.user("merch@test.example", "", models.RoleMerchandiser, nil)
	if err := f.store.EnsureReferenceData(f.ctx); err != nil {
		t.Fatal(err)
	}
	tp, err := f.store.GetTemplateByCode(f.ctx, "apparel")
	if err != nil {
		t.Fatal(err)
	}
	f.apparel = tp.ID
	one := &models.Template{Code: "one_step", Name: "出厂", Active: true,
		Steps: []models.TemplateStep{{Code: "ex_factory", Name: "出厂", NameEn: "Ex-factory"}}}
	if err := f.store.CreateTemplate(f.ctx, one); err != nil {
		t.Fatal(err)
	}
	f.oneStep = one.ID
	return f
}

func (f *orderFx) input(sp *models.Supplier, exFactory string, tpl int64) models.OrderInput {
	f.n++
	lines := []models.OrderLine{{Colour: "Navy", Size: "M", Quantity: 100}}
	return models.OrderInput{PONumber: ptr(fmt.Sprintf("PO-%d", f.n)), CustomerID: &f.customer, SupplierID: &sp.ID,
		TemplateID: &tpl, StyleNo: ptr("ST-1"), ExFactoryDate: ptr(exFactory), ShipMode: ptr("sea"), Lines: &lines}
}

// confirmed creates and confirms an order of sp with a template.
func (f *orderFx) confirmed(sp *models.Supplier, exFactory string, tpl int64) *models.Order {
	f.t.Helper()
	in := f.input(sp, exFactory, tpl)
	in.Force = true // any date, past ones too: TestPastDatesNeedForce checks the refusal
	o, err := f.store.CreateOrder(f.ctx, in, f.merch.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	if o, err = f.store.ConfirmOrder(f.ctx, o.ID, nil, models.LateKeep, f.merch.ID); err != nil {
		f.t.Fatal(err)
	}
	return o
}

func (f *orderFx) milestones(orderID int64) []models.Milestone {
	f.t.Helper()
	ms, err := f.store.ListMilestones(f.ctx, orderID)
	if err != nil {
		f.t.Fatal(err)
	}
	return ms
}

// TestExFactoryCorrectionMovesOpenStepsByCalendarDays: 2027-06-30 →
// 2027-07-31 is 31 days for every step still to do; a done step keeps its
// date; the baselines stay.
func TestExFactoryCorrectionMovesOpenStepsByCalendarDays(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newOrderFx(t, db)
		sp := f.supplier("HZ-JL")
		factory := f.user("factory@test.example", "", models.RoleFactory, &sp.ID)
		o := f.confirmed(sp, "2027-06-30", f.apparel)
		before := f.milestones(o.ID)
		today := f.clock.Now().Format(models.DateLayout)
		if _, _, err := f.store.CreateReport(f.ctx, before[0].ID, models.ReportInput{Date: today, Done: true},
			models.Uploader{UserID: factory.ID, SupplierID: &sp.ID}, models.Scope{SupplierID: &sp.ID}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.UpdateOrder(f.ctx, o.ID, models.OrderInput{ExFactoryDate: ptr("2027-07-31")}, f.merch.ID); err != nil {
			t.Fatal(err)
		}
		after := f.milestones(o.ID)
		for i, m := range after {
			want := models.AddDays(before[i].PlannedDate, 31)
			if i == 0 {
				want = before[0].PlannedDate // done: it stays where it was
			}
			if m.PlannedDate != want || m.BaselineDate != before[i].BaselineDate {
				t.Errorf("%s: planned %s (baseline %s), want planned %s (baseline %s)",
					m.Code, m.PlannedDate, m.BaselineDate, want, before[i].BaselineDate)
			}
		}
		if last := after[len(after)-1]; last.Code != "ex_factory" || last.PlannedDate != "2027-07-31" {
			t.Errorf("the ex-factory step is on %s, want 2027-07-31", last.PlannedDate)
		}
		// And back: −31 days restores the plan.
		if _, err := f.store.UpdateOrder(f.ctx, o.ID, models.OrderInput{ExFactoryDate: ptr("2027-06-30")}, f.merch.ID); err != nil {
			t.Fatal(err)
		}
		for i, m := range f.milestones(o.ID) {
			if m.PlannedDate != before[i].PlannedDate {
				t.Errorf("%s: back on %s, want %s", m.Code, m.PlannedDate, before[i].PlannedDate)
			}
		}
	})
}

// TestDatesOutOfRangeAreRefused: a year such as 0207 is refused with
// date_out_of_range wherever a date enters, and a plan is never moved
// outside 2000–2100.
func TestDatesOutOfRangeAreRefused(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newOrderFx(t, db)
		sp := f.supplier("HZ-JL")
		factory := f.user("factory@test.example", "", models.RoleFactory, &sp.ID)
		const typo = "0207-06-30"

		_, err := f.store.CreateOrder(f.ctx, f.input(sp, typo, f.apparel), f.merch.ID)
		wantInvalid(t, err, "ex_factory_date", "date_out_of_range")

		o := f.confirmed(sp, "2027-06-30", f.apparel)
		_, err = f.store.UpdateOrder(f.ctx, o.ID, models.OrderInput{ExFactoryDate: ptr(typo)}, f.merch.ID)
		wantInvalid(t, err, "ex_factory_date", "date_out_of_range")
		_, err = f.store.UpdateOrder(f.ctx, o.ID, models.OrderInput{ExFactoryDate: ptr("2101-01-01")}, f.merch.ID)
		wantInvalid(t, err, "ex_factory_date", "date_out_of_range")

		ms := f.milestones(o.ID)
		_, err = f.store.RescheduleMilestone(f.ctx, ms[0].ID, typo, false, f.merch.ID)
		wantInvalid(t, err, "planned_date", "date_out_of_range")
		_, _, err = f.store.CreateReport(f.ctx, ms[0].ID, models.ReportInput{Date: typo, Note: "x"},
			models.Uploader{UserID: factory.ID, SupplierID: &sp.ID}, models.Scope{SupplierID: &sp.ID})
		wantInvalid(t, err, "date", "date_out_of_range")
		_, _, err = f.store.ListOrders(f.ctx, models.OrderFilter{ExFactoryFrom: typo})
		wantInvalid(t, err, "ex_factory_from", "date_out_of_range")
		err = f.store.EachOrder(f.ctx, models.OrderFilter{ExFactoryTo: typo}, func(*models.Order) error { return nil })
		wantInvalid(t, err, "ex_factory_to", "date_out_of_range")
		for i, m := range f.milestones(o.ID) {
			if m.PlannedDate != ms[i].PlannedDate {
				t.Fatalf("a refused date moved %s to %s", m.Code, m.PlannedDate)
			}
		}

		// A plan scheduled backward from early 2000 would start in 1999.
		in := f.input(sp, "2000-02-01", f.apparel)
		in.Force = true
		early, err := f.store.CreateOrder(f.ctx, in, f.merch.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.store.ConfirmOrder(f.ctx, early.ID, nil, models.LateKeep, f.merch.ID)
		wantInvalid(t, err, "ex_factory_date", "plan_out_of_range")
		if n := len(f.milestones(early.ID)); n != 0 {
			t.Fatalf("a refused confirmation left %d milestones", n)
		}

		// A step rescheduled to the last day cannot be pushed past it.
		late := f.confirmed(sp, "2100-12-20", f.oneStep)
		step := f.milestones(late.ID)[0]
		if _, err := f.store.RescheduleMilestone(f.ctx, step.ID, models.MaxDate, true, f.merch.ID); err != nil {
			t.Fatal(err)
		}
		_, err = f.store.UpdateOrder(f.ctx, late.ID, models.OrderInput{ExFactoryDate: ptr("2100-12-25")}, f.merch.ID)
		wantInvalid(t, err, "ex_factory_date", "plan_out_of_range")
		if got, _ := f.store.GetOrder(f.ctx, late.ID, models.Scope{}); got.ExFactoryDate != "2100-12-20" || got.Revision != 0 {
			t.Fatalf("a refused change was kept: %+v", got)
		}
	})
}

// failOn makes every query of a table fail while armed, as a broken
// connection would.
func failOn(t *testing.T, db *models.DB, table string) (arm func(bool), boom error) {
	boom = errors.New("connection reset by peer")
	var armed atomic.Bool
	name := "test:fail_" + table
	if err := db.Gorm.Callback().Query().Before("gorm:query").Register(name, func(tx *gorm.DB) {
		if armed.Load() && tx.Statement.Table == table {
			tx.AddError(boom)
		}
	}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Gorm.Callback().Query().Remove(name) })
	return armed.Store, boom
}

// TestDatabaseErrorsAreNotValidationErrors: a failing query is the error
// it is (a 500), never a field problem (a 422).
func TestDatabaseErrorsAreNotValidationErrors(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newOrderFx(t, db)
		sp := f.supplier("HZ-JL")
		draft, err := f.store.CreateOrder(f.ctx, f.input(sp, "2027-06-30", f.apparel), f.merch.ID)
		if err != nil {
			t.Fatal(err)
		}
		notValidation := func(what string, err error, boom error) {
			t.Helper()
			var ve *models.ValidationError
			if err == nil || errors.As(err, &ve) || !errors.Is(err, boom) {
				t.Errorf("%s with a failing database: %v (validation error: %v), want the database error", what, err, ve)
			}
		}
		for _, table := range []string{"customers", "suppliers", "users", "templates"} {
			arm, boom := failOn(t, db, table)
			arm(true)
			_, err := f.store.CreateOrder(f.ctx, f.input(sp, "2027-06-30", f.apparel), f.merch.ID)
			notValidation("CreateOrder ("+table+")", err, boom)
			_, err = f.store.UpdateOrder(f.ctx, draft.ID, models.OrderInput{Destination: ptr("Hamburg")}, f.merch.ID)
			notValidation("UpdateOrder ("+table+")", err, boom)
			if table == "templates" {
				_, err = f.store.ConfirmOrder(f.ctx, draft.ID, nil, models.LateKeep, f.merch.ID)
				notValidation("ConfirmOrder", err, boom)
			}
			arm(false)
		}
		if got, _ := f.store.GetOrder(f.ctx, draft.ID, models.Scope{}); got.Status != models.StatusDraft {
			t.Fatalf("a failed confirmation confirmed: %s", got.Status)
		}
		// With no template named anywhere: a 422 on template_id, no guess.
		bare := f.input(sp, "2027-06-30", f.apparel)
		bare.TemplateID = nil
		o, err := f.store.CreateOrder(f.ctx, bare, f.merch.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.store.ConfirmOrder(f.ctx, o.ID, nil, models.LateKeep, f.merch.ID)
		wantInvalid(t, err, "template_id", "required")
		if _, err := f.store.ConfirmOrder(f.ctx, o.ID, &f.oneStep, models.LateKeep, f.merch.ID); err != nil {
			t.Fatalf("confirm naming a template: %v", err)
		}
	})
}
