package server

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

// complaintRoutes are the routes of after-sales' complaints and corrective actions (docs/AFTERSALES.md).
// Reads are signedIn (a factory its own rows, 404 for another's); staff
// record and move complaints; the factory answers them.
func (s *Server) complaintRoutes() []route {
	return append([]route{
		{"POST", "/api/v1/orders/:id/complaints", staff, jsonLimit, s.createComplaint},
		{"GET", "/api/v1/complaints", signedIn, 0, s.listComplaints},
		{"GET", "/api/v1/complaints/:id", signedIn, 0, s.getComplaint},
		{"POST", "/api/v1/complaints/:id/answer", signedIn, jsonLimit, s.answerComplaint},
		{"POST", "/api/v1/complaints/:id/investigate", staff, jsonLimit, s.investigateComplaint},
		{"POST", "/api/v1/complaints/:id/agree", staff, jsonLimit, s.agreeComplaint},
		{"POST", "/api/v1/complaints/:id/close", staff, jsonLimit, s.closeComplaint},
	}, s.capaRoutes()...)
}

// capaRef is a CAPA as its source lists it.
type capaRef struct {
	ID     int64  `json:"id"`
	Status string `json:"status"`
}

// complaintResolutionDTO is a resolution as its complaint lists it; the
// money fields are staff's only (absent for a factory).
type complaintResolutionDTO struct {
	ID               int64   `json:"id"`
	Kind             string  `json:"kind"`
	Status           string  `json:"status"`
	Quantity         int     `json:"quantity"`
	CostBearer       string  `json:"cost_bearer"`
	DiscountAmount   *string `json:"discount_amount,omitempty"`
	DiscountPct      *string `json:"discount_pct,omitempty"`
	ChargebackAmount *string `json:"chargeback_amount,omitempty"`
}

// complaintDTO: CustomerContact is absent for a factory.
type complaintDTO struct {
	ID              int64                    `json:"id"`
	OrderID         int64                    `json:"order_id"`
	OrderPONumber   string                   `json:"order_po_number"`
	StyleNo         string                   `json:"style_no"`
	SupplierID      int64                    `json:"supplier_id"`
	DeliveryID      *int64                   `json:"delivery_id"`
	ReceivedDate    string                   `json:"received_date"`
	Channel         string                   `json:"channel"`
	Description     string                   `json:"description"`
	Lines           []models.LineQty         `json:"lines"`
	AffectedQty     int                      `json:"affected_qty"`
	Severity        string                   `json:"severity"`
	CustomerRequest string                   `json:"customer_request"`
	CustomerContact *string                  `json:"customer_contact,omitempty"`
	Status          string                   `json:"status"`
	AgeDays         int                      `json:"age_days"`
	FactoryAnswer   string                   `json:"factory_answer"`
	AnsweredBy      *userRef                 `json:"answered_by"`
	AnsweredAt      *time.Time               `json:"answered_at"`
	Photos          []photoRef               `json:"photos"`
	Resolutions     []complaintResolutionDTO `json:"resolutions"`
	CAPA            *capaRef                 `json:"capa"`
	CreatedBy       *userRef                 `json:"created_by"`
	CreatedAt       time.Time                `json:"created_at"`
	UpdatedAt       time.Time                `json:"updated_at"`
	ClosedAt        *time.Time               `json:"closed_at"`
	Actions         []string                 `json:"actions"`
}

// complaintActions are the caller's side's actions now: the factory
// answers; staff investigate, resolve, agree and close.
func complaintActions(p *Principal, c *models.Complaint) []string {
	out := []string{}
	for _, a := range models.ComplaintActions {
		if !models.ComplaintCan(c.Status, a) {
			continue
		}
		if (a == models.ComplaintAnswer && p.IsFactory()) || (a != models.ComplaintAnswer && isStaff(p)) {
			out = append(out, string(a))
		}
	}
	return out
}

// supplierZones reads suppliers' time zones by id.
func (s *Server) supplierZones(c *fiber.Ctx, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	for _, id := range ids {
		if _, ok := out[id]; ok {
			continue
		}
		sp, err := s.store.GetSupplier(c.UserContext(), id)
		if err != nil {
			return nil, err
		}
		out[id] = sp.TimeZone
	}
	return out, nil
}

func (s *Server) complaintDTOs(c *fiber.Ctx, rows []models.Complaint) ([]complaintDTO, error) {
	ctx := c.UserContext()
	var ids, orderIDs, sups, users []int64
	for _, r := range rows {
		ids, orderIDs, sups = append(ids, r.ID), append(orderIDs, r.OrderID), append(sups, r.SupplierID)
		users = append(users, r.CreatedBy)
		if r.AnsweredBy != nil {
			users = append(users, *r.AnsweredBy)
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
	photos, err := s.photosOf(c, models.ComplaintPhotoKind, ids)
	if err != nil {
		return nil, err
	}
	res, err := s.store.ComplaintResolutions(ctx, ids, scopeOf(principalOf(c)))
	if err != nil {
		return nil, err
	}
	caps, err := s.store.CAPAsBySource(ctx, models.CAPASourceComplaint, ids)
	if err != nil {
		return nil, err
	}
	zones, err := s.supplierZones(c, sups)
	if err != nil {
		return nil, err
	}
	ref := refsTo(names)
	p := principalOf(c)
	staffSees := isStaff(p)
	now := s.clock.Now()
	out := make([]complaintDTO, len(rows))
	for i := range rows {
		r := &rows[i]
		d := complaintDTO{ID: r.ID, OrderID: r.OrderID, OrderPONumber: heads[r.OrderID].PONumber, StyleNo: heads[r.OrderID].StyleNo,
			SupplierID: r.SupplierID, DeliveryID: r.DeliveryID, ReceivedDate: r.ReceivedDate, Channel: r.Channel,
			Description: r.Description, Lines: r.LinesOf(), AffectedQty: r.AffectedQty, Severity: r.Severity,
			CustomerRequest: r.CustomerRequest, Status: r.Status, AgeDays: models.ComplaintAge(r, zones[r.SupplierID], now),
			FactoryAnswer: r.FactoryAnswer, AnsweredBy: ref(r.AnsweredBy), AnsweredAt: r.AnsweredAt, Photos: photos[r.ID],
			Resolutions: []complaintResolutionDTO{}, CreatedBy: ref(&r.CreatedBy), CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
			ClosedAt: r.ClosedAt, Actions: complaintActions(p, r)}
		if d.Lines == nil {
			d.Lines = []models.LineQty{}
		}
		if d.Photos == nil {
			d.Photos = []photoRef{}
		}
		if staffSees {
			contact := r.CustomerContact
			d.CustomerContact = &contact
		}
		for _, x := range res[r.ID] {
			rd := complaintResolutionDTO{ID: x.ID, Kind: x.Kind, Status: x.Status, Quantity: x.Quantity, CostBearer: x.CostBearer}
			if staffSees {
				amt, pct, cb := x.DiscountAmount, x.DiscountPct, x.ChargebackAmount
				rd.DiscountAmount, rd.DiscountPct, rd.ChargebackAmount = &amt, &pct, &cb
			}
			d.Resolutions = append(d.Resolutions, rd)
		}
		d.CAPA = capaLink(p, caps, r.ID)
		out[i] = d
	}
	return out, nil
}

func (s *Server) sendComplaint(c *fiber.Ctx, status int, r *models.Complaint, err error) error {
	if err != nil {
		return err
	}
	out, err := s.complaintDTOs(c, []models.Complaint{*r})
	if err != nil {
		return err
	}
	return c.Status(status).JSON(out[0])
}

func (s *Server) createComplaint(c *fiber.Ctx) error {
	var req struct {
		ReceivedDate    string           `json:"received_date"`
		Channel         string           `json:"channel"`
		Description     string           `json:"description"`
		DeliveryID      *int64           `json:"delivery_id"`
		Lines           []models.LineQty `json:"lines"`
		AffectedQty     int              `json:"affected_qty"`
		Severity        string           `json:"severity"`
		CustomerRequest string           `json:"customer_request"`
		CustomerContact string           `json:"customer_contact"`
		PhotoIDs        []int64          `json:"photo_ids"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	r, err := s.store.CreateComplaint(c.UserContext(), id, models.ComplaintInput{ReceivedDate: req.ReceivedDate, Channel: req.Channel,
		Description: req.Description, DeliveryID: req.DeliveryID, Lines: req.Lines, AffectedQty: req.AffectedQty,
		Severity: req.Severity, CustomerRequest: req.CustomerRequest, CustomerContact: req.CustomerContact, PhotoIDs: req.PhotoIDs},
		inspectorOf(p), scopeOf(p))
	return s.sendComplaint(c, fiber.StatusCreated, r, err)
}

func (s *Server) listComplaints(c *fiber.Ctx) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	f := models.ComplaintFilter{Page: pg, Scope: scopeOf(principalOf(c)), Status: c.Query("status")}
	if f.OrderID, err = optQueryID(c, "order_id"); err != nil {
		return err
	}
	if f.SupplierID, err = optQueryID(c, "supplier_id"); err != nil {
		return err
	}
	rows, next, err := s.store.ListComplaints(c.UserContext(), f)
	if err != nil {
		return err
	}
	out, err := s.complaintDTOs(c, rows)
	if err != nil {
		return err
	}
	return c.JSON(listOf(out, next))
}

func (s *Server) getComplaint(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	r, err := s.store.GetComplaint(c.UserContext(), id, scopeOf(principalOf(c)))
	return s.sendComplaint(c, fiber.StatusOK, r, err)
}

func (s *Server) answerComplaint(c *fiber.Ctx) error {
	var req struct {
		Answer string `json:"answer"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	r, err := s.store.AnswerComplaint(c.UserContext(), id, req.Answer, inspectorOf(p), scopeOf(p))
	return s.sendComplaint(c, fiber.StatusOK, r, err)
}

func (s *Server) complaintStep(c *fiber.Ctx,
	fn func(ctx *fiber.Ctx, id int64, by models.Actor, sc models.Scope) (*models.Complaint, error)) error {
	var req struct{}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	r, err := fn(c, id, inspectorOf(p), scopeOf(p))
	return s.sendComplaint(c, fiber.StatusOK, r, err)
}

func (s *Server) investigateComplaint(c *fiber.Ctx) error {
	return s.complaintStep(c, func(ctx *fiber.Ctx, id int64, by models.Actor, sc models.Scope) (*models.Complaint, error) {
		return s.store.InvestigateComplaint(ctx.UserContext(), id, by, sc)
	})
}

func (s *Server) agreeComplaint(c *fiber.Ctx) error {
	return s.complaintStep(c, func(ctx *fiber.Ctx, id int64, by models.Actor, sc models.Scope) (*models.Complaint, error) {
		return s.store.AgreeComplaint(ctx.UserContext(), id, by, sc)
	})
}

func (s *Server) closeComplaint(c *fiber.Ctx) error {
	return s.complaintStep(c, func(ctx *fiber.Ctx, id int64, by models.Actor, sc models.Scope) (*models.Complaint, error) {
		return s.store.CloseComplaint(ctx.UserContext(), id, by, sc)
	})
}
