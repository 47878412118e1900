package server

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

// warehouse creates a warehouse taking capBookings bookings and 1000
// cartons a day, closed on Sundays.
func (e *env) warehouse(capBookings int) *models.Warehouse {
	e.t.Helper()
	code := fmt.Sprintf("WH-%d", seq.Add(1))
	name, cartons, sun := "上海仓 "+code, 1000, []int{0}
	w, err := e.store.CreateWarehouse(context.Background(), models.WarehouseInput{Code: &code, Name: &name,
		CapBookings: &capBookings, CapCartons: &cartons, ClosedWeekdays: &sun})
	if err != nil {
		e.t.Fatal(err)
	}
	return w
}

// openDay is the first day on or after today+n the warehouse is open.
func (e *env) openDay(w *models.Warehouse, n int) string {
	d := models.AddDays(e.today(), n)
	for closed, _ := w.ClosedOn(d); closed; closed, _ = w.ClosedOn(d) {
		d = models.AddDays(d, 1)
	}
	return d
}

// matrixWarehouse is one roomy warehouse per env for the matrix rows.
func (e *env) matrixWarehouse() *models.Warehouse {
	if e.wh == nil {
		e.wh = e.warehouse(100_000)
	}
	return e.wh
}

// deliveryBody books 10 Navy M of the fixture order.
func deliveryBody(w *models.Warehouse, date string, qty int) map[string]any {
	return map[string]any{"warehouse_id": w.ID, "date": date, "cartons": 1, "cbm": 0.1, "gross_kg": 12.5, "net_kg": 11,
		"transport_mode": "truck", "lines": []map[string]any{{"colour": "Navy 藏青", "size": "M", "quantity": qty}}}
}

// flt is a JSON number as it came.
func flt(m map[string]any, k string) float64 { f, _ := m[k].(float64); return f }

func actorOf(u *models.User) models.Actor {
	return models.Actor{UserID: u.ID, Role: u.Role, SupplierID: u.SupplierID}
}

// bookDeliveryAs books qty Navy M of an order through the store.
func (e *env) bookDeliveryAs(who string, orderID int64, w *models.Warehouse, date string, qty int) *models.Delivery {
	e.t.Helper()
	u := e.users[who]
	d, err := e.store.BookDelivery(context.Background(), orderID, models.DeliveryInput{WarehouseID: w.ID, Date: date,
		Cartons: 1, Lines: []models.LineQty{{Colour: "Navy 藏青", Size: "M", Quantity: qty}}}, actorOf(u),
		models.ScopeFor(u.Role, u.SupplierID, nil))
	if err != nil {
		e.t.Fatal(err)
	}
	return d
}

// packing packs n cartons of 10 Navy M.
func packing(n int) []map[string]any {
	return []map[string]any{{"from": 1, "to": n, "colour": "Navy 藏青", "size": "M", "pieces": 10, "net_kg": 5,
		"gross_kg": 5.5, "length_cm": 60, "width_cm": 40, "height_cm": 30}}
}

func freshDeliveryURL(suffix string) func(*env) string {
	return func(e *env) string {
		w := e.matrixWarehouse()
		return fmt.Sprintf("/api/v1/deliveries/%d%s", e.bookDeliveryAs("factory", e.fixtureOrder(), w, e.openDay(w, 2), 10).ID, suffix)
	}
}

func confirmedDeliveryURL(suffix string) func(*env) string {
	return func(e *env) string {
		w := e.matrixWarehouse()
		return fmt.Sprintf("/api/v1/deliveries/%d%s", e.bookDeliveryAs("merch", e.fixtureOrder(), w, e.openDay(w, 2), 10).ID, suffix)
	}
}

func shippedDeliveryURL(suffix string) func(*env) string {
	return func(e *env) string {
		w := e.matrixWarehouse()
		d := e.bookDeliveryAs("merch", e.fixtureOrder(), w, e.openDay(w, 2), 10)
		rs := []models.PackingRange{{From: 1, To: 1, Colour: "Navy 藏青", Size: "M", Pieces: 10, NetKg: 5, GrossKg: 6}}
		if _, err := e.store.ShipDelivery(context.Background(), d.ID, models.ShipInput{Date: e.today(), Packing: &rs},
			actorOf(e.users["merch"]), models.Scope{}); err != nil {
			e.t.Fatal(err)
		}
		return fmt.Sprintf("/api/v1/deliveries/%d%s", d.ID, suffix)
	}
}

func warehouseURL(suffix string) func(*env) string {
	return func(e *env) string { return fmt.Sprintf("/api/v1/warehouses/%d%s", e.matrixWarehouse().ID, suffix) }
}

func init() {
	authzMatrix = append(authzMatrix,
		authzRow{method: "GET", path: "/api/v1/warehouses", url: fixed("/api/v1/warehouses"), want: signedInAll(200)},
		authzRow{method: "POST", path: "/api/v1/warehouses", url: fixed("/api/v1/warehouses"), want: adminGets(201),
			body: func(n int64) any {
				return map[string]any{"code": fmt.Sprintf("M-%d", n), "name": "宁波港仓", "time_zone": "Asia/Shanghai",
					"capacity": map[string]any{"bookings": 5, "cartons": 500}}
			}},
		authzRow{method: "PATCH", path: "/api/v1/warehouses/:id", url: warehouseURL(""), want: adminGets(200),
			body: func(int64) any { return map[string]any{"address": "上海市浦东新区"} }},
		authzRow{method: "GET", path: "/api/v1/warehouses/:id/availability", url: warehouseURL("/availability"), want: signedInAll(200)},
		authzRow{method: "GET", path: "/api/v1/orders/:id/deliveries", url: orderURL("/deliveries"), want: ownOrForeign(200)},
		authzRow{method: "POST", path: "/api/v1/orders/:id/deliveries", url: orderURL("/deliveries"), want: ownOrForeign(201),
			rawBody: func(e *env) any { w := e.matrixWarehouse(); return deliveryBody(w, e.openDay(w, 3), 10) }},
		authzRow{method: "GET", path: "/api/v1/deliveries", url: fixed("/api/v1/deliveries"), want: signedInAll(200)},
		authzRow{method: "GET", path: "/api/v1/deliveries/:id", url: freshDeliveryURL(""), want: ownOrForeign(200)},
		authzRow{method: "POST", path: "/api/v1/deliveries/:id/confirm", url: freshDeliveryURL("/confirm"), want: staffGets(200),
			body: func(int64) any { return map[string]any{} }},
		authzRow{method: "POST", path: "/api/v1/deliveries/:id/reschedule", url: freshDeliveryURL("/reschedule"), want: staffGets(200),
			rawBody: func(e *env) any {
				return map[string]any{"date": e.openDay(e.matrixWarehouse(), 5), "reason": "码头排满"}
			}},
		authzRow{method: "POST", path: "/api/v1/deliveries/:id/reject", url: freshDeliveryURL("/reject"), want: staffGets(200),
			body: func(int64) any { return map[string]any{"reason": "仓库盘点"} }},
		authzRow{method: "POST", path: "/api/v1/deliveries/:id/cancel", url: freshDeliveryURL("/cancel"), want: ownOrForeign(200),
			body: func(int64) any { return map[string]any{"reason": "货未齐"} }},
		authzRow{method: "POST", path: "/api/v1/deliveries/:id/ship", url: confirmedDeliveryURL("/ship"), want: ownOrForeign(200),
			rawBody: func(e *env) any {
				return map[string]any{"date": e.today(), "carrier": "顺丰", "packing_list": map[string]any{"cartons": packing(1)}}
			}},
		authzRow{method: "POST", path: "/api/v1/deliveries/:id/receive", url: shippedDeliveryURL("/receive"), want: staffGets(200),
			rawBody: func(e *env) any {
				return map[string]any{"date": e.today(), "lines": []map[string]any{{"colour": "Navy 藏青", "size": "M", "quantity": 10}}}
			}},
		authzRow{method: "PUT", path: "/api/v1/deliveries/:id/packing-list", url: freshDeliveryURL("/packing-list"), want: ownOrForeign(200),
			body: func(int64) any { return map[string]any{"cartons": packing(1)} }},
	)
}

func TestDeliveryLoop(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		w := e.warehouse(3)
		id := e.fixtureOrder()
		url := fmt.Sprintf("/api/v1/orders/%d/deliveries", id)
		day := e.openDay(w, 2)

		// The factory books 600 M + 300 L with an Idempotency-Key; the replay
		// answers the same booking and takes no second slot.
		body := deliveryBody(w, day, 600)
		body["lines"] = []map[string]any{{"colour": "Navy 藏青", "size": "M", "quantity": 600}, {"colour": "Navy 藏青", "size": "L", "quantity": 300}}
		body["cartons"] = 90
		hdr := map[string]string{"Idempotency-Key": "book-1"}
		r := e.do(req{method: "POST", path: url, token: e.token("factory"), body: body, headers: hdr})
		if r.status != 201 {
			t.Fatalf("book: %d %s", r.status, r.body)
		}
		d := r.json(t)
		if d["status"] != "requested" || num(d, "quantity") != 900 || flt(d, "cbm") != 0.1 || flt(d, "gross_kg") != 12.5 {
			t.Fatalf("booked %v", d)
		}
		wantActions(t, "requested, factory", d, "cancel", "pack")
		again := e.do(req{method: "POST", path: url, token: e.token("factory"), body: body, headers: hdr})
		if again.status != 201 || num(again.json(t), "id") != num(d, "id") {
			t.Fatalf("replay: %d %s", again.status, again.body)
		}
		did := int64(num(d, "id"))
		durl := fmt.Sprintf("/api/v1/deliveries/%d", did)
		av := e.as("factory", "GET", fmt.Sprintf("/api/v1/warehouses/%d/availability?from=%s&to=%s", w.ID, day, day), nil).json(t)
		first := av["days"].([]any)[0].(map[string]any)
		if b := first["booked"].(map[string]any); num(b, "bookings") != 1 || num(b, "cartons") != 90 {
			t.Fatalf("availability after one booking: %v", first)
		}
		wantActions(t, "requested, merch", e.as("merch", "GET", durl, nil).json(t), "confirm", "reschedule", "reject", "pack")

		// The merchandiser moves it with a reason (kept in dates) and confirms.
		later := e.openDay(w, 4)
		r = e.as("merch", "POST", durl+"/reschedule", map[string]any{"date": later, "reason": "码头当天排满"})
		if r.status != 200 {
			t.Fatalf("reschedule: %d %s", r.status, r.body)
		}
		dates := r.json(t)["dates"].([]any)
		if len(dates) != 1 || dates[0].(map[string]any)["from"] != day || dates[0].(map[string]any)["to"] != later ||
			dates[0].(map[string]any)["reason"] != "码头当天排满" {
			t.Fatalf("dates %v", dates)
		}
		if r := e.as("merch", "POST", durl+"/confirm", map[string]any{}); r.status != 200 || r.json(t)["status"] != "confirmed" {
			t.Fatalf("confirm: %d %s", r.status, r.body)
		}

		// Shipping without a packing list, or with one that does not match
		// the lines sent, is refused.
		r = e.as("factory", "POST", durl+"/ship", map[string]any{"date": e.today()})
		if r.status != 422 || r.fieldCode(t, "packing_list") != "required" {
			t.Fatalf("ship without packing: %d %s", r.status, r.body)
		}
		pk := []map[string]any{
			{"from": 1, "to": 60, "colour": "Navy 藏青", "size": "M", "pieces": 10, "net_kg": 5, "gross_kg": 5.5, "length_cm": 60, "width_cm": 40, "height_cm": 30},
			{"from": 61, "to": 80, "colour": "Navy 藏青", "size": "L", "pieces": 10, "net_kg": 5.2, "gross_kg": 5.7, "length_cm": 60, "width_cm": 40, "height_cm": 30},
		}
		r = e.as("factory", "POST", durl+"/ship", map[string]any{"date": e.today(), "packing_list": map[string]any{"cartons": pk},
			"lines": []map[string]any{{"colour": "Navy 藏青", "size": "M", "quantity": 600}, {"colour": "Navy 藏青", "size": "L", "quantity": 300}}})
		if r.status != 422 || r.fieldCode(t, "packing_list") != "packing_mismatch" {
			t.Fatalf("ship with a short packing list: %d %s", r.status, r.body)
		}
		// The factory ships 800 (short): the order is partially shipped.
		r = e.as("factory", "POST", durl+"/ship", map[string]any{"date": e.today(), "carrier": "中远海运", "tracking_no": "COSU123",
			"container_no": "CSNU1234567", "seal_no": "S-88", "packing_list": map[string]any{"cartons": pk}})
		if r.status != 200 {
			t.Fatalf("ship: %d %s", r.status, r.body)
		}
		d = r.json(t)
		sh := d["shipment"].(map[string]any)
		tot := d["packing"].(map[string]any)["totals"].(map[string]any)
		if d["status"] != "shipped" || num(sh, "quantity") != 800 || sh["container_no"] != "CSNU1234567" ||
			num(tot, "cartons") != 80 || flt(tot, "cbm") != 5.76 || flt(tot, "gross_kg") != 444 {
			t.Fatalf("shipped %v", d)
		}
		if st := e.as("merch", "GET", fmt.Sprintf("/api/v1/orders/%d", id), nil).json(t)["status"]; st != "partially_shipped" {
			t.Fatalf("order after a partial shipment: %v", st)
		}
		sum := e.as("merch", "GET", url, nil).json(t)["summary"].(map[string]any)
		if num(sum, "shipped") != 800 || num(sum, "balance") != 200 || num(sum, "booked") != 0 || num(sum, "bookable") != 250 || num(sum, "max_quantity") != 1050 {
			t.Fatalf("summary %v", sum)
		}

		// Receipt with two pieces missing: the discrepancy is kept.
		r = e.as("merch", "POST", durl+"/receive", map[string]any{"date": e.today(), "lines": []map[string]any{
			{"colour": "Navy 藏青", "size": "M", "quantity": 598}, {"colour": "Navy 藏青", "size": "L", "quantity": 200}}})
		if r.status != 200 {
			t.Fatalf("receive: %d %s", r.status, r.body)
		}
		disc := r.json(t)["receipt"].(map[string]any)["discrepancies"].([]any)
		if len(disc) != 1 || num(disc[0].(map[string]any), "difference") != -2 {
			t.Fatalf("discrepancies %v", disc)
		}

		// The rest ships on a staff booking: the order is shipped and its
		// ex-factory step done on the ship date.
		d2 := e.bookDeliveryAs("merch", id, w, e.openDay(w, 2), 200)
		rs := []models.PackingRange{{From: 1, To: 20, Colour: "Navy 藏青", Size: "M", Pieces: 10, NetKg: 5, GrossKg: 5.5}}
		if _, err := e.store.ShipDelivery(context.Background(), d2.ID, models.ShipInput{Date: e.today(), Packing: &rs},
			actorOf(e.users["factory"]), models.ScopeFor(models.RoleFactory, e.users["factory"].SupplierID, nil)); err != nil {
			t.Fatal(err)
		}
		if st := e.as("merch", "GET", fmt.Sprintf("/api/v1/orders/%d", id), nil).json(t)["status"]; st != "shipped" {
			t.Fatalf("order after the last shipment: %v", st)
		}
		var ex models.Milestone
		if err := db.Gorm.Where("order_id = ? AND code = ?", id, "ex_factory").First(&ex).Error; err != nil {
			t.Fatal(err)
		}
		if ex.Status != models.MilestoneDone || ex.ActualDate == nil || *ex.ActualDate != e.today() {
			t.Fatalf("ex-factory step %+v", ex)
		}
		// Every delivery row carries the supplier that wrote it.
		var unstamped int64
		db.Gorm.Model(&models.Delivery{}).Where("supplier_id <> ?", e.suppliers["jinling"].ID).Count(&unstamped)
		if unstamped != 0 {
			t.Fatalf("%d deliveries without the order's supplier", unstamped)
		}
	})
}

// TestSlotNeverOversold fires 50 concurrent bookings at a day that takes
// 10: exactly 10 succeed, 40 are refused slot_full, and the day's counter
// equals the bookings on it.
func TestSlotNeverOversold(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		w := e.warehouse(10)
		id := e.fixtureOrder()
		day := e.openDay(w, 2)
		token := e.token("factory")
		var wg sync.WaitGroup
		codes := make([]string, 50)
		statuses := make([]int, 50)
		for i := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, _, err := e.send(req{method: "POST", path: fmt.Sprintf("/api/v1/orders/%d/deliveries", id), token: token,
					body: deliveryBody(w, day, 10), headers: map[string]string{"Idempotency-Key": fmt.Sprintf("race-%d", i)}})
				if err != nil {
					t.Error(err)
					return
				}
				statuses[i] = res.status
				if res.status != 201 {
					codes[i] = res.errorCode(t)
				}
			}()
		}
		wg.Wait()
		ok, full := 0, 0
		for i, st := range statuses {
			switch {
			case st == 201:
				ok++
			case st == 409 && codes[i] == "slot_full":
				full++
			default:
				t.Errorf("booking %d: %d %s", i, st, codes[i])
			}
		}
		if ok != 10 || full != 40 {
			t.Fatalf("%d booked, %d slot_full; want 10 and 40", ok, full)
		}
		var day0 models.WarehouseDay
		if err := db.Gorm.Where("warehouse_id = ? AND date = ?", w.ID, day).First(&day0).Error; err != nil {
			t.Fatal(err)
		}
		var booked int64
		db.Gorm.Model(&models.Delivery{}).Where("warehouse_id = ? AND date = ? AND status = ?", w.ID, day, models.DelivRequested).Count(&booked)
		if day0.Bookings != 10 || booked != 10 || day0.Cartons != 10 {
			t.Fatalf("counter %+v, %d bookings on the day", day0, booked)
		}
	})
}

func TestCapacityFreedAndMoved(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		w := e.warehouse(1)
		id := e.fixtureOrder()
		url := fmt.Sprintf("/api/v1/orders/%d/deliveries", id)
		a, b := e.openDay(w, 2), e.openDay(w, 3)
		if a == b {
			b = e.openDay(w, 4)
		}
		load := func(date string) int {
			var d models.WarehouseDay
			db.Gorm.Where("warehouse_id = ? AND date = ?", w.ID, date).Limit(1).Find(&d)
			return d.Bookings
		}

		first := e.bookDeliveryAs("factory", id, w, a, 10)
		r := e.as("factory", "POST", url, deliveryBody(w, a, 10))
		if r.status != 409 || r.errorCode(t) != "slot_full" {
			t.Fatalf("second booking of a full day: %d %s", r.status, r.body)
		}
		if next := r.json(t)["error"].(map[string]any)["params"].(map[string]any)["next_free"]; next == "" || next == nil {
			t.Fatalf("slot_full names no next free day: %s", r.body)
		}
		// A closed day (Sunday) is a field error, and so is a past one.
		sunday := e.today()
		for closed, why := w.ClosedOn(sunday); !closed || why != "weekly"; closed, why = w.ClosedOn(sunday) {
			sunday = models.AddDays(sunday, 1)
		}
		if sunday == e.today() {
			sunday = models.AddDays(sunday, 7)
		}
		if r := e.as("factory", "POST", url, deliveryBody(w, sunday, 10)); r.status != 422 || r.fieldCode(t, "date") != "warehouse_closed" {
			t.Fatalf("booking a Sunday: %d %s", r.status, r.body)
		}
		if r := e.as("factory", "POST", url, deliveryBody(w, models.AddDays(e.today(), -1), 10)); r.status != 422 || r.fieldCode(t, "date") != "date_in_past" {
			t.Fatalf("booking yesterday: %d %s", r.status, r.body)
		}

		// Rescheduling onto a full day moves nothing; onto a free day moves
		// the share.
		second := e.bookDeliveryAs("factory", id, w, b, 10)
		r = e.as("merch", "POST", fmt.Sprintf("/api/v1/deliveries/%d/reschedule", first.ID), map[string]any{"date": b, "reason": "改期"})
		if r.status != 409 || r.errorCode(t) != "slot_full" || load(a) != 1 || load(b) != 1 {
			t.Fatalf("reschedule onto a full day: %d %s (a %d, b %d)", r.status, r.body, load(a), load(b))
		}
		if r := e.as("merch", "POST", fmt.Sprintf("/api/v1/deliveries/%d/reject", second.ID), map[string]any{"reason": "盘点"}); r.status != 200 {
			t.Fatalf("reject: %d %s", r.status, r.body)
		}
		if load(b) != 0 {
			t.Fatalf("rejecting left %d on the day", load(b))
		}
		r = e.as("merch", "POST", fmt.Sprintf("/api/v1/deliveries/%d/reschedule", first.ID), map[string]any{"date": b, "reason": "改期"})
		if r.status != 200 || load(a) != 0 || load(b) != 1 {
			t.Fatalf("reschedule: %d %s (a %d, b %d)", r.status, r.body, load(a), load(b))
		}
		if r := e.as("factory", "POST", fmt.Sprintf("/api/v1/deliveries/%d/cancel", first.ID), map[string]any{"reason": "货未齐"}); r.status != 200 {
			t.Fatalf("cancel: %d %s", r.status, r.body)
		}
		if load(b) != 0 {
			t.Fatalf("cancelling left %d on the day", load(b))
		}
		// Cancelled is final.
		if r := e.as("factory", "POST", fmt.Sprintf("/api/v1/deliveries/%d/cancel", first.ID), map[string]any{"reason": "再取消"}); r.status != 409 || r.errorCode(t) != "delivery_not_open" {
			t.Fatalf("cancel twice: %d %s", r.status, r.body)
		}
		// A cancelled order withdraws its bookings and frees their days.
		e.bookDeliveryAs("factory", id, w, a, 10)
		if r := e.as("merch", "POST", fmt.Sprintf("/api/v1/orders/%d/cancel", id), map[string]any{"reason": "客户取消"}); r.status != 200 {
			t.Fatalf("cancel order: %d %s", r.status, r.body)
		}
		if load(a) != 0 {
			t.Fatalf("a cancelled order still holds %d on its day", load(a))
		}
		if r := e.as("factory", "POST", url, deliveryBody(w, a, 10)); r.status != 409 || r.errorCode(t) != "order_cancelled" {
			t.Fatalf("booking a cancelled order: %d %s", r.status, r.body)
		}
	})
}

func TestDeliveryQuantityRules(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		w := e.warehouse(100)
		id := e.fixtureOrder()
		url := fmt.Sprintf("/api/v1/orders/%d/deliveries", id)
		day := e.openDay(w, 2)
		if err := db.Gorm.Model(&models.Order{}).Where("id = ?", id).Update("tolerance_pct", 5).Error; err != nil {
			t.Fatal(err)
		}
		e.bookDeliveryAs("factory", id, w, day, 600)
		// 1000 × 1.05 = 1050: 600 + 451 is over.
		body := deliveryBody(w, day, 0)
		body["lines"] = []map[string]any{{"colour": "Navy 藏青", "size": "L", "quantity": 451}}
		if r := e.as("factory", "POST", url, body); r.status != 422 || r.fieldCode(t, "lines") != "over_tolerance" {
			t.Fatalf("over tolerance: %d %s", r.status, r.body)
		}
		body["lines"] = []map[string]any{{"colour": "Olive", "size": "M", "quantity": 1}}
		if r := e.as("factory", "POST", url, body); r.status != 422 || r.fieldCode(t, "lines[0].colour") != "unknown_line" {
			t.Fatalf("unknown line: %d %s", r.status, r.body)
		}

		// A failed final inspection of 400 holds them back: 600 booked + 400
		// held leaves 50; a booking of 100 is refused until staff override.
		in := e.confirmedInspection("fri")
		a := e.users["admin"]
		fail := []models.Defect{{Code: "hole", Severity: models.SevCritical, Count: 1}} // any critical fails
		if err := db.Gorm.Model(&models.Inspection{}).Where("id = ?", in.ID).Update("lot_size", 400).Error; err != nil {
			t.Fatal(err)
		}
		if _, err := e.store.CompleteInspection(context.Background(), in.ID, models.CompleteInput{CartonsOpened: 4, Findings: models.Findings{Defects: fail}},
			models.Inspector{UserID: a.ID, Role: a.Role}, models.Scope{}); err != nil {
			t.Fatal(err)
		}
		body["lines"] = []map[string]any{{"colour": "Navy 藏青", "size": "L", "quantity": 100}}
		r := e.as("factory", "POST", url, body)
		if r.status != 409 || r.errorCode(t) != "inspection_failed" {
			t.Fatalf("booking held-back goods: %d %s", r.status, r.body)
		}
		body["lines"] = []map[string]any{{"colour": "Navy 藏青", "size": "L", "quantity": 50}}
		if r := e.as("factory", "POST", url, body); r.status != 201 {
			t.Fatalf("booking what is not held back: %d %s", r.status, r.body)
		}
		body["lines"] = []map[string]any{{"colour": "Navy 藏青", "size": "L", "quantity": 100}}
		body["inspection_override_reason"] = "客户书面同意放行"
		if r := e.as("factory", "POST", url, body); r.status != 422 || r.fieldCode(t, "inspection_override_reason") != "staff_only" {
			t.Fatalf("factory override: %d %s", r.status, r.body)
		}
		body["lines"] = []map[string]any{{"colour": "Navy 藏青", "size": "L", "quantity": 400}}
		r = e.as("merch", "POST", url, body)
		if r.status != 201 || r.json(t)["inspection_override"] == nil {
			t.Fatalf("staff override: %d %s", r.status, r.body)
		}
		sum := e.as("factory", "GET", url, nil).json(t)["summary"].(map[string]any)
		if num(sum, "held") != 400 || num(sum, "booked") != 1050 || num(sum, "bookable") != 0 {
			t.Fatalf("summary %v", sum)
		}
		// A passing re-inspection of the lot releases it.
		f := e.users["factory"]
		re, err := e.store.BookInspection(context.Background(), id, models.BookingInput{Type: models.InspReinspection,
			Date: models.AddDays(e.today(), 1), QuantityReady: 400, TotalCartons: 16, ReinspectionOf: &in.ID},
			models.Inspector{UserID: f.ID, Role: f.Role, SupplierID: f.SupplierID}, models.ScopeFor(f.Role, f.SupplierID, nil))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.store.ConfirmInspection(context.Background(), re.ID, models.ConfirmInput{}, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.store.CompleteInspection(context.Background(), re.ID, models.CompleteInput{CartonsOpened: 4},
			models.Inspector{UserID: a.ID, Role: a.Role}, models.Scope{}); err != nil {
			t.Fatal(err)
		}
		if sum := e.as("factory", "GET", url, nil).json(t)["summary"].(map[string]any); num(sum, "held") != 0 {
			t.Fatalf("held after a passing re-inspection: %v", sum)
		}
	})
}

func TestPackingListRules(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		w := e.warehouse(100)
		d := e.bookDeliveryAs("factory", e.fixtureOrder(), w, e.openDay(w, 2), 100)
		url := fmt.Sprintf("/api/v1/deliveries/%d/packing-list", d.ID)
		bad := []map[string]any{
			{"from": 1, "to": 4, "colour": "Navy 藏青", "size": "M", "pieces": 10, "net_kg": 5, "gross_kg": 5.5},
			{"from": 6, "to": 8, "colour": "Navy 藏青", "size": "M", "pieces": 10, "net_kg": 6, "gross_kg": 5.5},
		}
		r := e.as("factory", "PUT", url, map[string]any{"cartons": bad})
		if r.status != 422 || r.fieldCode(t, "cartons[1].from") != "carton_sequence" || r.fieldCode(t, "cartons[1].gross_kg") != "gross_below_net" {
			t.Fatalf("bad packing list: %d %s", r.status, r.body)
		}
		// Before shipping a short list is kept, with its mismatch shown.
		r = e.as("factory", "PUT", url, map[string]any{"cartons": packing(9)})
		if r.status != 200 {
			t.Fatalf("save: %d %s", r.status, r.body)
		}
		mm := r.json(t)["packing"].(map[string]any)["mismatches"].([]any)
		if len(mm) != 1 || num(mm[0].(map[string]any), "packed") != 90 || num(mm[0].(map[string]any), "expected") != 100 {
			t.Fatalf("mismatches %v", mm)
		}
		if r := e.as("merch", "POST", fmt.Sprintf("/api/v1/deliveries/%d/confirm", d.ID), map[string]any{}); r.status != 200 {
			t.Fatalf("confirm: %d %s", r.status, r.body)
		}
		// Shipping takes the saved list: 90 ship.
		r = e.as("factory", "POST", fmt.Sprintf("/api/v1/deliveries/%d/ship", d.ID), map[string]any{"date": e.today()})
		if r.status != 200 || num(r.json(t)["shipment"].(map[string]any), "quantity") != 90 {
			t.Fatalf("ship with the saved list: %d %s", r.status, r.body)
		}
		// After shipping, the list must still add up to what shipped.
		if r := e.as("factory", "PUT", url, map[string]any{"cartons": packing(10)}); r.status != 422 || r.fieldCode(t, "packing_list") != "packing_mismatch" {
			t.Fatalf("changing a shipped list's totals: %d %s", r.status, r.body)
		}
		if r := e.as("factory", "POST", fmt.Sprintf("/api/v1/deliveries/%d/ship", d.ID), map[string]any{"date": e.today()}); r.status != 409 || r.errorCode(t) != "delivery_not_open" {
			t.Fatalf("shipping twice: %d %s", r.status, r.body)
		}
	})
}

// TestDeliveriesFollowTheSupplier: after the order moves to another
// factory, the first factory no longer sees its deliveries, nor the new
// one those it did not write.
func TestDeliveriesFollowTheSupplier(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		w := e.warehouse(100)
		id := e.fixtureOrder()
		d := e.bookDeliveryAs("factory", id, w, e.openDay(w, 2), 10)
		durl := fmt.Sprintf("/api/v1/deliveries/%d", d.ID)
		if r := e.as("foreign", "GET", durl, nil); r.status != 404 {
			t.Fatalf("another factory reads a delivery: %d", r.status)
		}
		if r := e.as("foreign", "POST", durl+"/cancel", map[string]any{"reason": "x"}); r.status != 404 {
			t.Fatalf("another factory cancels a delivery: %d", r.status)
		}
		if items := e.as("foreign", "GET", "/api/v1/deliveries", nil).json(t)["items"].([]any); len(items) != 0 {
			t.Fatalf("another factory lists %d deliveries", len(items))
		}
		r := e.as("merch", "PATCH", fmt.Sprintf("/api/v1/orders/%d", id), map[string]any{"supplier_id": e.suppliers["huaxing"].ID})
		if r.status != 200 {
			t.Fatalf("move order: %d %s", r.status, r.body)
		}
		for _, who := range []string{"factory", "foreign"} {
			if r := e.as(who, "GET", durl, nil); r.status != 404 {
				t.Errorf("%s reads a delivery of another supplier's time: %d", who, r.status)
			}
			if items := e.as(who, "GET", "/api/v1/deliveries", nil).json(t)["items"].([]any); len(items) != 0 {
				t.Errorf("%s lists %d deliveries", who, len(items))
			}
		}
		if r := e.as("foreign", "GET", fmt.Sprintf("/api/v1/orders/%d/deliveries", id), nil); r.status != 200 || len(r.json(t)["items"].([]any)) != 0 {
			t.Fatalf("the new factory's order deliveries: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "GET", "/api/v1/deliveries?order_id="+fmt.Sprint(id), nil); len(r.json(t)["items"].([]any)) != 1 {
			t.Fatalf("staff list: %s", r.body)
		}
	})
}

func TestWarehouseValidation(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	r := e.as("admin", "POST", "/api/v1/warehouses", map[string]any{"code": "x", "name": "", "time_zone": "Mars/Base",
		"capacity": map[string]any{"bookings": 0, "cartons": 10}, "closed_weekdays": []int{0, 1, 2, 3, 4, 5, 6},
		"closures": []map[string]any{{"from": "2027-02-13", "to": "2027-02-05", "reason": "春节"}}})
	if r.status != 422 {
		t.Fatalf("bad warehouse: %d %s", r.status, r.body)
	}
	for field, code := range map[string]string{"code": "invalid_code", "name": "required", "time_zone": "unknown_time_zone",
		"capacity.bookings": "out_of_range", "closed_weekdays": "all_days_closed", "closures[0].to": "before_from"} {
		if got := r.fieldCode(t, field); got != code {
			t.Errorf("%s: %q, want %q", field, got, code)
		}
	}
	r = e.as("admin", "POST", "/api/v1/warehouses", map[string]any{"code": "SH-DC", "name": "上海仓", "time_zone": "Asia/Shanghai",
		"capacity": map[string]any{"bookings": 4, "cartons": 400, "cbm": 30}, "closed_weekdays": []int{0},
		"closures": []map[string]any{{"from": "2027-02-05", "to": "2027-02-13", "reason": "春节"}}})
	if r.status != 201 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	id := int64(num(r.json(t), "id"))
	av := e.as("factory", "GET", fmt.Sprintf("/api/v1/warehouses/%d/availability?from=2027-02-04&to=2027-02-07", id), nil)
	days := av.json(t)["days"].([]any)
	if len(days) != 4 || days[0].(map[string]any)["closed"] != false || days[1].(map[string]any)["closed_reason"] != "春节" {
		t.Fatalf("availability %s", av.body)
	}
	if left := days[0].(map[string]any)["left"].(map[string]any); flt(left, "cbm") != 30 || num(left, "bookings") != 4 {
		t.Fatalf("left %v", left)
	}
	if r := e.as("factory", "GET", fmt.Sprintf("/api/v1/warehouses/%d/availability?from=2027-01-01&to=2027-06-01", id), nil); r.status != 422 {
		t.Fatalf("a long range: %d", r.status)
	}
	if r := e.as("admin", "POST", "/api/v1/warehouses", map[string]any{"code": "SH-DC", "name": "again", "capacity": map[string]any{"bookings": 1, "cartons": 1}}); r.status != 422 || r.fieldCode(t, "code") != "already_used" {
		t.Fatalf("duplicate code: %d %s", r.status, r.body)
	}
	// A capacity change without cbm keeps the volume limit; null removes it.
	r = e.as("admin", "PATCH", fmt.Sprintf("/api/v1/warehouses/%d", id), map[string]any{"capacity": map[string]any{"bookings": 5}})
	if c := r.json(t)["capacity"].(map[string]any); r.status != 200 || num(c, "bookings") != 5 || flt(c, "cbm") != 30 {
		t.Fatalf("patch bookings: %d %s", r.status, r.body)
	}
	r = e.as("admin", "PATCH", fmt.Sprintf("/api/v1/warehouses/%d", id), map[string]any{"capacity": map[string]any{"cbm": nil}})
	if c := r.json(t)["capacity"].(map[string]any); r.status != 200 || c["cbm"] != nil || num(c, "bookings") != 5 {
		t.Fatalf("patch cbm null: %d %s", r.status, r.body)
	}
	if r := e.as("admin", "PATCH", fmt.Sprintf("/api/v1/warehouses/%d", id), map[string]any{"active": false}); r.status != 200 {
		t.Fatalf("deactivate: %d", r.status)
	}
	if items := e.as("factory", "GET", "/api/v1/warehouses", nil).json(t)["items"].([]any); len(items) != 0 {
		t.Fatalf("factory sees inactive warehouses: %v", items)
	}
}
