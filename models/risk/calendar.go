package risk

import (
	"sort"
	"time"
)

// The calendar works on day numbers (days since 1970-01-01) so that
// counting working days over a long span costs a few operations per
// holiday, not one per day: the sweep evaluates every live order.

const dateLayout = "2006-01-02"

// dayNum parses a YYYY-MM-DD date; ok is false for anything else.
func dayNum(date string) (int, bool) {
	t, err := time.Parse(dateLayout, date)
	if err != nil {
		return 0, false
	}
	return int(t.Unix() / 86400), true
}

func dayStr(d int) string {
	return time.Unix(int64(d)*86400, 0).UTC().Format(dateLayout)
}

// weekday of a day number: 1970-01-01 was a Thursday.
func weekday(d int) time.Weekday {
	return time.Weekday(((d+4)%7 + 7) % 7)
}

// span is an inclusive range of day numbers.
type span struct{ from, to int }

// cal is a Calendar prepared for counting.
type cal struct {
	zone     *time.Location
	off      [7]bool
	perWeek  int    // working weekdays per week, 1…7
	holidays []span // sorted, merged, neither overlapping nor adjacent
}

// prepare builds the counting form of c. A calendar whose every weekday is
// off would have no working day at all and make every count meaningless;
// it is taken as having no weekly day off. Holidays with an unreadable date
// or From after To are ignored; an empty To means the single day From.
func (c Calendar) prepare() *cal {
	k := &cal{zone: c.Zone}
	if k.zone == nil {
		k.zone = time.UTC
	}
	for _, w := range c.DaysOff {
		if w >= time.Sunday && w <= time.Saturday {
			k.off[w] = true
		}
	}
	for w := range k.off {
		if !k.off[w] {
			k.perWeek++
		}
	}
	if k.perWeek == 0 {
		k.off, k.perWeek = [7]bool{}, 7
	}
	for _, h := range c.Holidays {
		to := h.To
		if to == "" {
			to = h.From
		}
		f, ok1 := dayNum(h.From)
		t, ok2 := dayNum(to)
		if ok1 && ok2 && f <= t {
			k.holidays = append(k.holidays, span{f, t})
		}
	}
	sort.Slice(k.holidays, func(i, j int) bool { return k.holidays[i].from < k.holidays[j].from })
	merged := k.holidays[:0]
	for _, h := range k.holidays {
		if n := len(merged); n > 0 && h.from <= merged[n-1].to+1 {
			if h.to > merged[n-1].to {
				merged[n-1].to = h.to
			}
			continue
		}
		merged = append(merged, h)
	}
	k.holidays = merged
	return k
}

func (k *cal) today(now time.Time) int {
	d, _ := dayNum(now.In(k.zone).Format(dateLayout))
	return d
}

// holidayAt returns the holiday range holding day d, if any.
func (k *cal) holidayAt(d int) (span, bool) {
	i := sort.Search(len(k.holidays), func(i int) bool { return k.holidays[i].to >= d })
	if i < len(k.holidays) && k.holidays[i].from <= d {
		return k.holidays[i], true
	}
	return span{}, false
}

func (k *cal) isWorkday(d int) bool {
	if k.off[weekday(d)] {
		return false
	}
	_, hol := k.holidayAt(d)
	return !hol
}

// weekdays counts the days in (a, b] that are not weekly days off,
// ignoring holidays; a <= b.
func (k *cal) weekdays(a, b int) int {
	n := b - a
	count := n / 7 * k.perWeek
	for i := 1; i <= n%7; i++ {
		if !k.off[weekday(a+i)] {
			count++
		}
	}
	return count
}

// between counts the working days in (a, b], negated when b < a.
func (k *cal) between(a, b int) int {
	if b < a {
		return -k.between(b, a)
	}
	count := k.weekdays(a, b)
	for _, h := range k.holidays {
		lo, hi := max(h.from-1, a), min(h.to, b)
		if lo < hi {
			count -= k.weekdays(lo, hi)
		}
	}
	return count
}

// add returns the n-th working day after d (d itself for n <= 0). Each
// round jumps to the first day that would be the n-th working day if there
// were no holidays, then counts what the holidays took; a holiday that
// starts the next day is skipped whole, so the rounds are bounded by the
// number of holidays.
func (k *cal) add(d, n int) int {
	for n > 0 {
		if h, ok := k.holidayAt(d + 1); ok {
			d = h.to
		}
		weeks := (n - 1) / k.perWeek
		j, need := d+7*weeks, n-weeks*k.perWeek
		for need > 0 {
			j++
			if !k.off[weekday(j)] {
				need--
			}
		}
		n -= k.between(d, j)
		d = j
	}
	return d
}

// Today is the date at now in the calendar's time zone.
func (c Calendar) Today(now time.Time) string {
	zone := c.Zone
	if zone == nil {
		zone = time.UTC
	}
	return now.In(zone).Format(dateLayout)
}

// IsWorkday says whether date is a working day: not a weekly day off and
// not in a holiday. An unreadable date is not a working day.
func (c Calendar) IsWorkday(date string) bool {
	d, ok := dayNum(date)
	return ok && c.prepare().isWorkday(d)
}

// WorkdaysBetween counts the working days after from up to and including
// to; it is negative (the count from to to from, negated) when to is
// before from, and 0 when either date is unreadable.
func (c Calendar) WorkdaysBetween(from, to string) int {
	a, ok1 := dayNum(from)
	b, ok2 := dayNum(to)
	if !ok1 || !ok2 {
		return 0
	}
	return c.prepare().between(a, b)
}

// AddWorkdays returns the n-th working day after from; from itself for
// n <= 0, and "" when from is unreadable.
func (c Calendar) AddWorkdays(from string, n int) string {
	d, ok := dayNum(from)
	if !ok {
		return ""
	}
	return dayStr(c.prepare().add(d, n))
}
