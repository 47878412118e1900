package models

import (
	"reflect"
	"testing"
)

func TestDiscountArithmetic(t *testing.T) {
	o := &Order{UnitPrice: "12.5000", TotalQuantity: 1000} // 12500.00
	cases := []struct {
		amount, pct string
		want        int64
	}{
		{"100.00", "", 10000},
		{"0.5", "", 50},
		{"", "2", 25000},
		{"", "0.01", 125},
		{"", "100", 1250000},
		{"", "", 0},
	}
	for _, c := range cases {
		if got := DiscountE2(c.amount, c.pct, o); got != c.want {
			t.Errorf("discount %q %q = %d, want %d", c.amount, c.pct, got, c.want)
		}
	}
	if got := OrderValueE2(&Order{UnitPrice: "", TotalQuantity: 10}); got != 0 {
		t.Errorf("no price: %d", got)
	}
	// 0.0333 × 3 = 0.09 (hundredths, truncated); 33.33 % of it rounds half up to 0.03.
	if got := DiscountE2("", "33.33", &Order{UnitPrice: "0.0333", TotalQuantity: 3}); got != 3 {
		t.Errorf("rounding: %d", got)
	}
}

func TestReplacementLines(t *testing.T) {
	o := &Order{Lines: []OrderLine{{Colour: "Navy", Size: "M", Quantity: 600}, {Colour: "Navy", Size: "L", Quantity: 400}}}
	cases := []struct {
		name      string
		complaint []LineQty
		qty       int
		want      []OrderLine
	}{
		{"proportional", nil, 100, []OrderLine{{Colour: "Navy", Size: "M", Quantity: 60}, {Colour: "Navy", Size: "L", Quantity: 40}}},
		{"largest remainder", nil, 3, []OrderLine{{Colour: "Navy", Size: "M", Quantity: 2}, {Colour: "Navy", Size: "L", Quantity: 1}}},
		{"one piece", nil, 1, []OrderLine{{Colour: "Navy", Size: "M", Quantity: 1}}},
		{"by the complaint's lines", []LineQty{{Colour: "Navy", Size: "L", Quantity: 30}}, 60,
			[]OrderLine{{Colour: "Navy", Size: "L", Quantity: 60}}},
		{"complaint lines split", []LineQty{{Colour: "Navy", Size: "M", Quantity: 10}, {Colour: "Navy", Size: "L", Quantity: 30}}, 41,
			[]OrderLine{{Colour: "Navy", Size: "M", Quantity: 11}, {Colour: "Navy", Size: "L", Quantity: 30}}},
		{"unknown complaint line: proportional", []LineQty{{Colour: "Red", Size: "M", Quantity: 5}}, 10,
			[]OrderLine{{Colour: "Navy", Size: "M", Quantity: 6}, {Colour: "Navy", Size: "L", Quantity: 4}}},
	}
	for _, c := range cases {
		got := ReplacementLines(o, c.complaint, c.qty)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
		sum := 0
		for _, l := range got {
			sum += l.Quantity
		}
		if sum != c.qty {
			t.Errorf("%s: sums to %d, want %d", c.name, sum, c.qty)
		}
	}
	if ReplacementPO("NW-1", 2) != "NW-1-R2" {
		t.Error("replacement PO")
	}
}
