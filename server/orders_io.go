package server

// Spreadsheet import and export of orders: the HTTP side. The file formats,
// columns and row checks are package orderio; here are the upload, the
// store's checks and writes, and the answers.

import (
	"errors"
	"fmt"
	"io"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"

	"gendan/models"
	"gendan/orderio"
)

const (
	// importBodyLimit bounds an import upload (the whole multipart body).
	importBodyLimit = 10 << 20
	// maxReportedRowErrors caps the row problems one answer lists.
	maxReportedRowErrors = 500
)

var _ orderio.Lookup = (*models.Store)(nil)

var (
	errUnsupportedFile = apiError(fiber.StatusUnsupportedMediaType, "unsupported_media_type",
		"Upload an Excel workbook (.xlsx) or a CSV file (UTF-8, GBK/GB18030 or UTF-16 with a byte-order mark).")
	errNotWorkbook = apiError(fiber.StatusUnsupportedMediaType, "unsupported_media_type",
		"The file is a ZIP archive but not a readable Excel workbook (.xlsx).")
	errImportNotMultipart = apiError(fiber.StatusBadRequest, "invalid_multipart",
		"Send the spreadsheet as multipart/form-data with one part named \"file\".")
	errExportTooLarge = apiError(fiber.StatusUnprocessableEntity, "export_too_large",
		"More order lines match than one worksheet can hold; narrow the filter.")
)

// importFailed is the 422 answer listing row problems (sorted by orderio).
func importFailed(errs []orderio.RowError) *APIError {
	rows := map[int]bool{}
	for _, e := range errs {
		rows[e.Row] = true
	}
	msg := fmt.Sprintf("%d problem(s) in %d row(s); nothing was imported. Fix them and upload the file again.", len(errs), len(rows))
	params := map[string]any{"count": len(errs), "rows": len(rows)}
	if len(errs) > maxReportedRowErrors {
		msg += fmt.Sprintf(" The first %d are listed.", maxReportedRowErrors)
		errs = errs[:maxReportedRowErrors]
		params["listed"] = maxReportedRowErrors
	}
	return &APIError{Status: fiber.StatusUnprocessableEntity, Code: "import_failed", Message: msg, Params: params, Rows: errs}
}

// importFile finds the "file" part of the multipart body.
func importFile(c *fiber.Ctx) ([]byte, error) {
	part, err := filePart(c.Body(), c.Get(fiber.HeaderContentType))
	if err != nil {
		var ve *models.ValidationError
		if errors.As(err, &ve) {
			return nil, models.Invalid("file", "required")
		}
		return nil, errImportNotMultipart
	}
	data, err := io.ReadAll(io.LimitReader(part, importBodyLimit+1))
	if err != nil {
		return nil, errImportNotMultipart
	}
	return data, nil
}

// uploadError answers what orderio could not read of an upload.
func uploadError(err error) error {
	switch {
	case errors.Is(err, orderio.ErrUnsupportedFile):
		return errUnsupportedFile
	case errors.Is(err, orderio.ErrNotWorkbook):
		return errNotWorkbook
	}
	return err
}

type importedOrder struct {
	ID       int64  `json:"id"`
	PONumber string `json:"po_number"`
}

type importResponse struct {
	Created int             `json:"created"`
	Orders  []importedOrder `json:"orders"`
}

// importOrders creates the orders of an uploaded .xlsx or .csv: every row is
// checked, and either all orders are created in one transaction (201) or
// none, with every problem by row and column (422).
func (s *Server) importOrders(c *fiber.Ctx) error {
	data, err := importFile(c)
	if err != nil {
		return err
	}
	ctx, by := c.UserContext(), principalOf(c).UserID
	b, err := orderio.Import(ctx, data, by, s.store)
	if err != nil {
		return uploadError(err)
	}
	ins := b.Orders()
	// force=true takes ex-factory dates already past, after the user saw
	// them refused.
	force := c.QueryBool("force", false)
	for i := range ins {
		ins[i].Force = force
	}
	if len(b.Problems()) > 0 {
		// Report the store's problems too, so one round of fixes is enough.
		if len(ins) > 0 {
			if err := b.AddStoreProblems(s.store.ValidateOrders(ctx, ins, by)); err != nil {
				return err
			}
		}
		return importFailed(b.Problems())
	}
	orders, err := s.store.CreateOrders(ctx, ins, by)
	if err != nil {
		if err := b.AddStoreProblems(err); err != nil {
			return err
		}
		return importFailed(b.Problems())
	}
	out := importResponse{Created: len(orders), Orders: make([]importedOrder, len(orders))}
	for i, o := range orders {
		out.Orders[i] = importedOrder{ID: o.ID, PONumber: o.PONumber}
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

func sendXLSX(c *fiber.Ctx, name string, data []byte) error {
	c.Set(fiber.HeaderContentType, orderio.ContentType)
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"`, name))
	// Exports carry prices: no shared cache may keep them.
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(data)
}

// exportOrders writes every line of the orders matching the list's filters,
// in the import's layout (staff only: it carries prices).
func (s *Server) exportOrders(c *fiber.Ctx) error {
	f, err := orderFilter(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	w, err := orderio.NewWriter()
	if err != nil {
		return err
	}
	defer w.Close()
	custs, sups, emails := map[int64]string{}, map[int64]string{}, map[int64]string{}
	var batch []*models.Order
	// flush names a batch of orders with one look-up of each kind (names
	// already known are not looked up again) and writes them.
	flush := func() error {
		var cids, sids, uids []int64
		for _, o := range batch {
			if _, ok := custs[o.CustomerID]; !ok {
				cids = append(cids, o.CustomerID)
			}
			if _, ok := sups[o.SupplierID]; !ok {
				sids = append(sids, o.SupplierID)
			}
			if _, ok := emails[o.MerchandiserID]; !ok {
				uids = append(uids, o.MerchandiserID)
			}
		}
		cs, err := s.store.CustomerNames(ctx, cids)
		if err != nil {
			return err
		}
		for _, id := range cids {
			custs[id] = cs[id].Name
		}
		ss, err := s.store.SupplierNames(ctx, sids)
		if err != nil {
			return err
		}
		for _, id := range sids {
			sups[id] = ss[id].Code
		}
		es, err := s.store.UserEmails(ctx, uids)
		if err != nil {
			return err
		}
		for _, id := range uids {
			emails[id] = es[id]
		}
		for _, o := range batch {
			if err := w.AddOrder(o, custs[o.CustomerID], sups[o.SupplierID], emails[o.MerchandiserID]); err != nil {
				if errors.Is(err, orderio.ErrTooManyRows) {
					return errExportTooLarge
				}
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	err = s.store.EachOrder(ctx, f, func(o *models.Order) error {
		batch = append(batch, o)
		if len(batch) >= 500 {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	data, err := w.Bytes()
	if err != nil {
		return err
	}
	return sendXLSX(c, "orders-"+s.clock.Now().UTC().Format("20060102")+".xlsx", data)
}

// importTemplate is an .xlsx with the header, two example rows and a sheet
// describing every column. The example names a real active supplier's code
// when there is one, and the downloading user as the merchandiser.
func (s *Server) importTemplate(c *fiber.Ctx) error {
	ctx := c.UserContext()
	ex := orderio.Example{Supplier: "HZ-JL", ExFactory: s.clock.Now().UTC().AddDate(0, 0, 90).Format(models.DateLayout)}
	active := true
	sups, _, err := s.store.ListSuppliers(ctx, models.SupplierFilter{Page: models.Page{Limit: 1}, Active: &active})
	if err != nil {
		return err
	}
	if len(sups) > 0 {
		ex.Supplier = sups[0].Code
	}
	u, err := s.store.GetUser(ctx, principalOf(c).UserID)
	if err != nil {
		return err
	}
	ex.Merchandiser = u.Email
	data, err := orderio.Template(ex)
	if err != nil {
		return err
	}
	return sendXLSX(c, "orders-import-template.xlsx", data)
}

// exportWIP is the weekly work-in-progress report a merchandiser sends
// customers: the orders matching the list's filters with their status, next
// step and the planned and actual date of every step, in the user's
// language (staff only). It carries no prices and no internal notes.
func (s *Server) exportWIP(c *fiber.Ctx) error {
	f, err := orderFilter(c)
	if err != nil {
		return err
	}
	ctx, now := c.UserContext(), s.clock.Now()
	lang := principalOf(c).Locale
	zh := lang == models.LocaleZH
	var orders []*models.Order
	err = s.store.EachOrder(ctx, f, func(o *models.Order) error {
		if len(orders) >= excelize.TotalRows-1 {
			return errExportTooLarge
		}
		orders = append(orders, o)
		return nil
	})
	if err != nil {
		return err
	}
	var cids, sids []int64
	for _, o := range orders {
		cids, sids = append(cids, o.CustomerID), append(sids, o.SupplierID)
	}
	custs, err := s.store.CustomerNames(ctx, cids)
	if err != nil {
		return err
	}
	sups, err := s.store.SupplierNames(ctx, sids)
	if err != nil {
		return err
	}
	rows := make([]orderio.WIPOrder, len(orders))
	for i, o := range orders {
		sp := sups[o.SupplierID]
		supplier := sp.Name
		if !zh && sp.NameEn != "" {
			supplier = sp.NameEn
		}
		today := models.SupplierToday(now, &sp)
		// One query per order: a weekly report of a merchandiser's live
		// orders, not a hot path.
		ms, err := s.store.ListMilestones(ctx, o.ID)
		if err != nil {
			return err
		}
		w := orderio.WIPOrder{PONumber: o.PONumber, Customer: custs[o.CustomerID].Name, StyleNo: o.StyleNo,
			StyleName: o.StyleName, Supplier: supplier, Status: o.Status, ExFactory: o.ExFactoryDate}
		earliest := ""
		for j := range ms {
			m := &ms[j]
			name := m.Name
			if !zh && m.NameEn != "" {
				name = m.NameEn
			}
			st := orderio.WIPStep{Code: m.Code, Name: name, Planned: m.PlannedDate, QuantityKind: m.QuantityKind,
				QuantityDone: m.QuantityDone, Status: m.Status, Overdue: models.MilestoneDue(m, o.Status, today).Overdue}
			if m.ActualDate != nil {
				st.Actual = *m.ActualDate
			}
			if open := m.Status == models.MilestoneOpen || m.Status == models.MilestoneInProgress; open {
				if w.Next == "" {
					w.Next = name
				}
				if earliest == "" || m.PlannedDate < earliest {
					earliest = m.PlannedDate
				}
			}
			w.Steps = append(w.Steps, st)
		}
		w.Overdue = models.OrderDue(o, earliest, today).Overdue
		rows[i] = w
	}
	data, err := orderio.WIPReport(lang, rows)
	if errors.Is(err, orderio.ErrTooManyRows) {
		return errExportTooLarge
	}
	if err != nil {
		return err
	}
	return sendXLSX(c, "wip-"+now.UTC().Format("20060102")+".xlsx", data)
}
