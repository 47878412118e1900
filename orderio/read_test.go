package orderio

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// workbook builds an .xlsx whose sheets hold rows from A1; a nil row is left
// empty.
func workbook(t testing.TB, date1904 bool, sheets map[string][][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	first := true
	for name, rows := range sheets {
		if first {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
			first = false
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			if r == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(name, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	if date1904 {
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func rowNums(sh *sheet) []int {
	var got []int
	for _, r := range sh.rows {
		got = append(got, r.num)
	}
	return got
}

// TestReadCSVRowNumbers: row numbers are what a spreadsheet shows, even
// with empty lines and quoted fields that span lines.
func TestReadCSVRowNumbers(t *testing.T) {
	sh, err := read([]byte("a;b;c\r\n1;\"two\nlines\";x\r\n\r\n\r\n3;4;5\n;;\n6;\"\";7\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := rowNums(sh); fmt.Sprint(got) != "[1 2 5 7]" || sh.rows[1].cells[1] != "two\nlines" || len(sh.rows[0].cells) != 3 || sh.xlsx {
		t.Errorf("rows %v: %+v", got, sh.rows)
	}
}

func TestReadCSV(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     [][]string
	}{
		{"comma", "a,b\n1,2\n", [][]string{{"a", "b"}, {"1", "2"}}},
		{"semicolon", "a;b;c\n1,5;2;3\n", [][]string{{"a", "b", "c"}, {"1,5", "2", "3"}}},
		{"tab", "a\tb\tc\n1\t2,3\t4\n", [][]string{{"a", "b", "c"}, {"1", "2,3", "4"}}},
		{"BOM", "\xEF\xBB\xBF订单号,数量\nA,1\n", [][]string{{"订单号", "数量"}, {"A", "1"}}},
		{"ragged", "a,b,c\n1\n", [][]string{{"a", "b", "c"}, {"1"}}},
		{"lazy quotes", "a,b\n12\" pipe,x\n", [][]string{{"a", "b"}, {"12\" pipe", "x"}}},
		{"no newline at end", "a,b\r\n1,2", [][]string{{"a", "b"}, {"1", "2"}}},
	} {
		sh, err := read([]byte(c.in))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		var got [][]string
		for _, r := range sh.rows {
			got = append(got, r.cells)
		}
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func utf16Of(t testing.TB, order unicode.Endianness, s string) []byte {
	t.Helper()
	b, err := unicode.UTF16(order, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReadCSVEncodings: what Excel saves — "CSV" on Chinese Windows (GBK),
// "Unicode text" (UTF-16 with a BOM, tab-separated) — reads as UTF-8.
func TestReadCSVEncodings(t *testing.T) {
	const text = "订单号,客户,颜色,数量\r\nA-1,杭州客户,藏青色,5\r\n"
	want := [][]string{{"订单号", "客户", "颜色", "数量"}, {"A-1", "杭州客户", "藏青色", "5"}}
	gb18030, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		in   []byte
		want [][]string
	}{
		{"GBK", gbk(t, text), want},
		{"GB18030", gb18030, want},
		{"GBK with English headers", gbk(t, "po_number,customer\nA-1,杭州客户\n"), [][]string{{"po_number", "customer"}, {"A-1", "杭州客户"}}},
		{"UTF-16 LE", utf16Of(t, unicode.LittleEndian, strings.ReplaceAll(text, ",", "\t")), want},
		{"UTF-16 BE", utf16Of(t, unicode.BigEndian, text), want},
	} {
		if bytes.Equal(c.in, []byte(text)) {
			t.Fatalf("%s: the encoder did not change the bytes", c.name)
		}
		sh, err := read(c.in)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		var got [][]string
		for _, r := range sh.rows {
			got = append(got, r.cells)
		}
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", c.want) || fmt.Sprint(rowNums(sh)) != "[1 2]" {
			t.Errorf("%s: %q rows %v, want %q", c.name, got, rowNums(sh), c.want)
		}
	}
}

func TestReadRefusesOtherFiles(t *testing.T) {
	for _, c := range []struct {
		name string
		in   []byte
		want error
	}{
		// GB18030 decodes nearly anything: without a known header it is not ours.
		{"GBK text without a header", gbk(t, "名字,城市\n张三,杭州\n"), ErrUnsupportedFile},
		{"Latin-1 text", []byte("caf\xe9,na\xefve\n1,2\n"), ErrUnsupportedFile},
		{"UTF-16 with a bad surrogate", []byte("\xFF\xFEa\x00\x00\xD8\n\x00"), ErrUnsupportedFile},
		{"NUL byte", []byte("a,b\n1,\x002\n"), ErrUnsupportedFile},
		{"PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00"), ErrUnsupportedFile},
		{"broken ZIP", []byte("PK\x03\x04 not really a zip"), ErrNotWorkbook},
	} {
		if _, err := read(c.in); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}

func TestReadStopsAfterTheLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,b\n")
	for i := range MaxRows + 100 {
		fmt.Fprintf(&b, "%d,x\n", i)
	}
	sh, err := read([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	// The header, the limit and one more: enough to say the file is too long.
	if len(sh.rows) != MaxRows+2 {
		t.Errorf("%d rows kept", len(sh.rows))
	}
}

func TestReadXLSX(t *testing.T) {
	data := workbook(t, false, map[string][][]any{
		"Notes":  {{"not", "this", "sheet"}},
		"orders": {{"po_number", "qty"}, nil, {"A", 12}, {"", ""}, {"B", 3.5}},
	})
	sh, err := read(data)
	if err != nil {
		t.Fatal(err)
	}
	if !sh.xlsx || sh.date1904 || fmt.Sprint(rowNums(sh)) != "[1 3 5]" || sh.rows[0].cells[0] != "po_number" ||
		sh.rows[1].cells[1] != "12" || sh.rows[2].cells[1] != "3.5" {
		t.Errorf("sheet %+v", sh)
	}
	// Without an "Orders" sheet the first one is read; the 1904 date system
	// is noticed.
	sh, err = read(workbook(t, true, map[string][][]any{"Tabelle1": {{"x"}, {"y"}}}))
	if err != nil {
		t.Fatal(err)
	}
	if !sh.date1904 || len(sh.rows) != 2 || sh.rows[1].cells[0] != "y" {
		t.Errorf("sheet %+v", sh)
	}
}
