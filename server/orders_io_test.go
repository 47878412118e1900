package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"mime/multipart"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"gendan/models"
	"gendan/models/testdb"
	"gendan/orderio"
)

// ioHeader is the import/export column layout, written out here so the
// tests notice when it changes.
var ioHeader = []string{"po_number", "customer", "supplier_code", "merchandiser_email", "style_no", "style_name",
	"description", "category", "unit", "ex_factory_date", "ship_mode", "destination", "unit_price", "currency",
	"tolerance_pct", "colour", "size", "quantity"}

// cells is one spreadsheet row by column name.
type cells map[string]any

// sheetOf lays rows out under header; a nil row is a blank row.
func sheetOf(header []string, rows ...cells) [][]any {
	out := [][]any{make([]any, len(header))}
	for i, h := range header {
		out[0][i] = h
	}
	for _, r := range rows {
		line := make([]any, len(header))
		for i, h := range header {
			line[i] = r[h]
		}
		out = append(out, line)
	}
	return out
}

// xlsxOf builds a workbook whose sheet "Orders" holds rows from A1.
func xlsxOf(t testing.TB, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Orders"); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if blankCells(r) {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Orders", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func blankCells(r []any) bool {
	for _, v := range r {
		if v != nil && v != "" {
			return false
		}
	}
	return true
}

// csvOf writes rows as CSV text (values formatted with %v).
func csvOf(t testing.TB, rows [][]any) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for _, r := range rows {
		rec := make([]string, len(r))
		for i, v := range r {
			if v != nil {
				rec[i] = fmt.Sprint(v)
			}
		}
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	return buf.Bytes()
}

// importForm wraps a file as the multipart upload of the import.
func importForm(t testing.TB, filename string, data []byte) multipartBody {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, err := w.CreateFormFile("file", filename)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	w.Close()
	return multipartBody{contentType: w.FormDataContentType(), data: buf.Bytes()}
}

func (e *env) importFile(user, filename string, data []byte) *response {
	e.t.Helper()
	return e.do(req{method: "POST", path: "/api/v1/orders/import", token: e.token(user), body: importForm(e.t, filename, data)})
}

// importCustomer makes sure the fixture customer exists and returns its name.
func (e *env) importCustomer() string {
	e.t.Helper()
	e.newOrderInput("X")
	c, err := e.store.GetCustomer(context.Background(), e.customer)
	if err != nil {
		e.t.Fatal(err)
	}
	return c.Name
}

// validRow is a complete line of PO po for the jinling factory.
func (e *env) validRow(po, colour, size string, qty int) cells {
	return cells{"po_number": po, "customer": e.importCustomer(), "supplier_code": e.suppliers["jinling"].Code,
		"style_no": "ST-" + po, "style_name": "衬衫 Shirt", "ex_factory_date": "2026-06-30", "ship_mode": "sea",
		"unit_price": "3.75", "currency": "USD", "colour": colour, "size": size, "quantity": qty}
}

// authzImportBody is a one-line CSV import with a fresh PO number (for the
// authorization matrix).
func authzImportBody(e *env) any {
	po := fmt.Sprintf("IMP-%d", seq.Add(1))
	return importForm(e.t, "orders.csv", csvOf(e.t, sheetOf(ioHeader, e.validRow(po, "白 White", "M", 10))))
}

type importResult struct {
	Created int `json:"created"`
	Orders  []struct {
		ID       int64  `json:"id"`
		PONumber string `json:"po_number"`
	} `json:"orders"`
}

func (r *response) imported(t testing.TB) importResult {
	t.Helper()
	if r.status != 201 {
		t.Fatalf("import: status %d, want 201: %s", r.status, r.body)
	}
	var out importResult
	if err := json.Unmarshal(r.body, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func (r *response) rowErrors(t testing.TB) []orderio.RowError {
	t.Helper()
	if r.status != 422 {
		t.Fatalf("status %d, want 422: %s", r.status, r.body)
	}
	var body struct {
		Error struct {
			Code    string             `json:"code"`
			Message string             `json:"message"`
			Rows    []orderio.RowError `json:"rows"`
		} `json:"error"`
	}
	if err := json.Unmarshal(r.body, &body); err != nil {
		t.Fatal(err)
	}
	if body.Error.Code != "import_failed" || body.Error.Message == "" {
		t.Fatalf("error envelope: %s", r.body)
	}
	return body.Error.Rows
}

func (e *env) countOrders() int64 {
	e.t.Helper()
	var n int64
	if err := e.store.Gorm().Model(&models.Order{}).Count(&n).Error; err != nil {
		e.t.Fatal(err)
	}
	return n
}

func (e *env) orderByPO(po string) *models.Order {
	e.t.Helper()
	var o models.Order
	if err := e.store.Gorm().Where("po_number = ?", po).First(&o).Error; err != nil {
		e.t.Fatalf("order %s: %v", po, err)
	}
	full, err := e.store.GetOrder(context.Background(), o.ID, models.Scope{})
	if err != nil {
		e.t.Fatal(err)
	}
	return full
}

type wantLine struct {
	colour, size string
	qty          int
}

func checkLines(t *testing.T, o *models.Order, want ...wantLine) {
	t.Helper()
	if len(o.Lines) != len(want) {
		t.Fatalf("%s: %d lines, want %d: %+v", o.PONumber, len(o.Lines), len(want), o.Lines)
	}
	total := 0
	for i, w := range want {
		l := o.Lines[i]
		if l.Colour != w.colour || l.Size != w.size || l.Quantity != w.qty || l.Position != i+1 {
			t.Errorf("%s line %d: %+v, want %+v", o.PONumber, i+1, l, w)
		}
		total += w.qty
	}
	if o.TotalQuantity != total {
		t.Errorf("%s: total %d, want %d", o.PONumber, o.TotalQuantity, total)
	}
}

// openXLSX opens a downloaded workbook and returns the rows of a sheet.
func openXLSX(t *testing.T, data []byte, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("sheet %s: %v", sheet, err)
	}
	return rows
}

func TestImportTemplateDownloadsAndReimports(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		r := e.as("merch", "GET", "/api/v1/orders/import/template.xlsx", nil)
		if r.status != 200 {
			t.Fatalf("template: %d %s", r.status, r.body)
		}
		if ct := r.header.Get("Content-Type"); ct != orderio.ContentType {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := r.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".xlsx") {
			t.Errorf("Content-Disposition %q", cd)
		}
		orders := openXLSX(t, r.body, "Orders")
		if len(orders) != 1 {
			t.Fatalf("Orders sheet has %d rows, want the header only: %v", len(orders), orders)
		}
		if strings.Join(orders[0], ",") != strings.Join(ioHeader, ",") {
			t.Errorf("header %v", orders[0])
		}
		examples := openXLSX(t, r.body, "Examples")
		if len(examples) != 3 || strings.Join(examples[0], ",") != strings.Join(ioHeader, ",") || examples[1][1] != orderio.ExampleCustomer {
			t.Fatalf("Examples sheet: %v", examples)
		}
		cols := openXLSX(t, r.body, "Columns")
		doc := map[string][]string{}
		for _, row := range cols[1:] {
			if len(row) > 0 {
				doc[row[0]] = row
			}
		}
		for _, h := range ioHeader {
			row, ok := doc[h]
			if !ok || len(row) < 7 {
				t.Errorf("Columns sheet does not document %s: %v", h, row)
				continue
			}
			if row[1] == "" || row[4] == "" || row[5] == "" || !strings.Contains(row[2], "/") {
				t.Errorf("Columns sheet row for %s is incomplete: %v", h, row)
			}
		}

		// The template as downloaded has no rows to import.
		if errs := e.importFile("merch", "template.xlsx", r.body).rowErrors(t); len(errs) != 1 || errs[0].Code != "no_rows" {
			t.Errorf("empty template: %+v", errs)
		}
		// A user fills the Orders sheet: only their rows are imported, and
		// nothing is said about the example customer (who does not exist).
		fill := func(rows [][]any) []byte {
			f, err := excelize.OpenReader(bytes.NewReader(r.body))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			for i, row := range rows {
				cell, _ := excelize.CoordinatesToCellName(1, i+2)
				if err := f.SetSheetRow("Orders", cell, &row); err != nil {
					t.Fatal(err)
				}
			}
			var buf bytes.Buffer
			if err := f.Write(&buf); err != nil {
				t.Fatal(err)
			}
			return buf.Bytes()
		}
		mine := sheetOf(ioHeader, e.validRow("TPL-1", "Red", "S", 10), e.validRow("TPL-1", "Red", "M", 20), e.validRow("TPL-2", "Blue", "L", 5))[1:]
		res := e.importFile("merch", "filled.xlsx", fill(mine)).imported(t)
		if res.Created != 2 {
			t.Fatalf("filled template: created %+v", res)
		}
		checkLines(t, e.orderByPO("TPL-1"), wantLine{"Red", "S", 10}, wantLine{"Red", "M", 20})

		// The examples, copied into the Orders sheet, import once their
		// customer exists (the ex-factory date is an Excel date cell).
		if err := e.store.CreateCustomer(context.Background(), &models.Customer{Name: orderio.ExampleCustomer}); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		var copied [][]any
		for row := 2; row <= 3; row++ {
			var vals []any
			for col := 1; col <= len(ioHeader); col++ {
				cell, _ := excelize.CoordinatesToCellName(col, row)
				v, _ := f.GetCellValue("Examples", cell, excelize.Options{RawCellValue: true})
				if col == 10 {
					// The raw serial of the date, written back as a number.
					n, _ := strconv.ParseFloat(v, 64)
					vals = append(vals, n)
					continue
				}
				vals = append(vals, v)
			}
			copied = append(copied, vals)
		}
		f.Close()
		res = e.importFile("merch", "template.xlsx", fill(copied)).imported(t)
		if res.Created != 1 || len(res.Orders) != 1 || res.Orders[0].PONumber != "PO-EXAMPLE-001" {
			t.Fatalf("created %+v", res)
		}
		o := e.orderByPO("PO-EXAMPLE-001")
		if o.SupplierID != e.suppliers["jinling"].ID || o.MerchandiserID != e.users["merch"].ID || o.Status != models.StatusDraft {
			t.Errorf("order %+v", o)
		}
		if want := e.clock.Now().AddDate(0, 0, 90).Format(models.DateLayout); o.ExFactoryDate != want {
			t.Errorf("ex-factory %s, want %s (the Excel date cell)", o.ExFactoryDate, want)
		}
		if o.UnitPrice != "12.5" || o.Currency != "USD" || o.TolerancePct != 5 || o.ShipMode != "sea" {
			t.Errorf("order-level values %+v", o)
		}
		checkLines(t, o, wantLine{"Navy 藏青", "M", 600}, wantLine{"Navy 藏青", "L", 400})
	})
}

func TestImportXLSXCreatesOrders(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		cust := e.importCustomer()
		jl, hx := e.suppliers["jinling"].Code, e.suppliers["huaxing"].Code
		date := time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC)
		a := cells{"po_number": "XL-A", "customer": cust, "supplier_code": jl, "style_no": "JK-1", "style_name": "夹克 Jacket",
			"description": "Two-tone 双色", "category": "Outerwear", "ex_factory_date": date, "ship_mode": "sea",
			"destination": "Rotterdam", "unit_price": 12.5, "currency": "usd", "tolerance_pct": 3}
		b := cells{"po_number": "XL-B", "customer": strings.ToUpper(cust), "supplier_code": strings.ToLower(hx),
			"merchandiser_email": "ADMIN@test.example", "style_no": "TS-2", "ex_factory_date": "2026/8/1",
			"ship_mode": "空运", "unit": "sets"}
		c := cells{"po_number": "XL-C", "customer": cust, "supplier_code": jl, "style_no": "PT-3",
			"ex_factory_date": "2026-09-01", "ship_mode": "courier", "unit_price": "0.9", "currency": "CNY"}
		with := func(base cells, colour, size string, qty any) cells {
			r := cells{}
			for k, v := range base {
				r[k] = v
			}
			r["colour"], r["size"], r["quantity"] = colour, size, qty
			return r
		}
		rows := sheetOf(ioHeader,
			with(a, "Navy 藏青", "S", 100),
			with(a, "Navy 藏青", "M", 250),
			with(b, "Black", "One", "1,200"),
			nil, // a blank row is skipped
			with(a, "Red 红", "S", 80.0),
			with(c, "Khaki", "30", 40),
			with(c, "Khaki", "32", 60),
			with(b, "White", "One", 300),
			cells{"po_number": "XL-A", "colour": "Red 红", "size": "M", "quantity": 90}, // order columns left blank
		)
		before := e.countOrders()
		res := e.importFile("merch", "orders.xlsx", xlsxOf(t, rows)).imported(t)
		if res.Created != 3 || e.countOrders() != before+3 {
			t.Fatalf("created %+v; orders %d → %d", res, before, e.countOrders())
		}
		for i, po := range []string{"XL-A", "XL-B", "XL-C"} {
			if res.Orders[i].PONumber != po || res.Orders[i].ID == 0 {
				t.Errorf("orders[%d] = %+v, want %s", i, res.Orders[i], po)
			}
		}
		oa := e.orderByPO("XL-A")
		checkLines(t, oa, wantLine{"Navy 藏青", "S", 100}, wantLine{"Navy 藏青", "M", 250}, wantLine{"Red 红", "S", 80}, wantLine{"Red 红", "M", 90})
		if oa.ExFactoryDate != "2026-07-15" || oa.BaselineExFactoryDate != "2026-07-15" || oa.UnitPrice != "12.5" || oa.Currency != "USD" ||
			oa.TolerancePct != 3 || oa.Unit != "pcs" || oa.StyleName != "夹克 Jacket" || oa.Description != "Two-tone 双色" ||
			oa.Category != "Outerwear" || oa.Destination != "Rotterdam" || oa.CustomerID != e.customer ||
			oa.SupplierID != e.suppliers["jinling"].ID || oa.MerchandiserID != e.users["merch"].ID {
			t.Errorf("XL-A: %+v", oa)
		}
		ob := e.orderByPO("XL-B")
		checkLines(t, ob, wantLine{"Black", "One", 1200}, wantLine{"White", "One", 300})
		if ob.ShipMode != "air" || ob.ExFactoryDate != "2026-08-01" || ob.Unit != "sets" || ob.TolerancePct != 5 ||
			ob.SupplierID != e.suppliers["huaxing"].ID || ob.MerchandiserID != e.users["admin"].ID || ob.UnitPrice != "" {
			t.Errorf("XL-B: %+v", ob)
		}
		oc := e.orderByPO("XL-C")
		checkLines(t, oc, wantLine{"Khaki", "30", 40}, wantLine{"Khaki", "32", 60})
		if oc.ShipMode != "courier" || oc.UnitPrice != "0.9" || oc.Currency != "CNY" {
			t.Errorf("XL-C: %+v", oc)
		}
		// Each order has its "created" event, like one made through the API.
		var n int64
		e.store.Gorm().Model(&models.ActivityEvent{}).Where("order_id IN ? AND kind = ?", []int64{oa.ID, ob.ID, oc.ID}, models.ActOrderCreated).Count(&n)
		if n != 3 {
			t.Errorf("%d order_created events, want 3", n)
		}
	})
}

func TestImportCSVWithBOMAndChineseRoundTrips(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		cust := e.importCustomer()
		zh := []string{"订单号", "客户", "供应商代码", "跟单员邮箱", "款号", "款名", "描述", "品类", "单位", "出厂日期", "运输方式",
			"目的地", "单价", "币种", "溢短装%", "颜色", "尺码", "数量"}
		base := cells{"订单号": "CN-2026-001", "客户": cust, "供应商代码": "HZ-JL", "款号": "女装-88", "款名": "真丝连衣裙",
			"描述": "100% 桑蚕丝，\"手工\"包边,\n第二行说明", "品类": "连衣裙", "单位": "件", "出厂日期": "2026年6月18日",
			"运输方式": "海运", "目的地": "上海港", "单价": "88.8", "币种": "CNY", "溢短装%": "3%"}
		var rows []cells
		for _, l := range []wantLine{{"藏青色", "均码", 500}, {"米白色", "均码", 300}, {"酒红色", "XL", 20}} {
			r := cells{}
			for k, v := range base {
				r[k] = v
			}
			r["颜色"], r["尺码"], r["数量"] = l.colour, l.size, l.qty
			rows = append(rows, r)
		}
		data := append([]byte("\xEF\xBB\xBF"), csvOf(t, sheetOf(zh, rows...))...)
		res := e.importFile("merch", "订单.csv", data).imported(t)
		if res.Created != 1 {
			t.Fatalf("created %+v", res)
		}
		o := e.orderByPO("CN-2026-001")
		if o.StyleNo != "女装-88" || o.StyleName != "真丝连衣裙" || o.Description != base["描述"] || o.Category != "连衣裙" ||
			o.Unit != "件" || o.ExFactoryDate != "2026-06-18" || o.ShipMode != "sea" || o.Destination != "上海港" ||
			o.UnitPrice != "88.8" || o.Currency != "CNY" || o.TolerancePct != 3 {
			t.Errorf("order %+v", o)
		}
		checkLines(t, o, wantLine{"藏青色", "均码", 500}, wantLine{"米白色", "均码", 300}, wantLine{"酒红色", "XL", 20})

		// Exported, the Chinese text comes back as it went in …
		r := e.as("merch", "GET", "/api/v1/orders/export.xlsx?q=CN-2026", nil)
		if r.status != 200 {
			t.Fatalf("export: %d %s", r.status, r.body)
		}
		got := openXLSX(t, r.body, "Orders")
		if len(got) != 4 {
			t.Fatalf("export rows %v", got)
		}
		for i, row := range got[1:] {
			if row[0] != "CN-2026-001" || row[1] != cust || row[4] != "女装-88" || row[6] != base["描述"] || row[8] != "件" ||
				row[9] != "2026-06-18" || row[11] != "上海港" || row[15] != o.Lines[i].Colour || row[16] != o.Lines[i].Size {
				t.Errorf("export row %d: %q", i+2, row)
			}
		}
		// … and re-imported under a new PO number it makes the same order.
		f, err := excelize.OpenReader(bytes.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		for i := 2; i <= 4; i++ {
			f.SetCellValue("Orders", fmt.Sprintf("A%d", i), "CN-2026-002")
		}
		var buf bytes.Buffer
		f.Write(&buf)
		f.Close()
		e.importFile("merch", "export.xlsx", buf.Bytes()).imported(t)
		o2 := e.orderByPO("CN-2026-002")
		checkLines(t, o2, wantLine{"藏青色", "均码", 500}, wantLine{"米白色", "均码", 300}, wantLine{"酒红色", "XL", 20})
		if o2.Description != o.Description || o2.ExFactoryDate != o.ExFactoryDate || o2.UnitPrice != o.UnitPrice ||
			o2.TolerancePct != o.TolerancePct || o2.MerchandiserID != o.MerchandiserID || o2.ShipMode != o.ShipMode {
			t.Errorf("re-imported %+v, want like %+v", o2, o)
		}
	})
}

// rowWant is an expected row problem: row, the column as the file names
// it, and the code.
type rowWant struct {
	row          int
	column, code string
}

// wantRowErrors compares row problems by row, column and code; every code
// must be registered.
func wantRowErrors(t *testing.T, got []orderio.RowError, want []rowWant) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d row errors, want %d:\n got %+v\nwant %+v", len(got), len(want), got, want)
	}
	for i := range min(len(got), len(want)) {
		g, w := got[i], want[i]
		if g.Row != w.row || g.Column != w.column || g.Code != w.code {
			t.Errorf("error %d: got %+v, want row %d column %q code %q", i, g, w.row, w.column, w.code)
		}
	}
	for _, g := range got {
		if _, ok := models.FieldCodes[g.Code]; !ok {
			t.Errorf("row %d: unregistered code %q", g.Row, g.Code)
		}
	}
}

func TestImportReportsEveryRowAndCreatesNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		bad := func(r cells, k string, v any) cells { r[k] = v; return r }
		rows := sheetOf(ioHeader,
			e.validRow("E-A", "Blue", "M", 100),                                                   // 2 fine
			bad(e.validRow("E-A", "Blue", "L", 0), "quantity", "abc"),                             // 3
			bad(e.validRow("E-B", "Blue", "M", 10), "ex_factory_date", "2026-02-30"),              // 4
			bad(e.validRow("E-C", "Blue", "M", 10), "customer", "Nobody Ltd"),                     // 5
			bad(e.validRow("E-D", "Blue", "M", 10), "supplier_code", "XX-NONE"),                   // 6
			e.validRow("E-E", "Red", "M", 10),                                                     // 7 fine
			e.validRow("E-E", "red", "m", 10),                                                     // 8 repeats row 7
			nil,                                                                                   // 9 blank
			bad(e.validRow("E-F", "Blue", "M", 10), "ship_mode", "boat"),                          // 10 (the store says so)
			e.validRow("E-G", "Blue", "M", 0),                                                     // 11
			bad(e.validRow("E-A", "Blue", "XL", 5), "tolerance_pct", 50),                          // 12
			bad(e.validRow("", "Blue", "M", 10), "po_number", ""),                                 // 13
			e.validRow("E-H", strings.Repeat("x", 101), "M", 10),                                  // 14 (the store says so)
			bad(e.validRow("E-I", "Blue", "M", 10), "merchandiser_email", "factory@test.example"), // 15
		)
		before := e.countOrders()
		for _, file := range []struct {
			name string
			data []byte
		}{{"bad.xlsx", xlsxOf(t, rows)}, {"bad.csv", csvOf(t, rows)}} {
			errs := e.importFile("merch", file.name, file.data).rowErrors(t)
			wantRowErrors(t, errs, []rowWant{
				{3, "quantity", "out_of_range"},
				{4, "ex_factory_date", "no_such_date"},
				{5, "customer", "unknown_customer"},
				{6, "supplier_code", "unknown_supplier"},
				{8, "size", "duplicate_line"},
				{10, "ship_mode", "one_of"},
				{11, "quantity", "out_of_range"},
				{12, "tolerance_pct", "out_of_range"},
				{13, "po_number", "required"},
				{14, "colour", "too_long"},
				{15, "merchandiser_email", "unknown_merchandiser"},
			})
			if n := e.countOrders(); n != before {
				t.Fatalf("%s: orders %d → %d: a failed import created orders", file.name, before, n)
			}
		}
	})
}

func TestImportExistingPOAndDisagreeingColumns(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		taken, err := e.store.GetOrder(context.Background(), e.draftOrder(), models.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		before := e.countOrders()
		// Only the store finds these: the file itself reads fine.
		rows := sheetOf(ioHeader,
			e.validRow("NEW-1", "Blue", "M", 10),
			e.validRow(taken.PONumber, "Blue", "M", 10),
			e.validRow(taken.PONumber, "Blue", "L", 10),
			func() cells { r := e.validRow("NEW-2", "Blue", "M", 10); r["ship_mode"] = "boat"; return r }(),
		)
		errs := e.importFile("merch", "taken.xlsx", xlsxOf(t, rows)).rowErrors(t)
		wantRowErrors(t, errs, []rowWant{
			{3, "po_number", "already_used"},
			{5, "ship_mode", "one_of"},
		})

		// Order-level columns must agree on every row of a PO.
		r3 := e.validRow("AG-1", "Blue", "L", 10)
		r3["ship_mode"] = "air"
		r4 := e.validRow("AG-1", "Blue", "XL", 10)
		r4["ex_factory_date"], r4["unit_price"] = "2026-07-01", "3.750" // the same price, written differently
		r5 := e.validRow("AG-1", "Blue", "XXL", 10)
		r5["customer"] = strings.ToUpper(r5["customer"].(string)) // names the same customer
		errs = e.importFile("merch", "disagree.csv", csvOf(t, sheetOf(ioHeader, e.validRow("AG-1", "Blue", "M", 10), r3, r4, r5))).rowErrors(t)
		wantRowErrors(t, errs, []rowWant{
			{3, "ship_mode", "differs_within_po"},
			{4, "ex_factory_date", "differs_within_po"},
		})
		if n := e.countOrders(); n != before {
			t.Fatalf("orders %d → %d", before, n)
		}
	})
}

// TestImportGBKAndUTF16CSV: a CSV saved by Excel on Chinese Windows (GBK,
// Chinese headers) and one saved as "Unicode text" (UTF-16 LE with a BOM)
// import like UTF-8 ones.
func TestImportGBKAndUTF16CSV(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		zh := []string{"订单号", "客户", "供应商代码", "款号", "款名", "出厂日期", "运输方式", "单价", "币种", "颜色", "尺码", "数量"}
		row := func(po, colour string, qty int) cells {
			r := e.validRow(po, colour, "M", qty)
			return cells{"订单号": r["po_number"], "客户": r["customer"], "供应商代码": r["supplier_code"], "款号": r["style_no"],
				"款名": "真丝连衣裙", "出厂日期": r["ex_factory_date"], "运输方式": "海运", "单价": r["unit_price"], "币种": r["currency"],
				"颜色": colour, "尺码": "M", "数量": qty}
		}
		text := csvOf(t, sheetOf(zh, row("GBK-1", "藏青色", 500), row("GBK-1", "米白色", 300)))
		gbkData, err := simplifiedchinese.GBK.NewEncoder().Bytes(text)
		if err != nil {
			t.Fatal(err)
		}
		if utf8.Valid(gbkData) {
			t.Fatal("the GBK bytes are valid UTF-8")
		}
		res := e.importFile("merch", "gbk.csv", gbkData).imported(t)
		if res.Created != 1 || res.Orders[0].PONumber != "GBK-1" {
			t.Fatalf("created %+v", res)
		}
		o := e.orderByPO("GBK-1")
		if o.StyleName != "真丝连衣裙" || o.ShipMode != "sea" {
			t.Errorf("order %+v", o)
		}
		checkLines(t, o, wantLine{"藏青色", "M", 500}, wantLine{"米白色", "M", 300})

		text = csvOf(t, sheetOf(zh, row("U16-1", "酒红色", 20)))
		u16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(text)
		if err != nil {
			t.Fatal(err)
		}
		if res := e.importFile("merch", "unicode.csv", u16).imported(t); res.Created != 1 {
			t.Fatalf("UTF-16: created %+v", res)
		}
		checkLines(t, e.orderByPO("U16-1"), wantLine{"酒红色", "M", 20})
	})
}

func TestImportRejectsBadFiles(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		var pngBytes bytes.Buffer
		png.Encode(&pngBytes, image.NewRGBA(image.Rect(0, 0, 4, 4)))
		for name, data := range map[string][]byte{
			"photo.xlsx": pngBytes.Bytes(),
			"latin1.csv": []byte("caf\xe9,na\xefve\n1,2\n"),
			"zip.xlsx":   []byte("PK\x03\x04 not really a zip"),
		} {
			r := e.importFile("merch", name, data)
			if r.status != 415 || r.errorCode(t) != "unsupported_media_type" {
				t.Errorf("%s: %d %s", name, r.status, r.body)
			}
		}
		// Over the 10 MiB body limit. (The message is the photo upload's: the
		// error handler rewrites every multipart 413 to errFileTooLarge.)
		if r := e.importFile("merch", "big.csv", bytes.Repeat([]byte("a,b\n"), importBodyLimit/4+1)); r.status != 413 {
			t.Errorf("11 MiB file: %d %s", r.status, r.body)
		}
		r := e.as("merch", "POST", "/api/v1/orders/import", map[string]string{"file": "x"})
		if r.status != 400 || r.errorCode(t) != "invalid_multipart" {
			t.Errorf("JSON body: %d %s", r.status, r.body)
		}
		// Headers: a missing required column and an unknown one.
		errs := e.importFile("merch", "h.csv", []byte("po_number,customer,colour,size,quantity,quantitiy\nA,B,C,D,1,2\n")).rowErrors(t)
		wantRowErrors(t, errs, []rowWant{
			{1, "quantitiy", "unknown_column"},
			{1, "supplier_code", "missing_column"},
			{1, "style_no", "missing_column"},
			{1, "ex_factory_date", "missing_column"},
			{1, "ship_mode", "missing_column"},
		})
		errs = e.importFile("merch", "empty.csv", []byte("\xEF\xBB\xBF"+strings.Join(ioHeader, ",")+"\n")).rowErrors(t)
		wantRowErrors(t, errs, []rowWant{{2, "", "no_rows"}})

		// More than 5,000 rows: one problem, on the first row too many.
		var big bytes.Buffer
		big.WriteString(strings.Join(ioHeader, ",") + "\n")
		for i := 0; i < orderio.MaxRows+10; i++ {
			fmt.Fprintf(&big, "BIG-%d,Northwind,HZ-JL,,S,,,,,2026-06-30,sea,,,,,Blue,M,1\n", i)
		}
		errs = e.importFile("merch", "big.csv", big.Bytes()).rowErrors(t)
		wantRowErrors(t, errs, []rowWant{{orderio.MaxRows + 2, "", "too_many_rows"}})
	})
}

func TestImportIdempotencyKeyReplays(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		body := importForm(t, "o.csv", csvOf(t, sheetOf(ioHeader, e.validRow("IDEM-1", "Blue", "M", 10))))
		send := func() *response {
			return e.do(req{method: "POST", path: "/api/v1/orders/import", token: e.token("merch"), body: body,
				headers: map[string]string{"Idempotency-Key": "import-once"}})
		}
		first := send()
		before := e.countOrders()
		second := send()
		if first.status != 201 || second.status != 201 || !bytes.Equal(first.body, second.body) ||
			second.header.Get("Idempotent-Replayed") != "true" || e.countOrders() != before {
			t.Fatalf("replay: %d %s / %d %s", first.status, first.body, second.status, second.body)
		}
	})
}

func TestExportMatchesDatabase(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		hx := e.validRow("EX-HX", "Grey", "S", 7)
		hx["supplier_code"] = e.suppliers["huaxing"].Code
		rows := sheetOf(ioHeader,
			e.validRow("EX-1", "Blue", "S", 11), e.validRow("EX-1", "Blue", "M", 12),
			e.validRow("EX-2", "Green", "40", 21), hx, e.validRow("EX-2", "Green", "42", 22), e.validRow("EX-2", "Green", "44", 23))
		e.importFile("merch", "o.xlsx", xlsxOf(t, rows)).imported(t)
		tid := e.apparel()
		if _, err := e.store.ConfirmOrder(context.Background(), e.orderByPO("EX-2").ID, &tid, models.LateKeep, e.users["merch"].ID); err != nil {
			t.Fatal(err)
		}

		q := url.Values{"supplier_id": {fmt.Sprint(e.suppliers["jinling"].ID)}, "status": {"draft"}}
		r := e.as("admin", "GET", "/api/v1/orders/export.xlsx?"+q.Encode(), nil)
		if r.status != 200 || r.header.Get("Content-Type") != orderio.ContentType || !strings.HasPrefix(r.header.Get("Content-Disposition"), "attachment;") {
			t.Fatalf("export: %d %v", r.status, r.header)
		}
		got := openXLSX(t, r.body, "Orders")
		if strings.Join(got[0], ",") != strings.Join(ioHeader, ",") {
			t.Errorf("header %v", got[0])
		}
		// Only the draft of jinling: EX-1 (EX-2 is confirmed, EX-HX is another supplier's).
		var want [][]string
		err := e.store.EachOrder(context.Background(), models.OrderFilter{SupplierID: &e.suppliers["jinling"].ID, Status: "draft"}, func(o *models.Order) error {
			for _, l := range o.Lines {
				want = append(want, []string{o.PONumber, e.importCustomer(), "HZ-JL", "merch@test.example", o.StyleNo, o.StyleName,
					o.Description, o.Category, o.Unit, o.ExFactoryDate, o.ShipMode, o.Destination, "3.75", o.Currency,
					fmt.Sprint(o.TolerancePct), l.Colour, l.Size, fmt.Sprint(l.Quantity)})
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(want) != 2 || len(got) != len(want)+1 {
			t.Fatalf("export has %d rows, want %d: %q", len(got)-1, len(want), got)
		}
		for i, w := range want {
			g := got[i+1]
			for len(g) < len(w) {
				g = append(g, "")
			}
			if strings.Join(g, "|") != strings.Join(w, "|") {
				t.Errorf("row %d:\n got %q\nwant %q", i+2, g, w)
			}
		}

		// No filter: every line of every order.
		if all := openXLSX(t, e.as("merch", "GET", "/api/v1/orders/export.xlsx", nil).body, "Orders"); len(all) != 1+6 {
			t.Errorf("unfiltered export has %d rows, want 6", len(all)-1)
		}
		// A bad filter is the list's 422.
		if r := e.as("merch", "GET", "/api/v1/orders/export.xlsx?ex_factory_from=soon", nil); r.status != 422 {
			t.Errorf("bad filter: %d", r.status)
		}
	})
}

func TestOrderImportExportForbiddenToFactories(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		before := e.countOrders()
		for _, r := range []*response{
			e.as("factory", "GET", "/api/v1/orders/import/template.xlsx", nil),
			e.as("factory", "GET", "/api/v1/orders/export.xlsx", nil),
			e.as("factory", "GET", "/api/v1/orders/export/wip", nil),
			e.importFile("factory", "o.csv", csvOf(t, sheetOf(ioHeader, e.validRow("FAC-1", "Blue", "M", 10)))),
		} {
			if r.status != 403 || r.errorCode(t) != "forbidden" {
				t.Errorf("factory: %d %s", r.status, r.body)
			}
		}
		if e.countOrders() != before {
			t.Error("a factory import created orders")
		}
	})
}

// BenchmarkImport1000Rows imports 100 POs × 10 lines from an .xlsx.
func BenchmarkImport1000Rows(b *testing.B) {
	for _, dialect := range []string{"sqlite", "mysql"} {
		b.Run(dialect, func(b *testing.B) {
			var db *models.DB
			if dialect == "sqlite" {
				db = testdb.SQLite(b)
			} else {
				db = testdb.MySQL(b)
			}
			e := newEnv(b, db)
			cust, code := e.importCustomer(), e.suppliers["jinling"].Code
			var spent time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				var rows []cells
				for p := range 100 {
					for l := range 10 {
						rows = append(rows, cells{"po_number": fmt.Sprintf("B%d-%03d", i, p), "customer": cust, "supplier_code": code,
							"style_no": "ST-1", "ex_factory_date": "2026-06-30", "ship_mode": "sea", "unit_price": "3.75", "currency": "USD",
							"colour": "Colour", "size": fmt.Sprintf("S%02d", l), "quantity": 100 + l})
					}
				}
				body := importForm(b, "bench.xlsx", xlsxOf(b, sheetOf(ioHeader, rows...)))
				tok := e.token("merch")
				b.StartTimer()
				start := time.Now()
				r := e.do(req{method: "POST", path: "/api/v1/orders/import", token: tok, body: body})
				spent += time.Since(start)
				if r.status != 201 {
					b.Fatalf("import: %d %s", r.status, r.body[:min(len(r.body), 500)])
				}
			}
			b.ReportMetric(float64(spent.Milliseconds())/float64(b.N), "ms/op")
		})
	}
}

// TestExportWIP: the work-in-progress report lists the filtered orders with
// their plan (planned vs actual, quantities, overdue marks) in the user's
// language, and no price or internal note.
func TestExportWIP(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		id := e.fixtureOrder()
		o, err := e.store.GetOrder(ctx, id, models.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		e.draftOrder() // another order, left out by the filter below
		ms, err := e.store.ListMilestones(ctx, id)
		if err != nil || len(ms) < 3 {
			t.Fatalf("milestones %v %v", ms, err)
		}
		var qty *models.Milestone
		for i := range ms {
			if ms[i].QuantityKind != "" && i > 0 {
				qty = &ms[i]
				break
			}
		}
		if qty == nil {
			t.Fatal("no quantity step after the first")
		}
		// The first step is late; a quantity step is done with 250 pieces.
		late := e.clock.Now().AddDate(0, 0, -5).Format(models.DateLayout)
		done := e.clock.Now().AddDate(0, 0, -2).Format(models.DateLayout)
		g := e.store.Gorm().Model(&models.Milestone{})
		if err := g.Where("id = ?", ms[0].ID).Update("planned_date", late).Error; err != nil {
			t.Fatal(err)
		}
		if err := e.store.Gorm().Model(&models.Milestone{}).Where("id = ?", qty.ID).
			Updates(map[string]any{"status": models.MilestoneDone, "actual_date": done, "quantity_done": 250}).Error; err != nil {
			t.Fatal(err)
		}
		if err := e.store.SyncPlanSummaries(ctx, id); err != nil {
			t.Fatal(err)
		}
		if err := e.store.RefreshRisk(ctx, id); err != nil { // written past the store
			t.Fatal(err)
		}

		get := func(query string) [][]string {
			t.Helper()
			r := e.as("merch", "GET", "/api/v1/orders/export/wip"+query, nil)
			if r.status != 200 {
				t.Fatalf("wip: %d %s", r.status, r.body)
			}
			if ct := r.header.Get("Content-Type"); ct != orderio.ContentType {
				t.Errorf("Content-Type %q", ct)
			}
			if cd := r.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "wip-") {
				t.Errorf("Content-Disposition %q", cd)
			}
			rows := openXLSX(t, r.body, "WIP")
			for _, row := range rows {
				for _, v := range row {
					if strings.Contains(v, "12.5") || strings.Contains(v, "secret") || strings.Contains(v, "USD") {
						t.Errorf("a price or internal note in the report: %q", row)
					}
				}
			}
			return rows
		}
		col := func(head []string, name string) int {
			t.Helper()
			for i, h := range head {
				if h == name {
					return i
				}
			}
			t.Fatalf("no column %q in %q", name, head)
			return -1
		}
		cell := func(row []string, i int) string {
			if i < len(row) {
				return row[i]
			}
			return ""
		}
		for _, c := range []struct {
			locale                                              string
			po, status, overdue, next, planned, actual, qtyDone string
			first, qtyStep                                      string
		}{
			{models.LocaleZH, "订单号", "已确认", "逾期", "下一步", " 计划", " 实际", " 完成数量", ms[0].Name, qty.Name},
			{models.LocaleEN, "PO", "Confirmed", "OVERDUE", "Next step", " planned", " actual", " qty done", ms[0].NameEn, qty.NameEn},
		} {
			locale := c.locale
			if _, err := e.store.UpdateUser(ctx, e.users["merch"].ID, models.UserPatch{Locale: &locale}); err != nil {
				t.Fatal(err)
			}
			rows := get("?q=" + url.QueryEscape(o.PONumber))
			if len(rows) != 2 {
				t.Fatalf("%s: %d rows, want header + the filtered order: %q", c.locale, len(rows), rows)
			}
			head, row := rows[0], rows[1]
			if head[0] != c.po || row[col(head, c.po)] != o.PONumber || row[1] != "Northwind 测试客户" || row[2] != "ST-1" ||
				row[5] != c.status || row[6] != o.ExFactoryDate {
				t.Errorf("%s: order cells %q / %q", c.locale, head, row)
			}
			if !strings.HasPrefix(row[col(head, map[string]string{models.LocaleZH: "逾期", models.LocaleEN: "Overdue"}[c.locale])], c.overdue) {
				t.Errorf("%s: no overdue mark: %q", c.locale, row)
			}
			if row[col(head, c.next)] != c.first {
				t.Errorf("%s: next step %q, want %q", c.locale, row[col(head, c.next)], c.first)
			}
			if got := cell(row, col(head, c.first+c.planned)); got != late {
				t.Errorf("%s: first step planned %q, want %q", c.locale, got, late)
			}
			if got := cell(row, col(head, c.qtyStep+c.actual)); got != done {
				t.Errorf("%s: %s actual %q, want %q", c.locale, c.qtyStep, got, done)
			}
			if got := cell(row, col(head, c.qtyStep+c.qtyDone)); got != "250" {
				t.Errorf("%s: %s quantity %q, want 250", c.locale, c.qtyStep, got)
			}
			if got := cell(row, col(head, c.qtyStep+c.planned)); got != qty.PlannedDate {
				t.Errorf("%s: %s planned %q, want %q", c.locale, c.qtyStep, got, qty.PlannedDate)
			}
		}
		// Without a filter both orders are listed; a bad filter is refused.
		if rows := get(""); len(rows) != 3 {
			t.Errorf("unfiltered: %d rows", len(rows))
		}
		if r := e.as("merch", "GET", "/api/v1/orders/export/wip?ex_factory_from=soon", nil); r.status != 422 {
			t.Errorf("bad filter: %d %s", r.status, r.body)
		}
	})
}
