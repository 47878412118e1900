package models

import (
	"context"
	"errors"
	"fmt"
)

// DemoPassword is the password of every demo account.
const DemoPassword = "gendan-demo-2026"

// DemoLogin is one printed demo account.
type DemoLogin struct {
	Role     Role
	Name     string
	Login    string
	Supplier string
}

type demoUser struct {
	name, email, phone, supplier string
	role                         Role
	locale                       string
	qcSuppliers                  []string // a qc user's suppliers
}

var demoSuppliers = []Supplier{
	{Code: "HZ-JL", Name: "杭州锦绫服饰有限公司", NameEn: "Hangzhou Jinling Apparel Co., Ltd.",
		ContactName: "陈建华", ContactPhone: "+86 571 8765 4321", ContactEmail: "sales@jinling-apparel.example", Address: "浙江省杭州市萧山区经济技术开发区建设四路 88 号", DaysOff: []int{0},
		Holidays: []Holiday{{From: "2027-02-05", To: "2027-02-13", Reason: "春节 Spring Festival"}}},
	{Code: "DG-HX", Name: "东莞华兴针织厂", NameEn: "Dongguan Huaxing Knitting Factory",
		ContactName: "林晓燕", ContactPhone: "+86 769 2233 8899", ContactEmail: "merch@huaxing-knit.example", Address: "广东省东莞市虎门镇龙眼工业区 12 号", DaysOff: []int{0},
		Holidays: []Holiday{{From: "2027-02-05", To: "2027-02-13", Reason: "春节 Spring Festival"}}},
	{Code: "NT-MY", Name: "南通明扬家纺有限公司", NameEn: "Nantong Mingyang Home Textiles Co., Ltd.",
		ContactName: "周立强", ContactPhone: "+86 513 8600 1234", ContactEmail: "export@mingyang-textile.example", Address: "江苏省南通市通州区川姜镇家纺城路 6 号", DaysOff: []int{0, 6},
		Holidays: []Holiday{{From: "2027-02-05", To: "2027-02-13", Reason: "春节 Spring Festival"}}},
}

var demoUsers = []demoUser{
	{name: "Admin 管理员", email: "admin@gendan.demo", role: RoleAdmin, locale: LocaleEN},
	{name: "王丽 Li Wang", email: "li.wang@gendan.demo", phone: "13800000001", role: RoleMerchandiser, locale: LocaleZH},
	{name: "Emma Carter", email: "emma.carter@gendan.demo", phone: "13800000002", role: RoleMerchandiser, locale: LocaleEN},
	{name: "陈建华", email: "chen@jinling.demo", phone: "13900000011", role: RoleFactory, supplier: "HZ-JL", locale: LocaleZH},
	{name: "赵敏", email: "zhao@jinling.demo", phone: "13900000012", role: RoleFactory, supplier: "HZ-JL", locale: LocaleZH},
	{name: "林晓燕", email: "lin@huaxing.demo", phone: "13900000021", role: RoleFactory, supplier: "DG-HX", locale: LocaleZH},
	{name: "黄伟 David Huang", email: "huang@huaxing.demo", phone: "13900000022", role: RoleFactory, supplier: "DG-HX", locale: LocaleEN},
	{name: "周立强", email: "zhou@mingyang.demo", phone: "13900000031", role: RoleFactory, supplier: "NT-MY", locale: LocaleZH},
	{name: "吴芳", email: "wu@mingyang.demo", phone: "13900000032", role: RoleFactory, supplier: "NT-MY", locale: LocaleZH},
	{name: "孙明 Ming Sun (QC)", email: "sun.qc@gendan.demo", phone: "13700000001", role: RoleQC, locale: LocaleZH,
		supplier: "HZ-JL, DG-HX", qcSuppliers: []string{"HZ-JL", "DG-HX"}},
}

// SeedDemo creates the demo suppliers and accounts that do not exist yet and
// returns every demo login. Running it twice changes nothing.
func (s *Store) SeedDemo(ctx context.Context) ([]DemoLogin, error) {
	codes := map[string]int64{}
	for _, tpl := range demoSuppliers {
		sp, err := s.GetSupplierByCode(ctx, tpl.Code)
		if errors.Is(err, ErrNotFound) {
			sp = &Supplier{}
			*sp = tpl
			sp.Active = true
			err = s.CreateSupplier(ctx, sp)
		}
		if err != nil {
			return nil, fmt.Errorf("seed supplier %s: %w", tpl.Code, err)
		}
		codes[tpl.Code] = sp.ID
	}
	// Hashing is the slow part of a first start. Every demo account has the
	// same, printed password, so one hash serves them all: a per-account
	// salt protects nothing here, and the demo starts ~200 ms sooner.
	missing := make([]bool, len(demoUsers))
	anyMissing := false
	for i, du := range demoUsers {
		_, err := s.getUserByLogin(ctx, du.email)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, err
		}
		missing[i] = err != nil
		anyMissing = anyMissing || missing[i]
	}
	var hash string
	if anyMissing {
		var err error
		if hash, err = HashPassword(DemoPassword); err != nil {
			return nil, err
		}
	}
	logins := make([]DemoLogin, 0, len(demoUsers))
	for i, du := range demoUsers {
		var sid *int64
		if du.role == RoleFactory {
			id := codes[du.supplier]
			sid = &id
		}
		var qc []int64
		for _, c := range du.qcSuppliers {
			qc = append(qc, codes[c])
		}
		var phone *string
		if du.phone != "" {
			p := du.phone
			phone = &p
		}
		if missing[i] {
			_, err := s.insertUser(ctx, NewUser{Name: du.name, Email: du.email, Role: du.role, SupplierID: sid, SupplierIDs: qc,
				Locale: du.locale}, phone, hash)
			if err != nil {
				return nil, fmt.Errorf("seed user %s: %w", du.email, err)
			}
		}
		logins = append(logins, DemoLogin{Role: du.role, Name: du.name, Login: du.email, Supplier: du.supplier})
	}
	// The demo orders are planned from the default templates; boot has
	// ensured them already, but SeedDemo must not depend on being called
	// after boot.
	if err := s.EnsureReferenceData(ctx); err != nil {
		return nil, err
	}
	merch := map[string]int64{}
	for key, email := range map[string]string{"li": "li.wang@gendan.demo", "emma": "emma.carter@gendan.demo"} {
		u, err := s.getUserByLogin(ctx, email)
		if err != nil {
			return nil, err
		}
		merch[key] = u.ID
	}
	if err := s.seedDemoOrders(ctx, codes, merch); err != nil {
		return nil, err
	}
	return logins, nil
}

// DemoLogins returns the demo accounts that exist, are active and still
// have the demo password, so a restart can print them again (and never
// prints an account whose password was changed). Demo accounts share one
// hash, so the slow check runs once per distinct hash.
func (s *Store) DemoLogins(ctx context.Context) ([]DemoLogin, error) {
	verified := map[string]bool{}
	var out []DemoLogin
	for _, du := range demoUsers {
		u, err := s.getUserByLogin(ctx, du.email)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("demo login %s: %w", du.email, err)
		}
		ok, seen := verified[u.PasswordHash]
		if !seen {
			if ok, err = VerifyPassword(u.PasswordHash, DemoPassword); err != nil {
				ok = false
			}
			verified[u.PasswordHash] = ok
		}
		if ok && u.Active {
			out = append(out, DemoLogin{Role: du.role, Name: du.name, Login: du.email, Supplier: du.supplier})
		}
	}
	return out, nil
}

// demoOrders are the orders a fresh demo shows: one per factory in
// production, one confirmed, one draft; dates relative to today.
func (s *Store) seedDemoOrders(ctx context.Context, suppliers map[string]int64, merch map[string]int64) error {
	var n int64
	if err := s.conn(ctx).Model(&Order{}).Count(&n).Error; err != nil || n > 0 {
		return err
	}
	custs := []Customer{
		{Name: "Northwind Outfitters", ContactEmail: "buying@northwind.example", Locale: LocaleEN},
		{Name: "上海悦衣贸易有限公司", ContactEmail: "order@yueyi.example", Locale: LocaleZH},
	}
	for i := range custs {
		if err := s.CreateCustomer(ctx, &custs[i]); err != nil {
			return err
		}
	}
	today := s.clock.Now().UTC()
	day := func(d int) *string { v := today.AddDate(0, 0, d).Format(DateLayout); return &v }
	str := func(v string) *string { return &v }
	id := func(v int64) *int64 { return &v }
	grid := func(colours, sizes []string, qty int) *[]OrderLine {
		var ls []OrderLine
		for _, c := range colours {
			for _, sz := range sizes {
				ls = append(ls, OrderLine{Colour: c, Size: sz, Quantity: qty})
			}
		}
		return &ls
	}
	type demo struct {
		in      OrderInput
		by      int64
		confirm bool
		reports int // how many early milestones the factory has finished
	}
	orders := []demo{
		{in: OrderInput{PONumber: str("NW-24017"), CustomerID: id(custs[0].ID), SupplierID: id(suppliers["HZ-JL"]),
			StyleNo: str("NW-M-JKT-301"), StyleName: str("Men's quilted jacket 男式绗缝夹克"), Category: str("Outerwear"),
			ExFactoryDate: day(40), ShipMode: str("sea"), Destination: str("Hamburg, DE"), UnitPrice: str("18.6500"), Currency: str("USD"),
			InternalNotes: str("Target margin 22%; second source DG-HX if late."),
			Lines:         grid([]string{"Navy 藏青", "Olive 橄榄绿"}, []string{"S", "M", "L", "XL"}, 300)}, by: merch["li"], confirm: true, reports: 3},
		{in: OrderInput{PONumber: str("YY-2311"), CustomerID: id(custs[1].ID), SupplierID: id(suppliers["DG-HX"]),
			StyleNo: str("YY-W-KNT-88"), StyleName: str("女式圆领毛衣 Women's crew-neck sweater"), Category: str("Knitwear"),
			ExFactoryDate: day(25), ShipMode: str("truck"), Destination: str("上海"), UnitPrice: str("56.00"), Currency: str("CNY"),
			Lines: grid([]string{"燕麦色 Oatmeal", "酒红 Burgundy"}, []string{"S", "M", "L"}, 400)}, by: merch["li"], confirm: true, reports: 6},
		{in: OrderInput{PONumber: str("NW-24022"), CustomerID: id(custs[0].ID), SupplierID: id(suppliers["NT-MY"]),
			StyleNo: str("NW-H-BED-12"), StyleName: str("Percale duvet set 纯棉被套四件套"), Category: str("Home textiles"),
			ExFactoryDate: day(60), ShipMode: str("sea"), Destination: str("Rotterdam, NL"), UnitPrice: str("24.30"), Currency: str("USD"),
			TemplateID: nil, Lines: grid([]string{"White 白", "Stone 石灰"}, []string{"Queen", "King"}, 250)}, by: merch["emma"], confirm: true},
		{in: OrderInput{PONumber: str("NW-24031"), CustomerID: id(custs[0].ID), SupplierID: id(suppliers["HZ-JL"]),
			StyleNo: str("NW-W-DRS-07"), StyleName: str("Linen shirt dress 亚麻衬衫裙"), Category: str("Dresses"),
			ExFactoryDate: day(90), ShipMode: str("air"), Destination: str("London, UK"),
			Lines: grid([]string{"Sand"}, []string{"XS", "S", "M", "L"}, 150)}, by: merch["emma"]},
	}
	// ConfirmOrder needs a template: the demo plans are the apparel one.
	apparel, err := s.GetTemplateByCode(ctx, "apparel")
	if err != nil {
		return fmt.Errorf("demo orders: %w", err)
	}
	for _, d := range orders {
		o, err := s.CreateOrder(ctx, d.in, d.by)
		if err != nil {
			return fmt.Errorf("demo order: %w", err)
		}
		if !d.confirm {
			continue
		}
		if _, err := s.ConfirmOrder(ctx, o.ID, &apparel.ID, LateKeep, d.by); err != nil {
			return err
		}
		// A demo order stands for one confirmed weeks ago, when its past
		// steps were still ahead: they are late by the factory, not by plan.
		if err := s.conn(ctx).Model(&Milestone{}).Where("order_id = ?", o.ID).Update("planned_late", false).Error; err != nil {
			return fmt.Errorf("demo order %d: %w", o.ID, err)
		}
		ms, err := s.ListMilestones(ctx, o.ID)
		if err != nil {
			return err
		}
		var reporter User
		if err := s.conn(ctx).Where("supplier_id = ? AND role = ?", o.SupplierID, RoleFactory).Order("id").First(&reporter).Error; err != nil {
			return err
		}
		for i := 0; i < d.reports && i < len(ms); i++ {
			date := ms[i].PlannedDate
			if date > today.Format(DateLayout) {
				date = today.Format(DateLayout)
			}
			in := ReportInput{Date: date, Done: true, Note: "按计划完成 Done as planned"}
			if ms[i].QuantityKind != "" {
				q := o.TotalQuantity
				in.Quantity = &q
			}
			if _, _, err := s.CreateReport(ctx, ms[i].ID, in, Uploader{UserID: reporter.ID, SupplierID: reporter.SupplierID}, Scope{}); err != nil {
				return fmt.Errorf("demo report: %w", err)
			}
		}
	}
	if err := s.seedDemoInspections(ctx, merch); err != nil {
		return err
	}
	if err := s.seedDemoDeliveries(ctx); err != nil {
		return err
	}
	if err := s.seedDemoRisk(ctx, custs, suppliers, merch, apparel.ID); err != nil {
		return err
	}
	if err := s.seedDemoMaterials(ctx); err != nil {
		return err
	}
	if err := s.seedDemoAftersales(ctx, custs[0].ID, suppliers["NT-MY"], merch["emma"], apparel.ID); err != nil {
		return err
	}
	if err := s.seedDemoLinks(ctx); err != nil {
		return err
	}
	// The demo orders stand for orders keyed in and confirmed weeks ago
	// (their plans say so; the output chart starts from the confirmation).
	now := s.clock.Now()
	if err := s.conn(ctx).Model(&Order{}).Where("confirmed_at IS NOT NULL").
		UpdateColumns(map[string]any{"created_at": now.AddDate(0, 0, -50), "confirmed_at": now.AddDate(0, 0, -45)}).Error; err != nil {
		return fmt.Errorf("demo orders: %w", err)
	}
	// The demo plans were edited directly above (planned_late): every
	// order's risk as of now.
	_, err = s.RecomputeAllRisk(ctx, now)
	return err
}

// seedDemoInspections gives the demo orders in production inspections: on
// NW-24017 a passed DUPRO and a final inspection booked for the qc user to
// record; on YY-2311 a failed DUPRO (the merchandiser's failed list).
func (s *Store) seedDemoInspections(ctx context.Context, merch map[string]int64) error {
	var qc User
	if err := s.conn(ctx).Where("email = ?", "sun.qc@gendan.demo").First(&qc).Error; err != nil {
		return fmt.Errorf("demo inspections: %w", err)
	}
	today := s.clock.Now().UTC().Format(DateLayout)
	qcBy := Inspector{UserID: qc.ID, Role: RoleQC}
	for _, d := range []struct {
		po, typ     string
		days        int
		complete    bool
		defects     []Defect
		measurement []Measurement
	}{
		{po: "NW-24017", typ: InspDUPRO, days: -6, complete: true,
			defects: []Defect{{Code: "loose_thread", Severity: SevMinor, Count: 4}, {Code: "broken_stitch", Severity: SevMajor, Count: 2}},
			measurement: []Measurement{{Point: "胸围 1/2 Chest", Spec: 58, Tolerance: 1, Unit: "cm", Values: []float64{58.2, 57.6, 58.9, 58.4, 57.8}},
				{Point: "衣长 Body length", Spec: 74, Tolerance: 1.5, Unit: "cm", Values: []float64{74.5, 73.8, 75.1, 74, 74.2}}}},
		{po: "NW-24017", typ: InspFRI, days: 3},
		{po: "YY-2311", typ: InspDUPRO, days: -2, complete: true,
			defects: []Defect{{Code: "shade_variation", Severity: SevMajor, Count: 6}, {Code: "hole", Severity: SevMajor, Count: 2},
				{Code: "loose_thread", Severity: SevMinor, Count: 5}}},
	} {
		var o Order
		if err := s.conn(ctx).Where("po_number = ?", d.po).First(&o).Error; err != nil {
			return fmt.Errorf("demo inspection %s: %w", d.po, err)
		}
		var factory User
		if err := s.conn(ctx).Where("supplier_id = ? AND role = ?", o.SupplierID, RoleFactory).Order("id").First(&factory).Error; err != nil {
			return err
		}
		sp, err := s.GetSupplier(ctx, o.SupplierID)
		if err != nil {
			return err
		}
		ready := o.TotalQuantity * 6 / 10
		if d.typ == InspFRI {
			ready = o.TotalQuantity
		}
		in, err := s.BookInspection(ctx, o.ID, BookingInput{Type: d.typ, Date: AddDays(today, d.days), QuantityReady: ready,
			TotalCartons: o.TotalQuantity / 20, Address: sp.Address, Note: "请提前一天确认 Please confirm the day before"},
			Inspector{UserID: factory.ID, Role: RoleFactory, SupplierID: factory.SupplierID}, Scope{SupplierID: &o.SupplierID})
		if err != nil {
			return fmt.Errorf("demo inspection %s: %w", d.po, err)
		}
		if _, err := s.ConfirmInspection(ctx, in.ID, ConfirmInput{InspectorID: &qc.ID}, o.MerchandiserID); err != nil {
			return err
		}
		if !d.complete {
			continue
		}
		checks := []Check{{Kind: CheckPacking, Passed: true}, {Kind: CheckLabelling, Passed: true}, {Kind: CheckCartonCount, Passed: true}}
		if _, err := s.CompleteInspection(ctx, in.ID, CompleteInput{CartonsOpened: in.CartonsToOpen,
			Findings: Findings{Defects: d.defects, Measurements: d.measurement, Checks: checks}}, qcBy,
			ScopeFor(RoleQC, nil, []int64{o.SupplierID})); err != nil {
			return fmt.Errorf("demo inspection %s: %w", d.po, err)
		}
	}
	return nil
}

// seedDemoDeliveries adds two warehouses and bookings: YY-2311 half
// shipped (with its packing list) and the rest booked at the port on the
// same day as half of NW-24017, which fills that day.
func (s *Store) seedDemoDeliveries(ctx context.Context) error {
	str := func(v string) *string { return &v }
	num := func(v int) *int { return &v }
	cbm := func(v int64) **int64 { p := &v; return &p }
	days := func(v ...int) *[]int { return &v }
	specs := []WarehouseInput{
		{Code: str("SH-WGQ"), Name: str("上海外高桥仓 Shanghai Waigaoqiao DC"), Address: str("上海市浦东新区洲海路 999 号"),
			TimeZone: str(DefaultTimeZone), CapBookings: num(4), CapCartons: num(600), CapCBMMilli: cbm(60_000),
			ClosedWeekdays: days(0), Closures: &[]WarehouseClosure{{DateFrom: "2027-02-05", DateTo: "2027-02-13", Reason: "春节 Spring Festival"}}},
		{Code: str("NB-BL"), Name: str("宁波北仑港集货仓 Ningbo Beilun port CFS"), Address: str("浙江省宁波市北仑区明州路 168 号"),
			TimeZone: str(DefaultTimeZone), CapBookings: num(2), CapCartons: num(400), ClosedWeekdays: days(0, 6)},
	}
	var ws []*Warehouse
	for _, in := range specs {
		w, err := s.CreateWarehouse(ctx, in)
		if err != nil {
			return fmt.Errorf("demo warehouse: %w", err)
		}
		ws = append(ws, w)
	}
	openFrom := func(w *Warehouse, n int) string {
		d := AddDays(s.WarehouseToday(w), n)
		for closed, _ := w.ClosedOn(d); closed; closed, _ = w.ClosedOn(d) {
			d = AddDays(d, 1)
		}
		return d
	}
	type demoOrder struct {
		o       Order
		factory Actor
		staff   Actor
	}
	load := func(po string) (*demoOrder, error) {
		var d demoOrder
		if err := s.conn(ctx).Where("po_number = ?", po).First(&d.o).Error; err != nil {
			return nil, err
		}
		if err := s.conn(ctx).Where("order_id = ?", d.o.ID).Order("position").Find(&d.o.Lines).Error; err != nil {
			return nil, err
		}
		var f User
		if err := s.conn(ctx).Where("supplier_id = ? AND role = ?", d.o.SupplierID, RoleFactory).Order("id").First(&f).Error; err != nil {
			return nil, err
		}
		d.factory = Actor{UserID: f.ID, Role: RoleFactory, SupplierID: f.SupplierID}
		d.staff = Actor{UserID: d.o.MerchandiserID, Role: RoleMerchandiser}
		return &d, nil
	}
	// half books the order's lines whose colour is the first (or not).
	half := func(o *Order, first bool) ([]LineQty, []PackingRange) {
		var lines []LineQty
		var packing []PackingRange
		next := 1
		for _, l := range o.Lines {
			if (l.Colour == o.Lines[0].Colour) != first {
				continue
			}
			lines = append(lines, LineQty{Colour: l.Colour, Size: l.Size, Quantity: l.Quantity})
			n := l.Quantity / 20
			packing = append(packing, PackingRange{From: next, To: next + n - 1, Colour: l.Colour, Size: l.Size, Pieces: 20,
				NetKg: 9.6, GrossKg: 10.4, LengthCm: 60, WidthCm: 40, HeightCm: 35})
			next += n
		}
		return lines, packing
	}
	cartons := func(lines []LineQty) int {
		n := 0
		for _, l := range lines {
			n += l.Quantity / 20
		}
		return n
	}
	yy, err := load("YY-2311")
	if err != nil {
		return fmt.Errorf("demo deliveries: %w", err)
	}
	nw, err := load("NW-24017")
	if err != nil {
		return fmt.Errorf("demo deliveries: %w", err)
	}
	own := func(d *demoOrder) Scope { return Scope{SupplierID: &d.o.SupplierID} }
	// YY-2311: the oatmeal half booked by the merchandiser and shipped today.
	lines, packing := half(&yy.o, true)
	c := cartons(lines)
	d, err := s.BookDelivery(ctx, yy.o.ID, DeliveryInput{WarehouseID: ws[0].ID, Date: openFrom(ws[0], 0), Lines: lines,
		Cartons: c, CBMMilli: int64(c) * 84, GrossG: int64(c) * 10_400, NetG: int64(c) * 9_600, TransportMode: "truck",
		Note: "第一批 First lot"}, yy.staff, Scope{})
	if err != nil {
		return fmt.Errorf("demo delivery YY-2311: %w", err)
	}
	today := s.clock.Now().UTC().Format(DateLayout)
	if _, err := s.ShipDelivery(ctx, d.ID, ShipInput{Date: today, Carrier: "德邦物流 Deppon", TrackingNo: "DPK8800123456",
		Packing: &packing}, yy.factory, own(yy)); err != nil {
		return fmt.Errorf("demo shipment YY-2311: %w", err)
	}
	// The rest of YY-2311 and half of NW-24017 fill a day at the port.
	port := openFrom(ws[1], 6)
	for _, b := range []struct {
		d     *demoOrder
		first bool
	}{{yy, false}, {nw, true}} {
		lines, _ := half(&b.d.o, b.first)
		c := cartons(lines)
		if _, err := s.BookDelivery(ctx, b.d.o.ID, DeliveryInput{WarehouseID: ws[1].ID, Date: port, Lines: lines, Cartons: c,
			CBMMilli: int64(c) * 84, GrossG: int64(c) * 10_400, NetG: int64(c) * 9_600, TransportMode: "sea",
			CargoReadyDate: AddDays(port, -2)}, b.d.factory, own(b.d)); err != nil {
			return fmt.Errorf("demo delivery %s: %w", b.d.o.PONumber, err)
		}
	}
	return nil
}
