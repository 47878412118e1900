package orderio

import (
	"errors"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gendan/models"
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

// Batch is what Import made of a file: the orders its rows describe, one
// per PO number in the order of first appearance, and every problem found.
type Batch struct {
	by       int64
	xlsx     bool
	date1904 bool
	at       [numColumns]int // column index in the file, -1 if absent
	groups   []*poGroup
	byPO     map[string]*poGroup
	rowProblems
	// head is each column's header as written in the file; zhHeaders is
	// set when the file names its columns in Chinese.
	head      [numColumns]string
	zhHeaders bool
}

func newBatch(by int64) *Batch {
	return &Batch{by: by, byPO: map[string]*poGroup{}}
}

// Orders are the inputs of the orders the file describes, for the store to
// check and create. With Problems, they are only worth checking.
func (b *Batch) Orders() []models.OrderInput {
	ins := make([]models.OrderInput, len(b.groups))
	for i, g := range b.groups {
		ins[i] = g.in
	}
	return ins
}

// Problems are the file's problems by row, then column (file problems
// first); none means the orders may be created.
func (b *Batch) Problems() []RowError { return b.sorted(columnRank) }

// fail records a problem of a row (field "" for the whole row or file, or
// an API field the file has no column for); the first problem of a cell wins.
func (b *Batch) fail(row int, field string, code string, kv ...any) {
	b.record(row, "", field, models.Problem(code, kv...))
}

// eachFieldProblem calls fn with each field problem of a
// *models.ValidationError, by field name (so that answers do not depend on
// map order); any other error is returned.
func eachFieldProblem(err error, fn func(field string, problem models.FieldError)) error {
	var ve *models.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	fields := make([]string, 0, len(ve.Fields))
	for f := range ve.Fields {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		fn(f, ve.Fields[f])
	}
	return nil
}

// rowProblems collects the problems of an uploaded sheet.
type rowProblems struct {
	errs []RowError
	seen map[errKey]bool
}

// record keeps a problem unless its cell (row and field) has one already.
func (p *rowProblems) record(row int, column, field string, fe models.FieldError) {
	k := errKey{row, field}
	if p.seen[k] {
		return
	}
	if p.seen == nil {
		p.seen = map[errKey]bool{}
	}
	p.seen[k] = true
	p.errs = append(p.errs, RowError{Row: row, Column: column, Field: field, FieldError: fe})
}

// sorted lists the problems by row, then by the rank of their field.
func (p *rowProblems) sorted(rank func(field string) int) []RowError {
	errs := slices.Clone(p.errs)
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].Row != errs[j].Row {
			return errs[i].Row < errs[j].Row
		}
		return rank(errs[i].Field) < rank(errs[j].Field)
	})
	return errs
}

// failCol records a problem of one column, named as the file names it.
func (b *Batch) failCol(row, col int, code string, kv ...any) {
	b.failColProblem(row, col, models.Problem(code, kv...))
}

func (b *Batch) failColProblem(row, col int, fe models.FieldError) {
	b.record(row, b.columnName(col), columns[col].key, fe)
}

// columnName is a column's header as the user's file writes it; a column the
// file lacks is named in the language of the file's other headers.
func (b *Batch) columnName(col int) string {
	if b.head[col] != "" {
		return b.head[col]
	}
	if b.zhHeaders {
		return columns[col].zh
	}
	return columns[col].key
}

// header maps the columns of row 1; it reports whether the rows can be read.
func (b *Batch) header(rows []sheetRow) bool {
	if len(rows) == 0 || rows[0].num != 1 {
		b.fail(1, "", "header_missing")
		return false
	}
	for i := range b.at {
		b.at[i] = -1
	}
	for i, h := range rows[0].cells {
		if strings.TrimSpace(h) == "" {
			continue
		}
		col, ok := headerIndex[headerKey(h)]
		if !ok {
			name := strings.TrimSpace(h)
			b.record(1, name, name, models.Problem("unknown_column", "name", name))
			continue
		}
		if b.at[col] >= 0 {
			b.failCol(1, col, "duplicate_column")
			continue
		}
		b.at[col] = i
		b.head[col] = strings.TrimSpace(h)
		if headerKey(h) == headerKey(columns[col].zh) {
			b.zhHeaders = true
		}
	}
	for col, c := range columns {
		if c.required && b.at[col] < 0 {
			b.failCol(1, col, "missing_column")
		}
	}
	return len(b.errs) == 0
}

func (b *Batch) cell(r sheetRow, col int) string {
	i := b.at[col]
	if i < 0 || i >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

// orderValue normalises an order-level cell; problem is set when it cannot
// be read at all.
func (b *Batch) orderValue(col int, v string) (norm string, problem *models.FieldError) {
	switch col {
	case colSupplier, colCurrency:
		return strings.ToUpper(v), nil
	case colMerchandiser:
		return strings.ToLower(v), nil
	case colExFactory:
		d, fe := parseDate(v, b.xlsx, b.date1904)
		if fe != nil {
			return v, fe
		}
		return d, nil
	case colShipMode:
		return normShipMode(v), nil
	case colUnitPrice:
		return normPrice(v), nil
	case colTolerance:
		n, ok := parseTolerance(v, b.xlsx)
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
func (b *Batch) row(r sheetRow) {
	po := b.cell(r, colPO)
	if po == "" {
		b.failCol(r.num, colPO, "required")
		return
	}
	g := b.byPO[po]
	if g == nil {
		g = &poGroup{po: po, first: r.num, seen: map[string]int{}}
		b.byPO[po] = g
		b.groups = append(b.groups, g)
	}
	for col, c := range columns {
		if !c.order {
			continue
		}
		raw := b.cell(r, col)
		if raw == "" {
			continue // blank: the PO's value from another row
		}
		v, problem := b.orderValue(col, raw)
		if problem != nil {
			b.failColProblem(r.num, col, *problem)
		}
		switch {
		case g.src[col] == 0:
			g.vals[col], g.src[col] = v, r.num
		case problem == nil && !sameValue(col, g.vals[col], v):
			b.failCol(r.num, col, "differs_within_po", "value", raw, "other", g.vals[col], "row", g.src[col], "po", po)
		}
	}
	l := lineRow{num: r.num, colour: b.cell(r, colColour), size: b.cell(r, colSize)}
	if q := b.cell(r, colQuantity); q == "" {
		b.failCol(r.num, colQuantity, "required")
	} else if n, ok := parseWhole(q); !ok || n < 1 || n > 10_000_000 {
		b.failCol(r.num, colQuantity, "out_of_range", "min", 1, "max", 10_000_000)
	} else {
		l.qty = int(n)
	}
	if l.colour != "" && l.size != "" {
		k := strings.ToLower(l.colour) + "\x00" + strings.ToLower(l.size)
		if prev, dup := g.seen[k]; dup {
			b.failCol(r.num, colSize, "duplicate_line", "row", prev, "colour", l.colour, "size", l.size)
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

var batchFieldRe = regexp.MustCompile(`^orders\[(\d+)\]\.(?:lines\[(\d+)\]\.)?(\w+)$`)

// AddStoreProblems records the store's problems with the orders (a
// *models.ValidationError with fields such as "orders[3].lines[2].quantity",
// indexed like Orders) as row problems; any other error is returned.
func (b *Batch) AddStoreProblems(err error) error {
	return eachFieldProblem(err, func(f string, problem models.FieldError) {
		m := batchFieldRe.FindStringSubmatch(f)
		if m == nil {
			b.record(1, "", f, problem)
			return
		}
		gi, _ := strconv.Atoi(m[1])
		if gi >= len(b.groups) {
			b.record(1, "", f, problem)
			return
		}
		g := b.groups[gi]
		col, known := modelFieldColumn[m[3]]
		switch {
		case m[2] != "":
			li, _ := strconv.Atoi(m[2])
			row := g.first
			if li < len(g.lines) {
				row = g.lines[li].num
			}
			if known {
				b.failColProblem(row, col, problem)
			} else {
				b.record(row, "", m[3], problem)
			}
		case known:
			b.failColProblem(g.srcRow(col), col, problem)
		default:
			// "lines" (too few or too many colour/size rows for one PO) and
			// fields the file has no column for.
			b.record(g.first, "", m[3], problem)
		}
	})
}
