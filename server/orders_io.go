package server

// Spreadsheet import and export of orders. One spreadsheet row is one
// colour/size line; the rows of one PO number make one order. The export
// writes the same columns as the import reads, so an export can be edited
// and imported again under new PO numbers.

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"

	"gendan/models"
)

const (
	// importBodyLimit bounds an import upload (the whole multipart body).
	importBodyLimit = 10 << 20
	// maxImportRows is the most data rows one file may hold.
	maxImportRows = 5000
	// maxReportedRowErrors caps the row problems one answer lists.
	maxReportedRowErrors = 500
	// importUnzipLimit caps what an .xlsx may decompress to: a 10 MiB
	// upload must not inflate into gigabytes.
	importUnzipLimit = 256 << 20

	xlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	ordersSheet     = "Orders"
	columnsSheet    = "Columns"
	// exampleCustomer is the customer the template's example rows name.
	exampleCustomer = "Example Buyer 示例客户"
)

// RowError is one problem of an uploaded spreadsheet: the spreadsheet's row
// number (the header is row 1), the column as the file's own header names it
// (Chinese or English; "" for the whole row or file), the column's or the
// API field's stable name, and the problem as a code with params.
type RowError struct {
	Row    int    `json:"row"`
	Column string `json:"column"`
	Field  string `json:"field,omitempty"`
	models.FieldError
}

// Columns of the import and the export, in file order.
const (
	colPO = iota
	colCustomer
	colSupplier
	colMerchandiser
	colStyleNo
	colStyleName
	colDescription
	colCategory
	colUnit
	colExFactory
	colShipMode
	colDestination
	colUnitPrice
	colCurrency
	colTolerance
	colColour
	colSize
	colQuantity
	numColumns
)

type ioColumn struct {
	key      string   // English header
	zh       string   // Chinese header
	aliases  []string // other accepted headers
	required bool     // must have a value (the header must be present)
	order    bool     // order-level: the same on every row of a PO
	width    float64
	format   string
	formatZH string
}

var ioColumns = [numColumns]ioColumn{
	colPO: {key: "po_number", zh: "订单号", aliases: []string{"po", "po_no", "po号"}, required: true, width: 18,
		format:   "Purchase order number, up to 64 letters, digits and . _ / -; must be new. Rows with the same PO number make one order.",
		formatZH: "采购订单号，最多 64 个字母、数字或 . _ / -，不能与已有订单重复。订单号相同的行组成一个订单。"},
	colCustomer: {key: "customer", zh: "客户", aliases: []string{"customer_name", "客户名称"}, required: true, order: true, width: 24,
		format:   "Name of an existing customer (case-insensitive); create new customers first.",
		formatZH: "已有客户的名称（不区分大小写）；新客户请先在“客户”中创建。"},
	colSupplier: {key: "supplier_code", zh: "供应商代码", aliases: []string{"supplier", "factory_code", "工厂代码"}, required: true, order: true, width: 14,
		format:   "Code of an active supplier, e.g. HZ-JL.",
		formatZH: "启用中的供应商代码，如 HZ-JL。"},
	colMerchandiser: {key: "merchandiser_email", zh: "跟单员邮箱", aliases: []string{"merchandiser", "跟单员"}, order: true, width: 26,
		format:   "E-mail of an active merchandiser or admin; blank means you.",
		formatZH: "启用中的跟单员或管理员的邮箱；留空则为导入人。"},
	colStyleNo: {key: "style_no", zh: "款号", aliases: []string{"style", "style_number"}, required: true, order: true, width: 14,
		format: "Style number, up to 64 characters.", formatZH: "款号，最多 64 个字符。"},
	colStyleName: {key: "style_name", zh: "款名", order: true, width: 22,
		format: "Style name, up to 200 characters.", formatZH: "款式名称，最多 200 个字符。"},
	colDescription: {key: "description", zh: "描述", aliases: []string{"说明"}, order: true, width: 30,
		format: "Free text, up to 4,000 characters.", formatZH: "自由文本，最多 4000 个字符。"},
	colCategory: {key: "category", zh: "品类", aliases: []string{"类别"}, order: true, width: 14,
		format: "Product category, up to 100 characters.", formatZH: "产品品类，最多 100 个字符。"},
	colUnit: {key: "unit", zh: "单位", order: true, width: 8,
		format: "Unit of quantity; blank means pcs.", formatZH: "数量单位；留空为 pcs（件）。"},
	colExFactory: {key: "ex_factory_date", zh: "出厂日期", aliases: []string{"ex_factory", "交货期"}, required: true, order: true, width: 14,
		format:   "Date YYYY-MM-DD (an Excel date cell, YYYY/M/D or YYYY年M月D日 also work).",
		formatZH: "日期，格式 YYYY-MM-DD（也可用 Excel 日期单元格、YYYY/M/D 或 YYYY年M月D日）。"},
	colShipMode: {key: "ship_mode", zh: "运输方式", aliases: []string{"shipping_mode"}, required: true, order: true, width: 11,
		format:   "sea, air, rail, truck or courier.",
		formatZH: "海运 sea、空运 air、铁路 rail、陆运 truck 或快递 courier。"},
	colDestination: {key: "destination", zh: "目的地", order: true, width: 16,
		format: "Port or city, up to 200 characters.", formatZH: "目的港或城市，最多 200 个字符。"},
	colUnitPrice: {key: "unit_price", zh: "单价", aliases: []string{"price"}, order: true, width: 11,
		format:   "Decimal number, at most 4 decimals; never shown to the factory.",
		formatZH: "数字，最多 4 位小数；工厂看不到。"},
	colCurrency: {key: "currency", zh: "币种", aliases: []string{"货币"}, order: true, width: 9,
		format: "3-letter ISO code such as USD or CNY; required with a unit price.", formatZH: "3 位币种代码，如 USD、CNY；填了单价则必填。"},
	colTolerance: {key: "tolerance_pct", zh: "溢短装%", aliases: []string{"tolerance", "溢短装", "溢短装比例"}, order: true, width: 13,
		format:   "Over/short shipment tolerance in percent, whole number 0–30; blank means 5.",
		formatZH: "溢短装百分比，0–30 的整数；留空为 5。"},
	colColour: {key: "colour", zh: "颜色", aliases: []string{"color"}, required: true, width: 16,
		format: "Colour of this line, up to 100 characters.", formatZH: "本行颜色，最多 100 个字符。"},
	colSize: {key: "size", zh: "尺码", required: true, width: 8,
		format: "Size of this line, up to 40 characters; a colour/size pair only once per PO.", formatZH: "本行尺码，最多 40 个字符；同一订单内颜色+尺码不能重复。"},
	colQuantity: {key: "quantity", zh: "数量", aliases: []string{"qty"}, required: true, width: 10,
		format: "Whole number from 1 to 10,000,000.", formatZH: "1 至 10,000,000 的整数。"},
}

// headerKey normalises a header cell: case, spaces and dashes do not matter.
func headerKey(h string) string {
	h = strings.TrimSuffix(strings.TrimSpace(h), "*")
	h = strings.ToLower(strings.TrimSpace(h))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(h)
}

// headerIndex maps every accepted header to its column.
var headerIndex = func() map[string]int {
	m := map[string]int{}
	for i, c := range ioColumns {
		m[headerKey(c.key)] = i
		m[headerKey(c.zh)] = i
		for _, a := range c.aliases {
			m[headerKey(a)] = i
		}
	}
	return m
}()

// columnRank orders row errors: file problems first, then by column.
func columnRank(name string) int {
	for i, c := range ioColumns {
		if c.key == name {
			return i + 1
		}
	}
	return 0
}

var (
	errUnsupportedFile = apiError(fiber.StatusUnsupportedMediaType, "unsupported_media_type",
		"Upload an Excel workbook (.xlsx) or a UTF-8 CSV file (in Excel: Save As → CSV UTF-8).")
	errNotWorkbook = apiError(fiber.StatusUnsupportedMediaType, "unsupported_media_type",
		"The file is a ZIP archive but not a readable Excel workbook (.xlsx).")
	errImportNotMultipart = apiError(fiber.StatusBadRequest, "invalid_multipart",
		"Send the spreadsheet as multipart/form-data with one part named \"file\".")
)

// ---- reading ----

// sheetRow is one non-blank row of the uploaded sheet.
type sheetRow struct {
	num   int
	cells []string
}

// sheetData is the uploaded sheet: its non-blank rows (header included),
// up to one row beyond the limit.
type sheetData struct {
	rows     []sheetRow
	xlsx     bool
	date1904 bool
}

func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// collector keeps non-blank rows until one more than the header plus the
// data-row limit has been seen.
type collector struct{ rows []sheetRow }

func (c *collector) add(num int, cells []string) (more bool) {
	if !blankRow(cells) {
		c.rows = append(c.rows, sheetRow{num: num, cells: cells})
	}
	return len(c.rows) <= maxImportRows+1
}

// readUpload detects the file type by content and reads its rows.
func readUpload(data []byte) (*sheetData, error) {
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return readXLSX(data)
	}
	text := bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(text) || bytes.IndexByte(text, 0) >= 0 {
		return nil, errUnsupportedFile
	}
	return readCSV(text)
}

func readXLSX(data []byte) (*sheetData, error) {
	opts := excelize.Options{RawCellValue: true, UnzipSizeLimit: importUnzipLimit}
	f, err := excelize.OpenReader(bytes.NewReader(data), opts)
	if err != nil {
		return nil, errNotWorkbook
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, errNotWorkbook
	}
	name := sheets[0]
	for _, s := range sheets {
		if strings.EqualFold(s, ordersSheet) {
			name = s
			break
		}
	}
	out := &sheetData{xlsx: true}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		out.date1904 = *props.Date1904
	}
	rows, err := f.Rows(name)
	if err != nil {
		return nil, errNotWorkbook
	}
	defer rows.Close()
	var col collector
	// The iterator visits every row number, empty ones too, so counting
	// calls gives the spreadsheet's row number.
	for num := 1; rows.Next(); num++ {
		cells, err := rows.Columns(opts)
		if err != nil {
			return nil, errNotWorkbook
		}
		if !col.add(num, cells) {
			break
		}
	}
	if err := rows.Error(); err != nil {
		return nil, errNotWorkbook
	}
	out.rows = col.rows
	return out, nil
}

func readCSV(text []byte) (*sheetData, error) {
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = sniffDelimiter(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var col collector
	// Spreadsheet row numbers: encoding/csv skips empty lines, which a
	// spreadsheet shows as empty rows, and a quoted field may span lines.
	num, prevEnd := 0, 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			return nil, importFailed([]RowError{{Row: num + 1 + max(0, line-prevEnd-1), FieldError: models.Problem("invalid_csv")}})
		}
		start, _ := r.FieldPos(0)
		num += 1 + max(0, start-prevEnd-1)
		last, _ := r.FieldPos(len(rec) - 1)
		prevEnd = last + strings.Count(rec[len(rec)-1], "\n")
		if !col.add(num, rec) {
			break
		}
	}
	return &sheetData{rows: col.rows}, nil
}

// sniffDelimiter picks comma, semicolon (European Excel) or tab from the
// first line.
func sniffDelimiter(text []byte) rune {
	line := text
	if i := bytes.IndexByte(text, '\n'); i >= 0 {
		line = text[:i]
	}
	best, n := ',', bytes.Count(line, []byte(","))
	for _, d := range []rune{';', '\t'} {
		if k := bytes.Count(line, []byte(string(d))); k > n {
			best, n = d, k
		}
	}
	return best
}

// ---- cell values ----

var (
	dateRe       = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]0{1,2}:00(?::00(?:\.0+)?)?Z?)?$`)
	numberRe     = regexp.MustCompile(`^-?\d+(\.\d+)?([eE][-+]?\d+)?$`)
	plainPriceRe = regexp.MustCompile(`^\d+(\.\d{1,4})?$`)
	thousandsRe  = regexp.MustCompile(`^\d{1,3}(,\d{3})+(\.\d+)?$`)
)

// parseImportDate reads YYYY-MM-DD and its usual variants, and — from an
// .xlsx — Excel's date serial numbers.
func parseImportDate(v string, xlsx, date1904 bool) (string, *models.FieldError) {
	s, ok := readImportDate(v, xlsx, date1904)
	if !ok {
		fe := models.Problem("not_a_date")
		return v, &fe
	}
	return s, models.DateProblem(s)
}

func readImportDate(v string, xlsx, date1904 bool) (string, bool) {
	if m := dateRe.FindStringSubmatch(v); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		return fmt.Sprintf("%04d-%02d-%02d", y, mo, d), true
	}
	if xlsx && numberRe.MatchString(v) {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 1 || f > 2958465 {
			return "", false
		}
		t, err := excelize.ExcelDateToTime(math.Floor(f), date1904)
		if err != nil {
			return "", false
		}
		return t.Format(models.DateLayout), true
	}
	return "", false
}

// parseWhole reads a whole number: 1200, 1,200, 1200.0.
func parseWhole(v string) (int64, bool) {
	if thousandsRe.MatchString(v) {
		v = strings.ReplaceAll(v, ",", "")
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return n, true
	}
	if !numberRe.MatchString(v) {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1e15 {
		return 0, false
	}
	return int64(f), true
}

// parseTolerance reads a whole percentage: 5, 5%, or a cell formatted as a
// percentage (0.05 in the file).
func parseTolerance(v string, xlsx bool) (int, bool) {
	pct := strings.HasSuffix(v, "%")
	v = strings.TrimSpace(strings.TrimSuffix(v, "%"))
	if !pct && xlsx && numberRe.MatchString(v) {
		if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 && f < 1 {
			f = math.Round(f*1e6) / 1e4 // 0.05 → 5
			if f == math.Trunc(f) {
				return int(f), true
			}
			return 0, false
		}
	}
	n, ok := parseWhole(v)
	if !ok || n < 0 || n > 30 {
		return 0, false
	}
	return int(n), true
}

// normPrice undoes binary floating point noise in a numeric cell
// (12.300000000000001 → 12.3) and leaves everything else to the model.
func normPrice(v string) string {
	if plainPriceRe.MatchString(v) || !numberRe.MatchString(v) {
		return v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || f >= 1e10 {
		return v
	}
	r := math.Round(f*1e4) / 1e4
	if math.Abs(r-f) > 1e-9*math.Max(1, f) {
		return v // really more than 4 decimals: the model says so
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// samePrice compares prices as numbers: 12.5 and 12.50 agree.
func samePrice(a, b string) bool {
	trim := func(s string) string {
		if strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
		return s
	}
	return trim(a) == trim(b)
}

var shipModeNames = map[string]string{
	"海运": "sea", "海": "sea", "船": "sea",
	"空运": "air", "空": "air", "航空": "air",
	"铁路": "rail", "铁运": "rail", "铁路运输": "rail", "火车": "rail",
	"陆运": "truck", "卡车": "truck", "汽运": "truck", "公路": "truck",
	"快递": "courier",
}

func normShipMode(v string) string {
	if m, ok := shipModeNames[v]; ok {
		return m
	}
	return strings.ToLower(v)
}

// ---- the import ----

type errKey struct {
	row int
	col string
}

// poGroup is the rows of one PO number: one order.
type poGroup struct {
	po    string
	first int // row number of its first row
	// vals are the order-level values, src the row each came from (0: the
	// column is blank on every row).
	vals  [numColumns]string
	src   [numColumns]int
	lines []lineRow
	seen  map[string]int // colour/size → row
	in    models.OrderInput
}

type lineRow struct {
	num          int
	colour, size string
	qty          int
}

type importer struct {
	by       int64
	xlsx     bool
	date1904 bool
	at       [numColumns]int // column index in the file, -1 if absent
	groups   []*poGroup
	byPO     map[string]*poGroup
	errs     []RowError
	seen     map[errKey]bool
	// head is each column's header as written in the file; zhHeaders is
	// set when the file names its columns in Chinese.
	head      [numColumns]string
	zhHeaders bool
}

// fail records a problem of a row (field "" for the whole row or file, or
// an API field the file has no column for); the first problem of a cell wins.
func (im *importer) fail(row int, field string, code string, kv ...any) {
	im.record(row, "", field, models.Problem(code, kv...))
}

func (im *importer) record(row int, column, field string, fe models.FieldError) {
	k := errKey{row, field}
	if im.seen[k] {
		return
	}
	im.seen[k] = true
	im.errs = append(im.errs, RowError{Row: row, Column: column, Field: field, FieldError: fe})
}

// failCol records a problem of one column, named as the file names it.
func (im *importer) failCol(row, col int, code string, kv ...any) {
	im.failColProblem(row, col, models.Problem(code, kv...))
}

func (im *importer) failColProblem(row, col int, fe models.FieldError) {
	im.record(row, im.columnName(col), ioColumns[col].key, fe)
}

// columnName is a column's header as the user's file writes it; a column the
// file lacks is named in the language of the file's other headers.
func (im *importer) columnName(col int) string {
	if im.head[col] != "" {
		return im.head[col]
	}
	if im.zhHeaders {
		return ioColumns[col].zh
	}
	return ioColumns[col].key
}

// header maps the columns of row 1; it reports whether the rows can be read.
func (im *importer) header(rows []sheetRow) bool {
	if len(rows) == 0 || rows[0].num != 1 {
		im.fail(1, "", "header_missing")
		return false
	}
	for i := range im.at {
		im.at[i] = -1
	}
	for i, h := range rows[0].cells {
		if strings.TrimSpace(h) == "" {
			continue
		}
		col, ok := headerIndex[headerKey(h)]
		if !ok {
			name := strings.TrimSpace(h)
			im.record(1, name, name, models.Problem("unknown_column", "name", name))
			continue
		}
		if im.at[col] >= 0 {
			im.failCol(1, col, "duplicate_column")
			continue
		}
		im.at[col] = i
		im.head[col] = strings.TrimSpace(h)
		if headerKey(h) == headerKey(ioColumns[col].zh) {
			im.zhHeaders = true
		}
	}
	for col, c := range ioColumns {
		if c.required && im.at[col] < 0 {
			im.failCol(1, col, "missing_column")
		}
	}
	return len(im.errs) == 0
}

func (im *importer) cell(r sheetRow, col int) string {
	i := im.at[col]
	if i < 0 || i >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

// orderValue normalises an order-level cell; problem is set when it cannot
// be read at all.
func (im *importer) orderValue(col int, v string) (norm string, problem *models.FieldError) {
	switch col {
	case colSupplier, colCurrency:
		return strings.ToUpper(v), nil
	case colMerchandiser:
		return strings.ToLower(v), nil
	case colExFactory:
		d, fe := parseImportDate(v, im.xlsx, im.date1904)
		if fe != nil {
			return v, fe
		}
		return d, nil
	case colShipMode:
		return normShipMode(v), nil
	case colUnitPrice:
		return normPrice(v), nil
	case colTolerance:
		n, ok := parseTolerance(v, im.xlsx)
		if !ok {
			fe := models.Problem("out_of_range", "min", 0, "max", 30)
			return v, &fe
		}
		return strconv.Itoa(n), nil
	}
	return v, nil
}

func sameValue(col int, a, b string) bool {
	switch col {
	case colCustomer:
		return strings.EqualFold(a, b)
	case colUnitPrice:
		return samePrice(a, b)
	}
	return a == b
}

// row reads one data row into its PO's group.
func (im *importer) row(r sheetRow) {
	po := im.cell(r, colPO)
	if po == "" {
		im.failCol(r.num, colPO, "required")
		return
	}
	g := im.byPO[po]
	if g == nil {
		g = &poGroup{po: po, first: r.num, seen: map[string]int{}}
		im.byPO[po] = g
		im.groups = append(im.groups, g)
	}
	for col, c := range ioColumns {
		if !c.order {
			continue
		}
		raw := im.cell(r, col)
		if raw == "" {
			continue // blank: the PO's value from another row
		}
		v, problem := im.orderValue(col, raw)
		if problem != nil {
			im.failColProblem(r.num, col, *problem)
		}
		switch {
		case g.src[col] == 0:
			g.vals[col], g.src[col] = v, r.num
		case problem == nil && !sameValue(col, g.vals[col], v):
			im.failCol(r.num, col, "differs_within_po", "value", raw, "other", g.vals[col], "row", g.src[col], "po", po)
		}
	}
	l := lineRow{num: r.num, colour: im.cell(r, colColour), size: im.cell(r, colSize)}
	if q := im.cell(r, colQuantity); q == "" {
		im.failCol(r.num, colQuantity, "required")
	} else if n, ok := parseWhole(q); !ok || n < 1 || n > 10_000_000 {
		im.failCol(r.num, colQuantity, "out_of_range", "min", 1, "max", 10_000_000)
	} else {
		l.qty = int(n)
	}
	if l.colour != "" && l.size != "" {
		k := strings.ToLower(l.colour) + "\x00" + strings.ToLower(l.size)
		if prev, dup := g.seen[k]; dup {
			im.failCol(r.num, colSize, "duplicate_line", "row", prev, "colour", l.colour, "size", l.size)
		} else {
			g.seen[k] = r.num
		}
	}
	g.lines = append(g.lines, l)
}

// srcRow is the row an order-level problem belongs to.
func (g *poGroup) srcRow(col int) int {
	if col >= 0 && g.src[col] != 0 {
		return g.src[col]
	}
	return g.first
}

// resolve looks up customers, suppliers and merchandisers for every group
// with one query each, and builds the orders' inputs.
func (im *importer) resolve(c *fiber.Ctx, s *Server) error {
	ctx := c.UserContext()
	var names, codes, emails []string
	for _, g := range im.groups {
		names = append(names, g.vals[colCustomer])
		codes = append(codes, g.vals[colSupplier])
		emails = append(emails, g.vals[colMerchandiser])
	}
	custs, err := s.store.CustomersByName(ctx, names)
	if err != nil {
		return err
	}
	sups, err := s.store.SuppliersByCode(ctx, codes)
	if err != nil {
		return err
	}
	users, err := s.store.UsersByEmail(ctx, emails)
	if err != nil {
		return err
	}
	str := func(v string) *string { return &v }
	for _, g := range im.groups {
		var cid, sid int64
		mid := im.by
		if name := g.vals[colCustomer]; name == "" {
			im.failCol(g.first, colCustomer, "required")
		} else if cu, ok := custs[name]; ok {
			cid = cu.ID
		} else {
			im.failCol(g.srcRow(colCustomer), colCustomer, "unknown_customer", "name", name)
		}
		if code := g.vals[colSupplier]; code == "" {
			im.failCol(g.first, colSupplier, "required")
		} else if sp, ok := sups[code]; !ok {
			im.failCol(g.srcRow(colSupplier), colSupplier, "unknown_supplier", "name", code)
		} else if !sp.Active {
			im.failCol(g.srcRow(colSupplier), colSupplier, "inactive_supplier", "name", code)
		} else {
			sid = sp.ID
		}
		if email := g.vals[colMerchandiser]; email != "" {
			u, ok := users[email]
			switch {
			case !ok:
				im.failCol(g.srcRow(colMerchandiser), colMerchandiser, "unknown_user", "name", email)
			case !u.Active || (u.Role != models.RoleMerchandiser && u.Role != models.RoleAdmin):
				im.failCol(g.srcRow(colMerchandiser), colMerchandiser, "unknown_merchandiser", "name", email)
			}
			mid = u.ID
		}
		in := models.OrderInput{PONumber: str(g.po), CustomerID: &cid, SupplierID: &sid, MerchandiserID: &mid,
			StyleNo: str(g.vals[colStyleNo]), StyleName: str(g.vals[colStyleName]), Description: str(g.vals[colDescription]),
			Category: str(g.vals[colCategory]), Unit: str(g.vals[colUnit]), ExFactoryDate: str(g.vals[colExFactory]),
			ShipMode: str(g.vals[colShipMode]), Destination: str(g.vals[colDestination]),
			UnitPrice: str(g.vals[colUnitPrice]), Currency: str(g.vals[colCurrency])}
		if t, err := strconv.Atoi(g.vals[colTolerance]); err == nil {
			in.TolerancePct = &t
		}
		lines := make([]models.OrderLine, len(g.lines))
		for i, l := range g.lines {
			lines[i] = models.OrderLine{Colour: l.colour, Size: l.size, Quantity: l.qty}
		}
		in.Lines = &lines
		g.in = in
	}
	return nil
}

// modelFieldColumn maps the model's field names to columns.
var modelFieldColumn = map[string]int{
	"po_number": colPO, "customer_id": colCustomer, "supplier_id": colSupplier, "merchandiser_id": colMerchandiser,
	"style_no": colStyleNo, "style_name": colStyleName, "description": colDescription, "category": colCategory,
	"unit": colUnit, "ex_factory_date": colExFactory, "ship_mode": colShipMode, "destination": colDestination,
	"unit_price": colUnitPrice, "currency": colCurrency, "tolerance_pct": colTolerance,
	"colour": colColour, "size": colSize, "quantity": colQuantity,
}

var batchFieldRe = regexp.MustCompile(`^orders\[(\d+)\]\.(?:lines\[(\d+)\]\.)?(\w+)$`)

// modelErrors turns the store's "orders[i].lines[j].field" problems into
// row problems; other errors are returned.
func (im *importer) modelErrors(err error) error {
	var ve *models.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	// Sorted, so the answer does not depend on map order.
	fields := make([]string, 0, len(ve.Fields))
	for f := range ve.Fields {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		problem := ve.Fields[f]
		m := batchFieldRe.FindStringSubmatch(f)
		if m == nil {
			im.record(1, "", f, problem)
			continue
		}
		gi, _ := strconv.Atoi(m[1])
		if gi >= len(im.groups) {
			im.record(1, "", f, problem)
			continue
		}
		g := im.groups[gi]
		col, known := modelFieldColumn[m[3]]
		switch {
		case m[2] != "":
			li, _ := strconv.Atoi(m[2])
			row := g.first
			if li < len(g.lines) {
				row = g.lines[li].num
			}
			if known {
				im.failColProblem(row, col, problem)
			} else {
				im.record(row, "", m[3], problem)
			}
		case known:
			im.failColProblem(g.srcRow(col), col, problem)
		default:
			// "lines" (too few or too many colour/size rows for one PO) and
			// fields the file has no column for.
			im.record(g.first, "", m[3], problem)
		}
	}
	return nil
}

// importFailed is the 422 answer listing row problems, sorted.
func importFailed(errs []RowError) *APIError {
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].Row != errs[j].Row {
			return errs[i].Row < errs[j].Row
		}
		return columnRank(errs[i].Field) < columnRank(errs[j].Field)
	})
	rows := map[int]bool{}
	for _, e := range errs {
		rows[e.Row] = true
	}
	msg := fmt.Sprintf("%d problem(s) in %d row(s); nothing was imported. Fix them and upload the file again.", len(errs), len(rows))
	params := map[string]any{"count": len(errs), "rows": len(rows)}
	if len(errs) > maxReportedRowErrors {
		msg += fmt.Sprintf(" The first %d are listed.", maxReportedRowErrors)
		errs = errs[:maxReportedRowErrors]
		params["listed"] = maxReportedRowErrors
	}
	return &APIError{Status: fiber.StatusUnprocessableEntity, Code: "import_failed", Message: msg, Params: params, Rows: errs}
}

// importFile finds the "file" part of the multipart body.
func importFile(c *fiber.Ctx) ([]byte, error) {
	part, err := filePart(c.Body(), c.Get(fiber.HeaderContentType))
	if err != nil {
		var ve *models.ValidationError
		if errors.As(err, &ve) {
			return nil, models.Invalid("file", "required")
		}
		return nil, errImportNotMultipart
	}
	data, err := io.ReadAll(io.LimitReader(part, importBodyLimit+1))
	if err != nil {
		return nil, errImportNotMultipart
	}
	return data, nil
}

type importedOrder struct {
	ID       int64  `json:"id"`
	PONumber string `json:"po_number"`
}

type importResponse struct {
	Created int             `json:"created"`
	Orders  []importedOrder `json:"orders"`
}

// importOrders creates the orders of an uploaded .xlsx or .csv: every row is
// checked, and either all orders are created in one transaction (201) or
// none, with every problem by row and column (422).
func (s *Server) importOrders(c *fiber.Ctx) error {
	data, err := importFile(c)
	if err != nil {
		return err
	}
	sh, err := readUpload(data)
	if err != nil {
		return err
	}
	p := principalOf(c)
	im := &importer{by: p.UserID, xlsx: sh.xlsx, date1904: sh.date1904, byPO: map[string]*poGroup{}, seen: map[errKey]bool{}}
	if !im.header(sh.rows) {
		return importFailed(im.errs)
	}
	dataRows := sh.rows[1:]
	if len(dataRows) > maxImportRows {
		return importFailed([]RowError{{Row: dataRows[maxImportRows].num, FieldError: models.Problem("too_many_rows", "max", maxImportRows)}})
	}
	if len(dataRows) == 0 {
		return importFailed([]RowError{{Row: 2, FieldError: models.Problem("no_rows")}})
	}
	for _, r := range dataRows {
		im.row(r)
	}
	if err := im.resolve(c, s); err != nil {
		return err
	}
	ins := make([]models.OrderInput, len(im.groups))
	for i, g := range im.groups {
		ins[i] = g.in
	}
	ctx := c.UserContext()
	if len(im.errs) > 0 {
		// Report the store's problems too, so one round of fixes is enough.
		if len(ins) > 0 {
			if err := im.modelErrors(s.store.ValidateOrders(ctx, ins, p.UserID)); err != nil {
				return err
			}
		}
		return importFailed(im.errs)
	}
	orders, err := s.store.CreateOrders(ctx, ins, p.UserID)
	if err != nil {
		if err := im.modelErrors(err); err != nil {
			return err
		}
		return importFailed(im.errs)
	}
	out := importResponse{Created: len(orders), Orders: make([]importedOrder, len(orders))}
	for i, o := range orders {
		out.Orders[i] = importedOrder{ID: o.ID, PONumber: o.PONumber}
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

// ---- writing ----

// ioLine is one row of the import/export layout.
type ioLine struct {
	po, customer, supplier, merchandiser string
	styleNo, styleName, description      string
	category, unit, exFactory, shipMode  string
	destination, unitPrice, currency     string
	tolerance                            int
	colour, size                         string
	quantity                             int
}

// ordersSheetWriter streams rows in the import layout into the "Orders"
// sheet of a new workbook.
type ordersSheetWriter struct {
	f          *excelize.File
	sw         *excelize.StreamWriter
	next       int
	dateStyle  int
	priceStyle int
}

func newOrdersWorkbook() (*ordersSheetWriter, error) {
	f := excelize.NewFile()
	w := &ordersSheetWriter{f: f, next: 1}
	fail := func(err error) (*ordersSheetWriter, error) {
		f.Close()
		return nil, err
	}
	if err := f.SetSheetName(f.GetSheetName(0), ordersSheet); err != nil {
		return fail(err)
	}
	var err error
	if w.sw, err = f.NewStreamWriter(ordersSheet); err != nil {
		return fail(err)
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
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
	for i, c := range ioColumns {
		if err := w.sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return fail(err)
		}
	}
	if err := w.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fail(err)
	}
	header := make([]any, numColumns)
	for i, c := range ioColumns {
		header[i] = excelize.Cell{StyleID: head, Value: c.key}
	}
	if err := w.sw.SetRow("A1", header); err != nil {
		return fail(err)
	}
	w.next = 2
	return w, nil
}

var errExportTooLarge = apiError(fiber.StatusUnprocessableEntity, "export_too_large",
	"More order lines match than one worksheet can hold; narrow the filter.")

func (w *ordersSheetWriter) add(l ioLine) error {
	if w.next > excelize.TotalRows {
		return errExportTooLarge
	}
	row := make([]any, numColumns)
	row[colPO], row[colCustomer], row[colSupplier], row[colMerchandiser] = l.po, l.customer, l.supplier, l.merchandiser
	row[colStyleNo], row[colStyleName], row[colDescription] = l.styleNo, l.styleName, l.description
	row[colCategory], row[colUnit], row[colShipMode], row[colDestination] = l.category, l.unit, l.shipMode, l.destination
	row[colExFactory] = l.exFactory
	if t, ok := models.ParseDate(l.exFactory); ok {
		row[colExFactory] = excelize.Cell{StyleID: w.dateStyle, Value: t}
	}
	row[colUnitPrice] = l.unitPrice
	if f, err := strconv.ParseFloat(l.unitPrice, 64); err == nil {
		row[colUnitPrice] = excelize.Cell{StyleID: w.priceStyle, Value: f}
	}
	row[colCurrency], row[colTolerance] = l.currency, l.tolerance
	row[colColour], row[colSize] = l.colour, l.size
	if l.quantity > 0 {
		row[colQuantity] = l.quantity
	}
	cell, _ := excelize.CoordinatesToCellName(1, w.next)
	if err := w.sw.SetRow(cell, row); err != nil {
		return err
	}
	w.next++
	return nil
}

// bytes finishes the workbook.
func (w *ordersSheetWriter) bytes() ([]byte, error) {
	if err := w.sw.Flush(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := w.f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func sendXLSX(c *fiber.Ctx, name string, data []byte) error {
	c.Set(fiber.HeaderContentType, xlsxContentType)
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"`, name))
	// Exports carry prices: no shared cache may keep them.
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(data)
}

// exportOrders writes every line of the orders matching the list's filters,
// in the import's layout (staff only: it carries prices).
func (s *Server) exportOrders(c *fiber.Ctx) error {
	f, err := orderFilter(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	w, err := newOrdersWorkbook()
	if err != nil {
		return err
	}
	defer w.f.Close()
	custs, sups, emails := map[int64]string{}, map[int64]string{}, map[int64]string{}
	var batch []*models.Order
	flush := func() error {
		var cids, sids, uids []int64
		for _, o := range batch {
			if _, ok := custs[o.CustomerID]; !ok {
				cids = append(cids, o.CustomerID)
			}
			if _, ok := sups[o.SupplierID]; !ok {
				sids = append(sids, o.SupplierID)
			}
			if _, ok := emails[o.MerchandiserID]; !ok {
				uids = append(uids, o.MerchandiserID)
			}
		}
		cs, err := s.store.CustomerNames(ctx, cids)
		if err != nil {
			return err
		}
		for _, id := range cids {
			custs[id] = cs[id].Name
		}
		ss, err := s.store.SupplierNames(ctx, sids)
		if err != nil {
			return err
		}
		for _, id := range sids {
			sups[id] = ss[id].Code
		}
		es, err := s.store.UserEmails(ctx, uids)
		if err != nil {
			return err
		}
		for _, id := range uids {
			emails[id] = es[id]
		}
		for _, o := range batch {
			l := ioLine{po: o.PONumber, customer: custs[o.CustomerID], supplier: sups[o.SupplierID],
				merchandiser: emails[o.MerchandiserID], styleNo: o.StyleNo, styleName: o.StyleName,
				description: o.Description, category: o.Category, unit: o.Unit, exFactory: o.ExFactoryDate,
				shipMode: o.ShipMode, destination: o.Destination, unitPrice: o.UnitPrice, currency: o.Currency,
				tolerance: o.TolerancePct}
			if len(o.Lines) == 0 {
				if err := w.add(l); err != nil {
					return err
				}
			}
			for _, ln := range o.Lines {
				l.colour, l.size, l.quantity = ln.Colour, ln.Size, ln.Quantity
				if err := w.add(l); err != nil {
					return err
				}
			}
		}
		batch = batch[:0]
		return nil
	}
	err = s.store.EachOrder(ctx, f, func(o *models.Order) error {
		batch = append(batch, o)
		if len(batch) >= 500 {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	data, err := w.bytes()
	if err != nil {
		return err
	}
	return sendXLSX(c, "orders-"+s.clock.Now().UTC().Format("20060102")+".xlsx", data)
}

// templateExamples are two lines of one example order: a real active
// supplier's code when there is one, and the downloading user as the
// merchandiser.
func (s *Server) templateExamples(c *fiber.Ctx) ([]ioLine, error) {
	ctx := c.UserContext()
	code := "HZ-JL"
	active := true
	sups, _, err := s.store.ListSuppliers(ctx, models.SupplierFilter{Page: models.Page{Limit: 1}, Active: &active})
	if err != nil {
		return nil, err
	}
	if len(sups) > 0 {
		code = sups[0].Code
	}
	u, err := s.store.GetUser(ctx, principalOf(c).UserID)
	if err != nil {
		return nil, err
	}
	base := ioLine{po: "PO-EXAMPLE-001", customer: exampleCustomer, supplier: code, merchandiser: u.Email,
		styleNo: "ST-1001", styleName: "Padded jacket 棉服夹克", description: "Nylon shell, polyester padding 尼龙面料，涤纶填充",
		category: "Outerwear 外套", unit: "pcs", exFactory: s.clock.Now().UTC().AddDate(0, 0, 90).Format(models.DateLayout),
		shipMode: "sea", destination: "Hamburg 汉堡", unitPrice: "12.5", currency: "USD", tolerance: 5}
	a, b := base, base
	a.colour, a.size, a.quantity = "Navy 藏青", "M", 600
	b.colour, b.size, b.quantity = "Navy 藏青", "L", 400
	return []ioLine{a, b}, nil
}

func (l ioLine) text(col int) string {
	switch col {
	case colPO:
		return l.po
	case colCustomer:
		return l.customer
	case colSupplier:
		return l.supplier
	case colMerchandiser:
		return l.merchandiser
	case colStyleNo:
		return l.styleNo
	case colStyleName:
		return l.styleName
	case colDescription:
		return l.description
	case colCategory:
		return l.category
	case colUnit:
		return l.unit
	case colExFactory:
		return l.exFactory
	case colShipMode:
		return l.shipMode
	case colDestination:
		return l.destination
	case colUnitPrice:
		return l.unitPrice
	case colCurrency:
		return l.currency
	case colTolerance:
		return strconv.Itoa(l.tolerance)
	case colColour:
		return l.colour
	case colSize:
		return l.size
	case colQuantity:
		return strconv.Itoa(l.quantity)
	}
	return ""
}

// importTemplate is an .xlsx with the header, two example rows and a
// "Columns" sheet describing every column in English and Chinese.
func (s *Server) importTemplate(c *fiber.Ctx) error {
	examples, err := s.templateExamples(c)
	if err != nil {
		return err
	}
	w, err := newOrdersWorkbook()
	if err != nil {
		return err
	}
	defer w.f.Close()
	for _, l := range examples {
		if err := w.add(l); err != nil {
			return err
		}
	}
	if err := writeColumnsSheet(w.f, examples[0]); err != nil {
		return err
	}
	data, err := w.bytes()
	if err != nil {
		return err
	}
	return sendXLSX(c, "orders-import-template.xlsx", data)
}

func writeColumnsSheet(f *excelize.File, example ioLine) error {
	if _, err := f.NewSheet(columnsSheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
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
	for i, col := range ioColumns {
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
		rows = append(rows, []any{col.key, col.zh, req, level, col.format, col.formatZH, example.text(i)})
	}
	notes := []string{
		"",
		"One row per colour/size line; rows with the same po_number make one order. Order-level columns must agree on every row of a PO (a blank cell takes the value of the PO's other rows).",
		"每行是一个颜色/尺码；订单号相同的行组成一个订单。订单级的列在同一订单的各行必须一致（留空的单元格沿用该订单其他行的值）。",
		"Headers may be the English names above or the Chinese names; case does not matter. At most 5,000 rows per file; .xlsx or UTF-8 CSV.",
		"表头可以用上面的英文名或中文名，不区分大小写。每个文件最多 5000 行；支持 .xlsx 或 UTF-8 编码的 CSV。",
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
	last, _ := excelize.CoordinatesToCellName(7, len(ioColumns)+1)
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
