package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

// matFix is one requirement line with a PO line and (when received) a
// receipt, written directly (H1 and H2 own the APIs that write them).
type matFix struct {
	orderID, msID, lineID, poID, poLineID, receiptID int64
}

// matOpts shapes seedMaterial's rows; quantities in hundredths.
type matOpts struct {
	name                    string
	neededBy                string
	required, ordered, recv int64
	status                  string // the PO's, default shipped
	supplierID              int64  // the rows' supplier, default the order's
	eta, deliverTo          string
	msID                    int64 // the material supplier, default a new one
	unitPrice, orderedDate  string
	baseline, promised      string
	shipped, warehouse      string
}

// seedMaterial writes a requirement line, a PO with one line and, when
// recv > 0, an accepted receipt of it; the order's risk is refreshed as
// H2's writes will.
func (e *env) seedMaterial(orderID int64, o matOpts) matFix {
	e.t.Helper()
	ctx := context.Background()
	db := e.store.Gorm()
	ord, err := e.store.GetOrder(ctx, orderID, models.Scope{})
	if err != nil {
		e.t.Fatal(err)
	}
	n := seq.Add(1)
	if o.name == "" {
		o.name = "面料 Shell fabric"
	}
	if o.status == "" {
		o.status = models.MPOShipped
	}
	if o.supplierID == 0 {
		o.supplierID = ord.SupplierID
	}
	now := e.clock.Now()
	f := matFix{orderID: orderID, msID: o.msID}
	if f.msID == 0 {
		ms := models.MaterialSupplier{Code: fmt.Sprintf("MS-%d", n), Name: "绍兴布厂", Active: true, CreatedAt: now, UpdatedAt: now}
		if err := db.Create(&ms).Error; err != nil {
			e.t.Fatal(err)
		}
		f.msID = ms.ID
	}
	merch := e.users["merch"].ID
	line := models.MaterialLine{OrderID: orderID, SupplierID: o.supplierID, Position: int(n), Category: "fabric", Name: o.name,
		Unit: "m", ConsumptionE4: 10000, RequiredE2: o.required, NeededBy: o.neededBy, NeededByAuto: false,
		SourcedBy: models.SourcedFactory, CreatedBy: merch, CreatedAt: now, UpdatedAt: now}
	if err := db.Create(&line).Error; err != nil {
		e.t.Fatal(err)
	}
	f.lineID = line.ID
	po := models.MaterialPO{OrderID: orderID, SupplierID: o.supplierID, MaterialSupplierID: f.msID, PONumber: fmt.Sprintf("M-%d", n),
		SourcedBy: models.SourcedFactory, Status: o.status, Currency: "CNY", OrderedDate: o.orderedDate, PromisedDate: o.promised,
		BaselineDate: o.baseline, ETA: o.eta, ShippedDate: o.shipped, DeliverTo: o.deliverTo, CreatedBy: merch, CreatedAt: now, UpdatedAt: now}
	if err := db.Create(&po).Error; err != nil {
		e.t.Fatal(err)
	}
	f.poID = po.ID
	pl := models.MaterialPOLine{POID: po.ID, LineID: line.ID, QuantityE2: o.ordered, UnitPrice: o.unitPrice, ReceivedE2: o.recv, AcceptedE2: o.recv}
	if err := db.Create(&pl).Error; err != nil {
		e.t.Fatal(err)
	}
	f.poLineID = pl.ID
	if o.recv > 0 {
		rc := models.MaterialReceipt{POID: po.ID, POLineID: pl.ID, SupplierID: o.supplierID, ReceivedDate: e.today(), QuantityE2: o.recv,
			Warehouse: o.warehouse, Handling: models.HandlingAccepted, ReceivedBy: merch, CreatedAt: now}
		if err := db.Create(&rc).Error; err != nil {
			e.t.Fatal(err)
		}
		f.receiptID = rc.ID
	}
	if err := e.store.RefreshRisk(ctx, orderID); err != nil {
		e.t.Fatal(err)
	}
	return f
}

// fabricBody is a fabric inspection of one 100-yard roll, 36 in wide,
// with points points (4-point defects, then one 1-point defect).
func fabricBody(f matFix, points int) map[string]any {
	var defects []map[string]any
	y := 1
	for ; points >= 4; points -= 4 {
		defects = append(defects, map[string]any{"yard": y, "length_in": "10", "hole": false})
		y++
	}
	for ; points > 0; points-- {
		defects = append(defects, map[string]any{"yard": y, "length_in": "2.5", "hole": false})
		y++
	}
	return map[string]any{"po_line_id": f.poLineID, "receipt_id": f.receiptID, "kind": "fabric",
		"inspected_date": "2026-01-01", "rolls": []map[string]any{{"roll_no": "R1", "yards": "100", "width_in": "36", "defects": defects}}}
}

// matLast is the fixture the last matrix URL made, for its body.
var matLast = map[*env]matFix{}

func freshMaterialPOURL(suffix string) func(*env) string {
	return func(e *env) string {
		f := e.seedMaterial(e.fixtureOrder(), matOpts{required: 10000, ordered: 10000, recv: 10000})
		matLast[e] = f
		return fmt.Sprintf("/api/v1/material-pos/%d%s", f.poID, suffix)
	}
}

func (e *env) materialInspection(f matFix, points int, as string) int64 {
	e.t.Helper()
	body := fabricBody(f, points)
	body["inspected_date"] = e.today()
	r := e.as(as, "POST", fmt.Sprintf("/api/v1/material-pos/%d/inspections", f.poID), body)
	if r.status != 201 {
		e.t.Fatalf("inspection: %d %s", r.status, r.body)
	}
	return int64(r.json(e.t)["id"].(float64))
}

func freshMaterialInspectionURL(points int, suffix string) func(*env) string {
	return func(e *env) string {
		f := e.seedMaterial(e.fixtureOrder(), matOpts{required: 10000, ordered: 10000, recv: 10000})
		return fmt.Sprintf("/api/v1/material-inspections/%d%s", e.materialInspection(f, points, "merch"), suffix)
	}
}

func init() {
	authzMatrix = append(authzMatrix,
		authzRow{method: "POST", path: "/api/v1/material-pos/:id/inspections", url: freshMaterialPOURL("/inspections"), want: ownOrForeign(201),
			rawBody: func(e *env) any {
				f := matLast[e]
				return map[string]any{"po_line_id": f.poLineID, "kind": "trim", "inspected_date": e.today(), "lot_size": 1200, "defects": 1}
			}},
		authzRow{method: "GET", path: "/api/v1/material-inspections/:id", url: freshMaterialInspectionURL(0, ""), want: ownOrForeign(200)},
		authzRow{method: "POST", path: "/api/v1/material-inspections/:id/resolve", url: freshMaterialInspectionURL(60, "/resolve"),
			want: ownOrForeign(200), body: func(int64) any { return map[string]any{"resolution": "replacement", "note": "换一批"} }},
		authzRow{method: "GET", path: "/api/v1/orders/:id/material-readiness", url: orderURL("/material-readiness"), want: ownOrForeign(200)},
		authzRow{method: "GET", path: "/api/v1/material-suppliers/:id/scorecard", url: func(e *env) string {
			f := e.seedMaterial(e.fixtureOrder(), matOpts{required: 100, ordered: 100})
			return fmt.Sprintf("/api/v1/material-suppliers/%d/scorecard", f.msID)
		}, want: staffGets(200)},
	)
}

func (e *env) readiness(user string, orderID int64) map[string]any {
	e.t.Helper()
	r := e.as(user, "GET", fmt.Sprintf("/api/v1/orders/%d/material-readiness", orderID), nil)
	if r.status != 200 {
		e.t.Fatalf("readiness: %d %s", r.status, r.body)
	}
	return r.json(e.t)
}

func readyStatus(m map[string]any) string { return m["readiness"].(map[string]any)["status"].(string) }

func lineReady(m map[string]any, i int) map[string]any {
	return m["lines"].([]any)[i].(map[string]any)["readiness"].(map[string]any)
}

func (e *env) acceptedE2(poLineID int64) int64 {
	e.t.Helper()
	var pl models.MaterialPOLine
	if err := e.store.Gorm().First(&pl, poLineID).Error; err != nil {
		e.t.Fatal(err)
	}
	return pl.AcceptedE2
}

func (e *env) riskCodes(orderID int64) []string {
	e.t.Helper()
	o, err := e.store.GetOrder(context.Background(), orderID, models.Scope{})
	if err != nil {
		e.t.Fatal(err)
	}
	var codes []string
	for _, r := range models.RiskOf(o).Reasons {
		codes = append(codes, r.Code)
	}
	return codes
}

// TestMaterialFabricInspection: the four-point system through the API —
// 40 points per 100 square yards passes at the default threshold, 41
// fails, the failed lot leaves the line unaccepted and the order blocked
// with material_failed in its risk until staff grant a concession; the
// customer's own threshold is used.
func TestMaterialFabricInspection(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		f := e.seedMaterial(oid, matOpts{required: 10000, ordered: 10000, recv: 10000, neededBy: models.AddDays(e.today(), 20)})
		rd := e.readiness("merch", oid)
		if readyStatus(rd) != "pending" || lineReady(rd, 0)["status"] != "inspecting" || lineReady(rd, 0)["passed"] != "0.00" {
			t.Fatalf("before the inspection: %v", rd)
		}

		body := fabricBody(f, 40)
		body["inspected_date"] = e.today()
		body["photo_ids"] = []int64{e.uploadAs("factory")}
		r := e.as("factory", "POST", fmt.Sprintf("/api/v1/material-pos/%d/inspections", f.poID), body)
		if r.status != 201 {
			t.Fatalf("inspect: %d %s", r.status, r.body)
		}
		m := r.json(t)
		if ph := m["photos"].([]any); len(ph) != 1 {
			t.Errorf("photos %v", m["photos"])
		}
		if r := e.as("merch", "GET", fmt.Sprintf("/api/v1/material-inspections/%.0f", m["id"]), nil); r.status != 200 || len(r.json(t)["photos"].([]any)) != 1 {
			t.Errorf("staff reads the inspection: %d %s", r.status, r.body)
		}
		if m["result"] != "pass" || m["points_per_100"] != "40.00" || m["threshold"] != 40.0 || m["total_points"] != 40.0 || m["yards"] != "100.00" {
			t.Errorf("40 points: %v", m)
		}
		if rolls := m["rolls"].([]any); len(rolls) != 1 || rolls[0].(map[string]any)["points"] != 40.0 {
			t.Errorf("rolls: %v", m["rolls"])
		}
		if a := m["actions"].([]any); len(a) != 0 {
			t.Errorf("a pass has actions %v", a)
		}
		rd = e.readiness("factory", oid)
		if readyStatus(rd) != "ready" || lineReady(rd, 0)["passed"] != "100.00" || lineReady(rd, 0)["short"] != "0.00" {
			t.Errorf("after a pass: %v", rd)
		}

		// A second line whose fabric has 41 points: fails.
		g := e.seedMaterial(oid, matOpts{name: "里布 Lining", required: 5000, ordered: 5000, recv: 5000, neededBy: models.AddDays(e.today(), 20)})
		body = fabricBody(g, 41)
		body["inspected_date"] = e.today()
		r = e.as("factory", "POST", fmt.Sprintf("/api/v1/material-pos/%d/inspections", g.poID), body)
		m = r.json(t)
		if r.status != 201 || m["result"] != "fail" || m["points_per_100"] != "41.00" {
			t.Fatalf("41 points: %d %v", r.status, m)
		}
		if fmt.Sprint(m["actions"]) != "[replacement]" {
			t.Errorf("factory actions on a failed lot: %v", m["actions"])
		}
		if e.acceptedE2(g.poLineID) != 0 {
			t.Errorf("a failed lot is accepted: %d", e.acceptedE2(g.poLineID))
		}
		// The PO lists its inspections, for the factory to ask for a replacement.
		pr := e.as("factory", "GET", fmt.Sprintf("/api/v1/material-pos/%d", g.poID), nil)
		if ins, _ := pr.json(t)["inspections"].([]any); pr.status != 200 || len(ins) != 1 ||
			ins[0].(map[string]any)["result"] != "fail" || ins[0].(map[string]any)["points_per_100"] != "41.00" ||
			ins[0].(map[string]any)["id"] != m["id"] {
			t.Errorf("the PO's inspections: %d %s", pr.status, pr.body)
		}
		rd = e.readiness("merch", oid)
		if readyStatus(rd) != "blocked" || lineReady(rd, 1)["status"] != "failed" {
			t.Errorf("after a fail: %v", rd)
		}
		bl := rd["readiness"].(map[string]any)["blocking"].([]any)
		if len(bl) != 1 || bl[0].(map[string]any)["name"] != "里布 Lining" {
			t.Errorf("blocking %v", bl)
		}
		if codes := e.riskCodes(oid); !strings.Contains(fmt.Sprint(codes), "material_failed") {
			t.Errorf("risk reasons %v, want material_failed", codes)
		}
		merch := e.users["merch"].ID
		ns, _ := e.store.ListNotifications(context.Background(), &merch, nil)
		if len(ns) == 0 || ns[0].Kind != models.NotifyMaterialInspectionFailed {
			t.Errorf("merchandiser's notifications %v", ns)
		}

		insp := int64(m["id"].(float64))
		url := fmt.Sprintf("/api/v1/material-inspections/%d/resolve", insp)
		if r := e.as("factory", "POST", url, map[string]any{"resolution": "concession"}); r.status != 403 {
			t.Errorf("factory concession: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "POST", url, map[string]any{"resolution": "maybe"}); r.status != 422 || r.fieldCode(t, "resolution") != "one_of" {
			t.Errorf("bad resolution: %d %s", r.status, r.body)
		}
		r = e.as("merch", "POST", url, map[string]any{"resolution": "concession", "note": "客户同意"})
		if r.status != 200 || r.json(t)["resolution"] != "concession" {
			t.Fatalf("concession: %d %s", r.status, r.body)
		}
		if e.acceptedE2(g.poLineID) != 5000 {
			t.Errorf("conceded lot accepted %d, want 5000", e.acceptedE2(g.poLineID))
		}
		if r := e.as("merch", "POST", url, map[string]any{"resolution": "replacement"}); r.status != 409 || r.errorCode(t) != "material_inspection_resolved" {
			t.Errorf("resolving twice: %d %s", r.status, r.body)
		}
		if readyStatus(e.readiness("merch", oid)) != "ready" {
			t.Error("not ready after the concession")
		}
		if codes := e.riskCodes(oid); strings.Contains(fmt.Sprint(codes), "material_") {
			t.Errorf("risk reasons %v after the concession", codes)
		}

		// The customer's threshold: at 50, 41 points pass.
		r = e.as("merch", "PATCH", fmt.Sprintf("/api/v1/customers/%d", e.customer), map[string]any{"fabric_points_max": 50})
		if r.status != 200 || r.json(t)["fabric_points_max"] != 50.0 {
			t.Fatalf("customer threshold: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "PATCH", fmt.Sprintf("/api/v1/customers/%d", e.customer), map[string]any{"fabric_points_max": 0}); r.status != 422 {
			t.Errorf("threshold 0: %d", r.status)
		}
		h := e.seedMaterial(oid, matOpts{name: "罗纹 Rib", required: 100, ordered: 100, recv: 100})
		body = fabricBody(h, 41)
		body["inspected_date"] = e.today()
		m = e.as("factory", "POST", fmt.Sprintf("/api/v1/material-pos/%d/inspections", h.poID), body).json(t)
		if m["result"] != "pass" || m["threshold"] != 50.0 {
			t.Errorf("41 points at 50: %v", m)
		}
	})
}

// TestMaterialTrimInspection: trims by ISO 2859-1 — lot 1,200 at level II,
// AQL 2.5 is 80 pieces, Ac 5 / Re 6.
func TestMaterialTrimInspection(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		for _, c := range []struct {
			defects int
			result  string
		}{{5, "pass"}, {6, "fail"}} {
			f := e.seedMaterial(oid, matOpts{name: "拉链 Zipper", required: 120000, ordered: 120000, recv: 120000})
			r := e.as("factory", "POST", fmt.Sprintf("/api/v1/material-pos/%d/inspections", f.poID), map[string]any{
				"po_line_id": f.poLineID, "kind": "trim", "inspected_date": e.today(), "lot_size": 1200, "defects": c.defects, "reason": "拉头松"})
			m := r.json(t)
			if r.status != 201 || m["result"] != c.result || m["sample_size"] != 80.0 || m["accept_no"] != 5.0 || m["reject_no"] != 6.0 ||
				m["level"] != "II" || m["aql"] != "2.5" || m["receipt_id"] != nil {
				t.Errorf("%d defects: %d %v", c.defects, r.status, m)
			}
		}
		f := e.seedMaterial(oid, matOpts{required: 100, ordered: 100, recv: 100})
		r := e.as("factory", "POST", fmt.Sprintf("/api/v1/material-pos/%d/inspections", f.poID), map[string]any{
			"po_line_id": f.poLineID, "kind": "trim", "inspected_date": e.today(), "lot_size": 1200, "aql": "3.3"})
		if r.status != 422 || r.fieldCode(t, "aql") != "one_of" {
			t.Errorf("bad AQL: %d %s", r.status, r.body)
		}
	})
}

// TestMaterialInspectionValidation: field codes for bad rolls, nothing
// received yet is a conflict, and nothing is written on a refusal.
func TestMaterialInspectionValidation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		f := e.seedMaterial(oid, matOpts{required: 100, ordered: 100, recv: 100})
		url := fmt.Sprintf("/api/v1/material-pos/%d/inspections", f.poID)
		body := map[string]any{"po_line_id": f.poLineID, "kind": "fabric", "inspected_date": e.today(), "rolls": []map[string]any{
			{"roll_no": "R1", "yards": "10.123", "width_in": "58"},
			{"roll_no": "", "yards": "10", "width_in": "0", "defects": []map[string]any{{"yard": 11, "length_in": "2"}, {"yard": 1, "length_in": "x"}}},
		}}
		r := e.as("factory", "POST", url, body)
		if r.status != 422 {
			t.Fatalf("bad rolls: %d %s", r.status, r.body)
		}
		for field, code := range map[string]string{"rolls[0].yards": "invalid_decimal", "rolls[1].roll_no": "required",
			"rolls[1].width_in": "out_of_range", "rolls[1].defects[0].yard": "out_of_range", "rolls[1].defects[1].length_in": "invalid_decimal"} {
			if got := r.fieldCode(t, field); got != code {
				t.Errorf("%s: %q, want %q", field, got, code)
			}
		}
		for field, b := range map[string]map[string]any{
			"kind":           {"po_line_id": f.poLineID, "kind": "leather", "inspected_date": e.today()},
			"po_line_id":     {"po_line_id": f.poLineID + 999, "kind": "trim", "inspected_date": e.today(), "lot_size": 10},
			"inspected_date": {"po_line_id": f.poLineID, "kind": "trim", "inspected_date": models.AddDays(e.today(), 3), "lot_size": 10},
			"rolls":          {"po_line_id": f.poLineID, "kind": "fabric", "inspected_date": e.today()},
		} {
			if r := e.as("factory", "POST", url, b); r.status != 422 || r.fieldCode(t, field) == "" {
				t.Errorf("%s: %d %s", field, r.status, r.body)
			}
		}
		g := e.seedMaterial(oid, matOpts{required: 100, ordered: 100, status: models.MPOConfirmed})
		if r := e.as("factory", "POST", fmt.Sprintf("/api/v1/material-pos/%d/inspections", g.poID),
			map[string]any{"po_line_id": g.poLineID, "kind": "trim", "inspected_date": e.today(), "lot_size": 10}); r.status != 409 || r.errorCode(t) != "material_not_received" {
			t.Errorf("nothing received: %d %s", r.status, r.body)
		}
		d := e.seedMaterial(oid, matOpts{required: 100, ordered: 100, status: models.MPODraft})
		if r := e.as("factory", "POST", fmt.Sprintf("/api/v1/material-pos/%d/inspections", d.poID),
			map[string]any{"po_line_id": d.poLineID, "kind": "trim", "inspected_date": e.today(), "lot_size": 10}); r.status != 409 || r.errorCode(t) != "material_po_not_open" {
			t.Errorf("a draft PO: %d %s", r.status, r.body)
		}
		var n int64
		e.store.Gorm().Model(&models.MaterialInspection{}).Count(&n)
		if n != 0 {
			t.Errorf("%d inspections written by refusals", n)
		}
	})
}

// TestMaterialTenancy: another factory gets 404 on the PO, the inspection
// and the readiness; rows written for another supplier (the order moved)
// are neither the factory's to inspect nor in its readiness.
func TestMaterialTenancy(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		f := e.seedMaterial(oid, matOpts{required: 100, ordered: 100, recv: 100})
		body := fabricBody(f, 0)
		body["inspected_date"] = e.today()
		url := fmt.Sprintf("/api/v1/material-pos/%d/inspections", f.poID)
		if r := e.as("foreign", "POST", url, body); r.status != 404 {
			t.Errorf("foreign inspects: %d", r.status)
		}
		id := e.materialInspection(f, 0, "factory")
		for _, u := range []string{fmt.Sprintf("/api/v1/material-inspections/%d", id), fmt.Sprintf("/api/v1/orders/%d/material-readiness", oid)} {
			if r := e.as("foreign", "GET", u, nil); r.status != 404 {
				t.Errorf("foreign GET %s: %d", u, r.status)
			}
		}
		// Written while the order was huaxing's.
		old := e.seedMaterial(oid, matOpts{name: "旧面料", required: 100, ordered: 100, recv: 100, supplierID: e.suppliers["huaxing"].ID})
		b := fabricBody(old, 0)
		b["inspected_date"] = e.today()
		if r := e.as("factory", "POST", fmt.Sprintf("/api/v1/material-pos/%d/inspections", old.poID), b); r.status != 404 {
			t.Errorf("factory inspects another supplier's PO: %d", r.status)
		}
		oldID := e.materialInspection(old, 0, "merch")
		if r := e.as("factory", "GET", fmt.Sprintf("/api/v1/material-inspections/%d", oldID), nil); r.status != 404 {
			t.Errorf("factory reads another supplier's inspection: %d", r.status)
		}
		if r := e.as("foreign", "GET", fmt.Sprintf("/api/v1/material-inspections/%d", oldID), nil); r.status != 404 {
			t.Errorf("the old supplier reads an order no longer its: %d", r.status)
		}
		if rd := e.readiness("factory", oid); len(rd["lines"].([]any)) != 1 {
			t.Errorf("factory readiness lists %d lines, want its own 1", len(rd["lines"].([]any)))
		}
		if rd := e.readiness("merch", oid); len(rd["lines"].([]any)) != 2 {
			t.Errorf("staff readiness lists %d lines, want 2", len(rd["lines"].([]any)))
		}
	})
}

// TestCuttingWarning: progress on the cutting step while materials are not
// ready is recorded, warns material_not_ready and tells the merchandiser;
// without requirement lines, or once ready, nothing is said.
func TestCuttingWarning(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		ms, err := e.store.ListMilestones(context.Background(), oid)
		if err != nil {
			t.Fatal(err)
		}
		var cutting, other int64
		for _, m := range ms {
			switch {
			case m.Code == "cutting":
				cutting = m.ID
			case m.QuantityKind == "" && other == 0:
				other = m.ID
			}
		}
		report := func(id int64, q int) map[string]any {
			t.Helper()
			body := map[string]any{"date": e.today(), "note": "开裁"}
			if q > 0 {
				body["quantity"] = q
			}
			r := e.as("factory", "POST", fmt.Sprintf("/api/v1/milestones/%d/reports", id), body)
			if r.status != 201 {
				t.Fatalf("report: %d %s", r.status, r.body)
			}
			return r.json(t)
		}
		if m := report(cutting, 100); m["warnings"] != nil {
			t.Errorf("no lines, warnings %v", m["warnings"])
		}
		f := e.seedMaterial(oid, matOpts{name: "面料 Shell", required: 100, ordered: 100, recv: 100})
		e.seedMaterial(oid, matOpts{name: "拉链 Zip", required: 100, ordered: 0})
		m := report(cutting, 200)
		ws, _ := m["warnings"].([]any)
		if len(ws) != 1 {
			t.Fatalf("warnings %v", m["warnings"])
		}
		w := ws[0].(map[string]any)
		if w["code"] != "material_not_ready" || w["params"].(map[string]any)["items"] != "面料 Shell, 拉链 Zip" {
			t.Errorf("warning %v", w)
		}
		merch := e.users["merch"].ID
		ns, _ := e.store.ListNotifications(context.Background(), &merch, nil)
		found := false
		for _, n := range ns {
			if n.Kind == models.NotifyMaterialNotReady {
				var data map[string]any
				_ = json.Unmarshal([]byte(n.Data), &data)
				found = data["items"] == "面料 Shell, 拉链 Zip" && data["step"] == "裁剪"
			}
		}
		if !found {
			t.Errorf("no material_not_ready for the merchandiser: %v", ns)
		}
		if other != 0 {
			if m := report(other, 0); m["warnings"] != nil {
				t.Errorf("another step warns %v", m["warnings"])
			}
		}
		_ = f
	})
}

// TestMaterialScorecard: the five rights' figures over a supplier's POs.
func TestMaterialScorecard(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		a := e.seedMaterial(oid, matOpts{name: "面料", required: 100, ordered: 10000, recv: 9000, status: models.MPOPartiallyReceived,
			orderedDate: "2026-01-05", baseline: "2026-01-20", promised: "2026-01-25", shipped: "2026-01-22",
			deliverTo: "杭州一号仓", warehouse: "杭州一号仓 ", unitPrice: "20.00"})
		ms := a.msID
		b := e.seedMaterial(oid, matOpts{msID: ms, name: "面料", required: 100, ordered: 5000, recv: 5500, status: models.MPOReceived,
			orderedDate: "2026-02-05", baseline: "2026-02-20", promised: "2026-02-20", shipped: "2026-02-19",
			deliverTo: "杭州一号仓", warehouse: "宁波仓", unitPrice: "22.00"})
		e.seedMaterial(oid, matOpts{msID: ms, name: "面料", required: 100, ordered: 100, status: models.MPOCancelled, orderedDate: "2026-02-06", unitPrice: "99"})
		e.seedMaterial(oid, matOpts{msID: ms, name: "面料", required: 100, ordered: 100, status: models.MPOSent, orderedDate: "2025-01-01"})
		// a's first inspection fails, then a pass; b's first passes
		e.materialInspection(a, 60, "merch")
		e.materialInspection(a, 0, "merch")
		e.materialInspection(b, 0, "merch")
		r := e.as("merch", "GET", fmt.Sprintf("/api/v1/material-suppliers/%d/scorecard?from=2026-01-01&to=2026-12-31", ms), nil)
		if r.status != 200 {
			t.Fatalf("scorecard: %d %s", r.status, r.body)
		}
		m := r.json(t)
		want := map[string]string{
			"pos":      "2",
			"on_time":  "map[on_baseline:1 on_baseline_pct:50 on_promise:2 on_promise_pct:100 shipped:2]",
			"quality":  "map[first_passed:1 inspected:2 pass_pct:50]",
			"place":    "map[pct:50 receipts:2 right_place:1]",
			"quantity": "map[lines:2 over:1 over_pct:50 short:1 short_pct:50]",
			"price":    "map[compared:1 variance_pct:10]",
		}
		for k, v := range want {
			if got := fmt.Sprint(m[k]); got != v {
				t.Errorf("%s: %s, want %s", k, got, v)
			}
		}
		if r := e.as("merch", "GET", fmt.Sprintf("/api/v1/material-suppliers/%d/scorecard?from=2026-02-01&to=2026-01-01", ms), nil); r.status != 422 {
			t.Errorf("from after to: %d", r.status)
		}
		if r := e.as("merch", "GET", "/api/v1/material-suppliers/999999/scorecard", nil); r.status != 404 {
			t.Errorf("unknown supplier: %d", r.status)
		}
	})
}

// TestAddReadiness: the helper H1's GET /orders/:id/materials answer calls
// gives the order's readiness and each line's in the order asked, a
// factory's over its own supplier's rows.
func TestAddReadiness(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	oid := e.fixtureOrder()
	a := e.seedMaterial(oid, matOpts{name: "面料", required: 10000, ordered: 10000, eta: "2099-01-01", neededBy: "2098-12-01"})
	b := e.seedMaterial(oid, matOpts{name: "旧里布", required: 100, supplierID: e.suppliers["huaxing"].ID})
	staffP := &Principal{UserID: e.users["merch"].ID, Role: models.RoleMerchandiser}
	or, ls, err := e.srv.addReadiness(context.Background(), staffP, oid, []int64{b.lineID, a.lineID})
	if err != nil {
		t.Fatal(err)
	}
	if or.Status != "blocked" || or.LinesTotal != 2 || len(ls) != 2 || ls[1].Status != "late" || ls[1].Ordered != "100.00" ||
		ls[1].ETA == nil || *ls[1].ETA != "2099-01-01" || ls[0].Status != "short" {
		t.Errorf("staff: %+v %+v", or, ls)
	}
	sid := e.suppliers["jinling"].ID
	factoryP := &Principal{UserID: e.users["factory"].ID, Role: models.RoleFactory, SupplierID: &sid}
	or, ls, err = e.srv.addReadiness(context.Background(), factoryP, oid, []int64{a.lineID})
	if err != nil {
		t.Fatal(err)
	}
	if or.LinesTotal != 1 || ls[0].Status != "late" {
		t.Errorf("factory: %+v %+v", or, ls)
	}
}
