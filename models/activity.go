package models

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// ActivityEvent is one thing that happened to an order. Internal events
// (price or notes changed) are shown to the buying company only.
type ActivityEvent struct {
	ID        int64 `gorm:"primaryKey"`
	OrderID   int64
	ActorID   *int64
	Kind      string
	Internal  bool
	Data      string // JSON
	CreatedAt time.Time

	// SupplierID is the order's supplier when the event happened: a factory
	// sees only its own supplier's events (Scope.Owns).
	SupplierID *int64
}

// Activity kinds.
const (
	ActOrderCreated         = "order_created"
	ActOrderUpdated         = "order_updated"
	ActOrderRevised         = "order_revised"
	ActOrderConfirmed       = "order_confirmed"
	ActOrderCancelled       = "order_cancelled"
	ActOrderInProduction    = "order_in_production"
	ActMilestoneRescheduled = "milestone_rescheduled"
	ActProgressReported     = "progress_reported"
	ActCommented            = "commented"
	// ActMilestoneMarkedDone is staff marking a step done (ActMilestoneAutoDone
	// is a sample approval doing it).
	ActMilestoneMarkedDone = "milestone_marked_done"
	ActMilestoneSkipped    = "milestone_not_applicable"
	// ActReportCorrected is staff correcting a factory's report.
	ActReportCorrected = "report_corrected"
)

// ActivityKinds lists every kind of activity event, for the clients that
// describe them (pwa/src/i18n/codes.json carries it; a PWA test fails while
// a kind has no text) and for the test that no kind is left out.
var ActivityKinds = []string{ActOrderCreated, ActOrderUpdated, ActOrderRevised, ActOrderConfirmed, ActOrderCancelled,
	ActOrderInProduction, ActMilestoneRescheduled, ActProgressReported, ActCommented,
	ActSampleSubmitted, ActSampleDecided, ActMilestoneAutoDone, ActMilestoneMarkedDone, ActMilestoneSkipped, ActReportCorrected,
	ActInspectionBooked, ActInspectionConfirmed, ActInspectionCancelled, ActInspectionCompleted, ActInspectionOverridden,
	ActDeliveryBooked, ActDeliveryConfirmed, ActDeliveryRescheduled, ActDeliveryRejected, ActDeliveryCancelled,
	ActDeliveryShipped, ActDeliveryReceived, ActLinkCreated, ActLinkRevoked, ActEscalated,
	ActMaterialLinesChanged, ActMaterialPOCreated, ActMaterialPOSent, ActMaterialPOConfirmed, ActMaterialPORescheduled,
	ActMaterialPOShipped, ActMaterialReceived, ActMaterialInspected, ActMaterialPOCancelled,
	ActComplaintReceived, ActComplaintAnswered, ActComplaintChanged, ActCAPAChanged, ActResolutionAdded, ActResolutionChanged,
	ActChargebackAcked, ActInvoiceRecorded, ActPaymentRecorded, ActOrderClosed}

// addActivity records an event for the supplier the order has now, read in
// the caller's transaction so it sees the caller's own change of supplier.
// Reading it here rather than taking it from every caller means no event
// can be recorded for the wrong factory or for none.
func addActivity(tx *gorm.DB, now time.Time, orderID int64, actor *int64, kind string, internal bool, data any) error {
	var o Order
	if err := tx.Select("supplier_id").First(&o, orderID).Error; err != nil {
		return fmt.Errorf("record activity %s: order %d: %w", kind, orderID, err)
	}
	return addSupplierActivity(tx, now, orderID, &o.SupplierID, actor, kind, internal, data)
}

// addSupplierActivity records an event about a row of a given supplier,
// which may be one the order had before (a decision on an old round).
func addSupplierActivity(tx *gorm.DB, now time.Time, orderID int64, supplierID, actor *int64, kind string, internal bool, data any) error {
	b, err := json.Marshal(data)
	if err != nil {
		return err
	}
	if err := tx.Create(&ActivityEvent{OrderID: orderID, SupplierID: supplierID, ActorID: actor, Kind: kind, Internal: internal, Data: string(b), CreatedAt: now}).Error; err != nil {
		return fmt.Errorf("record activity %s: %w", kind, err)
	}
	return nil
}

// ListActivity pages through an order's events, newest first. A factory
// scope never sees internal events, nor those of another supplier.
func (s *Store) ListActivity(ctx context.Context, orderID int64, sc Scope, p Page) ([]ActivityEvent, string, error) {
	limit, after, err := p.Normalize()
	if err != nil {
		return nil, "", err
	}
	q := sc.ownRows(s.conn(ctx)).Where("order_id = ?", orderID).Order("id DESC").Limit(limit + 1)
	if after > 0 {
		q = q.Where("id < ?", after)
	}
	if sc.Limited() {
		q = q.Where("internal = ?", false)
	}
	var rows []ActivityEvent
	if err := q.Find(&rows).Error; err != nil {
		return nil, "", err
	}
	rows, next := pageOf(rows, limit, func(e ActivityEvent) int64 { return e.ID })
	return rows, next, nil
}
