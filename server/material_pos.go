package server

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

// materialPORoutes are the routes of material follow-up's material POs, their dates and receipts (docs/MATERIALS.md).
// Every route is signedIn: the factory's own rows are scoped (404 for
// another's), and the handlers refuse the side that does not manage a PO
// (403).
func (s *Server) materialPORoutes() []route {
	return []route{
		{"GET", "/api/v1/material-pos", signedIn, 0, s.listMaterialPOs},
		{"POST", "/api/v1/orders/:id/material-pos", signedIn, jsonLimit, s.createMaterialPO},
		{"GET", "/api/v1/material-pos/:id", signedIn, 0, s.getMaterialPO},
		{"PATCH", "/api/v1/material-pos/:id", signedIn, jsonLimit, s.patchMaterialPO},
		{"POST", "/api/v1/material-pos/:id/send", signedIn, jsonLimit, s.sendMaterialPO},
		{"POST", "/api/v1/material-pos/:id/confirm", signedIn, jsonLimit, s.confirmMaterialPO},
		{"POST", "/api/v1/material-pos/:id/reschedule", signedIn, jsonLimit, s.rescheduleMaterialPO},
		{"POST", "/api/v1/material-pos/:id/ship", signedIn, jsonLimit, s.shipMaterialPO},
		{"POST", "/api/v1/material-pos/:id/cancel", signedIn, jsonLimit, s.cancelMaterialPO},
		{"POST", "/api/v1/material-pos/:id/receipts", signedIn, jsonLimit, s.receiveMaterialPO},
	}
}

type mpoSupplierRef struct {
	ID     int64  `json:"id"`
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
}

// materialPOLineDTO: UnitPrice is absent (not null) where the caller may
// not see prices — a factory on a buyer's or a nominated supplier's PO.
type materialPOLineDTO struct {
	ID             int64   `json:"id"`
	LineID         int64   `json:"line_id"`
	Category       string  `json:"category"`
	Name           string  `json:"name"`
	Spec           string  `json:"spec"`
	Colour         string  `json:"colour"`
	MaterialColour string  `json:"material_colour"`
	Unit           string  `json:"unit"`
	Quantity       string  `json:"quantity"`
	UnitPrice      *string `json:"unit_price,omitempty"`
	ReceivedQty    string  `json:"received_qty"`
	AcceptedQty    string  `json:"accepted_qty"`
	Short          string  `json:"short"`
	Over           string  `json:"over"`
}

type materialPOChangeDTO struct {
	ID         int64     `json:"id"`
	Field      string    `json:"field"`
	From       string    `json:"from"`
	To         string    `json:"to"`
	ReasonCode string    `json:"reason_code"`
	Note       string    `json:"note"`
	By         *userRef  `json:"by"`
	At         time.Time `json:"at"`
}

type materialReceiptDTO struct {
	ID           int64      `json:"id"`
	POLineID     int64      `json:"po_line_id"`
	ReceivedDate string     `json:"received_date"`
	Quantity     string     `json:"quantity"`
	Warehouse    string     `json:"warehouse"`
	Location     string     `json:"location"`
	Handling     string     `json:"handling"`
	Note         string     `json:"note"`
	ReceivedBy   *userRef   `json:"received_by"`
	Photos       []photoRef `json:"photos"`
	CreatedAt    time.Time  `json:"created_at"`
}

type materialPODTO struct {
	ID               int64                 `json:"id"`
	OrderID          int64                 `json:"order_id"`
	OrderPONumber    string                `json:"order_po_number"`
	StyleNo          string                `json:"style_no"`
	SupplierID       int64                 `json:"supplier_id"`
	MaterialSupplier mpoSupplierRef        `json:"material_supplier"`
	PONumber         string                `json:"po_number"`
	SourcedBy        string                `json:"sourced_by"`
	Status           string                `json:"status"`
	Currency         string                `json:"currency"`
	OrderedDate      string                `json:"ordered_date"`
	PromisedDate     string                `json:"promised_date"`
	BaselineDate     string                `json:"baseline_date"`
	ETA              string                `json:"eta"`
	ShippedDate      string                `json:"shipped_date"`
	Carrier          string                `json:"carrier"`
	Tracking         string                `json:"tracking"`
	DeliverTo        string                `json:"deliver_to"`
	Note             string                `json:"note"`
	CancelReason     string                `json:"cancel_reason"`
	Lines            []materialPOLineDTO   `json:"lines"`
	Changes          []materialPOChangeDTO `json:"changes"`
	Receipts         []materialReceiptDTO  `json:"receipts"`
	// Inspections of the PO's lines, in the answer about one PO only.
	Inspections []mpoInspectionRef `json:"inspections,omitempty"`
	CreatedBy   *userRef           `json:"created_by"`
	CreatedAt   time.Time          `json:"created_at"`
	UpdatedAt   time.Time          `json:"updated_at"`
	Actions     []string           `json:"actions"`
}

// materialPOActions are the caller's side's actions now: the managing side
// edits, sends, confirms, reschedules, ships and cancels; both sides
// receive (goods arrive at the factory whoever bought them).
func materialPOActions(p *Principal, po *models.MaterialPO) []string {
	by := inspectorOf(p)
	managing := models.MaterialPOManagedBy(po.SourcedBy, by)
	out := []string{}
	for _, a := range models.MaterialPOActions {
		if !models.MaterialPOCan(po.Status, a) {
			continue
		}
		if a == models.MPOReceive {
			if isStaff(p) || p.IsFactory() {
				out = append(out, string(a))
			}
			continue
		}
		if managing {
			out = append(out, string(a))
		}
	}
	return out
}

// materialPODTOs renders POs with their lines, date history, receipts and
// the caller's actions, in a few reads for the whole page.
func (s *Server) materialPODTOs(c *fiber.Ctx, rows []models.MaterialPO) ([]materialPODTO, error) {
	ctx := c.UserContext()
	var ids, orderIDs, msIDs, users []int64
	for _, po := range rows {
		ids, orderIDs, msIDs = append(ids, po.ID), append(orderIDs, po.OrderID), append(msIDs, po.MaterialSupplierID)
		users = append(users, po.CreatedBy)
	}
	det, err := s.store.MaterialPODetails(ctx, ids)
	if err != nil {
		return nil, err
	}
	heads, err := s.store.OrderTitles(ctx, orderIDs)
	if err != nil {
		return nil, err
	}
	mss, err := s.store.MaterialPOSuppliers(ctx, msIDs)
	if err != nil {
		return nil, err
	}
	var receiptIDs []int64
	for _, chs := range det.Changes {
		for _, ch := range chs {
			users = append(users, ch.CreatedBy)
		}
	}
	for _, rs := range det.Receipts {
		for _, r := range rs {
			users, receiptIDs = append(users, r.ReceivedBy), append(receiptIDs, r.ID)
		}
	}
	names, err := s.store.UserNames(ctx, users)
	if err != nil {
		return nil, err
	}
	photos, err := s.photosOf(c, models.MaterialReceiptPhotoKind, receiptIDs)
	if err != nil {
		return nil, err
	}
	ref := refsTo(names)
	p := principalOf(c)
	sc := scopeOf(p)
	out := make([]materialPODTO, len(rows))
	for i := range rows {
		po := &rows[i]
		ms := mss[po.MaterialSupplierID]
		dto := materialPODTO{ID: po.ID, OrderID: po.OrderID, OrderPONumber: heads[po.OrderID].PONumber,
			StyleNo: heads[po.OrderID].StyleNo, SupplierID: po.SupplierID,
			MaterialSupplier: mpoSupplierRef{ID: ms.ID, Code: ms.Code, Name: ms.Name, NameEn: ms.NameEn},
			PONumber:         po.PONumber, SourcedBy: po.SourcedBy, Status: po.Status, Currency: po.Currency,
			OrderedDate: po.OrderedDate, PromisedDate: po.PromisedDate, BaselineDate: po.BaselineDate, ETA: po.ETA,
			ShippedDate: po.ShippedDate, Carrier: po.Carrier, Tracking: po.Tracking, DeliverTo: po.DeliverTo, Note: po.Note,
			CancelReason: po.CancelReason, Lines: []materialPOLineDTO{}, Changes: []materialPOChangeDTO{},
			Receipts: []materialReceiptDTO{}, CreatedBy: ref(&po.CreatedBy), CreatedAt: po.CreatedAt, UpdatedAt: po.UpdatedAt,
			Actions: materialPOActions(p, po)}
		prices := models.MaterialPOPriceVisible(sc, po.SourcedBy)
		for _, l := range det.ByPO[po.ID] {
			item := det.Items[l.LineID]
			short, over := l.ShortOver()
			ld := materialPOLineDTO{ID: l.ID, LineID: l.LineID, Category: item.Category, Name: item.Name, Spec: item.Spec,
				Colour: item.Colour, MaterialColour: item.MaterialColour, Unit: item.Unit, Quantity: models.MPOQty(l.QuantityE2),
				ReceivedQty: models.MPOQty(l.ReceivedE2), AcceptedQty: models.MPOQty(l.AcceptedE2),
				Short: models.MPOQty(short), Over: models.MPOQty(over)}
			if prices {
				price := l.UnitPrice
				ld.UnitPrice = &price
			}
			dto.Lines = append(dto.Lines, ld)
		}
		for _, ch := range det.Changes[po.ID] {
			dto.Changes = append(dto.Changes, materialPOChangeDTO{ID: ch.ID, Field: ch.Field, From: ch.FromDate, To: ch.ToDate,
				ReasonCode: ch.ReasonCode, Note: ch.Note, By: ref(&ch.CreatedBy), At: ch.CreatedAt})
		}
		for _, r := range det.Receipts[po.ID] {
			ph := photos[r.ID]
			if ph == nil {
				ph = []photoRef{}
			}
			dto.Receipts = append(dto.Receipts, materialReceiptDTO{ID: r.ID, POLineID: r.POLineID, ReceivedDate: r.ReceivedDate,
				Quantity: models.MPOQty(r.QuantityE2), Warehouse: r.Warehouse, Location: r.Location, Handling: r.Handling,
				Note: r.Note, ReceivedBy: ref(&r.ReceivedBy), Photos: ph, CreatedAt: r.CreatedAt})
		}
		out[i] = dto
	}
	return out, nil
}

// mpoInspectionRef is an inspection as the PO lists it (the whole one is
// GET /material-inspections/:id).
type mpoInspectionRef struct {
	ID            int64  `json:"id"`
	POLineID      int64  `json:"po_line_id"`
	Kind          string `json:"kind"`
	Result        string `json:"result"`
	Reason        string `json:"reason"`
	PointsPer100  string `json:"points_per_100"`
	Resolution    string `json:"resolution"`
	InspectedDate string `json:"inspected_date"`
}

func (s *Server) sendMaterialPOAnswer(c *fiber.Ctx, status int, po *models.MaterialPO, err error) error {
	if err != nil {
		return err
	}
	out, err := s.materialPODTOs(c, []models.MaterialPO{*po})
	if err != nil {
		return err
	}
	ins, err := s.store.ListMaterialInspections(c.UserContext(), po.ID, scopeOf(principalOf(c)))
	if err != nil {
		return err
	}
	for _, in := range ins {
		out[0].Inspections = append(out[0].Inspections, mpoInspectionRef{ID: in.ID, POLineID: in.POLineID, Kind: in.Kind,
			Result: in.Result, Reason: in.Reason, PointsPer100: models.FormatHundredths(in.PointsPer100E2),
			Resolution: in.Resolution, InspectedDate: in.InspectedDate})
	}
	return c.Status(status).JSON(out[0])
}

func (s *Server) listMaterialPOs(c *fiber.Ctx) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	f := models.MaterialPOFilter{Page: pg, Scope: scopeOf(principalOf(c)), Status: c.Query("status"), Due: c.Query("due"),
		SourcedBy: c.Query("sourced_by")}
	if f.OrderID, err = optQueryID(c, "order_id"); err != nil {
		return err
	}
	rows, next, err := s.store.ListMaterialPOs(c.UserContext(), f)
	if err != nil {
		return err
	}
	out, err := s.materialPODTOs(c, rows)
	if err != nil {
		return err
	}
	return c.JSON(listOf(out, next))
}

type materialPOLineRequest struct {
	LineID    int64  `json:"line_id"`
	Quantity  string `json:"quantity"`
	UnitPrice string `json:"unit_price"`
}

func poLineInputs(ls []materialPOLineRequest) []models.MaterialPOLineInput {
	out := make([]models.MaterialPOLineInput, len(ls))
	for i, l := range ls {
		out[i] = models.MaterialPOLineInput{LineID: l.LineID, Quantity: l.Quantity, UnitPrice: l.UnitPrice}
	}
	return out
}

func (s *Server) createMaterialPO(c *fiber.Ctx) error {
	var req struct {
		MaterialSupplierID int64                   `json:"material_supplier_id"`
		PONumber           string                  `json:"po_number"`
		SourcedBy          string                  `json:"sourced_by"`
		Currency           string                  `json:"currency"`
		OrderedDate        string                  `json:"ordered_date"`
		PromisedDate       string                  `json:"promised_date"`
		ETA                string                  `json:"eta"`
		DeliverTo          string                  `json:"deliver_to"`
		Note               string                  `json:"note"`
		Lines              []materialPOLineRequest `json:"lines"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	po, err := s.store.CreateMaterialPO(c.UserContext(), id, models.MaterialPOInput{MaterialSupplierID: req.MaterialSupplierID,
		PONumber: req.PONumber, SourcedBy: req.SourcedBy, Currency: req.Currency, OrderedDate: req.OrderedDate,
		PromisedDate: req.PromisedDate, ETA: req.ETA, DeliverTo: req.DeliverTo, Note: req.Note, Lines: poLineInputs(req.Lines)},
		inspectorOf(p), scopeOf(p))
	return s.sendMaterialPOAnswer(c, fiber.StatusCreated, po, err)
}

func (s *Server) getMaterialPO(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	po, err := s.store.GetMaterialPO(c.UserContext(), id, scopeOf(principalOf(c)))
	return s.sendMaterialPOAnswer(c, fiber.StatusOK, po, err)
}

func (s *Server) patchMaterialPO(c *fiber.Ctx) error {
	var req struct {
		MaterialSupplierID *int64                   `json:"material_supplier_id"`
		PONumber           *string                  `json:"po_number"`
		Currency           *string                  `json:"currency"`
		OrderedDate        *string                  `json:"ordered_date"`
		PromisedDate       *string                  `json:"promised_date"`
		ETA                *string                  `json:"eta"`
		DeliverTo          *string                  `json:"deliver_to"`
		Note               *string                  `json:"note"`
		Lines              *[]materialPOLineRequest `json:"lines"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	patch := models.MaterialPOPatch{MaterialSupplierID: req.MaterialSupplierID, PONumber: req.PONumber, Currency: req.Currency,
		OrderedDate: req.OrderedDate, PromisedDate: req.PromisedDate, ETA: req.ETA, DeliverTo: req.DeliverTo, Note: req.Note}
	if req.Lines != nil {
		ls := poLineInputs(*req.Lines)
		patch.Lines = &ls
	}
	p := principalOf(c)
	po, err := s.store.UpdateMaterialPO(c.UserContext(), id, patch, inspectorOf(p), scopeOf(p))
	return s.sendMaterialPOAnswer(c, fiber.StatusOK, po, err)
}

func (s *Server) sendMaterialPO(c *fiber.Ctx) error {
	var req struct{}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	po, err := s.store.SendMaterialPO(c.UserContext(), id, inspectorOf(p), scopeOf(p))
	return s.sendMaterialPOAnswer(c, fiber.StatusOK, po, err)
}

func (s *Server) confirmMaterialPO(c *fiber.Ctx) error {
	var req struct {
		PromisedDate string `json:"promised_date"`
		ETA          string `json:"eta"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	po, err := s.store.ConfirmMaterialPO(c.UserContext(), id, req.PromisedDate, req.ETA, inspectorOf(p), scopeOf(p))
	return s.sendMaterialPOAnswer(c, fiber.StatusOK, po, err)
}

func (s *Server) rescheduleMaterialPO(c *fiber.Ctx) error {
	var req struct {
		Field      string `json:"field"`
		Date       string `json:"date"`
		ReasonCode string `json:"reason_code"`
		Note       string `json:"note"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	po, err := s.store.RescheduleMaterialPO(c.UserContext(), id, models.MaterialPOReschedule{Field: req.Field, Date: req.Date,
		ReasonCode: req.ReasonCode, Note: req.Note}, inspectorOf(p), scopeOf(p))
	return s.sendMaterialPOAnswer(c, fiber.StatusOK, po, err)
}

func (s *Server) shipMaterialPO(c *fiber.Ctx) error {
	var req struct {
		ShippedDate string `json:"shipped_date"`
		Carrier     string `json:"carrier"`
		Tracking    string `json:"tracking"`
		ETA         string `json:"eta"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	po, err := s.store.ShipMaterialPO(c.UserContext(), id, models.MaterialPOShipment{ShippedDate: req.ShippedDate,
		Carrier: req.Carrier, Tracking: req.Tracking, ETA: req.ETA}, inspectorOf(p), scopeOf(p))
	return s.sendMaterialPOAnswer(c, fiber.StatusOK, po, err)
}

func (s *Server) cancelMaterialPO(c *fiber.Ctx) error {
	var req reasonRequest
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	po, err := s.store.CancelMaterialPO(c.UserContext(), id, req.Reason, inspectorOf(p), scopeOf(p))
	return s.sendMaterialPOAnswer(c, fiber.StatusOK, po, err)
}

// receiveMaterialPO answers the PO after the receipt (its lines' received
// quantities, shortages and overages, and its status).
func (s *Server) receiveMaterialPO(c *fiber.Ctx) error {
	var req struct {
		POLineID     int64   `json:"po_line_id"`
		ReceivedDate string  `json:"received_date"`
		Quantity     string  `json:"quantity"`
		Warehouse    string  `json:"warehouse"`
		Location     string  `json:"location"`
		Handling     string  `json:"handling"`
		Note         string  `json:"note"`
		PhotoIDs     []int64 `json:"photo_ids"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	_, po, err := s.store.ReceiveMaterial(c.UserContext(), id, models.MaterialReceiptInput{POLineID: req.POLineID,
		ReceivedDate: req.ReceivedDate, Quantity: req.Quantity, Warehouse: req.Warehouse, Location: req.Location,
		Handling: req.Handling, Note: req.Note, PhotoIDs: req.PhotoIDs}, inspectorOf(p), scopeOf(p))
	return s.sendMaterialPOAnswer(c, fiber.StatusCreated, po, err)
}
