// Package aql implements single sampling by attributes after ISO 2859-1
// (= ANSI/ASQ Z1.4 = MIL-STD-105E): the sample size code letters of
// Table 1, the normal, tightened and reduced master tables 2-A, 2-B and
// 2-C with their arrows, and the switching rules of clause 9.
//
// It has no dependencies beyond the standard library and no storage.
package aql

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Level is an inspection level of Table 1.
type Level string

// Inspection levels: the special levels S-1..S-4 and the general levels
// I, II, III.
const (
	LevelS1  Level = "S-1"
	LevelS2  Level = "S-2"
	LevelS3  Level = "S-3"
	LevelS4  Level = "S-4"
	LevelI   Level = "I"
	LevelII  Level = "II"
	LevelIII Level = "III"
)

var levels = []Level{LevelS1, LevelS2, LevelS3, LevelS4, LevelI, LevelII, LevelIII}

// Levels lists the inspection levels in the order of Table 1.
func Levels() []Level { return append([]Level(nil), levels...) }

// Severity is the severity of inspection (clause 9).
type Severity string

// Severities of inspection.
const (
	Normal    Severity = "normal"
	Tightened Severity = "tightened"
	Reduced   Severity = "reduced"
)

// AQL is an acceptance quality limit held exactly, in thousandths of a
// percent (or of nonconformities per 100 items): 0.010 is 10, 2.5 is 2500,
// 1000 is 1000000. Comparing two AQLs is integer comparison.
type AQL int64

// The 26 AQL columns of Tables 2-A to 2-C, with their printed labels.
var aqlColumns = []struct {
	v     AQL
	label string
}{
	{10, "0.010"}, {15, "0.015"}, {25, "0.025"}, {40, "0.040"}, {65, "0.065"},
	{100, "0.10"}, {150, "0.15"}, {250, "0.25"}, {400, "0.40"}, {650, "0.65"},
	{1000, "1.0"}, {1500, "1.5"}, {2500, "2.5"}, {4000, "4.0"}, {6500, "6.5"},
	{10000, "10"}, {15000, "15"}, {25000, "25"}, {40000, "40"}, {65000, "65"},
	{100000, "100"}, {150000, "150"}, {250000, "250"}, {400000, "400"},
	{650000, "650"}, {1000000, "1000"},
}

// AQLs lists the AQL column labels as printed in the standard, lowest
// first.
func AQLs() []string {
	out := make([]string, len(aqlColumns))
	for i, c := range aqlColumns {
		out[i] = c.label
	}
	return out
}

// String gives the label the standard prints for a column value, or the
// plain decimal for any other value.
func (a AQL) String() string {
	for _, c := range aqlColumns {
		if c.v == a {
			return c.label
		}
	}
	s := strconv.FormatInt(int64(a)/1000, 10)
	if f := int64(a) % 1000; f != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%03d", f), "0")
	}
	return s
}

// ParseAQL reads an AQL written as a plain decimal ("2.5", "0.65",
// "0.010", "0.01", "1000", "1.0", "1") and checks that it is one of the
// 26 columns of the tables.
func ParseAQL(s string) (AQL, error) {
	v, ok := parseMilli(strings.TrimSpace(s))
	if !ok {
		return 0, &Error{Field: "aql", Value: s, Err: ErrAQL, Msg: "not a decimal number"}
	}
	if columnOf(v) < 0 {
		return 0, &Error{Field: "aql", Value: s, Err: ErrAQL, Msg: "not an AQL column of ISO 2859-1"}
	}
	return v, nil
}

// parseMilli parses an unsigned decimal with at most three significant
// fraction digits (trailing zeros beyond are allowed) into thousandths.
func parseMilli(s string) (AQL, bool) {
	if s == "" {
		return 0, false
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || (hasDot && frac == "") {
		return 0, false
	}
	for _, r := range intPart + frac {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	if len(intPart) > 9 {
		return 0, false
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > 3 {
		return 0, false
	}
	frac += strings.Repeat("0", 3-len(frac))
	i, err1 := strconv.ParseInt(intPart, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return AQL(i*1000 + f), true
}

func columnOf(v AQL) int {
	for i, c := range aqlColumns {
		if c.v == v {
			return i
		}
	}
	return -1
}

// Sentinel errors; every error this package returns wraps one of them in
// an *Error that names the offending field.
var (
	ErrLotSize  = errors.New("invalid lot size")
	ErrLevel    = errors.New("invalid inspection level")
	ErrAQL      = errors.New("invalid AQL")
	ErrSeverity = errors.New("invalid severity")
	ErrNoPlan   = errors.New("no sampling plan in the table")
)

// Error reports which input was wrong. Field is one of "lot_size",
// "level", "aql", "severity" (or "plan" for ErrNoPlan).
type Error struct {
	Field string
	Value string
	Err   error
	Msg   string
}

func (e *Error) Error() string {
	s := fmt.Sprintf("aql: %s %q: %v", e.Field, e.Value, e.Err)
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// CodeLetter gives the sample size code letter of Table 1. Table 1 starts
// at a lot of 2; a lot of 1 is read in the 2–8 row (Lookup then inspects
// that one item). Lot sizes below 1 are an error; there is no upper bound
// ("500 001 and over").
func CodeLetter(lotSize int, level Level) (string, error) {
	if lotSize < 1 {
		return "", &Error{Field: "lot_size", Value: strconv.Itoa(lotSize), Err: ErrLotSize, Msg: "must be at least 1"}
	}
	li := levelIndex(level)
	if li < 0 {
		return "", &Error{Field: "level", Value: string(level), Err: ErrLevel, Msg: "want one of S-1, S-2, S-3, S-4, I, II, III"}
	}
	for i, r := range table1Ranges {
		if lotSize <= r.max || r.max == 0 {
			return tab1[i][li], nil
		}
	}
	panic("unreachable")
}

func levelIndex(l Level) int {
	for i, x := range levels {
		if x == l {
			return i
		}
	}
	return -1
}

// Plan is the single sampling plan to apply to one lot.
type Plan struct {
	CodeLetter string   `json:"code_letter"` // letter from Table 1
	PlanLetter string   `json:"plan_letter"` // row actually used after following arrows
	Severity   Severity `json:"severity"`
	AQL        string   `json:"aql"`         // column label, e.g. "0.65"
	SampleSize int      `json:"sample_size"` // items to inspect (lot size when Full)
	Ac         int      `json:"ac"`          // accept if nonconforming ≤ Ac
	Re         int      `json:"re"`          // reject if nonconforming ≥ Re
	// Full is true when the plan's sample size equals or exceeds the lot
	// size: the whole lot is inspected (SampleSize = lot size) and judged
	// with the Ac/Re of the plan reached, as the note to Tables 2-A to 2-C
	// says ("if sample size equals or exceeds lot size, carry out 100 %
	// inspection"). Note that for nonconformities per 100 items the
	// count may exceed the number of items.
	Full bool `json:"full"`
	// PlanSampleSize is the sample size printed for PlanLetter.
	PlanSampleSize int `json:"plan_sample_size"`
}

// Lookup finds the plan for a lot: the code letter from Table 1, then the
// cell of Table 2-A, 2-B or 2-C for that letter and AQL, following arrows
// to the first row with a plan in the arrow's direction; the sample size
// and Ac/Re are that row's.
func Lookup(lotSize int, level Level, aql string, sev Severity) (Plan, error) {
	letter, err := CodeLetter(lotSize, level)
	if err != nil {
		return Plan{}, err
	}
	a, err := ParseAQL(aql)
	if err != nil {
		return Plan{}, err
	}
	p, err := PlanFor(letter, a, sev)
	if err != nil {
		return Plan{}, err
	}
	if p.SampleSize >= lotSize {
		p.SampleSize = lotSize
		p.Full = true
	}
	return p, nil
}

// PlanFor resolves the table cell for a code letter (A..R) and AQL under
// a severity, following arrows. It knows nothing of the lot size, so Full
// is never set.
func PlanFor(letter string, a AQL, sev Severity) (Plan, error) {
	t, ok := tables[sev]
	if !ok {
		return Plan{}, &Error{Field: "severity", Value: string(sev), Err: ErrSeverity, Msg: "want normal, tightened or reduced"}
	}
	col := columnOf(a)
	if col < 0 {
		return Plan{}, &Error{Field: "aql", Value: a.String(), Err: ErrAQL, Msg: "not an AQL column of ISO 2859-1"}
	}
	row := -1
	for i, l := range t.letters {
		if l == letter && l != "S" { // S is no code letter of Table 1
			row = i
		}
	}
	if row < 0 {
		return Plan{}, &Error{Field: "code_letter", Value: letter, Err: ErrLotSize, Msg: "not a code letter of Table 1"}
	}
	noPlan := &Error{Field: "plan", Value: letter + "@" + a.String(), Err: ErrNoPlan, Msg: string(sev) + " table"}
	r := row
	c := t.cells[r][col]
	switch c.kind {
	case down:
		for r++; r < len(t.cells) && t.cells[r][col].kind == down; r++ {
		}
	case up:
		for r--; r >= 0 && t.cells[r][col].kind == up; r-- {
		}
	}
	if r < 0 || r >= len(t.cells) || t.cells[r][col].kind != plan {
		return Plan{}, noPlan
	}
	c = t.cells[r][col]
	n := t.sizes[t.letters[r]]
	return Plan{
		CodeLetter: letter, PlanLetter: t.letters[r], Severity: sev, AQL: a.String(),
		SampleSize: n, PlanSampleSize: n, Ac: c.ac, Re: c.re,
	}, nil
}
