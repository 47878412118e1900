package server

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"gendan/models"
)

// The reference DTOs: what encoding/json makes of them is what the OpenAPI
// schemas Order and StaffOrder describe, and what orderjson.go must write
// byte for byte.
type refDTO struct {
	ID     int64  `json:"id"`
	Code   string `json:"code,omitempty"`
	Name   string `json:"name"`
	NameEn string `json:"name_en,omitempty"`
}

type milestoneBrief struct {
	ID          int64  `json:"id"`
	Code        string `json:"code"`
	Name        string `json:"name"`
	NameEn      string `json:"name_en"`
	PlannedDate string `json:"planned_date"`
	Status      string `json:"status"`
}

type orderDTO struct {
	ID            int64           `json:"id"`
	PONumber      string          `json:"po_number"`
	Customer      refDTO          `json:"customer"`
	Supplier      refDTO          `json:"supplier"`
	StyleNo       string          `json:"style_no"`
	StyleName     string          `json:"style_name"`
	Description   string          `json:"description"`
	Category      string          `json:"category"`
	Unit          string          `json:"unit"`
	TotalQuantity int             `json:"total_quantity"`
	TolerancePct  int             `json:"tolerance_pct"`
	Lines         []lineDTO       `json:"lines,omitempty"`
	ExFactoryDate string          `json:"ex_factory_date"`
	ShipMode      string          `json:"ship_mode"`
	Sourcing      string          `json:"sourcing"`
	Destination   string          `json:"destination"`
	Status        string          `json:"status"`
	Revision      int             `json:"revision"`
	CancelReason  string          `json:"cancel_reason,omitempty"`
	NextMilestone *milestoneBrief `json:"next_milestone"`
	Overdue       bool            `json:"overdue"`
	DueSoon       bool            `json:"due_soon"`
	RiskLevel     string          `json:"risk_level"`
	ConfirmedAt   *time.Time      `json:"confirmed_at"`
	CancelledAt   *time.Time      `json:"cancelled_at"`
	CreatedAt     time.Time       `json:"created_at"`
	UpdatedAt     time.Time       `json:"updated_at"`
	Actions       []string        `json:"actions"`
}

type staffOrderFields struct {
	MerchandiserID        int64  `json:"merchandiser_id"`
	TemplateID            *int64 `json:"template_id"`
	BaselineExFactoryDate string `json:"baseline_ex_factory_date"`
	InternalNotes         string `json:"internal_notes"`
	UnitPrice             string `json:"unit_price"`
	Currency              string `json:"currency"`
}

type staffOrderDTO struct {
	orderDTO
	staffOrderFields
}

// referenceOrder builds the reference DTO of a view, deciding overdue and
// actions with the same model functions the writer uses.
func referenceOrder(p *Principal, now time.Time, v *models.OrderView, withLines bool) any {
	o := &v.Order
	d := orderDTO{ID: o.ID, PONumber: o.PONumber, Customer: refDTO{ID: o.CustomerID, Name: v.CustomerName},
		Supplier: refDTO{ID: o.SupplierID, Code: v.SupplierCode, Name: v.SupplierName, NameEn: v.SupplierNameEn},
		StyleNo:  o.StyleNo, StyleName: o.StyleName, Description: o.Description, Category: o.Category, Unit: o.Unit,
		TotalQuantity: o.TotalQuantity, TolerancePct: o.TolerancePct, ExFactoryDate: o.ExFactoryDate, ShipMode: o.ShipMode, Sourcing: o.Sourcing,
		Destination: o.Destination, Status: o.Status, Revision: o.Revision, CancelReason: o.CancelReason,
		ConfirmedAt: o.ConfirmedAt, CancelledAt: o.CancelledAt, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
	if withLines {
		for _, l := range o.Lines {
			d.Lines = append(d.Lines, lineDTO{l.Colour, l.Size, l.Quantity})
		}
	}
	if m := v.Next; m != nil {
		d.NextMilestone = &milestoneBrief{ID: m.ID, Code: m.Code, Name: m.Name, NameEn: m.NameEn, PlannedDate: m.PlannedDate, Status: m.Status}
	}
	due := models.OrderDue(o, o.EarliestOpenDate, models.TodayIn(now, v.SupplierTimeZone))
	d.Overdue, d.DueSoon = due.Overdue, due.DueSoon
	d.RiskLevel = o.RiskLevel
	d.Actions = orderActions(p, o.Status)
	if p.IsFactory() {
		return d
	}
	return staffOrderDTO{orderDTO: d, staffOrderFields: staffOrderFields{MerchandiserID: o.MerchandiserID,
		TemplateID: o.TemplateID, BaselineExFactoryDate: o.BaselineExFactoryDate, InternalNotes: o.InternalNotes,
		UnitPrice: o.UnitPrice, Currency: o.Currency}}
}

// nastyText draws strings that exercise every escaping rule: HTML
// characters, control characters, quotes, backslashes, U+2028/2029,
// Chinese, emoji and invalid UTF-8.
func nastyText(r *rand.Rand) string {
	parts := []string{"", "a", "PO-1", "<", ">", "&", `"`, `\`, "\n", "\t", "\r", "\b", "\f", "\x00", "\x1f", "\x7f",
		"\u2028", "\u2029", "裁剪", "杭州金菱服饰", "🧵", "\xff", "\xe2\x80", "é", " ", "/", "'"}
	var b strings.Builder
	for n := r.IntN(6); n > 0; n-- {
		b.WriteString(parts[r.IntN(len(parts))])
	}
	return b.String()
}

func randomView(r *rand.Rand) *models.OrderView {
	t := func() time.Time {
		return time.Date(2020+r.IntN(10), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), r.IntN(3)*123456789, time.UTC)
	}
	opt := func() *time.Time {
		if r.IntN(2) == 0 {
			return nil
		}
		x := t()
		return &x
	}
	date := func() string { return t().Format(models.DateLayout) }
	v := &models.OrderView{SupplierCode: nastyText(r), SupplierName: nastyText(r), SupplierNameEn: nastyText(r),
		SupplierTimeZone: []string{"Asia/Shanghai", "Asia/Dhaka", "Europe/Istanbul", ""}[r.IntN(4)], CustomerName: nastyText(r)}
	v.Order = models.Order{ID: r.Int64N(1 << 40), PONumber: nastyText(r), CustomerID: r.Int64N(1000), SupplierID: r.Int64N(1000),
		MerchandiserID: r.Int64N(1000), StyleNo: nastyText(r), StyleName: nastyText(r), Description: nastyText(r),
		Category: nastyText(r), Unit: nastyText(r), TotalQuantity: r.IntN(1_000_000), ExFactoryDate: date(),
		BaselineExFactoryDate: date(), ShipMode: nastyText(r), Sourcing: nastyText(r), Destination: nastyText(r), InternalNotes: nastyText(r),
		UnitPrice: nastyText(r), Currency: nastyText(r), TolerancePct: r.IntN(20),
		Status: models.OrderStatuses[r.IntN(len(models.OrderStatuses))], Revision: r.IntN(9), CancelReason: nastyText(r),
		ConfirmedAt: opt(), CancelledAt: opt(), CreatedAt: t(), UpdatedAt: t()}
	if r.IntN(2) == 0 {
		id := r.Int64N(1000)
		v.TemplateID = &id
	}
	if r.IntN(3) > 0 {
		v.EarliestOpenDate = date()
		v.Next = &models.NextStep{ID: r.Int64N(1 << 30), Code: nastyText(r), Name: nastyText(r), NameEn: nastyText(r),
			PlannedDate: v.EarliestOpenDate, Status: []string{models.MilestoneOpen, models.MilestoneInProgress}[r.IntN(2)]}
	}
	for n := r.IntN(4); n > 0; n-- {
		v.Lines = append(v.Lines, models.OrderLine{Colour: nastyText(r), Size: nastyText(r), Quantity: r.IntN(10000)})
	}
	return v
}

// TestOrderJSONMatchesEncodingJSON: for random orders full of characters
// that need escaping, for staff and factory callers, with and without
// lines, in a list and alone, the hand-written JSON is byte for byte
// encoding/json's.
func TestOrderJSONMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	sid := int64(7)
	callers := []*Principal{{UserID: 1, Role: models.RoleMerchandiser}, {UserID: 2, Role: models.RoleAdmin},
		{UserID: 3, Role: models.RoleFactory, SupplierID: &sid}}
	now := time.Date(2026, 3, 1, 20, 30, 0, 0, time.UTC)
	for i := 0; i < 3000; i++ {
		p := callers[i%len(callers)]
		v := randomView(r)
		withLines := i%2 == 0
		want, err := json.Marshal(referenceOrder(p, now, v, withLines))
		if err != nil {
			t.Fatal(err)
		}
		got := newOrderWriter(p, now).appendOrder(nil, v, withLines)
		if string(got) != string(want) {
			t.Fatalf("order %d (%s):\n got %s\nwant %s", i, p.Role, got, want)
		}
	}
	for i := 0; i < 200; i++ {
		p := callers[i%len(callers)]
		views := make([]models.OrderView, r.IntN(4))
		items := make([]any, len(views))
		for k := range views {
			views[k] = *randomView(r)
			items[k] = referenceOrder(p, now, &views[k], false)
		}
		next := []string{"", models.EncodeCursor(r.Int64N(1000))}[r.IntN(2)]
		want, _ := json.Marshal(listOf(items, next))
		if got := newOrderWriter(p, now).appendOrderList(nil, views, next); string(got) != string(want) {
			t.Fatalf("list %d:\n got %s\nwant %s", i, got, want)
		}
	}
}

// TestJSONStringMatchesEncodingJSON covers the escaping alone, every byte
// value and every rune class.
func TestJSONStringMatchesEncodingJSON(t *testing.T) {
	var all []string
	for c := 0; c < 256; c++ {
		all = append(all, string([]byte{byte(c)}), "x"+string([]byte{byte(c)})+"y")
	}
	all = append(all, "\u2028\u2029", "a\u2028b", "\ufffd", "\xf0\x9f", "\xed\xa0\x80", "日本\xffä")
	for _, s := range all {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	}
}
