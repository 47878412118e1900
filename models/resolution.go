package models

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Resolutions (issue 18, part B): how a complaint is resolved. Staff add
// them while the complaint is investigated or agreed; each kind has its
// path (resolutionTransitions gives the statuses, ResolutionPath the
// kind's steps); the factory works its rework and acknowledges its
// chargebacks.

// Resolution steps beyond the table's actions: a rework's re-inspection
// and re-delivery (both ResolutionProgress in the table).
const (
	ResolutionReinspect Action = "reinspect"
	ResolutionRedeliver Action = "redeliver"
)

// ResolutionThenKinds are what may follow a return.
var ResolutionThenKinds = []string{ResolveRework, ResolveReproduction, ResolveDiscount, ResolveConcession}

// ResolutionInput adds a resolution to a complaint.
type ResolutionInput struct {
	Kind                   string
	Quantity               int
	CostBearer             string
	Note                   string
	DueDate                string
	DiscountAmount         string
	DiscountPct            string
	ChargebackAmount       string
	ChargebackOverDiscount bool
	ThenKind               string
}

// ResolutionStep is a step of a resolution's path: a rework's reworked
// quantity, a return's shipped and received dates.
type ResolutionStep struct {
	ReworkedQty        *int
	ReturnShippedDate  *string
	ReturnReceivedDate *string
}

// OrderShippedQty is what an order shipped: the shipped quantities of its
// shipped and received deliveries.
func OrderShippedQty(tx *gorm.DB, orderID int64) (int, error) {
	var n int64
	err := tx.Model(&Delivery{}).Where("order_id = ? AND status IN ?", orderID, []string{DelivShipped, DelivReceived}).
		Select("COALESCE(SUM(shipped_quantity), 0)").Scan(&n).Error
	return int(n), err
}

// OrderValueE2 is an order's value in hundredths: unit price × total
// quantity (0 when it has no price).
func OrderValueE2(o *Order) int64 {
	p, ok := ParseDecimal(o.UnitPrice, 4)
	if !ok {
		return 0
	}
	return p * int64(o.TotalQuantity) / 100
}

// DiscountE2 is a discount in hundredths: the amount, or pct of the order
// value (rounded half up).
func DiscountE2(amount, pct string, o *Order) int64 {
	if amount != "" {
		v, _ := ParseDecimal(amount, 2)
		return v
	}
	if pct == "" {
		return 0
	}
	p, _ := ParseDecimal(pct, 2) // hundredths of a percent
	r := new(big.Int).Mul(big.NewInt(OrderValueE2(o)), big.NewInt(p))
	r.Add(r, big.NewInt(5000))
	r.Quo(r, big.NewInt(10000))
	return r.Int64()
}

func checkOptionalMoney(v *ValidationError, field, s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	n, ok := ParseMoney(s)
	if !ok {
		v.Add(field, "invalid_decimal", "max_decimals", 2)
		return 0, false
	}
	return n, true
}

// ResolvedQty is the quantity of a complaint's open and done resolutions.
func ResolvedQty(tx *gorm.DB, complaintID int64) (int, error) {
	var n int64
	err := tx.Model(&Resolution{}).Where("complaint_id = ? AND status IN ?", complaintID, []string{ResolutionOpen, ResolutionDone}).
		Select("COALESCE(SUM(quantity), 0)").Scan(&n).Error
	return int(n), err
}

func (in *ResolutionInput) validate(o *Order) (*Resolution, error) {
	v := &ValidationError{}
	in.Kind, in.CostBearer, in.ThenKind = strings.TrimSpace(in.Kind), strings.TrimSpace(in.CostBearer), strings.TrimSpace(in.ThenKind)
	in.Note, in.DueDate = strings.TrimSpace(in.Note), strings.TrimSpace(in.DueDate)
	in.DiscountAmount, in.DiscountPct = strings.TrimSpace(in.DiscountAmount), strings.TrimSpace(in.DiscountPct)
	in.ChargebackAmount = strings.TrimSpace(in.ChargebackAmount)
	if !slices.Contains(ResolutionKinds, in.Kind) {
		v.Add("kind", "one_of", "allowed", strings.Join(ResolutionKinds, ", "))
	}
	if in.Quantity < 1 || in.Quantity > 10_000_000 {
		v.Add("quantity", "out_of_range", "min", 1, "max", 10_000_000)
	}
	if !slices.Contains(CostBearers, in.CostBearer) {
		v.Add("cost_bearer", "one_of", "allowed", strings.Join(CostBearers, ", "))
	}
	checkText(v, "note", in.Note, false, 2000)
	checkDate(v, "due_date", in.DueDate, false)
	if in.Kind == ResolveDiscount {
		if (in.DiscountAmount == "") == (in.DiscountPct == "") {
			v.Add("discount_amount", "discount_one_of")
		}
		checkOptionalMoney(v, "discount_amount", in.DiscountAmount)
		if in.DiscountPct != "" {
			if p, ok := ParseDecimal(in.DiscountPct, 2); !ok {
				v.Add("discount_pct", "invalid_decimal", "max_decimals", 2)
			} else if p <= 0 || p > 10000 {
				v.Add("discount_pct", "out_of_range", "min", "0.01", "max", 100)
			}
		}
	} else if in.DiscountAmount != "" || in.DiscountPct != "" {
		v.Add("discount_amount", "only_for_discount")
	}
	if in.ChargebackAmount != "" {
		checkOptionalMoney(v, "chargeback_amount", in.ChargebackAmount)
		if in.Kind != ResolveDiscount && in.CostBearer != "factory" && in.CostBearer != "shared" {
			v.Add("chargeback_amount", "chargeback_not_allowed")
		}
	}
	if in.Kind == ResolveReturn {
		if !slices.Contains(ResolutionThenKinds, in.ThenKind) {
			v.Add("then_kind", "one_of", "allowed", strings.Join(ResolutionThenKinds, ", "))
		}
	} else if in.ThenKind != "" {
		v.Add("then_kind", "only_for_return")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if in.ChargebackAmount != "" && in.Kind == ResolveDiscount && !in.ChargebackOverDiscount {
		cb, _ := ParseDecimal(in.ChargebackAmount, 2)
		if d := DiscountE2(in.DiscountAmount, in.DiscountPct, o); cb > d {
			return nil, Invalid("chargeback_amount", "chargeback_over_discount", "discount", FormatDecimal(d, 2))
		}
	}
	return &Resolution{Kind: in.Kind, Status: ResolutionOpen, Quantity: in.Quantity, CostBearer: in.CostBearer,
		Note: in.Note, DueDate: in.DueDate, DiscountAmount: in.DiscountAmount, DiscountPct: in.DiscountPct,
		ChargebackAmount: in.ChargebackAmount, ThenKind: in.ThenKind}, nil
}

func resolutionData(r *Resolution) map[string]any {
	return map[string]any{"resolution_id": r.ID, "complaint_id": r.ComplaintID, "kind": r.Kind, "quantity": r.Quantity}
}

// CreateResolution adds a resolution to a complaint (staff; the complaint
// investigating or agreed). A re-production creates its replacement order
// first (confirmed with the default plan) and links it.
func (s *Store) CreateResolution(ctx context.Context, complaintID int64, in ResolutionInput, by Actor) (*Resolution, error) {
	if !by.staff() {
		return nil, ErrForbidden
	}
	var c Complaint
	if err := s.conn(ctx).First(&c, complaintID).Error; err != nil {
		return nil, notFound(err)
	}
	o, err := s.GetOrder(ctx, c.OrderID, Scope{})
	if err != nil {
		return nil, err
	}
	if !ComplaintCan(c.Status, ComplaintResolve) {
		_, err := complaintStep(c.Status, ComplaintResolve)
		return nil, err
	}
	if _, err := in.validate(o); err != nil {
		return nil, err
	}
	if err := s.checkResolvable(s.conn(ctx), &c, in.Quantity); err != nil {
		return nil, err
	}
	var replacement *Order
	if in.Kind == ResolveReproduction {
		if replacement, err = s.createReplacement(ctx, o, &c, in.Quantity, by.UserID); err != nil {
			return nil, err
		}
	}
	var out *Resolution
	err = s.readCommittedTx(ctx, func(tx *gorm.DB) error {
		var c Complaint
		if err := s.forUpdate(tx).First(&c, complaintID).Error; err != nil {
			return notFound(err)
		}
		if _, err := complaintStep(c.Status, ComplaintResolve); err != nil {
			return err
		}
		o, err := s.getOrderTx(tx, c.OrderID, Scope{}, true)
		if err != nil {
			return err
		}
		r, err := in.validate(o)
		if err != nil {
			return err
		}
		if err := s.checkResolvable(tx, &c, in.Quantity); err != nil {
			return err
		}
		now := s.clock.Now()
		r.ComplaintID, r.OrderID, r.SupplierID, r.CreatedBy, r.CreatedAt, r.UpdatedAt = c.ID, o.ID, o.SupplierID, by.UserID, now, now
		if replacement != nil {
			r.ReplacementOrderID = &replacement.ID
		}
		if err := tx.Create(r).Error; err != nil {
			return fmt.Errorf("create resolution: %w", err)
		}
		data := resolutionData(r)
		if err := addSupplierActivity(tx, now, o.ID, &r.SupplierID, &by.UserID, ActResolutionAdded, false, data); err != nil {
			return err
		}
		sid := r.SupplierID
		if err := addNotification(tx, now, Notification{SupplierID: &sid, ActorID: &by.UserID, Kind: NotifyResolutionAdded, OrderID: o.ID}, data); err != nil {
			return err
		}
		if err := refreshRisk(tx, o.ID, now); err != nil {
			return err
		}
		out = r
		return nil
	})
	return out, err
}

// checkResolvable: the complaint's resolutions with this one stay within
// what the order shipped (422 over_resolved{shipped, resolved}).
func (s *Store) checkResolvable(tx *gorm.DB, c *Complaint, qty int) error {
	shipped, err := OrderShippedQty(tx, c.OrderID)
	if err != nil {
		return err
	}
	resolved, err := ResolvedQty(tx, c.ID)
	if err != nil {
		return err
	}
	if resolved+qty > shipped {
		return Invalid("quantity", "over_resolved", "shipped", shipped, "resolved", resolved)
	}
	return nil
}

// ReplacementPO is the PO number of an order's n-th replacement.
func ReplacementPO(po string, n int) string { return fmt.Sprintf("%s-R%d", po, n) }

// ReplacementLines scales an order's lines to qty: by the complaint's
// lines when given (each capped by what is left), else proportionally
// (largest remainders), dropping empty lines.
func ReplacementLines(o *Order, complaintLines []LineQty, qty int) []OrderLine {
	var out []OrderLine
	if len(complaintLines) > 0 {
		known := map[[2]string]bool{}
		for _, l := range o.Lines {
			known[[2]string{l.Colour, l.Size}] = true
		}
		total := 0
		for _, l := range complaintLines {
			if known[[2]string{l.Colour, l.Size}] && l.Quantity > 0 {
				total += l.Quantity
			}
		}
		if total > 0 {
			left := qty
			for _, l := range complaintLines {
				if !known[[2]string{l.Colour, l.Size}] || l.Quantity <= 0 || left == 0 {
					continue
				}
				q := l.Quantity * qty / total
				if q == 0 {
					q = 1
				}
				q = min(q, left)
				left -= q
				out = append(out, OrderLine{Colour: l.Colour, Size: l.Size, Quantity: q})
			}
			for i := 0; left > 0 && len(out) > 0; i = (i + 1) % len(out) {
				out[i].Quantity++
				left--
			}
			return out
		}
	}
	total := 0
	for _, l := range o.Lines {
		total += l.Quantity
	}
	if total == 0 {
		return nil
	}
	left := qty
	rems := make([]int, len(o.Lines))
	for i, l := range o.Lines {
		q := l.Quantity * qty / total
		rems[i] = l.Quantity * qty % total
		out = append(out, OrderLine{Colour: l.Colour, Size: l.Size, Quantity: q})
		left -= q
	}
	for left > 0 {
		best := 0
		for i := range rems {
			if rems[i] > rems[best] {
				best = i
			}
		}
		out[best].Quantity++
		rems[best] = -1
		left--
	}
	var kept []OrderLine
	for _, l := range out {
		if l.Quantity > 0 {
			kept = append(kept, l)
		}
	}
	return kept
}

// createReplacement creates and confirms an order's replacement for qty
// pieces: same customer, supplier, style, PO <po>-R<n>, the order's
// template (else the first default one).
func (s *Store) createReplacement(ctx context.Context, o *Order, c *Complaint, qty int, by int64) (*Order, error) {
	var n int64
	if err := s.conn(ctx).Model(&Order{}).Where("replacement_of = ?", o.ID).Count(&n).Error; err != nil {
		return nil, err
	}
	po := ReplacementPO(o.PONumber, int(n)+1)
	lines := ReplacementLines(o, decodeLines(c.Lines), qty)
	tmpl := o.TemplateID
	if tmpl == nil {
		var t Template
		if err := s.conn(ctx).Where("code = ?", DefaultTemplates[0].Code).Take(&t).Error; err != nil {
			return nil, fmt.Errorf("replacement: default template: %w", err)
		}
		tmpl = &t.ID
	}
	exf := AddDays(TodayIn(s.clock.Now(), "UTC"), 60)
	if o.ExFactoryDate > exf {
		exf = o.ExFactoryDate
	}
	in := OrderInput{PONumber: &po, CustomerID: &o.CustomerID, SupplierID: &o.SupplierID, MerchandiserID: &o.MerchandiserID,
		TemplateID: tmpl, StyleNo: &o.StyleNo, StyleName: &o.StyleName, Description: &o.Description, Category: &o.Category,
		Unit: &o.Unit, ExFactoryDate: &exf, ShipMode: &o.ShipMode, Destination: &o.Destination, UnitPrice: &o.UnitPrice,
		Currency: &o.Currency, TolerancePct: &o.TolerancePct, Lines: &lines, Sourcing: &o.Sourcing}
	ro, err := s.CreateOrder(ctx, in, by)
	if err != nil {
		return nil, err
	}
	if err := s.conn(ctx).Model(&Order{}).Where("id = ?", ro.ID).Update("replacement_of", o.ID).Error; err != nil {
		return nil, err
	}
	return s.ConfirmOrder(ctx, ro.ID, nil, LateCompress, by)
}

// GetResolution loads a resolution the scope sees: a factory its own
// supplier's rows of an order it still has.
func (s *Store) GetResolution(ctx context.Context, id int64, sc Scope) (*Resolution, error) {
	var r Resolution
	if _, err := s.loadOwned(s.conn(ctx), &r, id, sc, qcRefused, false); err != nil {
		return nil, err
	}
	return &r, nil
}

// ComplaintResolutions lists the resolutions of complaints by complaint id
// (for the complaint's page; filter for a factory with ownRows).
func (s *Store) ComplaintResolutions(ctx context.Context, complaintIDs []int64, sc Scope) (map[int64][]Resolution, error) {
	out := map[int64][]Resolution{}
	err := chunks(uniq(complaintIDs), func(part []int64) error {
		var rs []Resolution
		if err := sc.ownRows(s.conn(ctx)).Where("complaint_id IN ?", part).Order("id").Find(&rs).Error; err != nil {
			return err
		}
		for _, r := range rs {
			out[r.ComplaintID] = append(out[r.ComplaintID], r)
		}
		return nil
	})
	return out, err
}

// ResolutionFilter selects resolutions for the list. Mine: a factory's
// tasks (open reworks, unacknowledged chargebacks); staff: the ones they
// created.
type ResolutionFilter struct {
	Page
	Scope
	Status string
	Kind   string
	Mine   bool
	UserID int64
}

// ListResolutions pages through resolutions newest first.
func (s *Store) ListResolutions(ctx context.Context, f ResolutionFilter) ([]Resolution, string, error) {
	limit, after, err := f.Page.Normalize()
	if err != nil {
		return nil, "", err
	}
	v := &ValidationError{}
	if f.Status != "" && !slices.Contains(ResolutionStatuses, f.Status) {
		v.Add("status", "one_of", "allowed", strings.Join(ResolutionStatuses, ", "))
	}
	if f.Kind != "" && !slices.Contains(ResolutionKinds, f.Kind) {
		v.Add("kind", "one_of", "allowed", strings.Join(ResolutionKinds, ", "))
	}
	if err := v.Err(); err != nil {
		return nil, "", err
	}
	if f.Scope.QC {
		return nil, "", ErrForbidden
	}
	q := s.conn(ctx).Table("resolutions r").Select("r.*").Order("r.id DESC").Limit(limit + 1)
	if after > 0 {
		q = q.Where("r.id < ?", after)
	}
	if f.Scope.SupplierID != nil {
		q = q.Where("r.supplier_id = ? AND r.order_id IN (SELECT id FROM orders WHERE supplier_id = ? AND confirmed_at IS NOT NULL)",
			*f.Scope.SupplierID, *f.Scope.SupplierID)
	}
	if f.Status != "" {
		q = q.Where("r.status = ?", f.Status)
	}
	if f.Kind != "" {
		q = q.Where("r.kind = ?", f.Kind)
	}
	if f.Mine {
		if f.Scope.SupplierID != nil {
			q = q.Where("r.status = ? AND (r.kind = ? OR (r.chargeback_amount <> '' AND r.chargeback_ack_at IS NULL))",
				ResolutionOpen, ResolveRework)
		} else {
			q = q.Where("r.created_by = ?", f.UserID)
		}
	}
	var rows []Resolution
	if err := q.Find(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list resolutions: %w", err)
	}
	rows, next := pageOf(rows, limit, func(x Resolution) int64 { return x.ID })
	return rows, next, nil
}

// ResolutionSteps lists what an actor may do with a resolution now: the
// table's actions narrowed by the kind's path and the side.
func ResolutionSteps(r *Resolution, insp *Inspection, staff, factory bool) []Action {
	var out []Action
	if !ResolutionCan(r.Status, ResolutionProgress) {
		return nil
	}
	switch r.Kind {
	case ResolveRework:
		if (staff || factory) && r.InspectionID == nil {
			out = append(out, ResolutionProgress)
			if r.ReworkedQty > 0 {
				out = append(out, ResolutionReinspect)
			}
		}
		if factory && r.InspectionID != nil && r.DeliveryID == nil && insp != nil && insp.Result == ResultPass {
			out = append(out, ResolutionRedeliver)
		}
	case ResolveReturn:
		if staff && r.ReturnReceivedDate == "" {
			out = append(out, ResolutionProgress)
		}
	}
	if factory && r.ChargebackAmount != "" && r.ChargebackAckAt == nil {
		out = append(out, ResolutionAcknowledge)
	}
	if staff && resolutionCompletable(r) == nil {
		out = append(out, ResolutionComplete)
	}
	if staff {
		out = append(out, ResolutionCancel)
	}
	return out
}

// resolutionCompletable: a rework completes once its re-delivery shipped
// (the ship hook does it), a return once received; a re-production once
// its replacement order shipped; the others at once.
func resolutionCompletable(r *Resolution) error {
	switch r.Kind {
	case ResolveRework:
		if r.DeliveryID == nil {
			return Conflict("resolution_not_ready", "kind", r.Kind)
		}
	case ResolveReturn:
		if r.ReturnReceivedDate == "" {
			return Conflict("resolution_not_ready", "kind", r.Kind)
		}
	}
	return nil
}

// resolutionTx loads and locks a resolution in the scope, with its order.
func (s *Store) resolutionTx(tx *gorm.DB, id int64, sc Scope) (*Resolution, *Order, error) {
	var r Resolution
	o, err := s.loadOwned(tx, &r, id, sc, qcRefused, true)
	if err != nil {
		return nil, nil, err
	}
	return &r, o, nil
}

// changeResolution runs one action on a resolution in a transaction.
func (s *Store) changeResolution(ctx context.Context, id int64, sc Scope, a Action, by Actor, kind string,
	fn func(tx *gorm.DB, r *Resolution, o *Order, now time.Time) (map[string]any, error)) (*Resolution, error) {
	var out *Resolution
	err := s.readCommittedTx(ctx, func(tx *gorm.DB) error {
		r, o, err := s.resolutionTx(tx, id, sc)
		if err != nil {
			return err
		}
		to, err := resolutionStep(r.Status, a)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		data, err := fn(tx, r, o, now)
		if err != nil {
			return err
		}
		if to == ResolutionDone && r.Status != ResolutionDone {
			r.DoneAt = &now
		}
		r.Status, r.UpdatedAt = to, now
		if err := saveResolution(tx, r); err != nil {
			return err
		}
		full := resolutionData(r)
		full["action"], full["status"] = string(a), r.Status
		for k, v := range data {
			full[k] = v
		}
		if err := addSupplierActivity(tx, now, o.ID, &r.SupplierID, &by.UserID, kind, false, full); err != nil {
			return err
		}
		if err := refreshRisk(tx, o.ID, now); err != nil {
			return err
		}
		out = r
		return nil
	})
	return out, err
}

func saveResolution(tx *gorm.DB, r *Resolution) error {
	if err := tx.Select("*").Omit("id", "created_at", "created_by", "order_id", "supplier_id", "complaint_id").Updates(r).Error; err != nil {
		return fmt.Errorf("update resolution %d: %w", r.ID, err)
	}
	return nil
}

// ProgressResolution records a step: a rework's reworked quantity (the
// factory or staff, ≤ the quantity), a return's shipped then received
// date (staff).
func (s *Store) ProgressResolution(ctx context.Context, id int64, in ResolutionStep, by Actor, sc Scope) (*Resolution, error) {
	return s.changeResolution(ctx, id, sc, ResolutionProgress, by, ActResolutionChanged,
		func(tx *gorm.DB, r *Resolution, o *Order, now time.Time) (map[string]any, error) {
			switch r.Kind {
			case ResolveRework:
				if by.Role == RoleQC {
					return nil, ErrForbidden
				}
				if r.InspectionID != nil {
					return nil, Conflict("resolution_not_open", "status", r.Status, "action", string(ResolutionProgress))
				}
				if in.ReworkedQty == nil {
					return nil, Invalid("reworked_qty", "required")
				}
				if *in.ReworkedQty < 0 || *in.ReworkedQty > r.Quantity {
					return nil, Invalid("reworked_qty", "out_of_range", "min", 0, "max", r.Quantity)
				}
				r.ReworkedQty = *in.ReworkedQty
				return map[string]any{"reworked_qty": r.ReworkedQty}, nil
			case ResolveReturn:
				if !by.staff() {
					return nil, ErrForbidden
				}
				v := &ValidationError{}
				switch {
				case in.ReturnShippedDate != nil && r.ReturnShippedDate == "":
					if checkDate(v, "return_shipped_date", strings.TrimSpace(*in.ReturnShippedDate), true) {
						r.ReturnShippedDate = strings.TrimSpace(*in.ReturnShippedDate)
					}
				case in.ReturnReceivedDate != nil && r.ReturnShippedDate != "" && r.ReturnReceivedDate == "":
					d := strings.TrimSpace(*in.ReturnReceivedDate)
					if checkDate(v, "return_received_date", d, true) {
						if d < r.ReturnShippedDate {
							v.Add("return_received_date", "before_shipped", "shipped", r.ReturnShippedDate)
						}
						r.ReturnReceivedDate = d
					}
				case r.ReturnShippedDate == "":
					v.Add("return_shipped_date", "required")
				default:
					v.Add("return_received_date", "required")
				}
				if err := v.Err(); err != nil {
					return nil, err
				}
				return map[string]any{"return_shipped_date": r.ReturnShippedDate, "return_received_date": r.ReturnReceivedDate}, nil
			}
			return nil, Conflict("resolution_not_open", "status", r.Status, "action", string(ResolutionProgress))
		})
}

type reworkKey struct{}

// ForRework marks a context as a rework's booking: a shipped order takes
// the one re-inspection and re-delivery (OrderReworkCan), and the
// re-delivery does not count against the tolerance (the goods replace
// those shipped).
func ForRework(ctx context.Context) context.Context { return context.WithValue(ctx, reworkKey{}, true) }

func isRework(ctx context.Context) bool { v, _ := ctx.Value(reworkKey{}).(bool); return v }

// orderAllows is OrderCan, widened for a rework's booking.
func orderAllows(ctx context.Context, status string, a Action) bool {
	return OrderCan(status, a) || (isRework(ctx) && OrderReworkCan(status, a))
}

// ReinspectResolution books the re-inspection of a rework's reworked
// quantity (a final inspection; the factory or staff) and links it. The
// booking is the inspection store's (its own transaction); the link
// follows it.
func (s *Store) ReinspectResolution(ctx context.Context, id int64, date string, by Actor, sc Scope) (*Resolution, error) {
	r, err := s.GetResolution(ctx, id, sc)
	if err != nil {
		return nil, err
	}
	if by.Role == RoleQC {
		return nil, ErrForbidden
	}
	if _, err := resolutionStep(r.Status, ResolutionProgress); err != nil {
		return nil, err
	}
	if r.Kind != ResolveRework || r.InspectionID != nil {
		return nil, Conflict("resolution_not_open", "status", r.Status, "action", string(ResolutionReinspect))
	}
	if r.ReworkedQty < 1 {
		return nil, Invalid("reworked_qty", "required")
	}
	insp, err := s.BookInspection(ForRework(ctx), r.OrderID, BookingInput{Type: InspFRI, Date: date, QuantityReady: r.ReworkedQty,
		Note: fmt.Sprintf("rework #%d", r.ID)}, by, sc)
	if err != nil {
		return nil, err
	}
	return s.changeResolution(ctx, id, sc, ResolutionProgress, by, ActResolutionChanged,
		func(tx *gorm.DB, r *Resolution, o *Order, now time.Time) (map[string]any, error) {
			if r.InspectionID != nil {
				return nil, Conflict("resolution_not_open", "status", r.Status, "action", string(ResolutionReinspect))
			}
			r.InspectionID = &insp.ID
			return map[string]any{"inspection_id": insp.ID}, nil
		})
}

// RedeliverResolution books the re-delivery of a rework's reworked
// quantity (the factory) once its re-inspection passed (409
// reinspection_not_passed), and links it.
func (s *Store) RedeliverResolution(ctx context.Context, id int64, in DeliveryInput, by Actor, sc Scope) (*Resolution, error) {
	r, err := s.GetResolution(ctx, id, sc)
	if err != nil {
		return nil, err
	}
	if by.Role != RoleFactory {
		return nil, ErrForbidden
	}
	if _, err := resolutionStep(r.Status, ResolutionProgress); err != nil {
		return nil, err
	}
	if r.Kind != ResolveRework || r.DeliveryID != nil {
		return nil, Conflict("resolution_not_open", "status", r.Status, "action", string(ResolutionRedeliver))
	}
	if err := s.reinspectionPassed(s.conn(ctx), r); err != nil {
		return nil, err
	}
	if len(in.Lines) == 0 {
		// No lines given: the reworked pieces by the complaint's colour ×
		// size lines, else spread like the order's.
		o, err := s.GetOrder(ctx, r.OrderID, Scope{})
		if err != nil {
			return nil, err
		}
		var c Complaint
		if err := s.conn(ctx).First(&c, r.ComplaintID).Error; err != nil {
			return nil, notFound(err)
		}
		for _, l := range ReplacementLines(o, c.LinesOf(), r.ReworkedQty) {
			in.Lines = append(in.Lines, LineQty{Colour: l.Colour, Size: l.Size, Quantity: l.Quantity})
		}
	}
	total := 0
	for _, l := range in.Lines {
		total += max(l.Quantity, 0)
	}
	if total > r.ReworkedQty {
		return nil, Invalid("lines", "out_of_range", "min", 1, "max", r.ReworkedQty)
	}
	d, err := s.BookDelivery(ForRework(ctx), r.OrderID, in, by, sc)
	if err != nil {
		return nil, err
	}
	return s.changeResolution(ctx, id, sc, ResolutionProgress, by, ActResolutionChanged,
		func(tx *gorm.DB, r *Resolution, o *Order, now time.Time) (map[string]any, error) {
			if r.DeliveryID != nil {
				return nil, Conflict("resolution_not_open", "status", r.Status, "action", string(ResolutionRedeliver))
			}
			r.DeliveryID = &d.ID
			return map[string]any{"delivery_id": d.ID}, nil
		})
}

func (s *Store) reinspectionPassed(tx *gorm.DB, r *Resolution) error {
	if r.InspectionID == nil {
		return Conflict("reinspection_not_passed")
	}
	var insp Inspection
	if err := tx.Select("id, result").First(&insp, *r.InspectionID).Error; err != nil {
		return err
	}
	if insp.Result != ResultPass {
		return Conflict("reinspection_not_passed")
	}
	return nil
}

// isReworkDelivery reports whether a delivery is a rework's re-delivery.
func isReworkDelivery(tx *gorm.DB, deliveryID int64) (bool, error) {
	var n int64
	err := tx.Model(&Resolution{}).Where("delivery_id = ? AND kind = ?", deliveryID, ResolveRework).Count(&n).Error
	return n > 0, err
}

// reworkShipped is the delivery ship hook: the open rework whose
// re-delivery this is completes.
func reworkShipped(tx *gorm.DB, d *Delivery, by int64, now time.Time) error {
	var rs []Resolution
	if err := tx.Where("delivery_id = ? AND kind = ? AND status = ?", d.ID, ResolveRework, ResolutionOpen).Find(&rs).Error; err != nil {
		return err
	}
	for i := range rs {
		r := &rs[i]
		r.Status, r.DoneAt, r.UpdatedAt = ResolutionDone, &now, now
		if err := saveResolution(tx, r); err != nil {
			return err
		}
		data := resolutionData(r)
		data["action"], data["status"], data["delivery_id"] = string(ResolutionComplete), r.Status, d.ID
		if err := addSupplierActivity(tx, now, r.OrderID, &r.SupplierID, &by, ActResolutionChanged, false, data); err != nil {
			return err
		}
	}
	return nil
}

// AcknowledgeResolution is the factory accepting a resolution's chargeback.
func (s *Store) AcknowledgeResolution(ctx context.Context, id int64, by Actor, sc Scope) (*Resolution, error) {
	return s.changeResolution(ctx, id, sc, ResolutionAcknowledge, by, ActChargebackAcked,
		func(tx *gorm.DB, r *Resolution, o *Order, now time.Time) (map[string]any, error) {
			if by.Role != RoleFactory {
				return nil, ErrForbidden
			}
			if r.ChargebackAmount == "" || r.ChargebackAckAt != nil {
				return nil, Conflict("resolution_not_open", "status", r.Status, "action", string(ResolutionAcknowledge))
			}
			r.ChargebackAckBy, r.ChargebackAckAt = &by.UserID, &now
			mid := o.MerchandiserID
			data := map[string]any{"resolution_id": r.ID, "complaint_id": r.ComplaintID, "amount": r.ChargebackAmount}
			if err := addNotification(tx, now, Notification{UserID: &mid, ActorID: &by.UserID, Kind: NotifyChargebackAcked, OrderID: o.ID}, data); err != nil {
				return nil, err
			}
			return map[string]any{"amount": r.ChargebackAmount}, nil
		})
}

// CompleteResolution marks a resolution done (staff) when its path allows
// (409 resolution_not_ready); a return's completion adds its then_kind
// resolution for the same quantity (a re-production's order is left to
// staff: it is asked for, not made, since it needs its own plan).
func (s *Store) CompleteResolution(ctx context.Context, id int64, by Actor, sc Scope) (*Resolution, error) {
	if !by.staff() {
		return nil, ErrForbidden
	}
	return s.changeResolution(ctx, id, sc, ResolutionComplete, by, ActResolutionChanged,
		func(tx *gorm.DB, r *Resolution, o *Order, now time.Time) (map[string]any, error) {
			if err := resolutionCompletable(r); err != nil {
				return nil, err
			}
			if r.Kind == ResolveRework {
				var d Delivery
				if err := tx.Select("id, status").First(&d, *r.DeliveryID).Error; err != nil {
					return nil, err
				}
				if d.Status != DelivShipped && d.Status != DelivReceived {
					return nil, Conflict("resolution_not_ready", "kind", r.Kind)
				}
			}
			if r.Kind == ResolveReturn && r.ThenKind != ResolveReproduction {
				next := &Resolution{ComplaintID: r.ComplaintID, OrderID: r.OrderID, SupplierID: r.SupplierID, Kind: r.ThenKind,
					Status: ResolutionOpen, Quantity: r.Quantity, CostBearer: r.CostBearer, Note: r.Note,
					CreatedBy: by.UserID, CreatedAt: now, UpdatedAt: now}
				if err := tx.Create(next).Error; err != nil {
					return nil, fmt.Errorf("create resolution: %w", err)
				}
				// This one is done: its quantity moves to the next.
				r.Quantity = 0
				data := resolutionData(next)
				if err := addSupplierActivity(tx, now, o.ID, &next.SupplierID, &by.UserID, ActResolutionAdded, false, data); err != nil {
					return nil, err
				}
				return map[string]any{"next_resolution_id": next.ID}, nil
			}
			return nil, nil
		})
}

// CancelResolution withdraws a resolution (staff, with a reason).
func (s *Store) CancelResolution(ctx context.Context, id int64, reason string, by Actor, sc Scope) (*Resolution, error) {
	if !by.staff() {
		return nil, ErrForbidden
	}
	reason, err := checkReason(reason)
	if err != nil {
		return nil, err
	}
	return s.changeResolution(ctx, id, sc, ResolutionCancel, by, ActResolutionChanged,
		func(tx *gorm.DB, r *Resolution, o *Order, now time.Time) (map[string]any, error) {
			r.Note = strings.TrimSpace(r.Note + "\n" + reason)
			return map[string]any{"reason": reason}, nil
		})
}

// ReplacementLink is an order's replacement, or the order it replaces.
type ReplacementLink struct {
	ID       int64
	PONumber string
	Status   string
}

// OrderReplacements returns what an order replaces (nil if none) and its
// replacements (reads the link itself: the order views do not carry it).
func (s *Store) OrderReplacements(ctx context.Context, orderID int64) (*ReplacementLink, []ReplacementLink, error) {
	db := s.conn(ctx)
	var of *ReplacementLink
	var ps []Order
	if err := db.Select("id, po_number, status").Where("id = (SELECT replacement_of FROM orders WHERE id = ?)", orderID).
		Find(&ps).Error; err != nil {
		return nil, nil, err
	}
	if len(ps) == 1 {
		of = &ReplacementLink{ID: ps[0].ID, PONumber: ps[0].PONumber, Status: ps[0].Status}
	}
	var rs []Order
	if err := db.Select("id, po_number, status").Where("replacement_of = ?", orderID).Order("id").Find(&rs).Error; err != nil {
		return nil, nil, err
	}
	out := []ReplacementLink{}
	for _, r := range rs {
		out = append(out, ReplacementLink{ID: r.ID, PONumber: r.PONumber, Status: r.Status})
	}
	return of, out, nil
}

// IsReplacement reports whether an order is a replacement order (scorecards
// count them apart).
func (o *Order) IsReplacement() bool { return o.ReplacementOf != nil }

// ResolutionLinkRows are the inspections and deliveries resolutions link:
// inspections by id (id, status, result), delivery statuses by id.
type ResolutionLinkRows struct {
	Inspections map[int64]Inspection
	Deliveries  map[int64]string
}

// ResolutionLinks loads what resolutions link, in a few queries.
func (s *Store) ResolutionLinks(ctx context.Context, inspectionIDs, deliveryIDs []int64) (*ResolutionLinkRows, error) {
	out := &ResolutionLinkRows{Inspections: map[int64]Inspection{}, Deliveries: map[int64]string{}}
	db := s.conn(ctx)
	err := chunks(uniq(inspectionIDs), func(part []int64) error {
		var rows []Inspection
		if err := db.Select("id, status, result").Where("id IN ?", part).Find(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			out.Inspections[r.ID] = r
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = chunks(uniq(deliveryIDs), func(part []int64) error {
		var rows []Delivery
		if err := db.Select("id, status").Where("id IN ?", part).Find(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			out.Deliveries[r.ID] = r.Status
		}
		return nil
	})
	return out, err
}
