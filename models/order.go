package models

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Order statuses. An order starts as a draft, is confirmed (which creates
// its T&A plan), goes into production with the first progress report, and
// ends shipped and closed — or cancelled.
const (
	StatusDraft        = "draft"
	StatusConfirmed    = "confirmed"
	StatusInProduction = "in_production"
	// StatusPartiallyShipped: some goods shipped, the order total not yet.
	StatusPartiallyShipped = "partially_shipped"
	StatusShipped          = "shipped"
	StatusClosed           = "closed"
	StatusCancelled        = "cancelled"
)

// OrderStatuses lists every status.
var OrderStatuses = []string{StatusDraft, StatusConfirmed, StatusInProduction, StatusPartiallyShipped, StatusShipped, StatusClosed, StatusCancelled}

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
	// NextMilestoneID and EarliestOpenDate are the plan summary kept on
	// the order (plan_summary.go); only syncPlanSummary writes them.
	NextMilestoneID  *int64
	EarliestOpenDate string
	// The risk kept on the order (risk_store.go); only refreshRisk and
	// the sweep write them. LastReportDate is the date of the factory's
	// latest progress report.
	RiskLevel         string
	RiskScore         int
	RiskProjectedDate string
	RiskSlackDays     int
	RiskReasons       string // JSON: []risk.Reason
	RiskComputedAt    *time.Time
	LastReportDate    string
	// Sourcing is who buys the materials: SourcingFOB (the factory) or
	// SourcingCMT (the buyer supplies them).
	Sourcing string `gorm:"default:fob"`
	// ReplacementOf is the order a replacement order (补单生产) is for;
	// ClosedAt when the order closed (after-sales resolved and paid).
	ReplacementOf *int64
	ClosedAt      *time.Time
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

// Scope restricts what a caller may see: a factory user sees only the
// orders of its own supplier that were confirmed at least once. A draft
// cancelled before confirming never reached the factory, so its status
// alone (cancelled, not draft) does not say whether the factory may see it.
type Scope struct {
	SupplierID *int64
	// QC is an inspector's scope: the confirmed orders of Suppliers (none
	// when empty), and their rows as a factory of each would see them.
	QC        bool
	Suppliers []int64
}

// ScopeFor is the scope of a user with this role and supplier: a factory
// user's supplier (none: a scope no order is in), a qc user's assigned
// suppliers, everything for staff.
func ScopeFor(role Role, supplierID *int64, qcSuppliers []int64) Scope {
	switch role {
	case RoleFactory:
		if supplierID == nil {
			return Scope{SupplierID: new(int64)} // id 0 matches no order
		}
		return Scope{SupplierID: supplierID}
	case RoleQC:
		return Scope{QC: true, Suppliers: qcSuppliers}
	}
	return Scope{}
}

// Limited reports a scope narrower than staff's: a factory's or a qc
// user's, which never see the staff-only fields or internal events.
func (sc Scope) Limited() bool { return sc.SupplierID != nil || sc.QC }

// HasSupplier reports whether the scope covers a supplier's orders.
func (sc Scope) HasSupplier(id int64) bool {
	switch {
	case sc.SupplierID != nil:
		return *sc.SupplierID == id
	case sc.QC:
		return slices.Contains(sc.Suppliers, id)
	}
	return true
}

// Visible reports whether an order is in the scope.
func (sc Scope) Visible(o *Order) bool {
	return !sc.Limited() || (sc.HasSupplier(o.SupplierID) && o.ConfirmedAt != nil)
}

// Owns reports whether a row of an order's thread (comment, progress
// report, sample round, activity, inspection) is in the scope: a factory
// sees only the rows written while the order was its supplier's, never
// those of a supplier the order had before. A row without a supplier is
// staff-only.
func (sc Scope) Owns(rowSupplierID *int64) bool {
	return !sc.Limited() || (rowSupplierID != nil && sc.HasSupplier(*rowSupplierID))
}

// ownRows restricts a query of one of those tables as Owns does.
func (sc Scope) ownRows(q *gorm.DB) *gorm.DB {
	return sc.ownRowsAs(q, "supplier_id")
}

// ownRowsAs is ownRows on a named supplier column.
func (sc Scope) ownRowsAs(q *gorm.DB, col string) *gorm.DB {
	switch {
	case sc.SupplierID != nil:
		return q.Where(col+" = ?", *sc.SupplierID)
	case sc.QC && len(sc.Suppliers) == 0:
		return q.Where("1 = 0")
	case sc.QC:
		return q.Where(col+" IN ?", sc.Suppliers)
	}
	return q
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
	// Sourcing is SourcingFOB or SourcingCMT (materials, issue 17).
	Sourcing *string
	// Force takes an ex-factory date already past on the factory's
	// calendar, which is otherwise refused (date_in_past): the user saw the
	// warning and confirmed.
	Force bool
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
	setS(&o.Sourcing, in.Sourcing)
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
	if o.Sourcing == "" {
		o.Sourcing = SourcingFOB
	}
	if !contains(Sourcings, o.Sourcing) {
		v.Add("sourcing", "invalid_choice", "allowed", strings.Join(Sourcings, ", "))
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
