package server

import (
	"encoding/json"
	"math"
	"time"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

// Warehouses, availability and deliveries (docs/DELIVERIES.md).

type capacityDTO struct {
	Bookings int      `json:"bookings"`
	Cartons  int      `json:"cartons"`
	CBM      *float64 `json:"cbm"`
}

type warehouseDTO struct {
	ID             int64                     `json:"id"`
	Code           string                    `json:"code"`
	Name           string                    `json:"name"`
	Address        string                    `json:"address"`
	TimeZone       string                    `json:"time_zone"`
	Capacity       capacityDTO               `json:"capacity"`
	ClosedWeekdays []int                     `json:"closed_weekdays"`
	Closures       []models.WarehouseClosure `json:"closures"`
	Active         bool                      `json:"active"`
}

// milli turns thousandths into a number with three decimals.
func milli(v int64) float64 { return float64(v) / 1000 }

// toMilli turns a number into thousandths, rounded.
func toMilli(f float64) int64 { return int64(math.Round(f * 1000)) }

func optMilli(v *int64) *float64 {
	if v == nil {
		return nil
	}
	f := milli(*v)
	return &f
}

func warehouseView(w *models.Warehouse) warehouseDTO {
	cl := w.Closures
	if cl == nil {
		cl = []models.WarehouseClosure{}
	}
	return warehouseDTO{ID: w.ID, Code: w.Code, Name: w.Name, Address: w.Address, TimeZone: w.TimeZone,
		Capacity:       capacityDTO{Bookings: w.CapBookings, Cartons: w.CapCartons, CBM: optMilli(w.CapCBMMilli)},
		ClosedWeekdays: w.Weekdays(), Closures: cl, Active: w.Active}
}

func (s *Server) listWarehouses(c *fiber.Ctx) error {
	all := c.QueryBool("all", false) && isStaff(principalOf(c))
	ws, err := s.store.ListWarehouses(c.UserContext(), all)
	if err != nil {
		return err
	}
	out := make([]warehouseDTO, len(ws))
	for i := range ws {
		out[i] = warehouseView(&ws[i])
	}
	return c.JSON(listOf(out, ""))
}

type warehouseRequest struct {
	Code     *string `json:"code"`
	Name     *string `json:"name"`
	Address  *string `json:"address"`
	TimeZone *string `json:"time_zone"`
	Capacity *struct {
		Bookings *int `json:"bookings"`
		Cartons  *int `json:"cartons"`
		// CBM absent leaves the volume limit as it is; null or 0 removes it.
		CBM json.RawMessage `json:"cbm"`
	} `json:"capacity"`
	ClosedWeekdays *[]int                     `json:"closed_weekdays"`
	Closures       *[]models.WarehouseClosure `json:"closures"`
	Active         *bool                      `json:"active"`
}

func (r *warehouseRequest) input() (models.WarehouseInput, error) {
	in := models.WarehouseInput{Code: r.Code, Name: r.Name, Address: r.Address, TimeZone: r.TimeZone,
		ClosedWeekdays: r.ClosedWeekdays, Closures: r.Closures, Active: r.Active}
	if r.Capacity == nil {
		return in, nil
	}
	in.CapBookings, in.CapCartons = r.Capacity.Bookings, r.Capacity.Cartons
	if len(r.Capacity.CBM) == 0 {
		return in, nil
	}
	var f *float64
	if err := json.Unmarshal(r.Capacity.CBM, &f); err != nil {
		return in, models.Invalid("capacity.cbm", "wrong_type", "type", "number")
	}
	var cbm *int64
	if f != nil && *f > 0 {
		v := toMilli(*f)
		cbm = &v
	}
	in.CapCBMMilli = &cbm
	return in, nil
}

func (s *Server) createWarehouse(c *fiber.Ctx) error {
	var req warehouseRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	in, err := req.input()
	if err != nil {
		return err
	}
	if req.Capacity == nil {
		zero := 0
		in.CapBookings, in.CapCartons = &zero, &zero
	}
	w, err := s.store.CreateWarehouse(c.UserContext(), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(warehouseView(w))
}

func (s *Server) updateWarehouse(c *fiber.Ctx) error {
	var req warehouseRequest
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	in, err := req.input()
	if err != nil {
		return err
	}
	w, err := s.store.UpdateWarehouse(c.UserContext(), id, in)
	if err != nil {
		return err
	}
	return c.JSON(warehouseView(w))
}

type dayLoadDTO struct {
	Bookings int      `json:"bookings"`
	Cartons  int      `json:"cartons"`
	CBM      *float64 `json:"cbm"`
}

type dayDTO struct {
	Date         string      `json:"date"`
	Closed       bool        `json:"closed"`
	ClosedReason string      `json:"closed_reason"`
	Past         bool        `json:"past"`
	Capacity     capacityDTO `json:"capacity"`
	Booked       dayLoadDTO  `json:"booked"`
	Left         dayLoadDTO  `json:"left"`
	Full         bool        `json:"full"`
}

type availabilityDTO struct {
	WarehouseID int64    `json:"warehouse_id"`
	TimeZone    string   `json:"time_zone"`
	From        string   `json:"from"`
	To          string   `json:"to"`
	Days        []dayDTO `json:"days"`
}

func (s *Server) warehouseAvailability(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	w, err := s.store.GetWarehouse(c.UserContext(), id)
	if err != nil {
		return err
	}
	from := c.Query("from", s.store.WarehouseToday(w))
	v := &models.ValidationError{}
	if fe := models.DateProblem(from); fe != nil {
		v.AddProblem("from", *fe)
	}
	to := c.Query("to")
	if to == "" && v.Err() == nil {
		t, _ := models.ParseDate(from)
		to = t.AddDate(0, 0, 27).Format(models.DateLayout)
	} else if fe := models.DateProblem(to); fe != nil {
		v.AddProblem("to", *fe)
	}
	if err := v.Err(); err != nil {
		return err
	}
	days, err := s.store.Availability(c.UserContext(), w, from, to)
	if err != nil {
		return err
	}
	cap := capacityDTO{Bookings: w.CapBookings, Cartons: w.CapCartons, CBM: optMilli(w.CapCBMMilli)}
	out := availabilityDTO{WarehouseID: w.ID, TimeZone: w.TimeZone, From: from, To: to, Days: make([]dayDTO, len(days))}
	for i, d := range days {
		booked := dayLoadDTO{Bookings: d.Booked.Bookings, Cartons: d.Booked.Cartons, CBM: optMilli(&d.Booked.CBMMilli)}
		left := dayLoadDTO{Bookings: max(0, w.CapBookings-d.Booked.Bookings), Cartons: max(0, w.CapCartons-d.Booked.Cartons)}
		if w.CapCBMMilli != nil {
			l := milli(max(0, *w.CapCBMMilli-d.Booked.CBMMilli))
			left.CBM = &l
		}
		out.Days[i] = dayDTO{Date: d.Date, Closed: d.Closed, ClosedReason: d.ClosedReason, Past: d.Past, Capacity: cap,
			Booked: booked, Left: left, Full: d.Full}
	}
	return c.JSON(out)
}

type warehouseRef struct {
	ID       int64  `json:"id"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	TimeZone string `json:"time_zone"`
}

func warehouseRefOf(w models.Warehouse) warehouseRef {
	return warehouseRef{ID: w.ID, Code: w.Code, Name: w.Name, TimeZone: w.TimeZone}
}

type dateChangeDTO struct {
	From   string    `json:"from"`
	To     string    `json:"to"`
	Reason string    `json:"reason"`
	By     *userRef  `json:"by"`
	At     time.Time `json:"at"`
}

type overrideNoteDTO struct {
	Reason string     `json:"reason"`
	By     *userRef   `json:"by"`
	At     *time.Time `json:"at"`
}

type shipmentDTO struct {
	Date        string           `json:"date"`
	Lines       []models.LineQty `json:"lines"`
	Quantity    int              `json:"quantity"`
	Carrier     string           `json:"carrier"`
	TrackingNo  string           `json:"tracking_no"`
	ContainerNo string           `json:"container_no"`
	SealNo      string           `json:"seal_no"`
	By          *userRef         `json:"by"`
	At          *time.Time       `json:"at"`
}

type receiptDTO struct {
	Date          string               `json:"date"`
	Lines         []models.LineQty     `json:"lines"`
	Quantity      int                  `json:"quantity"`
	By            *userRef             `json:"by"`
	At            *time.Time           `json:"at"`
	Discrepancies []models.Discrepancy `json:"discrepancies"`
}

type packingTotalsDTO struct {
	Cartons int     `json:"cartons"`
	Pieces  int     `json:"pieces"`
	NetKg   float64 `json:"net_kg"`
	GrossKg float64 `json:"gross_kg"`
	CBM     float64 `json:"cbm"`
}

type packingLineDTO struct {
	Colour string `json:"colour"`
	Size   string `json:"size"`
	Pieces int    `json:"pieces"`
}

type packingDTO struct {
	Cartons    []models.PackingRange    `json:"cartons"`
	Totals     packingTotalsDTO         `json:"totals"`
	ByLine     []packingLineDTO         `json:"by_line"`
	Mismatches []models.PackingMismatch `json:"mismatches"`
}

type deliveryDTO struct {
	ID                 int64            `json:"id"`
	OrderID            int64            `json:"order_id"`
	PONumber           string           `json:"po_number"`
	StyleNo            string           `json:"style_no"`
	StyleName          string           `json:"style_name"`
	SupplierID         int64            `json:"supplier_id"`
	SupplierName       string           `json:"supplier_name"`
	SupplierNameEn     string           `json:"supplier_name_en"`
	Warehouse          warehouseRef     `json:"warehouse"`
	Status             string           `json:"status"`
	Date               string           `json:"date"`
	RequestedDate      string           `json:"requested_date"`
	CargoReadyDate     string           `json:"cargo_ready_date"`
	TransportMode      string           `json:"transport_mode"`
	Lines              []models.LineQty `json:"lines"`
	Quantity           int              `json:"quantity"`
	Cartons            int              `json:"cartons"`
	CBM                float64          `json:"cbm"`
	GrossKg            float64          `json:"gross_kg"`
	NetKg              float64          `json:"net_kg"`
	Note               string           `json:"note"`
	Dates              []dateChangeDTO  `json:"dates"`
	InspectionOverride *overrideNoteDTO `json:"inspection_override"`
	RejectReason       string           `json:"reject_reason"`
	CancelReason       string           `json:"cancel_reason"`
	Shipment           *shipmentDTO     `json:"shipment"`
	Receipt            *receiptDTO      `json:"receipt"`
	Packing            packingDTO       `json:"packing"`
	RequestedBy        *userRef         `json:"requested_by"`
	CreatedAt          time.Time        `json:"created_at"`
	UpdatedAt          time.Time        `json:"updated_at"`
	Actions            []string         `json:"actions"`
}

// Delivery actions by side: staff decide on bookings and receive goods;
// the factory cancels its own bookings; both pack and ship.
var (
	staffDeliveryActions = []models.Action{models.DelivConfirm, models.DelivReschedule, models.DelivReject,
		models.DelivPack, models.DelivShip, models.DelivReceive}
	factoryDeliveryActions = []models.Action{models.DelivCancel, models.DelivPack, models.DelivShip}
)

// deliveryActions ⊆ confirm, reschedule, reject, pack, ship, receive
// (staff); cancel, pack, ship (factory). Ship also needs an order that
// ships.
func deliveryActions(p *Principal, d *models.Delivery, orderStatus string) []string {
	var side []models.Action
	switch {
	case isStaff(p):
		side = staffDeliveryActions
	case p.IsFactory():
		side = factoryDeliveryActions
	}
	out := []string{}
	for _, a := range side {
		if !models.DeliveryCan(d.Status, a) {
			continue
		}
		if a == models.DelivShip && !models.OrderCan(orderStatus, models.OrderShip) {
			continue
		}
		out = append(out, string(a))
	}
	return out
}

// deliveryDTOs renders deliveries with their orders, warehouses, names
// and the caller's actions.
func (s *Server) deliveryDTOs(c *fiber.Ctx, rows []models.Delivery) ([]deliveryDTO, error) {
	ctx := c.UserContext()
	var orderIDs, supIDs, whIDs, ids, users []int64
	for _, d := range rows {
		orderIDs, supIDs, ids = append(orderIDs, d.OrderID), append(supIDs, d.SupplierID), append(ids, d.ID)
		whIDs = append(whIDs, d.WarehouseID)
		users = append(users, d.RequestedBy)
		for _, u := range []*int64{d.ShippedBy, d.ReceivedBy, d.OverriddenBy} {
			if u != nil {
				users = append(users, *u)
			}
		}
	}
	heads, err := s.store.OrderTitles(ctx, orderIDs)
	if err != nil {
		return nil, err
	}
	sups, err := s.store.SupplierNames(ctx, supIDs)
	if err != nil {
		return nil, err
	}
	dates, err := s.store.DeliveryDates(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, ds := range dates {
		for _, d := range ds {
			users = append(users, d.ByUser)
		}
	}
	names, err := s.store.UserNames(ctx, users)
	if err != nil {
		return nil, err
	}
	ws, err := s.store.WarehouseNames(ctx, whIDs)
	if err != nil {
		return nil, err
	}
	ref := refsTo(names)
	p := principalOf(c)
	out := make([]deliveryDTO, len(rows))
	for i := range rows {
		d := &rows[i]
		o := heads[d.OrderID]
		dto := deliveryDTO{ID: d.ID, OrderID: d.OrderID, PONumber: o.PONumber, StyleNo: o.StyleNo, StyleName: o.StyleName,
			SupplierID: d.SupplierID, SupplierName: sups[d.SupplierID].Name,
			SupplierNameEn: sups[d.SupplierID].NameEn, Warehouse: warehouseRefOf(ws[d.WarehouseID]), Status: d.Status,
			Date: d.Date, RequestedDate: d.RequestedDate, CargoReadyDate: d.CargoReadyDate, TransportMode: d.TransportMode,
			Lines: d.Lines(), Quantity: d.Quantity, Cartons: d.Cartons, CBM: milli(d.CBMMilli), GrossKg: milli(d.GrossG),
			NetKg: milli(d.NetG), Note: d.Note, Dates: []dateChangeDTO{}, RejectReason: d.RejectReason,
			CancelReason: d.CancelReason, RequestedBy: ref(&d.RequestedBy), CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt,
			Actions: deliveryActions(p, d, o.Status)}
		for _, ch := range dates[d.ID] {
			dto.Dates = append(dto.Dates, dateChangeDTO{From: ch.FromDate, To: ch.ToDate, Reason: ch.Reason, By: ref(&ch.ByUser), At: ch.CreatedAt})
		}
		if d.OverrideReason != "" {
			dto.InspectionOverride = &overrideNoteDTO{Reason: d.OverrideReason, By: ref(d.OverriddenBy), At: d.OverriddenAt}
		}
		if d.ShippedAt != nil {
			dto.Shipment = &shipmentDTO{Date: d.ShippedDate, Lines: d.Shipped(), Quantity: d.ShippedQuantity, Carrier: d.Carrier,
				TrackingNo: d.TrackingNo, ContainerNo: d.ContainerNo, SealNo: d.SealNo, By: ref(d.ShippedBy), At: d.ShippedAt}
		}
		if d.ReceivedAt != nil {
			dto.Receipt = &receiptDTO{Date: d.ReceivedDate, Lines: d.Received(), Quantity: d.ReceivedQuantity,
				By: ref(d.ReceivedBy), At: d.ReceivedAt, Discrepancies: d.Discrepancies()}
		}
		ranges := d.PackingList()
		t := models.PackingTotals(ranges)
		expected := d.Lines()
		if d.ShippedAt != nil {
			expected = d.Shipped()
		}
		pk := packingDTO{Cartons: ranges, Totals: packingTotalsDTO{Cartons: t.Cartons, Pieces: t.Pieces, NetKg: milli(t.NetG),
			GrossKg: milli(t.GrossG), CBM: milli(t.CBMMilli)}, ByLine: []packingLineDTO{}, Mismatches: []models.PackingMismatch{}}
		for _, l := range t.Lines {
			pk.ByLine = append(pk.ByLine, packingLineDTO{Colour: l.Colour, Size: l.Size, Pieces: l.Quantity})
		}
		if len(ranges) > 0 {
			pk.Mismatches = models.PackingMismatches(t.Lines, expected)
		}
		dto.Packing = pk
		out[i] = dto
	}
	return out, nil
}

func (s *Server) sendDelivery(c *fiber.Ctx, status int, d *models.Delivery, err error) error {
	if err != nil {
		return err
	}
	out, err := s.deliveryDTOs(c, []models.Delivery{*d})
	if err != nil {
		return err
	}
	return c.Status(status).JSON(out[0])
}

type bookDeliveryRequest struct {
	WarehouseID              int64            `json:"warehouse_id"`
	Date                     string           `json:"date"`
	Lines                    []models.LineQty `json:"lines"`
	Cartons                  int              `json:"cartons"`
	CBM                      float64          `json:"cbm"`
	GrossKg                  float64          `json:"gross_kg"`
	NetKg                    float64          `json:"net_kg"`
	TransportMode            string           `json:"transport_mode"`
	CargoReadyDate           string           `json:"cargo_ready_date"`
	Note                     string           `json:"note"`
	InspectionOverrideReason string           `json:"inspection_override_reason"`
}

func (s *Server) bookDelivery(c *fiber.Ctx) error {
	var req bookDeliveryRequest
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	if req.WarehouseID <= 0 {
		return models.Invalid("warehouse_id", "required")
	}
	p := principalOf(c)
	d, err := s.store.BookDelivery(c.UserContext(), id, models.DeliveryInput{WarehouseID: req.WarehouseID, Date: req.Date,
		Lines: req.Lines, Cartons: req.Cartons, CBMMilli: toMilli(req.CBM), GrossG: toMilli(req.GrossKg), NetG: toMilli(req.NetKg),
		TransportMode: req.TransportMode, CargoReadyDate: req.CargoReadyDate, Note: req.Note,
		OverrideReason: req.InspectionOverrideReason}, inspectorOf(p), scopeOf(p))
	return s.sendDelivery(c, fiber.StatusCreated, d, err)
}

type summaryDTO struct {
	Ordered     int                  `json:"ordered"`
	MaxQuantity int                  `json:"max_quantity"`
	Booked      int                  `json:"booked"`
	Shipped     int                  `json:"shipped"`
	Received    int                  `json:"received"`
	Balance     int                  `json:"balance"`
	Held        int                  `json:"held"`
	Bookable    int                  `json:"bookable"`
	Lines       []models.LineSummary `json:"lines"`
}

type orderDeliveriesDTO struct {
	Items      []deliveryDTO `json:"items"`
	NextCursor string        `json:"next_cursor"`
	Summary    summaryDTO    `json:"summary"`
}

func (s *Server) listOrderDeliveries(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	rows, sum, err := s.store.OrderDeliveries(c.UserContext(), id, scopeOf(principalOf(c)))
	if err != nil {
		return err
	}
	items, err := s.deliveryDTOs(c, rows)
	if err != nil {
		return err
	}
	lines := sum.Lines
	if lines == nil {
		lines = []models.LineSummary{}
	}
	return c.JSON(orderDeliveriesDTO{Items: items, Summary: summaryDTO{Ordered: sum.Ordered, MaxQuantity: sum.MaxQuantity,
		Booked: sum.Booked, Shipped: sum.Shipped, Received: sum.Received, Balance: sum.Ordered - sum.Shipped, Held: sum.Held,
		Bookable: sum.Bookable, Lines: lines}})
}

func optQueryID(c *fiber.Ctx, name string) (*int64, error) {
	if c.Query(name) == "" {
		return nil, nil
	}
	v := c.QueryInt(name, 0)
	if v <= 0 {
		return nil, models.Invalid(name, "not_an_id")
	}
	id := int64(v)
	return &id, nil
}

func (s *Server) listDeliveries(c *fiber.Ctx) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	f := models.DeliveryFilter{Page: pg, Scope: scopeOf(principalOf(c)), From: c.Query("from"), To: c.Query("to"),
		Status: c.Query("status")}
	for name, dst := range map[string]**int64{"warehouse_id": &f.WarehouseID, "supplier_id": &f.SupplierID, "order_id": &f.OrderID} {
		if *dst, err = optQueryID(c, name); err != nil {
			return err
		}
	}
	rows, next, err := s.store.ListDeliveries(c.UserContext(), f)
	if err != nil {
		return err
	}
	out, err := s.deliveryDTOs(c, rows)
	if err != nil {
		return err
	}
	return c.JSON(listOf(out, next))
}

func (s *Server) getDelivery(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	d, err := s.store.GetDelivery(c.UserContext(), id, scopeOf(principalOf(c)))
	return s.sendDelivery(c, fiber.StatusOK, d, err)
}

func (s *Server) confirmDelivery(c *fiber.Ctx) error {
	var req struct{}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	d, err := s.store.ConfirmDelivery(c.UserContext(), id, inspectorOf(principalOf(c)))
	return s.sendDelivery(c, fiber.StatusOK, d, err)
}

type reasonRequest struct {
	Reason string `json:"reason"`
}

func (s *Server) rejectDelivery(c *fiber.Ctx) error {
	var req reasonRequest
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	d, err := s.store.RejectDelivery(c.UserContext(), id, req.Reason, inspectorOf(principalOf(c)))
	return s.sendDelivery(c, fiber.StatusOK, d, err)
}

func (s *Server) cancelDelivery(c *fiber.Ctx) error {
	var req reasonRequest
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	d, err := s.store.CancelDelivery(c.UserContext(), id, req.Reason, inspectorOf(p), scopeOf(p))
	return s.sendDelivery(c, fiber.StatusOK, d, err)
}

func (s *Server) rescheduleDelivery(c *fiber.Ctx) error {
	var req struct {
		Date   string `json:"date"`
		Reason string `json:"reason"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	d, err := s.store.RescheduleDelivery(c.UserContext(), id, req.Date, req.Reason, inspectorOf(principalOf(c)))
	return s.sendDelivery(c, fiber.StatusOK, d, err)
}

type packingRequest struct {
	Cartons []models.PackingRange `json:"cartons"`
}

func (s *Server) shipDelivery(c *fiber.Ctx) error {
	var req struct {
		Date        string           `json:"date"`
		Carrier     string           `json:"carrier"`
		TrackingNo  string           `json:"tracking_no"`
		ContainerNo string           `json:"container_no"`
		SealNo      string           `json:"seal_no"`
		PackingList *packingRequest  `json:"packing_list"`
		Lines       []models.LineQty `json:"lines"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	in := models.ShipInput{Date: req.Date, Carrier: req.Carrier, TrackingNo: req.TrackingNo, ContainerNo: req.ContainerNo,
		SealNo: req.SealNo, Lines: req.Lines}
	if req.PackingList != nil {
		in.Packing = &req.PackingList.Cartons
	}
	p := principalOf(c)
	d, err := s.store.ShipDelivery(c.UserContext(), id, in, inspectorOf(p), scopeOf(p))
	return s.sendDelivery(c, fiber.StatusOK, d, err)
}

func (s *Server) receiveDelivery(c *fiber.Ctx) error {
	var req struct {
		Date  string           `json:"date"`
		Lines []models.LineQty `json:"lines"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	d, err := s.store.ReceiveDelivery(c.UserContext(), id, models.ReceiveInput{Date: req.Date, Lines: req.Lines},
		inspectorOf(principalOf(c)))
	return s.sendDelivery(c, fiber.StatusOK, d, err)
}

func (s *Server) savePacking(c *fiber.Ctx) error {
	var req packingRequest
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	d, err := s.store.SavePacking(c.UserContext(), id, req.Cartons, inspectorOf(p), scopeOf(p))
	return s.sendDelivery(c, fiber.StatusOK, d, err)
}
