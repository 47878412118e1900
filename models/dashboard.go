package models

import (
	"context"
	"fmt"
	"strings"
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

// DashboardCounts counts with aggregates in the database; it reads no
// order rows, so it costs the same for ten orders as for ten thousand.
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

	// "Today" is each supplier's own: a CASE over the zones in use maps
	// each supplier's zone to its today and today+DueSoonDays, computed
	// here by TodayIn like every other "today".
	var zs []string
	if err := s.conn(ctx).Model(&Supplier{}).Distinct("time_zone").Pluck("time_zone", &zs).Error; err != nil {
		return nil, fmt.Errorf("dashboard: time zones: %w", err)
	}
	now := s.clock.Now()
	var todayCase, soonCase strings.Builder
	var todayArgs, soonArgs []any
	for _, z := range append([]string{DefaultTimeZone}, zs...) {
		today := TodayIn(now, z)
		todayCase.WriteString(" WHEN ? THEN ?")
		soonCase.WriteString(" WHEN ? THEN ?")
		todayArgs = append(todayArgs, z, today)
		soonArgs = append(soonArgs, z, AddDays(today, DueSoonDays))
	}
	fallback := TodayIn(now, DefaultTimeZone)
	todayArgs = append(todayArgs, fallback)
	soonArgs = append(soonArgs, AddDays(fallback, DueSoonDays))

	// The same rule as OrderDue: the order is as late as the earlier of
	// its ex-factory date and its earliest open step (NULL when none; a
	// comparison with NULL is not true, so CASE moves on).
	where := "o.status IN ?"
	args := append(append(append([]any{}, openMilestoneStatuses), todayArgs...), soonArgs...)
	args = append(args, liveOrderStatuses)
	if f.MerchandiserID != nil {
		where += " AND o.merchandiser_id = ?"
		args = append(args, *f.MerchandiserID)
	}
	sql := `SELECT
  COALESCE(SUM(CASE WHEN d.ex_factory_date < d.today OR d.earliest < d.today THEN 1 ELSE 0 END), 0) AS overdue,
  COALESCE(SUM(CASE WHEN d.ex_factory_date < d.today OR d.earliest < d.today THEN 0
                    WHEN d.ex_factory_date <= d.soon OR d.earliest <= d.soon THEN 1 ELSE 0 END), 0) AS due_soon
FROM (
  SELECT o.ex_factory_date,
    (SELECT MIN(m.planned_date) FROM milestones m WHERE m.order_id = o.id AND m.status IN ?) AS earliest,
    CASE sp.time_zone` + todayCase.String() + ` ELSE ? END AS today,
    CASE sp.time_zone` + soonCase.String() + ` ELSE ? END AS soon
  FROM orders o JOIN suppliers sp ON sp.id = o.supplier_id
  WHERE ` + where + `
) d`
	var due struct {
		Overdue int64
		DueSoon int64
	}
	if err := s.conn(ctx).Raw(sql, args...).Scan(&due).Error; err != nil {
		return nil, fmt.Errorf("dashboard: due counts: %w", err)
	}
	out.Overdue, out.DueSoon = due.Overdue, due.DueSoon
	return out, nil
}
