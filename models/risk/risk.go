package risk

import "sort"

// Order and step statuses the engine reads.
var liveStatuses = map[string]bool{"confirmed": true, "in_production": true, "partially_shipped": true}

func openStep(status string) bool { return status == "open" || status == "in_progress" }

// Measured returns the step whose output Evaluate measures: the first step
// by position that counts a quantity and is still open or in progress.
func Measured(steps []Step) (Step, bool) {
	best := -1
	for i, s := range steps {
		if s.QuantityKind != "" && openStep(s.Status) && (best < 0 || s.Position < steps[best].Position) {
			best = i
		}
	}
	if best < 0 {
		return Step{}, false
	}
	return steps[best], true
}

// reasonOrder is the fixed order of reasons, worst first, and the weight
// each adds to the score.
var reasonOrder = []struct {
	code   string
	weight int
}{
	{PastExFactory, 300},
	{InspectionFailed, 250},
	{MaterialFailed, 230},
	{CAPAOverdue, 160},
	{OutputTooSlow, 200},
	{MaterialLate, 180},
	{MilestoneOverdue, 150},
	{SampleNotApproved, 120},
	{DeliveryNotBooked, 100},
	{NoUpdate, 80},
	{PlannedLate, 40},
}

func reasonRank(code string) (rank, weight int) {
	for i, r := range reasonOrder {
		if r.code == code {
			return i, r.weight
		}
	}
	return len(reasonOrder), 0
}

// Score bands and the slack term.
const (
	bandWidth = 1000
	// slackPivot: the slack term is slackPoints × (slackPivot − slack), so
	// a tighter projection scores higher and 50 or more working days of
	// slack add nothing.
	slackPivot  = 50
	slackPoints = 10
	// dayPoints is what one more day adds to a reason measured in days.
	dayPoints = 5
)

// reason is a Reason being collected: its severity points and a tie key
// for the sort within one code.
type reason struct {
	Reason
	points int
	tie    int
}

// Evaluate decides an order's risk level, score, projected ex-factory date,
// slack and reasons. "Today" (T) is in.Now's date in the factory's time
// zone; "working days" follow in.Calendar (weekly days off and holidays);
// a count "from a to b" is the working days after a up to and including b.
// cfg is normalized first (zero thresholds take their defaults).
//
// Order status: shipped, closed and cancelled are Done (score 0, no
// reasons, no projection). Draft, and any status that is not live, is
// OnTrack with score 0, no reasons and no projection. Live orders
// (confirmed, in_production, partially_shipped) are judged as follows; an
// open step is one open or in progress, with a readable planned date.
//
// Reasons:
//   - milestone_overdue {step, name, name_en, days}: an open step planned
//     before T; days = working days from its planned date to T, at least 1.
//   - planned_late {step, name, name_en}: an open step planned before T that
//     was planned late at confirmation (Step.PlannedLate). The factory is
//     not to blame: a planned-late step is never milestone_overdue, never
//     counts towards LateOverdueDays and its output is not judged, so it
//     moves no projection. This holds whatever its date, so that time
//     passing never turns a reason into a milder one; a store that wants a
//     rescheduled step judged again clears the flag.
//   - output_too_slow {step, name, name_en, needed_per_day,
//     observed_per_day, projected_date}: see "Output" below.
//   - sample_not_approved {type, days_to_deadline}: an open step with a
//     SampleType planned at most SampleWindowDays calendar days after T (or
//     before T) while no round of that type is approved or
//     approved_with_comments; days_to_deadline = planned − T in calendar
//     days (negative when past). One reason per type, for its earliest step.
//   - inspection_failed {type, date}: for each inspection type, the latest
//     completed failing inspection (date) has no completed pass of the same
//     type, or of a "reinspection", on or after its date (records carry
//     dates only, so a pass on the same day is taken to be the re-check).
//     A failed reinspection is its own type, cleared by a later passing
//     reinspection. Types are listed ipi, dupro, fri, reinspection, others.
//   - no_update {days}: the order is in_production or partially_shipped
//     and the working days from LastReport (Confirmed when it never
//     reported) to T are at least NoUpdateDays.
//   - delivery_not_booked {days_to_ex_factory}: the ex-factory date is T or
//     at most DeliveryBookDays calendar days after it, and no delivery is
//     requested, confirmed, shipped or received.
//   - past_ex_factory {days}: T is after the ex-factory date; days in
//     calendar days.
//   - material_failed {item}: a material not ready with a failed lot
//     (Material.Failed), one per material in input order.
//   - material_late {item, eta, needed_by}: a material neither ready nor
//     failed with a needed-by date, whose ETA is after it or whose
//     needed-by date is before T; it makes the order Late when T is at
//     least LateOverdueDays working days after the needed-by date.
//
// Output: the measured step is Measured(in.Steps) (Result.Measured). It is
// judged unless it is planned late (its plan cannot be measured against)
// or nothing remains (remaining =
// in.Quantity − QuantityDone). Reports of the step dated after T are
// ignored; each reporting day counts with its highest (cumulative)
// quantity. With fewer than 2 reporting days nothing is measured. Else the
// baseline is the reporting day just before the latest OutputWindowDays
// reporting days, or the first reporting day when there are not more than
// that (its figure accumulated over an unknown time, so it cannot count as
// output): observed per day r = (latest quantity − baseline quantity, at
// least 0) ÷ working days from the baseline day to the latest day (at
// least 1). Today counts as a production day when it is a working day (the
// sweep runs at the start of the factory's day), so: days needed =
// ceil(remaining ÷ r); the step's projected finish F = the days-needed-th
// working day on or after T; working days left = working days on T …
// planned (at least 1 for the per-day figure). A stalled step (r = 0), or
// one whose days needed exceed HorizonDays, is projected at the horizon and
// its projected_date is "". The reason is given when r < remaining ÷ left
// (for a step due on or after T: exactly when F is after its planned
// date); needed_per_day is rounded up and observed_per_day down, so the
// text never shows the factory as fast enough.
//
// Projection: with no evidence (no measured output, no step overdue by
// LateOverdueDays, ex-factory not past) Projected is the ex-factory date,
// SlackDays 0, and the slack rules below do not apply: the plan stands.
// Otherwise Projected is the latest of:
//   - from the measured output: when F is after the step's planned date P,
//     the ex-factory date moved by the working days from P to F; else F plus
//     the plan's working days from P to the ex-factory date (this may be
//     before the ex-factory date: slack);
//   - for each open step overdue by at least LateOverdueDays: the first
//     working day on or after T plus the plan's working days from its
//     planned date to the ex-factory date (a step overdue less than that is
//     within the plan's tolerance, often not yet ticked off, and moves
//     nothing);
//   - T, when the ex-factory date is past.
//
// SlackDays = working days from Projected to the ex-factory date (negative
// when Projected is later). Without an ex-factory date Projected is "" and
// SlackDays 0.
//
// Level: Late if past_ex_factory, or a step (or a late material's
// needed-by date) is overdue by at least LateOverdueDays, or SlackDays < 0
// (with a projection). Else AtRisk if
// there is any reason (planned_late alone is enough), or SlackDays <
// AtRiskSlackDays (with a projection). Else OnTrack.
//
// Score: a band per level, Late 2000–2999, AtRisk 1000–1999, OnTrack 0–999:
// the band's base plus each reason's weight (past_ex_factory 300,
// inspection_failed 250, output_too_slow 200, milestone_overdue 150,
// sample_not_approved 120, delivery_not_booked 100, no_update 80,
// planned_late 40; material_failed 230, material_late 180), plus 5 points
// per day for the day-measured reasons (days overdue, days past, days
// quiet, days inside the sample and delivery windows, working days past a
// late material's needed-by date), plus 10 × (50 − SlackDays) with a projection (never
// below 0), clamped to the band. Every input made worse (a later today, less output, one
// more failure or missing approval) never lowers the score.
//
// Reasons are sorted in the weight order above, worst first; within
// milestone_overdue the most overdue first (then by position), otherwise
// by step position or inspection type.
func Evaluate(in Input, cfg Config) Result {
	switch in.OrderStatus {
	case "shipped", "closed", "cancelled":
		return Result{Level: Done, Reasons: []Reason{}}
	}
	if !liveStatuses[in.OrderStatus] {
		return Result{Level: OnTrack, Reasons: []Reason{}}
	}
	cfg = cfg.Normalize()
	k := in.Calendar.prepare()
	t := k.today(in.Now)
	ex, hasEx := dayNum(in.ExFactory)

	var reasons []reason
	add := func(code string, points, tie int, params map[string]any) {
		reasons = append(reasons, reason{Reason{code, params}, points, tie})
	}
	// lead is the plan's working days from a step's planned date to the
	// ex-factory date.
	lead := func(p int) int {
		if !hasEx {
			return 0
		}
		return max(0, k.between(p, ex))
	}
	projected, projecting := 0, false
	project := func(d int) {
		if !projecting || d > projected {
			projected = d
		}
		projecting = true
	}

	steps := append([]Step(nil), in.Steps...)
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].Position < steps[j].Position })

	approved := map[string]bool{}
	for _, s := range in.Samples {
		if s.Status == "approved" || s.Status == "approved_with_comments" {
			approved[s.Type] = true
		}
	}

	lateOverdue := false
	sampleSeen := map[string]bool{}
	for _, s := range steps {
		p, ok := dayNum(s.Planned)
		if !openStep(s.Status) || !ok {
			continue
		}
		if p < t {
			if s.PlannedLate {
				add(PlannedLate, 0, s.Position, stepParams(s))
			} else {
				days := max(1, k.between(p, t))
				params := stepParams(s)
				params["days"] = days
				add(MilestoneOverdue, dayPoints*days, s.Position-days*100000, params)
				if days >= cfg.LateOverdueDays {
					lateOverdue = true
					project(k.add(k.add(t-1, 1), lead(p)))
				}
			}
		}
		if s.SampleType != "" && !approved[s.SampleType] && !sampleSeen[s.SampleType] && p-t <= cfg.SampleWindowDays {
			sampleSeen[s.SampleType] = true
			dd := p - t
			add(SampleNotApproved, dayPoints*(cfg.SampleWindowDays-dd), s.Position,
				map[string]any{"type": s.SampleType, "days_to_deadline": dd})
		}
	}

	measured, hasMeasured := Measured(steps)
	res := Result{}
	if hasMeasured {
		res.Measured = measured.Code
		if o, ok := measureOutput(in, cfg, k, t, measured); ok {
			if o.slow {
				params := stepParams(measured)
				params["needed_per_day"] = o.needed
				params["observed_per_day"] = o.observed
				params["projected_date"] = ""
				if !o.beyond {
					params["projected_date"] = dayStr(o.finish)
				}
				add(OutputTooSlow, 0, measured.Position, params)
			}
			if hasEx {
				switch p := o.planned; {
				case o.finish > p:
					project(k.add(ex, k.between(p, o.finish)))
				case p <= ex:
					project(k.add(o.finish, lead(p)))
				default:
					project(ex)
				}
			}
		}
	}

	for i, f := range failedInspections(in.Inspections) {
		add(InspectionFailed, 0, i, map[string]any{"type": f.Type, "date": f.Date})
	}

	if in.OrderStatus == "in_production" || in.OrderStatus == "partially_shipped" {
		since := in.LastReport
		if since == "" {
			since = in.Confirmed
		}
		if d, ok := dayNum(since); ok {
			if days := k.between(d, t); days >= cfg.NoUpdateDays {
				add(NoUpdate, dayPoints*days, 0, map[string]any{"days": days})
			}
		}
	}

	for i, m := range in.Materials {
		if m.Ready {
			continue
		}
		if m.Failed {
			add(MaterialFailed, 0, i, map[string]any{"item": m.Item})
			continue
		}
		nb, ok := dayNum(m.NeededBy)
		if !ok {
			continue
		}
		etaLate := false
		if e, ok := dayNum(m.ETA); ok && e > nb {
			etaLate = true
		}
		if !etaLate && nb >= t {
			continue
		}
		days := 0
		if nb < t {
			days = max(1, k.between(nb, t))
			if days >= cfg.LateOverdueDays {
				lateOverdue = true
			}
		}
		add(MaterialLate, dayPoints*days, i, map[string]any{"item": m.Item, "eta": m.ETA, "needed_by": m.NeededBy})
	}

	for _, c := range in.CAPAs {
		if d, ok := dayNum(c.DueDate); ok && d < t {
			add(CAPAOverdue, dayPoints*(t-d), int(c.ID), map[string]any{"capa_id": int(c.ID), "days": t - d})
		}
	}

	past := false
	if hasEx {
		if dd := ex - t; dd >= 0 && dd <= cfg.DeliveryBookDays && !booked(in.Deliveries) {
			add(DeliveryNotBooked, dayPoints*(cfg.DeliveryBookDays-dd), 0, map[string]any{"days_to_ex_factory": dd})
		}
		if t > ex {
			past = true
			add(PastExFactory, 2*dayPoints*(t-ex), 0, map[string]any{"days": t - ex})
			project(t)
		}
	}

	if hasEx {
		if !projecting {
			projected = ex
		}
		res.Projected = dayStr(projected)
		res.SlackDays = k.between(projected, ex)
	} else {
		projecting = false
	}

	switch {
	case past || lateOverdue || (projecting && res.SlackDays < 0):
		res.Level = Late
	case len(reasons) > 0 || (projecting && res.SlackDays < cfg.AtRiskSlackDays):
		res.Level = AtRisk
	default:
		res.Level = OnTrack
	}

	base := map[Level]int{Late: 2 * bandWidth, AtRisk: bandWidth, OnTrack: 0}[res.Level]
	score := base
	for _, r := range reasons {
		_, w := reasonRank(r.Code)
		score += w + r.points
	}
	if projecting {
		// never negative: finding a projection with much slack must not
		// score an order below the same order without one
		score += slackPoints * max(0, slackPivot-res.SlackDays)
	}
	res.Score = min(max(score, base), base+bandWidth-1)

	sort.SliceStable(reasons, func(i, j int) bool {
		ri, _ := reasonRank(reasons[i].Code)
		rj, _ := reasonRank(reasons[j].Code)
		if ri != rj {
			return ri < rj
		}
		return reasons[i].tie < reasons[j].tie
	})
	res.Reasons = make([]Reason, len(reasons))
	for i, r := range reasons {
		res.Reasons[i] = r.Reason
	}
	return res
}

func stepParams(s Step) map[string]any {
	return map[string]any{"step": s.Code, "name": s.Name, "name_en": s.NameEn}
}

func booked(ds []Delivery) bool {
	for _, d := range ds {
		switch d.Status {
		case "requested", "confirmed", "shipped", "received":
			return true
		}
	}
	return false
}

// output is the measurement of the measured step.
type output struct {
	planned  int  // the step's planned date
	finish   int  // projected finish F
	beyond   bool // F is at the horizon: stalled or out of sight
	slow     bool // output_too_slow applies
	needed   int  // per day, rounded up
	observed int  // per day, rounded down
}

func measureOutput(in Input, cfg Config, k *cal, t int, s Step) (output, bool) {
	p, ok := dayNum(s.Planned)
	remaining := in.Quantity - s.QuantityDone
	if !ok || remaining <= 0 || s.PlannedLate {
		return output{}, false
	}
	byDay := map[int]int{}
	for _, r := range in.Reports {
		d, ok := dayNum(r.Date)
		if r.Step != s.Code || !ok || d > t {
			continue
		}
		if q, seen := byDay[d]; !seen || r.Quantity > q {
			byDay[d] = r.Quantity
		}
	}
	if len(byDay) < 2 {
		return output{}, false
	}
	days := make([]int, 0, len(byDay))
	for d := range byDay {
		days = append(days, d)
	}
	sort.Ints(days)
	last := days[len(days)-1]
	first := days[max(0, len(days)-1-cfg.OutputWindowDays)]
	delta := max(0, byDay[last]-byDay[first])
	spanDays := max(1, k.between(first, last))

	o := output{planned: p, observed: delta / spanDays}
	need := cfg.HorizonDays
	if delta > 0 {
		need = ceilDiv(remaining*spanDays, delta)
	}
	if delta == 0 || need > cfg.HorizonDays {
		need, o.beyond = cfg.HorizonDays, true
	}
	o.finish = k.add(t-1, need)
	left := max(1, k.between(t-1, p))
	o.needed = ceilDiv(remaining, left)
	o.slow = delta == 0 || remaining*spanDays > left*delta
	return o, true
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// failedInspections lists, per type, the latest failing completed
// inspection that no pass of its type (or a reinspection) on or after its
// date cleared.
func failedInspections(ins []Inspection) []Inspection {
	latestFail := map[string]Inspection{}
	for _, i := range ins {
		if _, ok := dayNum(i.Date); !ok || i.Status != "completed" || i.Result != "fail" {
			continue
		}
		if f, seen := latestFail[i.Type]; !seen || i.Date > f.Date {
			latestFail[i.Type] = i
		}
	}
	var out []Inspection
	for typ, f := range latestFail {
		cleared := false
		for _, i := range ins {
			if i.Status == "completed" && i.Result == "pass" && (i.Type == typ || i.Type == "reinspection") && i.Date >= f.Date {
				cleared = true
				break
			}
		}
		if !cleared {
			out = append(out, f)
		}
	}
	order := map[string]int{"ipi": 0, "dupro": 1, "fri": 2, "reinspection": 3}
	rank := func(typ string) int {
		if r, ok := order[typ]; ok {
			return r
		}
		return len(order)
	}
	sort.Slice(out, func(i, j int) bool {
		if ri, rj := rank(out[i].Type), rank(out[j].Type); ri != rj {
			return ri < rj
		}
		return out[i].Type < out[j].Type
	})
	return out
}
