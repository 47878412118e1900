package server

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

// shipFixture ships 10 Navy M of the fixture order once (it becomes
// partially shipped) and returns the order.
func (e *env) shipFixture() int64 {
	e.t.Helper()
	oid := e.fixtureOrder()
	o, err := e.store.GetOrder(context.Background(), oid, models.Scope{})
	if err != nil {
		e.t.Fatal(err)
	}
	if o.Status == models.StatusPartiallyShipped {
		return oid
	}
	w := e.matrixWarehouse()
	d := e.bookDeliveryAs("merch", oid, w, e.openDay(w, 2), 10)
	rs := []models.PackingRange{{From: 1, To: 1, Colour: "Navy 藏青", Size: "M", Pieces: 10, NetKg: 5, GrossKg: 6}}
	if _, err := e.store.ShipDelivery(context.Background(), d.ID, models.ShipInput{Date: e.today(), Packing: &rs},
		actorOf(e.users["merch"]), models.Scope{}); err != nil {
		e.t.Fatal(err)
	}
	return oid
}

func complaintBody(e *env, qty int) map[string]any {
	return map[string]any{"received_date": e.today(), "channel": "email", "description": "线头多，缝线开裂",
		"affected_qty": qty, "severity": "major", "customer_request": "repair", "customer_contact": "Ms. Li, li@customer.example",
		"lines": []map[string]any{{"colour": "Navy 藏青", "size": "M", "quantity": qty}}}
}

// complaintRow records a complaint on the shipped fixture order through the
// store and moves it to status (a resolution added for agreed and further;
// done when closed is wanted... closed is not made here).
func (e *env) complaintRow(status string) *models.Complaint {
	e.t.Helper()
	ctx := context.Background()
	oid := e.shipFixture()
	by := actorOf(e.users["merch"])
	c, err := e.store.CreateComplaint(ctx, oid, models.ComplaintInput{ReceivedDate: e.today(), Channel: "email",
		Description: "开线", AffectedQty: 5, Severity: "minor", CustomerRequest: "repair", CustomerContact: "c@customer.example"},
		by, models.Scope{})
	if err != nil {
		e.t.Fatal(err)
	}
	if status == models.ComplaintOpen {
		return c
	}
	if c, err = e.store.InvestigateComplaint(ctx, c.ID, by, models.Scope{}); err != nil {
		e.t.Fatal(err)
	}
	if status == models.ComplaintInvestigating {
		return c
	}
	e.resolutionRow(c, models.ResolutionDone)
	if c, err = e.store.AgreeComplaint(ctx, c.ID, by, models.Scope{}); err != nil {
		e.t.Fatal(err)
	}
	return c
}

// resolutionRow writes a resolution of a complaint directly (part B writes
// them through its own routes).
func (e *env) resolutionRow(c *models.Complaint, status string) *models.Resolution {
	e.t.Helper()
	now := e.clock.Now()
	r := &models.Resolution{ComplaintID: c.ID, OrderID: c.OrderID, SupplierID: c.SupplierID, Kind: models.ResolveDiscount,
		Status: status, Quantity: 2, CostBearer: "factory", DiscountAmount: "120.00", DiscountPct: "", ChargebackAmount: "80.00",
		CreatedBy: e.users["merch"].ID, CreatedAt: now, UpdatedAt: now}
	if err := e.db.Gorm.Create(r).Error; err != nil {
		e.t.Fatal(err)
	}
	return r
}

// capaRow opens a CAPA of a new complaint and moves it to status (done: the
// factory filled and completed it).
func (e *env) capaRow(status string) *models.CAPA {
	e.t.Helper()
	ctx := context.Background()
	c := e.complaintRow(models.ComplaintOpen)
	p, err := e.store.CreateCAPA(ctx, models.CAPAInput{SourceKind: models.CAPASourceComplaint, SourceID: c.ID, Problem: "开线",
		DueDate: "2026-12-20"}, actorOf(e.users["merch"]), models.Scope{})
	if err != nil {
		e.t.Fatal(err)
	}
	if status == "filled" || status == models.CAPADone {
		f := e.users["factory"]
		sc := models.ScopeFor(f.Role, f.SupplierID, nil)
		rc, cat, ca := "机针磨损", "machine", "每日换针"
		if p, err = e.store.UpdateCAPA(ctx, p.ID, models.CAPAPatch{RootCause: &rc, CauseCategory: &cat, CorrectiveAction: &ca},
			actorOf(f), sc); err != nil {
			e.t.Fatal(err)
		}
		if status == models.CAPADone {
			if p, err = e.store.CompleteCAPA(ctx, p.ID, actorOf(f), sc); err != nil {
				e.t.Fatal(err)
			}
		}
	}
	return p
}

func complaintURL(status, suffix string) func(*env) string {
	return func(e *env) string { return fmt.Sprintf("/api/v1/complaints/%d%s", e.complaintRow(status).ID, suffix) }
}

func capaURL(status, suffix string) func(*env) string {
	return func(e *env) string { return fmt.Sprintf("/api/v1/capas/%d%s", e.capaRow(status).ID, suffix) }
}

// factoryOnly: the order's factory gets status, staff 403, another factory 404.
func factoryOnly(status int) map[string]int {
	return map[string]int{"anon": 401, "admin": 403, "merch": 403, "factory": status, "foreign": 404, "qc": 403, "qcforeign": 403}
}

func init() {
	authzMatrix = append(authzMatrix,
		authzRow{method: "POST", path: "/api/v1/orders/:id/complaints", want: staffGets(201),
			url:    func(e *env) string { return fmt.Sprintf("/api/v1/orders/%d/complaints", e.shipFixture()) },
			bodyAs: func(e *env, _ string) any { return complaintBody(e, 1) }},
		authzRow{method: "GET", path: "/api/v1/complaints", url: fixed("/api/v1/complaints?status=open"), want: signedInAll(200)},
		authzRow{method: "GET", path: "/api/v1/complaints/:id", url: complaintURL(models.ComplaintOpen, ""), want: ownOrForeign(200)},
		authzRow{method: "POST", path: "/api/v1/complaints/:id/answer", url: complaintURL(models.ComplaintOpen, "/answer"),
			body: func(int64) any { return map[string]any{"answer": "已返工"} }, want: factoryOnly(200)},
		authzRow{method: "POST", path: "/api/v1/complaints/:id/investigate", url: complaintURL(models.ComplaintOpen, "/investigate"),
			body: func(int64) any { return map[string]any{} }, want: staffGets(200)},
		authzRow{method: "POST", path: "/api/v1/complaints/:id/agree",
			url: func(e *env) string {
				c := e.complaintRow(models.ComplaintInvestigating)
				e.resolutionRow(c, models.ResolutionOpen)
				return fmt.Sprintf("/api/v1/complaints/%d/agree", c.ID)
			}, body: func(int64) any { return map[string]any{} }, want: staffGets(200)},
		authzRow{method: "POST", path: "/api/v1/complaints/:id/close", url: complaintURL(models.ComplaintAgreed, "/close"),
			body: func(int64) any { return map[string]any{} }, want: staffGets(200)},
		authzRow{method: "POST", path: "/api/v1/capas", url: fixed("/api/v1/capas"), want: staffGets(201),
			bodyAs: func(e *env, who string) any {
				return map[string]any{"source_kind": "complaint", "source_id": e.complaintRow(models.ComplaintOpen).ID,
					"problem": "开线", "due_date": "2026-12-20"}
			}},
		authzRow{method: "GET", path: "/api/v1/capas", url: fixed("/api/v1/capas?overdue=1"), want: signedInAll(200)},
		authzRow{method: "GET", path: "/api/v1/capas/:id", url: capaURL(models.CAPAOpen, ""), want: ownOrForeign(200)},
		authzRow{method: "PATCH", path: "/api/v1/capas/:id", url: capaURL(models.CAPAOpen, ""), want: ownOrForeign(200),
			body: func(int64) any { return map[string]any{"containment": "隔离库存"} }},
		authzRow{method: "POST", path: "/api/v1/capas/:id/complete", url: capaURL("filled", "/complete"), want: factoryOnly(200),
			body: func(int64) any { return map[string]any{} }},
		authzRow{method: "POST", path: "/api/v1/capas/:id/verify", url: capaURL(models.CAPADone, "/verify"), want: staffGets(200),
			body: func(int64) any { return map[string]any{"note": "证据齐全"} }},
		authzRow{method: "POST", path: "/api/v1/capas/:id/reopen", url: capaURL(models.CAPADone, "/reopen"), want: staffGets(200),
			body: func(int64) any { return map[string]any{"note": "缺照片"} }},
		authzRow{method: "GET", path: "/api/v1/orders/:id/capas", url: orderURL("/capas"), want: ownOrForeign(200)},
	)
}

// factoryForbidden are the keys no factory answer may carry: prices,
// discounts, the customer's contact, invoices and payments.
var factoryForbidden = []string{"unit_price", "price", "discount_amount", "discount_pct", "customer_contact", "invoice",
	"invoices", "payment", "payments", "amount", "balance"}

func checkFactoryKeys(t *testing.T, e *env, who, url string) {
	t.Helper()
	r := e.as(who, "GET", url, nil)
	if r.status != 200 {
		t.Fatalf("%s GET %s: %d %s", who, url, r.status, r.body)
	}
	keys := map[string]int{}
	keysIn(r.json(t), keys)
	for _, k := range factoryForbidden {
		if keys[k] != 0 {
			t.Errorf("%s GET %s carries %s: %s", who, url, k, r.body)
		}
	}
}

func TestComplaintFlow(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		base := fmt.Sprintf("/api/v1/orders/%d/complaints", oid)
		if r := e.as("merch", "POST", base, complaintBody(e, 1)); r.status != 409 || r.errorCode(t) != "order_not_shipped" {
			t.Fatalf("before shipping: %d %s", r.status, r.body)
		}
		e.shipFixture()
		if r := e.as("merch", "POST", base, complaintBody(e, 11)); r.status != 422 || r.fieldCode(t, "affected_qty") != "over_shipped" ||
			!strings.Contains(string(r.body), `"shipped":10`) {
			t.Fatalf("over shipped: %d %s", r.status, r.body)
		}
		if r := e.as("factory", "POST", base, complaintBody(e, 1)); r.status != 403 {
			t.Fatalf("factory records: %d", r.status)
		}
		body := complaintBody(e, 10)
		body["photo_ids"] = []int64{e.uploadAs("merch")}
		r := e.as("merch", "POST", base, body)
		if r.status != 201 {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		c := r.json(t)
		id := int64(c["id"].(float64))
		url := fmt.Sprintf("/api/v1/complaints/%d", id)
		if c["customer_contact"] != "Ms. Li, li@customer.example" || len(c["photos"].([]any)) != 1 || c["status"] != "open" ||
			fmt.Sprint(c["actions"]) != "[investigate]" || c["capa"] != nil {
			t.Fatalf("created: %s", r.body)
		}
		ns, err := e.store.ListNotifications(context.Background(), &e.users["factory"].ID, nil)
		if err != nil || !slices.ContainsFunc(ns, func(n models.Notification) bool { return n.Kind == models.NotifyComplaintReceived }) {
			t.Fatalf("factory not told: %v %v", ns, err)
		}
		// The factory's view: no contact; it answers, staff may not.
		if fc := e.as("factory", "GET", url, nil).json(t); fmt.Sprint(fc["actions"]) != "[answer]" {
			t.Fatalf("factory actions: %v", fc["actions"])
		}
		if r := e.as("merch", "POST", url+"/answer", map[string]any{"answer": "x"}); r.status != 403 {
			t.Fatalf("staff answers: %d", r.status)
		}
		if r := e.as("factory", "POST", url+"/answer", map[string]any{"answer": ""}); r.status != 422 {
			t.Fatalf("empty answer: %d", r.status)
		}
		if r := e.as("factory", "POST", url+"/answer", map[string]any{"answer": "机针磨损，已换针返工"}); r.status != 200 ||
			r.json(t)["factory_answer"] != "机针磨损，已换针返工" {
			t.Fatalf("answer: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "POST", url+"/close", map[string]any{}); r.status != 409 || r.errorCode(t) != "complaint_not_open" {
			t.Fatalf("close an open one: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "POST", url+"/investigate", map[string]any{}); r.status != 200 || r.json(t)["status"] != "investigating" {
			t.Fatalf("investigate: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "POST", url+"/agree", map[string]any{}); r.status != 409 || r.errorCode(t) != "complaint_no_resolution" {
			t.Fatalf("agree without a resolution: %d %s", r.status, r.body)
		}
		cm, _ := e.store.GetComplaint(context.Background(), id, models.Scope{})
		res := e.resolutionRow(cm, models.ResolutionOpen)
		if r := e.as("merch", "POST", url+"/agree", map[string]any{}); r.status != 200 || r.json(t)["status"] != "resolution_agreed" {
			t.Fatalf("agree: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "POST", url+"/close", map[string]any{}); r.status != 409 || r.errorCode(t) != "complaint_not_resolved" ||
			!strings.Contains(string(r.body), `"open":1`) {
			t.Fatalf("close with an open resolution: %d %s", r.status, r.body)
		}
		// Its CAPA: one per source.
		capaBody := map[string]any{"source_kind": "complaint", "source_id": id, "problem": "缝线开裂", "due_date": "2026-12-20"}
		r = e.as("merch", "POST", "/api/v1/capas", capaBody)
		if r.status != 201 {
			t.Fatalf("capa: %d %s", r.status, r.body)
		}
		capaID := int64(r.json(t)["id"].(float64))
		capa := fmt.Sprintf("/api/v1/capas/%d", capaID)
		if r := e.as("merch", "POST", "/api/v1/capas", capaBody); r.status != 409 || r.errorCode(t) != "capa_exists" ||
			!strings.Contains(string(r.body), fmt.Sprintf(`"capa_id":%d`, capaID)) {
			t.Fatalf("second capa: %d %s", r.status, r.body)
		}
		if e.db.Gorm.Model(res).Update("status", models.ResolutionDone).Error != nil {
			t.Fatal("resolution done")
		}
		if r := e.as("merch", "POST", url+"/close", map[string]any{}); r.status != 409 || !strings.Contains(string(r.body), `"open":1`) {
			t.Fatalf("close with the CAPA open: %d %s", r.status, r.body)
		}
		if r := e.as("factory", "PATCH", capa, map[string]any{"due_date": "2027-01-01"}); r.status != 403 {
			t.Fatalf("factory moves the due date: %d", r.status)
		}
		if r := e.as("factory", "PATCH", capa, map[string]any{"root_cause": "机针磨损", "corrective_action": "每日换针",
			"photo_ids": []int64{e.uploadAs("factory")}}); r.status != 200 || len(r.json(t)["photos"].([]any)) != 1 {
			t.Fatalf("factory writes: %d %s", r.status, r.body)
		}
		if r := e.as("factory", "POST", capa+"/complete", map[string]any{}); r.status != 422 || r.fieldCode(t, "cause_category") != "required" {
			t.Fatalf("complete without a category: %d %s", r.status, r.body)
		}
		if r := e.as("factory", "PATCH", capa, map[string]any{"cause_category": "nonsense"}); r.status != 422 {
			t.Fatalf("unknown category: %d", r.status)
		}
		e.as("factory", "PATCH", capa, map[string]any{"cause_category": "machine"})
		if r := e.as("merch", "POST", capa+"/complete", map[string]any{}); r.status != 403 {
			t.Fatalf("staff complete: %d", r.status)
		}
		if r := e.as("factory", "POST", capa+"/complete", map[string]any{}); r.status != 200 || r.json(t)["status"] != "done" {
			t.Fatalf("complete: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "POST", capa+"/reopen", map[string]any{}); r.status != 422 {
			t.Fatalf("reopen without a note: %d", r.status)
		}
		if r := e.as("merch", "POST", capa+"/reopen", map[string]any{"note": "缺证据照片"}); r.status != 200 || r.json(t)["status"] != "open" {
			t.Fatalf("reopen: %d %s", r.status, r.body)
		}
		e.as("factory", "POST", capa+"/complete", map[string]any{})
		if r := e.as("merch", "POST", capa+"/verify", map[string]any{"note": "ok"}); r.status != 200 || r.json(t)["status"] != "verified" {
			t.Fatalf("verify: %d %s", r.status, r.body)
		}
		if r := e.as("factory", "PATCH", capa, map[string]any{"owner": "x"}); r.status != 409 || r.errorCode(t) != "capa_not_open" {
			t.Fatalf("edit verified: %d %s", r.status, r.body)
		}
		r = e.as("merch", "POST", url+"/close", map[string]any{})
		if r.status != 200 || r.json(t)["status"] != "closed" || r.json(t)["closed_at"] == nil {
			t.Fatalf("close: %d %s", r.status, r.body)
		}
		got := r.json(t)
		if cp := got["capa"].(map[string]any); cp["status"] != "verified" {
			t.Fatalf("capa link: %v", got["capa"])
		}
		if rs := got["resolutions"].([]any); len(rs) != 1 || rs[0].(map[string]any)["discount_amount"] != "120.00" {
			t.Fatalf("staff resolutions: %v", rs)
		}

		// A factory's answers never carry money or the customer's contact.
		for _, u := range []string{url, "/api/v1/complaints", "/api/v1/capas", capa, fmt.Sprintf("/api/v1/orders/%d/capas", oid)} {
			checkFactoryKeys(t, e, "factory", u)
		}
		if ids := idsOf(t, e.as("foreign", "GET", "/api/v1/complaints", nil)); len(ids) != 0 {
			t.Fatalf("another factory lists %v", ids)
		}
		if r := e.as("foreign", "GET", url, nil); r.status != 404 {
			t.Fatalf("another factory reads: %d", r.status)
		}
	})
}

func TestCAPASourcesAndLinks(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		in := e.confirmedInspection(models.InspFRI)
		body := map[string]any{"source_kind": "inspection", "source_id": in.ID, "problem": "尺寸超差", "due_date": e.today()}
		if r := e.as("merch", "POST", "/api/v1/capas", body); r.status != 409 || r.errorCode(t) != "capa_source_not_failed" {
			t.Fatalf("confirmed inspection: %d %s", r.status, r.body)
		}
		insURL := fmt.Sprintf("/api/v1/inspections/%d", in.ID)
		if e.db.Gorm.Model(&models.Inspection{}).Where("id = ?", in.ID).
			Updates(map[string]any{"status": models.InspCompleted, "result": models.ResultFail}).Error != nil {
			t.Fatal("fail it")
		}
		if err := e.store.RefreshRisk(context.Background(), in.OrderID); err != nil {
			t.Fatal(err)
		}
		if a := e.as("merch", "GET", insURL, nil).json(t); !slices.Contains(a["actions"].([]any), any("open_capa")) || a["capa"] != nil {
			t.Fatalf("failed inspection: %v %v", a["actions"], a["capa"])
		}
		if a := e.as("factory", "GET", insURL, nil).json(t); slices.Contains(a["actions"].([]any), any("open_capa")) {
			t.Fatalf("factory may open: %v", a["actions"])
		}
		r := e.as("merch", "POST", "/api/v1/capas", body)
		if r.status != 201 {
			t.Fatalf("capa of a failed inspection: %d %s", r.status, r.body)
		}
		capaID := int64(r.json(t)["id"].(float64))
		for _, who := range []string{"merch", "factory"} {
			a := e.as(who, "GET", insURL, nil).json(t)
			if cp, _ := a["capa"].(map[string]any); cp == nil || int64(cp["id"].(float64)) != capaID ||
				slices.Contains(a["actions"].([]any), any("open_capa")) {
				t.Fatalf("%s: linked inspection: %v %v", who, a["actions"], a["capa"])
			}
		}
		// A sample round: rejected only.
		sid, _ := e.pendingSample("fit")
		sb := map[string]any{"source_kind": "sample", "source_id": sid, "problem": "版型", "due_date": e.today()}
		if r := e.as("merch", "POST", "/api/v1/capas", sb); r.status != 409 || r.errorCode(t) != "capa_source_not_failed" {
			t.Fatalf("pending sample: %d %s", r.status, r.body)
		}
		if e.db.Gorm.Model(&models.SampleRound{}).Where("id = ?", sid).Update("status", models.SampleRejected).Error != nil {
			t.Fatal("reject")
		}
		if err := e.store.RefreshRisk(context.Background(), in.OrderID); err != nil {
			t.Fatal(err)
		}
		sURL := fmt.Sprintf("/api/v1/samples/%d", sid)
		if a := e.as("merch", "GET", sURL, nil).json(t); !slices.Contains(a["actions"].([]any), any("open_capa")) {
			t.Fatalf("rejected sample: %v", a["actions"])
		}
		if r := e.as("merch", "POST", "/api/v1/capas", sb); r.status != 201 {
			t.Fatalf("capa of a rejected sample: %d %s", r.status, r.body)
		}
		if a := e.as("merch", "GET", sURL, nil).json(t); a["capa"] == nil {
			t.Fatalf("sample link: %v", a)
		}
		if r := e.as("merch", "POST", "/api/v1/capas", map[string]any{"source_kind": "x", "source_id": 1, "problem": "p",
			"due_date": "2026-12-10"}); r.status != 422 {
			t.Fatalf("unknown kind: %d", r.status)
		}

		// Overdue: a risk reason of the order, the overdue list, the scorecard.
		e.clock.Set(e.clock.Now().Add(10 * 24 * time.Hour))
		if _, err := e.store.RecomputeAllRisk(context.Background(), e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		if codes := e.riskCodes(in.OrderID); !slices.Contains(codes, "capa_overdue") {
			t.Fatalf("risk codes %v", codes)
		}
		for _, who := range []string{"merch", "factory"} {
			ids := idsOf(t, e.as(who, "GET", "/api/v1/capas?overdue=1", nil))
			if len(ids) != 2 {
				t.Fatalf("%s overdue %v", who, ids)
			}
		}
		if ids := idsOf(t, e.as("foreign", "GET", "/api/v1/capas?overdue=1", nil)); len(ids) != 0 {
			t.Fatalf("foreign overdue %v", ids)
		}
		if a := e.as("merch", "GET", fmt.Sprintf("/api/v1/capas/%d", capaID), nil).json(t); a["overdue_days"].(float64) < 1 {
			t.Fatalf("overdue days %v", a["overdue_days"])
		}
		sc := e.as("merch", "GET", fmt.Sprintf("/api/v1/suppliers/%d/scorecard", e.suppliers["jinling"].ID), nil)
		if sc.status != 200 || sc.json(t)["open_capas"] != float64(2) {
			t.Fatalf("scorecard: %d %s", sc.status, sc.body)
		}

		// A new order of the same style sees them as related.
		no := e.draftOrder()
		if _, err := e.store.ConfirmOrder(context.Background(), no, nil, models.LateKeep, e.users["merch"].ID); err != nil {
			t.Fatal(err)
		}
		oc := e.as("factory", "GET", fmt.Sprintf("/api/v1/orders/%d/capas", no), nil).json(t)
		if len(oc["items"].([]any)) != 0 || len(oc["related"].([]any)) != 2 {
			t.Fatalf("new order capas: %v", oc)
		}
	})
}

// TestComplaintTenancy: rows keep the supplier they were written for; after
// the order moves, neither factory reads the old rows.
func TestComplaintTenancy(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		c := e.complaintRow(models.ComplaintOpen)
		p := e.capaRow(models.CAPAOpen)
		url, capa := fmt.Sprintf("/api/v1/complaints/%d", c.ID), fmt.Sprintf("/api/v1/capas/%d", p.ID)
		if r := e.as("factory", "GET", url, nil); r.status != 200 {
			t.Fatalf("own: %d", r.status)
		}
		// A shipped order does not move through the API; the rows' own
		// supplier is what counts, as if it had moved.
		if err := e.db.Gorm.Model(&models.Order{}).Where("id = ?", c.OrderID).Update("supplier_id", e.suppliers["huaxing"].ID).Error; err != nil {
			t.Fatal(err)
		}
		for _, who := range []string{"factory", "foreign"} {
			for _, u := range []string{url, capa} {
				if r := e.as(who, "GET", u, nil); r.status != 404 {
					t.Errorf("%s GET %s after the move: %d", who, u, r.status)
				}
			}
			if r := e.as(who, "POST", url+"/answer", map[string]any{"answer": "x"}); r.status != 404 {
				t.Errorf("%s answers after the move: %d", who, r.status)
			}
			if ids := idsOf(t, e.as(who, "GET", "/api/v1/complaints", nil)); len(ids) != 0 {
				t.Errorf("%s lists %v", who, ids)
			}
		}
	})
}
