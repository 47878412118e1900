package server

import (
	"context"
	"strconv"
	"time"
	"unicode/utf8"

	"gendan/models"
)

// Orders are written to JSON by hand: the order list is the most read
// response of the product, and encoding/json spent more time reflecting over
// its DTOs than the database spent finding them. The output is byte for byte
// what encoding/json makes of the reference DTOs in orderjson_test.go
// (TestOrderJSONMatchesEncodingJSON), which is what the OpenAPI schemas
// Order and StaffOrder describe: a factory's JSON has no price, currency,
// internal notes or baseline, because appendOrder never writes them for one.

// orderWriter renders orders for one caller at one moment.
type orderWriter struct {
	p       *Principal
	now     time.Time
	todays  map[string]string   // supplier time zone → its today
	actions map[string][]string // order status → the caller's actions
	// repl is one order's replacement links (after-sales), written with
	// its lines when set.
	repl *orderReplacements
}

// orderReplacements are what an order replaces and its replacements.
type orderReplacements struct {
	of   *models.ReplacementLink
	list []models.ReplacementLink
}

// withReplacements loads an order's replacement links for the writer.
func (s *Server) withReplacements(c interface{ UserContext() context.Context }, w *orderWriter, o *models.Order) error {
	of, list, err := s.store.OrderReplacements(c.UserContext(), o.ID)
	if err != nil {
		return err
	}
	w.repl = &orderReplacements{of: of, list: list}
	return nil
}

func newOrderWriter(p *Principal, now time.Time) *orderWriter {
	return &orderWriter{p: p, now: now, todays: map[string]string{}, actions: map[string][]string{}}
}

func (w *orderWriter) actionsFor(status string) []string {
	a, ok := w.actions[status]
	if !ok {
		a = orderActions(w.p, status)
		w.actions[status] = a
	}
	return a
}

func (w *orderWriter) today(zone string) string {
	t, ok := w.todays[zone]
	if !ok {
		t = models.TodayIn(w.now, zone)
		w.todays[zone] = t
	}
	return t
}

// appendOrderList writes {"items":[…],"next_cursor":"…"}.
func (w *orderWriter) appendOrderList(b []byte, views []models.OrderView, next string) []byte {
	b = append(b, `{"items":[`...)
	for i := range views {
		if i > 0 {
			b = append(b, ',')
		}
		b = w.appendOrder(b, &views[i], false)
	}
	b = append(b, `],"next_cursor":`...)
	b = appendJSONString(b, next)
	return append(b, '}')
}

// appendOrder writes one order as the caller may see it.
func (w *orderWriter) appendOrder(b []byte, v *models.OrderView, withLines bool) []byte {
	o := &v.Order
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, o.ID, 10)
	b = appendKey(b, "po_number", o.PONumber)
	b = append(b, `,"customer":{"id":`...)
	b = strconv.AppendInt(b, o.CustomerID, 10)
	b = appendKey(b, "name", v.CustomerName)
	b = append(b, `},"supplier":{"id":`...)
	b = strconv.AppendInt(b, o.SupplierID, 10)
	if v.SupplierCode != "" {
		b = appendKey(b, "code", v.SupplierCode)
	}
	b = appendKey(b, "name", v.SupplierName)
	if v.SupplierNameEn != "" {
		b = appendKey(b, "name_en", v.SupplierNameEn)
	}
	b = append(b, '}')
	b = appendKey(b, "style_no", o.StyleNo)
	b = appendKey(b, "style_name", o.StyleName)
	b = appendKey(b, "description", o.Description)
	b = appendKey(b, "category", o.Category)
	b = appendKey(b, "unit", o.Unit)
	b = appendIntKey(b, "total_quantity", int64(o.TotalQuantity))
	b = appendIntKey(b, "tolerance_pct", int64(o.TolerancePct))
	if withLines && len(o.Lines) > 0 {
		b = append(b, `,"lines":[`...)
		for i, l := range o.Lines {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"colour":`...)
			b = appendJSONString(b, l.Colour)
			b = appendKey(b, "size", l.Size)
			b = appendIntKey(b, "quantity", int64(l.Quantity))
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = appendKey(b, "ex_factory_date", o.ExFactoryDate)
	b = appendKey(b, "ship_mode", o.ShipMode)
	b = appendKey(b, "sourcing", o.Sourcing)
	b = appendKey(b, "destination", o.Destination)
	b = appendKey(b, "status", o.Status)
	b = appendIntKey(b, "revision", int64(o.Revision))
	if o.CancelReason != "" {
		b = appendKey(b, "cancel_reason", o.CancelReason)
	}
	b = append(b, `,"next_milestone":`...)
	if m := v.Next; m != nil {
		b = append(b, `{"id":`...)
		b = strconv.AppendInt(b, m.ID, 10)
		b = appendKey(b, "code", m.Code)
		b = appendKey(b, "name", m.Name)
		b = appendKey(b, "name_en", m.NameEn)
		b = appendKey(b, "planned_date", m.PlannedDate)
		b = appendKey(b, "status", m.Status)
		b = append(b, '}')
	} else {
		b = append(b, "null"...)
	}
	due := models.OrderDue(o, o.EarliestOpenDate, w.today(v.SupplierTimeZone))
	b = appendBoolKey(b, "overdue", due.Overdue)
	b = appendBoolKey(b, "due_soon", due.DueSoon)
	b = appendKey(b, "risk_level", o.RiskLevel)
	b = appendTimeKey(b, "confirmed_at", o.ConfirmedAt)
	b = appendTimeKey(b, "cancelled_at", o.CancelledAt)
	b = appendTimeKey(b, "created_at", &o.CreatedAt)
	b = appendTimeKey(b, "updated_at", &o.UpdatedAt)
	b = append(b, `,"actions":[`...)
	for i, a := range w.actionsFor(o.Status) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, a)
	}
	b = append(b, ']')
	if withLines && w.repl != nil {
		b = append(b, `,"replacement_of":`...)
		if of := w.repl.of; of != nil {
			b = append(b, `{"id":`...)
			b = strconv.AppendInt(b, of.ID, 10)
			b = appendKey(b, "po_number", of.PONumber)
			b = append(b, '}')
		} else {
			b = append(b, "null"...)
		}
		b = append(b, `,"replacements":[`...)
		for i, r := range w.repl.list {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"id":`...)
			b = strconv.AppendInt(b, r.ID, 10)
			b = appendKey(b, "po_number", r.PONumber)
			b = appendKey(b, "status", r.Status)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if isStaff(w.p) {
		b = appendIntKey(b, "merchandiser_id", o.MerchandiserID)
		b = append(b, `,"template_id":`...)
		if o.TemplateID != nil {
			b = strconv.AppendInt(b, *o.TemplateID, 10)
		} else {
			b = append(b, "null"...)
		}
		b = appendKey(b, "baseline_ex_factory_date", o.BaselineExFactoryDate)
		b = appendKey(b, "internal_notes", o.InternalNotes)
		b = appendKey(b, "unit_price", o.UnitPrice)
		b = appendKey(b, "currency", o.Currency)
	}
	return append(b, '}')
}

// appendKey writes ,"key":"value" (key is a plain ASCII literal).
func appendKey(b []byte, key, value string) []byte {
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return appendJSONString(b, value)
}

func appendIntKey(b []byte, key string, n int64) []byte {
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return strconv.AppendInt(b, n, 10)
}

func appendBoolKey(b []byte, key string, v bool) []byte {
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return strconv.AppendBool(b, v)
}

// appendTimeKey writes a time as encoding/json does (RFC 3339 with
// nanoseconds), or null.
func appendTimeKey(b []byte, key string, t *time.Time) []byte {
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	if t == nil {
		return append(b, "null"...)
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// appendJSONString writes s as a JSON string exactly as encoding/json does
// by default: HTML-safe (<, >, & as \u00XX), U+2028 and U+2029 escaped,
// invalid UTF-8 replaced by U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
