package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"gendan/models/aql"
)

// Inspection types.
const (
	InspIPI          = "ipi"   // pre-production / initial
	InspDUPRO        = "dupro" // during production
	InspFRI          = "fri"   // final random inspection
	InspReinspection = "reinspection"
)

// InspectionTypes lists the inspection types in the order of production.
var InspectionTypes = []string{InspIPI, InspDUPRO, InspFRI, InspReinspection}

// Inspection statuses.
const (
	InspRequested = "requested"
	InspConfirmed = "confirmed"
	InspCompleted = "completed"
	InspCancelled = "cancelled"
)

// Inspection defaults: level II, critical 0 (any critical fails), major
// 2.5, minor 4.0.
const (
	DefaultInspectionLevel = aql.LevelII
	DefaultAQLCritical     = ZeroAQL
	DefaultAQLMajor        = "2.5"
	DefaultAQLMinor        = "4.0"
)

// DefectCode is a kind of defect an inspector records (reference data in
// both languages; admins add more).
type DefectCode struct {
	ID       int64 `gorm:"primaryKey"`
	Code     string
	Name     string
	NameEn   string
	Severity string
	Position int
	Active   bool
}

// Inspection is one inspection of an order's goods, from the booking to the
// verdict. SupplierID is the order's supplier at booking: a factory sees
// only its own supplier's inspections (Scope.Owns).
type Inspection struct {
	ID               int64 `gorm:"primaryKey"`
	OrderID          int64
	SupplierID       int64
	Type             string
	Status           string
	RequestedDate    string
	Date             string
	DateChangeReason string
	QuantityReady    int
	Address          string
	Note             string
	SelfInspection   bool
	RequestedBy      int64
	InspectorID      *int64
	ReinspectionOf   *int64
	LotSize          int
	Level            string
	Severity         string
	AQLCritical      string `gorm:"column:aql_critical"`
	AQLMajor         string `gorm:"column:aql_major"`
	AQLMinor         string `gorm:"column:aql_minor"`
	Plans            string // JSON: InspectionPlans
	SampleSize       int
	TotalCartons     int
	CartonsToOpen    int
	CartonsOpened    *int
	Findings         string // JSON: Findings
	FoundCritical    int
	FoundMajor       int
	FoundMinor       int
	ComputedResult   string
	Result           string
	OverrideReason   string
	OverriddenBy     *int64
	OverriddenAt     *time.Time
	CancelReason     string
	Switching        string // JSON: the switching state after this lot, FRI only
	CompletedBy      *int64
	CompletedAt      *time.Time
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// InspectionSwitching is the ISO 2859-1 switching state of one supplier and
// product family (the order's category).
type InspectionSwitching struct {
	ID         int64 `gorm:"primaryKey"`
	SupplierID int64
	Family     string
	State      string // JSON: aql.SwitchState
	UpdatedAt  time.Time
}

// TableName keeps the table's singular name.
func (InspectionSwitching) TableName() string { return "inspection_switching" }

// PlansOf decodes the stored plans.
func (in *Inspection) PlansOf() InspectionPlans {
	var p InspectionPlans
	_ = json.Unmarshal([]byte(in.Plans), &p)
	if p.Plans == nil {
		p.Plans = map[string]aql.Plan{}
	}
	return p
}

// FindingsOf decodes the stored findings.
func (in *Inspection) FindingsOf() Findings {
	var f Findings
	_ = json.Unmarshal([]byte(in.Findings), &f)
	return f
}

// SwitchingOf decodes the switching state stored with the inspection (nil
// when it has none).
func (in *Inspection) SwitchingOf() *aql.SwitchState {
	if in.Switching == "" {
		return nil
	}
	var st aql.SwitchState
	if json.Unmarshal([]byte(in.Switching), &st) != nil {
		return nil
	}
	return &st
}

// Found is the defective units per severity.
func (in *Inspection) Found() map[string]int {
	return map[string]int{SevCritical: in.FoundCritical, SevMajor: in.FoundMajor, SevMinor: in.FoundMinor}
}

// Activity kinds of inspections.
const (
	ActInspectionBooked       = "inspection_booked"
	ActInspectionConfirmed    = "inspection_confirmed"
	ActInspectionCancelled    = "inspection_cancelled"
	ActInspectionCompleted    = "inspection_completed"
	ActInspectionOverridden   = "inspection_overridden"
	NotifyInspectionBooked    = "inspection_booked"
	NotifyInspectionConfirmed = "inspection_confirmed"
	NotifyInspectionAssigned  = "inspection_assigned"
	NotifyInspectionResult    = "inspection_result"
	InspectionPhotoKind       = "inspection"
)

// Inspector is who books or records an inspection.
type Inspector struct {
	UserID     int64
	Role       Role
	SupplierID *int64
}

func (by Inspector) staff() bool { return by.Role == RoleAdmin || by.Role == RoleMerchandiser }

func (by Inspector) uploader() Uploader {
	return Uploader{UserID: by.UserID, SupplierID: by.SupplierID}
}

// BookingInput is a request for an inspection. Nil fields take defaults:
// lot size the quantity ready, level II, AQLs 0 / 2.5 / 4.0.
type BookingInput struct {
	Type           string
	Date           string
	QuantityReady  int
	Address        string
	Note           string
	LotSize        *int
	Level          *string
	AQLCritical    *string
	AQLMajor       *string
	AQLMinor       *string
	TotalCartons   int
	SelfInspection bool
	ReinspectionOf *int64
}

// ListDefectCodes returns the defect codes in display order.
func (s *Store) ListDefectCodes(ctx context.Context, activeOnly bool) ([]DefectCode, error) {
	q := s.conn(ctx).Order("position, id")
	if activeOnly {
		q = q.Where("active = ?", true)
	}
	var rows []DefectCode
	err := q.Find(&rows).Error
	return rows, err
}

// CreateDefectCode adds a defect code (admin). Without a position it goes last.
func (s *Store) CreateDefectCode(ctx context.Context, d *DefectCode) error {
	v := &ValidationError{}
	checkRefEntry(v, &d.Code, &d.Name, &d.NameEn, d.Position)
	if severityRank(d.Severity) == 0 {
		v.Add("severity", "one_of", "allowed", strings.Join(Severities, ", "))
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := placeLast(tx, &DefectCode{}, &d.Position); err != nil {
			return err
		}
		d.ID = 0
		if err := tx.Create(d).Error; err != nil {
			if isDuplicate(err) {
				return Invalid("code", "already_used")
			}
			return fmt.Errorf("create defect code: %w", err)
		}
		return nil
	})
}

// productFamily is the switching rules' product family of an order: its
// category, or "" for orders without one.
func productFamily(o *Order) string { return strings.ToLower(strings.TrimSpace(o.Category)) }

// switchingState reads a supplier and family's state (the zero state when
// none is stored).
func switchingState(tx *gorm.DB, supplierID int64, family string) (aql.SwitchState, error) {
	var row InspectionSwitching
	err := tx.Where("supplier_id = ? AND family = ?", supplierID, family).First(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return aql.SwitchState{Severity: aql.Normal}, nil
	}
	if err != nil {
		return aql.SwitchState{}, err
	}
	var st aql.SwitchState
	if err := json.Unmarshal([]byte(row.State), &st); err != nil {
		return aql.SwitchState{}, fmt.Errorf("switching state %d/%s: %w", supplierID, family, err)
	}
	if st.Severity == "" {
		st.Severity = aql.Normal
	}
	return st, nil
}

// SwitchingState is the switching state of a supplier and product family.
func (s *Store) SwitchingState(ctx context.Context, supplierID int64, family string) (aql.SwitchState, error) {
	return switchingState(s.conn(ctx), supplierID, strings.ToLower(strings.TrimSpace(family)))
}

// checkAQLField validates one AQL field: "0" or a column of the tables.
func checkAQLField(v *ValidationError, field, value string) {
	if value == ZeroAQL {
		return
	}
	if _, err := aql.ParseAQL(value); err != nil {
		v.Add(field, "one_of", "allowed", ZeroAQL+", "+strings.Join(aql.AQLs(), ", "))
	}
}

func orDefault(p *string, def string) string {
	if p == nil || strings.TrimSpace(*p) == "" {
		return def
	}
	return strings.TrimSpace(*p)
}

// BookInspection records a request for an inspection of an order: the
// order's factory or staff. The plans are computed and stored now, under
// the severity the switching rules give the supplier and product family
// (final inspections; others are normal). A factory's self-inspection
// (IPI or DUPRO) and a staff booking are confirmed at once.
func (s *Store) BookInspection(ctx context.Context, orderID int64, in BookingInput, by Inspector, sc Scope) (*Inspection, error) {
	var out *Inspection
	err := s.readCommittedTx(ctx, func(tx *gorm.DB) error {
		o, err := s.getOrderTx(tx, orderID, sc, true)
		if err != nil {
			return err
		}
		if !orderAllows(ctx, o.Status, OrderInspect) {
			return orderRefusal(o.Status, OrderInspect)
		}
		insp, err := s.newInspection(tx, o, in, by)
		if err != nil {
			return err
		}
		if err := tx.Create(insp).Error; err != nil {
			return fmt.Errorf("create inspection: %w", err)
		}
		now := insp.CreatedAt
		data := map[string]any{"inspection_id": insp.ID, "type": insp.Type, "date": insp.Date, "quantity_ready": insp.QuantityReady}
		if err := addSupplierActivity(tx, now, o.ID, &o.SupplierID, &by.UserID, ActInspectionBooked, false, data); err != nil {
			return err
		}
		if !by.staff() {
			mid := o.MerchandiserID
			if err := addNotification(tx, now, Notification{UserID: &mid, ActorID: &by.UserID, Kind: NotifyInspectionBooked, OrderID: o.ID}, data); err != nil {
				return err
			}
		}
		if err := refreshRisk(tx, o.ID, now); err != nil {
			return err
		}
		out = insp
		return nil
	})
	return out, err
}

func (s *Store) newInspection(tx *gorm.DB, o *Order, in BookingInput, by Inspector) (*Inspection, error) {
	v := &ValidationError{}
	in.Type = strings.TrimSpace(in.Type)
	in.Address, in.Note = strings.TrimSpace(in.Address), strings.TrimSpace(in.Note)
	if in.Type == "" {
		v.Add("type", "required")
	} else if !slices.Contains(InspectionTypes, in.Type) {
		v.Add("type", "one_of", "allowed", strings.Join(InspectionTypes, ", "))
	}
	checkDate(v, "date", in.Date, true)
	maxQty := o.TotalQuantity * 2
	if maxQty < 1 {
		maxQty = 1
	}
	if in.QuantityReady < 1 || in.QuantityReady > maxQty {
		v.Add("quantity_ready", "out_of_range", "min", 1, "max", maxQty)
	}
	checkText(v, "address", in.Address, false, 500)
	checkText(v, "note", in.Note, false, 2000)
	lot := in.QuantityReady
	if in.LotSize != nil {
		lot = *in.LotSize
		if lot < 1 || lot > MaxLotSize {
			v.Add("lot_size", "out_of_range", "min", 1, "max", MaxLotSize)
		}
	}
	level := orDefault(in.Level, string(DefaultInspectionLevel))
	if !slices.Contains(aql.Levels(), aql.Level(level)) {
		v.Add("level", "one_of", "allowed", LevelsAllowed)
	}
	aqls := map[string]string{SevCritical: orDefault(in.AQLCritical, DefaultAQLCritical),
		SevMajor: orDefault(in.AQLMajor, DefaultAQLMajor), SevMinor: orDefault(in.AQLMinor, DefaultAQLMinor)}
	for _, sv := range Severities {
		checkAQLField(v, "aql_"+sv, aqls[sv])
	}
	if in.TotalCartons < 0 || in.TotalCartons > 1_000_000 {
		v.Add("total_cartons", "out_of_range", "min", 0, "max", 1_000_000)
	}
	self := in.SelfInspection
	if by.Role == RoleFactory && self && in.Type != InspIPI && in.Type != InspDUPRO {
		v.Add("self_inspection", "self_inspection_not_allowed", "allowed", "ipi, dupro")
	}
	if by.Role == RoleQC {
		return nil, ErrForbidden
	}
	if (in.Type == InspReinspection) != (in.ReinspectionOf != nil) {
		if in.ReinspectionOf == nil {
			v.Add("reinspection_of", "required")
		} else {
			v.Add("reinspection_of", "only_for_reinspection")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if in.ReinspectionOf != nil {
		var prev Inspection
		err := tx.Where("id = ? AND order_id = ?", *in.ReinspectionOf, o.ID).First(&prev).Error
		if err := notFound(err); err == ErrNotFound || (err == nil && (prev.Result != ResultFail || prev.SupplierID != o.SupplierID)) {
			return nil, Invalid("reinspection_of", "not_a_failed_inspection")
		} else if err != nil {
			return nil, err
		}
	}
	sev := aql.Normal
	var switching string
	if in.Type == InspFRI {
		st, err := switchingState(tx, o.SupplierID, productFamily(o))
		if err != nil {
			return nil, err
		}
		if st.Discontinued {
			return nil, Conflict("inspection_discontinued")
		}
		sev = st.Severity
		b, _ := json.Marshal(st)
		switching = string(b)
	}
	plans, err := PlanInspection(lot, aql.Level(level), sev, aqls)
	if err != nil {
		return nil, err
	}
	pj, err := json.Marshal(plans)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	status := InspRequested
	if by.staff() || self {
		status = InspConfirmed
	}
	insp := &Inspection{OrderID: o.ID, SupplierID: o.SupplierID, Type: in.Type, Status: status, RequestedDate: in.Date,
		Date: in.Date, QuantityReady: in.QuantityReady, Address: in.Address, Note: in.Note, SelfInspection: self,
		RequestedBy: by.UserID, ReinspectionOf: in.ReinspectionOf, LotSize: lot, Level: level, Severity: string(sev),
		AQLCritical: aqls[SevCritical], AQLMajor: aqls[SevMajor], AQLMinor: aqls[SevMinor], Plans: string(pj),
		SampleSize: plans.SampleSize, TotalCartons: in.TotalCartons, CartonsToOpen: CartonsToOpen(in.TotalCartons),
		Findings: "{}", Switching: switching, CreatedAt: now, UpdatedAt: now}
	if self && by.Role == RoleFactory {
		insp.InspectorID = &by.UserID
	}
	return insp, nil
}

// GetInspection loads an inspection and its order if the scope may see
// both: an inspection of a supplier the order had before is not found for
// the new one.
func (s *Store) GetInspection(ctx context.Context, id int64, sc Scope) (*Inspection, *Order, error) {
	var in Inspection
	o, err := s.loadOwned(s.conn(ctx), &in, id, sc, qcReads, false)
	if err != nil {
		return nil, nil, err
	}
	return &in, o, nil
}

// ListOrderInspections returns an order's inspections in the scope, newest first.
func (s *Store) ListOrderInspections(ctx context.Context, orderID int64, sc Scope) ([]Inspection, error) {
	var rows []Inspection
	err := sc.ownRows(s.conn(ctx)).Where("order_id = ?", orderID).Order("id DESC").Limit(MaxPageSize).Find(&rows).Error
	return rows, err
}

// Inspection list views.
const (
	InspViewUpcoming = "upcoming" // requested or confirmed, by date
	InspViewFailed   = "failed"   // completed and failed, newest first
	InspViewMine     = "mine"     // a qc user's assigned, open first
)

// InspectionFilter selects inspections across orders.
type InspectionFilter struct {
	Page
	Scope
	View           string
	MerchandiserID *int64
	InspectorID    *int64
}

// ListedInspection is an inspection with the order fields a list shows.
type ListedInspection struct {
	Inspection
	PONumber    string
	StyleNo     string
	StyleName   string
	OrderStatus string
}

// ListInspections pages through inspections across orders, by id
// descending within the view's filter.
func (s *Store) ListInspections(ctx context.Context, f InspectionFilter) ([]ListedInspection, string, error) {
	limit, after, err := f.Page.Normalize()
	if err != nil {
		return nil, "", err
	}
	q := s.conn(ctx).Table("inspections").Joins("JOIN orders ON orders.id = inspections.order_id").
		Select("inspections.*, orders.po_number, orders.style_no, orders.style_name, orders.status AS order_status")
	q = f.Scope.ownRowsAs(q, "inspections.supplier_id")
	if f.Scope.Limited() {
		q = q.Where("orders.confirmed_at IS NOT NULL")
		if f.Scope.SupplierID != nil {
			q = q.Where("orders.supplier_id = inspections.supplier_id")
		}
	}
	switch f.View {
	case "", InspViewUpcoming:
		q = q.Where("inspections.status IN ?", []string{InspRequested, InspConfirmed})
	case InspViewFailed:
		q = q.Where("inspections.status = ? AND inspections.result = ?", InspCompleted, ResultFail)
	case InspViewMine:
	default:
		return nil, "", Invalid("view", "one_of", "allowed", "upcoming, failed, mine")
	}
	if f.MerchandiserID != nil {
		q = q.Where("orders.merchandiser_id = ?", *f.MerchandiserID)
	}
	if f.InspectorID != nil {
		q = q.Where("inspections.inspector_id = ?", *f.InspectorID)
	}
	if after > 0 {
		q = q.Where("inspections.id < ?", after)
	}
	var rows []ListedInspection
	if err := q.Order("inspections.id DESC").Limit(limit + 1).Scan(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list inspections: %w", err)
	}
	rows, next := pageOf(rows, limit, func(r ListedInspection) int64 { return r.ID })
	return rows, next, nil
}

// inspectionTx loads an inspection for a change, locking it on MySQL
// (SQLite serialises writers).
func (s *Store) inspectionTx(tx *gorm.DB, id int64, sc Scope) (*Inspection, *Order, error) {
	var in Inspection
	if err := s.forUpdate(tx).First(&in, id).Error; err != nil {
		return nil, nil, notFound(err)
	}
	if !sc.Owns(&in.SupplierID) {
		return nil, nil, ErrNotFound
	}
	o, err := s.getOrderTx(tx, in.OrderID, sc, false)
	if err != nil {
		return nil, nil, err
	}
	return &in, o, nil
}

// checkInspectorUser: an inspector is staff, or a qc user assigned to the
// inspection's supplier.
func checkInspectorUser(tx *gorm.DB, userID, supplierID int64) error {
	var u User
	if err := tx.Select("id, role, active").First(&u, userID).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return Invalid("inspector_id", "not_an_inspector")
		}
		return err
	}
	if !u.Active {
		return Invalid("inspector_id", "not_an_inspector")
	}
	switch u.Role {
	case RoleAdmin, RoleMerchandiser:
		return nil
	case RoleQC:
		var n int64
		if err := tx.Model(&UserSupplier{}).Where("user_id = ? AND supplier_id = ?", userID, supplierID).Count(&n).Error; err != nil {
			return err
		}
		if n == 1 {
			return nil
		}
	}
	return Invalid("inspector_id", "not_an_inspector")
}

// notifyInspector tells a newly assigned inspector of the inspection.
func notifyInspector(tx *gorm.DB, now time.Time, insp *Inspection, prev *int64, orderID int64, data map[string]any) error {
	if insp.InspectorID == nil || (prev != nil && *prev == *insp.InspectorID) {
		return nil
	}
	uid := *insp.InspectorID
	return addNotification(tx, now, Notification{UserID: &uid, Kind: NotifyInspectionAssigned, OrderID: orderID}, data)
}

// ConfirmInput is staff confirming a booking, perhaps on another date (with
// a reason), perhaps assigning the inspector.
type ConfirmInput struct {
	Date             string
	DateChangeReason string
	InspectorID      *int64
}

// ConfirmInspection confirms a requested inspection (or moves a confirmed
// one's date).
func (s *Store) ConfirmInspection(ctx context.Context, id int64, in ConfirmInput, by int64) (*Inspection, error) {
	return s.changeInspection(ctx, id, Scope{}, InspConfirm, func(tx *gorm.DB, insp *Inspection, o *Order) (map[string]any, error) {
		v := &ValidationError{}
		in.DateChangeReason = strings.TrimSpace(in.DateChangeReason)
		date := insp.Date
		if in.Date != "" && checkDate(v, "date", in.Date, false) {
			date = in.Date
		}
		if date != insp.Date && in.DateChangeReason == "" {
			v.Add("date_change_reason", "required")
		}
		checkText(v, "date_change_reason", in.DateChangeReason, false, 500)
		if err := v.Err(); err != nil {
			return nil, err
		}
		prevInspector := insp.InspectorID
		if in.InspectorID != nil {
			if err := checkInspectorUser(tx, *in.InspectorID, insp.SupplierID); err != nil {
				return nil, err
			}
			insp.InspectorID = in.InspectorID
		}
		if date != insp.Date {
			insp.Date, insp.DateChangeReason = date, in.DateChangeReason
		}
		insp.Status = InspConfirmed
		data := map[string]any{"inspection_id": insp.ID, "type": insp.Type, "date": insp.Date,
			"requested_date": insp.RequestedDate, "reason": insp.DateChangeReason}
		now := s.clock.Now()
		sid := insp.SupplierID
		if err := addNotification(tx, now, Notification{SupplierID: &sid, ActorID: &by, Kind: NotifyInspectionConfirmed, OrderID: o.ID}, data); err != nil {
			return nil, err
		}
		if err := notifyInspector(tx, now, insp, prevInspector, o.ID, data); err != nil {
			return nil, err
		}
		return data, nil
	}, by, ActInspectionConfirmed)
}

// AssignInspection names the inspector of an open inspection.
func (s *Store) AssignInspection(ctx context.Context, id, inspectorID, by int64) (*Inspection, error) {
	return s.changeInspection(ctx, id, Scope{}, InspAssign, func(tx *gorm.DB, insp *Inspection, o *Order) (map[string]any, error) {
		if err := checkInspectorUser(tx, inspectorID, insp.SupplierID); err != nil {
			return nil, err
		}
		prev := insp.InspectorID
		insp.InspectorID = &inspectorID
		return nil, notifyInspector(tx, s.clock.Now(), insp, prev, o.ID,
			map[string]any{"inspection_id": insp.ID, "type": insp.Type, "date": insp.Date})
	}, by, "")
}

// CancelInspection cancels an open inspection: staff, or the factory that
// booked it (sc is the caller's scope).
func (s *Store) CancelInspection(ctx context.Context, id int64, reason string, by Inspector, sc Scope) (*Inspection, error) {
	return s.changeInspection(ctx, id, sc, InspCancel, func(tx *gorm.DB, insp *Inspection, o *Order) (map[string]any, error) {
		if !by.staff() && by.Role != RoleFactory {
			return nil, ErrForbidden
		}
		reason = strings.TrimSpace(reason)
		v := &ValidationError{}
		checkText(v, "reason", reason, true, 2000)
		if err := v.Err(); err != nil {
			return nil, err
		}
		insp.Status, insp.CancelReason = InspCancelled, reason
		return map[string]any{"inspection_id": insp.ID, "type": insp.Type, "reason": reason}, nil
	}, by.UserID, ActInspectionCancelled)
}

// changeInspection runs one change of an inspection in a transaction: the
// status table decides, fn changes the row, the row is saved and the event
// (if kind is set) recorded for the inspection's supplier.
func (s *Store) changeInspection(ctx context.Context, id int64, sc Scope, a Action,
	fn func(tx *gorm.DB, insp *Inspection, o *Order) (map[string]any, error), by int64, kind string) (*Inspection, error) {
	var out *Inspection
	err := s.readCommittedTx(ctx, func(tx *gorm.DB) error {
		insp, o, err := s.inspectionTx(tx, id, sc)
		if err != nil {
			return err
		}
		if _, err := inspectionStep(insp.Status, a); err != nil {
			return err
		}
		data, err := fn(tx, insp, o)
		if err != nil {
			return err
		}
		insp.UpdatedAt = s.clock.Now()
		if err := tx.Save(insp).Error; err != nil {
			return fmt.Errorf("save inspection %d: %w", id, err)
		}
		if kind != "" {
			if err := addSupplierActivity(tx, insp.UpdatedAt, o.ID, &insp.SupplierID, &by, kind, false, data); err != nil {
				return err
			}
		}
		if err := refreshRisk(tx, o.ID, insp.UpdatedAt); err != nil {
			return err
		}
		out = insp
		return nil
	})
	return out, err
}

// CompleteInput is what an inspector records; the verdict is the server's.
type CompleteInput struct {
	LotSize       *int
	TotalCartons  *int
	CartonsOpened int
	Note          *string
	Findings      Findings
}

// CanRecord reports whether a user may record (complete) an inspection:
// a self-inspection by its factory or staff; any other by its assigned
// inspector or staff.
func (in *Inspection) CanRecord(userID int64, role Role, supplierID *int64) bool {
	switch role {
	case RoleAdmin, RoleMerchandiser:
		return true
	case RoleFactory:
		return in.SelfInspection && supplierID != nil && *supplierID == in.SupplierID
	case RoleQC:
		return in.InspectorID != nil && *in.InspectorID == userID
	}
	return false
}

// CompleteInspection records the findings and the verdict. A passing final
// inspection (or re-inspection of one) gives the final-inspection step its
// actual date; a final inspection on original inspection feeds the
// switching rules of its supplier and product family.
func (s *Store) CompleteInspection(ctx context.Context, id int64, in CompleteInput, by Inspector, sc Scope) (*Inspection, error) {
	var out *Inspection
	err := s.readCommittedTx(ctx, func(tx *gorm.DB) error {
		insp, o, err := s.inspectionTx(tx, id, sc)
		if err != nil {
			return err
		}
		if !insp.CanRecord(by.UserID, by.Role, by.SupplierID) {
			return ErrForbidden
		}
		if _, err := inspectionStep(insp.Status, InspComplete); err != nil {
			return err
		}
		if err := s.recordFindings(tx, insp, in, by); err != nil {
			return err
		}
		now := s.clock.Now()
		insp.Status, insp.CompletedBy, insp.CompletedAt, insp.UpdatedAt = InspCompleted, &by.UserID, &now, now
		if insp.Type == InspFRI {
			st, err := switchingState(tx, insp.SupplierID, productFamily(o))
			if err != nil {
				return err
			}
			var sp Supplier
			if err := tx.Select("id, reduced_inspection_allowed").First(&sp, insp.SupplierID).Error; err != nil {
				return err
			}
			// Production is taken as steady: Gendan has no signal of the
			// contrary (9.3.3 b, 9.3.4 b); the authority's consent is the
			// supplier's setting (9.3.3 c).
			major := insp.PlansOf().Plans[SevMajor]
			st = st.Next(aql.LotResult{Accepted: insp.Result == ResultPass, Ac: major.Ac,
				AcceptedTighter: acceptedTighter(insp, major), ProductionSteady: true,
				AuthorityApproves: sp.ReducedInspectionAllowed})
			if err := saveSwitching(tx, insp.SupplierID, productFamily(o), st, now); err != nil {
				return err
			}
			b, _ := json.Marshal(st)
			insp.Switching = string(b)
		}
		if err := tx.Save(insp).Error; err != nil {
			return fmt.Errorf("save inspection %d: %w", id, err)
		}
		data := map[string]any{"inspection_id": insp.ID, "type": insp.Type, "result": insp.Result,
			"critical": insp.FoundCritical, "major": insp.FoundMajor, "minor": insp.FoundMinor, "sample_size": insp.SampleSize}
		if err := addSupplierActivity(tx, now, o.ID, &insp.SupplierID, &by.UserID, ActInspectionCompleted, false, data); err != nil {
			return err
		}
		mid := o.MerchandiserID
		if err := addNotification(tx, now, Notification{UserID: &mid, ActorID: &by.UserID, Kind: NotifyInspectionResult, OrderID: o.ID}, data); err != nil {
			return err
		}
		sid := insp.SupplierID
		if err := addNotification(tx, now, Notification{SupplierID: &sid, ActorID: &by.UserID, Kind: NotifyInspectionResult, OrderID: o.ID}, data); err != nil {
			return err
		}
		if insp.Result == ResultPass {
			if err := s.finishFinalStep(tx, insp, by.UserID, now); err != nil {
				return err
			}
		}
		if err := refreshRisk(tx, o.ID, now); err != nil {
			return err
		}
		out = insp
		return nil
	})
	return out, err
}

// acceptedTighter: would the lot also have been accepted one AQL step
// tighter (the switching score of 9.3.3)? Read as: major units at most the
// Ac of the next smaller AQL column at the same row.
func acceptedTighter(insp *Inspection, major aql.Plan) bool {
	a, err := aql.ParseAQL(major.AQL)
	if err != nil {
		return false
	}
	labels := aql.AQLs()
	i := slices.Index(labels, a.String())
	if i <= 0 {
		return false
	}
	b, _ := aql.ParseAQL(labels[i-1])
	q, err := aql.PlanFor(major.PlanLetter, b, aql.Severity(insp.Severity))
	if err != nil {
		return false
	}
	return insp.FoundMajor <= q.Ac
}

func saveSwitching(tx *gorm.DB, supplierID int64, family string, st aql.SwitchState, now time.Time) error {
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	res := tx.Model(&InspectionSwitching{}).Where("supplier_id = ? AND family = ?", supplierID, family).
		Updates(map[string]any{"state": string(b), "updated_at": now})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 1 {
		return nil
	}
	return tx.Create(&InspectionSwitching{SupplierID: supplierID, Family: family, State: string(b), UpdatedAt: now}).Error
}

// recordFindings validates and stores the findings, the counts and the
// verdict on insp (not yet saved).
func (s *Store) recordFindings(tx *gorm.DB, insp *Inspection, in CompleteInput, by Inspector) error {
	v := &ValidationError{}
	if in.LotSize != nil && *in.LotSize != insp.LotSize {
		if *in.LotSize < 1 || *in.LotSize > MaxLotSize {
			v.Add("lot_size", "out_of_range", "min", 1, "max", MaxLotSize)
		} else {
			aqls := map[string]string{SevCritical: insp.AQLCritical, SevMajor: insp.AQLMajor, SevMinor: insp.AQLMinor}
			plans, err := PlanInspection(*in.LotSize, aql.Level(insp.Level), aql.Severity(insp.Severity), aqls)
			if err != nil {
				return err
			}
			pj, _ := json.Marshal(plans)
			insp.LotSize, insp.Plans, insp.SampleSize = *in.LotSize, string(pj), plans.SampleSize
		}
	}
	if in.TotalCartons != nil {
		if *in.TotalCartons < 0 || *in.TotalCartons > 1_000_000 {
			v.Add("total_cartons", "out_of_range", "min", 0, "max", 1_000_000)
		} else {
			insp.TotalCartons, insp.CartonsToOpen = *in.TotalCartons, CartonsToOpen(*in.TotalCartons)
		}
	}
	if in.CartonsOpened < insp.CartonsToOpen {
		v.Add("cartons_opened", "too_few", "min", insp.CartonsToOpen)
	} else if insp.TotalCartons > 0 && in.CartonsOpened > insp.TotalCartons {
		v.Add("cartons_opened", "out_of_range", "min", insp.CartonsToOpen, "max", insp.TotalCartons)
	}
	if in.Note != nil {
		n := strings.TrimSpace(*in.Note)
		checkText(v, "note", n, false, 2000)
		insp.Note = n
	}
	f := in.Findings
	codes, err := defectCodeSeverities(tx)
	if err != nil {
		return err
	}
	if len(f.Defects) > 200 {
		v.Add("defects", "too_many", "max", 200)
	}
	var photos []int64
	for i := range f.Defects {
		d := &f.Defects[i]
		p := fmt.Sprintf("defects[%d]", i)
		d.Code, d.Piece = strings.TrimSpace(d.Code), strings.TrimSpace(d.Piece)
		def, known := codes[d.Code]
		if d.Code == "" {
			v.Add(p+".code", "required")
		} else if !known {
			v.Add(p+".code", "unknown_defect_code")
		}
		if d.Severity == "" {
			d.Severity = def
		}
		if severityRank(d.Severity) == 0 {
			v.Add(p+".severity", "one_of", "allowed", strings.Join(Severities, ", "))
		}
		if d.Count < 1 || d.Count > insp.SampleSize*10+10 {
			v.Add(p+".count", "out_of_range", "min", 1, "max", insp.SampleSize*10+10)
		}
		checkText(v, p+".piece", d.Piece, false, 20)
		if d.PhotoIDs == nil {
			d.PhotoIDs = []int64{}
		}
		photos = append(photos, d.PhotoIDs...)
	}
	if len(f.Measurements) > 100 {
		v.Add("measurements", "too_many", "max", 100)
	}
	for i := range f.Measurements {
		m := &f.Measurements[i]
		p := fmt.Sprintf("measurements[%d]", i)
		m.Point, m.Unit = strings.TrimSpace(m.Point), strings.TrimSpace(m.Unit)
		checkText(v, p+".point", m.Point, true, 100)
		checkText(v, p+".unit", m.Unit, false, 10)
		if m.Tolerance < 0 || m.Tolerance > 1e6 {
			v.Add(p+".tolerance", "out_of_range", "min", 0, "max", 1000000)
		}
		if m.Spec < 0 || m.Spec > 1e6 {
			v.Add(p+".spec", "out_of_range", "min", 0, "max", 1000000)
		}
		if len(m.Values) > insp.SampleSize {
			v.Add(p+".values", "too_many", "max", insp.SampleSize)
		}
		if m.Values == nil {
			m.Values = []float64{}
		}
	}
	if len(f.Checks) > 50 {
		v.Add("checks", "too_many", "max", 50)
	}
	for i := range f.Checks {
		c := &f.Checks[i]
		p := fmt.Sprintf("checks[%d]", i)
		c.Note = strings.TrimSpace(c.Note)
		if !slices.Contains(CheckKinds, c.Kind) {
			v.Add(p+".kind", "one_of", "allowed", strings.Join(CheckKinds, ", "))
		}
		checkText(v, p+".note", c.Note, false, 1000)
		if c.PhotoIDs == nil {
			c.PhotoIDs = []int64{}
		}
		photos = append(photos, c.PhotoIDs...)
	}
	if f.PhotoIDs == nil {
		f.PhotoIDs = []int64{}
	}
	photos = append(photos, f.PhotoIDs...)
	if f.Defects == nil {
		f.Defects = []Defect{}
	}
	if f.Measurements == nil {
		f.Measurements = []Measurement{}
	}
	if f.Checks == nil {
		f.Checks = []Check{}
	}
	if err := v.Err(); err != nil {
		return err
	}
	found := DefectiveUnits(f)
	if total := found[SevCritical] + found[SevMajor] + found[SevMinor]; total > insp.SampleSize {
		return Invalid("defects", "more_units_than_sample", "sample_size", insp.SampleSize, "units", total)
	}
	if err := s.AttachPhotos(tx, photos, by.uploader(), PhotoOwner{Kind: InspectionPhotoKind, ID: insp.ID, SupplierID: insp.SupplierID}); err != nil {
		return err
	}
	fj, err := json.Marshal(f)
	if err != nil {
		return err
	}
	opened := in.CartonsOpened
	insp.Findings, insp.CartonsOpened = string(fj), &opened
	insp.FoundCritical, insp.FoundMajor, insp.FoundMinor = found[SevCritical], found[SevMajor], found[SevMinor]
	insp.ComputedResult = Verdict(insp.PlansOf().Plans, found, f.Checks)
	insp.Result = insp.ComputedResult
	return nil
}

func defectCodeSeverities(tx *gorm.DB) (map[string]string, error) {
	var rows []DefectCode
	if err := tx.Select("code, severity").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.Code] = r.Severity
	}
	return out, nil
}

// OverrideInspection sets a completed inspection's result against the
// computed one (staff, with a reason kept and shown wherever the result is).
func (s *Store) OverrideInspection(ctx context.Context, id int64, result, reason string, by int64) (*Inspection, error) {
	return s.changeInspection(ctx, id, Scope{}, InspOverride, func(tx *gorm.DB, insp *Inspection, o *Order) (map[string]any, error) {
		v := &ValidationError{}
		reason = strings.TrimSpace(reason)
		if result != ResultPass && result != ResultFail {
			v.Add("result", "one_of", "allowed", "pass, fail")
		}
		checkText(v, "reason", reason, true, 2000)
		if err := v.Err(); err != nil {
			return nil, err
		}
		now := s.clock.Now()
		prev := insp.Result
		insp.Result, insp.OverrideReason, insp.OverriddenBy, insp.OverriddenAt = result, reason, &by, &now
		if result == ResultPass && prev != ResultPass {
			if err := s.finishFinalStep(tx, insp, by, now); err != nil {
				return nil, err
			}
		}
		return map[string]any{"inspection_id": insp.ID, "type": insp.Type, "result": result,
			"computed_result": insp.ComputedResult, "reason": reason}, nil
	}, by, ActInspectionOverridden)
}

// finishFinalStep gives the order's open final-inspection step the
// inspection's date as its actual date, when a final inspection (or a
// re-inspection) passes.
func (s *Store) finishFinalStep(tx *gorm.DB, insp *Inspection, by int64, now time.Time) error {
	if insp.Type != InspFRI && insp.Type != InspReinspection {
		return nil
	}
	return autoCompleteSteps(tx, now, insp.OrderID, by, insp.Date, map[string]any{"inspection_id": insp.ID},
		"code = ?", FinalInspectionStep)
}

// FinalInspectionStep is the code of the T&A step a passing final
// inspection completes.
const FinalInspectionStep = "final_inspection"

// ShippingBlock is what a failed final inspection holds back: the quantity
// of its lot, until a passing re-inspection of it (or a staff override to
// pass). The deliveries feature refuses bookings over it.
type ShippingBlock struct {
	InspectionID int64
	Quantity     int
}

// ShippingBlocks lists an order's final inspections that failed and were
// not followed by a passing re-inspection.
func (s *Store) ShippingBlocks(ctx context.Context, orderID int64) ([]ShippingBlock, error) {
	return shippingBlocks(s.conn(ctx), orderID)
}

func shippingBlocks(tx *gorm.DB, orderID int64) ([]ShippingBlock, error) {
	var rows []Inspection
	if err := tx.Select("id, type, status, result, reinspection_of, lot_size").
		Where("order_id = ? AND status = ?", orderID, InspCompleted).Order("id").Find(&rows).Error; err != nil {
		return nil, err
	}
	parent := map[int64]int64{}
	for _, r := range rows {
		if r.ReinspectionOf != nil {
			parent[r.ID] = *r.ReinspectionOf
		}
	}
	// A passing re-inspection clears the lot it re-inspected, and so the
	// chain of failed re-inspections back to the final inspection.
	cleared := map[int64]bool{}
	for _, r := range rows {
		if r.Result != ResultPass {
			continue
		}
		for id, ok := parent[r.ID]; ok && !cleared[id]; id, ok = parent[id] {
			cleared[id] = true
		}
	}
	var out []ShippingBlock
	for _, r := range rows {
		if r.Type == InspFRI && r.Result == ResultFail && !cleared[r.ID] {
			out = append(out, ShippingBlock{InspectionID: r.ID, Quantity: r.LotSize})
		}
	}
	return out, nil
}

// InspectionSuggestion is the inspection the order's reported progress
// calls for next, and why (a reason code with parameters).
type InspectionSuggestion struct {
	Type   string
	Date   string
	Reason string
	Params map[string]any
}

// SuggestInspection reads the order's progress: a failed final inspection
// asks for a re-inspection; 100 % produced and 80 % packed a final
// inspection; 30 % produced a DUPRO (if none yet); 10 % an IPI (if none
// yet); otherwise the final inspection on its planned date.
func (s *Store) SuggestInspection(ctx context.Context, o *Order, existing []Inspection, today string) (*InspectionSuggestion, error) {
	_, ms, err := s.GetPlan(ctx, o.ID, Scope{})
	if err != nil {
		return nil, err
	}
	return suggestInspection(o, ms, existing, today), nil
}

func suggestInspection(o *Order, ms []Milestone, existing []Inspection, today string) *InspectionSuggestion {
	produced, packed, finalDate := 0, 0, ""
	for _, m := range ms {
		switch m.QuantityKind {
		case "sewn", "produced":
			produced = max(produced, m.QuantityDone)
		case "packed":
			packed = max(packed, m.QuantityDone)
		}
		if m.Code == FinalInspectionStep {
			finalDate = m.PlannedDate
		}
	}
	pct := func(n int) int {
		if o.TotalQuantity <= 0 {
			return 0
		}
		return n * 100 / o.TotalQuantity
	}
	pp, pk := pct(produced), pct(packed)
	has := map[string]bool{}
	for _, in := range existing {
		if in.Status != InspCancelled {
			has[in.Type] = true
		}
	}
	for _, in := range existing {
		if in.Status == InspCompleted && in.Result == ResultFail && (in.Type == InspFRI) {
			reinspected := false
			for _, r := range existing {
				if r.ReinspectionOf != nil && *r.ReinspectionOf == in.ID && r.Status != InspCancelled {
					reinspected = true
				}
			}
			if !reinspected {
				return &InspectionSuggestion{Type: InspReinspection, Date: AddDays(today, 1), Reason: "suggest_reinspection",
					Params: map[string]any{"failed_date": in.Date, "inspection_id": in.ID}}
			}
		}
	}
	tomorrow := AddDays(today, 1)
	switch {
	case pp >= 100 && pk >= 80:
		return &InspectionSuggestion{Type: InspFRI, Date: tomorrow, Reason: "suggest_fri",
			Params: map[string]any{"produced_pct": pp, "packed_pct": pk}}
	case pp >= 30 && !has[InspDUPRO] && !has[InspFRI]:
		return &InspectionSuggestion{Type: InspDUPRO, Date: tomorrow, Reason: "suggest_dupro", Params: map[string]any{"produced_pct": pp}}
	case pp >= 10 && pp < 30 && !has[InspIPI] && !has[InspDUPRO] && !has[InspFRI]:
		return &InspectionSuggestion{Type: InspIPI, Date: tomorrow, Reason: "suggest_ipi", Params: map[string]any{"produced_pct": pp}}
	}
	if finalDate == "" || finalDate < today {
		finalDate = maxDate(tomorrow, AddDays(o.ExFactoryDate, -3))
	}
	return &InspectionSuggestion{Type: InspFRI, Date: finalDate, Reason: "suggest_fri_planned",
		Params: map[string]any{"produced_pct": pp, "packed_pct": pk, "date": finalDate}}
}

func maxDate(a, b string) string {
	if a > b {
		return a
	}
	return b
}

// Inspectors lists who may be assigned a supplier's inspections: the
// active qc users assigned to it, then active staff, by name.
func (s *Store) Inspectors(ctx context.Context, supplierID int64) ([]User, error) {
	var qc, staff []User
	if err := s.conn(ctx).Select("users.id, users.name, users.role").
		Joins("JOIN user_suppliers us ON us.user_id = users.id AND us.supplier_id = ?", supplierID).
		Where("users.role = ? AND users.active = ?", RoleQC, true).Order("users.name, users.id").Find(&qc).Error; err != nil {
		return nil, fmt.Errorf("inspectors: %w", err)
	}
	if err := s.conn(ctx).Select("id, name, role").Where("role IN ? AND active = ?", []Role{RoleAdmin, RoleMerchandiser}, true).
		Order("name, id").Limit(MaxPageSize).Find(&staff).Error; err != nil {
		return nil, fmt.Errorf("inspectors: %w", err)
	}
	return append(qc, staff...), nil
}

// SupplierSwitching is one product family's switching state.
type SupplierSwitching struct {
	Family    string
	State     aql.SwitchState
	UpdatedAt time.Time
}

// ListSwitching returns a supplier's switching states, by family.
func (s *Store) ListSwitching(ctx context.Context, supplierID int64) ([]SupplierSwitching, error) {
	var rows []InspectionSwitching
	if err := s.conn(ctx).Where("supplier_id = ?", supplierID).Order("family").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("switching of supplier %d: %w", supplierID, err)
	}
	out := make([]SupplierSwitching, 0, len(rows))
	for _, r := range rows {
		var st aql.SwitchState
		if err := json.Unmarshal([]byte(r.State), &st); err != nil {
			return nil, fmt.Errorf("switching state %d/%s: %w", supplierID, r.Family, err)
		}
		out = append(out, SupplierSwitching{Family: r.Family, State: st, UpdatedAt: r.UpdatedAt})
	}
	return out, nil
}

// ResumeSwitching resumes inspection of a supplier's family after it was
// discontinued (ISO 2859-1 9.4): tightened inspection, after the supplier's
// corrective action. A family that is not discontinued is a 409.
func (s *Store) ResumeSwitching(ctx context.Context, supplierID int64, family string) (*SupplierSwitching, error) {
	family = strings.ToLower(strings.TrimSpace(family))
	var out *SupplierSwitching
	err := s.readCommittedTx(ctx, func(tx *gorm.DB) error {
		var row InspectionSwitching
		if err := s.forUpdate(tx).Where("supplier_id = ? AND family = ?", supplierID, family).First(&row).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return Conflict("inspection_not_discontinued")
			}
			return err
		}
		var st aql.SwitchState
		if err := json.Unmarshal([]byte(row.State), &st); err != nil {
			return err
		}
		if !st.Discontinued {
			return Conflict("inspection_not_discontinued")
		}
		st = st.Resume()
		now := s.clock.Now()
		if err := saveSwitching(tx, supplierID, family, st, now); err != nil {
			return err
		}
		out = &SupplierSwitching{Family: family, State: st, UpdatedAt: now}
		return nil
	})
	return out, err
}
