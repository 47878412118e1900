package orderio

import (
	"archive/zip"
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"

	"gendan/models"
)

var testRanges = []models.PackingRange{
	{From: 1, To: 60, Colour: "Navy 藏青", Size: "M", Pieces: 10, NetKg: 5, GrossKg: 5.5, LengthCm: 60, WidthCm: 40, HeightCm: 30},
	{From: 61, To: 80, Colour: "Navy 藏青", Size: "L", Pieces: 12, NetKg: 5.25, GrossKg: 12.05, LengthCm: 60, WidthCm: 40, HeightCm: 35},
	{From: 81, To: 81, Colour: "Olive", Size: "XL", Pieces: 3},
}

func packingXLSX(t *testing.T, doc PackingDoc, lang string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WritePackingList(&buf, doc, lang); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestPackingListRoundTrip(t *testing.T) {
	for _, lang := range []string{models.LocaleZH, models.LocaleEN} {
		doc := PackingDoc{PONumber: "NW-24017", StyleNo: "ST-1", StyleName: "棉服", Supplier: "金陵制衣", Warehouse: "上海仓",
			Date: "2026-12-10", Shipment: &PackingShipment{Date: "2026-12-09", Carrier: "中远海运", ContainerNo: "CSNU1234567",
				SealNo: "S-88", TrackingNo: "COSU123"}, Ranges: testRanges}
		data := packingXLSX(t, doc, lang)
		got, errs, err := ReadPackingList(data)
		if err != nil || len(errs) != 0 {
			t.Fatalf("%s: %v %+v", lang, err, errs)
		}
		if !reflect.DeepEqual(got, testRanges) {
			t.Fatalf("%s: read back\n%+v\nwant\n%+v", lang, got, testRanges)
		}

		// The sheet shows the derived columns and a totals row.
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		sheet := f.GetSheetList()[0]
		rows, _ := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		f.Close()
		var header, total []string
		for i, r := range rows {
			if len(r) > 2 && (r[0] == "起始箱号" || r[0] == "Carton from") {
				header, total = r, rows[i+len(testRanges)+1]
			}
		}
		if header == nil || len(header) != numPackingColumns {
			t.Fatalf("%s: no header row in %q", lang, rows)
		}
		// 60 + 20 + 1 cartons, 600 + 240 + 3 pieces; 60×0.072 + 20×0.084 m³.
		if total[pkCartons] != "81" || total[pkTotalPieces] != "843" || total[pkCBM] != "6" || total[pkTotalGross] != "571" {
			t.Fatalf("%s: totals %q", lang, total)
		}
		if lang == models.LocaleZH && (total[0] != "合计" || sheet != "装箱单") {
			t.Fatalf("zh: sheet %q, totals %q", sheet, total)
		}
	}
}

func TestPackingTemplateIsEmpty(t *testing.T) {
	data := packingXLSX(t, PackingDoc{PONumber: "NW-1", Date: "2026-12-10"}, models.LocaleZH)
	got, errs, err := ReadPackingList(data)
	if err != nil || len(got) != 0 || len(errs) != 1 || errs[0].Code != "no_rows" || errs[0].Row != 9 {
		t.Fatalf("template: %v %+v %+v", err, got, errs)
	}
}

func TestPackingListNotXLSX(t *testing.T) {
	if _, _, err := ReadPackingList([]byte("from,to\n1,2\n")); !errors.Is(err, ErrNotXLSX) {
		t.Fatalf("CSV: %v", err)
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	w, _ := z.Create("hello.txt")
	w.Write([]byte("hi"))
	z.Close()
	if _, _, err := ReadPackingList(buf.Bytes()); !errors.Is(err, ErrNotWorkbook) {
		t.Fatalf("ZIP: %v", err)
	}
}

func TestPackingListRowProblems(t *testing.T) {
	head := []any{"装箱单"}
	cols := []any{"起始箱号", "结束箱号", "颜色", "尺码", "每箱件数", "每箱净重（kg）", "每箱毛重（kg）", "长（cm）", "宽（cm）", "高（cm）", "备注"}
	data := workbook(t, false, map[string][][]any{"Sheet1": {
		head,
		{"订单号", "NW-1"},
		nil,
		cols,
		{1, 10, "Navy", "M", 10, "5.5", 6, 60, 40, 30, "唛头 A"}, // row 5: fine
		{"十一", 12, "", "M", 2.5, "abc", 6, 60, 40, 2000},       // row 6
		{13, 14, "Navy", "", nil, nil, nil},                    // row 7
		{"合计", nil, nil, nil, 200},                             // totals: the end
		{"制表人", "张三"},
	}})
	got, errs, err := ReadPackingList(data)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		row           int
		column, field string
		code          string
	}
	wants := []want{
		{6, "起始箱号", "from", "wrong_type"}, {6, "颜色", "colour", "required"}, {6, "每箱件数", "pieces", "out_of_range"},
		{6, "每箱净重（kg）", "net_kg", "wrong_type"}, {6, "高（cm）", "height_cm", "out_of_range"},
		{7, "尺码", "size", "required"}, {7, "每箱件数", "pieces", "required"},
	}
	if len(errs) != len(wants) {
		t.Fatalf("problems %+v", errs)
	}
	for i, w := range wants {
		e := errs[i]
		if e.Row != w.row || e.Column != w.column || e.Field != w.field || e.Code != w.code {
			t.Errorf("problem %d: %+v, want %+v", i, e, w)
		}
	}
	if len(got) != 3 || got[0] != (models.PackingRange{From: 1, To: 10, Colour: "Navy", Size: "M", Pieces: 10, NetKg: 5.5,
		GrossKg: 6, LengthCm: 60, WidthCm: 40, HeightCm: 30}) {
		t.Fatalf("ranges %+v", got)
	}

	// The store's problems land on the rows they came from.
	p, err := ParsePackingList(data)
	if err != nil {
		t.Fatal(err)
	}
	ve := &models.ValidationError{}
	ve.Add("cartons[2].from", "carton_sequence", "expected", 11)
	ve.Add("cartons[0].colour", "unknown_line", "colour", "Navy", "size", "M")
	ve.Add("packing_list", "packing_mismatch")
	if err := p.AddStoreProblems(ve); err != nil {
		t.Fatal(err)
	}
	var rows []int
	for _, e := range p.Problems() {
		if e.Code == "carton_sequence" || e.Code == "unknown_line" || e.Code == "packing_mismatch" {
			rows = append(rows, e.Row)
		}
	}
	if !reflect.DeepEqual(rows, []int{4, 5, 7}) {
		t.Fatalf("store problems on rows %v: %+v", rows, p.Problems())
	}
	if err := p.AddStoreProblems(models.ErrNotFound); !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("other errors pass: %v", err)
	}
}

func TestPackingListHeader(t *testing.T) {
	for name, tc := range map[string]struct {
		rows [][]any
		want []string // codes
	}{
		"no header":      {[][]any{{"装箱单"}, {1, 10, "Navy", "M"}}, []string{"header_missing"}},
		"missing column": {[][]any{{"Carton from", "Carton to", "Colour", "Size", "Pcs/carton"}, {1, 1, "Navy", "M", 1}}, []string{"missing_column", "missing_column", "missing_column", "missing_column", "missing_column"}},
		"twice":          {[][]any{{"from", "to", "colour", "size", "pieces", "net_kg", "gross_kg", "length_cm", "width_cm", "height_cm", "Colour"}}, []string{"duplicate_column"}},
	} {
		_, errs, err := ReadPackingList(workbook(t, false, map[string][][]any{"Sheet1": tc.rows}))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range errs {
			got = append(got, e.Code)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %+v", name, errs)
		}
	}
}

func TestPackingListTooManyRows(t *testing.T) {
	rows := [][]any{{"from", "to", "colour", "size", "pieces", "net_kg", "gross_kg", "length_cm", "width_cm", "height_cm"}}
	for i := 1; i <= models.MaxPackingRanges+1; i++ {
		rows = append(rows, []any{i, i, "Navy", "M", 1})
	}
	_, errs, err := ReadPackingList(workbook(t, false, map[string][][]any{"Sheet1": rows}))
	if err != nil || len(errs) != 1 || errs[0].Code != "too_many_rows" || errs[0].Row != models.MaxPackingRanges+2 {
		t.Fatalf("%v %+v", err, errs)
	}
}

// Every accepted header names one column only.
func TestPackingHeadersAreDistinct(t *testing.T) {
	seen := map[string]int{}
	for i, c := range packingColumns {
		for _, h := range append([]string{c.key, c.en, c.zh}, c.aliases...) {
			k := packingHeaderKey(h)
			if j, ok := seen[k]; ok && j != i {
				t.Errorf("%q names columns %d and %d", h, j, i)
			}
			seen[k] = i
		}
	}
}
