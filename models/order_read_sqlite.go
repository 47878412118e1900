package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// On SQLite an order list page is read as one JSON array per row
// (json_array of the same columns orderViewSelect names) and decoded here.
//
// Why: the pure-Go SQLite driver costs about 0.25 µs per cell returned (a
// column-type call, a declared-type call and the text call, each taking the
// connection's mutex, and a time parse for each DATETIME), and a page of 51
// rows × 39 columns spent two thirds of the request there. SQLite builds
// the array for a fraction of that, and one cell per row is one crossing.
// MySQL returns cells cheaply and keeps plain columns (order_read.go).

const orderViewSelectSQLite = "SELECT json_array(" + orderViewFields + ")" + orderViewFrom

// orderViewSelectSQLiteWithLines adds the lines as a nested array.
// (json(…): a subquery's result loses its JSON subtype, and json_array
// would embed it as a string.)
const orderViewSelectSQLiteWithLines = "SELECT json_array(" + orderViewFields + `,
 json((SELECT json_group_array(json_array(l.colour, l.size, l.quantity) ORDER BY l.position)
 FROM order_lines l WHERE l.order_id = o.id)))` + orderViewFrom

// scanOrderViewsSQLite reads the rows of an orderViewSelectSQLite query.
func scanOrderViewsSQLite(rows *sql.Rows, capacity int, withLines bool, pre []any) ([]OrderView, error) {
	defer rows.Close()
	out := make([]OrderView, 0, capacity)
	sl := newViewSlab(capacity)
	for rows.Next() {
		// A string, not bytes: the driver makes one per row anyway, and
		// the texts decoded from it are substrings of it (no copies).
		var raw string
		if err := rows.Scan(append(pre[:len(pre):len(pre)], &raw)...); err != nil {
			return nil, fmt.Errorf("scan order: %w", err)
		}
		out = append(out, OrderView{})
		if err := decodeOrderView(raw, &out[len(out)-1], withLines, sl); err != nil {
			return nil, fmt.Errorf("decode order: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read orders: %w", err)
	}
	return out, nil
}

// viewSlab holds the values a page's OrderViews point to (times, ids,
// next steps), allocated once per page instead of once per value.
type viewSlab struct {
	times []time.Time
	ints  []int64
	next  []NextStep
}

func newViewSlab(rows int) *viewSlab {
	return &viewSlab{times: make([]time.Time, 0, 2*rows), ints: make([]int64, 0, 2*rows), next: make([]NextStep, 0, rows)}
}

func (sl *viewSlab) time(t time.Time, ok bool) *time.Time {
	if !ok {
		return nil
	}
	sl.times = append(sl.times, t)
	return &sl.times[len(sl.times)-1]
}

func (sl *viewSlab) int(n int64, ok bool) *int64 {
	if !ok {
		return nil
	}
	sl.ints = append(sl.ints, n)
	return &sl.ints[len(sl.ints)-1]
}

// decodeOrderView fills v from one json_array row, in orderViewSelect's order.
func decodeOrderView(raw string, v *OrderView, withLines bool, sl *viewSlab) error {
	d := jsonRow{b: raw}
	if !d.open() {
		return errors.New("not a JSON array")
	}
	o := &v.Order
	o.ID = d.int()
	o.PONumber = d.str()
	o.CustomerID = d.int()
	o.SupplierID = d.int()
	o.MerchandiserID = d.int()
	o.TemplateID = sl.int(d.intVal())
	o.StyleNo = d.str()
	o.StyleName = d.str()
	o.Description = d.str()
	o.Category = d.str()
	o.Unit = d.str()
	o.TotalQuantity = int(d.int())
	o.ExFactoryDate = d.str()
	o.BaselineExFactoryDate = d.str()
	o.ShipMode = d.str()
	o.Destination = d.str()
	o.InternalNotes = d.str()
	o.UnitPrice = d.str()
	o.Currency = d.str()
	o.TolerancePct = int(d.int())
	o.Status = d.str()
	o.Revision = int(d.int())
	o.CancelReason = d.str()
	o.ConfirmedAt = sl.time(d.timeVal())
	o.CancelledAt = sl.time(d.timeVal())
	o.CreatedAt, _ = d.timeVal()
	o.UpdatedAt, _ = d.timeVal()
	o.NextMilestoneID = sl.int(d.intVal())
	o.EarliestOpenDate = d.str()
	o.RiskLevel = d.str()
	o.Sourcing = d.str()
	v.SupplierCode = d.str()
	v.SupplierName = d.str()
	v.SupplierNameEn = d.str()
	v.SupplierTimeZone = d.str()
	v.CustomerName = d.str()
	code, hasNext := d.optStr()
	name, nameEn, date, status := d.str(), d.str(), d.str(), d.str()
	if withLines {
		o.Lines = d.lines(o.ID)
	}
	if d.err != nil {
		return d.err
	}
	if !d.close() {
		return errors.New("trailing data in the row")
	}
	if o.NextMilestoneID != nil && hasNext {
		sl.next = append(sl.next, NextStep{ID: *o.NextMilestoneID, Code: code, Name: name, NameEn: nameEn, PlannedDate: date, Status: status})
		v.Next = &sl.next[len(sl.next)-1]
	}
	return nil
}

// getPlanSQLite is the plan read with one json_array per row (text, args;
// pre as in scanOrderViews).
func (s *Store) getPlanSQLite(ctx context.Context, text string, args []any, pre ...any) (*OrderHead, []Milestone, error) {
	rows, err := s.query(ctx, text, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("get plan: %w", err)
	}
	defer rows.Close()
	var h *OrderHead
	ms := make([]Milestone, 0, 16)
	for rows.Next() {
		var raw string
		if err := rows.Scan(append(pre[:len(pre):len(pre)], &raw)...); err != nil {
			return nil, nil, fmt.Errorf("scan plan: %w", err)
		}
		d := jsonRow{b: raw}
		if !d.open() {
			return nil, nil, errors.New("decode plan: not a JSON array")
		}
		var row OrderHead
		row.ID, row.SupplierID, row.Status, row.Confirmed = d.int(), d.int(), d.str(), d.int() != 0
		row.TotalQuantity, row.TolerancePct, row.Unit, row.SupplierTimeZone = int(d.int()), int(d.int()), d.str(), d.str()
		mid := d.optInt()
		var m Milestone
		m.OrderID, m.Position = d.optIntOr0(), int(d.optIntOr0())
		m.Code, m.Name, m.NameEn, m.QuantityKind, m.SampleType = d.str(), d.str(), d.str(), d.str(), d.str()
		m.PlannedDate, m.BaselineDate = d.str(), d.str()
		if a, ok := d.optStr(); ok {
			m.ActualDate = &a
		}
		m.QuantityDone, m.Status, m.PlannedLate = int(d.optIntOr0()), d.str(), d.optIntOr0() != 0
		if t := d.optTime(); t != nil {
			m.UpdatedAt = *t
		}
		if d.err != nil || !d.close() {
			return nil, nil, fmt.Errorf("decode plan: %v", d.err)
		}
		if h == nil {
			h = &row
		}
		if mid != nil {
			m.ID = *mid
			ms = append(ms, m)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("read plan: %w", err)
	}
	return h, ms, nil
}

// jsonRow decodes the flat arrays SQLite's json_array makes of integers,
// texts and NULLs. The first error sticks and every later read is zero.
type jsonRow struct {
	b     string
	i     int
	first bool
	err   error
}

func (d *jsonRow) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("json row: %s at byte %d", what, d.i)
	}
}

func (d *jsonRow) open() bool {
	if len(d.b) == 0 || d.b[0] != '[' {
		return false
	}
	d.i, d.first = 1, true
	return true
}

func (d *jsonRow) close() bool {
	d.skipSpace()
	return d.i == len(d.b)-1 && d.b[d.i] == ']'
}

// next moves to the next element and reports whether it is NULL.
func (d *jsonRow) next() (null bool) {
	if d.err != nil {
		return true
	}
	d.skipSpace()
	if !d.first {
		if d.i >= len(d.b) || d.b[d.i] != ',' {
			d.fail("missing comma")
			return true
		}
		d.i++
		d.skipSpace() // MySQL writes ", "
	}
	d.first = false
	if strings.HasPrefix(d.b[d.i:], "null") {
		d.i += 4
		return true
	}
	return false
}

// intVal reads an integer that may be NULL (ok false).
func (d *jsonRow) intVal() (int64, bool) {
	if d.next() {
		return 0, false
	}
	return d.number(), true
}

func (d *jsonRow) optInt() *int64 {
	n, ok := d.intVal()
	if !ok {
		return nil
	}
	return &n
}

// lines reads an array of [colour, size, quantity] arrays (NULL: none).
func (d *jsonRow) lines(orderID int64) []OrderLine {
	if d.next() {
		return nil
	}
	if d.i >= len(d.b) || d.b[d.i] != '[' {
		d.fail("expected the lines' array")
		return nil
	}
	d.i++
	d.skipSpace()
	var out []OrderLine
	for d.err == nil && d.i < len(d.b) && d.b[d.i] != ']' {
		if len(out) > 0 {
			if d.b[d.i] != ',' {
				d.fail("missing comma between lines")
				return nil
			}
			d.i++
			d.skipSpace()
		}
		if d.i >= len(d.b) || d.b[d.i] != '[' {
			d.fail("expected a line")
			return nil
		}
		d.i, d.first = d.i+1, true
		l := OrderLine{OrderID: orderID, Position: len(out) + 1}
		l.Colour, l.Size, l.Quantity = d.str(), d.str(), int(d.int())
		d.skipSpace()
		if d.i >= len(d.b) || d.b[d.i] != ']' {
			d.fail("unterminated line")
			return nil
		}
		d.i++
		d.skipSpace()
		out = append(out, l)
	}
	if d.i >= len(d.b) {
		d.fail("unterminated lines")
		return nil
	}
	d.i++ // the lines' ]
	d.first = false
	return out
}

func (d *jsonRow) skipSpace() {
	for d.i < len(d.b) && (d.b[d.i] == ' ' || d.b[d.i] == '\n' || d.b[d.i] == '\t' || d.b[d.i] == '\r') {
		d.i++
	}
}

// optIntOr0 reads an integer that may be NULL (a LEFT JOIN's) as 0.
func (d *jsonRow) optIntOr0() int64 {
	if n := d.optInt(); n != nil {
		return *n
	}
	return 0
}

func (d *jsonRow) int() int64 {
	if d.next() {
		d.fail("NULL integer")
		return 0
	}
	return d.number()
}

func (d *jsonRow) number() int64 {
	neg := d.i < len(d.b) && d.b[d.i] == '-'
	if neg {
		d.i++
	}
	start := d.i
	var n int64
	for d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' && d.i-start < 18 {
		n = n*10 + int64(d.b[d.i]-'0')
		d.i++
	}
	if d.i == start || (d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9') {
		d.fail("bad integer")
	}
	if neg {
		n = -n
	}
	return n
}

// str reads a text; NULL reads as "".
func (d *jsonRow) str() string {
	s, _ := d.optStr()
	return s
}

func (d *jsonRow) optStr() (string, bool) {
	if d.next() {
		return "", false
	}
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		d.fail("expected a string")
		return "", false
	}
	d.i++
	start := d.i
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case '"':
			s := d.b[start:d.i]
			d.i++
			return s, true
		case '\\':
			return d.escaped(start), true
		}
		d.i++
	}
	d.fail("unterminated string")
	return "", false
}

// escaped finishes a string that has escapes, from its start.
func (d *jsonRow) escaped(start int) string {
	buf := append([]byte(nil), d.b[start:d.i]...)
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			d.i++
			return string(buf)
		case c != '\\':
			buf = append(buf, c)
			d.i++
			continue
		}
		if d.i+1 >= len(d.b) {
			break
		}
		e := d.b[d.i+1]
		d.i += 2
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r := d.hex4()
			if utf16.IsSurrogate(r) && d.i+1 < len(d.b) && d.b[d.i] == '\\' && d.b[d.i+1] == 'u' {
				d.i += 2
				r = utf16.DecodeRune(r, d.hex4())
			}
			buf = utf8.AppendRune(buf, r)
		default:
			d.fail("bad escape")
			return ""
		}
	}
	d.fail("unterminated string")
	return ""
}

func (d *jsonRow) hex4() rune {
	if d.i+4 > len(d.b) {
		d.fail("short \\u escape")
		return utf8.RuneError
	}
	n, err := strconv.ParseUint(d.b[d.i:d.i+4], 16, 32)
	if err != nil {
		d.fail("bad \\u escape")
	}
	d.i += 4
	return rune(n)
}

// timeVal reads a DATETIME text that may be NULL (ok false).
func (d *jsonRow) timeVal() (time.Time, bool) {
	s, ok := d.optStr()
	if !ok {
		return time.Time{}, false
	}
	t, err := parseSQLiteTime(s)
	if err != nil {
		d.fail(err.Error())
		return time.Time{}, false
	}
	return t, true
}

// optTime reads a DATETIME text as the driver would have parsed it.
func (d *jsonRow) optTime() *time.Time {
	t, ok := d.timeVal()
	if !ok {
		return nil
	}
	return &t
}

// sqliteTimeFormats are the forms a DATETIME text may take: the first is
// what the driver writes; the rest are the other forms it reads (and what
// SQLite's own date functions make).
var sqliteTimeFormats = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
	"2006-01-02 15:04:05.999999999 -0700 MST",
}

// parseSQLiteTime parses the driver's own form by hand (four of them per
// order on a list page) and falls back to time.Parse for the others. The
// result is in UTC.
func parseSQLiteTime(s string) (time.Time, error) {
	if t, ok := parseDriverTime(s); ok {
		return t, nil
	}
	ts := strings.TrimSuffix(s, "Z")
	for _, f := range sqliteTimeFormats {
		if t, err := time.ParseInLocation(f, ts, time.UTC); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("not a time: %q", s)
}

// parseDriverTime reads "2006-01-02 15:04:05[.fraction]+07:00".
func parseDriverTime(s string) (time.Time, bool) {
	if len(s) < 25 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	num := func(a, b int) (int, bool) {
		n := 0
		for _, c := range []byte(s[a:b]) {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	year, ok1 := num(0, 4)
	month, ok2 := num(5, 7)
	day, ok3 := num(8, 10)
	hour, ok4 := num(11, 13)
	minute, ok5 := num(14, 16)
	sec, ok6 := num(17, 19)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || month < 1 || month > 12 || day < 1 || day > 31 ||
		hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	i, nsec := 19, 0
	if s[i] == '.' {
		i++
		digits := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if digits < 9 {
				nsec = nsec*10 + int(s[i]-'0')
				digits++
			}
			i++
		}
		if digits == 0 {
			return time.Time{}, false
		}
		for ; digits < 9; digits++ {
			nsec *= 10
		}
	}
	if len(s) != i+6 || (s[i] != '+' && s[i] != '-') || s[i+3] != ':' {
		return time.Time{}, false
	}
	oh, ok7 := num(i+1, i+3)
	om, ok8 := num(i+4, i+6)
	if !ok7 || !ok8 || oh > 23 || om > 59 {
		return time.Time{}, false
	}
	off := oh*3600 + om*60
	if s[i] == '-' {
		off = -off
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	if t.Day() != day { // 31 February
		return time.Time{}, false
	}
	return t.Add(-time.Duration(off) * time.Second), true
}
