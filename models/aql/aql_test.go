package aql

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
)

// Expected grids, written out independently of data.go in another
// notation: "Ac,Re" a plan, "↓" / "↑" the arrows, "." a blank cell.

// Table 1: lot range, then S-1 S-2 S-3 S-4 I II III.
const wantTable1 = `
2       8      AAAA AAB
9       15     AAAA ABC
16      25     AABB BCD
26      50     ABBC CDE
51      90     BBCC CEF
91      150    BBCD DFG
151     280    BCDE EGH
281     500    BCDE FHJ
501     1200   CCEF GJK
1201    3200   CDEG HKL
3201    10000  CDFG JLM
10001   35000  CDFH KMN
35001   150000 DEGJ LNP
150001  500000 DEGJ MPQ
500001  -      DEHK NQR
`

const want2A = `
A ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↓ ↓ 1,2 2,3 3,4 5,6 7,8 10,11 14,15 21,22 30,31
B ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↑ ↓ 1,2 2,3 3,4 5,6 7,8 10,11 14,15 21,22 30,31 44,45
C ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↑ ↓ 1,2 2,3 3,4 5,6 7,8 10,11 14,15 21,22 30,31 44,45 ↑
D ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↑ ↓ 1,2 2,3 3,4 5,6 7,8 10,11 14,15 21,22 30,31 44,45 ↑ ↑
E ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↑ ↓ 1,2 2,3 3,4 5,6 7,8 10,11 14,15 21,22 30,31 44,45 ↑ ↑ ↑
F ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↑ ↓ 1,2 2,3 3,4 5,6 7,8 10,11 14,15 21,22 ↑ ↑ ↑ ↑ ↑ ↑
G ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↑ ↓ 1,2 2,3 3,4 5,6 7,8 10,11 14,15 21,22 ↑ ↑ ↑ ↑ ↑ ↑ ↑
H ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↑ ↓ 1,2 2,3 3,4 5,6 7,8 10,11 14,15 21,22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
J ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↑ ↓ 1,2 2,3 3,4 5,6 7,8 10,11 14,15 21,22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
K ↓ ↓ ↓ ↓ ↓ 0,1 ↑ ↓ 1,2 2,3 3,4 5,6 7,8 10,11 14,15 21,22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
L ↓ ↓ ↓ ↓ 0,1 ↑ ↓ 1,2 2,3 3,4 5,6 7,8 10,11 14,15 21,22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
M ↓ ↓ ↓ 0,1 ↑ ↓ 1,2 2,3 3,4 5,6 7,8 10,11 14,15 21,22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
N ↓ ↓ 0,1 ↑ ↓ 1,2 2,3 3,4 5,6 7,8 10,11 14,15 21,22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
P ↓ 0,1 ↑ ↓ 1,2 2,3 3,4 5,6 7,8 10,11 14,15 21,22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
Q 0,1 ↑ ↓ 1,2 2,3 3,4 5,6 7,8 10,11 14,15 21,22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
R ↑ ↑ 1,2 2,3 3,4 5,6 7,8 10,11 14,15 21,22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
`

const want2B = `
A ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 1,2 2,3 3,4 5,6 8,9 12,13 18,19 27,28
B ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↓ ↓ 1,2 2,3 3,4 5,6 8,9 12,13 18,19 27,28 41,42
C ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↓ ↓ 1,2 2,3 3,4 5,6 8,9 12,13 18,19 27,28 41,42 ↑
D ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↓ ↓ 1,2 2,3 3,4 5,6 8,9 12,13 18,19 27,28 41,42 ↑ ↑
E ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↓ ↓ 1,2 2,3 3,4 5,6 8,9 12,13 18,19 27,28 41,42 ↑ ↑ ↑
F ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↓ ↓ 1,2 2,3 3,4 5,6 8,9 12,13 18,19 ↑ ↑ ↑ ↑ ↑ ↑
G ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↓ ↓ 1,2 2,3 3,4 5,6 8,9 12,13 18,19 ↑ ↑ ↑ ↑ ↑ ↑ ↑
H ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↓ ↓ 1,2 2,3 3,4 5,6 8,9 12,13 18,19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
J ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↓ ↓ 1,2 2,3 3,4 5,6 8,9 12,13 18,19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
K ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↓ ↓ 1,2 2,3 3,4 5,6 8,9 12,13 18,19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
L ↓ ↓ ↓ ↓ ↓ 0,1 ↓ ↓ 1,2 2,3 3,4 5,6 8,9 12,13 18,19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
M ↓ ↓ ↓ ↓ 0,1 ↓ ↓ 1,2 2,3 3,4 5,6 8,9 12,13 18,19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
N ↓ ↓ ↓ 0,1 ↓ ↓ 1,2 2,3 3,4 5,6 8,9 12,13 18,19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
P ↓ ↓ 0,1 ↓ ↓ 1,2 2,3 3,4 5,6 8,9 12,13 18,19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
Q ↓ 0,1 ↓ ↓ 1,2 2,3 3,4 5,6 8,9 12,13 18,19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
R 0,1 ↑ ↓ 1,2 2,3 3,4 5,6 8,9 12,13 18,19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
S . . 1,2 . . . . . . . . . . . . . . . . . . . . . . .
`

const want2C = `
A ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↓ ↓ 1,2 1,2 2,3 3,4 5,6 6,7 8,9 10,11 14,15
B ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↑ ↓ 1,2 1,2 2,3 3,4 5,6 6,7 8,9 10,11 14,15 21,22
C ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↑ ↓ 1,2 1,2 2,3 3,4 5,6 6,7 8,9 10,11 14,15 21,22 ↑
D ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↑ ↓ 1,2 1,2 2,3 3,4 5,6 6,7 8,9 10,11 14,15 21,22 ↑ ↑
E ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↑ ↓ 1,2 1,2 2,3 3,4 5,6 6,7 8,9 10,11 14,15 21,22 ↑ ↑ ↑
F ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↑ ↓ 1,2 1,2 2,3 3,4 5,6 6,7 8,9 10,11 ↑ ↑ ↑ ↑ ↑ ↑
G ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↑ ↓ 1,2 1,2 2,3 3,4 5,6 6,7 8,9 10,11 ↑ ↑ ↑ ↑ ↑ ↑ ↑
H ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↑ ↓ 1,2 1,2 2,3 3,4 5,6 6,7 8,9 10,11 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
J ↓ ↓ ↓ ↓ ↓ ↓ 0,1 ↑ ↓ 1,2 1,2 2,3 3,4 5,6 6,7 8,9 10,11 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
K ↓ ↓ ↓ ↓ ↓ 0,1 ↑ ↓ 1,2 1,2 2,3 3,4 5,6 6,7 8,9 10,11 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
L ↓ ↓ ↓ ↓ 0,1 ↑ ↓ 1,2 1,2 2,3 3,4 5,6 6,7 8,9 10,11 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
M ↓ ↓ ↓ 0,1 ↑ ↓ 1,2 1,2 2,3 3,4 5,6 6,7 8,9 10,11 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
N ↓ ↓ 0,1 ↑ ↓ 1,2 1,2 2,3 3,4 5,6 6,7 8,9 10,11 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
P ↓ 0,1 ↑ ↓ 1,2 1,2 2,3 3,4 5,6 6,7 8,9 10,11 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
Q 0,1 ↑ ↓ 1,2 1,2 2,3 3,4 5,6 6,7 8,9 10,11 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
R ↑ ↑ 1,2 1,2 2,3 3,4 5,6 6,7 8,9 10,11 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑
`

func TestTable1EveryCell(t *testing.T) {
	for _, line := range strings.Split(strings.TrimSpace(wantTable1), "\n") {
		f := strings.Fields(line)
		lo, _ := strconv.Atoi(f[0])
		hi, err := strconv.Atoi(f[1])
		if err != nil {
			hi = 10_000_000
		}
		letters := f[2] + f[3]
		for i, lv := range levels {
			want := string(letters[i])
			for _, n := range []int{lo, (lo + hi) / 2, hi} {
				got, err := CodeLetter(n, lv)
				if err != nil || got != want {
					t.Errorf("CodeLetter(%d, %s) = %q, %v; want %q", n, lv, got, err, want)
				}
			}
		}
	}
	if got, _ := CodeLetter(1, LevelIII); got != "B" {
		t.Errorf("lot 1: %q", got)
	}
}

func checkGrid(t *testing.T, sev Severity, text string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if got := TableLetters(sev); len(got) != len(lines) {
		t.Fatalf("%s: %d rows, want %d", sev, len(got), len(lines))
	}
	for _, line := range lines {
		f := strings.Fields(line)
		if len(f) != 27 {
			t.Fatalf("test grid line %q has %d fields", line, len(f))
		}
		for i, w := range f[1:] {
			a, _ := ParseAQL(AQLs()[i])
			want := map[string]string{"↓": "v", "↑": "^", ".": "-"}[w]
			if want == "" {
				want = strings.Replace(w, ",", "/", 1)
			}
			got, ok := TableCell(sev, f[0], a)
			if !ok || got != want {
				t.Errorf("%s %s@%s = %q, want %q", sev, f[0], AQLs()[i], got, want)
			}
		}
	}
}

func TestTable2AEveryCell(t *testing.T) { checkGrid(t, Normal, want2A) }
func TestTable2BEveryCell(t *testing.T) { checkGrid(t, Tightened, want2B) }
func TestTable2CEveryCell(t *testing.T) { checkGrid(t, Reduced, want2C) }

func TestSampleSizes(t *testing.T) {
	norm := "A2 B3 C5 D8 E13 F20 G32 H50 J80 K125 L200 M315 N500 P800 Q1250 R2000"
	red := "A2 B2 C2 D3 E5 F8 G13 H20 J32 K50 L80 M125 N200 P315 Q500 R800"
	for sev, s := range map[Severity]string{Normal: norm, Tightened: norm + " S3150", Reduced: red} {
		for _, f := range strings.Fields(s) {
			want, _ := strconv.Atoi(f[1:])
			if got, ok := SampleSize(sev, f[:1]); !ok || got != want {
				t.Errorf("%s %s: %d, want %d", sev, f[:1], got, want)
			}
		}
	}
	if _, ok := SampleSize(Normal, "S"); ok {
		t.Error("S is only in Table 2-B")
	}
}

func TestLookupCases(t *testing.T) {
	cases := []struct {
		lot        int
		lv         Level
		aql        string
		sev        Severity
		code, used string
		n, ac, re  int
		full       bool
	}{
		{1000, LevelII, "0.065", Normal, "J", "L", 200, 0, 1, false}, // ↓ ↓ then 0/1
		{1000, LevelII, "2.5", Normal, "J", "J", 80, 5, 6, false},
		{2000, LevelII, "2.5", Normal, "K", "K", 125, 7, 8, false},
		{5000, LevelII, "2.5", Normal, "L", "L", 200, 10, 11, false},
		{5000, LevelII, "1.0", Normal, "L", "L", 200, 5, 6, false},
		{20000, LevelII, "0.65", Normal, "M", "M", 315, 5, 6, false},
		{20000, LevelII, "1.0", Normal, "M", "M", 315, 7, 8, false},
		{20000, LevelII, "6.5", Normal, "M", "L", 200, 21, 22, false}, // ↑
		{3, LevelII, "6.5", Normal, "A", "A", 2, 0, 1, false},
		{10, LevelII, "6.5", Normal, "B", "A", 2, 0, 1, false}, // ↑
		{20, LevelII, "6.5", Normal, "C", "D", 8, 1, 2, false},
		{20, LevelII, "0.010", Normal, "C", "Q", 20, 0, 1, true}, // ↓ to 1250, 100 %
		{5, LevelII, "10", Normal, "A", "C", 5, 1, 2, true},
		{1, LevelIII, "1.0", Normal, "B", "E", 1, 0, 1, true},
		{1000000, LevelIII, "0.010", Normal, "R", "Q", 1250, 0, 1, false},
		{1000000, LevelIII, "0.015", Normal, "R", "P", 800, 0, 1, false},
		{1000000, LevelIII, "0.010", Tightened, "R", "R", 2000, 0, 1, false},
		{1000000, LevelIII, "0.025", Tightened, "R", "S", 3150, 1, 2, false},
		{1000000, LevelIII, "0.015", Tightened, "R", "Q", 1250, 0, 1, false},
		{200000, LevelIII, "0.025", Tightened, "Q", "S", 3150, 1, 2, false},
		{1000, LevelII, "2.5", Tightened, "J", "J", 80, 3, 4, false},
		{1000, LevelII, "2.5", Reduced, "J", "J", 32, 3, 4, false},
		{1000, LevelII, "0.065", Reduced, "J", "L", 80, 0, 1, false},
		{100, LevelI, "150", Normal, "D", "D", 8, 21, 22, false},
		{100, LevelI, "1000", Normal, "D", "B", 3, 44, 45, false},
	}
	for _, c := range cases {
		p, err := Lookup(c.lot, c.lv, c.aql, c.sev)
		if err != nil {
			t.Errorf("%+v: %v", c, err)
			continue
		}
		if p.CodeLetter != c.code || p.PlanLetter != c.used || p.SampleSize != c.n || p.Ac != c.ac || p.Re != c.re || p.Full != c.full {
			t.Errorf("Lookup(%d,%s,%s,%s) = %+v; want %s→%s n=%d %d/%d full=%v",
				c.lot, c.lv, c.aql, c.sev, p, c.code, c.used, c.n, c.ac, c.re, c.full)
		}
	}
}

func TestParseAQL(t *testing.T) {
	for s, want := range map[string]AQL{"2.5": 2500, "0.65": 650, "0.010": 10, "0.01": 10,
		"1000": 1000000, "1.0": 1000, "1": 1000, "2.50": 2500, " 10 ": 10000} {
		got, err := ParseAQL(s)
		if err != nil || got != want {
			t.Errorf("ParseAQL(%q) = %d, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "2", "0.0105", "-1", "1e3", ".5", "5.", "abc", "0.011", "2000"} {
		if _, err := ParseAQL(s); !errors.Is(err, ErrAQL) {
			t.Errorf("ParseAQL(%q) err = %v", s, err)
		}
	}
	if AQL(650).String() != "0.65" || AQL(10).String() != "0.010" {
		t.Error("labels")
	}
}

func TestErrors(t *testing.T) {
	var e *Error
	_, err := Lookup(0, LevelII, "1.0", Normal)
	if !errors.Is(err, ErrLotSize) || !errors.As(err, &e) || e.Field != "lot_size" {
		t.Errorf("lot 0: %v", err)
	}
	_, err = Lookup(10, "IV", "1.0", Normal)
	if !errors.Is(err, ErrLevel) || !errors.As(err, &e) || e.Field != "level" {
		t.Errorf("level: %v", err)
	}
	_, err = Lookup(10, LevelII, "3.0", Normal)
	if !errors.Is(err, ErrAQL) || !errors.As(err, &e) || e.Field != "aql" {
		t.Errorf("aql: %v", err)
	}
	_, err = Lookup(10, LevelII, "1.0", "strict")
	if !errors.Is(err, ErrSeverity) || !errors.As(err, &e) || e.Field != "severity" {
		t.Errorf("severity: %v", err)
	}
	if len(Levels()) != 7 || len(AQLs()) != 26 {
		t.Error("lists")
	}
}

// every resolvable letter × AQL × severity
func allPlans(t *testing.T, sev Severity, f func(letter string, col int, p Plan)) {
	for _, l := range TableLetters(sev) {
		if l == "S" {
			continue
		}
		for i, s := range AQLs() {
			a, _ := ParseAQL(s)
			p, err := PlanFor(l, a, sev)
			if err != nil {
				t.Fatalf("%s %s@%s: %v", sev, l, s, err)
			}
			f(l, i, p)
		}
	}
}

func TestPropertyAcBelowRe(t *testing.T) {
	for _, sev := range []Severity{Normal, Tightened, Reduced} {
		allPlans(t, sev, func(l string, _ int, p Plan) {
			if p.Ac < 0 || p.Ac >= p.Re || p.SampleSize <= 0 {
				t.Errorf("%s %s: %+v", sev, l, p)
			}
			if p.Re != p.Ac+1 {
				t.Errorf("%s %s: Re != Ac+1 in %+v", sev, l, p)
			}
		})
	}
}

func TestPropertyAcNonDecreasingAlongRow(t *testing.T) {
	for _, sev := range []Severity{Normal, Tightened, Reduced} {
		last := map[string]int{}
		allPlans(t, sev, func(l string, col int, p Plan) {
			if col > 0 && p.Ac < last[l] {
				t.Errorf("%s row %s: Ac falls to %d at %s", sev, l, p.Ac, AQLs()[col])
			}
			last[l] = p.Ac
		})
	}
}

func TestPropertyLargerLotNeverSmallerSample(t *testing.T) {
	var lots []int
	for _, r := range table1Ranges {
		lots = append(lots, r.min-1, r.min, r.min+1, r.max, r.max+1)
	}
	lots = append(lots, 1, 3, 4, 5, 6, 7, 10, 2_000_000)
	sortInts(lots)
	for _, sev := range []Severity{Normal, Tightened, Reduced} {
		for _, lv := range levels {
			for _, a := range AQLs() {
				prev := 0
				for _, n := range lots {
					if n < 1 {
						continue
					}
					p, err := Lookup(n, lv, a, sev)
					if err != nil {
						t.Fatal(err)
					}
					if p.SampleSize < prev {
						t.Errorf("%s %s %s: lot %d sample %d < %d", sev, lv, a, n, p.SampleSize, prev)
					}
					prev = p.SampleSize
				}
			}
		}
	}
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// pAccept is the Poisson probability of at most ac nonconformities in a
// sample of n at a rate of p per item.
func pAccept(n, ac int, p float64) float64 {
	m := float64(n) * p
	term, sum := math.Exp(-m), 0.0
	for k := 0; k <= ac; k++ {
		if k > 0 {
			term *= m / float64(k)
		}
		sum += term
	}
	return sum
}

func TestPropertyTightenedNeverMoreLenient(t *testing.T) {
	for _, l := range TableLetters(Normal) {
		for _, s := range AQLs() {
			a, _ := ParseAQL(s)
			pn, _ := PlanFor(l, a, Normal)
			pt, _ := PlanFor(l, a, Tightened)
			if pt.SampleSize < pn.SampleSize || pt.Ac > pn.Ac {
				// not stricter by construction: compare OC curves
				for q := 0.0005; q < 20; q *= 1.2 {
					if pAccept(pt.SampleSize, pt.Ac, q) > pAccept(pn.SampleSize, pn.Ac, q)+1e-12 {
						t.Errorf("%s@%s: tightened %+v more lenient than normal %+v at p=%g", l, s, pt, pn, q)
						break
					}
				}
			}
		}
	}
}

func TestSwitching(t *testing.T) {
	acc := LotResult{Accepted: true, Ac: 1, ProductionSteady: true}
	rej := LotResult{Accepted: false, Ac: 1, ProductionSteady: true}
	run := func(s SwitchState, rs ...LotResult) SwitchState {
		for _, r := range rs {
			s = s.Next(r)
		}
		return s
	}
	rep := func(r LotResult, n int) []LotResult {
		out := make([]LotResult, n)
		for i := range out {
			out[i] = r
		}
		return out
	}
	cases := []struct {
		name   string
		start  SwitchState
		lots   []LotResult
		sev    Severity
		reason string
		disc   bool
	}{
		{"two adjacent rejections", SwitchState{}, []LotResult{acc, rej, rej}, Tightened, ReasonTwoOfFiveRejected, false},
		{"two rejections within five", SwitchState{}, []LotResult{rej, acc, acc, acc, rej}, Tightened, ReasonTwoOfFiveRejected, false},
		{"two rejections six apart", SwitchState{}, []LotResult{rej, acc, acc, acc, acc, rej}, Normal, "", false},
		{"five accepted on tightened", SwitchState{Severity: Tightened}, rep(acc, 5), Normal, ReasonFiveAccepted, false},
		{"four accepted on tightened", SwitchState{Severity: Tightened}, rep(acc, 4), Tightened, "", false},
		{"acceptance run broken", SwitchState{Severity: Tightened}, append(append(rep(acc, 4), rej), rep(acc, 4)...), Tightened, "", false},
		{"five rejected on tightened", SwitchState{Severity: Tightened}, []LotResult{rej, acc, rej, rej, acc, acc, rej, rej}, Tightened, ReasonDiscontinued, true},
		{"score 30 with Ac<2", SwitchState{}, append(rep(acc, 14), LotResult{Accepted: true, Ac: 1, ProductionSteady: true, AuthorityApproves: true}), Reduced, ReasonSwitchingScore30, false},
		{"score 28 not enough", SwitchState{}, rep(LotResult{Accepted: true, Ac: 1, ProductionSteady: true, AuthorityApproves: true}, 14), Normal, "", false},
		{"score 30 but no approval", SwitchState{}, rep(acc, 20), Normal, "", false},
		{"score 30 but irregular", SwitchState{}, rep(LotResult{Accepted: true, Ac: 0, AuthorityApproves: true}, 20), Normal, "", false},
		{"score Ac>=2 tighter", SwitchState{}, rep(LotResult{Accepted: true, Ac: 3, AcceptedTighter: true, ProductionSteady: true, AuthorityApproves: true}, 10), Reduced, ReasonSwitchingScore30, false},
		{"reduced lot rejected", SwitchState{Severity: Reduced}, []LotResult{acc, rej}, Normal, ReasonReducedLotRejected, false},
		{"reduced irregular", SwitchState{Severity: Reduced}, []LotResult{{Accepted: true}}, Normal, ReasonProductionIrregular, false},
		{"reduced other", SwitchState{Severity: Reduced}, []LotResult{{Accepted: true, ProductionSteady: true, OtherConditions: true}}, Normal, ReasonOtherConditions, false},
		{"reduced stays", SwitchState{Severity: Reduced}, rep(acc, 10), Reduced, "", false},
	}
	for _, c := range cases {
		s := run(c.start, c.lots...)
		if s.Severity != c.sev || s.Reason != c.reason || s.Discontinued != c.disc {
			t.Errorf("%s: got %+v, want %s %q disc=%v", c.name, s, c.sev, c.reason, c.disc)
		}
	}

	// Score resets: Ac ≥ 2 and not accepted at one step tighter.
	s := run(SwitchState{}, rep(LotResult{Accepted: true, Ac: 2, AcceptedTighter: true}, 5)...)
	if s.SwitchingScore != 15 {
		t.Fatalf("score %d", s.SwitchingScore)
	}
	if s = s.Next(LotResult{Accepted: true, Ac: 2}); s.SwitchingScore != 0 {
		t.Errorf("score not reset: %d", s.SwitchingScore)
	}
	// A rejection resets the score too.
	s = run(SwitchState{}, acc, acc, rej)
	if s.SwitchingScore != 0 || s.Severity != Normal {
		t.Errorf("%+v", s)
	}
	// Discontinued stays put until resumed; resume is tightened.
	d := run(SwitchState{Severity: Tightened}, rep(rej, 5)...)
	if !d.Discontinued || d.Next(acc).Severity != Tightened || !d.Next(acc).Discontinued {
		t.Errorf("discontinued: %+v", d)
	}
	r := d.Resume()
	if r.Discontinued || r.Severity != Tightened || r.TightenedRejected != 0 || r.Reason != ReasonResumed {
		t.Errorf("resume: %+v", r)
	}
	// Round trip through JSON.
	b, _ := json.Marshal(run(SwitchState{}, acc, rej, acc))
	var back SwitchState
	if err := json.Unmarshal(b, &back); err != nil || fmt.Sprint(back.Next(rej).Severity) != "tightened" {
		t.Errorf("json: %s %v", b, err)
	}
}
