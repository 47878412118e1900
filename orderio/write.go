package orderio

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"

	"gendan/models"
)

const (
	// ContentType is the media type of the workbooks written here.
	ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	// ExampleCustomer is the customer the template's example rows name.
	ExampleCustomer = "Example Buyer 示例客户"

	columnsSheet  = "Columns"
	examplesSheet = "Examples"
)

// ErrTooManyRows is an export with more lines than one worksheet holds.
var ErrTooManyRows = errors.New("orderio: more order lines than one worksheet holds")

// headerStyle is the bold, light blue look of the header rows written here.
func headerStyle(f *excelize.File) (int, error) {
	return f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
}

// line is one row of the import/export layout.
type line struct {
	po, customer, supplier, merchandiser string
	styleNo, styleName, description      string
	category, unit, exFactory, shipMode  string
	destination, unitPrice, currency     string
	tolerance                            int
	colour, size                         string
	quantity                             int
}

// values lays a line out in column order; a quantity of 0 is a blank cell.
func (l line) values() []any {
	row := make([]any, numColumns)
	row[colPO], row[colCustomer], row[colSupplier], row[colMerchandiser] = l.po, l.customer, l.supplier, l.merchandiser
	row[colStyleNo], row[colStyleName], row[colDescription] = l.styleNo, l.styleName, l.description
	row[colCategory], row[colUnit], row[colShipMode], row[colDestination] = l.category, l.unit, l.shipMode, l.destination
	row[colExFactory], row[colUnitPrice], row[colCurrency], row[colTolerance] = l.exFactory, l.unitPrice, l.currency, l.tolerance
	row[colColour], row[colSize] = l.colour, l.size
	if l.quantity > 0 {
		row[colQuantity] = l.quantity
	}
	return row
}

// Writer streams rows in the import layout into the "Orders" sheet of a new
// workbook. Close it when done, after Bytes too.
type Writer struct {
	f          *excelize.File
	sw         *excelize.StreamWriter
	next       int
	dateStyle  int
	priceStyle int
}

// NewWriter starts a workbook with the header row.
func NewWriter() (*Writer, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName(f.GetSheetName(0), ordersSheet); err != nil {
		f.Close()
		return nil, err
	}
	w, err := newSheetWriter(f, ordersSheet)
	if err != nil {
		f.Close()
		return nil, err
	}
	return w, nil
}

// newSheetWriter streams rows in the import layout, after the header, into
// the sheet name of f (which must exist).
func newSheetWriter(f *excelize.File, name string) (*Writer, error) {
	w := &Writer{f: f, next: 1}
	fail := func(err error) (*Writer, error) { return nil, err }
	var err error
	if w.sw, err = f.NewStreamWriter(name); err != nil {
		return fail(err)
	}
	head, err := headerStyle(f)
	if err != nil {
		return fail(err)
	}
	dateFmt, priceFmt := "yyyy-mm-dd", "0.00##"
	if w.dateStyle, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt}); err != nil {
		return fail(err)
	}
	if w.priceStyle, err = f.NewStyle(&excelize.Style{CustomNumFmt: &priceFmt}); err != nil {
		return fail(err)
	}
	for i, c := range columns {
		if err := w.sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return fail(err)
		}
	}
	if err := w.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fail(err)
	}
	header := make([]any, numColumns)
	for i, c := range columns {
		header[i] = excelize.Cell{StyleID: head, Value: c.key}
	}
	if err := w.sw.SetRow("A1", header); err != nil {
		return fail(err)
	}
	w.next = 2
	return w, nil
}

// AddOrder writes one row per line of o (one row without colour, size and
// quantity when it has none), naming its customer, supplier and
// merchandiser as given.
func (w *Writer) AddOrder(o *models.Order, customer, supplierCode, merchandiserEmail string) error {
	l := line{po: o.PONumber, customer: customer, supplier: supplierCode, merchandiser: merchandiserEmail,
		styleNo: o.StyleNo, styleName: o.StyleName, description: o.Description, category: o.Category, unit: o.Unit,
		exFactory: o.ExFactoryDate, shipMode: o.ShipMode, destination: o.Destination, unitPrice: o.UnitPrice,
		currency: o.Currency, tolerance: o.TolerancePct}
	if len(o.Lines) == 0 {
		return w.add(l)
	}
	for _, ln := range o.Lines {
		l.colour, l.size, l.quantity = ln.Colour, ln.Size, ln.Quantity
		if err := w.add(l); err != nil {
			return err
		}
	}
	return nil
}

func (w *Writer) add(l line) error {
	if w.next > excelize.TotalRows {
		return ErrTooManyRows
	}
	row := l.values()
	// Real dates and numbers, so that Excel sorts and sums them.
	if t, ok := models.ParseDate(l.exFactory); ok {
		row[colExFactory] = excelize.Cell{StyleID: w.dateStyle, Value: t}
	}
	if f, err := strconv.ParseFloat(l.unitPrice, 64); err == nil {
		row[colUnitPrice] = excelize.Cell{StyleID: w.priceStyle, Value: f}
	}
	cell, _ := excelize.CoordinatesToCellName(1, w.next)
	if err := w.sw.SetRow(cell, row); err != nil {
		return err
	}
	w.next++
	return nil
}

// Bytes finishes the workbook and returns the file.
func (w *Writer) Bytes() ([]byte, error) {
	if err := w.sw.Flush(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := w.f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Close releases the workbook.
func (w *Writer) Close() error { return w.f.Close() }

// Example is what the template's example order names besides
// ExampleCustomer: a supplier code, the merchandiser's e-mail and an
// ex-factory date (YYYY-MM-DD).
type Example struct {
	Supplier, Merchandiser, ExFactory string
}

// Template is an .xlsx whose "Orders" sheet holds only the header, an
// "Examples" sheet with the same header and two example rows (one order of
// two lines) and a "Columns" sheet describing every column in English and
// Chinese. The examples are not in the sheet that is imported, so rows added
// to the template never meet an error about the example customer.
func Template(ex Example) ([]byte, error) {
	base := line{po: "PO-EXAMPLE-001", customer: ExampleCustomer, supplier: ex.Supplier, merchandiser: ex.Merchandiser,
		styleNo: "ST-1001", styleName: "Padded jacket 棉服夹克", description: "Nylon shell, polyester padding 尼龙面料，涤纶填充",
		category: "Outerwear 外套", unit: "pcs", exFactory: ex.ExFactory,
		shipMode: "sea", destination: "Hamburg 汉堡", unitPrice: "12.5", currency: "USD", tolerance: 5}
	a, b := base, base
	a.colour, a.size, a.quantity = "Navy 藏青", "M", 600
	b.colour, b.size, b.quantity = "Navy 藏青", "L", 400
	w, err := NewWriter()
	if err != nil {
		return nil, err
	}
	defer w.Close()
	if _, err := w.f.NewSheet(examplesSheet); err != nil {
		return nil, err
	}
	exw, err := newSheetWriter(w.f, examplesSheet)
	if err != nil {
		return nil, err
	}
	for _, l := range []line{a, b} {
		if err := exw.add(l); err != nil {
			return nil, err
		}
	}
	if err := exw.sw.Flush(); err != nil {
		return nil, err
	}
	if err := writeColumnsSheet(w.f, a); err != nil {
		return nil, err
	}
	return w.Bytes()
}

func writeColumnsSheet(f *excelize.File, example line) error {
	if _, err := f.NewSheet(columnsSheet); err != nil {
		return err
	}
	bold, err := headerStyle(f)
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	rows := [][]any{
		{"Column", "中文列名", "Required / 必填", "Level / 级别", "Format", "格式说明", "Example / 示例"},
	}
	values := example.values()
	for i, col := range columns {
		req, level := "optional / 选填", "line / 行"
		if col.required {
			req = "required / 必填"
		}
		if col.order {
			level = "order / 订单"
		}
		if i == colPO {
			level = "groups rows / 分组"
		}
		// Text, also for the numbers: this sheet documents, it is not data.
		text := ""
		if values[i] != nil {
			text = fmt.Sprint(values[i])
		}
		rows = append(rows, []any{col.key, col.zh, req, level, col.format, col.formatZH, text})
	}
	notes := []string{
		"",
		"One row per colour/size line; rows with the same po_number make one order. Order-level columns must agree on every row of a PO (a blank cell takes the value of the PO's other rows).",
		"每行是一个颜色/尺码；订单号相同的行组成一个订单。订单级的列在同一订单的各行必须一致（留空的单元格沿用该订单其他行的值）。",
		"Headers may be the English names above or the Chinese names; case does not matter. At most 5,000 rows per file; .xlsx or CSV (UTF-8, GBK/GB18030 or UTF-16).",
		"表头可以用上面的英文名或中文名，不区分大小写。每个文件最多 5000 行；支持 .xlsx 或 CSV（UTF-8、GBK/GB18030 或 UTF-16 编码）。",
		"The \"Examples\" sheet shows a filled-in order; it is never imported. Only the \"Orders\" sheet is read: fill in your rows there.",
		"“Examples”表中是填写示例，不会被导入。只读取“Orders”表：请在其中填写订单。",
		"If any row has a problem, nothing is imported and every problem is listed by row and column.",
		"只要有一行有问题，就不会导入任何订单，并按行号和列名列出所有问题。",
	}
	for _, n := range notes {
		rows = append(rows, []any{n})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(columnsSheet, cell, &r); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(7, len(columns)+1)
	if err := f.SetCellStyle(columnsSheet, "A2", last, wrap); err != nil {
		return err
	}
	if err := f.SetCellStyle(columnsSheet, "A1", "G1", bold); err != nil {
		return err
	}
	for i, wd := range []float64{20, 12, 16, 16, 48, 40, 26} {
		name, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(columnsSheet, name, name, wd); err != nil {
			return err
		}
	}
	return nil
}
