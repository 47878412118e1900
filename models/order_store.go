package models

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"gorm.io/gorm"
)

// CreateOrder creates a draft order with its lines. by is the creating user;
// a merchandiser creating an order follows it unless another is named.
func (s *Store) CreateOrder(ctx context.Context, in OrderInput, by int64) (*Order, error) {
	o := &Order{TolerancePct: 5, MerchandiserID: by, Sourcing: SourcingFOB}
	in.apply(o)
	var out *Order
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		out, err = s.createOrderTx(tx, o, by, !in.Force)
		return err
	})
	return out, err
}

// createOrderTx checks and writes one order; checkPast refuses an
// ex-factory date before the supplier's today (a batch checks it before).
func (s *Store) createOrderTx(tx *gorm.DB, o *Order, by int64, checkPast bool) (*Order, error) {
	v := &ValidationError{}
	o.validate(v)
	if err := s.checkRefs(tx, o, v); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	if checkPast {
		today, err := supplierTodays(tx, now, []int64{o.SupplierID})
		if err != nil {
			return nil, err
		}
		checkNotPast(v, "ex_factory_date", o.ExFactoryDate, today[o.SupplierID])
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	o.ID, o.Status, o.Revision, o.CreatedAt, o.UpdatedAt = 0, StatusDraft, 0, now, now
	o.BaselineExFactoryDate = o.ExFactoryDate
	if err := tx.Omit("Lines").Create(o).Error; err != nil {
		if isDuplicate(err) {
			return nil, Invalid("po_number", "already_used")
		}
		return nil, fmt.Errorf("create order: %w", err)
	}
	if err := insertLines(tx, o); err != nil {
		return nil, err
	}
	if err := addActivity(tx, now, o.ID, &by, ActOrderCreated, false, map[string]any{"po_number": o.PONumber}); err != nil {
		return nil, err
	}
	return o, nil
}

func insertLines(tx *gorm.DB, o *Order) error {
	for i := range o.Lines {
		o.Lines[i].ID = 0
		o.Lines[i].OrderID = o.ID
		o.Lines[i].Position = i + 1
	}
	if err := tx.CreateInBatches(&o.Lines, 200).Error; err != nil {
		return fmt.Errorf("create order lines: %w", err)
	}
	return nil
}

// GetOrder loads an order with its lines, if the scope may see it.
func (s *Store) GetOrder(ctx context.Context, id int64, sc Scope) (*Order, error) {
	return s.getOrderTx(s.conn(ctx), id, sc, false)
}

func (s *Store) getOrderTx(tx *gorm.DB, id int64, sc Scope, lock bool) (*Order, error) {
	var o Order
	q := tx
	if lock {
		q = s.forUpdate(tx)
	}
	if err := q.First(&o, id).Error; err != nil {
		return nil, notFound(err)
	}
	if !sc.Visible(&o) {
		return nil, ErrNotFound
	}
	if err := tx.Where("order_id = ?", id).Order("position").Find(&o.Lines).Error; err != nil {
		return nil, err
	}
	return &o, nil
}

// OrderFilter selects orders for a list.
type OrderFilter struct {
	Page
	Scope
	Status         string
	SupplierID     *int64
	CustomerID     *int64
	MerchandiserID *int64
	ExFactoryFrom  string
	ExFactoryTo    string
	Query          string
}

func (f OrderFilter) validate() error {
	v := &ValidationError{}
	if f.Status != "" && !contains(OrderStatuses, f.Status) {
		v.Add("status", "one_of", "allowed", strings.Join(OrderStatuses, ", "))
	}
	checkDate(v, "ex_factory_from", f.ExFactoryFrom, false)
	checkDate(v, "ex_factory_to", f.ExFactoryTo, false)
	return v.Err()
}

// orderQuery is the query of a list's orders (the export's), on the
// orders table aliased o.
func (s *Store) orderQuery(ctx context.Context, f OrderFilter) *gorm.DB {
	q := s.conn(ctx).Table("orders AS o").Select("o.*")
	if where, args := orderWhere(f, false); where != "" {
		q = q.Where(where, args...)
	}
	return q
}

// EachOrder streams every order matching a filter, with its lines, in
// batches (for the export).
func (s *Store) EachOrder(ctx context.Context, f OrderFilter, fn func(*Order) error) error {
	if err := f.validate(); err != nil {
		return err
	}
	var after int64
	for {
		var rows []Order
		q := s.orderQuery(ctx, f).Where("o.id > ?", after).Order("o.id").Limit(500)
		if err := q.Find(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		ids := make([]int64, len(rows))
		for i := range rows {
			ids[i] = rows[i].ID
		}
		var lines []OrderLine
		if err := s.conn(ctx).Where("order_id IN ?", ids).Order("order_id, position").Find(&lines).Error; err != nil {
			return err
		}
		by := map[int64][]OrderLine{}
		for _, l := range lines {
			by[l.OrderID] = append(by[l.OrderID], l)
		}
		for i := range rows {
			rows[i].Lines = by[rows[i].ID]
			if err := fn(&rows[i]); err != nil {
				return err
			}
		}
		after = rows[len(rows)-1].ID
	}
}

// CancelOrder cancels an order: its open milestones close as cancelled and
// its history stays.
func (s *Store) CancelOrder(ctx context.Context, id int64, reason string, by int64) (*Order, error) {
	reason = strings.TrimSpace(reason)
	v := &ValidationError{}
	checkText(v, "reason", reason, true, 500)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *Order
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		o, err := s.getOrderTx(tx, id, Scope{}, true)
		if err != nil {
			return err
		}
		status, err := orderStep(o.Status, OrderCancel)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		if err := tx.Model(&Milestone{}).Where("order_id = ? AND status IN ?", o.ID, milestoneTransitions.From(MilestoneCancel)).
			Updates(map[string]any{"status": MilestoneCancelled, "updated_at": now}).Error; err != nil {
			return err
		}
		if err := syncOrder(tx, o.ID, now); err != nil {
			return err
		}
		if err := cancelOpenDeliveries(tx, o.ID, reason, now); err != nil {
			return err
		}
		o.Status, o.CancelReason, o.CancelledAt, o.UpdatedAt = status, reason, &now, now
		if err := tx.Model(o).Select("status", "cancel_reason", "cancelled_at", "updated_at").Updates(o).Error; err != nil {
			return err
		}
		if err := addActivity(tx, now, o.ID, &by, ActOrderCancelled, false, map[string]any{"reason": reason}); err != nil {
			return err
		}
		// A draft was never the factory's to follow.
		if wasDraft := o.ConfirmedAt == nil; !wasDraft {
			if err := addNotification(tx, now, Notification{SupplierID: &o.SupplierID, ActorID: &by, Kind: NotifyOrderCancelled, OrderID: o.ID},
				map[string]any{"reason": reason}); err != nil {
				return err
			}
		}
		if err := refreshRisk(tx, o.ID, now); err != nil {
			return err
		}
		out = o
		return nil
	})
	return out, err
}

func uniq(ids []int64) []int64 {
	m := map[int64]bool{}
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if !m[id] {
			m[id] = true
			out = append(out, id)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
