package server

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

func scorecardURL(e *env, supplier, query string) string {
	return fmt.Sprintf("/api/v1/suppliers/%d/scorecard%s", e.suppliers[supplier].ID, query)
}

func init() {
	authzMatrix = append(authzMatrix,
		authzRow{method: "GET", path: "/api/v1/suppliers/:id/scorecard",
			url: func(e *env) string { return scorecardURL(e, "jinling", "") }, want: ownOrForeign(200)},
	)
}

// rateOf is a rate of the scorecard's totals as "n/N".
func rateOf(t *testing.T, sc map[string]any, name string) string {
	t.Helper()
	r := sc["totals"].(map[string]any)[name].(map[string]any)
	return fmt.Sprintf("%d/%d", int(num(r, "numerator")), int(num(r, "denominator")))
}

func TestScorecardAccess(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		e.fixtureOrder()
		own := e.as("factory", "GET", scorecardURL(e, "jinling", ""), nil)
		if own.status != 200 {
			t.Fatalf("factory, own: %d %s", own.status, own.body)
		}
		sc := own.json(t)
		// Twelve calendar months up to the factory's today (2 March 2026).
		if sc["from"] != "2025-04-01" || sc["to"] != "2026-03-02" || sc["today"] != "2026-03-02" ||
			len(sc["months"].([]any)) != 12 || sc["supplier"].(map[string]any)["code"] != "HZ-JL" {
			t.Fatalf("default range: %s", own.body)
		}
		for who, want := range map[string]int{"foreign": 404, "qc": 403, "merch": 200, "admin": 200} {
			if r := e.as(who, "GET", scorecardURL(e, "jinling", ""), nil); r.status != want {
				t.Errorf("%s: %d, want %d (%s)", who, r.status, want, r.body)
			}
		}
		if r := e.do(req{method: "GET", path: scorecardURL(e, "jinling", "")}); r.status != 401 {
			t.Errorf("anonymous: %d", r.status)
		}
		if r := e.as("merch", "GET", "/api/v1/suppliers/99999/scorecard", nil); r.status != 404 {
			t.Errorf("no such supplier: %d", r.status)
		}
		for q, want := range map[string][2]string{
			"?from=2026-02-30":               {"from", "no_such_date"},
			"?to=yesterday":                  {"to", "not_a_date"},
			"?from=2026-03-01&to=2026-02-01": {"to", "before_from"},
			"?from=2022-01-01&to=2026-01-01": {"to", "range_too_long"},
			"?from=1999-12-31&to=2000-01-31": {"from", "date_out_of_range"},
		} {
			r := e.as("merch", "GET", scorecardURL(e, "jinling", q), nil)
			if r.status != 422 || r.fieldCode(t, want[0]) != want[1] {
				t.Errorf("%s: %d %s, want 422 %s %s", q, r.status, r.body, want[0], want[1])
			}
		}
	})
}

// TestScorecardBaselineDoesNotImprove: two orders due 1 May 2026 are late
// on 5 May. The merchandiser moves one order's date twice (PATCH, which
// revises the order) and the factory ships it before the new date: it is
// on time against the latest date, and stays late against the baseline,
// whose rate never goes up.
func TestScorecardBaselineDoesNotImprove(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		var ids []int64
		for range 2 {
			id := e.draftOrder()
			if _, err := e.store.ConfirmOrder(ctx, id, nil, models.LateKeep, e.users["merch"].ID); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		moved := ids[0]
		url := scorecardURL(e, "jinling", "?from=2026-05-01&to=2026-05-31")
		card := func(when, baseline, latest string, changes int) {
			t.Helper()
			r := e.as("factory", "GET", url, nil)
			if r.status != 200 {
				t.Fatalf("%s: %d %s", when, r.status, r.body)
			}
			sc := r.json(t)
			if got := rateOf(t, sc, "on_time_baseline"); got != baseline {
				t.Errorf("%s: on time against the baseline %s, want %s", when, got, baseline)
			}
			if got := rateOf(t, sc, "on_time_latest"); got != latest {
				t.Errorf("%s: on time against the latest date %s, want %s", when, got, latest)
			}
			if got := num(sc["totals"].(map[string]any)["date_changes"].(map[string]any), "total"); int(got) != changes {
				t.Errorf("%s: %v date changes, want %d", when, got, changes)
			}
		}
		card("before the date", "0/0", "0/0", 0)
		e.clock.Set(time.Date(2026, 5, 5, 2, 0, 0, 0, time.UTC))
		card("past the date", "0/2", "0/2", 0)

		for _, d := range []string{"2026-05-20", "2026-06-10"} {
			r := e.as("merch", "PATCH", fmt.Sprintf("/api/v1/orders/%d", moved), map[string]any{"ex_factory_date": d})
			if r.status != 200 || r.json(t)["ex_factory_date"] != d {
				t.Fatalf("move to %s: %d %s", d, r.status, r.body)
			}
		}
		// Still in May by its baseline; not yet due by its latest date.
		card("moved twice", "0/2", "0/1", 2)

		e.clock.Set(time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC))
		w := e.warehouse(10)
		d := e.bookDeliveryAs("merch", moved, w, e.openDay(w, 2), 10)
		rs := []models.PackingRange{{From: 1, To: 1, Colour: "Navy 藏青", Size: "M", Pieces: 10, NetKg: 5, GrossKg: 6}}
		if _, err := e.store.ShipDelivery(ctx, d.ID, models.ShipInput{Date: e.today(), Packing: &rs},
			actorOf(e.users["merch"]), models.Scope{}); err != nil {
			t.Fatal(err)
		}
		card("shipped before the new date", "0/2", "1/2", 2)
		if r := e.as("merch", "GET", scorecardURL(e, "jinling", "?from=2026-06-01&to=2026-06-30"), nil); rateOf(t, r.json(t), "on_time_latest") != "0/0" {
			t.Errorf("the moved order counts in June: %s", r.body)
		}
	})
}
