package models_test

import (
	"errors"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

// TestRequiredQuantity: consumption × pieces × (1 + wastage), rounded up
// to 0.01, exact on big figures.
func TestRequiredQuantity(t *testing.T) {
	for _, c := range []struct {
		consumption, wastage string
		pieces               int64
		want                 string
	}{
		{"1.3500", "3.00", 1000, "1390.50"},             // 1350 × 1.03
		{"1.35", "0", 1000, "1350.00"},                  // no wastage
		{"0.0001", "0", 1, "0.01"},                      // a trace rounds up to a hundredth
		{"0.0001", "0", 100, "0.01"},                    // exactly 0.01
		{"0.0001", "0", 101, "0.02"},                    // 0.0101 → 0.02
		{"1.2345", "2.50", 3, "3.80"},                   // 3.7035 × 1.025 = 3.79608… → 3.80
		{"2", "100", 10, "40.00"},                       // wastage 100 % doubles it
		{"0.5", "3.33", 1, "0.52"},                      // 0.516650 → 0.52
		{"1", "0", 0, "0.00"},                           // a colour with no pieces
		{"10000", "100", 40_000_000, "800000000000.00"}, // no overflow
	} {
		ce4, ok := models.ParseDecimal(c.consumption, 4)
		we2, ok2 := models.ParseDecimal(c.wastage, 2)
		if !ok || !ok2 {
			t.Fatalf("%s %s: not decimals", c.consumption, c.wastage)
		}
		got := models.FormatDecimal(models.RequiredE2(ce4, int(we2), c.pieces), 2)
		if got != c.want {
			t.Errorf("%s × %d × (1 + %s %%) = %s, want %s", c.consumption, c.pieces, c.wastage, got, c.want)
		}
	}
	for _, bad := range []string{"", ".5", "1.", "1.23456", "-1", "1e3", "1,5", " 1..2"} {
		if _, ok := models.ParseDecimal(bad, 4); ok {
			t.Errorf("ParseDecimal(%q) accepted", bad)
		}
	}
	if got := models.FormatDecimal(5, 4); got != "0.0005" {
		t.Errorf("FormatDecimal(5, 4) = %s", got)
	}
}

func wantConflict(t *testing.T, err error, code string) {
	t.Helper()
	var ce *models.ConflictError
	if !errors.As(err, &ce) || ce.Code != code {
		t.Fatalf("want conflict %s, got %v", code, err)
	}
}

// TestMaterialLinesFollowTheOrder: colour-specific and all-colour lines
// take their pieces from the order's lines; a revision of the quantities
// recomputes them in its transaction, showing the figure before; the
// automatic needed-by follows the cutting step's plan, a date set by hand
// does not.
func TestMaterialLinesFollowTheOrder(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newOrderFx(t, db)
		sp := f.supplier("JL")
		in := f.input(sp, "2027-06-30", f.apparel)
		lines := []models.OrderLine{{Colour: "Navy", Size: "M", Quantity: 600}, {Colour: "Navy", Size: "L", Quantity: 400},
			{Colour: "Red", Size: "M", Quantity: 500}}
		in.Lines = &lines
		in.Force = true
		o, err := f.store.CreateOrder(f.ctx, in, f.merch.ID)
		if err != nil {
			t.Fatal(err)
		}
		if o.Sourcing != models.SourcingFOB {
			t.Fatalf("default sourcing %q", o.Sourcing)
		}
		s := func(v string) *string { return &v }
		// Before the plan exists the automatic date is empty.
		shell, err := f.store.CreateMaterialLine(f.ctx, o.ID, models.MaterialLineInput{Category: s("fabric"), Name: s("面料 shell"),
			Unit: s("m"), Consumption: s("1.35"), WastagePct: s("3")}, f.merch.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := models.FormatDecimal(shell.RequiredE2, 2); got != "2085.75" || shell.NeededBy != "" || !shell.NeededByAuto ||
			shell.SourcedBy != models.SourcedFactory || shell.SupplierID != sp.ID {
			t.Fatalf("all-colour line: required %s needed %q auto %v sourced %s", got, shell.NeededBy, shell.NeededByAuto, shell.SourcedBy)
		}
		if _, err := f.store.ConfirmOrder(f.ctx, o.ID, nil, models.LateKeep, f.merch.ID); err != nil {
			t.Fatal(err)
		}
		var cutting models.Milestone
		for _, m := range f.milestones(o.ID) {
			if m.Code == "cutting" {
				cutting = m
			}
		}
		navy, err := f.store.CreateMaterialLine(f.ctx, o.ID, models.MaterialLineInput{Category: s("trim"), Name: s("拉链 zip"),
			Colour: s("navy"), Unit: s("pcs"), Consumption: s("1")}, f.merch.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := models.AddDays(cutting.PlannedDate, -models.MaterialBufferDays)
		if navy.Colour != "Navy" || navy.RequiredE2 != 1000_00 || navy.NeededBy != want {
			t.Fatalf("navy line: colour %q required %d needed %q (want %s)", navy.Colour, navy.RequiredE2, navy.NeededBy, want)
		}
		// Confirming planned the steps: the first line's date followed.
		got, err := f.store.GetOrderMaterials(f.ctx, o.ID, models.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		if got.Lines[0].NeededBy != want {
			t.Fatalf("automatic date after confirm %q, want %s", got.Lines[0].NeededBy, want)
		}
		hand, err := f.store.CreateMaterialLine(f.ctx, o.ID, models.MaterialLineInput{Category: s("packaging"), Name: s("纸箱 carton"),
			Colour: s("Red"), Unit: s("pcs"), Consumption: s("0.0417"), NeededBy: s("2027-05-01")}, f.merch.ID)
		if err != nil {
			t.Fatal(err)
		}
		if models.FormatDecimal(hand.RequiredE2, 2) != "20.85" || hand.NeededByAuto {
			t.Fatalf("red line: required %d auto %v", hand.RequiredE2, hand.NeededByAuto)
		}
		// A colour the order lacks, a bad decimal, a nominated line without its supplier.
		_, err = f.store.CreateMaterialLine(f.ctx, o.ID, models.MaterialLineInput{Category: s("cloth"), Name: s("x"), Colour: s("Green"),
			Unit: s("m"), Consumption: s("1.23456"), SourcedBy: s("nominated")}, f.merch.ID)
		for field, code := range map[string]string{"category": "one_of", "colour": "unknown_colour", "consumption": "invalid_decimal",
			"nominated_supplier_id": "required_with"} {
			wantInvalid(t, err, field, code)
		}

		// The cutting step moves: the automatic dates follow, the hand-set one stays.
		moved := models.AddDays(cutting.PlannedDate, -5)
		if _, err := f.store.RescheduleMilestone(f.ctx, cutting.ID, moved, true, f.merch.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = f.store.GetOrderMaterials(f.ctx, o.ID, models.Scope{})
		if w := models.AddDays(moved, -models.MaterialBufferDays); got.Lines[0].NeededBy != w || got.Lines[1].NeededBy != w ||
			got.Lines[2].NeededBy != "2027-05-01" {
			t.Fatalf("after the move: %q %q %q, want %s", got.Lines[0].NeededBy, got.Lines[1].NeededBy, got.Lines[2].NeededBy, w)
		}

		// A revision: Navy L 400 → 500, Red unchanged.
		lines[1].Quantity = 500
		if _, err := f.store.UpdateOrder(f.ctx, o.ID, models.OrderInput{Lines: &lines}, f.merch.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = f.store.GetOrderMaterials(f.ctx, o.ID, models.Scope{})
		check := func(i int, required string, prev string) {
			t.Helper()
			l := got.Lines[i]
			p := ""
			if l.PreviousRequiredE2 != nil {
				p = models.FormatDecimal(*l.PreviousRequiredE2, 2)
			}
			if r := models.FormatDecimal(l.RequiredE2, 2); r != required || p != prev {
				t.Errorf("line %d (%s): required %s previous %q, want %s %q", i, l.Name, r, p, required, prev)
			}
		}
		check(0, "2224.80", "2085.75") // 1600 × 1.35 × 1.03
		check(1, "1100.00", "1000.00")
		check(2, "20.85", "")
		// Sourcing is checked.
		_, err = f.store.UpdateOrder(f.ctx, o.ID, models.OrderInput{Sourcing: s("diy")}, f.merch.ID)
		wantInvalid(t, err, "sourcing", "invalid_choice")
		// A manual edit forgets the revision's figure.
		l, err := f.store.UpdateMaterialLine(f.ctx, got.Lines[1].ID, models.MaterialLineInput{Consumption: s("2")}, f.merch.ID)
		if err != nil {
			t.Fatal(err)
		}
		if l.RequiredE2 != 2200_00 || l.PreviousRequiredE2 != nil {
			t.Fatalf("edited line: required %d previous %v", l.RequiredE2, l.PreviousRequiredE2)
		}
	})
}

// TestMaterialLineDeleteAndCopy: a line on a live material PO stays; a
// cancelled PO does not hold it. Copying takes the same style only, and
// computes the target's quantities.
func TestMaterialLineDeleteAndCopy(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newOrderFx(t, db)
		sp := f.supplier("JL")
		s := func(v string) *string { return &v }
		a := f.confirmed(sp, "2027-06-30", f.apparel)
		line, err := f.store.CreateMaterialLine(f.ctx, a.ID, models.MaterialLineInput{Category: s("fabric"), Name: s("shell"),
			Colour: s("Navy"), Unit: s("m"), Consumption: s("1.5")}, f.merch.ID)
		if err != nil {
			t.Fatal(err)
		}
		ms, err := f.store.CreateMaterialSupplier(f.ctx, models.MaterialSupplierInput{Code: s("MILL-1"), Name: s("织厂")})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.store.CreateMaterialSupplier(f.ctx, models.MaterialSupplierInput{Code: s("mill-1"), Name: s("又一个")})
		wantConflict(t, err, "material_supplier_exists")
		_, err = f.store.CreateMaterialSupplier(f.ctx, models.MaterialSupplierInput{Code: s("M2"), ContactEmail: s("nope")})
		wantInvalid(t, err, "name", "required")
		wantInvalid(t, err, "contact_email", "invalid_email")
		now := f.clock.Now()
		po := &models.MaterialPO{OrderID: a.ID, SupplierID: sp.ID, MaterialSupplierID: ms.ID, PONumber: "M1", SourcedBy: "factory",
			Status: models.MPOSent, CreatedBy: f.merch.ID, CreatedAt: now, UpdatedAt: now}
		if err := db.Gorm.Create(po).Error; err != nil {
			t.Fatal(err)
		}
		if err := db.Gorm.Create(&models.MaterialPOLine{POID: po.ID, LineID: line.ID, QuantityE2: 100}).Error; err != nil {
			t.Fatal(err)
		}
		wantConflict(t, f.store.DeleteMaterialLine(f.ctx, line.ID, f.merch.ID), "material_line_ordered")

		// Copy to another order of the style, with other quantities and no Red.
		in := f.input(sp, "2027-07-31", f.apparel)
		other := []models.OrderLine{{Colour: "Navy", Size: "S", Quantity: 10}}
		in.Lines = &other
		b, err := f.store.CreateOrder(f.ctx, in, f.merch.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.CreateMaterialLine(f.ctx, a.ID, models.MaterialLineInput{Category: s("trim"), Name: s("label"),
			Unit: s("pcs"), Consumption: s("2"), SourcedBy: s("nominated"), NominatedSupplierID: &ms.ID}, f.merch.ID); err != nil {
			t.Fatal(err)
		}
		copied, skipped, err := f.store.CopyMaterialLines(f.ctx, b.ID, a.ID, f.merch.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(copied) != 2 || skipped != 0 || copied[0].RequiredE2 != 15_00 || copied[1].RequiredE2 != 20_00 ||
			copied[1].NominatedSupplierID == nil || copied[0].OrderID != b.ID || copied[0].NeededBy != "" {
			t.Fatalf("copied %+v skipped %d", copied, skipped)
		}
		in = f.input(sp, "2027-07-31", f.apparel)
		in.StyleNo = s("ST-2")
		c, err := f.store.CreateOrder(f.ctx, in, f.merch.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = f.store.CopyMaterialLines(f.ctx, c.ID, a.ID, f.merch.ID)
		wantConflict(t, err, "material_copy_other_style")
		_, _, err = f.store.CopyMaterialLines(f.ctx, c.ID, 99999, f.merch.ID)
		wantInvalid(t, err, "from_order_id", "unknown_order")

		// Once the PO is cancelled the line may go.
		if err := db.Gorm.Model(po).Update("status", models.MPOCancelled).Error; err != nil {
			t.Fatal(err)
		}
		if err := f.store.DeleteMaterialLine(f.ctx, line.ID, f.merch.ID); err != nil {
			t.Fatal(err)
		}
		// A cancelled order takes no changes.
		if _, err := f.store.CancelOrder(f.ctx, b.ID, "客户取消", f.merch.ID); err != nil {
			t.Fatal(err)
		}
		_, err = f.store.CreateMaterialLine(f.ctx, b.ID, models.MaterialLineInput{Category: s("trim"), Name: s("x"), Unit: s("pcs"),
			Consumption: s("1")}, f.merch.ID)
		wantConflict(t, err, "order_cancelled")

		// Each change is in the order's activity, for the factory too.
		var evs []models.ActivityEvent
		if err := db.Gorm.Where("order_id = ? AND kind = ?", a.ID, models.ActMaterialLinesChanged).Order("id").Find(&evs).Error; err != nil {
			t.Fatal(err)
		}
		if len(evs) != 3 || evs[2].Data != `{"added":0,"changed":0,"removed":1}` || evs[0].Internal || evs[0].SupplierID == nil ||
			*evs[0].SupplierID != sp.ID {
			t.Fatalf("activity: %+v", evs)
		}
	})
}

// TestMaterialLinesMoveWithTheOrder: an order given to another factory
// takes its requirement along (the lines are staff's, for whoever makes it).
func TestMaterialLinesMoveWithTheOrder(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newOrderFx(t, db)
		sp, other := f.supplier("JL"), f.supplier("HX")
		s := func(v string) *string { return &v }
		o := f.confirmed(sp, "2027-06-30", f.apparel)
		if _, err := f.store.CreateMaterialLine(f.ctx, o.ID, models.MaterialLineInput{Category: s("fabric"), Name: s("shell"),
			Unit: s("m"), Consumption: s("1")}, f.merch.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.UpdateOrder(f.ctx, o.ID, models.OrderInput{SupplierID: &other.ID}, f.merch.ID); err != nil {
			t.Fatal(err)
		}
		got, err := f.store.GetOrderMaterials(f.ctx, o.ID, models.Scope{SupplierID: &other.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Lines) != 1 || got.Lines[0].SupplierID != other.ID || got.Lines[0].PreviousRequiredE2 != nil {
			t.Fatalf("after the move: %+v", got.Lines)
		}
		if _, err := f.store.GetOrderMaterials(f.ctx, o.ID, models.Scope{SupplierID: &sp.ID}); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("the old factory: %v", err)
		}
	})
}
