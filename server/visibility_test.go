package server

import (
	"fmt"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

// TestFactorySeesOnlyConfirmedOrders: a draft cancelled before it was ever
// confirmed never reached the factory, so the factory gets 404 on it and on
// everything under it, and does not list it; an order cancelled after
// confirming stays visible, with its cancel reason.
func TestFactorySeesOnlyConfirmedOrders(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		var draft, confirmed int64
		cancel := func(id *int64) func(e *env) string {
			return func(e *env) string { return fmt.Sprintf("/api/v1/orders/%d/cancel", *id) }
		}
		steps := []scenario{
			{name: "cancel draft", method: "POST", pathFn: func(e *env) string {
				draft = e.draftOrder()
				return cancel(&draft)(e)
			}, as: "merch", body: map[string]any{"reason": "客户未下单"}, status: 200, json: map[string]any{"status": "cancelled"}},
			{name: "confirm", method: "POST", pathFn: func(e *env) string {
				confirmed = e.draftOrder()
				return fmt.Sprintf("/api/v1/orders/%d/confirm", confirmed)
			}, as: "merch", body: map[string]any{"late_steps": "keep"}, status: 200, json: map[string]any{"status": "confirmed"}},
			{name: "cancel confirmed", method: "POST", pathFn: cancel(&confirmed), as: "merch",
				body: map[string]any{"reason": "客户取消订单"}, status: 200, json: map[string]any{"status": "cancelled"}},
			{name: "factory lists only the confirmed one", method: "GET", path: "/api/v1/orders", as: "factory", status: 200,
				check: func(t *testing.T, e *env, r *response) {
					items := r.json(t)["items"].([]any)
					if len(items) != 1 || items[0].(map[string]any)["id"] != float64(confirmed) {
						t.Fatalf("factory lists %v, want only order %d", items, confirmed)
					}
				}},
			{name: "factory lists no cancelled draft", method: "GET", path: "/api/v1/orders?status=cancelled", as: "factory", status: 200,
				check: func(t *testing.T, e *env, r *response) {
					if n := len(r.json(t)["items"].([]any)); n != 1 {
						t.Fatalf("factory lists %d cancelled orders, want 1", n)
					}
				}},
			{name: "confirmed then cancelled is visible", method: "GET", pathFn: func(e *env) string { return fmt.Sprintf("/api/v1/orders/%d", confirmed) },
				as: "factory", status: 200, json: map[string]any{"status": "cancelled", "cancel_reason": "客户取消订单"}},
			{name: "staff still sees the cancelled draft", method: "GET", pathFn: func(e *env) string { return fmt.Sprintf("/api/v1/orders/%d", draft) },
				as: "merch", status: 200, json: map[string]any{"status": "cancelled"}},
		}
		for _, sub := range []string{"", "/milestones", "/activity", "/comments", "/revisions", "/samples"} {
			steps = append(steps, scenario{name: "factory 404 on draft" + sub, method: "GET",
				pathFn: func(e *env) string { return fmt.Sprintf("/api/v1/orders/%d%s", draft, sub) },
				as:     "factory", status: 404})
		}
		steps = append(steps,
			scenario{name: "factory cannot comment on the draft", method: "POST",
				pathFn: func(e *env) string { return fmt.Sprintf("/api/v1/orders/%d/comments", draft) },
				as:     "factory", body: map[string]any{"body": "?"}, status: 404, noChange: []string{"comments"}})
		runScenarios(t, e, steps)
	})
}
