package models

import (
	"context"
	"fmt"
)

// seedDemoAftersales gives the demo its after-sales (docs/AFTERSALES.md): an
// order of last season, NW-23960 (bathrobes, Nantong Mingyang, Emma
// Carter's), shipped to the customer, who complains of loose hems on 60
// pieces; the factory has answered, the merchandiser investigates, the
// corrective action waits for the factory's root cause, a rework of the 60
// pieces is agreed at the factory's cost, and the final invoice is half
// paid (Emma's receivables). Other demo orders keep no after-sales: the
// browser tests build on them.
func (s *Store) seedDemoAftersales(ctx context.Context, custID, supplierID, merchID, templateID int64) error {
	str := func(v string) *string { return &v }
	id := func(v int64) *int64 { return &v }
	now := s.clock.Now()
	today := TodayIn(now, DefaultTimeZone)
	lines := []OrderLine{{Colour: "White 白", Size: "M", Quantity: 300}, {Colour: "White 白", Size: "L", Quantity: 300},
		{Colour: "Grey 灰", Size: "M", Quantity: 200}, {Colour: "Grey 灰", Size: "L", Quantity: 200}}
	o, err := s.CreateOrder(ctx, OrderInput{PONumber: str("NW-23960"), CustomerID: id(custID), SupplierID: id(supplierID),
		StyleNo: str("NW-H-ROB-02"), StyleName: str("Cotton bathrobe 纯棉浴袍"), Category: str("Home textiles"),
		ExFactoryDate: str(AddDays(today, 5)), ShipMode: str("sea"), Destination: str("Felixstowe, UK"), UnitPrice: str("14.20"),
		Currency: str("USD"), Lines: &lines}, merchID)
	if err != nil {
		return fmt.Errorf("demo after-sales order: %w", err)
	}
	if _, err := s.ConfirmOrder(ctx, o.ID, &templateID, LateKeep, merchID); err != nil {
		return err
	}
	var f User
	if err := s.conn(ctx).Where("supplier_id = ? AND role = ?", supplierID, RoleFactory).Order("id").First(&f).Error; err != nil {
		return err
	}
	factory := Actor{UserID: f.ID, Role: RoleFactory, SupplierID: f.SupplierID}
	staff := Actor{UserID: merchID, Role: RoleMerchandiser}
	own := Scope{SupplierID: &supplierID}
	var w Warehouse
	if err := s.conn(ctx).Where("code = ?", "SH-WGQ").First(&w).Error; err != nil {
		return err
	}
	date := AddDays(s.WarehouseToday(&w), 1)
	for closed, _ := w.ClosedOn(date); closed; closed, _ = w.ClosedOn(date) {
		date = AddDays(date, 1)
	}
	var booked []LineQty
	var packing []PackingRange
	next := 1
	for _, l := range lines {
		booked = append(booked, LineQty{Colour: l.Colour, Size: l.Size, Quantity: l.Quantity})
		n := l.Quantity / 10
		packing = append(packing, PackingRange{From: next, To: next + n - 1, Colour: l.Colour, Size: l.Size, Pieces: 10,
			NetKg: 12, GrossKg: 13, LengthCm: 60, WidthCm: 40, HeightCm: 40})
		next += n
	}
	d, err := s.BookDelivery(ctx, o.ID, DeliveryInput{WarehouseID: w.ID, Date: date, Lines: booked, Cartons: next - 1,
		CBMMilli: int64(next-1) * 96, GrossG: int64(next-1) * 13_000, NetG: int64(next-1) * 12_000, TransportMode: "sea"}, staff, Scope{})
	if err != nil {
		return fmt.Errorf("demo after-sales delivery: %w", err)
	}
	if _, err := s.ShipDelivery(ctx, d.ID, ShipInput{Date: now.UTC().Format(DateLayout), Carrier: "中远海运 COSCO",
		TrackingNo: "COSU6231870", Packing: &packing}, factory, own); err != nil {
		return fmt.Errorf("demo after-sales shipment: %w", err)
	}
	c, err := s.CreateComplaint(ctx, o.ID, ComplaintInput{ReceivedDate: today, Channel: "email", DeliveryID: &d.ID,
		Description: "袖口和下摆缝线松开，约 60 件 Loose stitching at the cuffs and hem on about 60 pieces",
		Lines:       []LineQty{{Colour: "Grey 灰", Size: "L", Quantity: 60}}, AffectedQty: 60, Severity: "major",
		CustomerRequest: "repair", CustomerContact: "qa@northwind.example"}, staff, Scope{})
	if err != nil {
		return fmt.Errorf("demo complaint: %w", err)
	}
	if _, err := s.AnswerComplaint(ctx, c.ID, "车缝线迹密度不足，已安排返修。Stitch density too low on one line; we will rework.",
		factory, own); err != nil {
		return err
	}
	if _, err := s.InvestigateComplaint(ctx, c.ID, staff, Scope{}); err != nil {
		return err
	}
	if _, err := s.CreateCAPA(ctx, CAPAInput{SourceKind: "complaint", SourceID: c.ID,
		Problem: "下摆缝线松开 Loose hem stitching", DueDate: AddDays(today, 7)}, staff, Scope{}); err != nil {
		return fmt.Errorf("demo CAPA: %w", err)
	}
	if _, err := s.CreateResolution(ctx, c.ID, ResolutionInput{Kind: ResolveRework, Quantity: 60, CostBearer: "factory",
		Note: "返修袖口和下摆 Rework cuffs and hems", DueDate: AddDays(today, 10)}, staff); err != nil {
		return fmt.Errorf("demo resolution: %w", err)
	}
	if _, err := s.PutInvoice(ctx, o.ID, InvoiceInput{Number: "INV-NW-23960", InvoiceDate: today, Amount: "14200.00",
		Currency: "USD", DueDate: AddDays(today, 30)}, staff, Scope{}); err != nil {
		return fmt.Errorf("demo invoice: %w", err)
	}
	if _, err := s.AddPayment(ctx, o.ID, PaymentInput{PaidDate: today, Amount: "7100.00", Reference: "TT 30% + 20%"},
		staff, Scope{}); err != nil {
		return fmt.Errorf("demo payment: %w", err)
	}
	return nil
}
