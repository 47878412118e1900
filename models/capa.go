package models

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Corrective and preventive actions (CAPA, 8D-lite, docs/AFTERSALES.md):
// staff open one for a complaint, a failed inspection or a rejected sample
// round (one per source); the factory writes containment, root cause and
// actions with evidence and completes it; staff verify or reopen it. An
// open CAPA past its due date is a risk reason of its order (capa_overdue).

// CAPA sources and the PhotoOwner kind of a CAPA's evidence.
const (
	CAPASourceComplaint  = "complaint"
	CAPASourceInspection = "inspection"
	CAPASourceSample     = "sample"
	CAPAPhotoKind        = "capa"
)

// CAPAInput opens a CAPA.
type CAPAInput struct {
	SourceKind string
	SourceID   int64
	Problem    string
	DueDate    string
}

// CAPAPatch is a change of a CAPA's text (nil: unchanged); DueDate is
// staff's only. PhotoIDs are evidence to attach.
type CAPAPatch struct {
	Containment      *string
	RootCause        *string
	CauseCategory    *string
	CorrectiveAction *string
	PreventiveAction *string
	Owner            *string
	DueDate          *string
	PhotoIDs         []int64
}

func capaData(c *CAPA) map[string]any {
	return map[string]any{"capa_id": c.ID, "status": c.Status, "source_kind": c.SourceKind, "source_id": c.SourceID}
}

// capaSourceOrder finds the order of a CAPA's source, checking that the
// source calls for one: an inspection completed and failed, a sample round
// rejected (409 capa_source_not_failed); a complaint any.
func capaSourceOrder(tx *gorm.DB, kind string, id int64) (int64, error) {
	switch kind {
	case CAPASourceComplaint:
		var c Complaint
		if err := tx.Select("id, order_id").First(&c, id).Error; err != nil {
			return 0, notFound(err)
		}
		return c.OrderID, nil
	case CAPASourceInspection:
		var in Inspection
		if err := tx.Select("id, order_id, status, result").First(&in, id).Error; err != nil {
			return 0, notFound(err)
		}
		if in.Status != InspCompleted || in.Result != ResultFail {
			return 0, Conflict("capa_source_not_failed", "source_kind", kind, "status", in.Status)
		}
		return in.OrderID, nil
	case CAPASourceSample:
		var r SampleRound
		if err := tx.Select("id, order_id, status").First(&r, id).Error; err != nil {
			return 0, notFound(err)
		}
		if r.Status != SampleRejected {
			return 0, Conflict("capa_source_not_failed", "source_kind", kind, "status", r.Status)
		}
		return r.OrderID, nil
	}
	return 0, Invalid("source_kind", "one_of", "allowed", strings.Join(CAPASources, ", "))
}

// CreateCAPA opens a CAPA of a source (staff); the factory is told.
func (s *Store) CreateCAPA(ctx context.Context, in CAPAInput, by Actor, sc Scope) (*CAPA, error) {
	if !by.staff() {
		return nil, ErrForbidden
	}
	in.SourceKind, in.Problem, in.DueDate = strings.TrimSpace(in.SourceKind), strings.TrimSpace(in.Problem), strings.TrimSpace(in.DueDate)
	v := &ValidationError{}
	if !slices.Contains(CAPASources, in.SourceKind) {
		v.Add("source_kind", "one_of", "allowed", strings.Join(CAPASources, ", "))
	}
	if in.SourceID <= 0 {
		v.Add("source_id", "required")
	}
	checkText(v, "problem", in.Problem, true, 4000)
	checkDate(v, "due_date", in.DueDate, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *CAPA
	err := s.readCommittedTx(ctx, func(tx *gorm.DB) error {
		orderID, err := capaSourceOrder(tx, in.SourceKind, in.SourceID)
		if err != nil {
			return err
		}
		o, err := s.getOrderTx(tx, orderID, sc, true)
		if err != nil {
			return err
		}
		var prev CAPA
		if err := tx.Select("id").Where("source_kind = ? AND source_id = ?", in.SourceKind, in.SourceID).Take(&prev).Error; err == nil {
			return Conflict("capa_exists", "capa_id", prev.ID)
		} else if notFound(err) != ErrNotFound {
			return err
		}
		now := s.clock.Now()
		c := &CAPA{OrderID: o.ID, SupplierID: o.SupplierID, SourceKind: in.SourceKind, SourceID: in.SourceID, Problem: in.Problem,
			DueDate: in.DueDate, Status: CAPAOpen, CreatedBy: by.UserID, CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(c).Error; err != nil {
			return fmt.Errorf("create capa: %w", err)
		}
		data := capaData(c)
		if err := addSupplierActivity(tx, now, o.ID, &c.SupplierID, &by.UserID, ActCAPAChanged, false, data); err != nil {
			return err
		}
		if err := addNotification(tx, now, Notification{SupplierID: &c.SupplierID, Kind: NotifyCAPADue, OrderID: o.ID,
			ActorID: &by.UserID}, data); err != nil {
			return err
		}
		if err := refreshRisk(tx, o.ID, now); err != nil {
			return err
		}
		out = c
		return nil
	})
	return out, err
}

// GetCAPA loads a CAPA the scope sees (a factory: its own supplier's rows
// of orders it still has; qc none).
func (s *Store) GetCAPA(ctx context.Context, id int64, sc Scope) (*CAPA, error) {
	var c CAPA
	if _, err := s.loadOwned(s.conn(ctx), &c, id, sc, qcRefused, false); err != nil {
		return nil, err
	}
	return &c, nil
}

// CAPAFilter selects CAPAs for a list.
type CAPAFilter struct {
	Page
	Scope
	Status  string
	Overdue bool
	OrderID *int64
}

// capaOverdueWhere: open, with a due date before its supplier's today (one
// term per time zone).
func (s *Store) capaOverdueWhere(ctx context.Context) (string, []any, error) {
	var sups []Supplier
	if err := s.conn(ctx).Select("id, time_zone").Order("id").Find(&sups).Error; err != nil {
		return "", nil, err
	}
	byZone := map[string][]int64{}
	var zones []string
	for _, sp := range sups {
		if _, ok := byZone[sp.TimeZone]; !ok {
			zones = append(zones, sp.TimeZone)
		}
		byZone[sp.TimeZone] = append(byZone[sp.TimeZone], sp.ID)
	}
	now := s.clock.Now()
	var terms []string
	args := []any{CAPAOpen}
	for _, z := range zones {
		terms = append(terms, "(supplier_id IN ? AND due_date < ?)")
		args = append(args, byZone[z], TodayIn(now, z))
	}
	if len(terms) == 0 {
		return "1 = 0", nil, nil
	}
	return "status = ? AND due_date <> '' AND (" + strings.Join(terms, " OR ") + ")", args, nil
}

// ListCAPAs pages through CAPAs newest first.
func (s *Store) ListCAPAs(ctx context.Context, f CAPAFilter) ([]CAPA, string, error) {
	limit, after, err := f.Page.Normalize()
	if err != nil {
		return nil, "", err
	}
	if f.Status != "" && !slices.Contains(CAPAStatuses, f.Status) {
		return nil, "", Invalid("status", "one_of", "allowed", strings.Join(CAPAStatuses, ", "))
	}
	if f.Scope.QC {
		return nil, "", ErrForbidden
	}
	q := s.conn(ctx).Model(&CAPA{}).Order("id DESC").Limit(limit + 1)
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
	if f.Overdue {
		cond, args, err := s.capaOverdueWhere(ctx)
		if err != nil {
			return nil, "", err
		}
		q = q.Where(cond, args...)
	}
	var rows []CAPA
	if err := q.Find(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list capas: %w", err)
	}
	rows, next := pageOf(rows, limit, func(x CAPA) int64 { return x.ID })
	return rows, next, nil
}

// CAPAOverdueDays is how many calendar days an open CAPA is past its due
// date on its factory's calendar (0 when not overdue).
func CAPAOverdueDays(c *CAPA, zone string, now time.Time) int {
	if c.Status != CAPAOpen || c.DueDate == "" {
		return 0
	}
	return max(0, DaysBetween(c.DueDate, TodayIn(now, zone)))
}

// OrderCAPAs lists an order's CAPAs (items) and the not verified CAPAs of
// the same supplier on its other orders of the same style (related), the
// unresolved ones a new order should mind. A factory sees its own rows.
func (s *Store) OrderCAPAs(ctx context.Context, orderID int64, sc Scope) (items, related []CAPA, err error) {
	if sc.QC {
		return nil, nil, ErrForbidden
	}
	o, err := s.GetOrder(ctx, orderID, sc)
	if err != nil {
		return nil, nil, err
	}
	db := s.conn(ctx)
	q := db.Where("order_id = ?", o.ID).Order("id")
	if sc.SupplierID != nil {
		q = q.Where("supplier_id = ?", *sc.SupplierID)
	}
	if err := q.Find(&items).Error; err != nil {
		return nil, nil, err
	}
	if err := db.Where("supplier_id = ? AND order_id <> ? AND status <> ? AND order_id IN (SELECT id FROM orders WHERE style_no = ?)",
		o.SupplierID, o.ID, CAPAVerified, o.StyleNo).Order("id").Find(&related).Error; err != nil {
		return nil, nil, err
	}
	return items, related, nil
}

// CAPAsBySource reads the CAPAs of sources of a kind, by source id (the
// inspection and sample round DTOs link theirs).
func (s *Store) CAPAsBySource(ctx context.Context, kind string, ids []int64) (map[int64]CAPA, error) {
	out := map[int64]CAPA{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []CAPA
	if err := s.conn(ctx).Select("id, source_id, status, supplier_id").Where("source_kind = ? AND source_id IN ?", kind, ids).
		Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.SourceID] = r
	}
	return out, nil
}

// changeCAPA runs one action on a CAPA in a transaction: load and lock it in
// the scope, check the table, apply fn, save, record the activity, refresh
// the order's risk. notify: who is told (nil: nobody).
func (s *Store) changeCAPA(ctx context.Context, id int64, sc Scope, a Action, by Actor,
	fn func(tx *gorm.DB, c *CAPA, now time.Time) error) (*CAPA, error) {
	var out *CAPA
	err := s.readCommittedTx(ctx, func(tx *gorm.DB) error {
		var c CAPA
		o, err := s.loadOwned(tx, &c, id, sc, qcRefused, true)
		if err != nil {
			return err
		}
		to, err := capaStep(c.Status, a)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		from := c.Status
		c.Status, c.UpdatedAt = to, now
		if err := fn(tx, &c, now); err != nil {
			return err
		}
		if err := tx.Select("*").Omit("id", "created_at", "created_by", "order_id", "supplier_id", "source_kind", "source_id").
			Updates(&c).Error; err != nil {
			return fmt.Errorf("update capa %d: %w", c.ID, err)
		}
		data := capaData(&c)
		data["action"] = string(a)
		if err := addSupplierActivity(tx, now, o.ID, &c.SupplierID, &by.UserID, ActCAPAChanged, false, data); err != nil {
			return err
		}
		if from != to {
			// done → the merchandiser; verified or reopened → the factory.
			if err := notifyOtherSide(tx, now, o, by.UserID, by.Role == RoleFactory, NotifyCAPADue, data); err != nil {
				return err
			}
		}
		if err := refreshRisk(tx, o.ID, now); err != nil {
			return err
		}
		out = &c
		return nil
	})
	return out, err
}

// UpdateCAPA writes an open CAPA's containment, root cause and actions (the
// factory of the order, or staff); its due date is staff's only (403).
func (s *Store) UpdateCAPA(ctx context.Context, id int64, p CAPAPatch, by Actor, sc Scope) (*CAPA, error) {
	if !by.staff() && by.Role != RoleFactory {
		return nil, ErrForbidden
	}
	if p.DueDate != nil && !by.staff() {
		return nil, ErrForbidden
	}
	return s.changeCAPA(ctx, id, sc, CAPAEdit, by, func(tx *gorm.DB, c *CAPA, now time.Time) error {
		set := func(dst *string, v *string) {
			if v != nil {
				*dst = strings.TrimSpace(*v)
			}
		}
		set(&c.Containment, p.Containment)
		set(&c.RootCause, p.RootCause)
		set(&c.CauseCategory, p.CauseCategory)
		set(&c.CorrectiveAction, p.CorrectiveAction)
		set(&c.PreventiveAction, p.PreventiveAction)
		set(&c.Owner, p.Owner)
		set(&c.DueDate, p.DueDate)
		v := &ValidationError{}
		checkText(v, "containment", c.Containment, false, 4000)
		checkText(v, "root_cause", c.RootCause, false, 4000)
		if c.CauseCategory != "" && !slices.Contains(CauseCategories, c.CauseCategory) {
			v.Add("cause_category", "one_of", "allowed", strings.Join(CauseCategories, ", "))
		}
		checkText(v, "corrective_action", c.CorrectiveAction, false, 4000)
		checkText(v, "preventive_action", c.PreventiveAction, false, 4000)
		checkText(v, "owner", c.Owner, false, 200)
		checkDate(v, "due_date", c.DueDate, true)
		if err := v.Err(); err != nil {
			return err
		}
		return s.AttachPhotos(tx, p.PhotoIDs, by.uploader(), PhotoOwner{Kind: CAPAPhotoKind, ID: c.ID, SupplierID: c.SupplierID})
	})
}

// CompleteCAPA is the factory saying the actions are done: it needs a root
// cause, its category and the corrective action (422).
func (s *Store) CompleteCAPA(ctx context.Context, id int64, by Actor, sc Scope) (*CAPA, error) {
	if by.Role != RoleFactory {
		return nil, ErrForbidden
	}
	return s.changeCAPA(ctx, id, sc, CAPAComplete, by, func(tx *gorm.DB, c *CAPA, now time.Time) error {
		v := &ValidationError{}
		checkText(v, "root_cause", c.RootCause, true, 4000)
		checkText(v, "cause_category", c.CauseCategory, true, 40)
		checkText(v, "corrective_action", c.CorrectiveAction, true, 4000)
		if err := v.Err(); err != nil {
			return err
		}
		c.DoneBy, c.DoneAt = &by.UserID, &now
		return nil
	})
}

// VerifyCAPA accepts a done CAPA (staff).
func (s *Store) VerifyCAPA(ctx context.Context, id int64, note string, by Actor, sc Scope) (*CAPA, error) {
	if !by.staff() {
		return nil, ErrForbidden
	}
	note = strings.TrimSpace(note)
	v := &ValidationError{}
	checkText(v, "note", note, false, 2000)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.changeCAPA(ctx, id, sc, CAPAVerify, by, func(tx *gorm.DB, c *CAPA, now time.Time) error {
		c.VerifiedBy, c.VerifiedAt, c.VerifyNote = &by.UserID, &now, note
		return nil
	})
}

// ReopenCAPA sends a done CAPA back to the factory (staff; a note says why).
func (s *Store) ReopenCAPA(ctx context.Context, id int64, note string, by Actor, sc Scope) (*CAPA, error) {
	if !by.staff() {
		return nil, ErrForbidden
	}
	note = strings.TrimSpace(note)
	v := &ValidationError{}
	checkText(v, "note", note, true, 2000)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.changeCAPA(ctx, id, sc, CAPAReopen, by, func(tx *gorm.DB, c *CAPA, now time.Time) error {
		c.VerifyNote, c.DoneBy, c.DoneAt = note, nil, nil
		return nil
	})
}

// OpenCAPAs counts a supplier's CAPAs not yet verified (the scorecard).
func OpenCAPAs(tx *gorm.DB, supplierID int64) (int, error) {
	var n int64
	err := tx.Model(&CAPA{}).Where("supplier_id = ? AND status <> ?", supplierID, CAPAVerified).Count(&n).Error
	return int(n), err
}
