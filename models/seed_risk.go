package models

import (
	"context"
	"fmt"
)

// seedDemoRisk adds the demo orders a merchandiser's morning is about:
// one whose sewing runs too slowly for its date, one past its ex-factory
// date, one whose factory went quiet;
// and the chase log of the slow one, where the promised date slipped.
func (s *Store) seedDemoRisk(ctx context.Context, custs []Customer, suppliers map[string]int64, merch map[string]int64, templateID int64) error {
	now := s.clock.Now()
	today := now.UTC().Format(DateLayout)
	day := func(d int) *string { v := AddDays(today, d); return &v }
	str := func(v string) *string { return &v }
	id := func(v int64) *int64 { return &v }
	lines := func(colour string, sizes ...string) *[]OrderLine {
		var ls []OrderLine
		for _, sz := range sizes {
			ls = append(ls, OrderLine{Colour: colour, Size: sz, Quantity: 500})
		}
		return &ls
	}
	type step struct {
		code string
		done bool
		// quantities reported on the step, one per day back from today
		// (the last is today's figure), for steps that count.
		daily []int
		ago   int // days before today of the last report
	}
	type demo struct {
		in    OrderInput
		by    int64
		steps []step
	}
	orders := []demo{
		{in: OrderInput{PONumber: str("NW-24035"), CustomerID: id(custs[0].ID), SupplierID: id(suppliers["HZ-JL"]),
			StyleNo: str("NW-M-PRK-415"), StyleName: str("Men's parka 男式派克大衣"), Category: str("Outerwear"),
			ExFactoryDate: day(16), ShipMode: str("sea"), Destination: str("Hamburg, DE"), UnitPrice: str("32.40"), Currency: str("USD"),
			Lines: lines("Black 黑", "M", "L", "XL", "XXL")}, by: merch["li"],
			steps: []step{{code: "lab_dip", done: true}, {code: "fit_sample", done: true}, {code: "pp_sample", done: true},
				{code: "fabric_in", done: true}, {code: "trims_in", done: true}, {code: "cutting", done: true, daily: []int{2000}, ago: 12},
				{code: "sewing", daily: []int{150, 260, 340, 420, 520, 600, 690}, ago: 0}}},
		{in: OrderInput{PONumber: str("YY-2327"), CustomerID: id(custs[1].ID), SupplierID: id(suppliers["DG-HX"]),
			StyleNo: str("YY-W-CDG-19"), StyleName: str("女式开衫 Women's cardigan"), Category: str("Knitwear"),
			ExFactoryDate: day(-2), ShipMode: str("truck"), Destination: str("上海"), UnitPrice: str("61.00"), Currency: str("CNY"),
			Lines: lines("藏青 Navy", "S", "M", "L"), Force: true}, by: merch["li"],
			steps: []step{{code: "lab_dip", done: true}, {code: "fit_sample", done: true}, {code: "pp_sample", done: true},
				{code: "fabric_in", done: true}, {code: "trims_in", done: true}, {code: "cutting", done: true, daily: []int{1500}, ago: 20},
				{code: "sewing", done: true, daily: []int{1500}, ago: 6}, {code: "washing", done: true},
				{code: "finishing", daily: nil, ago: 1}, {code: "packing", daily: []int{400, 700, 900}, ago: 1}}},
		{in: OrderInput{PONumber: str("NW-24039"), CustomerID: id(custs[0].ID), SupplierID: id(suppliers["NT-MY"]),
			StyleNo: str("NW-H-TWL-05"), StyleName: str("Bath towel set 浴巾套装"), Category: str("Home textiles"),
			ExFactoryDate: day(50), ShipMode: str("sea"), Destination: str("Rotterdam, NL"), UnitPrice: str("9.80"), Currency: str("USD"),
			Lines: lines("White 白", "70x140", "90x180")}, by: merch["emma"],
			steps: []step{{code: "lab_dip", done: true, ago: 9}, {code: "fit_sample", done: true, ago: 8}}},
	}
	var ids []int64
	for _, d := range orders {
		o, err := s.CreateOrder(ctx, d.in, d.by)
		if err != nil {
			return fmt.Errorf("demo risk order: %w", err)
		}
		if _, err := s.ConfirmOrder(ctx, o.ID, &templateID, LateKeep, d.by); err != nil {
			return err
		}
		// Confirmed weeks ago, like the other demo orders.
		if err := s.conn(ctx).Model(&Milestone{}).Where("order_id = ?", o.ID).Update("planned_late", false).Error; err != nil {
			return err
		}
		ms, err := s.ListMilestones(ctx, o.ID)
		if err != nil {
			return err
		}
		byCode := map[string]Milestone{}
		for _, m := range ms {
			byCode[m.Code] = m
		}
		var f User
		if err := s.conn(ctx).Where("supplier_id = ? AND role = ?", o.SupplierID, RoleFactory).Order("id").First(&f).Error; err != nil {
			return err
		}
		up := Uploader{UserID: f.ID, SupplierID: f.SupplierID}
		for _, st := range d.steps {
			m := byCode[st.code]
			last := AddDays(today, -st.ago)
			if st.ago == 0 && m.PlannedDate < today && st.done {
				last = m.PlannedDate
			}
			for k, q := range st.daily {
				date := AddDays(last, k-len(st.daily)+1)
				q := q
				in := ReportInput{Date: date, Quantity: &q, Done: st.done && k == len(st.daily)-1, Note: "日报 Daily output"}
				if _, _, err := s.CreateReport(ctx, m.ID, in, up, Scope{}); err != nil {
					return fmt.Errorf("demo risk report %s %s: %w", o.PONumber, st.code, err)
				}
			}
			if len(st.daily) == 0 {
				in := ReportInput{Date: last, Done: st.done, Note: "进行中 Under way"}
				if st.done {
					in.Note = "已完成 Done"
				}
				if _, _, err := s.CreateReport(ctx, m.ID, in, up, Scope{}); err != nil {
					return fmt.Errorf("demo risk report %s %s: %w", o.PONumber, st.code, err)
				}
			}
		}
		ids = append(ids, o.ID)
	}
	// NW-24017's factory reported this morning: it stays on track.
	var nw Order
	if err := s.conn(ctx).Where("po_number = ?", "NW-24017").First(&nw).Error; err != nil {
		return err
	}
	var fabric Milestone
	if err := s.conn(ctx).Where("order_id = ? AND code = ?", nw.ID, "fabric_in").First(&fabric).Error; err != nil {
		return err
	}
	var jl User
	if err := s.conn(ctx).Where("supplier_id = ? AND role = ?", nw.SupplierID, RoleFactory).Order("id").First(&jl).Error; err != nil {
		return err
	}
	if _, _, err := s.CreateReport(ctx, fabric.ID, ReportInput{Date: today, Note: "面料到厂 80%，余下周五到 80% of the fabric in, the rest on Friday"},
		Uploader{UserID: jl.ID, SupplierID: jl.SupplierID}, Scope{}); err != nil {
		return fmt.Errorf("demo report NW-24017: %w", err)
	}
	// The chase log of NW-24035: promised twice, slipped once.
	for _, c := range []ChaseInput{
		{OrderID: &ids[0], Topic: TodayStepOverdue, Channel: "called", Said: "车缝工人不够，周五前赶上 Short of sewers, will catch up by Friday",
			PromisedDate: AddDays(today, 2), NextFollowUp: AddDays(today, -1)},
		{OrderID: &ids[0], Topic: TodayFollowUp, Channel: "visited", Said: "加了一条线，但面料晚到两天 Added a line; fabric came two days late",
			PromisedDate: AddDays(today, 6), NextFollowUp: today},
	} {
		if _, err := s.CreateChase(ctx, c, merch["li"]); err != nil {
			return fmt.Errorf("demo chase: %w", err)
		}
	}
	return nil
}
