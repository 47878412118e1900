package models_test

import (
	"errors"
	"fmt"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

// batchFx is a customer, a supplier and a merchandiser to make orders for.
type batchFx struct {
	*fx
	customer *models.Customer
	sup      *models.Supplier
	merch    *models.User
}

func newBatchFx(t *testing.T, db *models.DB) *batchFx {
	f := &batchFx{fx: newFx(t, db)}
	f.customer = &models.Customer{Name: "Acme Trading 爱客"}
	if err := f.store.CreateCustomer(f.ctx, f.customer); err != nil {
		t.Fatal(err)
	}
	f.sup = f.supplier("SZ-01")
	f.merch = f.user("merch@batch.example", "", models.RoleMerchandiser, nil)
	return f
}

func (f *batchFx) input(po string, lines ...models.OrderLine) models.OrderInput {
	if len(lines) == 0 {
		lines = []models.OrderLine{{Colour: "Blue", Size: "M", Quantity: 10}}
	}
	return models.OrderInput{PONumber: ptr(po), CustomerID: &f.customer.ID, SupplierID: &f.sup.ID,
		StyleNo: ptr("S-1"), ExFactoryDate: ptr("2026-06-30"), ShipMode: ptr("sea"), Lines: &lines}
}

func TestCreateOrdersAllOrNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newBatchFx(t, db)
		if _, err := f.store.CreateOrder(f.ctx, f.input("TAKEN-1"), f.merch.ID); err != nil {
			t.Fatal(err)
		}
		before, beforeLines := f.count(&models.Order{}), f.count(&models.OrderLine{})
		bad := f.input("B-2", models.OrderLine{Colour: "Red", Size: "S", Quantity: 5}, models.OrderLine{Colour: "Red", Size: "M", Quantity: 0},
			models.OrderLine{Colour: "red", Size: "s", Quantity: 1})
		noSupplier := f.input("B-3")
		var none int64 = 999999
		noSupplier.SupplierID = &none
		ins := []models.OrderInput{f.input("B-1"), bad, f.input("taken-1"), noSupplier, f.input("b-1")}
		if db.Dialect == models.SQLite {
			// SQLite compares PO numbers case-sensitively, so "taken-1" is new there.
			ins[2] = f.input("TAKEN-1")
		}
		for _, run := range []func() error{
			func() error { return f.store.ValidateOrders(f.ctx, ins, f.merch.ID) },
			func() error { _, err := f.store.CreateOrders(f.ctx, ins, f.merch.ID); return err },
		} {
			err := run()
			var ve *models.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("got %v, want a ValidationError", err)
			}
			want := map[string]string{
				"orders[1].lines[1].quantity": "out_of_range",
				"orders[1].lines[2].size":     "duplicate_line",
				"orders[2].po_number":         "already_used",
				"orders[3].supplier_id":       "unknown_supplier",
				"orders[4].po_number":         "duplicate_in_batch",
			}
			for field, substr := range want {
				wantInvalid(t, err, field, substr)
			}
			if len(ve.Fields) != len(want) {
				t.Errorf("fields %v, want exactly %v", ve.Fields, want)
			}
			if n := f.count(&models.Order{}); n != before {
				t.Fatalf("orders %d → %d after a failed batch", before, n)
			}
		}

		// A good batch: every order with its lines, in input order.
		var good []models.OrderInput
		for i := range 30 {
			good = append(good, f.input(fmt.Sprintf("G-%02d", i), models.OrderLine{Colour: "Blue", Size: "S", Quantity: i + 1},
				models.OrderLine{Colour: "Blue", Size: "M", Quantity: 100}))
		}
		out, err := f.store.CreateOrders(f.ctx, good, f.merch.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(out) != 30 || f.count(&models.Order{}) != before+30 || f.count(&models.OrderLine{}) != beforeLines+60 {
			t.Fatalf("created %d orders; %d orders, %d lines in the database", len(out), f.count(&models.Order{}), f.count(&models.OrderLine{}))
		}
		for i, o := range out {
			got, err := f.store.GetOrder(f.ctx, o.ID, models.Scope{})
			if err != nil {
				t.Fatal(err)
			}
			if got.PONumber != fmt.Sprintf("G-%02d", i) || got.TotalQuantity != i+101 || got.MerchandiserID != f.merch.ID ||
				got.Status != models.StatusDraft || got.TolerancePct != 5 || len(got.Lines) != 2 {
				t.Errorf("order %d: %+v", i, got)
			}
		}
		if _, err := f.store.CreateOrders(f.ctx, nil, f.merch.ID); err == nil {
			t.Error("an empty batch was accepted")
		}
	})
}

func TestBulkLookups(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newBatchFx(t, db)
		off := f.supplier("OFF-1")
		if _, err := f.store.UpdateSupplier(f.ctx, off.ID, models.SupplierPatch{Active: ptr(false)}); err != nil {
			t.Fatal(err)
		}
		custs, err := f.store.CustomersByName(f.ctx, []string{" Acme Trading 爱客 ", "ACME TRADING 爱客", "Nobody"})
		if err != nil {
			t.Fatal(err)
		}
		if len(custs) != 2 || custs["Acme Trading 爱客"].ID != f.customer.ID || custs["ACME TRADING 爱客"].ID != f.customer.ID {
			t.Errorf("customers %+v", custs)
		}
		sups, err := f.store.SuppliersByCode(f.ctx, []string{"sz-01", "OFF-1", "NONE"})
		if err != nil {
			t.Fatal(err)
		}
		if len(sups) != 2 || sups["SZ-01"].ID != f.sup.ID || !sups["SZ-01"].Active || sups["OFF-1"].Active {
			t.Errorf("suppliers %+v", sups)
		}
		users, err := f.store.UsersByEmail(f.ctx, []string{"MERCH@batch.example", "x@y.example"})
		if err != nil {
			t.Fatal(err)
		}
		if len(users) != 1 || users["merch@batch.example"].ID != f.merch.ID || users["merch@batch.example"].Role != models.RoleMerchandiser {
			t.Errorf("users %+v", users)
		}
		emails, err := f.store.UserEmails(f.ctx, []int64{f.merch.ID, f.merch.ID, 424242})
		if err != nil {
			t.Fatal(err)
		}
		if len(emails) != 1 || emails[f.merch.ID] != "merch@batch.example" {
			t.Errorf("emails %v", emails)
		}
		// More ids than one IN (…) takes: the look-up goes in chunks.
		many := []int64{f.merch.ID}
		for i := range 1200 {
			many = append(many, int64(500000+i))
		}
		if emails, err := f.store.UserEmails(f.ctx, many); err != nil || len(emails) != 1 {
			t.Errorf("emails of %d ids: %v, %v", len(many), emails, err)
		}
		byID, err := f.store.SupplierNames(f.ctx, []int64{f.sup.ID, off.ID, f.sup.ID, 424242})
		if err != nil {
			t.Fatal(err)
		}
		if len(byID) != 2 || byID[f.sup.ID].Code != "SZ-01" || byID[off.ID].Code != "OFF-1" {
			t.Errorf("suppliers by id %+v", byID)
		}
		custByID, err := f.store.CustomerNames(f.ctx, []int64{f.customer.ID, 424242})
		if err != nil {
			t.Fatal(err)
		}
		if len(custByID) != 1 || custByID[f.customer.ID].Name != "Acme Trading 爱客" {
			t.Errorf("customers by id %+v", custByID)
		}
		if none, err := f.store.CustomersByName(f.ctx, []string{"", "  "}); err != nil || len(none) != 0 {
			t.Errorf("blank names: %v, %v", none, err)
		}
	})
}
