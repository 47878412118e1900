package models

import (
	"context"
	"fmt"
	"sort"
	"time"

	"gorm.io/gorm"

	"gendan/models/risk"
)

// The Today list (今日跟进): what a merchandiser should chase today. Each
// kind is judged on the supplier's today, like everything that is late.
const (
	TodayStepOverdue       = "step_overdue"
	TodayStepDue           = "step_due"
	TodayQuietFactory      = "quiet_factory"
	TodaySampleWaiting     = "sample_waiting"
	TodayInspection        = "inspection_today"
	TodayDeliveryToConfirm = "delivery_to_confirm"
	TodayFollowUp          = "follow_up"
)

// todayKindOrder is the order kinds are listed in.
var todayKindOrder = map[string]int{TodayFollowUp: 0, TodayStepOverdue: 1, TodayStepDue: 2, TodayQuietFactory: 3,
	TodaySampleWaiting: 4, TodayInspection: 5, TodayDeliveryToConfirm: 6, TodayMaterialPODue: 7}

// SampleWaitingDays: a round pending for longer than this is on the list.
const SampleWaitingDays = 2

// maxTodayItems bounds the list, and each kind's query; the oldest items
// come first. (A merchandiser follows tens to hundreds of orders; the
// bench one follows ten thousand.)
const maxTodayItems = 300

// TodayItem is one thing to chase.
type TodayItem struct {
	Kind       string
	OrderID    int64
	SupplierID int64
	Date       string
	Params     map[string]any
	LastChase  *ChaseLog
}

// TodayOrder is what the list shows of an item's order.
type TodayOrder struct {
	ID                           int64
	PONumber, StyleNo, RiskLevel string
}

// TodayList is the list and the orders and suppliers it names.
type TodayList struct {
	Date      string // the latest supplier's today among the items (UTC's when none)
	Items     []TodayItem
	Orders    map[int64]TodayOrder
	Suppliers map[int64]Supplier
}

func nowDate(now time.Time) string { return now.UTC().Format(DateLayout) }

// Today builds the list of a merchandiser's live orders (nil: everyone's).
// Each kind is one query bounded by the latest supplier's today (no
// supplier's today is later), judged on each supplier's own today in Go;
// only the orders on the list are read afterwards.
func (s *Store) Today(ctx context.Context, merchandiserID *int64) (*TodayList, error) {
	now := s.clock.Now()
	db := s.conn(ctx)
	live := func(q *gorm.DB) *gorm.DB {
		q = q.Where("o.status IN ?", liveOrderStatuses)
		if merchandiserID != nil {
			q = q.Where("o.merchandiser_id = ?", *merchandiserID)
		}
		return q
	}
	maxToday := LatestToday(now)
	var items []TodayItem
	orderSup := map[int64]int64{}
	add := func(kind string, orderID, supplierID int64, date string, params map[string]any) {
		orderSup[orderID] = supplierID
		items = append(items, TodayItem{Kind: kind, OrderID: orderID, SupplierID: supplierID, Date: date, Params: params})
	}

	// Steps due today or overdue.
	var steps []struct {
		ID, OrderID, SupplierID         int64
		Code, Name, NameEn, PlannedDate string
	}
	if err := live(db.Table("milestones m").Joins("JOIN orders o ON o.id = m.order_id")).
		Where("m.status IN ? AND m.planned_date <= ?", openMilestoneStatuses, maxToday).
		Select("m.id, m.order_id, o.supplier_id, m.code, m.name, m.name_en, m.planned_date").Order("m.planned_date, m.id").
		Limit(maxTodayItems).Scan(&steps).Error; err != nil {
		return nil, fmt.Errorf("today: steps: %w", err)
	}
	// Orders in production without a report for NoUpdateDays working
	// days: at least as many calendar days, which the query asks first.
	quiet := RiskConfig().NoUpdateDays
	cutoff := AddDays(maxToday, -quiet)
	cutoffDay, _ := ParseDate(cutoff)
	cutoffEnd := cutoffDay.Add(24 * time.Hour)
	var quietOrders []struct {
		ID, SupplierID int64
		LastReport     string
		ConfirmedAt    *time.Time
	}
	if err := live(db.Table("orders o")).Where("o.status <> ?", StatusConfirmed).
		Where("(o.last_report_date <> '' AND o.last_report_date <= ?) OR (o.last_report_date = '' AND o.confirmed_at < ?)",
			cutoff, cutoffEnd).
		Select("o.id, o.supplier_id, o.last_report_date AS last_report, o.confirmed_at").Scan(&quietOrders).Error; err != nil {
		return nil, fmt.Errorf("today: quiet orders: %w", err)
	}
	var rounds []struct {
		ID, OrderID, SupplierID int64
		SampleType              string
		RoundNo                 int
		CreatedAt               time.Time
	}
	if err := live(db.Table("sample_rounds r").Joins("JOIN orders o ON o.id = r.order_id")).
		Where("r.status = ? AND r.created_at < ?", SamplePending, now.Add(-SampleWaitingDays*24*time.Hour)).
		Select("r.id, r.order_id, o.supplier_id, r.sample_type, r.round_no, r.created_at").Order("r.created_at").
		Limit(maxTodayItems).Scan(&rounds).Error; err != nil {
		return nil, fmt.Errorf("today: samples: %w", err)
	}
	var insps []struct {
		ID, OrderID, SupplierID int64
		Type, Date              string
	}
	if err := live(db.Table("inspections i").Joins("JOIN orders o ON o.id = i.order_id")).
		Where("i.status IN ? AND i.date <= ? AND i.date >= ?", []string{InspRequested, InspConfirmed}, maxToday, AddDays(maxToday, -2)).
		Select("i.id, i.order_id, o.supplier_id, i.type, i.date").Scan(&insps).Error; err != nil {
		return nil, fmt.Errorf("today: inspections: %w", err)
	}
	var dels []struct {
		ID, OrderID, SupplierID int64
		Date                    string
		Quantity                int
	}
	if err := live(db.Table("deliveries d").Joins("JOIN orders o ON o.id = d.order_id")).
		Where("d.status = ?", DelivRequested).Select("d.id, d.order_id, o.supplier_id, d.date, d.quantity").Order("d.date").
		Limit(maxTodayItems).Scan(&dels).Error; err != nil {
		return nil, fmt.Errorf("today: deliveries: %w", err)
	}
	// Material POs not shipped whose promised ship date is at most
	// tomorrow (the latest supplier's), or passed.
	var mpos []struct {
		ID, OrderID, SupplierID int64
		PONumber                string `gorm:"column:po_number"`
		PromisedDate, SourcedBy string
	}
	if err := live(db.Table("material_pos p").Joins("JOIN orders o ON o.id = p.order_id")).
		Where("p.status IN ? AND p.promised_date <> '' AND p.promised_date <= ?", mpoNotShipped, AddDays(maxToday, 1)).
		Select("p.id, p.order_id, p.supplier_id, p.po_number, p.promised_date, p.sourced_by").Order("p.promised_date, p.id").
		Limit(maxTodayItems).Scan(&mpos).Error; err != nil {
		return nil, fmt.Errorf("today: material pos: %w", err)
	}
	// Follow-ups due: the latest chase of an order asks to follow up by
	// today (a later chase replaces an earlier one's follow-up).
	latestIDs := live(db.Table("chase_logs c2").Joins("JOIN orders o ON o.id = c2.order_id")).
		Select("MAX(c2.id)").Group("c2.order_id")
	var follow []ChaseLog
	if err := db.Where("id IN (?) AND next_follow_up <> '' AND next_follow_up <= ?", latestIDs, maxToday).
		Find(&follow).Error; err != nil {
		return nil, fmt.Errorf("today: follow-ups: %w", err)
	}

	// The suppliers of all these, and their todays.
	var supIDs []int64
	for _, x := range steps {
		supIDs = append(supIDs, x.SupplierID)
	}
	for _, x := range quietOrders {
		supIDs = append(supIDs, x.SupplierID)
	}
	for _, x := range insps {
		supIDs = append(supIDs, x.SupplierID)
	}
	for _, x := range follow {
		supIDs = append(supIDs, x.SupplierID)
	}
	for _, x := range rounds {
		supIDs = append(supIDs, x.SupplierID)
	}
	for _, x := range dels {
		supIDs = append(supIDs, x.SupplierID)
	}
	for _, x := range mpos {
		supIDs = append(supIDs, x.SupplierID)
	}
	sups, err := suppliersWithCalendars(db, supIDs)
	if err != nil {
		return nil, fmt.Errorf("today: %w", err)
	}
	cals := make(map[int64]risk.Calendar, len(sups))
	for id, sp := range sups {
		cals[id] = SupplierCalendar(&sp)
	}
	todays := map[int64]string{}
	today := func(sid int64) string {
		t, ok := todays[sid]
		if !ok {
			t = TodayIn(now, sups[sid].TimeZone)
			todays[sid] = t
		}
		return t
	}
	for _, m := range steps {
		t := today(m.SupplierID)
		p := map[string]any{"milestone_id": m.ID, "step": m.Code, "name": m.Name, "name_en": m.NameEn}
		switch {
		case m.PlannedDate < t:
			p["days"] = cals[m.SupplierID].WorkdaysBetween(m.PlannedDate, t)
			add(TodayStepOverdue, m.OrderID, m.SupplierID, m.PlannedDate, p)
		case m.PlannedDate == t:
			add(TodayStepDue, m.OrderID, m.SupplierID, m.PlannedDate, p)
		}
	}
	for _, o := range quietOrders {
		from := o.LastReport
		if from == "" && o.ConfirmedAt != nil {
			from = TodayIn(*o.ConfirmedAt, sups[o.SupplierID].TimeZone)
		}
		if d := cals[o.SupplierID].WorkdaysBetween(from, today(o.SupplierID)); from != "" && d >= quiet {
			add(TodayQuietFactory, o.ID, o.SupplierID, from, map[string]any{"days": d})
		}
	}
	for _, r := range rounds {
		add(TodaySampleWaiting, r.OrderID, r.SupplierID, r.CreatedAt.UTC().Format(DateLayout), map[string]any{"round_id": r.ID,
			"type": r.SampleType, "round_no": r.RoundNo, "days": int(now.Sub(r.CreatedAt).Hours() / 24)})
	}
	for _, i := range insps {
		if i.Date == today(i.SupplierID) {
			add(TodayInspection, i.OrderID, i.SupplierID, i.Date, map[string]any{"inspection_id": i.ID, "type": i.Type})
		}
	}
	for _, d := range dels {
		add(TodayDeliveryToConfirm, d.OrderID, d.SupplierID, d.Date, map[string]any{"delivery_id": d.ID, "quantity": d.Quantity})
	}
	for _, p := range mpos {
		if p.PromisedDate <= AddDays(today(p.SupplierID), 1) {
			add(TodayMaterialPODue, p.OrderID, p.SupplierID, p.PromisedDate, map[string]any{"po_id": p.ID,
				"po_number": p.PONumber, "promised_date": p.PromisedDate, "sourced_by": p.SourcedBy,
				"overdue": p.PromisedDate < today(p.SupplierID)})
		}
	}
	for _, c := range follow {
		if c.NextFollowUp <= today(c.SupplierID) {
			add(TodayFollowUp, *c.OrderID, c.SupplierID, c.NextFollowUp, map[string]any{"chase_id": c.ID})
		}
	}

	sort.SliceStable(items, func(i, j int) bool {
		if a, b := todayKindOrder[items[i].Kind], todayKindOrder[items[j].Kind]; a != b {
			return a < b
		}
		return items[i].Date < items[j].Date
	})
	if len(items) > maxTodayItems {
		items = items[:maxTodayItems]
	}

	// Only now the orders on the list, their latest chases and suppliers.
	out := &TodayList{Date: nowDate(now), Orders: map[int64]TodayOrder{}, Suppliers: map[int64]Supplier{}}
	ids := make([]int64, 0, len(items))
	for _, it := range items {
		ids = append(ids, it.OrderID)
	}
	last, err := latestChases(db, ids)
	if err != nil {
		return nil, fmt.Errorf("today: chases: %w", err)
	}
	if err := chunks(uniq(ids), func(part []int64) error {
		var rows []TodayOrder
		if err := db.Table("orders").Select("id, po_number, style_no, risk_level").Where("id IN ?", part).Scan(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			out.Orders[r.ID] = r
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("today: orders: %w", err)
	}
	latest := ""
	for i := range items {
		if c, ok := last[items[i].OrderID]; ok {
			items[i].LastChase = &c
		}
		sid := items[i].SupplierID
		out.Suppliers[sid] = sups[sid]
		if t := today(sid); t > latest {
			latest = t
		}
	}
	if latest != "" {
		out.Date = latest
	}
	out.Items = items
	return out, nil
}
