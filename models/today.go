package models

import (
	"context"
	"fmt"
	"sort"
	"time"

	"gorm.io/gorm"
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
	TodaySampleWaiting: 4, TodayInspection: 5, TodayDeliveryToConfirm: 6}

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
	var orders []struct {
		ID, SupplierID                                   int64
		PONumber, StyleNo, RiskLevel, Status, LastReport string
		ConfirmedAt                                      *time.Time
	}
	if err := live(db.Table("orders o")).Select("o.id, o.supplier_id, o.po_number, o.style_no, o.risk_level, o.status, o.last_report_date AS last_report, o.confirmed_at").
		Scan(&orders).Error; err != nil {
		return nil, fmt.Errorf("today: orders: %w", err)
	}
	out := &TodayList{Date: nowDate(now), Orders: map[int64]TodayOrder{}, Suppliers: map[int64]Supplier{}}
	if len(orders) == 0 {
		return out, nil
	}
	supIDs := make([]int64, 0, len(orders))
	for _, o := range orders {
		supIDs = append(supIDs, o.SupplierID)
	}
	sups := map[int64]Supplier{}
	if err := chunks(uniq(supIDs), func(part []int64) error {
		var rows []Supplier
		if err := db.Select("id", "code", "name", "name_en", "time_zone", "days_off", "holidays").Where("id IN ?", part).Find(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			sups[r.ID] = r
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("today: suppliers: %w", err)
	}
	todays := map[int64]string{}
	for id, sp := range sups {
		todays[id] = TodayIn(now, sp.TimeZone)
	}
	orderSup := map[int64]int64{}
	for _, o := range orders {
		orderSup[o.ID] = o.SupplierID
	}
	var items []TodayItem
	add := func(kind string, orderID int64, date string, params map[string]any) {
		items = append(items, TodayItem{Kind: kind, OrderID: orderID, SupplierID: orderSup[orderID], Date: date, Params: params})
	}
	maxToday := LatestToday(now)

	// Steps due today or overdue.
	var steps []struct {
		ID, OrderID                     int64
		Code, Name, NameEn, PlannedDate string
	}
	if err := live(db.Table("milestones m").Joins("JOIN orders o ON o.id = m.order_id")).
		Where("m.status IN ? AND m.planned_date <= ?", openMilestoneStatuses, maxToday).
		Select("m.id, m.order_id, m.code, m.name, m.name_en, m.planned_date").Order("m.planned_date, m.id").Limit(maxTodayItems).
		Scan(&steps).Error; err != nil {
		return nil, fmt.Errorf("today: steps: %w", err)
	}
	for _, m := range steps {
		sp := sups[orderSup[m.OrderID]]
		today := todays[sp.ID]
		p := map[string]any{"milestone_id": m.ID, "step": m.Code, "name": m.Name, "name_en": m.NameEn}
		switch {
		case m.PlannedDate < today:
			p["days"] = SupplierCalendar(&sp).WorkdaysBetween(m.PlannedDate, today)
			add(TodayStepOverdue, m.OrderID, m.PlannedDate, p)
		case m.PlannedDate == today:
			add(TodayStepDue, m.OrderID, m.PlannedDate, p)
		}
	}

	// Factories gone quiet: orders in production without a report for
	// NoUpdateDays working days.
	quiet := RiskConfig().NoUpdateDays
	for _, o := range orders {
		if o.Status == StatusConfirmed {
			continue
		}
		from := o.LastReport
		if from == "" && o.ConfirmedAt != nil {
			from = o.ConfirmedAt.UTC().Format(DateLayout)
		}
		sp := sups[o.SupplierID]
		if from == "" {
			continue
		}
		if d := SupplierCalendar(&sp).WorkdaysBetween(from, todays[sp.ID]); d >= quiet {
			add(TodayQuietFactory, o.ID, from, map[string]any{"days": d})
		}
	}

	// Samples waiting for a decision.
	var rounds []struct {
		ID, OrderID int64
		SampleType  string
		RoundNo     int
		CreatedAt   time.Time
	}
	if err := live(db.Table("sample_rounds r").Joins("JOIN orders o ON o.id = r.order_id")).
		Where("r.status = ? AND r.created_at < ?", SamplePending, now.Add(-SampleWaitingDays*24*time.Hour)).
		Select("r.id, r.order_id, r.sample_type, r.round_no, r.created_at").Order("r.created_at").Limit(maxTodayItems).Scan(&rounds).Error; err != nil {
		return nil, fmt.Errorf("today: samples: %w", err)
	}
	for _, r := range rounds {
		add(TodaySampleWaiting, r.OrderID, r.CreatedAt.UTC().Format(DateLayout), map[string]any{"round_id": r.ID, "type": r.SampleType,
			"round_no": r.RoundNo, "days": int(now.Sub(r.CreatedAt).Hours() / 24)})
	}

	// Inspections today, and deliveries waiting for confirmation.
	var insps []struct {
		ID, OrderID int64
		Type, Date  string
	}
	if err := live(db.Table("inspections i").Joins("JOIN orders o ON o.id = i.order_id")).
		Where("i.status IN ? AND i.date <= ? AND i.date >= ?", []string{InspRequested, InspConfirmed}, maxToday, AddDays(maxToday, -2)).
		Select("i.id, i.order_id, i.type, i.date").Scan(&insps).Error; err != nil {
		return nil, fmt.Errorf("today: inspections: %w", err)
	}
	for _, i := range insps {
		if i.Date == todays[orderSup[i.OrderID]] {
			add(TodayInspection, i.OrderID, i.Date, map[string]any{"inspection_id": i.ID, "type": i.Type})
		}
	}
	var dels []struct {
		ID, OrderID int64
		Date        string
		Quantity    int
	}
	if err := live(db.Table("deliveries d").Joins("JOIN orders o ON o.id = d.order_id")).
		Where("d.status = ?", DelivRequested).Select("d.id, d.order_id, d.date, d.quantity").Order("d.date").Limit(maxTodayItems).Scan(&dels).Error; err != nil {
		return nil, fmt.Errorf("today: deliveries: %w", err)
	}
	for _, d := range dels {
		add(TodayDeliveryToConfirm, d.OrderID, d.Date, map[string]any{"delivery_id": d.ID, "quantity": d.Quantity})
	}

	// Follow-ups due: the latest chase of an order asks to follow up today
	// or earlier.
	ids := make([]int64, 0, len(orders))
	for _, o := range orders {
		ids = append(ids, o.ID)
	}
	last, err := latestChases(db, ids)
	if err != nil {
		return nil, fmt.Errorf("today: chases: %w", err)
	}
	for oid, c := range last {
		if c.NextFollowUp != "" && c.NextFollowUp <= todays[orderSup[oid]] {
			add(TodayFollowUp, oid, c.NextFollowUp, map[string]any{"chase_id": c.ID})
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
	for i := range items {
		if c, ok := last[items[i].OrderID]; ok {
			items[i].LastChase = &c
		}
	}
	byID := map[int64]int{}
	for i, o := range orders {
		byID[o.ID] = i
	}
	latest := ""
	for _, it := range items {
		o := orders[byID[it.OrderID]]
		out.Orders[o.ID] = TodayOrder{ID: o.ID, PONumber: o.PONumber, StyleNo: o.StyleNo, RiskLevel: o.RiskLevel}
		out.Suppliers[o.SupplierID] = sups[o.SupplierID]
		if t := todays[o.SupplierID]; t > latest {
			latest = t
		}
	}
	if latest != "" {
		out.Date = latest
	}
	out.Items = items
	return out, nil
}
