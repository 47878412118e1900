package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"gendan/models"
	"gendan/models/testdb"
	"gendan/orderio"
)

// packingUpload is the multipart upload of a packing list .xlsx written
// by orderio, as the download gives it.
func packingUpload(t testing.TB, ranges []models.PackingRange) multipartBody {
	t.Helper()
	var buf bytes.Buffer
	if err := orderio.WritePackingList(&buf, orderio.PackingDoc{PONumber: "X", Ranges: ranges}, models.LocaleZH); err != nil {
		t.Fatal(err)
	}
	return importForm(t, "装箱单.xlsx", buf.Bytes())
}

// tenNavyM packs n cartons of 10 Navy M.
func tenNavyM(n int) []models.PackingRange {
	return []models.PackingRange{{From: 1, To: n, Colour: "Navy 藏青", Size: "M", Pieces: 10, NetKg: 5, GrossKg: 5.5,
		LengthCm: 60, WidthCm: 40, HeightCm: 30}}
}

// deliveryOf100 is a booking of 100 Navy M of the fixture order by its
// factory, and its URL.
func (e *env) deliveryOf100() (*models.Delivery, string) {
	e.t.Helper()
	w := e.warehouse(100)
	d := e.bookDeliveryAs("factory", e.fixtureOrder(), w, e.openDay(w, 2), 100)
	return d, fmt.Sprintf("/api/v1/deliveries/%d", d.ID)
}

func init() {
	authzMatrix = append(authzMatrix,
		authzRow{method: "GET", path: "/api/v1/deliveries/:id/packing-list.xlsx", url: freshDeliveryURL("/packing-list.xlsx"),
			want: ownOrForeign(200)},
		authzRow{method: "POST", path: "/api/v1/deliveries/:id/packing-list/import", url: freshDeliveryURL("/packing-list/import"),
			want: ownOrForeign(200), rawBody: func(e *env) any { return packingUpload(e.t, tenNavyM(1)) }},
	)
}

func (e *env) importPacking(who string, deliveryID int64, body any, headers map[string]string) *response {
	e.t.Helper()
	return e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/deliveries/%d/packing-list/import", deliveryID),
		token: e.token(who), body: body, headers: headers})
}

// packingOf is the packing list of a delivery answer.
func packingOf(t *testing.T, r *response) (cartons []models.PackingRange, mismatches []models.PackingMismatch) {
	t.Helper()
	var d struct {
		Packing struct {
			Cartons    []models.PackingRange    `json:"cartons"`
			Mismatches []models.PackingMismatch `json:"mismatches"`
		} `json:"packing"`
	}
	if err := json.Unmarshal(r.body, &d); err != nil {
		t.Fatal(err)
	}
	return d.Packing.Cartons, d.Packing.Mismatches
}

// sheetRows are the rows of a workbook's first sheet.
func sheetRows(t *testing.T, data []byte) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0], excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func hasRow(rows [][]string, first string) bool {
	return slices.ContainsFunc(rows, func(r []string) bool { return len(r) > 0 && r[0] == first })
}

// TestPackingListXLSXRoundTrip: the factory saves a list, downloads it,
// and uploads the download: the same ranges come back, and the short list's
// mismatch with the booking shows before shipping.
func TestPackingListXLSXRoundTrip(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		d, durl := e.deliveryOf100()
		list := []models.PackingRange{
			{From: 1, To: 6, Colour: "Navy 藏青", Size: "M", Pieces: 10, NetKg: 5, GrossKg: 5.5, LengthCm: 60, WidthCm: 40, HeightCm: 30},
			{From: 7, To: 8, Colour: "Navy 藏青", Size: "M", Pieces: 12, NetKg: 6.25, GrossKg: 7.05, LengthCm: 60, WidthCm: 40, HeightCm: 35},
			{From: 9, To: 9, Colour: "Navy 藏青", Size: "L", Pieces: 6, NetKg: 3.1, GrossKg: 3.6, LengthCm: 50, WidthCm: 40, HeightCm: 30},
		}
		if r := e.as("factory", "PUT", durl+"/packing-list", map[string]any{"cartons": list}); r.status != 200 {
			t.Fatalf("save: %d %s", r.status, r.body)
		}
		r := e.as("factory", "GET", durl+"/packing-list.xlsx", nil)
		if r.status != 200 || r.header.Get("Content-Type") != orderio.ContentType {
			t.Fatalf("download: %d %s %s", r.status, r.header.Get("Content-Type"), r.body)
		}
		po := e.as("factory", "GET", durl, nil).json(t)["po_number"].(string)
		if cd, want := r.header.Get("Content-Disposition"), fmt.Sprintf(`attachment; filename="packing-list-%s-%d.xlsx"`, po, d.ID); cd != want {
			t.Fatalf("Content-Disposition %q, want %q", cd, want)
		}
		file := r.body
		rows := sheetRows(t, file)
		if !hasRow(rows, "起始箱号") || !hasRow(rows, "合计") || !slices.ContainsFunc(rows, func(r []string) bool { return len(r) > 1 && r[1] == po }) {
			t.Fatalf("a zh-CN user's sheet: %q", rows)
		}

		// Replace the list, then upload the download: the list is back.
		if r := e.as("factory", "PUT", durl+"/packing-list", map[string]any{"cartons": tenNavyM(1)}); r.status != 200 {
			t.Fatalf("save: %d %s", r.status, r.body)
		}
		key := map[string]string{"Idempotency-Key": "pack-import-1"}
		form := importForm(t, "list.xlsx", file)
		r = e.importPacking("factory", d.ID, form, key)
		if r.status != 200 {
			t.Fatalf("import: %d %s", r.status, r.body)
		}
		got, mm := packingOf(t, r)
		if !reflect.DeepEqual(got, list) {
			t.Fatalf("imported\n%+v\nwant\n%+v", got, list)
		}
		// Booked 100 M; packed 84 M and 6 L, which the booking lacks.
		want := []models.PackingMismatch{{Colour: "Navy 藏青", Size: "M", Packed: 84, Expected: 100}, {Colour: "Navy 藏青", Size: "L", Packed: 6}}
		if !reflect.DeepEqual(mm, want) {
			t.Fatalf("mismatches %+v, want %+v", mm, want)
		}
		if again := e.importPacking("factory", d.ID, form, key); again.status != 200 || !bytes.Equal(again.body, r.body) {
			t.Fatalf("replay: %d %s", again.status, again.body)
		}

		// In English for an English user, with the shipment once shipped.
		en := models.LocaleEN
		if _, err := e.store.UpdateUser(context.Background(), e.users["merch"].ID, models.UserPatch{Locale: &en}); err != nil {
			t.Fatal(err)
		}
		if r := e.as("merch", "POST", durl+"/confirm", map[string]any{}); r.status != 200 {
			t.Fatalf("confirm: %d %s", r.status, r.body)
		}
		ship := map[string]any{"date": e.today(), "carrier": "COSCO", "container_no": "CSNU1234567", "seal_no": "S-88", "tracking_no": "COSU123",
			"lines": []map[string]any{{"colour": "Navy 藏青", "size": "M", "quantity": 84}, {"colour": "Navy 藏青", "size": "L", "quantity": 6}}}
		if r := e.as("merch", "POST", durl+"/ship", ship); r.status != 200 {
			t.Fatalf("ship: %d %s", r.status, r.body)
		}
		r = e.as("merch", "GET", durl+"/packing-list.xlsx", nil)
		rows = sheetRows(t, r.body)
		if r.status != 200 || !hasRow(rows, "Carton from") || !hasRow(rows, "Total") || !hasRow(rows, "Container no.") {
			t.Fatalf("an English user's sheet of a shipped delivery: %d %q", r.status, rows)
		}
		// The English download imports too; after shipping, a list that
		// no longer adds up to what shipped is refused on its header row.
		if r := e.importPacking("merch", d.ID, importForm(t, "list.xlsx", r.body), nil); r.status != 200 {
			t.Fatalf("import the English sheet: %d %s", r.status, r.body)
		}
		errs := e.importPacking("merch", d.ID, packingUpload(t, tenNavyM(9)), nil).rowErrors(t)
		if len(errs) != 1 || errs[0].Code != "packing_mismatch" || errs[0].Field != "packing_list" || errs[0].Row != 8 {
			t.Fatalf("a shipped list's totals changed: %+v", errs)
		}
	})
}

func TestPackingListImportProblems(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		d, durl := e.deliveryOf100()

		// The template (the download of an empty list) has no rows.
		tpl := e.as("factory", "GET", durl+"/packing-list.xlsx", nil)
		if errs := e.importPacking("factory", d.ID, importForm(t, "t.xlsx", tpl.body), nil).rowErrors(t); len(errs) != 1 || errs[0].Code != "no_rows" {
			t.Fatalf("the template: %+v", errs)
		}

		// Cell problems and the list's problems, both by row, in one answer.
		header := []any{"起始箱号", "结束箱号", "颜色", "尺码", "每箱件数", "每箱净重(kg)", "每箱毛重(kg)", "长(cm)", "宽(cm)", "高(cm)"}
		file := xlsxOf(t, [][]any{
			{"装箱单"},
			header,
			{1, 5, "Navy 藏青", "M", "十", 5, 5.5, 60, 40, 30},  // row 3: pieces not a number
			{6, 8, "Olive", "M", 10, 5, 5.5, 60, 40, 30},     // row 4: not a line of the order
			{10, 12, "Navy 藏青", "M", 10, 6, 5.5, 60, 40, 30}, // row 5: a gap, gross below net
		})
		errs := e.importPacking("factory", d.ID, importForm(t, "bad.xlsx", file), nil).rowErrors(t)
		type want struct {
			row          int
			column, code string
		}
		wants := []want{{3, "每箱件数", "wrong_type"}, {4, "颜色", "unknown_line"}, {5, "起始箱号", "carton_sequence"}, {5, "每箱毛重(kg)", "gross_below_net"}}
		if len(errs) != len(wants) {
			t.Fatalf("problems %+v", errs)
		}
		for i, w := range wants {
			if errs[i].Row != w.row || errs[i].Column != w.column || errs[i].Code != w.code {
				t.Errorf("problem %d: %+v, want %+v", i, errs[i], w)
			}
		}
		if cartons, _ := packingOf(t, e.as("factory", "GET", durl, nil)); len(cartons) != 0 {
			t.Fatalf("a refused file saved %+v", cartons)
		}

		// The type is told by content: CSV named .xlsx is refused, and so is
		// a request without the file.
		csv := importForm(t, "packing.xlsx", []byte("起始箱号,结束箱号,颜色,尺码,每箱件数\n1,1,Navy 藏青,M,10\n"))
		if r := e.importPacking("factory", d.ID, csv, nil); r.status != 415 || r.errorCode(t) != "unsupported_media_type" {
			t.Fatalf("CSV: %d %s", r.status, r.body)
		}
		if r := e.importPacking("factory", d.ID, map[string]any{"cartons": tenNavyM(1)}, nil); r.status != 400 || r.errorCode(t) != "invalid_multipart" {
			t.Fatalf("JSON body: %d %s", r.status, r.body)
		}

		// Another factory finds neither the download nor the upload.
		if r := e.as("foreign", "GET", durl+"/packing-list.xlsx", nil); r.status != 404 {
			t.Fatalf("another factory downloads: %d", r.status)
		}
		if r := e.importPacking("foreign", d.ID, packingUpload(t, tenNavyM(10)), nil); r.status != 404 {
			t.Fatalf("another factory uploads: %d %s", r.status, r.body)
		}
		if r := e.as("qc", "GET", durl+"/packing-list.xlsx", nil); r.status != 403 {
			t.Fatalf("qc downloads: %d", r.status)
		}
		if cartons, _ := packingOf(t, e.as("factory", "GET", durl, nil)); len(cartons) != 0 {
			t.Fatalf("another factory's upload saved %+v", cartons)
		}
	})
}
