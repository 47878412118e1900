package server

import (
	"fmt"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

func TestCustomersAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		var id int64
		customer := func(e *env) string { return fmt.Sprintf("/api/v1/customers/%d", id) }
		runScenarios(t, e, []scenario{
			{name: "invalid customer", method: "POST", path: "/api/v1/customers", as: "merch",
				body:   map[string]any{"name": "上海悦衣贸易", "contact_email": "bad", "locale": "fr"},
				status: 422, errorCode: "validation_failed", noChange: []string{"customers"}},
			{name: "factory may not create", method: "POST", path: "/api/v1/customers", as: "factory",
				body:   map[string]any{"name": "工厂的客户"},
				status: 403, errorCode: "forbidden", noChange: []string{"customers"}},
			{name: "create", method: "POST", path: "/api/v1/customers", as: "merch",
				body:   map[string]any{"name": "上海悦衣贸易", "contact_email": "order@yueyi.example", "locale": "zh-CN"},
				status: 201, json: map[string]any{"name": "上海悦衣贸易", "locale": "zh-CN"},
				check: func(t *testing.T, e *env, r *response) { id = int64(r.json(t)["id"].(float64)) }},
			{name: "duplicate name", method: "POST", path: "/api/v1/customers", as: "merch",
				body: map[string]any{"name": "上海悦衣贸易"}, status: 422, noChange: []string{"customers"}},
			{name: "patch keeps the other fields", method: "PATCH", pathFn: customer, as: "admin",
				body:   map[string]any{"locale": "en"},
				status: 200, json: map[string]any{"locale": "en", "contact_email": "order@yueyi.example"}},
			{name: "search", method: "GET", path: "/api/v1/customers?q=悦衣", as: "merch",
				status: 200, json: map[string]any{"items": []any{map[string]any{"name": "上海悦衣贸易"}}}},
			{name: "factory may not read", method: "GET", path: "/api/v1/customers", as: "factory", status: 403},
			{name: "missing", method: "PATCH", path: "/api/v1/customers/99999", as: "merch",
				body: map[string]any{"locale": "en"}, status: 404, errorCode: "not_found"},
		})
	})
}

func TestTemplatesAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		e.newOrderInput("X") // ensures the default templates
		var tid, oid int64
		template := func(e *env) string { return fmt.Sprintf("/api/v1/templates/%d", tid) }
		milestones := func(e *env) string { return fmt.Sprintf("/api/v1/orders/%d/milestones", oid) }
		withTemplate := func(e *env) any { return map[string]any{"template_id": tid, "late_steps": "keep"} }
		bad := map[string]any{"code": "Bad Code", "name": "", "steps": []map[string]any{
			{"code": "a_step", "name": "甲", "name_en": "A", "days_before": 5},
			{"code": "a_step", "name": "乙", "name_en": "B", "days_before": 9, "quantity_kind": "weighed"}}}
		good := map[string]any{"code": "shoes", "name": "鞋类流程", "name_en": "Footwear", "steps": []map[string]any{
			{"code": "last_ready", "name": "楦头到位", "name_en": "Last ready", "days_before": 40},
			{"code": "lasting", "name": "绷帮", "name_en": "Lasting", "days_before": 15, "quantity_kind": "produced"},
			{"code": "ex_factory", "name": "出厂", "name_en": "Ex-factory", "days_before": 0}}}
		runScenarios(t, e, []scenario{
			{name: "default templates", method: "GET", path: "/api/v1/templates", as: "merch", status: 200,
				check: func(t *testing.T, e *env, r *response) {
					items := r.json(t)["items"].([]any)
					if len(items) != 2 || len(items[0].(map[string]any)["steps"].([]any)) != 12 {
						t.Fatalf("default templates: %s", r.body)
					}
				}},
			{name: "factory may not read", method: "GET", path: "/api/v1/templates", as: "factory", status: 403},
			{name: "invalid template", method: "POST", path: "/api/v1/templates", as: "admin", body: bad,
				status: 422, errorCode: "validation_failed", noChange: []string{"templates", "template_steps"},
				check: func(t *testing.T, e *env, r *response) {
					fields := r.json(t)["error"].(map[string]any)["fields"].(map[string]any)
					for _, f := range []string{"code", "name", "steps[1].code", "steps[1].days_before", "steps[1].quantity_kind"} {
						if fields[f] == nil {
							t.Errorf("no problem reported for %s: %v", f, fields)
						}
					}
				}},
			{name: "merchandiser may not create", method: "POST", path: "/api/v1/templates", as: "merch", body: good,
				status: 403, noChange: []string{"templates", "template_steps"}},
			{name: "create", method: "POST", path: "/api/v1/templates", as: "admin", body: good,
				status: 201, json: map[string]any{"code": "shoes", "active": true},
				check: func(t *testing.T, e *env, r *response) { tid = int64(r.json(t)["id"].(float64)) }},
			// An order confirmed with it gets those steps.
			{name: "confirm with template", method: "POST", as: "merch", bodyFn: withTemplate,
				pathFn: func(e *env) string { oid = e.draftOrder(); return fmt.Sprintf("/api/v1/orders/%d/confirm", oid) },
				status: 200, json: map[string]any{"status": "confirmed"}},
			{name: "milestones from the template", method: "GET", pathFn: milestones, as: "merch", status: 200,
				json: map[string]any{"items": []any{map[string]any{}, map[string]any{"code": "lasting"}, map[string]any{}}}},
			// Replacing the steps does not change confirmed orders.
			{name: "replace the steps", method: "PATCH", pathFn: template, as: "admin",
				body:   map[string]any{"steps": []map[string]any{{"code": "ex_factory", "name": "出厂", "name_en": "Ex-factory", "days_before": 0}}},
				status: 200, json: map[string]any{"steps": []any{map[string]any{"code": "ex_factory"}}}},
			{name: "confirmed order keeps its milestones", method: "GET", pathFn: milestones, as: "merch", status: 200,
				json: map[string]any{"items": []any{map[string]any{}, map[string]any{}, map[string]any{}}}},
			// An inactive template cannot be used.
			{name: "deactivate", method: "PATCH", pathFn: template, as: "admin", body: map[string]any{"active": false},
				status: 200, json: map[string]any{"active": false}},
			{name: "inactive template", method: "POST", as: "merch", bodyFn: withTemplate,
				pathFn: func(e *env) string { return fmt.Sprintf("/api/v1/orders/%d/confirm", e.draftOrder()) },
				status: 422, noChange: []string{"milestones"}},
		})
	})
}
