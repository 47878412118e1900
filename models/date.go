package models

import (
	"time"
)

// DateLayout is how calendar dates (ex-factory, planned, actual) are written
// in the API and stored: they compare correctly as strings.
const DateLayout = "2006-01-02"

// ParseDate checks a YYYY-MM-DD date.
func ParseDate(s string) (time.Time, bool) {
	t, err := time.Parse(DateLayout, s)
	return t, err == nil && t.Format(DateLayout) == s
}

// AddDays moves a YYYY-MM-DD date; the input must be valid.
func AddDays(s string, days int) string {
	t, _ := time.Parse(DateLayout, s)
	return t.AddDate(0, 0, days).Format(DateLayout)
}

// DaysBetween is b − a in days.
func DaysBetween(a, b string) int {
	ta, _ := time.Parse(DateLayout, a)
	tb, _ := time.Parse(DateLayout, b)
	return int(tb.Sub(ta).Hours() / 24)
}

// LatestToday is today's date where it is latest on Earth (UTC+14): a
// report dated "today" by a factory anywhere is never "in the future".
func LatestToday(now time.Time) string {
	return now.UTC().Add(14 * time.Hour).Format(DateLayout)
}
