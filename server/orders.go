package server

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

// scopeOf is the data scope of a principal: a factory user sees only its
// supplier's confirmed orders.
func scopeOf(p *Principal) models.Scope {
	if p.IsFactory() {
		return models.Scope{SupplierID: p.SupplierID}
	}
	return models.Scope{}
}

type lineDTO struct {
	Colour   string `json:"colour"`
	Size     string `json:"size"`
	Quantity int    `json:"quantity"`
}

type refDTO struct {
	ID     int64  `json:"id"`
	Code   string `json:"code,omitempty"`
	Name   string `json:"name"`
	NameEn string `json:"name_en,omitempty"`
}

type milestoneBrief struct {
	ID          int64  `json:"id"`
	Code        string `json:"code"`
	Name        string `json:"name"`
	NameEn      string `json:"name_en"`
	PlannedDate string `json:"planned_date"`
	Status      string `json:"status"`
}

// orderDTO is what everyone who may see an order sees. Price, currency,
// internal notes and the baseline live only in staffOrderFields, so a
// factory's JSON cannot contain them.
type orderDTO struct {
	ID            int64           `json:"id"`
	PONumber      string          `json:"po_number"`
	Customer      refDTO          `json:"customer"`
	Supplier      refDTO          `json:"supplier"`
	StyleNo       string          `json:"style_no"`
	StyleName     string          `json:"style_name"`
	Description   string          `json:"description"`
	Category      string          `json:"category"`
	Unit          string          `json:"unit"`
	TotalQuantity int             `json:"total_quantity"`
	TolerancePct  int             `json:"tolerance_pct"`
	Lines         []lineDTO       `json:"lines,omitempty"`
	ExFactoryDate string          `json:"ex_factory_date"`
	ShipMode      string          `json:"ship_mode"`
	Destination   string          `json:"destination"`
	Status        string          `json:"status"`
	Revision      int             `json:"revision"`
	CancelReason  string          `json:"cancel_reason,omitempty"`
	NextMilestone *milestoneBrief `json:"next_milestone"`
	Overdue       bool            `json:"overdue"`
	DueSoon       bool            `json:"due_soon"`
	ConfirmedAt   *time.Time      `json:"confirmed_at"`
	CancelledAt   *time.Time      `json:"cancelled_at"`
	CreatedAt     time.Time       `json:"created_at"`
	UpdatedAt     time.Time       `json:"updated_at"`
	// Actions are what the caller may do to the order now (see actions.go).
	Actions []string `json:"actions"`
}

type staffOrderFields struct {
	MerchandiserID        int64  `json:"merchandiser_id"`
	TemplateID            *int64 `json:"template_id"`
	BaselineExFactoryDate string `json:"baseline_ex_factory_date"`
	InternalNotes         string `json:"internal_notes"`
	UnitPrice             string `json:"unit_price"`
	Currency              string `json:"currency"`
}

type staffOrderDTO struct {
	orderDTO
	staffOrderFields
}

// orderView builds the DTOs of a page of orders with a fixed number of
// queries (names and next milestones are fetched for the whole page).
func (s *Server) orderViews(c *fiber.Ctx, orders []models.Order, withLines bool) ([]any, error) {
	ctx := c.UserContext()
	p := principalOf(c)
	var sids, cids, oids []int64
	for _, o := range orders {
		sids, cids, oids = append(sids, o.SupplierID), append(cids, o.CustomerID), append(oids, o.ID)
	}
	sups, err := s.store.SupplierNames(ctx, sids)
	if err != nil {
		return nil, err
	}
	custs, err := s.store.CustomerNames(ctx, cids)
	if err != nil {
		return nil, err
	}
	plans, err := s.store.PlanSummaries(ctx, oids)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	out := make([]any, len(orders))
	for i := range orders {
		o := &orders[i]
		sp, cu := sups[o.SupplierID], custs[o.CustomerID]
		d := orderDTO{ID: o.ID, PONumber: o.PONumber, Customer: refDTO{ID: cu.ID, Name: cu.Name},
			Supplier: refDTO{ID: sp.ID, Code: sp.Code, Name: sp.Name, NameEn: sp.NameEn},
			StyleNo:  o.StyleNo, StyleName: o.StyleName, Description: o.Description, Category: o.Category, Unit: o.Unit,
			TotalQuantity: o.TotalQuantity, TolerancePct: o.TolerancePct, ExFactoryDate: o.ExFactoryDate, ShipMode: o.ShipMode,
			Destination: o.Destination, Status: o.Status, Revision: o.Revision, CancelReason: o.CancelReason,
			ConfirmedAt: o.ConfirmedAt, CancelledAt: o.CancelledAt, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
		if withLines {
			d.Lines = make([]lineDTO, len(o.Lines))
			for j, l := range o.Lines {
				d.Lines[j] = lineDTO{l.Colour, l.Size, l.Quantity}
			}
		}
		plan, ok := plans[o.ID]
		if ok {
			m := plan.Next
			d.NextMilestone = &milestoneBrief{ID: m.ID, Code: m.Code, Name: m.Name, NameEn: m.NameEn, PlannedDate: m.PlannedDate, Status: m.Status}
		}
		due := models.OrderDue(o, plan.EarliestOpen, models.SupplierToday(now, &sp))
		d.Overdue, d.DueSoon = due.Overdue, due.DueSoon
		d.Actions = orderActions(p, o.Status)
		if p.IsFactory() {
			out[i] = d
			continue
		}
		out[i] = staffOrderDTO{orderDTO: d, staffOrderFields: staffOrderFields{MerchandiserID: o.MerchandiserID,
			TemplateID: o.TemplateID, BaselineExFactoryDate: o.BaselineExFactoryDate, InternalNotes: o.InternalNotes,
			UnitPrice: o.UnitPrice, Currency: o.Currency}}
	}
	return out, nil
}

// sendOrder answers one order (with its lines) as the caller may see it,
// or the error of the call that produced it.
func (s *Server) sendOrder(c *fiber.Ctx, status int, o *models.Order, err error) error {
	if err != nil {
		return err
	}
	v, err := s.orderViews(c, []models.Order{*o}, true)
	if err != nil {
		return err
	}
	return c.Status(status).JSON(v[0])
}

func optInt64(c *fiber.Ctx, name string) (*int64, error) {
	v := c.Query(name)
	if v == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return nil, models.Invalid(name, "not_an_id")
	}
	return &n, nil
}

// orderFilter reads the list's filters (shared by the list and the export).
func orderFilter(c *fiber.Ctx) (models.OrderFilter, error) {
	pg, err := page(c)
	if err != nil {
		return models.OrderFilter{}, err
	}
	f := models.OrderFilter{Page: pg, Scope: scopeOf(principalOf(c)), Status: c.Query("status"),
		ExFactoryFrom: c.Query("ex_factory_from"), ExFactoryTo: c.Query("ex_factory_to"), Query: c.Query("q")}
	if f.SupplierID, err = optInt64(c, "supplier_id"); err != nil {
		return f, err
	}
	if f.CustomerID, err = optInt64(c, "customer_id"); err != nil {
		return f, err
	}
	if f.MerchandiserID, err = optInt64(c, "merchandiser_id"); err != nil {
		return f, err
	}
	return f, nil
}

func (s *Server) listOrders(c *fiber.Ctx) error {
	f, err := orderFilter(c)
	if err != nil {
		return err
	}
	rows, next, err := s.store.ListOrders(c.UserContext(), f)
	if err != nil {
		return err
	}
	views, err := s.orderViews(c, rows, false)
	if err != nil {
		return err
	}
	return c.JSON(listOf(views, next))
}

// orderRequest is the body of POST and PATCH /orders.
type orderRequest struct {
	PONumber       *string    `json:"po_number"`
	CustomerID     *int64     `json:"customer_id"`
	SupplierID     *int64     `json:"supplier_id"`
	MerchandiserID *int64     `json:"merchandiser_id"`
	TemplateID     *int64     `json:"template_id"`
	StyleNo        *string    `json:"style_no"`
	StyleName      *string    `json:"style_name"`
	Description    *string    `json:"description"`
	Category       *string    `json:"category"`
	Unit           *string    `json:"unit"`
	ExFactoryDate  *string    `json:"ex_factory_date"`
	ShipMode       *string    `json:"ship_mode"`
	Destination    *string    `json:"destination"`
	InternalNotes  *string    `json:"internal_notes"`
	UnitPrice      *string    `json:"unit_price"`
	Currency       *string    `json:"currency"`
	TolerancePct   *int       `json:"tolerance_pct"`
	Lines          *[]lineDTO `json:"lines"`
	Force          bool       `json:"force"`
}

func (r orderRequest) input() models.OrderInput {
	in := models.OrderInput{PONumber: r.PONumber, CustomerID: r.CustomerID, SupplierID: r.SupplierID,
		MerchandiserID: r.MerchandiserID, TemplateID: r.TemplateID, StyleNo: r.StyleNo, StyleName: r.StyleName,
		Description: r.Description, Category: r.Category, Unit: r.Unit, ExFactoryDate: r.ExFactoryDate,
		ShipMode: r.ShipMode, Destination: r.Destination, InternalNotes: r.InternalNotes, UnitPrice: r.UnitPrice,
		Currency: r.Currency, TolerancePct: r.TolerancePct, Force: r.Force}
	if r.Lines != nil {
		ls := make([]models.OrderLine, len(*r.Lines))
		for i, l := range *r.Lines {
			ls[i] = models.OrderLine{Colour: l.Colour, Size: l.Size, Quantity: l.Quantity}
		}
		in.Lines = &ls
	}
	return in
}

func (s *Server) createOrder(c *fiber.Ctx) error {
	var req orderRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	o, err := s.store.CreateOrder(c.UserContext(), req.input(), principalOf(c).UserID)
	return s.sendOrder(c, fiber.StatusCreated, o, err)
}

func (s *Server) getOrder(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	o, err := s.store.GetOrder(c.UserContext(), id, scopeOf(principalOf(c)))
	return s.sendOrder(c, fiber.StatusOK, o, err)
}

func (s *Server) patchOrder(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var req orderRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	o, err := s.store.UpdateOrder(c.UserContext(), id, req.input(), principalOf(c).UserID)
	return s.sendOrder(c, fiber.StatusOK, o, err)
}

func (s *Server) confirmOrder(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var req struct {
		TemplateID *int64 `json:"template_id"`
		// LateSteps is compress or keep; without it, steps that would be
		// planned before today are refused with steps_in_past listing them.
		LateSteps string `json:"late_steps"`
	}
	if len(c.Body()) > 0 {
		if err := bindJSON(c, &req); err != nil {
			return err
		}
	}
	o, err := s.store.ConfirmOrder(c.UserContext(), id, req.TemplateID, req.LateSteps, principalOf(c).UserID)
	return s.sendOrder(c, fiber.StatusOK, o, err)
}

func (s *Server) cancelOrder(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var req struct {
		Reason string `json:"reason"`
	}
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	o, err := s.store.CancelOrder(c.UserContext(), id, req.Reason, principalOf(c).UserID)
	return s.sendOrder(c, fiber.StatusOK, o, err)
}

// visibleOrder checks the caller may see an order (404 otherwise).
func (s *Server) visibleOrder(c *fiber.Ctx) (*models.Order, error) {
	id, err := paramID(c, "id")
	if err != nil {
		return nil, err
	}
	return s.store.GetOrder(c.UserContext(), id, scopeOf(principalOf(c)))
}

type revisionDTO struct {
	Revision  int       `json:"revision"`
	ChangedBy string    `json:"changed_by"`
	Changes   rawJSON   `json:"changes"`
	CreatedAt time.Time `json:"created_at"`
}

// rawJSON embeds stored JSON as is.
type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) {
	if r == "" {
		return []byte("{}"), nil
	}
	return []byte(r), nil
}

func (s *Server) listRevisions(c *fiber.Ctx) error {
	o, err := s.visibleOrder(c)
	if err != nil {
		return err
	}
	revs, err := s.store.ListRevisions(c.UserContext(), o.ID)
	if err != nil {
		return err
	}
	ids := make([]int64, len(revs))
	for i, r := range revs {
		ids[i] = r.ChangedBy
	}
	names, err := s.store.UserNames(c.UserContext(), ids)
	if err != nil {
		return err
	}
	out := make([]revisionDTO, len(revs))
	for i, r := range revs {
		out[i] = revisionDTO{Revision: r.Revision, ChangedBy: names[r.ChangedBy], Changes: rawJSON(r.Changes), CreatedAt: r.CreatedAt}
	}
	return c.JSON(listOf(out, ""))
}
