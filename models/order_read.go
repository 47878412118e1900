package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The order reads every screen opens first — the list, one order, its plan —
// go straight to database/sql with prepared statements and scan into plain
// fields: one query per list page (the order row joined with its supplier,
// its customer and its next step), no reflection. Writes keep GORM.

// OrderView is an order as the order screens show it: the order row, its
// supplier's code, names and time zone, its customer's name and its next
// step (nil when no step is still to do).
type OrderView struct {
	Order
	SupplierCode     string
	SupplierName     string
	SupplierNameEn   string
	SupplierTimeZone string
	CustomerName     string
	Next             *NextStep
}

// NextStep is what a list shows of an order's next step.
type NextStep struct {
	ID          int64
	Code        string
	Name        string
	NameEn      string
	PlannedDate string
	Status      string
}

// orderViewSelect is MySQL's: STRAIGHT_JOIN keeps orders the first table,
// so the id order (or a filter's (column, id) index) ends the scan at the
// page's end; left to itself MariaDB started from customers and sorted
// every order (36 list pages a second instead of thousands).
const orderViewSelect = "SELECT STRAIGHT_JOIN " + orderViewColumns

// orderViewSelectWithLines adds the order's lines by joining them: one
// row per line, the order's columns repeated (scanOrderViewColumns folds
// them). MariaDB spent about 100 µs on a correlated GROUP_CONCAT subquery
// of three lines, 35 on the join.
const orderViewSelectWithLines = "SELECT " + orderViewFields + `, l.position, l.colour, l.size, l.quantity` +
	orderViewFrom + `
 LEFT JOIN order_lines l ON l.order_id = o.id`

const orderViewColumns = orderViewFields + orderViewFrom

const orderViewFields = `o.id, o.po_number, o.customer_id, o.supplier_id, o.merchandiser_id, o.template_id,
 o.style_no, o.style_name, o.description, o.category, o.unit, o.total_quantity, o.ex_factory_date,
 o.baseline_ex_factory_date, o.ship_mode, o.destination, o.internal_notes, o.unit_price, o.currency,
 o.tolerance_pct, o.status, o.revision, o.cancel_reason, o.confirmed_at, o.cancelled_at, o.created_at,
 o.updated_at, o.next_milestone_id, o.earliest_open_date, o.risk_level, o.sourcing, s.code, s.name, s.name_en, s.time_zone, c.name,
 m.code, m.name, m.name_en, m.planned_date, m.status`

const orderViewFrom = `
 FROM orders o JOIN suppliers s ON s.id = o.supplier_id JOIN customers c ON c.id = o.customer_id
 LEFT JOIN milestones m ON m.id = o.next_milestone_id`

// orderViewSelect and scanOrderViews are the dialect's way to read
// OrderViews, with or without their lines (order_read_sqlite.go says why
// SQLite's differs).
//
// For a factory user the staff-only columns (price, currency, internal
// notes, baseline, merchandiser, template) are not even read: the query
// selects empty values in their place (factorySelects), so neither the
// rows nor the JSON of a factory's read can hold them.
func (s *Store) orderViewSelect(withLines bool, sc Scope) string {
	var q string
	switch {
	case s.dialect == SQLite && withLines:
		q = orderViewSelectSQLiteWithLines
	case s.dialect == SQLite:
		q = orderViewSelectSQLite
	case withLines:
		q = orderViewSelectWithLines
	default:
		q = orderViewSelect
	}
	if sc.Limited() {
		return factorySelects[q]
	}
	return q
}

// staffOnlyColumns are replaced, for factory reads, by values of their type.
var staffOnlyColumns = strings.NewReplacer("o.merchandiser_id,", "0,", "o.template_id,", "NULL,",
	"o.baseline_ex_factory_date,", "'',", "o.internal_notes,", "'',", "o.unit_price,", "'',", "o.currency,", "'',")

var factorySelects = func() map[string]string {
	m := map[string]string{}
	for _, q := range []string{orderViewSelectSQLiteWithLines, orderViewSelectSQLite, orderViewSelectWithLines, orderViewSelect} {
		m[q] = staffOnlyColumns.Replace(q)
	}
	return m
}()

// pre are destinations for columns selected before the order's (the
// caller's auth state, order_read_as.go); each row scans into them.
func (s *Store) scanOrderViews(rows *sql.Rows, capacity int, withLines bool, pre ...any) ([]OrderView, error) {
	if s.dialect == SQLite {
		return scanOrderViewsSQLite(rows, capacity, withLines, pre)
	}
	return scanOrderViewColumns(rows, capacity, withLines, pre)
}

// scanOrderViewColumns reads the rows of an orderViewSelect query.
func scanOrderViewColumns(rows *sql.Rows, capacity int, withLines bool, pre []any) ([]OrderView, error) {
	defer rows.Close()
	out := make([]OrderView, 0, capacity)
	var (
		tmpl                              sql.NullInt64
		confirmed, cancelled              sql.NullTime
		next                              sql.NullInt64
		mCode, mName, mNameEn, mDate, mSt sql.NullString
		lPos, lQty                        sql.NullInt64
		lColour, lSize                    sql.NullString
	)
	for rows.Next() {
		out = append(out, OrderView{})
		v := &out[len(out)-1]
		o := &v.Order
		dest := append(pre[:len(pre):len(pre)], &o.ID, &o.PONumber, &o.CustomerID, &o.SupplierID, &o.MerchandiserID, &tmpl,
			&o.StyleNo, &o.StyleName, &o.Description, &o.Category, &o.Unit, &o.TotalQuantity, &o.ExFactoryDate,
			&o.BaselineExFactoryDate, &o.ShipMode, &o.Destination, &o.InternalNotes, &o.UnitPrice, &o.Currency,
			&o.TolerancePct, &o.Status, &o.Revision, &o.CancelReason, &confirmed, &cancelled, &o.CreatedAt,
			&o.UpdatedAt, &next, &o.EarliestOpenDate, &o.RiskLevel, &o.Sourcing, &v.SupplierCode, &v.SupplierName, &v.SupplierNameEn,
			&v.SupplierTimeZone, &v.CustomerName, &mCode, &mName, &mNameEn, &mDate, &mSt)
		if withLines {
			dest = append(dest, &lPos, &lColour, &lSize, &lQty)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("scan order: %w", err)
		}
		if withLines {
			repeat := len(out) > 1 && out[len(out)-2].ID == o.ID // another line of the order before
			if repeat {
				out = out[:len(out)-1]
				o = &out[len(out)-1].Order
			}
			if lPos.Valid {
				o.Lines = append(o.Lines, OrderLine{OrderID: o.ID, Position: int(lPos.Int64), Colour: lColour.String,
					Size: lSize.String, Quantity: int(lQty.Int64)})
			}
			if repeat {
				continue // the order's own fields came with its first row
			}
		}
		o.TemplateID = nullInt(tmpl)
		o.ConfirmedAt, o.CancelledAt = nullTime(confirmed), nullTime(cancelled)
		o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
		o.NextMilestoneID = nullInt(next)
		if next.Valid && mCode.Valid {
			v.Next = &NextStep{ID: next.Int64, Code: mCode.String, Name: mName.String, NameEn: mNameEn.String,
				PlannedDate: mDate.String, Status: mSt.String}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read orders: %w", err)
	}
	if withLines {
		byPosition := func(a, b OrderLine) int { return a.Position - b.Position }
		for i := range out { // (order_id, position) is the index's order; not promised
			if !slices.IsSortedFunc(out[i].Lines, byPosition) {
				slices.SortFunc(out[i].Lines, byPosition)
			}
		}
	}
	return out, nil
}

func nullInt(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}

func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time.UTC()
	return &v
}

// query runs a read: on MySQL through a statement prepared once per SQL
// text; on SQLite directly, because its driver prepares every query anyway
// (so a cache would only hold memory, and list texts carry literals there,
// see orderWhere).
func (s *Store) query(ctx context.Context, text string, args ...any) (*sql.Rows, error) {
	s.reads.Add(1)
	if s.dialect == SQLite {
		return s.sqlDB.QueryContext(ctx, text, args...)
	}
	st, err := s.prepared(ctx, text)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (s *Store) prepared(ctx context.Context, text string) (*sql.Stmt, error) {
	if st, ok := s.stmts.Load(text); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := s.sqlDB.PrepareContext(ctx, text)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	if prev, loaded := s.stmts.LoadOrStore(text, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

// Reads counts the queries of the lean read path (for the query-count tests,
// which count GORM's through its callbacks).
func (s *Store) Reads() int64 { return s.reads.Load() }

// orderWhere is the WHERE of an order list (shared by the list and the
// export), on the orders table aliased o. Every filter has an index that
// also serves the id order: (supplier_id, id), (status, id), …
//
// With inlineLike the search pattern is written into the SQL as a literal
// (quotes doubled, control characters dropped from the search) rather
// than bound: SQLite re-prepares a statement whose LIKE pattern is a
// parameter at its first step, which was a tenth of a search's time.
func orderWhere(f OrderFilter, inlineLike bool) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, a ...any) { conds, args = append(conds, cond), append(args, a...) }
	switch {
	case f.Scope.SupplierID != nil:
		add("o.supplier_id = ? AND o.confirmed_at IS NOT NULL", *f.Scope.SupplierID)
	case f.Scope.QC && len(f.Scope.Suppliers) == 0:
		add("1 = 0")
	case f.Scope.QC:
		// A raw statement: one placeholder per supplier.
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(f.Scope.Suppliers)), ", ")
		ids := make([]any, len(f.Scope.Suppliers))
		for i, id := range f.Scope.Suppliers {
			ids[i] = id
		}
		add("o.supplier_id IN ("+marks+") AND o.confirmed_at IS NOT NULL", ids...)
	}
	if f.Status != "" {
		add("o.status = ?", f.Status)
	}
	if f.SupplierID != nil {
		add("o.supplier_id = ?", *f.SupplierID)
	}
	if f.CustomerID != nil {
		add("o.customer_id = ?", *f.CustomerID)
	}
	if f.MerchandiserID != nil {
		add("o.merchandiser_id = ?", *f.MerchandiserID)
	}
	if f.ExFactoryFrom != "" {
		add("o.ex_factory_date >= ?", f.ExFactoryFrom)
	}
	if f.ExFactoryTo != "" {
		add("o.ex_factory_date <= ?", f.ExFactoryTo)
	}
	if t := strings.TrimSpace(stripControl(f.Query)); t != "" {
		like := "%" + escapeLike(t) + "%"
		if inlineLike {
			lit := "'" + strings.ReplaceAll(like, "'", "''") + "'"
			cond := "o.po_number LIKE " + lit + " ESCAPE '!' OR o.style_no LIKE " + lit + " ESCAPE '!' OR o.style_name LIKE " +
				lit + " ESCAPE '!' OR o.customer_id IN (SELECT id FROM customers WHERE name LIKE " + lit + " ESCAPE '!')"
			if f.Scope.SupplierID == nil {
				cond += " OR o.supplier_id IN (SELECT id FROM suppliers WHERE code LIKE " + lit + " ESCAPE '!' OR name LIKE " +
					lit + " ESCAPE '!' OR name_en LIKE " + lit + " ESCAPE '!')"
			}
			add("(" + cond + ")")
			return strings.Join(conds, " AND "), args
		}
		// Supplier and customer names match in their own (small) tables, so
		// the orders side stays an IN on the indexed supplier_id/customer_id
		// rather than a join over every order. A factory user's orders are all
		// its own supplier's: matching its name would list everything.
		cond := "o.po_number LIKE ? ESCAPE '!' OR o.style_no LIKE ? ESCAPE '!' OR o.style_name LIKE ? ESCAPE '!'" +
			" OR o.customer_id IN (SELECT id FROM customers WHERE name LIKE ? ESCAPE '!')"
		a := []any{like, like, like, like}
		if f.Scope.SupplierID == nil {
			cond += " OR o.supplier_id IN (SELECT id FROM suppliers WHERE code LIKE ? ESCAPE '!' OR name LIKE ? ESCAPE '!' OR name_en LIKE ? ESCAPE '!')"
			a = append(a, like, like, like)
		}
		add("("+cond+")", a...)
	}
	return strings.Join(conds, " AND "), args
}

// ListOrders pages through orders, newest first, as OrderViews (without
// lines), in one query.
func (s *Store) ListOrders(ctx context.Context, f OrderFilter) ([]OrderView, string, error) {
	if err := f.validate(); err != nil {
		return nil, "", err
	}
	limit, after, err := f.Page.Normalize()
	if err != nil {
		return nil, "", err
	}
	where, args := orderWhere(f, s.dialect == SQLite)
	if after > 0 {
		if where != "" {
			where += " AND "
		}
		where += "o.id < ?"
		args = append(args, after)
	}
	text := s.orderViewSelect(false, f.Scope)
	if where != "" {
		text += " WHERE " + where
	}
	if s.dialect == SQLite {
		// A literal: SQLite re-prepares a statement with LIMIT ? at its
		// first step (a quarter of a list page's time).
		text += " ORDER BY o.id DESC LIMIT " + strconv.Itoa(limit+1)
	} else {
		text += " ORDER BY o.id DESC LIMIT ?"
		args = append(args, limit+1)
	}
	rows, err := s.query(ctx, text, args...)
	if err != nil {
		return nil, "", fmt.Errorf("list orders: %w", err)
	}
	views, err := s.scanOrderViews(rows, limit+1, false)
	if err != nil {
		return nil, "", err
	}
	views, next := pageOf(views, limit, func(v OrderView) int64 { return v.ID })
	return views, next, nil
}

// GetOrderView loads one order as an OrderView with its lines, if the
// scope may see it (ErrNotFound otherwise), in one query.
func (s *Store) GetOrderView(ctx context.Context, id int64, sc Scope) (*OrderView, error) {
	rows, err := s.query(ctx, s.orderViewSelect(true, sc)+" WHERE o.id = ?", id)
	if err != nil {
		return nil, fmt.Errorf("get order: %w", err)
	}
	views, err := s.scanOrderViews(rows, 1, true)
	if err != nil {
		return nil, err
	}
	if len(views) == 0 || !sc.Visible(&views[0].Order) {
		return nil, ErrNotFound
	}
	return &views[0], nil
}

// OrderHead is what a read of an order's sub-resources needs of the order:
// whether the caller may see it, its status and its supplier's time zone.
type OrderHead struct {
	ID               int64
	SupplierID       int64
	Status           string
	Confirmed        bool
	TotalQuantity    int
	TolerancePct     int
	Unit             string
	SupplierTimeZone string
}

// The plan read: the order's head and its steps in one query (a LEFT JOIN,
// so an order without steps still answers its head).
const planColumns = `o.id, o.supplier_id, o.status, o.confirmed_at IS NOT NULL, o.total_quantity, o.tolerance_pct,
 o.unit, s.time_zone, m.id, m.order_id, m.position, m.code, m.name, m.name_en, m.quantity_kind, m.sample_type,
 m.planned_date, m.baseline_date, m.actual_date, m.quantity_done, m.status, m.planned_late, m.updated_at`

const planFrom = planFromMySQL + " ORDER BY m.position"

// planFromMySQL leaves the order to getPlanColumns: MariaDB answers ORDER BY
// m.position after a LEFT JOIN with a temporary table and a filesort (a
// tenth of the query's time) even though the index has that order.
const planFromMySQL = ` FROM orders o JOIN suppliers s ON s.id = o.supplier_id LEFT JOIN milestones m ON m.order_id = o.id
 WHERE o.id = ?`

// seesHead is Visible for an order's head.
func (sc Scope) seesHead(h *OrderHead) bool {
	return !sc.Limited() || (sc.HasSupplier(h.SupplierID) && h.Confirmed)
}

// GetPlan loads an order's head and its steps in plan order, if the scope
// may see the order (ErrNotFound otherwise).
func (s *Store) GetPlan(ctx context.Context, id int64, sc Scope) (*OrderHead, []Milestone, error) {
	var h *OrderHead
	var ms []Milestone
	var err error
	if s.dialect == SQLite {
		h, ms, err = s.getPlanSQLite(ctx, "SELECT json_array("+planColumns+")"+planFrom, []any{id})
	} else {
		h, ms, err = s.getPlanColumns(ctx, "SELECT "+planColumns+planFromMySQL, []any{id})
	}
	if err != nil {
		return nil, nil, err
	}
	if h == nil || !sc.seesHead(h) {
		return nil, nil, ErrNotFound
	}
	return h, ms, nil
}

// ListMilestones returns an order's plan in order (none for an unknown order).
func (s *Store) ListMilestones(ctx context.Context, orderID int64) ([]Milestone, error) {
	_, ms, err := s.GetPlan(ctx, orderID, Scope{})
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	return ms, err
}

// getPlanColumns runs a plan query (text, args), pre as in scanOrderViews.
func (s *Store) getPlanColumns(ctx context.Context, text string, args []any, pre ...any) (*OrderHead, []Milestone, error) {
	rows, err := s.query(ctx, text, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("get plan: %w", err)
	}
	defer rows.Close()
	var h *OrderHead
	ms := make([]Milestone, 0, 16)
	var (
		mid, oid, pos, qty               sql.NullInt64
		code, name, nameEn, kind, sample sql.NullString
		planned, baseline, actual, st    sql.NullString
		late                             sql.NullBool
		updated                          sql.NullTime
	)
	for rows.Next() {
		var row OrderHead
		if err := rows.Scan(append(pre[:len(pre):len(pre)], &row.ID, &row.SupplierID, &row.Status, &row.Confirmed,
			&row.TotalQuantity, &row.TolerancePct, &row.Unit, &row.SupplierTimeZone, &mid, &oid, &pos, &code, &name,
			&nameEn, &kind, &sample, &planned, &baseline, &actual, &qty, &st, &late, &updated)...); err != nil {
			return nil, nil, fmt.Errorf("scan plan: %w", err)
		}
		if h == nil {
			h = &row
		}
		if !mid.Valid {
			continue
		}
		m := Milestone{ID: mid.Int64, OrderID: oid.Int64, Position: int(pos.Int64), Code: code.String, Name: name.String,
			NameEn: nameEn.String, QuantityKind: kind.String, SampleType: sample.String, PlannedDate: planned.String,
			BaselineDate: baseline.String, QuantityDone: int(qty.Int64), Status: st.String, PlannedLate: late.Bool,
			UpdatedAt: updated.Time.UTC()}
		if actual.Valid {
			d := actual.String
			m.ActualDate = &d
		}
		ms = append(ms, m)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("read plan: %w", err)
	}
	byPosition := func(a, b Milestone) int { return a.Position - b.Position }
	if !slices.IsSortedFunc(ms, byPosition) {
		slices.SortFunc(ms, byPosition)
	}
	return h, ms, nil
}

// stripControl drops control characters (NUL among them) from a search.
func stripControl(q string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, q)
}
