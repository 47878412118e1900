package server

import (
	"fmt"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

// TestLowerQuantityIsACorrection: a cumulative quantity below the step's
// needs a reason, is recorded as a correction in the activity with the
// quantity it replaces, and leaves a done step done.
func TestLowerQuantityIsACorrection(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid, mid := e.fixtureOrder(), e.fixtureMilestone()
		reports := fmt.Sprintf("/api/v1/milestones/%d/reports", mid)
		today := models.TodayIn(e.clock.Now(), models.DefaultTimeZone)
		lastActivity := func(t *testing.T, e *env) map[string]any {
			t.Helper()
			items := e.as("merch", "GET", fmt.Sprintf("/api/v1/orders/%d/activity", oid), nil).json(t)["items"].([]any)
			return items[0].(map[string]any)
		}
		runScenarios(t, e, []scenario{
			{name: "report 9", method: "POST", path: reports, as: "factory", body: map[string]any{"date": today, "quantity": 9},
				status: 201, json: map[string]any{"quantity": float64(9)}},
			{name: "2 without a reason", method: "POST", path: reports, as: "factory", body: map[string]any{"date": today, "quantity": 2},
				status: 422, noChange: []string{"progress_reports", "milestones", "activity_events"},
				check: wantField("reason", "correction_needs_reason", map[string]any{"previous": float64(9)})},
			{name: "2 with a reason", method: "POST", path: reports, as: "factory",
				body:   map[string]any{"date": today, "quantity": 2, "reason": "多报了，实际只裁了 2 件"},
				status: 201, json: map[string]any{"quantity": float64(2), "milestone": map[string]any{"quantity_done": float64(2)}},
				check: func(t *testing.T, e *env, r *response) {
					a := lastActivity(t, e)
					d := a["data"].(map[string]any)
					if a["kind"] != "progress_reported" || d["correction"] != true || d["previous_quantity"] != float64(9) || d["reason"] != "多报了，实际只裁了 2 件" {
						t.Fatalf("activity %v, want a correction from 9", a)
					}
				}},
			{name: "a higher figure is no correction", method: "POST", path: reports, as: "factory", body: map[string]any{"date": today, "quantity": 5},
				status: 201, check: func(t *testing.T, e *env, r *response) {
					if d := lastActivity(t, e)["data"].(map[string]any); d["correction"] != nil {
						t.Fatalf("activity data %v marks a correction", d)
					}
				}},
			{name: "done at 10", method: "POST", path: reports, as: "factory", body: map[string]any{"date": today, "quantity": 10, "done": true},
				status: 201, json: map[string]any{"milestone": map[string]any{"status": "done", "actual_date": today}}},
			{name: "done step: lower without reason", method: "POST", path: reports, as: "factory", body: map[string]any{"date": today, "quantity": 4},
				status: 422, noChange: []string{"milestones"}, check: wantField("reason", "correction_needs_reason", nil)},
			{name: "done step: corrected, still done", method: "POST", path: reports, as: "factory",
				body:   map[string]any{"date": today, "quantity": 4, "reason": "数错了"},
				status: 201, json: map[string]any{"milestone": map[string]any{"status": "done", "actual_date": today, "quantity_done": float64(4)}}},
		})
	})
}
