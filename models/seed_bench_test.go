package models_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

// benchDigest hashes what the bench data holds (everything but
// timestamps and ids): orders with their supplier, customer and lines, and
// every step.
func benchDigest(t *testing.T, db *models.DB) string {
	t.Helper()
	store := models.NewStore(db, testdb.NewClock(), testdb.TokenKey)
	if err := store.SeedBench(context.Background(), 150, "2026-03-01"); err != nil {
		t.Fatal(err)
	}
	g := store.Gorm()
	h := sha256.New()
	var orders []struct {
		PONumber, Code, Name, StyleNo, ExFactoryDate, Status string
		TotalQuantity                                        int
		Confirmed                                            bool
	}
	if err := g.Raw(`SELECT o.po_number, s.code, c.name, o.style_no, o.ex_factory_date, o.status, o.total_quantity,
 o.confirmed_at IS NOT NULL AS confirmed FROM orders o JOIN suppliers s ON s.id = o.supplier_id
 JOIN customers c ON c.id = o.customer_id ORDER BY o.po_number`).Scan(&orders).Error; err != nil {
		t.Fatal(err)
	}
	for _, o := range orders {
		fmt.Fprintf(h, "%+v\n", o)
	}
	var lines []struct {
		PONumber, Colour, Size string
		Position, Quantity     int
	}
	if err := g.Raw(`SELECT o.po_number, l.position, l.colour, l.size, l.quantity FROM order_lines l
 JOIN orders o ON o.id = l.order_id ORDER BY o.po_number, l.position`).Scan(&lines).Error; err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		fmt.Fprintf(h, "%+v\n", l)
	}
	var steps []struct {
		PONumber, Code, PlannedDate, Status string
		ActualDate                          *string
		Position, QuantityDone              int
	}
	if err := g.Raw(`SELECT o.po_number, m.position, m.code, m.planned_date, m.status, m.actual_date, m.quantity_done
 FROM milestones m JOIN orders o ON o.id = m.order_id ORDER BY o.po_number, m.position`).Scan(&steps).Error; err != nil {
		t.Fatal(err)
	}
	for _, m := range steps {
		a := ""
		if m.ActualDate != nil {
			a = *m.ActualDate
		}
		fmt.Fprintf(h, "%s %d %s %s %s %s %d\n", m.PONumber, m.Position, m.Code, m.PlannedDate, m.Status, a, m.QuantityDone)
	}
	if len(orders) != 150 || len(lines) != 450 || len(steps) == 0 {
		t.Fatalf("%d orders, %d lines, %d steps", len(orders), len(lines), len(steps))
	}
	stale, err := store.CheckPlanSummaries(context.Background())
	if err != nil || len(stale) != 0 {
		t.Fatalf("bench data has %d stale plan summaries (%v)", len(stale), err)
	}
	risks, err := store.CheckRisks(context.Background())
	if err != nil || len(risks) != 0 {
		t.Fatalf("bench data has %d stale risks (%v)", len(risks), err)
	}
	var counts []struct {
		Kind string
		N    int
	}
	if err := g.Raw(`SELECT 'reports' AS kind, COUNT(*) AS n FROM progress_reports UNION ALL
 SELECT 'rounds', COUNT(*) FROM sample_rounds UNION ALL SELECT 'inspections', COUNT(*) FROM inspections UNION ALL
 SELECT 'deliveries', COUNT(*) FROM deliveries`).Scan(&counts).Error; err != nil {
		t.Fatal(err)
	}
	for _, c := range counts {
		if c.N == 0 && c.Kind != "inspections" && c.Kind != "deliveries" { // 150 orders may have none near their date
			t.Errorf("bench data has no %s", c.Kind)
		}
		fmt.Fprintf(h, "%s %d\n", c.Kind, c.N)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// TestSeedBenchIsDeterministic: gendan seed --orders makes the same data
// for the same count and day, on SQLite and on MySQL, with every plan
// summary right; a second run on the same database is refused.
func TestSeedBenchIsDeterministic(t *testing.T) {
	want := benchDigest(t, testdb.SQLite(t))
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		if got := benchDigest(t, db); got != want {
			t.Fatalf("bench data differs from a first SQLite run: %s vs %s", got, want)
		}
		store := models.NewStore(db, testdb.NewClock(), testdb.TokenKey)
		if err := store.SeedBench(context.Background(), 10, "2026-03-01"); err == nil {
			t.Fatal("a second seed on the same database was not refused")
		}
	})
}

// TestSeedBenchLiveCountsLiveOrders: gendan seed --orders N leaves exactly
// N live orders, with the other statuses on top and every live order's
// steps, and BenchCounts counts what the seed wrote.
func TestSeedBenchLiveCountsLiveOrders(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		store := models.NewStore(db, testdb.NewClock(), testdb.TokenKey)
		if err := store.SeedBenchLive(ctx, 130, "2026-03-01"); err != nil {
			t.Fatal(err)
		}
		c, err := store.BenchCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var live, steps, others int64
		g := store.Gorm()
		g.Raw(`SELECT COUNT(*) FROM orders WHERE status IN ('confirmed','in_production','partially_shipped')`).Scan(&live)
		g.Raw(`SELECT COUNT(*) FROM orders WHERE status NOT IN ('confirmed','in_production','partially_shipped')`).Scan(&others)
		g.Raw(`SELECT COUNT(*) FROM milestones`).Scan(&steps)
		if live != 130 || c.Live != 130 {
			t.Fatalf("live orders: %d in the table, %d counted; want 130", live, c.Live)
		}
		if others == 0 || c.Orders != live+others {
			t.Fatalf("orders: %d counted, %d live + %d others in the table", c.Orders, live, others)
		}
		if c.Steps != steps || steps < 12*130 {
			t.Fatalf("steps: %d counted, %d in the table (at least 12 per live order)", c.Steps, steps)
		}
		if c.Reports == 0 || c.Rounds == 0 {
			t.Fatalf("follow-up rows: %+v", c)
		}
	})
}
