package models

import (
	"context"
	"fmt"
)

// DashboardFilter narrows the dashboard to one merchandiser's orders.
type DashboardFilter struct {
	MerchandiserID *int64
}

// DashboardCounts are the numbers a merchandiser watches: orders by status,
// and how many live orders are overdue or due soon (see due.go).
type DashboardCounts struct {
	// ByStatus has every order status, 0 when no order has it.
	ByStatus map[string]int64
	// Overdue counts live orders whose ex-factory date or an open step's
	// planned date is before the supplier's today.
	Overdue int64
	// DueSoon counts the other live orders with such a date within
	// DueSoonDays of the supplier's today.
	DueSoon int64
}

// DashboardCounts counts with aggregates in the database: one GROUP BY for
// the statuses, one over the late and nearly late dates for the rest. No
// order is listed.
func (s *Store) DashboardCounts(ctx context.Context, f DashboardFilter) (*DashboardCounts, error) {
	out := &DashboardCounts{ByStatus: make(map[string]int64, len(OrderStatuses))}
	for _, st := range OrderStatuses {
		out.ByStatus[st] = 0
	}
	var rows []struct {
		Status string
		N      int64
	}
	q := s.conn(ctx).Model(&Order{}).Select("status, COUNT(*) AS n").Group("status")
	if f.MerchandiserID != nil {
		q = q.Where("merchandiser_id = ?", *f.MerchandiserID)
	}
	if err := q.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("dashboard: count by status: %w", err)
	}
	for _, r := range rows {
		out.ByStatus[r.Status] = r.N
	}

	// Overdue and due soon follow OrderDue: an order is as late as the
	// earlier of its ex-factory date and its earliest open step, judged on
	// its supplier's today. Only dates up to the latest "soon" of any zone
	// can make an order overdue or due soon, and an order that has one has
	// its earliest date among them; so the database reads just those dates
	// (index-only ranges on milestones (status, planned_date, order_id) and
	// orders (status, ex_factory_date)), takes each live order's earliest
	// and counts the orders by zone and date. The few rows that come back
	// are classified by dueOn, the rule itself. The work grows with the late
	// and nearly late orders, not with every live one.
	now := s.clock.Now()
	maxSoon := AddDays(LatestToday(now), DueSoonDays) // no supplier's today is later
	args := []any{openMilestoneStatuses, maxSoon, liveOrderStatuses, maxSoon, liveOrderStatuses}
	where := "o.status IN ?"
	if f.MerchandiserID != nil {
		where += " AND o.merchandiser_id = ?"
		args = append(args, *f.MerchandiserID)
	}
	sql := `SELECT sp.time_zone AS zone, g.due AS due, COUNT(*) AS n
FROM (
  SELECT x.id, MIN(x.due) AS due FROM (
    SELECT m.order_id AS id, m.planned_date AS due FROM milestones m WHERE m.status IN ? AND m.planned_date <= ?
    UNION ALL
    SELECT o.id, o.ex_factory_date FROM orders o WHERE o.status IN ? AND o.ex_factory_date <= ?
  ) x GROUP BY x.id
) g
JOIN orders o ON o.id = g.id
JOIN suppliers sp ON sp.id = o.supplier_id
WHERE ` + where + `
GROUP BY sp.time_zone, g.due`
	var dues []struct {
		Zone string
		Due  string
		N    int64
	}
	if err := s.conn(ctx).Raw(sql, args...).Scan(&dues).Error; err != nil {
		return nil, fmt.Errorf("dashboard: due counts: %w", err)
	}
	today := map[string]string{}
	for _, d := range dues {
		t, ok := today[d.Zone]
		if !ok {
			t = TodayIn(now, d.Zone)
			today[d.Zone] = t
		}
		due := dueOn(d.Due, t)
		if due.Overdue {
			out.Overdue += d.N
		}
		if due.DueSoon {
			out.DueSoon += d.N
		}
	}
	return out, nil
}
