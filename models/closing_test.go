package models_test

import (
	"fmt"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

// TestScorecardAfterSales: the after-sales figures of a factory's quarter.
// Two normal orders (January and February) and a replacement order of the
// first; rows of another supplier, cancelled resolutions, unverified CAPAs
// and the replacement's own rows do not count.
func TestScorecardAfterSales(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newOrderFx(t, db)
		g := f.db.Gorm
		sp, other := f.supplier("HZ-JL"), f.supplier("DG-HX")
		code, name, capN := "WH-1", "上海仓", 100
		wh, err := f.store.CreateWarehouse(f.ctx, models.WarehouseInput{Code: &code, Name: &name, CapBookings: &capN, CapCartons: &capN})
		if err != nil {
			t.Fatal(err)
		}
		now := f.clock.Now()
		create := func(v any) {
			t.Helper()
			if err := g.Create(v).Error; err != nil {
				t.Fatal(err)
			}
		}
		exec := func(sql string, args ...any) {
			t.Helper()
			if err := g.Exec(sql, args...).Error; err != nil {
				t.Fatal(err)
			}
		}
		o1 := f.confirmed(sp, "2026-01-10", f.oneStep)
		o2 := f.confirmed(sp, "2026-02-10", f.oneStep)
		rep := f.confirmed(sp, "2026-01-20", f.oneStep)
		exec("UPDATE orders SET replacement_of = ? WHERE id = ?", o1.ID, rep.ID)
		exec("UPDATE orders SET currency = ? WHERE id = ?", "USD", o1.ID)
		exec("UPDATE orders SET currency = ? WHERE id = ?", "EUR", o2.ID)

		ship := func(o *models.Order, supplier int64, qty int) {
			t.Helper()
			date := o.ExFactoryDate
			create(&models.Delivery{OrderID: o.ID, SupplierID: supplier, WarehouseID: wh.ID, Status: "shipped", Date: date,
				RequestedDate: date, BookedLines: "[]", Quantity: qty, ShippedQuantity: qty, Packing: "[]", ShippedDate: date,
				ShippedLines: "[]", ReceivedLines: "[]", RequestedBy: f.merch.ID, CreatedAt: now, UpdatedAt: now})
		}
		ship(o1, sp.ID, 1000)
		ship(o1, other.ID, 999) // an earlier factory's
		ship(o2, sp.ID, 500)
		ship(rep, sp.ID, 300)

		complaint := func(o *models.Order, supplier int64, qty int) *models.Complaint {
			t.Helper()
			c := &models.Complaint{OrderID: o.ID, SupplierID: supplier, ReceivedDate: "2026-02-01", Channel: "email",
				Description: "色差", Lines: "[]", AffectedQty: qty, Severity: "major", CustomerRequest: "discount",
				Status: models.ComplaintInvestigating, CreatedBy: f.merch.ID, CreatedAt: now, UpdatedAt: now}
			create(c)
			return c
		}
		c1, c2 := complaint(o1, sp.ID, 30), complaint(o2, sp.ID, 20)
		complaint(o1, other.ID, 100)
		cr := complaint(rep, sp.ID, 7)

		resolution := func(c *models.Complaint, kind, status string, qty int, chargeback string) {
			t.Helper()
			create(&models.Resolution{ComplaintID: c.ID, OrderID: c.OrderID, SupplierID: c.SupplierID, Kind: kind, Status: status,
				Quantity: qty, CostBearer: "factory", ChargebackAmount: chargeback, CreatedBy: f.merch.ID, CreatedAt: now, UpdatedAt: now})
		}
		resolution(c1, models.ResolveReturn, models.ResolutionOpen, 10, "")
		resolution(c2, models.ResolveReturn, models.ResolutionCancelled, 5, "")
		resolution(c1, models.ResolveDiscount, models.ResolutionDone, 20, "100.5")
		resolution(c1, models.ResolveDiscount, models.ResolutionOpen, 1, "0.25")
		resolution(c2, models.ResolveDiscount, models.ResolutionDone, 20, "20")
		resolution(c2, models.ResolveDiscount, models.ResolutionCancelled, 20, "999")
		resolution(cr, models.ResolveReturn, models.ResolutionOpen, 7, "50")

		at := func(s string) *time.Time {
			v, err := time.Parse(time.RFC3339, s)
			if err != nil {
				t.Fatal(err)
			}
			return &v
		}
		n := int64(0)
		capa := func(o *models.Order, status, due string, done *time.Time) {
			t.Helper()
			n++
			create(&models.CAPA{OrderID: o.ID, SupplierID: sp.ID, SourceKind: "complaint", SourceID: 1000 + n, Problem: "色差",
				DueDate: due, Status: status, DoneAt: done, VerifiedAt: done, CreatedBy: f.merch.ID, CreatedAt: now, UpdatedAt: now})
		}
		capa(o1, models.CAPAVerified, "2026-01-31", at("2026-01-31T15:00:00Z")) // 23:00 in Shanghai: on time
		capa(o2, models.CAPAVerified, "2026-02-15", at("2026-02-15T20:00:00Z")) // 16 Feb in Shanghai: late
		capa(o2, models.CAPADone, "2026-02-01", at("2026-02-20T00:00:00Z"))     // not verified
		capa(rep, models.CAPAVerified, "2026-02-01", at("2026-03-01T00:00:00Z"))

		sc, err := f.store.SupplierScorecard(f.ctx, sp, "2026-01-01", "2026-03-31")
		if err != nil {
			t.Fatal(err)
		}
		tot := sc.Totals
		if tot.Orders != 2 || tot.Replacements != 1 {
			t.Errorf("orders %d, replacements %d; want 2, 1", tot.Orders, tot.Replacements)
		}
		wantRate(t, "complaint_rate", tot.ComplaintRate, 50, 1500, 3.3)
		wantRate(t, "return_rate", tot.ReturnRate, 10, 1500, 0.7)
		wantRate(t, "capa_on_time", tot.CAPAOnTime, 1, 2, 50)
		if got := fmt.Sprint(tot.CostOfPoorQuality); got != "[{EUR 20.00} {USD 100.75}]" {
			t.Errorf("cost_of_poor_quality %s", got)
		}
		jan, feb, mar := sc.Months[0], sc.Months[1], sc.Months[2]
		wantRate(t, "January complaint_rate", jan.ComplaintRate, 30, 1000, 3)
		if jan.Replacements != 1 || feb.Replacements != 0 || fmt.Sprint(jan.CostOfPoorQuality) != "[{USD 100.75}]" {
			t.Errorf("January: %+v", jan.ScorecardFigures)
		}
		wantRate(t, "February capa_on_time", feb.CAPAOnTime, 0, 1, 0)
		wantRate(t, "March return_rate", mar.ReturnRate, 0, 0, 0)
		if mar.CostOfPoorQuality == nil || len(mar.CostOfPoorQuality) != 0 {
			t.Errorf("March cost_of_poor_quality %v, want []", mar.CostOfPoorQuality)
		}
	})
}
