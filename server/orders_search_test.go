package server

import (
	"context"
	"net/url"
	"sort"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

// TestOrderSearchBySupplierAndCustomer: q also matches the supplier's code
// and names and the customer's name, but for a factory user only its own
// orders' customers count (its supplier's name would list everything).
func TestOrderSearchBySupplierAndCustomer(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		confirm := func(in models.OrderInput) int64 {
			o, err := e.store.CreateOrder(ctx, in, e.users["merch"].ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.store.ConfirmOrder(ctx, o.ID, nil, models.LateKeep, e.users["merch"].ID); err != nil {
				t.Fatal(err)
			}
			return o.ID
		}
		jinling := confirm(e.newOrderInput("PO-SEARCH-1"))
		other := &models.Customer{Name: "Contoso 康拓"}
		if err := e.store.CreateCustomer(ctx, other); err != nil {
			t.Fatal(err)
		}
		in := e.newOrderInput("PO-SEARCH-2")
		sid, cid := e.suppliers["huaxing"].ID, other.ID
		in.SupplierID, in.CustomerID = &sid, &cid
		huaxing := confirm(in)
		odd := e.newOrderInput("PO-ODD_1")
		name := "wow! O'Brien's 100% \\ \"wool\" '); DROP TABLE orders; --"
		odd.StyleName = &name
		oddID := confirm(odd)

		ids := func(user, q string) []int64 {
			r := e.as(user, "GET", "/api/v1/orders?q="+url.QueryEscape(q), nil)
			if r.status != 200 {
				t.Fatalf("q=%s: %d %s", q, r.status, r.body)
			}
			var out []int64
			for _, it := range r.json(t)["items"].([]any) {
				out = append(out, int64(it.(map[string]any)["id"].(float64)))
			}
			sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
			return out
		}
		for _, c := range []struct {
			user, q string
			want    []int64
		}{
			{"merch", "DG-HX", []int64{huaxing}},
			{"merch", "华兴", []int64{huaxing}},
			{"merch", "huaxing knit", []int64{huaxing}},
			{"merch", "锦绫", []int64{jinling, oddID}},
			{"merch", "Northwind", []int64{jinling, oddID}},
			{"merch", "康拓", []int64{huaxing}},
			{"merch", "PO-SEARCH", []int64{jinling, huaxing}},
			{"merch", "PO-", []int64{jinling, huaxing, oddID}},
			{"merch", "100%", []int64{oddID}},
			{"merch", "O'Brien's", []int64{oddID}},
			{"merch", "'); DROP TABLE orders; --", []int64{oddID}},
			{"merch", "\\ \"wool", []int64{oddID}},
			{"merch", "ODD_", []int64{oddID}},
			{"merch", "ODDX1", nil},
			{"merch", "wow!", []int64{oddID}},
			{"merch", "w!w", nil},
			{"merch", "PO-ODD\x00_1", []int64{oddID}},
			{"merch", "'", []int64{oddID}},
			{"merch", "''", nil},
			{"merch", "ODD%1", nil},
			{"factory", "Northwind", []int64{jinling, oddID}},
			{"factory", "康拓", nil},
			{"factory", "锦绫", nil},
			{"foreign", "Northwind", nil},
			{"foreign", "康拓", []int64{huaxing}},
		} {
			got := ids(c.user, c.q)
			if len(got) != len(c.want) || (len(got) > 0 && (got[0] != c.want[0] || got[len(got)-1] != c.want[len(c.want)-1])) {
				t.Errorf("%s q=%q: %v, want %v", c.user, c.q, got, c.want)
			}
		}
	})
}
