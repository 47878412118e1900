package models

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"gendan/models/aql"
)

// The rules of an inspection that need no database: its sampling plans,
// the cartons to open, how defective units are counted and the verdict.
// They are pure functions so that a table test can pin each one.

// Defect severities, most serious first.
const (
	SevCritical = "critical"
	SevMajor    = "major"
	SevMinor    = "minor"
)

// Severities lists the defect severities, most serious first.
var Severities = []string{SevCritical, SevMajor, SevMinor}

func severityRank(s string) int {
	switch s {
	case SevCritical:
		return 3
	case SevMajor:
		return 2
	case SevMinor:
		return 1
	}
	return 0
}

// ZeroAQL is the AQL of a severity of which no defect is accepted (the
// default for critical defects): the plan accepts 0 and rejects at 1 on the
// inspection's sample.
const ZeroAQL = "0"

// InspectionPlans is the sampling of one inspection: a plan per severity
// and the one sample that serves them all.
type InspectionPlans struct {
	Plans      map[string]aql.Plan `json:"plans"`
	SampleSize int                 `json:"sample_size"`
	Full       bool                `json:"full"`
}

// PlanInspection computes each severity's plan for a lot from ISO 2859-1
// (models/aql), then applies the field rule that where the severities'
// sample sizes differ, the largest sample serves all: a severity whose own
// plan is smaller is judged with the Ac/Re of its AQL at the largest plan's
// row when that cell (after arrows) has that sample size, and with its own
// Ac/Re otherwise (the same acceptance number on more units is the
// stricter reading). A severity at AQL 0 accepts no defect on that sample.
// Errors are 422s naming the aql_<severity> field.
func PlanInspection(lotSize int, level aql.Level, sev aql.Severity, aqls map[string]string) (InspectionPlans, error) {
	out := InspectionPlans{Plans: map[string]aql.Plan{}}
	letter, err := aql.CodeLetter(lotSize, level)
	if err != nil {
		return out, aqlProblem(err, "")
	}
	var largest *aql.Plan
	for _, s := range Severities {
		a := aqls[s]
		if a == ZeroAQL {
			continue
		}
		p, err := aql.Lookup(lotSize, level, a, sev)
		if err != nil {
			return out, aqlProblem(err, "aql_"+s)
		}
		out.Plans[s] = p
		if largest == nil || p.SampleSize > largest.SampleSize {
			cp := p
			largest = &cp
		}
	}
	if largest == nil {
		n, ok := aql.SampleSize(sev, letter)
		if !ok {
			return out, Invalid("aql_"+SevMajor, "aql_no_plan")
		}
		full := n >= lotSize
		if full {
			n = lotSize
		}
		largest = &aql.Plan{CodeLetter: letter, PlanLetter: letter, Severity: sev, SampleSize: n, PlanSampleSize: n, Full: full}
	}
	out.SampleSize, out.Full = largest.SampleSize, largest.Full
	for _, s := range Severities {
		p, ok := out.Plans[s]
		if !ok {
			out.Plans[s] = aql.Plan{CodeLetter: letter, PlanLetter: largest.PlanLetter, Severity: sev, AQL: ZeroAQL,
				SampleSize: largest.SampleSize, PlanSampleSize: largest.PlanSampleSize, Ac: 0, Re: 1, Full: largest.Full}
			continue
		}
		if p.SampleSize == largest.SampleSize {
			continue
		}
		a, _ := aql.ParseAQL(p.AQL)
		if q, err := aql.PlanFor(largest.PlanLetter, a, sev); err == nil && q.PlanSampleSize == largest.PlanSampleSize {
			p.Ac, p.Re, p.PlanLetter = q.Ac, q.Re, q.PlanLetter
		}
		p.SampleSize, p.PlanSampleSize, p.Full = largest.SampleSize, largest.PlanSampleSize, largest.Full
		out.Plans[s] = p
	}
	return out, nil
}

// aqlProblem turns an error of the aql package into a 422 on field (or the
// error's own field when field is empty).
func aqlProblem(err error, field string) error {
	var e *aql.Error
	if !errors.As(err, &e) {
		return err
	}
	if field == "" {
		field = e.Field
	}
	switch {
	case errors.Is(err, aql.ErrNoPlan):
		return Invalid(field, "aql_no_plan")
	case errors.Is(err, aql.ErrAQL):
		return Invalid(field, "one_of", "allowed", ZeroAQL+", "+strings.Join(aql.AQLs(), ", "))
	case errors.Is(err, aql.ErrLevel):
		return Invalid("level", "one_of", "allowed", LevelsAllowed)
	case errors.Is(err, aql.ErrLotSize):
		return Invalid("lot_size", "out_of_range", "min", 1, "max", MaxLotSize)
	}
	return err
}

// MaxLotSize bounds a lot: Table 1's last row is "500 001 and over"; ten
// million units in one inspection lot is past any real one.
const MaxLotSize = 10_000_000

// LevelsAllowed is the "allowed" parameter of a bad inspection level.
var LevelsAllowed = func() string {
	ls := aql.Levels()
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = string(l)
	}
	return strings.Join(out, ", ")
}()

// CartonsToOpen is the number of cartons to draw the sample from: the
// square root of the shipment's cartons, rounded up (the field rule).
func CartonsToOpen(total int) int {
	if total <= 0 {
		return 0
	}
	n := int(math.Ceil(math.Sqrt(float64(total))))
	for n*n < total { // guard against float rounding down
		n++
	}
	for n > 1 && (n-1)*(n-1) >= total {
		n--
	}
	return n
}

// Defect is one line of an inspection's defects: count defects of a code
// found. Piece names one sample unit: lines with the same piece are one
// defective unit. Lines without a piece are count units each.
type Defect struct {
	Code     string  `json:"code"`
	Severity string  `json:"severity"`
	Count    int     `json:"count"`
	Piece    string  `json:"piece"`
	PhotoIDs []int64 `json:"photo_ids"`
}

// Measurement is one point of measure: the spec, the tolerance either way
// and the value measured on each sample piece (Values[i] is piece i+1).
type Measurement struct {
	Point     string    `json:"point"`
	Spec      float64   `json:"spec"`
	Tolerance float64   `json:"tolerance"`
	Unit      string    `json:"unit"`
	Values    []float64 `json:"values"`
}

// Out reports whether a measured value is outside spec ± tolerance.
func (m Measurement) Out(v float64) bool {
	const eps = 1e-9
	return v < m.Spec-m.Tolerance-eps || v > m.Spec+m.Tolerance+eps
}

// OutOfTolerance counts the values outside spec ± tolerance.
func (m Measurement) OutOfTolerance() int {
	n := 0
	for _, v := range m.Values {
		if m.Out(v) {
			n++
		}
	}
	return n
}

// Check kinds.
const (
	CheckCartonCount = "carton_count"
	CheckPacking     = "packing"
	CheckLabelling   = "labelling"
	CheckMarking     = "marking"
	CheckOther       = "other"
)

// CheckKinds lists the check kinds.
var CheckKinds = []string{CheckCartonCount, CheckPacking, CheckLabelling, CheckMarking, CheckOther}

// Check is one pass/fail check of an inspection.
type Check struct {
	Kind     string  `json:"kind"`
	Passed   bool    `json:"passed"`
	Note     string  `json:"note"`
	PhotoIDs []int64 `json:"photo_ids"`
}

// Findings is what an inspector records.
type Findings struct {
	Defects      []Defect      `json:"defects"`
	Measurements []Measurement `json:"measurements"`
	Checks       []Check       `json:"checks"`
	PhotoIDs     []int64       `json:"photo_ids"`
}

// MeasurementPiece is the piece label of measured piece i (0-based): the
// same label on a defect line makes it the same unit.
func MeasurementPiece(i int) string { return strconv.Itoa(i + 1) }

// DefectiveUnits counts the defective units per severity: a unit counts
// once, under its most serious defect. A piece with a value out of
// tolerance has a major defect.
func DefectiveUnits(f Findings) map[string]int {
	out := map[string]int{SevCritical: 0, SevMajor: 0, SevMinor: 0}
	pieces := map[string]int{} // piece → most serious rank
	mark := func(piece, sev string) {
		if r := severityRank(sev); r > pieces[piece] {
			pieces[piece] = r
		}
	}
	for _, d := range f.Defects {
		if d.Count <= 0 || severityRank(d.Severity) == 0 {
			continue
		}
		if p := strings.TrimSpace(d.Piece); p != "" {
			mark(p, d.Severity)
			continue
		}
		out[d.Severity] += d.Count
	}
	for _, m := range f.Measurements {
		for i, v := range m.Values {
			if m.Out(v) {
				mark(MeasurementPiece(i), SevMajor)
			}
		}
	}
	for _, r := range pieces {
		out[Severities[3-r]]++
	}
	return out
}

// Inspection results.
const (
	ResultPass = "pass"
	ResultFail = "fail"
)

// Verdict is pass when every severity's defective units are at most its
// plan's Ac and every check passed.
func Verdict(plans map[string]aql.Plan, found map[string]int, checks []Check) string {
	for _, s := range Severities {
		if found[s] > plans[s].Ac {
			return ResultFail
		}
	}
	for _, c := range checks {
		if !c.Passed {
			return ResultFail
		}
	}
	return ResultPass
}
