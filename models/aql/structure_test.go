package aql

import (
	"strings"
	"testing"
)

// The master tables of ISO 2859-1 are built on diagonals: moving one code
// letter down (sample size x ~1.6) and one AQL column left (AQL / ~1.6)
// gives the same cell. So every row of a table is one fixed sequence of
// cells, shifted one column left per letter, cut off on the right where
// the table's region of upward arrows begins. The sequences below are the
// rows of each table read from the column of the first 0/1 plan; they
// were taken from the standard's structure, not from data.go, and every
// cell of the three tables is checked against them. The only cells that
// depart from the diagonal are at the top and bottom edges, where the
// diagonal's arrow would point out of the table (see structureExceptions).
//
// This catches a mistyped cell anywhere in the grids, including the parts
// that could not be compared with a printed copy of the standard (see
// SOURCES.md); it cannot by itself prove the Ac/Re values of a sequence.

type structure struct {
	seq []string // cells from the 0/1 column on, "v"/"^" arrows
	// first0 is the column (0 = AQL 0.010) of row A's 0/1 on the
	// diagonal; row i has it at first0 - i.
	first0 int
	// lastAE, lastF: how many cells of seq rows A–E and rows F–R carry
	// before the upward arrows start.
	lastAE, lastF int
}

var structures = map[Severity]structure{
	// Normal: 0/1 ↑ ↓ then the normal Ac series; rows A–E run on to
	// 30/31 and 44/45, rows F–R stop at 21/22.
	Normal: {
		seq:    strings.Fields("0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45"),
		first0: 14, lastAE: 13, lastF: 11,
	},
	// Tightened: 0/1 one column to the right of the normal table, two
	// down arrows, the tightened Ac series; the up-arrow region starts in
	// the same column as in the normal table.
	Tightened: {
		seq:    strings.Fields("0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42"),
		first0: 15, lastAE: 12, lastF: 10,
	},
	// Reduced (ISO 2859-1:1999, Re = Ac + 1 throughout): 0/1 in the same
	// column as the normal table, the reduced series, same up-arrow region.
	Reduced: {
		seq:    strings.Fields("0/1 ^ v 1/2 1/2 2/3 3/4 5/6 6/7 8/9 10/11 14/15 21/22"),
		first0: 14, lastAE: 13, lastF: 11,
	},
}

// Cells where the printed table departs from the pure diagonal, because
// the diagonal's arrow would lead out of the table:
//   - row A, where the diagonal has an up arrow (there is no row above A)
//     or, in Table 2-B, a 0/1 that the standard does not print: the cell
//     is a down arrow;
//   - row R at AQL 0.015, where the diagonal has a down arrow but there is
//     no plan below it (no row S in 2-A and 2-C; row S of 2-B is blank
//     there): the cell is an up arrow.
var structureExceptions = map[Severity]map[string]string{
	Normal:    {"A@10": "v", "R@0.015": "^"},
	Tightened: {"A@10": "v", "R@0.015": "^"},
	Reduced:   {"A@10": "v", "R@0.015": "^"},
}

func TestTablesFollowDiagonals(t *testing.T) {
	rows := strings.Fields("A B C D E F G H J K L M N P Q R")
	for sev, st := range structures {
		for i, l := range rows {
			last := st.lastF
			if i < 5 {
				last = st.lastAE
			}
			for col, label := range AQLs() {
				k := col - (st.first0 - i)
				want := "^"
				switch {
				case k < 0:
					want = "v"
				case k < last:
					want = st.seq[k]
				}
				if ex, ok := structureExceptions[sev][l+"@"+label]; ok {
					want = ex
				}
				a, _ := ParseAQL(label)
				got, ok := TableCell(sev, l, a)
				if !ok || got != want {
					t.Errorf("%s %s@%s = %q, diagonal structure gives %q", sev, l, label, got, want)
				}
			}
		}
	}
	// Row S of Table 2-B: only the 1/2 plan under AQL 0.025.
	for col, label := range AQLs() {
		a, _ := ParseAQL(label)
		want := "-"
		if col == 2 {
			want = "1/2"
		}
		if got, _ := TableCell(Tightened, "S", a); got != want {
			t.Errorf("tightened S@%s = %q, want %q", label, got, want)
		}
	}
}

// Every arrow of every table must lead to a plan: an up arrow in the top
// row, or a down arrow with only blanks below it, would leave a code
// letter and AQL without a sampling plan.
func TestEveryCellResolves(t *testing.T) {
	for _, sev := range []Severity{Normal, Tightened, Reduced} {
		for _, l := range TableLetters(sev) {
			if l == "S" {
				continue
			}
			for _, label := range AQLs() {
				a, _ := ParseAQL(label)
				if _, err := PlanFor(l, a, sev); err != nil {
					t.Errorf("%s %s@%s: %v", sev, l, label, err)
				}
			}
		}
	}
}

// The edge cells named in structureExceptions, resolved.
func TestEdgeCells(t *testing.T) {
	cases := []struct {
		sev         Severity
		letter, aql string
		used        string
		n, ac, re   int
	}{
		// Row A at AQL 10 is a down arrow in all three tables (an up
		// arrow there, as some derived charts print, leads nowhere).
		{Normal, "A", "10", "C", 5, 1, 2},
		{Tightened, "A", "10", "D", 8, 1, 2},
		{Reduced, "A", "10", "C", 2, 1, 2},
		// Row R at the two smallest AQLs.
		{Normal, "R", "0.010", "Q", 1250, 0, 1},
		{Normal, "R", "0.015", "P", 800, 0, 1},
		{Tightened, "R", "0.010", "R", 2000, 0, 1},
		{Tightened, "R", "0.015", "Q", 1250, 0, 1},
		{Tightened, "R", "0.025", "S", 3150, 1, 2},
		{Reduced, "R", "0.010", "Q", 500, 0, 1},
		{Reduced, "R", "0.015", "P", 315, 0, 1},
		// Where the 30/31 and 44/45 plans end: row E, then up arrows.
		{Normal, "E", "250", "E", 13, 44, 45},
		{Normal, "F", "150", "E", 13, 30, 31},
		{Normal, "A", "1000", "A", 2, 30, 31},
		{Tightened, "E", "250", "E", 13, 41, 42},
		{Tightened, "F", "150", "E", 13, 27, 28},
		{Reduced, "E", "250", "E", 5, 21, 22},
		{Reduced, "F", "100", "E", 5, 10, 11},
	}
	for _, c := range cases {
		a, _ := ParseAQL(c.aql)
		p, err := PlanFor(c.letter, a, c.sev)
		if err != nil || p.PlanLetter != c.used || p.SampleSize != c.n || p.Ac != c.ac || p.Re != c.re {
			t.Errorf("%s %s@%s = %+v, %v; want %s n=%d %d/%d", c.sev, c.letter, c.aql, p, err, c.used, c.n, c.ac, c.re)
		}
	}
}
