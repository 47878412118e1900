package models

import (
	"testing"

	"gendan/models/aql"
)

func defaults() map[string]string {
	return map[string]string{SevCritical: "0", SevMajor: "2.5", SevMinor: "4.0"}
}

type planWant struct{ n, ac, re int }

// Expected plans are read off ISO 2859-1 Tables 1 and 2-A by hand, not
// from models/aql.
func TestPlanInspection(t *testing.T) {
	cases := []struct {
		name   string
		lot    int
		aqls   map[string]string
		sample int
		want   map[string]planWant
	}{
		// 1 200 at level II is J (80): 2.5 → 5/6, 4.0 → 7/8; critical 0/1.
		{"defaults J", 1200, defaults(), 80, map[string]planWant{
			SevCritical: {80, 0, 1}, SevMajor: {80, 5, 6}, SevMinor: {80, 7, 8}}},
		// 5 000 is L (200): 2.5 → 10/11, 4.0 → 14/15.
		{"defaults L", 5000, defaults(), 200, map[string]planWant{
			SevCritical: {200, 0, 1}, SevMajor: {200, 10, 11}, SevMinor: {200, 14, 15}}},
		// 80 is E (13). Major 2.5 at E is an arrow down to F (20) 1/2;
		// minor 4.0 at E is 1/2 on 13. The larger sample (20, row F) serves
		// both, and minor is judged at F's 4.0 cell: 2/3.
		{"larger sample serves both", 80, defaults(), 20, map[string]planWant{
			SevCritical: {20, 0, 1}, SevMajor: {20, 1, 2}, SevMinor: {20, 2, 3}}},
		// 10 is B (3). Major 1.0 at B points down to E's 0/1 on 13, which
		// is past the lot: inspect all 10. Minor 4.0 is B's 0/1 on 3; the
		// larger sample is row E's, where 4.0 is 1/2.
		{"100 % when the sample reaches the lot", 10, map[string]string{SevCritical: "0", SevMajor: "1.0", SevMinor: "4.0"}, 10,
			map[string]planWant{SevCritical: {10, 0, 1}, SevMajor: {10, 0, 1}, SevMinor: {10, 1, 2}}},
		// 500 is H (50). Major 1.0 at H is 1/2 on 50; minor 6.5 at H is 7/8.
		{"own plans when the samples agree", 500, map[string]string{SevCritical: "0", SevMajor: "1.0", SevMinor: "6.5"}, 50,
			map[string]planWant{SevCritical: {50, 0, 1}, SevMajor: {50, 1, 2}, SevMinor: {50, 7, 8}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := PlanInspection(c.lot, aql.LevelII, aql.Normal, c.aqls)
			if err != nil {
				t.Fatal(err)
			}
			if p.SampleSize != c.sample {
				t.Errorf("sample size %d, want %d", p.SampleSize, c.sample)
			}
			for sev, w := range c.want {
				got := p.Plans[sev]
				if got.SampleSize != w.n || got.Ac != w.ac || got.Re != w.re {
					t.Errorf("%s: n=%d Ac=%d Re=%d, want n=%d Ac=%d Re=%d", sev, got.SampleSize, got.Ac, got.Re, w.n, w.ac, w.re)
				}
			}
		})
	}
	if _, err := PlanInspection(100, aql.LevelII, aql.Normal, map[string]string{SevCritical: "0", SevMajor: "3", SevMinor: "4.0"}); err == nil {
		t.Error("AQL 3 is no column of the tables, want an error")
	} else if v, ok := err.(*ValidationError); !ok || v.Fields["aql_major"].Code != "one_of" {
		t.Errorf("err = %v, want a 422 on aql_major", err)
	}
	// All at 0: the code letter's sample (1 200 → J, 80), 0/1 each.
	p, err := PlanInspection(1200, aql.LevelII, aql.Normal, map[string]string{SevCritical: "0", SevMajor: "0", SevMinor: "0"})
	if err != nil || p.SampleSize != 80 || p.Plans[SevMinor].Ac != 0 || p.Plans[SevMinor].Re != 1 {
		t.Errorf("all zero: %+v, %v", p, err)
	}
}

func TestCartonsToOpen(t *testing.T) {
	for total, want := range map[int]int{0: 0, 1: 1, 2: 2, 4: 2, 5: 3, 9: 3, 10: 4, 99: 10, 100: 10, 101: 11, 1_000_000: 1000} {
		if got := CartonsToOpen(total); got != want {
			t.Errorf("CartonsToOpen(%d) = %d, want %d", total, got, want)
		}
	}
}

func TestDefectiveUnits(t *testing.T) {
	cases := []struct {
		name string
		f    Findings
		want [3]int // critical, major, minor
	}{
		{"unlabelled lines are units each", Findings{Defects: []Defect{
			{Code: "stain", Severity: SevMajor, Count: 3}, {Code: "loose_thread", Severity: SevMinor, Count: 2}}}, [3]int{0, 3, 2}},
		{"one piece counts once under its most serious defect", Findings{Defects: []Defect{
			{Code: "stain", Severity: SevMajor, Count: 1, Piece: "7"},
			{Code: "loose_thread", Severity: SevMinor, Count: 4, Piece: "7"},
			{Code: "broken_needle", Severity: SevCritical, Count: 1, Piece: "7"},
			{Code: "loose_thread", Severity: SevMinor, Count: 1, Piece: "8"}}}, [3]int{1, 0, 1}},
		{"a piece out of tolerance is a major unit, once", Findings{
			Defects: []Defect{{Code: "loose_thread", Severity: SevMinor, Count: 1, Piece: "2"}},
			Measurements: []Measurement{
				{Point: "chest", Spec: 50, Tolerance: 1, Values: []float64{50.5, 51.5, 49, 48.9}},
				{Point: "length", Spec: 70, Tolerance: 1, Values: []float64{70, 72}},
			}}, [3]int{0, 2, 0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := DefectiveUnits(c.f)
			if got[SevCritical] != c.want[0] || got[SevMajor] != c.want[1] || got[SevMinor] != c.want[2] {
				t.Errorf("got %v, want critical %d major %d minor %d", got, c.want[0], c.want[1], c.want[2])
			}
		})
	}
}

func TestVerdict(t *testing.T) {
	plans, err := PlanInspection(1200, aql.LevelII, aql.Normal, defaults()) // J: major 5/6, minor 7/8, critical 0/1
	if err != nil {
		t.Fatal(err)
	}
	pass := []Check{{Kind: CheckPacking, Passed: true}}
	cases := []struct {
		name                  string
		critical, major, minr int
		checks                []Check
		want                  string
	}{
		{"major at Ac passes", 0, 5, 0, pass, ResultPass},
		{"major at Ac+1 fails", 0, 6, 0, pass, ResultFail},
		{"minor at Ac passes", 0, 0, 7, pass, ResultPass},
		{"minor at Ac+1 fails", 0, 0, 8, pass, ResultFail},
		{"any critical fails at AQL 0", 1, 0, 0, pass, ResultFail},
		{"a failed check fails", 0, 0, 0, []Check{{Kind: CheckLabelling, Passed: false}}, ResultFail},
		{"nothing found passes", 0, 0, 0, nil, ResultPass},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			found := map[string]int{SevCritical: c.critical, SevMajor: c.major, SevMinor: c.minr}
			if got := Verdict(plans.Plans, found, c.checks); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
	// The most-serious rule decides: one piece with a major and a minor
	// defect, plus five other major units, is six major units — a fail at
	// Ac 5 — and no minor unit.
	f := Findings{Defects: []Defect{{Code: "stain", Severity: SevMajor, Count: 5},
		{Code: "hole", Severity: SevMajor, Count: 1, Piece: "1"}, {Code: "loose_thread", Severity: SevMinor, Count: 1, Piece: "1"}}}
	if got := Verdict(plans.Plans, DefectiveUnits(f), nil); got != ResultFail {
		t.Errorf("most-serious rule: got %s, want fail", got)
	}
}

func TestSuggestInspection(t *testing.T) {
	o := &Order{ID: 1, TotalQuantity: 1000, ExFactoryDate: "2026-12-30"}
	steps := func(sewn, packed int) []Milestone {
		return []Milestone{{Code: "sewing", QuantityKind: "sewn", QuantityDone: sewn},
			{Code: "packing", QuantityKind: "packed", QuantityDone: packed},
			{Code: FinalInspectionStep, PlannedDate: "2026-12-27"}}
	}
	failed := Inspection{ID: 9, Type: InspFRI, Status: InspCompleted, Result: ResultFail, Date: "2026-12-01"}
	cases := []struct {
		name     string
		ms       []Milestone
		existing []Inspection
		typ      string
		date     string
	}{
		{"nothing produced: FRI on its planned date", steps(0, 0), nil, InspFRI, "2026-12-27"},
		{"15 % produced: IPI", steps(150, 0), nil, InspIPI, "2026-12-03"},
		{"45 % produced: DUPRO", steps(450, 0), nil, InspDUPRO, "2026-12-03"},
		{"45 % with a DUPRO booked: FRI planned", steps(450, 0), []Inspection{{Type: InspDUPRO, Status: InspConfirmed}}, InspFRI, "2026-12-27"},
		{"all sewn, 80 % packed: FRI now", steps(1000, 800), nil, InspFRI, "2026-12-03"},
		{"all sewn, 70 % packed: not yet", steps(1000, 700), []Inspection{{Type: InspDUPRO, Status: InspCompleted}}, InspFRI, "2026-12-27"},
		{"a failed FRI: re-inspection", steps(1000, 1000), []Inspection{failed}, InspReinspection, "2026-12-03"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := suggestInspection(o, c.ms, c.existing, "2026-12-02")
			if got.Type != c.typ || got.Date != c.date {
				t.Errorf("got %s on %s (%s), want %s on %s", got.Type, got.Date, got.Reason, c.typ, c.date)
			}
		})
	}
}
