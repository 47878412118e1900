package models

import (
	"regexp"
	"sync"
	"time"
	_ "time/tzdata" // suppliers' zones work on hosts without a zone database
)

// DateLayout is how calendar dates (ex-factory, planned, actual) are written
// in the API and stored: they compare correctly as strings.
const DateLayout = "2006-01-02"

// ParseDate checks a YYYY-MM-DD date.
func ParseDate(s string) (time.Time, bool) {
	t, err := time.Parse(DateLayout, s)
	return t, err == nil && t.Format(DateLayout) == s
}

// AddDays moves a YYYY-MM-DD date by calendar days; the input must be valid.
func AddDays(s string, days int) string {
	t, _ := time.Parse(DateLayout, s)
	return t.AddDate(0, 0, days).Format(DateLayout)
}

// DaysBetween is b − a in calendar days, for valid dates. It counts days,
// not hours: a difference of centuries does not saturate a time.Duration.
func DaysBetween(a, b string) int {
	return dayNumber(b) - dayNumber(a)
}

// dayNumber is the number of days from 1970-01-01 to a YYYY-MM-DD date of
// the proleptic Gregorian calendar (Howard Hinnant's days_from_civil).
func dayNumber(s string) int {
	t, _ := time.Parse(DateLayout, s)
	y, m, d := t.Date()
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (int(m) + 9) % 12 // March = 0
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// DefaultTimeZone is a supplier's zone unless it says otherwise: most
// factories are in China.
const DefaultTimeZone = "Asia/Shanghai"

// zoneName is the shape of an IANA zone name: "UTC", "Asia/Shanghai",
// "America/Argentina/Buenos_Aires", "Etc/GMT-8".
var zoneName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_+-]{0,30}(/[A-Za-z0-9][A-Za-z0-9_+-]{0,30}){0,2}$`)

// zones caches loaded locations; they never change while the process runs.
var zones sync.Map // string → *time.Location

// LoadZone loads an IANA time zone such as "Asia/Shanghai" (the zone
// database is compiled into the binary, so no host files are needed).
// "Local" and "" are not zones a supplier can have.
func LoadZone(name string) (*time.Location, bool) {
	if l, ok := zones.Load(name); ok {
		return l.(*time.Location), true
	}
	if name == "Local" || !zoneName.MatchString(name) {
		return nil, false
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil, false
	}
	zones.Store(name, l)
	return l, true
}

// TodayIn is the calendar date at now in a time zone; an unknown zone
// counts as the default one.
func TodayIn(now time.Time, zone string) string {
	l, ok := LoadZone(zone)
	if !ok {
		l, _ = LoadZone(DefaultTimeZone)
	}
	return now.In(l).Format(DateLayout)
}

// LatestToday is today's date where it is latest on Earth (UTC+14): a
// report dated "today" by a factory anywhere is never "in the future".
func LatestToday(now time.Time) string {
	return now.UTC().Add(14 * time.Hour).Format(DateLayout)
}

// Dates Gendan accepts: no order, plan or report lies outside these years,
// so a typo such as 0207 for 2027 is refused rather than moving a plan by
// centuries.
const (
	MinDate = "2000-01-01"
	MaxDate = "2100-12-31"
)

var dateShape = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// DateProblem says what is wrong with a YYYY-MM-DD date: not_a_date (not
// that shape), no_such_date (that shape, but not a day of the calendar,
// such as 2027-02-30) or date_out_of_range (before 2000 or after 2100); nil
// when it is a date Gendan accepts.
func DateProblem(s string) *FieldError {
	if !dateShape.MatchString(s) {
		fe := Problem("not_a_date")
		return &fe
	}
	if _, ok := ParseDate(s); !ok {
		fe := Problem("no_such_date")
		return &fe
	}
	if s < MinDate || s > MaxDate {
		fe := Problem("date_out_of_range", "min", MinDate, "max", MaxDate)
		return &fe
	}
	return nil
}

// checkDate adds a date's problem to v and reports whether it was valid;
// an empty date is "required" when required, else valid.
func checkDate(v *ValidationError, field, s string, required bool) bool {
	if s == "" && !required {
		return true
	}
	if s == "" {
		v.Add(field, "required")
		return false
	}
	if fe := DateProblem(s); fe != nil {
		v.AddProblem(field, *fe)
		return false
	}
	return true
}
