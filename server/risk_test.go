package server

import (
	"context"
	"fmt"
	"slices"
	"strings"
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
		if o := third["order"].(map[string]any); num(o, "id") != e.fixtureOrder() || o["po_number"] == "" {
			t.Errorf("a chase names its order: %v", third)
		}
		// A chase of a step never promised before compares with the order's.
		step := e.chase(map[string]any{"channel": "called", "milestone_id": e.fixtureMilestone(), "promised_date": models.AddDays(e.today(), 8)})
		if step["previous_promised_date"] != in6 || step["slipped"] != true {
			t.Errorf("a step's first promise against the order's: %v", step)
		}

		list := e.as("merch", "GET", fmt.Sprintf("/api/v1/chases?order_id=%d", e.fixtureOrder()), nil).json(t)
		items := list["items"].([]any)
		if len(items) != 4 || num(items[1].(map[string]any), "id") != num(third, "id") {
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

		// A factory that reported once and then went quiet for a week.
		if r := e.as("factory", "POST", fmt.Sprintf("/api/v1/milestones/%d/reports", e.fixtureMilestone()),
			map[string]any{"date": e.today(), "note": "开始裁剪"}); r.status != 201 {
			t.Fatalf("report: %d %s", r.status, r.body)
		}
		if kinds = todayKinds(t, e.as("merch", "GET", "/api/v1/today", nil).json(t)); len(kinds["quiet_factory"]) != 0 {
			t.Errorf("quiet on the day it reported: %v", kinds["quiet_factory"])
		}
		e.clock.Advance(7 * 24 * time.Hour)
		if err := e.store.RefreshRisk(t.Context(), oid); err != nil {
			t.Fatal(err)
		}
		kinds = todayKinds(t, e.as("merch", "GET", "/api/v1/today", nil).json(t))
		if q := kinds["quiet_factory"]; len(q) != 1 || num(q[0]["params"].(map[string]any), "days") < 5 {
			t.Errorf("a week without a report: %v", q)
		}
	})
}

// lateOrder is a confirmed order of the huaxing factory whose ex-factory
// date passed days ago (kept with force).
func (e *env) lateOrder(days int) int64 {
	e.t.Helper()
	in := e.newOrderInput(fmt.Sprintf("PO-LATE-%d", seq.Add(1)))
	sid := e.suppliers["huaxing"].ID
	past := models.AddDays(e.today(), -days)
	in.SupplierID, in.ExFactoryDate, in.Force = &sid, &past, true
	o, err := e.store.CreateOrder(t0(), in, e.users["merch"].ID)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.store.ConfirmOrder(t0(), o.ID, nil, models.LateKeep, e.users["merch"].ID); err != nil {
		e.t.Fatal(err)
	}
	return o.ID
}

func t0() context.Context { return context.Background() }

func codesOf(reasons []any) []string {
	var out []string
	for _, r := range reasons {
		out = append(out, r.(map[string]any)["code"].(string))
	}
	return out
}

func TestDashboardRanksByRisk(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		early := e.fixtureOrder() // confirmed with its first steps already past: at risk
		late := e.lateOrder(3)

		d := e.as("merch", "GET", "/api/v1/dashboard", nil).json(t)
		items := d["items"].([]any)
		if len(items) != 2 {
			t.Fatalf("dashboard items: %v", d)
		}
		first, second := items[0].(map[string]any), items[1].(map[string]any)
		if num(first, "id") != late || num(second, "id") != early {
			t.Fatalf("the late order must rank first: %v", d)
		}
		r1 := first["risk"].(map[string]any)
		if r1["level"] != "late" || !slices.Contains(codesOf(r1["reasons"].([]any)), "past_ex_factory") || num(r1, "slack_days") >= 0 {
			t.Errorf("the late order's risk: %v", r1)
		}
		if p := r1["reasons"].([]any)[0].(map[string]any); p["code"] != "past_ex_factory" || num(p["params"].(map[string]any), "days") != 3 {
			t.Errorf("the worst reason first, with its days: %v", r1["reasons"])
		}
		r2 := second["risk"].(map[string]any)
		if r2["level"] != "at_risk" || !slices.Contains(codesOf(r2["reasons"].([]any)), "planned_late") {
			t.Errorf("the early order's risk: %v", r2)
		}
		if first["supplier"].(map[string]any)["code"] != "DG-HX" || first["customer"].(map[string]any)["name"] == "" {
			t.Errorf("an item names its factory and customer: %v", first)
		}
		c := d["counts"].(map[string]any)
		if lv := c["by_level"].(map[string]any); num(lv, "late") != 1 || num(lv, "at_risk") != 1 || num(lv, "on_track") != 0 {
			t.Errorf("counts by level: %v", lv)
		}
		if bs := c["by_supplier"].([]any); len(bs) != 2 || bs[0].(map[string]any)["supplier"].(map[string]any)["code"] != "DG-HX" {
			t.Errorf("counts by supplier, worst first: %v", bs)
		}
		if bm := c["by_merchandiser"].([]any); len(bm) != 1 || num(bm[0].(map[string]any)["merchandiser"].(map[string]any), "id") != e.users["merch"].ID {
			t.Errorf("counts by merchandiser: %v", bm)
		}

		// Filters: the level tab keeps the counts; supplier, window, paging.
		lateOnly := e.as("merch", "GET", "/api/v1/dashboard?level=late", nil).json(t)
		if its := lateOnly["items"].([]any); len(its) != 1 || num(its[0].(map[string]any), "id") != late ||
			num(lateOnly["counts"].(map[string]any)["by_level"].(map[string]any), "at_risk") != 1 {
			t.Errorf("level=late: %v", lateOnly)
		}
		sup := e.as("merch", "GET", fmt.Sprintf("/api/v1/dashboard?supplier_id=%d", e.suppliers["jinling"].ID), nil).json(t)
		if its := sup["items"].([]any); len(its) != 1 || num(its[0].(map[string]any), "id") != early {
			t.Errorf("supplier filter: %v", sup)
		}
		win := e.as("merch", "GET", "/api/v1/dashboard?ex_factory_to="+e.today(), nil).json(t)
		if its := win["items"].([]any); len(its) != 1 || num(its[0].(map[string]any), "id") != late {
			t.Errorf("ex-factory window: %v", win)
		}
		p1 := e.as("merch", "GET", "/api/v1/dashboard?limit=1", nil).json(t)
		p2 := e.as("merch", "GET", "/api/v1/dashboard?limit=1&cursor="+p1["next_cursor"].(string), nil).json(t)
		if num(p1["items"].([]any)[0].(map[string]any), "id") != late || num(p2["items"].([]any)[0].(map[string]any), "id") != early || p2["next_cursor"] != "" {
			t.Errorf("paging: %v / %v", p1, p2)
		}
		// Someone else's dashboard is empty by default; "all" has everyone's.
		if its := e.as("admin", "GET", "/api/v1/dashboard", nil).json(t)["items"].([]any); len(its) != 0 {
			t.Errorf("the admin's own dashboard: %v", its)
		}
		if its := e.as("admin", "GET", "/api/v1/dashboard?merchandiser_id=all", nil).json(t)["items"].([]any); len(its) != 2 {
			t.Errorf("everyone's dashboard: %v", its)
		}
		for q, field := range map[string]string{"level=red": "level", "ex_factory_from=2026-13-01": "ex_factory_from",
			"ex_factory_from=2026-05-02&ex_factory_to=2026-05-01": "ex_factory_to", "merchandiser_id=x": "merchandiser_id", "cursor=zz": "cursor"} {
			if r := e.as("merch", "GET", "/api/v1/dashboard?"+q, nil); r.status != 422 || r.fieldCode(t, field) == "" {
				t.Errorf("%s: %d %s", q, r.status, r.body)
			}
		}
	})
}

func TestFactorySeesTheLevelNotTheReasons(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		e.fixtureOrder()
		for _, path := range []string{"/api/v1/orders", fmt.Sprintf("/api/v1/orders/%d", e.fixtureOrder())} {
			r := e.as("factory", "GET", path, nil)
			if r.status != 200 || !strings.Contains(string(r.body), `"risk_level":"at_risk"`) {
				t.Errorf("%s: the factory sees its order's level: %d %s", path, r.status, r.body)
			}
			for _, secret := range []string{"planned_late", "reasons", "risk_score", "projected"} {
				if strings.Contains(string(r.body), secret) {
					t.Errorf("%s: a factory's JSON holds %q: %s", path, secret, r.body)
				}
			}
		}
		if r := e.as("factory", "GET", fmt.Sprintf("/api/v1/orders/%d/risk", e.fixtureOrder()), nil); r.status != 403 {
			t.Errorf("a factory reads the order's risk: %d", r.status)
		}
	})
}

func TestOrderRiskChartAndCalendar(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		mid := e.fixtureMilestone() // cutting, the first quantity step
		for i, q := range []int{100, 250, 420} {
			d := models.AddDays(e.today(), i-2)
			if r := e.as("factory", "POST", fmt.Sprintf("/api/v1/milestones/%d/reports", mid), map[string]any{"date": d, "quantity": q}); r.status != 201 {
				t.Fatalf("report: %d %s", r.status, r.body)
			}
		}
		ch := e.as("merch", "GET", fmt.Sprintf("/api/v1/orders/%d/risk", oid), nil).json(t)
		out := ch["output"].(map[string]any)
		pts := out["points"].([]any)
		if out["step"] != "cutting" || num(out, "total") != 1000 || len(pts) != 3 || num(pts[2].(map[string]any), "quantity") != 420 {
			t.Fatalf("output series: %v", out)
		}
		if steps := ch["steps"].([]any); len(steps) < 10 || steps[0].(map[string]any)["planned_date"] == "" {
			t.Errorf("chart steps: %v", steps)
		}
		if r := ch["risk"].(map[string]any); r["computed_at"] == nil || r["level"] == "" {
			t.Errorf("chart risk: %v", r)
		}

		// The factory's calendar: validated, and its orders recomputed.
		url := fmt.Sprintf("/api/v1/suppliers/%d", e.suppliers["jinling"].ID)
		for field, body := range map[string]map[string]any{
			"days_off":         {"days_off": []int{7}},
			"holidays[0].to":   {"holidays": []map[string]any{{"from": "2027-02-10", "to": "2027-02-01"}}},
			"holidays[0].from": {"holidays": []map[string]any{{"from": "x", "to": "2027-02-01"}}},
		} {
			if r := e.as("admin", "PATCH", url, body); r.status != 422 || r.fieldCode(t, field) == "" {
				t.Errorf("calendar %v: %d %s", body, r.status, r.body)
			}
		}
		if r := e.as("admin", "PATCH", url, map[string]any{"days_off": []int{0, 7, 0}}); r.status != 422 || r.fieldCode(t, "days_off") != "invalid_weekdays" {
			t.Errorf("bad weekdays: %d %s", r.status, r.body)
		}
		e.clock.Advance(time.Hour)
		r := e.as("admin", "PATCH", url, map[string]any{"days_off": []int{6, 0},
			"holidays": []map[string]any{{"from": "2027-02-05", "to": "2027-02-13", "reason": "春节"}}})
		if r.status != 200 {
			t.Fatalf("calendar: %d %s", r.status, r.body)
		}
		sp := r.json(t)
		if fmt.Sprint(sp["days_off"]) != "[0 6]" || len(sp["holidays"].([]any)) != 1 {
			t.Errorf("calendar saved: %v", sp)
		}
		after := e.as("merch", "GET", fmt.Sprintf("/api/v1/orders/%d/risk", oid), nil).json(t)["risk"].(map[string]any)
		if after["computed_at"] == ch["risk"].(map[string]any)["computed_at"] {
			t.Errorf("the supplier's orders were not recomputed with its calendar: %v", after)
		}
	})
}
