package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Notification is one user's record of an event for them (docs/NOTIFICATIONS.md),
// written in the transaction of the change it reports, so there is exactly
// one per recipient whatever happens after the commit. SupplierID is the
// recipient's supplier when the recipient is a factory user: a user moved
// to another supplier no longer sees the old supplier's notifications.
type Notification struct {
	ID         int64 `gorm:"primaryKey"`
	UserID     *int64
	SupplierID *int64
	ActorID    *int64
	Kind       string
	OrderID    int64
	Data       string // JSON
	CreatedAt  time.Time
	ReadAt     *time.Time
}

// Notification kinds beyond those named with their features.
const (
	NotifyCommentAdded   = "comment_added"
	NotifyChaseLogged    = "chase_logged"
	NotifyOrderRevised   = "order_revised"
	NotifyOrderCancelled = "order_cancelled"
	NotifyRiskWorse      = "risk_worse"
)

// NotificationKinds lists every kind of notification, for the clients that
// describe them (pwa/src/i18n/codes.json carries it).
var NotificationKinds = []string{NotifySampleSubmitted, NotifySampleDecided,
	NotifyInspectionBooked, NotifyInspectionConfirmed, NotifyInspectionAssigned, NotifyInspectionResult,
	ActDeliveryBooked, ActDeliveryConfirmed, ActDeliveryRescheduled, ActDeliveryRejected, ActDeliveryShipped,
	NotifyCommentAdded, NotifyChaseLogged, NotifyOrderRevised, NotifyOrderCancelled, NotifyRiskWorse, NotifyStepOverdue,
	NotifyEscalated, NotifyRiskDigest, ActProgressReported,
	NotifyMaterialETAChanged, NotifyMaterialShipped, NotifyMaterialInspectionFailed, NotifyMaterialNotReady, NotifyMaterialPODue,
	NotifyComplaintReceived, NotifyComplaintAnswered, NotifyCAPADue, NotifyResolutionAdded, NotifyChargebackAcked}

// addNotification records n for its recipient: the user it names, or —
// when it names a supplier — each active factory user of that supplier,
// read in the caller's transaction.
func addNotification(tx *gorm.DB, now time.Time, n Notification, data any) error {
	if !slices.Contains(NotificationKinds, n.Kind) {
		// Clients describe only the kinds listed: a new one must be added there.
		return fmt.Errorf("notification kind %q is not in NotificationKinds", n.Kind)
	}
	b, err := json.Marshal(data)
	if err != nil {
		return err
	}
	n.ID, n.Data, n.CreatedAt = 0, string(b), now
	var rows []Notification
	switch {
	case n.UserID != nil:
		rows = []Notification{n}
	case n.SupplierID != nil:
		var ids []int64
		if err := tx.Table("users").Where("supplier_id = ? AND role = ? AND active = ?", *n.SupplierID, RoleFactory, true).
			Order("id").Pluck("id", &ids).Error; err != nil {
			return fmt.Errorf("record notification %s: %w", n.Kind, err)
		}
		for _, id := range ids {
			r := n
			r.UserID = &id
			rows = append(rows, r)
		}
	}
	if n.ActorID != nil {
		// Nobody is told of what they did themselves.
		rows = slices.DeleteFunc(rows, func(r Notification) bool { return *r.UserID == *n.ActorID })
	}
	if len(rows) == 0 {
		return nil
	}
	if err := tx.Create(&rows).Error; err != nil {
		return fmt.Errorf("record notification %s: %w", n.Kind, err)
	}
	return addSends(tx, now, n, rows)
}

// notifyOtherSide tells the side of an order that did not act: staff acting
// tell the order's factory users, a factory user tells its merchandiser.
func notifyOtherSide(tx *gorm.DB, now time.Time, o *Order, actor int64, actorIsFactory bool, kind string, data any) error {
	n := Notification{Kind: kind, OrderID: o.ID, ActorID: &actor}
	if actorIsFactory {
		n.UserID = &o.MerchandiserID
	} else {
		n.SupplierID = &o.SupplierID
	}
	return addNotification(tx, now, n, data)
}

// ListNotifications returns a user's or a supplier's notifications, newest
// first (for tests and tools; the API reads NotificationsPage).
func (s *Store) ListNotifications(ctx context.Context, userID, supplierID *int64) ([]Notification, error) {
	q := s.conn(ctx).Order("id DESC").Limit(MaxPageSize)
	switch {
	case userID != nil:
		q = q.Where("user_id = ?", *userID)
	case supplierID != nil:
		q = q.Where("supplier_id = ?", *supplierID)
	default:
		return nil, nil
	}
	var rows []Notification
	err := q.Find(&rows).Error
	return rows, err
}

// NotificationReader is whose notifications are read: the user, and for a
// factory user its current supplier.
type NotificationReader struct {
	UserID     int64
	SupplierID *int64 // set for factory users
}

func (r NotificationReader) where(q *gorm.DB) *gorm.DB {
	q = q.Where("user_id = ?", r.UserID)
	if r.SupplierID != nil {
		q = q.Where("supplier_id = ?", *r.SupplierID)
	}
	return q
}

// NotificationsPage is one page of a reader's notifications, unread first
// and newest first within each part, and the unread count. The cursor is
// "u<id>" or "r<id>": the part and the last id given.
func (s *Store) NotificationsPage(ctx context.Context, r NotificationReader, limit int, cursor string) ([]Notification, int64, string, error) {
	if limit <= 0 || limit > MaxPageSize {
		limit = DefaultPageSize
	}
	part, after := "u", int64(0)
	if cursor != "" {
		id, err := strconv.ParseInt(cursor[1:], 10, 64)
		if err != nil || (cursor[0] != 'u' && cursor[0] != 'r') || id <= 0 {
			return nil, 0, "", Invalid("cursor", "invalid_cursor")
		}
		part, after = cursor[:1], id
	}
	db := s.conn(ctx)
	var unread int64
	if err := r.where(db.Model(&Notification{})).Where("read_at IS NULL").Count(&unread).Error; err != nil {
		return nil, 0, "", err
	}
	var out []Notification
	for _, p := range []string{"u", "r"} {
		if part == "r" && p == "u" {
			continue
		}
		q := r.where(db.Model(&Notification{}))
		if p == "u" {
			q = q.Where("read_at IS NULL")
		} else {
			q = q.Where("read_at IS NOT NULL")
		}
		if after > 0 && p == part {
			q = q.Where("id < ?", after)
		}
		var rows []Notification
		if err := q.Order("id DESC").Limit(limit + 1 - len(out)).Find(&rows).Error; err != nil {
			return nil, 0, "", err
		}
		for _, n := range rows {
			if len(out) == limit {
				last := out[len(out)-1]
				lp := "r"
				if last.ReadAt == nil {
					lp = "u"
				}
				return out, unread, lp + strconv.FormatInt(last.ID, 10), nil
			}
			out = append(out, n)
		}
	}
	return out, unread, "", nil
}

// UnreadNotifications counts a reader's unread notifications.
func (s *Store) UnreadNotifications(ctx context.Context, r NotificationReader) (int64, error) {
	var n int64
	err := r.where(s.conn(ctx).Model(&Notification{})).Where("read_at IS NULL").Count(&n).Error
	return n, err
}

// ReadNotification marks one of a reader's notifications read (again: no
// change) and returns it; another reader's is ErrNotFound.
func (s *Store) ReadNotification(ctx context.Context, r NotificationReader, id int64) (*Notification, error) {
	var n Notification
	err := r.where(s.conn(ctx).Model(&Notification{})).Where("id = ?", id).Take(&n).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	} else if err != nil {
		return nil, err
	}
	if n.ReadAt == nil {
		now := s.clock.Now().UTC()
		if err := s.conn(ctx).Model(&Notification{}).Where("id = ? AND read_at IS NULL", id).Update("read_at", now).Error; err != nil {
			return nil, err
		}
		n.ReadAt = &now
	}
	return &n, nil
}

// ReadAllNotifications marks every unread notification of a reader read.
func (s *Store) ReadAllNotifications(ctx context.Context, r NotificationReader) (int64, error) {
	res := r.where(s.conn(ctx).Model(&Notification{})).Where("read_at IS NULL").Update("read_at", s.clock.Now().UTC())
	return res.RowsAffected, res.Error
}

// excerpt shortens a text for a notification: at most n runes, on one line.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// NotifyStepOverdue is a step whose planned date passed yesterday undone.
const NotifyStepOverdue = "step_overdue"

// NotifyOverdueSteps tells the factory's users and the merchandiser of
// every step of a live order in zone whose planned date was yesterday (the
// zone's) and that is not done: the day a step turns overdue. The daily
// risk sweep calls it in its once-per-zone-and-day run.
func (s *Store) NotifyOverdueSteps(ctx context.Context, zone string, now time.Time) (int, error) {
	yesterday := AddDays(TodayIn(now, zone), -1)
	var steps []struct {
		ID, OrderID, SupplierID, MerchandiserID int64
		Name, NameEn                            string
	}
	err := s.conn(ctx).Table("milestones m").
		Select("m.id, m.order_id, o.supplier_id, o.merchandiser_id, m.name, m.name_en").
		Joins("JOIN orders o ON o.id = m.order_id").
		Joins("JOIN suppliers sp ON sp.id = o.supplier_id").
		Where("sp.time_zone = ? AND o.status IN ? AND m.planned_date = ? AND m.status IN ? AND m.planned_late = ?",
			zone, liveOrderStatuses, yesterday, []string{MilestoneOpen, MilestoneInProgress}, false).
		Order("m.id").Find(&steps).Error
	if err != nil {
		return 0, fmt.Errorf("overdue steps: %w", err)
	}
	for part := range slices.Chunk(steps, 200) {
		err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
			for _, st := range part {
				data := map[string]any{"milestone_id": st.ID, "step": st.Name, "step_en": st.NameEn, "days": 1, "planned_date": yesterday}
				sid, mid := st.SupplierID, st.MerchandiserID
				if err := addNotification(tx, now, Notification{SupplierID: &sid, Kind: NotifyStepOverdue, OrderID: st.OrderID}, data); err != nil {
					return err
				}
				if err := addNotification(tx, now, Notification{UserID: &mid, Kind: NotifyStepOverdue, OrderID: st.OrderID}, data); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
	}
	return len(steps), nil
}

// NotifyRiskDigest is a merchandiser's morning list of orders at risk.
const NotifyRiskDigest = "risk_digest"

// SendRiskDigests tells every merchandiser with live orders at risk or late
// how many there are, with the worst first (up to ten POs); one notification
// each, which e-mail (when on) carries as the daily digest. The digest job
// calls it once a day (a job run claimed per date).
func (s *Store) SendRiskDigests(ctx context.Context, now time.Time) (int, error) {
	var rows []struct {
		MerchandiserID, OrderID int64
		PONumber, RiskLevel     string
		RiskScore               int
	}
	err := s.conn(ctx).Model(&Order{}).Select("merchandiser_id, id AS order_id, po_number, risk_level, risk_score").
		Where("status IN ? AND risk_level IN ?", liveOrderStatuses, []string{"at_risk", "late"}).
		Order("merchandiser_id, risk_score DESC, id").Find(&rows).Error
	if err != nil {
		return 0, fmt.Errorf("risk digest: %w", err)
	}
	type digest struct {
		first        int64
		late, atRisk int
		pos          []string
	}
	by := map[int64]*digest{}
	var order []int64
	for _, r := range rows {
		d, ok := by[r.MerchandiserID]
		if !ok {
			d = &digest{first: r.OrderID}
			by[r.MerchandiserID] = d
			order = append(order, r.MerchandiserID)
		}
		if r.RiskLevel == "late" {
			d.late++
		} else {
			d.atRisk++
		}
		if len(d.pos) < 10 {
			d.pos = append(d.pos, r.PONumber)
		}
	}
	err = s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		for _, mid := range order {
			d := by[mid]
			// The notification points at the worst order; the list names the rest.
			if err := addNotification(tx, now, Notification{UserID: &mid, Kind: NotifyRiskDigest, OrderID: d.first},
				map[string]any{"late": d.late, "at_risk": d.atRisk, "orders": strings.Join(d.pos, ", ")}); err != nil {
				return err
			}
		}
		return nil
	})
	return len(order), err
}
