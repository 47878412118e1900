package aql

import (
	"fmt"
	"strconv"
	"strings"
)

type cellKind int

const (
	blank cellKind = iota
	plan
	down
	up
)

// Cell is one printed cell of a master table.
type Cell struct {
	kind   cellKind
	ac, re int
}

// String renders the cell in the notation of data.go.
func (c Cell) String() string {
	switch c.kind {
	case plan:
		return fmt.Sprintf("%d/%d", c.ac, c.re)
	case down:
		return "v"
	case up:
		return "^"
	}
	return "-"
}

type table struct {
	letters []string
	sizes   map[string]int
	cells   [][]Cell
}

var (
	tab1   [][]string
	tables map[Severity]*table
)

func init() {
	for _, line := range strings.Split(strings.TrimSpace(table1Text), "\n") {
		f := strings.Fields(line)
		if len(f) != len(levels) {
			panic("aql: bad Table 1 line " + line)
		}
		tab1 = append(tab1, f)
	}
	if len(tab1) != len(table1Ranges) {
		panic("aql: Table 1 has the wrong number of rows")
	}
	tables = map[Severity]*table{
		Normal:    parseTable("2-A", table2AText, sampleNormal),
		Tightened: parseTable("2-B", table2BText, sampleNormal),
		Reduced:   parseTable("2-C", table2CText, sampleReduced),
	}
}

func parseTable(name, text string, sizes map[string]int) *table {
	t := &table{sizes: sizes}
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		f := strings.Fields(line)
		if len(f) != 1+len(aqlColumns) {
			panic(fmt.Sprintf("aql: Table %s: line %q has %d fields", name, line, len(f)))
		}
		if _, ok := sizes[f[0]]; !ok {
			panic("aql: Table " + name + ": unknown letter " + f[0])
		}
		t.letters = append(t.letters, f[0])
		row := make([]Cell, 0, len(aqlColumns))
		for _, s := range f[1:] {
			row = append(row, parseCell(name, s))
		}
		t.cells = append(t.cells, row)
	}
	return t
}

func parseCell(name, s string) Cell {
	switch s {
	case "v":
		return Cell{kind: down}
	case "^":
		return Cell{kind: up}
	case "-":
		return Cell{kind: blank}
	}
	a, r, ok := strings.Cut(s, "/")
	ac, err1 := strconv.Atoi(a)
	re, err2 := strconv.Atoi(r)
	if !ok || err1 != nil || err2 != nil {
		panic("aql: Table " + name + ": bad cell " + s)
	}
	return Cell{kind: plan, ac: ac, re: re}
}

// TableCell returns the cell as printed (not resolved) for a letter and
// AQL column in the table of a severity, in the notation "Ac/Re", "v",
// "^" or "-". ok is false for an unknown severity, letter or AQL.
func TableCell(sev Severity, letter string, a AQL) (cell string, ok bool) {
	t, found := tables[sev]
	col := columnOf(a)
	if !found || col < 0 {
		return "", false
	}
	for i, l := range t.letters {
		if l == letter {
			return t.cells[i][col].String(), true
		}
	}
	return "", false
}

// TableLetters lists the row letters of the table of a severity (A..R,
// plus S for tightened).
func TableLetters(sev Severity) []string {
	t, ok := tables[sev]
	if !ok {
		return nil
	}
	return append([]string(nil), t.letters...)
}

// SampleSize gives the sample size printed for a letter in the table of a
// severity.
func SampleSize(sev Severity, letter string) (int, bool) {
	t, ok := tables[sev]
	if !ok {
		return 0, false
	}
	for _, l := range t.letters {
		if l == letter {
			return t.sizes[letter], true
		}
	}
	return 0, false
}
