package models

import (
	"context"
	"fmt"
)

// seedDemoMaterials gives the demo its material follow-up (docs/MATERIALS.md)
// on NW-24039 (the towel set, Nantong Mingyang; Emma Carter's): three
// material suppliers; a bill of materials whose terry came in and passed
// its four-point inspection, whose border fabric failed and waits for a
// replacement (readiness blocked, and the risk says why), a care-label PO
// still waiting for the mill's answer, and the buyer's hang tags due to
// ship tomorrow (Emma's Today list). Other demo orders are left as they
// were: the browser tests build on them.
func (s *Store) seedDemoMaterials(ctx context.Context) error {
	str := func(v string) *string { return &v }
	mss := map[string]int64{}
	for _, m := range []struct{ code, name, en, contact, phone string }{
		{"SX-HF", "绍兴柯桥华纺面料有限公司", "Shaoxing Huafang Textiles", "钱文", "0575-8800 1234"},
		{"YW-JD", "义乌金达辅料厂", "Yiwu Jinda Trims", "何敏", "0579-8500 2288"},
		{"YKK-SH", "YKK 拉链（上海）", "YKK Zippers Shanghai", "Kenji Sato", "021-6200 7788"},
	} {
		ms, err := s.CreateMaterialSupplier(ctx, MaterialSupplierInput{Code: str(m.code), Name: str(m.name), NameEn: str(m.en),
			ContactName: str(m.contact), ContactPhone: str(m.phone)})
		if err != nil {
			return fmt.Errorf("seed material supplier %s: %w", m.code, err)
		}
		mss[m.code] = ms.ID
	}
	type line struct{ cat, name, spec, unit, cons, waste, by string }
	type lot struct {
		po, ms, by           string
		lines                []int // indexes into the order's lines
		confirm, ship        bool
		promisedIn, etaIn    int
		receive, inspectPass bool
		inspectFail          bool
	}
	for _, d := range []struct {
		po, factory string
		lines       []line
		lots        []lot
	}{
		{po: "NW-24039", factory: "zhou@mingyang.demo", lines: []line{
			{"fabric", "全棉毛圈布 Cotton terry", "32S 480 g/m² 白", "m", "1.3000", "3.00", SourcedFactory},
			{"fabric", "全棉缎档布 Cotton dobby border", "21S 门幅 150 cm", "m", "0.2500", "3.00", SourcedFactory},
			{"trim", "洗水唛 Care label", "缎面 3×6 cm", "pcs", "1.0000", "2.00", SourcedFactory},
			{"packaging", "吊牌 Hang tag", "客供 Northwind", "pcs", "1.0000", "1.00", SourcedBuyer},
		}, lots: []lot{
			{po: "HF-2611", ms: "SX-HF", by: SourcedFactory, lines: []int{0}, confirm: true, ship: true, promisedIn: -6, etaIn: -3,
				receive: true, inspectPass: true},
			{po: "HF-2614", ms: "SX-HF", by: SourcedFactory, lines: []int{1}, confirm: true, ship: true, promisedIn: -5, etaIn: -2,
				receive: true, inspectFail: true},
			{po: "NWT-0391", ms: "YW-JD", by: SourcedBuyer, lines: []int{3}, confirm: true, promisedIn: 1, etaIn: 4},
			{po: "JD-0457", ms: "YW-JD", by: SourcedFactory, lines: []int{2}, promisedIn: 5, etaIn: 8},
		}},
	} {
		var o Order
		if err := s.conn(ctx).Where("po_number = ?", d.po).First(&o).Error; err != nil {
			return fmt.Errorf("seed materials of %s: %w", d.po, err)
		}
		fu, err := s.getUserByLogin(ctx, d.factory)
		if err != nil {
			return err
		}
		factory := Actor{UserID: fu.ID, Role: RoleFactory, SupplierID: fu.SupplierID}
		staff := Actor{UserID: o.MerchandiserID, Role: RoleMerchandiser}
		fscope := Scope{SupplierID: fu.SupplierID}
		var ids []int64
		for _, l := range d.lines {
			in := MaterialLineInput{Category: str(l.cat), Name: str(l.name), Spec: str(l.spec), Unit: str(l.unit),
				Consumption: str(l.cons), WastagePct: str(l.waste), SourcedBy: str(l.by)}
			ml, err := s.CreateMaterialLine(ctx, o.ID, in, o.MerchandiserID)
			if err != nil {
				return fmt.Errorf("seed material line %s of %s: %w", l.name, d.po, err)
			}
			ids = append(ids, ml.ID)
		}
		today := TodayIn(s.clock.Now(), DefaultTimeZone)
		for _, lt := range d.lots {
			by, sc := factory, fscope
			if lt.by != SourcedFactory {
				by, sc = staff, Scope{}
			}
			in := MaterialPOInput{MaterialSupplierID: mss[lt.ms], PONumber: lt.po, SourcedBy: lt.by, Currency: "CNY",
				OrderedDate: AddDays(today, -20), PromisedDate: AddDays(today, lt.promisedIn), ETA: AddDays(today, lt.etaIn),
				DeliverTo: "工厂面辅料仓"}
			for _, i := range lt.lines {
				var ml MaterialLine
				if err := s.conn(ctx).First(&ml, ids[i]).Error; err != nil {
					return err
				}
				in.Lines = append(in.Lines, MaterialPOLineInput{LineID: ml.ID, Quantity: FormatDecimal(ml.RequiredE2, 2), UnitPrice: "18.50"})
			}
			po, err := s.CreateMaterialPO(ctx, o.ID, in, by, sc)
			if err != nil {
				return fmt.Errorf("seed material PO %s: %w", lt.po, err)
			}
			if po, err = s.SendMaterialPO(ctx, po.ID, by, sc); err != nil {
				return fmt.Errorf("seed material PO %s: %w", lt.po, err)
			}
			if !lt.confirm {
				continue
			}
			if po, err = s.ConfirmMaterialPO(ctx, po.ID, in.PromisedDate, in.ETA, by, sc); err != nil {
				return fmt.Errorf("seed material PO %s: %w", lt.po, err)
			}
			if lt.ship {
				if po, err = s.ShipMaterialPO(ctx, po.ID, MaterialPOShipment{ShippedDate: in.PromisedDate, Carrier: "顺丰快运",
					Tracking: "SF1402" + lt.po[3:], ETA: in.ETA}, by, sc); err != nil {
					return fmt.Errorf("seed material PO %s: %w", lt.po, err)
				}
			}
			if !lt.receive {
				continue
			}
			var pls []MaterialPOLine
			if err := s.conn(ctx).Where("po_id = ?", po.ID).Order("id").Find(&pls).Error; err != nil {
				return err
			}
			for _, pl := range pls {
				rc, _, err := s.ReceiveMaterial(ctx, po.ID, MaterialReceiptInput{POLineID: pl.ID, ReceivedDate: in.ETA,
					Quantity: FormatDecimal(pl.QuantityE2, 2), Warehouse: "工厂面辅料仓", Location: "A-03", Handling: HandlingAccepted},
					factory, fscope)
				if err != nil {
					return fmt.Errorf("seed receipt of %s: %w", lt.po, err)
				}
				rolls := []MaterialRollInput{
					{RollNo: "R01", Yards: "120", WidthIn: "57", ShadeOK: true, WidthOK: true, WeightOK: true,
						Defects: []FabricDefect{{Yard: 12, LengthIn: "2"}, {Yard: 40, LengthIn: "5"}, {Yard: 77, LengthIn: "0.5", Hole: true}}},
					{RollNo: "R02", Yards: "118", WidthIn: "57", ShadeOK: true, WidthOK: true, WeightOK: true,
						Defects: []FabricDefect{{Yard: 5, LengthIn: "8"}}},
				}
				if lt.inspectFail {
					rolls = []MaterialRollInput{{RollNo: "Y01", Yards: "30", WidthIn: "60", ShadeOK: false, WidthOK: true, WeightOK: true,
						Defects: []FabricDefect{{Yard: 1, LengthIn: "10"}, {Yard: 2, LengthIn: "10"}, {Yard: 3, LengthIn: "7"},
							{Yard: 4, LengthIn: "10"}, {Yard: 5, LengthIn: "4"}, {Yard: 6, LengthIn: "10"}, {Yard: 7, LengthIn: "10"}}}}
				}
				rid := rc.ID
				if _, err := s.CreateMaterialInspection(ctx, po.ID, MaterialInspectionInput{POLineID: pl.ID, ReceiptID: &rid,
					Kind: MInspFabric, InspectedDate: in.ETA, Rolls: rolls},
					Uploader{UserID: fu.ID, SupplierID: fu.SupplierID}, fscope); err != nil {
					return fmt.Errorf("seed inspection of %s: %w", lt.po, err)
				}
			}
		}
	}
	return nil
}
