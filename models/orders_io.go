package models

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// Bulk creation and the look-ups behind the spreadsheet import: a file of
// hundreds of orders is checked with a handful of queries, and created in
// one transaction or not at all.

// inChunk bounds the parameters of one IN (…) query.
const inChunk = 500

// chunks calls fn with consecutive slices of at most inChunk items.
func chunks[T any](items []T, fn func([]T) error) error {
	for len(items) > 0 {
		n := min(len(items), inChunk)
		if err := fn(items[:n]); err != nil {
			return err
		}
		items = items[n:]
	}
	return nil
}

// lookupBy loads the rows of T that match wanted, at most inChunk values a
// query, with the columns cols: where gives one chunk's condition and its
// arguments (see in), and the result is keyed by key(row). The look-ups by
// id, code, e-mail and name all go through it.
func lookupBy[T any, V any, K comparable](ctx context.Context, s *Store, what string, wanted []V, cols []string,
	where func(part []V) (string, []any), key func(T) K) (map[K]T, error) {
	out := make(map[K]T, len(wanted))
	err := chunks(wanted, func(part []V) error {
		cond, args := where(part)
		var rows []T
		if err := s.conn(ctx).Select(cols).Where(cond, args...).Find(&rows).Error; err != nil {
			return fmt.Errorf("look up %s: %w", what, err)
		}
		for _, r := range rows {
			out[key(r)] = r
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// in is lookupBy's usual condition: column IN (the chunk).
func in[V any](column string) func([]V) (string, []any) {
	return func(part []V) (string, []any) { return column + " IN ?", []any{part} }
}

// wanted trims and normalises the values of a look-up, dropping blanks and
// repeats (first one wins, so the order is the caller's).
func wanted(values []string, norm func(string) string) []string {
	seen := make(map[string]bool, len(values))
	out := make([]string, 0, len(values))
	for _, v := range values {
		v = norm(strings.TrimSpace(v))
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// newOrders applies inputs to fresh drafts, as CreateOrder does.
func newOrders(ins []OrderInput, by int64) []*Order {
	out := make([]*Order, len(ins))
	for i, in := range ins {
		o := &Order{TolerancePct: 5, MerchandiserID: by, Sourcing: SourcingFOB}
		in.apply(o)
		out[i] = o
	}
	return out
}

// orderPrefix names order i of a batch in a ValidationError field.
func orderPrefix(i int) string { return fmt.Sprintf("orders[%d].", i) }

// addPrefixed copies a ValidationError's fields under a prefix; it reports
// whether err was one.
func addPrefixed(v *ValidationError, prefix string, err error) bool {
	ve, ok := err.(*ValidationError)
	if !ok {
		return false
	}
	for f, p := range ve.Fields {
		v.AddProblem(prefix+f, p)
	}
	return true
}

// ValidateOrders checks a batch as CreateOrders would, without writing: the
// error is a *ValidationError with fields such as "orders[3].lines[2].quantity".
func (s *Store) ValidateOrders(ctx context.Context, ins []OrderInput, by int64) error {
	return s.checkOrders(s.conn(ctx), newOrders(ins, by), ins)
}

// CreateOrders creates a batch of draft orders in one transaction: all of
// them, or — on any problem — none. Every order is checked before the first
// is written, and a *ValidationError names each problem by the order's
// index, e.g. "orders[3].lines[2].quantity" or "orders[0].po_number".
func (s *Store) CreateOrders(ctx context.Context, ins []OrderInput, by int64) ([]*Order, error) {
	if len(ins) == 0 {
		return nil, Invalid("orders", "too_few", "min", 1)
	}
	orders := newOrders(ins, by)
	out := make([]*Order, 0, len(orders))
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.checkOrders(tx, orders, ins); err != nil {
			return err
		}
		for i, o := range orders {
			created, err := s.createOrderTx(tx, o, by, false) // dates checked above
			if err != nil {
				// A PO number taken since the check (a concurrent import)
				// lands here as a validation error too.
				v := &ValidationError{}
				if addPrefixed(v, orderPrefix(i), err) {
					return v
				}
				return fmt.Errorf("order %d (%s): %w", i, o.PONumber, err)
			}
			out = append(out, created)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkOrders validates every order of a batch (orders[i] made from ins[i])
// and checks its references, PO numbers and ex-factory dates with a few bulk
// queries (not per order).
func (s *Store) checkOrders(tx *gorm.DB, orders []*Order, ins []OrderInput) error {
	v := &ValidationError{}
	var custIDs, supIDs, userIDs, tplIDs []int64
	for i, o := range orders {
		sub := &ValidationError{}
		o.validate(sub)
		addPrefixed(v, orderPrefix(i), sub)
		custIDs, supIDs, userIDs = append(custIDs, o.CustomerID), append(supIDs, o.SupplierID), append(userIDs, o.MerchandiserID)
		if o.TemplateID != nil {
			tplIDs = append(tplIDs, *o.TemplateID)
		}
	}
	existing := func(model any, ids []int64, where string, args ...any) (map[int64]bool, error) {
		found := map[int64]bool{}
		err := chunks(uniq(ids), func(part []int64) error {
			var got []int64
			q := tx.Model(model).Where("id IN ?", part)
			if where != "" {
				q = q.Where(where, args...)
			}
			if err := q.Pluck("id", &got).Error; err != nil {
				return err
			}
			for _, id := range got {
				found[id] = true
			}
			return nil
		})
		return found, err
	}
	custs, err := existing(&Customer{}, custIDs, "")
	if err != nil {
		return fmt.Errorf("check customers: %w", err)
	}
	sups, err := existing(&Supplier{}, supIDs, "active = ?", true)
	if err != nil {
		return fmt.Errorf("check suppliers: %w", err)
	}
	users, err := existing(&User{}, userIDs, "role IN ? AND active = ?", []Role{RoleMerchandiser, RoleAdmin}, true)
	if err != nil {
		return fmt.Errorf("check merchandisers: %w", err)
	}
	tpls, err := existing(&Template{}, tplIDs, "active = ?", true)
	if err != nil {
		return fmt.Errorf("check templates: %w", err)
	}
	todays, err := supplierTodays(tx, s.clock.Now(), supIDs)
	if err != nil {
		return err
	}
	// PO numbers: unique within the batch and not yet used. Compared
	// case-insensitively here; the unique index has the last word (it is
	// case-insensitive on MySQL, case-sensitive on SQLite).
	first := map[string]int{}
	var pos []string
	for i, o := range orders {
		p := orderPrefix(i)
		if !custs[o.CustomerID] {
			v.Add(p+"customer_id", "unknown_customer")
		}
		if !sups[o.SupplierID] {
			v.Add(p+"supplier_id", "unknown_supplier")
		}
		if !users[o.MerchandiserID] {
			v.Add(p+"merchandiser_id", "unknown_merchandiser")
		}
		if o.TemplateID != nil && !tpls[*o.TemplateID] {
			v.Add(p+"template_id", "unknown_template")
		}
		if !ins[i].Force && sups[o.SupplierID] {
			checkNotPast(v, p+"ex_factory_date", o.ExFactoryDate, todays[o.SupplierID])
		}
		if !poRe.MatchString(o.PONumber) {
			continue
		}
		k := strings.ToLower(o.PONumber)
		if j, dup := first[k]; dup {
			v.Add(p+"po_number", "duplicate_in_batch", "other", j+1)
			continue
		}
		first[k] = i
		pos = append(pos, o.PONumber)
	}
	err = chunks(pos, func(part []string) error {
		var taken []string
		if err := tx.Model(&Order{}).Where("po_number IN ?", part).Pluck("po_number", &taken).Error; err != nil {
			return err
		}
		for _, t := range taken {
			if i, ok := first[strings.ToLower(t)]; ok {
				v.Add(orderPrefix(i)+"po_number", "already_used")
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("check PO numbers: %w", err)
	}
	return v.Err()
}
