package server

import (
	"fmt"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

// TestConfirmLateSteps: an order confirmed 60 days before ex-factory has
// two apparel steps (lab dip −75, fit sample −63) before today. Confirming
// without late_steps refuses, listing them, and creates nothing; compress
// moves them into today … the first step still ahead (PP sample, −45);
// keep keeps their dates and marks them planned_late.
func TestConfirmLateSteps(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		today := models.TodayIn(e.clock.Now(), "Asia/Shanghai")
		exf := *e.newOrderInput("X").ExFactoryDate
		lab, fit, pp := models.AddDays(exf, -75), models.AddDays(exf, -63), models.AddDays(exf, -45)
		// span lab … pp is 30 days, today … pp is pp − today days.
		left := models.DaysBetween(today, pp)
		fitCompressed := models.AddDays(today, 12*left/30)
		var compressed, kept int64
		confirm := func(id *int64) func(e *env) string {
			return func(e *env) string {
				if *id == 0 {
					*id = e.draftOrder()
				}
				return fmt.Sprintf("/api/v1/orders/%d/confirm", *id)
			}
		}
		steps := func(id *int64) func(e *env) string {
			return func(e *env) string { return fmt.Sprintf("/api/v1/orders/%d/milestones", *id) }
		}
		byCode := func(t *testing.T, r *response) map[string]map[string]any {
			out := map[string]map[string]any{}
			for _, it := range r.json(t)["items"].([]any) {
				m := it.(map[string]any)
				out[m["code"].(string)] = m
			}
			return out
		}
		runScenarios(t, e, []scenario{
			{name: "refused, listing the late steps", method: "POST", pathFn: confirm(&compressed), as: "merch", body: map[string]any{},
				status: 409, errorCode: "steps_in_past", noChange: []string{"milestones", "orders", "activity_events"},
				json: map[string]any{"error": map[string]any{"params": map[string]any{"count": float64(2), "today": today, "steps": []any{
					map[string]any{"code": "lab_dip", "name": "色样确认", "name_en": "Lab dip approved", "planned_date": lab},
					map[string]any{"code": "fit_sample", "name": "试身样确认", "name_en": "Fit sample approved", "planned_date": fit},
				}}}}},
			{name: "unknown choice", method: "POST", pathFn: confirm(&compressed), as: "merch", body: map[string]any{"late_steps": "later"},
				status: 422, noChange: []string{"milestones"},
				json: map[string]any{"error": map[string]any{"fields": map[string]any{"late_steps": map[string]any{"code": "one_of"}}}}},
			{name: "compress", method: "POST", pathFn: confirm(&compressed), as: "merch", body: map[string]any{"late_steps": "compress"},
				status: 200, json: map[string]any{"status": "confirmed"}},
			{name: "compressed into the time left", method: "GET", pathFn: steps(&compressed), as: "merch", status: 200,
				check: func(t *testing.T, e *env, r *response) {
					ms := byCode(t, r)
					for code, want := range map[string]string{"lab_dip": today, "fit_sample": fitCompressed, "pp_sample": pp, "ex_factory": exf} {
						if ms[code]["planned_date"] != want || ms[code]["baseline_date"] != want || ms[code]["planned_late"] != false || ms[code]["overdue"] != false {
							t.Errorf("%s: %v, want planned %s, not late", code, ms[code], want)
						}
					}
				}},
			{name: "keep", method: "POST", pathFn: confirm(&kept), as: "merch", body: map[string]any{"late_steps": "keep"},
				status: 200, json: map[string]any{"status": "confirmed"}},
			{name: "kept ones are planned late", method: "GET", pathFn: steps(&kept), as: "merch", status: 200,
				check: func(t *testing.T, e *env, r *response) {
					ms := byCode(t, r)
					for code, want := range map[string]string{"lab_dip": lab, "fit_sample": fit} {
						if ms[code]["planned_date"] != want || ms[code]["planned_late"] != true || ms[code]["overdue"] != true {
							t.Errorf("%s: %v, want planned %s, planned late", code, ms[code], want)
						}
					}
					if ms["pp_sample"]["planned_late"] != false || ms["pp_sample"]["planned_date"] != pp {
						t.Errorf("pp_sample: %v", ms["pp_sample"])
					}
				}},
		})
	})
}
