package models_test

import (
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

func TestSupplierTimeZone(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newFx(t, db)
		sp := f.supplier("HZ-JL")
		if got, _ := f.store.GetSupplier(f.ctx, sp.ID); got.TimeZone != "Asia/Shanghai" {
			t.Fatalf("default time zone %q, want Asia/Shanghai", got.TimeZone)
		}
		la := &models.Supplier{Code: "LA-01", Name: "LA Knits", Active: true, TimeZone: "America/Los_Angeles"}
		if err := f.store.CreateSupplier(f.ctx, la); err != nil {
			t.Fatal(err)
		}
		err := f.store.CreateSupplier(f.ctx, &models.Supplier{Code: "XX-01", Name: "x", TimeZone: "China/Hangzhou"})
		wantInvalid(t, err, "time_zone", "unknown_time_zone")
		_, err = f.store.UpdateSupplier(f.ctx, sp.ID, models.SupplierPatch{TimeZone: ptr("GMT+8")})
		wantInvalid(t, err, "time_zone", "unknown_time_zone")
		_, err = f.store.UpdateSupplier(f.ctx, sp.ID, models.SupplierPatch{TimeZone: ptr("")})
		wantInvalid(t, err, "time_zone", "unknown_time_zone")
		got, err := f.store.UpdateSupplier(f.ctx, sp.ID, models.SupplierPatch{TimeZone: ptr(" Asia/Ho_Chi_Minh ")})
		if err != nil || got.TimeZone != "Asia/Ho_Chi_Minh" {
			t.Fatalf("update time zone: %+v, %v", got, err)
		}
		if got, _ := f.store.GetSupplier(f.ctx, sp.ID); got.TimeZone != "Asia/Ho_Chi_Minh" {
			t.Fatalf("stored time zone %q", got.TimeZone)
		}
	})
}
