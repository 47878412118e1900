package orderio

import (
	"testing"

	"gendan/models"
)

func TestParseDate(t *testing.T) {
	for _, c := range []struct {
		in             string
		xlsx, date1904 bool
		want, code     string // code "" means read as want
	}{
		{in: "2026-06-30", want: "2026-06-30"},
		{in: "2026/6/3", want: "2026-06-03"},
		{in: "2026.06.03", want: "2026-06-03"},
		{in: "2026年6月3日", want: "2026-06-03"},
		{in: "2026 年 6 月 3 日", want: "2026-06-03"},
		{in: "2026-06-30 00:00:00", want: "2026-06-30"},
		{in: "2026-06-30T00:00:00Z", want: "2026-06-30"},
		{in: "2026-06-30 12:00:00", code: "not_a_date"}, // a time of day is not a date
		{in: "2026-02-30", code: "no_such_date"},
		{in: "2027/2/30", code: "no_such_date"},
		{in: "2026-13-01", code: "no_such_date"},
		{in: "0207-06-30", code: "date_out_of_range"},
		{in: "2101-01-01", code: "date_out_of_range"},
		{in: "30/06/2026", code: "not_a_date"},
		{in: "", code: "not_a_date"},
		{in: "46203", xlsx: true, want: "2026-06-30"},
		{in: "46203.75", xlsx: true, want: "2026-06-30"}, // the time of day is dropped
		{in: "44741", xlsx: true, date1904: true, want: "2026-06-30"},
		{in: "0", xlsx: true, code: "not_a_date"},
		{in: "2958466", xlsx: true, code: "not_a_date"}, // after 9999-12-31
		{in: "46203", code: "not_a_date"},               // a number in a CSV is not a date
	} {
		got, fe := parseDate(c.in, c.xlsx, c.date1904)
		code := ""
		if fe != nil {
			code = fe.Code
		}
		if code != c.code || c.code == "" && got != c.want {
			t.Errorf("parseDate(%q, xlsx=%v, 1904=%v) = %q, %q; want %q, %q", c.in, c.xlsx, c.date1904, got, code, c.want, c.code)
		}
		if code != "" {
			if _, ok := models.FieldCodes[code]; !ok {
				t.Errorf("unregistered code %q", code)
			}
		}
	}
}

func TestParseWhole(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1200", 1200, true}, {"1,200", 1200, true}, {"1,200,000", 1200000, true}, {"1200.0", 1200, true},
		{"1.2E3", 1200, true}, {"-3", -3, true}, {"0", 0, true},
		{"", 0, false}, {"abc", 0, false}, {"12.5", 0, false}, {"1,20", 0, false}, {"1 200", 0, false},
		{"1e16", 0, false}, {"1,200.5", 0, false},
	} {
		if got, ok := parseWhole(c.in); ok != c.ok || got != c.want {
			t.Errorf("parseWhole(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestParseTolerance(t *testing.T) {
	for _, c := range []struct {
		in   string
		xlsx bool
		want int
		ok   bool
	}{
		{"5", false, 5, true}, {"5%", false, 5, true}, {"5 %", false, 5, true}, {"0.05", true, 5, true},
		{"0.3", true, 30, true}, {"0", true, 0, true}, {"30", false, 30, true}, {"30%", true, 30, true},
		{"31", false, 0, false}, {"0.05", false, 0, false}, {"0.055", true, 0, false}, {"-1", false, 0, false},
		{"five", false, 0, false},
	} {
		if got, ok := parseTolerance(c.in, c.xlsx); ok != c.ok || got != c.want {
			t.Errorf("parseTolerance(%q, %v) = %d, %v; want %d, %v", c.in, c.xlsx, got, ok, c.want, c.ok)
		}
	}
}

func TestNormPrice(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"12.5", "12.5"}, {"12.5000", "12.5000"}, {"12.300000000000001", "12.3"}, {"0.1", "0.1"},
		{"12.34567", "12.34567"}, // more than 4 decimals: left for the model to refuse
		{"abc", "abc"}, {"3", "3"}, {"1.25E1", "12.5"}, {"-1.5", "-1.5"},
	} {
		if got := normPrice(c.in); got != c.want {
			t.Errorf("normPrice(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSamePrice(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"12.5", "12.50", true}, {"3.750", "3.75", true}, {"3", "3.0", true}, {"", "", true},
		{"12.5", "12.05", false}, {"10", "1", false}, {"3", "", false},
	} {
		if got := samePrice(c.a, c.b); got != c.same {
			t.Errorf("samePrice(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

func TestNormShipMode(t *testing.T) {
	for in, want := range map[string]string{"海运": "sea", "船": "sea", "空运": "air", "火车": "rail", "陆运": "truck",
		"快递": "courier", "SEA": "sea", "Air": "air", "boat": "boat"} {
		if got := normShipMode(in); got != want {
			t.Errorf("normShipMode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHeaders(t *testing.T) {
	for in, want := range map[string]int{"PO Number": colPO, " Ex-Factory Date ": colExFactory, "COLOR": colColour,
		"数量": colQuantity, "溢短装%": colTolerance, "supplier_code*": colSupplier, "Qty": colQuantity, "跟单员": colMerchandiser} {
		if got, ok := headerIndex[headerKey(in)]; !ok || got != want {
			t.Errorf("header %q → %d, %v; want %d", in, got, ok, want)
		}
	}
	// No two columns may claim one header: the index would quietly keep one.
	claimed := map[string]int{}
	for i, c := range columns {
		for _, h := range append([]string{c.key, c.zh}, c.aliases...) {
			if j, dup := claimed[headerKey(h)]; dup && j != i {
				t.Errorf("header %q is column %d and %d", h, j, i)
			}
			claimed[headerKey(h)] = i
		}
	}
	// Every column has the store's field, so a store problem finds its cell.
	mapped := map[int]string{}
	for name, col := range modelFieldColumn {
		if other, dup := mapped[col]; dup {
			t.Errorf("column %q is field %q and %q", columns[col].key, other, name)
		}
		mapped[col] = name
	}
	if len(mapped) != numColumns {
		t.Errorf("%d of %d columns have a model field", len(mapped), numColumns)
	}
}
