package models

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Complaints (客户投诉, docs/AFTERSALES.md): staff record a customer's
// complaint about an order that shipped something; the factory answers it;
// staff investigate, add resolutions (models/resolution.go), record that the
// customer agreed them and close it once they are done and its corrective
// action (if any) is verified.

// ComplaintPhotoKind is the PhotoOwner kind of a complaint's photos.
const ComplaintPhotoKind = "complaint"

// MaxComplaintQty bounds a complaint's affected quantity.
const MaxComplaintQty = 10_000_000

// ComplaintInput is a complaint as staff record it.
type ComplaintInput struct {
	ReceivedDate    string
	Channel         string
	Description     string
	DeliveryID      *int64
	Lines           []LineQty
	AffectedQty     int
	Severity        string
	CustomerRequest string
	CustomerContact string
	PhotoIDs        []int64
}

// LinesOf decodes a complaint's colour × size lines.
func (c *Complaint) LinesOf() []LineQty { return decodeLines(c.Lines) }

func complaintData(c *Complaint) map[string]any {
	return map[string]any{"complaint_id": c.ID}
}

// orderShippedQty is what an order has shipped: the shipped quantity of its
// shipped and received deliveries.
func orderShippedQty(tx *gorm.DB, orderID int64) (int, error) {
	var n int64
	err := tx.Model(&Delivery{}).Where("order_id = ? AND status IN ?", orderID, []string{DelivShipped, DelivReceived}).
		Select("COALESCE(SUM(shipped_quantity), 0)").Scan(&n).Error
	return int(n), err
}

// OrderShippedQty is orderShippedQty outside a transaction (B's arithmetic
// and the DTOs).
func (s *Store) OrderShippedQty(ctx context.Context, orderID int64) (int, error) {
	return orderShippedQty(s.conn(ctx), orderID)
}

// orderHasShipped: a complaint is about goods the customer has, so the
// order must be partially shipped or shipped (a closed order takes none).
func orderHasShipped(status string) error {
	if status == StatusPartiallyShipped || status == StatusShipped {
		return nil
	}
	return Conflict("order_not_shipped", "status", status)
}

// CreateComplaint records a complaint about an order (staff): the order
// must have shipped something and the affected quantity may not exceed what
// shipped. The factory's users are told.
func (s *Store) CreateComplaint(ctx context.Context, orderID int64, in ComplaintInput, by Actor, sc Scope) (*Complaint, error) {
	if !by.staff() {
		return nil, ErrForbidden
	}
	in.ReceivedDate, in.Channel, in.Description = strings.TrimSpace(in.ReceivedDate), strings.TrimSpace(in.Channel), strings.TrimSpace(in.Description)
	in.Severity, in.CustomerRequest, in.CustomerContact = strings.TrimSpace(in.Severity), strings.TrimSpace(in.CustomerRequest), strings.TrimSpace(in.CustomerContact)
	var out *Complaint
	err := s.readCommittedTx(ctx, func(tx *gorm.DB) error {
		o, err := s.getOrderTx(tx, orderID, sc, true)
		if err != nil {
			return err
		}
		if err := orderHasShipped(o.Status); err != nil {
			return err
		}
		now := s.clock.Now()
		v := &ValidationError{}
		if checkDate(v, "received_date", in.ReceivedDate, true) && in.ReceivedDate > LatestToday(now) {
			v.Add("received_date", "date_in_future")
		}
		if !slices.Contains(ComplaintChannels, in.Channel) {
			v.Add("channel", "one_of", "allowed", strings.Join(ComplaintChannels, ", "))
		}
		checkText(v, "description", in.Description, true, 4000)
		if !slices.Contains(ComplaintSeverities, in.Severity) {
			v.Add("severity", "one_of", "allowed", strings.Join(ComplaintSeverities, ", "))
		}
		if !slices.Contains(CustomerRequests, in.CustomerRequest) {
			v.Add("customer_request", "one_of", "allowed", strings.Join(CustomerRequests, ", "))
		}
		checkText(v, "customer_contact", in.CustomerContact, false, 500)
		lines, _ := checkLines(v, "lines", o, in.Lines, false)
		if in.DeliveryID != nil {
			var d Delivery
			if err := tx.Select("id, order_id, status").First(&d, *in.DeliveryID).Error; err != nil || d.OrderID != o.ID ||
				(d.Status != DelivShipped && d.Status != DelivReceived) {
				v.Add("delivery_id", "delivery_not_shipped")
			}
		}
		shipped, err := orderShippedQty(tx, o.ID)
		if err != nil {
			return err
		}
		switch {
		case in.AffectedQty < 1 || in.AffectedQty > MaxComplaintQty:
			v.Add("affected_qty", "out_of_range", "min", 1, "max", MaxComplaintQty)
		case in.AffectedQty > shipped:
			v.Add("affected_qty", "over_shipped", "shipped", shipped)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if lines == nil {
			lines = []LineQty{}
		}
		c := &Complaint{OrderID: o.ID, SupplierID: o.SupplierID, DeliveryID: in.DeliveryID, ReceivedDate: in.ReceivedDate,
			Channel: in.Channel, Description: in.Description, Lines: encodeJSON(lines), AffectedQty: in.AffectedQty,
			Severity: in.Severity, CustomerRequest: in.CustomerRequest, CustomerContact: in.CustomerContact,
			Status: ComplaintOpen, CreatedBy: by.UserID, CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(c).Error; err != nil {
			return fmt.Errorf("create complaint: %w", err)
		}
		if err := s.AttachPhotos(tx, in.PhotoIDs, by.uploader(),
			PhotoOwner{Kind: ComplaintPhotoKind, ID: c.ID, SupplierID: c.SupplierID}); err != nil {
			return err
		}
		data := complaintData(c)
		data["severity"], data["affected_qty"] = c.Severity, c.AffectedQty
		if err := addSupplierActivity(tx, now, o.ID, &c.SupplierID, &by.UserID, ActComplaintReceived, false, data); err != nil {
			return err
		}
		if err := addNotification(tx, now, Notification{SupplierID: &c.SupplierID, Kind: NotifyComplaintReceived, OrderID: o.ID,
			ActorID: &by.UserID}, data); err != nil {
			return err
		}
		out = c
		return nil
	})
	return out, err
}

// GetComplaint loads a complaint the scope sees: a factory its own
// supplier's (by the row's supplier) of an order it still has; qc none.
func (s *Store) GetComplaint(ctx context.Context, id int64, sc Scope) (*Complaint, error) {
	var c Complaint
	if _, err := s.loadOwned(s.conn(ctx), &c, id, sc, qcRefused, false); err != nil {
		return nil, err
	}
	return &c, nil
}

// ComplaintFilter selects complaints for a list.
type ComplaintFilter struct {
	Page
	Scope
	Status     string
	OrderID    *int64
	SupplierID *int64
}

// ListComplaints pages through complaints newest first (a factory: its own
// supplier's rows of orders it still has).
func (s *Store) ListComplaints(ctx context.Context, f ComplaintFilter) ([]Complaint, string, error) {
	limit, after, err := f.Page.Normalize()
	if err != nil {
		return nil, "", err
	}
	if f.Status != "" && !slices.Contains(ComplaintStatuses, f.Status) {
		return nil, "", Invalid("status", "one_of", "allowed", strings.Join(ComplaintStatuses, ", "))
	}
	if f.Scope.QC {
		return nil, "", ErrForbidden
	}
	q := s.conn(ctx).Model(&Complaint{}).Order("id DESC").Limit(limit + 1)
	if after > 0 {
		q = q.Where("id < ?", after)
	}
	if f.Scope.SupplierID != nil {
		q = q.Where("supplier_id = ? AND order_id IN (SELECT id FROM orders WHERE supplier_id = ? AND confirmed_at IS NOT NULL)",
			*f.Scope.SupplierID, *f.Scope.SupplierID)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.OrderID != nil {
		q = q.Where("order_id = ?", *f.OrderID)
	}
	if f.SupplierID != nil {
		q = q.Where("supplier_id = ?", *f.SupplierID)
	}
	var rows []Complaint
	if err := q.Find(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list complaints: %w", err)
	}
	rows, next := pageOf(rows, limit, func(x Complaint) int64 { return x.ID })
	return rows, next, nil
}

// ComplaintAge is a complaint's age in calendar days on the factory's
// calendar: from received to closed, or to today while it is open.
func ComplaintAge(c *Complaint, zone string, now time.Time) int {
	end := TodayIn(now, zone)
	if c.ClosedAt != nil {
		end = TodayIn(*c.ClosedAt, zone)
	}
	d := DaysBetween(c.ReceivedDate, end)
	return max(0, d)
}

// complaintTx loads and locks a complaint for a change, with its order, in
// the scope (404 outside it).
func (s *Store) complaintTx(tx *gorm.DB, id int64, sc Scope) (*Complaint, *Order, error) {
	var c Complaint
	o, err := s.loadOwned(tx, &c, id, sc, qcRefused, true)
	if err != nil {
		return nil, nil, err
	}
	return &c, o, nil
}

// changeComplaint runs one action on a complaint in a transaction.
func (s *Store) changeComplaint(ctx context.Context, id int64, sc Scope, a Action,
	fn func(tx *gorm.DB, c *Complaint, o *Order, now time.Time) error) (*Complaint, error) {
	var out *Complaint
	err := s.readCommittedTx(ctx, func(tx *gorm.DB) error {
		c, o, err := s.complaintTx(tx, id, sc)
		if err != nil {
			return err
		}
		to, err := complaintStep(c.Status, a)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		from := c.Status
		c.Status, c.UpdatedAt = to, now
		if err := fn(tx, c, o, now); err != nil {
			return err
		}
		if err := tx.Select("*").Omit("id", "created_at", "created_by", "order_id", "supplier_id").Updates(c).Error; err != nil {
			return fmt.Errorf("update complaint %d: %w", c.ID, err)
		}
		if from != to {
			data := complaintData(c)
			data["from"], data["to"] = from, to
			if err := addSupplierActivity(tx, now, o.ID, &c.SupplierID, nil, ActComplaintChanged, false, data); err != nil {
				return err
			}
		}
		out = c
		return nil
	})
	return out, err
}

// AnswerComplaint records the factory's answer (the factory of the order
// only; staff may not); the merchandiser is told.
func (s *Store) AnswerComplaint(ctx context.Context, id int64, answer string, by Actor, sc Scope) (*Complaint, error) {
	if by.Role != RoleFactory {
		return nil, ErrForbidden
	}
	answer = strings.TrimSpace(answer)
	v := &ValidationError{}
	checkText(v, "answer", answer, true, 4000)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.changeComplaint(ctx, id, sc, ComplaintAnswer, func(tx *gorm.DB, c *Complaint, o *Order, now time.Time) error {
		c.FactoryAnswer, c.AnsweredBy, c.AnsweredAt = answer, &by.UserID, &now
		data := complaintData(c)
		if err := addSupplierActivity(tx, now, o.ID, &c.SupplierID, &by.UserID, ActComplaintAnswered, false, data); err != nil {
			return err
		}
		return notifyOtherSide(tx, now, o, by.UserID, true, NotifyComplaintAnswered, data)
	})
}

// InvestigateComplaint starts the investigation (staff).
func (s *Store) InvestigateComplaint(ctx context.Context, id int64, by Actor, sc Scope) (*Complaint, error) {
	if !by.staff() {
		return nil, ErrForbidden
	}
	return s.changeComplaint(ctx, id, sc, ComplaintInvestigate, func(*gorm.DB, *Complaint, *Order, time.Time) error { return nil })
}

// complaintOpenWork counts what keeps a complaint from closing: its open
// resolutions and its CAPA when not verified.
func complaintOpenWork(tx *gorm.DB, c *Complaint) (resolutions, live int, capaOpen bool, err error) {
	var rs []Resolution
	if err = tx.Select("id, status").Where("complaint_id = ?", c.ID).Find(&rs).Error; err != nil {
		return
	}
	for _, r := range rs {
		if r.Status == ResolutionOpen {
			resolutions++
		}
		if r.Status != ResolutionCancelled {
			live++
		}
	}
	var caps []CAPA
	if err = tx.Select("id, status").Where("source_kind = ? AND source_id = ?", CAPASourceComplaint, c.ID).Find(&caps).Error; err != nil {
		return
	}
	for _, p := range caps {
		if p.Status != CAPAVerified {
			capaOpen = true
		}
	}
	return
}

// AgreeComplaint records that the customer agreed the resolutions (staff):
// at least one resolution not cancelled (409 complaint_no_resolution).
func (s *Store) AgreeComplaint(ctx context.Context, id int64, by Actor, sc Scope) (*Complaint, error) {
	if !by.staff() {
		return nil, ErrForbidden
	}
	return s.changeComplaint(ctx, id, sc, ComplaintAgree, func(tx *gorm.DB, c *Complaint, _ *Order, _ time.Time) error {
		_, live, _, err := complaintOpenWork(tx, c)
		if err != nil {
			return err
		}
		if live == 0 {
			return Conflict("complaint_no_resolution")
		}
		return nil
	})
}

// CloseComplaint closes an agreed complaint (staff) once every resolution
// is done or cancelled and its CAPA (if any) verified (409
// complaint_not_resolved{open}: how many are not).
func (s *Store) CloseComplaint(ctx context.Context, id int64, by Actor, sc Scope) (*Complaint, error) {
	if !by.staff() {
		return nil, ErrForbidden
	}
	return s.changeComplaint(ctx, id, sc, ComplaintClose, func(tx *gorm.DB, c *Complaint, _ *Order, now time.Time) error {
		open, _, capaOpen, err := complaintOpenWork(tx, c)
		if err != nil {
			return err
		}
		if capaOpen {
			open++
		}
		if open > 0 {
			return Conflict("complaint_not_resolved", "open", open)
		}
		c.ClosedAt = &now
		return nil
	})
}
