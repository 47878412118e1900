package server

import (
	"fmt"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

func init() {
	authzMatrix = append(authzMatrix,
		authzRow{method: "GET", path: "/api/v1/dashboard", url: fixed("/api/v1/dashboard"), want: staffGets(200)},
		authzRow{method: "GET", path: "/api/v1/orders/:id/risk", url: orderURL("/risk"), want: staffGets(200)},
		authzRow{method: "GET", path: "/api/v1/today", url: fixed("/api/v1/today"), want: staffGets(200)},
		authzRow{method: "GET", path: "/api/v1/chases", url: func(e *env) string {
			return fmt.Sprintf("/api/v1/chases?order_id=%d", e.fixtureOrder())
		}, want: staffGets(200)},
		authzRow{method: "POST", path: "/api/v1/chases", url: fixed("/api/v1/chases"), want: staffGets(201),
			rawBody: func(e *env) any {
				return map[string]any{"order_id": e.fixtureOrder(), "channel": "called", "said": "明天裁完"}
			}},
	)
}

// chase logs a chase of the fixture order as the merchandiser.
func (e *env) chase(body map[string]any) map[string]any {
	e.t.Helper()
	body["order_id"] = e.fixtureOrder()
	r := e.as("merch", "POST", "/api/v1/chases", body)
	if r.status != 201 {
		e.t.Fatalf("chase: %d %s", r.status, r.body)
	}
	return r.json(e.t)
}

func TestChaseLogShowsAPromiseThatSlips(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		in3, in6 := models.AddDays(e.today(), 3), models.AddDays(e.today(), 6)
		first := e.chase(map[string]any{"channel": "called", "said": "周五裁完", "promised_date": in3, "next_follow_up": in3})
		if first["previous_promised_date"] != "" || first["slipped"] != false || first["supplier_id"] == nil {
			t.Fatalf("first chase: %v", first)
		}
		if by := first["created_by"].(map[string]any); by["name"] == "" {
			t.Fatalf("created_by without a name: %v", first)
		}
		second := e.chase(map[string]any{"channel": "visited", "said": "面料晚到", "promised_date": in6})
		if second["previous_promised_date"] != in3 || second["slipped"] != true {
			t.Fatalf("a later promise did not show as slipped: %v", second)
		}
		third := e.chase(map[string]any{"channel": "messaged", "promised_date": in6})
		if third["slipped"] != false || third["previous_promised_date"] != in6 {
			t.Fatalf("the same promise again is no slip: %v", third)
		}

		list := e.as("merch", "GET", fmt.Sprintf("/api/v1/chases?order_id=%d", e.fixtureOrder()), nil).json(t)
		items := list["items"].([]any)
		if len(items) != 3 || num(items[0].(map[string]any), "id") != num(third, "id") {
			t.Fatalf("order's chases, newest first: %s", list)
		}
		sup := e.suppliers["jinling"].ID
		if got := e.as("admin", "GET", fmt.Sprintf("/api/v1/chases?supplier_id=%d&limit=2", sup), nil).json(t); len(got["items"].([]any)) != 2 || got["next_cursor"] == "" {
			t.Fatalf("supplier's chases, paged: %v", got)
		}

		for _, c := range []struct {
			body  map[string]any
			field string
			code  string
		}{
			{map[string]any{"order_id": e.fixtureOrder(), "channel": "faxed"}, "channel", "one_of"},
			{map[string]any{"order_id": e.fixtureOrder(), "channel": "called", "promised_date": "2026-02-30"}, "promised_date", "no_such_date"},
			{map[string]any{"order_id": e.fixtureOrder(), "channel": "called", "next_follow_up": models.AddDays(e.today(), -5)}, "next_follow_up", "follow_up_in_past"},
			{map[string]any{"channel": "called"}, "order_id", "required"},
			{map[string]any{"order_id": 999999, "channel": "called"}, "order_id", "unknown_order"},
			{map[string]any{"order_id": e.fixtureOrder(), "milestone_id": 999999, "channel": "called"}, "milestone_id", "unknown_milestone"},
		} {
			r := e.as("merch", "POST", "/api/v1/chases", c.body)
			if r.status != 422 || r.fieldCode(t, c.field) != c.code {
				t.Errorf("%v: want 422 %s %s, got %d %s", c.body, c.field, c.code, r.status, r.body)
			}
		}
		if r := e.as("merch", "GET", "/api/v1/chases", nil); r.status != 422 || r.fieldCode(t, "order_id") != "required" {
			t.Errorf("chases of nothing: %d %s", r.status, r.body)
		}
	})
}

func todayKinds(t *testing.T, m map[string]any) map[string][]map[string]any {
	t.Helper()
	out := map[string][]map[string]any{}
	for _, it := range m["items"].([]any) {
		x := it.(map[string]any)
		out[x["kind"].(string)] = append(out[x["kind"].(string)], x)
	}
	return out
}

func TestTodayListDrivesTheDay(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		// Confirmed with its first steps already past (kept late): those
		// are overdue from the start, and nothing else is to chase yet.
		if got := todayKinds(t, e.as("merch", "GET", "/api/v1/today", nil).json(t)); len(got) != 1 || len(got["step_overdue"]) != 2 {
			t.Fatalf("a fresh order's list: %v", got)
		}
		e.pendingSample("proto")
		w := e.warehouse(5)
		e.bookDeliveryAs("factory", oid, w, e.openDay(w, 10), 100)
		// Three weeks later: the lab dip step (planned 75 days before the
		// ex-factory date, 60 days out) is overdue, the round has waited.
		e.clock.Advance(21 * 24 * time.Hour)
		if err := e.store.RefreshRisk(t.Context(), oid); err != nil {
			t.Fatal(err)
		}
		today := e.as("merch", "GET", "/api/v1/today", nil).json(t)
		kinds := todayKinds(t, today)
		for _, k := range []string{"step_overdue", "sample_waiting", "delivery_to_confirm"} {
			if len(kinds[k]) == 0 {
				t.Errorf("no %s on the list: %v", k, today)
			}
		}
		od := kinds["step_overdue"][0]
		if od["order"].(map[string]any)["po_number"] == "" || od["supplier"].(map[string]any)["code"] != "HZ-JL" ||
			od["params"].(map[string]any)["step"] == nil || num(od["params"].(map[string]any), "days") < 1 {
			t.Errorf("an overdue step's item: %v", od)
		}
		if sw := kinds["sample_waiting"][0]["params"].(map[string]any); sw["type"] != "proto" || num(sw, "days") < 2 {
			t.Errorf("a waiting sample's item: %v", sw)
		}
		// Another merchandiser's list does not have these orders; "all" has.
		if got := todayKinds(t, e.as("admin", "GET", "/api/v1/today", nil).json(t)); len(got) != 0 {
			t.Errorf("the admin merchandises nothing: %v", got)
		}
		if got := todayKinds(t, e.as("admin", "GET", "/api/v1/today?merchandiser_id=all", nil).json(t)); len(got["step_overdue"]) == 0 {
			t.Errorf("everyone's list: %v", got)
		}

		// A chase asking to follow up today puts the order back on the list
		// then, with the chase as its last.
		c := e.chase(map[string]any{"channel": "called", "said": "下周一交色样", "next_follow_up": models.AddDays(e.today(), 1),
			"topic": "step_overdue"})
		kinds = todayKinds(t, e.as("merch", "GET", "/api/v1/today", nil).json(t))
		if len(kinds["follow_up"]) != 0 {
			t.Errorf("follow-up listed before its day: %v", kinds["follow_up"])
		}
		if lc, _ := kinds["step_overdue"][0]["last_chase"].(map[string]any); lc == nil || num(lc, "id") != num(c, "id") {
			t.Errorf("the item's last chase: %v", kinds["step_overdue"][0])
		}
		e.clock.Advance(48 * time.Hour)
		if err := e.store.RefreshRisk(t.Context(), oid); err != nil {
			t.Fatal(err)
		}
		kinds = todayKinds(t, e.as("merch", "GET", "/api/v1/today", nil).json(t))
		if len(kinds["follow_up"]) != 1 || num(kinds["follow_up"][0]["params"].(map[string]any), "chase_id") != num(c, "id") {
			t.Errorf("follow-up due: %v", kinds["follow_up"])
		}
	})
}
