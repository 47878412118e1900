package server

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

// TestOverdueInTheSuppliersTimeZone: at 17:00 UTC a step planned for that
// day is late in Hangzhou (already the next day) but due today in Los
// Angeles.
func TestOverdueInTheSuppliersTimeZone(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		e.clock.Set(time.Date(2026, 3, 2, 17, 0, 0, 0, time.UTC))
		tpl := e.oneStepTemplate()
		in := e.newOrderInput("PO-TZ")
		in.ExFactoryDate, in.TemplateID = ptrTo("2026-03-02"), &tpl
		in.Force = true // already past in Shanghai
		o, err := e.store.CreateOrder(ctx, in, e.users["merch"].ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.store.ConfirmOrder(ctx, o.ID, nil, models.LateKeep, e.users["merch"].ID); err != nil {
			t.Fatal(err)
		}
		url := fmt.Sprintf("/api/v1/orders/%d", o.ID)
		state := func(who string) (order, step map[string]any) {
			t.Helper()
			order = e.as(who, "GET", url, nil).json(t)
			step = e.as(who, "GET", url+"/milestones", nil).json(t)["items"].([]any)[0].(map[string]any)
			return order, step
		}
		for _, who := range []string{"merch", "factory"} {
			order, step := state(who)
			if order["overdue"] != true || order["due_soon"] != false || step["overdue"] != true || step["due_soon"] != false {
				t.Errorf("Hangzhou, %s: order %v/%v, step %v/%v; want overdue", who, order["overdue"], order["due_soon"], step["overdue"], step["due_soon"])
			}
		}
		sid := e.suppliers["jinling"].ID
		r := e.as("admin", "PATCH", fmt.Sprintf("/api/v1/suppliers/%d", sid), map[string]any{"time_zone": "America/Los_Angeles"})
		if r.status != 200 || r.json(t)["time_zone"] != "America/Los_Angeles" {
			t.Fatalf("set time zone: %d %s", r.status, r.body)
		}
		for _, who := range []string{"merch", "factory"} {
			order, step := state(who)
			if order["overdue"] != false || order["due_soon"] != true || step["overdue"] != false || step["due_soon"] != true {
				t.Errorf("Los Angeles, %s: order %v/%v, step %v/%v; want due soon", who, order["overdue"], order["due_soon"], step["overdue"], step["due_soon"])
			}
		}
		if got := e.as("merch", "GET", "/api/v1/dashboard/counts", nil).json(t); num(got, "overdue") != 0 || num(got, "due_soon") != 1 {
			t.Errorf("dashboard in Los Angeles: %v", got)
		}
		e.clock.Set(time.Date(2026, 3, 3, 8, 0, 0, 0, time.UTC)) // midnight in Los Angeles
		if order, step := state("merch"); order["overdue"] != true || step["overdue"] != true {
			t.Errorf("Los Angeles after midnight: order %v, step %v; want overdue", order["overdue"], step["overdue"])
		}
		if got := e.as("merch", "GET", "/api/v1/dashboard/counts", nil).json(t); num(got, "overdue") != 1 || num(got, "due_soon") != 0 {
			t.Errorf("dashboard after midnight in Los Angeles: %v", got)
		}

		// Unknown zones are refused with a code.
		r = e.as("admin", "PATCH", fmt.Sprintf("/api/v1/suppliers/%d", sid), map[string]any{"time_zone": "Beijing"})
		if r.status != 422 || fieldCode(t, r, "time_zone") != "unknown_time_zone" {
			t.Fatalf("unknown time zone: %d %s", r.status, r.body)
		}
		r = e.as("admin", "POST", "/api/v1/suppliers", map[string]any{"code": "NB-01", "name": "宁波工厂"})
		if r.status != 201 || r.json(t)["time_zone"] != "Asia/Shanghai" {
			t.Fatalf("new supplier's default zone: %d %s", r.status, r.body)
		}
		r = e.as("admin", "POST", "/api/v1/suppliers", map[string]any{"code": "NB-02", "name": "宁波工厂二", "time_zone": "UTC+8"})
		if r.status != 422 || fieldCode(t, r, "time_zone") != "unknown_time_zone" {
			t.Fatalf("new supplier, unknown zone: %d %s", r.status, r.body)
		}
	})
}

func ptrTo[T any](v T) *T { return &v }

// oneStepTemplate is a template whose only step is the ex-factory date, so
// an order's plan is exactly that date.
func (e *env) oneStepTemplate() int64 {
	e.t.Helper()
	tpl := &models.Template{Code: "one_step", Name: "出厂", Active: true,
		Steps: []models.TemplateStep{{Code: "ex_factory", Name: "出厂", NameEn: "Ex-factory"}}}
	if err := e.store.CreateTemplate(context.Background(), tpl); err != nil {
		e.t.Fatal(err)
	}
	return tpl.ID
}

// fieldCode is the code of one field's problem in a 422.
func fieldCode(t testing.TB, r *response, field string) string {
	t.Helper()
	fields, _ := r.json(t)["error"].(map[string]any)["fields"].(map[string]any)
	fe, _ := fields[field].(map[string]any)
	code, _ := fe["code"].(string)
	return code
}
