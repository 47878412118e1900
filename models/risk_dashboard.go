package models

import (
	"context"
	"fmt"
	"slices"

	"gorm.io/gorm"

	"gendan/models/risk"
)

// RiskFilter narrows the risk dashboard. Nil and "" mean any.
type RiskFilter struct {
	MerchandiserID *int64
	SupplierID     *int64
	CustomerID     *int64
	Level          string
	ExFactoryFrom  string
	ExFactoryTo    string
	Page
}

// RiskLevels are the levels of live orders a dashboard counts.
var RiskLevels = []string{"late", "at_risk", "on_track"}

// LevelCounts counts live orders by level.
type LevelCounts struct {
	Late, AtRisk, OnTrack int64
}

func (c *LevelCounts) add(level string, n int64) {
	switch level {
	case "late":
		c.Late += n
	case "at_risk":
		c.AtRisk += n
	default: // on_track, and a live order not evaluated yet
		c.OnTrack += n
	}
}

// RiskDashboard is the merchandiser's morning view.
type RiskDashboard struct {
	ByLevel        LevelCounts
	BySupplier     map[int64]*LevelCounts
	ByMerchandiser map[int64]*LevelCounts
	Items          []RiskItem
	Next           string
}

// RiskItem is one ranked order.
type RiskItem struct {
	Order
	SupplierCode, SupplierName, SupplierNameEn, CustomerName string
}

func (f RiskFilter) validate() error {
	v := &ValidationError{}
	if f.Level != "" && !slices.Contains(RiskLevels, f.Level) {
		v.Add("level", "one_of", "allowed", "late, at_risk, on_track")
	}
	checkDate(v, "ex_factory_from", f.ExFactoryFrom, false)
	if checkDate(v, "ex_factory_to", f.ExFactoryTo, false) && f.ExFactoryFrom != "" && f.ExFactoryTo != "" && f.ExFactoryTo < f.ExFactoryFrom {
		v.Add("ex_factory_to", "before_from")
	}
	return v.Err()
}

// where applies the filter to a query of orders o; the merchandiser and
// the level only when asked.
func (f RiskFilter) where(q *gorm.DB, merchandiser, level bool) *gorm.DB {
	q = q.Where("o.status IN ?", liveOrderStatuses)
	if merchandiser && f.MerchandiserID != nil {
		q = q.Where("o.merchandiser_id = ?", *f.MerchandiserID)
	}
	if f.SupplierID != nil {
		q = q.Where("o.supplier_id = ?", *f.SupplierID)
	}
	if f.CustomerID != nil {
		q = q.Where("o.customer_id = ?", *f.CustomerID)
	}
	if f.ExFactoryFrom != "" {
		q = q.Where("o.ex_factory_date >= ?", f.ExFactoryFrom)
	}
	if f.ExFactoryTo != "" {
		q = q.Where("o.ex_factory_date <= ?", f.ExFactoryTo)
	}
	if level && f.Level != "" {
		// By its score band, not risk_level: the ranking index then reads
		// just the level's range, already in order. (A live order never
		// evaluated has score 0: on track, as the counts have it.)
		lo, hi, _ := risk.ScoreBand(risk.Level(f.Level))
		q = q.Where("o.risk_score BETWEEN ? AND ?", lo, hi)
	}
	return q
}

// RiskDashboard counts live orders by level, supplier and merchandiser in
// one GROUP BY (the counts obey every filter but the level; the
// merchandisers' also ignore the merchandiser) and ranks a page of them
// by the risk score kept on each order (then newest first, so that the
// (merchandiser_id, risk_score, id) index is read backwards, not sorted).
func (s *Store) RiskDashboard(ctx context.Context, f RiskFilter) (*RiskDashboard, error) {
	if err := f.validate(); err != nil {
		return nil, err
	}
	limit, offset, err := f.Page.Normalize()
	if err != nil {
		return nil, err
	}
	out := &RiskDashboard{BySupplier: map[int64]*LevelCounts{}, ByMerchandiser: map[int64]*LevelCounts{}}
	var groups []struct {
		MerchandiserID, SupplierID int64
		RiskLevel                  string
		N                          int64
	}
	q := f.where(s.conn(ctx).Table("orders o"), false, false).
		Select("o.merchandiser_id, o.supplier_id, o.risk_level, COUNT(*) AS n").
		// In the index's order, status first: the groups come off
		// ix_orders_risk_counts alone, no order row read, no sort.
		Group("o.status, o.merchandiser_id, o.supplier_id, o.risk_level")
	if err := q.Scan(&groups).Error; err != nil {
		return nil, fmt.Errorf("risk dashboard counts: %w", err)
	}
	for _, g := range groups {
		m := out.ByMerchandiser[g.MerchandiserID]
		if m == nil {
			m = &LevelCounts{}
			out.ByMerchandiser[g.MerchandiserID] = m
		}
		m.add(g.RiskLevel, g.N)
		if f.MerchandiserID != nil && *f.MerchandiserID != g.MerchandiserID {
			continue
		}
		out.ByLevel.add(g.RiskLevel, g.N)
		sp := out.BySupplier[g.SupplierID]
		if sp == nil {
			sp = &LevelCounts{}
			out.BySupplier[g.SupplierID] = sp
		}
		sp.add(g.RiskLevel, g.N)
	}

	// The ranking is read off the score indexes. SQLite without ANALYZE
	// statistics would rather take the status index and sort every live
	// order (9 ms for 10,000), so it is told which one.
	// MariaDB would start from customers and sort every order:
	// STRAIGHT_JOIN keeps orders first (as the order list does).
	from, straight := "orders o", "STRAIGHT_JOIN "
	if s.dialect == SQLite {
		from, straight = "orders o INDEXED BY ix_orders_risk_all", ""
		if f.MerchandiserID != nil {
			from = "orders o INDEXED BY ix_orders_risk"
		}
	}
	var rows []RiskItem
	iq := f.where(s.conn(ctx).Table(from), true, true).
		Select(straight + `o.id, o.po_number, o.customer_id, o.supplier_id, o.merchandiser_id, o.style_no, o.style_name, o.status,
 o.total_quantity, o.ex_factory_date, o.baseline_ex_factory_date, o.risk_level, o.risk_score, o.risk_projected_date,
 o.risk_slack_days, o.risk_reasons, o.risk_computed_at, o.last_report_date, o.confirmed_at,
 sp.code AS supplier_code, sp.name AS supplier_name, sp.name_en AS supplier_name_en, c.name AS customer_name`).
		Joins("JOIN suppliers sp ON sp.id = o.supplier_id").Joins("JOIN customers c ON c.id = o.customer_id").
		Order("o.risk_score DESC, o.id DESC").Offset(int(offset)).Limit(limit + 1)
	if err := iq.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("risk dashboard orders: %w", err)
	}
	if len(rows) > limit {
		rows = rows[:limit]
		out.Next = EncodeCursor(offset + int64(limit))
	}
	for i := range rows {
		if rows[i].RiskComputedAt != nil {
			t := rows[i].RiskComputedAt.UTC()
			rows[i].RiskComputedAt = &t
		}
	}
	out.Items = rows
	return out, nil
}

// RiskChart is what the order's risk chart draws.
type RiskChart struct {
	Steps  []Milestone
	Output *OutputSeries
}

// OutputSeries is the cumulative output of the step the engine measures,
// against the line from (Start, 0) to (Due, Total).
type OutputSeries struct {
	Step, Name, NameEn string
	Total              int
	Start, Due         string
	Points             []OutputPoint
}

// OutputPoint is the step's cumulative quantity at the end of a date.
type OutputPoint struct {
	Date     string `json:"date"`
	Quantity int    `json:"quantity"`
}

// OrderRiskChart reads an order's steps and the output series of its
// measured step: the first quantity step still to do, or the last one when
// all are done.
func (s *Store) OrderRiskChart(ctx context.Context, o *Order) (*RiskChart, error) {
	var ms []Milestone
	if err := s.conn(ctx).Where("order_id = ?", o.ID).Order("position").Find(&ms).Error; err != nil {
		return nil, fmt.Errorf("risk chart: %w", err)
	}
	out := &RiskChart{Steps: ms}
	var measured *Milestone
	for i := range ms {
		if ms[i].QuantityKind == "" || ms[i].Status == MilestoneCancelled || ms[i].Status == MilestoneNotApplicable {
			continue
		}
		measured = &ms[i]
		if contains(openMilestoneStatuses, ms[i].Status) {
			break
		}
	}
	if measured == nil {
		return out, nil
	}
	start := o.CreatedAt.UTC().Format(DateLayout)
	if o.ConfirmedAt != nil {
		start = o.ConfirmedAt.UTC().Format(DateLayout)
	}
	ser := &OutputSeries{Step: measured.Code, Name: measured.Name, NameEn: measured.NameEn, Total: o.TotalQuantity,
		Start: start, Due: measured.PlannedDate, Points: []OutputPoint{}}
	var reps []ProgressReport
	if err := s.conn(ctx).Select("report_date", "quantity").Where("milestone_id = ? AND quantity IS NOT NULL", measured.ID).
		Order("report_date, id").Find(&reps).Error; err != nil {
		return nil, fmt.Errorf("risk chart: %w", err)
	}
	for _, r := range reps {
		if n := len(ser.Points); n > 0 && ser.Points[n-1].Date == r.ReportDate {
			ser.Points[n-1].Quantity = *r.Quantity // the day's last figure
			continue
		}
		ser.Points = append(ser.Points, OutputPoint{Date: r.ReportDate, Quantity: *r.Quantity})
	}
	if ser.Start > ser.Due {
		ser.Start = ser.Due
	}
	out.Output = ser
	return out, nil
}
