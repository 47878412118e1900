package server

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

// closingRoutes are the routes of after-sales' invoices, payments, receivables and closing an order (docs/AFTERSALES.md).
// Every one is staff's: a factory user is refused by the route (403) and
// no factory answer carries an invoice or a payment.
func (s *Server) closingRoutes() []route {
	return []route{
		{"PUT", "/api/v1/orders/:id/invoice", staff, jsonLimit, s.putInvoice},
		{"POST", "/api/v1/orders/:id/payments", staff, jsonLimit, s.addPayment},
		{"GET", "/api/v1/orders/:id/finance", staff, 0, s.getFinance},
		{"POST", "/api/v1/orders/:id/close", staff, tinyLimit, s.closeOrder},
		{"GET", "/api/v1/receivables", staff, 0, s.listReceivables},
	}
}

type invoiceDTO struct {
	ID          int64     `json:"id"`
	OrderID     int64     `json:"order_id"`
	Number      string    `json:"number"`
	InvoiceDate string    `json:"invoice_date"`
	Amount      string    `json:"amount"`
	Currency    string    `json:"currency"`
	DueDate     string    `json:"due_date"`
	CreatedBy   *userRef  `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

type paymentDTO struct {
	ID        int64     `json:"id"`
	InvoiceID int64     `json:"invoice_id"`
	PaidDate  string    `json:"paid_date"`
	Amount    string    `json:"amount"`
	Reference string    `json:"reference"`
	CreatedBy *userRef  `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// financeDTO is GET /orders/:id/finance (and the answer of PUT invoice and
// POST payments): balance and paid with the invoice's two decimals; balance
// is "0.00" with no invoice.
type financeDTO struct {
	OrderID     int64        `json:"order_id"`
	Invoice     *invoiceDTO  `json:"invoice"`
	Payments    []paymentDTO `json:"payments"`
	Paid        string       `json:"paid"`
	Balance     string       `json:"balance"`
	Overdue     bool         `json:"overdue"`
	DaysOverdue int          `json:"days_overdue"`
}

type receivableDTO struct {
	OrderID      int64         `json:"order_id"`
	PONumber     string        `json:"po_number"`
	StyleNo      string        `json:"style_no"`
	Supplier     supplierBrief `json:"supplier"`
	Merchandiser *userRef      `json:"merchandiser"`
	Invoice      invoiceDTO    `json:"invoice"`
	Paid         string        `json:"paid"`
	Balance      string        `json:"balance"`
	Overdue      bool          `json:"overdue"`
	DaysOverdue  int           `json:"days_overdue"`
}

func invoiceOut(inv *models.Invoice, ref func(*int64) *userRef) invoiceDTO {
	return invoiceDTO{ID: inv.ID, OrderID: inv.OrderID, Number: inv.Number, InvoiceDate: inv.InvoiceDate,
		Amount: models.FormatMoney(inv.AmountE2), Currency: inv.Currency, DueDate: inv.DueDate,
		CreatedBy: ref(&inv.CreatedBy), CreatedAt: inv.CreatedAt, UpdatedAt: inv.UpdatedAt}
}

func (s *Server) sendFinance(c *fiber.Ctx, status int, orderID int64) error {
	p := principalOf(c)
	f, err := s.store.OrderFinance(c.UserContext(), orderID, inspectorOf(p), scopeOf(p))
	if err != nil {
		return err
	}
	var users []int64
	if f.Invoice != nil {
		users = append(users, f.Invoice.CreatedBy)
	}
	for _, pm := range f.Payments {
		users = append(users, pm.CreatedBy)
	}
	names, err := s.store.UserNames(c.UserContext(), users)
	if err != nil {
		return err
	}
	ref := refsTo(names)
	out := financeDTO{OrderID: orderID, Payments: []paymentDTO{}, Paid: models.FormatMoney(f.PaidE2),
		Balance: models.FormatMoney(f.BalanceE2), Overdue: f.Overdue, DaysOverdue: f.DaysOverdue}
	if f.Invoice != nil {
		inv := invoiceOut(f.Invoice, ref)
		out.Invoice = &inv
	}
	for _, pm := range f.Payments {
		out.Payments = append(out.Payments, paymentDTO{ID: pm.ID, InvoiceID: pm.InvoiceID, PaidDate: pm.PaidDate,
			Amount: models.FormatMoney(pm.AmountE2), Reference: pm.Reference, CreatedBy: ref(&pm.CreatedBy), CreatedAt: pm.CreatedAt})
	}
	return c.Status(status).JSON(out)
}

func (s *Server) putInvoice(c *fiber.Ctx) error {
	var req struct {
		Number      string `json:"number"`
		InvoiceDate string `json:"invoice_date"`
		Amount      string `json:"amount"`
		Currency    string `json:"currency"`
		DueDate     string `json:"due_date"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	if _, err := s.store.PutInvoice(c.UserContext(), id, models.InvoiceInput{Number: req.Number, InvoiceDate: req.InvoiceDate,
		Amount: req.Amount, Currency: req.Currency, DueDate: req.DueDate}, inspectorOf(p), scopeOf(p)); err != nil {
		return err
	}
	return s.sendFinance(c, fiber.StatusOK, id)
}

func (s *Server) addPayment(c *fiber.Ctx) error {
	var req struct {
		PaidDate         string `json:"paid_date"`
		Amount           string `json:"amount"`
		Reference        string `json:"reference"`
		AllowOverInvoice bool   `json:"allow_over_invoice"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	if _, err := s.store.AddPayment(c.UserContext(), id, models.PaymentInput{PaidDate: req.PaidDate, Amount: req.Amount,
		Reference: req.Reference, AllowOver: req.AllowOverInvoice}, inspectorOf(p), scopeOf(p)); err != nil {
		return err
	}
	return s.sendFinance(c, fiber.StatusCreated, id)
}

func (s *Server) getFinance(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	return s.sendFinance(c, fiber.StatusOK, id)
}

func (s *Server) closeOrder(c *fiber.Ctx) error {
	var req struct{}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	o, err := s.store.CloseOrder(c.UserContext(), id, inspectorOf(p), scopeOf(p))
	return s.sendOrder(c, fiber.StatusOK, o, err)
}

// listReceivables: a merchandiser's own orders unless merchandiser_id says
// whose (all: everyone's); an admin everyone's unless it says.
func (s *Server) listReceivables(c *fiber.Ctx) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	p := principalOf(c)
	f := models.ReceivableFilter{Page: pg, OverdueOnly: c.Query("overdue") == "1"}
	if q := c.Query("overdue"); q != "" && q != "0" && q != "1" {
		return models.Invalid("overdue", "one_of", "allowed", "0, 1")
	}
	if c.Query("merchandiser_id") != "all" {
		if f.MerchandiserID, err = optQueryID(c, "merchandiser_id"); err != nil {
			return err
		}
		if f.MerchandiserID == nil && p.Role == models.RoleMerchandiser {
			me := p.UserID
			f.MerchandiserID = &me
		}
	}
	rows, next, err := s.store.ListReceivables(c.UserContext(), f, inspectorOf(p), scopeOf(p))
	if err != nil {
		return err
	}
	var users, sups []int64
	for _, r := range rows {
		users = append(users, r.MerchandiserID, r.Invoice.CreatedBy)
		sups = append(sups, r.SupplierID)
	}
	names, err := s.store.UserNames(c.UserContext(), users)
	if err != nil {
		return err
	}
	spByID := map[int64]models.Supplier{}
	for _, id := range sups {
		if _, ok := spByID[id]; ok {
			continue
		}
		sp, err := s.store.GetSupplier(c.UserContext(), id)
		if err != nil {
			return err
		}
		spByID[id] = *sp
	}
	ref := refsTo(names)
	out := make([]receivableDTO, 0, len(rows))
	for i := range rows {
		r := &rows[i]
		sp := spByID[r.SupplierID]
		out = append(out, receivableDTO{OrderID: r.OrderID, PONumber: r.PONumber, StyleNo: r.StyleNo,
			Supplier: supplierBrief{ID: sp.ID, Code: sp.Code, Name: sp.Name, NameEn: sp.NameEn}, Merchandiser: ref(&r.MerchandiserID),
			Invoice: invoiceOut(&r.Invoice, ref), Paid: models.FormatMoney(r.PaidE2), Balance: models.FormatMoney(r.BalanceE2),
			Overdue: r.Overdue, DaysOverdue: r.DaysOverdue})
	}
	return c.JSON(listOf(out, next))
}
