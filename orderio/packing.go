package orderio

// The packing list (装箱单) of one delivery as an .xlsx: a header block
// naming the order, supplier, warehouse and shipment, then one row per
// carton range and a totals row. The import reads the same table back: it
// finds the header row by its names (Chinese or English), reads the rows
// under it up to the totals row and ignores the derived columns (cartons,
// totals, CBM), which the server works out again.

import (
	"bytes"
	"errors"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"gendan/models"
)

// ErrNotXLSX is an upload that is not a ZIP archive, so no .xlsx workbook.
var ErrNotXLSX = errors.New("orderio: not an .xlsx workbook")

// Columns of the packing list table, in file order.
const (
	pkFrom = iota
	pkTo
	pkCartons
	pkColour
	pkSize
	pkPieces
	pkTotalPieces
	pkNet
	pkGross
	pkTotalNet
	pkTotalGross
	pkLength
	pkWidth
	pkHeight
	pkCBM
	numPackingColumns
)

type packingColumn struct {
	key     string // the stable name: the PackingRange field, or the derived value's
	en, zh  string
	aliases []string
	// input columns are read on import; the others are derived.
	input bool
	// required input columns must have a value on every row.
	required bool
	width    float64
	numFmt   string // "" for text and whole numbers
	// max bounds a whole-number input (its minimum is min).
	min, max int
}

var packingColumns = [numPackingColumns]packingColumn{
	pkFrom: {key: "from", en: "Carton from", zh: "起始箱号", aliases: []string{"carton_from", "箱号从", "从"}, input: true,
		required: true, width: 11, min: 1, max: 1_000_000},
	pkTo: {key: "to", en: "Carton to", zh: "结束箱号", aliases: []string{"carton_to", "箱号至", "至"}, input: true,
		required: true, width: 11, min: 1, max: 1_000_000},
	pkCartons:     {key: "cartons", en: "Cartons", zh: "箱数", width: 8},
	pkColour:      {key: "colour", en: "Colour", zh: "颜色", aliases: []string{"color"}, input: true, required: true, width: 16},
	pkSize:        {key: "size", en: "Size", zh: "尺码", input: true, required: true, width: 8},
	pkPieces:      {key: "pieces", en: "Pcs/carton", zh: "每箱件数", aliases: []string{"pieces_per_carton", "件/箱"}, input: true, required: true, width: 11, min: 1, max: 100_000},
	pkTotalPieces: {key: "total_pieces", en: "Total pcs", zh: "总件数", width: 10},
	pkNet:         {key: "net_kg", en: "N.W./carton (kg)", zh: "每箱净重(kg)", aliases: []string{"net_weight"}, input: true, width: 14, numFmt: "0.00"},
	pkGross:       {key: "gross_kg", en: "G.W./carton (kg)", zh: "每箱毛重(kg)", aliases: []string{"gross_weight"}, input: true, width: 14, numFmt: "0.00"},
	pkTotalNet:    {key: "total_net_kg", en: "Total N.W. (kg)", zh: "总净重(kg)", width: 14, numFmt: "0.00"},
	pkTotalGross:  {key: "total_gross_kg", en: "Total G.W. (kg)", zh: "总毛重(kg)", width: 14, numFmt: "0.00"},
	pkLength:      {key: "length_cm", en: "L (cm)", zh: "长(cm)", input: true, width: 8, max: 1000},
	pkWidth:       {key: "width_cm", en: "W (cm)", zh: "宽(cm)", input: true, width: 8, max: 1000},
	pkHeight:      {key: "height_cm", en: "H (cm)", zh: "高(cm)", input: true, width: 8, max: 1000},
	pkCBM:         {key: "cbm", en: "CBM (m³)", zh: "体积(m³)", aliases: []string{"cbm"}, width: 10, numFmt: "0.000"},
}

// packingHeaderKey normalises a header like headerKey, and also takes
// full-width brackets and spaces before a bracket as they come: "长（cm）"
// and "L(cm)" are "长(cm)" and "L (cm)".
func packingHeaderKey(h string) string {
	h = strings.NewReplacer("（", "(", "）", ")").Replace(h)
	return strings.ReplaceAll(headerKey(h), "_", "")
}

var packingHeaderIndex = func() map[string]int {
	m := map[string]int{}
	for i, c := range packingColumns {
		for _, h := range append([]string{c.key, c.en, c.zh}, c.aliases...) {
			m[packingHeaderKey(h)] = i
		}
	}
	return m
}()

// packingText is the sheet's wording in one language.
type packingText struct {
	sheet, title, total                            string
	po, style, supplier, warehouse, date           string
	shipDate, carrier, container, seal, trackingNo string
}

var packingTexts = map[string]packingText{
	models.LocaleEN: {sheet: "Packing list", title: "Packing list", total: "Total",
		po: "PO no.", style: "Style", supplier: "Supplier", warehouse: "Warehouse", date: "Delivery date",
		shipDate: "Ship date", carrier: "Carrier", container: "Container no.", seal: "Seal no.", trackingNo: "Tracking / B/L no."},
	models.LocaleZH: {sheet: "装箱单", title: "装箱单", total: "合计",
		po: "订单号", style: "款号", supplier: "供应商", warehouse: "仓库", date: "送货日期",
		shipDate: "出货日期", carrier: "承运人", container: "柜号", seal: "封条号", trackingNo: "运单/提单号"},
}

// totalLabels mark the totals row in either language; the import stops there.
var totalLabels = map[string]bool{"total": true, "totals": true, "合计": true, "总计": true}

// PackingDoc is what a packing list shows of one delivery.
type PackingDoc struct {
	PONumber, StyleNo, StyleName string
	Supplier, Warehouse          string
	// Date is the delivery's booked date (YYYY-MM-DD).
	Date string
	// Shipment is nil until the delivery ships.
	Shipment *PackingShipment
	Ranges   []models.PackingRange
}

// PackingShipment is how a delivery shipped.
type PackingShipment struct {
	Date, Carrier, TrackingNo, ContainerNo, SealNo string
}

// rangeValues lays a range out in column order, its derived values worked
// out as the delivery's totals are (models.PackingTotals).
func rangeValues(r models.PackingRange) []any {
	t := models.PackingTotals([]models.PackingRange{r})
	row := make([]any, numPackingColumns)
	row[pkFrom], row[pkTo], row[pkCartons] = r.From, r.To, r.Cartons()
	row[pkColour], row[pkSize], row[pkPieces], row[pkTotalPieces] = r.Colour, r.Size, r.Pieces, t.Pieces
	row[pkNet], row[pkGross] = r.NetKg, r.GrossKg
	row[pkTotalNet], row[pkTotalGross] = float64(t.NetG)/1000, float64(t.GrossG)/1000
	row[pkLength], row[pkWidth], row[pkHeight] = r.LengthCm, r.WidthCm, r.HeightCm
	row[pkCBM] = float64(t.CBMMilli) / 1000
	return row
}

// WritePackingList writes doc as an .xlsx in lang (models.LocaleZH, or
// else English). An empty list is the import template: header block, the
// column names and a totals row of zeros.
func WritePackingList(w io.Writer, doc PackingDoc, lang string) error {
	tx, ok := packingTexts[lang]
	if !ok {
		tx = packingTexts[models.LocaleEN]
	}
	if len(doc.Ranges) > models.MaxPackingRanges {
		return ErrTooManyRows
	}
	f := excelize.NewFile()
	defer f.Close()
	sh := tx.sheet
	if err := f.SetSheetName(f.GetSheetName(0), sh); err != nil {
		return err
	}
	head, err := headerStyle(f)
	if err != nil {
		return err
	}
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}})
	if err != nil {
		return err
	}
	label, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	var styles, totalStyles [numPackingColumns]int
	for i, c := range packingColumns {
		st := &excelize.Style{}
		if c.numFmt != "" {
			st.CustomNumFmt = &c.numFmt
		}
		if styles[i], err = f.NewStyle(st); err != nil {
			return err
		}
		st.Font = &excelize.Font{Bold: true}
		if totalStyles[i], err = f.NewStyle(st); err != nil {
			return err
		}
	}

	style := doc.StyleNo
	if doc.StyleName != "" {
		style += " " + doc.StyleName
	}
	block := [][2]string{{tx.po, doc.PONumber}, {tx.style, style}, {tx.supplier, doc.Supplier},
		{tx.warehouse, doc.Warehouse}, {tx.date, doc.Date}}
	if s := doc.Shipment; s != nil {
		block = append(block, [2]string{tx.shipDate, s.Date}, [2]string{tx.carrier, s.Carrier},
			[2]string{tx.container, s.ContainerNo}, [2]string{tx.seal, s.SealNo}, [2]string{tx.trackingNo, s.TrackingNo})
	}
	rows := [][]any{{excelize.Cell{StyleID: title, Value: tx.title}}}
	for _, kv := range block {
		// Text cells: a PO number such as 00123 keeps its zeros.
		rows = append(rows, []any{excelize.Cell{StyleID: label, Value: kv[0]}, kv[1]})
	}
	rows = append(rows, nil)
	header := make([]any, numPackingColumns)
	for i, c := range packingColumns {
		h := c.en
		if lang == models.LocaleZH {
			h = c.zh
		}
		header[i] = excelize.Cell{StyleID: head, Value: h}
	}
	rows = append(rows, header)
	headerRow := len(rows)
	for _, r := range doc.Ranges {
		vals := rangeValues(r)
		for i, v := range vals {
			vals[i] = excelize.Cell{StyleID: styles[i], Value: v}
		}
		rows = append(rows, vals)
	}
	t := models.PackingTotals(doc.Ranges)
	total := make([]any, numPackingColumns)
	total[pkFrom] = tx.total
	total[pkCartons], total[pkTotalPieces] = t.Cartons, t.Pieces
	total[pkTotalNet], total[pkTotalGross], total[pkCBM] = float64(t.NetG)/1000, float64(t.GrossG)/1000, float64(t.CBMMilli)/1000
	for i, v := range total {
		if v != nil {
			total[i] = excelize.Cell{StyleID: totalStyles[i], Value: v}
		}
	}
	rows = append(rows, total)

	sw, err := f.NewStreamWriter(sh)
	if err != nil {
		return err
	}
	for i, c := range packingColumns {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
	}
	top, _ := excelize.CoordinatesToCellName(1, headerRow+1)
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: top, ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, r := range rows {
		if r == nil {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, r); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// PackingFile is what ParsePackingList made of an upload: the ranges its
// rows describe, in file order, and every problem found.
type PackingFile struct {
	Ranges []models.PackingRange
	rowOf  []int // the spreadsheet row of each range
	header int   // the header's row
	at     [numPackingColumns]int
	head   [numPackingColumns]string
	zh     bool
	rowProblems
}

// ReadPackingList reads an uploaded packing list .xlsx (told by content,
// not by name) into its ranges and row problems. The error is ErrNotXLSX
// or ErrNotWorkbook.
func ReadPackingList(data []byte) ([]models.PackingRange, []RowError, error) {
	p, err := ParsePackingList(data)
	if err != nil {
		return nil, nil, err
	}
	return p.Ranges, p.Problems(), nil
}

// ParsePackingList is ReadPackingList keeping the rows, so that the
// store's problems with the ranges can be told by row (AddStoreProblems).
func ParsePackingList(data []byte) (*PackingFile, error) {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return nil, ErrNotXLSX
	}
	sh, err := readXLSX(data, packingTexts[models.LocaleZH].sheet, packingTexts[models.LocaleEN].sheet)
	if err != nil {
		return nil, err
	}
	p := &PackingFile{Ranges: []models.PackingRange{}}
	i := p.findHeader(sh.rows)
	if i < 0 {
		return p, nil
	}
	var body []sheetRow
	for _, r := range sh.rows[i+1:] {
		if totalLabels[packingHeaderKey(p.cell(r, pkFrom))] {
			break // the totals row, and what is written under it
		}
		body = append(body, r)
	}
	switch {
	case len(body) == 0:
		p.record(p.header+1, "", "", models.Problem("no_rows"))
	case len(body) > models.MaxPackingRanges:
		p.record(body[models.MaxPackingRanges].num, "", "", models.Problem("too_many_rows", "max", models.MaxPackingRanges))
	default:
		for _, r := range body {
			p.row(r)
		}
	}
	return p, nil
}

// Problems are the file's problems by row, then column.
func (p *PackingFile) Problems() []RowError {
	return p.sorted(func(field string) int {
		for i, c := range packingColumns {
			if c.key == field {
				return i + 1
			}
		}
		return 0
	})
}

// findHeader finds the header row: the first naming two or more columns
// (the header block above names none). It maps the columns and reports the
// row's index in rows, or -1 when the rows cannot be read. Columns it does
// not know are left alone: factories add their own (shipping marks,
// remarks).
func (p *PackingFile) findHeader(rows []sheetRow) int {
	for i := range p.at {
		p.at[i] = -1
	}
	for i, r := range rows {
		known := 0
		for _, h := range r.cells {
			if _, ok := packingHeaderIndex[packingHeaderKey(h)]; ok && strings.TrimSpace(h) != "" {
				known++
			}
		}
		if known < 2 {
			continue
		}
		p.header = r.num
		for j, h := range r.cells {
			col, ok := packingHeaderIndex[packingHeaderKey(h)]
			if !ok || strings.TrimSpace(h) == "" {
				continue
			}
			if p.at[col] >= 0 {
				p.fail(r.num, col, "duplicate_column")
				continue
			}
			p.at[col], p.head[col] = j, strings.TrimSpace(h)
			if packingHeaderKey(h) == packingHeaderKey(packingColumns[col].zh) {
				p.zh = true
			}
		}
		for col, c := range packingColumns {
			if c.input && p.at[col] < 0 {
				p.fail(r.num, col, "missing_column")
			}
		}
		if len(p.errs) > 0 {
			return -1
		}
		return i
	}
	p.record(1, "", "", models.Problem("header_missing"))
	return -1
}

// fail records a problem of one column, named as the file names it (a
// column the file lacks in the language of its other headers).
func (p *PackingFile) fail(row, col int, code string, kv ...any) {
	p.failProblem(row, col, models.Problem(code, kv...))
}

func (p *PackingFile) failProblem(row, col int, fe models.FieldError) {
	name := p.head[col]
	if name == "" {
		name = packingColumns[col].en
		if p.zh {
			name = packingColumns[col].zh
		}
	}
	p.record(row, name, packingColumns[col].key, fe)
}

func (p *PackingFile) cell(r sheetRow, col int) string {
	i := p.at[col]
	if i < 0 || i >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

// whole reads a whole-number cell; blank is 0 unless the column is required.
func (p *PackingFile) whole(r sheetRow, col int) int {
	c := packingColumns[col]
	v := p.cell(r, col)
	if v == "" {
		if c.required {
			p.fail(r.num, col, "required")
		}
		return 0
	}
	n, ok := parseWhole(v)
	switch {
	case !ok && !numberRe.MatchString(strings.ReplaceAll(v, ",", "")):
		p.fail(r.num, col, "wrong_type", "type", "number")
	case !ok || n < int64(c.min) || n > int64(c.max):
		p.fail(r.num, col, "out_of_range", "min", c.min, "max", c.max)
	default:
		return int(n)
	}
	return 0
}

// kg reads a weight in kilograms; blank is 0.
func (p *PackingFile) kg(r sheetRow, col int) float64 {
	v := p.cell(r, col)
	if v == "" {
		return 0
	}
	if thousandsRe.MatchString(v) {
		v = strings.ReplaceAll(v, ",", "")
	}
	f, err := strconv.ParseFloat(v, 64)
	if !numberRe.MatchString(v) || err != nil {
		p.fail(r.num, col, "wrong_type", "type", "number")
		return 0
	}
	// Two decimals, as the model keeps them; float noise of a sheet's own
	// arithmetic (5.499999999) goes with it.
	return math.Round(f*100) / 100
}

// row reads one data row into a range.
func (p *PackingFile) row(r sheetRow) {
	rg := models.PackingRange{From: p.whole(r, pkFrom), To: p.whole(r, pkTo), Colour: p.cell(r, pkColour),
		Size: p.cell(r, pkSize), Pieces: p.whole(r, pkPieces), NetKg: p.kg(r, pkNet), GrossKg: p.kg(r, pkGross),
		LengthCm: p.whole(r, pkLength), WidthCm: p.whole(r, pkWidth), HeightCm: p.whole(r, pkHeight)}
	for _, col := range []int{pkColour, pkSize} {
		if p.cell(r, col) == "" {
			p.fail(r.num, col, "required")
		}
	}
	p.Ranges = append(p.Ranges, rg)
	p.rowOf = append(p.rowOf, r.num)
}

var cartonFieldRe = regexp.MustCompile(`^cartons\[(\d+)\]\.(\w+)$`)

// AddStoreProblems records the store's problems with the ranges (a
// *models.ValidationError with fields such as "cartons[2].from", indexed
// like Ranges) as row problems; a problem of the whole list (such as
// "packing_list": packing_mismatch) is the header row's. Any other error
// is returned.
func (p *PackingFile) AddStoreProblems(err error) error {
	return eachFieldProblem(err, func(f string, problem models.FieldError) {
		m := cartonFieldRe.FindStringSubmatch(f)
		i := len(p.rowOf)
		if m != nil {
			i, _ = strconv.Atoi(m[1])
		}
		if i >= len(p.rowOf) {
			p.record(p.header, "", f, problem)
		} else if col, ok := packingHeaderIndex[packingHeaderKey(m[2])]; ok {
			p.failProblem(p.rowOf[i], col, problem)
		} else {
			p.record(p.rowOf[i], "", m[2], problem)
		}
	})
}
