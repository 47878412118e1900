package models

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"gorm.io/gorm"
)

// BenchPassword is the password of every bench account.
const BenchPassword = "gendan-bench-2026"

// BenchSuppliers is how many factories the bench data spreads orders over.
const BenchSuppliers = 20

// BenchLogins names the bench accounts: one merchandiser following every
// order, and one factory user per bench supplier (BN-01 … BN-20).
func BenchLogins() (merchandiser string, factories []string) {
	for i := 1; i <= BenchSuppliers; i++ {
		factories = append(factories, fmt.Sprintf("bench.f%02d@gendan.test", i))
	}
	return "bench.merch@gendan.test", factories
}

// SeedBench adds n orders for load tests and benchmarks: deterministic for
// a given n and today (the same rows on SQLite and MySQL), spread over 20
// suppliers and 10 customers, each with 3 colour × size lines and the 12
// steps of the apparel template, in every status an order can have (five
// in six live), with plans moving from done to overdue to future around
// today, and the reports, samples, inspections and deliveries that risk
// reads (benchFollowUp); every live order's risk is computed at the end.
// It refuses to run twice on one database.
func (s *Store) SeedBench(ctx context.Context, n int, today string) error {
	return s.seedBench(ctx, n, false, today)
}

// SeedBenchLive is SeedBench counting only live orders (confirmed, in
// production or partially shipped): it adds orders in the same mix until
// live of them are live, so the shipped, closed, cancelled and draft ones
// come on top (about 2,860 for 10,000 live). This is what
// `gendan seed --orders N` runs, so that the risk dashboard's bench has N
// active orders to rank.
func (s *Store) SeedBenchLive(ctx context.Context, live int, today string) error {
	return s.seedBench(ctx, live, true, today)
}

func (s *Store) seedBench(ctx context.Context, n int, liveOnly bool, today string) error {
	if n < 1 || n > 1_000_000 {
		return errors.New("seed: --orders must be between 1 and 1000000")
	}
	day, err := time.Parse(DateLayout, today)
	if err != nil {
		return fmt.Errorf("seed: today: %w", err)
	}
	if _, err := s.GetSupplierByCode(ctx, "BN-01"); err == nil {
		return errors.New("seed: bench data is already present")
	} else if !errors.Is(err, ErrNotFound) {
		return err
	}
	if err := s.EnsureReferenceData(ctx); err != nil {
		return err
	}
	steps := DefaultTemplates[0].Steps
	var tmpl Template
	if err := s.conn(ctx).Where("code = ?", DefaultTemplates[0].Code).Take(&tmpl).Error; err != nil {
		return fmt.Errorf("seed: template: %w", err)
	}
	hash, err := HashPassword(BenchPassword)
	if err != nil {
		return err
	}
	now := s.clock.Now().UTC()
	r := rand.New(rand.NewPCG(2026, uint64(n)))
	zones := []string{"Asia/Shanghai", "Asia/Shanghai", "Asia/Shanghai", "Asia/Ho_Chi_Minh", "Asia/Dhaka"}
	merchLogin, factoryLogins := BenchLogins()
	err = s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		sups := make([]Supplier, BenchSuppliers)
		for i := range sups {
			sups[i] = Supplier{Code: fmt.Sprintf("BN-%02d", i+1), Name: fmt.Sprintf("基准测试工厂 %02d", i+1),
				NameEn: fmt.Sprintf("Bench Factory %02d", i+1), Address: "浙江省杭州市", Active: true,
				TimeZone: zones[i%len(zones)], CreatedAt: now, UpdatedAt: now}
		}
		if err := tx.Create(&sups).Error; err != nil {
			return fmt.Errorf("seed suppliers: %w", err)
		}
		users := []User{{Name: "基准 跟单员", Email: merchLogin, PasswordHash: hash, Role: RoleMerchandiser,
			Locale: LocaleZH, Active: true, CreatedAt: now, UpdatedAt: now}}
		for i, login := range factoryLogins {
			sid := sups[i].ID
			users = append(users, User{Name: fmt.Sprintf("工厂用户 %02d", i+1), Email: login, PasswordHash: hash,
				Role: RoleFactory, SupplierID: &sid, Locale: LocaleZH, Active: true, CreatedAt: now, UpdatedAt: now})
		}
		if err := tx.Omit("Phone").Create(&users).Error; err != nil {
			return fmt.Errorf("seed users: %w", err)
		}
		custs := make([]Customer, 10)
		for i := range custs {
			custs[i] = Customer{Name: fmt.Sprintf("Bench Customer %02d", i+1), Locale: LocaleEN, CreatedAt: now, UpdatedAt: now}
		}
		if err := tx.Create(&custs).Error; err != nil {
			return fmt.Errorf("seed customers: %w", err)
		}
		wh := &Warehouse{Code: "BN-WH", Name: "基准测试仓 Bench DC", TimeZone: DefaultTimeZone, CapBookings: 1000, CapCartons: 100000,
			ClosedWeekdays: "[]", Active: true, CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(wh).Error; err != nil {
			return fmt.Errorf("seed warehouse: %w", err)
		}
		colours := []string{"Navy", "Black", "白色", "Heather Grey", "卡其"}
		sizes := []string{"S", "M", "L", "XL"}
		const batch = 100
		for i, counted := 0, 0; counted < n; {
			orders := make([]Order, 0, batch)
			for ; len(orders) < batch && counted < n; i++ {
				o := benchOrder(r, i, day, now, sups, custs, users[0].ID, tmpl.ID)
				if !liveOnly || contains(liveOrderStatuses, o.Status) {
					counted++
				}
				orders = append(orders, o)
			}
			if err := tx.Omit("Lines", "NextMilestoneID", "EarliestOpenDate", "RiskComputedAt").CreateInBatches(&orders, batch).Error; err != nil {
				return fmt.Errorf("seed orders: %w", err)
			}
			var lines []OrderLine
			var ms []Milestone
			for k := range orders {
				o := &orders[k]
				per := o.TotalQuantity / 3
				for j := 0; j < 3; j++ {
					q := per
					if j == 2 {
						q = o.TotalQuantity - 2*per
					}
					lines = append(lines, OrderLine{OrderID: o.ID, Position: j + 1, Colour: colours[(int(o.ID)+j)%len(colours)],
						Size: sizes[j%len(sizes)], Quantity: q})
				}
				if o.ConfirmedAt != nil {
					ms = append(ms, benchPlan(r, o, steps, day, now)...)
				}
			}
			if err := tx.CreateInBatches(&lines, batch).Error; err != nil {
				return fmt.Errorf("seed lines: %w", err)
			}
			if err := tx.CreateInBatches(&ms, batch).Error; err != nil {
				return fmt.Errorf("seed milestones: %w", err)
			}
			if err := benchFollowUp(tx, r, orders, ms, day, now, users, wh.ID); err != nil {
				return err
			}
		}
		return backfillPlanSummaries(tx)
	})
	if err != nil {
		return err
	}
	// Every live order's risk, as the daily sweep would leave it.
	_, err = s.RecomputeAllRisk(ctx, now)
	return err
}

// benchFollowUp adds what follow-up leaves behind on a batch of orders:
// daily progress reports on the quantity steps under way (a tenth of the
// factories' orders gone quiet for a week, a fifth reporting too slowly),
// sample rounds (approved for done sample steps, pending for one under
// way), final inspections near the ex-factory date (one in eight failed)
// and delivery bookings for half the orders within 10 days of it.
func benchFollowUp(tx *gorm.DB, r *rand.Rand, orders []Order, ms []Milestone, day, now time.Time, users []User, warehouse int64) error {
	factory := map[int64]int64{}
	for _, u := range users[1:] {
		factory[*u.SupplierID] = u.ID
	}
	byOrder := map[int64][]Milestone{}
	for _, m := range ms {
		byOrder[m.OrderID] = append(byOrder[m.OrderID], m)
	}
	today := day.Format(DateLayout)
	var reps []ProgressReport
	var rounds []SampleRound
	var insps []Inspection
	var dels []Delivery
	last := map[int64]string{}
	for k := range orders {
		o := &orders[k]
		if !contains(liveOrderStatuses, o.Status) {
			continue
		}
		sid := o.SupplierID
		quiet := r.IntN(10) == 0
		slow := r.IntN(5) == 0
		for _, m := range byOrder[o.ID] {
			switch {
			case m.SampleType != "" && m.Status == MilestoneDone:
				rounds = append(rounds, SampleRound{OrderID: o.ID, SupplierID: &sid, SampleType: m.SampleType, RoundNo: 1,
					Status: SampleApproved, SubmittedBy: factory[sid], CreatedAt: now.AddDate(0, 0, -30), Annotations: "[]"})
			case m.SampleType != "" && m.Status == MilestoneInProgress:
				rounds = append(rounds, SampleRound{OrderID: o.ID, SupplierID: &sid, SampleType: m.SampleType, RoundNo: 1,
					Status: SamplePending, SubmittedBy: factory[sid], CreatedAt: now.AddDate(0, 0, -r.IntN(5)), Annotations: "[]"})
			}
			if m.QuantityKind == "" || m.Status != MilestoneInProgress || m.QuantityDone == 0 {
				continue
			}
			// Daily cumulative figures up to the step's quantity.
			n := 4 + r.IntN(5)
			end := 0
			if quiet {
				end = 7
			}
			for d := n - 1; d >= 0; d-- {
				q := m.QuantityDone * (n - d) / n
				if slow {
					q = m.QuantityDone - (m.QuantityDone/20)*d
				}
				date := day.AddDate(0, 0, -d-end).Format(DateLayout)
				qq := q
				reps = append(reps, ProgressReport{MilestoneID: m.ID, OrderID: o.ID, SupplierID: &sid, ReportedBy: factory[sid],
					ReportDate: date, Quantity: &qq, CreatedAt: now})
				if date > last[o.ID] {
					last[o.ID] = date
				}
			}
		}
		// An order in production without output to report still hears
		// from its factory (a note on its next step), unless it went quiet.
		if last[o.ID] == "" && o.Status != StatusConfirmed {
			for _, m := range byOrder[o.ID] {
				if !contains(openMilestoneStatuses, m.Status) {
					continue
				}
				ago := r.IntN(2)
				if quiet {
					ago = 7 + r.IntN(5)
				}
				date := day.AddDate(0, 0, -ago).Format(DateLayout)
				reps = append(reps, ProgressReport{MilestoneID: m.ID, OrderID: o.ID, SupplierID: &sid, ReportedBy: factory[sid],
					ReportDate: date, Note: "按计划进行 On plan", CreatedAt: now})
				last[o.ID] = date
				break
			}
		}
		daysLeft := DaysBetween(today, o.ExFactoryDate)
		if daysLeft >= -3 && daysLeft <= 5 && r.IntN(2) == 0 {
			res := ResultPass
			if r.IntN(8) == 0 {
				res = ResultFail
			}
			insps = append(insps, Inspection{OrderID: o.ID, SupplierID: sid, Type: InspFRI, Status: InspCompleted,
				RequestedDate: today, Date: AddDays(today, -1), QuantityReady: o.TotalQuantity, RequestedBy: factory[sid],
				LotSize: o.TotalQuantity, Level: "II", Severity: "normal", AQLCritical: "0", AQLMajor: "2.5", AQLMinor: "4.0",
				Plans: "[]", Findings: "{}", Switching: "{}", ComputedResult: res, Result: res, CreatedAt: now, UpdatedAt: now})
		}
		if daysLeft >= 0 && daysLeft <= 10 && r.IntN(2) == 0 {
			st := DelivRequested
			if r.IntN(2) == 0 {
				st = DelivConfirmed
			}
			dels = append(dels, Delivery{OrderID: o.ID, SupplierID: sid, WarehouseID: warehouse, Status: st, Date: o.ExFactoryDate,
				RequestedDate: o.ExFactoryDate, TransportMode: o.ShipMode, BookedLines: "[]", Quantity: o.TotalQuantity,
				Packing: "[]", ShippedLines: "[]", ReceivedLines: "[]", RequestedBy: factory[sid], CreatedAt: now, UpdatedAt: now})
		}
	}
	const batch = 200
	for _, rows := range []any{&reps, &rounds, &insps, &dels} {
		if err := tx.CreateInBatches(rows, batch).Error; err != nil {
			return fmt.Errorf("seed follow-up: %w", err)
		}
	}
	for id, d := range last {
		if err := tx.Model(&Order{}).Where("id = ?", id).Update("last_report_date", d).Error; err != nil {
			return fmt.Errorf("seed follow-up: %w", err)
		}
	}
	return nil
}

// benchOrder makes order i: mostly in production, the rest spread over the
// other statuses; ex-factory dates from 60 days ago to 150 days ahead.
func benchOrder(r *rand.Rand, i int, day, now time.Time, sups []Supplier, custs []Customer, merch, tmpl int64) Order {
	statuses := []string{StatusInProduction, StatusInProduction, StatusInProduction, StatusInProduction, StatusInProduction,
		StatusInProduction, StatusInProduction, StatusInProduction, StatusInProduction, StatusConfirmed, StatusConfirmed,
		StatusConfirmed, StatusPartiallyShipped, StatusPartiallyShipped, StatusShipped, StatusClosed, StatusCancelled, StatusDraft}
	st := statuses[r.IntN(len(statuses))]
	exf := day.AddDate(0, 0, r.IntN(150)-10)
	if st == StatusShipped || st == StatusClosed {
		exf = day.AddDate(0, 0, -r.IntN(60)-1)
	}
	created := now.Add(-time.Duration(n64(r, 100*24)) * time.Hour)
	o := Order{PONumber: fmt.Sprintf("BN-%07d", i+1), CustomerID: custs[r.IntN(len(custs))].ID,
		SupplierID: sups[i%len(sups)].ID, MerchandiserID: merch, StyleNo: fmt.Sprintf("ST-%d", 1000+r.IntN(3000)),
		StyleName:   []string{"男式针织衫", "Women's denim jacket", "儿童连帽卫衣", "Linen shirt", "Cotton tee"}[r.IntN(5)],
		Description: "100% cotton, 180 gsm", Category: "apparel", Unit: "pcs",
		TotalQuantity: 300 * (1 + r.IntN(40)), ExFactoryDate: exf.Format(DateLayout), ShipMode: ShipModes[r.IntN(3)],
		Destination: []string{"Hamburg", "Los Angeles", "Rotterdam", "Felixstowe"}[r.IntN(4)], InternalNotes: "bench",
		UnitPrice: fmt.Sprintf("%d.%02d", 5+r.IntN(30), r.IntN(100)), Currency: "USD", TolerancePct: 5, Status: st, Sourcing: SourcingFOB,
		CreatedAt: created, UpdatedAt: created}
	o.BaselineExFactoryDate = o.ExFactoryDate
	if st != StatusDraft {
		c := created.Add(2 * time.Hour)
		o.ConfirmedAt, o.TemplateID = &c, &tmpl
	}
	if st == StatusCancelled {
		c := created.Add(48 * time.Hour)
		o.CancelledAt, o.CancelReason = &c, "客户取消 / cancelled by the customer"
	}
	return o
}

// benchPlan makes an order's steps: those planned well before today are
// done, some recent ones in progress (or late), the rest open.
func benchPlan(r *rand.Rand, o *Order, steps []TemplateStep, day, now time.Time) []Milestone {
	exf, _ := time.Parse(DateLayout, o.ExFactoryDate)
	ms := make([]Milestone, len(steps))
	for k, st := range steps {
		planned := exf.AddDate(0, 0, -st.DaysBefore)
		m := Milestone{OrderID: o.ID, Position: k + 1, Code: st.Code, Name: st.Name, NameEn: st.NameEn,
			QuantityKind: st.QuantityKind, SampleType: st.SampleType, PlannedDate: planned.Format(DateLayout),
			BaselineDate: planned.Format(DateLayout), Status: MilestoneOpen, UpdatedAt: now}
		switch {
		case o.Status == StatusCancelled:
			m.Status = MilestoneCancelled
		case o.Status == StatusShipped || o.Status == StatusClosed || planned.Before(day.AddDate(0, 0, -r.IntN(6))):
			d := planned.AddDate(0, 0, r.IntN(5)-1).Format(DateLayout)
			m.Status, m.ActualDate = MilestoneDone, &d
			if st.QuantityKind != "" {
				m.QuantityDone = o.TotalQuantity
			}
		case planned.Before(day.AddDate(0, 0, 10)) && (o.Status == StatusInProduction || o.Status == StatusPartiallyShipped):
			m.Status = MilestoneInProgress
			if st.QuantityKind != "" {
				m.QuantityDone = o.TotalQuantity * r.IntN(90) / 100
			}
		}
		ms[k] = m
	}
	return ms
}

func n64(r *rand.Rand, n int) int64 { return int64(r.IntN(n)) }

// BenchData counts what a bench seed left: every order, the live ones,
// their steps, and the follow-up rows risk reads.
type BenchData struct {
	Orders, Live, Steps, Reports, Rounds, Inspections, Deliveries int64
}

// BenchCounts counts the bench orders (BN-…) and what hangs off them.
func (s *Store) BenchCounts(ctx context.Context) (BenchData, error) {
	var c BenchData
	g := s.conn(ctx)
	bench := g.Model(&Order{}).Select("id").Where("po_number LIKE ?", "BN-%")
	for _, q := range []struct {
		dst  *int64
		stmt *gorm.DB
	}{
		{&c.Orders, g.Model(&Order{}).Where("po_number LIKE ?", "BN-%")},
		{&c.Live, g.Model(&Order{}).Where("po_number LIKE ? AND status IN ?", "BN-%", liveOrderStatuses)},
		{&c.Steps, g.Model(&Milestone{}).Where("order_id IN (?)", bench)},
		{&c.Reports, g.Model(&ProgressReport{}).Where("order_id IN (?)", bench)},
		{&c.Rounds, g.Model(&SampleRound{}).Where("order_id IN (?)", bench)},
		{&c.Inspections, g.Model(&Inspection{}).Where("order_id IN (?)", bench)},
		{&c.Deliveries, g.Model(&Delivery{}).Where("order_id IN (?)", bench)},
	} {
		if err := q.stmt.Count(q.dst).Error; err != nil {
			return c, fmt.Errorf("bench counts: %w", err)
		}
	}
	return c, nil
}
