package server

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"testing"

	"github.com/xuri/excelize/v2"

	"gendan/models"
	"gendan/models/testdb"
)

func init() {
	authzMatrix = append(authzMatrix,
		authzRow{method: "GET", path: "/api/v1/material-suppliers", url: fixed("/api/v1/material-suppliers"), want: signedInAll(200)},
		authzRow{method: "POST", path: "/api/v1/material-suppliers", url: fixed("/api/v1/material-suppliers"), want: staffGets(201),
			body: func(n int64) any { return map[string]any{"code": fmt.Sprintf("MS-%d", n), "name": "宁波织造"} }},
		authzRow{method: "PATCH", path: "/api/v1/material-suppliers/:id", url: func(e *env) string {
			return fmt.Sprintf("/api/v1/material-suppliers/%d", e.materialSupplier().ID)
		}, body: func(int64) any { return map[string]any{"contact_name": "王经理"} }, want: staffGets(200)},
		authzRow{method: "GET", path: "/api/v1/materials/template.xlsx", url: fixed("/api/v1/materials/template.xlsx"), want: signedInAll(200)},
		authzRow{method: "GET", path: "/api/v1/orders/:id/materials", url: orderURL("/materials"), want: ownOrForeign(200)},
		authzRow{method: "POST", path: "/api/v1/orders/:id/materials", url: orderURL("/materials"), want: staffGets(201),
			body: func(int64) any { return materialLineBody("拉链 zip") }},
		authzRow{method: "POST", path: "/api/v1/orders/:id/materials/import", url: orderURL("/materials/import"), want: staffGets(201),
			rawBody: func(e *env) any {
				return xlsxForm(e.t, [][]any{{"类别", "名称", "单位", "单耗"}, {"辅料", "吊牌 tag", "pcs", "1"}})
			}},
		authzRow{method: "POST", path: "/api/v1/orders/:id/materials/copy", url: orderURL("/materials/copy"), want: staffGets(201),
			rawBody: func(e *env) any { return map[string]any{"from_order_id": e.draftOrder()} }},
		authzRow{method: "PATCH", path: "/api/v1/material-lines/:id", url: freshMaterialLineURL, want: staffGets(200),
			body: func(int64) any { return map[string]any{"wastage_pct": "2.5"} }},
		authzRow{method: "DELETE", path: "/api/v1/material-lines/:id", url: freshMaterialLineURL, want: staffGets(204)},
	)
}

func materialLineBody(name string) map[string]any {
	return map[string]any{"category": "trim", "name": name, "unit": "pcs", "consumption": "1"}
}

// materialSupplier is a material supplier for the fixtures.
func (e *env) materialSupplier() *models.MaterialSupplier {
	e.t.Helper()
	code, name := fmt.Sprintf("MILL-%d", seq.Add(1)), "绍兴织造厂"
	m, err := e.store.CreateMaterialSupplier(context.Background(), models.MaterialSupplierInput{Code: &code, Name: &name})
	if err != nil {
		e.t.Fatal(err)
	}
	return m
}

// freshMaterialLineURL is a new line of the fixture order (one per call).
func freshMaterialLineURL(e *env) string {
	e.t.Helper()
	s := func(v string) *string { return &v }
	l, err := e.store.CreateMaterialLine(context.Background(), e.fixtureOrder(), models.MaterialLineInput{Category: s("fabric"),
		Name: s("面料 shell"), Unit: s("m"), Consumption: s("1.35")}, e.users["merch"].ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return fmt.Sprintf("/api/v1/material-lines/%d", l.ID)
}

// xlsxForm is a one-sheet workbook of rows as the multipart upload.
func xlsxForm(t testing.TB, rows [][]any) multipartBody {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return fileForm(t, "bom.xlsx", buf.Bytes())
}

func fileForm(t testing.TB, name string, data []byte) multipartBody {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	w.Close()
	return multipartBody{contentType: w.FormDataContentType(), data: buf.Bytes()}
}

func materialLines(t *testing.T, r *response) []map[string]any {
	t.Helper()
	var out []map[string]any
	ls, _ := r.json(t)["lines"].([]any)
	for _, l := range ls {
		out = append(out, l.(map[string]any))
	}
	return out
}

// TestMaterialRequirementAPI: a staff line's figures as decimal strings,
// sourcing on the order, and the factory's read-only view of its own
// supplier's lines (another factory: 404; a line recorded for another
// supplier of the same order: not shown).
func TestMaterialRequirementAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		url := fmt.Sprintf("/api/v1/orders/%d/materials", oid)
		ms := e.materialSupplier()
		r := e.as("merch", "POST", url, map[string]any{"category": "fabric", "name": "涤纶面料", "spec": "75D 春亚纺",
			"colour": "navy 藏青", "unit": "m", "consumption": "1.35", "wastage_pct": "3", "sourced_by": "nominated",
			"nominated_supplier_id": ms.ID})
		if r.status != 201 {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		l := r.json(t)
		nom, _ := l["nominated_supplier"].(map[string]any)
		if l["consumption"] != "1.3500" || l["wastage_pct"] != "3.00" || l["required_qty"] != "1390.50" || l["colour"] != "Navy 藏青" ||
			l["previous_required_qty"] != nil || nom["code"] != ms.Code || l["needed_by_auto"] != true || l["needed_by"] == "" {
			t.Fatalf("line: %s", r.body)
		}
		bad := e.as("merch", "POST", url, map[string]any{"category": "fabric", "name": "x", "unit": "m", "consumption": "0",
			"sourced_by": "nominated", "nominated_supplier_id": 99999})
		if bad.status != 422 || bad.fieldCode(t, "consumption") != "out_of_range" || bad.fieldCode(t, "nominated_supplier_id") != "unknown_material_supplier" {
			t.Fatalf("bad line: %d %s", bad.status, bad.body)
		}
		// Sourcing on the order.
		o := e.as("merch", "PATCH", fmt.Sprintf("/api/v1/orders/%d", oid), map[string]any{"sourcing": "cmt"})
		if o.status != 200 || o.json(t)["sourcing"] != "cmt" {
			t.Fatalf("sourcing: %d %s", o.status, o.body)
		}
		if o := e.as("merch", "PATCH", fmt.Sprintf("/api/v1/orders/%d", oid), map[string]any{"sourcing": "oem"}); o.status != 422 ||
			o.fieldCode(t, "sourcing") != "invalid_choice" {
			t.Fatalf("bad sourcing: %d %s", o.status, o.body)
		}
		// A line recorded for another supplier (while the order was theirs).
		now := e.clock.Now()
		if err := db.Gorm.Create(&models.MaterialLine{OrderID: oid, SupplierID: e.suppliers["huaxing"].ID, Position: 9, Category: "trim",
			Name: "旧厂的线", Unit: "pcs", ConsumptionE4: 10000, SourcedBy: "factory", CreatedBy: e.users["merch"].ID,
			CreatedAt: now, UpdatedAt: now}).Error; err != nil {
			t.Fatal(err)
		}
		staff := e.as("merch", "GET", url, nil)
		if staff.status != 200 || len(materialLines(t, staff)) != 2 || staff.json(t)["sourcing"] != "cmt" {
			t.Fatalf("staff view: %d %s", staff.status, staff.body)
		}
		if acts := staff.json(t)["actions"].([]any); len(acts) != 3 {
			t.Fatalf("staff actions %v", acts)
		}
		fac := e.as("factory", "GET", url, nil)
		ls := materialLines(t, fac)
		if fac.status != 200 || len(ls) != 1 || len(ls[0]["actions"].([]any)) != 0 || len(fac.json(t)["actions"].([]any)) != 0 {
			t.Fatalf("factory view: %d %s", fac.status, fac.body)
		}
		if r := e.as("foreign", "GET", url, nil); r.status != 404 {
			t.Fatalf("foreign: %d", r.status)
		}
		// A draft is not the factory's yet.
		if r := e.as("factory", "GET", fmt.Sprintf("/api/v1/orders/%d/materials", e.draftOrder()), nil); r.status != 404 {
			t.Fatalf("factory on a draft: %d", r.status)
		}
		// Patch: needed_by by hand, then back to automatic.
		lid := int64(l["id"].(float64))
		p := e.as("merch", "PATCH", fmt.Sprintf("/api/v1/material-lines/%d", lid), map[string]any{"needed_by": "2026-01-05",
			"sourced_by": "buyer"})
		if p.status != 200 || p.json(t)["needed_by"] != "2026-01-05" || p.json(t)["needed_by_auto"] != false ||
			p.json(t)["nominated_supplier"] != nil {
			t.Fatalf("patch: %d %s", p.status, p.body)
		}
		p = e.as("merch", "PATCH", fmt.Sprintf("/api/v1/material-lines/%d", lid), map[string]any{"needed_by": ""})
		if p.status != 200 || p.json(t)["needed_by"] != l["needed_by"] || p.json(t)["needed_by_auto"] != true {
			t.Fatalf("patch back: %d %s", p.status, p.body)
		}
		// Material suppliers: a duplicate code, and the factory sees the active ones.
		if r := e.as("merch", "POST", "/api/v1/material-suppliers", map[string]any{"code": ms.Code, "name": "x"}); r.status != 409 ||
			r.errorCode(t) != "material_supplier_exists" {
			t.Fatalf("duplicate: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "PATCH", fmt.Sprintf("/api/v1/material-suppliers/%d", ms.ID), map[string]any{"active": false}); r.status != 200 {
			t.Fatalf("deactivate: %d %s", r.status, r.body)
		}
		if n := len(e.as("factory", "GET", "/api/v1/material-suppliers", nil).json(t)["items"].([]any)); n != 0 {
			t.Fatalf("factory sees %d inactive suppliers", n)
		}
		if n := len(e.as("merch", "GET", "/api/v1/material-suppliers", nil).json(t)["items"].([]any)); n != 1 {
			t.Fatalf("staff sees %d suppliers", n)
		}
	})
}

// TestMaterialImport: a good sheet in Chinese adds every row; a sheet with
// bad rows adds none and names each problem by its spreadsheet row; a file
// that is not an .xlsx is a 415; copying needs the same style.
func TestMaterialImport(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		url := fmt.Sprintf("/api/v1/orders/%d/materials/import", oid)
		tpl := e.as("merch", "GET", "/api/v1/materials/template.xlsx", nil)
		if tpl.status != 200 {
			t.Fatalf("template: %d", tpl.status)
		}
		if _, _, err := readMaterialSheet(tpl.body); err != nil {
			t.Fatalf("the template does not read back: %v", err)
		}
		good := xlsxForm(t, [][]any{
			{"物料需求单 PO-1"},
			{"类别", "名称", "规格型号", "颜色", "物料颜色", "单位", "单耗", "损耗%", "采购方", "需求日期", "备注"},
			{"面料", "涤纶面料", "75D", "", "藏青", "m", 1.35, 3, "工厂", "", ""},
			{},
			{"trim", "拉链 zip", "#5", "Navy 藏青", "", "pcs", "1", "0", "客供", "2027-01-10", "YKK"},
		})
		r := e.do(req{method: "POST", path: url, token: e.token("merch"), body: good})
		if r.status != 201 || r.json(t)["created"] != float64(2) {
			t.Fatalf("good import: %d %s", r.status, r.body)
		}
		ls := materialLines(t, r)
		if ls[0]["category"] != "fabric" || ls[0]["required_qty"] != "1390.50" || ls[1]["sourced_by"] != "buyer" ||
			ls[1]["needed_by"] != "2027-01-10" || ls[1]["required_qty"] != "1000.00" {
			t.Fatalf("imported: %s", r.body)
		}
		badRows := xlsxForm(t, [][]any{
			{"Category", "Name", "Colour", "Unit", "Consumption", "Wastage %", "Needed by"},
			{"fabric", "shell", "Green", "m", "1.2", "3", ""},
			{"trim", "", "", "pcs", "1.23456", "200", "2027-02-30"},
			{"fabric", "lining", "", "m", "1", "", ""},
		})
		r = e.do(req{method: "POST", path: url, token: e.token("merch"), body: badRows})
		if r.status != 422 {
			t.Fatalf("bad rows: %d %s", r.status, r.body)
		}
		for field, code := range map[string]string{"rows[2].colour": "unknown_colour", "rows[3].name": "required",
			"rows[3].consumption": "invalid_decimal", "rows[3].wastage_pct": "out_of_range", "rows[3].needed_by": "no_such_date"} {
			if got := r.fieldCode(t, field); got != code {
				t.Errorf("%s: %q, want %s (%s)", field, got, code, r.body)
			}
		}
		if n := len(materialLines(t, e.as("merch", "GET", fmt.Sprintf("/api/v1/orders/%d/materials", oid), nil))); n != 2 {
			t.Fatalf("a failed import added lines: %d", n)
		}
		missing := xlsxForm(t, [][]any{{"Name", "Unit"}, {"x", "m"}})
		if r := e.do(req{method: "POST", path: url, token: e.token("merch"), body: missing}); r.status != 422 ||
			r.fieldCode(t, "file") != "missing_columns" {
			t.Fatalf("missing columns: %d %s", r.status, r.body)
		}
		csv := fileForm(t, "bom.xlsx", []byte("category,name,unit,consumption\nfabric,x,m,1\n"))
		if r := e.do(req{method: "POST", path: url, token: e.token("merch"), body: csv}); r.status != 415 {
			t.Fatalf("not xlsx: %d %s", r.status, r.body)
		}
		// Copy: the same style appends with this order's quantities; another style is refused.
		to := e.draftOrder()
		c := e.as("merch", "POST", fmt.Sprintf("/api/v1/orders/%d/materials/copy", to), map[string]any{"from_order_id": oid})
		if c.status != 201 || c.json(t)["created"] != float64(2) || c.json(t)["skipped"] != float64(0) {
			t.Fatalf("copy: %d %s", c.status, c.body)
		}
		in := e.newOrderInput(fmt.Sprintf("PO-%d", seq.Add(1)))
		st := "ST-9"
		in.StyleNo = &st
		other, err := e.store.CreateOrder(context.Background(), in, e.users["merch"].ID)
		if err != nil {
			t.Fatal(err)
		}
		c = e.as("merch", "POST", fmt.Sprintf("/api/v1/orders/%d/materials/copy", other.ID), map[string]any{"from_order_id": oid})
		if c.status != 409 || c.errorCode(t) != "material_copy_other_style" {
			t.Fatalf("copy other style: %d %s", c.status, c.body)
		}
	})
}

func TestSheetCells(t *testing.T) {
	for in, want := range map[string]string{"1.35": "1.35", "1.3500000000000001": "1.3500", "0.1": "0.1", "1.23456": "1.23456", "abc": "abc"} {
		if got := sheetDecimal(in, 4); got != want {
			t.Errorf("sheetDecimal(%q) = %q, want %q", in, got, want)
		}
	}
	if got := sheetDate("46032", false); got != "2026-01-10" {
		t.Errorf("serial date: %s", got)
	}
	if got := sheetDate("2027/01/10", false); got != "2027-01-10" {
		t.Errorf("slashed date: %s", got)
	}
}
