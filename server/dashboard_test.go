package server

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"gendan/models"
	"gendan/models/testdb"
)

func TestDashboardCounts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		tpl := e.oneStepTemplate()
		confirmed := func(po string, exFactory string) int64 {
			t.Helper()
			in := e.newOrderInput(po)
			in.ExFactoryDate, in.TemplateID = &exFactory, &tpl
			o, err := e.store.CreateOrder(ctx, in, e.users["merch"].ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.store.ConfirmOrder(ctx, o.ID, nil, models.LateKeep, e.users["merch"].ID); err != nil {
				t.Fatal(err)
			}
			return o.ID
		}
		today := models.TodayIn(e.clock.Now(), "Asia/Shanghai")
		confirmed("PO-LATER", models.AddDays(today, 60)) // neither late nor soon
		e.draftOrder()
		late := confirmed("PO-LATE", models.AddDays(today, 30))
		ms, _ := e.store.ListMilestones(ctx, late)
		if _, err := e.store.RescheduleMilestone(ctx, ms[0].ID, models.AddDays(today, -1), false, e.users["merch"].ID); err != nil {
			t.Fatal(err)
		}
		confirmed("PO-SOON", models.AddDays(today, 3))
		// The admin's own order, cancelled.
		mine, err := e.store.CreateOrder(ctx, e.newOrderInput("PO-ADMIN"), e.users["admin"].ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.store.CancelOrder(ctx, mine.ID, "重复下单", e.users["admin"].ID); err != nil {
			t.Fatal(err)
		}

		r := e.as("admin", "GET", "/api/v1/dashboard/counts", nil)
		if r.status != 200 {
			t.Fatalf("counts: %d %s", r.status, r.body)
		}
		matchesSchema(t, e, "/api/v1/dashboard/counts", r)
		got := r.json(t)
		want := map[string]any{"draft": 1.0, "confirmed": 3.0, "in_production": 0.0, "partially_shipped": 0.0, "shipped": 0.0, "closed": 0.0, "cancelled": 1.0}
		if !reflect.DeepEqual(got["by_status"], want) || num(got, "overdue") != 1 || num(got, "due_soon") != 1 || num(got, "due_soon_days") != 7 {
			t.Fatalf("counts %s", r.body)
		}
		r = e.as("merch", "GET", fmt.Sprintf("/api/v1/dashboard/counts?merchandiser_id=%d", e.users["admin"].ID), nil)
		got = r.json(t)
		want = map[string]any{"draft": 0.0, "confirmed": 0.0, "in_production": 0.0, "partially_shipped": 0.0, "shipped": 0.0, "closed": 0.0, "cancelled": 1.0}
		if r.status != 200 || !reflect.DeepEqual(got["by_status"], want) || num(got, "overdue") != 0 || num(got, "due_soon") != 0 {
			t.Fatalf("the admin's counts: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "GET", "/api/v1/dashboard/counts?merchandiser_id=x", nil); r.status != 422 || fieldCode(t, r, "merchandiser_id") != "not_an_id" {
			t.Fatalf("bad merchandiser_id: %d %s", r.status, r.body)
		}
		if r := e.as("factory", "GET", "/api/v1/dashboard/counts", nil); r.status != 403 {
			t.Fatalf("factory: %d %s", r.status, r.body)
		}
	})
}

// matchesSchema checks a 200 answer of a GET against the schema the
// OpenAPI document gives for it.
func matchesSchema(t *testing.T, e *env, path string, r *response) {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(e.do(req{method: "GET", path: "/api/openapi.yaml"}).body)
	if err != nil {
		t.Fatal(err)
	}
	item := doc.Paths.Find(path)
	if item == nil || item.Get == nil {
		t.Fatalf("%s: not in the OpenAPI document", path)
	}
	res := item.Get.Responses.Status(200)
	if res == nil || res.Value.Content.Get("application/json") == nil {
		t.Fatalf("%s: no JSON 200 response documented", path)
	}
	var v any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatal(err)
	}
	if err := res.Value.Content.Get("application/json").Schema.Value.VisitJSON(v); err != nil {
		t.Errorf("%s: the answer does not match its schema: %v\n%s", path, err, r.body)
	}
}

// BenchmarkDashboardCounts10k: GET /api/v1/dashboard/counts over 10,000
// live orders and 150,000 milestones, on SQLite.
func BenchmarkDashboardCounts10k(b *testing.B) {
	e := newEnv(b, testdb.SQLite(b))
	seedOrders(b, e, 10_000)
	timedGets(b, e, e.token("merch"), []string{"/api/v1/dashboard/counts"})
}
