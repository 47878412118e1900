package server

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

// scopeOf is the data scope of a principal: a factory user sees only its
// supplier's confirmed orders.
func scopeOf(p *Principal) models.Scope { return models.ScopeFor(p.Role, p.SupplierID, p.Suppliers) }

type lineDTO struct {
	Colour   string `json:"colour"`
	Size     string `json:"size"`
	Quantity int    `json:"quantity"`
}

// Orders are answered by orderjson.go (schemas Order and StaffOrder).

// sendOrder answers one order (with its lines) as the caller may see it now
// — read again after a write, so the plan summary is the stored one — or
// the error of the call that produced it.
func (s *Server) sendOrder(c *fiber.Ctx, status int, o *models.Order, err error) error {
	if err != nil {
		return err
	}
	v, err := s.store.GetOrderView(c.UserContext(), o.ID, scopeOf(principalOf(c)))
	if err != nil {
		return err
	}
	w := newOrderWriter(principalOf(c), s.clock.Now())
	if err := s.withReplacements(c, w, &v.Order); err != nil {
		return err
	}
	return sendBuilt(c, status, func(b []byte) []byte { return w.appendOrder(b, v, true) })
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
	views, next, err := s.store.ListOrders(c.UserContext(), f)
	if err != nil {
		return err
	}
	w := newOrderWriter(principalOf(c), s.clock.Now())
	return sendBuilt(c, fiber.StatusOK, func(b []byte) []byte { return w.appendOrderList(b, views, next) })
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
	Sourcing       *string    `json:"sourcing"`
	Force          bool       `json:"force"`
}

func (r orderRequest) input() models.OrderInput {
	in := models.OrderInput{PONumber: r.PONumber, CustomerID: r.CustomerID, SupplierID: r.SupplierID,
		MerchandiserID: r.MerchandiserID, TemplateID: r.TemplateID, StyleNo: r.StyleNo, StyleName: r.StyleName,
		Description: r.Description, Category: r.Category, Unit: r.Unit, ExFactoryDate: r.ExFactoryDate,
		ShipMode: r.ShipMode, Destination: r.Destination, InternalNotes: r.InternalNotes, UnitPrice: r.UnitPrice,
		Currency: r.Currency, TolerancePct: r.TolerancePct, Sourcing: r.Sourcing, Force: r.Force}
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
	st, v, err := s.store.GetOrderViewAs(c.UserContext(), id, callerID(c))
	if err != nil {
		return err
	}
	p, err := s.admitRead(c, st)
	if err != nil {
		return err
	}
	if v == nil {
		return models.ErrNotFound
	}
	w := newOrderWriter(p, s.clock.Now())
	if err := s.withReplacements(c, w, &v.Order); err != nil {
		return err
	}
	return sendBuilt(c, fiber.StatusOK, func(b []byte) []byte { return w.appendOrder(b, v, true) })
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
