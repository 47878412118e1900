package models

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"gorm.io/gorm"
)

// After-sales, part C (docs/AFTERSALES.md): an order's final invoice, the
// payments received against it, closing the order, and the receivables.
// All of it is staff's only: the store refuses a limited scope (403), and
// no factory answer carries an invoice or a payment.
//
// Money is a decimal string with at most two decimals ("12345.60"), kept in
// hundredths (AmountE2). One final invoice per order (PUT replaces it);
// payments add up to at most the invoice's amount unless the payment says
// it may go over (AllowOver: an overpayment the customer made).
//
// Closing: a shipped order closes (OrderClose in orderTransitions) once
// every complaint of the order is closed (409 order_aftersales_open
// {complaints}) and its invoice is paid in full (409 order_not_paid
// {balance}; an order with no invoice owes its whole value, balance "").
// The order DTO lists "close" for staff on every shipped order and lets
// the 409 explain what is missing (the rule needs reads the order list
// should not pay for).

// MaxMoneyE2 bounds an amount: ten thousand million.
const MaxMoneyE2 = 1_000_000_000_000

// ParseMoney reads a decimal string with at most two decimals into
// hundredths.
func ParseMoney(s string) (int64, bool) {
	v, ok := ParseDecimal(strings.TrimSpace(s), 2)
	return v, ok && v <= MaxMoneyE2
}

// FormatMoney writes hundredths with two decimals.
func FormatMoney(e2 int64) string { return FormatDecimal(e2, 2) }

// InvoiceInput is the final invoice as written.
type InvoiceInput struct {
	Number      string
	InvoiceDate string
	Amount      string
	Currency    string
	DueDate     string
}

// PaymentInput is a payment as written. AllowOver lets the payments add up
// to more than the invoice.
type PaymentInput struct {
	PaidDate  string
	Amount    string
	Reference string
	AllowOver bool
}

// Finance is an order's invoice (nil when none), its payments, what was
// paid and what is left, and whether the balance is overdue (the due date
// is before the supplier's today) by how many days.
type Finance struct {
	Invoice     *Invoice
	Payments    []Payment
	PaidE2      int64
	BalanceE2   int64
	Overdue     bool
	DaysOverdue int
}

func staffOnly(by Actor, sc Scope) error {
	if sc.Limited() || !by.staff() {
		return ErrForbidden
	}
	return nil
}

func checkMoney(v *ValidationError, field, s string, positive bool) int64 {
	if strings.TrimSpace(s) == "" {
		v.Add(field, "required")
		return 0
	}
	e2, ok := ParseMoney(s)
	if !ok {
		v.Add(field, "invalid_decimal", "max_decimals", 2)
		return 0
	}
	if positive && e2 <= 0 {
		v.Add(field, "too_small", "min", "0.01")
	}
	return e2
}

func paidOf(tx *gorm.DB, orderID int64) (int64, []Payment, error) {
	var ps []Payment
	if err := tx.Where("order_id = ?", orderID).Order("paid_date, id").Find(&ps).Error; err != nil {
		return 0, nil, fmt.Errorf("payments of order %d: %w", orderID, err)
	}
	var paid int64
	for _, p := range ps {
		paid += p.AmountE2
	}
	return paid, ps, nil
}

func invoiceOf(tx *gorm.DB, orderID int64, lock func(*gorm.DB) *gorm.DB) (*Invoice, error) {
	var inv Invoice
	q := tx
	if lock != nil {
		q = lock(tx)
	}
	if err := q.Where("order_id = ?", orderID).First(&inv).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, nil
		}
		return nil, fmt.Errorf("invoice of order %d: %w", orderID, err)
	}
	return &inv, nil
}

// PutInvoice writes an order's final invoice, or replaces it (staff). A new
// amount must not fall below what was paid (422 amount below_paid{paid});
// a draft or cancelled order takes none (409 order_not_invoiceable), a
// closed one keeps its own (409 order_closed). The activity events of
// invoices and payments are internal (staff's only).
func (s *Store) PutInvoice(ctx context.Context, orderID int64, in InvoiceInput, by Actor, sc Scope) (*Invoice, error) {
	if err := staffOnly(by, sc); err != nil {
		return nil, err
	}
	in.Number, in.Currency = strings.TrimSpace(in.Number), strings.ToUpper(strings.TrimSpace(in.Currency))
	in.InvoiceDate, in.DueDate = strings.TrimSpace(in.InvoiceDate), strings.TrimSpace(in.DueDate)
	v := &ValidationError{}
	checkText(v, "number", in.Number, true, 60)
	checkDate(v, "invoice_date", in.InvoiceDate, true)
	amount := checkMoney(v, "amount", in.Amount, true)
	if in.Currency == "" {
		v.Add("currency", "required")
	} else if !currencyRe.MatchString(in.Currency) {
		v.Add("currency", "invalid_currency")
	}
	checkDate(v, "due_date", in.DueDate, true)
	if v.Err() == nil && in.DueDate < in.InvoiceDate {
		v.Add("due_date", "before_from", "from", in.InvoiceDate)
	}
	var out *Invoice
	err := s.readCommittedTx(ctx, func(tx *gorm.DB) error {
		o, err := s.getOrderTx(tx, orderID, sc, true)
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		switch o.Status {
		case StatusDraft, StatusCancelled:
			return Conflict("order_not_invoiceable", "status", o.Status)
		case StatusClosed:
			return Conflict("order_closed")
		}
		inv, err := invoiceOf(tx, o.ID, s.forUpdate)
		if err != nil {
			return err
		}
		paid, _, err := paidOf(tx, o.ID)
		if err != nil {
			return err
		}
		if amount < paid {
			return Invalid("amount", "below_paid", "paid", FormatMoney(paid))
		}
		now := s.clock.Now()
		if inv == nil {
			inv = &Invoice{OrderID: o.ID, CreatedBy: by.UserID, CreatedAt: now}
		}
		inv.Number, inv.InvoiceDate, inv.AmountE2, inv.Currency, inv.DueDate, inv.UpdatedAt =
			in.Number, in.InvoiceDate, amount, in.Currency, in.DueDate, now
		if err := tx.Save(inv).Error; err != nil {
			return fmt.Errorf("save invoice of order %d: %w", o.ID, err)
		}
		if err := addActivity(tx, now, o.ID, &by.UserID, ActInvoiceRecorded, true,
			map[string]any{"invoice_id": inv.ID, "number": inv.Number, "amount": FormatMoney(inv.AmountE2), "currency": inv.Currency}); err != nil {
			return err
		}
		out = inv
		return nil
	})
	return out, err
}

// AddPayment records a payment against an order's invoice (staff): 409
// order_no_invoice without one; the payments' total over the invoice's
// amount is 422 amount over_invoice{balance} unless AllowOver.
func (s *Store) AddPayment(ctx context.Context, orderID int64, in PaymentInput, by Actor, sc Scope) (*Payment, error) {
	if err := staffOnly(by, sc); err != nil {
		return nil, err
	}
	in.PaidDate, in.Reference = strings.TrimSpace(in.PaidDate), strings.TrimSpace(in.Reference)
	v := &ValidationError{}
	checkDate(v, "paid_date", in.PaidDate, true)
	amount := checkMoney(v, "amount", in.Amount, true)
	checkText(v, "reference", in.Reference, false, 200)
	var out *Payment
	err := s.readCommittedTx(ctx, func(tx *gorm.DB) error {
		o, err := s.getOrderTx(tx, orderID, sc, true)
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		inv, err := invoiceOf(tx, o.ID, s.forUpdate)
		if err != nil {
			return err
		}
		if inv == nil {
			return Conflict("order_no_invoice")
		}
		paid, _, err := paidOf(tx, o.ID)
		if err != nil {
			return err
		}
		if !in.AllowOver && paid+amount > inv.AmountE2 {
			return Invalid("amount", "over_invoice", "balance", FormatMoney(max(inv.AmountE2-paid, 0)))
		}
		now := s.clock.Now()
		p := &Payment{OrderID: o.ID, InvoiceID: inv.ID, PaidDate: in.PaidDate, AmountE2: amount, Reference: in.Reference,
			CreatedBy: by.UserID, CreatedAt: now}
		if err := tx.Create(p).Error; err != nil {
			return fmt.Errorf("create payment of order %d: %w", o.ID, err)
		}
		if err := addActivity(tx, now, o.ID, &by.UserID, ActPaymentRecorded, true,
			map[string]any{"payment_id": p.ID, "invoice_id": inv.ID, "amount": FormatMoney(amount), "currency": inv.Currency,
				"balance": FormatMoney(inv.AmountE2 - paid - amount)}); err != nil {
			return err
		}
		out = p
		return nil
	})
	return out, err
}

// OrderFinance is an order's invoice, payments and balance (staff).
func (s *Store) OrderFinance(ctx context.Context, orderID int64, by Actor, sc Scope) (*Finance, error) {
	if err := staffOnly(by, sc); err != nil {
		return nil, err
	}
	o, err := s.GetOrder(ctx, orderID, sc)
	if err != nil {
		return nil, err
	}
	db := s.conn(ctx)
	inv, err := invoiceOf(db, o.ID, nil)
	if err != nil {
		return nil, err
	}
	paid, ps, err := paidOf(db, o.ID)
	if err != nil {
		return nil, err
	}
	f := &Finance{Invoice: inv, Payments: ps, PaidE2: paid}
	if ps == nil {
		f.Payments = []Payment{}
	}
	if inv != nil {
		var sp Supplier
		if err := db.Select("id, time_zone").First(&sp, o.SupplierID).Error; err != nil {
			return nil, err
		}
		f.BalanceE2 = inv.AmountE2 - paid
		f.Overdue, f.DaysOverdue = overdueBy(inv.DueDate, f.BalanceE2, SupplierToday(s.clock.Now(), &sp))
	}
	return f, nil
}

// overdueBy: a balance left after the due date is overdue by the days since.
func overdueBy(due string, balance int64, today string) (bool, int) {
	if balance <= 0 || due == "" || due >= today {
		return false, 0
	}
	return true, DaysBetween(due, today)
}

// CloseOrder closes a shipped order whose complaints are all closed and
// whose invoice is paid in full (staff).
func (s *Store) CloseOrder(ctx context.Context, orderID int64, by Actor, sc Scope) (*Order, error) {
	if err := staffOnly(by, sc); err != nil {
		return nil, err
	}
	var out *Order
	err := s.readCommittedTx(ctx, func(tx *gorm.DB) error {
		o, err := s.getOrderTx(tx, orderID, sc, true)
		if err != nil {
			return err
		}
		to, err := orderStep(o.Status, OrderClose)
		if err != nil {
			return err
		}
		var open int64
		if err := tx.Model(&Complaint{}).Where("order_id = ? AND status <> ?", o.ID, ComplaintClosed).Count(&open).Error; err != nil {
			return err
		}
		if open > 0 {
			return Conflict("order_aftersales_open", "complaints", open)
		}
		inv, err := invoiceOf(tx, o.ID, nil)
		if err != nil {
			return err
		}
		if inv == nil {
			return Conflict("order_not_paid", "balance", "")
		}
		paid, _, err := paidOf(tx, o.ID)
		if err != nil {
			return err
		}
		if bal := inv.AmountE2 - paid; bal > 0 {
			return Conflict("order_not_paid", "balance", FormatMoney(bal))
		}
		now := s.clock.Now()
		o.Status, o.ClosedAt, o.UpdatedAt = to, &now, now
		if err := tx.Model(o).Select("status", "closed_at", "updated_at").Updates(o).Error; err != nil {
			return fmt.Errorf("close order %d: %w", o.ID, err)
		}
		if err := addActivity(tx, now, o.ID, &by.UserID, ActOrderClosed, false, map[string]any{}); err != nil {
			return err
		}
		if err := refreshRisk(tx, o.ID, now); err != nil {
			return err
		}
		out = o
		return nil
	})
	return out, err
}

// Receivable is an invoiced order with a balance.
type Receivable struct {
	OrderID        int64
	PONumber       string
	StyleNo        string
	SupplierID     int64
	MerchandiserID int64
	Invoice        Invoice
	PaidE2         int64
	BalanceE2      int64
	Overdue        bool
	DaysOverdue    int
}

// ReceivableFilter: OverdueOnly keeps the overdue ones; MerchandiserID the
// orders of one merchandiser (nil: all).
type ReceivableFilter struct {
	Page           Page
	OverdueOnly    bool
	MerchandiserID *int64
}

// ListReceivables lists the invoiced orders with a balance above zero:
// overdue first (most days first), then by due date, then order id. The
// cursor is the position in that order (the list is the open invoices,
// never many).
func (s *Store) ListReceivables(ctx context.Context, f ReceivableFilter, by Actor, sc Scope) ([]Receivable, string, error) {
	if err := staffOnly(by, sc); err != nil {
		return nil, "", err
	}
	limit, after, err := f.Page.Normalize()
	if err != nil {
		return nil, "", err
	}
	db := s.conn(ctx)
	var rows []struct {
		Invoice
		PONumber       string
		StyleNo        string
		SupplierID     int64
		MerchandiserID int64
		TimeZone       string
		Paid           int64
	}
	q := db.Table("invoices i").Select(`i.*, o.po_number, o.style_no, o.supplier_id, o.merchandiser_id, sp.time_zone,
  COALESCE((SELECT SUM(p.amount_e2) FROM payments p WHERE p.invoice_id = i.id), 0) AS paid`).
		Joins("JOIN orders o ON o.id = i.order_id").Joins("JOIN suppliers sp ON sp.id = o.supplier_id").
		Where("i.amount_e2 > COALESCE((SELECT SUM(p.amount_e2) FROM payments p WHERE p.invoice_id = i.id), 0)")
	if f.MerchandiserID != nil {
		q = q.Where("o.merchandiser_id = ?", *f.MerchandiserID)
	}
	if err := q.Scan(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("receivables: %w", err)
	}
	now := s.clock.Now()
	out := make([]Receivable, 0, len(rows))
	for _, r := range rows {
		rc := Receivable{OrderID: r.OrderID, PONumber: r.PONumber, StyleNo: r.StyleNo, SupplierID: r.SupplierID,
			MerchandiserID: r.MerchandiserID, Invoice: r.Invoice, PaidE2: r.Paid, BalanceE2: r.AmountE2 - r.Paid}
		rc.Overdue, rc.DaysOverdue = overdueBy(r.DueDate, rc.BalanceE2, TodayIn(now, r.TimeZone))
		if f.OverdueOnly && !rc.Overdue {
			continue
		}
		out = append(out, rc)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.DaysOverdue != b.DaysOverdue {
			return a.DaysOverdue > b.DaysOverdue
		}
		if a.Invoice.DueDate != b.Invoice.DueDate {
			return a.Invoice.DueDate < b.Invoice.DueDate
		}
		return a.OrderID < b.OrderID
	})
	start := min(int(after), len(out))
	out = out[start:]
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = EncodeCursor(int64(start + limit))
	}
	return out, next, nil
}
