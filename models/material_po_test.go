package models

import "testing"

func TestMaterialPOQuantities(t *testing.T) {
	for _, c := range []struct {
		in   string
		e2   int64
		ok   bool
		back string
	}{
		{"1250.5", 125050, true, "1250.50"}, {"3", 300, true, "3.00"}, {"0.01", 1, true, "0.01"}, {" 7.25 ", 725, true, "7.25"},
		{"1.234", 0, false, ""}, {"-1", 0, false, ""}, {"1e3", 0, false, ""}, {"", 0, false, ""}, {".5", 0, false, ""},
	} {
		got, ok := parseMPOQty(c.in)
		if ok != c.ok || got != c.e2 || (ok && MPOQty(got) != c.back) {
			t.Errorf("parse %q = %d %v (%s); want %d %v %s", c.in, got, ok, MPOQty(got), c.e2, c.ok, c.back)
		}
	}
	if s, o := (MaterialPOLine{QuantityE2: 100000, ReceivedE2: 40000}).ShortOver(); s != 60000 || o != 0 {
		t.Errorf("short/over %d %d", s, o)
	}
	if s, o := (MaterialPOLine{QuantityE2: 100000, ReceivedE2: 110025}).ShortOver(); s != 0 || o != 10025 {
		t.Errorf("short/over %d %d", s, o)
	}
}
