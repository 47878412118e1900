// Package risk decides how likely an order is to miss its ex-factory date,
// and why: a pure function of the order's plan, the factory's reports,
// samples, inspections and deliveries, the factory's working calendar and
// an injected "now". It reads no database and no clock; models/risk_store.go
// loads its inputs and stores its result on the order.
package risk

import "time"

// Level is the headline a merchandiser reads.
type Level string

// Levels, from best to worst. Done is a shipped, closed or cancelled order.
const (
	OnTrack Level = "on_track"
	AtRisk  Level = "at_risk"
	Late    Level = "late"
	Done    Level = "done"
)

// Levels lists the levels in display order.
var Levels = []Level{Late, AtRisk, OnTrack, Done}

// Reason codes. Each reason carries the parameters its text needs; the
// PWA translates the code (risk.reason.<code>) with them.
const (
	// MilestoneOverdue {step, name, name_en, days}: an open step's planned
	// date is days working days behind the factory's today.
	MilestoneOverdue = "milestone_overdue"
	// OutputTooSlow {step, name, name_en, needed_per_day, observed_per_day,
	// projected_date}: at the observed daily output the step finishes
	// after its planned date.
	OutputTooSlow = "output_too_slow"
	// SampleNotApproved {type, days_to_deadline}: a sample the plan needs
	// is not approved and its step is due within SampleWindowDays.
	SampleNotApproved = "sample_not_approved"
	// InspectionFailed {type, date}: the latest inspection of a type failed
	// and no later one passed.
	InspectionFailed = "inspection_failed"
	// NoUpdate {days}: an order in production has had no report for days
	// working days.
	NoUpdate = "no_update"
	// DeliveryNotBooked {days_to_ex_factory}: the ex-factory date is within
	// DeliveryBookDays and no delivery is booked.
	DeliveryNotBooked = "delivery_not_booked"
	// PastExFactory {days}: the ex-factory date passed days calendar days
	// ago and the order is not shipped.
	PastExFactory = "past_ex_factory"
	// PlannedLate {step, name, name_en}: the order was confirmed with this
	// step already in the past (Milestone.PlannedLate).
	PlannedLate = "planned_late"
	// MaterialLate {item, eta, needed_by}: a material not ready whose
	// latest ETA is after the date it is needed by, or whose needed-by
	// date passed (eta "" when no PO gives one).
	MaterialLate = "material_late"
	// MaterialFailed {item}: a lot of a material failed inspection and no
	// concession accepted it; the material is not ready.
	MaterialFailed = "material_failed"
	// CAPAOverdue {capa_id, days}: a corrective action of the order is
	// still open days calendar days after its due date (docs/AFTERSALES.md).
	CAPAOverdue = "capa_overdue"
)

// Codes lists every reason code.
var Codes = []string{MilestoneOverdue, OutputTooSlow, SampleNotApproved, InspectionFailed, NoUpdate,
	DeliveryNotBooked, PastExFactory, PlannedLate, MaterialLate, MaterialFailed, CAPAOverdue}

// Config holds the thresholds; DefaultConfig documents the defaults.
type Config struct {
	// OutputWindowDays is how many of the latest reporting days the
	// observed daily output is measured over (7).
	OutputWindowDays int
	// NoUpdateDays is how many working days without a report make an order
	// in production quiet (3).
	NoUpdateDays int
	// SampleWindowDays: a sample not approved whose step is planned within
	// this many calendar days is a reason (7).
	SampleWindowDays int
	// DeliveryBookDays: within this many calendar days of the ex-factory
	// date an order should have a delivery booked (10).
	DeliveryBookDays int
	// AtRiskSlackDays: a projected ex-factory date fewer than this many
	// working days before the ex-factory date makes the order at risk (2).
	AtRiskSlackDays int
	// LateOverdueDays: a step overdue by at least this many working days
	// makes the order late (10).
	LateOverdueDays int
	// HorizonDays: an output projection beyond this many working days is
	// out of sight; a stalled step is projected at the horizon (250).
	HorizonDays int
}

// Calendar is a factory's working calendar: its time zone, weekly days off
// and holidays. Dates are YYYY-MM-DD on the factory's calendar.
type Calendar struct {
	Zone     *time.Location // nil means UTC
	DaysOff  []time.Weekday // weekly days off
	Holidays []DateRange    // inclusive ranges
}

// DateRange is an inclusive range of dates.
type DateRange struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Step is one milestone of the order's plan.
type Step struct {
	Code         string
	Name         string
	NameEn       string
	Position     int
	Status       string // open, in_progress, done, cancelled, not_applicable
	Planned      string
	Baseline     string
	Actual       string // "" until done
	QuantityKind string // "", cut, sewn, packed, produced
	QuantityDone int
	SampleType   string // the sample whose approval completes the step, or ""
	PlannedLate  bool
}

// Report is one progress report with a quantity: the step's cumulative
// quantity on a date.
type Report struct {
	Step     string // the step's code
	Date     string
	Quantity int
}

// Sample is one sample round.
type Sample struct {
	Type    string
	RoundNo int
	Status  string // pending, approved, approved_with_comments, rejected
}

// Inspection is one inspection of the order.
type Inspection struct {
	Type   string // ipi, dupro, fri, reinspection
	Status string // requested, confirmed, completed, cancelled
	Result string // pass, fail, "" until completed
	Date   string
}

// Delivery is one delivery booking of the order.
type Delivery struct {
	Status   string // requested, confirmed, shipped, received, rejected, cancelled
	Date     string
	Quantity int
}

// Material is one material requirement line of the order, as readiness
// judged it (models/material_ready.go).
type Material struct {
	Item     string // its name
	NeededBy string // "" when not set
	ETA      string // the latest expected arrival of what is still to come, ""
	Ready    bool   // passed inspection in the quantity needed
	Failed   bool   // a lot failed inspection, no concession
}

// CAPA is an open corrective action of the order.
type CAPA struct {
	ID      int64
	DueDate string // "" when none
}

// Input is everything Evaluate looks at.
type Input struct {
	OrderStatus string // draft, confirmed, in_production, partially_shipped, shipped, closed, cancelled
	ExFactory   string
	Quantity    int // the order's total quantity
	Steps       []Step
	// Reports are the quantity reports of the last weeks (at least the
	// OutputWindowDays latest reporting days of each quantity step).
	Reports []Report
	// LastReport is the date of the factory's latest report of any kind,
	// "" when it never reported; Confirmed is the date the order was
	// confirmed (the start of "quiet" when it never reported).
	LastReport  string
	Confirmed   string
	Samples     []Sample
	Inspections []Inspection
	Deliveries  []Delivery
	// Materials are the order's material requirement lines.
	Materials []Material
	// CAPAs are the order's corrective actions not yet done.
	CAPAs    []CAPA
	Calendar Calendar
	Now      time.Time
}

// Reason is one cause of risk: a code and the parameters of its text.
type Reason struct {
	Code   string         `json:"code"`
	Params map[string]any `json:"params"`
}

// Result is Evaluate's answer.
type Result struct {
	Level Level
	// Score sorts orders worst first: every late order above every at-risk
	// one above every on-track one; within a level, more and worse reasons
	// and fewer days of slack score higher. Done orders score 0.
	Score int
	// Projected is the projected ex-factory date ("" when there is nothing
	// to project from, e.g. done orders).
	Projected string
	// SlackDays is the working days between Projected and the ex-factory
	// date, negative when Projected is later.
	SlackDays int
	// Reasons, worst first.
	Reasons []Reason
	// Measured is the code of the quantity step whose output the engine
	// measured (see Measured), "" when none: the order's output chart.
	Measured string
}
