package orderio

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gendan/models"
)

// want is an expected row problem: row, column as the file names it, the
// field and the code.
type want struct {
	row                 int
	column, field, code string
}

func checkProblems(t *testing.T, name string, got []RowError, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		t.Errorf("%s: %d problems, want %d:\n%+v", name, len(got), len(wants), got)
		return
	}
	for i, w := range wants {
		g := got[i]
		if g.Row != w.row || g.Column != w.column || g.Field != w.field || g.Code != w.code {
			t.Errorf("%s: problem %d is %+v, want %+v", name, i, g, w)
		}
		if _, ok := models.FieldCodes[g.Code]; !ok {
			t.Errorf("%s: unregistered code %q", name, g.Code)
		}
	}
}

// sections splits a case file at its "-- name --" lines.
func sections(text string) map[string]string {
	out := map[string]string{}
	name := ""
	for _, line := range strings.SplitAfter(text, "\n") {
		if h, ok := strings.CutPrefix(strings.TrimSpace(line), "-- "); ok && strings.HasSuffix(h, " --") {
			name = strings.TrimSuffix(h, " --")
			out[name] = ""
			continue
		}
		if name != "" {
			out[name] += line
		}
	}
	return out
}

// storeProblems reads "field code [param value]…" lines.
func storeProblems(t *testing.T, text string) *models.ValidationError {
	ve := &models.ValidationError{}
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || len(f)%2 != 0 {
			t.Fatalf("store line %q: want field code [param value]…", line)
		}
		var kv []any
		for i := 2; i < len(f); i += 2 {
			var v any = f[i+1]
			if n, err := strconv.Atoi(f[i+1]); err == nil {
				v = n
			}
			kv = append(kv, f[i], v)
		}
		ve.Add(f[0], f[1], kv...)
	}
	return ve
}

func parseWants(t *testing.T, text string) []want {
	var out []want
	dash := func(s string) string {
		if s == "-" {
			return ""
		}
		return s
	}
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		f := strings.Fields(line)
		if len(f) != 4 {
			t.Fatalf("want line %q: want row column field code", line)
		}
		row, err := strconv.Atoi(f[0])
		if err != nil {
			t.Fatalf("want line %q: %v", line, err)
		}
		out = append(out, want{row, dash(f[1]), dash(f[2]), f[3]})
	}
	return out
}

// TestProblemFiles runs the cases of testdata/problems (see its README):
// a file, what the store says about its orders, and the problems answered.
func TestProblemFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/problems/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		sec := sections(string(data))
		b, _ := importCSV(t, sec["file"])
		if store, ok := sec["store"]; ok {
			if err := b.AddStoreProblems(storeProblems(t, store)); err != nil {
				t.Fatal(err)
			}
		}
		checkProblems(t, file, b.Problems(), parseWants(t, sec["want"]))
	}
}
