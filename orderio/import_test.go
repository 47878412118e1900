package orderio

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"gendan/models"
)

// fakeLookup knows a few customers, suppliers and users, keyed as the store
// keys them, and counts its calls.
type fakeLookup struct {
	calls int
	err   error
}

var (
	fakeCustomers = map[string]models.Customer{"Northwind": {ID: 7, Name: "Northwind"}}
	fakeSuppliers = map[string]models.Supplier{"HZ-JL": {ID: 3, Code: "HZ-JL", Active: true}, "OFF-1": {ID: 4, Code: "OFF-1"}}
	fakeUsers     = map[string]models.User{
		"merch@x.example":   {ID: 11, Role: models.RoleMerchandiser, Active: true},
		"factory@x.example": {ID: 12, Role: models.RoleFactory, Active: true},
		"gone@x.example":    {ID: 13, Role: models.RoleMerchandiser},
	}
)

func pick[T any](l *fakeLookup, known map[string]T, keys []string, norm func(string) string) (map[string]T, error) {
	l.calls++
	if l.err != nil {
		return nil, l.err
	}
	out := map[string]T{}
	for _, k := range keys {
		for name, v := range known {
			if norm(name) == norm(k) {
				out[k] = v
			}
		}
	}
	return out, nil
}

func (l *fakeLookup) CustomersByName(_ context.Context, names []string) (map[string]models.Customer, error) {
	return pick(l, fakeCustomers, names, strings.ToLower)
}

func (l *fakeLookup) SuppliersByCode(_ context.Context, codes []string) (map[string]models.Supplier, error) {
	return pick(l, fakeSuppliers, codes, strings.ToUpper)
}

func (l *fakeLookup) UsersByEmail(_ context.Context, emails []string) (map[string]models.User, error) {
	return pick(l, fakeUsers, emails, strings.ToLower)
}

const testHeader = "po_number,customer,supplier_code,merchandiser_email,style_no,ex_factory_date,ship_mode,unit_price,currency,tolerance_pct,colour,size,quantity\n"

func importCSV(t *testing.T, text string) (*Batch, *fakeLookup) {
	t.Helper()
	l := &fakeLookup{}
	b, err := Import(context.Background(), []byte(text), 11, l)
	if err != nil {
		t.Fatal(err)
	}
	return b, l
}

func TestImportGroupsRowsIntoOrders(t *testing.T) {
	b, l := importCSV(t, testHeader+
		"A-1,northwind,hz-jl,,ST-1,2026/6/30,海运,3.750,usd,5%,Navy,M,\"1,200\"\n"+
		"B-1,Northwind,HZ-JL,MERCH@x.example,ST-2,2026-07-01,air,,,,Red,S,10\n"+
		"A-1,,,,,,,3.75,,,Navy,L,300\n"+ // blank order cells: the PO's other rows
		"\n"+
		"A-1,NORTHWIND,,,,,,,,,Red,M,5\n")
	if p := b.Problems(); len(p) != 0 {
		t.Fatalf("problems %+v", p)
	}
	if l.calls != 3 {
		t.Errorf("%d look-ups, want one of each kind", l.calls)
	}
	ins := b.Orders()
	if len(ins) != 2 {
		t.Fatalf("%d orders", len(ins))
	}
	a := ins[0]
	if *a.PONumber != "A-1" || *a.CustomerID != 7 || *a.SupplierID != 3 || *a.MerchandiserID != 11 || *a.StyleNo != "ST-1" ||
		*a.ExFactoryDate != "2026-06-30" || *a.ShipMode != "sea" || *a.UnitPrice != "3.750" || *a.Currency != "USD" ||
		a.TolerancePct == nil || *a.TolerancePct != 5 || *a.StyleName != "" {
		t.Errorf("A-1: %+v", a)
	}
	if got := *a.Lines; len(got) != 3 || got[0] != (models.OrderLine{Colour: "Navy", Size: "M", Quantity: 1200}) ||
		got[1].Size != "L" || got[1].Quantity != 300 || got[2].Colour != "Red" {
		t.Errorf("A-1 lines %+v", got)
	}
	bo := ins[1]
	if *bo.PONumber != "B-1" || *bo.MerchandiserID != 11 || *bo.ShipMode != "air" || bo.TolerancePct != nil || len(*bo.Lines) != 1 {
		t.Errorf("B-1: %+v", bo)
	}
}

// want is an expected row problem: row, column as the file names it, the
// field and the code.
type want struct {
	row                 int
	column, field, code string
}

func checkProblems(t *testing.T, name string, got []RowError, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		t.Errorf("%s: %d problems, want %d:\n%+v", name, len(got), len(wants), got)
		return
	}
	for i, w := range wants {
		g := got[i]
		if g.Row != w.row || g.Column != w.column || g.Field != w.field || g.Code != w.code {
			t.Errorf("%s: problem %d is %+v, want %+v", name, i, g, w)
		}
		if _, ok := models.FieldCodes[g.Code]; !ok {
			t.Errorf("%s: unregistered code %q", name, g.Code)
		}
	}
}

func TestImportProblems(t *testing.T) {
	zh := "订单号,客户,供应商代码,款号,出厂日期,运输方式,颜色,尺码,数量\n"
	for _, c := range []struct {
		name, file string
		want       []want
	}{
		{"no header", "", []want{{1, "", "", "header_missing"}}},
		{"blank first row", "\n" + testHeader, []want{{1, "", "", "header_missing"}}},
		{"header problems", "PO,Customer,Colour,Size,Qty,Qty,quantitiy\n", []want{
			{1, "quantitiy", "quantitiy", "unknown_column"},
			{1, "supplier_code", "supplier_code", "missing_column"},
			{1, "style_no", "style_no", "missing_column"},
			{1, "ex_factory_date", "ex_factory_date", "missing_column"},
			{1, "ship_mode", "ship_mode", "missing_column"},
			{1, "Qty", "quantity", "duplicate_column"},
		}},
		{"a missing column is named in the file's language", "订单号,客户,供应商代码,款号,出厂日期,颜色,尺码,数量\n", []want{
			{1, "运输方式", "ship_mode", "missing_column"},
		}},
		{"no rows", testHeader + ",,,\n", []want{{2, "", "", "no_rows"}}},
		{"cells", testHeader +
			"A-1,Northwind,HZ-JL,,ST-1,2026-02-30,sea,,,50,Navy,M,abc\n" +
			",Northwind,HZ-JL,,ST-1,2026-06-30,sea,,,,Navy,M,1\n" +
			"A-2,Northwind,HZ-JL,,ST-1,30/06/2026,sea,,,,Navy,M,0\n" +
			"A-3,Northwind,HZ-JL,,ST-1,2026-06-30,sea,,,,Navy,M,\n",
			[]want{
				{2, "ex_factory_date", "ex_factory_date", "no_such_date"},
				{2, "tolerance_pct", "tolerance_pct", "out_of_range"},
				{2, "quantity", "quantity", "out_of_range"},
				{3, "po_number", "po_number", "required"},
				{4, "ex_factory_date", "ex_factory_date", "not_a_date"},
				{4, "quantity", "quantity", "out_of_range"},
				{5, "quantity", "quantity", "required"},
			}},
		{"rows of one PO disagree", testHeader +
			"A-1,Northwind,HZ-JL,,ST-1,2026-06-30,sea,3.75,,,Navy,M,1\n" +
			"A-1,Northwind,HZ-JL,,ST-1,2026-07-01,sea,3.750,,,Navy,L,1\n" +
			"A-1,Northwind,HZ-JL,,ST-1,2026-06-30,air,,,,navy,m,1\n",
			[]want{
				{3, "ex_factory_date", "ex_factory_date", "differs_within_po"},
				{4, "ship_mode", "ship_mode", "differs_within_po"},
				{4, "size", "size", "duplicate_line"},
			}},
		{"names", testHeader +
			"A-1,Nobody,HZ-JL,,ST-1,2026-06-30,sea,,,,Navy,M,1\n" +
			"A-2,Northwind,XX-NONE,factory@x.example,ST-1,2026-06-30,sea,,,,Navy,M,1\n" +
			"A-3,Northwind,off-1,nobody@x.example,ST-1,2026-06-30,sea,,,,Navy,M,1\n" +
			"A-4,,,gone@x.example,ST-1,2026-06-30,sea,,,,Navy,M,1\n",
			[]want{
				{2, "customer", "customer", "unknown_customer"},
				{3, "supplier_code", "supplier_code", "unknown_supplier"},
				{3, "merchandiser_email", "merchandiser_email", "unknown_merchandiser"},
				{4, "supplier_code", "supplier_code", "inactive_supplier"},
				{4, "merchandiser_email", "merchandiser_email", "unknown_user"},
				{5, "customer", "customer", "required"},
				{5, "supplier_code", "supplier_code", "required"},
				{5, "merchandiser_email", "merchandiser_email", "unknown_merchandiser"},
			}},
		{"Chinese headers name the columns", zh + "A-1,Northwind,HZ-JL,ST-1,2026-06-30,sea,Navy,M,-5\n",
			[]want{{2, "数量", "quantity", "out_of_range"}}},
	} {
		b, _ := importCSV(t, c.file)
		checkProblems(t, c.name, b.Problems(), c.want)
	}
}

func TestImportTooManyRows(t *testing.T) {
	var s strings.Builder
	s.WriteString(testHeader)
	for range MaxRows + 10 {
		s.WriteString("A-1,Northwind,HZ-JL,,ST-1,2026-06-30,sea,,,,Navy,M,1\n")
	}
	b, l := importCSV(t, s.String())
	checkProblems(t, "too many", b.Problems(), []want{{MaxRows + 2, "", "", "too_many_rows"}})
	if l.calls != 0 || len(b.Orders()) != 0 {
		t.Errorf("%d look-ups, %d orders for a file that is too long", l.calls, len(b.Orders()))
	}
}

func TestImportErrors(t *testing.T) {
	boom := errors.New("database down")
	_, err := Import(context.Background(), []byte(testHeader+"A-1,Northwind,HZ-JL,,ST-1,2026-06-30,sea,,,,Navy,M,1\n"), 1, &fakeLookup{err: boom})
	if !errors.Is(err, boom) {
		t.Errorf("failed look-up: %v", err)
	}
	if _, err := Import(context.Background(), []byte{0xff, 0xfe, 'a'}, 1, &fakeLookup{}); !errors.Is(err, ErrUnsupportedFile) {
		t.Errorf("UTF-16: %v", err)
	}
}

// TestAddStoreProblems: the store names problems by order and line index;
// they land on the row and column they came from.
func TestAddStoreProblems(t *testing.T) {
	b, _ := importCSV(t, testHeader+
		"A-1,Northwind,HZ-JL,,ST-1,2026-06-30,sea,,,,Navy,M,1\n"+
		"B-1,Northwind,HZ-JL,,ST-1,2026-06-30,,,,,Navy,M,1\n"+
		"A-1,,,,,,,,,,Navy,L,1\n"+
		"B-1,,,,,,boat,,,,Navy,L,1\n")
	ve := &models.ValidationError{}
	ve.Add("orders[0].lines[1].quantity", "out_of_range", "min", 1, "max", 10)
	ve.Add("orders[0].lines[7].colour", "too_long", "max", 100) // no such line: the PO's first row
	ve.Add("orders[0].lines[0].position", "required")           // no column for it
	ve.Add("orders[1].ship_mode", "one_of", "allowed", "sea")   // the row that holds the value
	ve.Add("orders[1].po_number", "already_used")
	ve.Add("orders[1].lines", "too_few", "min", 1)
	ve.Add("orders[1].template_id", "unknown_template")
	ve.Add("orders[9].po_number", "already_used") // no such order
	ve.Add("orders", "too_few", "min", 1)
	if err := b.AddStoreProblems(ve); err != nil {
		t.Fatal(err)
	}
	checkProblems(t, "store", b.Problems(), []want{
		{1, "", "orders", "too_few"},
		{1, "", "orders[9].po_number", "already_used"},
		{2, "", "position", "required"},
		{2, "colour", "colour", "too_long"},
		{3, "", "lines", "too_few"}, // fields without a column come first
		{3, "", "template_id", "unknown_template"},
		{3, "po_number", "po_number", "already_used"},
		{4, "quantity", "quantity", "out_of_range"},
		{5, "ship_mode", "ship_mode", "one_of"},
	})
	boom := errors.New("boom")
	if err := b.AddStoreProblems(boom); err != boom {
		t.Errorf("other errors are returned: %v", err)
	}
}

// TestRowErrorJSON: the shape clients read.
func TestRowErrorJSON(t *testing.T) {
	got, err := json.Marshal([]RowError{
		{Row: 4, Column: "数量", Field: "quantity", FieldError: models.Problem("out_of_range", "min", 1, "max", 10)},
		{Row: 2, FieldError: models.Problem("no_rows")},
	})
	if err != nil {
		t.Fatal(err)
	}
	const want = `[{"row":4,"column":"数量","field":"quantity","code":"out_of_range","params":{"max":10,"min":1},"message":"must be from 1 to 10"},` +
		`{"row":2,"column":"","code":"no_rows","message":"the file has no order rows under the header"}]`
	if string(got) != want {
		t.Errorf("JSON %s\nwant %s", got, want)
	}
}
