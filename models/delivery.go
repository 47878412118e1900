package models

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Delivery statuses.
const (
	DelivRequested = "requested"
	DelivConfirmed = "confirmed"
	DelivShipped   = "shipped"
	DelivReceived  = "received"
	DelivRejected  = "rejected"
	DelivCancelled = "cancelled"
)

// Activity and notification kinds of deliveries.
const (
	ActDeliveryBooked      = "delivery_booked"
	ActDeliveryConfirmed   = "delivery_confirmed"
	ActDeliveryRescheduled = "delivery_rescheduled"
	ActDeliveryRejected    = "delivery_rejected"
	ActDeliveryCancelled   = "delivery_cancelled"
	ActDeliveryShipped     = "delivery_shipped"
	ActDeliveryReceived    = "delivery_received"
)

// Actor is who acts on a delivery (the same shape as an Inspector).
type Actor = Inspector

// LineQty is a quantity of one colour/size line of an order.
type LineQty struct {
	Colour   string `json:"colour"`
	Size     string `json:"size"`
	Quantity int    `json:"quantity"`
}

// Delivery is one booking of an order's goods into a warehouse day, and
// then its shipment and receipt. SupplierID is the order's supplier at
// booking: a factory sees only its own supplier's deliveries.
type Delivery struct {
	ID               int64 `gorm:"primaryKey"`
	OrderID          int64
	SupplierID       int64
	WarehouseID      int64
	Status           string
	Date             string
	RequestedDate    string
	CargoReadyDate   string
	TransportMode    string
	BookedLines      string // JSON []LineQty
	Quantity         int
	Cartons          int
	CBMMilli         int64 `gorm:"column:cbm_milli"`
	GrossG           int64
	NetG             int64
	Note             string
	OverrideReason   string
	OverriddenBy     *int64
	OverriddenAt     *time.Time
	RejectReason     string
	CancelReason     string
	Packing          string // JSON []PackingRange
	ShippedDate      string
	ShippedLines     string // JSON []LineQty
	ShippedQuantity  int
	Carrier          string
	TrackingNo       string
	ContainerNo      string
	SealNo           string
	ShippedBy        *int64
	ShippedAt        *time.Time
	ReceivedDate     string
	ReceivedLines    string // JSON []LineQty
	ReceivedQuantity int
	ReceivedBy       *int64
	ReceivedAt       *time.Time
	RequestedBy      int64
	ConfirmedBy      *int64
	ConfirmedAt      *time.Time
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// TableName keeps the plural.
func (Delivery) TableName() string { return "deliveries" }

// DeliveryDate is one change of a delivery's date, with its reason.
type DeliveryDate struct {
	ID         int64 `gorm:"primaryKey"`
	DeliveryID int64
	FromDate   string
	ToDate     string
	Reason     string
	ByUser     int64
	CreatedAt  time.Time
}

func decodeLines(s string) []LineQty {
	var out []LineQty
	_ = json.Unmarshal([]byte(s), &out)
	if out == nil {
		out = []LineQty{}
	}
	return out
}

func encodeJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// Lines, Shipped, Received and PackingList decode the JSON columns.
func (d *Delivery) Lines() []LineQty    { return decodeLines(d.BookedLines) }
func (d *Delivery) Shipped() []LineQty  { return decodeLines(d.ShippedLines) }
func (d *Delivery) Received() []LineQty { return decodeLines(d.ReceivedLines) }
func (d *Delivery) PackingList() []PackingRange {
	var out []PackingRange
	_ = json.Unmarshal([]byte(d.Packing), &out)
	if out == nil {
		out = []PackingRange{}
	}
	return out
}

// load is what the delivery takes from its warehouse day.
func (d *Delivery) load() DayLoad { return DayLoad{Cartons: d.Cartons, CBMMilli: d.CBMMilli} }

// used is what the delivery counts against the order's quantity: its
// shipped quantity once shipped, its booked quantity while live, nothing
// when rejected or cancelled.
func (d *Delivery) used() int {
	switch d.Status {
	case DelivShipped, DelivReceived:
		return d.ShippedQuantity
	case DelivRequested, DelivConfirmed:
		return d.Quantity
	}
	return 0
}

// Discrepancy is a line received in another quantity than shipped.
type Discrepancy struct {
	Colour     string `json:"colour"`
	Size       string `json:"size"`
	Shipped    int    `json:"shipped"`
	Received   int    `json:"received"`
	Difference int    `json:"difference"`
}

// Discrepancies compares the receipt with the shipment, line by line.
func (d *Delivery) Discrepancies() []Discrepancy {
	out := []Discrepancy{}
	if d.Status != DelivReceived {
		return out
	}
	got := map[[2]string]int{}
	for _, l := range d.Received() {
		got[[2]string{l.Colour, l.Size}] += l.Quantity
	}
	seen := map[[2]string]bool{}
	for _, l := range d.Shipped() {
		k := [2]string{l.Colour, l.Size}
		seen[k] = true
		if r := got[k]; r != l.Quantity {
			out = append(out, Discrepancy{Colour: l.Colour, Size: l.Size, Shipped: l.Quantity, Received: r, Difference: r - l.Quantity})
		}
	}
	for _, l := range d.Received() {
		if k := [2]string{l.Colour, l.Size}; !seen[k] && l.Quantity != 0 {
			out = append(out, Discrepancy{Colour: l.Colour, Size: l.Size, Received: l.Quantity, Difference: l.Quantity})
		}
	}
	return out
}

// DeliveryInput is a booking.
type DeliveryInput struct {
	WarehouseID    int64
	Date           string
	Lines          []LineQty
	Cartons        int
	CBMMilli       int64
	GrossG         int64
	NetG           int64
	TransportMode  string
	CargoReadyDate string
	Note           string
	// OverrideReason (staff only) books goods a failed final inspection
	// holds back.
	OverrideReason string
}

// MaxDeliveryCartons bounds a booking's cartons.
const MaxDeliveryCartons = 100_000

// checkLines validates quantities per line against the order's lines: each
// an existing line, none negative, at least one piece; it returns the
// lines with zero quantities dropped and their total.
func checkLines(v *ValidationError, field string, o *Order, lines []LineQty, required bool) ([]LineQty, int) {
	if len(lines) == 0 {
		if required {
			v.Add(field, "required")
		}
		return nil, 0
	}
	known := map[[2]string]bool{}
	for _, l := range o.Lines {
		known[[2]string{l.Colour, l.Size}] = true
	}
	seen := map[[2]string]bool{}
	var out []LineQty
	total := 0
	for i, l := range lines {
		p := fmt.Sprintf("%s[%d]", field, i)
		l.Colour, l.Size = strings.TrimSpace(l.Colour), strings.TrimSpace(l.Size)
		k := [2]string{l.Colour, l.Size}
		switch {
		case !known[k]:
			v.Add(p+".colour", "unknown_line", "colour", l.Colour, "size", l.Size)
			continue
		case seen[k]:
			v.Add(p+".colour", "duplicate_line", "row", i+1, "colour", l.Colour, "size", l.Size)
			continue
		case l.Quantity < 0 || l.Quantity > 10_000_000:
			v.Add(p+".quantity", "out_of_range", "min", 0, "max", 10_000_000)
			continue
		}
		seen[k] = true
		if l.Quantity > 0 {
			out = append(out, l)
			total += l.Quantity
		}
	}
	if total == 0 && required && len(v.Fields) == 0 {
		v.Add(field, "required")
	}
	return out, total
}

func (in *DeliveryInput) validate(o *Order, w *Warehouse, today string, by Actor) ([]LineQty, int, error) {
	v := &ValidationError{}
	if checkDate(v, "date", in.Date, true) {
		checkNotPast(v, "date", in.Date, today)
		if closed, why := w.ClosedOn(in.Date); closed {
			v.Add("date", "warehouse_closed", "date", in.Date, "reason", why)
		}
	}
	if !w.Active {
		v.Add("warehouse_id", "warehouse_inactive")
	}
	lines, total := checkLines(v, "lines", o, in.Lines, true)
	// More cartons than the warehouse takes in a day never fit any day.
	if maxCartons := min(MaxDeliveryCartons, w.CapCartons); in.Cartons < 0 || in.Cartons > maxCartons {
		v.Add("cartons", "out_of_range", "min", 0, "max", maxCartons)
	}
	if in.CBMMilli < 0 || in.CBMMilli > 10_000_000 {
		v.Add("cbm", "out_of_range", "min", 0, "max", 10_000)
	}
	if in.GrossG < 0 || in.GrossG > 1_000_000_000 {
		v.Add("gross_kg", "out_of_range", "min", 0, "max", 1_000_000)
	}
	if in.NetG < 0 || in.NetG > 1_000_000_000 {
		v.Add("net_kg", "out_of_range", "min", 0, "max", 1_000_000)
	}
	if in.NetG > in.GrossG && in.GrossG > 0 {
		v.Add("gross_kg", "gross_below_net")
	}
	in.TransportMode = strings.TrimSpace(in.TransportMode)
	if in.TransportMode != "" && !slices.Contains(ShipModes, in.TransportMode) {
		v.Add("transport_mode", "one_of", "allowed", strings.Join(ShipModes, ", "))
	}
	checkDate(v, "cargo_ready_date", in.CargoReadyDate, false)
	in.Note, in.OverrideReason = strings.TrimSpace(in.Note), strings.TrimSpace(in.OverrideReason)
	checkText(v, "note", in.Note, false, 2000)
	checkText(v, "inspection_override_reason", in.OverrideReason, false, 2000)
	if in.OverrideReason != "" && !by.staff() {
		v.Add("inspection_override_reason", "staff_only")
	}
	return lines, total, v.Err()
}

// OrderShipmentSummary is an order's goods across its deliveries.
type OrderShipmentSummary struct {
	Ordered     int
	MaxQuantity int
	Booked      int
	Shipped     int
	Received    int
	Held        int
	Bookable    int
	Lines       []LineSummary
}

// LineSummary is one colour/size line of the summary.
type LineSummary struct {
	Colour   string `json:"colour"`
	Size     string `json:"size"`
	Ordered  int    `json:"ordered"`
	Booked   int    `json:"booked"`
	Shipped  int    `json:"shipped"`
	Received int    `json:"received"`
	Balance  int    `json:"balance"`
}

// MaxQuantity is what an order may ship in all: its quantity plus the
// tolerance, rounded down.
func (o *Order) MaxQuantity() int { return o.TotalQuantity * (100 + o.TolerancePct) / 100 }

// summarise adds up an order's deliveries.
func summarise(o *Order, ds []Delivery, held int) OrderShipmentSummary {
	sum := OrderShipmentSummary{Ordered: o.TotalQuantity, MaxQuantity: o.MaxQuantity(), Held: held}
	idx := map[[2]string]int{}
	for _, l := range o.Lines {
		idx[[2]string{l.Colour, l.Size}] = len(sum.Lines)
		sum.Lines = append(sum.Lines, LineSummary{Colour: l.Colour, Size: l.Size, Ordered: l.Quantity})
	}
	add := func(lines []LineQty, f func(*LineSummary, int)) {
		for _, l := range lines {
			if i, ok := idx[[2]string{l.Colour, l.Size}]; ok {
				f(&sum.Lines[i], l.Quantity)
			}
		}
	}
	used := 0
	for i := range ds {
		d := &ds[i]
		used += d.used()
		switch d.Status {
		case DelivRequested, DelivConfirmed:
			sum.Booked += d.Quantity
			add(d.Lines(), func(l *LineSummary, q int) { l.Booked += q })
		case DelivShipped, DelivReceived:
			sum.Shipped += d.ShippedQuantity
			add(d.Shipped(), func(l *LineSummary, q int) { l.Shipped += q })
			if d.Status == DelivReceived {
				sum.Received += d.ReceivedQuantity
				add(d.Received(), func(l *LineSummary, q int) { l.Received += q })
			}
		}
	}
	for i := range sum.Lines {
		sum.Lines[i].Balance = sum.Lines[i].Ordered - sum.Lines[i].Shipped
	}
	sum.Bookable = max(0, sum.MaxQuantity-used-held)
	return sum
}

// heldBack is what failed final inspections hold back of an order.
func heldBack(tx *gorm.DB, orderID int64) (int, int64, error) {
	blocks, err := shippingBlocks(tx, orderID)
	if err != nil {
		return 0, 0, err
	}
	held, first := 0, int64(0)
	for _, b := range blocks {
		held += b.Quantity
		if first == 0 {
			first = b.InspectionID
		}
	}
	return held, first, nil
}

// checkQuantities refuses a booking or shipment of qty when the order's
// other deliveries already use so much that it would pass the tolerance
// (422 over_tolerance), or need goods a failed final inspection holds back
// (409 inspection_failed) unless overridden.
func checkQuantities(tx *gorm.DB, o *Order, exclude int64, qty int, override bool) error {
	var ds []Delivery
	if err := tx.Select("id, status, quantity, shipped_quantity").Where("order_id = ? AND id <> ?", o.ID, exclude).
		Find(&ds).Error; err != nil {
		return err
	}
	used := 0
	for i := range ds {
		used += ds[i].used()
	}
	limit := o.MaxQuantity()
	if used+qty > limit {
		return Invalid("lines", "over_tolerance", "max", limit, "used", used, "requested", qty)
	}
	if override {
		return nil
	}
	held, insp, err := heldBack(tx, o.ID)
	if err != nil {
		return err
	}
	if held > 0 && used+qty > limit-held {
		return Conflict("inspection_failed", "inspection_id", insp, "held", held)
	}
	return nil
}

// BookDelivery books an order's goods into a warehouse day: the order's
// factory or staff (a staff booking is confirmed at once). The day's
// capacity is taken in the same transaction (takeSlot).
func (s *Store) BookDelivery(ctx context.Context, orderID int64, in DeliveryInput, by Actor, sc Scope) (*Delivery, error) {
	if by.Role == RoleQC {
		return nil, ErrForbidden
	}
	w, err := s.GetWarehouse(ctx, in.WarehouseID)
	if err == ErrNotFound {
		return nil, Invalid("warehouse_id", "unknown_warehouse")
	} else if err != nil {
		return nil, err
	}
	// Validate what needs no lock first, so a bad request creates no
	// counter row.
	o, err := s.GetOrder(ctx, orderID, sc)
	if err != nil {
		return nil, err
	}
	if _, _, err := in.validate(o, w, s.WarehouseToday(w), by); err != nil {
		return nil, err
	}
	if err := s.ensureDay(ctx, w.ID, in.Date); err != nil {
		return nil, err
	}
	var out *Delivery
	err = s.readCommittedTx(ctx, func(tx *gorm.DB) error {
		o, err := s.getOrderTx(tx, orderID, sc, true)
		if err != nil {
			return err
		}
		if !orderAllows(ctx, o.Status, OrderDeliver) {
			return orderRefusal(o.Status, OrderDeliver)
		}
		lines, total, err := in.validate(o, w, s.WarehouseToday(w), by)
		if err != nil {
			return err
		}
		// A rework's re-delivery replaces goods shipped: not against the
		// tolerance (after-sales, models/resolution.go).
		if !isRework(ctx) {
			if err := checkQuantities(tx, o, 0, total, in.OverrideReason != ""); err != nil {
				return err
			}
		}
		d := &Delivery{OrderID: o.ID, SupplierID: o.SupplierID, WarehouseID: w.ID, Status: DelivRequested,
			Date: in.Date, RequestedDate: in.Date, CargoReadyDate: in.CargoReadyDate, TransportMode: in.TransportMode,
			BookedLines: encodeJSON(lines), Quantity: total, Cartons: in.Cartons, CBMMilli: in.CBMMilli,
			GrossG: in.GrossG, NetG: in.NetG, Note: in.Note, Packing: "[]", ShippedLines: "[]", ReceivedLines: "[]",
			RequestedBy: by.UserID}
		now := s.clock.Now()
		d.CreatedAt, d.UpdatedAt = now, now
		if in.OverrideReason != "" {
			d.OverrideReason, d.OverriddenBy, d.OverriddenAt = in.OverrideReason, &by.UserID, &now
		}
		if by.staff() {
			d.Status, d.ConfirmedBy, d.ConfirmedAt = DelivConfirmed, &by.UserID, &now
		}
		if err := tx.Create(d).Error; err != nil {
			return fmt.Errorf("create delivery: %w", err)
		}
		data := deliveryData(d, w)
		if err := addSupplierActivity(tx, now, o.ID, &o.SupplierID, &by.UserID, ActDeliveryBooked, false, data); err != nil {
			return err
		}
		if !by.staff() {
			mid := o.MerchandiserID
			if err := addNotification(tx, now, Notification{UserID: &mid, ActorID: &by.UserID, Kind: ActDeliveryBooked, OrderID: o.ID}, data); err != nil {
				return err
			}
		}
		if err := refreshRisk(tx, o.ID, now); err != nil {
			return err
		}
		// The day's share is taken last: its row lock, which every booking
		// of the day waits for, is then held only until the commit.
		if err := s.takeSlot(tx, w, in.Date, d.load()); err != nil {
			return err
		}
		out = d
		return nil
	})
	return out, err
}

func deliveryData(d *Delivery, w *Warehouse) map[string]any {
	return map[string]any{"delivery_id": d.ID, "date": d.Date, "quantity": d.Quantity, "warehouse": w.Name}
}

// GetDelivery loads a delivery if the scope owns it and sees its order.
func (s *Store) GetDelivery(ctx context.Context, id int64, sc Scope) (*Delivery, error) {
	var d Delivery
	if _, err := s.loadOwned(s.conn(ctx), &d, id, sc, qcReads, false); err != nil {
		return nil, err
	}
	return &d, nil
}

// DeliveryDates lists the date changes of deliveries, oldest first.
func (s *Store) DeliveryDates(ctx context.Context, ids []int64) (map[int64][]DeliveryDate, error) {
	out := map[int64][]DeliveryDate{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []DeliveryDate
	if err := s.conn(ctx).Where("delivery_id IN ?", ids).Order("id").Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.DeliveryID] = append(out[r.DeliveryID], r)
	}
	return out, nil
}

// OrderDeliveries lists an order's deliveries in the scope (by date) and
// the order's shipment summary.
func (s *Store) OrderDeliveries(ctx context.Context, orderID int64, sc Scope) ([]Delivery, *OrderShipmentSummary, error) {
	o, err := s.GetOrder(ctx, orderID, sc)
	if err != nil {
		return nil, nil, err
	}
	var all []Delivery
	if err := s.conn(ctx).Where("order_id = ?", orderID).Order("date, id").Find(&all).Error; err != nil {
		return nil, nil, err
	}
	held, _, err := heldBack(s.conn(ctx), orderID)
	if err != nil {
		return nil, nil, err
	}
	// The summary counts every delivery of the order (the quantities are
	// the order's); the list shows the scope's own.
	sum := summarise(o, all, held)
	var mine []Delivery
	for _, d := range all {
		if sc.Owns(&d.SupplierID) {
			mine = append(mine, d)
		}
	}
	return mine, &sum, nil
}

// DeliveryFilter selects deliveries for the planning list.
type DeliveryFilter struct {
	Page
	Scope
	From, To    string
	WarehouseID *int64
	SupplierID  *int64
	OrderID     *int64
	Status      string
}

// ListDeliveries pages through deliveries by date, then id.
func (s *Store) ListDeliveries(ctx context.Context, f DeliveryFilter) ([]Delivery, string, error) {
	limit, after, err := f.Page.Normalize()
	if err != nil {
		return nil, "", err
	}
	v := &ValidationError{}
	checkDate(v, "from", f.From, false)
	checkDate(v, "to", f.To, false)
	if f.Status != "" && !slices.Contains(DeliveryStatuses, f.Status) {
		v.Add("status", "one_of", "allowed", strings.Join(DeliveryStatuses, ", "))
	}
	if err := v.Err(); err != nil {
		return nil, "", err
	}
	q := s.conn(ctx).Model(&Delivery{}).Order("date, id").Limit(limit + 1)
	if after > 0 {
		// The cursor is the last id; the date of that row orders the rest.
		var last Delivery
		if err := s.conn(ctx).Select("id, date").First(&last, after).Error; err != nil {
			return nil, "", notFound(err)
		}
		q = q.Where("(date > ? OR (date = ? AND id > ?))", last.Date, last.Date, last.ID)
	}
	// A factory sees its own supplier's deliveries of orders it still has:
	// not another factory's, nor its own of an order moved away.
	switch {
	case f.Scope.SupplierID != nil:
		q = q.Where("supplier_id = ? AND order_id IN (SELECT id FROM orders WHERE supplier_id = ?)",
			*f.Scope.SupplierID, *f.Scope.SupplierID)
	case f.Scope.QC:
		return nil, "", ErrForbidden
	}
	if f.From != "" {
		q = q.Where("date >= ?", f.From)
	}
	if f.To != "" {
		q = q.Where("date <= ?", f.To)
	}
	if f.WarehouseID != nil {
		q = q.Where("warehouse_id = ?", *f.WarehouseID)
	}
	if f.SupplierID != nil {
		q = q.Where("supplier_id = ?", *f.SupplierID)
	}
	if f.OrderID != nil {
		q = q.Where("order_id = ?", *f.OrderID)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	var rows []Delivery
	if err := q.Find(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list deliveries: %w", err)
	}
	rows, next := pageOf(rows, limit, func(x Delivery) int64 { return x.ID })
	return rows, next, nil
}

// deliveryTx loads and locks a delivery for a change, with its order.
func (s *Store) deliveryTx(tx *gorm.DB, id int64, sc Scope) (*Delivery, *Order, error) {
	var d Delivery
	if err := s.forUpdate(tx).First(&d, id).Error; err != nil {
		return nil, nil, notFound(err)
	}
	if !sc.Owns(&d.SupplierID) {
		return nil, nil, ErrNotFound
	}
	o, err := s.getOrderTx(tx, d.OrderID, sc, false)
	if err != nil {
		return nil, nil, err
	}
	return &d, o, nil
}

// changeDelivery runs one action on a delivery in a transaction: load,
// lock, check the status table, apply fn, save, record the activity.
func (s *Store) changeDelivery(ctx context.Context, id int64, sc Scope, a Action, by Actor, kind string,
	fn func(tx *gorm.DB, d *Delivery, o *Order, now time.Time) (map[string]any, error)) (*Delivery, error) {
	var out *Delivery
	err := s.readCommittedTx(ctx, func(tx *gorm.DB) error {
		d, o, err := s.deliveryTx(tx, id, sc)
		if err != nil {
			return err
		}
		to, err := deliveryStep(d.Status, a)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		data, err := fn(tx, d, o, now)
		if err != nil {
			return err
		}
		d.Status, d.UpdatedAt = to, now
		if err := tx.Select("*").Omit("id", "created_at").Updates(d).Error; err != nil {
			return fmt.Errorf("update delivery %d: %w", d.ID, err)
		}
		if kind != "" {
			if data == nil {
				data = map[string]any{}
			}
			data["delivery_id"], data["date"], data["quantity"] = d.ID, d.Date, d.Quantity
			if err := addSupplierActivity(tx, now, o.ID, &d.SupplierID, &by.UserID, kind, false, data); err != nil {
				return err
			}
		}
		if err := refreshRisk(tx, o.ID, now); err != nil {
			return err
		}
		out = d
		return nil
	})
	return out, err
}

// notifySupplier tells the delivery's factory about a staff decision.
func notifySupplier(tx *gorm.DB, now time.Time, d *Delivery, kind string, data map[string]any) error {
	sid := d.SupplierID
	full := map[string]any{"delivery_id": d.ID, "date": d.Date}
	for k, v := range data {
		full[k] = v
	}
	return addNotification(tx, now, Notification{SupplierID: &sid, Kind: kind, OrderID: d.OrderID}, full)
}

// ConfirmDelivery is staff accepting a booking on its date.
func (s *Store) ConfirmDelivery(ctx context.Context, id int64, by Actor) (*Delivery, error) {
	return s.changeDelivery(ctx, id, Scope{}, DelivConfirm, by, ActDeliveryConfirmed,
		func(tx *gorm.DB, d *Delivery, o *Order, now time.Time) (map[string]any, error) {
			d.ConfirmedBy, d.ConfirmedAt = &by.UserID, &now
			return nil, notifySupplier(tx, now, d, ActDeliveryConfirmed, nil)
		})
}

func checkReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	v := &ValidationError{}
	checkText(v, "reason", reason, true, 2000)
	return reason, v.Err()
}

// RejectDelivery is staff refusing a booking, with a reason; its capacity
// is freed.
func (s *Store) RejectDelivery(ctx context.Context, id int64, reason string, by Actor) (*Delivery, error) {
	reason, err := checkReason(reason)
	if err != nil {
		return nil, err
	}
	return s.changeDelivery(ctx, id, Scope{}, DelivReject, by, ActDeliveryRejected,
		func(tx *gorm.DB, d *Delivery, o *Order, now time.Time) (map[string]any, error) {
			d.RejectReason = reason
			if err := releaseSlot(tx, d.WarehouseID, d.Date, d.load()); err != nil {
				return nil, err
			}
			data := map[string]any{"reason": reason}
			return data, notifySupplier(tx, now, d, ActDeliveryRejected, data)
		})
}

// CancelDelivery withdraws a booking before it ships (the factory, or
// staff); its capacity is freed.
func (s *Store) CancelDelivery(ctx context.Context, id int64, reason string, by Actor, sc Scope) (*Delivery, error) {
	reason, err := checkReason(reason)
	if err != nil {
		return nil, err
	}
	return s.changeDelivery(ctx, id, sc, DelivCancel, by, ActDeliveryCancelled,
		func(tx *gorm.DB, d *Delivery, o *Order, now time.Time) (map[string]any, error) {
			d.CancelReason = reason
			return map[string]any{"reason": reason}, releaseSlot(tx, d.WarehouseID, d.Date, d.load())
		})
}

// cancelOpenDeliveries withdraws an order's unshipped bookings when the
// order is cancelled, freeing their capacity.
func cancelOpenDeliveries(tx *gorm.DB, orderID int64, reason string, now time.Time) error {
	var ds []Delivery
	if err := tx.Where("order_id = ? AND status IN ?", orderID, deliveryTransitions.From(DelivCancel)).Find(&ds).Error; err != nil {
		return err
	}
	for i := range ds {
		d := &ds[i]
		if err := releaseSlot(tx, d.WarehouseID, d.Date, d.load()); err != nil {
			return err
		}
		if err := tx.Model(d).Updates(map[string]any{"status": DelivCancelled, "cancel_reason": reason, "updated_at": now}).Error; err != nil {
			return err
		}
	}
	return nil
}

// RescheduleDelivery is staff moving a booking to another day, with a
// reason: the new day's capacity is taken and the old day's freed in one
// transaction, and the change is kept in the delivery's dates.
func (s *Store) RescheduleDelivery(ctx context.Context, id int64, date, reason string, by Actor) (*Delivery, error) {
	reason, err := checkReason(reason)
	if err != nil {
		return nil, err
	}
	d0, err := s.GetDelivery(ctx, id, Scope{})
	if err != nil {
		return nil, err
	}
	w, err := s.GetWarehouse(ctx, d0.WarehouseID)
	if err != nil {
		return nil, err
	}
	v := &ValidationError{}
	if checkDate(v, "date", date, true) {
		checkNotPast(v, "date", date, s.WarehouseToday(w))
		if closed, why := w.ClosedOn(date); closed {
			v.Add("date", "warehouse_closed", "date", date, "reason", why)
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := s.ensureDay(ctx, w.ID, date); err != nil {
		return nil, err
	}
	return s.changeDelivery(ctx, id, Scope{}, DelivReschedule, by, ActDeliveryRescheduled,
		func(tx *gorm.DB, d *Delivery, o *Order, now time.Time) (map[string]any, error) {
			if d.Date == date {
				return nil, Invalid("date", "unchanged")
			}
			// Lock both days in date order, so two reschedules crossing
			// between the same days cannot deadlock.
			var days []WarehouseDay
			if err := s.forUpdate(tx).Where("warehouse_id = ? AND date IN ?", w.ID, []string{d.Date, date}).
				Order("date").Find(&days).Error; err != nil {
				return nil, err
			}
			if err := s.takeSlot(tx, w, date, d.load()); err != nil {
				return nil, err
			}
			if err := releaseSlot(tx, w.ID, d.Date, d.load()); err != nil {
				return nil, err
			}
			if err := tx.Create(&DeliveryDate{DeliveryID: d.ID, FromDate: d.Date, ToDate: date, Reason: reason,
				ByUser: by.UserID, CreatedAt: now}).Error; err != nil {
				return nil, err
			}
			data := map[string]any{"from": d.Date, "to": date, "reason": reason}
			d.Date = date
			return data, notifySupplier(tx, now, d, ActDeliveryRescheduled, data)
		})
}

// ShipInput is a delivery leaving the factory.
type ShipInput struct {
	Date        string
	Carrier     string
	TrackingNo  string
	ContainerNo string
	SealNo      string
	// Packing replaces the saved packing list when not nil.
	Packing *[]PackingRange
	// Lines, when given, must equal the packing list's totals.
	Lines []LineQty
}

// ShipDelivery records the shipment: the packing list's totals are the
// shipped quantities; the order becomes partially shipped, or shipped once
// the shipped total reaches its quantity, which also completes its
// ex-factory step on the ship date.
func (s *Store) ShipDelivery(ctx context.Context, id int64, in ShipInput, by Actor, sc Scope) (*Delivery, error) {
	v := &ValidationError{}
	if checkDate(v, "date", in.Date, true) && in.Date > LatestToday(s.clock.Now()) {
		v.Add("date", "date_in_future")
	}
	in.Carrier, in.TrackingNo = strings.TrimSpace(in.Carrier), strings.TrimSpace(in.TrackingNo)
	in.ContainerNo, in.SealNo = strings.TrimSpace(in.ContainerNo), strings.TrimSpace(in.SealNo)
	checkText(v, "carrier", in.Carrier, false, 200)
	checkText(v, "tracking_no", in.TrackingNo, false, 100)
	checkText(v, "container_no", in.ContainerNo, false, 100)
	checkText(v, "seal_no", in.SealNo, false, 100)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.changeDelivery(ctx, id, sc, DelivShip, by, ActDeliveryShipped,
		func(tx *gorm.DB, d *Delivery, o *Order, now time.Time) (map[string]any, error) {
			if !OrderCan(o.Status, OrderShip) {
				return nil, orderRefusal(o.Status, OrderShip)
			}
			packing := d.PackingList()
			if in.Packing != nil {
				packing = *in.Packing
			}
			if len(packing) == 0 {
				return nil, Invalid("packing_list", "required")
			}
			packed, err := CheckPackingList(o, packing)
			if err != nil {
				return nil, err
			}
			lines, total := packed.Lines, packed.Pieces
			if len(in.Lines) > 0 {
				v := &ValidationError{}
				given, _ := checkLines(v, "lines", o, in.Lines, true)
				if err := v.Err(); err != nil {
					return nil, err
				}
				if m := PackingMismatches(packed.Lines, given); len(m) > 0 {
					return nil, Invalid("packing_list", "packing_mismatch", "colour", m[0].Colour, "size", m[0].Size,
						"packed", m[0].Packed, "expected", m[0].Expected)
				}
			}
			rework, err := isReworkDelivery(tx, d.ID)
			if err != nil {
				return nil, err
			}
			if !rework {
				if err := checkQuantities(tx, o, d.ID, total, d.OverrideReason != ""); err != nil {
					return nil, err
				}
			}
			d.Packing, d.ShippedLines, d.ShippedQuantity, d.ShippedDate = encodeJSON(packed.Ranges), encodeJSON(lines), total, in.Date
			d.Carrier, d.TrackingNo, d.ContainerNo, d.SealNo = in.Carrier, in.TrackingNo, in.ContainerNo, in.SealNo
			d.ShippedBy, d.ShippedAt = &by.UserID, &now
			if err := s.afterShipment(tx, o, d, by, now); err != nil {
				return nil, err
			}
			// aftersales: a rework's re-delivery completes its resolution.
			if rework {
				if err := reworkShipped(tx, d, by.UserID, now); err != nil {
					return nil, err
				}
			}
			data := map[string]any{"shipped_quantity": total, "carrier": in.Carrier, "tracking_no": in.TrackingNo}
			if by.Role == RoleFactory {
				mid := o.MerchandiserID
				full := map[string]any{"delivery_id": d.ID, "date": in.Date, "quantity": total}
				if err := addNotification(tx, now, Notification{UserID: &mid, ActorID: &by.UserID, Kind: ActDeliveryShipped, OrderID: o.ID}, full); err != nil {
					return nil, err
				}
			}
			return data, nil
		})
}

// afterShipment moves the order: shipped when the shipped total (this
// delivery included) reaches the order's quantity, else partially shipped.
func (s *Store) afterShipment(tx *gorm.DB, o *Order, d *Delivery, by Actor, now time.Time) error {
	var shipped int64
	if err := tx.Model(&Delivery{}).Where("order_id = ? AND id <> ? AND status IN ?", o.ID, d.ID,
		[]string{DelivShipped, DelivReceived}).Select("COALESCE(SUM(shipped_quantity), 0)").Scan(&shipped).Error; err != nil {
		return err
	}
	status, _ := orderTransitions.Next(o.Status, OrderShip)
	if int(shipped)+d.ShippedQuantity >= o.TotalQuantity {
		status = StatusShipped
	}
	if status != o.Status {
		if err := tx.Model(&Order{}).Where("id = ?", o.ID).Updates(map[string]any{"status": status, "updated_at": now}).Error; err != nil {
			return err
		}
		o.Status = status
	}
	if status == StatusShipped {
		return autoCompleteSteps(tx, now, o.ID, by.UserID, d.ShippedDate, map[string]any{"delivery_id": d.ID},
			"code = ?", ExFactoryStep)
	}
	return nil
}

// ExFactoryStep is the code of the T&A step the shipment completes.
const ExFactoryStep = "ex_factory"

// ReceiveInput is goods arriving at the warehouse.
type ReceiveInput struct {
	Date  string
	Lines []LineQty
}

// ReceiveDelivery records what arrived (staff); differences from the
// shipment are kept and shown as discrepancies.
func (s *Store) ReceiveDelivery(ctx context.Context, id int64, in ReceiveInput, by Actor) (*Delivery, error) {
	v := &ValidationError{}
	if checkDate(v, "date", in.Date, true) && in.Date > LatestToday(s.clock.Now()) {
		v.Add("date", "date_in_future")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.changeDelivery(ctx, id, Scope{}, DelivReceive, by, ActDeliveryReceived,
		func(tx *gorm.DB, d *Delivery, o *Order, now time.Time) (map[string]any, error) {
			v := &ValidationError{}
			lines, total := checkLines(v, "lines", o, in.Lines, false)
			if len(in.Lines) == 0 {
				v.Add("lines", "required")
			}
			if err := v.Err(); err != nil {
				return nil, err
			}
			if in.Date < d.ShippedDate {
				return nil, Invalid("date", "before_shipped", "shipped", d.ShippedDate)
			}
			d.ReceivedLines, d.ReceivedQuantity, d.ReceivedDate = encodeJSON(nonNilSlice(lines)), total, in.Date
			d.ReceivedBy, d.ReceivedAt = &by.UserID, &now
			d.Status = DelivReceived // for Discrepancies; changeDelivery sets it too
			return map[string]any{"received_quantity": total, "discrepancies": len(d.Discrepancies())}, nil
		})
}

// SavePacking replaces a delivery's packing list (the factory or staff).
// Before shipping any totals are kept (the DTO shows their mismatches with
// the booking); once shipped they must equal the shipped quantities.
func (s *Store) SavePacking(ctx context.Context, id int64, packing []PackingRange, by Actor, sc Scope) (*Delivery, error) {
	return s.changeDelivery(ctx, id, sc, DelivPack, by, "",
		func(tx *gorm.DB, d *Delivery, o *Order, now time.Time) (map[string]any, error) {
			packed, err := CheckPackingList(o, packing)
			if err != nil {
				return nil, err
			}
			if d.Status == DelivShipped {
				if m := PackingMismatches(packed.Lines, d.Shipped()); len(m) > 0 {
					return nil, Invalid("packing_list", "packing_mismatch", "colour", m[0].Colour, "size", m[0].Size,
						"packed", m[0].Packed, "expected", m[0].Expected)
				}
			}
			d.Packing = encodeJSON(packed.Ranges)
			return nil, nil
		})
}

// OrderTitle is what a delivery shows of its order.
type OrderTitle struct {
	ID        int64
	PONumber  string `gorm:"column:po_number"`
	StyleNo   string
	StyleName string
	Status    string
}

// TableName reads orders.
func (OrderTitle) TableName() string { return "orders" }

// OrderTitles maps order ids to their heads.
func (s *Store) OrderTitles(ctx context.Context, ids []int64) (map[int64]OrderTitle, error) {
	return lookupBy(ctx, s, "orders", uniq(ids), []string{"id", "po_number", "style_no", "style_name", "status"},
		in[int64]("id"), func(o OrderTitle) int64 { return o.ID })
}
