package server

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

// resolutionRoutes are the routes of after-sales' the resolutions of complaints (docs/AFTERSALES.md).
// Staff add, complete and cancel resolutions; the factory of the order
// works its reworks and acknowledges its chargebacks. Every read is
// scoped to the row's supplier (404 for another factory's).
func (s *Server) resolutionRoutes() []route {
	return []route{
		{"POST", "/api/v1/complaints/:id/resolutions", staff, jsonLimit, s.createResolution},
		{"GET", "/api/v1/resolutions", signedIn, 0, s.listResolutions},
		{"GET", "/api/v1/resolutions/:id", signedIn, 0, s.getResolution},
		{"POST", "/api/v1/resolutions/:id/progress", signedIn, jsonLimit, s.progressResolution},
		{"POST", "/api/v1/resolutions/:id/reinspect", signedIn, jsonLimit, s.reinspectResolution},
		{"POST", "/api/v1/resolutions/:id/redeliver", signedIn, jsonLimit, s.redeliverResolution},
		{"POST", "/api/v1/resolutions/:id/acknowledge", signedIn, jsonLimit, s.acknowledgeResolution},
		{"POST", "/api/v1/resolutions/:id/complete", staff, jsonLimit, s.completeResolution},
		{"POST", "/api/v1/resolutions/:id/cancel", staff, jsonLimit, s.cancelResolution},
	}
}

type replacementRefDTO struct {
	ID       int64  `json:"id"`
	PONumber string `json:"po_number"`
	Status   string `json:"status"`
}

// resolutionDTO: DiscountAmount and DiscountPct are staff's only (absent
// for a factory); the factory sees the chargeback and who bears the cost.
type resolutionDTO struct {
	ID                 int64              `json:"id"`
	ComplaintID        int64              `json:"complaint_id"`
	OrderID            int64              `json:"order_id"`
	OrderPONumber      string             `json:"order_po_number"`
	StyleNo            string             `json:"style_no"`
	SupplierID         int64              `json:"supplier_id"`
	Kind               string             `json:"kind"`
	Status             string             `json:"status"`
	Quantity           int                `json:"quantity"`
	CostBearer         string             `json:"cost_bearer"`
	Note               string             `json:"note"`
	DueDate            string             `json:"due_date"`
	DiscountAmount     *string            `json:"discount_amount,omitempty"`
	DiscountPct        *string            `json:"discount_pct,omitempty"`
	ChargebackAmount   string             `json:"chargeback_amount"`
	ChargebackAckBy    *userRef           `json:"chargeback_acknowledged_by"`
	ChargebackAckAt    *time.Time         `json:"chargeback_acknowledged_at"`
	ReplacementOrder   *replacementRefDTO `json:"replacement_order"`
	InspectionID       *int64             `json:"inspection_id"`
	InspectionResult   string             `json:"inspection_result"`
	DeliveryID         *int64             `json:"delivery_id"`
	DeliveryStatus     string             `json:"delivery_status"`
	ReworkedQty        int                `json:"reworked_qty"`
	ReturnShippedDate  string             `json:"return_shipped_date"`
	ReturnReceivedDate string             `json:"return_received_date"`
	ThenKind           string             `json:"then_kind"`
	CreatedBy          *userRef           `json:"created_by"`
	CreatedAt          time.Time          `json:"created_at"`
	UpdatedAt          time.Time          `json:"updated_at"`
	DoneAt             *time.Time         `json:"done_at"`
	Actions            []string           `json:"actions"`
}

// resolutionDTOs renders resolutions for the caller in a few reads.
func (s *Server) resolutionDTOs(c *fiber.Ctx, rows []models.Resolution) ([]resolutionDTO, error) {
	ctx := c.UserContext()
	var orderIDs, users, insps, delivs []int64
	for _, r := range rows {
		orderIDs = append(orderIDs, r.OrderID)
		users = append(users, r.CreatedBy)
		if r.ReplacementOrderID != nil {
			orderIDs = append(orderIDs, *r.ReplacementOrderID)
		}
		if r.ChargebackAckBy != nil {
			users = append(users, *r.ChargebackAckBy)
		}
		if r.InspectionID != nil {
			insps = append(insps, *r.InspectionID)
		}
		if r.DeliveryID != nil {
			delivs = append(delivs, *r.DeliveryID)
		}
	}
	heads, err := s.store.OrderTitles(ctx, orderIDs)
	if err != nil {
		return nil, err
	}
	names, err := s.store.UserNames(ctx, users)
	if err != nil {
		return nil, err
	}
	links, err := s.store.ResolutionLinks(ctx, insps, delivs)
	if err != nil {
		return nil, err
	}
	ref := refsTo(names)
	p := principalOf(c)
	staffView := isStaff(p)
	out := make([]resolutionDTO, len(rows))
	for i := range rows {
		r := &rows[i]
		dto := resolutionDTO{ID: r.ID, ComplaintID: r.ComplaintID, OrderID: r.OrderID, OrderPONumber: heads[r.OrderID].PONumber,
			StyleNo: heads[r.OrderID].StyleNo, SupplierID: r.SupplierID, Kind: r.Kind, Status: r.Status, Quantity: r.Quantity,
			CostBearer: r.CostBearer, Note: r.Note, DueDate: r.DueDate, ChargebackAmount: r.ChargebackAmount,
			ChargebackAckBy: ref(r.ChargebackAckBy), ChargebackAckAt: r.ChargebackAckAt, InspectionID: r.InspectionID,
			DeliveryID: r.DeliveryID, ReworkedQty: r.ReworkedQty, ReturnShippedDate: r.ReturnShippedDate,
			ReturnReceivedDate: r.ReturnReceivedDate, ThenKind: r.ThenKind, CreatedBy: ref(&r.CreatedBy),
			CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, DoneAt: r.DoneAt, Actions: []string{}}
		if staffView {
			da, dp := r.DiscountAmount, r.DiscountPct
			dto.DiscountAmount, dto.DiscountPct = &da, &dp
		}
		if r.ReplacementOrderID != nil {
			h := heads[*r.ReplacementOrderID]
			dto.ReplacementOrder = &replacementRefDTO{ID: *r.ReplacementOrderID, PONumber: h.PONumber, Status: h.Status}
		}
		var insp *models.Inspection
		if r.InspectionID != nil {
			if in, ok := links.Inspections[*r.InspectionID]; ok {
				insp = &in
				dto.InspectionResult = in.Result
			}
		}
		if r.DeliveryID != nil {
			dto.DeliveryStatus = links.Deliveries[*r.DeliveryID]
		}
		for _, a := range models.ResolutionSteps(r, insp, staffView, p.IsFactory()) {
			dto.Actions = append(dto.Actions, string(a))
		}
		out[i] = dto
	}
	return out, nil
}

func (s *Server) sendResolution(c *fiber.Ctx, status int, r *models.Resolution, err error) error {
	if err != nil {
		return err
	}
	out, err := s.resolutionDTOs(c, []models.Resolution{*r})
	if err != nil {
		return err
	}
	return c.Status(status).JSON(out[0])
}

func (s *Server) createResolution(c *fiber.Ctx) error {
	var req struct {
		Kind                   string `json:"kind"`
		Quantity               int    `json:"quantity"`
		CostBearer             string `json:"cost_bearer"`
		Note                   string `json:"note"`
		DueDate                string `json:"due_date"`
		DiscountAmount         string `json:"discount_amount"`
		DiscountPct            string `json:"discount_pct"`
		ChargebackAmount       string `json:"chargeback_amount"`
		ChargebackOverDiscount bool   `json:"chargeback_over_discount"`
		ThenKind               string `json:"then_kind"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	r, err := s.store.CreateResolution(c.UserContext(), id, models.ResolutionInput{Kind: req.Kind, Quantity: req.Quantity,
		CostBearer: req.CostBearer, Note: req.Note, DueDate: req.DueDate, DiscountAmount: req.DiscountAmount,
		DiscountPct: req.DiscountPct, ChargebackAmount: req.ChargebackAmount, ChargebackOverDiscount: req.ChargebackOverDiscount,
		ThenKind: req.ThenKind}, inspectorOf(principalOf(c)))
	return s.sendResolution(c, fiber.StatusCreated, r, err)
}

func (s *Server) listResolutions(c *fiber.Ctx) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	p := principalOf(c)
	f := models.ResolutionFilter{Page: pg, Scope: scopeOf(p), Status: c.Query("status"), Kind: c.Query("kind"),
		Mine: c.Query("mine") == "1", UserID: p.UserID}
	rows, next, err := s.store.ListResolutions(c.UserContext(), f)
	if err != nil {
		return err
	}
	out, err := s.resolutionDTOs(c, rows)
	if err != nil {
		return err
	}
	return c.JSON(listOf(out, next))
}

func (s *Server) getResolution(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	r, err := s.store.GetResolution(c.UserContext(), id, scopeOf(principalOf(c)))
	return s.sendResolution(c, fiber.StatusOK, r, err)
}

func (s *Server) progressResolution(c *fiber.Ctx) error {
	var req struct {
		ReworkedQty        *int    `json:"reworked_qty"`
		ReturnShippedDate  *string `json:"return_shipped_date"`
		ReturnReceivedDate *string `json:"return_received_date"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	r, err := s.store.ProgressResolution(c.UserContext(), id, models.ResolutionStep{ReworkedQty: req.ReworkedQty,
		ReturnShippedDate: req.ReturnShippedDate, ReturnReceivedDate: req.ReturnReceivedDate}, inspectorOf(p), scopeOf(p))
	return s.sendResolution(c, fiber.StatusOK, r, err)
}

func (s *Server) reinspectResolution(c *fiber.Ctx) error {
	var req struct {
		Date string `json:"date"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	r, err := s.store.ReinspectResolution(c.UserContext(), id, req.Date, inspectorOf(p), scopeOf(p))
	return s.sendResolution(c, fiber.StatusOK, r, err)
}

func (s *Server) redeliverResolution(c *fiber.Ctx) error {
	var req bookDeliveryRequest
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	if req.WarehouseID <= 0 {
		return models.Invalid("warehouse_id", "required")
	}
	p := principalOf(c)
	r, err := s.store.RedeliverResolution(c.UserContext(), id, models.DeliveryInput{WarehouseID: req.WarehouseID, Date: req.Date,
		Lines: req.Lines, Cartons: req.Cartons, CBMMilli: toMilli(req.CBM), GrossG: toMilli(req.GrossKg), NetG: toMilli(req.NetKg),
		TransportMode: req.TransportMode, CargoReadyDate: req.CargoReadyDate, Note: req.Note}, inspectorOf(p), scopeOf(p))
	return s.sendResolution(c, fiber.StatusOK, r, err)
}

func (s *Server) acknowledgeResolution(c *fiber.Ctx) error {
	var req struct{}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	r, err := s.store.AcknowledgeResolution(c.UserContext(), id, inspectorOf(p), scopeOf(p))
	return s.sendResolution(c, fiber.StatusOK, r, err)
}

func (s *Server) completeResolution(c *fiber.Ctx) error {
	var req struct{}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	r, err := s.store.CompleteResolution(c.UserContext(), id, inspectorOf(p), scopeOf(p))
	return s.sendResolution(c, fiber.StatusOK, r, err)
}

func (s *Server) cancelResolution(c *fiber.Ctx) error {
	var req reasonRequest
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	r, err := s.store.CancelResolution(c.UserContext(), id, req.Reason, inspectorOf(p), scopeOf(p))
	return s.sendResolution(c, fiber.StatusOK, r, err)
}
