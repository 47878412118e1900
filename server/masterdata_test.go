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
		r := e.as("merch", "POST", "/api/v1/customers", map[string]any{"name": "上海悦衣贸易", "contact_email": "bad", "locale": "fr"})
		if r.status != 422 {
			t.Fatalf("invalid customer: %d", r.status)
		}
		r = e.as("merch", "POST", "/api/v1/customers", map[string]any{"name": "上海悦衣贸易", "contact_email": "order@yueyi.example", "locale": "zh-CN"})
		if r.status != 201 || r.json(t)["name"] != "上海悦衣贸易" {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		id := int64(r.json(t)["id"].(float64))
		if r := e.as("merch", "POST", "/api/v1/customers", map[string]any{"name": "上海悦衣贸易"}); r.status != 422 {
			t.Fatalf("duplicate name: %d", r.status)
		}
		r = e.as("admin", "PATCH", fmt.Sprintf("/api/v1/customers/%d", id), map[string]any{"locale": "en"})
		if r.status != 200 || r.json(t)["locale"] != "en" || r.json(t)["contact_email"] != "order@yueyi.example" {
			t.Fatalf("patch: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "GET", "/api/v1/customers?q=悦衣", nil); len(r.json(t)["items"].([]any)) != 1 {
			t.Fatalf("search: %s", r.body)
		}
		if r := e.as("merch", "PATCH", "/api/v1/customers/99999", map[string]any{"locale": "en"}); r.status != 404 {
			t.Fatalf("missing: %d", r.status)
		}
	})
}

func TestTemplatesAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		e.newOrderInput("X") // ensures the default templates
		r := e.as("merch", "GET", "/api/v1/templates", nil)
		items := r.json(t)["items"].([]any)
		if len(items) != 2 || len(items[0].(map[string]any)["steps"].([]any)) != 12 {
			t.Fatalf("default templates: %s", r.body)
		}
		bad := map[string]any{"code": "Bad Code", "name": "", "steps": []map[string]any{
			{"code": "a_step", "name": "甲", "name_en": "A", "days_before": 5},
			{"code": "a_step", "name": "乙", "name_en": "B", "days_before": 9, "quantity_kind": "weighed"}}}
		r = e.as("admin", "POST", "/api/v1/templates", bad)
		if r.status != 422 {
			t.Fatalf("invalid template: %d", r.status)
		}
		fields := r.json(t)["error"].(map[string]any)["fields"].(map[string]any)
		for _, f := range []string{"code", "name", "steps[1].code", "steps[1].days_before", "steps[1].quantity_kind"} {
			if fields[f] == nil {
				t.Errorf("no problem reported for %s: %v", f, fields)
			}
		}
		good := map[string]any{"code": "shoes", "name": "鞋类流程", "name_en": "Footwear", "steps": []map[string]any{
			{"code": "last_ready", "name": "楦头到位", "name_en": "Last ready", "days_before": 40},
			{"code": "lasting", "name": "绷帮", "name_en": "Lasting", "days_before": 15, "quantity_kind": "produced"},
			{"code": "ex_factory", "name": "出厂", "name_en": "Ex-factory", "days_before": 0}}}
		r = e.as("admin", "POST", "/api/v1/templates", good)
		if r.status != 201 {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		tid := int64(r.json(t)["id"].(float64))
		// An order confirmed with it gets those steps.
		oid := e.draftOrder()
		r = e.as("merch", "POST", fmt.Sprintf("/api/v1/orders/%d/confirm", oid), map[string]any{"template_id": tid})
		if r.status != 200 {
			t.Fatalf("confirm with template: %d %s", r.status, r.body)
		}
		ms := e.as("merch", "GET", fmt.Sprintf("/api/v1/orders/%d/milestones", oid), nil).json(t)["items"].([]any)
		if len(ms) != 3 || ms[1].(map[string]any)["code"] != "lasting" {
			t.Fatalf("milestones %v", ms)
		}
		// Replacing the steps does not change confirmed orders.
		r = e.as("admin", "PATCH", fmt.Sprintf("/api/v1/templates/%d", tid), map[string]any{"steps": []map[string]any{
			{"code": "ex_factory", "name": "出厂", "name_en": "Ex-factory", "days_before": 0}}})
		if r.status != 200 || len(r.json(t)["steps"].([]any)) != 1 {
			t.Fatalf("patch: %d %s", r.status, r.body)
		}
		if n := len(e.as("merch", "GET", fmt.Sprintf("/api/v1/orders/%d/milestones", oid), nil).json(t)["items"].([]any)); n != 3 {
			t.Fatalf("confirmed order lost milestones: %d", n)
		}
		// An inactive template cannot be used.
		e.as("admin", "PATCH", fmt.Sprintf("/api/v1/templates/%d", tid), map[string]any{"active": false})
		if r := e.as("merch", "POST", fmt.Sprintf("/api/v1/orders/%d/confirm", e.draftOrder()), map[string]any{"template_id": tid}); r.status != 422 {
			t.Fatalf("inactive template: %d %s", r.status, r.body)
		}
	})
}
