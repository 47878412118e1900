package server

import (
	"testing"

	"gendan/models/testdb"
)

// TestAQLPlan: GET /api/v1/aql answers the plan actually used (after the
// arrows: the plan's sample size, not the code letter's), 100 % when that
// sample is the lot or more, and a 422 naming each bad parameter.
func TestAQLPlan(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	ok := []struct {
		query          string
		letter, plan   string
		sample, ac, re int
		full           bool
	}{
		{"lot_size=2000&level=II&aql=2.5", "K", "K", 125, 7, 8, false},
		{"lot_size=2000&aql=2.5", "K", "K", 125, 7, 8, false}, // level II by default
		{"lot_size=5000&level=II&aql=2.5&severity=normal", "L", "L", 200, 10, 11, false},
		{"lot_size=1000&level=II&aql=0.065", "J", "L", 200, 0, 1, false}, // J at 0.065 is ↓: L's plan
		{"lot_size=1000&level=II&aql=0.15", "J", "J", 80, 0, 1, false},
		{"lot_size=1000&level=II&aql=0.25", "J", "H", 50, 0, 1, false}, // J at 0.25 is ↑: H's plan
		{"lot_size=60&level=II&aql=0.65", "E", "F", 20, 0, 1, false},   // E at 0.65 is ↓
		{"lot_size=10&level=II&aql=0.65", "B", "F", 10, 0, 1, true},    // ↓ to F (20 ≥ 10): inspect all 10
		{"lot_size=500&level=I&aql=4.0", "F", "F", 20, 2, 3, false},
		{"lot_size=2000&level=II&aql=2.5&severity=tightened", "K", "K", 125, 5, 6, false},
	}
	for _, c := range ok {
		r := e.as("factory", "GET", "/api/v1/aql?"+c.query, nil)
		if r.status != 200 {
			t.Fatalf("%s: %d %s", c.query, r.status, r.body)
		}
		m := r.json(t)
		if m["code_letter"] != c.letter || m["plan_letter"] != c.plan || m["sample_size"] != float64(c.sample) ||
			m["ac"] != float64(c.ac) || m["re"] != float64(c.re) || m["full_inspection"] != c.full {
			t.Errorf("%s: %s, want %s/%s n=%d %d/%d full=%v", c.query, r.body, c.letter, c.plan, c.sample, c.ac, c.re, c.full)
		}
	}
	bad := []struct{ query, field, code string }{
		{"level=II&aql=2.5", "lot_size", "required"},
		{"lot_size=abc&aql=2.5", "lot_size", "wrong_type"},
		{"lot_size=0&aql=2.5", "lot_size", "out_of_range"},
		{"lot_size=-5&aql=2.5", "lot_size", "out_of_range"},
		{"lot_size=99999999&aql=2.5", "lot_size", "out_of_range"},
		{"lot_size=100&level=IV&aql=2.5", "level", "one_of"},
		{"lot_size=100&level=ii&aql=2.5", "level", "one_of"},
		{"lot_size=100&aql=3", "aql", "one_of"},
		{"lot_size=100&aql=2.5.1", "aql", "one_of"},
		{"lot_size=100", "aql", "required"},
		{"lot_size=100&aql=2.5&severity=strict", "severity", "one_of"},
	}
	for _, c := range bad {
		r := e.as("merch", "GET", "/api/v1/aql?"+c.query, nil)
		if r.status != 422 {
			t.Fatalf("%s: %d %s", c.query, r.status, r.body)
		}
		fields, _ := r.json(t)["error"].(map[string]any)["fields"].(map[string]any)
		f, _ := fields[c.field].(map[string]any)
		if f == nil || f["code"] != c.code {
			t.Errorf("%s: %s, want %s %s", c.query, r.body, c.field, c.code)
		}
	}
	// Every bad parameter at once.
	r := e.as("merch", "GET", "/api/v1/aql?lot_size=x&level=V&aql=7&severity=y", nil)
	if fields, _ := r.json(t)["error"].(map[string]any)["fields"].(map[string]any); r.status != 422 || len(fields) != 4 {
		t.Fatalf("all bad: %d %s", r.status, r.body)
	}
}
