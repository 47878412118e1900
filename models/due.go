package models

import "time"

// Overdue and due soon are decided here and only here: the DTOs use Due*,
// the dashboard's SQL (dashboard.go) spells out the same comparisons.
//
// A date is overdue when it is before today, and due soon when it falls in
// today … today+DueSoonDays. "Today" is the supplier's calendar day in its
// time zone, because a plan date means the end of that day at the factory:
// a step planned for the 3rd is not late in Hangzhou while it is still the
// 3rd there, whatever the date in UTC.

// DueSoonDays is how far ahead "due soon" looks.
const DueSoonDays = 7

// Due is where a step or an order stands against its supplier's today.
type Due struct {
	Overdue bool
	DueSoon bool
}

// dueOn classifies a date against today (both YYYY-MM-DD).
func dueOn(date, today string) Due {
	switch {
	case date < today:
		return Due{Overdue: true}
	case date <= AddDays(today, DueSoonDays):
		return Due{DueSoon: true}
	}
	return Due{}
}

// SupplierToday is the supplier's calendar date at now.
func SupplierToday(now time.Time, sp *Supplier) string {
	return TodayIn(now, sp.TimeZone)
}

// MilestoneDue: only steps still to do can be late, and only while their
// order's plan is being worked.
func MilestoneDue(m *Milestone, orderStatus, today string) Due {
	if !contains(liveOrderStatuses, orderStatus) || !contains(openMilestoneStatuses, m.Status) {
		return Due{}
	}
	return dueOn(m.PlannedDate, today)
}

// OrderDue: a live order is as late as the earlier of its ex-factory date
// and its earliest open step (earliestOpen, "" when none is open).
func OrderDue(o *Order, earliestOpen, today string) Due {
	if !contains(liveOrderStatuses, o.Status) {
		return Due{}
	}
	return dueOn(orderDueDate(o.ExFactoryDate, earliestOpen), today)
}

func orderDueDate(exFactory, earliestOpen string) string {
	if earliestOpen != "" && earliestOpen < exFactory {
		return earliestOpen
	}
	return exFactory
}
