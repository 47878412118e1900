package models_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

// TestSQLiteJSONRowsMatchColumns: on SQLite the order list reads one
// json_array per row; for orders in every status (with and without a next
// step, confirmed or not, cancelled) and texts full of quotes, backslashes,
// control characters, HTML, U+2028, emoji, Chinese and invalid UTF-8, it
// reads exactly what the plain column path reads.
func TestSQLiteJSONRowsMatchColumns(t *testing.T) {
	db := testdb.SQLite(t)
	store := models.NewStore(db, testdb.NewClock(), testdb.TokenKey)
	ctx := context.Background()
	if err := store.SeedBench(ctx, 120, "2026-03-01"); err != nil {
		t.Fatal(err)
	}
	nasty := []string{`"quoted"`, `back\slash`, "tab\there\nnew\rline\b\f", "\x00\x01\x1f\x7f", "<b>&amp;</b>",
		"line\u2028sep\u2029", "🧵 针织 💯", "bad \xff\xfe utf8", `\u0041 literally`, "/slash/", "", "'single'"}
	g := store.Gorm()
	var ids []int64
	if err := g.Table("orders").Order("id").Pluck("id", &ids).Error; err != nil {
		t.Fatal(err)
	}
	for i, id := range ids[:len(nasty)*2] {
		s := nasty[i%len(nasty)]
		if err := g.Table("orders").Where("id = ?", id).Updates(map[string]any{"style_name": s, "description": s + s,
			"internal_notes": s, "destination": s, "cancel_reason": s}).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := g.Table("suppliers").Where("code = ?", "BN-02").Updates(map[string]any{"name": nasty[0] + nasty[3], "name_en": nasty[6]}).Error; err != nil {
		t.Fatal(err)
	}
	if err := g.Table("customers").Where("id = (SELECT MIN(id) FROM customers)").Update("name", nasty[2]+nasty[7]).Error; err != nil {
		t.Fatal(err)
	}
	if err := g.Table("milestones").Where("id IN (SELECT next_milestone_id FROM orders)").Update("name_en", nasty[5]).Error; err != nil {
		t.Fatal(err)
	}
	want, err := store.OrderViewsByColumns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, next, err := store.ListOrders(ctx, models.OrderFilter{Page: models.Page{Limit: 200}})
	if err != nil {
		t.Fatal(err)
	}
	if next != "" || len(got) != 120 || len(want) != 120 {
		t.Fatalf("read %d and %d orders (next %q)", len(got), len(want), next)
	}
	var withNext, without, cancelled int
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("order %d:\n json    %+v\n columns %+v", want[i].ID, got[i], want[i])
		}
		switch {
		case want[i].Status == models.StatusCancelled:
			cancelled++
		case want[i].Next != nil:
			withNext++
		default:
			without++
		}
	}
	if withNext == 0 || without == 0 || cancelled == 0 {
		t.Fatalf("the bench data lacks a case: %d with a next step, %d without, %d cancelled", withNext, without, cancelled)
	}
	// Plans read the same way too.
	if err := g.Table("milestones").Where("id IN (SELECT MIN(id) FROM milestones GROUP BY order_id)").
		Updates(map[string]any{"name": nasty[1], "code": nasty[4], "actual_date": nasty[2]}).Error; err != nil {
		t.Fatal(err)
	}
	steps := 0
	for _, v := range want {
		gotHead, gotMs, err := store.GetPlan(ctx, v.ID, models.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		wantHead, wantMs, err := store.PlanByColumns(ctx, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(gotMs, wantMs) || !reflect.DeepEqual(gotHead, wantHead) {
			t.Fatalf("plan of order %d:\n json    %+v %+v\n columns %+v %+v", v.ID, gotHead, gotMs, wantHead, wantMs)
		}
		if gotHead.ID != v.ID || gotHead.Status != v.Status || gotHead.TotalQuantity != v.TotalQuantity {
			t.Fatalf("plan head of order %d: %+v", v.ID, gotHead)
		}
		steps += len(wantMs)
	}
	if steps == 0 {
		t.Fatal("no steps compared")
	}
	// One order alone (with its lines) reads the same way.
	one, err := store.GetOrderView(ctx, want[7].ID, models.Scope{})
	if err != nil {
		t.Fatal(err)
	}
	if one.Lines = nil; !reflect.DeepEqual(*one, want[7]) {
		t.Fatalf("one order:\n json    %+v\n columns %+v", *one, want[7])
	}
}

// TestParseSQLiteTime: the hand parser of the driver's DATETIME form agrees
// with time.Parse, and the other forms still parse.
func TestParseSQLiteTime(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	zones := []*time.Location{time.UTC, time.FixedZone("", 8*3600), time.FixedZone("", -(5*3600 + 30*60))}
	for i := 0; i < 5000; i++ {
		want := time.Date(1990+r.IntN(80), time.Month(1+r.IntN(12)), 1+r.IntN(31), r.IntN(24), r.IntN(60), r.IntN(60),
			[]int{0, 500_000_000, 123_456_789, 1_000, r.IntN(1_000_000_000)}[r.IntN(5)], zones[r.IntN(len(zones))])
		s := want.Format("2006-01-02 15:04:05.999999999-07:00")
		got, err := models.ParseSQLiteTime(s)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Fatalf("%q: got %v (%v), want %v", s, got, err, want)
		}
	}
	for s, want := range map[string]time.Time{
		"2026-03-01 10:00:00":       time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC),
		"2026-03-01T10:00:00Z":      time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC),
		"2026-03-01":                time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		"2026-03-01 10:00:00+08:00": time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC),
	} {
		if got, err := models.ParseSQLiteTime(s); err != nil || !got.Equal(want) {
			t.Errorf("%q: got %v (%v), want %v", s, got, err, want)
		}
	}
	for _, bad := range []string{"", "2026-02-31 10:00:00+00:00", "2026-13-01 10:00:00+00:00", "yesterday", "2026-03-01 10:00:00.+00:00"} {
		if got, err := models.ParseSQLiteTime(bad); err == nil {
			t.Errorf("%q parsed as %v", bad, got)
		}
	}
}

// TestOrderViewLines: one order's lines come with it in the same query
// (a nested array on SQLite, joined rows on MySQL), in position order,
// exactly as stored — 400 long lines stored out of position order too.
func TestOrderViewLines(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		store := models.NewStore(db, testdb.NewClock(), testdb.TokenKey)
		ctx := context.Background()
		if err := store.SeedBench(ctx, 5, "2026-03-01"); err != nil {
			t.Fatal(err)
		}
		views, _, err := store.ListOrders(ctx, models.OrderFilter{})
		if err != nil || len(views) != 5 {
			t.Fatalf("%d orders, %v", len(views), err)
		}
		big, none := views[0].ID, views[1].ID
		g := store.Gorm()
		if err := g.Where("order_id IN ?", []int64{big, none}).Delete(&models.OrderLine{}).Error; err != nil {
			t.Fatal(err)
		}
		var lines []models.OrderLine
		for i := 0; i < models.MaxOrderLines; i++ { // stored out of position order
			pos := models.MaxOrderLines - i
			lines = append(lines, models.OrderLine{OrderID: big, Position: pos,
				Colour: fmt.Sprintf(`深海军蓝 "Navy" \ <%03d> 🧵 with a long name for the colour`, pos), Size: "XXL/180", Quantity: pos * 3})
		}
		if err := g.CreateInBatches(&lines, 100).Error; err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{big, none, views[2].ID} {
			want, err := store.GetOrder(ctx, id, models.Scope{}) // GORM's read of the lines
			if err != nil {
				t.Fatal(err)
			}
			got, err := store.GetOrderView(ctx, id, models.Scope{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Lines) != len(want.Lines) {
				t.Fatalf("order %d: %d lines, want %d", id, len(got.Lines), len(want.Lines))
			}
			for i := range want.Lines {
				w := want.Lines[i]
				w.ID = 0
				if got.Lines[i] != w {
					t.Fatalf("order %d line %d: %+v, want %+v", id, i, got.Lines[i], w)
				}
			}
		}
	})
}

// TestFactoryReadsLeaveStaffColumnsUnread: a factory user's list and
// order reads do not even fetch price, currency, internal notes, baseline,
// merchandiser or template; a merchandiser's do.
func TestFactoryReadsLeaveStaffColumnsUnread(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		store := models.NewStore(db, testdb.NewClock(), testdb.TokenKey)
		ctx := context.Background()
		if err := store.SeedBench(ctx, 40, "2026-03-01"); err != nil {
			t.Fatal(err)
		}
		var sid int64
		if err := store.Gorm().Table("suppliers").Where("code = ?", "BN-01").Pluck("id", &sid).Error; err != nil {
			t.Fatal(err)
		}
		staff, _, err := store.ListOrders(ctx, models.OrderFilter{Page: models.Page{Limit: 200}, SupplierID: &sid})
		if err != nil {
			t.Fatal(err)
		}
		factory, _, err := store.ListOrders(ctx, models.OrderFilter{Page: models.Page{Limit: 200}, Scope: models.Scope{SupplierID: &sid}})
		if err != nil || len(factory) == 0 {
			t.Fatalf("%d factory orders, %v", len(factory), err)
		}
		byID := map[int64]models.OrderView{}
		for _, v := range staff {
			byID[v.ID] = v
		}
		for _, v := range factory {
			s := byID[v.ID]
			if s.UnitPrice == "" || s.Currency == "" || s.InternalNotes == "" || s.MerchandiserID == 0 || s.TemplateID == nil || s.BaselineExFactoryDate == "" {
				t.Fatalf("staff read of order %d lacks staff fields: %+v", v.ID, s.Order)
			}
			if v.UnitPrice != "" || v.Currency != "" || v.InternalNotes != "" || v.MerchandiserID != 0 || v.TemplateID != nil || v.BaselineExFactoryDate != "" {
				t.Fatalf("factory read of order %d holds staff fields: %+v", v.ID, v.Order)
			}
			if v.PONumber != s.PONumber || v.ExFactoryDate != s.ExFactoryDate || v.SupplierName != s.SupplierName {
				t.Fatalf("factory read of order %d differs elsewhere", v.ID)
			}
			one, err := store.GetOrderView(ctx, v.ID, models.Scope{SupplierID: &sid})
			if err != nil {
				t.Fatal(err)
			}
			if one.UnitPrice != "" || one.InternalNotes != "" || len(one.Lines) != 3 {
				t.Fatalf("factory read of one order: %+v", one.Order)
			}
		}
	})
}
