package models

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// OrderRevision records what a change to a confirmed order changed.
type OrderRevision struct {
	ID        int64 `gorm:"primaryKey"`
	OrderID   int64
	Revision  int
	ChangedBy int64
	Changes   string // JSON: {"field": {"from": …, "to": …}, "lines": {...}}
	CreatedAt time.Time
}

// Change is one field's before and after in a revision.
type Change struct {
	From any `json:"from"`
	To   any `json:"to"`
}

// revisionFields are the changes to a confirmed order that make a new
// revision, because the factory must act on them.
var revisionFields = map[string]bool{"lines": true, "ex_factory_date": true, "supplier_id": true}

// UpdateOrder changes an order. A draft changes freely. On a confirmed or
// in-production order, a change to lines, ex-factory date or supplier makes
// a new revision recording what changed; a moved ex-factory date moves the
// open milestones by as many days. Shipped, closed and cancelled orders do
// not change.
func (s *Store) UpdateOrder(ctx context.Context, id int64, in OrderInput, by int64) (*Order, error) {
	var out *Order
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		o, err := s.getOrderTx(tx, id, Scope{}, true)
		if err != nil {
			return err
		}
		if _, err := orderStep(o.Status, OrderEdit); err != nil {
			return err
		}
		before := *o
		before.Lines = append([]OrderLine(nil), o.Lines...)
		if in.PONumber != nil && strings.TrimSpace(*in.PONumber) != o.PONumber && o.Status != StatusDraft {
			return Invalid("po_number", "locked_after_confirm")
		}
		in.apply(o)
		v := &ValidationError{}
		o.validate(v)
		if err := s.checkRefs(tx, o, v); err != nil {
			return err
		}
		if !in.Force && o.ExFactoryDate != before.ExFactoryDate {
			today, err := supplierTodays(tx, s.clock.Now(), []int64{o.SupplierID})
			if err != nil {
				return err
			}
			checkNotPast(v, "ex_factory_date", o.ExFactoryDate, today[o.SupplierID])
		}
		if err := v.Err(); err != nil {
			return err
		}
		changes := diffOrders(&before, o)
		if len(changes) == 0 {
			out = o
			return nil
		}
		now := s.clock.Now()
		o.UpdatedAt = now
		if o.Status == StatusDraft {
			o.BaselineExFactoryDate = o.ExFactoryDate
		}
		revised := false
		if o.Status != StatusDraft {
			for f := range changes {
				revised = revised || revisionFields[f]
			}
		}
		if revised {
			o.Revision++
		}
		if err := tx.Select("*").Omit("id", "created_at", "Lines").Updates(o).Error; err != nil {
			if isDuplicate(err) {
				return Invalid("po_number", "already_used")
			}
			return fmt.Errorf("update order %d: %w", id, err)
		}
		if _, ok := changes["lines"]; ok {
			if err := tx.Where("order_id = ?", o.ID).Delete(&OrderLine{}).Error; err != nil {
				return err
			}
			if err := insertLines(tx, o); err != nil {
				return err
			}
		}
		_, linesChanged := changes["lines"]
		if _, moved := changes["supplier_id"]; linesChanged || moved {
			// The material requirement follows the quantities (material_req.go).
			if err := recomputeMaterialLines(tx, o, now); err != nil {
				return err
			}
		}
		if c, ok := changes["ex_factory_date"]; ok && o.Status != StatusDraft {
			shift := DaysBetween(c.From.(string), c.To.(string))
			if err := shiftOpenMilestones(tx, o.ID, shift, now, "ex_factory_date"); err != nil {
				return err
			}
		}
		if revised {
			public := map[string]Change{}
			for f, c := range changes {
				if revisionFields[f] {
					public[f] = c
				}
			}
			b, _ := json.Marshal(public)
			if err := tx.Create(&OrderRevision{OrderID: o.ID, Revision: o.Revision, ChangedBy: by, Changes: string(b), CreatedAt: now}).Error; err != nil {
				return fmt.Errorf("record revision: %w", err)
			}
			if err := addActivity(tx, now, o.ID, &by, ActOrderRevised, false, map[string]any{"revision": o.Revision, "changes": public}); err != nil {
				return err
			}
			if err := addNotification(tx, now, Notification{SupplierID: &o.SupplierID, ActorID: &by, Kind: NotifyOrderRevised, OrderID: o.ID},
				map[string]any{"revision": o.Revision}); err != nil {
				return err
			}
		}
		// Changes the factory may not see (price, notes, …) are internal.
		internal := map[string]Change{}
		for f, c := range changes {
			if !revisionFields[f] {
				internal[f] = c
			}
		}
		if len(internal) > 0 {
			if err := addActivity(tx, now, o.ID, &by, ActOrderUpdated, true, map[string]any{"changes": internal}); err != nil {
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

func diffOrders(a, b *Order) map[string]Change {
	ch := map[string]Change{}
	cmp := func(name string, x, y any) {
		if x != y {
			ch[name] = Change{From: x, To: y}
		}
	}
	cmp("po_number", a.PONumber, b.PONumber)
	cmp("customer_id", a.CustomerID, b.CustomerID)
	cmp("supplier_id", a.SupplierID, b.SupplierID)
	cmp("merchandiser_id", a.MerchandiserID, b.MerchandiserID)
	cmp("style_no", a.StyleNo, b.StyleNo)
	cmp("style_name", a.StyleName, b.StyleName)
	cmp("description", a.Description, b.Description)
	cmp("category", a.Category, b.Category)
	cmp("unit", a.Unit, b.Unit)
	cmp("ex_factory_date", a.ExFactoryDate, b.ExFactoryDate)
	cmp("ship_mode", a.ShipMode, b.ShipMode)
	cmp("destination", a.Destination, b.Destination)
	cmp("internal_notes", a.InternalNotes, b.InternalNotes)
	cmp("unit_price", a.UnitPrice, b.UnitPrice)
	cmp("currency", a.Currency, b.Currency)
	cmp("tolerance_pct", a.TolerancePct, b.TolerancePct)
	cmp("sourcing", a.Sourcing, b.Sourcing)
	var ta, tb *int64
	ta, tb = a.TemplateID, b.TemplateID
	if (ta == nil) != (tb == nil) || ta != nil && *ta != *tb {
		ch["template_id"] = Change{From: ta, To: tb}
	}
	if !sameLines(a.Lines, b.Lines) {
		ch["lines"] = Change{From: linesView(a.Lines), To: linesView(b.Lines)}
	}
	return ch
}

func sameLines(a, b []OrderLine) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Colour != b[i].Colour || a[i].Size != b[i].Size || a[i].Quantity != b[i].Quantity {
			return false
		}
	}
	return true
}

type lineView struct {
	Colour   string `json:"colour"`
	Size     string `json:"size"`
	Quantity int    `json:"quantity"`
}

func linesView(ls []OrderLine) []lineView {
	out := make([]lineView, len(ls))
	for i, l := range ls {
		out[i] = lineView{l.Colour, l.Size, l.Quantity}
	}
	return out
}

// ListRevisions returns an order's revisions, newest first.
func (s *Store) ListRevisions(ctx context.Context, orderID int64) ([]OrderRevision, error) {
	var rows []OrderRevision
	err := s.conn(ctx).Where("order_id = ?", orderID).Order("revision DESC").Find(&rows).Error
	return rows, err
}
