package risk

import (
	"encoding/json"
	"math/rand"
	"reflect"
	"testing"
	"time"
)

// The base order: in production in a factory closed on Sundays (UTC),
// today Thursday 2026-12-03, ex-factory 2026-12-31, 1,000 pieces. Sewing
// (planned Dec 18) is at 400 and has sewn 50 a working day over the last 7
// reporting days: 600 left at 50 a day is 12 working days, finishing Dec 16,
// two days early; the plan gives 11 working days from Dec 18 to Dec 31, so
// the projection is Dec 29, two working days of slack.
var now = time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)

func base() Input {
	return Input{
		OrderStatus: "in_production",
		ExFactory:   "2026-12-31",
		Quantity:    1000,
		Steps: []Step{
			{Code: "pp_sample", Name: "产前样确认", NameEn: "PP sample approved", Position: 1, Status: "done", Planned: "2026-11-10", Actual: "2026-11-09", SampleType: "pp"},
			{Code: "trims_in", Name: "辅料到厂", NameEn: "Trims in-house", Position: 2, Status: "done", Planned: "2026-11-15", Actual: "2026-11-15"},
			{Code: "cutting", Name: "裁剪", NameEn: "Cutting", Position: 3, Status: "done", Planned: "2026-11-20", Actual: "2026-11-20", QuantityKind: "cut", QuantityDone: 1000},
			{Code: "sewing", Name: "车缝", NameEn: "Sewing", Position: 4, Status: "in_progress", Planned: "2026-12-18", QuantityKind: "sewn", QuantityDone: 400},
			{Code: "packing", Name: "包装", NameEn: "Packing", Position: 5, Status: "open", Planned: "2026-12-26", QuantityKind: "packed"},
			{Code: "ex_factory", Name: "出厂", NameEn: "Ex-factory", Position: 6, Status: "open", Planned: "2026-12-31"},
		},
		Reports:    pace("sewing", "2026-12-02", 400, 50, 8),
		LastReport: "2026-12-02",
		Confirmed:  "2026-11-01",
		Samples:    []Sample{{Type: "pp", RoundNo: 1, Status: "approved"}},
		Calendar:   sundayOff,
		Now:        now,
	}
}

// bare is an order with no steps and a report today: only the order-level
// reasons can apply.
func bare(exFactory string) Input {
	return Input{OrderStatus: "in_production", ExFactory: exFactory, Quantity: 100, LastReport: "2026-12-03",
		Calendar: sundayOff, Now: now}
}

// pace makes n reports of step on the working days (Sundays off) up to
// last, ending at qty and growing by perDay each reporting day.
func pace(step, last string, qty, perDay, n int) []Report {
	out := make([]Report, n)
	d, _ := dayNum(last)
	for i := n - 1; i >= 0; i-- {
		for weekday(d) == time.Sunday {
			d--
		}
		out[i] = Report{Step: step, Date: dayStr(d), Quantity: qty}
		qty -= perDay
		d--
	}
	return out
}

func step(in *Input, code string) *Step {
	for i := range in.Steps {
		if in.Steps[i].Code == code {
			return &in.Steps[i]
		}
	}
	panic(code)
}

func with(in Input, f func(*Input)) Input {
	in.Steps = append([]Step(nil), in.Steps...)
	in.Reports = append([]Report(nil), in.Reports...)
	in.Samples = append([]Sample(nil), in.Samples...)
	in.Inspections = append([]Inspection(nil), in.Inspections...)
	in.Deliveries = append([]Delivery(nil), in.Deliveries...)
	f(&in)
	return in
}

type want struct {
	level     Level
	codes     []string
	params    []map[string]any // when set, the params of each reason, in order
	projected string           // checked when not ""
	slack     *int
	score     [2]int // inclusive range, checked when not zero
}

func slack(n int) *int { return &n }

func scenarios() []struct {
	name string
	in   Input
	cfg  Config
	want want
} {
	type sc = struct {
		name string
		in   Input
		cfg  Config
		want want
	}
	overdueTrims := func(planned string) func(*Input) {
		return func(in *Input) { s := step(in, "trims_in"); s.Status, s.Planned, s.Actual = "open", planned, "" }
	}
	return []sc{
		{"on track", base(), Config{}, want{level: OnTrack, codes: nil, projected: "2026-12-29", slack: slack(2), score: [2]int{480, 480}}},
		{"shipped is done", with(base(), func(in *Input) { in.OrderStatus = "shipped"; in.ExFactory = "2026-11-01" }), Config{},
			want{level: Done, score: [2]int{0, 0}}},
		{"closed is done", with(base(), func(in *Input) { in.OrderStatus = "closed" }), Config{}, want{level: Done}},
		{"cancelled is done", with(base(), func(in *Input) { in.OrderStatus = "cancelled" }), Config{}, want{level: Done}},
		{"draft is on track with nothing", with(base(), func(in *Input) { in.OrderStatus = "draft"; in.ExFactory = "2026-11-01" }), Config{},
			want{level: OnTrack, score: [2]int{0, 0}}},

		{"milestone overdue 2 days", with(base(), overdueTrims("2026-12-01")), Config{},
			want{level: AtRisk, codes: []string{MilestoneOverdue}, projected: "2026-12-29", slack: slack(2),
				params: []map[string]any{{"step": "trims_in", "name": "辅料到厂", "name_en": "Trims in-house", "days": 2}}}},
		{"overdue one below the late threshold", with(base(), overdueTrims("2026-11-23")), Config{},
			want{level: AtRisk, codes: []string{MilestoneOverdue}, projected: "2026-12-29",
				params: []map[string]any{{"step": "trims_in", "name": "辅料到厂", "name_en": "Trims in-house", "days": 9}}}},
		{"overdue exactly at the late threshold", with(base(), overdueTrims("2026-11-21")), Config{},
			// 10 working days behind: the trims finish today at the earliest and
			// the plan's 34 working days from Nov 21 to Dec 31 follow.
			want{level: Late, codes: []string{MilestoneOverdue}, projected: "2027-01-12", slack: slack(-10),
				params: []map[string]any{{"step": "trims_in", "name": "辅料到厂", "name_en": "Trims in-house", "days": 10}}}},
		{"planned late is at risk, not overdue", with(base(), func(in *Input) {
			overdueTrims("2026-11-01")(in)
			step(in, "trims_in").PlannedLate = true
		}), Config{}, want{level: AtRisk, codes: []string{PlannedLate}, projected: "2026-12-29", slack: slack(2),
			params: []map[string]any{{"step": "trims_in", "name": "辅料到厂", "name_en": "Trims in-house"}}}},
		{"planned late ahead of today gives nothing yet", with(base(), func(in *Input) {
			overdueTrims("2026-12-05")(in)
			step(in, "trims_in").PlannedLate = true
		}), Config{}, want{level: OnTrack}},
		{"a planned-late measured step is not judged on output", with(base(), func(in *Input) {
			s := step(in, "sewing")
			s.Planned, s.PlannedLate = "2026-11-25", true
			in.Reports = pace("sewing", "2026-12-02", 400, 20, 8)
		}), Config{}, want{level: AtRisk, codes: []string{PlannedLate}, projected: "2026-12-31", slack: slack(0)}},

		{"output too slow", with(base(), func(in *Input) { in.Reports = pace("sewing", "2026-12-02", 400, 20, 8) }), Config{},
			// 600 left at 20 a day: 30 working days from today, Jan 6; sewing ends 16
			// working days after its Dec 18 plan, and so does the order.
			want{level: Late, codes: []string{OutputTooSlow}, projected: "2027-01-19", slack: slack(-16),
				params: []map[string]any{{"step": "sewing", "name": "车缝", "name_en": "Sewing", "needed_per_day": 43,
					"observed_per_day": 20, "projected_date": "2027-01-06"}}}},
		{"output exactly fast enough has no slack", with(base(), func(in *Input) { step(in, "sewing").Planned = "2026-12-16" }), Config{},
			// 12 working days left (today included) at exactly 600 ÷ 12 = 50 a day:
			// not too slow, but no slack left, so at risk with no reason.
			want{level: AtRisk, codes: nil, projected: "2026-12-31", slack: slack(0), score: [2]int{1500, 1500}}},
		{"output one day short", with(base(), func(in *Input) { step(in, "sewing").Planned = "2026-12-15" }), Config{},
			want{level: Late, codes: []string{OutputTooSlow}, slack: slack(-1),
				params: []map[string]any{{"step": "sewing", "name": "车缝", "name_en": "Sewing", "needed_per_day": 55,
					"observed_per_day": 50, "projected_date": "2026-12-16"}}}},
		{"stalled output is late with no projected date", with(base(), func(in *Input) {
			in.Reports = []Report{{"sewing", "2026-12-01", 400}, {"sewing", "2026-12-02", 400}}
		}), Config{}, want{level: Late, codes: []string{OutputTooSlow}, score: [2]int{2999, 2999},
			params: []map[string]any{{"step": "sewing", "name": "车缝", "name_en": "Sewing", "needed_per_day": 43,
				"observed_per_day": 0, "projected_date": ""}}}},
		{"one reporting day measures nothing", with(base(), func(in *Input) { in.Reports = in.Reports[len(in.Reports)-1:] }), Config{},
			want{level: OnTrack, projected: "2026-12-31", slack: slack(0), score: [2]int{0, 0}}},
		{"only the window counts", with(base(), func(in *Input) {
			// fast long ago (200 a day), 20 a day over the latest 7 reporting days
			in.Reports = append(pace("sewing", "2026-11-21", 260, 200, 2), pace("sewing", "2026-12-02", 400, 20, 8)...)
		}), Config{}, want{level: Late, codes: []string{OutputTooSlow}}},
		{"a wider window sees the fast days", with(base(), func(in *Input) {
			in.Reports = append(pace("sewing", "2026-11-21", 260, 200, 2), pace("sewing", "2026-12-02", 400, 20, 8)...)
		}), Config{OutputWindowDays: 9}, want{level: Late, codes: []string{OutputTooSlow},
			// from Nov 20 (60) to Dec 2 (400): 340 in 10 working days
			params: []map[string]any{{"step": "sewing", "name": "车缝", "name_en": "Sewing", "needed_per_day": 43,
				"observed_per_day": 34, "projected_date": "2026-12-23"}}}},
		{"reports after today and repeats within a day", with(base(), func(in *Input) {
			in.Reports = append(in.Reports, Report{"sewing", "2026-12-02", 10}, Report{"sewing", "2026-12-04", 5000})
		}), Config{}, want{level: OnTrack, projected: "2026-12-29", slack: slack(2)}},
		{"overdue sewing is overdue and too slow", with(base(), func(in *Input) { step(in, "sewing").Planned = "2026-12-01" }), Config{},
			want{level: Late, codes: []string{OutputTooSlow, MilestoneOverdue}}},

		{"sample not approved within 7 days", with(base(), func(in *Input) {
			s := step(in, "pp_sample")
			s.Status, s.Planned, s.Actual = "open", "2026-12-10", ""
			in.Samples = []Sample{{Type: "pp", RoundNo: 1, Status: "rejected"}, {Type: "pp", RoundNo: 2, Status: "pending"}}
		}), Config{}, want{level: AtRisk, codes: []string{SampleNotApproved},
			params: []map[string]any{{"type": "pp", "days_to_deadline": 7}}}},
		{"sample 8 days out is not yet a reason", with(base(), func(in *Input) {
			s := step(in, "pp_sample")
			s.Status, s.Planned, s.Actual = "open", "2026-12-11", ""
			in.Samples = nil
		}), Config{}, want{level: OnTrack}},
		{"sample approved with comments is approved", with(base(), func(in *Input) {
			s := step(in, "pp_sample")
			s.Status, s.Planned, s.Actual = "open", "2026-12-05", ""
			in.Samples = []Sample{{Type: "pp", RoundNo: 1, Status: "approved_with_comments"}}
		}), Config{}, want{level: OnTrack}},
		{"sample past its step is overdue too", with(base(), func(in *Input) {
			s := step(in, "pp_sample")
			s.Status, s.Planned, s.Actual = "open", "2026-11-30", ""
			in.Samples = nil
		}), Config{}, want{level: AtRisk, codes: []string{MilestoneOverdue, SampleNotApproved},
			params: []map[string]any{{"step": "pp_sample", "name": "产前样确认", "name_en": "PP sample approved", "days": 3},
				{"type": "pp", "days_to_deadline": -3}}}},

		{"final inspection failed", with(base(), func(in *Input) {
			in.Inspections = []Inspection{{"fri", "completed", "pass", "2026-11-20"}, {"fri", "completed", "fail", "2026-12-01"}}
		}), Config{}, want{level: AtRisk, codes: []string{InspectionFailed},
			params: []map[string]any{{"type": "fri", "date": "2026-12-01"}}}},
		{"a passing reinspection clears a failed fri", with(base(), func(in *Input) {
			in.Inspections = []Inspection{{"fri", "completed", "fail", "2026-12-01"}, {"reinspection", "completed", "pass", "2026-12-02"}}
		}), Config{}, want{level: OnTrack}},
		{"a pass the same day clears", with(base(), func(in *Input) {
			in.Inspections = []Inspection{{"dupro", "completed", "fail", "2026-12-01"}, {"dupro", "completed", "pass", "2026-12-01"}}
		}), Config{}, want{level: OnTrack}},
		{"a pass before the failure does not clear", with(base(), func(in *Input) {
			in.Inspections = []Inspection{{"dupro", "completed", "pass", "2026-11-28"}, {"reinspection", "completed", "pass", "2026-11-29"},
				{"dupro", "completed", "fail", "2026-12-01"}, {"dupro", "requested", "", "2026-12-04"}}
		}), Config{}, want{level: AtRisk, codes: []string{InspectionFailed}, params: []map[string]any{{"type": "dupro", "date": "2026-12-01"}}}},
		{"failed fri and failed reinspection", with(base(), func(in *Input) {
			in.Inspections = []Inspection{{"reinspection", "completed", "fail", "2026-12-02"}, {"fri", "completed", "fail", "2026-12-01"},
				{"ipi", "completed", "fail", "2026-11-01"}}
		}), Config{}, want{level: AtRisk, codes: []string{InspectionFailed, InspectionFailed, InspectionFailed},
			params: []map[string]any{{"type": "ipi", "date": "2026-11-01"}, {"type": "fri", "date": "2026-12-01"},
				{"type": "reinspection", "date": "2026-12-02"}}}},

		{"no update for exactly 3 working days", with(base(), func(in *Input) { in.LastReport = "2026-11-30" }), Config{},
			want{level: AtRisk, codes: []string{NoUpdate}, params: []map[string]any{{"days": 3}}}},
		{"no update for 2 working days is fine", with(base(), func(in *Input) { in.LastReport = "2026-12-01" }), Config{},
			want{level: OnTrack}},
		{"a Sunday is not a quiet day", with(bare("2026-12-31"), func(in *Input) {
			in.LastReport, in.Now = "2026-11-28", time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
		}), Config{}, want{level: OnTrack}},
		{"never reported counts from confirmation", with(bare("2026-12-31"), func(in *Input) {
			in.LastReport, in.Confirmed = "", "2026-11-26"
		}), Config{}, want{level: AtRisk, codes: []string{NoUpdate}, params: []map[string]any{{"days": 6}}}},
		{"a confirmed order is not quiet", with(bare("2026-12-31"), func(in *Input) {
			in.OrderStatus, in.LastReport, in.Confirmed = "confirmed", "", "2026-11-01"
		}), Config{}, want{level: OnTrack}},

		{"delivery not booked at 10 days", bare("2026-12-13"), Config{},
			want{level: AtRisk, codes: []string{DeliveryNotBooked}, params: []map[string]any{{"days_to_ex_factory": 10}}, projected: "2026-12-13", slack: slack(0)}},
		{"11 days out needs no booking yet", bare("2026-12-14"), Config{}, want{level: OnTrack}},
		{"ex-factory today, not booked", bare("2026-12-03"), Config{},
			want{level: AtRisk, codes: []string{DeliveryNotBooked}, params: []map[string]any{{"days_to_ex_factory": 0}}}},
		{"a requested booking counts", with(bare("2026-12-05"), func(in *Input) {
			in.Deliveries = []Delivery{{"cancelled", "2026-12-05", 100}, {"requested", "2026-12-05", 100}}
		}), Config{}, want{level: OnTrack}},
		{"a cancelled booking does not", with(bare("2026-12-05"), func(in *Input) {
			in.Deliveries = []Delivery{{"cancelled", "2026-12-05", 100}, {"rejected", "2026-12-05", 100}}
		}), Config{}, want{level: AtRisk, codes: []string{DeliveryNotBooked}}},
		{"past ex-factory", with(bare("2026-12-01"), func(in *Input) {
			in.Deliveries = []Delivery{{"confirmed", "2026-12-01", 100}}
		}), Config{}, want{level: Late, codes: []string{PastExFactory}, params: []map[string]any{{"days": 2}},
			projected: "2026-12-03", slack: slack(-2)}},
		{"no ex-factory date projects nothing", bare(""), Config{}, want{level: OnTrack, projected: "", slack: slack(0)}},

		{"time zone: Shanghai is past Dec 2", with(bare("2026-12-31"), func(in *Input) {
			in.Now, in.Calendar.Zone, in.LastReport = eveningUTC, shanghai, "2026-12-02"
			in.Steps = []Step{{Code: "fabric_in", Name: "面料到厂", NameEn: "Fabric in-house", Position: 1, Status: "open", Planned: "2026-12-02"}}
		}), Config{}, want{level: AtRisk, codes: []string{MilestoneOverdue},
			params: []map[string]any{{"step": "fabric_in", "name": "面料到厂", "name_en": "Fabric in-house", "days": 1}}}},
		{"time zone: still Dec 2 in New York", with(bare("2026-12-31"), func(in *Input) {
			in.Now, in.Calendar.Zone, in.LastReport = eveningUTC, newYork, "2026-12-02"
			in.Steps = []Step{{Code: "fabric_in", Name: "面料到厂", NameEn: "Fabric in-house", Position: 1, Status: "open", Planned: "2026-12-02"}}
		}), Config{}, want{level: OnTrack}},
		{"weekend off: Friday to Monday is 1 day overdue", with(bare("2026-12-31"), func(in *Input) {
			in.Now, in.Calendar, in.LastReport = time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC), weekendOff, "2026-11-30"
			in.Steps = []Step{{Code: "fabric_in", Position: 1, Status: "open", Planned: "2026-11-27"}}
		}), Config{}, want{level: AtRisk, codes: []string{MilestoneOverdue}, params: []map[string]any{{"step": "fabric_in", "name": "", "name_en": "", "days": 1}}}},
		{"Sunday off: Friday to Monday is 2 days overdue", with(bare("2026-12-31"), func(in *Input) {
			in.Now, in.LastReport = time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC), "2026-11-30"
			in.Steps = []Step{{Code: "fabric_in", Position: 1, Status: "open", Planned: "2026-11-27"}}
		}), Config{}, want{level: AtRisk, codes: []string{MilestoneOverdue}, params: []map[string]any{{"step": "fabric_in", "name": "", "name_en": "", "days": 2}}}},
		{"overdue over a weekend day off is at least 1", with(bare("2026-12-31"), func(in *Input) {
			in.Now, in.Calendar, in.LastReport = time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC), weekendOff, "2026-12-04"
			in.Steps = []Step{{Code: "fabric_in", Position: 1, Status: "open", Planned: "2026-12-05"}}
		}), Config{}, want{level: AtRisk, codes: []string{MilestoneOverdue}, params: []map[string]any{{"step": "fabric_in", "name": "", "name_en": "", "days": 1}}}},
		{"Spring Festival is not quiet", with(bare("2027-03-31"), func(in *Input) {
			in.Now, in.Calendar, in.LastReport = time.Date(2027, 2, 12, 3, 0, 0, 0, time.UTC), withSpring, "2027-02-04"
		}), Config{}, want{level: OnTrack}},
		{"without the holiday the same week is quiet", with(bare("2027-03-31"), func(in *Input) {
			in.Now, in.LastReport = time.Date(2027, 2, 12, 3, 0, 0, 0, time.UTC), "2027-02-04"
		}), Config{}, want{level: AtRisk, codes: []string{NoUpdate}, params: []map[string]any{{"days": 7}}}},
		{"Spring Festival inside the output window", with(bare("2027-03-31"), func(in *Input) {
			// 120 sewn from Feb 3 to Feb 12 around the holiday: 2 working days, not 8
			in.Now, in.Calendar, in.LastReport, in.Quantity = time.Date(2027, 2, 13, 3, 0, 0, 0, time.UTC), withSpring, "2027-02-12", 1000
			in.Steps = []Step{{Code: "sewing", Position: 1, Status: "in_progress", Planned: "2027-02-22", QuantityKind: "sewn", QuantityDone: 400}}
			in.Reports = []Report{{"sewing", "2027-02-03", 280}, {"sewing", "2027-02-04", 340}, {"sewing", "2027-02-12", 400}}
		}), Config{}, want{level: Late, codes: []string{OutputTooSlow}, slack: slack(-2), params: []map[string]any{{"step": "sewing", "name": "", "name_en": "",
			"needed_per_day": 75, "observed_per_day": 60, "projected_date": "2027-02-24"}}}},

		{"everything at once, worst first", with(base(), func(in *Input) {
			overdueTrims("2026-11-30")(in)
			in.ExFactory = "2026-12-10"
			s := step(in, "ex_factory")
			s.Planned = "2026-12-10"
			in.Inspections = []Inspection{{"dupro", "completed", "fail", "2026-12-01"}}
			in.LastReport = "2026-11-26"
			pp := step(in, "pp_sample")
			pp.Status, pp.Planned, pp.Actual = "open", "2026-12-04", ""
			in.Samples = nil
			step(in, "packing").PlannedLate = true
			step(in, "packing").Planned = "2026-11-29"
			step(in, "sewing").Planned = "2026-12-05"
		}), Config{}, want{level: Late, codes: []string{InspectionFailed, OutputTooSlow, MilestoneOverdue,
			SampleNotApproved, DeliveryNotBooked, NoUpdate, PlannedLate}, score: [2]int{2000, 2999}}},
		{"the most overdue step first", with(bare("2026-12-31"), func(in *Input) {
			in.Steps = []Step{{Code: "a", Position: 1, Status: "open", Planned: "2026-12-02"},
				{Code: "b", Position: 2, Status: "open", Planned: "2026-11-30"}, {Code: "c", Position: 3, Status: "in_progress", Planned: "2026-12-02"}}
		}), Config{}, want{level: AtRisk, codes: []string{MilestoneOverdue, MilestoneOverdue, MilestoneOverdue},
			params: []map[string]any{{"step": "b", "name": "", "name_en": "", "days": 3}, {"step": "a", "name": "", "name_en": "", "days": 1},
				{"step": "c", "name": "", "name_en": "", "days": 1}}}},
		{"done, cancelled and not applicable steps are not overdue", with(bare("2026-12-31"), func(in *Input) {
			in.Steps = []Step{{Code: "a", Position: 1, Status: "done", Planned: "2026-11-02"},
				{Code: "b", Position: 2, Status: "cancelled", Planned: "2026-11-02"}, {Code: "c", Position: 3, Status: "not_applicable", Planned: "2026-11-02"}}
		}), Config{}, want{level: OnTrack}},
		{"slack below the threshold is at risk", with(base(), func(in *Input) { step(in, "sewing").QuantityDone = 450 }), Config{AtRiskSlackDays: 4},
			// 550 left at 50 a day is 11 working days: Dec 15, Dec 28 projected, 3 working days of slack
			want{level: AtRisk, codes: nil, projected: "2026-12-28", slack: slack(3), score: [2]int{1470, 1470}}},

		// Materials (material_ready.go judges Ready and Failed).
		{"ready materials say nothing", with(base(), func(in *Input) {
			in.Materials = []Material{{Item: "面料", NeededBy: "2026-11-20", Ready: true}, {Item: "拉链", NeededBy: "2026-12-20", ETA: "2026-12-10"}}
		}), Config{}, want{level: OnTrack, codes: nil, projected: "2026-12-29", score: [2]int{480, 480}}},
		{"material failed", with(base(), func(in *Input) { in.Materials = []Material{{Item: "面料", NeededBy: "2026-12-20", Failed: true}} }),
			Config{}, want{level: AtRisk, codes: []string{MaterialFailed}, params: []map[string]any{{"item": "面料"}}}},
		{"material ETA after its needed-by date", with(base(), func(in *Input) {
			in.Materials = []Material{{Item: "拉链", NeededBy: "2026-12-10", ETA: "2026-12-12"}}
		}), Config{}, want{level: AtRisk, codes: []string{MaterialLate},
			params: []map[string]any{{"item": "拉链", "eta": "2026-12-12", "needed_by": "2026-12-10"}}}},
		{"material ETA on its needed-by date", with(base(), func(in *Input) {
			in.Materials = []Material{{Item: "拉链", NeededBy: "2026-12-10", ETA: "2026-12-10"}}
		}), Config{}, want{level: OnTrack}},
		{"material needed today is not late yet", with(base(), func(in *Input) { in.Materials = []Material{{Item: "拉链", NeededBy: "2026-12-03"}} }),
			Config{}, want{level: OnTrack}},
		{"material needed-by passed, one below the late threshold", with(base(), func(in *Input) {
			in.Materials = []Material{{Item: "纽扣", NeededBy: "2026-11-23"}}
		}), Config{}, want{level: AtRisk, codes: []string{MaterialLate}, params: []map[string]any{{"item": "纽扣", "eta": "", "needed_by": "2026-11-23"}}}},
		{"material needed-by passed at the late threshold", with(base(), func(in *Input) {
			in.Materials = []Material{{Item: "纽扣", NeededBy: "2026-11-21"}}
		}), Config{}, want{level: Late, codes: []string{MaterialLate}}},
		{"material reasons rank after a failed inspection", with(base(), func(in *Input) {
			in.Materials = []Material{{Item: "纽扣", NeededBy: "2026-11-30"}, {Item: "面料", Failed: true}}
			in.Inspections = []Inspection{{Type: "dupro", Status: "completed", Result: "fail", Date: "2026-12-01"}}
		}), Config{}, want{level: AtRisk, codes: []string{InspectionFailed, MaterialFailed, MaterialLate}}},
		{"capa overdue", with(base(), func(in *Input) {
			in.CAPAs = []CAPA{{ID: 7, DueDate: "2026-12-01"}, {ID: 8, DueDate: ""}, {ID: 9, DueDate: "2027-01-01"}}
		}),
			Config{}, want{level: AtRisk, codes: []string{CAPAOverdue}, params: []map[string]any{{"capa_id": 7, "days": 2}}}},
	}
}

func TestEvaluate(t *testing.T) {
	list := scenarios()
	if len(list) < 30 {
		t.Fatalf("only %d scenarios", len(list))
	}
	for _, c := range list {
		t.Run(c.name, func(t *testing.T) {
			got := Evaluate(c.in, c.cfg)
			if got.Level != c.want.level {
				t.Errorf("level %s, want %s (%+v)", got.Level, c.want.level, got)
			}
			var codes []string
			for _, r := range got.Reasons {
				codes = append(codes, r.Code)
			}
			if !reflect.DeepEqual(codes, c.want.codes) {
				t.Errorf("reasons %v, want %v", codes, c.want.codes)
			}
			if c.want.params != nil {
				for i := range min(len(got.Reasons), len(c.want.params)) {
					if !reflect.DeepEqual(got.Reasons[i].Params, c.want.params[i]) {
						t.Errorf("reason %d params %#v, want %#v", i, got.Reasons[i].Params, c.want.params[i])
					}
				}
			}
			if c.want.projected != "" && got.Projected != c.want.projected {
				t.Errorf("projected %s, want %s", got.Projected, c.want.projected)
			}
			if c.want.slack != nil && got.SlackDays != *c.want.slack {
				t.Errorf("slack %d, want %d", got.SlackDays, *c.want.slack)
			}
			if c.want.score != [2]int{} && (got.Score < c.want.score[0] || got.Score > c.want.score[1]) {
				t.Errorf("score %d, want %d…%d", got.Score, c.want.score[0], c.want.score[1])
			}
			checkBand(t, got)
			if got.Reasons == nil {
				t.Error("reasons nil, want [] for JSON")
			}
		})
	}
}

func checkBand(t *testing.T, r Result) {
	t.Helper()
	lo := map[Level]int{OnTrack: 0, AtRisk: 1000, Late: 2000, Done: 0}[r.Level]
	hi := map[Level]int{OnTrack: 999, AtRisk: 1999, Late: 2999, Done: 0}[r.Level]
	if r.Score < lo || r.Score > hi {
		t.Errorf("score %d outside the %s band %d…%d", r.Score, r.Level, lo, hi)
	}
	if (r.Level == Done || r.Level == OnTrack) && len(r.Reasons) > 0 {
		t.Errorf("%s with reasons %v", r.Level, r.Reasons)
	}
}

func TestEvaluateDoneAndDraftProjectNothing(t *testing.T) {
	for _, st := range []string{"shipped", "closed", "cancelled", "draft", ""} {
		r := Evaluate(with(base(), func(in *Input) { in.OrderStatus = st }), DefaultConfig())
		if r.Score != 0 || r.Projected != "" || len(r.Reasons) != 0 || r.SlackDays != 0 {
			t.Errorf("%q: %+v", st, r)
		}
	}
}

// Params are ints and strings only, as the PWA's texts expect them in JSON.
func TestEvaluateParamTypes(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range scenarios() {
		for _, r := range Evaluate(c.in, c.cfg).Reasons {
			seen[r.Code] = true
			for k, v := range r.Params {
				switch v.(type) {
				case int, string:
				default:
					t.Errorf("%s: %s.%s is %T", c.name, r.Code, k, v)
				}
			}
			b, err := json.Marshal(r)
			if err != nil || len(b) == 0 {
				t.Errorf("%s: marshal %v", c.name, err)
			}
		}
	}
	for _, code := range Codes {
		if !seen[code] {
			t.Errorf("no scenario gives %s", code)
		}
	}
}

func TestEvaluateNormalizesConfig(t *testing.T) {
	for _, c := range scenarios() {
		if c.cfg != (Config{}) {
			continue
		}
		a, b := Evaluate(c.in, Config{}), Evaluate(c.in, DefaultConfig())
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: zero config %+v, default %+v", c.name, a, b)
		}
	}
	if got := (Config{NoUpdateDays: 5, LateOverdueDays: -1}).Normalize(); got.NoUpdateDays != 5 || got.LateOverdueDays != DefaultLateOverdueDays ||
		got.OutputWindowDays != DefaultOutputWindowDays || got.HorizonDays != DefaultHorizonDays {
		t.Errorf("Normalize = %+v", got)
	}
}

// Evaluate reads its clock from the input only: the same input gives the
// same result.
func TestEvaluateIsPure(t *testing.T) {
	in := base()
	a := Evaluate(in, Config{})
	time.Sleep(time.Millisecond)
	if b := Evaluate(in, Config{}); !reflect.DeepEqual(a, b) {
		t.Errorf("%+v then %+v", a, b)
	}
	if !reflect.DeepEqual(in, base()) {
		t.Error("Evaluate changed its input")
	}
}

func TestEvaluateMeasured(t *testing.T) {
	if r := Evaluate(base(), Config{}); r.Measured != "sewing" {
		t.Errorf("measured %q, want sewing", r.Measured)
	}
	if r := Evaluate(bare("2026-12-31"), Config{}); r.Measured != "" {
		t.Errorf("measured %q, want none", r.Measured)
	}
}

var levelRank = map[Level]int{OnTrack: 0, AtRisk: 1, Late: 2}

// Worse inputs never lower the score or the level: each worsening applied
// to several starting orders, alone and one after another.
func TestEvaluateMonotone(t *testing.T) {
	starts := map[string]Input{
		"on track":     base(),
		"slow":         with(base(), func(in *Input) { in.Reports = pace("sewing", "2026-12-02", 400, 35, 8) }),
		"near the end": with(base(), func(in *Input) { in.ExFactory = "2026-12-12"; step(in, "ex_factory").Planned = "2026-12-12" }),
		"bare":         bare("2026-12-08"),
		"quiet":        with(base(), func(in *Input) { in.LastReport = "2026-11-28" }),
		"material late": with(base(), func(in *Input) {
			in.Materials = []Material{{Item: "面料", NeededBy: "2026-12-01"}, {Item: "拉链", NeededBy: "2026-12-10", ETA: "2026-12-08"}}
		}),
		"material failed": with(base(), func(in *Input) { in.Materials = []Material{{Item: "面料", Failed: true}} }),
	}
	worse := []struct {
		name string
		f    func(*Input)
	}{
		{"a day later", func(in *Input) { in.Now = in.Now.AddDate(0, 0, 1) }},
		{"three days later", func(in *Input) { in.Now = in.Now.AddDate(0, 0, 3) }},
		{"less sewn", func(in *Input) {
			for i := range in.Steps {
				in.Steps[i].QuantityDone = max(0, in.Steps[i].QuantityDone-100)
			}
		}},
		{"slower latest days", func(in *Input) {
			for i := range in.Reports {
				if i >= len(in.Reports)-3 {
					in.Reports[i].Quantity = in.Reports[len(in.Reports)-4].Quantity
				}
			}
		}},
		{"a failed inspection", func(in *Input) {
			in.Inspections = append(append([]Inspection(nil), in.Inspections...), Inspection{"fri", "completed", "fail", "2026-12-02"})
		}},
		{"the sample step reopened", func(in *Input) {
			s := step(in, "pp_sample")
			if s != nil {
				s.Status, s.Planned = "open", "2026-12-06"
			}
			in.Samples = nil
		}},
		{"trims overdue", func(in *Input) {
			s := step(in, "trims_in")
			s.Status, s.Planned = "open", "2026-12-01"
		}},
		{"trims long overdue", func(in *Input) {
			s := step(in, "trims_in")
			s.Status, s.Planned = "open", "2026-11-16"
		}},
		{"no report since", func(in *Input) { in.LastReport = "2026-11-20" }},
		{"booking cancelled", func(in *Input) { in.Deliveries = nil }},
	}
	for name, start := range starts {
		if len(start.Steps) == 0 {
			start.Steps = []Step{{Code: "pp_sample", Position: 1, Status: "done", SampleType: "pp"}, {Code: "trims_in", Position: 2, Status: "done"}}
		}
		start.Deliveries = []Delivery{{"requested", start.ExFactory, 100}}
		cur := start
		prev := Evaluate(cur, Config{})
		for _, w := range worse {
			alone := Evaluate(with(start, w.f), Config{})
			first := Evaluate(start, Config{})
			if alone.Score < first.Score || levelRank[alone.Level] < levelRank[first.Level] {
				t.Errorf("%s, %s alone: %s %d → %s %d", name, w.name, first.Level, first.Score, alone.Level, alone.Score)
			}
			cur = with(cur, w.f)
			next := Evaluate(cur, Config{})
			if next.Score < prev.Score || levelRank[next.Level] < levelRank[prev.Level] {
				t.Errorf("%s, then %s: %s %d → %s %d", name, w.name, prev.Level, prev.Score, next.Level, next.Score)
			}
			prev = next
		}
	}
}

// Less output means a later projection and a higher score, step by step.
func TestEvaluateOutputMonotone(t *testing.T) {
	prev := Result{}
	for perDay := 80; perDay >= 0; perDay -= 5 {
		r := Evaluate(with(base(), func(in *Input) { in.Reports = pace("sewing", "2026-12-02", 400, perDay, 8) }), Config{})
		if perDay < 80 && (r.Score < prev.Score || r.Projected < prev.Projected || r.SlackDays > prev.SlackDays) {
			t.Errorf("%d a day: %+v after %+v", perDay, r, prev)
		}
		prev = r
	}
}

// Property: on random orders, any chain of worsenings never lowers the
// score or the level.
func TestEvaluateMonotoneRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(1414))
	statuses := []string{"confirmed", "in_production", "partially_shipped"}
	calendars := []Calendar{sundayOff, weekendOff, withSpring, {Zone: shanghai}}
	worsen := []func(*Input){
		func(in *Input) { in.Now = in.Now.AddDate(0, 0, 1+rng.Intn(5)) },
		func(in *Input) {
			for i := range in.Steps {
				in.Steps[i].QuantityDone = max(0, in.Steps[i].QuantityDone-rng.Intn(200))
			}
		},
		func(in *Input) { // the latest reports repeat an earlier figure
			if n := len(in.Reports); n > 2 {
				k := 1 + rng.Intn(n-1)
				for i := n - k; i < n; i++ {
					in.Reports[i].Quantity = in.Reports[n-k-1].Quantity
				}
			}
		},
		func(in *Input) {
			in.Inspections = append(in.Inspections, Inspection{[]string{"ipi", "dupro", "fri"}[rng.Intn(3)], "completed", "fail", in.Calendar.Today(in.Now)})
		},
		func(in *Input) { in.Deliveries = nil },
		func(in *Input) { in.Samples = nil },
		func(in *Input) {
			if in.LastReport != "" {
				d, _ := dayNum(in.LastReport)
				in.LastReport = dayStr(d - rng.Intn(6))
			}
		},
		func(in *Input) { // a step reopened (not a quantity step: that would change the measured step)
			i := rng.Intn(len(in.Steps))
			if in.Steps[i].Status == "done" && in.Steps[i].QuantityKind == "" {
				in.Steps[i].Status, in.Steps[i].Actual = "open", ""
			}
		},
	}
	for round := 0; round < 300; round++ {
		ex := 5 + rng.Intn(60)
		t0, _ := dayNum("2026-12-03")
		in := Input{OrderStatus: statuses[rng.Intn(3)], ExFactory: dayStr(t0 + ex), Quantity: 500 + rng.Intn(2000),
			Calendar: calendars[rng.Intn(len(calendars))], Now: now.Add(time.Duration(rng.Intn(24)) * time.Hour),
			LastReport: dayStr(t0 - rng.Intn(6)), Confirmed: "2026-10-01"}
		codes := []string{"pp", "fabric", "cutting", "sewing", "packing", "ex_factory"}
		for i, c := range codes {
			st := Step{Code: c, Position: i + 1, Planned: dayStr(t0 + ex - 6*(len(codes)-1-i) + rng.Intn(3)), Status: "open"}
			if rng.Intn(3) == 0 {
				st.Status = "done"
			}
			switch c {
			case "pp":
				st.SampleType = "pp"
			case "cutting", "sewing", "packing":
				st.QuantityKind = c
			}
			st.PlannedLate = rng.Intn(8) == 0
			in.Steps = append(in.Steps, st)
		}
		m, ok := Measured(in.Steps)
		if ok {
			q, per := rng.Intn(in.Quantity), rng.Intn(80)
			in.Reports = pace(m.Code, dayStr(t0-rng.Intn(3)), q, per, 1+rng.Intn(12))
			step(&in, m.Code).QuantityDone = q
		}
		if rng.Intn(2) == 0 {
			in.Samples = []Sample{{Type: "pp", RoundNo: 1, Status: "approved"}}
		}
		if rng.Intn(2) == 0 {
			in.Deliveries = []Delivery{{"requested", in.ExFactory, 100}}
		}
		prev := Evaluate(in, Config{})
		for n := 0; n < 6; n++ {
			in = with(in, worsen[rng.Intn(len(worsen))])
			next := Evaluate(in, Config{})
			checkBand(t, next)
			if next.Score < prev.Score || levelRank[next.Level] < levelRank[prev.Level] {
				t.Fatalf("round %d step %d: %s %d %v → %s %d %v\n%+v", round, n, prev.Level, prev.Score, prev.Reasons,
					next.Level, next.Score, next.Reasons, in)
			}
			prev = next
		}
	}
}
