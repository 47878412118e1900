package models

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Order statuses. An order starts as a draft, is confirmed (which creates
// its T&A plan), goes into production with the first progress report, and
// ends shipped and closed — or cancelled.
const (
	StatusDraft        = "draft"
	StatusConfirmed    = "confirmed"
	StatusInProduction = "in_production"
	StatusShipped      = "shipped"
	StatusClosed       = "closed"
	StatusCancelled    = "cancelled"
)

// OrderStatuses lists every status.
var OrderStatuses = []string{StatusDraft, StatusConfirmed, StatusInProduction, StatusShipped, StatusClosed, StatusCancelled}

// ShipModes are the ways goods travel.
var ShipModes = []string{"sea", "air", "rail", "truck", "courier"}

// Order is one purchase order for one style, with one supplier.
type Order struct {
	ID             int64  `gorm:"primaryKey"`
	PONumber       string `gorm:"column:po_number"`
	CustomerID     int64
	SupplierID     int64
	MerchandiserID int64
	TemplateID     *int64
	StyleNo        string
	StyleName      string
	Description    string
	Category       string
	Unit           string
	TotalQuantity  int
	ExFactoryDate  string
	// BaselineExFactoryDate is the first committed ex-factory date, kept
	// forever: on-time rates are honest only against it.
	BaselineExFactoryDate string
	ShipMode              string
	Destination           string
	// InternalNotes, UnitPrice and Currency are never shown to factories
	// or customers.
	InternalNotes string
	UnitPrice     string
	Currency      string
	TolerancePct  int
	Status        string
	Revision      int
	CancelReason  string
	ConfirmedAt   *time.Time
	CancelledAt   *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Lines         []OrderLine `gorm:"-"`
}

// OrderLine is one colour × size quantity of an order.
type OrderLine struct {
	ID       int64  `gorm:"primaryKey" json:"-"`
	OrderID  int64  `json:"-"`
	Position int    `json:"-"`
	Colour   string `json:"colour"`
	Size     string `json:"size"`
	Quantity int    `json:"quantity"`
}

// OrderRevision records what a change to a confirmed order changed.
type OrderRevision struct {
	ID        int64 `gorm:"primaryKey"`
	OrderID   int64
	Revision  int
	ChangedBy int64
	Changes   string // JSON: {"field": {"from": …, "to": …}, "lines": {...}}
	CreatedAt time.Time
}

// Scope restricts what a caller may see: a factory user sees only the
// non-draft orders of its own supplier.
type Scope struct {
	SupplierID *int64
}

// Visible reports whether an order is in the scope.
func (sc Scope) Visible(o *Order) bool {
	return sc.SupplierID == nil || (o.SupplierID == *sc.SupplierID && o.Status != StatusDraft)
}

// Owns reports whether a row of an order's thread (comment, progress
// report, sample round, activity) is in the scope: a factory sees only the
// rows written while the order was its supplier's, never those of a
// supplier the order had before. A row without a supplier is staff-only.
func (sc Scope) Owns(rowSupplierID *int64) bool {
	return sc.SupplierID == nil || (rowSupplierID != nil && *rowSupplierID == *sc.SupplierID)
}

// ownRows restricts a query of one of those tables as Owns does.
func (sc Scope) ownRows(q *gorm.DB) *gorm.DB {
	if sc.SupplierID == nil {
		return q
	}
	return q.Where("supplier_id = ?", *sc.SupplierID)
}

// OrderInput is what a merchandiser writes; on update only non-nil fields change.
type OrderInput struct {
	PONumber       *string
	CustomerID     *int64
	SupplierID     *int64
	MerchandiserID *int64
	TemplateID     *int64
	StyleNo        *string
	StyleName      *string
	Description    *string
	Category       *string
	Unit           *string
	ExFactoryDate  *string
	ShipMode       *string
	Destination    *string
	InternalNotes  *string
	UnitPrice      *string
	Currency       *string
	TolerancePct   *int
	Lines          *[]OrderLine
}

var (
	poRe       = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$`)
	priceRe    = regexp.MustCompile(`^\d{1,10}(\.\d{1,4})?$`)
	currencyRe = regexp.MustCompile(`^[A-Z]{3}$`)
)

// MaxOrderLines bounds one order's colour × size grid.
const MaxOrderLines = 400

func (in OrderInput) apply(o *Order) {
	setS := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	setS(&o.PONumber, in.PONumber)
	setS(&o.StyleNo, in.StyleNo)
	setS(&o.StyleName, in.StyleName)
	if in.Description != nil {
		o.Description = *in.Description
	}
	setS(&o.Category, in.Category)
	setS(&o.Unit, in.Unit)
	setS(&o.ExFactoryDate, in.ExFactoryDate)
	setS(&o.ShipMode, in.ShipMode)
	setS(&o.Destination, in.Destination)
	if in.InternalNotes != nil {
		o.InternalNotes = *in.InternalNotes
	}
	setS(&o.UnitPrice, in.UnitPrice)
	if in.Currency != nil {
		o.Currency = strings.ToUpper(strings.TrimSpace(*in.Currency))
	}
	if in.CustomerID != nil {
		o.CustomerID = *in.CustomerID
	}
	if in.SupplierID != nil {
		o.SupplierID = *in.SupplierID
	}
	if in.MerchandiserID != nil {
		o.MerchandiserID = *in.MerchandiserID
	}
	if in.TemplateID != nil {
		o.TemplateID = in.TemplateID
	}
	if in.TolerancePct != nil {
		o.TolerancePct = *in.TolerancePct
	}
	if in.Lines != nil {
		o.Lines = append([]OrderLine(nil), (*in.Lines)...)
	}
}

// validate checks an order's own fields and normalises its lines.
func (o *Order) validate(v *ValidationError) {
	if !poRe.MatchString(o.PONumber) {
		if strings.TrimSpace(o.PONumber) == "" {
			v.Add("po_number", "required")
		} else {
			v.Add("po_number", "invalid_code", "min", 1, "max", 64, "allowed", "A-Z a-z 0-9 . _ / -")
		}
	}
	checkText(v, "style_no", o.StyleNo, true, 64)
	checkText(v, "style_name", o.StyleName, false, 200)
	checkText(v, "description", o.Description, false, 4000)
	checkText(v, "category", o.Category, false, 100)
	if o.Unit == "" {
		o.Unit = "pcs"
	}
	checkText(v, "unit", o.Unit, true, 20)
	checkDate(v, "ex_factory_date", o.ExFactoryDate, true)
	if !contains(ShipModes, o.ShipMode) {
		v.Add("ship_mode", "one_of", "allowed", strings.Join(ShipModes, ", "))
	}
	checkText(v, "destination", o.Destination, false, 200)
	checkText(v, "internal_notes", o.InternalNotes, false, 4000)
	if o.UnitPrice != "" && !priceRe.MatchString(o.UnitPrice) {
		v.Add("unit_price", "invalid_decimal", "max_decimals", 4)
	}
	if o.Currency != "" && !currencyRe.MatchString(o.Currency) {
		v.Add("currency", "invalid_currency")
	}
	if o.UnitPrice != "" && o.Currency == "" {
		v.Add("currency", "required_with", "field", "unit_price")
	}
	if o.TolerancePct < 0 || o.TolerancePct > 30 {
		v.Add("tolerance_pct", "out_of_range", "min", 0, "max", 30)
	}
	if len(o.Lines) == 0 {
		v.Add("lines", "too_few", "min", 1)
	}
	if len(o.Lines) > MaxOrderLines {
		v.Add("lines", "too_many", "max", MaxOrderLines)
	}
	seen := map[string]int{}
	total := 0
	for i := range o.Lines {
		l := &o.Lines[i]
		l.Colour, l.Size = strings.TrimSpace(l.Colour), strings.TrimSpace(l.Size)
		l.Position = i + 1
		f := fmt.Sprintf("lines[%d].", i)
		checkText(v, f+"colour", l.Colour, true, 100)
		checkText(v, f+"size", l.Size, true, 40)
		if l.Quantity <= 0 || l.Quantity > 10_000_000 {
			v.Add(f+"quantity", "out_of_range", "min", 1, "max", 10_000_000)
		}
		k := strings.ToLower(l.Colour) + "\x00" + strings.ToLower(l.Size)
		if j, dup := seen[k]; dup {
			v.Add(f+"size", "duplicate_line", "row", j+1, "colour", l.Colour, "size", l.Size)
		}
		seen[k] = i
		total += l.Quantity
	}
	o.TotalQuantity = total
}

// checkRefs checks that the customer, supplier, merchandiser and template
// exist, adding a field problem for each that does not. A failing query is
// returned as it is: a database error is never a 422.
func (s *Store) checkRefs(tx *gorm.DB, o *Order, v *ValidationError) error {
	var err error
	exists := func(model any, id int64, where string, args ...any) bool {
		if id <= 0 || err != nil {
			return false
		}
		var n int64
		q := tx.Model(model).Where("id = ?", id)
		if where != "" {
			q = q.Where(where, args...)
		}
		if e := q.Count(&n).Error; e != nil {
			err = fmt.Errorf("check order references: %w", e)
		}
		return n == 1
	}
	if !exists(&Customer{}, o.CustomerID, "") {
		v.Add("customer_id", "unknown_customer")
	}
	if !exists(&Supplier{}, o.SupplierID, "active = ?", true) {
		v.Add("supplier_id", "unknown_supplier")
	}
	if !exists(&User{}, o.MerchandiserID, "role IN ? AND active = ?", []Role{RoleMerchandiser, RoleAdmin}, true) {
		v.Add("merchandiser_id", "unknown_merchandiser")
	}
	if o.TemplateID != nil && !exists(&Template{}, *o.TemplateID, "active = ?", true) {
		v.Add("template_id", "unknown_template")
	}
	return err
}

// CreateOrder creates a draft order with its lines. by is the creating user;
// a merchandiser creating an order follows it unless another is named.
func (s *Store) CreateOrder(ctx context.Context, in OrderInput, by int64) (*Order, error) {
	o := &Order{TolerancePct: 5, MerchandiserID: by}
	in.apply(o)
	var out *Order
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		out, err = s.createOrderTx(tx, o, by)
		return err
	})
	return out, err
}

func (s *Store) createOrderTx(tx *gorm.DB, o *Order, by int64) (*Order, error) {
	v := &ValidationError{}
	o.validate(v)
	if err := s.checkRefs(tx, o, v); err != nil {
		return nil, err
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.clock.Now()
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
	if lock && s.dialect == MySQL {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
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

// orderQuery builds the WHERE of a list (shared with the export).
func (s *Store) orderQuery(ctx context.Context, f OrderFilter) *gorm.DB {
	q := s.conn(ctx).Model(&Order{})
	if f.Scope.SupplierID != nil {
		q = q.Where("supplier_id = ? AND status <> ?", *f.Scope.SupplierID, StatusDraft)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.SupplierID != nil {
		q = q.Where("supplier_id = ?", *f.SupplierID)
	}
	if f.CustomerID != nil {
		q = q.Where("customer_id = ?", *f.CustomerID)
	}
	if f.MerchandiserID != nil {
		q = q.Where("merchandiser_id = ?", *f.MerchandiserID)
	}
	if f.ExFactoryFrom != "" {
		q = q.Where("ex_factory_date >= ?", f.ExFactoryFrom)
	}
	if f.ExFactoryTo != "" {
		q = q.Where("ex_factory_date <= ?", f.ExFactoryTo)
	}
	if t := strings.TrimSpace(f.Query); t != "" {
		like := "%" + escapeLike(t) + "%"
		q = q.Where("(po_number LIKE ? ESCAPE '!' OR style_no LIKE ? ESCAPE '!' OR style_name LIKE ? ESCAPE '!')", like, like, like)
	}
	return q
}

// ListOrders pages through orders, newest first. Lines are not loaded.
func (s *Store) ListOrders(ctx context.Context, f OrderFilter) ([]Order, string, error) {
	if err := f.validate(); err != nil {
		return nil, "", err
	}
	limit, after, err := f.Page.Normalize()
	if err != nil {
		return nil, "", err
	}
	q := s.orderQuery(ctx, f).Order("id DESC").Limit(limit + 1)
	if after > 0 {
		q = q.Where("id < ?", after)
	}
	var rows []Order
	if err := q.Find(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list orders: %w", err)
	}
	rows, next := pageOf(rows, limit, func(o Order) int64 { return o.ID })
	return rows, next, nil
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
		q := s.orderQuery(ctx, f).Where("id > ?", after).Order("id").Limit(500)
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

// ConfirmOrder turns a draft into a confirmed order and creates its T&A
// plan from the template, scheduled backward from the ex-factory date.
//
// The template is the one named here, else the one the order names. With
// neither, the answer is a 422 "required" on template_id rather than a
// guess: no template is special (admins rename, add and retire them), and
// the merchandiser's screen always offers one to pick.
func (s *Store) ConfirmOrder(ctx context.Context, id int64, templateID *int64, by int64) (*Order, error) {
	var out *Order
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		o, err := s.getOrderTx(tx, id, Scope{}, true)
		if err != nil {
			return err
		}
		status, err := orderStep(o.Status, OrderConfirm)
		if err != nil {
			return err
		}
		if templateID != nil {
			o.TemplateID = templateID
		}
		if o.TemplateID == nil {
			return Invalid("template_id", "required")
		}
		var t Template
		if err := tx.Where("id = ? AND active = ?", *o.TemplateID, true).First(&t).Error; err != nil {
			if err := notFound(err); err != ErrNotFound {
				return fmt.Errorf("confirm order %d: template: %w", id, err)
			}
			return Invalid("template_id", "unknown_template")
		}
		var steps []TemplateStep
		if err := tx.Where("template_id = ?", t.ID).Order("position").Find(&steps).Error; err != nil {
			return err
		}
		now := s.clock.Now()
		ms := make([]Milestone, len(steps))
		for i, st := range steps {
			planned := AddDays(o.ExFactoryDate, -st.DaysBefore)
			if DateProblem(planned) != nil {
				return Invalid("ex_factory_date", "plan_out_of_range", "step", st.Code, "date", planned, "min", MinDate, "max", MaxDate)
			}
			ms[i] = Milestone{OrderID: o.ID, Position: st.Position, Code: st.Code, Name: st.Name, NameEn: st.NameEn,
				QuantityKind: st.QuantityKind, SampleType: st.SampleType, PlannedDate: planned, BaselineDate: planned,
				Status: MilestoneOpen, UpdatedAt: now}
		}
		if len(ms) > 0 {
			if err := tx.Create(&ms).Error; err != nil {
				return fmt.Errorf("create milestones: %w", err)
			}
		}
		o.Status, o.ConfirmedAt, o.UpdatedAt, o.TemplateID = status, &now, now, &t.ID
		o.BaselineExFactoryDate = o.ExFactoryDate
		if err := tx.Model(o).Select("status", "confirmed_at", "updated_at", "template_id", "baseline_ex_factory_date").Updates(o).Error; err != nil {
			return err
		}
		if err := addActivity(tx, now, o.ID, &by, ActOrderConfirmed, false, map[string]any{"template": t.Code, "milestones": len(ms)}); err != nil {
			return err
		}
		out = o
		return nil
	})
	return out, err
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
		o.Status, o.CancelReason, o.CancelledAt, o.UpdatedAt = status, reason, &now, now
		if err := tx.Model(o).Select("status", "cancel_reason", "cancelled_at", "updated_at").Updates(o).Error; err != nil {
			return err
		}
		if err := addActivity(tx, now, o.ID, &by, ActOrderCancelled, false, map[string]any{"reason": reason}); err != nil {
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
