package orderio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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

func TestAddStoreProblemsReturnsOtherErrors(t *testing.T) {
	b, _ := importCSV(t, testHeader+"A-1,Northwind,HZ-JL,,ST-1,2026-06-30,sea,,,,Navy,M,1\n")
	boom := errors.New("boom")
	if err := b.AddStoreProblems(boom); err != boom {
		t.Errorf("other errors are returned: %v", err)
	}
	if err := b.AddStoreProblems(fmt.Errorf("create orders: %w", &models.ValidationError{})); err != nil || len(b.Problems()) != 0 {
		t.Errorf("a wrapped, empty validation error: %v, %+v", err, b.Problems())
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
		`{"row":2,"column":"","code":"no_rows","message":"the file has no rows under the header"}]`
	if string(got) != want {
		t.Errorf("JSON %s\nwant %s", got, want)
	}
}
