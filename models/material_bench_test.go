package models_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

// seedBenchMaterialPOs gives every bench order two material POs (one the
// factory's, one the buyer's) of two requirement lines each, in bulk, with
// statuses and promised dates spread around today: 2 × orders POs.
func seedBenchMaterialPOs(b *testing.B, store *models.Store, today string) {
	b.Helper()
	db := store.Gorm()
	var orders []models.Order
	if err := db.Select("id, supplier_id, po_number, merchandiser_id").Order("id").Find(&orders).Error; err != nil {
		b.Fatal(err)
	}
	var merch int64
	if err := db.Model(&models.User{}).Where("role = ?", models.RoleMerchandiser).Limit(1).Pluck("id", &merch).Error; err != nil {
		b.Fatal(err)
	}
	now := testdb.NewClock().Now()
	var mss []models.MaterialSupplier
	for i := range 50 {
		mss = append(mss, models.MaterialSupplier{Code: fmt.Sprintf("BM-%02d", i), Name: fmt.Sprintf("面料厂 %d", i), Active: true,
			CreatedAt: now, UpdatedAt: now})
	}
	if err := db.Create(&mss).Error; err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(17, 3))
	statuses := models.MaterialPOStatuses
	const batch = 500
	for start := 0; start < len(orders); start += batch {
		part := orders[start:min(start+batch, len(orders))]
		var lines []models.MaterialLine
		for _, o := range part {
			for j, src := range []string{models.SourcedFactory, models.SourcedFactory, models.SourcedBuyer, models.SourcedBuyer} {
				lines = append(lines, models.MaterialLine{OrderID: o.ID, SupplierID: o.SupplierID, Position: j + 1, Category: "fabric",
					Name: fmt.Sprintf("物料 %d", j), Unit: "m", ConsumptionE4: 12000, RequiredE2: 120000, SourcedBy: src,
					NeededByAuto: true, CreatedBy: merch, CreatedAt: now, UpdatedAt: now})
			}
		}
		if err := db.CreateInBatches(&lines, 1000).Error; err != nil {
			b.Fatal(err)
		}
		var pos []models.MaterialPO
		for _, o := range part {
			for k, src := range []string{models.SourcedFactory, models.SourcedBuyer} {
				promised := models.AddDays(today, r.IntN(60)-30)
				pos = append(pos, models.MaterialPO{OrderID: o.ID, SupplierID: o.SupplierID, MaterialSupplierID: mss[r.IntN(len(mss))].ID,
					PONumber: fmt.Sprintf("M%s-%d", o.PONumber, k+1), SourcedBy: src, Status: statuses[r.IntN(len(statuses))],
					Currency: "CNY", OrderedDate: models.AddDays(promised, -20), PromisedDate: promised, BaselineDate: promised,
					ETA: models.AddDays(promised, 5), CreatedBy: merch, CreatedAt: now, UpdatedAt: now})
			}
		}
		if err := db.CreateInBatches(&pos, 1000).Error; err != nil {
			b.Fatal(err)
		}
		var pls []models.MaterialPOLine
		for i, po := range pos {
			for j := range 2 {
				l := lines[(i/2)*4+(i%2)*2+j]
				pls = append(pls, models.MaterialPOLine{POID: po.ID, LineID: l.ID, QuantityE2: 120000, UnitPrice: "18.5000",
					ReceivedE2: int64(r.IntN(3)) * 60000})
			}
		}
		if err := db.CreateInBatches(&pls, 1000).Error; err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMaterialPOList: a page (50) of GET /api/v1/material-pos as the
// store reads it — the POs, then their lines, requirement lines, date
// changes, receipts and material suppliers — over 10,000 bench orders'
// 20,000 POs: staff's newest, staff's overdue and due-in-24h filters, and
// one factory's own. Reports p50 and p95 per page.
func BenchmarkMaterialPOList(b *testing.B) {
	eachDB(b, func(b *testing.B, db *models.DB) {
		clock := testdb.NewClock()
		today := clock.Now().Format(models.DateLayout)
		store := models.NewStore(db, clock, testdb.TokenKey)
		if err := store.SeedBench(context.Background(), 10_000, today); err != nil {
			b.Fatal(err)
		}
		seedBenchMaterialPOs(b, store, today)
		var sid int64
		if err := store.Gorm().Model(&models.MaterialPO{}).Select("supplier_id").Group("supplier_id").Order("COUNT(*) DESC").
			Limit(1).Pluck("supplier_id", &sid).Error; err != nil {
			b.Fatal(err)
		}
		filters := []models.MaterialPOFilter{
			{Page: models.Page{Limit: 50}},
			{Page: models.Page{Limit: 50}, Due: "overdue"},
			{Page: models.Page{Limit: 50}, Due: "24h"},
			{Page: models.Page{Limit: 50}, Scope: models.Scope{SupplierID: &sid}},
		}
		ctx := context.Background()
		var times []time.Duration
		per := make([][]time.Duration, len(filters))
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			start := time.Now()
			rows, _, err := store.ListMaterialPOs(ctx, filters[i%len(filters)])
			if err != nil {
				b.Fatal(err)
			}
			ids := make([]int64, len(rows))
			ms := make([]int64, len(rows))
			for j, po := range rows {
				ids[j], ms[j] = po.ID, po.MaterialSupplierID
			}
			if _, err := store.MaterialPODetails(ctx, ids); err != nil {
				b.Fatal(err)
			}
			if _, err := store.MaterialPOSuppliers(ctx, ms); err != nil {
				b.Fatal(err)
			}
			took := time.Since(start)
			times = append(times, took)
			per[i%len(filters)] = append(per[i%len(filters)], took)
			if len(rows) == 0 {
				b.Fatalf("filter %d: no POs", i%len(filters))
			}
		}
		b.StopTimer()
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
		for k, name := range []string{"newest", "overdue", "24h", "factory"} {
			ts := per[k]
			if len(ts) == 0 {
				continue
			}
			sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
			b.ReportMetric(float64(ts[len(ts)*95/100].Microseconds())/1000, "p95-ms-"+name)
		}
	})
}

// BenchmarkMaterialBoard is the material board of one order with 200
// requirement lines as the server reads it (GET /api/v1/orders/:id/materials):
// the order's lines with their nominated suppliers, then the readiness —
// what 100 POs order, receive and pass of them, and their ETAs. Half the
// lines are on POs, half of those received, a fabric inspection on each
// received line. Reports p50 and p95.
func BenchmarkMaterialBoard(b *testing.B) {
	eachDB(b, func(b *testing.B, db *models.DB) {
		clock := testdb.NewClock()
		today := clock.Now().Format(models.DateLayout)
		store := models.NewStore(db, clock, testdb.TokenKey)
		ctx := context.Background()
		if err := store.SeedBench(ctx, 20, today); err != nil {
			b.Fatal(err)
		}
		g := store.Gorm()
		var o models.Order
		if err := g.Where("status = ?", models.StatusInProduction).Order("id").First(&o).Error; err != nil {
			b.Fatal(err)
		}
		var merch int64
		if err := g.Model(&models.User{}).Where("role = ?", models.RoleMerchandiser).Limit(1).Pluck("id", &merch).Error; err != nil {
			b.Fatal(err)
		}
		now := clock.Now()
		ms := models.MaterialSupplier{Code: "BOARD-1", Name: "华纺面料", Active: true, CreatedAt: now, UpdatedAt: now}
		if err := g.Create(&ms).Error; err != nil {
			b.Fatal(err)
		}
		lines := make([]models.MaterialLine, 200)
		for i := range lines {
			lines[i] = models.MaterialLine{OrderID: o.ID, SupplierID: o.SupplierID, Position: i + 1,
				Category: models.MaterialCategories[i%4], Name: fmt.Sprintf("物料 %03d", i), Unit: "m", ConsumptionE4: 12500,
				WastageE2: 300, RequiredE2: 150000, NeededBy: models.AddDays(today, 10+i%20), NeededByAuto: true,
				SourcedBy: models.SourcedFactory, CreatedBy: merch, CreatedAt: now, UpdatedAt: now}
		}
		if err := g.CreateInBatches(&lines, 100).Error; err != nil {
			b.Fatal(err)
		}
		for p := range 100 {
			po := models.MaterialPO{OrderID: o.ID, SupplierID: o.SupplierID, MaterialSupplierID: ms.ID,
				PONumber: fmt.Sprintf("M%s-%d", o.PONumber, p+1), SourcedBy: models.SourcedFactory, Status: models.MPOConfirmed,
				Currency: "CNY", PromisedDate: models.AddDays(today, p%15), BaselineDate: models.AddDays(today, p%15),
				ETA: models.AddDays(today, 3+p%15), CreatedBy: merch, CreatedAt: now, UpdatedAt: now}
			if err := g.Create(&po).Error; err != nil {
				b.Fatal(err)
			}
			// One line per PO; every other PO's line is received and inspected.
			pl := models.MaterialPOLine{POID: po.ID, LineID: lines[p].ID, QuantityE2: 150000}
			if p%2 == 0 {
				pl.ReceivedE2, pl.AcceptedE2 = 150000, 150000
			}
			if err := g.Create(&pl).Error; err != nil {
				b.Fatal(err)
			}
			if p%2 == 0 {
				rc := models.MaterialReceipt{POID: po.ID, POLineID: pl.ID, SupplierID: o.SupplierID, ReceivedDate: today,
					QuantityE2: 150000, Handling: models.HandlingAccepted, ReceivedBy: merch, CreatedAt: now}
				if err := g.Create(&rc).Error; err != nil {
					b.Fatal(err)
				}
				in := models.MaterialInspection{POLineID: pl.ID, ReceiptID: &rc.ID, SupplierID: o.SupplierID, Kind: models.MInspFabric,
					Result: models.MResultPass, Threshold: 40, InspectedBy: merch, InspectedDate: today, CreatedAt: now}
				if err := g.Create(&in).Error; err != nil {
					b.Fatal(err)
				}
			}
		}
		var times []time.Duration
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			start := time.Now()
			om, err := store.GetOrderMaterials(ctx, o.ID, models.Scope{})
			if err != nil || len(om.Lines) != 200 {
				b.Fatalf("materials: %v", err)
			}
			or, per, err := store.MaterialReadiness(ctx, o.ID)
			if err != nil || or.LinesTotal != 200 || len(per) != 200 {
				b.Fatalf("readiness: %+v, %v", or, err)
			}
			times = append(times, time.Since(start))
		}
		b.StopTimer()
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
	})
}
