package models

import (
	"errors"
	"reflect"
	"testing"
)

func packOrder() *Order {
	return &Order{ID: 1, TotalQuantity: 1000, TolerancePct: 3, Lines: []OrderLine{
		{Colour: "Navy", Size: "M", Quantity: 600}, {Colour: "Navy", Size: "L", Quantity: 400}}}
}

func fieldCodes(t *testing.T, err error) map[string]string {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a validation error, got %v", err)
	}
	out := map[string]string{}
	for f, fe := range ve.Fields {
		out[f] = fe.Code
	}
	return out
}

func TestCheckPackingList(t *testing.T) {
	o := packOrder()
	p, err := CheckPackingList(o, []PackingRange{
		{From: 1, To: 30, Colour: " Navy ", Size: "M", Pieces: 20, NetKg: 8.004, GrossKg: 8.5, LengthCm: 60, WidthCm: 40, HeightCm: 30},
		{From: 31, To: 50, Colour: "Navy", Size: "L", Pieces: 20, NetKg: 8.2, GrossKg: 8.7, LengthCm: 60, WidthCm: 40, HeightCm: 30},
		{From: 51, To: 51, Colour: "Navy", Size: "L", Pieces: 5, NetKg: 2, GrossKg: 2.4, LengthCm: 30, WidthCm: 20, HeightCm: 10},
	})
	if err != nil {
		t.Fatal(err)
	}
	// 50 cartons of 0.072 m³ and one of 0.006; weights to 10 g.
	if p.Cartons != 51 || p.Pieces != 1005 || p.CBMMilli != 3606 || p.NetG != 30*8000+20*8200+2000 || p.GrossG != 30*8500+20*8700+2400 {
		t.Fatalf("totals %+v", p)
	}
	want := []LineQty{{Colour: "Navy", Size: "M", Quantity: 600}, {Colour: "Navy", Size: "L", Quantity: 405}}
	if !reflect.DeepEqual(p.Lines, want) || p.Ranges[0].Colour != "Navy" || p.Ranges[0].NetKg != 8 {
		t.Fatalf("lines %v, first range %+v", p.Lines, p.Ranges[0])
	}
	if m := PackingMismatches(p.Lines, []LineQty{{Colour: "Navy", Size: "M", Quantity: 600}, {Colour: "Navy", Size: "L", Quantity: 400}}); len(m) != 1 ||
		m[0] != (PackingMismatch{Colour: "Navy", Size: "L", Packed: 405, Expected: 400}) {
		t.Fatalf("mismatches %v", m)
	}
	// A packed line nobody expected is a mismatch too.
	if m := PackingMismatches(p.Lines, []LineQty{{Colour: "Navy", Size: "M", Quantity: 600}}); len(m) != 1 || m[0].Expected != 0 || m[0].Packed != 405 {
		t.Fatalf("extra line %v", m)
	}

	cases := []struct {
		name   string
		ranges []PackingRange
		want   map[string]string
	}{
		{"starts at 2", []PackingRange{{From: 2, To: 3, Colour: "Navy", Size: "M", Pieces: 1}},
			map[string]string{"cartons[0].from": "carton_sequence"}},
		{"gap", []PackingRange{{From: 1, To: 3, Colour: "Navy", Size: "M", Pieces: 1}, {From: 5, To: 5, Colour: "Navy", Size: "M", Pieces: 1}},
			map[string]string{"cartons[1].from": "carton_sequence"}},
		{"overlap", []PackingRange{{From: 1, To: 3, Colour: "Navy", Size: "M", Pieces: 1}, {From: 3, To: 5, Colour: "Navy", Size: "M", Pieces: 1}},
			map[string]string{"cartons[1].from": "carton_sequence"}},
		{"backwards", []PackingRange{{From: 1, To: 0, Colour: "Navy", Size: "M", Pieces: 1}},
			map[string]string{"cartons[0].to": "out_of_range"}},
		{"unknown line", []PackingRange{{From: 1, To: 1, Colour: "Olive", Size: "M", Pieces: 1}},
			map[string]string{"cartons[0].colour": "unknown_line"}},
		{"no pieces, gross below net, bad size", []PackingRange{{From: 1, To: 1, Colour: "Navy", Size: "M", Pieces: 0, NetKg: 5, GrossKg: 4, HeightCm: -1}},
			map[string]string{"cartons[0].pieces": "out_of_range", "cartons[0].gross_kg": "gross_below_net", "cartons[0].height_cm": "out_of_range"}},
	}
	for _, c := range cases {
		_, err := CheckPackingList(o, c.ranges)
		if got := fieldCodes(t, err); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestWarehouseClosedOn(t *testing.T) {
	w := &Warehouse{ClosedWeekdays: "[0,6]", Closures: []WarehouseClosure{{DateFrom: "2027-02-05", DateTo: "2027-02-13", Reason: "春节"}}}
	for date, want := range map[string]string{
		"2027-02-04": "",       // Thursday
		"2027-02-05": "春节",     // the closure's first day (a Friday)
		"2027-02-13": "春节",     // and its last (a Saturday: the closure wins)
		"2027-02-14": "weekly", // Sunday
		"2027-02-15": "",       // Monday
	} {
		closed, why := w.ClosedOn(date)
		if closed != (want != "") || why != want {
			t.Errorf("%s: closed %v (%q), want %q", date, closed, why, want)
		}
	}
}

func TestShipmentSummary(t *testing.T) {
	o := packOrder()
	ds := []Delivery{
		{Status: DelivShipped, ShippedQuantity: 500, ShippedLines: `[{"colour":"Navy","size":"M","quantity":500}]`},
		{Status: DelivReceived, ShippedQuantity: 100, ShippedLines: `[{"colour":"Navy","size":"L","quantity":100}]`,
			ReceivedQuantity: 98, ReceivedLines: `[{"colour":"Navy","size":"L","quantity":98}]`},
		{Status: DelivConfirmed, Quantity: 200, BookedLines: `[{"colour":"Navy","size":"L","quantity":200}]`},
		{Status: DelivCancelled, Quantity: 300, BookedLines: `[{"colour":"Navy","size":"M","quantity":300}]`},
		{Status: DelivRejected, Quantity: 300, BookedLines: `[{"colour":"Navy","size":"M","quantity":300}]`},
	}
	s := summarise(o, ds, 100)
	if s.MaxQuantity != 1030 || s.Shipped != 600 || s.Received != 98 || s.Booked != 200 || s.Bookable != 1030-800-100 {
		t.Fatalf("summary %+v", s)
	}
	want := []LineSummary{{Colour: "Navy", Size: "M", Ordered: 600, Shipped: 500, Balance: 100},
		{Colour: "Navy", Size: "L", Ordered: 400, Booked: 200, Shipped: 100, Received: 98, Balance: 300}}
	if !reflect.DeepEqual(s.Lines, want) {
		t.Fatalf("lines %+v", s.Lines)
	}
	// Received two short of what shipped: one discrepancy.
	if d := ds[1].Discrepancies(); len(d) != 1 || d[0].Difference != -2 {
		t.Fatalf("discrepancies %v", d)
	}
}

func TestWarehouseFits(t *testing.T) {
	cbm := int64(10_000)
	w := &Warehouse{CapBookings: 2, CapCartons: 100, CapCBMMilli: &cbm}
	cases := []struct {
		held WarehouseDay
		load DayLoad
		want bool
	}{
		{WarehouseDay{}, DayLoad{Cartons: 100, CBMMilli: 10_000}, true},
		{WarehouseDay{Bookings: 1, Cartons: 50}, DayLoad{Cartons: 50}, true},
		{WarehouseDay{Bookings: 1, Cartons: 50}, DayLoad{Cartons: 51}, false},
		{WarehouseDay{Bookings: 2}, DayLoad{}, false},
		{WarehouseDay{Bookings: 1, CBMMilli: 9_000}, DayLoad{CBMMilli: 1_001}, false},
	}
	for i, c := range cases {
		if got := w.fits(c.held, c.load); got != c.want {
			t.Errorf("case %d: fits %v, want %v", i, got, c.want)
		}
	}
}
