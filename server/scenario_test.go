package server

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

// scenario is one HTTP call of a table test and everything it must do, in the
// manner of PocketBase's tests.ApiScenario: the request, the status, a subset
// of the JSON answer and the effect on the database. A denied call names the
// tables it must leave untouched in noChange.
type scenario struct {
	name    string
	method  string
	path    string              // or pathFn, for ids made by earlier steps
	pathFn  func(e *env) string // wins over path
	as      string              // fixture user ("" sends no token)
	body    any                 // as req.body; or bodyFn, likewise
	bodyFn  func(e *env) any
	headers map[string]string

	status int
	// json is a subset the answer must contain: every key of an object with
	// an equal value (recursively); arrays must match element by element.
	json map[string]any
	// errorCode is the error envelope's code, for error answers.
	errorCode string
	// noChange lists tables whose rows must be exactly the same afterwards.
	noChange []string
	// expectDB checks the effect on the database; check any other assertion
	// on the answer.
	expectDB func(t *testing.T, e *env)
	check    func(t *testing.T, e *env, r *response)
}

// runScenarios runs the steps in order on one env, each as a subtest, so a
// step may build on what the earlier ones created.
func runScenarios(t *testing.T, e *env, steps []scenario) {
	t.Helper()
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) { s.run(t, e) })
	}
}

// run sends the call and checks what the scenario expects. Failures of the
// request helper itself (e.t) go to this step's t while it runs.
func (s scenario) run(t *testing.T, e *env) *response {
	t.Helper()
	prev := e.t
	e.t = t
	defer func() { e.t = prev }()

	path := s.path
	if s.pathFn != nil {
		path = s.pathFn(e)
	}
	body := s.body
	if s.bodyFn != nil {
		body = s.bodyFn(e)
	}
	before := e.snapshot(s.noChange)
	r := e.do(req{method: s.method, path: path, token: e.token(s.as), body: body, headers: s.headers})
	if r.status != s.status {
		t.Fatalf("%s %s as %q: status %d, want %d: %s", s.method, path, s.as, r.status, s.status, r.body)
	}
	if s.errorCode != "" {
		if got := r.errorCode(t); got != s.errorCode {
			t.Errorf("error code %q, want %q: %s", got, s.errorCode, r.body)
		}
	}
	if s.json != nil {
		var got any
		if err := json.Unmarshal(r.body, &got); err != nil {
			t.Fatalf("answer is not JSON: %v: %s", err, r.body)
		}
		if diff := jsonSubset("", normalizeJSON(t, s.json), got); diff != "" {
			t.Errorf("answer does not contain what was expected: %s\n%s", diff, r.body)
		}
	}
	if after := e.snapshot(s.noChange); !reflect.DeepEqual(before, after) {
		for _, table := range s.noChange {
			b, a := before[table], after[table]
			switch {
			case len(b) != len(a):
				t.Errorf("table %s changed: %d rows before, %d after", table, len(b), len(a))
			case !slices.Equal(b, a):
				t.Errorf("table %s changed: a row was updated", table)
			}
		}
	}
	if s.expectDB != nil {
		s.expectDB(t, e)
	}
	if s.check != nil {
		s.check(t, e, r)
	}
	return r
}

// snapshot is every row of the named tables, each row printed with its
// columns in name order and the rows sorted, so equal snapshots mean no
// insert, update or delete.
func (e *env) snapshot(tables []string) map[string][]string {
	if len(tables) == 0 {
		return nil
	}
	out := make(map[string][]string, len(tables))
	for _, table := range tables {
		var rows []map[string]any
		if err := e.db.Gorm.Table(table).Find(&rows).Error; err != nil {
			e.t.Fatalf("snapshot %s: %v", table, err)
		}
		lines := make([]string, len(rows))
		for i, row := range rows {
			for k, v := range row {
				if b, ok := v.([]byte); ok { // MySQL returns text as bytes
					row[k] = string(b)
				}
			}
			lines[i] = fmt.Sprint(row) // fmt prints map keys sorted
		}
		sort.Strings(lines)
		out[table] = lines
	}
	return out
}

// normalizeJSON turns Go literals (ints, typed slices and maps) into what
// encoding/json decodes, so they compare with a decoded answer.
func normalizeJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// jsonSubset says where got lacks what want has ("" when it has it all).
func jsonSubset(at string, want, got any) string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: want an object, got %s", orRoot(at), brief(got))
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			gv, present := g[k]
			if !present {
				return fmt.Sprintf("%s.%s: missing", at, k)
			}
			if d := jsonSubset(at+"."+k, w[k], gv); d != "" {
				return d
			}
		}
		return ""
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return fmt.Sprintf("%s: want %d elements, got %s", orRoot(at), len(w), brief(got))
		}
		for i := range w {
			if d := jsonSubset(fmt.Sprintf("%s[%d]", at, i), w[i], g[i]); d != "" {
				return d
			}
		}
		return ""
	}
	if !reflect.DeepEqual(want, got) {
		return fmt.Sprintf("%s: want %s, got %s", orRoot(at), brief(want), brief(got))
	}
	return ""
}

func orRoot(at string) string {
	if at == "" {
		return "(answer)"
	}
	return strings.TrimPrefix(at, ".")
}

func brief(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 120 {
		return string(b[:120]) + "…"
	}
	return string(b)
}
