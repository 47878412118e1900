package server

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

// actionsOf reads "actions" of a DTO; it must be an array, never null.
func actionsOf(t testing.TB, m map[string]any) []string {
	t.Helper()
	raw, ok := m["actions"].([]any)
	if !ok {
		t.Fatalf("actions is %#v, want an array: %v", m["actions"], m)
	}
	out := make([]string, len(raw))
	for i, a := range raw {
		out[i] = a.(string)
	}
	return out
}

func wantActions(t testing.TB, what string, m map[string]any, want ...string) {
	t.Helper()
	if want == nil {
		want = []string{}
	}
	if got := actionsOf(t, m); !reflect.DeepEqual(got, want) {
		t.Errorf("%s: actions %v, want %v", what, got, want)
	}
}

func TestOrderAndMilestoneActions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		id := e.draftOrder()
		url := fmt.Sprintf("/api/v1/orders/%d", id)
		get := func(who, path string) map[string]any {
			t.Helper()
			r := e.as(who, "GET", path, nil)
			if r.status != 200 {
				t.Fatalf("%s GET %s: %d %s", who, path, r.status, r.body)
			}
			if strings.Contains(string(r.body), `"actions":null`) {
				t.Fatalf("%s GET %s: null actions in %s", who, path, r.body)
			}
			return r.json(t)
		}
		steps := func(who string) []map[string]any {
			t.Helper()
			var out []map[string]any
			for _, m := range get(who, url+"/milestones")["items"].([]any) {
				out = append(out, m.(map[string]any))
			}
			return out
		}
		listed := func(who string) map[string]any {
			t.Helper()
			for _, o := range get(who, "/api/v1/orders")["items"].([]any) {
				if num(o.(map[string]any), "id") == id {
					return o.(map[string]any)
				}
			}
			t.Fatalf("%s does not list order %d", who, id)
			return nil
		}

		// Draft: staff edit, confirm, cancel, comment; the factory cannot see it.
		wantActions(t, "draft, merch", get("merch", url), "edit", "confirm", "cancel", "comment")
		wantActions(t, "draft, admin, list", listed("admin"), "edit", "confirm", "cancel", "comment")
		if r := e.as("factory", "GET", url, nil); r.status != 404 {
			t.Fatalf("factory sees a draft: %d", r.status)
		}

		// Confirmed.
		r := e.as("merch", "POST", url+"/confirm", map[string]any{"late_steps": "keep"})
		if r.status != 200 {
			t.Fatalf("confirm: %d %s", r.status, r.body)
		}
		wantActions(t, "confirm response", r.json(t), "edit", "cancel", "comment", "deliver")
		wantActions(t, "confirmed, merch", get("merch", url), "edit", "cancel", "comment", "deliver")
		wantActions(t, "confirmed, factory", get("factory", url), "report", "submit_sample", "comment", "deliver")
		wantActions(t, "confirmed, factory, list", listed("factory"), "report", "submit_sample", "comment", "deliver")
		for _, m := range steps("factory") {
			wantActions(t, "open step, factory", m, "report")
		}
		for _, m := range steps("merch") {
			wantActions(t, "open step, merch", m, "reschedule", "complete", "skip")
		}

		// In production, one step done.
		first := steps("factory")[0]
		mid := num(first, "id")
		r = e.as("factory", "POST", fmt.Sprintf("/api/v1/milestones/%d/reports", mid),
			map[string]any{"date": e.clock.Now().Format(models.DateLayout), "done": true, "note": "色样已确认"})
		if r.status != 201 {
			t.Fatalf("report: %d %s", r.status, r.body)
		}
		wantActions(t, "done step in the report response, factory", r.json(t)["milestone"].(map[string]any), "report")
		wantActions(t, "in production, merch", get("merch", url), "edit", "cancel", "comment", "deliver")
		wantActions(t, "in production, factory", get("factory", url), "report", "submit_sample", "comment", "deliver")
		ms, fs := steps("merch"), steps("factory")
		wantActions(t, "done step, merch", ms[0])
		wantActions(t, "done step, factory", fs[0], "report")
		wantActions(t, "open step, merch", ms[1], "reschedule", "complete", "skip")
		wantActions(t, "open step, factory", fs[1], "report")
		r = e.as("merch", "PATCH", fmt.Sprintf("/api/v1/milestones/%d", num(ms[1], "id")), map[string]any{"planned_date": "2026-03-16"})
		if r.status != 200 {
			t.Fatalf("reschedule: %d %s", r.status, r.body)
		}
		wantActions(t, "reschedule response", r.json(t), "reschedule", "complete", "skip")
		reps := get("factory", fmt.Sprintf("/api/v1/milestones/%d/reports", mid))["items"].([]any)
		wantActions(t, "step of a report, factory", reps[0].(map[string]any)["milestone"].(map[string]any), "report")

		// Cancelled: only comments remain, and no step takes anything.
		r = e.as("merch", "POST", url+"/cancel", map[string]any{"reason": "客户取消"})
		if r.status != 200 {
			t.Fatalf("cancel: %d %s", r.status, r.body)
		}
		wantActions(t, "cancel response", r.json(t), "comment")
		wantActions(t, "cancelled, factory", get("factory", url), "comment")
		for i, m := range steps("factory") {
			if i > 0 {
				wantActions(t, "cancelled step, factory", m)
			}
		}
		for _, m := range steps("merch") {
			wantActions(t, "step of a cancelled order, merch", m)
		}
		// What the actions say is what the API does.
		if r := e.as("merch", "PATCH", fmt.Sprintf("/api/v1/milestones/%d", num(ms[1], "id")), map[string]any{"planned_date": "2026-04-02"}); r.status != 409 {
			t.Fatalf("reschedule after cancel: %d %s", r.status, r.body)
		}
		if r := e.as("factory", "POST", fmt.Sprintf("/api/v1/milestones/%d/reports", mid), map[string]any{"date": "2026-03-01", "note": "x"}); r.status != 409 || r.errorCode(t) != "order_cancelled" {
			t.Fatalf("report after cancel: %d %s", r.status, r.body)
		}
		if r := e.as("factory", "POST", url+"/comments", map[string]any{"body": "收到"}); r.status != 201 {
			t.Fatalf("comment after cancel: %d %s", r.status, r.body)
		}
	})
}

// TestRescheduleNeedsALiveOrder: a step left open on a shipped order is
// not rescheduled (the order's plan is no longer worked).
func TestRescheduleNeedsALiveOrder(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	oid, mid := e.fixtureOrder(), e.fixtureMilestone()
	if err := e.db.Gorm.Model(&models.Order{}).Where("id = ?", oid).Update("status", models.StatusShipped).Error; err != nil {
		t.Fatal(err)
	}
	for _, m := range e.as("merch", "GET", fmt.Sprintf("/api/v1/orders/%d/milestones", oid), nil).json(t)["items"].([]any) {
		wantActions(t, "step of a shipped order, merch", m.(map[string]any))
	}
	wantActions(t, "shipped, merch", e.as("merch", "GET", fmt.Sprintf("/api/v1/orders/%d", oid), nil).json(t), "comment", "close")
	wantActions(t, "shipped, factory", e.as("factory", "GET", fmt.Sprintf("/api/v1/orders/%d", oid), nil).json(t), "report", "comment")
	r := e.as("merch", "PATCH", fmt.Sprintf("/api/v1/milestones/%d", mid), map[string]any{"planned_date": "2026-04-01"})
	if r.status != 409 || r.errorCode(t) != "order_not_editable" {
		t.Fatalf("reschedule on a shipped order: %d %s", r.status, r.body)
	}
}

func TestSampleActions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		list := fmt.Sprintf("/api/v1/orders/%d/samples", oid)
		roundIn := func(who string, id int64) map[string]any {
			t.Helper()
			for _, g := range e.as(who, "GET", list, nil).json(t)["items"].([]any) {
				for _, r := range g.(map[string]any)["rounds"].([]any) {
					if num(r.(map[string]any), "id") == id {
						return r.(map[string]any)
					}
				}
			}
			t.Fatalf("%s: round %d not listed", who, id)
			return nil
		}
		one := func(who string, id int64) map[string]any {
			t.Helper()
			r := e.as(who, "GET", fmt.Sprintf("/api/v1/samples/%d", id), nil)
			if r.status != 200 {
				t.Fatalf("%s GET sample %d: %d %s", who, id, r.status, r.body)
			}
			return r.json(t)
		}
		decisions := []string{"approve", "approve_with_comments", "reject"}

		// Pending: staff decide, the factory waits.
		r := e.submitSample("factory", oid, "pp")
		if r.status != 201 {
			t.Fatalf("submit: %d %s", r.status, r.body)
		}
		wantActions(t, "submit response, factory", r.json(t))
		r1 := num(r.json(t), "id")
		wantActions(t, "pending, merch", roundIn("merch", r1), decisions...)
		wantActions(t, "pending, merch, one", one("merch", r1), decisions...)
		wantActions(t, "pending, factory", roundIn("factory", r1))
		q := e.as("merch", "GET", "/api/v1/approvals", nil).json(t)["items"].([]any)
		wantActions(t, "approvals queue", q[0].(map[string]any), decisions...)

		// Rejected: the factory resubmits; staff may open a corrective
		// action (after-sales).
		r = e.as("merch", "POST", fmt.Sprintf("/api/v1/samples/%d/reject", r1), map[string]any{"comment": "颜色偏深"})
		if r.status != 200 {
			t.Fatalf("reject: %d %s", r.status, r.body)
		}
		wantActions(t, "reject response", r.json(t), "open_capa")
		wantActions(t, "rejected, merch", roundIn("merch", r1), "open_capa")
		wantActions(t, "rejected, factory", roundIn("factory", r1), "resubmit")
		wantActions(t, "rejected, factory, one", one("factory", r1), "resubmit")

		// Round 2: round 1 is no longer the latest.
		r = e.submitSample("factory", oid, "pp")
		if r.status != 201 {
			t.Fatalf("resubmit: %d %s", r.status, r.body)
		}
		r2 := num(r.json(t), "id")
		wantActions(t, "superseded rejection, factory", roundIn("factory", r1))
		wantActions(t, "superseded rejection, factory, one", one("factory", r1))
		wantActions(t, "round 2, merch", roundIn("merch", r2), decisions...)

		// Approved: nothing left on either side.
		if r := e.as("merch", "POST", fmt.Sprintf("/api/v1/samples/%d/approve", r2), nil); r.status != 200 {
			t.Fatalf("approve: %d %s", r.status, r.body)
		}
		wantActions(t, "approved, merch", roundIn("merch", r2))
		wantActions(t, "approved, factory", roundIn("factory", r2))

		// A rejection on a cancelled order asks for nothing.
		r = e.submitSample("factory", oid, "fit")
		fit := num(r.json(t), "id")
		if r := e.as("merch", "POST", fmt.Sprintf("/api/v1/samples/%d/reject", fit), map[string]any{"comment": "太紧"}); r.status != 200 {
			t.Fatalf("reject fit: %d %s", r.status, r.body)
		}
		wantActions(t, "rejected fit, factory", roundIn("factory", fit), "resubmit")
		if _, err := e.store.CancelOrder(context.Background(), oid, "客户取消", e.users["merch"].ID); err != nil {
			t.Fatal(err)
		}
		wantActions(t, "rejected on a cancelled order, factory", roundIn("factory", fit))
		wantActions(t, "rejected on a cancelled order, factory, one", one("factory", fit))
		if r := e.submitSample("factory", oid, "fit"); r.status != 409 || r.errorCode(t) != "order_not_open_for_samples" {
			t.Fatalf("resubmit on a cancelled order: %d %s", r.status, r.body)
		}
	})
}
