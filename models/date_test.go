package models

import "testing"

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
