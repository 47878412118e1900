package server

import (
	"context"
	"fmt"
	"testing"

	"gendan/models"
	"gendan/models/aql"
	"gendan/models/testdb"
)

func (e *env) today() string { return e.clock.Now().Format(models.DateLayout) }

// bookingBody is a factory's request for an inspection of the fixture order.
func bookingBody(e *env, typ string) map[string]any {
	return map[string]any{"type": typ, "date": models.AddDays(e.today(), 3), "quantity_ready": 1000,
		"total_cartons": 16, "address": "杭州市余杭区 3 号楼"}
}

// bookAs books an inspection through the store as a fixture user.
func (e *env) bookAs(who, typ string) *models.Inspection {
	e.t.Helper()
	u := e.users[who]
	in, err := e.store.BookInspection(context.Background(), e.fixtureOrder(), models.BookingInput{Type: typ,
		Date: models.AddDays(e.today(), 3), QuantityReady: 1000, TotalCartons: 16},
		models.Inspector{UserID: u.ID, Role: u.Role, SupplierID: u.SupplierID}, models.ScopeFor(u.Role, u.SupplierID, nil))
	if err != nil {
		e.t.Fatal(err)
	}
	return in
}

// confirmedInspection is a booked inspection confirmed with qc assigned.
func (e *env) confirmedInspection(typ string) *models.Inspection {
	e.t.Helper()
	in := e.bookAs("factory", typ)
	qc := e.users["qc"].ID
	out, err := e.store.ConfirmInspection(context.Background(), in.ID, models.ConfirmInput{InspectorID: &qc}, e.users["merch"].ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

func freshInspectionURL(suffix string) func(*env) string {
	return func(e *env) string {
		return fmt.Sprintf("/api/v1/inspections/%d%s", e.bookAs("factory", "dupro").ID, suffix)
	}
}

func freshConfirmedInspectionURL(suffix string) func(*env) string {
	return func(e *env) string {
		return fmt.Sprintf("/api/v1/inspections/%d%s", e.confirmedInspection("dupro").ID, suffix)
	}
}

func completedInspectionURL(suffix string) func(*env) string {
	return func(e *env) string {
		in := e.confirmedInspection("dupro")
		a := e.users["admin"]
		if _, err := e.store.CompleteInspection(context.Background(), in.ID, models.CompleteInput{CartonsOpened: 4},
			models.Inspector{UserID: a.ID, Role: a.Role}, models.Scope{}); err != nil {
			e.t.Fatal(err)
		}
		return fmt.Sprintf("/api/v1/inspections/%d%s", in.ID, suffix)
	}
}

func planOf(t *testing.T, insp map[string]any, sev string) [3]int {
	t.Helper()
	p, ok := insp["plans"].(map[string]any)[sev].(map[string]any)
	if !ok {
		t.Fatalf("no %s plan in %v", sev, insp["plans"])
	}
	return [3]int{int(p["sample_size"].(float64)), int(p["ac"].(float64)), int(p["re"].(float64))}
}

// TestInspectionLoop: a factory books a final inspection, staff confirm it
// and assign the supplier's qc user, who records it; the server gives the
// verdict, closes the final-inspection step, feeds the switching rules, and
// a failed result holds the lot back until a passing re-inspection.
func TestInspectionLoop(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		base := fmt.Sprintf("/api/v1/orders/%d/inspections", oid)

		list := e.as("factory", "GET", base, nil)
		if list.status != 200 {
			t.Fatalf("list: %d %s", list.status, list.body)
		}
		lj := list.json(t)
		if sg, _ := lj["suggestion"].(map[string]any); sg == nil || sg["type"] != "fri" {
			t.Errorf("suggestion for an order with nothing produced = %v, want the FRI on its planned date", lj["suggestion"])
		}
		if acts := fmt.Sprint(lj["actions"]); acts != "[book]" {
			t.Errorf("factory actions = %s, want [book]", acts)
		}
		if r := e.as("qc", "GET", base, nil); r.status != 200 || fmt.Sprint(r.json(t)["actions"]) != "[]" {
			t.Errorf("qc list: %d %s, want 200 without book", r.status, r.body)
		}

		// Booking errors are coded per field.
		bad := e.as("factory", "POST", base, map[string]any{"type": "final", "date": "2026-02-30", "quantity_ready": 0, "aql_major": "3"})
		if bad.status != 422 {
			t.Fatalf("bad booking: %d %s", bad.status, bad.body)
		}
		for field, code := range map[string]string{"type": "one_of", "date": "no_such_date", "quantity_ready": "out_of_range", "aql_major": "one_of"} {
			if got := bad.fieldCode(t, field); got != code {
				t.Errorf("%s: code %q, want %q (%s)", field, got, code, bad.body)
			}
		}
		if r := e.as("factory", "POST", base, map[string]any{"type": "fri", "date": e.today(), "quantity_ready": 1000, "self_inspection": true}); r.status != 422 ||
			r.fieldCode(t, "self_inspection") != "self_inspection_not_allowed" {
			t.Errorf("self FRI by a factory: %d %s", r.status, r.body)
		}
		if r := e.as("qc", "POST", base, bookingBody(e, "fri")); r.status != 403 {
			t.Errorf("qc booking: %d, want 403", r.status)
		}

		b := bookingBody(e, "fri")
		b["total_cartons"] = 50
		booked := e.as("factory", "POST", base, b)
		if booked.status != 201 {
			t.Fatalf("book: %d %s", booked.status, booked.body)
		}
		bj := booked.json(t)
		id := int64(bj["id"].(float64))
		url := fmt.Sprintf("/api/v1/inspections/%d", id)
		// 1 000 units at level II: J (80); 2.5 → 5/6, 4.0 → 7/8, critical 0/1.
		if bj["status"] != "requested" || bj["sample_size"] != float64(80) || bj["cartons_to_open"] != float64(8) || bj["severity"] != "normal" {
			t.Errorf("booked: %s", booked.body)
		}
		for sev, want := range map[string][3]int{"critical": {80, 0, 1}, "major": {80, 5, 6}, "minor": {80, 7, 8}} {
			if got := planOf(t, bj, sev); got != want {
				t.Errorf("%s plan %v, want %v", sev, got, want)
			}
		}
		for who, want := range map[string]int{"foreign": 404, "qcforeign": 404, "qc": 200, "merch": 200} {
			if r := e.as(who, "GET", url, nil); r.status != want {
				t.Errorf("GET as %s: %d, want %d", who, r.status, want)
			}
		}
		// Nobody records a request that is not confirmed; the factory never
		// records a final inspection.
		if r := e.as("factory", "POST", url+"/complete", map[string]any{"cartons_opened": 8}); r.status != 403 {
			t.Errorf("factory complete: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "POST", url+"/complete", map[string]any{"cartons_opened": 8}); r.status != 409 || r.errorCode(t) != "inspection_not_confirmed" {
			t.Errorf("complete a request: %d %s", r.status, r.body)
		}

		moved := models.AddDays(e.today(), 5)
		if r := e.as("merch", "POST", url+"/confirm", map[string]any{"date": moved}); r.status != 422 || r.fieldCode(t, "date_change_reason") != "required" {
			t.Errorf("move without a reason: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "POST", url+"/confirm", map[string]any{"inspector_id": e.users["qcforeign"].ID}); r.status != 422 || r.fieldCode(t, "inspector_id") != "not_an_inspector" {
			t.Errorf("another supplier's qc: %d %s", r.status, r.body)
		}
		conf := e.as("merch", "POST", url+"/confirm", map[string]any{"date": moved, "date_change_reason": "验货员周四才有空",
			"inspector_id": e.users["qc"].ID})
		if conf.status != 200 {
			t.Fatalf("confirm: %d %s", conf.status, conf.body)
		}
		if cj := conf.json(t); cj["status"] != "confirmed" || cj["date"] != moved || cj["requested_date"] != b["date"] {
			t.Errorf("confirmed: %s", conf.body)
		}
		qcID := e.users["qc"].ID
		if ns, err := e.store.ListNotifications(context.Background(), &qcID, nil); err != nil || len(ns) != 1 || ns[0].Kind != models.NotifyInspectionAssigned {
			t.Errorf("the assigned inspector's notifications: %v %v", ns, err)
		}
		if got := fmt.Sprint(e.as("qc", "GET", url, nil).json(t)["actions"]); got != "[complete]" {
			t.Errorf("qc actions = %s, want [complete]", got)
		}

		photo := e.uploadAs("qc")
		findings := map[string]any{
			"cartons_opened": 7,
			"result":         "pass", // ignored: the verdict is the server's
			"defects": []map[string]any{
				{"code": "stain", "count": 3},
				{"code": "loose_thread", "severity": "minor", "count": 2, "photo_ids": []int64{photo}},
				// Piece 9: a major and a minor defect, one major unit.
				{"code": "open_seam", "count": 1, "piece": "9"},
				{"code": "loose_thread", "count": 1, "piece": "9"},
			},
			"measurements": []map[string]any{{"point": "胸围 Chest", "spec": 52, "tolerance": 1, "unit": "cm", "values": []float64{52.5, 54, 51}}},
			"checks":       []map[string]any{{"kind": "packing", "passed": true}, {"kind": "labelling", "passed": true}},
		}
		if r := e.as("qc", "POST", url+"/complete", findings); r.status != 422 || r.fieldCode(t, "cartons_opened") != "too_few" {
			t.Fatalf("too few cartons: %d %s", r.status, r.body)
		}
		findings["cartons_opened"] = 8
		findings["defects"] = append(findings["defects"].([]map[string]any), map[string]any{"code": "no_such_defect", "count": 1})
		if r := e.as("qc", "POST", url+"/complete", findings); r.status != 422 || r.fieldCode(t, "defects[4].code") != "unknown_defect_code" {
			t.Fatalf("unknown code: %d %s", r.status, r.body)
		}
		findings["defects"] = findings["defects"].([]map[string]any)[:4]
		done := e.as("qc", "POST", url+"/complete", findings)
		if done.status != 200 {
			t.Fatalf("complete: %d %s", done.status, done.body)
		}
		dj := done.json(t)
		// stain 3 + piece 9 + measured piece 2 = 5 major units (Ac 5): pass;
		// minor: 2 (piece 9 counts under major).
		found := dj["found"].(map[string]any)
		if found["major"] != float64(5) || found["minor"] != float64(2) || found["critical"] != float64(0) {
			t.Errorf("found %v, want major 5 minor 2", found)
		}
		if dj["result"] != "pass" || dj["status"] != "completed" || len(dj["photos"].([]any)) != 1 {
			t.Errorf("completed: %s", done.body)
		}
		// The qc user's signed photo URLs work without its token (its
		// assigned suppliers come with the URL's user too).
		thumb := dj["photos"].([]any)[0].(map[string]any)["urls"].(map[string]any)["thumb"].(string)
		if r := e.do(req{method: "GET", path: thumb}); r.status != 200 {
			t.Errorf("qc's signed photo URL: %d %s", r.status, r.body)
		}
		if sw, _ := dj["switching"].(map[string]any); sw == nil || sw["lots"] != float64(1) || sw["severity"] != "normal" {
			t.Errorf("switching after one lot: %v", dj["switching"])
		}
		if r := e.as("qc", "POST", url+"/complete", findings); r.status != 409 || r.errorCode(t) != "inspection_not_open" {
			t.Errorf("complete twice: %d %s", r.status, r.body)
		}
		_, ms, err := e.store.GetPlan(context.Background(), oid, models.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.Code == models.FinalInspectionStep && (m.Status != models.MilestoneDone || m.ActualDate == nil || *m.ActualDate != moved) {
				t.Errorf("final inspection step: %s %v, want done on %s", m.Status, m.ActualDate, moved)
			}
		}

		// Staff override, only with a reason; the computed result stays.
		if r := e.as("merch", "POST", url+"/override", map[string]any{"result": "fail"}); r.status != 422 || r.fieldCode(t, "reason") != "required" {
			t.Errorf("override without reason: %d %s", r.status, r.body)
		}
		if r := e.as("factory", "POST", url+"/override", map[string]any{"result": "pass", "reason": "x"}); r.status != 403 {
			t.Errorf("factory override: %d", r.status)
		}
		ov := e.as("merch", "POST", url+"/override", map[string]any{"result": "fail", "reason": "客户看了照片不接受色差"})
		if oj := ov.json(t); ov.status != 200 || oj["result"] != "fail" || oj["computed_result"] != "pass" || oj["override"] == nil {
			t.Fatalf("override: %d %s", ov.status, ov.body)
		}
		blocks, err := e.store.ShippingBlocks(context.Background(), oid)
		if err != nil || len(blocks) != 1 || blocks[0].Quantity != 1000 || blocks[0].InspectionID != id {
			t.Fatalf("blocks after a failed FRI: %v %v", blocks, err)
		}
		sg := e.as("factory", "GET", base, nil).json(t)["suggestion"].(map[string]any)
		if sg["type"] != "reinspection" {
			t.Errorf("suggestion after a failed FRI: %v", sg)
		}

		// A passing re-inspection clears the block.
		rb := bookingBody(e, "reinspection")
		rb["reinspection_of"] = id
		re := e.as("factory", "POST", base, rb)
		if re.status != 201 {
			t.Fatalf("book re-inspection: %d %s", re.status, re.body)
		}
		rid := int64(re.json(t)["id"].(float64))
		rurl := fmt.Sprintf("/api/v1/inspections/%d", rid)
		if r := e.as("merch", "POST", rurl+"/confirm", map[string]any{"inspector_id": e.users["qc"].ID}); r.status != 200 {
			t.Fatalf("confirm re-inspection: %d %s", r.status, r.body)
		}
		if r := e.as("qc", "POST", rurl+"/complete", map[string]any{"cartons_opened": 4}); r.status != 200 || r.json(t)["result"] != "pass" {
			t.Fatalf("re-inspection: %d %s", r.status, r.body)
		}
		if blocks, err := e.store.ShippingBlocks(context.Background(), oid); err != nil || len(blocks) != 0 {
			t.Errorf("blocks after a passing re-inspection: %v %v", blocks, err)
		}

		// Two of the next lots rejected: tightened inspection, shown on the
		// next booking with Table 2-B's plan (J: 2.5 → 3/4, 4.0 → 5/6).
		for i := 0; i < 2; i++ {
			in := e.confirmedInspection("fri")
			r := e.as("qc", "POST", fmt.Sprintf("/api/v1/inspections/%d/complete", in.ID), map[string]any{"cartons_opened": 4,
				"defects": []map[string]any{{"code": "hole", "count": 6}}})
			if r.status != 200 || r.json(t)["result"] != "fail" {
				t.Fatalf("failing lot %d: %d %s", i, r.status, r.body)
			}
		}
		next := e.as("factory", "POST", base, bookingBody(e, "fri")).json(t)
		if next["severity"] != "tightened" {
			t.Fatalf("severity after two of three lots rejected = %v", next["severity"])
		}
		if got := planOf(t, next, "major"); got != [3]int{80, 3, 4} {
			t.Errorf("tightened major plan %v, want 80 3/4", got)
		}
		if got := planOf(t, next, "minor"); got != [3]int{80, 5, 6} {
			t.Errorf("tightened minor plan %v, want 80 5/6", got)
		}
		sw := next["switching"].(map[string]any)
		if sw["reason"] != "two_of_five_rejected" {
			t.Errorf("switching shown with the booking: %v", sw)
		}

		// The upcoming and failed lists.
		up := e.as("merch", "GET", "/api/v1/inspections?view=upcoming", nil)
		if up.status != 200 || len(up.json(t)["items"].([]any)) == 0 {
			t.Errorf("upcoming: %d %s", up.status, up.body)
		}
		failed := e.as("merch", "GET", "/api/v1/inspections?view=failed", nil).json(t)["items"].([]any)
		if len(failed) != 3 { // the overridden FRI and the two failed lots
			t.Errorf("failed: %d items, want 3", len(failed))
		}
		if items := e.as("qcforeign", "GET", "/api/v1/inspections?view=failed", nil).json(t)["items"].([]any); len(items) != 0 {
			t.Errorf("another supplier's qc sees %d failed inspections", len(items))
		}
		if items := e.as("qc", "GET", "/api/v1/inspections?view=mine", nil).json(t)["items"].([]any); len(items) != 4 {
			t.Errorf("qc's own: %d, want 4", len(items))
		}
		if r := e.as("merch", "GET", "/api/v1/inspections?view=soon", nil); r.status != 422 || r.fieldCode(t, "view") != "one_of" {
			t.Errorf("bad view: %d %s", r.status, r.body)
		}
	})
}

// TestInspectionsFollowTheSupplier: after the order moves to another
// supplier, the old factory and its qc no longer see the inspections
// written for it, nor does the new factory see the old ones.
func TestInspectionsFollowTheSupplier(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		in := e.bookAs("factory", "dupro")
		hx := e.suppliers["huaxing"].ID
		if _, err := e.store.UpdateOrder(context.Background(), e.fixtureOrder(), models.OrderInput{SupplierID: &hx}, e.users["merch"].ID); err != nil {
			t.Fatal(err)
		}
		url := fmt.Sprintf("/api/v1/inspections/%d", in.ID)
		for who, want := range map[string]int{"factory": 404, "foreign": 404, "qc": 404, "qcforeign": 404, "merch": 200} {
			if r := e.as(who, "GET", url, nil); r.status != want {
				t.Errorf("%s: %d, want %d", who, r.status, want)
			}
		}
		list := e.as("foreign", "GET", fmt.Sprintf("/api/v1/orders/%d/inspections", e.fixtureOrder()), nil)
		if list.status != 200 || len(list.json(t)["items"].([]any)) != 0 {
			t.Errorf("new factory's list: %d %s", list.status, list.body)
		}
	})
}

// TestSelfInspection: a factory records its own DUPRO; the verdict is the
// server's all the same.
func TestSelfInspection(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		b := bookingBody(e, "dupro")
		b["self_inspection"] = true
		r := e.as("factory", "POST", fmt.Sprintf("/api/v1/orders/%d/inspections", e.fixtureOrder()), b)
		if r.status != 201 || r.json(t)["status"] != "confirmed" || fmt.Sprint(r.json(t)["actions"]) != "[cancel complete]" {
			t.Fatalf("self booking: %d %s", r.status, r.body)
		}
		url := fmt.Sprintf("/api/v1/inspections/%d/complete", int64(r.json(t)["id"].(float64)))
		if got := e.as("qc", "POST", url, map[string]any{"cartons_opened": 4}); got.status != 403 {
			t.Errorf("qc on a self-inspection: %d", got.status)
		}
		// A critical defect fails at AQL 0.
		got := e.as("factory2", "POST", url, map[string]any{"cartons_opened": 4, "defects": []map[string]any{{"code": "broken_needle", "count": 1}}})
		if got.status != 200 || got.json(t)["result"] != "fail" {
			t.Errorf("self-inspection with a critical defect: %d %s", got.status, got.body)
		}
	})
}

// TestQCScope: an inspector sees the confirmed orders of its assigned
// suppliers, without the staff-only fields, and nothing else.
func TestQCScope(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		e.draftOrder() // a draft of the same supplier: not shown
		list := e.as("qc", "GET", "/api/v1/orders", nil).json(t)["items"].([]any)
		if len(list) != 1 || int64(list[0].(map[string]any)["id"].(float64)) != oid {
			t.Fatalf("qc's orders: %v", list)
		}
		one := e.as("qc", "GET", fmt.Sprintf("/api/v1/orders/%d", oid), nil).json(t)
		for _, k := range []string{"unit_price", "internal_notes", "currency", "merchandiser_id"} {
			if _, ok := one[k]; ok {
				t.Errorf("qc reads %s", k)
			}
		}
		if fmt.Sprint(one["actions"]) != "[]" {
			t.Errorf("qc order actions: %v", one["actions"])
		}
		if n := len(e.as("qcforeign", "GET", "/api/v1/orders", nil).json(t)["items"].([]any)); n != 0 {
			t.Errorf("another supplier's qc sees %d orders", n)
		}
		for _, path := range []string{"/comments", "/samples", "/activity"} {
			if r := e.as("qc", "GET", fmt.Sprintf("/api/v1/orders/%d%s", oid, path), nil); r.status != 403 {
				t.Errorf("qc %s: %d, want 403", path, r.status)
			}
		}
		me := e.as("qc", "GET", "/api/v1/me", nil).json(t)
		if me["role"] != "qc" || fmt.Sprint(me["supplier_ids"]) != fmt.Sprint([]any{float64(e.suppliers["jinling"].ID)}) {
			t.Errorf("qc me: %v", me)
		}
		// Admins assign suppliers to qc users, and only to them.
		r := e.as("admin", "POST", "/api/v1/users", map[string]any{"name": "第三方验货", "email": "tp@test.example",
			"password": "a-long-new-passphrase", "role": "qc", "supplier_ids": []int64{e.suppliers["huaxing"].ID, e.suppliers["jinling"].ID}})
		if r.status != 201 || len(r.json(t)["supplier_ids"].([]any)) != 2 {
			t.Fatalf("create qc: %d %s", r.status, r.body)
		}
		if r := e.as("admin", "POST", "/api/v1/users", map[string]any{"name": "x", "email": "x@test.example",
			"password": "a-long-new-passphrase", "role": "merchandiser", "supplier_ids": []int64{e.suppliers["huaxing"].ID}}); r.status != 422 ||
			r.fieldCode(t, "supplier_ids") != "only_for_qc" {
			t.Errorf("supplier_ids on a merchandiser: %d %s", r.status, r.body)
		}
		qid := int64(r.json(t)["id"].(float64))
		p := e.as("admin", "PATCH", fmt.Sprintf("/api/v1/users/%d", qid), map[string]any{"supplier_ids": []int64{e.suppliers["huaxing"].ID}})
		if p.status != 200 || len(p.json(t)["supplier_ids"].([]any)) != 1 {
			t.Errorf("patch qc suppliers: %d %s", p.status, p.body)
		}
	})
}

// TestCompleteReplayedFromTheOutbox: the PWA's outbox may send a completion
// twice (a lost answer); with the same Idempotency-Key the second gets the
// first answer and the switching rules count the lot once.
func TestCompleteReplayedFromTheOutbox(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		in := e.confirmedInspection("fri")
		body := map[string]any{"cartons_opened": 4, "defects": []map[string]any{{"code": "stain", "count": 2}}}
		send := func() *response {
			return e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/inspections/%d/complete", in.ID), token: e.token("qc"),
				body: body, headers: map[string]string{"Idempotency-Key": "outbox-insp-1"}})
		}
		first, second := send(), send()
		if first.status != 200 || second.status != 200 || string(first.body) != string(second.body) {
			t.Fatalf("replay: %d %s / %d %s", first.status, first.body, second.status, second.body)
		}
		o, err := e.store.GetOrder(context.Background(), e.fixtureOrder(), models.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		st, err := e.store.SwitchingState(context.Background(), o.SupplierID, o.Category)
		if err != nil || st.Lots != 1 {
			t.Errorf("switching state after a replayed completion: %+v %v", st, err)
		}
	})
}

// TestSwitchingToReduced: with the supplier's consent, lots accepted with a
// margin raise the switching score to 30 and the next final inspection is
// reduced (Table 2-C); one rejected lot on reduced returns to normal.
// Without consent the score alone never reduces.
func TestSwitchingToReduced(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		a := e.users["admin"]
		complete := func(in *models.Inspection, defects []models.Defect) *models.Inspection {
			t.Helper()
			out, err := e.store.CompleteInspection(ctx, in.ID, models.CompleteInput{CartonsOpened: in.CartonsToOpen,
				Findings: models.Findings{Defects: defects}}, models.Inspector{UserID: a.ID, Role: a.Role}, models.Scope{})
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		// 1 000 at level II is J; major 2.5 → Ac 5, so each clean lot adds 3.
		for i := 0; i < 10; i++ {
			complete(e.confirmedInspection("fri"), nil)
		}
		if next := e.bookAs("factory", "fri"); next.Severity != "normal" {
			t.Fatalf("without the authority's consent: %s", next.Severity)
		}
		r := e.as("admin", "PATCH", fmt.Sprintf("/api/v1/suppliers/%d", e.suppliers["jinling"].ID), map[string]any{"reduced_inspection_allowed": true})
		if r.status != 200 || r.json(t)["reduced_inspection_allowed"] != true {
			t.Fatalf("consent: %d %s", r.status, r.body)
		}
		last := complete(e.confirmedInspection("fri"), nil)
		if sw := last.SwitchingOf(); sw == nil || sw.Severity != "reduced" || sw.Reason != "switching_score_30" {
			t.Fatalf("after the consent: %+v", sw)
		}
		red := e.as("factory", "POST", fmt.Sprintf("/api/v1/orders/%d/inspections", e.fixtureOrder()), bookingBody(e, "fri")).json(t)
		// Table 2-C: J's reduced sample is 32, with that table's Ac/Re
		// (the cells themselves are tested in models/aql).
		for sev, a := range map[string]string{"major": "2.5", "minor": "4.0"} {
			p, err := aql.Lookup(1000, aql.LevelII, a, aql.Reduced)
			if err != nil {
				t.Fatal(err)
			}
			if red["severity"] != "reduced" || planOf(t, red, sev) != [3]int{32, p.Ac, p.Re} {
				t.Fatalf("reduced booking, %s: %v %v, want 32 %d/%d", sev, red["severity"], red["plans"], p.Ac, p.Re)
			}
		}
		rin, _, err := e.store.GetInspection(ctx, int64(red["id"].(float64)), models.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		qc := e.users["qc"].ID
		if _, err := e.store.ConfirmInspection(ctx, rin.ID, models.ConfirmInput{InspectorID: &qc}, e.users["merch"].ID); err != nil {
			t.Fatal(err)
		}
		back := complete(rin, []models.Defect{{Code: "hole", Severity: models.SevMajor, Count: planOf(t, red, "major")[2]}})
		if sw := back.SwitchingOf(); back.Result != "fail" || sw.Severity != "normal" || sw.Reason != "reduced_lot_rejected" {
			t.Errorf("a rejected lot on reduced: %s %+v", back.Result, sw)
		}
	})
}

// TestDiscontinuedAndResumed: two of five lots rejected go tightened; five
// lots rejected on tightened discontinue the family (no booking of a final
// inspection) until an admin resumes it, on tightened inspection.
func TestDiscontinuedAndResumed(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		a := e.users["admin"]
		for i := 0; i < 7; i++ {
			in := e.confirmedInspection("fri")
			if _, err := e.store.CompleteInspection(context.Background(), in.ID, models.CompleteInput{CartonsOpened: in.CartonsToOpen,
				Findings: models.Findings{Defects: []models.Defect{{Code: "hole", Severity: models.SevMajor, Count: 9}}}},
				models.Inspector{UserID: a.ID, Role: a.Role}, models.Scope{}); err != nil {
				t.Fatal(err)
			}
		}
		base := fmt.Sprintf("/api/v1/orders/%d/inspections", e.fixtureOrder())
		if r := e.as("factory", "POST", base, bookingBody(e, "fri")); r.status != 409 || r.errorCode(t) != "inspection_discontinued" {
			t.Fatalf("booking a discontinued family: %d %s", r.status, r.body)
		}
		sw := fmt.Sprintf("/api/v1/suppliers/%d/switching", e.suppliers["jinling"].ID)
		list := e.as("merch", "GET", sw, nil).json(t)["items"].([]any)
		if len(list) != 1 || list[0].(map[string]any)["state"].(map[string]any)["discontinued"] != true {
			t.Fatalf("switching list: %v", list)
		}
		if r := e.as("merch", "POST", sw+"/resume", map[string]string{"family": ""}); r.status != 403 {
			t.Errorf("merchandiser resume: %d", r.status)
		}
		r := e.as("admin", "POST", sw+"/resume", map[string]string{"family": ""})
		if st := r.json(t)["state"].(map[string]any); r.status != 200 || st["severity"] != "tightened" || st["discontinued"] != false {
			t.Fatalf("resume: %d %s", r.status, r.body)
		}
		if got := e.as("factory", "POST", base, bookingBody(e, "fri")); got.status != 201 || got.json(t)["severity"] != "tightened" {
			t.Errorf("booking after resume: %d %s", got.status, got.body)
		}
	})
}
