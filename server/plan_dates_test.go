package server

import (
	"encoding/json"
	"fmt"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

// fieldProblem is the problem a 422 names for a field.
func (r *response) fieldProblem(t *testing.T, field string) models.FieldError {
	t.Helper()
	var body struct {
		Error struct {
			Fields map[string]models.FieldError `json:"fields"`
		} `json:"error"`
	}
	if err := json.Unmarshal(r.body, &body); err != nil {
		t.Fatal(err)
	}
	p, ok := body.Error.Fields[field]
	if !ok {
		t.Fatalf("no problem with %s: %s", field, r.body)
	}
	return p
}

// wantField is a scenario check: the 422 names field with code and params.
func wantField(field, code string, params map[string]any) func(t *testing.T, e *env, r *response) {
	return func(t *testing.T, e *env, r *response) {
		p := r.fieldProblem(t, field)
		if p.Code != code {
			t.Fatalf("%s: code %q, want %q", field, p.Code, code)
		}
		for k, v := range params {
			if p.Params[k] != v {
				t.Fatalf("%s: param %s = %v, want %v", field, k, p.Params[k], v)
			}
		}
	}
}

// TestPlanDatesNeedForce: over HTTP, a step moved after the ex-factory date
// or after the next step, and an order created, changed or imported with an
// ex-factory date already past, are refused with their code and change
// nothing; the same call with force is kept.
func TestPlanDatesNeedForce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		o, err := e.store.GetOrder(t.Context(), oid, models.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		ms, err := e.store.ListMilestones(t.Context(), oid)
		if err != nil {
			t.Fatal(err)
		}
		step := fmt.Sprintf("/api/v1/milestones/%d", ms[0].ID)
		late := models.AddDays(o.ExFactoryDate, 10)
		today := models.TodayIn(e.clock.Now(), models.DefaultTimeZone)
		past := models.AddDays(today, -1)
		po := fmt.Sprintf("PO-PAST-%d", seq.Add(1))
		pastBody := func(force bool) func(e *env) any {
			return func(e *env) any {
				b := e.orderBody(po)
				b["ex_factory_date"] = past
				if force {
					b["force"] = true
				}
				return b
			}
		}
		importCSV := func(force bool) func(e *env) *response {
			return func(e *env) *response {
				row := e.validRow("IMP-PAST", "白 White", "M", 10)
				row["ex_factory_date"] = past
				path := "/api/v1/orders/import"
				if force {
					path += "?force=true"
				}
				return e.do(req{method: "POST", path: path, token: e.token("merch"),
					body: importForm(e.t, "orders.csv", csvOf(e.t, sheetOf(ioHeader, row)))})
			}
		}
		runScenarios(t, e, []scenario{
			{name: "step after ex-factory", method: "PATCH", path: step, as: "merch", body: map[string]any{"planned_date": late},
				status: 422, errorCode: "validation_failed", noChange: []string{"milestones", "activity_events"},
				check: wantField("planned_date", "after_ex_factory", map[string]any{"ex_factory": o.ExFactoryDate})},
			{name: "step after the next step", method: "PATCH", path: step, as: "merch",
				body: map[string]any{"planned_date": models.AddDays(ms[1].PlannedDate, 1)}, status: 422,
				noChange: []string{"milestones", "activity_events"},
				check:    wantField("planned_date", "after_next_step", map[string]any{"step": ms[1].Code, "date": ms[1].PlannedDate})},
			{name: "forced step after ex-factory", method: "PATCH", path: step, as: "merch",
				body: map[string]any{"planned_date": late, "force": true}, status: 200, json: map[string]any{"planned_date": late}},
			{name: "create with a past ex-factory date", method: "POST", path: "/api/v1/orders", as: "merch", bodyFn: pastBody(false),
				status: 422, noChange: []string{"orders"},
				check: wantField("ex_factory_date", "date_in_past", map[string]any{"today": today})},
			{name: "forced create", method: "POST", path: "/api/v1/orders", as: "merch", bodyFn: pastBody(true),
				status: 201, json: map[string]any{"ex_factory_date": past}},
			{name: "move ex-factory into the past", method: "PATCH", pathFn: func(e *env) string { return fmt.Sprintf("/api/v1/orders/%d", oid) },
				as: "merch", body: map[string]any{"ex_factory_date": past}, status: 422, noChange: []string{"orders", "milestones"},
				check: wantField("ex_factory_date", "date_in_past", map[string]any{"today": today})},
		})
		t.Run("import with a past date", func(t *testing.T) {
			n := e.countOrders()
			rows := importCSV(false)(e).rowErrors(t)
			if len(rows) != 1 || rows[0].Code != "date_in_past" || rows[0].Row != 2 || rows[0].Column != "ex_factory_date" {
				t.Fatalf("row errors %+v, want date_in_past on row 2", rows)
			}
			if e.countOrders() != n {
				t.Fatal("a refused import created orders")
			}
			if got := importCSV(true)(e).imported(t); got.Created != 1 {
				t.Fatalf("forced import: %+v", got)
			}
			if e.orderByPO("IMP-PAST").ExFactoryDate != past {
				t.Fatal("forced import did not keep the date")
			}
		})
	})
}
