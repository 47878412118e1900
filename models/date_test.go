package models

import (
	"testing"
	"time"
)

func TestDaysBetweenIsCalendarArithmetic(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"2027-06-30", "2027-07-31", 31},
		{"2027-07-31", "2027-06-30", -31},
		{"2027-01-01", "2027-01-01", 0},
		{"2027-02-28", "2027-03-01", 1},
		{"2028-02-28", "2028-03-01", 2}, // leap year
		{"2100-02-28", "2100-03-01", 1}, // not a leap year
		{"2000-02-28", "2000-03-01", 2}, // a leap year
		{"1970-01-01", "1970-01-02", 1},
		{"1969-12-31", "1970-01-01", 1},
		{"2000-01-01", "2100-12-31", 36889},
		// Far beyond what a time.Duration holds (±292 years): no saturation.
		{"0207-06-30", "2027-06-30", 664742},
		{"0001-01-01", "9999-12-31", 3652058},
	}
	for _, c := range cases {
		if got := DaysBetween(c.a, c.b); got != c.want {
			t.Errorf("DaysBetween(%s, %s) = %d, want %d", c.a, c.b, got, c.want)
		}
		if c.want > -100000 && c.want < 100000 {
			if got := AddDays(c.a, c.want); got != c.b {
				t.Errorf("AddDays(%s, %d) = %s, want %s", c.a, c.want, got, c.b)
			}
		}
	}
	// Every day of 1999–2101 is one after the other.
	d := "1999-01-01"
	n := dayNumber(d)
	for i := 0; i < 103*366; i++ {
		next := AddDays(d, 1)
		if dayNumber(next) != n+1 {
			t.Fatalf("dayNumber(%s) = %d, dayNumber(%s) = %d", d, n, next, dayNumber(next))
		}
		d, n = next, n+1
	}
}

func TestLoadZone(t *testing.T) {
	for _, z := range []string{"Asia/Shanghai", "UTC", "America/Argentina/Buenos_Aires", "Europe/Berlin", "Etc/GMT-8", "Asia/Ho_Chi_Minh"} {
		if _, ok := LoadZone(z); !ok {
			t.Errorf("LoadZone(%q) failed", z)
		}
	}
	for _, z := range []string{"", "Local", "Mars/Olympus", "asia shanghai", "../../etc/passwd", "/etc/localtime", "Asia/Shanghai/", "+08:00"} {
		if _, ok := LoadZone(z); ok {
			t.Errorf("LoadZone(%q) accepted", z)
		}
	}
}

// TestTodayAcrossTheUTCDayBoundary: at 17:00 UTC it is already tomorrow in
// China and still today in California.
func TestTodayAcrossTheUTCDayBoundary(t *testing.T) {
	now := time.Date(2026, 3, 2, 17, 0, 0, 0, time.UTC)
	for zone, want := range map[string]string{
		"Asia/Shanghai":       "2026-03-03",
		"UTC":                 "2026-03-02",
		"America/Los_Angeles": "2026-03-02",
		"Pacific/Kiritimati":  "2026-03-03",
		"":                    "2026-03-03", // unknown: the default zone
	} {
		if got := TodayIn(now, zone); got != want {
			t.Errorf("TodayIn(17:00 UTC, %q) = %s, want %s", zone, got, want)
		}
	}
	if got := TodayIn(now.Add(-2*time.Hour), "Asia/Shanghai"); got != "2026-03-02" {
		t.Errorf("15:00 UTC in Shanghai = %s, want 2026-03-02", got)
	}
}

func TestDue(t *testing.T) {
	const today = "2026-03-03"
	live := &Order{Status: StatusInProduction, ExFactoryDate: "2026-04-30"}
	cases := []struct {
		name     string
		m        Milestone
		order    string
		overdue  bool
		dueSoon  bool
		orderDue Due
	}{
		{"yesterday", Milestone{PlannedDate: "2026-03-02", Status: MilestoneOpen}, StatusInProduction, true, false, Due{Overdue: true}},
		{"today", Milestone{PlannedDate: today, Status: MilestoneInProgress}, StatusConfirmed, false, true, Due{DueSoon: true}},
		{"in 7 days", Milestone{PlannedDate: "2026-03-10", Status: MilestoneOpen}, StatusConfirmed, false, true, Due{DueSoon: true}},
		{"in 8 days", Milestone{PlannedDate: "2026-03-11", Status: MilestoneOpen}, StatusConfirmed, false, false, Due{}},
		{"done late", Milestone{PlannedDate: "2026-03-01", Status: MilestoneDone}, StatusInProduction, false, false, Due{}},
		{"cancelled", Milestone{PlannedDate: "2026-03-01", Status: MilestoneCancelled}, StatusInProduction, false, false, Due{}},
		{"shipped order", Milestone{PlannedDate: "2026-03-01", Status: MilestoneOpen}, StatusShipped, false, false, Due{}},
		{"draft order", Milestone{PlannedDate: "2026-03-01", Status: MilestoneOpen}, StatusDraft, false, false, Due{}},
	}
	for _, c := range cases {
		got := MilestoneDue(&c.m, c.order, today)
		if got.Overdue != c.overdue || got.DueSoon != c.dueSoon {
			t.Errorf("%s: MilestoneDue = %+v, want overdue=%v due_soon=%v", c.name, got, c.overdue, c.dueSoon)
		}
		o := *live
		o.Status = c.order
		earliest := ""
		if contains(openMilestoneStatuses, c.m.Status) {
			earliest = c.m.PlannedDate
		}
		if got := OrderDue(&o, earliest, today); got != c.orderDue {
			t.Errorf("%s: OrderDue = %+v, want %+v", c.name, got, c.orderDue)
		}
	}
	// The ex-factory date counts as much as a step.
	if got := OrderDue(&Order{Status: StatusConfirmed, ExFactoryDate: "2026-03-02"}, "", today); !got.Overdue {
		t.Errorf("ex-factory yesterday, no open step: %+v", got)
	}
	if got := OrderDue(&Order{Status: StatusConfirmed, ExFactoryDate: "2026-03-05"}, "2026-05-01", today); !got.DueSoon {
		t.Errorf("ex-factory in 2 days: %+v", got)
	}
}
