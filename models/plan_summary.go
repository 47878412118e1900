package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// The plan summary of an order — its next step (the first still to do, by
// position) and the earliest planned date of the steps still to do, which
// "overdue" looks at (OrderDue) — is kept on the order row
// (next_milestone_id, earliest_open_date; migration 00009), so that a list
// page reads one row per order instead of every step of every order.
//
// Every transaction that changes an order's steps calls syncPlanSummary
// before it commits; the server tests check after each test that every
// order's stored summary equals the one its steps give (CheckPlanSummaries).

// planSummaryOf computes the summary from an order's steps in any order.
func planSummaryOf(ms []Milestone) (next *int64, earliest string) {
	pos := 0
	for i := range ms {
		m := &ms[i]
		if !contains(openMilestoneStatuses, m.Status) {
			continue
		}
		if next == nil || m.Position < pos {
			id := m.ID
			next, pos = &id, m.Position
		}
		if earliest == "" || m.PlannedDate < earliest {
			earliest = m.PlannedDate
		}
	}
	return next, earliest
}

// syncOrder keeps what an order row summarises of its steps and inputs —
// the plan summary and the risk (risk_store.go) — after a write at now.
func syncOrder(tx *gorm.DB, orderID int64, now time.Time) error {
	if err := syncPlanSummary(tx, orderID); err != nil {
		return err
	}
	// Automatic material needed-by dates follow the cutting step (material_req.go).
	if err := syncMaterialNeededBy(tx, orderID, now); err != nil {
		return err
	}
	return refreshRisk(tx, orderID, now)
}

// syncPlanSummary recomputes and stores the plan summary of an order.
func syncPlanSummary(tx *gorm.DB, orderID int64) error {
	var ms []Milestone
	if err := tx.Select("id", "position", "status", "planned_date").Where("order_id = ?", orderID).Find(&ms).Error; err != nil {
		return fmt.Errorf("plan summary: %w", err)
	}
	next, earliest := planSummaryOf(ms)
	if err := tx.Model(&Order{}).Where("id = ?", orderID).
		Updates(map[string]any{"next_milestone_id": next, "earliest_open_date": earliest}).Error; err != nil {
		return fmt.Errorf("plan summary: %w", err)
	}
	return nil
}

// SyncPlanSummaries recomputes the stored plan summary of orders whose
// steps were written directly (bulk seeding, tests).
func (s *Store) SyncPlanSummaries(ctx context.Context, orderIDs ...int64) error {
	return s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		for _, id := range orderIDs {
			if err := syncPlanSummary(tx, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// backfillPlanSummaries computes every order's plan summary in one
// statement (as migration 00009 does), after steps were bulk-inserted. The
// status test sits inside MIN so that both subqueries use the
// (order_id, position) index: in WHERE, SQLite picked the (status, …)
// index and scanned every open step for each order (25 s for 10,000).
func backfillPlanSummaries(tx *gorm.DB) error {
	return tx.Exec(`UPDATE orders SET
  next_milestone_id = (SELECT m.id FROM milestones m WHERE m.order_id = orders.id
    AND m.status IN ? ORDER BY m.position LIMIT 1),
  earliest_open_date = COALESCE((SELECT MIN(CASE WHEN m.status IN ? THEN m.planned_date END)
    FROM milestones m WHERE m.order_id = orders.id), '')`, openMilestoneStatuses, openMilestoneStatuses).Error
}

// BackfillPlanSummaries is backfillPlanSummaries for benchmarks that
// bulk-insert steps.
func (s *Store) BackfillPlanSummaries(ctx context.Context) error {
	return backfillPlanSummaries(s.conn(ctx))
}

// StalePlanSummary is an order whose stored plan summary differs from the
// one its steps give.
type StalePlanSummary struct {
	OrderID                      int64
	StoredNext, WantNext         *int64
	StoredEarliest, WantEarliest string
}

// CheckPlanSummaries lists the orders whose stored plan summary is stale:
// none, if every write that changes steps keeps it (tests call this).
func (s *Store) CheckPlanSummaries(ctx context.Context) ([]StalePlanSummary, error) {
	var orders []Order
	if err := s.conn(ctx).Select("id", "next_milestone_id", "earliest_open_date").Find(&orders).Error; err != nil {
		return nil, err
	}
	var ms []Milestone
	if err := s.conn(ctx).Select("id", "order_id", "position", "status", "planned_date").Find(&ms).Error; err != nil {
		return nil, err
	}
	by := map[int64][]Milestone{}
	for _, m := range ms {
		by[m.OrderID] = append(by[m.OrderID], m)
	}
	var out []StalePlanSummary
	for _, o := range orders {
		next, earliest := planSummaryOf(by[o.ID])
		if !sameID(next, o.NextMilestoneID) || earliest != o.EarliestOpenDate {
			out = append(out, StalePlanSummary{OrderID: o.ID, StoredNext: o.NextMilestoneID, WantNext: next,
				StoredEarliest: o.EarliestOpenDate, WantEarliest: earliest})
		}
	}
	return out, nil
}

func sameID(a, b *int64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}
