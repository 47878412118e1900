package server

// Material follow-up, requirements (docs/MATERIALS.md): material suppliers,
// an order's material requirement lines, their .xlsx import and template,
// and copying a style's requirement from another order. The rules and the
// arithmetic are the store's (models/material_req.go).

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"

	"gendan/models"
)

// materialReqRoutes are the routes of material follow-up's requirements, material suppliers and order sourcing (docs/MATERIALS.md).
func (s *Server) materialReqRoutes() []route {
	return []route{
		{"GET", "/api/v1/material-suppliers", signedIn, 0, s.listMaterialSuppliers},
		{"POST", "/api/v1/material-suppliers", staff, jsonLimit, s.createMaterialSupplier},
		{"PATCH", "/api/v1/material-suppliers/:id", staff, jsonLimit, s.patchMaterialSupplier},
		{"GET", "/api/v1/materials/template.xlsx", signedIn, 0, s.materialTemplate},
		{"GET", "/api/v1/orders/:id/materials", signedIn, 0, s.getOrderMaterials},
		{"POST", "/api/v1/orders/:id/materials", staff, jsonLimit, s.createMaterialLine},
		{"POST", "/api/v1/orders/:id/materials/import", staff, importBodyLimit, s.importMaterialLines},
		{"POST", "/api/v1/orders/:id/materials/copy", staff, tinyLimit, s.copyMaterialLines},
		{"PATCH", "/api/v1/material-lines/:id", staff, jsonLimit, s.patchMaterialLine},
		{"DELETE", "/api/v1/material-lines/:id", staff, tinyLimit, s.deleteMaterialLine},
	}
}

// ---- material suppliers ----

type materialSupplierDTO struct {
	ID           int64     `json:"id"`
	Code         string    `json:"code"`
	Name         string    `json:"name"`
	NameEn       string    `json:"name_en"`
	ContactName  string    `json:"contact_name"`
	ContactPhone string    `json:"contact_phone"`
	ContactEmail string    `json:"contact_email"`
	Address      string    `json:"address"`
	Active       bool      `json:"active"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

func materialSupplierView(m *models.MaterialSupplier) materialSupplierDTO {
	return materialSupplierDTO{ID: m.ID, Code: m.Code, Name: m.Name, NameEn: m.NameEn, ContactName: m.ContactName,
		ContactPhone: m.ContactPhone, ContactEmail: m.ContactEmail, Address: m.Address, Active: m.Active,
		CreatedAt: m.CreatedAt.UTC(), UpdatedAt: m.UpdatedAt.UTC()}
}

type materialSupplierRequest struct {
	Code         *string `json:"code"`
	Name         *string `json:"name"`
	NameEn       *string `json:"name_en"`
	ContactName  *string `json:"contact_name"`
	ContactPhone *string `json:"contact_phone"`
	ContactEmail *string `json:"contact_email"`
	Address      *string `json:"address"`
	Active       *bool   `json:"active"`
}

func (r materialSupplierRequest) input() models.MaterialSupplierInput {
	return models.MaterialSupplierInput{Code: r.Code, Name: r.Name, NameEn: r.NameEn, ContactName: r.ContactName,
		ContactPhone: r.ContactPhone, ContactEmail: r.ContactEmail, Address: r.Address, Active: r.Active}
}

// listMaterialSuppliers: staff see every material supplier, a factory the
// active ones (to buy from).
func (s *Server) listMaterialSuppliers(c *fiber.Ctx) error {
	ms, err := s.store.ListMaterialSuppliers(c.UserContext(), isStaff(principalOf(c)))
	if err != nil {
		return err
	}
	out := make([]materialSupplierDTO, len(ms))
	for i := range ms {
		out[i] = materialSupplierView(&ms[i])
	}
	return c.JSON(listOf(out, ""))
}

func (s *Server) createMaterialSupplier(c *fiber.Ctx) error {
	var req materialSupplierRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	m, err := s.store.CreateMaterialSupplier(c.UserContext(), req.input())
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(materialSupplierView(m))
}

func (s *Server) patchMaterialSupplier(c *fiber.Ctx) error {
	var req materialSupplierRequest
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	m, err := s.store.UpdateMaterialSupplier(c.UserContext(), id, req.input())
	if err != nil {
		return err
	}
	return c.JSON(materialSupplierView(m))
}

// ---- requirement lines ----

type materialSupplierRef struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
}

type materialLineDTO struct {
	ID                  int64                `json:"id"`
	OrderID             int64                `json:"order_id"`
	Position            int                  `json:"position"`
	Category            string               `json:"category"`
	Name                string               `json:"name"`
	Spec                string               `json:"spec"`
	Colour              string               `json:"colour"`
	MaterialColour      string               `json:"material_colour"`
	Unit                string               `json:"unit"`
	Consumption         string               `json:"consumption"`
	WastagePct          string               `json:"wastage_pct"`
	RequiredQty         string               `json:"required_qty"`
	PreviousRequiredQty *string              `json:"previous_required_qty"`
	NeededBy            string               `json:"needed_by"`
	NeededByAuto        bool                 `json:"needed_by_auto"`
	SourcedBy           string               `json:"sourced_by"`
	NominatedSupplier   *materialSupplierRef `json:"nominated_supplier"`
	Note                string               `json:"note"`
	CreatedAt           time.Time            `json:"created_at"`
	UpdatedAt           time.Time            `json:"updated_at"`
	Actions             []string             `json:"actions"`
	// Readiness is H3's (material_ready): per-line status, set by addReadiness.
	Readiness any `json:"readiness,omitempty"`
}

// materialsDTO is GET /orders/:id/materials.
type materialsDTO struct {
	OrderID  int64             `json:"order_id"`
	Sourcing string            `json:"sourcing"`
	Lines    []materialLineDTO `json:"lines"`
	Actions  []string          `json:"actions"`
	// Readiness is H3's: the order's readiness, set by addReadiness.
	Readiness any `json:"readiness,omitempty"`
}

// materialsOpen reports whether an order's materials still change.
func materialsOpen(o *models.Order) bool {
	return o.Status != models.StatusCancelled && o.Status != models.StatusClosed
}

// materialLineView is one line as the caller may see it: staff may edit
// it while the order is open, and delete it unless a live PO orders it.
func materialLineView(p *Principal, o *models.Order, l *models.MaterialLine, noms map[int64]models.MaterialSupplier, ordered bool) materialLineDTO {
	d := materialLineDTO{ID: l.ID, OrderID: l.OrderID, Position: l.Position, Category: l.Category, Name: l.Name,
		Spec: l.Spec, Colour: l.Colour, MaterialColour: l.MaterialColour, Unit: l.Unit,
		Consumption: models.FormatDecimal(l.ConsumptionE4, 4), WastagePct: models.FormatDecimal(int64(l.WastageE2), 2),
		RequiredQty: models.FormatDecimal(l.RequiredE2, 2), NeededBy: l.NeededBy, NeededByAuto: l.NeededByAuto,
		SourcedBy: l.SourcedBy, Note: l.Note, CreatedAt: l.CreatedAt.UTC(), UpdatedAt: l.UpdatedAt.UTC(), Actions: []string{}}
	if l.PreviousRequiredE2 != nil {
		prev := models.FormatDecimal(*l.PreviousRequiredE2, 2)
		d.PreviousRequiredQty = &prev
	}
	if l.NominatedSupplierID != nil {
		m := noms[*l.NominatedSupplierID]
		d.NominatedSupplier = &materialSupplierRef{ID: *l.NominatedSupplierID, Code: m.Code, Name: m.Name}
	}
	if isStaff(p) && materialsOpen(o) {
		d.Actions = append(d.Actions, "edit")
		if !ordered {
			d.Actions = append(d.Actions, "delete")
		}
	}
	return d
}

// materialLinesView builds GET /orders/:id/materials: the order's lines in
// position order with their actions, and what the caller may do to the
// requirement (staff: add, import, copy while the order is open). H3 adds
// readiness at its end.
func (s *Server) materialLinesView(ctx context.Context, p *Principal, om *models.OrderMaterials) (*materialsDTO, error) {
	o := om.Order
	out := &materialsDTO{OrderID: o.ID, Sourcing: o.Sourcing, Lines: make([]materialLineDTO, len(om.Lines)), Actions: []string{}}
	for i := range om.Lines {
		l := &om.Lines[i]
		out.Lines[i] = materialLineView(p, o, l, om.Nominees, om.OnOpenPOs[l.ID])
	}
	if isStaff(p) && materialsOpen(o) {
		out.Actions = append(out.Actions, "add", "import", "copy")
	}
	ids := make([]int64, len(om.Lines))
	for i := range om.Lines {
		ids[i] = om.Lines[i].ID
	}
	or, per, err := s.addReadiness(ctx, p, o.ID, ids)
	if err != nil {
		return nil, err
	}
	out.Readiness = or
	for i := range out.Lines {
		out.Lines[i].Readiness = per[i]
	}
	return out, nil
}

func (s *Server) getOrderMaterials(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	ctx, p := c.UserContext(), principalOf(c)
	om, err := s.store.GetOrderMaterials(ctx, id, scopeOf(p))
	if err != nil {
		return err
	}
	out, err := s.materialLinesView(ctx, p, om)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

type materialLineRequest struct {
	Category       *string `json:"category"`
	Name           *string `json:"name"`
	Spec           *string `json:"spec"`
	Colour         *string `json:"colour"`
	MaterialColour *string `json:"material_colour"`
	Unit           *string `json:"unit"`
	Consumption    *string `json:"consumption"`
	WastagePct     *string `json:"wastage_pct"`
	SourcedBy      *string `json:"sourced_by"`
	NeededBy       *string `json:"needed_by"`
	Note           *string `json:"note"`
	// NominatedSupplierID: absent leaves it, null removes it.
	NominatedSupplierID json.RawMessage `json:"nominated_supplier_id"`
}

func (r *materialLineRequest) input() (models.MaterialLineInput, error) {
	in := models.MaterialLineInput{Category: r.Category, Name: r.Name, Spec: r.Spec, Colour: r.Colour,
		MaterialColour: r.MaterialColour, Unit: r.Unit, Consumption: r.Consumption, WastagePct: r.WastagePct,
		SourcedBy: r.SourcedBy, NeededBy: r.NeededBy, Note: r.Note}
	if len(r.NominatedSupplierID) > 0 {
		var id *int64
		if err := json.Unmarshal(r.NominatedSupplierID, &id); err != nil {
			return in, models.Invalid("nominated_supplier_id", "wrong_type", "type", "number")
		}
		var v int64
		if id != nil {
			v = *id
			if v <= 0 {
				return in, models.Invalid("nominated_supplier_id", "unknown_material_supplier")
			}
		}
		in.NominatedSupplierID = &v
	}
	return in, nil
}

// sendMaterialLine answers one line as the caller sees it now.
func (s *Server) sendMaterialLine(c *fiber.Ctx, status int, l *models.MaterialLine) error {
	p := principalOf(c)
	om, err := s.store.GetOrderMaterials(c.UserContext(), l.OrderID, scopeOf(p))
	if err != nil {
		return err
	}
	return c.Status(status).JSON(materialLineView(p, om.Order, l, om.Nominees, om.OnOpenPOs[l.ID]))
}

func (s *Server) createMaterialLine(c *fiber.Ctx) error {
	var req materialLineRequest
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	in, err := req.input()
	if err != nil {
		return err
	}
	l, err := s.store.CreateMaterialLine(c.UserContext(), id, in, principalOf(c).UserID)
	if err != nil {
		return err
	}
	return s.sendMaterialLine(c, fiber.StatusCreated, l)
}

func (s *Server) patchMaterialLine(c *fiber.Ctx) error {
	var req materialLineRequest
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	in, err := req.input()
	if err != nil {
		return err
	}
	l, err := s.store.UpdateMaterialLine(c.UserContext(), id, in, principalOf(c).UserID)
	if err != nil {
		return err
	}
	return s.sendMaterialLine(c, fiber.StatusOK, l)
}

func (s *Server) deleteMaterialLine(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.DeleteMaterialLine(c.UserContext(), id, principalOf(c).UserID); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// materialLinesAnswer is the answer of an import or a copy.
type materialLinesAnswer struct {
	Created int               `json:"created"`
	Skipped *int              `json:"skipped,omitempty"`
	Lines   []materialLineDTO `json:"lines"`
}

func (s *Server) sendMaterialLines(c *fiber.Ctx, ls []models.MaterialLine, skipped *int) error {
	ctx, p := c.UserContext(), principalOf(c)
	out := materialLinesAnswer{Created: len(ls), Skipped: skipped, Lines: make([]materialLineDTO, len(ls))}
	if len(ls) == 0 {
		return c.Status(fiber.StatusCreated).JSON(out)
	}
	o, err := s.store.GetOrder(ctx, ls[0].OrderID, scopeOf(p))
	if err != nil {
		return err
	}
	var noms []int64
	for _, l := range ls {
		if l.NominatedSupplierID != nil {
			noms = append(noms, *l.NominatedSupplierID)
		}
	}
	names, err := s.store.MaterialSupplierNames(ctx, noms)
	if err != nil {
		return err
	}
	for i := range ls {
		out.Lines[i] = materialLineView(p, o, &ls[i], names, false)
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (s *Server) copyMaterialLines(c *fiber.Ctx) error {
	var req struct {
		FromOrderID *int64 `json:"from_order_id"`
	}
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	if req.FromOrderID == nil {
		return models.Invalid("from_order_id", "required")
	}
	ls, skipped, err := s.store.CopyMaterialLines(c.UserContext(), id, *req.FromOrderID, principalOf(c).UserID)
	if err != nil {
		return err
	}
	return s.sendMaterialLines(c, ls, &skipped)
}

// ---- the requirement sheet (.xlsx) ----

// materialColumns are the sheet's columns: the API field, and the English
// and Chinese headers (the import takes either, any case, and a few aliases).
var materialColumns = []struct {
	field, en, zh string
	aliases       []string
}{
	{"category", "Category", "类别", []string{"类型"}},
	{"name", "Name", "名称", []string{"物料名称", "品名"}},
	{"spec", "Spec", "规格型号", []string{"规格", "specification"}},
	{"colour", "Colour", "颜色", []string{"color", "garment colour", "款式颜色"}},
	{"material_colour", "Material colour", "物料颜色", []string{"material color"}},
	{"unit", "Unit", "单位", nil},
	{"consumption", "Consumption", "单耗", []string{"consumption per piece", "用量"}},
	{"wastage_pct", "Wastage %", "损耗%", []string{"wastage", "wastage_pct", "损耗", "损耗率"}},
	{"sourced_by", "Sourced by", "采购方", []string{"sourced_by"}},
	{"needed_by", "Needed by", "需求日期", []string{"needed_by"}},
	{"note", "Note", "备注", []string{"notes"}},
}

// requiredMaterialColumns must be in a sheet's header.
var requiredMaterialColumns = []string{"category", "name", "unit", "consumption"}

func materialHeaderKey(h string) string {
	return strings.ToLower(strings.Join(strings.Fields(strings.TrimSpace(h)), " "))
}

var materialHeaderIndex = func() map[string]string {
	m := map[string]string{}
	for _, c := range materialColumns {
		m[materialHeaderKey(c.field)] = c.field
		m[materialHeaderKey(c.en)] = c.field
		m[materialHeaderKey(c.zh)] = c.field
		for _, a := range c.aliases {
			m[materialHeaderKey(a)] = c.field
		}
	}
	return m
}()

// materialWords are the Chinese words a sheet may use for the codes.
var materialWords = map[string]map[string]string{
	"category":   {"面料": "fabric", "里料": "lining", "辅料": "trim", "包装": "packaging", "包装材料": "packaging"},
	"sourced_by": {"工厂": "factory", "厂方": "factory", "客供": "buyer", "买方": "buyer", "客户": "buyer", "指定": "nominated", "指定供应商": "nominated"},
}

var errMaterialsNotXLSX = apiError(fiber.StatusUnsupportedMediaType, "unsupported_media_type",
	"Upload the material requirement as an Excel workbook (.xlsx), such as the template.")

// materialTemplate is the empty requirement sheet, headed in the caller's language.
func (s *Server) materialTemplate(c *fiber.Ctx) error {
	zh := principalOf(c).Locale == models.LocaleZH
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Materials"
	if zh {
		sheet = "物料需求"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	head := make([]any, len(materialColumns))
	for i, col := range materialColumns {
		head[i] = col.en
		if zh {
			head[i] = col.zh
		}
	}
	if err := f.SetSheetRow(sheet, "A1", &head); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	return sendXLSX(c, "materials-template.xlsx", buf.Bytes())
}

// importMaterialLines adds the rows of an uploaded requirement sheet to the
// order: all of them, or none with every problem as a field
// "rows[<spreadsheet row>].<field>" (422).
func (s *Server) importMaterialLines(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	ctx, p := c.UserContext(), principalOf(c)
	if _, err := s.store.GetOrder(ctx, id, scopeOf(p)); err != nil {
		return err
	}
	data, err := importFile(c)
	if err != nil {
		return err
	}
	ins, rows, err := readMaterialSheet(data)
	if err != nil {
		return err
	}
	ls, err := s.store.ImportMaterialLines(ctx, id, ins, rows, p.UserID)
	if err != nil {
		return err
	}
	return s.sendMaterialLines(c, ls, nil)
}

// readMaterialSheet reads the first sheet of an .xlsx (checked by its
// content, not its name): the header row is the first row naming a known
// column, every non-blank row under it one line.
func readMaterialSheet(data []byte) ([]models.MaterialLineInput, []int, error) {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return nil, nil, errMaterialsNotXLSX
	}
	opts := excelize.Options{RawCellValue: true, UnzipSizeLimit: 64 << 20}
	f, err := excelize.OpenReader(bytes.NewReader(data), opts)
	if err != nil {
		return nil, nil, errMaterialsNotXLSX
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, nil, errMaterialsNotXLSX
	}
	all, err := f.GetRows(sheets[0], opts)
	if err != nil {
		return nil, nil, errMaterialsNotXLSX
	}
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	header, cols := -1, map[int]string{}
	for i, r := range all {
		for j, h := range r {
			if field, ok := materialHeaderIndex[materialHeaderKey(h)]; ok {
				cols[j] = field
			}
		}
		if len(cols) > 0 {
			header = i
			break
		}
	}
	if header < 0 {
		return nil, nil, models.Invalid("file", "missing_columns", "columns", "category, name, unit, consumption")
	}
	have := map[string]bool{}
	for _, f := range cols {
		have[f] = true
	}
	var missing []string
	for _, f := range requiredMaterialColumns {
		if !have[f] {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return nil, nil, models.Invalid("file", "missing_columns", "columns", strings.Join(missing, ", "))
	}
	var ins []models.MaterialLineInput
	var rows []int
	for i := header + 1; i < len(all); i++ {
		vals := map[string]string{}
		blank := true
		for j, cell := range all[i] {
			field, ok := cols[j]
			if !ok {
				continue
			}
			cell = strings.TrimSpace(cell)
			if cell != "" {
				blank = false
			}
			vals[field] = cell
		}
		if blank {
			continue
		}
		if len(ins) == models.MaxMaterialLines {
			return nil, nil, models.Invalid("file", "too_many", "max", models.MaxMaterialLines)
		}
		ins = append(ins, materialRowInput(vals, date1904))
		rows = append(rows, i+1)
	}
	return ins, rows, nil
}

// materialRowInput turns a row's cells into an input; the store checks it.
func materialRowInput(vals map[string]string, date1904 bool) models.MaterialLineInput {
	get := func(field string) *string {
		v := vals[field]
		if words, ok := materialWords[field]; ok {
			if code, ok := words[v]; ok {
				v = code
			}
		}
		return &v
	}
	in := models.MaterialLineInput{Category: get("category"), Name: get("name"), Spec: get("spec"), Colour: get("colour"),
		MaterialColour: get("material_colour"), Unit: get("unit"), SourcedBy: get("sourced_by"), Note: get("note")}
	cons := sheetDecimal(vals["consumption"], 4)
	in.Consumption = &cons
	w := sheetDecimal(strings.TrimSuffix(vals["wastage_pct"], "%"), 2)
	in.WastagePct = &w
	d := sheetDate(vals["needed_by"], date1904)
	in.NeededBy = &d
	return in
}

// sheetDecimal undoes a spreadsheet's binary floating point ("1.35" stored
// as 1.3500000000000001) when the value is that close to places decimals;
// anything else is left for the store to refuse.
func sheetDecimal(v string, places int) string {
	if _, ok := models.ParseDecimal(v, places); ok || v == "" {
		return v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 {
		return v
	}
	scale := math.Pow10(places)
	r := math.Round(f * scale)
	if math.Abs(f*scale-r) > 1e-6 {
		return v
	}
	return models.FormatDecimal(int64(r), places)
}

// sheetDate reads a date cell: YYYY-MM-DD text or a spreadsheet serial.
func sheetDate(v string, date1904 bool) string {
	if v == "" {
		return ""
	}
	if n, err := strconv.ParseFloat(v, 64); err == nil && n > 0 && n < 2_958_466 {
		t, err := excelize.ExcelDateToTime(n, date1904)
		if err == nil {
			return t.Format(models.DateLayout)
		}
	}
	return strings.ReplaceAll(v, "/", "-")
}
