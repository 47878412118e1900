package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"gendan/models"
	"gendan/models/testdb"
)

// orderBody is a valid POST /orders body for the jinling factory.
func (e *env) orderBody(po string) map[string]any {
	in := e.newOrderInput(po)
	return map[string]any{"po_number": po, "customer_id": *in.CustomerID, "supplier_id": *in.SupplierID, "style_no": "JK-01",
		"style_name": "绗缝夹克", "ex_factory_date": *in.ExFactoryDate, "ship_mode": "sea", "destination": "Hamburg",
		"unit_price": "12.50", "currency": "usd", "internal_notes": "margin 22%", "template_id": *in.TemplateID,
		"lines": []map[string]any{{"colour": "Navy", "size": "M", "quantity": 600}, {"colour": "Navy", "size": "L", "quantity": 400}}}
}

// jsonKeys collects every object key in a JSON document.
func jsonKeys(t testing.TB, body []byte) map[string]bool {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			for k, v := range x {
				keys[k] = true
				walk(v)
			}
		case []any:
			for _, v := range x {
				walk(v)
			}
		}
	}
	walk(v)
	return keys
}

var hiddenFromFactories = []string{"unit_price", "currency", "internal_notes", "baseline_ex_factory_date", "merchandiser_id"}

func TestOrderLifecycle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		// Validation: every problem is named.
		r := e.as("merch", "POST", "/api/v1/orders", map[string]any{"po_number": "bad po!", "ship_mode": "boat", "ex_factory_date": "2026-02-30",
			"unit_price": "1.23456", "lines": []map[string]any{{"colour": "Red", "size": "M", "quantity": 0}, {"colour": "red", "size": "m", "quantity": 5}}})
		if r.status != 422 {
			t.Fatalf("invalid order: %d %s", r.status, r.body)
		}
		fields := r.json(t)["error"].(map[string]any)["fields"].(map[string]any)
		for _, f := range []string{"po_number", "ship_mode", "ex_factory_date", "unit_price", "currency", "customer_id", "supplier_id", "style_no", "lines[0].quantity", "lines[1].size"} {
			if fields[f] == nil {
				t.Errorf("no problem reported for %s: %v", f, fields)
			}
		}
		// Create a draft: the total is derived, the currency normalised.
		r = e.as("merch", "POST", "/api/v1/orders", e.orderBody("PO-1001"))
		if r.status != 201 {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		o := r.json(t)
		id := int64(o["id"].(float64))
		if o["status"] != "draft" || o["total_quantity"] != float64(1000) || o["currency"] != "USD" || o["merchandiser_id"] != float64(e.users["merch"].ID) {
			t.Fatalf("created %v", o)
		}
		if r := e.as("merch", "POST", "/api/v1/orders", e.orderBody("PO-1001")); r.status != 422 {
			t.Fatalf("duplicate PO: %d", r.status)
		}
		url := fmt.Sprintf("/api/v1/orders/%d", id)
		// A draft is invisible to the factory.
		if r := e.as("factory", "GET", url, nil); r.status != 404 {
			t.Fatalf("factory sees a draft: %d", r.status)
		}
		if n := len(e.as("factory", "GET", "/api/v1/orders", nil).json(t)["items"].([]any)); n != 0 {
			t.Fatalf("factory lists %d drafts", n)
		}
		// Editing a draft makes no revision.
		if r := e.as("merch", "PATCH", url, map[string]any{"destination": "Rotterdam"}); r.status != 200 || r.json(t)["revision"] != float64(0) {
			t.Fatalf("patch draft: %d %s", r.status, r.body)
		}
		// Confirm: the plan is scheduled backward from the ex-factory date.
		r = e.as("merch", "POST", url+"/confirm", map[string]any{"late_steps": "keep"})
		if r.status != 200 || r.json(t)["status"] != "confirmed" {
			t.Fatalf("confirm: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "POST", url+"/confirm", map[string]any{"late_steps": "keep"}); r.status != 409 {
			t.Fatalf("second confirm: %d", r.status)
		}
		exf := o["ex_factory_date"].(string)
		ms := e.as("factory", "GET", url+"/milestones", nil).json(t)["items"].([]any)
		if len(ms) != len(models.DefaultTemplates[0].Steps) {
			t.Fatalf("%d milestones", len(ms))
		}
		for i, m := range ms {
			step := models.DefaultTemplates[0].Steps[i]
			mm := m.(map[string]any)
			if mm["code"] != step.Code || mm["planned_date"] != models.AddDays(exf, -step.DaysBefore) || mm["baseline_date"] != mm["planned_date"] {
				t.Fatalf("milestone %d: %v", i, mm)
			}
		}
		// The factory now sees it, without price or notes anywhere.
		for _, path := range []string{url, "/api/v1/orders", url + "/milestones", url + "/activity", url + "/revisions"} {
			r := e.as("factory", "GET", path, nil)
			if r.status != 200 {
				t.Fatalf("factory GET %s: %d", path, r.status)
			}
			keys := jsonKeys(t, r.body)
			for _, k := range hiddenFromFactories {
				if keys[k] {
					t.Errorf("factory JSON of %s contains %q", path, k)
				}
			}
			if strings.Contains(string(r.body), "margin 22%") || strings.Contains(string(r.body), "12.50") {
				t.Errorf("factory JSON of %s leaks internal values", path)
			}
		}
		// A price change is internal: no revision, no event the factory sees.
		r = e.as("merch", "PATCH", url, map[string]any{"unit_price": "13.10", "internal_notes": "renegotiated"})
		if r.status != 200 || r.json(t)["revision"] != float64(0) {
			t.Fatalf("price change: %d %s", r.status, r.body)
		}
		// Lines and the ex-factory date make revision 1; open milestones move with the date.
		newExf := models.AddDays(exf, 7)
		r = e.as("merch", "PATCH", url, map[string]any{"ex_factory_date": newExf,
			"lines": []map[string]any{{"colour": "Navy", "size": "M", "quantity": 700}, {"colour": "Navy", "size": "L", "quantity": 400}}})
		if r.status != 200 || r.json(t)["revision"] != float64(1) || r.json(t)["total_quantity"] != float64(1100) {
			t.Fatalf("revision: %d %s", r.status, r.body)
		}
		revs := e.as("factory", "GET", url+"/revisions", nil).json(t)["items"].([]any)
		if len(revs) != 1 {
			t.Fatalf("revisions %v", revs)
		}
		ch := revs[0].(map[string]any)["changes"].(map[string]any)
		if ch["ex_factory_date"] == nil || ch["lines"] == nil || ch["unit_price"] != nil {
			t.Fatalf("revision changes %v", ch)
		}
		ms = e.as("merch", "GET", url+"/milestones", nil).json(t)["items"].([]any)
		first := ms[0].(map[string]any)
		if first["planned_date"] != models.AddDays(first["baseline_date"].(string), 7) {
			t.Fatalf("milestone did not move with the ex-factory date: %v", first)
		}
		if got := e.as("merch", "GET", url, nil).json(t)["baseline_ex_factory_date"]; got != exf {
			t.Fatalf("baseline moved: %v", got)
		}
		// The factory's activity shows the revision but not the price change.
		acts := string(e.as("factory", "GET", url+"/activity", nil).body)
		if !strings.Contains(acts, "order_revised") || strings.Contains(acts, "order_updated") || strings.Contains(acts, "renegotiated") {
			t.Fatalf("factory activity: %s", acts)
		}
		if !strings.Contains(string(e.as("merch", "GET", url+"/activity", nil).body), "order_updated") {
			t.Fatal("staff activity lacks the internal change")
		}
		// Cancel needs a reason; afterwards nothing changes.
		if r := e.as("merch", "POST", url+"/cancel", map[string]any{"reason": " "}); r.status != 422 {
			t.Fatalf("cancel without reason: %d", r.status)
		}
		r = e.as("merch", "POST", url+"/cancel", map[string]any{"reason": "客户取消订单"})
		if r.status != 200 || r.json(t)["status"] != "cancelled" || r.json(t)["cancel_reason"] != "客户取消订单" {
			t.Fatalf("cancel: %d %s", r.status, r.body)
		}
		for _, m := range e.as("factory", "GET", url+"/milestones", nil).json(t)["items"].([]any) {
			if m.(map[string]any)["status"] != "cancelled" {
				t.Fatalf("open milestone survived the cancel: %v", m)
			}
		}
		mid := int64(ms[5].(map[string]any)["id"].(float64))
		r = e.as("factory", "POST", fmt.Sprintf("/api/v1/milestones/%d/reports", mid), map[string]any{"date": e.clock.Now().Format(models.DateLayout), "quantity": 10})
		if r.status != 409 || r.errorCode(t) != "order_cancelled" {
			t.Fatalf("report on a cancelled order: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "PATCH", url, map[string]any{"destination": "x"}); r.status != 409 {
			t.Fatalf("patch a cancelled order: %d", r.status)
		}
		if r := e.as("factory", "GET", url, nil); r.status != 200 || r.json(t)["status"] != "cancelled" {
			t.Fatalf("factory sees the cancellation: %d", r.status)
		}
	})
}

func TestProgressReports(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid, mid := e.fixtureOrder(), e.fixtureMilestone()
		url := fmt.Sprintf("/api/v1/milestones/%d/reports", mid)
		today := e.clock.Now().Format(models.DateLayout)
		// 1000 ordered + 5% = 1050 at most.
		cases := []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"date": today, "quantity": 1051}, "quantity"},
			{map[string]any{"date": today, "quantity": -1}, "quantity"},
			{map[string]any{"date": models.AddDays(models.LatestToday(e.clock.Now()), 1), "quantity": 5}, "date"},
			{map[string]any{"date": "2026/03/01", "quantity": 5}, "date"},
			{map[string]any{"date": today}, "quantity"},
		}
		for _, c := range cases {
			r := e.as("factory", "POST", url, c.body)
			if r.status != 422 || r.json(t)["error"].(map[string]any)["fields"].(map[string]any)[c.field] == nil {
				t.Errorf("%v: %d %s", c.body, r.status, r.body)
			}
		}
		// A photo of the factory's own, and one of another supplier.
		own := int64(e.upload("factory2", smallJPEG(t), nil).json(t)["id"].(float64))
		foreign := int64(e.upload("foreign", smallJPEG(t), nil).json(t)["id"].(float64))
		if r := e.as("factory", "POST", url, map[string]any{"date": today, "quantity": 100, "photo_ids": []int64{foreign}}); r.status != 422 {
			t.Fatalf("another supplier's photo: %d %s", r.status, r.body)
		}
		var reports int64
		db.Gorm.Model(&models.ProgressReport{}).Count(&reports)
		if reports != 0 {
			t.Fatalf("%d reports written by refused requests", reports)
		}
		h := map[string]string{"Idempotency-Key": "report-1"}
		body := map[string]any{"date": today, "quantity": 1050, "note": "车缝完成", "done": true, "photo_ids": []int64{own}}
		r1 := e.do(req{method: "POST", path: url, token: e.token("factory"), body: body, headers: h})
		r2 := e.do(req{method: "POST", path: url, token: e.token("factory"), body: body, headers: h})
		if r1.status != 201 || string(r1.body) != string(r2.body) {
			t.Fatalf("report: %d %s / %d %s", r1.status, r1.body, r2.status, r2.body)
		}
		rep := r1.json(t)
		m := rep["milestone"].(map[string]any)
		if m["status"] != "done" || m["actual_date"] != today || m["quantity_done"] != float64(1050) || len(rep["photos"].([]any)) != 1 {
			t.Fatalf("report %v", rep)
		}
		db.Gorm.Model(&models.ProgressReport{}).Count(&reports)
		if reports != 1 {
			t.Fatalf("%d reports after a retried request", reports)
		}
		// The first report puts the order in production; the merchandiser
		// sees the report and its photo in the activity.
		if st := e.as("merch", "GET", fmt.Sprintf("/api/v1/orders/%d", oid), nil).json(t)["status"]; st != "in_production" {
			t.Fatalf("order status %v", st)
		}
		acts := e.as("merch", "GET", fmt.Sprintf("/api/v1/orders/%d/activity", oid), nil).json(t)["items"].([]any)
		found := false
		for _, a := range acts {
			a := a.(map[string]any)
			if a["kind"] == "progress_reported" {
				found = len(a["photos"].([]any)) == 1 && a["actor"] != ""
				thumb := a["photos"].([]any)[0].(map[string]any)["urls"].(map[string]any)["thumb"].(string)
				if r := e.do(req{method: "GET", path: thumb}); r.status != 200 {
					t.Fatalf("photo of the report: %d", r.status)
				}
			}
		}
		if !found {
			t.Fatalf("no progress_reported event with its photo: %v", acts)
		}
		// The report's photo is the jinling supplier's: huaxing gets 404.
		if r := e.as("foreign", "GET", fmt.Sprintf("/api/v1/photos/%d", own), nil); r.status != 404 {
			t.Fatalf("another supplier reads the report photo: %d", r.status)
		}
		// A done milestone cannot be rescheduled; an open one can, by staff.
		if r := e.as("merch", "PATCH", fmt.Sprintf("/api/v1/milestones/%d", mid), map[string]any{"planned_date": today}); r.status != 409 {
			t.Fatalf("reschedule a done step: %d", r.status)
		}
		list := e.as("factory", "GET", fmt.Sprintf("/api/v1/milestones/%d/reports", mid), nil).json(t)["items"].([]any)
		if len(list) != 1 || list[0].(map[string]any)["note"] != "车缝完成" {
			t.Fatalf("reports list %v", list)
		}
	})
}

func TestCommentsAndTenancy(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		url := fmt.Sprintf("/api/v1/orders/%d/comments", oid)
		ph := int64(e.upload("factory", smallJPEG(t), nil).json(t)["id"].(float64))
		if r := e.as("factory", "POST", url, map[string]any{"body": "面料已到，请看照片", "photo_ids": []int64{ph}}); r.status != 201 {
			t.Fatalf("factory comment: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "POST", url, map[string]any{"body": "收到，谢谢"}); r.status != 201 {
			t.Fatalf("merch comment: %d", r.status)
		}
		if r := e.as("merch", "POST", url, map[string]any{"body": ""}); r.status != 422 {
			t.Fatalf("empty comment: %d", r.status)
		}
		items := e.as("factory", "GET", url, nil).json(t)["items"].([]any)
		if len(items) != 2 || len(items[0].(map[string]any)["photos"].([]any)) != 1 {
			t.Fatalf("comments %v", items)
		}
		// Another supplier's user gets 404 on everything of this order.
		mid := e.fixtureMilestone()
		for _, path := range []string{fmt.Sprintf("/api/v1/orders/%d", oid), url, fmt.Sprintf("/api/v1/orders/%d/milestones", oid),
			fmt.Sprintf("/api/v1/orders/%d/activity", oid), fmt.Sprintf("/api/v1/orders/%d/revisions", oid),
			fmt.Sprintf("/api/v1/milestones/%d/reports", mid), fmt.Sprintf("/api/v1/photos/%d", ph)} {
			if r := e.as("foreign", "GET", path, nil); r.status != 404 {
				t.Errorf("foreign GET %s: %d", path, r.status)
			}
		}
		if r := e.as("foreign", "POST", url, map[string]any{"body": "hi"}); r.status != 404 {
			t.Errorf("foreign comment: %d", r.status)
		}
		if r := e.as("foreign", "POST", fmt.Sprintf("/api/v1/milestones/%d/reports", mid), map[string]any{"date": "2026-03-01", "quantity": 1}); r.status != 404 {
			t.Errorf("foreign report: %d", r.status)
		}
		if n := len(e.as("foreign", "GET", "/api/v1/orders", nil).json(t)["items"].([]any)); n != 0 {
			t.Errorf("foreign lists %d orders", n)
		}
	})
}

// TestOrderListQueryCount: the list costs the same number of queries for 5
// orders as for 40 (no query per order).
func TestOrderListQueryCount(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	for i := 0; i < 40; i++ {
		id := e.draftOrder()
		if _, err := e.store.ConfirmOrder(context.Background(), id, nil, models.LateKeep, e.users["merch"].ID); err != nil {
			t.Fatal(err)
		}
	}
	var n atomic.Int64
	if err := e.db.Gorm.Callback().Query().After("gorm:query").Register("test:count", func(*gorm.DB) { n.Add(1) }); err != nil {
		t.Fatal(err)
	}
	count := func(user, url string) int64 {
		n.Store(0)
		reads := e.store.Reads() // the lean reads (models/order_read.go)
		r := e.as(user, "GET", url, nil)
		if r.status != 200 {
			t.Fatalf("%s: %d", url, r.status)
		}
		return n.Load() + e.store.Reads() - reads - 1 // e.as issues one token lookup of its own
	}
	small, large := count("merch", "/api/v1/orders?limit=5"), count("merch", "/api/v1/orders?limit=40")
	if small != large || large > 2 {
		t.Fatalf("queries: %d for 5 orders, %d for 40", small, large)
	}
	if f := count("factory", "/api/v1/orders?limit=40"); f != large {
		t.Fatalf("factory list: %d queries", f)
	}
	_ = time.Now
}
