package server

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"sort"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

// seedOrders bulk-inserts n active orders with 2 lines and 15 milestones each.
func seedOrders(b *testing.B, e *env, n int) {
	b.Helper()
	db := e.store.Gorm()
	e.newOrderInput("X") // makes the customer
	now := e.clock.Now()
	orders := make([]models.Order, n)
	for i := range orders {
		exf := now.AddDate(0, 0, 10+i%120).Format(models.DateLayout)
		sup := e.suppliers["jinling"].ID
		if i%2 == 1 {
			sup = e.suppliers["huaxing"].ID
		}
		orders[i] = models.Order{PONumber: fmt.Sprintf("B-%06d", i), CustomerID: e.customer, SupplierID: sup,
			MerchandiserID: e.users["merch"].ID, StyleNo: fmt.Sprintf("ST-%d", i%500), StyleName: "Style", Unit: "pcs",
			TotalQuantity: 1000, ExFactoryDate: exf, BaselineExFactoryDate: exf, ShipMode: "sea", TolerancePct: 5,
			Status: models.StatusInProduction, CreatedAt: now, UpdatedAt: now}
	}
	if err := db.Omit("Lines").CreateInBatches(&orders, 100).Error; err != nil {
		b.Fatal(err)
	}
	var lines []models.OrderLine
	var ms []models.Milestone
	for _, o := range orders {
		lines = append(lines, models.OrderLine{OrderID: o.ID, Position: 1, Colour: "Navy", Size: "M", Quantity: 600},
			models.OrderLine{OrderID: o.ID, Position: 2, Colour: "Navy", Size: "L", Quantity: 400})
		for k := 0; k < 15; k++ {
			st := models.MilestoneDone
			if k >= 6 {
				st = models.MilestoneOpen
			}
			d := models.AddDays(o.ExFactoryDate, -(15-k)*4)
			ms = append(ms, models.Milestone{OrderID: o.ID, Position: k + 1, Code: fmt.Sprintf("s%d", k), Name: "步骤", NameEn: "Step",
				PlannedDate: d, BaselineDate: d, Status: st, UpdatedAt: now})
		}
	}
	if err := db.CreateInBatches(&lines, 100).Error; err != nil {
		b.Fatal(err)
	}
	if err := db.CreateInBatches(&ms, 100).Error; err != nil {
		b.Fatal(err)
	}
	if err := e.store.BackfillPlanSummaries(context.Background()); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkOrderList10k: GET /api/v1/orders (page of 50) for a merchandiser
// over 10,000 active orders and 150,000 milestones, on SQLite. Reports the
// p50 and p95 of the request as app.Test sees it.
func BenchmarkOrderList10k(b *testing.B) {
	e := newEnv(b, testdb.SQLite(b))
	seedOrders(b, e, 10_000)
	tok := e.token("merch")
	urls := []string{"/api/v1/orders?limit=50", "/api/v1/orders?limit=50&status=in_production",
		"/api/v1/orders?limit=50&q=ST-42", fmt.Sprintf("/api/v1/orders?limit=50&supplier_id=%d", e.suppliers["huaxing"].ID)}
	timedGets(b, e, tok, urls)
}

// timedGets sends b.N GETs (cycling through urls) as app.Test sees them and
// reports their p50 and p95.
func timedGets(b *testing.B, e *env, tok string, urls []string) {
	var times []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		hr := httptest.NewRequest("GET", urls[i%len(urls)], nil)
		hr.Header.Set("Authorization", "Bearer "+tok)
		start := time.Now()
		res, err := e.srv.App().Test(hr, -1)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		times = append(times, time.Since(start))
		if res.StatusCode != 200 {
			b.Fatalf("status %d", res.StatusCode)
		}
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
}
