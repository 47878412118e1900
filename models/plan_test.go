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
	if err := f.store.EnsureDefaultTemplates(f.ctx); err != nil {
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
	o, err := f.store.CreateOrder(f.ctx, f.input(sp, exFactory, tpl), f.merch.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	if o, err = f.store.ConfirmOrder(f.ctx, o.ID, nil, f.merch.ID); err != nil {
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
				_, err = f.store.ConfirmOrder(f.ctx, draft.ID, nil, f.merch.ID)
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
		_, err = f.store.ConfirmOrder(f.ctx, o.ID, nil, f.merch.ID)
		wantInvalid(t, err, "template_id", "required")
		if _, err := f.store.ConfirmOrder(f.ctx, o.ID, &f.oneStep, f.merch.ID); err != nil {
			t.Fatalf("confirm naming a template: %v", err)
		}
	})
}
