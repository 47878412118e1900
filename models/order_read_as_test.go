package models_test

import (
	"context"
	"reflect"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

// TestOrderReadsWithAuthState: the one-query reads of an order and its
// plan bring the caller's users row along and answer exactly what
// GetOrderView and GetPlan answer in the scope that row gives — a
// factory user's own confirmed orders with the staff-only columns empty,
// nothing of another supplier's or of its own unconfirmed ones — on both
// databases.
func TestOrderReadsWithAuthState(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		store := models.NewStore(db, testdb.NewClock(), testdb.TokenKey)
		ctx := context.Background()
		if err := store.SeedBench(ctx, 60, "2026-03-01"); err != nil {
			t.Fatal(err)
		}
		user := func(email string) *models.AuthState {
			var id int64
			if err := store.Gorm().Table("users").Where("email = ?", email).Pluck("id", &id).Error; err != nil || id == 0 {
				t.Fatalf("user %s: %v", email, err)
			}
			st, err := store.GetAuthState(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
		merch, factory := user("bench.merch@gendan.test"), user("bench.f01@gendan.test")
		views, _, err := store.ListOrders(ctx, models.OrderFilter{Page: models.Page{Limit: 200}})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range views { // one of the factory's orders back to a draft
			if o.SupplierID == *factory.SupplierID {
				if err := store.Gorm().Table("orders").Where("id = ?", o.ID).Updates(map[string]any{"confirmed_at": nil, "status": "draft"}).Error; err != nil {
					t.Fatal(err)
				}
				break
			}
		}
		if views, _, err = store.ListOrders(ctx, models.OrderFilter{Page: models.Page{Limit: 200}}); err != nil {
			t.Fatal(err)
		}
		var own, foreign, unconfirmed int
		for _, o := range views {
			for _, who := range []*models.AuthState{merch, factory} {
				sc := models.Scope{}
				if who.Role == models.RoleFactory {
					sc.SupplierID = who.SupplierID
				}
				st, got, err := store.GetOrderViewAs(ctx, o.ID, who.ID)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(st, who) {
					t.Fatalf("order %d: state %+v, want %+v", o.ID, st, who)
				}
				want, err := store.GetOrderView(ctx, o.ID, sc)
				if err != nil && err != models.ErrNotFound {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("order %d as %s: %+v\nwant %+v", o.ID, who.Role, got, want)
				}
				pst, h, ms, err := store.GetPlanAs(ctx, o.ID, who.ID)
				if err != nil {
					t.Fatal(err)
				}
				wh, wms, werr := store.GetPlan(ctx, o.ID, sc)
				if werr != nil && werr != models.ErrNotFound {
					t.Fatal(werr)
				}
				if !reflect.DeepEqual(pst, who) || !reflect.DeepEqual(h, wh) || !reflect.DeepEqual(ms, wms) {
					t.Fatalf("plan of order %d as %s: %+v %+v, want %+v %+v", o.ID, who.Role, h, len(ms), wh, len(wms))
				}
				if who != factory {
					continue
				}
				switch {
				case o.SupplierID != *factory.SupplierID:
					foreign++
					if got != nil || h != nil {
						t.Fatalf("factory sees order %d of another supplier", o.ID)
					}
				case o.ConfirmedAt == nil:
					unconfirmed++
					if got != nil || h != nil {
						t.Fatalf("factory sees its unconfirmed order %d", o.ID)
					}
				default:
					own++
					if got == nil || got.UnitPrice != "" || got.InternalNotes != "" || got.MerchandiserID != 0 || len(ms) == 0 {
						t.Fatalf("factory read of its order %d: %+v", o.ID, got)
					}
				}
			}
		}
		if own == 0 || foreign == 0 || unconfirmed == 0 {
			t.Fatalf("the data does not cover every case: own %d, foreign %d, unconfirmed %d", own, foreign, unconfirmed)
		}
		// An unknown user: no state. An unknown order: no order, and the
		// state nil (MySQL: no row) or the user's (SQLite: two reads).
		for _, c := range [][2]int64{{1 << 40, merch.ID}, {views[0].ID, 1 << 40}} {
			st, v, err := store.GetOrderViewAs(ctx, c[0], c[1])
			pst, h, ms, perr := store.GetPlanAs(ctx, c[0], c[1])
			okState := func(st *models.AuthState) bool {
				return st == nil || (c[1] == merch.ID && reflect.DeepEqual(st, merch))
			}
			if !okState(st) || v != nil || err != nil || !okState(pst) || h != nil || ms != nil || perr != nil {
				t.Fatalf("order %d, user %d: %+v %+v %v / %+v %+v %v", c[0], c[1], st, v, err, pst, h, perr)
			}
		}
		// A disabled user's state comes back as it is: the server refuses it.
		if err := store.Gorm().Table("users").Where("id = ?", merch.ID).Update("active", false).Error; err != nil {
			t.Fatal(err)
		}
		st, _, err := store.GetOrderViewAs(ctx, views[0].ID, merch.ID)
		if err != nil || st == nil || st.Active {
			t.Fatalf("disabled user: %+v, %v", st, err)
		}
	})
}
