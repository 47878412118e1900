package orderio

import (
	"context"
	"errors"
	"strconv"

	"gendan/models"
)

// Lookup finds what a file names: customers by name (exactly, or else
// case-insensitively when only one matches; keyed by the name as given),
// suppliers by code (active or not; keyed by the upper-case code) and users
// by e-mail (keyed by the lower-case address). *models.Store is one.
type Lookup interface {
	CustomersByName(ctx context.Context, names []string) (map[string]models.Customer, error)
	SuppliersByCode(ctx context.Context, codes []string) (map[string]models.Supplier, error)
	UsersByEmail(ctx context.Context, emails []string) (map[string]models.User, error)
}

// Import reads an uploaded .xlsx or CSV file (told apart by content, not by
// name), checks every row and resolves the names it holds with one look-up
// of each kind. by is the importing user: the merchandiser of orders that
// name none. What is wrong with the file's content is in the Batch's
// Problems; the error is ErrUnsupportedFile, ErrNotWorkbook or a failed
// look-up.
func Import(ctx context.Context, data []byte, by int64, lookup Lookup) (*Batch, error) {
	b := newBatch(by)
	sh, err := read(data)
	var ce *csvError
	switch {
	case errors.As(err, &ce):
		b.record(ce.row, "", "", models.Problem("invalid_csv"))
		return b, nil
	case err != nil:
		return nil, err
	}
	b.xlsx, b.date1904 = sh.xlsx, sh.date1904
	if !b.header(sh.rows) {
		return b, nil
	}
	dataRows := sh.rows[1:]
	if len(dataRows) > MaxRows {
		b.fail(dataRows[MaxRows].num, "", "too_many_rows", "max", MaxRows)
		return b, nil
	}
	if len(dataRows) == 0 {
		b.fail(2, "", "no_rows")
		return b, nil
	}
	for _, r := range dataRows {
		b.row(r)
	}
	if err := b.resolve(ctx, lookup); err != nil {
		return nil, err
	}
	return b, nil
}

// resolve looks up customers, suppliers and merchandisers for every group
// with one query each, and builds the orders' inputs.
func (b *Batch) resolve(ctx context.Context, lookup Lookup) error {
	var names, codes, emails []string
	for _, g := range b.groups {
		names = append(names, g.vals[colCustomer])
		codes = append(codes, g.vals[colSupplier])
		emails = append(emails, g.vals[colMerchandiser])
	}
	custs, err := lookup.CustomersByName(ctx, names)
	if err != nil {
		return err
	}
	sups, err := lookup.SuppliersByCode(ctx, codes)
	if err != nil {
		return err
	}
	users, err := lookup.UsersByEmail(ctx, emails)
	if err != nil {
		return err
	}
	str := func(v string) *string { return &v }
	for _, g := range b.groups {
		var cid, sid int64
		mid := b.by
		if name := g.vals[colCustomer]; name == "" {
			b.failCol(g.first, colCustomer, "required")
		} else if cu, ok := custs[name]; ok {
			cid = cu.ID
		} else {
			b.failCol(g.srcRow(colCustomer), colCustomer, "unknown_customer", "name", name)
		}
		if code := g.vals[colSupplier]; code == "" {
			b.failCol(g.first, colSupplier, "required")
		} else if sp, ok := sups[code]; !ok {
			b.failCol(g.srcRow(colSupplier), colSupplier, "unknown_supplier", "name", code)
		} else if !sp.Active {
			b.failCol(g.srcRow(colSupplier), colSupplier, "inactive_supplier", "name", code)
		} else {
			sid = sp.ID
		}
		if email := g.vals[colMerchandiser]; email != "" {
			u, ok := users[email]
			switch {
			case !ok:
				b.failCol(g.srcRow(colMerchandiser), colMerchandiser, "unknown_user", "name", email)
			case !u.Active || (u.Role != models.RoleMerchandiser && u.Role != models.RoleAdmin):
				b.failCol(g.srcRow(colMerchandiser), colMerchandiser, "unknown_merchandiser", "name", email)
			}
			mid = u.ID
		}
		in := models.OrderInput{PONumber: str(g.po), CustomerID: &cid, SupplierID: &sid, MerchandiserID: &mid,
			StyleNo: str(g.vals[colStyleNo]), StyleName: str(g.vals[colStyleName]), Description: str(g.vals[colDescription]),
			Category: str(g.vals[colCategory]), Unit: str(g.vals[colUnit]), ExFactoryDate: str(g.vals[colExFactory]),
			ShipMode: str(g.vals[colShipMode]), Destination: str(g.vals[colDestination]),
			UnitPrice: str(g.vals[colUnitPrice]), Currency: str(g.vals[colCurrency])}
		if t, err := strconv.Atoi(g.vals[colTolerance]); err == nil {
			in.TolerancePct = &t
		}
		lines := make([]models.OrderLine, len(g.lines))
		for i, l := range g.lines {
			lines[i] = models.OrderLine{Colour: l.colour, Size: l.size, Quantity: l.qty}
		}
		in.Lines = &lines
		g.in = in
	}
	return nil
}
