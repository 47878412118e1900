package orderio

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"

	"gendan/models"
)

// cellParsers are the parsers testdata/cells.txt names, each giving its
// result as text: "!code" for a problem, "!" for a refused value.
var cellParsers = map[string]func(string) string{
	"date":      func(v string) string { return dateResult(parseDate(v, false, false)) },
	"date.xlsx": func(v string) string { return dateResult(parseDate(v, true, false)) },
	"date.1904": func(v string) string { return dateResult(parseDate(v, true, true)) },
	"whole": func(v string) string {
		n, ok := parseWhole(v)
		return okResult(strconv.FormatInt(n, 10), ok)
	},
	"tolerance":      func(v string) string { return toleranceResult(parseTolerance(v, false)) },
	"tolerance.xlsx": func(v string) string { return toleranceResult(parseTolerance(v, true)) },
	"price":          normPrice,
	"sameprice": func(v string) string {
		a, b, _ := strings.Cut(v, " ")
		return strconv.FormatBool(samePrice(a, b))
	},
	"shipmode": normShipMode,
	"header": func(v string) string {
		col, ok := headerIndex[headerKey(v)]
		return okResult(columns[col].key, ok)
	},
}

func dateResult(s string, fe *models.FieldError) string {
	if fe != nil {
		return "!" + fe.Code
	}
	return s
}

func toleranceResult(n int, ok bool) string { return okResult(strconv.Itoa(n), ok) }

func okResult(s string, ok bool) string {
	if !ok {
		return "!"
	}
	return s
}

// TestCells runs the cases of testdata/cells.txt.
func TestCells(t *testing.T) {
	f, err := os.Open("testdata/cells.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	used := map[string]int{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "|")
		if len(parts) != 3 {
			t.Fatalf("cells.txt:%d: want parser | cell | result", n)
		}
		name, in, want := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1]), strings.TrimSpace(parts[2])
		if strings.HasPrefix(in, `"`) {
			if in, err = strconv.Unquote(in); err != nil {
				t.Fatalf("cells.txt:%d: %v", n, err)
			}
		}
		parse, ok := cellParsers[name]
		if !ok {
			t.Fatalf("cells.txt:%d: no parser %q", n, name)
		}
		used[name]++
		if got := parse(in); got != want {
			t.Errorf("cells.txt:%d: %s(%q) = %q, want %q", n, name, in, got, want)
		}
		if code, problem := strings.CutPrefix(want, "!"); problem && code != "" {
			if _, ok := models.FieldCodes[code]; !ok {
				t.Errorf("cells.txt:%d: unregistered code %q", n, code)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for name := range cellParsers {
		if used[name] == 0 {
			t.Errorf("cells.txt has no case for %s", name)
		}
	}
}

func TestColumns(t *testing.T) {
	// No two columns may claim one header: the index would quietly keep one.
	claimed := map[string]int{}
	for i, c := range columns {
		for _, h := range append([]string{c.key, c.zh}, c.aliases...) {
			if j, dup := claimed[headerKey(h)]; dup && j != i {
				t.Errorf("header %q is column %d and %d", h, j, i)
			}
			claimed[headerKey(h)] = i
		}
	}
	// Every column has the store's field, so a store problem finds its cell.
	mapped := map[int]string{}
	for name, col := range modelFieldColumn {
		if other, dup := mapped[col]; dup {
			t.Errorf("column %q is field %q and %q", columns[col].key, other, name)
		}
		mapped[col] = name
	}
	if len(mapped) != numColumns {
		t.Errorf("%d of %d columns have a model field", len(mapped), numColumns)
	}
}
