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
