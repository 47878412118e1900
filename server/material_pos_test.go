package server

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

// Requirement lines are part H1's; these tests write their rows directly.

// materialSupplierRow writes an active material supplier.
func (e *env) materialSupplierRow() *models.MaterialSupplier {
	e.t.Helper()
	n := seq.Add(1)
	ms := &models.MaterialSupplier{Code: fmt.Sprintf("MS-%d", n), Name: fmt.Sprintf("绍兴面料厂 %d", n), NameEn: "Shaoxing Mill",
		Active: true, CreatedAt: e.clock.Now(), UpdatedAt: e.clock.Now()}
	if err := e.store.Gorm().Create(ms).Error; err != nil {
		e.t.Fatal(err)
	}
	return ms
}

// materialLineRow writes a requirement line of an order, sourced by sourcedBy.
func (e *env) materialLineRow(orderID int64, sourcedBy, name string) *models.MaterialLine {
	e.t.Helper()
	o, err := e.store.GetOrder(context.Background(), orderID, models.Scope{})
	if err != nil {
		e.t.Fatal(err)
	}
	l := &models.MaterialLine{OrderID: orderID, SupplierID: o.SupplierID, Position: int(seq.Add(1)), Category: "fabric",
		Name: name, Spec: "57/58\" 220gsm", Colour: "Navy 藏青", Unit: "m", ConsumptionE4: 13500, WastageE2: 300,
		RequiredE2: 139050, NeededByAuto: true, SourcedBy: sourcedBy, CreatedBy: e.users["merch"].ID,
		CreatedAt: e.clock.Now(), UpdatedAt: e.clock.Now()}
	if err := e.store.Gorm().Create(l).Error; err != nil {
		e.t.Fatal(err)
	}
	return l
}

// managerOf is who manages a PO sourced so: the factory user or the merchandiser.
func managerOf(sourcedBy string) string {
	if sourcedBy == models.SourcedFactory {
		return "factory"
	}
	return "merch"
}

// materialPO writes a PO of a fresh line of an order through the store and
// takes it to status (draft, sent, confirmed or shipped), promised on
// promised (or in ten days).
func (e *env) materialPO(orderID int64, sourcedBy, status, promised string) *models.MaterialPO {
	e.t.Helper()
	ctx := context.Background()
	u := e.users[managerOf(sourcedBy)]
	if promised == "" {
		promised = models.AddDays(e.today(), 10)
	}
	by, sc := actorOf(u), models.ScopeFor(u.Role, u.SupplierID, nil)
	if sourcedBy == models.SourcedFactory {
		o, err := e.store.GetOrder(ctx, orderID, models.Scope{})
		if err != nil {
			e.t.Fatal(err)
		}
		// The order's factory manages it, whichever that is.
		for _, name := range []string{"factory", "foreign"} {
			if fu := e.users[name]; *fu.SupplierID == o.SupplierID {
				by, sc = actorOf(fu), models.ScopeFor(fu.Role, fu.SupplierID, nil)
			}
		}
	}
	line := e.materialLineRow(orderID, sourcedBy, "全棉斜纹布")
	po, err := e.store.CreateMaterialPO(ctx, orderID, models.MaterialPOInput{MaterialSupplierID: e.materialSupplierRow().ID,
		SourcedBy: sourcedBy, Currency: "CNY", PromisedDate: promised,
		Lines: []models.MaterialPOLineInput{{LineID: line.ID, Quantity: "1000", UnitPrice: "18.5000"}}}, by, sc)
	if err != nil {
		e.t.Fatal(err)
	}
	steps := map[string]func() (*models.MaterialPO, error){
		models.MPOSent:      func() (*models.MaterialPO, error) { return e.store.SendMaterialPO(ctx, po.ID, by, sc) },
		models.MPOConfirmed: func() (*models.MaterialPO, error) { return e.store.ConfirmMaterialPO(ctx, po.ID, promised, "", by, sc) },
		models.MPOShipped: func() (*models.MaterialPO, error) {
			return e.store.ShipMaterialPO(ctx, po.ID, models.MaterialPOShipment{ShippedDate: e.today()}, by, sc)
		},
	}
	for _, st := range []string{models.MPOSent, models.MPOConfirmed, models.MPOShipped} {
		if po.Status == status {
			break
		}
		if po, err = steps[st](); err != nil {
			e.t.Fatal(err)
		}
	}
	mpoLines.Store(po.ID, e.poLineOf(po.ID))
	return po
}

func (e *env) poLineOf(poID int64) int64 {
	e.t.Helper()
	var ids []int64
	if err := e.store.Gorm().Model(&models.MaterialPOLine{}).Where("po_id = ?", poID).Order("id").Pluck("id", &ids).Error; err != nil || len(ids) == 0 {
		e.t.Fatalf("po lines of %d: %v %v", poID, ids, err)
	}
	return ids[0]
}

// mpoLines remembers the first line of each PO the matrix made (by PO id),
// for the receipt row's body.
var mpoLines sync.Map

var lastMatrixPO sync.Map // *env → PO id of the last matrix URL

func buyerPOURL(status, suffix string) func(*env) string {
	return func(e *env) string {
		po := e.materialPO(e.fixtureOrder(), models.SourcedBuyer, status, "")
		lastMatrixPO.Store(e, po.ID)
		return fmt.Sprintf("/api/v1/material-pos/%d%s", po.ID, suffix)
	}
}

// staffManages: staff act on a PO they manage; the order's factory is
// refused (403), another factory does not see it (404).
func staffManages(status int) map[string]int {
	return map[string]int{"anon": 401, "admin": status, "merch": status, "factory": 403, "foreign": 404, "qc": 403, "qcforeign": 403}
}

func init() {
	authzMatrix = append(authzMatrix,
		authzRow{method: "GET", path: "/api/v1/material-pos", url: fixed("/api/v1/material-pos?due=24h"), want: signedInAll(200)},
		authzRow{method: "POST", path: "/api/v1/orders/:id/material-pos", url: orderURL("/material-pos"), want: ownOrForeign(201),
			bodyAs: func(e *env, who string) any {
				src := models.SourcedBuyer
				if who == "factory" || who == "foreign" {
					src = models.SourcedFactory
				}
				l := e.materialLineRow(e.fixtureOrder(), src, "里布")
				return map[string]any{"material_supplier_id": e.materialSupplierRow().ID, "sourced_by": src,
					"lines": []map[string]any{{"line_id": l.ID, "quantity": "12.5"}}}
			}},
		authzRow{method: "GET", path: "/api/v1/material-pos/:id", url: buyerPOURL(models.MPODraft, ""), want: ownOrForeign(200)},
		authzRow{method: "PATCH", path: "/api/v1/material-pos/:id", url: buyerPOURL(models.MPODraft, ""), want: staffManages(200),
			body: func(int64) any { return map[string]any{"note": "请按色卡"} }},
		authzRow{method: "POST", path: "/api/v1/material-pos/:id/send", url: buyerPOURL(models.MPODraft, "/send"), want: staffManages(200),
			body: func(int64) any { return map[string]any{} }},
		authzRow{method: "POST", path: "/api/v1/material-pos/:id/confirm", url: buyerPOURL(models.MPOSent, "/confirm"), want: staffManages(200),
			rawBody: func(e *env) any { return map[string]any{"promised_date": models.AddDays(e.today(), 9)} }},
		authzRow{method: "POST", path: "/api/v1/material-pos/:id/reschedule", url: buyerPOURL(models.MPOConfirmed, "/reschedule"),
			want: staffManages(200), rawBody: func(e *env) any {
				return map[string]any{"field": "eta", "date": models.AddDays(e.today(), 20), "reason_code": "supplier_capacity"}
			}},
		authzRow{method: "POST", path: "/api/v1/material-pos/:id/ship", url: buyerPOURL(models.MPOConfirmed, "/ship"), want: staffManages(200),
			rawBody: func(e *env) any { return map[string]any{"shipped_date": e.today(), "carrier": "德邦"} }},
		authzRow{method: "POST", path: "/api/v1/material-pos/:id/cancel", url: buyerPOURL(models.MPODraft, "/cancel"), want: staffManages(200),
			body: func(int64) any { return map[string]any{"reason": "改用库存"} }},
		authzRow{method: "POST", path: "/api/v1/material-pos/:id/receipts", url: buyerPOURL(models.MPOShipped, "/receipts"),
			want: ownOrForeign(201), rawBody: func(e *env) any {
				id, _ := lastMatrixPO.Load(e)
				line, _ := mpoLines.Load(id)
				return map[string]any{"po_line_id": line, "received_date": e.today(), "quantity": "10", "warehouse": "面料仓"}
			}},
	)
}

// keysIn lists every object key anywhere in a decoded JSON value.
func keysIn(v any, into map[string]int) {
	switch x := v.(type) {
	case map[string]any:
		for k, vv := range x {
			into[k]++
			keysIn(vv, into)
		}
	case []any:
		for _, vv := range x {
			keysIn(vv, into)
		}
	}
}

func mpoLine(t *testing.T, po map[string]any) map[string]any {
	t.Helper()
	ls := po["lines"].([]any)
	if len(ls) != 1 {
		t.Fatalf("lines %v", ls)
	}
	return ls[0].(map[string]any)
}

func TestMaterialPOFlow(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		o, _ := e.store.GetOrder(context.Background(), oid, models.Scope{})
		ms := e.materialSupplierRow()
		fabric := e.materialLineRow(oid, models.SourcedFactory, "全棉斜纹布")
		buttons := e.materialLineRow(oid, models.SourcedBuyer, "四合扣")
		create := fmt.Sprintf("/api/v1/orders/%d/material-pos", oid)
		body := func(src string, line int64, qty, price string) map[string]any {
			return map[string]any{"material_supplier_id": ms.ID, "sourced_by": src, "currency": "CNY", "deliver_to": "锦绫面料仓",
				"lines": []map[string]any{{"line_id": line, "quantity": qty, "unit_price": price}}}
		}

		// Each side writes its own POs only.
		if r := e.as("factory", "POST", create, body("buyer", buttons.ID, "10", "")); r.status != 403 {
			t.Fatalf("factory writes a buyer PO: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "POST", create, body("factory", fabric.ID, "10", "")); r.status != 403 {
			t.Fatalf("staff write a factory PO: %d %s", r.status, r.body)
		}
		r := e.as("factory", "POST", create, body("factory", buttons.ID, "10", ""))
		if r.status != 422 || r.fieldCode(t, "lines[0].line_id") != "material_line_other_source" {
			t.Fatalf("a buyer's line on a factory PO: %d %s", r.status, r.body)
		}
		r = e.as("factory", "POST", create, body("factory", fabric.ID, "1.234", "x"))
		if r.status != 422 || r.fieldCode(t, "lines[0].quantity") != "invalid_decimal" {
			t.Fatalf("three decimals: %d %s", r.status, r.body)
		}
		r = e.as("factory", "POST", create, body("factory", fabric.ID, "1000", "18.5"))
		if r.status != 201 {
			t.Fatalf("factory PO: %d %s", r.status, r.body)
		}
		fpo := r.json(t)
		fid := num(fpo, "id")
		if fpo["status"] != "draft" || fpo["po_number"] != "M"+o.PONumber+"-1" || fpo["sourced_by"] != "factory" ||
			num(fpo, "supplier_id") != o.SupplierID {
			t.Fatalf("factory PO %v", fpo)
		}
		if l := mpoLine(t, fpo); l["quantity"] != "1000.00" || l["unit_price"] != "18.5" || l["name"] != "全棉斜纹布" || l["short"] != "1000.00" {
			t.Fatalf("factory PO line %v", l)
		}
		wantActions(t, "draft, factory's own", fpo, "edit", "send", "cancel")
		r = e.as("merch", "POST", create, body("buyer", buttons.ID, "5000", "0.1500"))
		if r.status != 201 {
			t.Fatalf("buyer PO: %d %s", r.status, r.body)
		}
		bpo := r.json(t)
		bid := num(bpo, "id")
		if bpo["po_number"] != "M"+o.PONumber+"-2" {
			t.Fatalf("second number %v", bpo["po_number"])
		}
		r = e.as("merch", "POST", create, map[string]any{"material_supplier_id": ms.ID, "sourced_by": "buyer", "po_number": bpo["po_number"],
			"lines": []map[string]any{{"line_id": buttons.ID, "quantity": "1"}}})
		if r.status != 409 || r.errorCode(t) != "material_po_exists" {
			t.Fatalf("a taken number: %d %s", r.status, r.body)
		}
		fURL, bURL := fmt.Sprintf("/api/v1/material-pos/%d", fid), fmt.Sprintf("/api/v1/material-pos/%d", bid)

		// A factory never sees the buyer's prices: the key is absent from
		// every answer it gets (the PO, the list); staff see both.
		for _, u := range []string{bURL, "/api/v1/material-pos", fmt.Sprintf("/api/v1/material-pos?order_id=%d&sourced_by=buyer", oid)} {
			r := e.as("factory", "GET", u, nil)
			if r.status != 200 {
				t.Fatalf("factory GET %s: %d %s", u, r.status, r.body)
			}
			keys := map[string]int{}
			keysIn(r.json(t), keys)
			if strings.Contains(u, "sourced_by=buyer") || u == bURL {
				if keys["unit_price"] != 0 {
					t.Errorf("factory GET %s: unit_price in %s", u, r.body)
				}
			} else if keys["unit_price"] != 1 { // its own PO's only
				t.Errorf("factory GET %s: unit_price %d times in %s", u, keys["unit_price"], r.body)
			}
			if strings.Contains(string(r.body), "0.1500") {
				t.Errorf("factory GET %s: the buyer's price leaks: %s", u, r.body)
			}
		}
		wantActions(t, "buyer's draft, factory", e.as("factory", "GET", bURL, nil).json(t))
		if l := mpoLine(t, e.as("merch", "GET", fURL, nil).json(t)); l["unit_price"] != "18.5" {
			t.Errorf("staff see the factory's price: %v", l)
		}
		if l := mpoLine(t, e.as("admin", "GET", bURL, nil).json(t)); l["unit_price"] != "0.1500" {
			t.Errorf("staff see the buyer's price: %v", l)
		}

		// Edits and sends: the managing side only.
		if r := e.as("merch", "PATCH", fURL, map[string]any{"note": "x"}); r.status != 403 {
			t.Fatalf("staff edit the factory's PO: %d %s", r.status, r.body)
		}
		r = e.as("factory", "PATCH", fURL, map[string]any{"eta": models.AddDays(e.today(), 14),
			"lines": []map[string]any{{"line_id": fabric.ID, "quantity": "1000", "unit_price": "18.2"}}})
		if r.status != 200 || mpoLine(t, r.json(t))["unit_price"] != "18.2" {
			t.Fatalf("edit: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "POST", fURL+"/send", map[string]any{}); r.status != 403 {
			t.Fatalf("staff send the factory's PO: %d", r.status)
		}
		r = e.as("factory", "POST", fURL+"/send", map[string]any{})
		if r.status != 200 || r.json(t)["status"] != "sent" || r.json(t)["ordered_date"] != e.today() {
			t.Fatalf("send: %d %s", r.status, r.body)
		}
		if r := e.as("factory", "PATCH", fURL, map[string]any{"note": "x"}); r.status != 409 || r.errorCode(t) != "material_po_not_open" {
			t.Fatalf("edit a sent PO: %d %s", r.status, r.body)
		}

		// The first promise is the baseline; every move is kept with its reason.
		d10, d12, d15, d18 := models.AddDays(e.today(), 10), models.AddDays(e.today(), 12), models.AddDays(e.today(), 15), models.AddDays(e.today(), 18)
		r = e.as("factory", "POST", fURL+"/confirm", map[string]any{"promised_date": d10, "eta": d15})
		cf := r.json(t)
		if r.status != 200 || cf["status"] != "confirmed" || cf["baseline_date"] != d10 || cf["promised_date"] != d10 || cf["eta"] != d15 {
			t.Fatalf("confirm: %d %s", r.status, r.body)
		}
		r = e.as("factory", "POST", fURL+"/reschedule", map[string]any{"field": "promised_date", "date": d12})
		if r.status != 422 || r.fieldCode(t, "reason_code") != "required" {
			t.Fatalf("no reason: %d %s", r.status, r.body)
		}
		r = e.as("factory", "POST", fURL+"/reschedule", map[string]any{"field": "promised_date", "date": d10, "reason_code": "communication"})
		if r.status != 422 || r.fieldCode(t, "date") != "unchanged" {
			t.Fatalf("same date: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "POST", fURL+"/reschedule", map[string]any{"field": "eta", "date": d18, "reason_code": "our_follow_up"}); r.status != 403 {
			t.Fatalf("staff move the factory's date: %d", r.status)
		}
		e.as("factory", "POST", fURL+"/reschedule", map[string]any{"field": "promised_date", "date": d12, "reason_code": "supplier_capacity", "note": "染缸排满"})
		r = e.as("factory", "POST", fURL+"/reschedule", map[string]any{"field": "eta", "date": d18, "reason_code": "supplier_quality"})
		rs := r.json(t)
		chs := rs["changes"].([]any)
		if r.status != 200 || rs["baseline_date"] != d10 || rs["promised_date"] != d12 || rs["eta"] != d18 || len(chs) != 2 {
			t.Fatalf("rescheduled: %d %s", r.status, r.body)
		}
		c0, c1 := chs[0].(map[string]any), chs[1].(map[string]any)
		if c0["field"] != "promised_date" || c0["from"] != d10 || c0["to"] != d12 || c0["reason_code"] != "supplier_capacity" ||
			c0["note"] != "染缸排满" || c1["field"] != "eta" || c1["from"] != d15 || c1["to"] != d18 {
			t.Fatalf("changes %v", chs)
		}
		ns, _ := e.store.ListNotifications(context.Background(), &e.users["merch"].ID, nil)
		moved := 0
		for _, n := range ns {
			if n.Kind == models.NotifyMaterialETAChanged && n.OrderID == oid {
				moved++
			}
		}
		if moved != 2 {
			t.Errorf("the merchandiser was told of %d date changes, want 2", moved)
		}

		// Dispatch, then receipts: partial, returned (counts for nothing),
		// over, and a received PO takes no more.
		r = e.as("factory", "POST", fURL+"/ship", map[string]any{"shipped_date": e.today(), "carrier": "德邦物流", "tracking": "DB123"})
		if r.status != 200 || r.json(t)["status"] != "shipped" || r.json(t)["carrier"] != "德邦物流" {
			t.Fatalf("ship: %d %s", r.status, r.body)
		}
		lineID := num(mpoLine(t, r.json(t)), "id")
		rec := func(who, qty, handling string) map[string]any {
			t.Helper()
			r := e.as(who, "POST", fURL+"/receipts", map[string]any{"po_line_id": lineID, "received_date": e.today(), "quantity": qty,
				"warehouse": "面料仓", "location": "A-03", "handling": handling})
			if r.status != 201 {
				t.Fatalf("receive %s %s: %d %s", qty, handling, r.status, r.body)
			}
			return r.json(t)
		}
		p := rec("factory", "400", "accepted")
		if l := mpoLine(t, p); p["status"] != "partially_received" || l["received_qty"] != "400.00" || l["accepted_qty"] != "400.00" ||
			l["short"] != "600.00" || l["over"] != "0.00" {
			t.Fatalf("partial: %s %v", p["status"], l)
		}
		p = rec("merch", "100.5", "returned")
		if l := mpoLine(t, p); p["status"] != "partially_received" || l["received_qty"] != "400.00" || l["short"] != "600.00" {
			t.Fatalf("returned: %s %v", p["status"], l)
		}
		p = rec("factory", "700.25", "accepted")
		if l := mpoLine(t, p); p["status"] != "received" || l["received_qty"] != "1100.25" || l["short"] != "0.00" || l["over"] != "100.25" {
			t.Fatalf("over: %s %v", p["status"], l)
		}
		if rcs := p["receipts"].([]any); len(rcs) != 3 || rcs[1].(map[string]any)["handling"] != "returned" ||
			rcs[0].(map[string]any)["location"] != "A-03" {
			t.Fatalf("receipts %v", rcs)
		}
		wantActions(t, "received", p)
		r = e.as("factory", "POST", fURL+"/receipts", map[string]any{"po_line_id": lineID, "received_date": e.today(), "quantity": "1"})
		if r.status != 409 || r.errorCode(t) != "material_po_not_open" {
			t.Fatalf("receive a received PO: %d %s", r.status, r.body)
		}

		// The buyer's PO: staff send and ship it; the factory, where it
		// arrives, is told and receives it in full, with a photo.
		e.as("merch", "POST", bURL+"/send", map[string]any{})
		if r := e.as("factory", "POST", bURL+"/confirm", map[string]any{"promised_date": d10}); r.status != 403 {
			t.Fatalf("factory confirms the buyer's PO: %d", r.status)
		}
		e.as("merch", "POST", bURL+"/confirm", map[string]any{"promised_date": d10, "eta": d12})
		r = e.as("merch", "POST", bURL+"/ship", map[string]any{"shipped_date": e.today(), "eta": d15})
		if r.status != 200 || r.json(t)["eta"] != d15 {
			t.Fatalf("ship the buyer's PO: %d %s", r.status, r.body)
		}
		fs, _ := e.store.ListNotifications(context.Background(), &e.users["factory"].ID, nil)
		if len(fs) == 0 || fs[0].Kind != models.NotifyMaterialShipped || !strings.Contains(fs[0].Data, d15) {
			t.Fatalf("factory notifications %v", fs)
		}
		wantActions(t, "buyer's shipped, factory", e.as("factory", "GET", bURL, nil).json(t), "receive")
		bl := num(mpoLine(t, e.as("factory", "GET", bURL, nil).json(t)), "id")
		r = e.as("factory", "POST", bURL+"/receipts", map[string]any{"po_line_id": bl, "received_date": e.today(), "quantity": "5000",
			"photo_ids": []int64{e.uploadAs("factory")}})
		if r.status != 201 || r.json(t)["status"] != "received" {
			t.Fatalf("receive the buyer's PO: %d %s", r.status, r.body)
		}
		if rcs := r.json(t)["receipts"].([]any); len(rcs[0].(map[string]any)["photos"].([]any)) != 1 {
			t.Fatalf("receipt photos %v", rcs)
		}
		r = e.as("factory", "POST", bURL+"/receipts", map[string]any{"po_line_id": lineID, "received_date": e.today(), "quantity": "1"})
		if r.status != 409 {
			t.Fatalf("a line of another PO: %d %s", r.status, r.body)
		}

		// Cancel: with a reason, before shipping.
		c := e.materialPO(oid, models.SourcedBuyer, models.MPOConfirmed, "")
		cURL := fmt.Sprintf("/api/v1/material-pos/%d/cancel", c.ID)
		if r := e.as("merch", "POST", cURL, map[string]any{"reason": " "}); r.status != 422 {
			t.Fatalf("cancel without a reason: %d", r.status)
		}
		if r := e.as("merch", "POST", cURL, map[string]any{"reason": "客户改款"}); r.status != 200 || r.json(t)["status"] != "cancelled" ||
			r.json(t)["cancel_reason"] != "客户改款" {
			t.Fatalf("cancel: %d %s", r.status, r.body)
		}
	})
}

func idsOf(t *testing.T, r *response) []int64 {
	t.Helper()
	if r.status != 200 {
		t.Fatalf("list: %d %s", r.status, r.body)
	}
	var out []int64
	for _, it := range r.json(t)["items"].([]any) {
		out = append(out, num(it.(map[string]any), "id"))
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func sameIDs(a []int64, b ...int64) bool {
	sort.Slice(b, func(i, j int) bool { return b[i] < b[j] })
	return fmt.Sprint(a) == fmt.Sprint(b)
}

// TestMaterialPOTenancy: another factory gets 404; after the order moves
// from A (jinling) to B (huaxing), A's PO — written while the order was
// A's — is neither factory's, staff still see it, and a PO written after
// the move is B's.
func TestMaterialPOTenancy(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		a := e.materialPO(oid, models.SourcedFactory, models.MPOShipped, "")
		aURL := fmt.Sprintf("/api/v1/material-pos/%d", a.ID)
		if r := e.as("foreign", "GET", aURL, nil); r.status != 404 {
			t.Fatalf("another factory's PO: %d", r.status)
		}
		if r := e.as("foreign", "POST", aURL+"/receipts", map[string]any{"po_line_id": e.poLineOf(a.ID), "received_date": e.today(), "quantity": "1"}); r.status != 404 {
			t.Fatalf("another factory receives: %d", r.status)
		}
		if ids := idsOf(t, e.as("foreign", "GET", "/api/v1/material-pos", nil)); len(ids) != 0 {
			t.Fatalf("another factory lists %v", ids)
		}
		if ids := idsOf(t, e.as("factory", "GET", "/api/v1/material-pos", nil)); !sameIDs(ids, a.ID) {
			t.Fatalf("the factory lists %v", ids)
		}

		if r := e.as("merch", "PATCH", fmt.Sprintf("/api/v1/orders/%d", oid), map[string]any{"supplier_id": e.suppliers["huaxing"].ID}); r.status != 200 {
			t.Fatalf("move: %d %s", r.status, r.body)
		}
		b := e.materialPO(oid, models.SourcedBuyer, models.MPODraft, "")
		if b.SupplierID != e.suppliers["huaxing"].ID {
			t.Fatalf("a PO after the move has supplier %d", b.SupplierID)
		}
		for _, who := range []string{"factory", "foreign"} {
			if r := e.as(who, "GET", aURL, nil); r.status != 404 {
				t.Errorf("%s reads A's PO after the move: %d", who, r.status)
			}
			if r := e.as(who, "POST", aURL+"/receipts", map[string]any{"po_line_id": e.poLineOf(a.ID), "received_date": e.today(), "quantity": "1"}); r.status != 404 {
				t.Errorf("%s receives on A's PO after the move: %d", who, r.status)
			}
		}
		if ids := idsOf(t, e.as("foreign", "GET", "/api/v1/material-pos", nil)); !sameIDs(ids, b.ID) {
			t.Errorf("B lists %v, want only %d", ids, b.ID)
		}
		if ids := idsOf(t, e.as("factory", "GET", "/api/v1/material-pos", nil)); len(ids) != 0 {
			t.Errorf("A lists %v after the move", ids)
		}
		if r := e.as("foreign", "GET", fmt.Sprintf("/api/v1/material-pos/%d", b.ID), nil); r.status != 200 {
			t.Errorf("B reads its PO: %d", r.status)
		}
		if ids := idsOf(t, e.as("merch", "GET", fmt.Sprintf("/api/v1/material-pos?order_id=%d", oid), nil)); !sameIDs(ids, a.ID, b.ID) {
			t.Errorf("staff list %v", ids)
		}
	})
}

// TestMaterialPODue: the due filters and the reminder judge each PO on its
// supplier's calendar. At 09:00 UTC it is 17:00 on the 2nd in Shanghai
// (jinling) and 23:00 on the 1st in Honolulu (huaxing).
func TestMaterialPODue(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		e.clock.Set(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
		hx := e.suppliers["huaxing"].ID
		if err := e.store.Gorm().Model(&models.Supplier{}).Where("id = ?", hx).Update("time_zone", "Pacific/Honolulu").Error; err != nil {
			t.Fatal(err)
		}
		jl := e.fixtureOrder()
		in := e.newOrderInput(fmt.Sprintf("PO-HX-%d", seq.Add(1)))
		in.SupplierID = &hx
		ho, err := e.store.CreateOrder(ctx, in, e.users["merch"].ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.store.ConfirmOrder(ctx, ho.ID, nil, models.LateKeep, e.users["merch"].ID); err != nil {
			t.Fatal(err)
		}
		jlOverdue := e.materialPO(jl, models.SourcedFactory, models.MPOConfirmed, "2026-03-01") // yesterday in Shanghai
		jlToday := e.materialPO(jl, models.SourcedBuyer, models.MPOSent, "2026-03-02")
		jlTomorrow := e.materialPO(jl, models.SourcedFactory, models.MPODraft, "2026-03-03")
		e.materialPO(jl, models.SourcedBuyer, models.MPOConfirmed, "2026-03-04")                 // later
		e.materialPO(jl, models.SourcedFactory, models.MPOShipped, "2026-02-20")                 // shipped: done
		hxToday := e.materialPO(ho.ID, models.SourcedFactory, models.MPOConfirmed, "2026-03-01") // still the 1st in Honolulu
		hxOverdue := e.materialPO(ho.ID, models.SourcedBuyer, models.MPOConfirmed, "2026-02-28")
		hxTomorrow := e.materialPO(ho.ID, models.SourcedBuyer, models.MPOConfirmed, "2026-03-02")

		if ids := idsOf(t, e.as("merch", "GET", "/api/v1/material-pos?due=overdue", nil)); !sameIDs(ids, jlOverdue.ID, hxOverdue.ID) {
			t.Errorf("overdue %v, want %d %d", ids, jlOverdue.ID, hxOverdue.ID)
		}
		if ids := idsOf(t, e.as("merch", "GET", "/api/v1/material-pos?due=24h", nil)); !sameIDs(ids, jlToday.ID, jlTomorrow.ID, hxToday.ID, hxTomorrow.ID) {
			t.Errorf("24h %v", ids)
		}
		if ids := idsOf(t, e.as("foreign", "GET", "/api/v1/material-pos?due=24h", nil)); !sameIDs(ids, hxToday.ID, hxTomorrow.ID) {
			t.Errorf("huaxing's 24h %v", ids)
		}
		if ids := idsOf(t, e.as("merch", "GET", "/api/v1/material-pos?due=24h&sourced_by=factory&status=draft", nil)); !sameIDs(ids, jlTomorrow.ID) {
			t.Errorf("24h factory drafts %v", ids)
		}
		if r := e.as("merch", "GET", "/api/v1/material-pos?due=soon", nil); r.status != 422 || r.fieldCode(t, "due") != "one_of" {
			t.Errorf("due=soon: %d %s", r.status, r.body)
		}
		// Paging: newest first, two at a time, nothing twice.
		seen := map[int64]bool{}
		next := ""
		for page := 0; page < 10; page++ {
			r := e.as("merch", "GET", "/api/v1/material-pos?limit=2&cursor="+next, nil)
			items := r.json(t)["items"].([]any)
			for i, it := range items {
				id := num(it.(map[string]any), "id")
				if seen[id] {
					t.Fatalf("page %d: %d twice", page, id)
				}
				if i > 0 && id > num(items[i-1].(map[string]any), "id") {
					t.Fatalf("page %d not newest first", page)
				}
				seen[id] = true
			}
			if next, _ = r.json(t)["next_cursor"].(string); next == "" {
				break
			}
		}
		if len(seen) != 8 {
			t.Errorf("paged %d POs, want 8", len(seen))
		}

		// The reminder: once per PO and promised date, to the managing side.
		n, err := e.store.NotifyMaterialPOsDue(ctx, e.clock.Now())
		if err != nil || n != 6 {
			t.Fatalf("due reminders %d, %v; want 6", n, err)
		}
		if n, err := e.store.NotifyMaterialPOsDue(ctx, e.clock.Now()); err != nil || n != 0 {
			t.Fatalf("told again: %d %v", n, err)
		}
		told := func(who string) []int64 {
			ns, _ := e.store.ListNotifications(ctx, &e.users[who].ID, nil)
			var out []int64
			for _, x := range ns {
				if x.Kind == models.NotifyMaterialPODue {
					var id int64
					fmt.Sscanf(x.Data, `{"po_id":%d`, &id)
					out = append(out, id)
				}
			}
			sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
			return out
		}
		if got := told("factory"); !sameIDs(got, jlOverdue.ID, jlTomorrow.ID) {
			t.Errorf("jinling told of %v", got)
		}
		if got := told("foreign"); !sameIDs(got, hxToday.ID) {
			t.Errorf("huaxing told of %v", got)
		}
		if got := told("merch"); !sameIDs(got, jlToday.ID, hxOverdue.ID, hxTomorrow.ID) {
			t.Errorf("the merchandiser told of %v", got)
		}
		// A moved promise is told again.
		if _, err := e.store.RescheduleMaterialPO(ctx, hxOverdue.ID, models.MaterialPOReschedule{Field: "promised_date",
			Date: "2026-03-02", ReasonCode: "our_price"}, actorOf(e.users["merch"]), models.Scope{}); err != nil {
			t.Fatal(err)
		}
		if n, err := e.store.NotifyMaterialPOsDue(ctx, e.clock.Now()); err != nil || n != 1 {
			t.Fatalf("after a move: %d %v", n, err)
		}

		// The Today list carries the POs due for staff, on the supplier's day.
		tl, err := e.store.Today(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		var due []int64
		for _, it := range tl.Items {
			if it.Kind == models.TodayMaterialPODue {
				due = append(due, it.Params["po_id"].(int64))
			}
		}
		sort.Slice(due, func(i, j int) bool { return due[i] < due[j] })
		if !sameIDs(due, jlOverdue.ID, jlToday.ID, jlTomorrow.ID, hxToday.ID, hxOverdue.ID, hxTomorrow.ID) {
			t.Errorf("today's material_po_due %v", due)
		}
		if r := e.as("merch", "GET", "/api/v1/today", nil); r.status != 200 {
			t.Errorf("today: %d %s", r.status, r.body)
		}
	})
}
