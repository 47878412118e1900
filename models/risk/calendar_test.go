package risk

import (
	"math/rand"
	"testing"
	"time"
	_ "time/tzdata" // the zones below on machines without a zone database
)

var (
	sundayOff  = Calendar{DaysOff: []time.Weekday{time.Sunday}}
	weekendOff = Calendar{DaysOff: []time.Weekday{time.Saturday, time.Sunday}}
	springFest = []DateRange{{From: "2027-02-05", To: "2027-02-11"}} // Fri … Thu
	withSpring = Calendar{DaysOff: []time.Weekday{time.Sunday}, Holidays: springFest}
	mustZone   = func(name string) *time.Location { z, err := time.LoadLocation(name); must(err); return z }
	shanghai   = mustZone("Asia/Shanghai")
	newYork    = mustZone("America/New_York")
	eveningUTC = time.Date(2026, 12, 2, 17, 0, 0, 0, time.UTC) // Dec 3 in Shanghai
)

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func TestCalendarToday(t *testing.T) {
	for _, c := range []struct {
		name string
		zone *time.Location
		want string
	}{
		{"nil zone is UTC", nil, "2026-12-02"},
		{"UTC", time.UTC, "2026-12-02"},
		{"Shanghai is a day ahead", shanghai, "2026-12-03"},
		{"New York", newYork, "2026-12-02"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := (Calendar{Zone: c.zone}).Today(eveningUTC); got != c.want {
				t.Errorf("Today = %s, want %s", got, c.want)
			}
		})
	}
}

func TestCalendarIsWorkday(t *testing.T) {
	for _, c := range []struct {
		name string
		cal  Calendar
		date string
		want bool
	}{
		{"weekday, no days off", Calendar{}, "2026-12-06", true},
		{"Sunday off", sundayOff, "2026-12-06", false},
		{"Saturday works with Sunday off", sundayOff, "2026-12-05", true},
		{"Saturday off with weekend off", weekendOff, "2026-12-05", false},
		{"holiday first day", withSpring, "2027-02-05", false},
		{"holiday last day", withSpring, "2027-02-11", false},
		{"day after holiday", withSpring, "2027-02-12", true},
		{"single-day holiday with empty To", Calendar{Holidays: []DateRange{{From: "2026-12-03"}}}, "2026-12-03", false},
		{"reversed holiday ignored", Calendar{Holidays: []DateRange{{From: "2026-12-04", To: "2026-12-02"}}}, "2026-12-03", true},
		{"every day off means none off", Calendar{DaysOff: []time.Weekday{0, 1, 2, 3, 4, 5, 6}}, "2026-12-06", true},
		{"unreadable date", Calendar{}, "2026-13-01", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.cal.IsWorkday(c.date); got != c.want {
				t.Errorf("IsWorkday(%s) = %v, want %v", c.date, got, c.want)
			}
		})
	}
}

func TestCalendarWorkdaysBetween(t *testing.T) {
	for _, c := range []struct {
		name     string
		cal      Calendar
		from, to string
		want     int
	}{
		{"same day", sundayOff, "2026-12-02", "2026-12-02", 0},
		{"next day", sundayOff, "2026-12-02", "2026-12-03", 1},
		{"over a Sunday", sundayOff, "2026-12-05", "2026-12-07", 1},
		{"a week, Sunday off", sundayOff, "2026-12-01", "2026-12-08", 6},
		{"a week, weekend off", weekendOff, "2026-12-01", "2026-12-08", 5},
		{"Saturday to Sunday, weekend off", weekendOff, "2026-12-05", "2026-12-06", 0},
		{"backwards is negative", sundayOff, "2026-12-08", "2026-12-01", -6},
		{"across the Spring Festival", withSpring, "2027-02-01", "2027-02-15", 6},
		{"inside the Spring Festival", withSpring, "2027-02-05", "2027-02-11", 0},
		{"overlapping holidays count once", Calendar{Holidays: []DateRange{{From: "2026-12-02", To: "2026-12-05"}, {From: "2026-12-04", To: "2026-12-08"}}},
			"2026-12-01", "2026-12-10", 2},
		{"unreadable", sundayOff, "x", "2026-12-01", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.cal.WorkdaysBetween(c.from, c.to); got != c.want {
				t.Errorf("WorkdaysBetween(%s, %s) = %d, want %d", c.from, c.to, got, c.want)
			}
		})
	}
}

func TestCalendarAddWorkdays(t *testing.T) {
	for _, c := range []struct {
		name string
		cal  Calendar
		from string
		n    int
		want string
	}{
		{"zero is from", sundayOff, "2026-12-06", 0, "2026-12-06"},
		{"negative is from", sundayOff, "2026-12-02", -3, "2026-12-02"},
		{"one", sundayOff, "2026-12-02", 1, "2026-12-03"},
		{"skips Sunday", sundayOff, "2026-12-05", 1, "2026-12-07"},
		{"from a day off", weekendOff, "2026-12-05", 1, "2026-12-07"},
		{"skips the weekend", weekendOff, "2026-12-04", 1, "2026-12-07"},
		{"over the Spring Festival", withSpring, "2027-02-04", 1, "2027-02-12"},
		{"from inside the Spring Festival", withSpring, "2027-02-06", 2, "2027-02-13"},
		{"holiday then Sunday", Calendar{DaysOff: []time.Weekday{time.Sunday}, Holidays: []DateRange{{From: "2026-12-03", To: "2026-12-05"}}},
			"2026-12-02", 1, "2026-12-07"},
		{"unreadable", sundayOff, "2026-02-30", 1, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.cal.AddWorkdays(c.from, c.n); got != c.want {
				t.Errorf("AddWorkdays(%s, %d) = %s, want %s", c.from, c.n, got, c.want)
			}
		})
	}
}

// The counting shortcuts agree with walking day by day, on random
// calendars with holidays.
func TestCalendarAgreesWithDayByDay(t *testing.T) {
	rng := rand.New(rand.NewSource(14))
	start, _ := dayNum("2026-11-01")
	for round := 0; round < 200; round++ {
		var c Calendar
		for w := time.Sunday; w <= time.Saturday; w++ {
			if rng.Intn(4) == 0 {
				c.DaysOff = append(c.DaysOff, w)
			}
		}
		for h := rng.Intn(5); h > 0; h-- {
			f := start + rng.Intn(120)
			c.Holidays = append(c.Holidays, DateRange{From: dayStr(f), To: dayStr(f + rng.Intn(12))})
		}
		k := c.prepare()
		slow := func(d int) bool { return k.isWorkday(d) }
		a, b := start+rng.Intn(150), start+rng.Intn(150)
		want := 0
		for d := min(a, b) + 1; d <= max(a, b); d++ {
			if slow(d) {
				want++
			}
		}
		if b < a {
			want = -want
		}
		if got := c.WorkdaysBetween(dayStr(a), dayStr(b)); got != want {
			t.Fatalf("round %d %+v: WorkdaysBetween(%s, %s) = %d, want %d", round, c, dayStr(a), dayStr(b), got, want)
		}
		n := rng.Intn(40)
		d := a
		for i := 0; i < n; {
			d++
			if slow(d) {
				i++
			}
		}
		if got := c.AddWorkdays(dayStr(a), n); got != dayStr(d) {
			t.Fatalf("round %d %+v: AddWorkdays(%s, %d) = %s, want %s", round, c, dayStr(a), n, got, dayStr(d))
		}
	}
}

// A year of holiday costs no more than a day of it.
func TestCalendarLongHoliday(t *testing.T) {
	c := Calendar{Holidays: []DateRange{{From: "2027-01-01", To: "2027-12-31"}}}
	if got := c.AddWorkdays("2026-12-31", 1); got != "2028-01-01" {
		t.Errorf("AddWorkdays over a year of holiday = %s", got)
	}
	if got := c.WorkdaysBetween("2026-12-30", "2028-01-02"); got != 3 {
		t.Errorf("WorkdaysBetween over a year of holiday = %d, want 3", got)
	}
}

func TestScoreBandHoldsEveryScore(t *testing.T) {
	for _, l := range []Level{Late, AtRisk, OnTrack} {
		lo, hi, ok := ScoreBand(l)
		if !ok || lo > hi {
			t.Fatalf("%s: %d..%d %v", l, lo, hi, ok)
		}
	}
	if _, _, ok := ScoreBand(Done); ok {
		t.Fatal("done has no band")
	}
}
