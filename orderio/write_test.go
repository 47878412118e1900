package orderio

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gendan/models"
)

func newWriter(t *testing.T) *Writer {
	t.Helper()
	w, err := NewWriter()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func sheetRows(t *testing.T, data []byte, name string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(name)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestExportReimports: what the writer writes, the importer reads back as
// the same orders.
func TestExportReimports(t *testing.T) {
	w := newWriter(t)
	a := &models.Order{PONumber: "A-1", StyleNo: "ST-1", StyleName: "夹克 Jacket", Description: "two\nlines", Category: "Outerwear",
		Unit: "pcs", ExFactoryDate: "2026-06-30", ShipMode: "sea", Destination: "汉堡", UnitPrice: "12.3", Currency: "USD", TolerancePct: 3,
		Lines: []models.OrderLine{{Colour: "Navy 藏青", Size: "M", Quantity: 600}, {Colour: "Navy 藏青", Size: "L", Quantity: 400}}}
	b := &models.Order{PONumber: "B-1", StyleNo: "ST-2", ExFactoryDate: "2026-07-01", ShipMode: "air", TolerancePct: 0,
		Lines: []models.OrderLine{{Colour: "Red", Size: "S", Quantity: 1}}}
	for _, o := range []*models.Order{a, b} {
		if err := w.AddOrder(o, "Northwind", "HZ-JL", "merch@x.example"); err != nil {
			t.Fatal(err)
		}
	}
	data, err := w.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	rows := sheetRows(t, data, "Orders")
	if len(rows) != 4 || strings.Join(rows[0], ",") != "po_number,customer,supplier_code,merchandiser_email,style_no,style_name,"+
		"description,category,unit,ex_factory_date,ship_mode,destination,unit_price,currency,tolerance_pct,colour,size,quantity" {
		t.Fatalf("rows %q", rows)
	}
	batch, err := Import(context.Background(), data, 1, &fakeLookup{})
	if err != nil {
		t.Fatal(err)
	}
	if p := batch.Problems(); len(p) != 0 {
		t.Fatalf("problems %+v", p)
	}
	ins := batch.Orders()
	if len(ins) != 2 {
		t.Fatalf("%d orders", len(ins))
	}
	in := ins[0]
	if *in.PONumber != "A-1" || *in.CustomerID != 7 || *in.SupplierID != 3 || *in.MerchandiserID != 11 || *in.StyleName != a.StyleName ||
		*in.Description != a.Description || *in.ExFactoryDate != a.ExFactoryDate || *in.UnitPrice != "12.3" || *in.Currency != "USD" ||
		*in.TolerancePct != 3 || *in.Destination != "汉堡" || len(*in.Lines) != 2 || (*in.Lines)[1] != a.Lines[1] {
		t.Errorf("A-1 back: %+v", in)
	}
	if in := ins[1]; *in.ShipMode != "air" || *in.TolerancePct != 0 || *in.UnitPrice != "" || (*in.Lines)[0] != b.Lines[0] {
		t.Errorf("B-1 back: %+v", in)
	}
}

func TestExportOrderWithoutLines(t *testing.T) {
	w := newWriter(t)
	if err := w.AddOrder(&models.Order{PONumber: "E-1", ExFactoryDate: "not a date", UnitPrice: "n/a"}, "C", "S", ""); err != nil {
		t.Fatal(err)
	}
	data, err := w.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	rows := sheetRows(t, data, "Orders")
	// One row, the text kept as text, no quantity.
	if len(rows) != 2 || rows[1][0] != "E-1" || rows[1][9] != "not a date" || rows[1][12] != "n/a" || len(rows[1]) != 15 {
		t.Errorf("rows %q", rows)
	}
}

func TestExportTooManyRows(t *testing.T) {
	w := newWriter(t)
	w.next = excelize.TotalRows // the sheet's last row
	o := &models.Order{PONumber: "X", Lines: []models.OrderLine{{Colour: "a", Size: "b", Quantity: 1}, {Colour: "a", Size: "c", Quantity: 1}}}
	if err := w.AddOrder(o, "", "", ""); !errors.Is(err, ErrTooManyRows) {
		t.Errorf("past the last row: %v", err)
	}
}

func TestTemplate(t *testing.T) {
	data, err := Template(Example{Supplier: "SZ-01", Merchandiser: "me@x.example", ExFactory: "2026-09-28"})
	if err != nil {
		t.Fatal(err)
	}
	// The imported sheet holds only the header; the examples are elsewhere.
	if orders := sheetRows(t, data, "Orders"); len(orders) != 1 || orders[0][0] != "po_number" || len(orders[0]) != numColumns {
		t.Errorf("Orders %q", orders)
	}
	ex := sheetRows(t, data, "Examples")
	if len(ex) != 3 || ex[0][0] != "po_number" || ex[1][0] != "PO-EXAMPLE-001" || ex[1][1] != ExampleCustomer || ex[1][2] != "SZ-01" ||
		ex[1][3] != "me@x.example" || ex[1][9] != "2026-09-28" || ex[1][17] != "600" || ex[2][17] != "400" {
		t.Errorf("Examples %q", ex)
	}
	sh, err := read(data)
	if err != nil || len(sh.rows) != 1 {
		t.Errorf("read sees %+v, %v; want the header only", sh, err)
	}
	cols := sheetRows(t, data, "Columns")
	if len(cols) < numColumns+1 || cols[0][0] != "Column" {
		t.Fatalf("Columns %q", cols)
	}
	for i, c := range columns {
		r := cols[i+1]
		if r[0] != c.key || r[1] != c.zh || r[4] != c.format || r[5] != c.formatZH {
			t.Errorf("Columns row %d: %q", i+2, r)
		}
	}
	if ex := cols[1+colTolerance]; len(ex) != 7 || ex[6] != "5" {
		t.Errorf("tolerance example %q", ex)
	}
	if ex := cols[1+colQuantity]; len(ex) != 7 || ex[6] != "600" {
		t.Errorf("quantity example %q", ex)
	}
}
