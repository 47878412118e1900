package models

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"
)

// Supplier scorecards (docs/RISK.md, "Scorecards"): how a factory delivered,
// sampled, passed final inspection, reported and needed chasing over a
// period, in totals and per month.
//
// Which orders: those of the supplier (orders.supplier_id), neither draft
// nor cancelled, whose BASELINE ex-factory date (the first committed one,
// kept forever) falls in [from, to]. The baseline, not the latest agreed
// date, picks the orders and their month, so that moving a date later can
// neither take a late order out of a period nor into a kinder month: a
// factory cannot improve a period's figures by asking for new dates. Every
// row counted (deliveries, sample rounds, inspections, reports, chases)
// must also carry the order's current supplier, so an earlier factory's
// work on a moved order is not held against this one.
//
// The figures (each rate is numerator ÷ denominator, pct null when the
// denominator is 0; each average total ÷ count, null when count is 0):
//
//   - goods left: the earliest shipped date of the order's deliveries, or
//     the actual date of its done ex_factory step, whichever is earlier.
//   - on_time_baseline / on_time_latest: against the baseline date and the
//     latest agreed date (orders.ex_factory_date). An order whose goods left
//     is on time when they left on or before the date, else late; one not
//     shipped is late once the date is before the supplier's today, and is
//     not counted while the date is today or later.
//   - date_changes: revisions of the order (order_revisions, written for
//     each change of a confirmed order) whose changes include
//     ex_factory_date, per order of the period.
//   - days_late: calendar days from the latest agreed date to the day the
//     goods left, among orders shipped after it.
//   - sample_first_round: decided first rounds (round_no 1, any sample
//     type) approved or approved with comments ÷ decided first rounds.
//   - fri_first_pass: orders whose first completed final inspection (type
//     fri, by completion time) passed ÷ orders with a completed one.
//   - reporting: production days with at least one progress report ÷
//     production days. An order's production days are the factory's
//     working days (its calendar: weekly days off and holidays, PATCH
//     /suppliers/:id) from the order's first report up to, not including,
//     the day its goods left, or today when they have not.
//   - chases: chase logs about the order, per order of the period.
//
//   - complaint_rate (after-sales): the complaints' affected quantity ÷ the
//     shipped quantity (shipped deliveries' shipped_quantity).
//   - return_rate: the quantity of return resolutions not cancelled ÷ the
//     shipped quantity.
//   - cost_of_poor_quality: the chargeback amounts of resolutions not
//     cancelled, summed per order currency (sorted by currency; two
//     decimals).
//   - capa_on_time: verified CAPAs of the orders done (done_at, on the
//     supplier's calendar) on or before their due date (none: on time) ÷
//     verified CAPAs.
//   - replacements: replacement orders (orders.replacement_of set) of the
//     period. They are counted here only: every other figure is of the
//     normal orders, so a re-production neither dilutes nor worsens the
//     on-time figures.
//
// Months: the same figures per calendar month (YYYY-MM) of the baseline
// date, every month of the range listed, empty ones too.

// MaxScorecardDays bounds a scorecard's range: three years.
const MaxScorecardDays = 1096

// Rate is a share: numerator of denominator, and the percentage with one
// decimal (nil when the denominator is 0).
type Rate struct {
	Numerator   int      `json:"numerator"`
	Denominator int      `json:"denominator"`
	Pct         *float64 `json:"pct"`
}

func rate(n, d int) Rate {
	r := Rate{Numerator: n, Denominator: d}
	if d > 0 {
		p := math.Round(1000*float64(n)/float64(d)) / 10
		r.Pct = &p
	}
	return r
}

// Average is a total over a count, and their ratio with two decimals (nil
// when the count is 0).
type Average struct {
	Total   int      `json:"total"`
	Count   int      `json:"count"`
	Average *float64 `json:"average"`
}

func average(total, count int) Average {
	a := Average{Total: total, Count: count}
	if count > 0 {
		v := math.Round(100*float64(total)/float64(count)) / 100
		a.Average = &v
	}
	return a
}

// ScorecardFigures are the figures of a set of orders (see above).
type ScorecardFigures struct {
	Orders           int     `json:"orders"`
	OnTimeBaseline   Rate    `json:"on_time_baseline"`
	OnTimeLatest     Rate    `json:"on_time_latest"`
	DateChanges      Average `json:"date_changes"`
	DaysLate         Average `json:"days_late"`
	SampleFirstRound Rate    `json:"sample_first_round"`
	FRIFirstPass     Rate    `json:"fri_first_pass"`
	Reporting        Rate    `json:"reporting"`
	Chases           Average `json:"chases"`
	// After-sales (part C).
	ComplaintRate     Rate          `json:"complaint_rate"`
	ReturnRate        Rate          `json:"return_rate"`
	CostOfPoorQuality []MoneyAmount `json:"cost_of_poor_quality"`
	CAPAOnTime        Rate          `json:"capa_on_time"`
	Replacements      int           `json:"replacements"`
}

// MoneyAmount is a sum in one currency (two decimals).
type MoneyAmount struct {
	Currency string `json:"currency"`
	Amount   string `json:"amount"`
}

// ScorecardMonth is the figures of the orders of one baseline month.
type ScorecardMonth struct {
	Month string `json:"month"` // YYYY-MM
	ScorecardFigures
}

// Scorecard is a supplier's figures over [From, To].
type Scorecard struct {
	SupplierID int64
	From, To   string
	Today      string // the supplier's today, which "late" is counted on
	Totals     ScorecardFigures
	Months     []ScorecardMonth
	// OpenCAPAs is how many of the supplier's corrective actions are not
	// verified now (after-sales; whatever the range).
	OpenCAPAs int
}

// ScorecardRange checks a scorecard's range, filling what is missing: to
// defaults to today, from to the first day of the month eleven months
// before to (twelve calendar months, the last one up to to).
func ScorecardRange(today, from, to string) (string, string, error) {
	v := &ValidationError{}
	if to == "" {
		to = today
	} else if fe := DateProblem(to); fe != nil {
		v.AddProblem("to", *fe)
	}
	if from == "" && v.Err() == nil {
		t, _ := ParseDate(to)
		from = time.Date(t.Year(), t.Month()-11, 1, 0, 0, 0, 0, time.UTC).Format(DateLayout)
	} else if from != "" {
		if fe := DateProblem(from); fe != nil {
			v.AddProblem("from", *fe)
		}
	}
	if err := v.Err(); err != nil {
		return "", "", err
	}
	if to < from {
		return "", "", Invalid("to", "before_from", "from", from)
	}
	if DaysBetween(from, to)+1 > MaxScorecardDays {
		return "", "", Invalid("to", "range_too_long", "max", MaxScorecardDays)
	}
	return from, to, nil
}

// scOrder is what the scorecard reads of one order.
type scOrder struct {
	ID            int64
	Baseline      string
	ExFactory     string
	Shipped       *string
	ExFactoryDone *string
	DateChanges   int
	Chases        int
	ShippedQty    int
	AffectedQty   int
	ReturnedQty   int
}

// left is the day the goods left, "" when they have not.
func (o *scOrder) left() string {
	a, b := "", ""
	if o.Shipped != nil {
		a = *o.Shipped
	}
	if o.ExFactoryDone != nil {
		b = *o.ExFactoryDone
	}
	if a == "" || b != "" && b < a {
		return b
	}
	return a
}

// scTally adds up the figures of a set of orders.
type scTally struct {
	orders, changes, chases                int
	baseOn, baseN, latestOn, latestN       int
	lateDays, lateShipped                  int
	samplesOK, samplesDecided, friOK, friN int
	reportedDays, productionDays           int
	shippedQty, affectedQty, returnedQty   int
	capaOnTime, capaVerified, replacements int
	cpqE4                                  map[string]int64 // chargebacks by currency, in 10^-4
}

func (t *scTally) figures() ScorecardFigures {
	return ScorecardFigures{Orders: t.orders,
		OnTimeBaseline: rate(t.baseOn, t.baseN), OnTimeLatest: rate(t.latestOn, t.latestN),
		DateChanges: average(t.changes, t.orders), DaysLate: average(t.lateDays, t.lateShipped),
		SampleFirstRound: rate(t.samplesOK, t.samplesDecided), FRIFirstPass: rate(t.friOK, t.friN),
		Reporting: rate(t.reportedDays, t.productionDays), Chases: average(t.chases, t.orders),
		ComplaintRate: rate(t.affectedQty, t.shippedQty), ReturnRate: rate(t.returnedQty, t.shippedQty),
		CostOfPoorQuality: moneyAmounts(t.cpqE4), CAPAOnTime: rate(t.capaOnTime, t.capaVerified),
		Replacements: t.replacements}
}

// moneyAmounts lists sums by currency, sorted by currency (never nil).
func moneyAmounts(m map[string]int64) []MoneyAmount {
	out := []MoneyAmount{}
	for cur, e4 := range m {
		out = append(out, MoneyAmount{Currency: cur, Amount: FormatDecimal((e4+50)/100, 2)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Currency < out[j].Currency })
	return out
}

// onTime says whether an order counts against date and whether it was on
// time: shipped orders count; unshipped ones once the date has passed.
func onTime(left, date, today string) (counted, ok bool) {
	if left != "" {
		return true, left <= date
	}
	return date < today, false
}

// SupplierScorecard computes a supplier's scorecard over [from, to] (a
// range ScorecardRange accepted) with five aggregate queries.
func (s *Store) SupplierScorecard(ctx context.Context, sp *Supplier, from, to string) (*Scorecard, error) {
	today := SupplierToday(s.clock.Now(), sp)
	db := s.conn(ctx)
	// The period's orders, the same condition in every query (replacement
	// orders are counted apart).
	const inPeriod = "o.supplier_id = ? AND o.status NOT IN (?, ?) AND o.baseline_ex_factory_date BETWEEN ? AND ? AND o.replacement_of IS NULL"
	args := []any{sp.ID, StatusDraft, StatusCancelled, from, to}

	var orders []scOrder
	err := db.Raw(`SELECT o.id, o.baseline_ex_factory_date AS baseline, o.ex_factory_date AS ex_factory,
  (SELECT MIN(d.shipped_date) FROM deliveries d
    WHERE d.order_id = o.id AND d.supplier_id = o.supplier_id AND d.shipped_date <> '') AS shipped,
  (SELECT MIN(m.actual_date) FROM milestones m
    WHERE m.order_id = o.id AND m.code = ? AND m.status = ? AND m.actual_date <> '') AS ex_factory_done,
  (SELECT COUNT(*) FROM order_revisions r WHERE r.order_id = o.id AND r.changes LIKE ?) AS date_changes,
  (SELECT COUNT(*) FROM chase_logs c WHERE c.order_id = o.id AND c.supplier_id = o.supplier_id) AS chases,
  (SELECT COALESCE(SUM(d.shipped_quantity), 0) FROM deliveries d
    WHERE d.order_id = o.id AND d.supplier_id = o.supplier_id AND d.shipped_date <> '') AS shipped_qty,
  (SELECT COALESCE(SUM(cp.affected_qty), 0) FROM complaints cp
    WHERE cp.order_id = o.id AND cp.supplier_id = o.supplier_id) AS affected_qty,
  (SELECT COALESCE(SUM(rs.quantity), 0) FROM resolutions rs
    WHERE rs.order_id = o.id AND rs.supplier_id = o.supplier_id AND rs.kind = ? AND rs.status <> ?) AS returned_qty
FROM orders o WHERE `+inPeriod+` ORDER BY o.id`,
		append([]any{ExFactoryStep, MilestoneDone, `%"ex_factory_date"%`, ResolveReturn, ResolutionCancelled}, args...)...).Scan(&orders).Error
	if err != nil {
		return nil, fmt.Errorf("scorecard orders of supplier %d: %w", sp.ID, err)
	}

	var samples []struct {
		OrderID int64
		Status  string
	}
	err = db.Raw(`SELECT sr.order_id, sr.status FROM sample_rounds sr JOIN orders o ON o.id = sr.order_id
WHERE `+inPeriod+` AND sr.round_no = 1 AND sr.supplier_id = o.supplier_id AND sr.status IN (?, ?, ?)`,
		append(args, SampleApproved, SampleApprovedWithComments, SampleRejected)...).Scan(&samples).Error
	if err != nil {
		return nil, fmt.Errorf("scorecard samples of supplier %d: %w", sp.ID, err)
	}

	var fris []struct {
		OrderID int64
		Result  string
	}
	err = db.Raw(`SELECT i.order_id, i.result FROM inspections i JOIN orders o ON o.id = i.order_id
WHERE `+inPeriod+` AND i.type = ? AND i.status = ? AND i.supplier_id = o.supplier_id
ORDER BY i.order_id, i.completed_at, i.id`, append(args, InspFRI, InspCompleted)...).Scan(&fris).Error
	if err != nil {
		return nil, fmt.Errorf("scorecard inspections of supplier %d: %w", sp.ID, err)
	}

	var reports []struct {
		OrderID    int64
		ReportDate string
	}
	err = db.Raw(`SELECT pr.order_id, pr.report_date FROM progress_reports pr JOIN orders o ON o.id = pr.order_id
WHERE `+inPeriod+` AND pr.supplier_id = o.supplier_id
GROUP BY pr.order_id, pr.report_date ORDER BY pr.order_id, pr.report_date`, args...).Scan(&reports).Error
	if err != nil {
		return nil, fmt.Errorf("scorecard reports of supplier %d: %w", sp.ID, err)
	}

	var chargebacks []struct {
		OrderID          int64
		Currency         string
		ChargebackAmount string
	}
	err = db.Raw(`SELECT rs.order_id, o.currency, rs.chargeback_amount FROM resolutions rs JOIN orders o ON o.id = rs.order_id
WHERE `+inPeriod+` AND rs.supplier_id = o.supplier_id AND rs.chargeback_amount <> '' AND rs.status <> ?`,
		append(args, ResolutionCancelled)...).Scan(&chargebacks).Error
	if err != nil {
		return nil, fmt.Errorf("scorecard chargebacks of supplier %d: %w", sp.ID, err)
	}

	var capas []struct {
		OrderID    int64
		DueDate    string
		DoneAt     *time.Time
		VerifiedAt *time.Time
	}
	err = db.Raw(`SELECT ca.order_id, ca.due_date, ca.done_at, ca.verified_at FROM capas ca JOIN orders o ON o.id = ca.order_id
WHERE `+inPeriod+` AND ca.supplier_id = o.supplier_id AND ca.status = ?`, append(args, CAPAVerified)...).Scan(&capas).Error
	if err != nil {
		return nil, fmt.Errorf("scorecard capas of supplier %d: %w", sp.ID, err)
	}

	var replacements []struct{ Baseline string }
	err = db.Raw(`SELECT o.baseline_ex_factory_date AS baseline FROM orders o
WHERE o.supplier_id = ? AND o.status NOT IN (?, ?) AND o.baseline_ex_factory_date BETWEEN ? AND ? AND o.replacement_of IS NOT NULL`,
		args...).Scan(&replacements).Error
	if err != nil {
		return nil, fmt.Errorf("scorecard replacements of supplier %d: %w", sp.ID, err)
	}

	// Tally per month, then sum the months.
	months := map[string]*scTally{}
	var keys []string
	for m := from[:7]; m <= to[:7]; m = nextMonth(m) {
		months[m] = &scTally{}
		keys = append(keys, m)
	}
	byOrder := map[int64]*scOrder{}
	tallyOf := map[int64]*scTally{}
	for i := range orders {
		o := &orders[i]
		t := months[o.Baseline[:7]]
		byOrder[o.ID], tallyOf[o.ID] = o, t
		t.orders++
		t.changes += o.DateChanges
		t.chases += o.Chases
		t.shippedQty += o.ShippedQty
		t.affectedQty += o.AffectedQty
		t.returnedQty += o.ReturnedQty
		left := o.left()
		if counted, ok := onTime(left, o.Baseline, today); counted {
			t.baseN++
			if ok {
				t.baseOn++
			}
		}
		if counted, ok := onTime(left, o.ExFactory, today); counted {
			t.latestN++
			if ok {
				t.latestOn++
			} else if left != "" {
				t.lateShipped++
				t.lateDays += DaysBetween(o.ExFactory, left)
			}
		}
	}
	for _, r := range samples {
		t := tallyOf[r.OrderID]
		if t == nil {
			continue // an order that changed between the queries
		}
		t.samplesDecided++
		if r.Status != SampleRejected {
			t.samplesOK++
		}
	}
	seen := map[int64]bool{}
	for _, r := range fris {
		if seen[r.OrderID] || tallyOf[r.OrderID] == nil {
			continue
		}
		seen[r.OrderID] = true
		t := tallyOf[r.OrderID]
		t.friN++
		if r.Result == ResultPass {
			t.friOK++
		}
	}
	for _, r := range chargebacks {
		t := tallyOf[r.OrderID]
		v, ok := ParseDecimal(r.ChargebackAmount, 4)
		if t == nil || !ok {
			continue
		}
		if t.cpqE4 == nil {
			t.cpqE4 = map[string]int64{}
		}
		t.cpqE4[r.Currency] += v
	}
	for _, r := range capas {
		t := tallyOf[r.OrderID]
		if t == nil {
			continue
		}
		t.capaVerified++
		done := r.DoneAt
		if done == nil {
			done = r.VerifiedAt
		}
		if r.DueDate == "" || done != nil && SupplierToday(*done, sp) <= r.DueDate {
			t.capaOnTime++
		}
	}
	for _, r := range replacements {
		if t := months[r.Baseline[:7]]; t != nil {
			t.replacements++
		}
	}
	// Reports come by order, then date: the first is the order's first.
	cal := SupplierCalendar(sp)
	for i := 0; i < len(reports); {
		id, first := reports[i].OrderID, reports[i].ReportDate
		t, end := tallyOf[id], today
		if o := byOrder[id]; o != nil && o.left() != "" {
			end = o.left()
		}
		if t != nil && first < end {
			// The working days of [first, end).
			t.productionDays += cal.WorkdaysBetween(AddDays(first, -1), AddDays(end, -1))
		}
		for ; i < len(reports) && reports[i].OrderID == id; i++ {
			if d := reports[i].ReportDate; t != nil && d < end && cal.IsWorkday(d) {
				t.reportedDays++
			}
		}
	}

	out := &Scorecard{SupplierID: sp.ID, From: from, To: to, Today: today, Months: make([]ScorecardMonth, 0, len(keys))}
	var sum scTally
	for _, k := range keys {
		t := months[k]
		out.Months = append(out.Months, ScorecardMonth{Month: k, ScorecardFigures: t.figures()})
		sum.add(t)
	}
	out.Totals = sum.figures()
	if out.OpenCAPAs, err = OpenCAPAs(db, sp.ID); err != nil {
		return nil, err
	}
	return out, nil
}

func (t *scTally) add(o *scTally) {
	t.orders += o.orders
	t.changes += o.changes
	t.chases += o.chases
	t.baseOn += o.baseOn
	t.baseN += o.baseN
	t.latestOn += o.latestOn
	t.latestN += o.latestN
	t.lateDays += o.lateDays
	t.lateShipped += o.lateShipped
	t.samplesOK += o.samplesOK
	t.samplesDecided += o.samplesDecided
	t.friOK += o.friOK
	t.friN += o.friN
	t.reportedDays += o.reportedDays
	t.productionDays += o.productionDays
	t.shippedQty += o.shippedQty
	t.affectedQty += o.affectedQty
	t.returnedQty += o.returnedQty
	t.capaOnTime += o.capaOnTime
	t.capaVerified += o.capaVerified
	t.replacements += o.replacements
	for cur, v := range o.cpqE4 {
		if t.cpqE4 == nil {
			t.cpqE4 = map[string]int64{}
		}
		t.cpqE4[cur] += v
	}
}

// nextMonth is the month after a YYYY-MM month.
func nextMonth(m string) string {
	t, _ := time.Parse("2006-01", m)
	return t.AddDate(0, 1, 0).Format("2006-01")
}
