package models

import (
	"testing"
	"time"
)

func TestDefectPoints(t *testing.T) {
	cases := []struct {
		lengthE2 int64
		hole     bool
		want     int
	}{
		{1, false, 1}, {250, false, 1}, {300, false, 1}, // ≤ 3 in
		{301, false, 2}, {600, false, 2}, // > 3, ≤ 6
		{601, false, 3}, {900, false, 3}, // > 6, ≤ 9
		{901, false, 4}, {3600, false, 4}, // > 9
		{50, true, 2}, {100, true, 2}, // hole ≤ 1 in
		{101, true, 4}, {500, true, 4}, // larger hole
	}
	for _, c := range cases {
		if got := DefectPoints(c.lengthE2, c.hole); got != c.want {
			t.Errorf("DefectPoints(%d, hole %v) = %d, want %d", c.lengthE2, c.hole, got, c.want)
		}
	}
}

func roll(yardsE2, widthE2 int64, defects ...FourPointDefect) FourPointRoll {
	return FourPointRoll{YardsE2: yardsE2, WidthE2: widthE2, Defects: defects, ShadeOK: true, WidthOK: true, WeightOK: true}
}

func d(yard int, lengthE2 int64) FourPointDefect {
	return FourPointDefect{Yard: yard, LengthE2: lengthE2}
}

func TestFourPoint(t *testing.T) {
	// 100 yards × 36 in: points × 3600 ÷ 3600 = points, so 40 points is
	// exactly 40.00 per 100 square yards.
	forty := make([]FourPointDefect, 0, 10)
	for y := 1; y <= 10; y++ {
		forty = append(forty, d(y, 1000)) // 4 points each
	}
	cases := []struct {
		name      string
		rolls     []FourPointRoll
		threshold int
		points    int
		per100    int64
		result    string
	}{
		{"clean roll", []FourPointRoll{roll(10000, 3600)}, 40, 0, 0, MResultPass},
		{"exactly 40 passes", []FourPointRoll{roll(10000, 3600, forty...)}, 40, 40, 4000, MResultPass},
		{"41 passes at a threshold of 41", []FourPointRoll{roll(10000, 3600, append(forty, d(11, 100))...)}, 41, 41, 4100, MResultPass},
		// 41 points over 100 yd × 36 in is 41.00; at threshold 40 it fails.
		{"41 fails at 40", []FourPointRoll{roll(10000, 3600, append(forty, d(11, 100))...)}, 40, 41, 4100, MResultFail},
		// one more point over a slightly larger area: 41 × 3600 ÷ (102.5 × 36) = 40.0 exactly
		{"area conversion", []FourPointRoll{roll(10250, 3600, append(forty, d(11, 100))...)}, 40, 41, 4000, MResultPass},
		// 41 × 3600 ÷ (102.49 × 36) = 40.0039… rounds up to 40.01: fails
		{"40.0039 shows 40.01 and fails", []FourPointRoll{roll(10249, 3600, append(forty, d(11, 100))...)}, 40, 41, 4001, MResultFail},
		// width: 10 points over 50 yd × 58 in = 10 × 3600 ÷ 2900 = 12.4137… → 12.42
		{"yards × width", []FourPointRoll{roll(5000, 5800, d(1, 1000), d(2, 1000), d(3, 200), d(4, 200))}, 40, 10, 1242, MResultPass},
		// the cap: three 4-point defects in one yard count 4
		{"per-yard cap", []FourPointRoll{roll(1000, 3600, d(1, 1000), d(1, 1000), d(1, 500))}, 40, 4, 4000, MResultPass},
		{"cap per yard, not per roll", []FourPointRoll{roll(1000, 3600, d(1, 1000), d(1, 1000), d(2, 100), d(2, 200))}, 100, 6, 6000, MResultPass},
		{"holes", []FourPointRoll{roll(1000, 3600, FourPointDefect{Yard: 1, LengthE2: 100, Hole: true}, FourPointDefect{Yard: 2, LengthE2: 150, Hole: true})}, 100, 6, 6000, MResultPass},
		{"two rolls sum their area", []FourPointRoll{roll(5000, 3600, forty[:5]...), roll(5000, 3600, forty[5:]...)}, 40, 40, 4000, MResultPass},
		{"nothing inspected fails", []FourPointRoll{roll(0, 3600)}, 40, 0, 0, MResultFail},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := FourPoint(c.rolls, c.threshold)
			if got.TotalPoints != c.points || got.Per100E2 != c.per100 || got.Result != c.result {
				t.Errorf("points %d, per 100 %d, %s; want %d, %d, %s", got.TotalPoints, got.Per100E2, got.Result, c.points, c.per100, c.result)
			}
		})
	}
	t.Run("shade fails: conditional unless points fail", func(t *testing.T) {
		r := roll(10000, 3600)
		r.ShadeOK = false
		if got := FourPoint([]FourPointRoll{r}, 40).Result; got != MResultConditional {
			t.Errorf("shade off, no points: %s, want conditional", got)
		}
		r.Defects = append(forty, d(11, 100))
		if got := FourPoint([]FourPointRoll{r}, 40).Result; got != MResultFail {
			t.Errorf("shade off, points over: %s, want fail", got)
		}
		w := roll(10000, 3600)
		w.WeightOK = false
		if got := FourPoint([]FourPointRoll{roll(10000, 3600), w}, 40).Result; got != MResultConditional {
			t.Errorf("one roll's weight off: %s, want conditional", got)
		}
	})
}

func TestJudgeTrims(t *testing.T) {
	// Lot 1,200 at level II is code letter J: 80 pieces, AQL 2.5 → Ac 5, Re 6.
	j, err := JudgeTrims(1200, "II", "2.5", 5)
	if err != nil {
		t.Fatal(err)
	}
	if j.Plan.SampleSize != 80 || j.Plan.Ac != 5 || j.Plan.Re != 6 || j.Result != MResultPass {
		t.Errorf("5 defects: %+v %s", j.Plan, j.Result)
	}
	if j, _ := JudgeTrims(1200, "II", "2.5", 6); j.Result != MResultFail {
		t.Errorf("6 defects: %s, want fail", j.Result)
	}
	if _, err := JudgeTrims(1200, "II", "3.3", 0); err == nil {
		t.Error("an AQL not in the tables was accepted")
	}
}

func TestDecimalText(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{{"12", 1200, true}, {"12.5", 1250, true}, {"0.01", 1, true}, {"12.505", 0, false}, {"-1", 0, false}, {"1.", 0, false}, {"", 0, false}, {"a", 0, false}} {
		got, ok := ParseDecimal(c.in, 2)
		if got != c.want || ok != c.ok {
			t.Errorf("ParseDecimal(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	if s := FormatHundredths(125050); s != "1250.50" {
		t.Errorf("FormatHundredths = %s", s)
	}
	if s := FormatDecimal(13500, 4); s != "1.3500" {
		t.Errorf("decText 4 = %s", s)
	}
}

func TestLineReadiness(t *testing.T) {
	const today = "2026-12-10"
	st := func(mod func(*MaterialLineState)) MaterialLineState {
		s := MaterialLineState{LineID: 1, Name: "面料", NeededBy: "2026-12-20", NeededE2: 10000}
		mod(&s)
		return s
	}
	cases := []struct {
		name   string
		in     MaterialLineState
		status string
		short  int64
	}{
		{"nothing ordered", st(func(*MaterialLineState) {}), ReadyShort, 10000},
		{"ordered in part", st(func(s *MaterialLineState) { s.OrderedE2 = 5000 }), ReadyShort, 10000},
		{"ordered", st(func(s *MaterialLineState) { s.OrderedE2 = 10000; s.ETA = "2026-12-18" }), ReadyOrdered, 10000},
		{"ETA after needed-by", st(func(s *MaterialLineState) { s.OrderedE2 = 10000; s.ETA = "2026-12-21" }), ReadyLate, 10000},
		{"ETA on needed-by", st(func(s *MaterialLineState) { s.OrderedE2 = 10000; s.ETA = "2026-12-20" }), ReadyOrdered, 10000},
		{"needed-by passed, short", st(func(s *MaterialLineState) { s.NeededBy = "2026-12-09" }), ReadyLate, 10000},
		{"needed-by today is not late", st(func(s *MaterialLineState) { s.NeededBy = today; s.OrderedE2 = 10000 }), ReadyOrdered, 10000},
		{"received, not inspected", st(func(s *MaterialLineState) { s.OrderedE2, s.ReceivedE2, s.PendingE2 = 10000, 10000, 10000 }), ReadyInspecting, 10000},
		{"passed in part", st(func(s *MaterialLineState) {
			s.OrderedE2, s.ReceivedE2, s.PassedE2, s.PendingE2 = 10000, 10000, 6000, 4000
		}), ReadyInspecting, 4000},
		{"passed", st(func(s *MaterialLineState) { s.OrderedE2, s.ReceivedE2, s.PassedE2 = 10000, 10000, 10000 }), ReadyReady, 0},
		{"passed over", st(func(s *MaterialLineState) { s.OrderedE2, s.ReceivedE2, s.PassedE2 = 11000, 11000, 11000 }), ReadyReady, 0},
		{"ready even past needed-by", st(func(s *MaterialLineState) { s.PassedE2 = 10000; s.NeededBy = "2026-12-01" }), ReadyReady, 0},
		{"failed lot", st(func(s *MaterialLineState) { s.OrderedE2, s.ReceivedE2, s.Failed = 10000, 10000, true }), ReadyFailed, 10000},
		{"failed wins over late", st(func(s *MaterialLineState) { s.Failed = true; s.NeededBy = "2026-12-01" }), ReadyFailed, 10000},
		{"no needed-by is never late", st(func(s *MaterialLineState) { s.NeededBy = ""; s.ETA = "2027-01-01"; s.OrderedE2 = 10000 }), ReadyOrdered, 10000},
		{"nothing needed is ready", st(func(s *MaterialLineState) { s.NeededE2 = 0 }), ReadyReady, 0},
	}
	for _, c := range cases {
		got := LineReadinessOf(c.in, today)
		if got.Status != c.status || got.ShortE2 != c.short {
			t.Errorf("%s: %s short %d, want %s short %d", c.name, got.Status, got.ShortE2, c.status, c.short)
		}
	}
}

func TestOrderReadiness(t *testing.T) {
	const today = "2026-12-10"
	line := func(id int64, passed int64, failed bool, neededBy string) MaterialLineState {
		return MaterialLineState{LineID: id, Name: map[int64]string{1: "面料", 2: "拉链", 3: "纽扣"}[id], NeededBy: neededBy,
			NeededE2: 100, OrderedE2: 100, PassedE2: passed, Failed: failed}
	}
	cases := []struct {
		name     string
		lines    []MaterialLineState
		status   string
		ready    int
		blocking []string
	}{
		{"no lines", nil, OrderReadyNone, 0, nil},
		{"all ready", []MaterialLineState{line(1, 100, false, ""), line(2, 100, false, "")}, OrderReadyReady, 2, nil},
		{"one ordered", []MaterialLineState{line(1, 100, false, ""), line(2, 0, false, "2026-12-20")}, OrderReadyPending, 1, []string{"拉链:ordered"}},
		{"one failed", []MaterialLineState{line(1, 0, true, ""), line(2, 0, false, "2026-12-20")}, OrderReadyBlocked, 0, []string{"面料:failed", "拉链:ordered"}},
		{"short past needed-by", []MaterialLineState{line(3, 0, false, "2026-12-01")}, OrderReadyBlocked, 0, []string{"纽扣:late"}},
	}
	for _, c := range cases {
		or, per := OrderReadinessOf(c.lines, today)
		var bl []string
		for _, b := range or.Blocking {
			bl = append(bl, b.Name+":"+b.Status)
			if per[b.LineID].Status != b.Status {
				t.Errorf("%s: line %d is %s in the map, %s in blocking", c.name, b.LineID, per[b.LineID].Status, b.Status)
			}
		}
		if or.Status != c.status || or.LinesReady != c.ready || or.LinesTotal != len(c.lines) || len(bl) != len(c.blocking) {
			t.Errorf("%s: %+v, want %s ready %d blocking %v", c.name, or, c.status, c.ready, c.blocking)
			continue
		}
		for i := range bl {
			if bl[i] != c.blocking[i] {
				t.Errorf("%s: blocking %v, want %v", c.name, bl, c.blocking)
			}
		}
	}
}

func TestGoverningInspection(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	id := func(v int64) *int64 { return &v }
	rcs := []MaterialReceipt{{ID: 1, CreatedAt: at(0)}, {ID: 2, CreatedAt: at(5)}}
	cases := []struct {
		name  string
		insps []MaterialInspection
		want  map[int64]int64 // receipt → inspection id, 0 none
	}{
		{"none", nil, map[int64]int64{1: 0, 2: 0}},
		{"own", []MaterialInspection{{ID: 10, ReceiptID: id(2), CreatedAt: at(6)}}, map[int64]int64{1: 0, 2: 10}},
		{"line-wide covers what arrived before it", []MaterialInspection{{ID: 10, CreatedAt: at(2)}}, map[int64]int64{1: 10, 2: 0}},
		{"a later line-wide re-inspection overrides an own one", []MaterialInspection{{ID: 10, ReceiptID: id(1), CreatedAt: at(1)}, {ID: 11, CreatedAt: at(7)}},
			map[int64]int64{1: 11, 2: 11}},
		{"a later own one overrides a line-wide", []MaterialInspection{{ID: 10, CreatedAt: at(7)}, {ID: 11, ReceiptID: id(1), CreatedAt: at(8)}},
			map[int64]int64{1: 11, 2: 10}},
	}
	for _, c := range cases {
		g := governing(rcs, c.insps)
		for r, want := range c.want {
			got := int64(0)
			if g[r] != nil {
				got = g[r].ID
			}
			if got != want {
				t.Errorf("%s: receipt %d judged by %d, want %d", c.name, r, got, want)
			}
		}
	}
	if !lotBlocked(&MaterialInspection{Result: MResultFail}) || lotBlocked(&MaterialInspection{Result: MResultFail, Resolution: MResolveConcession}) ||
		!lotBlocked(&MaterialInspection{Result: MResultFail, Resolution: MResolveReplacement}) || lotBlocked(&MaterialInspection{Result: MResultConditional}) {
		t.Error("lotBlocked")
	}
}
