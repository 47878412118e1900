package server

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

// fullyShippedOrder is an order of the jinling factory with all its 1000
// pieces shipped (status shipped), made through the stores.
func (e *env) fullyShippedOrder() *models.Order {
	e.t.Helper()
	ctx := context.Background()
	id := e.draftOrder()
	if _, err := e.store.ConfirmOrder(ctx, id, nil, models.LateKeep, e.users["merch"].ID); err != nil {
		e.t.Fatal(err)
	}
	w := e.matrixWarehouse()
	merch := actorOf(e.users["merch"])
	d, err := e.store.BookDelivery(ctx, id, models.DeliveryInput{WarehouseID: w.ID, Date: e.openDay(w, 2), Cartons: 100,
		Lines: []models.LineQty{{Colour: "Navy 藏青", Size: "M", Quantity: 600}, {Colour: "Navy 藏青", Size: "L", Quantity: 400}}},
		merch, models.Scope{})
	if err != nil {
		e.t.Fatal(err)
	}
	rs := []models.PackingRange{{From: 1, To: 60, Colour: "Navy 藏青", Size: "M", Pieces: 10, NetKg: 5, GrossKg: 6},
		{From: 61, To: 100, Colour: "Navy 藏青", Size: "L", Pieces: 10, NetKg: 5, GrossKg: 6}}
	if _, err := e.store.ShipDelivery(ctx, d.ID, models.ShipInput{Date: e.today(), Packing: &rs}, merch, models.Scope{}); err != nil {
		e.t.Fatal(err)
	}
	o, err := e.store.GetOrder(ctx, id, models.Scope{})
	if err != nil {
		e.t.Fatal(err)
	}
	if o.Status != models.StatusShipped {
		e.t.Fatalf("order %d is %s", id, o.Status)
	}
	return o
}

// resComplaint writes a complaint of an order directly (part A writes them
// through its API).
func (e *env) resComplaint(o *models.Order, status, lines string) *models.Complaint {
	e.t.Helper()
	now := e.clock.Now()
	c := &models.Complaint{OrderID: o.ID, SupplierID: o.SupplierID, ReceivedDate: e.today(), Channel: "email",
		Description: "线头多", Lines: lines, AffectedQty: 100, Severity: "major", CustomerRequest: "repair",
		CustomerContact: "buyer@customer.example", Status: status, CreatedBy: e.users["merch"].ID, CreatedAt: now, UpdatedAt: now}
	if err := e.store.Gorm().Create(c).Error; err != nil {
		e.t.Fatal(err)
	}
	return c
}

// resResolution writes an open resolution of a complaint directly.
func (e *env) resResolution(c *models.Complaint, kind string, edit func(r *models.Resolution)) *models.Resolution {
	e.t.Helper()
	now := e.clock.Now()
	r := &models.Resolution{ComplaintID: c.ID, OrderID: c.OrderID, SupplierID: c.SupplierID, Kind: kind,
		Status: models.ResolutionOpen, Quantity: 10, CostBearer: "factory", CreatedBy: e.users["merch"].ID, CreatedAt: now, UpdatedAt: now}
	if edit != nil {
		edit(r)
	}
	if err := e.store.Gorm().Create(r).Error; err != nil {
		e.t.Fatal(err)
	}
	return r
}

var matrixShipped sync.Map // *env → *models.Order

// asOrder is one shipped order per env for the matrix rows.
func (e *env) asOrder() *models.Order {
	if o, ok := matrixShipped.Load(e); ok {
		return o.(*models.Order)
	}
	o := e.fullyShippedOrder()
	matrixShipped.Store(e, o)
	return o
}

func resolutionURL(kind, suffix string, edit func(e *env, r *models.Resolution)) func(*env) string {
	return func(e *env) string {
		c := e.resComplaint(e.asOrder(), models.ComplaintInvestigating, "[]")
		r := e.resResolution(c, kind, func(r *models.Resolution) {
			if edit != nil {
				edit(e, r)
			}
		})
		return fmt.Sprintf("/api/v1/resolutions/%d%s", r.ID, suffix)
	}
}

// passedReinspection books the re-inspection of a rework through the store
// and marks it passed.
func (e *env) passedReinspection(o *models.Order) int64 {
	e.t.Helper()
	insp, err := e.store.BookInspection(models.ForRework(context.Background()), o.ID, models.BookingInput{Type: models.InspFRI,
		Date: e.today(), QuantityReady: 10}, actorOf(e.users["merch"]), models.Scope{})
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.store.Gorm().Model(&models.Inspection{}).Where("id = ?", insp.ID).
		Updates(map[string]any{"status": models.InspCompleted, "result": models.ResultPass}).Error; err != nil {
		e.t.Fatal(err)
	}
	return insp.ID
}

func init() {
	authzMatrix = append(authzMatrix,
		authzRow{method: "POST", path: "/api/v1/complaints/:id/resolutions", want: staffGets(201),
			url: func(e *env) string {
				return fmt.Sprintf("/api/v1/complaints/%d/resolutions", e.resComplaint(e.asOrder(), models.ComplaintInvestigating, "[]").ID)
			},
			body: func(int64) any { return map[string]any{"kind": "concession", "quantity": 1, "cost_bearer": "buyer"} }},
		authzRow{method: "GET", path: "/api/v1/resolutions", url: fixed("/api/v1/resolutions?mine=1"), want: signedInAll(200)},
		authzRow{method: "GET", path: "/api/v1/resolutions/:id", url: resolutionURL(models.ResolveConcession, "", nil),
			want: ownOrForeign(200)},
		authzRow{method: "POST", path: "/api/v1/resolutions/:id/progress", url: resolutionURL(models.ResolveRework, "/progress", nil),
			want: ownOrForeign(200), body: func(int64) any { return map[string]any{"reworked_qty": 5} }},
		authzRow{method: "POST", path: "/api/v1/resolutions/:id/reinspect", want: ownOrForeign(200),
			url:  resolutionURL(models.ResolveRework, "/reinspect", func(e *env, r *models.Resolution) { r.ReworkedQty = 10 }),
			body: func(int64) any { return map[string]any{"date": testdb.NewClock().Now().Format(models.DateLayout)} }},
		authzRow{method: "POST", path: "/api/v1/resolutions/:id/redeliver", want: factoryOnly(200),
			url: resolutionURL(models.ResolveRework, "/redeliver", func(e *env, r *models.Resolution) {
				r.ReworkedQty = 10
				id := e.passedReinspection(e.asOrder())
				r.InspectionID = &id
			}),
			rawBody: func(e *env) any { w := e.matrixWarehouse(); return deliveryBody(w, e.openDay(w, 2), 10) }},
		authzRow{method: "POST", path: "/api/v1/resolutions/:id/acknowledge", want: factoryOnly(200),
			url: resolutionURL(models.ResolveDiscount, "/acknowledge", func(e *env, r *models.Resolution) {
				r.DiscountAmount, r.ChargebackAmount = "100.00", "80.00"
			}),
			body: func(int64) any { return map[string]any{} }},
		authzRow{method: "POST", path: "/api/v1/resolutions/:id/complete", url: resolutionURL(models.ResolveConcession, "/complete", nil),
			want: staffGets(200), body: func(int64) any { return map[string]any{} }},
		authzRow{method: "POST", path: "/api/v1/resolutions/:id/cancel", url: resolutionURL(models.ResolveConcession, "/cancel", nil),
			want: staffGets(200), body: func(int64) any { return map[string]any{"reason": "客户改为让步接收"} }},
	)
}

// moneyKeys may never be in a factory's answer about resolutions.
var moneyKeys = []string{"discount_amount", "discount_pct", "unit_price", "currency", "customer_contact", "internal_notes",
	"invoice", "payments", "amount"}

func noMoney(t *testing.T, what string, body []byte) {
	t.Helper()
	keys := jsonKeys(t, body)
	for _, k := range moneyKeys {
		if keys[k] {
			t.Errorf("%s: factory JSON has %q: %s", what, k, body)
		}
	}
}

func TestResolutionArithmetic(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		o := e.fullyShippedOrder() // 1000 shipped, 12.5 × 1000 = 12500.00
		c := e.resComplaint(o, models.ComplaintInvestigating, "[]")
		url := fmt.Sprintf("/api/v1/complaints/%d/resolutions", c.ID)
		post := func(body map[string]any) *response { return e.as("merch", "POST", url, body) }
		cases := []struct {
			name  string
			body  map[string]any
			field string
			code  string
		}{
			{"quantity 0", map[string]any{"kind": "concession", "quantity": 0, "cost_bearer": "buyer"}, "quantity", "out_of_range"},
			{"over shipped", map[string]any{"kind": "concession", "quantity": 1001, "cost_bearer": "buyer"}, "quantity", "over_resolved"},
			{"both discounts", map[string]any{"kind": "discount", "quantity": 10, "cost_bearer": "factory", "discount_amount": "10",
				"discount_pct": "5"}, "discount_amount", "discount_one_of"},
			{"chargeback over amount", map[string]any{"kind": "discount", "quantity": 10, "cost_bearer": "factory",
				"discount_amount": "100.00", "chargeback_amount": "100.01"}, "chargeback_amount", "chargeback_over_discount"},
			{"chargeback over pct", map[string]any{"kind": "discount", "quantity": 10, "cost_bearer": "factory",
				"discount_pct": "2", "chargeback_amount": "250.01"}, "chargeback_amount", "chargeback_over_discount"},
			{"chargeback, buyer bears", map[string]any{"kind": "concession", "quantity": 10, "cost_bearer": "buyer",
				"chargeback_amount": "1"}, "chargeback_amount", "chargeback_not_allowed"},
			{"return without then", map[string]any{"kind": "return", "quantity": 10, "cost_bearer": "factory"}, "then_kind", "one_of"},
		}
		for _, tc := range cases {
			r := post(tc.body)
			if r.status != 422 || r.fieldCode(t, tc.field) != tc.code {
				t.Errorf("%s: %d %s", tc.name, r.status, r.body)
			}
		}
		r := post(map[string]any{"kind": "concession", "quantity": 1001, "cost_bearer": "buyer"})
		if !strings.Contains(string(r.body), `"shipped":1000`) || !strings.Contains(string(r.body), `"resolved":0`) {
			t.Errorf("over_resolved params: %s", r.body)
		}
		r = post(map[string]any{"kind": "discount", "quantity": 10, "cost_bearer": "factory", "discount_pct": "2", "chargeback_amount": "250.01"})
		if !strings.Contains(string(r.body), `"discount":"250.00"`) {
			t.Errorf("chargeback_over_discount params: %s", r.body)
		}
		// Within the discount (2 % of 12500.00 = 250.00), and above it when allowed.
		ok := []map[string]any{
			{"kind": "discount", "quantity": 400, "cost_bearer": "factory", "discount_pct": "2", "chargeback_amount": "250.00"},
			{"kind": "discount", "quantity": 100, "cost_bearer": "shared", "discount_amount": "100.00", "chargeback_amount": "150.00",
				"chargeback_over_discount": true},
			{"kind": "concession", "quantity": 500, "cost_bearer": "buyer"},
		}
		for i, b := range ok {
			if r := post(b); r.status != 201 {
				t.Fatalf("ok %d: %d %s", i, r.status, r.body)
			}
		}
		// 1000 resolved: one more is over; a cancelled one frees its quantity.
		r = post(map[string]any{"kind": "concession", "quantity": 1, "cost_bearer": "buyer"})
		if r.status != 422 || !strings.Contains(string(r.body), `"resolved":1000`) {
			t.Fatalf("over after 1000: %d %s", r.status, r.body)
		}
		list := e.as("merch", "GET", "/api/v1/resolutions?kind=concession", nil).json(t)
		id := int64(num(list["items"].([]any)[0].(map[string]any), "id"))
		if r := e.as("merch", "POST", fmt.Sprintf("/api/v1/resolutions/%d/cancel", id), map[string]any{"reason": "改为折扣"}); r.status != 200 {
			t.Fatalf("cancel: %d %s", r.status, r.body)
		}
		if r := post(map[string]any{"kind": "concession", "quantity": 500, "cost_bearer": "buyer"}); r.status != 201 {
			t.Fatalf("after cancel: %d %s", r.status, r.body)
		}
		// A complaint not yet investigated takes none; the factory may not add one.
		open := e.resComplaint(o, models.ComplaintOpen, "[]")
		if r := e.as("merch", "POST", fmt.Sprintf("/api/v1/complaints/%d/resolutions", open.ID),
			map[string]any{"kind": "concession", "quantity": 1, "cost_bearer": "buyer"}); r.status != 409 || r.errorCode(t) != "complaint_not_open" {
			t.Errorf("open complaint: %d %s", r.status, r.body)
		}
		if r := e.as("factory", "POST", url, map[string]any{"kind": "concession", "quantity": 1, "cost_bearer": "buyer"}); r.status != 403 {
			t.Errorf("factory adds: %d", r.status)
		}
		// The factory sees the chargebacks, never the discounts; another factory none.
		fl := e.as("factory", "GET", "/api/v1/resolutions?kind=discount", nil)
		noMoney(t, "factory list", fl.body)
		items := fl.json(t)["items"].([]any)
		if len(items) != 2 || items[0].(map[string]any)["chargeback_amount"] != "150.00" {
			t.Fatalf("factory discounts: %s", fl.body)
		}
		wantActions(t, "discount, factory", items[0].(map[string]any), "acknowledge")
		sl := e.as("merch", "GET", "/api/v1/resolutions?kind=discount", nil).json(t)["items"].([]any)
		if sl[1].(map[string]any)["discount_pct"] != "2" {
			t.Errorf("staff discount: %v", sl[1])
		}
		if n := len(e.as("foreign", "GET", "/api/v1/resolutions", nil).json(t)["items"].([]any)); n != 0 {
			t.Errorf("foreign sees %d", n)
		}
		did := int64(num(items[0].(map[string]any), "id"))
		if r := e.as("foreign", "GET", fmt.Sprintf("/api/v1/resolutions/%d", did), nil); r.status != 404 {
			t.Errorf("foreign get: %d", r.status)
		}
		r = e.as("factory", "POST", fmt.Sprintf("/api/v1/resolutions/%d/acknowledge", did), map[string]any{})
		if r.status != 200 || r.json(t)["chargeback_acknowledged_by"] == nil {
			t.Fatalf("acknowledge: %d %s", r.status, r.body)
		}
		noMoney(t, "factory acknowledge", r.body)
		if mine := e.as("factory", "GET", "/api/v1/resolutions?mine=1", nil).json(t)["items"].([]any); len(mine) != 1 {
			t.Errorf("factory tasks after the acknowledgement: %v", mine)
		}
	})
}

func TestResolutionReproduction(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		o := e.fullyShippedOrder()
		c := e.resComplaint(o, models.ComplaintInvestigating, `[{"colour":"Navy 藏青","size":"L","quantity":30}]`)
		r := e.as("merch", "POST", fmt.Sprintf("/api/v1/complaints/%d/resolutions", c.ID),
			map[string]any{"kind": "reproduction", "quantity": 60, "cost_bearer": "factory", "note": "补单"})
		if r.status != 201 {
			t.Fatalf("reproduction: %d %s", r.status, r.body)
		}
		ro := r.json(t)["replacement_order"].(map[string]any)
		if ro["po_number"] != o.PONumber+"-R1" || ro["status"] != "confirmed" {
			t.Fatalf("replacement %v", ro)
		}
		rid := int64(num(ro, "id"))
		rep, err := e.store.GetOrder(context.Background(), rid, models.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.ReplacementOf == nil || *rep.ReplacementOf != o.ID || !rep.IsReplacement() || rep.TotalQuantity != 60 ||
			rep.SupplierID != o.SupplierID || rep.CustomerID != o.CustomerID || rep.StyleNo != o.StyleNo ||
			len(rep.Lines) != 1 || rep.Lines[0].Size != "L" || rep.Lines[0].Quantity != 60 {
			t.Fatalf("replacement order %+v", rep)
		}
		ms, err := e.store.ListMilestones(context.Background(), rid)
		if err != nil || len(ms) == 0 {
			t.Fatalf("replacement plan: %d %v", len(ms), err)
		}
		// The order pages link both ways.
		got := e.as("merch", "GET", fmt.Sprintf("/api/v1/orders/%d", rid), nil).json(t)
		if of, _ := got["replacement_of"].(map[string]any); of == nil || of["po_number"] != o.PONumber {
			t.Errorf("replacement_of %v", got["replacement_of"])
		}
		got = e.as("factory", "GET", fmt.Sprintf("/api/v1/orders/%d", o.ID), nil).json(t)
		if reps, _ := got["replacements"].([]any); len(reps) != 1 || reps[0].(map[string]any)["po_number"] != o.PONumber+"-R1" {
			t.Errorf("replacements %v", got["replacements"])
		}
		// A second one is -R2.
		r = e.as("merch", "POST", fmt.Sprintf("/api/v1/complaints/%d/resolutions", c.ID),
			map[string]any{"kind": "reproduction", "quantity": 10, "cost_bearer": "factory"})
		if r.status != 201 || r.json(t)["replacement_order"].(map[string]any)["po_number"] != o.PONumber+"-R2" {
			t.Fatalf("second: %d %s", r.status, r.body)
		}
	})
}

func TestResolutionReworkPath(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		o := e.fullyShippedOrder()
		c := e.resComplaint(o, models.ComplaintInvestigating, "[]")
		r := e.as("merch", "POST", fmt.Sprintf("/api/v1/complaints/%d/resolutions", c.ID),
			map[string]any{"kind": "rework", "quantity": 50, "cost_bearer": "factory", "due_date": models.AddDays(e.today(), 14)})
		if r.status != 201 {
			t.Fatalf("rework: %d %s", r.status, r.body)
		}
		res := r.json(t)
		url := fmt.Sprintf("/api/v1/resolutions/%d", int64(num(res, "id")))
		wantActions(t, "rework, factory", e.as("factory", "GET", url, nil).json(t), "progress")
		// A shipped order takes no ordinary inspection or delivery.
		if r := e.as("factory", "POST", fmt.Sprintf("/api/v1/orders/%d/inspections", o.ID),
			map[string]any{"type": "fri", "date": e.today(), "quantity_ready": 10}); r.status != 409 {
			t.Errorf("ordinary inspection of a shipped order: %d %s", r.status, r.body)
		}
		if r := e.as("factory", "POST", url+"/progress", map[string]any{"reworked_qty": 51}); r.status != 422 || r.fieldCode(t, "reworked_qty") != "out_of_range" {
			t.Errorf("over reworked: %d %s", r.status, r.body)
		}
		if r := e.as("factory", "POST", url+"/progress", map[string]any{"reworked_qty": 50}); r.status != 200 {
			t.Fatalf("progress: %d %s", r.status, r.body)
		}
		w := e.matrixWarehouse()
		if r := e.as("factory", "POST", url+"/redeliver", deliveryBody(w, e.openDay(w, 2), 50)); r.status != 409 || r.errorCode(t) != "reinspection_not_passed" {
			t.Errorf("redeliver before the inspection: %d %s", r.status, r.body)
		}
		r = e.as("factory", "POST", url+"/reinspect", map[string]any{"date": e.today()})
		if r.status != 200 || r.json(t)["inspection_id"] == nil {
			t.Fatalf("reinspect: %d %s", r.status, r.body)
		}
		inspID := int64(num(r.json(t), "inspection_id"))
		var insp models.Inspection
		if err := e.store.Gorm().First(&insp, inspID).Error; err != nil || insp.QuantityReady != 50 || insp.Type != models.InspFRI {
			t.Fatalf("inspection %+v %v", insp, err)
		}
		if r := e.as("factory", "POST", url+"/redeliver", deliveryBody(w, e.openDay(w, 2), 50)); r.status != 409 || r.errorCode(t) != "reinspection_not_passed" {
			t.Errorf("redeliver before a pass: %d %s", r.status, r.body)
		}
		if err := e.store.Gorm().Model(&models.Inspection{}).Where("id = ?", inspID).
			Updates(map[string]any{"status": models.InspCompleted, "result": models.ResultPass}).Error; err != nil {
			t.Fatal(err)
		}
		wantActions(t, "passed, factory", e.as("factory", "GET", url, nil).json(t), "redeliver")
		r = e.as("factory", "POST", url+"/redeliver", deliveryBody(w, e.openDay(w, 2), 50))
		if r.status != 200 || r.json(t)["delivery_id"] == nil {
			t.Fatalf("redeliver: %d %s", r.status, r.body)
		}
		noMoney(t, "factory rework", r.body)
		did := int64(num(r.json(t), "delivery_id"))
		if r := e.as("merch", "POST", url+"/complete", map[string]any{}); r.status != 409 || r.errorCode(t) != "resolution_not_ready" {
			t.Errorf("complete before the shipment: %d %s", r.status, r.body)
		}
		// Confirmed and shipped (beyond the tolerance: it replaces goods), the rework is done.
		dURL := fmt.Sprintf("/api/v1/deliveries/%d", did)
		if r := e.as("merch", "POST", dURL+"/confirm", map[string]any{}); r.status != 200 {
			t.Fatalf("confirm: %d %s", r.status, r.body)
		}
		if r := e.as("factory", "POST", dURL+"/ship", map[string]any{"date": e.today(), "packing_list": map[string]any{"cartons": packing(5)}}); r.status != 200 {
			t.Fatalf("ship: %d %s", r.status, r.body)
		}
		got := e.as("merch", "GET", url, nil).json(t)
		if got["status"] != "done" || got["done_at"] == nil || got["delivery_status"] != "shipped" {
			t.Fatalf("after the shipment: %v", got)
		}
		wantActions(t, "done, merch", got)
	})
}

func TestResolutionReturnPath(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		o := e.fullyShippedOrder()
		c := e.resComplaint(o, models.ComplaintAgreed, "[]")
		r := e.as("merch", "POST", fmt.Sprintf("/api/v1/complaints/%d/resolutions", c.ID),
			map[string]any{"kind": "return", "quantity": 20, "cost_bearer": "factory", "then_kind": "rework"})
		if r.status != 201 {
			t.Fatalf("return: %d %s", r.status, r.body)
		}
		url := fmt.Sprintf("/api/v1/resolutions/%d", int64(num(r.json(t), "id")))
		if r := e.as("merch", "POST", url+"/complete", map[string]any{}); r.status != 409 || r.errorCode(t) != "resolution_not_ready" {
			t.Errorf("complete before received: %d %s", r.status, r.body)
		}
		if r := e.as("factory", "POST", url+"/progress", map[string]any{"return_shipped_date": e.today()}); r.status != 403 {
			t.Errorf("factory progress on a return: %d", r.status)
		}
		if r := e.as("merch", "POST", url+"/progress", map[string]any{"return_shipped_date": e.today()}); r.status != 200 {
			t.Fatalf("shipped: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "POST", url+"/progress", map[string]any{"return_received_date": e.today()}); r.status != 200 ||
			r.json(t)["return_received_date"] != e.today() {
			t.Fatalf("received: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "POST", url+"/complete", map[string]any{}); r.status != 200 || r.json(t)["status"] != "done" {
			t.Fatalf("complete: %d %s", r.status, r.body)
		}
		list := e.as("merch", "GET", "/api/v1/resolutions?kind=rework&status=open", nil).json(t)["items"].([]any)
		if len(list) != 1 || num(list[0].(map[string]any), "quantity") != 20 {
			t.Fatalf("then_kind rework: %v", list)
		}
		if r := e.as("merch", "POST", url+"/cancel", map[string]any{"reason": "x"}); r.status != 409 || r.errorCode(t) != "resolution_not_open" {
			t.Errorf("cancel a done one: %d %s", r.status, r.body)
		}
	})
}

// TestResolutionsFollowTheSupplier: rows written while the order was
// another factory's are not the new factory's.
func TestResolutionsFollowTheSupplier(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		o := e.fullyShippedOrder()
		c := e.resComplaint(o, models.ComplaintInvestigating, "[]")
		r := e.resResolution(c, models.ResolveConcession, nil)
		if err := e.store.Gorm().Model(&models.Order{}).Where("id = ?", o.ID).Update("supplier_id", e.suppliers["huaxing"].ID).Error; err != nil {
			t.Fatal(err)
		}
		if got := e.as("foreign", "GET", fmt.Sprintf("/api/v1/resolutions/%d", r.ID), nil); got.status != 404 {
			t.Errorf("new factory reads the old one's: %d", got.status)
		}
		if n := len(e.as("foreign", "GET", "/api/v1/resolutions", nil).json(t)["items"].([]any)); n != 0 {
			t.Errorf("new factory lists %d", n)
		}
		if got := e.as("factory", "GET", fmt.Sprintf("/api/v1/resolutions/%d", r.ID), nil); got.status != 404 {
			t.Errorf("old factory reads a moved order's: %d", got.status)
		}
	})
}
