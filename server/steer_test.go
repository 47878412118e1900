package server

import (
	"context"
	"fmt"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

// TestStaffSteerThePlan: staff mark one step done on a date and another not
// applicable with a reason; each is in the activity and the DTO's actions
// follow; a closed step takes neither, a factory neither.
func TestStaffSteerThePlan(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		ms, err := e.store.ListMilestones(context.Background(), oid)
		if err != nil || len(ms) < 2 {
			t.Fatalf("plan %v %v", ms, err)
		}
		first, second := ms[0].ID, ms[1].ID
		today := models.TodayIn(e.clock.Now(), models.DefaultTimeZone)
		tomorrow := models.AddDays(today, 2)
		complete := fmt.Sprintf("/api/v1/milestones/%d/complete", first)
		skip := fmt.Sprintf("/api/v1/milestones/%d/skip", second)
		lastActivity := func(t *testing.T) map[string]any {
			t.Helper()
			items := e.as("merch", "GET", fmt.Sprintf("/api/v1/orders/%d/activity", oid), nil).json(t)["items"].([]any)
			return items[0].(map[string]any)
		}
		runScenarios(t, e, []scenario{
			{name: "staff see the actions", method: "GET", path: fmt.Sprintf("/api/v1/orders/%d/milestones", oid), as: "merch", status: 200,
				check: func(t *testing.T, e *env, r *response) {
					m := r.json(t)["items"].([]any)[0].(map[string]any)
					if fmt.Sprint(m["actions"]) != "[reschedule complete skip]" {
						t.Fatalf("actions %v", m["actions"])
					}
				}},
			{name: "factory may not complete", method: "POST", path: complete, as: "factory", body: map[string]any{"date": today},
				status: 403, noChange: []string{"milestones", "activity_events"}},
			{name: "complete without a date", method: "POST", path: complete, as: "merch", body: map[string]any{},
				status: 422, noChange: []string{"milestones", "activity_events"}, check: wantField("date", "required", nil)},
			{name: "complete in the future", method: "POST", path: complete, as: "merch", body: map[string]any{"date": tomorrow},
				status: 422, noChange: []string{"milestones"}, check: wantField("date", "date_in_future", nil)},
			{name: "complete", method: "POST", path: complete, as: "merch", body: map[string]any{"date": today, "reason": "电话确认"},
				status: 200, json: map[string]any{"status": "done", "actual_date": today, "actions": []any{}},
				check: func(t *testing.T, e *env, r *response) {
					a := lastActivity(t)
					d := a["data"].(map[string]any)
					if a["kind"] != models.ActMilestoneMarkedDone || d["date"] != today || d["reason"] != "电话确认" {
						t.Fatalf("activity %v", a)
					}
				}},
			{name: "complete again", method: "POST", path: complete, as: "merch", body: map[string]any{"date": today},
				status: 409, errorCode: "milestone_closed", noChange: []string{"milestones", "activity_events"}},
			{name: "skip without a reason", method: "POST", path: skip, as: "merch", body: map[string]any{"reason": "  "},
				status: 422, noChange: []string{"milestones", "activity_events"}, check: wantField("reason", "required", nil)},
			{name: "skip", method: "POST", path: skip, as: "merch", body: map[string]any{"reason": "客户不要产前样"},
				status: 200, json: map[string]any{"status": "not_applicable", "overdue": false, "actions": []any{}},
				check: func(t *testing.T, e *env, r *response) {
					a := lastActivity(t)
					if a["kind"] != models.ActMilestoneSkipped || a["data"].(map[string]any)["reason"] != "客户不要产前样" {
						t.Fatalf("activity %v", a)
					}
				}},
			{name: "skip a done step", method: "POST", path: fmt.Sprintf("/api/v1/milestones/%d/skip", first), as: "merch",
				body: map[string]any{"reason": "x"}, status: 409, errorCode: "milestone_closed", noChange: []string{"milestones"}},
		})
	})
}

// TestStaffCorrectAReport: a factory's wrong figure is corrected by staff
// with a reason; the original report stays in the history, the step's
// quantity follows, the activity links both; a factory cannot do it.
func TestStaffCorrectAReport(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid, mid := e.fixtureOrder(), e.fixtureMilestone()
		today := models.TodayIn(e.clock.Now(), models.DefaultTimeZone)
		r := e.as("factory", "POST", fmt.Sprintf("/api/v1/milestones/%d/reports", mid), map[string]any{"date": today, "quantity": 9})
		if r.status != 201 {
			t.Fatalf("report: %d %s", r.status, r.body)
		}
		orig := r.json(t)["id"].(float64)
		correct := fmt.Sprintf("/api/v1/reports/%d/correct", int64(orig))
		runScenarios(t, e, []scenario{
			{name: "factory may not", method: "POST", path: correct, as: "factory", body: map[string]any{"quantity": 2, "reason": "x"},
				status: 403, noChange: []string{"progress_reports", "milestones", "activity_events"}},
			{name: "without a reason", method: "POST", path: correct, as: "merch", body: map[string]any{"quantity": 2},
				status: 422, noChange: []string{"progress_reports", "milestones"}, check: wantField("reason", "required", nil)},
			{name: "without a quantity", method: "POST", path: correct, as: "merch", body: map[string]any{"reason": "x"},
				status: 422, noChange: []string{"progress_reports"}, check: wantField("quantity", "required", nil)},
			{name: "corrected", method: "POST", path: correct, as: "merch", body: map[string]any{"quantity": 2, "reason": "工厂多报了"},
				status: 201, json: map[string]any{"quantity": float64(2), "note": "工厂多报了", "milestone": map[string]any{"quantity_done": float64(2)}},
				check: func(t *testing.T, e *env, r *response) {
					reps := e.as("factory", "GET", fmt.Sprintf("/api/v1/milestones/%d/reports", mid), nil).json(t)["items"].([]any)
					if len(reps) != 2 || reps[1].(map[string]any)["quantity"] != float64(9) {
						t.Fatalf("history %v, want the correction and the original 9", reps)
					}
					a := e.as("merch", "GET", fmt.Sprintf("/api/v1/orders/%d/activity", oid), nil).json(t)["items"].([]any)[0].(map[string]any)
					d := a["data"].(map[string]any)
					if a["kind"] != models.ActReportCorrected || d["previous_quantity"] != float64(9) || d["quantity"] != float64(2) ||
						d["corrects_report_id"] != orig || d["reason"] != "工厂多报了" {
						t.Fatalf("activity %v", a)
					}
				}},
		})
	})
}
